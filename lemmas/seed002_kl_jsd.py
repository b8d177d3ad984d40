"""Seed 002 (GAN equilibrium lecture), "A Useful Relationships" and the equilibrium values.

p1 = (N(a1, 1) + N(a2, 1))/2 (a Gaussian mixture) and p2 = N(b, 1), with the means a1, a2, b the
claim's variables; pb = (p1 + p2)/2 (a mixture of three). (A second component in p2 doubles the
sympy time of each proof step, past what a chain step gets within the budget of 20 s.) KL, JSD and the integrals are enclosed with
rigorous tail bounds (theorycheck.divergences); identities are proved by sympy (linearity of the
integral, simplification of the integrands).
"""

from theorycheck import all_of, calc, claim, d, log, note
from theorycheck.divergences import (Mixture, average, integrate, jsd, kl, log_ratio_tail, mass_tail, mixture_sum,
                                     sum_tails)

BOX = dict(a1=(-2, 0), a2=(0, 2), b=(-1, 1))
SOURCE = "seed 002, 'A Useful Relationships'"


def mixtures(a1, a2, b):
    p1 = Mixture([0.5, 0.5], [a1, a2], [1, 1])
    p2 = Mixture([1], [b], [1])
    return p1, p2, average(p1, p2)


@claim(**BOX, source=f"{SOURCE}, proof of KL(pb||p2) = KL(p1||p2) - 2 JSD(p1||p2)", expect="proved",
       reading="every step of the printed proof; its conclusion is KL - 2 JSD = 2 KL(pb||p2)")
def proof_as_printed(a1, a2, b):
    p1, p2, pb = mixtures(a1, a2, b)
    t1, t2, tb = log_ratio_tail(p1, p1, p2), log_ratio_tail(p1, p1, pb), log_ratio_tail(p2, p2, pb)
    return (calc(kl(p1, p2) - 2 * jsd(p1, p2))
            .eq(kl(p1, p2) - kl(p1, pb) - kl(p2, pb), "JSD = KL(p1||pb)/2 + KL(p2||pb)/2")
            .eq(integrate(lambda y: p1(y) * log(p1(y) / p2(y)) - p1(y) * log(p1(y) / pb(y))
                          - p2(y) * log(p2(y) / pb(y)), sum_tails(t1, t2, tb)),
                "KL as an integral")
            .eq(integrate(lambda y: p1(y) * log(pb(y) / p2(y)) - p2(y) * log(p2(y) / pb(y)),
                          sum_tails(log_ratio_tail(p1, pb, p2), log_ratio_tail(p2, p2, pb))),
                "log(p1/p2) - log(p1/pb) = log(pb/p2)")
            .eq(integrate(lambda y: -(p1(y) + p2(y)) * log(p2(y) / pb(y)),
                          sum_tails(log_ratio_tail(p1, p2, pb), log_ratio_tail(p2, p2, pb))),
                "log(pb/p2) = -log(p2/pb)")
            .eq(2 * integrate(lambda y: -pb(y) * log(p2(y) / pb(y)), log_ratio_tail(pb, p2, pb)),
                "p1 + p2 = 2 pb")
            .eq(2 * kl(pb, p2), "definition of KL(pb||p2)"))


@claim(**BOX, source=f"{SOURCE}, KL(pb||p2) = KL(p1||p2) - 2 JSD(p1||p2) as printed", expect="refuted",
       reading="the statement drops the factor 2 that its own proof ends with")
def statement_as_printed(a1, a2, b):
    p1, p2, pb = mixtures(a1, a2, b)
    return kl(pb, p2) == kl(p1, p2) - 2 * jsd(p1, p2)


@claim(**BOX, source=f"{SOURCE}, corrected", expect="proved",
       reading="2 KL(pb||p2) = KL(p1||p2) - 2 JSD(p1||p2), what the proof shows")
def statement_corrected(a1, a2, b):
    p1, p2, pb = mixtures(a1, a2, b)
    return 2 * kl(pb, p2) == kl(p1, p2) - 2 * jsd(p1, p2)


# -- 2 KL((p_R + p_r)/2 || p_r) = E[(1 + R(Y)) log(1 + R(Y))], Y ~ p_r, R = p_R / p_r -------------

BOX2 = dict(a1=(-2, 0), a2=(0, 2), b=(-1, 1))


def generated_and_reference(a1, a2, b):
    """p_R (generated, means a1, a2) and p_r = N(b, 1) (reference)."""
    return mixtures(a1, a2, b)[:2]


def expected_one_plus_R_log(pR, pr):
    """E_r[(1 + R) log(1 + R)] = integral p_r (1 + p_R/p_r) log(1 + p_R/p_r); its integrand is
    (p_r + p_R) log((p_r + p_R)/p_r) in absolute value, whence the tail bound."""
    both = mixture_sum(pr, pR)
    return integrate(lambda y: pr(y) * (1 + pR(y) / pr(y)) * log(1 + pR(y) / pr(y)),
                     log_ratio_tail(both, both, pr))


@claim(**BOX2, source=f"{SOURCE}, 2 KL((p_R + p_r)/2||p_r) = E[(1 + R(Y)) log(1 + R(Y))] as printed",
       expect="refuted", reading="Y ~ p_r, R = p_R/p_r: the printed identity misses -2 log 2")
def two_kl_of_average_as_printed(a1, a2, b):
    pR, pr = generated_and_reference(a1, a2, b)
    return 2 * kl(average(pR, pr), pr) == expected_one_plus_R_log(pR, pr)


@claim(pr=("0.01", 10), pR=("0.01", 10), source=f"{SOURCE}, 2 KL((p_R + p_r)/2||p_r), corrected pointwise",
       expect="proved",
       reading="the integrands at one y, pr = p_r(y), pR = p_R(y), R = pR/pr: 2 pb log(pb/p_r) = "
               "p_r (1 + R) log(1 + R) - (p_r + p_R) log 2; integrated, the last term is 2 log 2")
def two_kl_of_average_integrand_corrected(pr, pR):
    R = pR / pr
    pb = (pr + pR) / 2
    return 2 * pb * log(pb / pr) == pr * (1 + R) * log(1 + R) - (pr + pR) * log(2)


@claim(**BOX2, source=f"{SOURCE}, 2 KL((p_R + p_r)/2||p_r), corrected (the integral identity)",
       expect="proved", reading="2 KL(pb||p_r) = integral (p_r + p_R) log((p_r + p_R)/p_r) - log 2 integral (p_r + p_R)")
def two_kl_of_average_corrected(a1, a2, b):
    pR, pr = generated_and_reference(a1, a2, b)
    both = mixture_sum(pr, pR)
    return 2 * kl(average(pR, pr), pr) == (
        integrate(lambda y: both(y) * log(both(y) / pr(y)), log_ratio_tail(both, both, pr))
        - log(2) * integrate(both, mass_tail(both)))


@claim(**BOX2, source=f"{SOURCE}, 2 KL((p_R + p_r)/2||p_r), corrected (the masses)", expect="proved",
       reading="integral p_r = integral p_R = 1, so integral (p_r + p_R) = 2 and the log 2 term is 2 log 2")
def masses_of_reference_and_generated(a1, a2, b):
    pR, pr = generated_and_reference(a1, a2, b)
    return all_of(integrate(pr, mass_tail(pr)) == 1, integrate(pR, mass_tail(pR)) == 1)


# -- KL(p_R||p_r) = E[-log R(Y~)] = E[-R(Y) log R(Y)], Y~ ~ p_R, Y ~ p_r ----------------------------


@claim(**BOX2, source=f"{SOURCE}, KL(p_R||p_r) = E[-log R(Y~)] = E[-R(Y) log R(Y)] as printed",
       expect="refuted",
       reading="Y~ ~ p_R, Y ~ p_r, R = p_R/p_r: the first step has the wrong sign (E[-log R(Y~)] = "
               "-KL); the second, E[h(Y~)] = E[h(Y) R(Y)], holds")
def kl_as_expectation_as_printed(a1, a2, b):
    pR, pr = generated_and_reference(a1, a2, b)
    return (calc(kl(pR, pr))
            .eq(integrate(lambda y: pR(y) * -log(pR(y) / pr(y)), log_ratio_tail(pR, pR, pr)),
                "E[-log R(Y~)], Y~ ~ p_R")
            .eq(integrate(lambda y: pr(y) * -(pR(y) / pr(y)) * log(pR(y) / pr(y)), log_ratio_tail(pR, pR, pr)),
                "E[h(Y~)] = E[h(Y) R(Y)]"))


@claim(**BOX2, source=f"{SOURCE}, KL(p_R||p_r) as an expectation, corrected", expect="proved",
       reading="KL(p_R||p_r) = E[log R(Y~)] = E[R(Y) log R(Y)]")
def kl_as_expectation_corrected(a1, a2, b):
    pR, pr = generated_and_reference(a1, a2, b)
    return (calc(kl(pR, pr))
            .eq(integrate(lambda y: pR(y) * log(pR(y) / pr(y)), log_ratio_tail(pR, pR, pr)),
                "E[log R(Y~)], Y~ ~ p_R")
            .eq(integrate(lambda y: pr(y) * (pR(y) / pr(y)) * log(pR(y) / pr(y)), log_ratio_tail(pR, pR, pr)),
                "E[h(Y~)] = E[h(Y) R(Y)]"))


# -- the non-saturating equilibrium: R = 1, f = 1/(1 + R) = 1/2 ------------------------------------

EQ = "seed 002, 'Convergence of GANs': at R = 1 the losses are g = log 2, d = 2 log 2"


def at_equilibrium(a, s):
    """p_R = p_r = N(a, s^2) (R = 1), so the Bayes discriminator is f = 1/(1 + R) = 1/2 everywhere.
    (A single Gaussian: with two components sympy's integration of the masses takes half the
    symbolic time a claim gets.)"""
    pr = Mixture([1], [a], [s])
    return pr, pr, 1 / (1 + 1)


@claim(a=(-2, 2), s=("0.5", 2), source=EQ, expect="proved",
       reading="g = E[-log f(Y~)] with Y~ ~ p_R = p_r and f = 1/(1 + R) = 1/2")
def generator_loss_at_equilibrium(a, s):
    pR, pr, f = at_equilibrium(a, s)
    return integrate(lambda y: pR(y) * -log(f), mass_tail(pR, factor=log(2))) == log(2)


@claim(a=(-2, 2), s=("0.5", 2), source=EQ, expect="proved",
       reading="d = E[-log f(Y)] + E[-log(1 - f(Y~))] with f = 1/2")
def discriminator_loss_at_equilibrium(a, s):
    pR, pr, f = at_equilibrium(a, s)
    return (integrate(lambda y: pr(y) * -log(f), mass_tail(pr, factor=log(2)))
            + integrate(lambda y: pR(y) * -log(1 - f), mass_tail(pR, factor=log(2)))) == 2 * log(2)


# -- C(R) = E[(1 + R(Y)) log(1 + R(Y))]: strictly convex, minimum at R = 1 ---------------------------

COST = "seed 002, 'More Details on GLGD': C(R) = E[(1 + R(Y)) log(1 + R(Y))]"


def h(x):
    return (1 + x) * log(1 + x)


@claim(x=(0, 100), source=f"{COST}, h(x) = (1 + x) log(1 + x) strictly convex", expect="proved",
       reading="h''(x) = 1/(1 + x) (exact, sympy), positive for x > -1, so h is strictly convex where R lives "
               "(R = p_R/p_r >= 0); the seed's 'on x in R^N' overreaches: h is undefined for x <= -1")
def h_second_derivative(x):
    return d(d(h, "x"), "x")(x) == 1 / (1 + x)


@claim(x=(0, 100), source=f"{COST}, unique global minimum at R = 1", expect="proved",
       reading="h(x) >= h(1) + h'(1)(x - 1) = 2 log 2 + (1 + log 2)(x - 1), equality only at x = 1 (strict "
               "convexity); with E[R(Y)] = 1 (R = p_R/p_r, Y ~ p_r) taking expectations gives C(R) >= 2 log 2 = C(1)")
def cost_minimum_at_one(x):
    return h(x) >= 2 * log(2) + (1 + log(2)) * (x - 1)


# -- Newly found on a second, line-by-line reading (reports/FINDINGS.md) ---------------------------
# 'GLGD Convergence for Non-Saturating GAN' prints grad_R g(R, f*) = grad_R C(R) without the projection
# P_o that the step R <- R - alpha P_o grad_R g uses and that 'More Details on GLGD' writes on both sides.
# The smallest model that shows the difference: Y takes two values with probabilities w and 1 - w, so
# R = (r1, r2) with E[R(Y)] = w r1 + (1 - w) r2 = 1, f* = 1/(1 + R) held fixed (as in the algorithm),
# g = E[-R log f*], C = E[(1 + R) log(1 + R)]. The derivatives of g and C along a direction h differ by
# E[h(Y)]: zero exactly along the directions that keep E[R(Y)] = 1, which is what P_o projects onto.

GLGD = "seed 002, 'GLGD Convergence for Non-Saturating GAN': grad_R g(R, f*) = grad_R C(R)"
TWO_POINTS = dict(w=("0.2", "0.5"), r1=("0.5", "1.2"), s=(0, 0))


def moved(h1, h2):
    """g and C at R + s h, R in Omega_g (r2 from E[R] = 1), f* = 1/(1 + R) frozen at R (s = 0)."""
    def g(w, r1, s):
        r2 = (1 - w * r1) / (1 - w)
        return w * (r1 + s * h1(w)) * log(1 + r1) + (1 - w) * (r2 + s * h2(w)) * log(1 + r2)

    def C(w, r1, s):
        r2 = (1 - w * r1) / (1 - w)
        return (w * (1 + r1 + s * h1(w)) * log(1 + r1 + s * h1(w))
                + (1 - w) * (1 + r2 + s * h2(w)) * log(1 + r2 + s * h2(w)))

    return g, C


CONSTANT = moved(lambda w: 1, lambda w: 1)
ADMISSIBLE = moved(lambda w: 1 - w, lambda w: -w)


@claim(**TWO_POINTS, source=f"{GLGD}, as printed (no P_o)", expect="refuted",
       reading="the gradients compared along every direction: along h = 1 (which changes E[R(Y)]) the derivative of "
               "g is E[log(1 + R)] and that of C is E[log(1 + R)] + 1 (s = 0); the gradients differ by p_r")
def grad_g_equals_grad_C_along_every_direction(w, r1, s):
    g, C = CONSTANT
    zero = 0 * s  # d needs a claim value; s = 0 on this box, and 0 * s says so to sympy as well
    return d(g, "s")(w, r1, zero) == d(C, "s")(w, r1, zero)


@claim(**TWO_POINTS, source=f"{GLGD}, with P_o on both sides ('More Details on GLGD')", expect="proved",
       reading="along h = (1 - w, -w), which keeps E[R(Y)] = 1 (the directions P_o projects onto), the derivatives "
               "agree at s = 0: P_o grad_R g(R, f*) = P_o grad_R C(R)")
def grad_g_equals_grad_C_along_admissible_directions(w, r1, s):
    g, C = ADMISSIBLE
    zero = 0 * s  # d needs a claim value; s = 0 on this box, and 0 * s says so to sympy as well
    return d(g, "s")(w, r1, zero) == d(C, "s")(w, r1, zero)


typos_and_wording = note(
    "typos_and_wording", source="seed 002, typos and wording slips (no statement to check)", status="not checkable",
    why="'Wasserstein Metric': 'p_R(x) = int gamma(x, y) dx' must be p_R(y) = int gamma(x, y) dx. 'Wasserstein GAN': "
        "'d_w(R, f) = E[f(Y~_R)] - E[f(Y_R)]' must be E[f(Y~_R)] - E[f(Y)] (as printed, with Y_R = Y~_R, d_w is "
        "identically 0), and 'f in Omega_g' must be f in Omega_d^W. 'Alternating Minimization': 'y_o = max_y f(y) = "
        "min_y R(y)' must be argmax / argmin, and the point mass delta(y - y_o)/p_r(y_o) is not in Omega_g (R must be "
        "a positive function), so the argmin over Omega_g is an infimum, approached but not attained. 'GLGD': P_o "
        "keeps E[R(Y)] = 1 but not R > 0, so the step R - alpha P_o grad_R g stays in Omega_g only for alpha small "
        "enough ('This is not an issue in practice' is the seed's own caveat).")
