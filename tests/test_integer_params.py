"""Integer parameters: ``n=range(a, b)`` (or a list of ints) makes a claim one ordinary box claim
per value, decided value by value.

Truth by hand: x^n <= x on [0, 1] for every n >= 1 (0 <= x <= 1); x^n <= 8 on [0, 2] holds for
n <= 3 (2^3 = 8) and fails first at n = 4, x = 2 (16 > 8); x^n >= -1 on [-1, 1] for every n >= 0;
exp(n) >= 1 + n for every integer n (exp lies above its tangent at 0); (1 + 1/n)^n < e for n >= 1
(log(1 + t) < t).
"""

from __future__ import annotations

import mpmath
import pytest

from theorycheck import claim, exp, implies, log
from theorycheck.check import check
from theorycheck.claims import MAX_INTEGER_VALUES, ClaimDefinitionError, ClaimEvaluationError


@claim(n=range(1, 8), x=(0, 1))
def power_below_identity(n, x):
    return x**n <= x


@claim(n=range(1, 8), x=(0, 2))
def power_below_eight(n, x):
    return x**n <= 8


@claim(x=(-1, 1), n=[0, 1, 2, 5, 6])
def power_above_minus_one(x, n):
    return x**n >= -1


@claim(n=range(0, 30))
def exp_above_tangent_at_integers(n):
    return exp(n) >= 1 + n


@claim(n=range(1, 6), x=(-1, 1))
def with_a_hypothesis(n, x):
    return implies(x >= 0, x**n <= 1)


def test_the_truth_at_60_digits():
    mpmath.mp.dps = 60
    assert all(mpmath.mpf(2)**n <= 8 for n in range(1, 4)) and mpmath.mpf(2)**4 > 8
    assert all(mpmath.e**n >= 1 + n for n in range(30))


def test_every_value_proved_gives_proved_and_lists_the_values():
    v = check(power_below_identity, budget=5)
    assert v.verdict == "proved"
    assert [r["n"] for r in v.evidence["values"]] == list(range(1, 8))
    assert all(r["verdict"] == "proved" for r in v.evidence["values"])
    assert v.evidence["integer_parameters"] == {"n": "1..7"}
    assert v.to_json()["evidence"]["values"][0] == {"n": 1, "verdict": "proved"}


def test_refuted_names_the_value_and_the_point():
    v = check(power_below_eight, budget=5)
    assert v.verdict == "refuted"
    assert v.counterexample["n"] == "4"
    x = mpmath.mpf(v.counterexample["x"])
    assert x**4 > 8  # the point really violates the claim at that value
    assert [r["verdict"] for r in v.evidence["values"]] == ["proved"] * 3 + ["refuted"]
    assert v.evidence["refuted_at"] == {"n": 4}


def test_a_list_of_values_and_parameters_in_any_order():
    v = check(power_above_minus_one, budget=5)
    assert v.verdict == "proved"
    assert [r["n"] for r in v.evidence["values"]] == [0, 1, 2, 5, 6]


def test_integer_parameters_alone():
    assert check(exp_above_tangent_at_integers, budget=3).verdict == "proved"


def test_integer_parameters_with_implies():
    assert check(with_a_hypothesis, budget=5).verdict == "proved"


def test_a_value_verdict_does_not_depend_on_the_others():
    # the instance at n = 5 alone is decided as in the family
    inst = power_below_eight.instance(n=5)
    assert inst.name == "power_below_eight[n=5]" and [v.name for v in inst.variables] == ["x"]
    assert check(inst, budget=5).verdict == "refuted"
    assert check(power_below_eight.instance(n=3), budget=5).verdict == "proved"


def test_one_undecided_value_makes_the_family_undecided(monkeypatch):
    import theorycheck.check as ch

    real = ch._check

    def fake(claim, *a, **k):
        v = real(claim, *a, **k)
        if claim.name.endswith("[n=2]"):
            v.verdict = "undecided"
        return v

    monkeypatch.setattr(ch, "_check", fake)
    v = check(power_below_identity, budget=5)
    assert v.verdict == "undecided"
    assert v.evidence["undecided_values"] == [{"n": 2}]


def test_the_family_body_is_not_evaluated_directly():
    with pytest.raises(ClaimEvaluationError, match="per value"):
        power_below_identity.evaluate([0.5])


@pytest.mark.parametrize("spec,words", [
    ([0.5, 1.5, 2.5], "ints only"),
    ([1, 2], "ambiguous"),
    (range(3, 3), "holds no value"),
    (range(0, MAX_INTEGER_VALUES + 1), f"at most {MAX_INTEGER_VALUES}"),
    ([1, 2, 2], "listed twice"),
    ([True, 2, 3], "ints only"),
])
def test_bad_integer_parameters_are_clear_errors_naming_the_claim(spec, words):
    with pytest.raises(ClaimDefinitionError) as info:
        @claim(n=spec, x=(0, 1))
        def bad_family(n, x):
            return x <= 1
    assert "bad_family" in str(info.value) and "'n'" in str(info.value) and words in str(info.value)


def test_too_many_combinations_is_an_error():
    with pytest.raises(ClaimDefinitionError, match="combinations"):
        @claim(n=range(100), m=range(100))
        def too_many(n, m):
            return exp(n + m) >= 1


def test_a_range_of_floats_is_refused_by_python_itself():
    with pytest.raises(TypeError):
        range(0.5, 3)  # noqa: the error a user meets first; a list of floats is ours (above)
