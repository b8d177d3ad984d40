"""Hypotheses: ``implies(h, c)`` holds where h is false whatever c is (even undefined), and
where h holds c must be defined and hold. A counterexample is a point where h certainly holds;
a point on the boundary of a strict hypothesis is not one.

Truth by hand (beside each claim); the false ones carry an mpmath oracle (``imp``: +1 where the
hypothesis fails, the conclusion's margin where it holds) and a witness.
"""

from _oracle import mp, le, ge, lt, gt, all_, div
from _oracle import exp as E, log as L, sqrt as S

from theorycheck import all_of, claim, exp, implies, log, sqrt

KIND = "hypotheses (implies)"
C = mp.mpf


def imp(holds, conclusion):
    """The margin of implies at a point: +1 where the hypothesis fails, else the conclusion's."""
    return conclusion() if holds else mp.mpf(1)


@claim(x=(-1, 2), expect="proved")
def hyp_log_tangent_from_half(x):
    # log x <= x - 1 for x > 0 (concavity); log undefined on x <= 0, which x >= 1/2 excludes
    return implies(x >= 0.5, log(x) <= x - 1)


@claim(x=(-1, 2), expect="proved")
def hyp_log_tangent_lambda(x):
    return implies(x >= 0.5, lambda: log(x) <= x - 1)


@claim(x=(-1, 1), expect="proved")
def hyp_inverse_square(x):
    # x^2 >= 1/100 gives 1/x^2 <= 100 < 101; undefined at 0 (excluded)
    return implies(x * x >= 0.01, 1 / (x * x) <= 101)


@claim(x=(-2, 3), expect="proved")
def hyp_sqrt_below(x):
    # sqrt(x^2 - 1/4) < x for x >= 1; undefined on |x| < 1/2 (excluded)
    return implies(x >= 1, sqrt(x * x - 0.25) <= x)


@claim(x=(0, 2), expect="proved")
def hyp_transcendental_boundary_true(x):
    # exp(x) >= 3 iff x >= log 3 = 1.0986... >= 1.09
    return implies(exp(x) >= 3, x >= 1.09)


@claim(x=(-1, 1), y=(-1, 1), expect="proved")
def hyp_two_parts(x, y):
    # x, y >= 1/2: log x + log y <= (x - 1) + (y - 1), and x y >= 1/4 > 1/5
    return implies(all_of(x >= 0.5, y >= 0.5), all_of(log(x) + log(y) <= x + y - 2, x * y > 0.2))


@claim(x=(-1, 2), expect="proved")
def hyp_outside_strict_boundary(x):
    # (x - 1)^2 > 0 fails only at x = 1, which x > 1 excludes: true
    return implies(x > 1, (x - 1) * (x - 1) > 0)


@claim(x=(-1, 1), expect="proved")
def hyp_tiny_true(x):
    # x > 2e-300 gives x >= 1e-300
    return implies(x > 2e-300, x >= 1e-300)


@claim(x=(-1, 2), y=(-1, 2), expect="refuted")
def hyp_violated_inside(x, y):
    # under x, y >= 1, x + y <= 3.5 fails at x = y = 2
    return implies(all_of(x >= 1, y >= 1), x + y <= 3.5)


@claim(x=(-1, 2), expect="refuted")
def hyp_violated_on_boundary(x):
    # x >= 1 admits x = 1, where (x - 1)^2 > 0 fails
    return implies(x >= 1, (x - 1) * (x - 1) > 0)


@claim(x=(0, 2), expect="refuted")
def hyp_transcendental_boundary(x):
    # exp(x) >= 3 admits x = log 3 = 1.0986... < 1.1 (and every x in [log 3, 1.1))
    return implies(exp(x) >= 3, x >= 1.1)


@claim(x=(-1, 1), expect="refuted")
def hyp_undefined_inside(x):
    # 1/(x - 1/2)^2 is undefined at x = 1/2, which x >= 0 admits
    return implies(x >= 0, 1 / ((x - 0.5) * (x - 0.5)) >= 0)


@claim(x=(-1, 1), expect="refuted")
def hyp_undefined_hypothesis(x):
    # the hypothesis log(x) >= 0 is itself undefined at x <= 0: the body is undefined there
    return implies(log(x) >= 0, x >= 1)


@claim(x=(-1, 1), expect="refuted")
def hyp_tiny_false(x):
    # x > 0 does not give x >= 1e-300: false on (0, 1e-300) only, where the hypothesis margin
    # is below 1e-300
    return implies(x > 0, x >= 1e-300)


ORACLES = {
    "hyp_violated_inside": lambda x, y: imp(x >= 1 and y >= 1, lambda: le(x + y, C("3.5"))),
    "hyp_violated_on_boundary": lambda x: imp(x >= 1, lambda: gt((x - 1)**2, 0)),
    "hyp_transcendental_boundary": lambda x: imp(E(x) >= 3, lambda: ge(x, C("1.1"))),
    "hyp_undefined_inside": lambda x: imp(x >= 0, lambda: ge(div(1, (x - C("0.5"))**2), 0)),
    "hyp_undefined_hypothesis": lambda x: imp(L(x) >= 0, lambda: ge(x, 1)),
    "hyp_tiny_false": lambda x: imp(x > 0, lambda: ge(x, C("1e-300"))),
}

WITNESSES = {
    "hyp_violated_inside": {"x": "2", "y": "2"},
    "hyp_violated_on_boundary": {"x": "1"},
    "hyp_transcendental_boundary": {"x": "1.099"},
    "hyp_undefined_inside": {"x": "0.5"},
    "hyp_undefined_hypothesis": {"x": "0"},
    "hyp_tiny_false": {"x": "5e-301"},
}

ALLOWED_UNDECIDED = {
    "hyp_outside_strict_boundary": "true, but every box touching x = 1 from above has inf m = 0 (not "
                                   "attained): interval bisection cannot show m > 0 there",
    "hyp_tiny_false": "false only on (0, 1e-300): the search may not reach it",
    "hyp_tiny_true": "true; the boxes around 2e-300 may exceed the budget",
}
