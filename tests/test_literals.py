"""Literals in a claim body mean exactly what was typed; floats from elsewhere are their exact
binary values, and the evidence says so (issue 12, kind 4).

Every expected verdict below was settled independently of theorycheck: by exact rational
arithmetic (fractions.Fraction) on the numbers as typed, or with mpmath at 60 digits.
"""

from fractions import Fraction

import mpmath
import pytest
import sympy

from theorycheck import Phi, calc, claim, exact, exp, npdf, sqrt
from theorycheck.check import check
from theorycheck.claims import ClaimDefinitionError, ClaimEvaluationError
from theorycheck.expr import Lazy, Real

BUDGET = 10
X = sympy.Symbol("x")


def sides(c, *values):
    """The claim's two sides evaluated on sympy symbols (exact: what the engines are given)."""
    rel = c.evaluate(list(values) if values else [X])
    out = []
    for side in (rel.lhs, rel.rhs):
        if isinstance(side, Real):
            out.append(sympy.nsimplify(side.raw) if not isinstance(side.raw, sympy.Basic) else side.raw)
        elif isinstance(side, Lazy):
            out.append(side.materialize_like(X))
        else:
            out.append(sympy.sympify(side))
    return out


def constants(c):
    """The exact constants a rewritten body was given (through its closure cell)."""
    code = c.func.__code__
    cells = dict(zip(code.co_freevars, c.func.__closure__ or ()))
    cell = cells.get("_theorycheck_exact_literals_")
    return [] if cell is None else [k.value for k in cell.cell_contents]


# -- the three reported claims ---------------------------------------------------------------------


@claim(x=(0, 39))
def npdf_above_1e_330(x):
    return npdf(x) >= 1e-330


@claim(x=(1, 2))
def product_of_tiny_literals_is_zero(x):
    return x * (1e-300 * 1e-300) == 0


@claim(x=(-1, 1))
def a_third_times_three(x):
    return x * (1 / 3) * 3 == x


def test_npdf_at_39_is_below_1e_330_so_the_claim_is_refuted():
    # independent truth: npdf(39) = exp(-39^2/2)/sqrt(2 pi) = 2.1e-331 < 1e-330 (mpmath, 60 digits);
    # Python reads 1e-330 as 0.0, which made the claim look true
    with mpmath.workdps(60):
        assert mpmath.npdf(39) < mpmath.mpf(10) ** -330 < mpmath.npdf(38)
    assert 1e-330 == 0.0
    v = check(npdf_above_1e_330, budget=BUDGET)
    assert v.verdict == "refuted"
    x = Fraction(v.counterexample["x"])
    with mpmath.workdps(60):
        assert mpmath.npdf(mpmath.mpf(x.numerator) / x.denominator) < mpmath.mpf(10) ** -330


def test_tiny_product_is_10_to_the_minus_600_not_zero():
    # exactly: x * 10^-600 = 0 fails for every x in [1, 2]; CPython folds 1e-300*1e-300 to 0.0
    assert constants(product_of_tiny_literals_is_zero) == [Fraction(1, 10**600)]
    v = check(product_of_tiny_literals_is_zero, budget=BUDGET)
    assert v.verdict == "refuted"


def test_one_third_is_one_third():
    # exactly: x * (1/3) * 3 = x; in binary (1/3)*3 rounds, and the double 1/3 is not one third
    assert Fraction(1 / 3) * 3 != 1
    assert constants(a_third_times_three) == [Fraction(1, 3)]
    assert check(a_third_times_three, budget=BUDGET).verdict == "proved"


# -- decimal identities and inequalities that binary doubles get wrong ------------------------------


@claim(x=(0, 1))
def point_one_plus_point_two_times_x(x):
    return (0.1 + 0.2) * x <= 0.3 * x


@claim(x=(-1, 1))
def tenths_add_up(x):
    return x + 0.1 + 0.2 == x + 0.3


def test_point_one_plus_point_two_is_three_tenths():
    # as doubles 0.1 + 0.2 = 0.30000000000000004 > 0.3, so the inequality would fail at x = 1;
    # as typed both sides are 3x/10
    assert Fraction(0.1 + 0.2) > Fraction(0.3)
    assert constants(point_one_plus_point_two_times_x) == [Fraction(3, 10), Fraction(3, 10)]
    assert check(point_one_plus_point_two_times_x, budget=BUDGET).verdict == "proved"
    lhs, rhs = sides(tenths_add_up)
    assert sympy.simplify(lhs - rhs) == 0 and lhs == X + sympy.Rational(3, 10)
    assert check(tenths_add_up, budget=BUDGET).verdict == "proved"


# -- tiny and huge literals, negative exponents -------------------------------------------------------


@claim(x=(1, 2))
def tiny_literal_is_positive(x):
    return x * 1e-400 > 0


@claim(x=(1, 2))
def huge_literal_is_finite(x):
    return x * 1e400 >= 1e399


@claim(x=(1, 2))
def half_the_smallest_subnormal(x):
    return x * (2**-1074 / 2) > 0


def test_tiny_and_huge_literals_are_exact():
    # 1e-400 is 0.0 and 1e400 is inf in Python; as typed they are 10^-400 > 0 and 10^400, and
    # x 10^400 >= 10^399 holds for x >= 1/10. 2^-1074 / 2 = 2^-1075 underflows to 0.0 in binary.
    assert 1e-400 == 0.0 and 1e400 == float("inf") and 2**-1074 / 2 == 0.0
    assert constants(tiny_literal_is_positive) == [Fraction(1, 10**400)]
    assert constants(huge_literal_is_finite) == [Fraction(10**400), Fraction(10**399)]
    assert constants(half_the_smallest_subnormal) == [Fraction(1, 2**1075)]
    for c in (tiny_literal_is_positive, huge_literal_is_finite, half_the_smallest_subnormal):
        assert check(c, budget=BUDGET).verdict == "proved", c.name


@claim(x=(-2, 2))
def negative_exponents(x):
    return x * 10**-3 * 2.5e-2 == x / 40000 - 0.0


def test_negative_exponents_fold_exactly():
    # 10**-3 (int ** negative int) and 2.5e-2 are 1/1000 and 1/40; their product 1/40000
    assert constants(negative_exponents)[:2] == [Fraction(1, 1000), Fraction(1, 40)]
    lhs, rhs = sides(negative_exponents)
    assert sympy.simplify(lhs - X / 40000) == 0 and sympy.simplify(rhs - X / 40000) == 0
    assert check(negative_exponents, budget=BUDGET).verdict == "proved"


@claim(x=(0, 1))
def fractional_power_of_a_constant(x):
    return x * 2**0.5 >= x * 1.41


def test_fractional_power_is_enclosed_not_folded():
    # sqrt(2) = 1.41421... > 1.41: true on [0, 1]; 2**0.5 cannot be folded to a rational
    assert constants(fractional_power_of_a_constant) == [Fraction(1, 2), Fraction(141, 100)]
    assert check(fractional_power_of_a_constant, budget=BUDGET).verdict == "proved"


# -- literals in lambdas, nested defs, closures, defaults, chains ------------------------------------------


@claim(x=(-1, 1))
def literal_in_a_lambda(x):
    f = lambda t: t * 0.1 + 0.2  # noqa: E731
    return f(x) * 10 == x + 2


@claim(x=(-1, 1))
def literal_in_a_nested_def(x):
    def tenth(t, c=0.1):  # the default is source too: evaluated in the rewritten body
        return t * c

    return tenth(x) * 10 == x


def test_lambdas_and_nested_defs_are_rewritten():
    # the doubles 0.1 and 0.2 are not 1/10 and 2/10: in binary these identities are false
    assert Fraction(0.1) * 10 != 1 and Fraction(0.2) * 10 != 2
    lhs, rhs = sides(literal_in_a_lambda)
    assert sympy.expand(lhs - rhs) == 0
    lhs, rhs = sides(literal_in_a_nested_def)
    assert sympy.expand(lhs - rhs) == 0
    assert check(literal_in_a_lambda, budget=BUDGET).verdict == "proved"
    assert check(literal_in_a_nested_def, budget=BUDGET).verdict == "proved"


def _factory(k):
    @claim(x=(0, 1))
    def scaled(x):
        """x k / 10, two ways."""
        return x * k * 0.1 <= x * k / 10

    return scaled


FACTORY_CLAIMS = [_factory(k) for k in (1, 3, 7)]


def test_closures_over_loop_variables_keep_their_cells():
    # each claim sees its own k, and 0.1 is 1/10: both sides are k x / 10 exactly
    for k, c in zip((1, 3, 7), FACTORY_CLAIMS):
        lhs, rhs = sides(c)
        assert sympy.expand(lhs - k * X / 10) == 0 and sympy.expand(rhs - k * X / 10) == 0
        assert c.__doc__ == "x k / 10, two ways."
    assert check(FACTORY_CLAIMS[1], budget=BUDGET).verdict == "proved"


def test_loop_made_claims_capture_each_value():
    made = []
    for k in (2, 5):
        made.append(_factory(k))
    assert [sides(c)[0] for c in made] == [2 * X / 10, 5 * X / 10]


@claim(x=(0, 1))
def body_with_a_default(x=0.25):
    return x * 0.1 <= x / 10


def test_defaults_and_metadata_are_kept():
    f = body_with_a_default.func
    assert f.__defaults__ == (0.25,)
    assert f.__name__ == "body_with_a_default" and f.__qualname__ == "body_with_a_default"
    assert f.__module__ == __name__
    assert f.__wrapped__.__code__ is not f.__code__ and f.__wrapped__.__name__ == "body_with_a_default"
    assert body_with_a_default.options["literals"] == "source read: literals exact as typed"
    assert check(body_with_a_default, budget=BUDGET).verdict == "proved"


@claim(x=(0, 1))
def chain_with_literals(x):
    return calc((0.1 + 0.2) * x).le(0.3 * x, "0.1 + 0.2 is 3/10").le(x / 3, "3/10 <= 1/3")


def test_calc_chains_in_bodies_get_exact_literals():
    v = check(chain_with_literals, budget=BUDGET)
    assert [s["verdict"] for s in v.steps] == ["proved", "proved"]
    assert v.verdict == "proved"


# -- integers stay Python ints; what cannot be folded is left to run time ---------------------------------


@claim(x=(0, 1))
def ints_stay_ints(x):
    return sum(x**k for k in range(3)) + 2 * 3 >= 7 - 2**2


def test_integer_literals_are_left_alone():
    # nothing here needs exact folding (Python computes it exactly): the body is not rewritten
    assert constants(ints_stay_ints) == []
    assert ints_stay_ints.options["literals"] == "source read: no literal needed rewriting"
    assert check(ints_stay_ints, budget=BUDGET).verdict == "proved"


@claim(x=(0, 1))
def divides_by_zero(x):
    return x + 1 / 0 >= 0


def test_an_undefined_constant_is_not_folded_and_raises_at_run_time():
    with pytest.raises(ClaimEvaluationError):
        divides_by_zero.evaluate([0.5])


@claim(x=(0, 1))
def fstring_is_text(x):
    label = f"{0.1}"
    return x * len(label) >= 0


def test_fstrings_are_not_rewritten():
    assert fstring_is_text.func(0.5) is not None
    assert fstring_is_text.evaluate([0.5]).lhs.raw == 1.5


# -- decorators --------------------------------------------------------------------------------------


def test_decorators_below_claim_are_refused_clearly():
    import functools

    def logged(f):
        @functools.wraps(f)
        def g(*a):
            return f(*a)

        return g

    with pytest.raises(ClaimDefinitionError, match="decorator"):

        @claim(x=(0, 1))
        @logged
        def wrapped(x):
            return x * 0.1 >= 0

    def registering(f):
        return f

    with pytest.raises(ClaimDefinitionError, match="decorators other than @claim"):

        @claim(x=(0, 1))
        @registering
        def registered(x):
            return x * 0.1 >= 0


def test_decorators_above_claim_are_fine():
    seen = []

    def register(c):
        seen.append(c)
        return c

    @register
    @claim(x=(0, 1))
    def kept(x):
        return x * 0.1 <= x / 10

    assert seen == [kept] and constants(kept) == [Fraction(1, 10)]


# -- no source: binary values, recorded ------------------------------------------------------------


def test_a_body_without_source_takes_binary_values_and_says_so():
    # exec leaves no source: 0.1 is the double 3602879701896397/2^55 > 1/10, so x * 0.1 <= x / 10
    # fails at every x > 0 (exact rational arithmetic)
    assert Fraction(0.1) > Fraction(1, 10)
    ns = {}
    exec("from theorycheck import claim\n@claim(x=(0, 1))\ndef no_source(x):\n    return x * 0.1 <= x / 10\n", ns)
    c = ns["no_source"]
    assert "no source" in c.options["literals"]
    v = check(c, budget=BUDGET)
    assert v.verdict == "refuted"
    floats = v.evidence["floats_taken_as_binary"]
    # the double 0.1 is 0.1000000000000000055511151231257827021181583404541015625 exactly
    assert str(__import__("decimal").Decimal(0.1)).startswith("0.100000000000000005551115123125")
    assert floats == [{"float": "0.1", "exact": "0.100000000000000005551115123125..."}]


ALPHA = 0.3


@claim(x=(0, 1))
def module_float_against_literal(x):
    return ALPHA * x <= 0.3 * x


def test_a_module_level_float_is_its_binary_value_and_is_recorded():
    # ALPHA = 0.3 outside the body is 5404319552844595/2^54 < 3/10 (the literal in the body): holds
    assert Fraction(ALPHA) < Fraction(3, 10)
    v = check(module_float_against_literal, budget=BUDGET)
    assert v.verdict == "proved"
    assert v.evidence["floats_taken_as_binary"] == [{"float": "0.3", "exact": "0.299999999999999988897769753748..."}]
    from theorycheck.report import _evidence_section

    assert any("0.3 = 0.29999999999999998889" in line for line in _evidence_section(v.to_json()))


EXACT_ALPHA = exact("0.3")


@claim(x=(0, 1))
def exact_module_constant(x):
    return EXACT_ALPHA * x == 0.3 * x


def test_exact_helper_gives_the_decimal_outside_bodies():
    assert EXACT_ALPHA.value == Fraction(3, 10)
    v = check(exact_module_constant, budget=BUDGET)
    assert v.verdict == "proved" and "floats_taken_as_binary" not in v.evidence
    with pytest.raises(TypeError):
        exact(0.3)


def test_exact_floats_are_not_listed():
    # 0.5 and 2.0 are the decimals they print as: nothing to warn about
    half = 0.5

    @claim(x=(0, 1))
    def uses_half(x):
        return half * x <= x

    v = check(uses_half, budget=BUDGET)
    assert v.verdict == "proved" and "floats_taken_as_binary" not in v.evidence


def test_functions_of_literals_stay_exact():
    # exp(0.1) and Phi(0.5) of exact constants: enclosed around the exact decimals (mpmath, 60 digits)
    @claim(x=(0, 1))
    def uses_functions(x):
        return x * exp(0.1) + Phi(0.5) + sqrt(0.25) >= 0

    c = constants(uses_functions)
    assert c == [Fraction(1, 10), Fraction(1, 2), Fraction(1, 4)]
    from theorycheck.enclose.interval import Interval

    rel = uses_functions.evaluate([Interval.point(1)])
    lo, hi = rel.lhs.raw.lo, rel.lhs.raw.hi
    with mpmath.workdps(60):
        truth = mpmath.exp(mpmath.mpf(1) / 10) + mpmath.ncdf(mpmath.mpf(1) / 2) + mpmath.mpf(1) / 2
        assert mpmath.mpf(lo) <= truth <= mpmath.mpf(hi)


@claim(x=(0, 1))
def constant_to_a_variable_power(x):
    return 0.5**x >= 0.5


def test_a_literal_base_to_a_variable_power():
    # (1/2)^x >= 1/2 on [0, 1]: decreasing in x, equal at x = 1
    assert check(constant_to_a_variable_power, budget=BUDGET).verdict == "proved"


@claim(x=(0, 1))
def integral_with_a_tolerance(x):
    from theorycheck import integral

    return integral(lambda t: 0.5 * t, 0, x, tol=1e-9) == x**2 / 4


def test_literals_passed_as_float_options_still_work():
    # the integral of t/2 from 0 to x is x^2/4; tol=1e-9 is an exact constant that integral takes as a float
    rel = integral_with_a_tolerance.evaluate([0.5])
    assert abs(float(rel.lhs.raw) - 0.0625) < 1e-12


lambda_claim = claim(x=(0, 1))(lambda x: x * 0.1 <= x / 10)  # noqa: E731


def test_a_claim_made_from_a_lambda_reads_its_source():
    # x * 1/10 <= x/10 holds exactly (with the double 0.1 > 1/10 it would fail for x > 0)
    assert lambda_claim.options["literals"] == "source read: literals exact as typed"
    assert constants(lambda_claim) == [Fraction(1, 10)]
    assert check(lambda_claim, budget=BUDGET).verdict == "proved"


def test_an_indented_body_with_a_ragged_docstring_is_still_read():
    @claim(x=(0, 1))
    def ragged(x):
        """A docstring whose second line
is not indented (textwrap.dedent cannot remove the def's indentation)."""
        return x * 0.1 <= x / 10

    assert ragged.options["literals"] == "source read: literals exact as typed"
    assert constants(ragged) == [Fraction(1, 10)]
    assert ragged.__doc__.startswith("A docstring")


def test_a_helper_float_weight_of_a_mixture_is_recorded():
    # Mixture weights from a helper are floats: 0.3 is its double, and the evidence says so
    from theorycheck.expr import BinaryFloats
    from theorycheck.gaussians.mixture import exact_number

    with BinaryFloats() as seen:
        assert exact_number(0.3) == Fraction(0.3) != Fraction(3, 10)
        assert exact_number(0.5) == Fraction(1, 2)
    assert seen.describe() == [{"float": "0.3", "exact": "0.299999999999999988897769753748..."}]
