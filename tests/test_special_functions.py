"""The special functions of the claim language (gamma, loggamma, ndtri, atan, asin, acos,
besseli0, besseli1, gammainc_lower, gammainc_upper, owens_t) on every kind, against mpmath at
80 digits (theorycheck.enclose.conformance): containment of the true value at sampled points of
random boxes (corners and edge middles included), domain edges, derivatives, and claims end to
end (check, certificates, verify)."""

from __future__ import annotations

import json
import math
import textwrap
from fractions import Fraction

import mpmath
import numpy as np
import pytest

from theorycheck.cli import main as cli_main
from theorycheck.enclose import kinds
from theorycheck.enclose.batch import IntervalArray
from theorycheck.enclose.conformance import (
    SPECIAL_FUNCTIONS,
    check_special_enclosure,
    special_contains,
    special_partials,
    special_truth,
)
from theorycheck.enclose.dual import seed_variables
from theorycheck.enclose.interval import DomainError, Interval, interval, working_precision

# where random boxes are drawn, per function (one range per argument); gamma also on two
# negative gaps between poles
RANGES = {
    "gamma": [((Fraction(1, 100), Fraction(12)),), ((Fraction(-39, 10), Fraction(-31, 10)),),
              ((Fraction(-99, 100), Fraction(-1, 100)),)],
    "loggamma": [((Fraction(1, 1000), Fraction(60)),)],
    "ndtri": [((Fraction(1, 10**12), 1 - Fraction(1, 10**12)),), ((Fraction(1, 10**30), Fraction(1, 10**20)),)],
    "atan": [((Fraction(-50), Fraction(50)),)],
    "asin": [((Fraction(-1), Fraction(1)),)],
    "acos": [((Fraction(-1), Fraction(1)),)],
    "besseli0": [((Fraction(-30), Fraction(30)),)],
    "besseli1": [((Fraction(-30), Fraction(30)),)],
    "gammainc_lower": [((Fraction(1, 20), Fraction(20)), (Fraction(0), Fraction(30)))],
    "gammainc_upper": [((Fraction(1, 20), Fraction(20)), (Fraction(0), Fraction(30)))],
    "owens_t": [((Fraction(-5), Fraction(5)), (Fraction(-5), Fraction(5)))],
}
NAMES = sorted(SPECIAL_FUNCTIONS)


def random_boxes(name, rng, count):
    """``count`` random boxes inside the ranges of ``name``: widths from 1e-6 to the whole range."""
    out = []
    for i in range(count):
        ranges = RANGES[name][i % len(RANGES[name])]
        box = []
        for lo, hi in ranges:
            width = (hi - lo) * Fraction(1, 10 ** int(rng.integers(0, 7)))
            start = lo + (hi - lo - width) * Fraction(int(rng.integers(0, 2**16 + 1)), 2**16)
            box.append((start, start + width))
        out.append(tuple(box))
    return out


def call(name, *args):
    if SPECIAL_FUNCTIONS[name][0] == 2:
        return kinds.apply2(name, *args)
    return kinds.apply(name, *args)


def mp(q):
    return mpmath.mpf(q.numerator) / q.denominator


@pytest.mark.parametrize("name", NAMES)
def test_interval_contains_the_true_range(name):
    rng = np.random.default_rng(sum(map(ord, name)))
    slow = name == "owens_t"  # its 80-digit truth is a quadrature: fewer boxes and points
    for box in random_boxes(name, rng, 3 if slow else 8):
        r = call(name, *[interval(lo, hi) for lo, hi in box])
        assert r.defined
        bad = check_special_enclosure(name, box, (r.lo, r.hi), rng, n=3 if slow else 12)
        assert not bad, f"{name} on {box}: {r} misses {bad[:2]}"


@pytest.mark.parametrize("name", NAMES)
def test_batch_contains_the_true_range(name):
    rng = np.random.default_rng(1 + sum(map(ord, name)))
    boxes = random_boxes(name, rng, 2 if name == "owens_t" else 5)  # Owen's T: a slow 80-digit truth
    # batch end points are doubles: round each box outward to doubles, then sample that box
    operands = []
    for k in range(SPECIAL_FUNCTIONS[name][0]):
        operands.append(IntervalArray(np.array([float(b[k][0]) for b in boxes]), np.array([float(b[k][1]) for b in boxes])))
    r = call(name, *operands)
    assert r.defined.all()
    for i in range(len(boxes)):
        box = tuple((Fraction(float(op.lo[i])), Fraction(float(op.hi[i]))) for op in operands)
        bad = check_special_enclosure(name, box, (mpmath.mpf(r.lo[i]), mpmath.mpf(r.hi[i])), rng,
                                      n=1 if name == "owens_t" else 4)
        assert not bad, f"{name} batch element {box}: [{r.lo[i]}, {r.hi[i]}] misses {bad[:2]}"


@pytest.mark.parametrize("name", NAMES)
def test_point_kinds_agree_with_mpmath(name):
    """float (scipy/math), mpf and sympy at random points, and a point interval's enclosure."""
    import sympy

    rng = np.random.default_rng(2 + sum(map(ord, name)))
    for box in random_boxes(name, rng, 4):
        pt = tuple(Fraction(float(lo + (hi - lo) / 3)) for lo, hi in box)
        truth = special_truth(name, *pt)
        assert truth is not None
        tol = mpmath.mpf(10) ** -8 * max(1, abs(truth))
        assert abs(call(name, *[float(q) for q in pt]) - truth) <= tol
        with mpmath.workdps(30):
            assert abs(call(name, *[mp(q) for q in pt]) - truth) <= mpmath.mpf(10) ** -25 * max(1, abs(truth))
        iv = call(name, *[Interval.point(q) for q in pt])
        assert special_contains(iv.lo, iv.hi, truth) and iv.width() <= mpmath.mpf(10) ** -12 * max(1, abs(truth))
        if name in ("owens_t",) and abs(pt[0]) > 0 and abs(pt[1]) > 0:
            continue  # an unevaluated integral: sympy's numerical quadrature is slow (checked below at h = 0)
        s = call(name, *[sympy.Rational(q.numerator, q.denominator) for q in pt])
        with mpmath.workdps(60):
            assert abs(mpmath.mpf(str(sympy.N(s, 40))) - truth) <= mpmath.mpf(10) ** -30 * max(1, abs(truth))


@pytest.mark.parametrize("name", NAMES)
def test_dual_derivatives_contain_the_true_partials(name):
    """Forward AD over intervals at exact points and over a small box: the gradient encloses
    mpmath's numerical partial derivatives (gammainc's order a: only its sign, [-inf, 0])."""
    rng = np.random.default_rng(3 + sum(map(ord, name)))
    for box in random_boxes(name, rng, 1 if name == "owens_t" else 3):
        pt = tuple(Fraction(float(lo + (hi - lo) / 3)) for lo, hi in box)
        partials = special_partials(name, *pt)
        small = [interval(q - Fraction(1, 10**9), q + Fraction(1, 10**9)) for q in pt]
        for values in ([Interval.point(q) for q in pt], small):
            r = call(name, *seed_variables(values))
            for g, truth in zip(r.grad, partials):
                assert special_contains(g.lo, g.hi, truth), f"{name} at {pt}: {g} vs {truth}"
            if name == "gammainc_lower":
                assert r.grad[0].hi == 0
            if name == "gammainc_upper":
                assert r.grad[0].lo == 0


@pytest.mark.parametrize("name", ["gamma", "loggamma", "atan", "asin", "acos", "besseli0", "besseli1", "ndtri"])
def test_second_derivatives(name):
    """Nested duals (Hessians): the second derivative at a point against mpmath."""
    from theorycheck.enclose.dual import Dual, tangent

    x = Fraction(3, 10)
    (inner,) = seed_variables([Interval.point(x)])
    outer = Dual(inner, (1,), None)
    r = kinds.apply(name, outer)
    second = tangent(tangent(r, outer.tag), inner.tag)
    with mpmath.workdps(60):
        from theorycheck.enclose.conformance import _truth_at_mpf

        truth = mpmath.diff(lambda t: _truth_at_mpf(name, [t]), mp(x), 2)
    assert special_contains(second.lo, second.hi, truth)


@pytest.mark.parametrize("name", ["gamma", "loggamma"])
@pytest.mark.parametrize("x", [Fraction(3, 10), Fraction(17, 2), Fraction(-7, 10)])
def test_third_and_fourth_derivatives_of_gamma(name, x):
    """(issue 15) trigamma's derivative is polygamma(2), and so on: nested duals of depth 3 and 4
    (the Taylor forms' derivatives) against mpmath at 60 digits."""
    from theorycheck.enclose.dual import Dual, tangent

    if name == "loggamma" and x < 0:
        return
    for order in (3, 4):
        (v,) = seed_variables([Interval.point(x)])
        levels = [v]
        for _ in range(order - 1):
            levels.append(Dual(levels[-1], (1,), None))
        r = kinds.apply(name, levels[-1])
        for lv in reversed(levels):
            r = tangent(r, lv.tag)
        with mpmath.workdps(60):
            f = mpmath.gamma if name == "gamma" else mpmath.loggamma
            truth = mpmath.diff(f, mp(x), order)
        assert special_contains(r.lo, r.hi, truth), (order, r, truth)


@pytest.mark.parametrize("lo,hi", [("0.01", "0.02"), ("0.3", "0.3"), ("0.5", "12"), ("7", "1e6"), ("-0.9", "-0.1"),
                                   ("-2.99", "-2.01"), ("-1.5", "-1.5")])
@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_polygamma_contains_mpmath(lo, hi, n):
    """Interval.polygamma (end values of Hurwitz zeta on (0, inf), Arb's ball on a negative gap)
    against mpmath's psi(n, .) at 60 digits, at the ends, the middle and quarter points."""
    from theorycheck.enclose.polygamma import array_polygamma, interval_polygamma

    a, b = Fraction(lo), Fraction(hi)
    iv = interval_polygamma(Interval(a, b), n)
    assert iv.defined
    with mpmath.workdps(60):
        for t in (0, Fraction(1, 4), Fraction(1, 2), 1):
            x = a + t * (b - a)
            assert special_contains(iv.lo, iv.hi, mpmath.psi(n, mp(x))), (n, x, iv)
    # the batch kind: element by element through the same method
    arr = array_polygamma(IntervalArray(np.array([float(a)]), np.array([float(b)])), n)
    with mpmath.workdps(60):
        fa, fb = Fraction(float(a)), Fraction(float(b))  # (the batch's ends are doubles)
        assert special_contains(arr.lo[0], arr.hi[0], mpmath.psi(n, mp(fa + (fb - fa) / 2)))


def test_polygamma_at_poles():
    from theorycheck.enclose.polygamma import array_polygamma, interval_polygamma

    with pytest.raises(DomainError):
        interval_polygamma(Interval.point(-2), 2)
    assert not interval_polygamma(Interval(Fraction(-1, 2), Fraction(1, 2)), 2).defined
    assert not interval_polygamma(Interval(Fraction(-3, 2), Fraction(-1, 2)), 3).defined  # -1 inside
    arr = array_polygamma(IntervalArray(np.array([-2.0, 0.5]), np.array([-2.0, 1.0])), 2)
    assert np.isnan(arr.lo[0]) and not np.isnan(arr.lo[1])
    from theorycheck.enclose.dual import _polygamma

    with pytest.raises(kinds.DomainViolation):
        _polygamma(0.0, 2)
    with pytest.raises(kinds.DomainViolation):
        _polygamma(np.array([0.5, -1.0]), 2)
    with mpmath.workdps(60):
        assert abs(_polygamma(0.25, 3) - float(mpmath.psi(3, 0.25))) <= 1e-12 * abs(float(mpmath.psi(3, 0.25)))
        assert abs(_polygamma(mpmath.mpf(1) / 4, 3) - mpmath.psi(3, mpmath.mpf(1) / 4)) < mpmath.mpf(10) ** -50


@pytest.mark.parametrize("name", ["gamma", "loggamma", "atan", "asin", "acos", "besseli0", "besseli1", "ndtri"])
def test_series_coefficients(name):
    """Taylor models (integral's kind): the first coefficients at a point ball are the value and
    the derivative."""
    from flint import arb

    from theorycheck.enclose.series import Series

    x = Fraction(3, 10)
    s = kinds.apply(name, Series.variable(arb(x.numerator) / x.denominator, 3))
    value, slope = s.coefficient(0), s.coefficient(1)
    truth, (d,) = special_truth(name, x), special_partials(name, x)
    for ball, t in ((value, truth), (slope, d)):
        lo, hi = Interval._from_ball(ball).lo, Interval._from_ball(ball).hi
        assert special_contains(lo, hi, t)


def test_series_refuses_functions_without_taylor_models():
    from flint import arb

    from theorycheck.enclose.series import Series

    x = Series.variable(arb(1) / 3, 3)
    for name in ("owens_t", "gammainc_lower", "gammainc_upper"):
        with pytest.raises(TypeError, match="Taylor model"):
            kinds.apply2(name, x, Interval.point(1))
    # a centre ball outside (0, 1): ndtri's coefficients are not known (never small)
    assert not kinds.apply("ndtri", Series.variable(arb(3) / 2, 3)).is_finite()


def test_series_higher_coefficients_of_bessel_and_ndtri():
    """The coefficients of degree 2..4 (through the order recursion of I_n and Picard's iteration
    of ndtri) against mpmath's Taylor coefficients."""
    from flint import arb

    from theorycheck.enclose.conformance import _truth_at_mpf
    from theorycheck.enclose.series import Series

    for name, x in (("besseli0", Fraction(-7, 4)), ("besseli1", Fraction(5, 2)), ("ndtri", Fraction(1, 1000))):
        s = kinds.apply(name, Series.variable(arb(x.numerator) / x.denominator, 5))
        with mpmath.workdps(60):
            ref = mpmath.taylor(lambda t: _truth_at_mpf(name, [t]), mp(x), 4)
        for k in range(5):
            ball = Interval._from_ball(s.coefficient(k))
            assert special_contains(ball.lo, ball.hi, ref[k]), (name, k)


# ---- domain edges -----------------------------------------------------------------------------


def test_gamma_poles():
    for p in (0, -1, -2, -7):
        with pytest.raises(DomainError):
            interval(p).gamma()
        with pytest.raises(DomainError):
            IntervalArray(float(p), float(p)).gamma().to_intervals()
        with pytest.raises(kinds.DomainViolation):
            kinds.apply("gamma", float(p))
        with pytest.raises(kinds.DomainViolation):
            kinds.apply("gamma", mpmath.mpf(p))
    for lo, hi in ((-1, 1), ("-1.5", "-0.5"), ("-0.001", "0.001"), ("-3", "-2.5")):
        r = interval(lo, hi).gamma()
        assert not r.defined
    r = interval("-0.75", "-0.25").gamma()  # between the poles -1 and 0: negative, defined
    assert r.defined and r.hi < 0
    # the minimum on (0, inf): Gamma(1.46163...) = 0.88560319441088870027...
    r = Interval(1, math.inf).gamma()
    assert r.defined and Fraction("0.885603194410888") <= r.lo_fraction <= Fraction("0.8856031944108887")


def test_loggamma_at_zero_and_below():
    with pytest.raises(DomainError):
        interval(0).loggamma()
    with pytest.raises(DomainError):
        interval(-2, 0).loggamma()
    r = interval(0, 1).loggamma()
    assert not r.defined and r.hi == mpmath.inf and r.lo == 0
    r = interval(0, 3).loggamma()  # reaches past the minimum: the certified minimum bounds it
    assert not r.defined and Fraction("-0.1214862905359") <= r.lo_fraction <= Fraction("-0.12148629053584")
    assert interval("0.001", 1).loggamma().defined
    assert math.isinf(kinds.apply("loggamma", 0.0))


def test_ndtri_at_zero_and_one():
    for p in (0, 1, -1, 2):
        with pytest.raises(DomainError):
            interval(p).ndtri()
    r = interval(0, "0.5").ndtri()
    assert not r.defined and r.lo == -mpmath.inf and r.hi == 0
    r = interval("0.5", 1).ndtri()
    assert not r.defined and r.hi == mpmath.inf
    assert interval("1e-300", "0.5").ndtri().defined
    assert kinds.apply("ndtri", 0.0) == -math.inf and kinds.apply("ndtri", 1.0) == math.inf
    with pytest.raises(kinds.DomainViolation):
        kinds.apply("ndtri", mpmath.mpf(0))
    # a verified inverse: Phi at the ends of the enclosure brackets p
    for p in ("1e-200", "0.3", "0.999999"):
        r = interval(p).ndtri()
        with working_precision(256):
            assert Interval.point(r.lo_fraction).Phi().hi_fraction <= Fraction(p) <= Interval.point(r.hi_fraction).Phi().lo_fraction


def test_asin_acos_domain_is_closed():
    r = interval(-1, 1).asin()
    assert r.defined and special_contains(r.lo, r.hi, mpmath.pi / 2)
    assert interval(-1, 1).acos().defined
    assert interval(1).asin().defined and interval(-1).acos().defined
    for name in ("asin", "acos"):
        r = getattr(interval("0.5", "1.5"), name)()
        assert not r.defined
        with pytest.raises(DomainError):
            getattr(interval("1.0000001", 2), name)()
        b = getattr(IntervalArray(np.array([-1.0, 0.5, 1.5]), np.array([1.0, 1.5, 2.0])), name)()
        assert b.defined.tolist() == [True, False, False] and b.certainly_undefined.tolist() == [False, False, True]
        with pytest.raises(kinds.DomainViolation):
            kinds.apply(name, 1.5)
    assert Interval(-math.inf, math.inf).atan().defined


def test_incomplete_gamma_at_zero():
    a = interval("0.5", 3)
    p = a.gammainc_lower(interval(0))
    q = a.gammainc_upper(interval(0))
    assert p.defined and p.lo == 0 and p.hi == 0
    assert q.defined and q.lo == 1 and q.hi == 1
    assert interval(2).gammainc_lower(interval(0, 1)).defined
    assert not interval(2).gammainc_lower(interval(-1, 1)).defined
    assert not interval(0, 1).gammainc_lower(interval(1)).defined  # a = 0 is outside (a > 0)
    with pytest.raises(DomainError):
        interval(2).gammainc_lower(interval(-2, -1))
    with pytest.raises(DomainError):
        interval(-1, 0).gammainc_upper(interval(1))
    with pytest.raises(kinds.DomainViolation):
        kinds.apply2("gammainc_lower", 0.0, 1.0)
    assert kinds.apply2("gammainc_lower", 2.0, 0.0) == 0.0


def test_owens_t_special_values_and_infinite_ends():
    assert interval(3).owens_t(0) == interval(0)
    r = interval(0).owens_t(interval(1))
    assert special_contains(r.lo, r.hi, mpmath.mpf(1) / 8)
    r = interval(1).owens_t(Interval(1, math.inf))
    truth_inf = mpmath.ncdf(-1) / 2  # T(h, inf) = Phi(-|h|)/2
    assert r.hi >= truth_inf and r.lo <= special_truth("owens_t", Fraction(1), Fraction(1))
    r = Interval(-2, math.inf).owens_t(interval(-1, 1))
    assert r.lo <= -mpmath.mpf(1) / 8 and r.hi >= mpmath.mpf(1) / 8
    # Owen's identity branch (|a| > 1) against the plain integral, and far tails (T ~ 1e-198)
    for h, a in (("0.7", 40), (30, 2), (8, 10**6), (-3, "-1.0000001")):
        r = interval(h).owens_t(interval(a))
        truth = special_truth("owens_t", Fraction(h), Fraction(a))
        assert special_contains(r.lo, r.hi, truth) and r.width() <= abs(truth) * 1e-9, (h, a, r, truth)


def test_tight_boxes_at_the_domain_edges():
    """Boxes a hair away from a pole, from 0 (loggamma, ndtri) and from 1 (ndtri): contained."""
    rng = np.random.default_rng(7)
    eps = [Fraction(1, 2**k) for k in (12, 30, 50)]
    cases = []
    for e in eps:
        cases += [("gamma", ((-1 + e, -1 + 2 * e),)), ("gamma", ((-3 - 2 * e, -3 - e),)),
                  ("gamma", ((e, 2 * e),)), ("loggamma", ((e, 2 * e),)), ("ndtri", ((e / 2, e),)),
                  ("ndtri", ((1 - e, 1 - e / 2),)), ("asin", ((1 - e, Fraction(1)),)),
                  ("acos", ((Fraction(-1), -1 + e),)), ("besseli1", ((-e, e),)),
                  ("gammainc_lower", ((e, 2 * e), (Fraction(0), e))),
                  ("gammainc_upper", ((Fraction(30), Fraction(30) + e), (Fraction(0), e)))]
    for name, box in cases:
        r = call(name, *[interval(lo, hi) for lo, hi in box])
        assert r.defined, (name, box)
        bad = check_special_enclosure(name, box, (r.lo, r.hi), rng, n=3)
        assert not bad, (name, box, r, bad[:1])


def test_two_argument_lifting_across_kinds():
    """A constant meets a claim value of every kind (as min/max lift theirs), and two kinds
    (scalar Interval, batch) combine."""
    from theorycheck.expr import Lazy, Real, gammainc_lower, owens_t

    r = owens_t(Real(interval(1)), 0)
    assert isinstance(r, Real) and r.raw == interval(0)
    lazy = owens_t(0, 1)
    assert isinstance(lazy, Lazy)
    v = lazy.materialize_like(interval(0))
    assert special_contains(v.lo, v.hi, mpmath.mpf(1) / 8)
    b = kinds.apply2("gammainc_lower", interval(2), IntervalArray(np.array([0.0, 1.0]), np.array([1.0, 2.0])))
    assert isinstance(b, IntervalArray) and b.lo[0] == 0
    f = gammainc_lower(Real(2.0), 1)
    assert abs(float(f) - float(special_truth("gammainc_lower", Fraction(2), Fraction(1)))) < 1e-12


# ---- claims end to end ------------------------------------------------------------------------

CLAIMS = '''
from theorycheck import (claim, gamma, loggamma, ndtri, atan, asin, acos, besseli0, besseli1,
                         gammainc_lower, gammainc_upper, owens_t, Phi, pi, exp, integral)

@claim(x=(1, 2), expect="proved")
def gamma_min(x):
    return gamma(x) >= 0.88

@claim(x=(1, 2), expect="refuted")
def gamma_min_false(x):
    return gamma(x) >= 0.89

@claim(x=("0.5", 3), expect="proved")
def loggamma_below(x):
    return loggamma(x) <= 2 * x

@claim(x=("0.5", 3), expect="refuted")
def loggamma_false(x):
    return loggamma(x) >= 0

@claim(p=("0.001", "0.999"), expect="proved")
def phi_ndtri(p):
    return Phi(ndtri(p)) == p

@claim(p=("0.01", "0.99"), expect="refuted")
def ndtri_false(p):
    return ndtri(p) <= 2

@claim(x=(0, 3), expect="proved")
def atan_below(x):
    return atan(x) <= x

@claim(x=(0, 3), expect="refuted")
def atan_false(x):
    return atan(x) >= x / 2

@claim(x=(-1, 1), expect="proved")
def asin_acos(x):
    return asin(x) + acos(x) <= pi / 2 + 0.001

@claim(x=(-1, 1), expect="refuted")
def asin_false(x):
    return asin(x) <= x

@claim(x=(-5, 5), expect="proved")
def i0_above(x):
    return besseli0(x) >= 1 + x**2 / 4

@claim(x=(-5, 5), expect="refuted")
def i0_false(x):
    return besseli0(x) <= 1 + x**2

@claim(x=(0, 2), expect="proved")
def i1_above(x):
    return besseli1(x) >= x / 2

@claim(x=(0, 2), expect="refuted")
def i1_false(x):
    return besseli1(x) <= x / 2 + 0.1

@claim(x=(0, 5), expect="proved")
def p_q_sum(x):
    return gammainc_lower(2, x) + gammainc_upper(2, x) <= 1.000001

@claim(x=(0, 5), expect="refuted")
def p_false(x):
    return gammainc_lower(2, x) <= 0.9

@claim(x=(0, 5), expect="refuted")
def q_false(x):
    return gammainc_upper(2, x) <= 0.9

@claim(h=(-3, 3), expect="proved")
def owens_at_zero(h):
    return owens_t(h, 0) == 0

@claim(a=(-3, 3), expect="proved")
def owens_h_zero(a):
    return owens_t(0, a) == atan(a) / (2 * pi)

@claim(h=(0, 3), a=(0, 2), expect="proved")
def owens_bounded(h, a):
    return owens_t(h, a) <= 0.18

@claim(h=(0, 3), a=(0, 2), expect="refuted")
def owens_false(h, a):
    return owens_t(h, a) <= 0.1

@claim(x=(-1, 1), expect="refuted")
def gamma_pole(x):
    return gamma(x) <= 10**9

@claim(x=("-0.9", "-0.1"), expect="proved")
def gamma_negative_gap(x):
    return gamma(x) <= -3.5

@claim(p=(0, "0.5"), expect="refuted")
def ndtri_at_zero(p):
    return ndtri(p) >= -40

@claim(x=(-1, "1.5"), expect="refuted")
def asin_beyond_one(x):
    return asin(x) <= 2

@claim(expect="proved")
def integral_of_i0():
    return integral(lambda t: besseli0(t), 0, 1) >= 1.08
'''


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    root = tmp_path_factory.mktemp("special")
    path = root / "special_claims.py"
    path.write_text(textwrap.dedent(CLAIMS))
    certs = root / "certs"
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli_main(["check", str(path), "--json", "--budget", "20", "--certificates", str(certs)])
    return status, json.loads(out.getvalue()), certs


def test_claims_get_their_verdicts(checked):
    status, rows, _ = checked
    verdicts = {r["claim"]: (r["verdict"], r["expected"]) for r in rows}
    wrong = {k: v for k, v in verdicts.items() if v[0] != v[1]}
    assert not wrong and status == 0
    pole = next(r for r in rows if r["claim"] == "gamma_pole")
    x = Fraction(pole["counterexample"]["x"])
    assert x in (-1, 0) and pole["undefined"]  # refuted at a pole: undefined there
    edge = {r["claim"]: r for r in rows}
    assert edge["ndtri_at_zero"]["counterexample"] == {"p": "0"} and edge["ndtri_at_zero"]["undefined"]
    assert Fraction(edge["asin_beyond_one"]["counterexample"]["x"]) > 1 and edge["asin_beyond_one"]["undefined"]


def test_certificates_are_accepted_by_the_kernel(checked, capsys):
    _, rows, certs = checked
    assert cli_main(["verify", str(certs)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(rows) and all(line.startswith("valid  ") for line in out)


def test_unsupported_function_names_the_claim_and_the_replacement(tmp_path, capsys):
    path = tmp_path / "bad_claims.py"
    path.write_text(textwrap.dedent('''
        import math
        from theorycheck import claim

        @claim(x=(1, 2))
        def uses_math_gamma(x):
            return math.gamma(x) >= 0.88
    '''))
    assert cli_main(["check", str(path), "--budget", "5"]) != 0
    text = capsys.readouterr().out
    assert "uses_math_gamma" in text and "math.gamma -> theorycheck's gamma" in text


# ---- MPFI's vectors of atan, asin, acos -----------------------------------------------------------


def test_mpfi_vectors_of_the_inverse_trigonometric_functions():
    """GNU MPFI's atan/asin/acos vectors: every result contains the true range (200-digit mpmath at
    the ends of the part inside the domain); at 128 bits (and in the batch kind, which evaluates at
    128 bits) the ends rounded outward to doubles are exactly MPFI's tightest ones."""
    from theorycheck.enclose.conformance import default_itl_path, parse_itl_file, run_special_itl

    vectors = parse_itl_file(default_itl_path())

    def scalar(op, pair):
        r = getattr(Interval(pair[0], pair[1]), op)()
        return r.lo_fraction, r.hi_fraction

    def batch(op, pair):
        r = getattr(IntervalArray(pair[0], pair[1]), op)()
        return Fraction(float(r.lo)), Fraction(float(r.hi))

    results = run_special_itl(vectors, scalar)
    assert len(results) == 35 and all(c for _, c, _ in results)
    with working_precision(128):
        results = run_special_itl(vectors, scalar)
    assert all(c and t for _, c, t in results), [str(v) for v, c, t in results if not (c and t)]
    results = run_special_itl(vectors, batch)
    assert all(c and t for _, c, t in results), [str(v) for v, c, t in results if not (c and t)]
