"""Seed 000 (weighted-mixture progress report), Section 5: the loss L and its partial
derivatives, equations (7) and (9)-(17), each checked as a derivative step.

Model (seed 000, eq. (1)-(6)): target alpha* N(mu*_1, 1) + (1 - alpha*) N(mu*_2, 1), generator
alpha^ N(mu^_1, 1) + (1 - alpha^) N(mu^_2, 1), discriminator [l1, r1] u [l2, r2],
L = 1 + integral over I of F, F = target density - generator density.
The target is fixed below (alpha* = 0.3, mu* = (-0.5, 0.5)); the generator and the
discriminator are the claim's variables.
"""

from theorycheck import Phi, claim, d, exact, integral, npdf, pi, sqrt

# alpha* = 3/10 exactly (a float 0.3 outside a claim body is its binary double); -1/2, 1/2 are exact
ALPHA_STAR, MU1_STAR, MU2_STAR = exact("0.3"), -0.5, 0.5

BOX = dict(a=("0.05", "0.95"), m1=(-2, 2), m2=(-2, 2), l1=(-3, -1), r1=(-1, 0), l2=(0, 1), r2=(1, 3))


def F(x, a, m1, m2):
    """Seed eq. (2): target density minus generator density at x."""
    target = ALPHA_STAR * npdf(x - MU1_STAR) + (1 - ALPHA_STAR) * npdf(x - MU2_STAR)
    return target - (a * npdf(x - m1) + (1 - a) * npdf(x - m2))


def mass(w, m, lo, hi):
    return w * (Phi(hi - m) - Phi(lo - m))


def L(a, m1, m2, l1, r1, l2, r2):
    """Seed eq. (3)-(5) in closed form: 1 + (target mass - generator mass) on I."""
    total = 1
    for lo, hi in ((l1, r1), (l2, r2)):
        total = total + mass(ALPHA_STAR, MU1_STAR, lo, hi) + mass(1 - ALPHA_STAR, MU2_STAR, lo, hi)
        total = total - mass(a, m1, lo, hi) - mass(1 - a, m2, lo, hi)
    return total


SOURCE = "seed 000, Section 5"


@claim(**BOX, source=f"{SOURCE}, eq. (7) as printed", expect="refuted",
       reading="(7) multiplies by 1/sqrt(2 pi) although F of eq. (2) already contains it")
def eq7_as_printed(a, m1, m2, l1, r1, l2, r2):
    inner = integral(lambda x: F(x, a, m1, m2), l1, r1) + integral(lambda x: F(x, a, m1, m2), l2, r2)
    return L(a, m1, m2, l1, r1, l2, r2) == inner / sqrt(2 * pi) + 1


@claim(**BOX, source=f"{SOURCE}, eq. (7) corrected", expect="proved",
       reading="without the extra 1/sqrt(2 pi)")
def eq7_corrected(a, m1, m2, l1, r1, l2, r2):
    inner = integral(lambda x: F(x, a, m1, m2), l1, r1) + integral(lambda x: F(x, a, m1, m2), l2, r2)
    return L(a, m1, m2, l1, r1, l2, r2) == inner + 1


@claim(**BOX, source=f"{SOURCE}, eq. (9)-(10)", expect="proved")
def eq10_dL_dl1_is_minus_F_at_l1(a, m1, m2, l1, r1, l2, r2):
    return d(L, "l1")(a, m1, m2, l1, r1, l2, r2) == -F(l1, a, m1, m2)


@claim(**BOX, source=f"{SOURCE}, eq. (12)-(13)", expect="proved")
def eq13_dL_dr2_is_F_at_r2(a, m1, m2, l1, r1, l2, r2):
    return d(L, "r2")(a, m1, m2, l1, r1, l2, r2) == F(r2, a, m1, m2)


@claim(**BOX, source=f"{SOURCE}, eq. (15)", expect="proved",
       reading="dL/dmu^_1 = alpha^_1 sum_i (npdf(r_i - mu^_1) - npdf(l_i - mu^_1))")
def eq15_dL_dmu1(a, m1, m2, l1, r1, l2, r2):
    expected = a * (npdf(r1 - m1) - npdf(l1 - m1) + npdf(r2 - m1) - npdf(l2 - m1))
    return d(L, "m1")(a, m1, m2, l1, r1, l2, r2) == expected


@claim(**BOX, source=f"{SOURCE}, eq. (17)", expect="refuted",
       reading="alpha^_2 = 1 - alpha^_1 (the model of eq. (1)): (17) forgets the second component")
def eq17_with_tied_weights(a, m1, m2, l1, r1, l2, r2):
    expected = -(integral(lambda x: npdf(x - m1), l1, r1) + integral(lambda x: npdf(x - m1), l2, r2))
    return d(L, "a")(a, m1, m2, l1, r1, l2, r2) == expected


@claim(**BOX, source=f"{SOURCE}, eq. (17) corrected for tied weights", expect="proved",
       reading="alpha^_2 = 1 - alpha^_1: dL/dalpha^ = generator mass of component 2 minus component 1 on I")
def eq17_with_tied_weights_corrected(a, m1, m2, l1, r1, l2, r2):
    first = integral(lambda x: npdf(x - m1), l1, r1) + integral(lambda x: npdf(x - m1), l2, r2)
    second = integral(lambda x: npdf(x - m2), l1, r1) + integral(lambda x: npdf(x - m2), l2, r2)
    return d(L, "a")(a, m1, m2, l1, r1, l2, r2) == second - first


def L_free_weights(a1, a2, m1, m2, l1, r1, l2, r2):
    total = 1
    for lo, hi in ((l1, r1), (l2, r2)):
        total = total + mass(ALPHA_STAR, MU1_STAR, lo, hi) + mass(1 - ALPHA_STAR, MU2_STAR, lo, hi)
        total = total - mass(a1, m1, lo, hi) - mass(a2, m2, lo, hi)
    return total


@claim(a1=("0.05", "0.95"), a2=("0.05", "0.95"), m1=(-2, 2), m2=(-2, 2), l1=(-3, -1), r1=(-1, 0),
       l2=(0, 1), r2=(1, 3), source=f"{SOURCE}, eq. (17)", expect="proved",
       reading="alpha^_1 and alpha^_2 free (not tied to sum to 1): (17) holds as printed")
def eq17_with_free_weights(a1, a2, m1, m2, l1, r1, l2, r2):
    expected = -(integral(lambda x: npdf(x - m1), l1, r1) + integral(lambda x: npdf(x - m1), l2, r2))
    return d(L_free_weights, "a1")(a1, a2, m1, m2, l1, r1, l2, r2) == expected


# -- Newly found on a second, line-by-line reading (reports/FINDINGS.md) ---------------------------
# Sections 2-3 say the optimal-discriminator dynamics with known alpha 'always converge independent of
# the value alpha', with alpha in [0, 1] (Section 3.1) and alpha in Linspace(0, 1, 10) (Figure 2), a grid
# whose ends are 0 and 1. At alpha = 0 the generator's first mean has weight 0: by eq. (15) its
# derivative is 0 for every discriminator, so it never moves (alpha = 1: the second mean, by symmetry).


def L_weightless_first_mean(m1, m2, l1, r1, l2, r2):
    """Eq. (3)-(5) with known alpha = 0 (target and generator), mu* = (-1/2, 1/2) as in Figure 2."""
    total = 1
    for lo, hi in ((l1, r1), (l2, r2)):
        total = total + mass(0, MU1_STAR, lo, hi) + mass(1, MU2_STAR, lo, hi)
        total = total - mass(0, m1, lo, hi) - mass(1, m2, lo, hi)
    return total


@claim(m1=(-2, 2), m2=(-2, 2), l1=(-3, -1), r1=(-1, 0), l2=(0, 1), r2=(1, 3),
       source="seed 000, Sections 2-3: 'always converges independent of the value alpha', alpha in [0, 1], "
              "Figure 2's alpha in Linspace(0, 1, 10)", expect="proved",
       reading="known alpha = 0 (an end of the grid): dL/dmu^_1 = 0 for every discriminator, so mu^_1 stays at its "
               "start and reaches mu*_1 only if it starts within delta; the statement needs 0 < alpha < 1")
def weightless_mean_never_moves(m1, m2, l1, r1, l2, r2):
    return d(L_weightless_first_mean, "m1")(m1, m2, l1, r1, l2, r2) == 0
