"""Unbounded ranges: ``x=(0, inf)`` is decided over t in [0, 1] with x = t/(1 - t), never cut off.

Truth by hand: exp(-x) <= 1 for x >= 0; exp(x) <= 1 for x <= 0; x exp(-x) <= 1/e (maximum at
x = 1); Phi(x) >= 1 - exp(-x^2/2)/2 for x >= 0 (the Chernoff bound Phi(-x) <= exp(-x^2/2)/2);
x <= 10^6 + 1 fails for every x > 10^6 + 1; exp(-x) > 0 everywhere (its limit 0 at infinity is
no point of the domain); exp(x) >= 1 + x on the whole line (convexity).
"""

from __future__ import annotations

import json
import math
import shutil
import textwrap
from fractions import Fraction

import mpmath
import pytest

from theorycheck import Interval, Phi, claim, exp, implies, log
from theorycheck.check import check
from theorycheck.claims import ClaimDefinitionError
from theorycheck.unbounded import FAR, Unbounded, infinite_bound, phi


@claim(x=(0, math.inf))
def exp_minus_x_at_most_one(x):
    return exp(-x) <= 1


@claim(x=("-inf", 0))
def exp_at_most_one_below_zero(x):
    return exp(x) <= 1


@claim(x=(0, "inf"))
def x_exp_minus_x(x):
    return x * exp(-x) <= exp(-1)


@claim(x=(0, float("inf")))
def chernoff(x):
    return Phi(x) >= 1 - exp(-x * x / 2) / 2


@claim(x=(0, math.inf))
def false_beyond_a_million(x):
    return x <= 1e6 + 1


@claim(x=(0, "inf"))
def positive_with_limit_zero(x):
    return exp(-x) > 0


@claim(x=("-inf", "inf"))
def exp_tangent_everywhere(x):
    return exp(x) >= 1 + x


@claim(x=(2, "inf"), y=(0, 1))
def two_variables(x, y):
    return implies(y >= 0.5, exp(-x * y) <= 1)


def test_the_truth_at_60_digits():
    mpmath.mp.dps = 60
    xs = [mpmath.mpf(k) / 7 for k in range(0, 400)] + [mpmath.mpf(10)**k for k in range(1, 40)]
    for x in xs:
        assert x * mpmath.e**(-x) <= mpmath.e**(-1)
        assert mpmath.ncdf(x) >= 1 - mpmath.e**(-x * x / 2) / 2
        assert mpmath.e**x >= 1 + x and mpmath.e**(-x) >= 1 + -x


def test_proved_over_the_whole_unbounded_range():
    assert check(exp_minus_x_at_most_one, budget=10).verdict == "proved"
    assert check(exp_at_most_one_below_zero, budget=10).verdict == "proved"
    assert check(two_variables, budget=10).verdict == "proved"


@pytest.mark.parametrize("c", [x_exp_minus_x, chernoff, positive_with_limit_zero, exp_tangent_everywhere],
                         ids=lambda c: c.name)
def test_true_claims_are_never_refuted(c):
    assert check(c, budget=6).verdict in ("proved", "undecided")


def test_false_only_far_out_is_refuted_at_a_finite_exact_point():
    v = check(false_beyond_a_million, budget=10)
    assert v.verdict == "refuted"
    x = Fraction(v.counterexample["x"])
    assert x > 10**6 + 1  # a finite exact point where the claim fails
    t = Fraction(v.evidence["counterexample_t"]["x"])
    assert 0 <= t < 1 and t / (1 - t) == x


def test_the_kernel_accepts_the_certificates(tmp_path):
    from theorycheck import certificates
    from theorycheck.kernel import verify_certificate
    from theorycheck.loader import load_file

    (tmp_path / "lemmas").mkdir()
    lemma = tmp_path / "lemmas" / "unb.py"
    lemma.write_text(textwrap.dedent('''
        import math
        from theorycheck import claim, exp

        @claim(x=(0, math.inf))
        def decays(x):
            return exp(-x) <= 1

        @claim(x=(0, "inf"))
        def bounded(x):
            return x <= 1e6 + 1
    '''))
    claims = {c.name: c for c in load_file(lemma)}
    paths = {}
    for name, verdict in (("decays", "proved"), ("bounded", "refuted")):
        v = check(claims[name], budget=10)
        assert v.verdict == verdict
        paths[name] = certificates.write(claims[name], v, tmp_path / "lemmas" / "certificates")
        result = verify_certificate(paths[name])
        assert result.valid and result.verdict == verdict, result.message
    # the bound is part of what the certificate is for: another lower end, another claim
    lemma.write_text(lemma.read_text().replace("x=(0, math.inf)", "x=(-1, math.inf)"))
    result = verify_certificate(paths["decays"])
    assert not result.valid


def test_phi_encloses_the_map_on_every_kind():
    spec = Unbounded("x", Fraction(3), None)
    assert phi(0.5, spec) == 4.0 and phi(1.0, spec) == math.inf
    iv = phi(Interval.point(Fraction(1, 2)), spec)
    assert iv.lo == 4 and iv.hi == 4
    box = phi(Interval(Fraction(1, 2), 1), spec)
    assert box.lo == 4 and box.hi == mpmath.inf and box.defined
    end = phi(Interval.point(1), spec)  # the point t = 1: the values near infinity, never [inf, inf]
    assert end.lo == 3 + FAR and end.hi == mpmath.inf
    from theorycheck.enclose.batch import IntervalArray
    import numpy as np

    b = phi(IntervalArray(np.array([0.0, 0.5, 1.0]), np.array([0.5, 1.0, 1.0])), spec)
    assert list(b.lo) == [3.0, 4.0, float(3 + FAR)] and list(b.hi) == [4.0, math.inf, math.inf]


def test_derivatives_near_infinity_are_enclosed():
    from theorycheck.enclose.dual import seed_variables

    spec = Unbounded("x", Fraction(0), None)
    (t,) = seed_variables([Interval(Fraction(1, 2), 1)])
    x = phi(t, spec)
    g = x.grad[0]
    assert g.lo == 4 and g.hi == mpmath.inf and g.defined  # d/dt t/(1 - t) = 1/(1 - t)^2 >= 4


def test_function_enclosures_on_infinite_boxes_hold_the_values_and_the_limits():
    from theorycheck.enclose import kinds
    from theorycheck.enclose.interval import INF

    mpmath.mp.dps = 50
    B = Interval(Interval.point(3)._lo, INF, _trusted=True)
    checks = {"exp": (mpmath.e**3, mpmath.inf), "Phi": (mpmath.ncdf(3), 1), "erf": (mpmath.erf(3), 1),
              "npdf": (0, mpmath.npdf(3)), "erfc": (0, mpmath.erfc(3)), "tanh": (mpmath.tanh(3), 1),
              "log": (mpmath.log(3), mpmath.inf), "sqrt": (mpmath.sqrt(3), mpmath.inf)}
    for name, (lo, hi) in checks.items():
        r = kinds.apply(name, B)
        assert r.lo <= lo and hi <= r.hi, (name, r)
    e = kinds.apply("exp", -B)
    assert e.lo <= 0 and e.hi >= mpmath.e**-3


@pytest.mark.parametrize("spec,words", [
    ((math.inf, 1), "holds no real number"),
    ((0, -math.inf), "holds no real number"),
    (("inf", "inf"), "holds no real number"),
    ((0, "infinite"), "bad upper bound"),
])
def test_bad_unbounded_ranges_are_clear_errors(spec, words):
    with pytest.raises(ClaimDefinitionError) as info:
        @claim(x=spec)
        def bad_range(x):
            return exp(-x) <= 1
    assert "bad_range" in str(info.value) and words in str(info.value)


def test_infinite_bound_spellings():
    assert [infinite_bound(b) for b in (math.inf, -math.inf, "inf", "-inf", "+inf", "Infinity", 10**400, 1e308, "1e400")] \
        == [1, -1, 1, -1, 1, 1, None, None, None]
