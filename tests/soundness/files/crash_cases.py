"""Kind 6/10: a file of issue 12's crash cases; the whole file must give a verdict per claim
(each the right one), no crash, no point outside a box. Truth as in claims_budget.py and
claims_box_edges.py (by hand, magnitudes with mpmath)."""

from theorycheck import claim, exp, log, sqrt, tanh


@claim(x=(-800, 800), expect="proved")
def exp_positive_wide(x):
    return exp(x) > 0


@claim(x=(0, 2), expect="refuted")
def log_tangent_undefined_at_0(x):
    # log 0 is undefined: x = 0 is a counterexample
    return log(x) <= x - 1


@claim(x=(0, 10**400), expect="proved")
def huge_bound(x):
    return log(1 + x) <= x


@claim(x=("1e-600", 1), expect="refuted")
def log_tiny_box(x):
    # fails for x < e^-1000 = 5.1e-435, inside the box
    return log(x) >= -1000


@claim(expect="proved")
def no_variables():
    return exp(1) > 2


@claim(x=(-1, 1), expect="refuted")
def undefined_everywhere_but_zero(x):
    # sqrt(-x^2) is defined only at x = 0
    return sqrt(-x**2) >= 0


@claim(x=(-3, 3), expect="proved")
def tanh_identity(x):
    return tanh(x) == 1 - 2 / (exp(2 * x) + 1)


# -- truth, independently of theorycheck (see tests/soundness/_oracle.py) ------------------------

from _oracle_path import oracle  # noqa: E402  (tests/soundness/_oracle.py, found from files/)

ORACLES = {
    "log_tangent_undefined_at_0": lambda x: oracle.le(oracle.log(x), x - 1),
    "log_tiny_box": lambda x: oracle.ge(oracle.log(x), -1000),
    "undefined_everywhere_but_zero": lambda x: oracle.ge(oracle.sqrt(-x**2), 0),
}
WITNESSES = {
    "log_tangent_undefined_at_0": {"x": "0"},
    "log_tiny_box": {"x": "1e-600"},
    "undefined_everywhere_but_zero": {"x": "1"},
}
