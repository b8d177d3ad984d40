"""IntervalArray: every enclosure contains the true value (100-digit mpmath, exact rationals).

Each test compares against an independent reference: mpmath at 100 digits for the functions,
``fractions.Fraction`` for arithmetic (where the batch must also be *exactly* the directed
rounding of the true result), and the scalar Arb ``Interval`` as a cross-check. Random inputs
come from hypothesis with derandomize=True or numpy generators with fixed seeds, so runs repeat.
"""

import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theorycheck.enclose import batch
from theorycheck.enclose.batch import IntervalArray
from theorycheck.enclose.interval import DomainError, Interval, interval

INF = math.inf
MAX = 1.7976931348623157e308
FUNCTIONS = ("exp", "expm1", "log", "log1p", "sqrt", "erf", "erfc", "tanh", "Phi", "npdf")

# where each function is defined (points outside are not evaluated by the reference)
DOMAIN = {
    "log": lambda v: v > 0,
    "log1p": lambda v: v > -1,
    "sqrt": lambda v: v >= 0,
}
# an interval wholly outside the domain gives a NaN element
WHOLLY_OUTSIDE = {
    "log": lambda lo, hi: hi <= 0,
    "log1p": lambda lo, hi: hi <= -1,
    "sqrt": lambda lo, hi: hi < 0,
}


def _erfc_far_tail(v):
    """erfc(v) for v > 1e4, where mpmath's erfc overflows internally: the leading asymptotic
    term e^(-v^2)/(v sqrt pi), which is within a factor 1 + 1e-8 above the true value; both
    are far below the smallest double, which is all the enclosure tests look at there."""
    return mp.exp(-v * v) / (v * mp.sqrt(mp.pi))


def reference(name: str, x: float):
    """f(x) at 100 digits for the exact double x."""
    with mp.workdps(100):
        v = mp.mpf(x)
        if name == "erfc" and v > 1e4:
            return _erfc_far_tail(v)
        if name == "Phi" and v < -1e4:
            return _erfc_far_tail(-v / mp.sqrt(2)) / 2
        if name == "Phi" and v > 1e4:
            return 1 - _erfc_far_tail(v / mp.sqrt(2)) / 2
        return {
            "exp": mp.exp,
            "expm1": mp.expm1,
            "log": mp.log,
            "log1p": mp.log1p,
            "sqrt": mp.sqrt,
            "erf": mp.erf,
            "erfc": mp.erfc,
            "tanh": mp.tanh,
            "Phi": mp.ncdf,
            "npdf": mp.npdf,
        }[name](v)


def encloses(lo: float, hi: float, value) -> bool:
    """lo <= value <= hi, compared exactly (mpf of a double is exact)."""
    with mp.workdps(100):
        return mp.mpf(lo) <= value <= mp.mpf(hi)


def points_inside(lo: float, hi: float, fractions_):
    """The end points and some doubles between them (when both are finite)."""
    pts = [lo, hi]
    if math.isfinite(lo) and math.isfinite(hi):
        for f in fractions_:
            p = lo + f * (hi - lo)
            pts.append(min(max(p, lo), hi))
    return [p for p in pts if math.isfinite(p)]


def check_function_on(name: str, lo: np.ndarray, hi: np.ndarray, fractions_=(0.25, 0.7)):
    """Evaluate ``name`` on the batch and check every element against mpmath; returns the
    number of reference values checked (so callers can make sure something was checked)."""
    result = getattr(IntervalArray(lo, hi), name)()
    checked = 0
    for a, b, r_lo, r_hi in zip(lo.tolist(), hi.tolist(), result.lo.tolist(), result.hi.tolist()):
        outside = WHOLLY_OUTSIDE.get(name)
        if outside is not None and outside(a, b):
            assert math.isnan(r_lo) and math.isnan(r_hi), (name, a, b, r_lo, r_hi)
            continue
        assert not math.isnan(r_lo) and not math.isnan(r_hi), (name, a, b)
        assert r_lo <= r_hi, (name, a, b, r_lo, r_hi)
        for p in points_inside(a, b, fractions_):
            if name in DOMAIN and not DOMAIN[name](p):
                continue
            value = reference(name, p)
            assert encloses(r_lo, r_hi, value), (
                f"{name}([{a!r}, {b!r}]) = [{r_lo!r}, {r_hi!r}] misses {name}({p!r}) = "
                f"{mp.nstr(value, 25)}"
            )
            checked += 1
    return checked


# -- strategies ------------------------------------------------------------------------------


def _sorted_pair(a, b):
    return (a, b) if a <= b else (b, a)


@st.composite
def intervals(draw):
    """Intervals of many shapes: points, tiny widths, around 0, near 1, magnitudes from 1e-300
    to 40 of either sign, wide ranges such as [-40, 40]."""
    kind = draw(st.sampled_from(["point", "tiny", "zero", "one", "magnitude", "range", "wide"]))
    if kind == "point":
        v = draw(st.one_of(st.floats(-40, 40), st.sampled_from([0.0, 1.0, -1.0, 0.5, 2.0, -0.0])))
        return v, v
    if kind == "tiny":
        v = draw(st.floats(-40, 40))
        ulps = draw(st.integers(1, 1000))
        return v, v + ulps * math.ulp(v)
    if kind == "zero":
        return -draw(st.floats(0, 1e-3)), draw(st.floats(0, 1e-3))
    if kind == "one":
        return _sorted_pair(1 + draw(st.floats(-1e-6, 1e-6)), 1 + draw(st.floats(-1e-3, 1e-3)))
    if kind == "magnitude":
        exponent = draw(st.floats(-300, math.log10(40)))
        sign = draw(st.sampled_from([1.0, -1.0]))
        v = sign * 10.0**exponent
        w = v * (1 + draw(st.floats(0, 1e-3)))
        return _sorted_pair(v, w)
    if kind == "range":
        return _sorted_pair(draw(st.floats(-40, 40)), draw(st.floats(-40, 40)))
    return _sorted_pair(-draw(st.floats(0, 40)), draw(st.floats(0, 40)))


def batches(max_size=12):
    return st.lists(intervals(), min_size=1, max_size=max_size).map(
        lambda pairs: (np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]))
    )


FAST = settings(derandomize=True, max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


# -- functions: enclosures contain the 100-digit value ----------------------------------------


@pytest.mark.parametrize("name", FUNCTIONS)
@FAST
@given(data=batches(), fractions_=st.lists(st.floats(0, 1), min_size=2, max_size=2))
def test_function_encloses_mpmath_at_end_points_and_inside(name, data, fractions_):
    lo, hi = data
    check_function_on(name, lo, hi, fractions_)


def _fixed_seed_points(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    parts = [
        rng.uniform(-40, 40, 120),
        rng.uniform(-3, 3, 120),
        rng.uniform(-1e-3, 1e-3, 40),
        10.0 ** rng.uniform(-300, 1.6, 80) * rng.choice([-1.0, 1.0], 80),
        1 + rng.uniform(-1e-6, 1e-6, 20),
        -1 + 10.0 ** rng.uniform(-15, 0, 20),
        # thresholds where the algorithms change method
        np.array([0.0, 1.0, -1.0, 0.5, 2.0, 1.4143, -1.4143, 27.9, 28.0, -38.0, 37.9, 40.0, 40.5,
                  709.78, 709.79, -745.1, -744.0, 1e-310, -1e-310, 1 / 32, -1 / 32, 1 / 64,
                  -1 / 64, 0.34, -0.34, 0.9999999999999999, 1.0000000000000002, 2.0**-60,
                  -(2.0**-60), 1.25, 1.5, 2.5, 3.0, 4.0, 20.0, -0.5, -0.75, 800.0, -800.0,
                  1e300, -1e300, MAX, 5e-324]),
    ]
    return np.concatenate(parts)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_encloses_mpmath_on_fixed_seed_points(name):
    x = _fixed_seed_points(20240601)
    assert check_function_on(name, x, x) > 250


@pytest.mark.parametrize("name", ["exp", "log", "erf", "erfc", "Phi", "npdf", "tanh"])
def test_large_batches_run_in_chunks_and_still_enclose(name):
    # more than one chunk of end points, with a fixed seed; a sample is checked against mpmath
    rng = np.random.default_rng(7)
    lo = rng.uniform(-6, 6, 6000)
    hi = lo + rng.uniform(0, 1e-2, lo.size)
    if name == "log":
        lo, hi = np.abs(lo) + 1e-3, np.abs(lo) + 1e-3 + (hi - lo)
    sample = rng.choice(lo.size, 40, replace=False)
    result = getattr(IntervalArray(lo, hi), name)()
    for i in sample:
        for p in (lo[i], hi[i]):
            assert encloses(result.lo[i], result.hi[i], reference(name, float(p)))


# -- exactness ---------------------------------------------------------------------------------


def _point(v):
    return IntervalArray(v, v)


@pytest.mark.parametrize(
    "build, expected",
    [
        (lambda: _point(0.0).exp(), 1.0),
        (lambda: _point(1.0).log(), 0.0),
        (lambda: _point(1.0) - 1, 0.0),
        (lambda: 1 - _point(1.0), 0.0),
        (lambda: _point(0.5) * 2, 1.0),
        (lambda: _point(6.0) / 3, 2.0),
        (lambda: _point(0.0).erf(), 0.0),
        (lambda: _point(0.0).erfc(), 1.0),
        (lambda: _point(0.0).Phi(), 0.5),
        (lambda: _point(0.0).tanh(), 0.0),
        (lambda: _point(0.0).expm1(), 0.0),
        (lambda: _point(0.0).log1p(), 0.0),
        (lambda: _point(4.0).sqrt(), 2.0),
        (lambda: _point(0.25).sqrt(), 0.5),
        (lambda: _point(-3.0) ** 2, 9.0),
        (lambda: _point(3.0) * _point(-0.5) + 1.5, 0.0),
    ],
)
def test_exact_operations_stay_exact(build, expected):
    r = build()
    assert float(r.lo) == expected and float(r.hi) == expected, r


def test_exp_at_zero_is_exactly_one_inside_a_batch():
    x = IntervalArray(np.array([-1.0, 0.0, 0.0, 2.0]), np.array([0.0, 0.0, 1.0, 3.0])).exp()
    assert x.lo[1] == 1.0 and x.hi[1] == 1.0
    assert x.hi[0] == 1.0 and x.lo[2] == 1.0  # touching end points stay exact too


def test_rounded_sum_is_not_exact():
    # the double 0.1 + 0.2 is not 0.3: the batch must not pretend it is
    r = _point(0.1) + 0.2
    assert Fraction(float(r.lo)) <= Fraction(0.1) + Fraction(0.2) <= Fraction(float(r.hi))
    assert r.lo < r.hi


def test_mpfi_exp_vector():
    lo, hi = float.fromhex("0xap-47"), float.fromhex("0xbp-47")
    r = IntervalArray(lo, hi).exp()
    assert float(r.hi) >= float.fromhex("0x10000000000161p-52")
    assert encloses(float(r.lo), float(r.hi), reference("exp", lo))
    assert encloses(float(r.lo), float(r.hi), reference("exp", hi))


# -- arithmetic against exact rationals: containment and exact directed rounding --------------


def _down(q: Fraction) -> float:
    """Largest double <= q (-inf below -MAX), by exact comparisons."""
    if q > Fraction(MAX):
        return MAX
    if q < -Fraction(MAX):
        return -INF
    f = float(q)
    return f if Fraction(f) <= q else math.nextafter(f, -INF)


def _up(q: Fraction) -> float:
    return -_down(-q)


finite = st.floats(allow_nan=False, allow_infinity=False)
ARITH = settings(derandomize=True, max_examples=1000, deadline=None)


def _corner_values(op, x, y):
    return [op(Fraction(a), Fraction(b)) for a in x for b in y]


@ARITH
@given(a=finite, b=finite, c=finite, d=finite)
def test_add_sub_mul_are_exactly_the_directed_rounding_of_the_true_range(a, b, c, d):
    x_lo, x_hi = _sorted_pair(a, b)
    y_lo, y_hi = _sorted_pair(c, d)
    x, y = IntervalArray(x_lo, x_hi), IntervalArray(y_lo, y_hi)
    for op, r in (
        (lambda p, q: p + q, x + y),
        (lambda p, q: p - q, x - y),
        (lambda p, q: p * q, x * y),
    ):
        values = _corner_values(op, (x_lo, x_hi), (y_lo, y_hi))
        assert float(r.lo) == _down(min(values)), (x_lo, x_hi, y_lo, y_hi)
        assert float(r.hi) == _up(max(values)), (x_lo, x_hi, y_lo, y_hi)


@ARITH
@given(a=finite, b=finite, c=finite, d=finite)
def test_division_is_exactly_rounded_or_extended_through_zero(a, b, c, d):
    x_lo, x_hi = _sorted_pair(a, b)
    y_lo, y_hi = _sorted_pair(c, d)
    r = IntervalArray(x_lo, x_hi) / IntervalArray(y_lo, y_hi)
    if y_lo > 0 or y_hi < 0:
        values = _corner_values(lambda p, q: p / q, (x_lo, x_hi), (y_lo, y_hi))
        assert float(r.lo) == _down(min(values))
        assert float(r.hi) == _up(max(values))
    elif (y_lo == 0) != (y_hi == 0):
        # 0 is one end of y: IEEE 1788 gives a half line (finite end one directed quotient),
        # [0, 0] for x = [0, 0], or the whole line when 0 is inside x
        positive_y = y_hi > 0
        end = Fraction(y_hi if positive_y else y_lo)
        if x_lo == 0 and x_hi == 0:
            expected = (0.0, 0.0)
        elif x_lo > 0:
            q = Fraction(x_lo) / end
            expected = (_down(q), INF) if positive_y else (-INF, _up(q))
        elif x_hi < 0:
            q = Fraction(x_hi) / end
            expected = (-INF, _up(q)) if positive_y else (_down(q), INF)
        elif x_lo == 0:
            expected = (0.0, INF) if positive_y else (-INF, 0.0)
        elif x_hi == 0:
            expected = (-INF, 0.0) if positive_y else (0.0, INF)
        else:
            expected = (-INF, INF)
        assert (float(r.lo), float(r.hi)) == expected, (x_lo, x_hi, y_lo, y_hi, r)
    else:
        # a divisor through 0: the result must contain every finite quotient we can form
        for p in (x_lo, x_hi):
            for q in (y_lo, y_hi):
                if q != 0:
                    quotient = Fraction(p) / Fraction(q)
                    assert (r.lo == -INF or Fraction(float(r.lo)) <= quotient)
                    assert (r.hi == INF or quotient <= Fraction(float(r.hi)))


@ARITH
@given(a=finite, b=finite, n=st.integers(-4, 7))
def test_integer_powers_contain_the_exact_range(a, b, n):
    lo, hi = _sorted_pair(a, b)
    r = IntervalArray(lo, hi) ** n
    if n == 0:
        assert float(r.lo) == 1.0 and float(r.hi) == 1.0
        return
    candidates = [Fraction(lo), Fraction(hi)] + ([Fraction(0)] if lo < 0 < hi else [])
    if n < 0 and any(c == 0 for c in candidates):
        return  # through zero: unbounded, checked elsewhere
    values = [c**n for c in candidates]
    low_ok = r.lo == -INF or Fraction(float(r.lo)) <= min(values)
    high_ok = r.hi == INF or max(values) <= Fraction(float(r.hi))
    assert low_ok and high_ok, (lo, hi, n, r)
    if n > 0:  # positive powers by directed multiplication: exact when the true value is a double
        assert float(r.lo) <= _down(min(values)) and float(r.hi) >= _up(max(values))


@ARITH
@given(v=st.floats(min_value=0, allow_infinity=False))
def test_sqrt_is_the_directed_rounding_of_the_true_root(v):
    r = IntervalArray(v, v).sqrt()
    lo, hi = float(r.lo), float(r.hi)
    q = Fraction(v)
    assert Fraction(lo) ** 2 <= q <= Fraction(hi) ** 2
    # and tight: the next double beyond each end would be on the wrong side
    assert lo == 0 or Fraction(math.nextafter(lo, INF)) ** 2 > q
    assert Fraction(math.nextafter(hi, 0)) ** 2 < q or hi == 0


def test_arithmetic_over_and_underflow():
    big = IntervalArray(MAX, MAX)
    r = big + big
    assert r.lo == MAX and r.hi == INF
    r = big * 2
    assert r.lo == MAX and r.hi == INF
    tiny = IntervalArray(5e-324, 5e-324)
    r = tiny * 0.5
    assert r.lo == 0.0 and r.hi == 5e-324
    r = tiny / 3
    assert r.lo == 0.0 and r.hi == 5e-324
    r = IntervalArray(1e-200, 1e-200) * 1e-200
    assert r.lo == 0.0 and r.hi == 5e-324
    r = IntervalArray(2.0**-600, 2.0**-600) * 2.0**-450  # subnormal but exact
    assert r.lo == r.hi == 2.0**-1050
    r = IntervalArray(3 * 2.0**-1074, 3 * 2.0**-1074) / 2  # 1.5 * 2^-1074 lies between doubles
    assert r.lo == 5e-324 and r.hi == 1e-323


def test_infinite_end_points():
    r = IntervalArray(1.0, INF) + IntervalArray(1.0, 2.0)
    assert r.lo == 2.0 and r.hi == INF
    r = IntervalArray(0.0, 0.0) * IntervalArray(-INF, INF)
    assert r.lo == 0.0 and r.hi == 0.0  # 0 * inf = 0 in end-point arithmetic
    r = IntervalArray(-INF, 0.0).exp()
    assert r.lo == 0.0 and r.hi == 1.0
    r = IntervalArray(-INF, INF).erf()
    assert r.lo == -1.0 and r.hi == 1.0
    r = IntervalArray(-INF, INF).Phi()
    assert r.lo == 0.0 and r.hi == 1.0
    r = IntervalArray(-INF, INF).npdf()
    assert r.lo == 0.0 and encloses(float(r.lo), float(r.hi), reference("npdf", 0.0))
    r = IntervalArray(1.0, INF).log()
    assert r.lo == 0.0 and r.hi == INF
    r = IntervalArray(1.0, 2.0) / IntervalArray(1.0, INF)
    assert r.lo == 0.0 and r.hi == 2.0


@pytest.mark.parametrize("name", FUNCTIONS)
def test_functions_on_unbounded_intervals(name):
    lo = np.array([-INF, -INF, -INF, 0.0, -1.0, -5.0, 3.0, -INF, 1e-300, -INF])
    hi = np.array([INF, 0.0, -3.0, INF, INF, -1.0, INF, 2.0, INF, -1e300])
    result = getattr(IntervalArray(lo, hi), name)()
    samples = (-1e300, -40.0, -3.0, -1.0, 0.0, 1e-300, 0.5, 3.0, 40.0, 1e300)
    for a, b, r_lo, r_hi in zip(lo, hi, result.lo, result.hi):
        if name in WHOLLY_OUTSIDE and WHOLLY_OUTSIDE[name](a, b):
            assert math.isnan(r_lo) and math.isnan(r_hi)
            continue
        for p in [v for v in (a, b) + samples if a <= v <= b and math.isfinite(v)]:
            if name not in DOMAIN or DOMAIN[name](p):
                assert encloses(r_lo, r_hi, reference(name, p)), (name, a, b, p)


def test_reciprocal_and_division_through_zero_follow_ieee_1788():
    y = IntervalArray(np.array([0.0, -2.0, -1.0, 1.0, 0.0]), np.array([4.0, 0.0, 1.0, 2.0, 0.0]))
    r = y.reciprocal()
    assert (r.lo[0], r.hi[0]) == (0.25, INF)
    assert (r.lo[1], r.hi[1]) == (-INF, -0.5)
    assert (r.lo[2], r.hi[2]) == (-INF, INF)
    assert (r.lo[3], r.hi[3]) == (0.5, 1.0)
    # 1/[0, 0] is defined nowhere: NaN (certainly undefined), not the whole line
    assert math.isnan(r.lo[4]) and math.isnan(r.hi[4])
    assert r.defined.tolist() == [False, False, False, True, False]
    assert r.certainly_undefined.tolist() == [False, False, False, False, True]
    q = IntervalArray(np.array([1.0, 0.0]), np.array([2.0, 0.0])) / IntervalArray(0.0, 1.0)
    assert (q.lo[0], q.hi[0]) == (1.0, INF)
    assert (q.lo[1], q.hi[1]) == (0.0, 0.0)
    assert not q.defined.any() and not q.certainly_undefined.any()


def test_square_of_the_same_object_is_tight_and_product_of_two_is_not():
    x = IntervalArray(-1.0, 2.0)
    y = IntervalArray(-1.0, 2.0)
    sq = x * x
    assert (float(sq.lo), float(sq.hi)) == (0.0, 4.0)
    prod = x * y
    assert (float(prod.lo), float(prod.hi)) == (-2.0, 4.0)
    assert (float((x**2).lo), float((x**3).lo)) == (0.0, -1.0)


def test_mixed_operands_and_broadcasting():
    x = IntervalArray(np.array([[1.0], [2.0]]), np.array([[1.5], [3.0]]))
    y = IntervalArray(np.array([0.0, 1.0, 2.0]), np.array([1.0, 1.0, 2.0]))
    r = x * y
    assert r.shape == (2, 3)
    assert r.lo[1, 2] == 4.0 and r.hi[1, 2] == 6.0
    r = Fraction(1, 3) + IntervalArray(0.0, 0.0)
    assert float(r.lo) == math.nextafter(1 / 3, 0) or Fraction(float(r.lo)) <= Fraction(1, 3)
    assert Fraction(float(r.lo)) <= Fraction(1, 3) <= Fraction(float(r.hi)) and r.lo < r.hi
    r = 2 - IntervalArray(1.0, 2.0)
    assert (float(r.lo), float(r.hi)) == (0.0, 1.0)
    r = np.float64(2.0) * IntervalArray(1.0, 2.0)
    assert isinstance(r, IntervalArray) and (float(r.lo), float(r.hi)) == (2.0, 4.0)
    r = IntervalArray(1.0, 2.0) + interval("0.1")
    assert Fraction(float(r.lo)) <= Fraction(11, 10) and Fraction(21, 10) <= Fraction(float(r.hi))


# -- construction, views, conversions ---------------------------------------------------------


def test_point_like_holds_the_exact_number_between_neighbouring_doubles():
    third = IntervalArray.point_like(None, Fraction(1, 3))
    assert third.shape == ()
    lo, hi = float(third.lo), float(third.hi)
    assert Fraction(lo) < Fraction(1, 3) < Fraction(hi) and math.nextafter(lo, INF) == hi
    exact = IntervalArray.point_like(None, 0.1)  # the double 0.1 is exact
    assert float(exact.lo) == float(exact.hi) == 0.1
    assert float(IntervalArray.point_like(None, 3).lo) == 3.0
    tenth = IntervalArray.point_like(None, Fraction(1, 10))
    assert float(tenth.hi) == 0.1 and float(tenth.lo) == math.nextafter(0.1, 0)
    huge = IntervalArray.point_like(None, 10**400)
    assert float(huge.lo) == MAX and float(huge.hi) == INF
    odd = IntervalArray.point_like(None, 2**53 + 1)
    assert float(odd.lo) == 2.0**53 and float(odd.hi) == 2.0**53 + 2


def test_const_pi_brackets_pi():
    p = IntervalArray.const_pi(None)
    assert p.shape == () and math.nextafter(float(p.lo), INF) == float(p.hi)
    with mp.workdps(100):
        assert encloses(float(p.lo), float(p.hi), +mp.pi)


def test_fraction_end_points_round_outward():
    x = IntervalArray(Fraction(1, 10), "0.3")
    assert Fraction(float(x.lo)) < Fraction(1, 10) and Fraction(3, 10) < Fraction(float(x.hi))


@pytest.mark.parametrize(
    "lo, hi, needle",
    [
        (float("nan"), 1.0, "nan"),
        (0.0, float("nan"), "nan"),
        (2.0, 1.0, "2.0"),
        (np.array([0.0, 3.0]), np.array([1.0, 2.0]), "3.0"),
    ],
)
def test_nan_and_reversed_input_raise_value_error_naming_the_values(lo, hi, needle):
    with pytest.raises(ValueError) as err:
        IntervalArray(lo, hi)
    assert needle in str(err.value).lower()


def test_views_len_getitem_and_bool():
    x = IntervalArray(np.array([0.0, 1.0, 2.0]), np.array([1.0, 1.0, 5.0]))
    assert len(x) == 3 and x.shape == (3,)
    part = x[1:]
    assert isinstance(part, IntervalArray) and list(part.lo) == [1.0, 2.0]
    assert x[0].shape == () and float(x[2].hi) == 5.0
    assert list(x.contains_zero()) == [True, False, False]
    assert list(x.width()) == [1.0, 0.0, 3.0]
    with pytest.raises(TypeError):
        bool(x)
    with pytest.raises(TypeError):
        if x < 1:  # noqa: SIM102 - comparisons are the caller's business
            pass


def test_width_is_an_upper_bound_and_mid_is_inside():
    rng = np.random.default_rng(3)
    lo = rng.uniform(-1e300, 1e300, 200)
    hi = lo + np.abs(rng.normal(0, 1e299, 200))
    lo = np.concatenate([lo, [-INF, 5e-324, -INF, 0.0]])
    hi = np.concatenate([hi, [INF, 1e-323, 3.0, INF]])
    x = IntervalArray(lo, hi)
    for a, b, w, m in zip(lo, hi, x.width(), x.mid()):
        assert a <= m <= b and math.isfinite(m)
        if math.isfinite(a) and math.isfinite(b):
            assert Fraction(float(w)) >= Fraction(float(b)) - Fraction(float(a))


def test_to_and_from_intervals_round_trip():
    x = IntervalArray(np.array([0.1, -INF, 2.0]), np.array([0.3, 1.0, 2.0]))
    ivs = x.to_intervals()
    assert all(isinstance(iv, Interval) for iv in ivs)
    assert ivs[0].lo_fraction == Fraction(0.1) and ivs[0].hi_fraction == Fraction(0.3)
    back = IntervalArray.from_intervals(ivs)
    assert np.array_equal(back.lo, x.lo) and np.array_equal(back.hi, x.hi)
    exact_tenth = IntervalArray.from_intervals([interval("0.1")])
    assert Fraction(float(exact_tenth.lo[0])) < Fraction(1, 10) < Fraction(float(exact_tenth.hi[0]))
    with pytest.raises(DomainError):
        IntervalArray(-2.0, -1.0).log().to_intervals()


# -- domains ------------------------------------------------------------------------------------


def test_domain_rules_clip_partial_and_mark_wholly_outside_elements():
    x = IntervalArray(np.array([-2.0, -1.0, 0.0, 1.0]), np.array([-1.0, 1.0, 0.0, 4.0]))
    log = x.log()
    assert math.isnan(log.lo[0]) and math.isnan(log.hi[0])  # wholly <= 0
    assert log.lo[1] == -INF and log.hi[1] == 0.0  # clipped: [-inf, log 1]
    assert math.isnan(log.lo[2])  # [0, 0] has no positive point
    sqrt = x.sqrt()
    assert math.isnan(sqrt.lo[0]) and (sqrt.lo[1], sqrt.hi[1]) == (0.0, 1.0)
    assert (sqrt.lo[2], sqrt.hi[2]) == (0.0, 0.0) and (sqrt.lo[3], sqrt.hi[3]) == (1.0, 2.0)
    log1p = IntervalArray(np.array([-3.0, -2.0]), np.array([-1.0, 0.0])).log1p()
    assert math.isnan(log1p.lo[0]) and (log1p.lo[1], log1p.hi[1]) == (-INF, 0.0)
    # NaN elements stay NaN through later operations
    later = ((log + 1) * 2).exp() / 3 - log**2
    assert math.isnan(later.lo[0]) and math.isnan(later.hi[0])
    assert not math.isnan(later.lo[3])


# -- the two independent enclosures agree ----------------------------------------------------


@pytest.mark.parametrize("name", FUNCTIONS)
@settings(derandomize=True, max_examples=40, deadline=None)
@given(data=batches(max_size=6))
def test_batch_and_scalar_interval_overlap_and_both_contain_the_value(name, data):
    lo, hi = data
    result = getattr(IntervalArray(lo, hi), name)()
    for a, b, r_lo, r_hi in zip(lo.tolist(), hi.tolist(), result.lo.tolist(), result.hi.tolist()):
        if name in WHOLLY_OUTSIDE and WHOLLY_OUTSIDE[name](a, b):
            continue
        scalar = getattr(Interval(a, b), name)()
        s_lo, s_hi = scalar.float_bounds()
        assert max(r_lo, s_lo) <= min(r_hi, s_hi), (name, a, b, (r_lo, r_hi), (s_lo, s_hi))
        mid = a if not (math.isfinite(a) and math.isfinite(b)) else min(max((a + b) / 2, a), b)
        if name in DOMAIN and not DOMAIN[name](mid):
            mid = b
        value = reference(name, mid)
        assert encloses(r_lo, r_hi, value) and encloses(s_lo, s_hi, value)


# -- the mathematical claims the fast paths rely on ------------------------------------------


@pytest.mark.parametrize("x", [1.0, 1.3, 2.0, 4.5, 10.0, 27.0])
def test_laplace_continued_fraction_convergents_bracket_erfc(x):
    # K_L = 1/(x + (1/2)/(x + 1/(x + ... (L-1)/2 / x))): above the limit for odd L, below for
    # even L, where the limit is sqrt(pi) e^(x^2) erfc(x) (DLMF 7.9.2)
    with mp.workdps(120):
        xm = mp.mpf(x)
        limit = mp.sqrt(mp.pi) * mp.exp(xm * xm) * mp.erfc(xm)
        for levels in range(1, 30):
            tail = xm
            for n in range(levels - 1, 0, -1):
                tail = xm + mp.mpf(n) / 2 / tail
            convergent = 1 / tail
            if levels % 2:
                assert convergent >= limit
            else:
                assert convergent <= limit


def test_erf_series_tail_bounds_are_valid():
    # the folded upper coefficient really bounds the dropped tail at the bucket's largest u
    with mp.workdps(60):
        for u_max, low, high in batch._erf_table("erf_buckets"):
            u = mp.mpf(u_max)
            x = mp.sqrt(u)
            s_true = mp.erf(x) * mp.sqrt(mp.pi) * mp.exp(u) / (2 * x) * 2 / mp.sqrt(mp.pi)
            s_low = sum(mp.mpf(c) * u**n for n, c in enumerate(low))
            s_high = sum(mp.mpf(c) * u**n for n, c in enumerate(high))
            assert s_low <= s_true <= s_high


def test_arb_fallback_encloses(monkeypatch):
    # force every log/log1p verification to give up, so Arb evaluates each end point
    monkeypatch.setattr(batch, "_VERIFY_ULPS", ())
    x = np.array([1e-300, 0.3, 1.5, 7.0, 1e300])
    for name, pts in (("log", x), ("log1p", x - 0.25)):
        result = getattr(IntervalArray(pts, pts), name)()
        for p, r_lo, r_hi in zip(pts, result.lo, result.hi):
            assert encloses(r_lo, r_hi, reference(name, float(p)))
    values = batch._arb_toward("erfc", np.array([3.0, 3.0]), np.array([-1, 1], dtype=np.int8))
    assert encloses(values[0], values[1], reference("erfc", 3.0))


# -- the checker itself can fail ------------------------------------------------------------


def test_checker_rejects_an_enclosure_that_misses_the_value():
    value = reference("exp", 1.0)
    good_lo, good_hi = 2.718281828459045, 2.7182818284590455
    assert encloses(good_lo, good_hi, value)
    assert not encloses(good_hi, math.nextafter(good_hi, INF), value)  # one ulp too high
    assert not encloses(math.nextafter(good_lo, 0), good_lo, value)  # ends just below e


def test_checker_rejects_a_function_nudged_inwards(monkeypatch):
    # the same check as the enclosure tests, run on an exp whose upper ends are moved 3 ulps
    # down: it must fail, so those tests are not tautologies
    real = batch._exp_toward

    def nudged(x, d):
        out = real(x, d)
        up = d > 0
        for _ in range(3):
            out = np.where(up, np.nextafter(out, -np.inf), out)
        return out

    monkeypatch.setattr(batch, "_exp_toward", nudged)
    x = np.array([0.5, 1.0, 3.0])
    with pytest.raises(AssertionError):
        check_function_on("exp", x, x)


def test_claim_expressions_run_on_batches():
    # the expression layer hands IntervalArray raw values to the same claim code as floats
    from theorycheck import exp, log, npdf, pi
    from theorycheck.enclose import kinds
    from theorycheck.expr import Real

    x = Real(IntervalArray(np.array([-1.0, 0.0]), np.array([2.0, 0.5])))
    square = (x * x).raw
    assert (square.lo[0], square.hi[0]) == (0.0, 4.0)  # same variable: a square, not a product
    value = (exp(-x * x / 2) + log(1 + x * x) * npdf(x - 1) + pi).raw
    assert isinstance(value, IntervalArray) and value.shape == (2,)
    for i, m in enumerate((0.5, 0.25)):
        with mp.workdps(100):
            v = mp.mpf(m)
            truth = mp.exp(-v * v / 2) + mp.log(1 + v * v) * mp.npdf(v - 1) + mp.pi
        assert encloses(float(value.lo[i]), float(value.hi[i]), truth)
    assert isinstance(kinds.constant("pi", x.raw), IntervalArray)
    assert kinds.kind_name(x.raw) == "IntervalArray"
    hull = IntervalArray(0.0, 1.0).hull(IntervalArray(3.0, 4.0))
    assert (float(hull.lo), float(hull.hi)) == (0.0, 4.0)
    low = IntervalArray(0.0, 3.0).minimum(1)
    high = IntervalArray(0.0, 3.0).maximum(Fraction(1, 2))
    assert (float(low.lo), float(low.hi), float(high.lo), float(high.hi)) == (0.0, 1.0, 0.5, 3.0)
