"""Kind 5: bodies undefined on part of the box. A claim says that at every point of the closed
box the body is DEFINED and the relation holds; a point where it is undefined (0/0, log of a
non-positive number, sqrt of a negative one, a fractional power of a negative number) is a
counterexample. Nothing undefined is ever proved, even where a simplifier would cancel it.

Truth: the undefined points are named in each comment (by hand); elsewhere the relation holds or
fails as said. The oracles use _oracle's strict sqrt/log/div/pw, which raise where undefined.
"""

from _oracle import mp, neq0, eq, le, ge, lt, gt, all_, div, pw
from _oracle import exp as E, log as L, sqrt as S, erf as ERF

from theorycheck import all_of, claim, erf, exp, log, max, min, sqrt

KIND = "5 undefined"
C = mp.mpf


@claim(x=(-1, 1), expect="refuted")
def x_over_x(x):
    # undefined at x = 0
    return x / x == 1


@claim(x=("0.5", 1), expect="proved")
def x_over_x_positive(x):
    return x / x == 1


@claim(x=(-1, 1), expect="refuted")
def sqrt_squared(x):
    # undefined for x < 0
    return sqrt(x)**2 == x


@claim(x=(0, 2), expect="proved")
def sqrt_squared_nonnegative(x):
    return sqrt(x)**2 == x


@claim(x=(-1, 2), expect="refuted")
def exp_of_log(x):
    # undefined for x <= 0
    return exp(log(x)) == x


@claim(x=(-1, 1), expect="refuted")
def sqrt_nonnegative(x):
    # undefined for x < 0
    return sqrt(x) >= 0


@claim(x=(0, 1), expect="proved")
def sqrt_nonnegative_from_zero(x):
    # sqrt(0) = 0 is defined
    return sqrt(x) >= 0


@claim(x=(0, 1), y=(0, 1), expect="refuted")
def log_of_product_on_faces(x, y):
    # undefined on the faces x = 0 and y = 0 (elsewhere log u <= u - 1 holds)
    return log(x * y) <= x * y - 1


@claim(x=(0, 1), expect="refuted")
def log_undefined_at_one_interior_point(x):
    # undefined only at x = 1/2; elsewhere (x - 1/2)^2 <= 1/4 so the log is <= -1.386 <= 0
    return log((x - 0.5)**2) <= 0


@claim(x=(1, 2), expect="refuted")
def reciprocal_undefined_at_sqrt2(x):
    # undefined only at the irrational x = sqrt 2 (and >= 0 elsewhere)
    return 1 / (x**2 - 2)**2 >= 0


@claim(x=(0, 1), expect="proved")
def half_power_at_zero_defined(x):
    # x**0.5 at 0 is 0, defined
    return x**0.5 >= 0


@claim(x=("-1e-9", 1), expect="refuted")
def half_power_of_negative(x):
    # undefined on [-1e-9, 0)
    return x**0.5 >= 0


@claim(x=(0, 1), expect="refuted")
def reciprocal_power_times_x(x):
    # x**(-1) undefined at x = 0
    return x**(-1) * x == 1


@claim(x=(-1, 1), expect="refuted")
def cube_root_power_of_negative(x):
    # x**(1/3) is undefined for x < 0 over the reals (as in Python: a complex number)
    return x**(1 / 3) <= 1


@claim(x=(0, 0), expect="refuted")
def log_on_zero_width_box_at_zero(x):
    return log(x) <= 0


@claim(x=(1, 2), expect="proved")
def sqrt_defined_at_its_zero(x):
    # sqrt(x - 1) at x = 1 is 0, defined
    return sqrt(x - 1) + 1 >= 1


@claim(x=(1, 2), expect="refuted")
def sqrt_of_tiny_negative(x):
    # x - 1 - 1e-30 < 0 on [1, 1 + 1e-30): undefined there (floats round it to 0)
    return sqrt(x - 1 - 1e-30) >= 0


@claim(x=(0, 1), expect="refuted")
def log_of_cancelled_huge(x):
    # 1e30 + x - 1e30 = x: log undefined at x = 0
    return log(1e30 + x - 1e30) >= -100


@claim(x=(-1, 1), expect="refuted")
def sqrt_inside_min(x):
    # undefined for x < 0 even though min(., 1) >= -1 would hold
    return min(sqrt(x), 1) >= -1


@claim(x=(-1, 1), expect="refuted")
def sqrt_inside_all_of(x):
    return all_of(x >= -1, sqrt(x) >= 0)


@claim(x=(0, 1), expect="refuted")
def zero_times_log(x):
    # 0 * log(0) is undefined (a simplifier says 0 * log x = 0)
    return 0 * log(x) == 0


@claim(x=(0, 2), expect="refuted")
def removable_singularity(x):
    # (x^2 - 1)/(x - 1) undefined at x = 1 (a simplifier cancels it to x + 1)
    return (x**2 - 1) / (x - 1) == x + 1


@claim(x=(2, 3), expect="proved")
def removable_singularity_outside_box(x):
    return (x**2 - 1) / (x - 1) == x + 1


@claim(x=("-1e-300", 1), expect="refuted")
def erf_of_sqrt_slightly_negative(x):
    # undefined on [-1e-300, 0)
    return erf(sqrt(x)) >= 0


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def sqrt_product_on_signed_box(x, y):
    # at x = y = -1: lhs 1, rhs undefined
    return sqrt(x * y) == sqrt(x) * sqrt(y)


@claim(x=(-1, 1), expect="proved")
def sqrt_of_square_defined_everywhere(x):
    return sqrt(x**2) >= 0


@claim(x=(-1, 1), y=(0, 1), expect="refuted")
def division_undefined_on_a_segment(x, y):
    # undefined on the segment x = 0 (any y); elsewhere (x y)/x = y
    return (x * y) / x == y


@claim(x=(0, 1), expect="proved")
def log1p_style_defined(x):
    # log(1 + x) is defined on [0, 1]
    return log(1 + x) <= x


# -- values the body computes and never uses: the body is still undefined where they are ------


@claim(x=(0, 1), expect="refuted")
def unused_log_at_an_end(x):
    # t = log(x) is never used, but the body is undefined at x = 0
    t = log(x)  # noqa: F841
    return x + 1 >= 1


@claim(x=(0, 1), expect="refuted")
def unused_sqrt_inside(x):
    # undefined for x < 1/2; the relation itself holds everywhere
    t = sqrt(x - 0.5)  # noqa: F841
    return x * x >= 0


@claim(x=(-1, 1), y=(0, 1), expect="refuted")
def unused_division_in_two_variables(x, y):
    # undefined on the segment x = 0
    t = y / x  # noqa: F841
    return y <= 1


@claim(x=(0, 1), expect="proved")
def unused_value_defined_everywhere(x):
    # log(1 + x) is defined on [0, 1]: an unused value that is defined changes nothing
    t = log(1 + x)  # noqa: F841
    return x + 1 >= 1


ORACLES = {
    "x_over_x": lambda x: eq(div(x, x), 1),
    "sqrt_squared": lambda x: eq(S(x)**2, x),
    "exp_of_log": lambda x: eq(E(L(x)), x),
    "sqrt_nonnegative": lambda x: ge(S(x), 0),
    "log_of_product_on_faces": lambda x, y: le(L(x * y), x * y - 1),
    "log_undefined_at_one_interior_point": lambda x: le(L((x - C("0.5"))**2), 0),
    "reciprocal_undefined_at_sqrt2": lambda x: ge(div(1, (x**2 - 2)**2), 0),
    "half_power_of_negative": lambda x: ge(pw(x, C("0.5")), 0),
    "reciprocal_power_times_x": lambda x: eq(pw(x, -1) * x, 1),
    "cube_root_power_of_negative": lambda x: le(pw(x, mp.mpf(1) / 3), 1),
    "log_on_zero_width_box_at_zero": lambda x: le(L(x), 0),
    "sqrt_of_tiny_negative": lambda x: ge(S(x - 1 - C("1e-30")), 0),
    "log_of_cancelled_huge": lambda x: ge(L(x), -100),  # 1e30 + x - 1e30 = x exactly
    "sqrt_inside_min": lambda x: ge(min(S(x), 1), -1),
    "sqrt_inside_all_of": lambda x: all_(ge(x, -1), ge(S(x), 0)),
    "zero_times_log": lambda x: eq(0 * L(x), 0),
    "removable_singularity": lambda x: eq(div(x**2 - 1, x - 1), x + 1),
    "erf_of_sqrt_slightly_negative": lambda x: ge(ERF(S(x)), 0),
    "sqrt_product_on_signed_box": lambda x, y: eq(S(x * y), S(x) * S(y)),
    "division_undefined_on_a_segment": lambda x, y: eq(div(x * y, x), y),
    "unused_log_at_an_end": lambda x: (L(x), ge(x + 1, 1))[1],
    "unused_sqrt_inside": lambda x: (S(x - C("0.5")), ge(x * x, 0))[1],
    "unused_division_in_two_variables": lambda x, y: (div(y, x), le(y, 1))[1],
}

WITNESSES = {
    "x_over_x": {"x": "0"},
    "sqrt_squared": {"x": "-0.5"},
    "exp_of_log": {"x": "0"},
    "sqrt_nonnegative": {"x": "-1"},
    "log_of_product_on_faces": {"x": "0", "y": "0.5"},
    "log_undefined_at_one_interior_point": {"x": "0.5"},
    "reciprocal_undefined_at_sqrt2": None,
    "half_power_of_negative": {"x": "-1e-9"},
    "reciprocal_power_times_x": {"x": "0"},
    "cube_root_power_of_negative": {"x": "-1"},
    "log_on_zero_width_box_at_zero": {"x": "0"},
    "sqrt_of_tiny_negative": {"x": "1"},
    "log_of_cancelled_huge": {"x": "0"},
    "sqrt_inside_min": {"x": "-1"},
    "sqrt_inside_all_of": {"x": "-1"},
    "zero_times_log": {"x": "0"},
    "removable_singularity": {"x": "1"},
    "erf_of_sqrt_slightly_negative": {"x": "-1e-300"},
    "sqrt_product_on_signed_box": {"x": "-1", "y": "-1"},
    "division_undefined_on_a_segment": {"x": "0", "y": "0.5"},
    "unused_log_at_an_end": {"x": "0"},
    "unused_sqrt_inside": {"x": "0.25"},
    "unused_division_in_two_variables": {"x": "0", "y": "0.5"},
}

ALLOWED_UNDECIDED = {
    "reciprocal_undefined_at_sqrt2": "undefined only at the irrational point sqrt 2: no finite decimal "
                                     "counterexample exists (proving it is wrong; undecided is sound)",
}
