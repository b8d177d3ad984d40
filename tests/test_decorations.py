"""Decorations: ``Interval.defined`` and ``IntervalArray.defined`` / ``certainly_undefined``.

A claim says the body is defined at every point of the box and the relation holds there, so the
number layer must say, besides an enclosure, whether the computation was defined on the whole box.
Each test checks both halves of that contract independently:

* the decoration against the rule written out by hand from the exact end points (log: lo > 0,
  log1p: lo > -1, sqrt: lo >= 0, division: 0 not in the divisor, ``x**n`` with n < 0: 0 not in x,
  ``x**q`` with q a non-integer rational: lo >= 0 for q > 0, lo > 0 for q < 0), with "wholly
  outside the domain" giving DomainError (scalar) or NaN ends (batch) and nothing else ever
  giving those;
* the enclosure against mpmath at 70 digits (functions, fractional powers) or exact
  ``Fraction`` arithmetic (``+ - * /``, integer powers) at points of the box where the
  computation is defined: a partly undefined result must still enclose the image of the part
  that is defined.

Hypothesis runs derandomized, so every run checks the same boxes.
"""

import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theorycheck.enclose import kinds
from theorycheck.enclose.batch import IntervalArray
from theorycheck.enclose.dual import seed_variables
from theorycheck.enclose.interval import DomainError, Interval, interval

INF = math.inf
MAX = 1.7976931348623157e308
TINY = 5e-324
FUNCTIONS = ("exp", "expm1", "log", "log1p", "sqrt", "erf", "erfc", "tanh", "Phi", "npdf")
SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))

# -- the rules, written out from the exact end points ----------------------------------------------

IN_DOMAIN = {"log": lambda p: p > 0, "log1p": lambda p: p > -1, "sqrt": lambda p: p >= 0}
DEFINED_ON_BOX = {"log": lambda lo, hi: lo > 0, "log1p": lambda lo, hi: lo > -1,
                  "sqrt": lambda lo, hi: lo >= 0}
WHOLLY_OUTSIDE = {"log": lambda lo, hi: hi <= 0, "log1p": lambda lo, hi: hi <= -1,
                  "sqrt": lambda lo, hi: hi < 0}


def _rule(table, name, default):
    return table.get(name, lambda *a: default)


def reference(name, p):
    """f(p) at 70 digits for an exact number p (a double or a Fraction)."""
    with mp.workdps(70):
        v = mp.mpf(p) if not isinstance(p, Fraction) else mp.mpf(p.numerator) / p.denominator
        return {
            "exp": mp.exp, "expm1": mp.expm1, "log": mp.log, "log1p": mp.log1p, "sqrt": mp.sqrt,
            "erf": mp.erf, "erfc": mp.erfc, "tanh": mp.tanh, "Phi": mp.ncdf, "npdf": mp.npdf,
        }[name](v)


def power_reference(p: Fraction, q: Fraction):
    """p**q at 70 digits (p >= 0 for a non-integer q; 0**q = 0 for q > 0)."""
    if p == 0:
        return mp.mpf(0)
    with mp.workdps(70):
        return mp.power(mp.mpf(p.numerator) / p.denominator, mp.mpf(q.numerator) / q.denominator)


def encloses_scalar(r: Interval, value) -> bool:
    return r.lo <= value <= r.hi


def encloses_float(lo: float, hi: float, value) -> bool:
    return mp.mpf(lo) <= value <= mp.mpf(hi)


SAMPLES = (-1000.0, -30.0, -3.0, -1.0, -0.5, -1e-300, 0.0, 1e-300, 0.5, 1.0, 2.5, 30.0, 1000.0)


def sample_points(lo: float, hi: float):
    """Finite points of [lo, hi]: its finite ends, its midpoint and the fixed samples inside."""
    pts = {p for p in (lo, hi) if math.isfinite(p)}
    if math.isfinite(lo) and math.isfinite(hi):
        pts.add(lo / 2 + hi / 2)
    pts.update(p for p in SAMPLES if lo <= p <= hi)
    return sorted(p for p in pts if lo <= p <= hi)


# -- strategies ------------------------------------------------------------------------------------

special_ends = st.sampled_from(
    [-INF, -MAX, -1e300, -3.0, -1.0, -0.5, -TINY, 0.0, TINY, 0.5, 1.0, 2.0, 1e300, MAX, INF])
finite_ends = st.sampled_from([-40.0, -3.0, -1.0, -0.75, -1e-300, 0.0, 1e-300, 0.25, 1.0, 1.5,
                               3.0, 40.0])
moderate = st.floats(min_value=-50, max_value=50, allow_nan=False, allow_infinity=False)


@st.composite
def boxes(draw, ends):
    a, b = sorted((draw(ends), draw(ends)))
    if a == b and math.isinf(a):  # [inf, inf] holds no real number
        b = MAX if a > 0 else b
        a = -MAX if a < 0 else (MAX if a > 0 else a)
        a, b = sorted((a, b))
    return a, b


box_finite = boxes(st.one_of(finite_ends, moderate))
box_any = boxes(st.one_of(special_ends, finite_ends, moderate))


# -- functions, both kinds ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", FUNCTIONS)
@SETTINGS
@given(box=box_finite)
def test_scalar_function_decoration_and_enclosure(name, box):
    lo, hi = box
    x = interval(lo, hi)
    if _rule(WHOLLY_OUTSIDE, name, False)(lo, hi):
        with pytest.raises(DomainError):
            getattr(x, name)()
        return
    r = getattr(x, name)()
    assert r.defined == _rule(DEFINED_ON_BOX, name, True)(lo, hi), (name, box, r)
    for p in sample_points(lo, hi):
        if _rule(IN_DOMAIN, name, True)(p):
            assert encloses_scalar(r, reference(name, p)), (name, box, p, r)


@pytest.mark.parametrize("name", FUNCTIONS)
@SETTINGS
@given(batch=st.lists(box_any, min_size=1, max_size=12))
def test_batch_function_decoration_nan_only_when_wholly_outside(name, batch):
    """A whole batch at once: elements wholly outside the domain are NaN with defined False
    and do not stop the others; every other element is finite-or-infinite (never NaN), with the
    decoration of the rule, and encloses f at its points inside the domain."""
    lo = np.array([b[0] for b in batch])
    hi = np.array([b[1] for b in batch])
    r = getattr(IntervalArray(lo, hi), name)()
    defined, undefined = r.defined, r.certainly_undefined
    assert defined.shape == undefined.shape == lo.shape
    for i, (a, b) in enumerate(batch):
        outside = _rule(WHOLLY_OUTSIDE, name, False)(a, b)
        assert bool(undefined[i]) == outside, (name, a, b, r.lo[i], r.hi[i])
        assert math.isnan(r.lo[i]) == outside and math.isnan(r.hi[i]) == outside
        if outside:
            assert not defined[i]
            continue
        assert r.lo[i] <= r.hi[i]
        assert bool(defined[i]) == _rule(DEFINED_ON_BOX, name, True)(a, b), (name, a, b)
        for p in sample_points(a, b):
            # (mpmath's erfc overflows internally beyond about 1e4: huge points are left out)
            if _rule(IN_DOMAIN, name, True)(p) and abs(p) <= 1e4:
                assert encloses_float(r.lo[i], r.hi[i], reference(name, p)), (name, a, b, p)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_scalar_and_batch_agree_on_the_decoration(name):
    boxes_ = [(-2.0, -1.0), (-1.0, 0.0), (0.0, 0.0), (-1.0, 1.0), (0.0, 1.0), (1.0, 2.0),
              (-3.0, -1.0), (-1.0, -0.5), (-INF, INF), (2.0, INF)]
    arr = getattr(IntervalArray(np.array([b[0] for b in boxes_]), np.array([b[1] for b in boxes_])),
                  name)()
    for i, (a, b) in enumerate(boxes_):
        try:
            s = getattr(Interval(a, b), name)()
        except DomainError:
            assert arr.certainly_undefined[i] and not arr.defined[i], (name, a, b)
            continue
        assert not arr.certainly_undefined[i]
        assert s.defined == bool(arr.defined[i]), (name, a, b)


# -- exact points on the edge ------------------------------------------------------------------------


def test_edge_points_scalar():
    zero = interval(0)
    with pytest.raises(DomainError):
        zero.log()
    with pytest.raises(DomainError):
        interval(-1).log1p()
    assert interval(-1, 0).sqrt() == zero and not interval(-1, 0).sqrt().defined
    s = zero.sqrt()
    assert s == zero and s.defined
    with pytest.raises(DomainError):
        zero / zero
    with pytest.raises(DomainError):
        interval(1) / zero
    with pytest.raises(DomainError):
        zero.reciprocal()
    with pytest.raises(DomainError):
        zero**-1
    with pytest.raises(DomainError):
        zero**-2
    with pytest.raises(DomainError):
        zero ** Fraction(-1, 2)
    for q in (0.5, Fraction(3, 2), Fraction(1, 3), "0.3", Interval.point("0.3"), Interval.point(Fraction(1, 3))):
        r = zero**q
        assert r == zero and r.defined, (q, r)
    one = zero**0
    assert one == interval(1) and one.defined
    # a non-exact interval exponent goes through exp(y log x): it needs x > 0
    with pytest.raises(DomainError):
        zero ** interval(1, 2)
    assert not (interval(0, 1) ** interval(1, 2)).defined
    assert (interval(1, 2) ** interval(1, 2)).defined


def test_edge_points_batch():
    x = IntervalArray(np.array([0.0, 0.0, -1.0, 2.0]), np.array([0.0, 1.0, -1.0, 3.0]))
    log = x.log()
    assert log.certainly_undefined.tolist() == [True, False, True, False]
    assert log.defined.tolist() == [False, False, False, True]
    sq = x.sqrt()
    assert (sq.lo[0], sq.hi[0]) == (0.0, 0.0) and sq.defined.tolist() == [True, True, False, True]
    assert sq.certainly_undefined.tolist() == [False, False, True, False]
    q = x / x  # not the same quantity twice here: division by each element
    assert q.certainly_undefined.tolist() == [True, False, False, False]
    assert q.defined.tolist() == [False, False, True, True]
    half = x**0.5
    assert (half.lo[0], half.hi[0]) == (0.0, 0.0) and bool(half.defined[0])
    for e in (Fraction(3, 2), Fraction(1, 3), IntervalArray.point_like(None, Fraction(1, 3))):
        r = x**e
        assert (r.lo[0], r.hi[0]) == (0.0, 0.0) and bool(r.defined[0]), e
        assert r.certainly_undefined.tolist() == [False, False, True, False], e
        assert r.defined.tolist() == [True, True, False, True], e
    inv = x**-1
    assert inv.certainly_undefined.tolist() == [True, False, False, False]
    assert inv.defined.tolist() == [False, False, True, True]
    neg_half = x ** Fraction(-1, 2)
    assert neg_half.certainly_undefined.tolist() == [True, False, True, False]
    assert neg_half.defined.tolist() == [False, False, False, True]
    assert neg_half.hi[1] == INF  # (0, 1]**(-1/2) is [1, inf)
    one = x**0
    assert (one.lo == 1).all() and (one.hi == 1).all() and one.defined.all()


# -- operations, both kinds ---------------------------------------------------------------------------

BINARY = ("add", "sub", "mul", "div", "min", "max", "hull")


def _scalar_binary(op, x, y):
    return {
        "add": lambda: x + y, "sub": lambda: x - y, "mul": lambda: x * y, "div": lambda: x / y,
        "min": lambda: x.minimum(y), "max": lambda: x.maximum(y), "hull": lambda: x.hull(y),
    }[op]()


def _exact_binary(op, a, b):
    return {
        "add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
        "div": lambda: a / b, "min": lambda: min(a, b), "max": lambda: max(a, b),
        "hull": lambda: None,
    }[op]()


def _binary_rules(op, c, d):
    """(defined on the box, certainly undefined) for x op y with y = [c, d]."""
    if op == "div":
        return not (c <= 0 <= d), c == 0 == d
    return True, False


def _finite_points(a, b):
    return [Fraction(p) for p in sample_points(a, b)]


@pytest.mark.parametrize("op", BINARY)
@SETTINGS
@given(bx=box_any, by=box_any)
def test_binary_operations_scalar_and_batch(op, bx, by):
    (a, b), (c, d) = bx, by
    defined, undefined = _binary_rules(op, c, d)
    x, y = Interval(a, b), Interval(c, d)
    if undefined:
        with pytest.raises(DomainError):
            _scalar_binary(op, x, y)
    else:
        r = _scalar_binary(op, x, y)
        assert r.defined == defined, (op, bx, by, r)
        for p in _finite_points(a, b):
            for q in _finite_points(c, d):
                if op == "div" and q == 0:
                    continue
                v = _exact_binary(op, p, q)
                if v is not None:
                    assert r.contains(v), (op, bx, by, p, q, r)
    X = IntervalArray(np.array([a, a]), np.array([b, b]))
    Y = IntervalArray(np.array([c, 1.0]), np.array([d, 1.0]))  # the second element stays regular
    R = _scalar_binary(op, X, Y)
    assert R.certainly_undefined.tolist() == [undefined, False], (op, bx, by, R)
    assert not np.isnan(R.lo[1]) and not np.isnan(R.hi[1])
    assert bool(R.defined[0]) == (defined and not undefined) and bool(R.defined[1])
    if not undefined:
        assert R.lo[0] <= R.hi[0]
        for p in _finite_points(a, b):
            for q in _finite_points(c, d):
                if op == "div" and q == 0:
                    continue
                v = _exact_binary(op, p, q)
                if v is not None:
                    lo, hi = R.lo[0], R.hi[0]
                    assert (lo == -INF or Fraction(lo) <= v) and (hi == INF or v <= Fraction(hi))


EXPONENTS = (-3, -2, -1, 0, 1, 2, 3, Fraction(1, 2), Fraction(3, 2), Fraction(1, 3),
             Fraction(-1, 2), Fraction(-3, 2), Fraction(2, 3))


def _power_rules(n, lo, hi):
    """(defined on the box, certainly undefined) for x**n on x = [lo, hi]."""
    n = Fraction(n)
    if n.denominator == 1:
        if n >= 0:
            return True, False
        return not (lo <= 0 <= hi), lo == 0 == hi
    if n > 0:
        return lo >= 0, hi < 0
    return lo > 0, hi <= 0


def _power_value(p: Fraction, n):
    n = Fraction(n)
    if n.denominator == 1:
        return p ** int(n)
    return power_reference(p, n)


def _power_point_in_domain(p, n):
    n = Fraction(n)
    if n.denominator == 1:
        return n >= 0 or p != 0
    return p >= 0 if n > 0 else p > 0


def _contains_value(lo, hi, v):
    if isinstance(v, Fraction):
        return (lo == -INF or Fraction(lo) <= v) and (hi == INF or v <= Fraction(hi))
    return encloses_float(lo, hi, v)


@pytest.mark.parametrize("n", EXPONENTS, ids=str)
@SETTINGS
@given(box=box_any)
def test_powers_scalar_and_batch(n, box):
    a, b = box
    defined, undefined = _power_rules(n, a, b)
    x = Interval(a, b)
    if undefined:
        with pytest.raises(DomainError):
            x**n
    else:
        r = x**n
        assert r.defined == defined, (n, box, r)
        for p in _finite_points(a, b):
            if _power_point_in_domain(p, n) and abs(p) <= 1e6:
                v = _power_value(p, n)
                assert (r.contains(v) if isinstance(v, Fraction) else encloses_scalar(r, v)), (n, box, p, r)
    X = IntervalArray(np.array([a, 2.0]), np.array([b, 3.0]))
    R = X**n
    assert R.certainly_undefined.tolist() == [undefined, False], (n, box, R)
    assert R.defined.tolist() == [defined and not undefined, True], (n, box, R)
    if not undefined:
        assert R.lo[0] <= R.hi[0]
        for p in _finite_points(a, b):
            if _power_point_in_domain(p, n) and abs(p) <= 1e6:
                assert _contains_value(R.lo[0], R.hi[0], _power_value(p, n)), (n, box, p, R)


@SETTINGS
@given(box=box_any)
def test_unary_operations_keep_the_decoration(box):
    a, b = box
    x, X = Interval(a, b), IntervalArray(a, b)
    assert (-x).defined and abs(x).defined
    assert (-X).defined.all() and abs(X).defined.all()
    if a == b == 0:
        with pytest.raises(DomainError):
            x.reciprocal()
        assert bool(X.reciprocal().certainly_undefined)
    else:
        assert x.reciprocal().defined == (not a <= 0 <= b)
        assert bool(X.reciprocal().defined) == (not a <= 0 <= b)
        assert not bool(X.reciprocal().certainly_undefined)
    # an undefined operand stays undefined through every operation, and NaN never appears
    u, U = interval(-1, 4).sqrt(), IntervalArray(-1.0, 4.0).sqrt()
    for r in (x + u, x - u, x * u, -u, abs(u), u.minimum(x), u.maximum(x), u.hull(x), u.exp(),
              u.erf(), u.tanh(), u**2, u**0):
        assert not r.defined, r
    for R in (X + U, X - U, X * U, -U, abs(U), U.minimum(X), U.maximum(X), U.hull(X), U.exp(),
              U.erf(), U.tanh(), U**2, U**0):
        assert not R.defined.any() and not R.certainly_undefined.any(), R
    inter = u.intersection(interval(0, 1))
    assert inter is not None and not inter.defined
    assert interval(0, 1).intersection(interval(1, 2)).defined


# -- infinities: NaN means certainly undefined, nothing else -----------------------------------------


@SETTINGS
@given(pairs=st.lists(st.tuples(box_any, box_any), min_size=1, max_size=20))
def test_infinite_ends_never_give_nan(pairs):
    """inf - inf, 0 * inf and inf / inf in end-point arithmetic widen to the right infinity or
    give 0 (IEEE 1788): a batch of boxes with infinite ends never gets a NaN from + - * min max
    hull abs and the functions defined everywhere, and from / only where the divisor is [0, 0]."""
    lo1 = np.array([p[0][0] for p in pairs])
    hi1 = np.array([p[0][1] for p in pairs])
    lo2 = np.array([p[1][0] for p in pairs])
    hi2 = np.array([p[1][1] for p in pairs])
    x, y = IntervalArray(lo1, hi1), IntervalArray(lo2, hi2)
    results = [x + y, x - y, x * y, x * x, x - x, x.minimum(y), x.maximum(y), x.hull(y), abs(x),
               -x, x**2, x**3, x**0]
    results += [getattr(x, f)() for f in ("exp", "expm1", "erf", "erfc", "tanh", "Phi", "npdf")]
    for r in results:
        assert not r.certainly_undefined.any(), (pairs, r)
        assert r.defined.all()
        assert (r.lo <= r.hi).all(), (pairs, r)
    q = x / y
    zero_y = (lo2 == 0) & (hi2 == 0)
    assert (q.certainly_undefined == zero_y).all(), (pairs, q)
    assert (q.defined == ~((lo2 <= 0) & (hi2 >= 0))).all(), (pairs, q)
    ok = ~zero_y
    assert (q.lo[ok] <= q.hi[ok]).all()


def test_overflowing_exp_is_defined_with_an_infinite_upper_end():
    r = IntervalArray(np.array([800.0, 1e300, -INF]), np.array([801.0, INF, INF])).exp()
    assert r.defined.all() and not r.certainly_undefined.any()
    assert r.hi.tolist() == [INF, INF, INF] and r.lo[0] == MAX and r.lo[2] == 0.0
    s = IntervalArray(1.0, 2.0) * IntervalArray(-INF, INF) - IntervalArray(-INF, 0.0)
    assert s.defined and (s.lo, s.hi) == (-INF, INF)
    z = IntervalArray(0.0, 0.0) * IntervalArray(-INF, INF)
    assert (z.lo, z.hi) == (0.0, 0.0) and z.defined


# -- propagation through expressions ------------------------------------------------------------------


def test_x_minus_x_over_itself_is_certainly_undefined():
    """(x - x)/(x - x) is 0/0 at every point. Both kinds see the same object twice and know
    x - x = 0 exactly (both operands are the same quantity), so the batch element is certainly
    undefined and the scalar interval raises DomainError, over the box and at every exact point."""
    X = IntervalArray(1.0, 2.0)
    d = X - X
    r = d / d
    assert bool(r.certainly_undefined) and not bool(r.defined)
    x = interval(1, 2)
    with pytest.raises(DomainError):
        (x - x) / (x - x)
    y = interval(1, 2)
    assert not ((x - y) / (x - y)).defined  # two objects: no dependency is assumed
    for p in ("1", "1.5", "2", "1.1", Fraction(4, 3)):
        xp = Interval.point(p)  # exact points (as the certifier makes them): x - x is exactly 0
        with pytest.raises(DomainError):
            (xp - xp) / (xp - xp)


def test_exact_points_compute_exactly():
    """At exact points (Interval.point, literals) + - * / and integer powers are exact rational
    arithmetic, so an expression that is 0 at the point is [0, 0] and a division by it is seen
    to be undefined there, even when the point is not a binary number."""
    x = Interval.point("0.1")
    d = x - Fraction(1, 10)
    assert d == interval(0) and d.exact_value == 0 and d.defined
    with pytest.raises(DomainError):
        1 / (x * 3 - "0.3")
    with pytest.raises(DomainError):
        (x - "0.1") ** -2
    r = (x * 3 + 1) / (x - "0.2")
    assert r.exact_value == Fraction(-13) and r.defined
    assert (x**3).exact_value == Fraction(1, 1000) and (x**-1).exact_value == 10
    assert (-x).exact_value == Fraction(-1, 10)
    # an operand without an exact value gives an ordinary enclosure
    y = interval("0.1")
    assert y.exact_value is None and (x - y).exact_value is None and (x - y).contains(0)
    # huge exact results fall back to enclosures, still correct
    big = Interval.point(Fraction(3, 7)) ** 5000
    assert big.exact_value is None and big.contains(Fraction(3, 7) ** 5000)


def test_propagation_examples_both_kinds():
    x, X = interval(0, 2), IntervalArray(0.0, 2.0)
    assert not (1 / (x - 1)).defined and not bool((1 / (X - 1)).defined)
    assert (1 / (x + 1)).defined and bool((1 / (X + 1)).defined)
    x, X = interval(-1, 1), IntervalArray(-1.0, 1.0)
    assert not (x.sqrt() ** 2).defined and not bool((X.sqrt() ** 2).defined)
    assert (x.sqrt() ** 2).contains(1) and encloses_float(float((X.sqrt() ** 2).lo), float((X.sqrt() ** 2).hi), 1)
    # sqrt(x) >= 0 over [-1, 1] must not be provable: the enclosure [0, 1] alone would say so
    assert interval(-1, 1).sqrt().lo >= 0 and not interval(-1, 1).sqrt().defined
    # x / x over [-1, 1]: 0/0 at x = 0
    assert not (x / x).defined and not bool((X / X).defined)


def test_exponent_decoration_counts():
    """x**n is defined only where the exponent is: an exact point exponent that was computed
    through an undefined operation leaves the result undefined."""
    bad_two = interval(2) + interval(-1, 0).sqrt() * 0  # [2, 2], not defined
    assert bad_two.is_point() and not bad_two.defined
    r = interval(1, 3) ** bad_two
    assert not r.defined and r.contains(1) and r.contains(9)
    BAD = IntervalArray(2.0, 2.0) + IntervalArray(-1.0, 0.0).sqrt() * 0
    R = IntervalArray(np.array([1.0]), np.array([3.0])) ** BAD
    assert R.defined.tolist() == [False] and R.lo[0] <= 1 and R.hi[0] >= 9


def test_claim_functions_dispatch_keeps_the_decoration():
    """The functions of a claim body reach the interval methods through kinds.apply."""
    from theorycheck.expr import Real

    from theorycheck import log, sqrt

    assert not sqrt(Real(interval(-1, 1))).raw.defined
    assert sqrt(Real(interval(0, 1))).raw.defined
    assert not log(Real(IntervalArray(np.array([0.0, 1.0]), np.array([1.0, 2.0])))).raw.defined[0]
    assert kinds.apply("log", IntervalArray(np.array([0.0, 1.0]), np.array([1.0, 2.0]))).defined.tolist() == [False, True]


# -- conversions and views carry the decoration -------------------------------------------------------


def test_conversions_carry_the_decoration():
    u = interval(-1, 4).sqrt()
    A = IntervalArray.from_intervals([interval(1, 2), u])
    assert A.defined.tolist() == [True, False]
    back = A.to_intervals()
    assert [iv.defined for iv in back] == [True, False]
    assert back[1].contains(2)
    assert A[1].defined.tolist() == False and A[0].defined.tolist() == True  # noqa: E712
    assert not bool(IntervalArray.point_like(None, u).defined)
    assert not (IntervalArray(np.array([1.0, 2.0]), np.array([1.0, 2.0])) + u).defined.any()
    B = IntervalArray(np.array([[-1.0, 1.0]]), np.array([[1.0, 2.0]])).log()
    assert B.defined.shape == (1, 2) and B.defined.tolist() == [[False, True]]
    assert B[0, 1].defined.tolist() is True
    with pytest.raises(DomainError):
        IntervalArray(np.array([-2.0]), np.array([-1.0])).log().to_intervals()


def test_constructors_are_defined():
    assert interval(1, 2).defined and Interval.point("0.1").defined and Interval.pi().defined
    assert Interval(-INF, INF).defined and Interval.entire().defined
    A = IntervalArray(np.zeros(3), np.ones(3))
    assert A.defined.tolist() == [True] * 3 and not A.certainly_undefined.any()
    assert bool(IntervalArray.const_pi().defined)


# -- Dual: values and gradients are intervals, so the decoration flows through -------------------------


def test_dual_sqrt_value_defined_gradient_not():
    """d/dx sqrt(x) = 1/(2 sqrt x) divides by an interval containing 0 over [0, 1]: the
    gradient enclosure is not defined there, while the value is."""
    (x,) = seed_variables([interval(0, 1)])
    s = x.sqrt()
    assert s.val.defined and not s.grad[0].defined
    (y,) = seed_variables([interval(1, 4)])
    t = y.sqrt()
    assert t.val.defined and t.grad[0].defined and t.grad[0].contains(Fraction(1, 4))
    (X,) = seed_variables([IntervalArray(np.array([0.0, 1.0]), np.array([1.0, 4.0]))])
    S = X.sqrt()
    assert S.val.defined.tolist() == [True, True]
    assert S.grad[0].defined.tolist() == [False, True]
    (z,) = seed_variables([interval(-1, 1)])
    assert not z.log().val.defined and not z.log().grad[0].defined


# -- the other kinds -----------------------------------------------------------------------------------


def test_mpf_kind_raises_outside_the_domain():
    for name, v in (("log", 0), ("log", -1), ("log1p", -1), ("log1p", -2), ("sqrt", "-1e-30")):
        with pytest.raises(ArithmeticError):
            kinds.apply(name, mp.mpf(v))
    assert kinds.apply("sqrt", mp.mpf(0)) == 0
    assert kinds.apply("log1p", mp.mpf(0)) == 0
    with pytest.raises(ZeroDivisionError):
        mp.mpf(1) / mp.mpf(0)


def test_float_kinds_keep_their_behaviour():
    assert kinds.apply("log", 0.0) == -INF and kinds.apply("log1p", -1.0) == -INF
    for name, v in (("log", -1.0), ("sqrt", -1.0), ("log1p", -2.0)):
        with pytest.raises(kinds.DomainViolation):
            kinds.apply(name, v)
        with pytest.raises(kinds.DomainViolation):
            kinds.apply(name, np.array([1.0, v]))
