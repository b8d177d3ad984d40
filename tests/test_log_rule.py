"""The log rule's hand-off of a failing box to the caller's ``confirm`` (theorycheck.transforms):
a box where the log form of a part certainly fails is a refutation only once its point is
certified on the claim *as written*; a box of the log form whose point the claim as written does
not violate is no refutation, and the proof goes on. Also: what the log rule is tried on (at least
two factors that vary), and that it is no longer tried first where it cannot help.

Truth, by hand (and at 50 digits in test_truth_of_the_claims_here):
* two_bumps_below_0999: exp(-(x-1)^2) exp(-(y-1)^2) <= 0.999 on [0, 3] x [0, 2] is FALSE: the
  product is 1 at (1, 1); it exceeds 0.999 exactly on the disc (x-1)^2 + (y-1)^2 < -log(0.999)
  (radius 0.0316), inside the box (a small margin, in the interior).
* two_bumps_below_1001: the same product <= 1.001 is TRUE (each factor is at most 1).
* gamma_ratio_below_0999: Gamma(x+1)/(x Gamma(x)) <= 0.999 on [1, 3] is FALSE everywhere (the
  ratio is 1); its log form loggamma(x+1) - log x - loggamma(x) <= log 0.999 too.
* cubic_times_exp: (x-1)(x-2) e^x <= 1800 on [0, 5] is TRUE: (x^2 - 3x + 2) e^x has derivative
  (x^2 - x - 1) e^x, negative on [0, (1 + sqrt 5)/2) and positive after, so its maximum on [0, 5]
  is at an end: 2 at 0, 12 e^5 = 1780.96 at 5. Its log form log(x-1) + log(x-2) + x <= log 1800
  is undefined on [0, 2] (where the claim holds: the product is positive on [0, 1), <= 0 on [1, 2]).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

import theorycheck.check as check_module
import theorycheck.prove as prove_module
import theorycheck.transforms as transforms
from theorycheck import claim, exp, gamma, work
from theorycheck.check import _Confirm, exact_point_from_floats
from theorycheck.decide import FAILS, HOLDS, interval_status, leaf_enclosure
from theorycheck.enclose.interval import Interval
from theorycheck.prove import pick_leaf
from theorycheck.search import SearchResult


@claim(x=(0, 3), y=(0, 2))
def two_bumps_below_0999(x, y):
    return exp(-(x - 1) ** 2) * exp(-(y - 1) ** 2) <= 0.999


@claim(x=(0, 3), y=(0, 2))
def two_bumps_below_1001(x, y):
    return exp(-(x - 1) ** 2) * exp(-(y - 1) ** 2) <= 1.001


@claim(x=(1, 3))
def gamma_ratio_below_0999(x):
    return gamma(x + 1) / (x * gamma(x)) <= 0.999


@claim(x=(0, 5))
def cubic_times_exp(x):
    return (x - 1) * (x - 2) * exp(x) <= 1800


@claim(x=(-1, 1))
def one_bump_below_a_half(x):  # one factor that varies (gamma(2) = 1 is a constant)
    return exp(-((x - 0.1234567) ** 2) * 10**16) * gamma(2) <= 1 / 2


LOG_KEY = "failing box of the transformed part (log)"


def test_truth_of_the_claims_here():
    mpmath.mp.dps = 50
    bump = lambda x, y: mpmath.exp(-(x - 1) ** 2) * mpmath.exp(-(y - 1) ** 2)  # noqa: E731
    assert bump(1, 1) == 1 and bump(1, 1) > mpmath.mpf("0.999")
    assert -mpmath.log(mpmath.mpf("0.999")) > mpmath.mpf("0.03") ** 2
    for i in range(61):
        for j in range(41):
            x, y = mpmath.mpf(i) / 20, mpmath.mpf(j) / 20
            assert bump(x, y) <= 1 < mpmath.mpf("1.001")
    for k in range(81):
        x = 1 + mpmath.mpf(k) / 40
        assert abs(mpmath.gamma(x + 1) / (x * mpmath.gamma(x)) - 1) < mpmath.mpf(10) ** -40
    f = lambda x: (x - 1) * (x - 2) * mpmath.exp(x)  # noqa: E731
    assert f(5) == 12 * mpmath.exp(5) and f(5) < 1781 and f(0) == 2
    assert max(f(mpmath.mpf(k) / 200) for k in range(1001)) <= f(5)


def _holds_or_fails(c, point):
    """HOLDS / FAILS / UNKNOWN of the claim as written, by intervals at an exact point."""
    values = [Interval.point(Fraction(v)) for v in point]
    leaf = pick_leaf(c.evaluate(values), 0)
    return interval_status(leaf, leaf_enclosure(leaf, values[0]))


def _exact(cert, c):
    return [Fraction(cert.point[v.name]) for v in c.variables]


def _exact_of_floats(c, xs):
    exact = exact_point_from_floats(c, xs)  # {name: Fraction}
    return [Fraction(exact[v.name]) for v in c.variables]


def _inside(c, point):
    return all(v.lo <= p <= v.hi for v, p in zip(c.variables, point))


def prove_only(monkeypatch, c, budget=5.0):
    monkeypatch.setattr(check_module, "search", lambda *a, **k: SearchResult())
    monkeypatch.setattr(check_module, "_fast_path", lambda *a, **k: None)
    return check_module.check(c, budget=budget)


# -- a failing box of the log form, certified on the claim as written ----------------------------------

@pytest.mark.parametrize("c", [two_bumps_below_0999, gamma_ratio_below_0999])
def test_a_failing_box_of_the_log_form_is_certified_on_the_claim_as_written(c):
    assert transforms.log_applies(c, 0)
    with work.metered(5.0):
        confirm = _Confirm(c, 10.0)
        r = transforms.prove_transformed(c, 0, 3.0, confirm=confirm)
    assert r is not None and r.status == "failing_box"
    assert r.methods.get(LOG_KEY) == 1  # found by the log form's proof, not the plain one
    cert = confirm.cert
    assert cert is not None and cert.relation == "<=" and cert.leaf_index == 1  # (parts count from 1)
    point = _exact(cert, c)
    assert _inside(c, point)
    # the certified point is the failing box's own (its exact point in the claim's box)
    assert point == _exact_of_floats(c, r.failing_point)
    # ... and the claim as written fails there: by intervals, and at 50 digits
    assert _holds_or_fails(c, point) == FAILS
    assert cert.gap is not None and cert.gap.hi < 0
    mpmath.mp.dps = 50
    if c is two_bumps_below_0999:
        x, y = (mpmath.mpf(p.numerator) / p.denominator for p in point)
        assert mpmath.exp(-(x - 1) ** 2) * mpmath.exp(-(y - 1) ** 2) > mpmath.mpf("0.999")


def test_check_refutes_through_the_log_form_and_the_plain_prover_does_not_search_again(monkeypatch):
    plain = []
    real = prove_module._prove_leaf

    def watch(c, *a, **k):
        if c is two_bumps_below_0999:  # (the log form's proof runs on a transformed claim)
            plain.append(c)
        return real(c, *a, **k)

    monkeypatch.setattr(prove_module, "_prove_leaf", watch)
    v = prove_only(monkeypatch, two_bumps_below_0999)
    assert v.verdict == "refuted", v.evidence
    assert "branch and bound + certify" in v.evidence["methods"]
    assert LOG_KEY in v.evidence["parts"][0]["decided_by"]
    assert plain == []  # the refutation came from the log form: nothing searched twice
    point = [Fraction(v.counterexample[n]) for n in ("x", "y")]  # exact decimals
    assert _inside(two_bumps_below_0999, point)
    assert _holds_or_fails(two_bumps_below_0999, point) == FAILS


def test_a_true_claim_of_the_same_shape_is_proved_through_its_logs(monkeypatch):
    with work.metered(5.0):
        confirm = _Confirm(two_bumps_below_1001, 10.0)
        r = transforms.prove_transformed(two_bumps_below_1001, 0, 3.0, confirm=confirm)
    assert r is not None and r.status == "proved" and r.transform["rule"] == "log"
    assert confirm.cert is None
    v = prove_only(monkeypatch, two_bumps_below_1001)
    assert v.verdict == "proved", v.evidence
    assert "log a <= log b" in v.evidence["parts"][0]["method"]


# -- a box of the log form whose point the claim as written does not violate ---------------------------

def test_a_log_form_box_where_the_claim_holds_is_no_refutation(monkeypatch):
    assert transforms.log_applies(cubic_times_exp, 0)
    calls = []
    certify_on_the_claim = _Confirm(cubic_times_exp, 10.0)

    def confirm(xs):
        ok = certify_on_the_claim(xs)
        calls.append((xs, ok))
        return ok

    with work.metered(5.0):
        r = transforms.prove_transformed(cubic_times_exp, 0, 2.0, confirm=confirm)
    # the log form is undefined on [0, 2]: its boxes there go to confirm, which certifies nothing
    assert calls and not any(ok for _, ok in calls)
    for xs, _ in calls:
        point = _exact_of_floats(cubic_times_exp, xs)
        assert point[0] <= 2 and _holds_or_fails(cubic_times_exp, point) == HOLDS
    assert r is None or r.status != "failing_box"
    # ... and the part is proved as it is written
    v = prove_only(monkeypatch, cubic_times_exp)
    assert v.verdict == "proved", v.evidence
    assert not any("log a <= log b" in k for k in v.evidence["parts"][0]["decided_by"])


# -- where the log rule is tried first ------------------------------------------------------------------

def test_the_log_rule_is_not_tried_on_one_varying_factor():
    # exp(u) c <= d: the log form u + log c <= log d is an increasing function of the one factor;
    # it decides what the part decides, and the work it would take first is the part's own
    assert not transforms.log_applies(one_bump_below_a_half, 0)
    for c in (two_bumps_below_0999, two_bumps_below_1001, gamma_ratio_below_0999):
        assert transforms.log_applies(c, 0)
