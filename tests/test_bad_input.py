from fractions import Fraction
"""Bad input gets a clear error naming the claim and the input; nothing is skipped silently."""

import math

import pytest

from theorycheck import claim, exp, interval, log
from theorycheck.check import check
from theorycheck.claims import ClaimDefinitionError, ClaimEvaluationError


@pytest.mark.parametrize(
    "ranges, needle",
    [
        ({"x": (2, 1)}, "reversed"),
        ({"x": ()}, "empty"),
        ({"x": (float("nan"), 1)}, "nan"),
        ({"x": (float("inf"), 1)}, "inf"),  # (0, inf) is an unbounded range (tests/test_unbounded.py)
        ({"x": ("0.1.2", 1)}, "0.1.2"),
        ({"x": 3}, "range"),
    ],
)
def test_bad_ranges_name_claim_and_variable(ranges, needle):
    with pytest.raises(ClaimDefinitionError) as err:

        @claim(**ranges)
        def my_lemma(x):
            return exp(x) >= 0

    text = str(err.value)
    assert "my_lemma" in text and "'x'" in text and needle in text.lower()


def test_unknown_variable_is_named():
    with pytest.raises(ClaimDefinitionError, match=r"my_lemma.*unknown variable.*'y'"):

        @claim(x=(0, 1), y=(0, 1))
        def my_lemma(x):
            return exp(x) >= 0


def test_parameter_without_range_is_named():
    with pytest.raises(ClaimDefinitionError, match=r"my_lemma.*'z'.*no range"):

        @claim(x=(0, 1))
        def my_lemma(x, z):
            return exp(x) >= z


def test_bad_expect_is_rejected():
    with pytest.raises(ClaimDefinitionError, match="expect"):

        @claim(x=(0, 1), expect="true")
        def my_lemma(x):
            return exp(x) >= 0


def test_body_returning_bool_is_an_error():
    import math as m

    @claim(x=(0, 1))
    def returns_a_bool(x):
        return m.pi > 3

    with pytest.raises(ClaimEvaluationError, match=r"returns_a_bool.*bool"):
        check(returns_a_bool, budget=5)


def test_body_that_raises_is_reported_with_input():
    @claim(x=(0, 1))
    def raises_inside(x):
        raise RuntimeError("boom")

    with pytest.raises(ClaimEvaluationError) as err:
        check(raises_inside, budget=5)
    assert "raises_inside" in str(err.value) and "boom" in str(err.value) and "x=" in str(err.value)


def test_python_if_on_a_claim_value_is_explained():
    @claim(x=(-1, 1))
    def branches(x):
        if x > 0:
            return x >= 0
        return -x >= 0

    with pytest.raises(ClaimEvaluationError, match="Relation, not a bool"):
        check(branches, budget=5)


def test_body_undefined_on_whole_region_is_a_certified_counterexample():
    # a claim says the body is defined at every point of its box: log of a negative number is
    # undefined everywhere on [-2, -1], so any point of it refutes the claim (kind "undefined")
    @claim(x=(-2, -1))
    def log_of_negative(x):
        return log(x) <= 0

    v = check(log_of_negative, budget=5)
    assert v.verdict == "refuted"
    assert v.undefined and "log" in v.undefined
    assert v.evidence["violation"] == "undefined"
    x = Fraction(v.counterexample["x"])
    assert -2 <= x <= -1


@pytest.mark.parametrize("lo, hi", [(2, 1), (float("nan"), 1), ("junk", 1)])
def test_interval_rejects_bad_bounds(lo, hi):
    with pytest.raises(ValueError) as err:
        interval(lo, hi)
    assert str(lo) in str(err.value) or repr(lo) in str(err.value)


# -- issue 12: each rule gets a clear message naming the claim and the input --------------------


def test_unsupported_function_on_a_claim_value_names_the_line_and_the_rule():
    import math as m

    @claim(x=(1, 2))
    def uses_gamma(x):
        return m.gamma(x) <= 2

    with pytest.raises(ClaimEvaluationError) as err:
        check(uses_gamma, budget=5)
    text = str(err.value)
    assert "uses_gamma" in text and "x=" in text
    assert "does not support" in text and "m.gamma(x)" in text and "theorycheck's exp" in text
    assert "float() of a" not in text


def test_ampersand_means_and_and_python_and_is_explained():
    from theorycheck import exp

    # 1 <= exp(x) <= e < 3 on [0, 1] (exp increasing): both parts hold
    @claim(x=(0, 1))
    def both_with_ampersand(x):
        return (exp(x) >= 1) & (exp(x) <= 3)

    assert check(both_with_ampersand, budget=10).verdict == "proved"

    @claim(x=(0, 1))
    def both_with_python_and(x):
        return (exp(x) >= 1) and (exp(x) <= 3)

    with pytest.raises(ClaimEvaluationError, match=r"both_with_python_and.*all_of\(a, b\).*\(a\) & \(b\).*implies\(h, c\).*`and`, `or`"):
        check(both_with_python_and, budget=5)


def test_a_malformed_claim_outside_the_loader_still_raises_at_once():
    # the loader defers definition errors per claim; a plain import keeps raising
    with pytest.raises(ClaimDefinitionError, match=r"bare.*@claim\(\)"):
        @claim
        def bare(x):
            return x >= 0


# -- messages: `&`, Python and/or/not, broken claims beside good ones ------------------------

def test_ampersand_without_parentheses_is_explained():
    # `&` binds tighter than a comparison: x >= 0 & x <= 1 is the chain x >= (0 & x) <= 1
    @claim(x=(0, 1))
    def unparenthesised(x):
        return x >= 0 & x <= 1

    with pytest.raises(ClaimEvaluationError) as info:
        check(unparenthesised, budget=2)
    assert "unparenthesised" in str(info.value)


def test_python_or_and_not_on_relations_name_all_of_and_implies():
    from theorycheck import implies

    @claim(x=(0, 1))
    def with_or(x):
        return (x <= 1) or (x >= 2)

    @claim(x=(0, 1))
    def with_not(x):
        return implies(not (x < 0), x <= 1)

    for c in (with_or, with_not):
        with pytest.raises(ClaimEvaluationError) as info:
            check(c, budget=2)
        text = str(info.value)
        assert c.name in text and "all_of(a, b)" in text and "implies(h, c)" in text


def test_a_file_with_broken_claims_still_checks_the_others_by_name(tmp_path):
    import subprocess
    import sys
    import os
    from pathlib import Path

    (tmp_path / "lemmas").mkdir()
    (tmp_path / "lemmas" / "mixed.py").write_text(
        "from theorycheck import claim, exp\n\n"
        "@claim(x=(1, 0))\ndef reversed_range(x):\n    return x <= 1\n\n"
        "@claim(n=[1, 2], x=(0, 1))\ndef ambiguous_values(n, x):\n    return x <= 1\n\n"
        "@claim(x=(0, 1))\ndef good(x):\n    return exp(x) >= 1 + x\n")
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "theorycheck.cli", "check", "lemmas/mixed.py::good", "--budget", "3"],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "good: proved" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "theorycheck.cli", "check", "lemmas/mixed.py", "--budget", "3"],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 2 and "good: proved" in out
    assert "'reversed_range'" in out and "reversed" in out
    assert "'ambiguous_values'" in out and "ambiguous" in out

