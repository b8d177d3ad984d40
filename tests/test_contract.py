"""Contractors (theorycheck/contract.py): HC4-revise narrows a box to a sub-box holding every
point where a part's margin lies in a target; the fast path uses it to find counterexamples
(certified at exact points) and never takes a contraction for a proof. Truth of every claim is
settled in its comment."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

import theorycheck.contract as contract_module
import theorycheck.fastpath as fastpath
from theorycheck import claim, exp, gamma, log, sqrt
from theorycheck.check import check
from theorycheck.contract import INF, Contractor
from theorycheck.enclose.interval import Interval

BELOW = Interval(-INF, 0)  # the target of a contraction onto the points that may violate


def box_of(c):
    return [Interval(v.lo, v.hi) for v in c.variables]


def naive_proves(c) -> bool:
    """The rule the fast path does NOT use: 'contracted to empty on the whole box = proved'."""
    k = Contractor.of(c, 0)
    return k is not None and k.contract(box_of(c), BELOW) is None


@claim(x=(-1, 1))
def narrow_spike(x):
    # false exactly where (x - 0.1234567)^2 <= ln 2 / 10^8, a band of half-width 8.3e-5
    return exp(-((x - 0.1234567) ** 2) * 10**8) <= 1 / 2


def test_the_spike_is_contracted_onto_its_band():
    (x,) = Contractor.of(narrow_spike, 0).contract(box_of(narrow_spike), BELOW)
    half = math.sqrt(math.log(2) / 1e8)
    lo, hi = x.float_bounds()
    assert lo <= 0.1234567 - half * (1 - 1e-9) and hi >= 0.1234567 + half * (1 - 1e-9)  # holds the band
    assert hi - lo < 3 * half  # and little else of [-1, 1]


def test_a_narrow_violation_is_refuted_by_contraction_in_the_fast_path():
    v = check(narrow_spike, budget=2.0)
    assert v.verdict == "refuted"
    assert "fast path: contraction + certify" in v.evidence["methods"]
    assert abs(Fraction(v.counterexample["x"]) - Fraction("0.1234567")) < Fraction(83, 10**6)


# -- soundness: every sampled point of the box where the margin is <= 0 stays in the box ----------

def _margin_bodies():
    return [
        ("x*y - exp(x) + 2", lambda x, y: x * y - exp(x) + 2, lambda x, y: x * y - math.exp(x) + 2),
        ("log(1 + x*x) - y/3", lambda x, y: log(1 + x * x) - y / 3, lambda x, y: math.log(1 + x * x) - y / 3),
        ("sqrt(x*x + y) - 1", lambda x, y: sqrt(x * x + y) - 1, lambda x, y: math.sqrt(x * x + y) - 1 if x * x + y >= 0 else math.nan),
        ("(x - y)**3 + x**2 - 1/2", lambda x, y: (x - y) ** 3 + x**2 - 0.5, lambda x, y: (x - y) ** 3 + x**2 - 0.5),
        ("abs(x) - y**2 + 1/4", lambda x, y: abs(x) - y**2 + 0.25, lambda x, y: abs(x) - y**2 + 0.25),
        ("x/(2 + y) - exp(-y) + 1", lambda x, y: x / (2 + y) - exp(-y) + 1, lambda x, y: x / (2 + y) - math.exp(-y) + 1),
    ]


@pytest.mark.parametrize("k", range(6))
def test_contraction_keeps_every_violating_point(k):
    text, body, floaty = _margin_bodies()[k]
    rng = random.Random(k)
    c = claim(x=(-1.5, 1.5), y=(-1, 1.5))(lambda x, y: body(x, y) >= 0)
    contractor = Contractor.of(c, 0)
    assert contractor is not None, text
    for trial in range(12):
        a, b = sorted(rng.uniform(-1.5, 1.5) for _ in range(2))
        p, q = sorted(rng.uniform(-1, 1.5) for _ in range(2))
        box = [Interval(a, b), Interval(p, q)]
        out = contractor.contract(box, BELOW)
        for _ in range(60):
            x, y = rng.uniform(a, b), rng.uniform(p, q)
            m = floaty(x, y)
            if math.isnan(m) or m > -1e-9:  # only points that certainly violate (float noise aside)
                continue
            assert out is not None, (text, box, x, y, m)
            assert out[0].contains(Fraction(x)) and out[1].contains(Fraction(y)), (text, box, out, x, y, m)


def test_untraceable_bodies_have_no_contractor():
    @claim(x=(1, 2))
    def uses_gamma(x):
        return gamma(x) >= 0.8

    @claim(x=(1, 2))
    def real_power(x):
        return x**0.5 <= 2

    assert Contractor.of(uses_gamma, 0) is None
    assert Contractor.of(real_power, 0) is None


# -- why a contraction never proves, and the mutants that show it ---------------------------------

@claim(x=(-1, 1))
def sqrt_nonnegative(x):
    # false: sqrt is undefined for x < 0 (a counterexample like any other)
    return sqrt(x) >= 0


@claim(x=(-1, 1))
def sqrt_above_minus_one(x):
    # false: undefined for x < 0
    return sqrt(x) >= -1


def test_contraction_is_blind_to_undefined_points():
    # where sqrt is defined it is >= 0: the contraction onto {margin <= 0}... keeps only x = 0
    # (sqrt(0) = 0 is on the boundary), and says nothing of x < 0, where the claim fails
    (x,) = Contractor.of(sqrt_nonnegative, 0).contract(box_of(sqrt_nonnegative), Interval(-INF, 0))
    assert x.float_bounds()[0] >= 0
    v = check(sqrt_nonnegative, budget=2.0)
    assert v.verdict == "refuted" and v.undefined and Fraction(v.counterexample["x"]) < 0
    # sqrt(x) >= -1 on [-1, 1]: no defined point violates, so the contraction is empty (the
    # naive rule would prove it), but every x < 0 is a counterexample
    assert naive_proves(sqrt_above_minus_one)
    v = check(sqrt_above_minus_one, budget=2.0)
    assert v.verdict == "refuted" and v.undefined


@claim(x=(0, 1))
def exp_at_least_three_halves(x):
    # false for x < log(3/2) = 0.405...
    return exp(x) >= 1.5


@claim(x=(1, 3))
def log_at_least_a_half(x):
    # false for x < e^(1/2) = 1.648...
    return log(x) >= 0.5


def _mutant_exp_inverse(monkeypatch):
    # mutant: the inverse image of exp taken with exp instead of log
    real = contract_module._backward

    def wrong(node, v):
        if node.op == "exp":
            child = node.args[0]
            m = v[child.k].intersection(v[node.k].exp())
            if m is None:
                return False
            v[child.k] = m
            return True
        return real(node, v)

    monkeypatch.setattr(contract_module, "_backward", wrong)


def _mutant_log_inverse(monkeypatch):
    # mutant: the inverse image of log taken with log instead of exp
    real = contract_module._backward

    def wrong(node, v):
        if node.op == "log":
            child = node.args[0]
            try:
                m = v[child.k].intersection(v[node.k].log())
            except ArithmeticError:
                return False
            if m is None:
                return False
            v[child.k] = m
            return True
        return real(node, v)

    monkeypatch.setattr(contract_module, "_backward", wrong)


@pytest.mark.parametrize("c,mutate", [(exp_at_least_three_halves, _mutant_exp_inverse),
                                      (log_at_least_a_half, _mutant_log_inverse)])
def test_a_wrong_inverse_would_prove_a_false_claim_but_the_fast_path_does_not_trust_it(monkeypatch, c, mutate):
    assert not naive_proves(c)  # the real contractor keeps the violating points
    mutate(monkeypatch)
    assert naive_proves(c)  # the mutant cuts them away: 'empty' would be a wrong proof
    v = check(c, budget=2.0)
    assert v.verdict == "refuted"  # the fast path and the prover never take a contraction as proof


def test_a_wrong_inverse_only_loses_a_counterexample(monkeypatch):
    # with a contractor that cuts the violating band away, the contraction paver finds nothing,
    # and the claim is still refuted, by the search
    def nothing(node, v):
        return False

    monkeypatch.setattr(contract_module, "_backward", nothing)
    v = check(narrow_spike, budget=2.0)
    assert v.verdict == "refuted"
    assert "fast path: contraction + certify" not in v.evidence["methods"]
