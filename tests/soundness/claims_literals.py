"""Kind 4: literals in a body mean exactly what is written (decimal literals are decimals, a
product of literals is the exact product, 1/3 is one third), far from float's range included.

Truth: exact rational arithmetic on the written literals, by hand; the transcendental values
checked with mpmath at 30 digits (quoted in the comments).
"""

from fractions import Fraction

from _oracle import mp, neq0, eq, le, ge, lt, gt, all_
from _oracle import exp as E, npdf as NPDF

from theorycheck import claim, exp, npdf

KIND = "4 literals"
C = mp.mpf


@claim(x=(0, 39), expect="refuted")
def npdf_above_1e_330(x):
    # npdf(39) = 2.089e-331 < 1e-330
    return npdf(x) >= 1e-330


@claim(x=(0, 38), expect="proved")
def npdf_above_1e_330_to_38(x):
    # npdf(38) = 1.1e-314 >= 1e-330; npdf decreasing on [0, 38]
    return npdf(x) >= 1e-330


@claim(x=(0, 1), expect="refuted")
def product_of_tiny_literals_is_not_zero(x):
    # 1e-300 * 1e-300 = 1e-600 exactly: x 1e-600 != 0 for x > 0
    return x * (1e-300 * 1e-300) == 0


@claim(x=(0, 1), expect="refuted")
def product_of_tiny_literals_below_1e_601(x):
    # x 1e-600 <= 1e-601 fails for x > 1/10
    return x * (1e-300 * 1e-300) <= 1e-601


@claim(x=(0, 1), expect="proved")
def product_of_tiny_literals_at_most_1e_600(x):
    return x * (1e-300 * 1e-300) <= 1e-600


@claim(x=(-1, 1), expect="proved")
def one_third_times_three(x):
    # (1/3) * 3 = 1 exactly
    return x * (1 / 3) * 3 == x


@claim(x=(-1, 1), expect="refuted")
def sixteen_threes_times_three(x):
    # 0.3333333333333333 * 3 = 0.9999999999999999: differs for x != 0
    return x * 0.3333333333333333 * 3 == x


@claim(x=(-1, 1), expect="proved")
def tenths_add_up(x):
    # 0.1 + 0.2 = 0.3 exactly in decimals (not in binary floats)
    return x + 0.1 + 0.2 == x + 0.3


@claim(x=(-1, 1), expect="refuted")
def tenths_add_up_to_the_float_sum(x):
    # 0.1 + 0.2 = 0.3 != 0.30000000000000004
    return x + 0.1 + 0.2 == x + 0.30000000000000004


@claim(x=(1, 2), expect="proved")
def literal_beyond_float_range(x):
    # 1e308 * 10 = 1e309 exactly (floats overflow to inf)
    return x * (1e308 * 10) == x * 1e309


@claim(x=(1, 2), expect="refuted")
def literal_beyond_float_range_minus_one(x):
    # x 1e309 <= x 1e309 - 1 is false everywhere
    return x * (1e308 * 10) <= x * 1e309 - 1


@claim(x=(1, 2), expect="proved")
def subnormal_literal_is_positive(x):
    return x * 5e-324 > 0


@claim(x=(1, 2), expect="refuted")
def two_spellings_of_the_same_double(x):
    # 5e-324 and 4.9406564584124654e-324 are the same double but different decimals
    return x * 5e-324 == x * 4.9406564584124654e-324


@claim(x=(0, 690), expect="proved")
def exp_below_1e300_to_690(x):
    # exp(690) = 4.60e299
    return exp(x) <= 1e300


@claim(x=(0, 691), expect="refuted")
def exp_below_1e300_to_691(x):
    # exp(691) = 1.25e300
    return exp(x) <= 1e300


@claim(x=(0, 736), expect="proved")
def exp_minus_above_1e_320(x):
    # exp(-736) = 2.29e-320 (a subnormal double)
    return exp(-x) >= 1e-320


@claim(x=(0, 737), expect="refuted")
def exp_minus_above_1e_320_to_737(x):
    # exp(-737) = 8.41e-321 < 1e-320
    return exp(-x) >= 1e-320


@claim(x=(-3, 3), expect="proved")
def decimal_tenth_is_division_by_ten(x):
    return x * 0.1 == x / 10


@claim(x=(-3, 3), expect="proved")
def e_notation_is_exact(x):
    return x * 1.5e-5 == x * 15 / 1000000


@claim(x=(0, 40), expect="proved")
def npdf_positive_where_floats_underflow(x):
    # npdf(40) = 1.5e-348 > 0 (floats give 0)
    return npdf(x) > 0


@claim(x=(39, 41), expect="refuted")
def npdf_below_1e_400_where_floats_underflow(x):
    # npdf(41) = 3.3e-366 > 1e-400: false on the whole box, yet floats give 0 <= 1e-400
    return npdf(x) <= 1e-400


@claim(x=(0, 1), expect="proved")
def big_integer_literal_exact(x):
    # (2^60 + 1) x - 2^60 x = x exactly
    return x * (2**60 + 1) - x * 2**60 == x


@claim(x=(1, 2), expect="refuted")
def one_minus_tiny_literal_below_one(x):
    # 1 - 1e-20 < 1 (floats round it to 1)
    return x * (1 - 1e-20) >= x


ORACLES = {
    "npdf_above_1e_330": lambda x: ge(NPDF(x), C("1e-330")),
    "product_of_tiny_literals_is_not_zero": lambda x: neq0(x * C("1e-600")),
    "product_of_tiny_literals_below_1e_601": lambda x: le(x * C("1e-600"), C("1e-601")),
    "sixteen_threes_times_three": lambda x: neq0(x * (C("0.3333333333333333") * 3 - 1)),
    "tenths_add_up_to_the_float_sum": lambda x: neq0(C("0.3") - C("0.30000000000000004")),
    "literal_beyond_float_range_minus_one": lambda x: C(-1),  # lhs - rhs = 1 exactly
    "two_spellings_of_the_same_double": lambda x: neq0(x * (C("5e-324") - C("4.9406564584124654e-324"))),
    "exp_below_1e300_to_691": lambda x: le(E(x), C("1e300")),
    "exp_minus_above_1e_320_to_737": lambda x: ge(E(-x), C("1e-320")),
    "npdf_below_1e_400_where_floats_underflow": lambda x: le(NPDF(x), C("1e-400")),
    "one_minus_tiny_literal_below_one": lambda x: -(x * C("1e-20")),  # lhs - rhs = -1e-20 x, exactly
}

WITNESSES = {
    "npdf_above_1e_330": {"x": "39"},
    "product_of_tiny_literals_is_not_zero": {"x": "1"},
    "product_of_tiny_literals_below_1e_601": {"x": "1"},
    "sixteen_threes_times_three": {"x": "1"},
    "tenths_add_up_to_the_float_sum": {"x": "0"},
    "literal_beyond_float_range_minus_one": {"x": "1"},
    "two_spellings_of_the_same_double": {"x": "1"},
    "exp_below_1e300_to_691": {"x": "691"},
    "exp_minus_above_1e_320_to_737": {"x": "737"},
    "npdf_below_1e_400_where_floats_underflow": {"x": "40"},
    "one_minus_tiny_literal_below_one": {"x": "1"},
}

ALLOWED_UNDECIDED = {}
