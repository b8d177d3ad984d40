"""calc chains and derivative steps."""

import math

import numpy as np
import pytest
import sympy

from theorycheck import Phi, calc, claim, d, exp, log, npdf
from theorycheck.check import check
from theorycheck.claims import ClaimEvaluationError
from theorycheck.expr import Real
from theorycheck.loader import load_file

from .conftest import CLAIMS_DIR

CHAINS = {c.name: c for c in load_file(CLAIMS_DIR / "chains.py")}


def verdict_of(name, budget=30):
    return check(CHAINS[name], budget=budget, seed=0)


def test_the_issue_example_is_proved_step_by_step():
    v = verdict_of("exp_is_below_a_line_on_the_unit_interval")
    assert [s["verdict"] for s in v.steps] == ["proved"] * 3
    assert v.conclusion["verdict"] == "proved" and v.conclusion["relation"] == "<="
    assert v.verdict == "proved"


def test_the_false_step_is_named_and_the_others_stay_proved():
    v = verdict_of("one_false_step_among_true_ones")
    assert [s["verdict"] for s in v.steps] == ["proved", "refuted", "proved"]
    assert v.evidence["first_broken_step"] == 2
    assert v.verdict == "refuted"
    x = float(v.steps[1]["counterexample"]["x"])
    assert x > math.log(2) - 1e-9  # the step fails only where exp(x)/2 > 1


def test_a_true_conclusion_through_a_false_step_is_still_broken():
    v = verdict_of("true_conclusion_through_a_false_step")
    assert v.steps[0]["verdict"] == "refuted"
    assert v.conclusion["verdict"] == "proved"
    assert v.verdict == "refuted"


def test_strict_step_makes_the_conclusion_strict():
    v = verdict_of("strict_step_inside_a_non_strict_chain")
    assert [s["relation"] for s in v.steps] == ["<=", "<", "<="]
    assert v.conclusion["relation"] == "<"
    assert v.verdict == "proved" and v.conclusion["verdict"] == "proved"


@pytest.mark.parametrize(
    "name, verdict",
    [
        ("derivative_of_mass_in_r", "proved"),
        ("derivative_of_mass_in_m", "proved"),
        ("derivative_of_mass_in_m_with_a_sign_slip", "refuted"),
        ("second_derivative_of_the_log", "proved"),
    ],
)
def test_derivative_steps(name, verdict):
    assert verdict_of(name).verdict == verdict


def test_chain_json_has_steps_and_conclusion():
    v = verdict_of("one_false_step_among_true_ones").to_json()
    assert {"steps", "conclusion"} <= set(v)
    step = v["steps"][1]
    for key in ("index", "relation", "reason", "verdict", "counterexample", "lhs", "rhs"):
        assert key in step
    assert step["index"] == 2 and step["reason"].startswith("false")


def test_steps_that_do_not_compose_have_no_conclusion():
    @claim(x=(0, 1))
    def zigzag(x):
        return calc(x).le(x + 1).ge(x)

    v = check(zigzag, budget=10)
    assert v.conclusion["relation"] is None and v.conclusion["verdict"] == "undecided"


def _mass(m, l, r):
    return Phi(r - m) - Phi(l - m)


def test_d_matches_sympy_exactly():
    m, l, r = sympy.symbols("m l r", real=True)
    got = d(_mass, "m")(Real(m), Real(l), Real(r)).raw
    expected = sympy.diff((1 + sympy.erf((r - m) / sympy.sqrt(2))) / 2 - (1 + sympy.erf((l - m) / sympy.sqrt(2))) / 2, m)
    assert sympy.simplify(got - expected) == 0


@pytest.mark.parametrize("seed", range(5))
def test_d_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    m, l, r = rng.uniform(-2, 2, 3)
    h = 1e-6
    for var, idx in (("m", 0), ("l", 1), ("r", 2)):
        got = float(d(_mass, var)(Real(m), Real(l), Real(r)).raw)
        args = [m, l, r]
        up = list(args)
        dn = list(args)
        up[idx] += h
        dn[idx] -= h
        fd = (float(_mass(*map(Real, up)).raw) - float(_mass(*map(Real, dn)).raw)) / (2 * h)
        assert abs(got - fd) < 1e-7


def test_d_interval_enclosure_contains_the_true_derivative():
    import mpmath

    from theorycheck import interval

    x = interval("0.3", "0.4")
    enc = d(lambda t: exp(-t * t), "t")(Real(x)).raw
    for k in range(11):
        t = mpmath.mpf(3) / 10 + mpmath.mpf(k) / 100
        true = -2 * t * mpmath.exp(-t * t)
        assert enc.lo <= true <= enc.hi


def test_d_rejects_an_unknown_parameter():
    with pytest.raises(Exception, match="no parameter 'z'"):
        d(_mass, "z")
