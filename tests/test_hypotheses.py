"""``implies(hypothesis, conclusion)``: the guarded margin (theorycheck.enclose.guard) end to end.

Truth settled by hand (and by mpmath at 60 digits where a number matters):

* log(x) <= x - 1 for every x > 0 (concavity; equality at 1 only): true under x >= 1/2, where
  log is undefined on x <= 0 (excluded).
* 1/x^2 <= 101 where x^2 >= 1/100 (1/x^2 <= 100 there); 1/x^2 is undefined at 0 (excluded).
* sqrt(x^2 - 1/4) <= x for x >= 1 (x^2 - 1/4 < x^2, x > 0); undefined on |x| < 1/2 (excluded).
* exp(x) >= 3 <=> x >= log 3 = 1.0986...: so x >= 1.09 follows, x >= 1.1 does not (x = log 3).
* x >= 1 does not give (x - 1)^2 > 0: x = 1 is admitted by the non-strict hypothesis.
* x > 1 gives (x - 1)^2 > 0 (true; its only failure x = 1 is excluded): never refuted.
* x >= 0 does not make 1/(x - 1/2)^2 defined: undefined at x = 1/2, inside the hypothesis.
* x > 0 does not give x >= 10^-300: false on (0, 10^-300), where the hypothesis margin is
  below 10^-300; x > 2 10^-300 does give it.
"""

from __future__ import annotations

import json
import shutil
import textwrap

import mpmath
import pytest

from theorycheck import Interval, all_of, claim, exp, implies, log, sqrt
from theorycheck.check import check
from theorycheck.claims import ClaimEvaluationError
from theorycheck.decide import FAILS, HOLDS, UNKNOWN, interval_status, leaf_enclosure
from theorycheck.enclose import guard
from theorycheck.enclose.dual import seed_variables
from theorycheck.enclose.interval import interval


def _verdict(c, budget=10):
    return check(c, budget=budget)


# -- true claims: proved --------------------------------------------------------------------------

@claim(x=(-1, 2))
def log_tangent_from_half(x):
    return implies(x >= 0.5, log(x) <= x - 1)


@claim(x=(-1, 1))
def inverse_square_bounded(x):
    return implies(x * x >= 0.01, 1 / (x * x) <= 101)


@claim(x=(-2, 3))
def sqrt_below(x):
    return implies(x >= 1, sqrt(x * x - 0.25) <= x)


@claim(x=(0, 2))
def transcendental_boundary_true(x):
    return implies(exp(x) >= 3, x >= 1.09)


@claim(x=(-1, 2))
def lambda_conclusion(x):
    return implies(x >= 0.5, lambda: log(x) <= x - 1)


@claim(x=(-1, 1), y=(-1, 1))
def two_hypotheses_two_conclusions(x, y):
    return implies(all_of(x >= 0.5, y >= 0.5), all_of(log(x) + log(y) <= x + y - 2, x * y > 0.2))


@pytest.mark.parametrize("c", [log_tangent_from_half, inverse_square_bounded, sqrt_below,
                               transcendental_boundary_true, lambda_conclusion,
                               two_hypotheses_two_conclusions], ids=lambda c: c.name)
def test_true_claims_are_proved(c):
    v = _verdict(c)
    assert v.verdict == "proved", v.evidence


def test_the_true_claims_hold_at_60_digits():
    mpmath.mp.dps = 60
    for i in range(1, 301):
        x = mpmath.mpf(i) / 100  # (0, 3]
        if x >= 0.5:
            assert mpmath.log(x) <= x - 1
        if x >= 1:
            assert mpmath.sqrt(x * x - mpmath.mpf(1) / 4) <= x
        if mpmath.e**x >= 3:
            assert x >= mpmath.mpf("1.09")
    assert mpmath.log(3) < mpmath.mpf("1.1")  # the refuted one: x = log 3 admits x < 1.1


# -- false claims: refuted at a point where the hypothesis certainly holds --------------------------

@claim(x=(-1, 2), y=(-1, 2))
def violated_inside(x, y):
    return implies(all_of(x >= 1, y >= 1), x + y <= 3.5)


@claim(x=(-1, 2))
def violated_on_boundary(x):
    return implies(x >= 1, (x - 1) * (x - 1) > 0)


@claim(x=(0, 2))
def transcendental_boundary(x):
    return implies(exp(x) >= 3, x >= 1.1)


@claim(x=(-1, 1))
def undefined_inside(x):
    return implies(x >= 0, 1 / ((x - 0.5) * (x - 0.5)) >= 0)


def _hypothesis_holds(c, point):
    """Re-evaluate the hypothesis at the exact counterexample with intervals: it must hold."""
    from fractions import Fraction

    values = [Interval.point(Fraction(point[v.name])) for v in c.variables]
    return values


@pytest.mark.parametrize("c,check_point", [
    (violated_inside, lambda p: p["x"] >= 1 and p["y"] >= 1 and p["x"] + p["y"] > 3.5),
    (violated_on_boundary, lambda p: p["x"] == 1),
    (transcendental_boundary, lambda p: mpmath.e**p["x"] >= 3 and p["x"] < mpmath.mpf("1.1")),
    (undefined_inside, lambda p: p["x"] == mpmath.mpf("0.5")),
], ids=lambda c: getattr(c, "name", ""))
def test_false_claims_are_refuted_where_the_hypothesis_holds(c, check_point):
    mpmath.mp.dps = 60
    v = _verdict(c)
    assert v.verdict == "refuted", v.evidence
    from fractions import Fraction

    p = {k: mpmath.mpf(Fraction(s).numerator) / Fraction(s).denominator for k, s in v.counterexample.items()}
    assert check_point(p), v.counterexample


# -- never refuted outside the hypothesis ----------------------------------------------------------

@claim(x=(-1, 2))
def violated_outside_strict(x):
    return implies(x > 1, (x - 1) * (x - 1) > 0)


@claim(x=(-1, 1))
def tiny_true(x):
    return implies(x > 2e-300, x >= 1e-300)


@claim(x=(-1, 1))
def tiny_false(x):
    return implies(x > 0, x >= 1e-300)


def test_a_point_outside_a_strict_hypothesis_is_no_counterexample():
    v = _verdict(violated_outside_strict)
    assert v.verdict in ("proved", "undecided"), v.counterexample
    # the exact point x = 1 itself: the hypothesis x > 1 is certainly false there (vacuous)
    rel = violated_outside_strict.evaluate([Interval.point(1)])
    (leaf,) = rel.leaves()
    assert interval_status(leaf, leaf_enclosure(leaf, Interval.point(1))) == HOLDS


def test_hypothesis_margins_near_1e_300():
    assert _verdict(tiny_true).verdict in ("proved", "undecided")
    v = _verdict(tiny_false)
    assert v.verdict in ("refuted", "undecided")
    if v.verdict == "refuted":
        from fractions import Fraction

        x = Fraction(v.counterexample["x"])
        assert 0 < x < Fraction(1, 10**300)


# -- the guarded margin on boxes ---------------------------------------------------------------------

def _status(c, box):
    values = [interval(lo, hi) for lo, hi in box]
    rel = c.evaluate(values)
    return [interval_status(leaf, leaf_enclosure(leaf, values[0])) for leaf in rel.leaves()]


def test_certainly_false_hypothesis_is_vacuous_even_where_the_conclusion_raises():
    # log of [-1, -1/2] raises (no positive point): ignored, the hypothesis x >= 1/2 fails
    assert _status(log_tangent_from_half, [(-1, "-0.5")]) == [HOLDS]


def test_non_strict_boundary_margin_zero_is_not_vacuous():
    # x = 1: hypothesis margin [0, 0] for x >= 1 is TRUE, so the conclusion is decided (fails)
    assert _status(violated_on_boundary, [(1, 1)]) == [FAILS]


def test_straddling_box_is_never_decided_by_the_conclusion_alone():
    # [0, 2] straddles x >= 1; the conclusion fails at 1 and holds elsewhere on the box
    assert _status(violated_on_boundary, [(0, 2)]) == [UNKNOWN]
    # the conclusion certainly fails on [-1/2, 3/2]... only where it is evaluated: still unknown
    assert _status(transcendental_boundary, [(0, 2)]) == [UNKNOWN]


def test_undefined_conclusion_where_the_hypothesis_may_hold_is_not_defined():
    # 1/(x - 1/2)^2 on [0, 1] is not defined at 1/2 and the hypothesis holds there
    values = [interval(0, 1)]
    (leaf,) = undefined_inside.evaluate(values).leaves()
    m = leaf_enclosure(leaf, values[0])
    assert not m.defined
    assert interval_status(leaf, m) != HOLDS


def test_an_undefined_hypothesis_is_an_error_naming_the_claim():
    @claim(x=(-1, 1))
    def bad_hypothesis(x):
        return implies(log(x) >= 0, x >= 1)

    with pytest.raises(ClaimEvaluationError) as info:
        bad_hypothesis.evaluate([Interval.point(-1)])
    assert "bad_hypothesis" in str(info.value) and "log" in str(info.value)
    v = _verdict(bad_hypothesis)
    assert v.verdict == "refuted"  # the body is undefined where x <= 0


# -- mutations: the guard's rules are what keeps false claims from being proved ----------------------

@claim(x=(0, 2))
def needs_the_split(x):
    # false at x in [1, 1.5): under x >= 1 the conclusion x >= 1.5 fails there
    return implies(x >= 1, x >= 1.5)


def test_derivatives_on_a_straddling_box_are_the_whole_line():
    values = seed_variables([interval(0, 2)])
    (leaf,) = needs_the_split.evaluate(values).leaves()
    m = leaf_enclosure(leaf, values[0])
    g = m.grad[0]
    assert g.lo == -mpmath.inf and g.hi == mpmath.inf and not g.defined
    # the mutation "m has c's derivatives" (c' = 1 > 0) would let the monotonicity argument
    # decide the box from its lower end, where the hypothesis fails (vacuous, m > 0): a false
    # claim proved. Check that premise really would go through, so this test means something:
    lower_end = needs_the_split.evaluate([Interval.point(0)]).leaves()[0]
    assert interval_status(lower_end, leaf_enclosure(lower_end, Interval.point(0))) == HOLDS
    c_grad = 1  # d/dx (x - 3/2)
    assert c_grad > 0


def test_mutation_uncertain_as_false_would_prove_a_false_claim(monkeypatch):
    # if an uncertain hypothesis were treated as false, the box [0, 2] would hold vacuously
    assert _status(needs_the_split, [(0, 2)]) == [UNKNOWN]
    real = guard._and

    def mutated(statuses):
        s = real(statuses)
        return guard.FALSE if s == guard.UNSURE else s

    monkeypatch.setattr(guard, "_and", mutated)
    assert _status(needs_the_split, [(0, 2)]) == [HOLDS]  # the mutation is seen


def test_mutation_c_derivatives_would_prove_a_false_claim(monkeypatch):
    values = seed_variables([interval(0, 2)])

    def mutated(c, like):
        return c  # c's value and derivatives on the straddling box

    monkeypatch.setattr(guard, "_unsure", mutated)
    (leaf,) = needs_the_split.evaluate(values).leaves()
    m = leaf_enclosure(leaf, values[0])
    g = m.grad[0]
    assert (g.lo if hasattr(g, "lo") else g) > 0  # increasing: the monotone shortcut looks at x = 0 only


def test_float_search_margin_is_inf_where_the_hypothesis_fails():
    from theorycheck.decide import float_margin

    assert float_margin(needs_the_split.evaluate([0.5])) == float("inf")
    assert float_margin(needs_the_split.evaluate([1.25])) == -0.25


def test_batch_kind_agrees_with_scalar_kind():
    from theorycheck.enclose.batch import IntervalArray
    import numpy as np

    lo = np.array([0.0, 0.0, 1.0, 1.5, 1.0])
    hi = np.array([0.5, 2.0, 1.25, 2.0, 1.0])
    values = [IntervalArray(lo, hi)]
    (leaf,) = needs_the_split.evaluate(values).leaves()
    m = leaf_enclosure(leaf, values[0])
    from theorycheck.decide import batch_status

    got = batch_status(leaf, m.lo, m.hi, m.defined)
    want = [_status(needs_the_split, [(a, b)])[0] for a, b in zip(lo, hi)]
    assert list(got) == want == [HOLDS, UNKNOWN, FAILS, HOLDS, FAILS]


def test_bare_bool_message_names_implies_and_all_of():
    @claim(x=(0, 1))
    def uses_and(x):
        return implies((x >= 0) if False else True, x <= 1)

    with pytest.raises(ClaimEvaluationError) as info:
        uses_and.evaluate([0.5])
    assert "all_of" in str(info.value) and "implies" in str(info.value)


# -- certificates ------------------------------------------------------------------------------------

LEMMAS = textwrap.dedent('''
    from theorycheck import claim, implies, log, sqrt

    @claim(x=(-1, 2))
    def log_tangent_from_half(x):
        return implies(x >= 0.5, log(x) <= x - 1)

    @claim(x=(0, 2))
    def needs_the_split(x):
        return implies(x >= 1, x >= 1.5)
''')


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    from theorycheck import certificates
    from theorycheck.loader import load_file

    root = tmp_path_factory.mktemp("hypcerts")
    (root / "lemmas").mkdir()
    lemma = root / "lemmas" / "hyp.py"
    lemma.write_text(LEMMAS)
    out = {}
    for c in load_file(lemma):
        v = check(c, budget=10)
        out[c.name] = (v, certificates.write(c, v, root / "lemmas" / "certificates"))
    return root, out


def test_the_kernel_accepts_an_implies_proof(made):
    from theorycheck.kernel import verify_certificate

    _, out = made
    v, path = out["log_tangent_from_half"]
    assert v.verdict == "proved"
    result = verify_certificate(path)
    assert result.valid and result.verdict == "proved", result.message


def test_a_vacuity_claimed_where_the_hypothesis_holds_is_rejected(made, tmp_path):
    from theorycheck.kernel import verify_certificate

    root, out = made
    v, path = out["needs_the_split"]
    assert v.verdict == "refuted"
    (tmp_path / "lemmas" / "certificates" / "hyp").mkdir(parents=True)
    shutil.copy(root / "lemmas" / "hyp.py", tmp_path / "lemmas" / "hyp.py")
    target = tmp_path / "lemmas" / "certificates" / "hyp" / "needs_the_split.cert.json"
    shutil.copy(path, target)
    doc = json.loads(target.read_text())
    doc.pop("counterexample", None)
    doc["verdict"] = "proved"
    # [0, 1] is vacuous except at x = 1 (the hypothesis x >= 1 holds there, and x >= 1.5 fails);
    # [1, 2] is where it holds
    doc["parts"] = [{"part": 0, "by": "tiling", "tiling": [
        {"box": [["0", "1"]], "by": "interval"}, {"box": [["1", "2"]], "by": "interval"}]}]
    target.write_text(json.dumps(doc))
    result = verify_certificate(target)
    assert not result.valid
    assert "[0, 1]" in result.message or "0, 1" in result.message, result.message
    doc["parts"] = [{"part": 0, "by": "tiling", "tiling": [
        {"box": [["0", "1"]], "by": "monotone", "faces": [[0, "lo"]], "face": [{"box": [["0", "0"]], "by": "interval"}]},
        {"box": [["1", "2"]], "by": "interval"}]}]
    target.write_text(json.dumps(doc))
    result = verify_certificate(target)
    assert not result.valid
    assert "monotone" in result.message and ("whole line" in result.message or "not defined" in result.message
                                             or "sign" in result.message), result.message
