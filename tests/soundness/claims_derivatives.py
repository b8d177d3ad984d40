"""Kind 2: d() of functions that close over claim variables or nest (perturbation confusion,
Siskind & Pearlmutter 2005), loop and factory closures, higher derivatives, points where the
derivative does not exist.

Truth: each derivative computed by hand (calculus), the false claims differ from it by an
explicit term (the oracle).
"""

from _oracle import mp, neq0, eq, le, ge, lt, gt, div, all_
from _oracle import exp as E, sqrt as S, npdf as NPDF

from theorycheck import Phi, claim, d, erf, exp, log, npdf, pi, sqrt

KIND = "2 derivatives"
C = mp.mpf


@claim(y=("1/4", "1/2"), x=("1/2", "3/4"), expect="proved")
def d_closure_over_claim_var(y, x):
    # d/dt (t y) = y; y is a constant of the inner function
    return d(lambda t: t * y, "t")(x) == y


@claim(y=("1/4", "1/2"), x=("1/2", "3/4"), expect="refuted")
def d_closure_confused_with_sum(y, x):
    # issue 12's confused value x + y; the truth y differs by x >= 1/2
    return d(lambda t: t * y, "t")(x) == x + y


@claim(x=("1/2", 1), expect="proved")
def d_nested_perturbation_confusion(x):
    # d/du [u * d/dv (u + v)] = d/du [u * 1] = 1 (the confused answer is 2)
    return d(lambda u: u * d(lambda v: u + v, "v")(u), "u")(x) == 1


@claim(x=("1/2", 1), expect="refuted")
def d_nested_confused_answer(x):
    # the true value is 1, so == 2 is false everywhere
    return d(lambda u: u * d(lambda v: u + v, "v")(u), "u")(x) == 2


@claim(x=("1/2", 1), expect="proved")
def d_nested_closure_product(x):
    # inner: d/dv (u v) = u (at any v); outer: d/du (u * u) = 2u
    return d(lambda u: u * d(lambda v: u * v, "v")(x), "u")(x) == 2 * x


@claim(x=("1/2", "3/4"), y=("1/4", "1/2"), expect="proved")
def d_exp_closure(x, y):
    # d/dt exp(t y) = y exp(t y)
    return d(lambda t: exp(t * y), "t")(x) == y * exp(x * y)


@claim(x=("1/2", "3/4"), y=("1/4", "1/2"), expect="refuted")
def d_exp_closure_wrong_factor(x, y):
    # x exp(xy) vs the truth y exp(xy): equal only at the corner x = y = 1/2
    return d(lambda t: exp(t * y), "t")(x) == x * exp(x * y)


def _scale(k):
    return lambda t: k * t


@claim(x=(0, 1), expect="proved")
def d_factory_closures_sum(x):
    # d/dt (k t) = k, for k = 1, 2, 3 (each function binds its own k): sum 6
    fs = [_scale(k) for k in (1, 2, 3)]
    return d(fs[0], "t")(x) + d(fs[1], "t")(x) + d(fs[2], "t")(x) == 6


@claim(x=(0, 1), expect="refuted")
def d_factory_closures_sum_off(x):
    fs = [_scale(k) for k in (1, 2, 3)]
    return d(fs[0], "t")(x) + d(fs[1], "t")(x) + d(fs[2], "t")(x) == 6 + 1e-12


@claim(x=(0, 1), expect="proved")
def d_loop_lambdas_late_binding(x):
    # Python closures bind late: every lambda sees the loop's last k = 3, so each derivative is 3
    fs = [lambda t: k * t for k in (1, 2, 3)]
    return d(fs[0], "t")(x) == 3


@claim(x=(-2, 2), expect="proved")
def d_second_derivative_cubic(x):
    return d(d(lambda t: t**3, "t"), "t")(x) == 6 * x


@claim(x=(-2, 2), expect="refuted")
def d_second_derivative_cubic_off(x):
    return d(d(lambda t: t**3, "t"), "t")(x) == 6 * x + 1e-13


@claim(x=("1/2", 3), expect="proved")
def d_log_is_reciprocal(x):
    return d(lambda t: log(t), "t")(x) == 1 / x


@claim(x=(-3, 3), expect="proved")
def d_npdf(x):
    return d(lambda t: npdf(t), "t")(x) == -x * npdf(x)


@claim(x=(-3, 3), expect="refuted")
def d_phi_sign_slip(x):
    # d Phi = npdf > 0, never -npdf
    return d(lambda t: Phi(t), "t")(x) == -npdf(x)


@claim(x=(-2, 2), expect="proved")
def d_erf_at_most_its_peak(x):
    # erf' = 2/sqrt(pi) exp(-x^2) <= 2/sqrt(pi), equality at x = 0
    return d(lambda t: erf(t), "t")(x) <= 2 / sqrt(pi)


@claim(x=(-2, 2), expect="refuted")
def d_erf_strictly_below_its_peak(x):
    # fails at x = 0 (equality)
    return d(lambda t: erf(t), "t")(x) < 2 / sqrt(pi)


@claim(x=(0, 1), expect="refuted")
def d_sqrt_undefined_at_zero(x):
    # d/dt sqrt(t) = 1/(2 sqrt t) does not exist at t = 0 (sqrt is not differentiable there)
    return d(lambda t: sqrt(t), "t")(x) >= 0


@claim(x=("1e-6", 1), expect="proved")
def d_sqrt_positive_away_from_zero(x):
    return d(lambda t: sqrt(t), "t")(x) > 0


@claim(x=(-1, 1), y=(-1, 1), expect="proved")
def d_partial_of_product(x, y):
    return d(lambda a, b: a * b, "b")(x, y) == x


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def d_partial_wrong_variable(x, y):
    # d/db (a b) = a = x, not y: equal only on the diagonal
    return d(lambda a, b: a * b, "b")(x, y) == y


@claim(x=(-1, 1), y=(0, 2), z=(1, 2), expect="proved")
def d_three_vars_mixed_second(x, y, z):
    # d/dy d/dx (x y^2 z) = d/dy (y^2 z) = 2 y z
    f = lambda a, b, c: a * b**2 * c  # noqa: E731
    return d(d(f, "a"), "b")(x, y, z) == 2 * y * z


@claim(x=(-1, 1), y=(0, 2), z=(1, 2), expect="refuted")
def d_three_vars_mixed_second_off(x, y, z):
    f = lambda a, b, c: a * b**2 * c  # noqa: E731
    return d(d(f, "a"), "b")(x, y, z) <= 2 * y * z - 1e-9


ORACLES = {
    "d_closure_confused_with_sum": lambda y, x: neq0(x),
    "d_nested_confused_answer": lambda x: neq0(C(1)),
    "d_exp_closure_wrong_factor": lambda x, y: neq0((x - y) * E(x * y)),
    "d_factory_closures_sum_off": lambda x: neq0(C("1e-12")),
    "d_second_derivative_cubic_off": lambda x: neq0(C("1e-13")),
    "d_phi_sign_slip": lambda x: neq0(2 * NPDF(x)),
    "d_erf_strictly_below_its_peak": lambda x: lt(2 / mp.sqrt(mp.pi) * E(-x**2), 2 / mp.sqrt(mp.pi)),
    "d_sqrt_undefined_at_zero": lambda x: ge(div(1, 2 * S(x)), 0),
    "d_partial_wrong_variable": lambda x, y: neq0(x - y),
    "d_three_vars_mixed_second_off": lambda x, y, z: le(2 * y * z, 2 * y * z - C("1e-9")),
}

WITNESSES = {
    "d_closure_confused_with_sum": {"y": "1/4", "x": "1/2"},
    "d_nested_confused_answer": {"x": "1"},
    "d_exp_closure_wrong_factor": {"x": "3/4", "y": "1/4"},
    "d_factory_closures_sum_off": {"x": "0"},
    "d_second_derivative_cubic_off": {"x": "0"},
    "d_phi_sign_slip": {"x": "0"},
    "d_erf_strictly_below_its_peak": {"x": "0"},
    "d_sqrt_undefined_at_zero": {"x": "0"},
    "d_partial_wrong_variable": {"x": "1", "y": "-1"},
    "d_three_vars_mixed_second_off": {"x": "0", "y": "1", "z": "1"},
}

ALLOWED_UNDECIDED = {}
