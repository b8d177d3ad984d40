"""Kind 6: crashes and ignored budgets. Wide boxes, values beyond float range, bounds beyond
float range, expensive identities: each claim must get its verdict (or an honest undecided)
within the budget, and nothing may escape as an exception.

Truth: by hand, the magnitudes checked with mpmath at 30 digits (quoted).
"""

from _oracle import mp, neq0, eq, le, ge, lt, gt, all_
from _oracle import exp as E, log as L

from theorycheck import all_of, claim, erf, exp, log, sqrt, tanh

KIND = "6 budget and crashes"
C = mp.mpf


@claim(x=(-800, 800), expect="proved")
def exp_positive_on_wide_box(x):
    return exp(x) > 0


@claim(x=(0, 2), expect="refuted")
def log_tangent_from_zero(x):
    # log(0) is undefined: x = 0 is a counterexample (elsewhere log x <= x - 1 holds)
    return log(x) <= x - 1


@claim(x=("1e-300", 2), expect="proved")
def log_tangent_from_tiny(x):
    # touches at x = 1
    return log(x) <= x - 1


@claim(x=(-3, 3), expect="proved")
def tanh_through_exp(x):
    # tanh x = (e^2x - 1)/(e^2x + 1) = 1 - 2/(e^2x + 1)
    return tanh(x) == 1 - 2 / (exp(2 * x) + 1)


@claim(x=(-3, 3), expect="refuted")
def tanh_through_exp_off_by_1e_14(x):
    return tanh(x) == 1 - 2 / (exp(2 * x) + 1) + 1e-14


@claim(x=(-1e6, 1e6), expect="proved")
def exp_above_x_on_huge_box(x):
    # exp(x) - x >= 1 everywhere
    return exp(x) >= x


@claim(x=(0, 1000), expect="refuted")
def exp_below_1e400(x):
    # exp(1000) = 1.97e434 > 1e400; fails for x > 921.03
    return exp(x) <= 1e400


@claim(x=(1, 10**400), expect="proved")
def log_below_1000_to_10_400(x):
    # log(10^400) = 921.03 <= 1000
    return log(x) <= 1000


@claim(x=(0, 2), expect="refuted")
def power_1100_beyond_float_range(x):
    # 2^1100 = 1.36e331 > 1e331 (floats overflow both sides to inf)
    return x**1100 <= 1e331


@claim(x=(0, 2), expect="proved")
def power_1100_below(x):
    # 2^1100 = 1.3582e331 <= 1.4e331
    return x**1100 <= 1.4e331


@claim(x=(0, 10), expect="proved")
def exp_of_exp_positive(x):
    # exp(exp(10)) = e^22026 is far beyond float range, and positive
    return exp(exp(x)) > 0


@claim(x=(0, 10), expect="refuted")
def exp_of_exp_below_1e9000(x):
    # exp(exp(10)) = 10^9565.9 > 10^9000
    return exp(exp(x)) <= 1e9000


@claim(x=(-2, 2), expect="proved")
def eight_parts_all_true(x):
    return all_of(exp(x) > 0, x**2 >= 0, erf(x) <= 1, erf(x) >= -1, tanh(x) < 1, tanh(x) > -1,
                  exp(x) >= 1 + x, sqrt(x**2 + 1) >= 1)


@claim(x=(-2, 2), expect="refuted")
def eight_parts_last_false_at_0(x):
    # sqrt(x^2 + 1) > 1 fails at x = 0
    return all_of(exp(x) > 0, x**2 >= 0, erf(x) <= 1, erf(x) >= -1, tanh(x) < 1, tanh(x) > -1,
                  exp(x) >= 1 + x, sqrt(x**2 + 1) > 1)


@claim(x=(-700, 700), y=(-700, 700), expect="proved")
def exp_product_huge_box(x, y):
    return exp(x) * exp(y) > 0


@claim(x=(-745, 0), expect="refuted")
def exp_underflow_edge(x):
    # exp(-745) = 2.82e-324 < 5e-324 (floats round exp(-745) to 5e-324)
    return exp(x) >= 5e-324


ORACLES = {
    "log_tangent_from_zero": lambda x: le(L(x), x - 1),
    "tanh_through_exp_off_by_1e_14": lambda x: neq0(C("1e-14")),
    "exp_below_1e400": lambda x: le(E(x), C("1e400")),
    "power_1100_beyond_float_range": lambda x: le(x**1100, C("1e331")),
    "exp_of_exp_below_1e9000": lambda x: le(E(E(x)), C("1e9000")),
    "eight_parts_last_false_at_0": lambda x: gt(mp.sqrt(x**2 + 1), 1),
    "exp_underflow_edge": lambda x: ge(E(x), C("5e-324")),
}

WITNESSES = {
    "log_tangent_from_zero": {"x": "0"},
    "tanh_through_exp_off_by_1e_14": {"x": "0"},
    "exp_below_1e400": {"x": "1000"},
    "power_1100_beyond_float_range": {"x": "2"},
    "exp_of_exp_below_1e9000": {"x": "10"},
    "eight_parts_last_false_at_0": {"x": "0"},
    "exp_underflow_edge": {"x": "-745"},
}

ALLOWED_UNDECIDED = {}
