"""Adversary: claims written after issue 12's fixes, aimed at premises the fixed prover assumes
rather than checks (kinks seen by d(), x**y at a zero base or a negative base with an integer
exponent, Python floats reaching a body from module constants, overflow of the batch kind,
deep Gaussian tails, sympy identities true only on part of the box, points a float cannot name,
5-D boxes, calc chains, bodies that raise at run time).

Truth: by hand (the reasoning beside each claim) and checked with mpmath at 60 digits; the false
claims carry an oracle and a witness (see ``_oracle.py``). Semantics as in README.md: a body
means what Python computes (``x**2.0`` of a negative float is a real number, ``0.0**0.0`` is 1),
except that literals typed in the body are exact; a derivative that does not exist (at a kink
of ``abs``/``max``, of a cube root at 0) makes the body undefined there, like ``d(sqrt)`` at 0.
"""

from fractions import Fraction

from _oracle import TIE, mp, neq0, eq, le, ge, lt, gt, all_, div, pw, q
from _oracle import exp as E, log as L, sqrt as S, log1p as L1P, expm1 as EM1
from _oracle import erfc as ERFC, tanh as TANH, Phi as PHI, npdf as NPDF, pi as PI

from theorycheck import (Phi, all_of, calc, claim, d, erf, erfc, exp, expm1, log, log1p, max, min,
                         npdf, pi, sqrt, tanh)

KIND = "adversary (after the fixes)"
C = mp.mpf


# -- derivatives at kinks: d() of a function that has no derivative at a point of the box -------


@claim(x=(-1, 2), expect="refuted")
def adv_d_abs_at_kink(x):
    # d|t|/dt does not exist at t = 0 (left -1, right +1): undefined at x = 0, like d(sqrt) at 0.
    # Elsewhere it is sign(x) >= -1.
    return d(lambda t: abs(t), "t")(x) >= -1


@claim(x=(-1, 2), expect="refuted")
def adv_d_abs_times_x_is_abs(x):
    # sign(x) * x == |x| away from 0, but d|t|/dt is undefined at 0 (sympy: sign(0) = 0 "works")
    return d(lambda t: abs(t), "t")(x) * x == abs(x)


@claim(x=(-1, 2), y=(-1, 2), expect="refuted")
def adv_d_max_on_diagonal(x, y):
    # d/dt max(t, s) is 1 for t > s, 0 for t < s, undefined on the diagonal t = s (x = y = 0)
    return d(lambda t, s: max(t, s), "t")(x, y) <= 1


@claim(x=(-1, 2), expect="proved")
def adv_d_t_abs_t_is_smooth(x):
    # t|t| IS differentiable everywhere, derivative 2|t| (at 0: lim (h|h|)/h = 0): true; a tool
    # that makes every d() through abs undefined at 0 would wrongly refute it
    return d(lambda t: t * abs(t), "t")(x) <= 2 * abs(x) + 1e-9


@claim(x=(-1, 2), expect="proved")
def adv_d_max_of_equal_arguments(x):
    # max(t, t) = t: differentiable everywhere, derivative 1 (a tie that is no kink); guards a
    # fix that would call every tie of max undefined
    return d(lambda t: max(t, t), "t")(x) == 1


@claim(x=(-1, 2), expect="proved")
def adv_d_abs_minus_abs(x):
    # |t| - |t| = 0 identically: derivative 0 everywhere, x = 0 included
    return d(lambda t: abs(t) - abs(t), "t")(x) == 0


@claim(x=(0, 1), expect="refuted")
def adv_d_cube_root_at_zero(x):
    # d/dt t**(1/3) = t**(-2/3)/3: undefined at x = 0 (infinite slope); elsewhere >= 1/3
    return d(lambda t: t**(1 / 3), "t")(x) >= 0


@claim(x=(-1, 2), expect="refuted")
def adv_second_derivative_of_abs(x):
    # d/dt (d|s|/ds) is 0 for x != 0 and undefined at 0 (the first derivative already is)
    return d(lambda t: d(lambda s: abs(s), "s")(t), "t")(x) == 0


@claim(x=(-2, 1), expect="refuted")
def adv_d_min_clip(x):
    # d/dt min(t, 0) = 1 for t < 0, 0 for t > 0, undefined at 0
    return d(lambda t: min(t, 0), "t")(x) >= 0


@claim(x=(-1, 2), expect="refuted")
def adv_d_abs_kink_at_a_third(x):
    # d/dt |3t - 1| = 3 sign(3t - 1): undefined at x = 1/3 (no double, no finite decimal);
    # elsewhere -3 or 3 <= 3. A sound tool proves nothing here (undecided is all it can say).
    return d(lambda t: abs(3 * t - 1), "t")(x) <= 3


@claim(x=(-1, 2), expect="refuted")
def adv_d_abs_squared_strict(x):
    # (d|t|/dt)^2 = 1 > 1/2 for x != 0; undefined at 0
    return d(lambda t: abs(t), "t")(x) ** 2 > 0.5


@claim(x=(-1, 2), y=(-1, 2), expect="refuted")
def adv_d_min_plus_d_max(x, y):
    # d/dt min(t, y) + d/dt max(t, y) = 1 off the diagonal; both undefined on t = y
    return d(lambda t: min(t, y), "t")(x) + d(lambda t: max(t, y), "t")(x) == 1


@claim(x=(-1, 2), y=(-1, 2), expect="refuted")
def adv_nested_d_of_max(x, y):
    # d/dt (d/ds max(s, y))(t) is 0 off the diagonal, undefined on it (x = y)
    return d(lambda t: d(lambda s: max(s, y), "s")(t), "t")(x) == 0


@claim(x=(1, 2), expect="proved")
def adv_nested_d_of_abs_away_from_kink(x):
    # |s| = s on [1, 2]: its second derivative is 0
    return d(lambda t: d(lambda s: abs(s), "s")(t), "t")(x) == 0


@claim(x=(0, 1), expect="refuted")
def adv_d_abs_on_nonnegative_box(x):
    # d|t|/dt at t = 0 does not exist (two-sided limit: -1 from the left, 1 from the right),
    # whatever box the claim ranges over: undefined at x = 0; 1 elsewhere
    return d(lambda t: abs(t), "t")(x) >= 1


@claim(x=(0, "1/3"), expect="refuted")
def adv_strict_at_a_third_end(x):
    # 3x < 1 ties at the exact end x = 1/3 (a bound given as "1/3")
    return 3 * x < 1


# -- x**y: a zero base, a negative base with integer-valued exponent, literal exponents -------


@claim(x=(0, 1), y=(0, 1), expect="proved")
def adv_var_power_zero_to_zero(x, y):
    # Python: 0.0**0.0 == 1.0, x**y <= 1 for x in [0, 1], y in [0, 1] (0**y = 0 for y > 0)
    return x**y <= 1


@claim(x=(-1, "-0.5"), y=(2, 2), expect="proved")
def adv_negative_base_integer_exponent_variable(x, y):
    # y is exactly 2 on its box: (-0.7)**2.0 = 0.49 in Python; x**2 >= 1/4 > 0
    return x**y > 0


@claim(x=(-1, 1), expect="proved")
def adv_float_literal_integer_exponent(x):
    # x**2.0 of a negative float is x*x in Python (defined): true, >= 0
    return x**2.0 >= 0


@claim(x=(-1, 1), expect="proved")
def adv_folded_integer_exponent(x):
    # 4/2 is exactly 2 (Python: 2.0): x**2.0 >= 0 on [-1, 1]
    return x**(4 / 2) >= 0


@claim(x=(-1, 1), expect="proved")
def adv_zero_float_exponent(x):
    # x**0.0 == 1.0 for every float x in Python, 0.0**0.0 included
    return x**0.0 == 1


@claim(x=(-1, 1), expect="refuted")
def adv_two_thirds_power_negative(x):
    # x**(2/3) of a negative number is complex in Python (a fractional power): undefined for x < 0
    return x**(2 / 3) >= 0


@claim(x=(0, 1), expect="proved")
def adv_sixth_root_of_sixth_power(x):
    # (x^6)^(1/6) = x on [0, 1]; 0**(1/6) = 0 is defined
    return (x**6)**(1 / 6) == x


@claim(x=(-1, 1), expect="refuted")
def adv_cube_root_of_cube(x):
    # (x^3)^(1/3) is a fractional power of a negative number for x < 0: undefined there
    return (x**3)**(1 / 3) == x


@claim(x=(1, 100), expect="proved")
def adv_compound_interest_below_e(x):
    # (1 + 1/x)^x increases to e: (1 + 1/x)^x < e on [1, 100] ((1.01)^100 = 2.7048)
    return (1 + 1 / x)**x < exp(1)


@claim(x=(-2, "-0.5"), expect="proved")
def adv_negative_float_integer_exponent(x):
    # x**-1.0 of a negative float is 1/x in Python (defined): x**-1.0 * x == 1
    return x**-1.0 * x == 1


@claim(x=(-1, 2), expect="refuted")
def adv_negative_int_power_identity(x):
    # x**-2 undefined at x = 0 (sympy: x**-2 * x**2 = 1)
    return x**-2 * x**2 == 1


@claim(x=(0, 1), expect="proved")
def adv_negative_base_integer_valued_exponent(x):
    # the exponent x - x + 2 is exactly 2 at every point (Python: (-2)**2.0 == 4.0): an integer
    # power of a negative number is defined; true everywhere
    return (-2)**(x - x + 2) == 4


@claim(x=(2, 2), expect="proved")
def adv_negative_base_on_integer_point(x):
    # one point, x = 2: (-2)**2 = 4
    return (-2)**x == 4


@claim(x=(1, 3), expect="refuted")
def adv_negative_base_fractional_exponent(x):
    # (-2)**x is undefined for x not an integer (x = 1.5)
    return (-2)**x <= 8


@claim(x=(0, 1), expect="proved")
def adv_huge_integer_power(x):
    # x^1000000 <= 1 on [0, 1]
    return x**1000000 <= 1


# -- Python floats that reach the body from outside (binary), beside exact literals ------------


# (a claim whose function has a parameter with a default value but no range is refused at
# definition: "parameter(s) ['c'] have no range" -- sound; such claims are not in this file)

TENTH_BINARY = 0.1  # the double 0.1000000000000000055511151231257827...


@claim(x=(0, 1), expect="proved")
def adv_module_float_is_binary(x):
    # TENTH_BINARY reaches the body from outside: its binary value, 5.55e-18 above the literal
    # 0.1 (exactly 1/10): x + 0.1000000000000000055 > x + 1/10 everywhere
    return x + TENTH_BINARY > x + 0.1


@claim(x=(0, 1), expect="refuted")
def adv_module_float_identity(x):
    # the sides differ by 5.55e-18 everywhere (binary 0.1 vs decimal 0.1)
    return x + TENTH_BINARY == x + 0.1


@claim(x=(0, 1), expect="proved")
def adv_module_float_far_below_precision(x):
    # TENTH_BINARY * 1e-300 - 1e-301 = 5.55e-318 > 0: separating the sides needs ~1050 bits, so a
    # check that asks sympy for an exact tie first (at 256 bits) must not take a rounded value
    return x + TENTH_BINARY * 1e-300 > x + 1e-301


@claim(x=(0, 1), expect="proved")
def adv_lambda_literal_exact(x):
    # the literal 0.1 inside a lambda of the body is exactly 1/10: (x/10)*10 == x
    f = lambda t: t * 0.1  # noqa: E731
    return f(x) * 10 == x


# -- overflow of the batch kind, underflow, deep tails ---------------------------------------


@claim(x=(700, 720), expect="proved")
def adv_exp_minus_itself_beyond_overflow(x):
    # exactly 0 (floats: inf - inf = nan past 709.78)
    return exp(x) - exp(x) == 0


@claim(x=(705, 715), expect="proved")
def adv_exp_ratio_beyond_overflow(x):
    # exp(x)/exp(x - 1) = e exactly
    return exp(x) / exp(x - 1) == exp(1)


@claim(x=(712, 800), expect="proved")
def adv_exp_above_1e309(x):
    # ln(1e309) = 711.4988: exp(x) >= exp(712) = 1.65e309 > 1e309
    return exp(x) >= 1e308 * 10


@claim(x=(700, 712), expect="refuted")
def adv_exp_below_1e309(x):
    # exp(712) = 1.65e309 > 1e309 (floats: inf <= inf); false on (711.4988, 712]
    return exp(x) <= 1e308 * 10


@claim(x=(-800, 800), expect="proved")
def adv_exp_times_exp_minus(x):
    # exactly 1 (floats: inf * 0 = nan at the ends)
    return exp(x) * exp(-x) == 1


@claim(x=(-800, 800), expect="proved")
def adv_log_of_exp(x):
    # log(exp(x)) = x for every real x (exp(-800) = 3.7e-348 underflows in floats)
    return log(exp(x)) == x


@claim(x=(2, 40), expect="refuted")
def adv_mills_series_deep_tail(x):
    # Phi(-x)/npdf(x) <= S4(x) = (1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8)/x for x > 0 (alternating
    # asymptotic series); with 1e-12/x taken off, false where 945/x^11 < 1e-12/x, i.e. x > 31.5:
    # mpmath margin at 40: -2.28e-14 * npdf(40) (floats: 0 <= 0 there, npdf(40) = 1.5e-348)
    return Phi(-x) <= npdf(x) / x * (1 - 1 / x**2 + 3 / x**4 - 15 / x**6 + 105 / x**8 - 1e-12)


@claim(x=(1, 40), expect="refuted")
def adv_erfcx_deep_tail(x):
    # f = x sqrt(pi) e^{x^2} erfc(x) = 1 - 1/(2x^2) + 3/(4x^4) - 15/(8x^6) + ...; the claim f <=
    # 1 - 1/(2x^2) + 3/(4x^4) - 1e-9 fails where 15/(8x^6) < 1e-9 (x > 35.1): margin at 40 is
    # -5.43e-10 (floats: erfc(40) = 0, e^1600 = inf, nan)
    return x * sqrt(pi) * exp(x**2) * erfc(x) <= 1 - 1 / (2 * x**2) + 3 / (4 * x**4) - 1e-9


@claim(x=(0, 30), expect="proved")
def adv_tanh_strictly_below_one(x):
    # tanh(30) = 1 - 1.75e-26 < 1 (floats: tanh(20) == 1.0)
    return tanh(x) < 1


@claim(x=(0, 50), expect="proved")
def adv_upper_tail_positive(x):
    # 1 - Phi(x) = Phi(-x) > 0 (Phi(-50) = 2.1e-545; floats: 1 - Phi(9) == 0.0)
    return 1 - Phi(x) > 0


@claim(x=(-10000000000, 10000000000), expect="proved")
def adv_npdf_positive_huge_box(x):
    # npdf(x) > 0 for every real x (npdf(1e10) = exp(-5e19)/sqrt(2 pi), far below any double)
    return npdf(x) > 0


@claim(x=(0, 30), expect="proved")
def adv_erfc_below_gaussian(x):
    # erfc(x) <= exp(-x^2) for x >= 0 (Chernoff-type bound, equality at 0; erfc(30) = 2.6e-393)
    return erfc(x) <= exp(-x**2)


@claim(x=(0, 2000), expect="proved")
def adv_two_to_a_huge_power(x):
    # 2^x > 0 (floats: 2.0**2000 raises OverflowError in Python)
    return 2**x > 0


@claim(x=(1, 500), expect="refuted")
def adv_x_to_the_x_huge(x):
    # 500^500 = 3.05e1349 > 1e1349
    return x**x <= 1e1349


@claim(x=(0, 2000), expect="proved")
def adv_ten_to_the_x(x):
    return 10**x == exp(x * log(10))


# -- ends of ranges a float cannot hold, and undefined points a float cannot name ---------------


@claim(x=(1, 10**5000), expect="refuted")
def adv_bound_beyond_str_digits_limit(x):
    # log(10^5000) = 11512.925 > 11512: fails at the upper end (an int bound with 5001 digits,
    # beyond Python's default int -> str conversion limit of 4300 digits)
    return log(x) <= 11512


@claim(x=(1, 10**5000), expect="proved")
def adv_bound_beyond_str_digits_limit_true(x):
    # log(x) <= log(10^5000) = 11512.925 < 11513
    return log(x) <= 11513


@claim(x=("0.10000000000000000001", 1), expect="proved")
def adv_strict_above_decimal_just_inside(x):
    # x >= 0.1 + 1e-20 > 0.1 (the float box reaches below 0.1)
    return x > 0.1


@claim(x=("0.1", 1), expect="refuted")
def adv_strict_above_decimal_tie(x):
    # x = 1/10 ties
    return x > 0.1


@claim(x=("-0.99999999999999999999", 0), expect="proved")
def adv_log1p_near_its_pole(x):
    # log1p(-1 + 1e-20) = -46.05 >= -47; the float box reaches -1 (where log1p is undefined)
    return log1p(x) >= -47


@claim(x=(-1, 0), expect="refuted")
def adv_log1p_at_its_pole(x):
    # undefined at x = -1
    return log1p(x) >= -1000


@claim(x=(0, 1), expect="refuted")
def adv_log_expm1_at_zero(x):
    # expm1(0) = 0: log undefined at x = 0
    return log(expm1(x)) <= x


@claim(x=("1e-300", 1), expect="proved")
def adv_log_expm1_tiny(x):
    # 0 < expm1(x) < e^x for x > 0: log(expm1(x)) < x (log(expm1(1e-300)) = -690.8)
    return log(expm1(x)) <= x


@claim(x=(0, 1), expect="refuted")
def adv_undefined_only_at_a_third(x):
    # undefined only at x = 1/3 (no float, no finite decimal); elsewhere (3x-1)^2 <= 4: log <= 1.39
    return log((3 * x - 1)**2) <= 10


@claim(x=(0, 1), expect="refuted")
def adv_undefined_only_at_three_tenths(x):
    # undefined only at x = 3/10 (a decimal, not a double); elsewhere log((x-0.3)^2) <= log(0.49)
    return log((x - 0.3)**2) <= 2


@claim(x=(-1, 2), expect="refuted")
def adv_undefined_at_zero_not_centre(x):
    # log(x^2) undefined at x = 0, which no bisection of [-1, 2] makes an end (0 = -1 + 3k/2^n
    # has no solution); both sides equal elsewhere (2 log|x|)
    return log(x**2) == 2 * log(abs(x))


@claim(x=(0, 2), expect="proved")
def adv_sqrt_of_perfect_square(x):
    # sqrt(x^2 - 2x + 1) = |x - 1|: true (the radicand's interval enclosure dips below 0 near 1)
    return sqrt(x**2 - 2 * x + 1) == abs(x - 1)


@claim(x=("0.5", 1), expect="proved")
def adv_sqrt_of_exact_zero(x):
    # x*x - x**2 is exactly 0: sqrt(0) = 0 (interval dependency makes the radicand [-0.75, 0.75])
    return sqrt(x * x - x**2) == 0


# -- identities sympy simplifies over the complex numbers, true on part of the box -------------


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def adv_sqrt_of_product(x, y):
    # rhs undefined for x < 0 or y < 0 (lhs defined where xy >= 0)
    return sqrt(x * y) == sqrt(x) * sqrt(y)


@claim(x=(0, 1), y=(0, 1), expect="proved")
def adv_sqrt_of_product_nonnegative(x, y):
    return sqrt(x * y) == sqrt(x) * sqrt(y)


@claim(x=("-1e-30", 1), expect="refuted")
def adv_square_half_power_tiny_negative(x):
    # (x^2)^(1/2) = |x| differs from x by 2|x| <= 2e-30 on [-1e-30, 0)
    return (x**2)**0.5 == x


@claim(x=(-2, 2), expect="proved")
def adv_sixth_power_sixth_root_abs(x):
    # (x^6)^(1/6) = |x|; defined at 0 (0^(1/6) = 0)
    return (x**6)**(1 / 6) == abs(x)


@claim(x=(1, 3), expect="refuted")
def adv_sqrt_square_shifted(x):
    # sqrt((x - 2)^2) = |x - 2| != x - 2 for x < 2 (sympy knows x > 0, not x - 2 > 0)
    return sqrt((x - 2)**2) == x - 2


@claim(x=("0.5", 2), y=("0.5", 2), expect="proved")
def adv_log_of_quotient(x, y):
    return log(x / y) == log(x) - log(y)


@claim(x=(-2, "-0.5"), y=("0.5", 2), expect="refuted")
def adv_log_of_product_negative(x, y):
    # log(x*y) undefined: x*y < 0 everywhere
    return log(x * y) == log(-x) + log(y)


@claim(x=(-1, 1), expect="proved")
def adv_max_identity_piecewise(x):
    # max(x, -x) = |x|
    return max(x, -x) == abs(x)


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def adv_min_plus_max_wrong(x, y):
    # min + max = x + y, not 2 max: differs by |x - y|
    return min(x, y) + max(x, y) == 2 * max(x, y)


# -- touching at points the bisection does not visit ------------------------------------------


@claim(x=(-1, 2), expect="refuted")
def adv_cosh_strict_off_centre(x):
    # e^x + e^-x = 2 at x = 0 (not a centre or an end of any bisection of [-1, 2])
    return exp(x) + exp(-x) > 2


@claim(x=(-1, 2), expect="proved")
def adv_cosh_nonstrict_off_centre(x):
    # e^x + e^-x >= 2, touching at 0
    return exp(x) + exp(-x) >= 2


@claim(x=("-0.5", 1), expect="refuted")
def adv_log1p_strict_touch(x):
    # log1p(0) = 0: ties at x = 0
    return log1p(x) < x


@claim(x=(0, 1), expect="proved")
def adv_touch_at_three_tenths(x):
    # e^u >= 1 + u with u = x - 0.3, touching at x = 3/10 (not a double)
    return exp(x - 0.3) >= 1 + (x - 0.3)


@claim(x=(0, 1), expect="refuted")
def adv_strict_touch_at_three_tenths(x):
    # ties at x = 3/10 exactly (a float near it gives a margin ~ 1e-34 > 0)
    return exp(x - 0.3) > 1 + (x - 0.3)


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def adv_strict_square_on_shifted_diagonal(x, y):
    # (x - y - 0.1)^2 = 0 on the line y = x - 1/10
    return (x - y - 0.1)**2 > 0


# -- Taylor forms anchored at a touching point that sits exactly on a kink ------------------------
# margin = K u^2 - |u| + u with u = x - x0 and K = 1e300: on the right of x0 it is K u^2 >= 0, on
# the left K u^2 + 2u < 0 for u in (-2/K, 0) (at u = -1e-300: 1e-300 - 2e-300 = -1e-300). The
# margin is 0 at u = 0, so the search hands x0 to the prover as a touching point; derivatives
# there taken from one branch (the right one) say m'(x0) = 0, and with m'' = 2K the anchored
# Taylor form "m >= K u^2 >= 0" would cover the left box too, where the true slope at x0 is 2.


@claim(x=(-1, 1), expect="refuted")
def adv_taylor_anchor_at_abs_kink(x):
    # fails on (-2e-300, 0) (doubles there: -1e-300 is one)
    return 1e300 * x**2 - abs(x) + x >= 0


@claim(x=(-1, 1), expect="proved")
def adv_taylor_anchor_at_abs_kink_true_twin(x):
    # 1e300 x^2 + |x| - x: K x^2 - 2x >= 0 for x < 0, K x^2 >= 0 for x >= 0
    return 1e300 * x**2 + abs(x) - x >= 0


@claim(x=(0, 1), expect="refuted")
def adv_taylor_anchor_at_kink_between_doubles(x):
    # fails only on (0.5 - 2e-300, 0.5): no double there, but 0.5 - 1e-300 is a decimal
    return 1e300 * (x - 0.5)**2 - abs(x - 0.5) + (x - 0.5) >= 0


@claim(x=(0, 1), expect="refuted")
def adv_taylor_anchor_at_min_kink(x):
    # min(0.5 - x, x - 0.5) = -|x - 0.5|: the same margin written with min (first argument
    # picked at the tie)
    return 1e300 * (x - 0.5)**2 + min(0.5 - x, x - 0.5) + (x - 0.5) >= 0


@claim(x=(-1, 1), y=(-1, 1), expect="refuted")
def adv_taylor_anchor_at_kink_2d(x, y):
    # at (x, y) = (-1e-300, 0): 1e-300 - 2e-300 < 0 (the 2-D anchored form: value, gradient, Hessian)
    return 1e300 * (x**2 + y**2) - abs(x) + x >= 0


@claim(x=(-1, 1), expect="refuted")
def adv_taylor_anchor_at_second_derivative_jump(x):
    # x|x| is C^1 but its second derivative jumps from -2 to 2 at 0: on the left the margin is
    # 1e300 x^4 - x^2 < 0 for 0 < |x| < 1e-150 (at x = -1e-200: 1e-500 - 1e-400); a third-order
    # Taylor form at the touching point 0 with f''(0) taken from the right (+2) "proves" it
    return 1e300 * x**4 + x * abs(x) >= 0


# -- five dimensions --------------------------------------------------------------------------


@claim(a=(0, 1), b=(0, 1), c=(0, 1), e=(0, 1), f=(0, 1), expect="refuted")
def adv_5d_sum_of_squares_at_decimal_point(a, b, c, e, f):
    # zero only at (0.3, 0.7, 0.1, 0.9, 0.2), no coordinate a double
    return (a - 0.3)**2 + (b - 0.7)**2 + (c - 0.1)**2 + (e - 0.9)**2 + (f - 0.2)**2 > 0


@claim(a=(0, 1), b=(0, 1), c=(0, 1), e=(0, 1), f=(0, 1), expect="proved")
def adv_5d_sum_of_squares_nonnegative(a, b, c, e, f):
    return (a - 0.3)**2 + (b - 0.7)**2 + (c - 0.1)**2 + (e - 0.9)**2 + (f - 0.2)**2 >= 0


@claim(a=(0, 1), b=(0, 1), c=(0, 1), e=(0, 1), f=(0, 1), expect="refuted")
def adv_5d_product_strict_corner(a, b, c, e, f):
    # = 1 at the corner (1, 1, 1, 1, 1)
    return a * b * c * e * f < 1


@claim(a=(-1, 1), b=(-1, 1), c=(-1, 1), e=(-1, 1), f=(-1, 1), expect="refuted")
def adv_5d_log_undefined_off_grid(a, b, c, e, f):
    # log of 0 where a + b + c + e + f = 1/3 (a hyperplane through the box)
    return log((3 * (a + b + c + e + f) - 1)**2) <= 10


# -- calc chains and all_of -------------------------------------------------------------------


@claim(x=(-1, 2), expect="refuted")
def adv_chain_step_undefined_at_zero(x):
    # step 1: x <= x*x/x + 1 is undefined at x = 0; the conclusion x <= x + 2 is true
    return calc(x).le(x * x / x + 1, "x*x/x = x").le(x + 2, "1 <= 2")


@claim(x=(0, 1), expect="proved")
def adv_chain_mixed_strict(x):
    # x < x + 1 == (x + 1), then <= x + 1: conclusion x < x + 1
    return calc(x).lt(x + 1, "+1").eq(1 + x, "commute").le(x + 1, "same")


@claim(x=(-1, 1), expect="refuted")
def adv_all_of_one_part_undefined(x):
    # second part undefined for x < 1/4
    return all_of(x <= 1, log(x - 0.25) <= 1)


@claim(x=(-1, 2), expect="refuted")
def adv_all_of_strict_part_ties_off_centre(x):
    # x^2 >= 0 holds; x^2 > 0 ties at 0
    return all_of(x**2 >= 0, x**2 + x**4 > 0)


@claim(x=(0, 1), expect="proved")
def adv_chain_of_forty_steps(x):
    # each step adds x^2 + 1 >= 0: true steps, true conclusion exp(x) <= exp(x) + 40 x^2 + 40. The
    # point is the budget: 40 steps must still finish within the claim's budget (plus the
    # documented overrun), whatever each step gets
    c = calc(exp(x))
    for k in range(1, 41):
        c = c.le(exp(x) + k * x**2 + k, f"add x^2 + 1 ({k})")
    return c


@claim(x=(0, 1), expect="proved")
def adv_all_of_two_hundred_parts(x):
    # exp(x) + k x^2 >= 1 + x for k >= 0 (exp(x) >= 1 + x): all true. The budget again: 200
    # parts share the claim's budget
    return all_of(*[exp(x) + k * x**2 >= 1 + x for k in range(200)])


# -- undefined at a corner that floats turn into a finite value (log(0) = -inf, npdf(-inf) = 0) ----


@claim(x=(0, 1), expect="refuted")
def adv_npdf_of_log_at_zero(x):
    # log(0) undefined; floats: npdf(-inf) = 0 >= 0 looks fine
    return npdf(log(x)) >= 0


@claim(x=(0, 1), expect="refuted")
def adv_erfc_of_minus_log_at_zero(x):
    # log(0) undefined; floats: erfc(inf) = 0 >= 0
    return erfc(-log(x)) >= 0


@claim(x=(0, 1), expect="refuted")
def adv_max_with_log_at_zero(x):
    # log(0) undefined; floats: max(-inf, -1) = -1 >= -1
    return max(log(x), -1) >= -1


@claim(x=(-1, 2), expect="refuted")
def adv_exp_of_minus_inverse_square_identity(x):
    # 1/x^2 undefined at 0 (0 is no end or centre of any bisection of [-1, 2]); the sides
    # are equal elsewhere; floats: exp(-inf) * exp(inf) = nan
    return exp(-1 / x**2) * exp(1 / x**2) == 1


# -- literals and bodies that fail when they run ----------------------------------------------


@claim(x=(0, 1), expect="refuted")
def adv_literal_division_by_zero(x):
    # 1/0 is undefined (Python raises ZeroDivisionError): the body is undefined everywhere
    return x + 1 / 0 > 0


@claim(expect="refuted")
def adv_literal_cube_root_of_negative():
    # (-8)**(1/3) is a fractional power of a negative number (Python: a complex number)
    return (-8)**(1 / 3) <= 0


@claim(x=(0, 1), expect="refuted")
def adv_literal_zero_to_negative_power(x):
    # 0**-1 is undefined (Python raises ZeroDivisionError): undefined everywhere
    return x + 0**-1 > 0


@claim(expect="proved")
def adv_literal_zero_to_a_half():
    # 0**0.5 = 0.0 in Python (a fractional power of 0 is defined: 0)
    return 0**0.5 == 0


@claim(x=(0, 1), expect="proved")
def adv_literal_zero_to_a_half_in_a_sum(x):
    # x + 0**0.5 = x
    return x + 0**0.5 >= x


@claim(x=(1, 2), expect="proved")
def adv_below_smallest_subnormal(x):
    # 2^-1075 > 0 exactly (floats: 2.0**-1075 == 0.0)
    return x * 2**-1075 > 0


@claim(x=(0, 1), expect="proved")
def adv_negative_int_power_literal(x):
    # 10**-400 is exactly 10^-400 > 0 (floats: 0.0)
    return x + 10**-400 > x


@claim(x=(-1, 1), expect="proved")
def adv_generator_sum(x):
    # 1 + x + x^2 + x^3 + x^4 >= 0 on [-1, 1]: (1 + x)(1 + x^2)... = (x^5 - 1)/(x - 1) > 0
    return sum(x**k for k in range(5)) > 0


@claim(x=(-1, 1), expect="proved")
def adv_builtin_pow_with_literal(x):
    # pow(x, 2) == x*x
    return pow(x, 2) == x * x


ORACLES = {
    "adv_taylor_anchor_at_second_derivative_jump": lambda x: ge(C(10) ** 300 * x**4 + x * abs(x), 0),
    "adv_npdf_of_log_at_zero": lambda x: ge(NPDF(L(x)), 0),
    "adv_erfc_of_minus_log_at_zero": lambda x: ge(ERFC(-L(x)), 0),
    "adv_max_with_log_at_zero": lambda x: ge(max(L(x), -1), -1),
    "adv_exp_of_minus_inverse_square_identity": lambda x: eq(E(-div(1, x**2)) * E(div(1, x**2)), 1),
    "adv_taylor_anchor_at_abs_kink": lambda x: ge(C(10) ** 300 * x**2 - abs(x) + x, 0),
    "adv_taylor_anchor_at_kink_between_doubles": lambda x: ge(
        C(10) ** 300 * (x - q("0.5")) ** 2 - abs(x - q("0.5")) + (x - q("0.5")), 0),
    "adv_taylor_anchor_at_min_kink": lambda x: ge(
        C(10) ** 300 * (x - q("0.5")) ** 2 + min(q("0.5") - x, x - q("0.5")) + (x - q("0.5")), 0),
    "adv_taylor_anchor_at_kink_2d": lambda x, y: ge(C(10) ** 300 * (x**2 + y**2) - abs(x) + x, 0),
    "adv_x_to_the_x_huge": lambda x: le(pw(x, x), C(10) ** 1349),
    "adv_d_abs_on_nonnegative_box": lambda x: ge(div(abs(x), x), 1),
    "adv_strict_at_a_third_end": lambda x: lt(3 * x, 1),
    "adv_negative_base_fractional_exponent": lambda x: le(pw(-2, x), 8),
    "adv_bound_beyond_str_digits_limit": lambda x: le(L(x), 11512),
    "adv_d_abs_kink_at_a_third": lambda x: le(3 * div(abs(3 * x - 1), 3 * x - 1), 3),
    "adv_d_abs_squared_strict": lambda x: gt(div(abs(x), x) ** 2, q("0.5")),
    "adv_d_min_plus_d_max": lambda x, y: eq(div(abs(x - y), x - y) * 0 + 1, 1),
    "adv_nested_d_of_max": lambda x, y: eq(0 * div(abs(x - y), x - y), 0),
    "adv_negative_int_power_identity": lambda x: eq(pw(x, -2) * x**2, 1),
    "adv_literal_zero_to_negative_power": lambda x: gt(x + pw(0, -1), 0),
    "adv_d_abs_at_kink": lambda x: ge(div(abs(x), x), -1),
    "adv_d_abs_times_x_is_abs": lambda x: eq(div(abs(x), x) * x, abs(x)),
    "adv_d_max_on_diagonal": lambda x, y: le((1 if x > y else 0) if x != y else div(1, 0), 1),
    "adv_d_cube_root_at_zero": lambda x: ge(pw(x, C(-2) / 3) / 3, 0),
    "adv_second_derivative_of_abs": lambda x: eq(0 * div(abs(x), x), 0),
    "adv_d_min_clip": lambda x: ge((1 if x < 0 else 0) if x != 0 else div(1, 0), 0),
    "adv_two_thirds_power_negative": lambda x: ge(pw(x, C(2) / 3), 0),
    "adv_cube_root_of_cube": lambda x: eq(pw(x**3, C(1) / 3), x),
    "adv_module_float_identity": lambda x: neq0(q(0.1) - q("0.1")),
    "adv_exp_below_1e309": lambda x: le(E(x), C(10) ** 309),
    "adv_mills_series_deep_tail": lambda x: le(
        PHI(-x), NPDF(x) / x * (1 - 1 / x**2 + 3 / x**4 - 15 / x**6 + 105 / x**8 - q("1e-12"))),
    "adv_erfcx_deep_tail": lambda x: le(x * S(PI()) * E(x**2) * ERFC(x), 1 - 1 / (2 * x**2) + C(3) / (4 * x**4) - q("1e-9")),
    "adv_strict_above_decimal_tie": lambda x: gt(x, q("0.1")),
    "adv_log1p_at_its_pole": lambda x: ge(L1P(x), -1000),
    "adv_log_expm1_at_zero": lambda x: le(L(EM1(x)), x),
    "adv_undefined_only_at_a_third": lambda x: le(L((3 * x - 1) ** 2), 10),
    "adv_undefined_only_at_three_tenths": lambda x: le(L((x - q("0.3")) ** 2), 2),
    "adv_undefined_at_zero_not_centre": lambda x: eq(L(x**2), 2 * L(abs(x))),
    "adv_sqrt_of_product": lambda x, y: eq(S(x * y), S(x) * S(y)),
    "adv_square_half_power_tiny_negative": lambda x: neq0(abs(x) - x),
    "adv_sqrt_square_shifted": lambda x: eq(S((x - 2) ** 2), x - 2),
    "adv_log_of_product_negative": lambda x, y: eq(L(x * y), L(-x) + L(y)),
    "adv_min_plus_max_wrong": lambda x, y: neq0(min(x, y) - max(x, y)),
    "adv_cosh_strict_off_centre": lambda x: gt(E(x) + E(-x), 2),
    "adv_log1p_strict_touch": lambda x: lt(L1P(x), x),
    "adv_strict_touch_at_three_tenths": lambda x: gt(E(x - q("0.3")), 1 + (x - q("0.3"))),
    # (2/5 is no binary mpf: a residue below 10^-(dps-10) is the exact tie x - y = 1/10)
    "adv_strict_square_on_shifted_diagonal": lambda x, y: (
        TIE if abs(x - y - q("0.1")) < C(10) ** (10 - mp.dps) else gt((x - y - q("0.1")) ** 2, 0)),
    "adv_5d_sum_of_squares_at_decimal_point": lambda a, b, c, e, f: gt(
        (a - q("0.3")) ** 2 + (b - q("0.7")) ** 2 + (c - q("0.1")) ** 2 + (e - q("0.9")) ** 2 + (f - q("0.2")) ** 2, 0),
    "adv_5d_product_strict_corner": lambda a, b, c, e, f: lt(a * b * c * e * f, 1),
    "adv_5d_log_undefined_off_grid": lambda a, b, c, e, f: le(L((3 * (a + b + c + e + f) - 1) ** 2), 10),
    "adv_chain_step_undefined_at_zero": lambda x: all_(le(x, div(x * x, x) + 1), le(div(x * x, x) + 1, x + 2)),
    "adv_all_of_one_part_undefined": lambda x: all_(le(x, 1), le(L(x - q("0.25")), 1)),
    "adv_all_of_strict_part_ties_off_centre": lambda x: all_(ge(x**2, 0), gt(x**2 + x**4, 0)),
    "adv_literal_division_by_zero": lambda x: gt(x + div(1, 0), 0),
    "adv_literal_cube_root_of_negative": lambda: le(pw(-8, C(1) / 3), 0),
}

WITNESSES = {
    "adv_taylor_anchor_at_second_derivative_jump": {"x": "-1e-200"},
    "adv_npdf_of_log_at_zero": {"x": "0"},
    "adv_erfc_of_minus_log_at_zero": {"x": "0"},
    "adv_max_with_log_at_zero": {"x": "0"},
    "adv_exp_of_minus_inverse_square_identity": {"x": "0"},
    "adv_taylor_anchor_at_abs_kink": {"x": "-1e-300"},
    "adv_taylor_anchor_at_kink_between_doubles": {"x": str(Fraction(1, 2) - Fraction(1, 10**300))},
    "adv_taylor_anchor_at_min_kink": {"x": str(Fraction(1, 2) - Fraction(1, 10**300))},
    "adv_taylor_anchor_at_kink_2d": {"x": "-1e-300", "y": "0"},
    "adv_x_to_the_x_huge": {"x": "500"},
    "adv_d_abs_on_nonnegative_box": {"x": "0"},
    "adv_strict_at_a_third_end": {"x": "1/3"},
    "adv_negative_base_fractional_exponent": {"x": "1.5"},
    "adv_bound_beyond_str_digits_limit": {"x": "1e5000"},
    "adv_d_abs_squared_strict": {"x": "0"},
    "adv_d_min_plus_d_max": {"x": "0", "y": "0"},
    "adv_nested_d_of_max": {"x": "0", "y": "0"},
    "adv_negative_int_power_identity": {"x": "0"},
    "adv_literal_zero_to_negative_power": {"x": "0"},
    "adv_d_abs_at_kink": {"x": "0"},
    "adv_d_abs_times_x_is_abs": {"x": "0"},
    "adv_d_max_on_diagonal": {"x": "0", "y": "0"},
    "adv_d_cube_root_at_zero": {"x": "0"},
    "adv_second_derivative_of_abs": {"x": "0"},
    "adv_d_min_clip": {"x": "0"},
    "adv_two_thirds_power_negative": {"x": "-0.5"},
    "adv_cube_root_of_cube": {"x": "-0.5"},
    "adv_module_float_identity": {"x": "0.5"},
    "adv_exp_below_1e309": {"x": "712"},
    "adv_mills_series_deep_tail": {"x": "40"},
    "adv_erfcx_deep_tail": {"x": "40"},
    "adv_strict_above_decimal_tie": {"x": "0.1"},
    "adv_log1p_at_its_pole": {"x": "-1"},
    "adv_log_expm1_at_zero": {"x": "0"},
    "adv_undefined_only_at_a_third": {"x": "1/3"},
    "adv_undefined_only_at_three_tenths": {"x": "0.3"},
    "adv_undefined_at_zero_not_centre": {"x": "0"},
    "adv_sqrt_of_product": {"x": "-0.5", "y": "-0.5"},
    "adv_square_half_power_tiny_negative": {"x": "-1e-30"},
    "adv_sqrt_square_shifted": {"x": "1"},
    "adv_log_of_product_negative": {"x": "-1", "y": "1"},
    "adv_min_plus_max_wrong": {"x": "0", "y": "1"},
    "adv_cosh_strict_off_centre": {"x": "0"},
    "adv_log1p_strict_touch": {"x": "0"},
    "adv_strict_touch_at_three_tenths": {"x": "0.3"},
    "adv_strict_square_on_shifted_diagonal": {"x": "0.5", "y": "0.4"},
    "adv_5d_sum_of_squares_at_decimal_point": {"a": "0.3", "b": "0.7", "c": "0.1", "e": "0.9", "f": "0.2"},
    "adv_5d_product_strict_corner": {"a": "1", "b": "1", "c": "1", "e": "1", "f": "1"},
    "adv_5d_log_undefined_off_grid": {"a": "1/3", "b": "0", "c": "0", "e": "0", "f": "0"},
    "adv_chain_step_undefined_at_zero": {"x": "0"},
    "adv_all_of_one_part_undefined": {"x": "0"},
    "adv_all_of_strict_part_ties_off_centre": {"x": "0"},
    "adv_literal_division_by_zero": {"x": "0"},
    "adv_literal_cube_root_of_negative": {},
}

ALLOWED_UNDECIDED = {
    # true and hard (undecided is sound; a proof would be welcome)
    "adv_d_t_abs_t_is_smooth": "true; the hull of d|t|/dt near 0 needs boxes below 5e-10 to beat the 1e-9 slack",
    "adv_var_power_zero_to_zero": "true; x**y at the corner (0, 0) (0**0 = 1): exp(y log x) is undefined on every box touching x = 0",
    "adv_negative_base_integer_exponent_variable": "true; defined only because y is exactly the integer 2, while enclosures go through log x",
    "adv_log_of_exp": "true; exp(-800) = 3.7e-348 is below the double range, so batch enclosures of log(exp(x)) look undefined near -800",
    "adv_erfc_below_gaussian": "true; touches at 0 and both sides fall below the double range (erfc(30) = 2.6e-393)",
    "adv_log1p_near_its_pole": "true; the outward-rounded float box reaches -1, where log1p is undefined",
    "adv_sqrt_of_perfect_square": "true; the radicand's enclosure dips below 0 near x = 1 (dependency)",
    "adv_sqrt_of_exact_zero": "true; x*x - x**2 is exactly 0 but its enclosure is [-w, w]",
    "adv_touch_at_three_tenths": "true; touches at x = 3/10, which is not a double",
    "adv_chain_of_forty_steps": "true; 40 steps share the budget: undecided is fine, running over the budget is not",
    "adv_all_of_two_hundred_parts": "true; 200 parts share the budget: undecided is fine, running over the budget is not",
    # false only where no finite decimal point can show it
    "adv_d_abs_kink_at_a_third": "undefined only at x = 1/3 (the kink), which no finite decimal names",
    "adv_5d_log_undefined_off_grid": "undefined only where a + b + c + e + f = 1/3: no point with finite decimal coordinates",
    "adv_undefined_only_at_a_third": "undefined only at x = 1/3, which no finite decimal names",
}
