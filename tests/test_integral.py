"""integral(): rigorous enclosures contain 50-digit mpmath quadrature; derivatives of integrals
follow the Leibniz rule; integral steps in claims are decided."""

import math
from fractions import Fraction

import mpmath
import pytest

from theorycheck import Phi, claim, exp, integral, interval, log, npdf, sqrt
from theorycheck.check import check
from theorycheck.expr import Real
from theorycheck.claims import ClaimEvaluationError

CASES = [
    ("npdf", lambda t: npdf(t), lambda t: mpmath.npdf(t), -1, 2),
    ("exp(-t^2) on a long range", lambda t: exp(-t * t), lambda t: mpmath.exp(-t * t), -6, 5),
    ("log(1+t^2) npdf(t-1)", lambda t: log(1 + t * t) * npdf(t - 1), lambda t: mpmath.log(1 + t * t) * mpmath.npdf(t - 1), "-0.5", 3),
    ("sqrt(1+t) Phi(t)", lambda t: sqrt(1 + t) * Phi(t), lambda t: mpmath.sqrt(1 + t) * mpmath.ncdf(t), 0, "2.5"),
    ("1/(1+t^2)", lambda t: 1 / (1 + t * t), lambda t: 1 / (1 + t * t), "0.1", 7),
    ("reversed ends", lambda t: exp(t), lambda t: mpmath.exp(t), 1, 0),
]


@pytest.mark.parametrize("name, f, f_mp, a, b", CASES, ids=[c[0] for c in CASES])
def test_enclosure_contains_high_precision_quadrature(name, f, f_mp, a, b):
    enc = integral(f, Real(interval(a)), Real(interval(b))).raw
    with mpmath.workdps(50):
        qa, qb = Fraction(str(a)), Fraction(str(b))
        true = mpmath.quad(f_mp, [mpmath.mpf(qa.numerator) / qa.denominator, mpmath.mpf(qb.numerator) / qb.denominator])
        assert enc.lo <= true <= enc.hi, (enc, true)
    assert float(enc.width()) < 1e-9, enc  # and it is tight


def test_interval_ends_enclose_every_integral_over_the_box():
    enc = integral(lambda t: npdf(t), Real(interval("-0.5", "0.5")), Real(interval(2, 3))).raw
    with mpmath.workdps(30):
        for a in (-0.5, 0, 0.5):
            for b in (2, 2.5, 3):
                true = mpmath.ncdf(b) - mpmath.ncdf(a)
                assert enc.lo <= true <= enc.hi


def test_parameters_inside_the_integrand_may_be_intervals():
    m = Real(interval("0.9", "1.1"))
    enc = integral(lambda t: npdf(t - m), Real(interval(0)), Real(interval(1))).raw
    with mpmath.workdps(30):
        for mu in (0.9, 1.0, 1.1):
            true = mpmath.ncdf(1 - mu) - mpmath.ncdf(-mu)
            assert enc.lo <= true <= enc.hi


def test_infinite_end_with_an_analytic_tail_bound():
    enc = integral(lambda t: exp(-t * t), Real(interval(0)), "inf", tail=lambda T: exp(-T * T) / (2 * T)).raw
    true = mpmath.sqrt(mpmath.pi) / 2
    assert enc.lo <= true <= enc.hi and float(enc.width()) < 1e-9


def test_infinite_end_without_a_tail_bound_is_refused():
    with pytest.raises(Exception, match="tail"):
        integral(lambda t: npdf(t), Real(interval(0)), math.inf)


def test_a_tail_bound_that_is_too_small_is_the_users_responsibility_but_a_negative_one_is_refused():
    with pytest.raises(Exception, match="negative"):
        integral(lambda t: npdf(t), Real(interval(0)), "inf", tail=lambda T: -exp(-T))


def test_floats_and_mpmath_kinds():
    assert abs(integral(lambda t: npdf(t), Real(-1.0), Real(2.0)).raw - float(mpmath.ncdf(2) - mpmath.ncdf(-1))) < 1e-12
    with mpmath.workdps(30):
        v = integral(lambda t: npdf(t), Real(mpmath.mpf(-1)), Real(mpmath.mpf(2))).raw
        assert abs(v - (mpmath.ncdf(2) - mpmath.ncdf(-1))) < mpmath.mpf(10) ** -25


def test_leibniz_rule_for_derivatives_of_integrals():
    from theorycheck import d

    def mass(m, r):
        return integral(lambda t: npdf(t - m), 0, r)

    # d/dr of the integral from 0 to r is the integrand at r; d/dm is npdf(-m) - npdf(r - m)
    m, r = interval("0.3"), interval("1.7")
    with mpmath.workdps(30):
        dr = d(mass, "r")(Real(m), Real(r)).raw
        dm = d(mass, "m")(Real(m), Real(r)).raw
        mm, rr = mpmath.mpf(3) / 10, mpmath.mpf(17) / 10
        assert dr.lo <= mpmath.npdf(rr - mm) <= dr.hi
        assert dm.lo <= mpmath.npdf(-mm) - mpmath.npdf(rr - mm) <= dm.hi


@claim(m=(-1, 1), r=(0, 3), expect="refuted")
def integral_step_off_by_1e_12(m, r):
    return integral(lambda t: npdf(t - m), 0, r) == Phi(r - m) - Phi(-m) + 1e-12 * r


@claim(m=(-1, 1), r=("0.5", 3), expect="proved")
def integral_of_density_is_below_one(m, r):
    return integral(lambda t: npdf(t - m), 0, r) <= 1


@pytest.mark.parametrize("c", [integral_step_off_by_1e_12, integral_of_density_is_below_one], ids=lambda c: c.name)
def test_claims_with_integral_steps(c):
    # generous: box-by-box integrals are slow on a loaded 2-core machine, and this tests
    # verdicts, not speed
    v = check(c, budget=150, seed=0)
    assert v.verdict == c.expect, v.to_json()
