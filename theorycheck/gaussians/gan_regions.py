"""Lemma 4.3 of Li et al. (2018) over its whole region, in three variables (lemmas/li2018_lemma43_proved.py).

    from theorycheck.gaussians.gan_regions import lemma43_body, reduced, lemma43_cells

The statement (reports/MODEL.md), for one cell (C, delta), gamma = delta, alpha = 1/2: for all
mu, mu* in B(C) = [-C, C]^2 with mu*_1 <= mu*_2, mu*_2 - mu*_1 >= gamma (Sep(gamma), closed),
mu_1 <= mu_2, mu_2 - mu_1 >= delta (Sep(delta), closed), and mu outside the excluded region,

    R1: |mu_i - mu*_j| >= delta for all i, j           (mu outside Rect(delta))
    R2: |mu_i - mu*_i| >= delta for some i             (mu outside opt(delta))

||grad f(mu)|| >= K, f = TV(G_mu, G_mu*) and grad in mu.

Reduction 1, translation. Moving all four means by the same c moves both densities by c, so
f(mu + c, mu* + c) = f(mu, mu*) for every c, and, differentiating in mu, grad f(mu + c; mu* + c) =
grad f(mu; mu*) wherever it exists. Take c = -mu*_1: the configuration becomes mu* = (0, D),
mu = (t, t + d) with

    D = mu*_2 - mu*_1,  t = mu_1 - mu*_1,  d = mu_2 - mu_1                        (:func:`reduced`)

and the hypotheses, which depend on differences only, read D >= gamma, d >= delta, and R1: |t|,
|t - D|, |t + d|, |t + d - D| >= delta; R2: |t| >= delta or |t + d - D| >= delta. B(C) is not
translation invariant: what survives is that the four means lie in an interval of length 2C, the
spread max(D, t + d) - min(0, t) <= 2C (every configuration of B(C) has it; conversely a
configuration of spread <= 2C has a translate in B(C), so nothing is added either). The spread
bounds the variables: D, d in [gamma or delta, 2C] and t in [-2C, 2C].

Reduction 2, the sign of t. Both readings need |t| >= delta for R1 (it is one of its four
conditions); for R2 the reflection x -> -x makes it so. It maps N(m, 1) to N(-m, 1), so both
mixtures are reflected, TV is unchanged, and, reordering the means, f(mu; mu*) =
f((-mu_2, -mu_1); (-mu*_2, -mu*_1)): grad f(mu) = (-g_2, -g_1) at the reflected point, of the same
norm. In the reduced variables (reflect, then translate by D) it is (D, t, d) -> (D, D - t - d, d):
the gap |t + d - D| of the second pair becomes the gap |t'| of the first, D, d and the spread are
unchanged. So a point of R2 with |t| < delta has |t + d - D| >= delta, and its reflection has
|t'| >= delta: proving the bound where |t| >= delta proves it on all of R2. The claims therefore
take r = |t| in [delta, 2C] and check both signs t = r and t = -r (two parts of one claim); neither
part holds a point with mu = mu* (that needs t = 0), so grad f is defined on every box of them.

The body (:func:`lemma43_body`): for each sign, max(violations / 1024..., g1^2 + g2^2 - K^2) > 0,
where the violations are spread - 2C and, for R1, delta - |t - D|, delta - |t + d|,
delta - |t + d - D|: each is <= 0 exactly where its hypothesis holds (the factor 1/1024 > 0 keeps
every sign), so the part holds at a point iff some hypothesis fails there (strictly) or
g1^2 + g2^2 > K^2 (the squared norm: no sqrt at 0). On the closed region every violation is <= 0,
so the claim gives ||grad f|| > K there. grad f is defined on every box (t != 0), so the max never
meets an undefined conclusion and needs no guard (implies).
"""

from __future__ import annotations

from fractions import Fraction

from ..expr import all_of, max as _max, min as _min
from .gan import grad_f, grad_f_difference

__all__ = ["K_CELL", "K_HI", "reduced", "unreduced", "reflected", "lemma43_body", "lemma43_ranges", "lemma43_spread",
           "lemma43_spread_diff",
           "spread_point", "spread_ranges"]

# (C, delta) -> K_hi: the experiment li-lemma43's certified upper bounds of the infimum (R1 + Sep and
# R2 + Sep agree), the enclosure's upper end rounded up to 6 digits (reports/experiments/li-lemma43.md)
K_HI = {("1", "0.2"): "0.0338707", ("1", "0.1"): "0.0169763", ("1.5", "0.2"): "0.0295035",
        ("1.5", "0.1"): "0.0148414", ("2", "0.2"): "0.0167579", ("2", "0.1"): "0.00847877"}
# the constants fixed in advance, shared with Lemma 4.4 and Theorem 3.1: K_hi / 2 rounded down to 3 digits
K_CELL = {("1", "0.2"): "0.0169", ("1", "0.1"): "0.00848", ("1.5", "0.2"): "0.0147",
          ("1.5", "0.1"): "0.00742", ("2", "0.2"): "0.00837", ("2", "0.1"): "0.00423"}


def reduced(mu, mu_star):
    """(D, t, d) of a configuration: its translate by -mu*_1 is mu* = (0, D), mu = (t, t + d)."""
    return mu_star[1] - mu_star[0], mu[0] - mu_star[0], mu[1] - mu[0]


def unreduced(D, t, d):
    """The configuration (mu, mu*) = ((t, t + d), (0, D)) of reduced variables."""
    return (t, t + d), (0, D)


def reflected(D, t, d):
    """The reduced variables of the reflection x -> -x of (D, t, d), translated back to mu*_1 = 0:
    (D, D - t - d, d). grad f there is (-g_2, -g_1) of grad f at (D, t, d) (module docstring)."""
    return D, D - t - d, d


def lemma43_ranges(C, delta, gamma=None):
    """The claim's box: D in [gamma, 2C], r = |t| in [delta, 2C], d in [delta, 2C] (exact strings
    or numbers as given: pass decimal strings to keep them exact)."""
    gamma = delta if gamma is None else gamma
    two_c = str(2 * Fraction(C))
    return {"D": (gamma, two_c), "r": (delta, two_c), "d": (delta, two_c)}


def _part(D, t, d, C, delta, K, reading):
    g1, g2 = grad_f((t, t + d), (0, D))
    violations = [_max(D, t + d) - _min(0, t) - 2 * C]  # the spread beyond 2C
    if reading == "R1":
        violations += [delta - abs(t - D), delta - abs(t + d), delta - abs(t + d - D)]
    elif reading != "R2":
        raise ValueError(f"reading is R1 or R2, got {reading!r}")
    # each violation enters scaled by 1/1024: the same sign, so the same statement, but a box on the
    # boundary of a hypothesis (where the minimum sits: the spread is 2C there) keeps a small
    # derivative of max(...) in the prover's mean-value form (the hull of both sides' derivatives)
    return _max(*[v / 1024 for v in violations], g1 * g1 + g2 * g2 - K * K) > 0


def lemma43_body(D, r, d, C, delta, K, reading):
    """Both signs of t = +-r (module docstring): where the hypotheses hold, ||grad f|| > K. C, delta
    and K are claim literals or exact numbers."""
    return all_of(_part(D, r, d, C, delta, K, reading), _part(D, -r, d, C, delta, K, reading))


def spread_ranges(C, delta, gamma=None, sign=1):
    """The box of :func:`lemma43_spread`'s variables (exact strings): for sign +1, D in [gamma, 2C],
    r in [delta, 2C - delta], s in [0, 1]; for sign -1, D in [gamma, 2C - delta], d in [delta, 2C],
    s in [0, 1]."""
    gamma = delta if gamma is None else gamma
    two_c, top = str(2 * Fraction(C)), str(2 * Fraction(C) - Fraction(delta))
    if sign == 1:
        return {"D": (gamma, two_c), "r": (delta, top), "s": ("0", "1")}
    if sign == -1:
        return {"D": (gamma, top), "d": (delta, two_c), "s": ("0", "1")}
    raise ValueError(f"sign is 1 or -1, got {sign!r}")


def spread_point(D, u, s, C, delta, sign):
    """The reduced configuration (D, t, d) of the variables (D, u, s) of :func:`lemma43_spread`
    (u = r for sign +1, u = d for sign -1); works on exact numbers and on claim values alike.

    Sign +1 (t = r >= delta): the spread is max(D, r + d) <= 2C, i.e. D <= 2C and d <= 2C - r, so
    the configurations are exactly D in [gamma, 2C], r in [delta, 2C - delta] and d in
    [delta, 2C - r], and d = delta + s (2C - delta - r) with s in [0, 1] runs over that interval
    (onto it: s = (d - delta) / (2C - delta - r), any s where the interval is the point delta).
    Sign -1 (t = -r, r >= delta): the spread is max(D, d - r) + r = max(D + r, d) <= 2C, i.e.
    r <= 2C - D and d <= 2C: D in [gamma, 2C - delta], d in [delta, 2C] and r = delta +
    s (2C - delta - D)."""
    if sign == 1:
        r = u
        return D, r, delta + s * (2 * C - delta - r)
    if sign == -1:
        r = delta + s * (2 * C - delta - D)
        return D, -r, u
    raise ValueError(f"sign is 1 or -1, got {sign!r}")


def lemma43_spread(D, u, s, C, delta, K, sign):
    """One sign of t for reading R2 with B(C) built into the variables (:func:`spread_point`): every
    point of the box is a configuration of the cell and every configuration of the cell (with that
    sign of mu_1 - mu*_1) is a point of the box, so the body is the bare inequality
    ||grad f||^2 > K^2: no hypothesis, no max, smooth wherever grad f is (t != 0 always), and the
    cell's infimum (D = 2C, d = delta) lies on faces of the box (D at its top, s = 0), where the
    prover's monotone reductions and mean-value forms apply, instead of on the boundary of a
    hypothesis."""
    D, t, d = spread_point(D, u, s, C, delta, sign)
    g1, g2 = grad_f((t, t + d), (0, D))
    return g1 * g1 + g2 * g2 > K * K


def lemma43_spread_diff(D, u, s, C, delta, K, sign):
    """:func:`lemma43_spread` with a second sufficient condition beside ||grad f||^2 > K^2:

        max((g_1 - g_2)^2 / 2 - K^2, g_1^2 + g_2^2 - K^2) > 0.

    Either margin positive gives ||grad f|| > K, since (g_1 - g_2)^2 <= 2 (g_1^2 + g_2^2)
    (Cauchy-Schwarz; equality where g_1 = -g_2), so the max is positive exactly where the claim
    of :func:`lemma43_spread` is proved by one of the two. Why: the infimum of the cell lies along
    a whole valley, the configurations symmetric in the target (t = D - t - d, the fixed points of
    the reflection of the module docstring, where g_1 = -g_2) with d = delta, where ||grad f|| is
    about K_hi for every D; there the zeros of F move fast with the parameters and so do g_1 and
    g_2 (about 7 times the box width), while g_1 - g_2 (the derivative of spreading the generator)
    barely moves, and gan.grad_f_difference encloses it as one integral: boxes about 3 times wider
    decide the valley (tests/test_gan_lemma43.py)."""
    D, t, d = spread_point(D, u, s, C, delta, sign)
    mu, mu_star = (t, t + d), (0, D)
    g1, g2 = grad_f(mu, mu_star)
    u12 = grad_f_difference(mu, mu_star)
    return _max(u12 * u12 / 2 - K * K, g1 * g1 + g2 * g2 - K * K) > 0


def lemma43_one_sign(D, t, d, C, delta, K, reading):
    """One sign of t only (t = r or t = -r with r >= delta): the part of :func:`lemma43_body` for the
    configurations with mu_1 on one side of mu*_1, as a claim of its own."""
    return _part(D, t, d, C, delta, K, reading)
