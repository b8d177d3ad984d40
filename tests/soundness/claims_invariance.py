"""Invented kinds: claims whose margin is constant along a direction (the sides depend on
x - y only, or x + y), which the prover reduces to one variable fewer
(theorycheck/invariance.py), and claims made to fool that reduction if one of its premises
were not checked.

Truth: by hand. npdf(d) <= npdf(0) = 1/sqrt(2 pi) with equality at d = 0 only;
2 Phi(d/2) - 1 <= d/2 for d >= 0 (the derivative npdf(d/2) <= 1/sqrt(2 pi) < 1, equality at 0);
exp(u) + exp(-u) >= 2 (AM-GM, equality at u = 0). The fooling claims are false at the
witnesses given below (oracles at 80 digits).
"""

from _oracle import mp, lt, ge, le, exp as E, npdf as N, Phi as P, pi as PI, sqrt as S

from theorycheck import Phi, claim, exp, max, npdf, pi, sqrt

KIND = "invented: translation invariance (the dimension reduction and its premises)"
C = mp.mpf


@claim(x=(-3, 3), mu=(-3, 3), expect="proved")
def gaussian_density_at_most_its_peak(x, mu):
    # equality on the whole diagonal x = mu: no box around it is decided by an enclosure
    return npdf(x - mu) <= 1 / sqrt(2 * pi)


@claim(a=(-3, 3), b=(-3, 3), expect="proved")
def phi_of_half_distance(a, b):
    # equality on the diagonal a = b, where |a - b| has a kink
    return 2 * Phi(abs(a - b) / 2) - 1 <= abs(a - b) / 2


@claim(a=(-2, 2), b=(-2, 2), c=(-2, 2), expect="proved")
def three_variables_one_direction(a, b, c):
    # constant along (1, 1, 1); equality on the line a = b = c
    return exp(-(a - b) ** 2 - (b - c) ** 2) <= 1


@claim(x=(-2, 2), y=(-2, 2), expect="proved")
def along_the_anti_diagonal(x, y):
    # constant along (1, -1); equality on x + y = 0
    return exp(x + y) + exp(-x - y) >= 2


@claim(x=(-3, 3), mu=(-3, 3), expect="refuted")
def peak_plus_a_tiny_drift(x, mu):
    # constant along (1, 1) to 12 digits, not exactly: false at x = mu = 3 by 3e-12
    return npdf(x - mu) + 1e-12 * x <= 1 / sqrt(2 * pi)


@claim(x=(-3, 3), mu=(-3, 3), expect="refuted")
def peak_strictly(x, mu):
    # the reduced claim fails at its touching point; so does the claim, on the whole diagonal
    return npdf(x - mu) < 1 / sqrt(2 * pi)


@claim(a=(0.25, 1.25), b=(0.25, 1.25), expect="refuted")
def constant_along_the_diagonal_only_inside_the_box(a, b):
    # on the box (b <= 5/4) the margin is a - b + 0.6: constant along (1, 1), false at (1/4, 5/4).
    # Carried to a = 3/4 the points are (3/4, b - a + 3/4), up to b = 7/4 outside the box, where
    # the max term keeps the margin >= 0.05: a reduction that checked constancy on the box only,
    # not on the hull of the box and the reduced box, would prove this false claim
    return a - b + 0.6 + 10 * max(0, b - 1.3) >= 0


ORACLES = {
    "peak_plus_a_tiny_drift": lambda x, mu: le(N(x - mu) + C("1e-12") * x, 1 / S(2 * PI())),
    "peak_strictly": lambda x, mu: lt(N(x - mu), 1 / S(2 * PI())),
    "constant_along_the_diagonal_only_inside_the_box": lambda a, b: ge(a - b + C("0.6") + 10 * (b - C("1.3") if b > C("1.3") else 0), 0),
}

WITNESSES = {
    "peak_plus_a_tiny_drift": {"x": "3", "mu": "3"},
    "peak_strictly": {"x": "0", "mu": "0"},
    "constant_along_the_diagonal_only_inside_the_box": {"a": "0.25", "b": "1.25"},
}
