"""Invented kinds: min / max / abs, ** with fractional and variable exponents, all_of, and
constants of extreme size next to tiny differences.

Truth: by hand (the touching sets named in the comments); x**p for p fractional is defined for
x >= 0 (0**p = 0 for p > 0) and undefined for x < 0.
"""

from _oracle import mp, neq0, eq, le, ge, lt, gt, all_, pw
from _oracle import exp as E, log as L, sqrt as S

from theorycheck import all_of, claim, exp, log, log1p, max, min, sqrt

KIND = "invented: min/max/abs, powers, all_of, extremes"
C = mp.mpf


@claim(x=(-1, 1), y=(-1, 1), expect="proved")
def abs_triangle(x, y):
    return abs(x + y) <= abs(x) + abs(y)


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def abs_triangle_strict(x, y):
    # equality when x, y have the same sign (x = y = 1/2)
    return abs(x + y) < abs(x) + abs(y)


@claim(x=(-1, 1), y=(-1, 1), expect="proved")
def max_at_least_each(x, y):
    return all_of(max(x, y) >= x, max(x, y) >= y)


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def min_strictly_below_max(x, y):
    # equality on the diagonal x = y
    return min(x, y) < max(x, y)


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def max_strictly_above_mean(x, y):
    # max - mean = |x - y|/2: zero on the diagonal
    return max(x, y) > (x + y) / 2


@claim(x=(-2, 2), expect="proved")
def min_max_clip(x):
    return all_of(min(max(x, -1), 1) <= 1, min(max(x, -1), 1) >= -1)


@claim(x=(-2, 2), expect="refuted")
def clip_strictly_inside(x):
    # the clipped value reaches 1 for x >= 1
    return min(max(x, -1), 1) < 1


@claim(x=(0, 4), expect="proved")
def half_power_is_sqrt(x):
    return x**0.5 == sqrt(x)


@claim(x=(0, 4), expect="proved")
def three_halves_power(x):
    return x**1.5 == x * sqrt(x)


@claim(x=(0, 1), expect="proved")
def power_2_5_below_square(x):
    # x^2.5 <= x^2 on [0, 1], equality at 0 and 1
    return x**2.5 <= x**2


@claim(x=(0, 1), expect="refuted")
def sqrt_strictly_above_x(x):
    # x^0.5 = x at 0 and at 1
    return x**0.5 > x


@claim(x=("1e-10", 1), expect="proved")
def negative_half_power_at_least_one(x):
    return x**(-0.5) >= 1


@claim(x=(0, 1), expect="refuted")
def negative_half_power_from_zero(x):
    # undefined at x = 0
    return x**(-0.5) >= 1


@claim(x=(-2, 2), expect="proved")
def square_then_half_power_is_abs(x):
    return (x**2)**0.5 == abs(x)


@claim(x=(0, 0), expect="proved")
def half_power_on_zero_width_box(x):
    return x**0.5 == 0


@claim(x=(0, 1), y=("0.5", 2), expect="proved")
def variable_exponent_at_most_one(x, y):
    # x^y <= 1 for x in [0, 1], y > 0 (0^y = 0)
    return x**y <= 1


@claim(x=(0, 1), y=("0.5", 2), expect="refuted")
def variable_exponent_strictly_below_one(x, y):
    # x^y = 1 at x = 1
    return x**y < 1


@claim(x=(-3, 3), expect="proved")
def two_to_the_x(x):
    return 2**x == exp(x * log(2))


@claim(x=(0, 1), expect="proved")
def all_of_two_true_bounds(x):
    return all_of(exp(x) >= 1 + x, log1p(x) <= x)


@claim(x=(-1, 1), expect="refuted")
def all_of_one_tiny_failure(x):
    # exp(x) - 1 - x < 1e-15 for |x| < 4.4e-8
    return all_of(x**2 >= 0, exp(x) >= 1 + x + 1e-15)


@claim(x=(0, 1), expect="proved")
def huge_plus_one_strictly_above(x):
    # exactly 1 more (floats: 1e30 x + 1 == 1e30 x)
    return 1e30 * x + 1 > 1e30 * x


@claim(x=("0.5", 1), expect="proved")
def huge_cancellation_positive(x):
    # (1e30 + x) - 1e30 = x > 0 (floats: 0)
    return (1e30 + x) - 1e30 > 0


@claim(x=("0.5", 1), expect="refuted")
def huge_cancellation_above_x(x):
    # (1e30 + x) - 1e30 = x, so > x fails everywhere
    return (1e30 + x) - 1e30 > x


@claim(x=(0, 1), expect="refuted")
def tiny_offset_strict(x):
    # the sides differ by 1e-300 - 2e-300 < 0: false everywhere (floats: equal)
    return x + 1e-300 > x + 2e-300


@claim(x=(0, 1), y=(0, 1), z=(0, 1), w=(0, 1), expect="proved")
def four_d_amgm(x, y, z, w):
    # AM-GM for four non-negative numbers, equality where x = y = z = w
    return x * y * z * w <= ((x + y + z + w) / 4)**4


@claim(x=(0, 1), y=(0, 1), z=(0, 1), w=(0, 1), expect="refuted")
def four_d_amgm_strict(x, y, z, w):
    # equality where x = y = z = w
    return x * y * z * w < ((x + y + z + w) / 4)**4


ORACLES = {
    "abs_triangle_strict": lambda x, y: lt(abs(x + y), abs(x) + abs(y)),
    "min_strictly_below_max": lambda x, y: lt(min(x, y), max(x, y)),
    "max_strictly_above_mean": lambda x, y: gt(max(x, y), (x + y) / 2),
    "clip_strictly_inside": lambda x: lt(min(max(x, -1), 1), 1),
    "sqrt_strictly_above_x": lambda x: gt(pw(x, C("0.5")), x),
    "negative_half_power_from_zero": lambda x: ge(pw(x, C("-0.5")), 1),
    "variable_exponent_strictly_below_one": lambda x, y: lt(pw(x, y), 1),
    "all_of_one_tiny_failure": lambda x: all_(ge(x**2, 0), ge(E(x), 1 + x + C("1e-15"))),
    "huge_cancellation_above_x": lambda x: gt(x, x),  # lhs is exactly x
    "tiny_offset_strict": lambda x: gt(C("1e-300"), C("2e-300")),  # both sides minus x
    "four_d_amgm_strict": lambda x, y, z, w: lt(x * y * z * w, ((x + y + z + w) / 4)**4),
}

WITNESSES = {
    "abs_triangle_strict": {"x": "0.5", "y": "0.5"},
    "min_strictly_below_max": {"x": "0.5", "y": "0.5"},
    "max_strictly_above_mean": {"x": "0", "y": "0"},
    "clip_strictly_inside": {"x": "1.5"},
    "sqrt_strictly_above_x": {"x": "1"},
    "negative_half_power_from_zero": {"x": "0"},
    "variable_exponent_strictly_below_one": {"x": "1", "y": "1"},
    "all_of_one_tiny_failure": {"x": "0"},
    "huge_cancellation_above_x": {"x": "0.5"},
    "tiny_offset_strict": {"x": "0"},
    "four_d_amgm_strict": {"x": "0.5", "y": "0.5", "z": "0.5", "w": "0.5"},
}

ALLOWED_UNDECIDED = {
    "abs_triangle": "true with equality on two whole quadrants (x, y of one sign): enclosures of the two "
                    "sides overlap there on every box, so only an exact argument (or sign splitting) proves it",
    "four_d_amgm": "true with equality along the whole diagonal x = y = z = w of a 4-D box: a hard proof "
                   "for branch and bound in 3 s",
}
