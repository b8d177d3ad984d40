"""Kind 8 (constants): numbers computed outside a claim body. A float from outside (math.pi) is
its exact binary value, like a float bound; theorycheck's own exp(1), pi, sqrt(2) computed at
module level mean e, pi, sqrt 2 exactly.

Truth: math.pi = 3.141592653589793115997963... < pi = 3.141592653589793238462643...;
e = 2.718281828459045235360287... > 2.718281828459045; sqrt 2 = 1.41421356237309504880... (by
hand and mpmath at 40 digits).
"""

import math
from fractions import Fraction

from _oracle import mp, neq0, eq, le, ge, lt, gt, all_, q

from theorycheck import claim, exp, pi, sqrt

KIND = "8 module-level numbers"
C = mp.mpf

FLOAT_PI = math.pi
E1 = exp(1)
ROOT2 = sqrt(2)
THIRD = 1 / 3  # a float computed outside: its exact binary value, 0.33333333333333331483...


@claim(x=(1, 2), expect="proved")
def float_pi_below_pi(x):
    return x * FLOAT_PI < x * pi


@claim(x=(1, 2), expect="refuted")
def float_pi_equals_pi(x):
    return x * FLOAT_PI == x * pi


@claim(x=(1, 2), expect="proved")
def module_e_above_its_digits(x):
    return x * E1 >= x * 2.718281828459045


@claim(x=(1, 2), expect="refuted")
def module_e_below_its_digits(x):
    return x * E1 <= x * 2.718281828459045


@claim(x=(-1, 1), expect="proved")
def module_root2_squared(x):
    return x * ROOT2 * ROOT2 == 2 * x


@claim(x=(1, 2), expect="refuted")
def module_root2_below_float_digits(x):
    # sqrt 2 = 1.4142135623730950488 > 1.414213562373095
    return x * ROOT2 <= x * 1.414213562373095


@claim(x=(1, 2), expect="refuted")
def float_third_times_three_is_one(x):
    # the double nearest 1/3 times 3 is 1 - 5.55e-17
    return x * THIRD * 3 == x


ORACLES = {
    "float_pi_equals_pi": lambda x: neq0(x * (q(Fraction(math.pi)) - mp.pi)),
    "module_e_below_its_digits": lambda x: le(x * mp.e, x * C("2.718281828459045")),
    "module_root2_below_float_digits": lambda x: le(x * mp.sqrt(2), x * C("1.414213562373095")),
    "float_third_times_three_is_one": lambda x: neq0(x * (3 * q(Fraction(1 / 3)) - 1)),
}

WITNESSES = {
    "float_pi_equals_pi": {"x": "1"},
    "module_e_below_its_digits": {"x": "1"},
    "module_root2_below_float_digits": {"x": "1"},
    "float_third_times_three_is_one": {"x": "1"},
}

ALLOWED_UNDECIDED = {}
