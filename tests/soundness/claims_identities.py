"""Kind 1: identities (and calc steps) that a monotonicity or float shortcut gets wrong.

Truth: every false identity here differs from its right side by an explicit nonzero term (the
oracle is that term, exact); every true one is an algebraic identity checked by hand, with the
exact literal values (``1e30`` is 10**30, ``3.141592653589793`` is that decimal, not pi).
"""

from _oracle import mp, neq0, eq, le, lt, all_, q
from _oracle import exp as E, log as L, sqrt as S, erf as ERF, erfc as ERFC, Phi as PHI, npdf as NPDF, expm1 as EXPM1

from theorycheck import Phi, calc, claim, erf, erfc, exp, expm1, log, log1p, npdf, pi, sqrt

KIND = "1 identities"

C = mp.mpf  # shorthand in oracles: C("1e-14") is 10**-14 at the working precision


# -- false: equal only at a point or on a face (issue 12's examples and variations) -------------

@claim(x=(0, 1), expect="refuted")
def huge_plus_square_is_huge(x):
    # 1e30 + x^2 - 1e30 = x^2 != 0 for x in (0, 1]
    return 1e30 + x**2 == 1e30


@claim(x=(0, 1), expect="refuted")
def tiny_quadratic_term_vanishes(x):
    # difference 1e-14 x^2, nonzero for x != 0
    return 1 + x + 1e-14 * x**2 == 1 + x


@claim(x=(-1, 0), expect="refuted")
def pi_digits_equal_pi_on_negatives(x):
    # x (3.141592653589793 - pi), pi - 3.141592653589793 = 2.38e-16: nonzero for x != 0
    return x * 3.141592653589793 == x * pi


@claim(x=(0, 1), expect="refuted")
def pi_digits_equal_pi_on_positives(x):
    return x * 3.141592653589793 == x * pi


@claim(x=(1, 2), expect="refuted")
def exp_product_off_by_1e_15_relative(x):
    # exp(x) exp(-x) = 1 exactly; rhs = 1 + 1e-15 x != 1 on [1, 2]
    return exp(x) * exp(-x) == 1 + 1e-15 * x


@claim(x=(1, 2), expect="refuted")
def times_one_plus_1e_16(x):
    # x (1 + 1e-16) - x = 1e-16 x != 0
    return x * (1 + 1e-16) == x


@claim(x=("-1e-9", 1), expect="refuted")
def abs_equals_x_fails_on_thin_slab(x):
    # |x| = x iff x >= 0; false on [-1e-9, 0)
    return abs(x) == x


@claim(x=(-1, 1), expect="refuted")
def expm1_off_by_cubic_1e_20(x):
    # difference 1e-20 x^3, nonzero for x != 0
    return expm1(x) == exp(x) - 1 + 1e-20 * x**3


@claim(x=(0, 1), y=(0, 1), z=(0, 1), expect="refuted")
def square_of_sum_off_by_1e_12_xyz(x, y, z):
    # difference 1e-12 xyz, nonzero in the interior
    return (x + y + z)**2 == x**2 + y**2 + z**2 + 2 * (x * y + y * z + x * z) + 1e-12 * x * y * z


@claim(x=(0, 1), expect="refuted")
def huge_scaled_shift_off_by_1e_10(x):
    # 1e30 (x + 1e-31) = 1e30 x + 0.1 exactly; rhs has 0.1000000001
    return 1e30 * (x + 1e-31) == 1e30 * x + 0.1000000001


@claim(x=(-2, 2), expect="refuted")
def phi_symmetry_off_by_1e_13(x):
    # Phi(x) + Phi(-x) = 1 exactly
    return Phi(x) + Phi(-x) == 1 + 1e-13


@claim(x=(-3, 3), expect="refuted")
def erf_odd_wrongly_even(x):
    # erf(-x) = -erf(x); equals erf(x) only at x = 0
    return erf(-x) == erf(x)


@claim(x=("0.5", 2), y=("0.5", 2), expect="refuted")
def log_of_sum_is_sum_of_logs(x, y):
    # log(x + y) = log x + log y iff x + y = x y (a curve through the box, e.g. x = y = 2)
    return log(x + y) == log(x) + log(y)


# -- true identities: sympy (or exact reasoning) should prove them --------------------------------

@claim(x=(-2, 2), y=(-2, 2), expect="proved")
def exp_of_sum(x, y):
    return exp(x + y) == exp(x) * exp(y)


@claim(x=("0.5", 3), y=("0.5", 3), expect="proved")
def log_of_product(x, y):
    return log(x * y) == log(x) + log(y)


@claim(x=(-2, 2), expect="proved")
def sqrt_of_square_is_abs(x):
    return sqrt(x**2) == abs(x)


@claim(x=(-5, 5), expect="proved")
def erf_plus_erfc(x):
    return erf(x) + erfc(x) == 1


@claim(x=(-4, 4), expect="proved")
def phi_through_erf(x):
    return Phi(x) == (1 + erf(x / sqrt(2))) / 2


@claim(x=(-4, 4), expect="proved")
def npdf_closed_form(x):
    return npdf(x) == exp(-x**2 / 2) / sqrt(2 * pi)


@claim(x=(0, 1), expect="proved")
def huge_cancels_exactly(x):
    # 1e30 + x^2 - 1e30 = x^2 exactly (floats say 0 for small x)
    return 1e30 + x**2 - 1e30 == x**2


@claim(x=(0, 1), expect="proved")
def huge_scaled_shift_exact(x):
    # 1e30 * 1e-31 = 1/10 exactly
    return 1e30 * (x + 1e-31) == 1e30 * x + 0.1


@claim(x=(0, 0), expect="proved")
def pi_digits_equal_pi_at_zero_only(x):
    # the zero-width box {0}: both sides are 0
    return x * 3.141592653589793 == x * pi


@claim(x=(0, 3), expect="proved")
def log1p_is_log_of_one_plus(x):
    return log1p(x) == log(1 + x)


@claim(x=("0.5", 2), expect="proved")
def exp_log_on_positives(x):
    return exp(log(x)) == x


@claim(x=(0, 2), y=(0, 2), expect="proved")
def sqrt_of_product_on_nonnegatives(x, y):
    # defined on the closed box (sqrt 0 = 0) and equal there
    return sqrt(x * y) == sqrt(x) * sqrt(y)


# -- calc chains: a false step inside a true conclusion, and true chains ---------------------------

@claim(x=(0, 1), expect="proved")
def chain_true_squares(x):
    # x^2 <= x <= 1 < 2 + x on [0, 1]
    return calc(x**2).le(x, "x^2 <= x on [0, 1]").le(1 + 0 * x, "x <= 1").lt(2 + x, "1 < 2 + x")


@claim(x=(0, 1), expect="refuted")
def chain_false_identity_step_true_conclusion(x):
    # step 1 is the false identity 1e30 + x^2 = 1e30; the conclusion 1e30 + x^2 <= 1e30 + 1 holds
    return calc(1e30 + x**2).eq(1e30, "x^2 is negligible").le(1e30 + 1, "trivially")


@claim(x=(0, 1), expect="refuted")
def chain_false_tiny_step(x):
    # step 1 false (1e-14 x^2 dropped); the conclusion 1 + x + 1e-14 x^2 <= 2.5 holds
    return calc(1 + x + 1e-14 * x**2).eq(1 + x, "drop the tiny term").le(2.5 + 0 * x, "x <= 1")


@claim(x=(0, 2), y=(-1, 1), expect="proved")
def chain_true_exp(x, y):
    return calc(exp(x + y)).eq(exp(x) * exp(y), "exp of a sum").le(exp(2) * exp(y), "x <= 2")


@claim(x=(0, 1), expect="refuted")
def chain_strict_step_ties_at_ends(x):
    # x^2 < x fails at x = 0 and x = 1 (equality)
    return calc(x**2).lt(x, "x^2 < x").le(1, "x <= 1")


ORACLES = {
    "huge_plus_square_is_huge": lambda x: neq0(x**2),
    "tiny_quadratic_term_vanishes": lambda x: neq0(C("1e-14") * x**2),
    "pi_digits_equal_pi_on_negatives": lambda x: neq0(x * (C("3.141592653589793") - mp.pi)),
    "pi_digits_equal_pi_on_positives": lambda x: neq0(x * (C("3.141592653589793") - mp.pi)),
    "exp_product_off_by_1e_15_relative": lambda x: neq0(C("1e-15") * x),
    "times_one_plus_1e_16": lambda x: neq0(C("1e-16") * x),
    "abs_equals_x_fails_on_thin_slab": lambda x: neq0(abs(x) - x),
    "expm1_off_by_cubic_1e_20": lambda x: neq0(C("1e-20") * x**3),
    "square_of_sum_off_by_1e_12_xyz": lambda x, y, z: neq0(C("1e-12") * x * y * z),
    "huge_scaled_shift_off_by_1e_10": lambda x: neq0(C("1e-10")),
    "phi_symmetry_off_by_1e_13": lambda x: neq0(C("1e-13")),
    "erf_odd_wrongly_even": lambda x: neq0(2 * ERF(x)),
    "log_of_sum_is_sum_of_logs": lambda x, y: eq(L(x + y), L(x) + L(y)),
    "chain_false_identity_step_true_conclusion": lambda x: all_(neq0(x**2), le(C(10)**30 + x**2, C(10)**30 + 1)),
    "chain_false_tiny_step": lambda x: all_(neq0(C("1e-14") * x**2), le(1 + x, C("2.5"))),
    "chain_strict_step_ties_at_ends": lambda x: all_(lt(x**2, x), le(x, 1)),
}

WITNESSES = {
    "huge_plus_square_is_huge": {"x": "0.5"},
    "tiny_quadratic_term_vanishes": {"x": "1"},
    "pi_digits_equal_pi_on_negatives": {"x": "-1"},
    "pi_digits_equal_pi_on_positives": {"x": "1"},
    "exp_product_off_by_1e_15_relative": {"x": "1"},
    "times_one_plus_1e_16": {"x": "1"},
    "abs_equals_x_fails_on_thin_slab": {"x": "-1e-9"},
    "expm1_off_by_cubic_1e_20": {"x": "1"},
    "square_of_sum_off_by_1e_12_xyz": {"x": "1", "y": "1", "z": "1"},
    "huge_scaled_shift_off_by_1e_10": {"x": "0"},
    "phi_symmetry_off_by_1e_13": {"x": "0"},
    "erf_odd_wrongly_even": {"x": "1"},
    "log_of_sum_is_sum_of_logs": {"x": "1", "y": "1"},
    "chain_false_identity_step_true_conclusion": {"x": "1"},
    "chain_false_tiny_step": {"x": "1"},
    "chain_strict_step_ties_at_ends": {"x": "0"},
}

ALLOWED_UNDECIDED = {}
