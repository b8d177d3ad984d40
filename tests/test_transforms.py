"""A square root squared away from a side of an inequality (theorycheck.transforms, with the rules in
theorycheck.kernel.transforms): what it proves, the certificate the kernel re-checks, and for each
premise the claim that fools the prover when the premise is patched away (mutation tests, as in
tests/test_prover_premises.py; the search is off there, so only the prover decides).

Truth, by hand (the numbers checked with mpmath at 50 digits in test_truth_of_the_claims_here):
* polya: erf(x) <= sqrt(1 - exp(-4x^2/pi)) on [0, 2] (Polya 1949); equality at 0 only, where the
  squared margin is 8(pi - 3)/(3 pi^2) x^4 + O(x^6) > 0.
* chu: erf(x) >= sqrt(1 - exp(-x^2)) on [0, 2] (Chu 1955); equality at 0 (squared margin
  (4/pi - 1) x^2 + O(x^4)).
* root_of_less_below_root_of_more: sqrt(x) <= sqrt(x + x^2) on [0, 1] (x <= x + x^2; equality at 0).
* scaled_root: x <= sqrt(4x^2 + x)/2 on [0, 1] (x^2 <= x^2 + x/4; equality at 0).
* minus_two_below_root: -2 <= sqrt(x) (true; a^2 = 4 > x: the rule fails, the plain prover proves it).
* tv_squared_below_one_minus_exp, tv_below_root: Bretagnolle-Huber between N(x, 1) and N(0, 1)
  (V = 2 Phi(|x|/2) - 1 <= sqrt(1 - exp(-KL)), KL = x^2/2; Canonne 2022), squared and as it is.
False: root_below_negative (sqrt(x^2/4) = x/2 > 0 > -x at x = 1), root_undefined_below_one
(sqrt(x - 1) at x = 0), roots_undefined_below_one (same), below_negative_root (-sqrt(x + 4) < 0 <= x
at x = 0), below_reciprocal_root (1 > 1/sqrt(2) at x = 1), unused_undefined_root (sqrt(x - 2) at
any x in [0, 1]), abs_below_itself_signed (|x| > x at x = -1).
"""

from __future__ import annotations

import json
from fractions import Fraction

import mpmath
import pytest

import theorycheck.check as check_module
import theorycheck.kernel.transforms as rules
import theorycheck.transforms as transforms_module
from theorycheck import Phi, certificates, claim, erf, exp, pi, sqrt
from theorycheck.check import check
from theorycheck.kernel import claim_hash, verify_certificate
from theorycheck.loader import load_file
from theorycheck.search import SearchResult


def prove_only(monkeypatch, c, budget=8.0):
    monkeypatch.setattr(check_module, "search", lambda *a, **k: SearchResult())
    monkeypatch.setattr(check_module, "_fast_path", lambda *a, **k: None)  # its grid would refute first
    return check_module.check(c, budget=budget)


def squared_in(v):
    return [k for p in v.evidence.get("parts", []) for k in p.get("decided_by", {}) if k.startswith("transformed")]


# -- what it proves ------------------------------------------------------------------------------

@claim(x=(0, 2))
def polya(x):
    return erf(x) <= sqrt(1 - exp(-4 * x**2 / pi))


@claim(x=(0, 2))
def chu(x):
    return erf(x) >= sqrt(1 - exp(-x**2))


@claim(x=(0, 1))
def root_of_less_below_root_of_more(x):
    return sqrt(x) <= sqrt(x + x**2)


@claim(x=(0, 1))
def scaled_root(x):
    return x <= sqrt(4 * x**2 + x) / 2


@claim(x=(0, 1))
def minus_two_below_root(x):
    return -2 <= sqrt(x)


@claim(x=(-3, 3))
def tv_squared_below_one_minus_exp(x):
    # Bretagnolle-Huber squared, between N(x, 1) and N(0, 1): (2 Phi(|x|/2) - 1)^2 <= 1 - exp(-x^2/2);
    # equality at 0 only, where the margin is (1/2 - 1/(2 pi)) x^2 + O(x^4) and |x| has its kink
    return (2 * Phi(abs(x) / 2) - 1)**2 <= 1 - exp(-x**2 / 2)


@claim(x=(-3, 3))
def tv_below_root(x):
    # Bretagnolle-Huber itself: both a kink of abs and a square root at the touching point 0
    return 2 * Phi(abs(x) / 2) - 1 <= sqrt(1 - exp(-x**2 / 2))


@claim(x=(-1, 1))
def abs_below_itself_signed(x):
    # false: |x| > x for x < 0
    return abs(x) <= x


def test_a_kink_of_abs_at_a_touching_point_is_taken_by_its_branches():
    pieces = transforms_module.abs_branches(tv_squared_below_one_minus_exp, 0, None, [(Fraction(-3), Fraction(3))])
    assert pieces == [([(Fraction(-3), Fraction(0))], (-1,)), ([(Fraction(0), Fraction(3))], (1,))]
    v = check(tv_squared_below_one_minus_exp, budget=20)
    assert v.verdict == "proved", v.evidence
    assert squared_in(v) == [f"transformed ({transforms_module.BRANCH})"]
    v = check(tv_below_root, budget=20)
    assert v.verdict == "proved", v.evidence
    assert squared_in(v) == [f"transformed ({transforms_module.DESCRIBE['square-small']}; {transforms_module.BRANCH})"]


def test_a_branch_of_abs_needs_its_sign_shown(monkeypatch):
    # a wrong branch (|x| taken as x on [-1, 1]): its part x >= 0 fails, so nothing is proved
    monkeypatch.setattr(transforms_module, "abs_branches", lambda c, i, h, box, depth=0: [(box, (1,))])
    assert prove_only(monkeypatch, abs_below_itself_signed).verdict == "refuted"


def test_mutation_branch_without_its_sign_part_is_caught(monkeypatch):
    monkeypatch.setattr(transforms_module, "abs_branches", lambda c, i, h, box, depth=0: [(box, (1,))])
    _keep_parts(monkeypatch, None, 1)  # the part x >= 0 dropped: x <= x "holds"
    assert prove_only(monkeypatch, abs_below_itself_signed).verdict == "proved"  # the wrong verdict


@pytest.mark.parametrize("c,rule", [(polya, "square-small"), (chu, "square-big"),
                                    (root_of_less_below_root_of_more, "sqrt-both"), (scaled_root, "square-small")])
def test_touching_at_a_root_is_proved_by_squaring(c, rule):
    assert transforms_module.find_rule(c, 0) == rule
    v = check(c, budget=20)
    assert v.verdict == "proved", v.evidence
    assert squared_in(v) == [f"transformed ({transforms_module.DESCRIBE[rule]})"]
    assert v.evidence["parts"][0]["method"] == f"branch and bound on the transformed part: {transforms_module.DESCRIBE[rule]}"


def test_a_rule_that_does_not_hold_falls_back_to_the_plain_proof(monkeypatch):
    # a^2 = 4 > x: square-small fails, and its failure is no counterexample
    v = prove_only(monkeypatch, minus_two_below_root)
    assert v.verdict == "proved" and not squared_in(v)


def test_truth_of_the_claims_here():
    mpmath.mp.dps = 50
    for i in range(1, 201):
        x = mpmath.mpf(i) / 100
        assert mpmath.erf(x) < mpmath.sqrt(1 - mpmath.exp(-4 * x**2 / mpmath.pi))
        assert mpmath.erf(x) > mpmath.sqrt(1 - mpmath.exp(-x**2))
    for i in range(-300, 301):
        x = mpmath.mpf(i) / 100
        tv = 2 * mpmath.ncdf(abs(x) / 2) - 1
        if i:
            assert tv**2 < 1 - mpmath.exp(-x**2 / 2) and tv < mpmath.sqrt(1 - mpmath.exp(-x**2 / 2))
    x = mpmath.mpf("0.01")
    squared = 1 - mpmath.exp(-4 * x**2 / mpmath.pi) - mpmath.erf(x)**2
    assert abs(squared / (8 * (mpmath.pi - 3) / (3 * mpmath.pi**2) * x**4) - 1) < 1e-3


def test_unusable_refuses_arithmetic():
    u = rules.Unusable()
    assert isinstance(u * 2, rules.Unusable) and isinstance(u / 3, rules.Unusable)
    for op in (lambda: u + 1, lambda: 1 - u, lambda: 2 / u, lambda: -u, lambda: u**2, lambda: float(u)):
        with pytest.raises(ValueError):
            op()


# -- premises: each with the claim that fools the prover without it --------------------------------

@claim(x=(1, 2))
def root_below_negative(x):
    return sqrt(x * x / 4) <= -x


@claim(x=(0, 1))
def root_undefined_below_one(x):
    return sqrt(x - 1) <= 2


@claim(x=(0, 1))
def roots_undefined_below_one(x):
    return sqrt(x - 1) <= sqrt(x + 5)


@claim(x=(0, 1))
def below_negative_root(x):
    return x <= -1 * sqrt(x + 4)


@claim(x=(0, 1))
def below_reciprocal_root(x):
    return x <= 1 / sqrt(x + 1)


@claim(x=(0, 1))
def unused_undefined_root(x):
    s = sqrt(x - 2)  # never used: the body is still undefined on the whole box
    return x <= sqrt(x * x + 1)


def _keep_parts(monkeypatch, rule, keep):
    """Mutant: the rule's transformed parts cut to the first ``keep`` (a premise part dropped)."""
    apply, ops_of = rules.apply, rules.ops_of

    def mutant_apply(leaf, tracer, r):
        rel = apply(leaf, tracer, r)
        if r != rule:
            return rel
        parts = rel.leaves()[:keep]
        return parts[0] if len(parts) == 1 else rules.Relation(None, "and", None, parts=parts)

    def mutant_ops(r, strict, signs=None):
        return ops_of(r, strict, signs)[:keep] if r == rule else ops_of(r, strict, signs)

    monkeypatch.setattr(rules, "apply", mutant_apply)
    monkeypatch.setattr(transforms_module, "ops_of", mutant_ops)


def test_square_big_needs_the_big_side_nonnegative(monkeypatch):
    assert prove_only(monkeypatch, root_below_negative).verdict == "refuted"


def test_mutation_square_big_without_big_nonnegative_is_caught(monkeypatch):
    _keep_parts(monkeypatch, "square-big", 1)  # A <= c^2 only: x^2/4 <= x^2 holds, c = -x < 0
    assert prove_only(monkeypatch, root_below_negative).verdict == "proved"  # the wrong verdict


@pytest.mark.parametrize("c", [root_undefined_below_one, roots_undefined_below_one])
def test_a_root_squared_away_must_still_be_defined(monkeypatch, c):
    v = prove_only(monkeypatch, c)
    assert v.verdict == "refuted" and v.undefined


@pytest.mark.parametrize("c,rule,keep", [(root_undefined_below_one, "square-big", 2),
                                         (roots_undefined_below_one, "sqrt-both", 1)])
def test_mutation_without_the_radicand_nonnegative_is_caught(monkeypatch, c, rule, keep):
    _keep_parts(monkeypatch, rule, keep)  # A >= 0 dropped: sqrt(x - 1) is undefined for x < 1
    assert prove_only(monkeypatch, c).verdict == "proved"  # the wrong verdict


def test_a_negative_factor_is_no_root(monkeypatch):
    assert prove_only(monkeypatch, below_negative_root).verdict == "refuted"


def test_mutation_negative_factor_taken_as_a_root_is_caught(monkeypatch):
    positive = rules._positive_rational
    monkeypatch.setattr(rules, "_positive_rational", lambda c: positive(-c) or positive(c))
    assert prove_only(monkeypatch, below_negative_root).verdict == "proved"  # x^2 <= x + 4


def test_a_reciprocal_root_is_no_root(monkeypatch):
    assert prove_only(monkeypatch, below_reciprocal_root).verdict == "refuted"


def test_mutation_reciprocal_root_taken_as_a_root_is_caught(monkeypatch):
    binary = rules.Tracer.binary

    def mutant(self, op, out, left, right):  # k / sqrt(r) read as sqrt(r) / k
        import operator

        if op is operator.truediv and self.root_of(right) is not None:
            return binary(self, operator.mul, out, right, left)
        return binary(self, op, out, left, right)

    monkeypatch.setattr(rules.Tracer, "binary", mutant)
    assert prove_only(monkeypatch, below_reciprocal_root).verdict == "proved"  # x^2 <= x + 1


def test_an_unused_root_that_cannot_be_enclosed_blocks_the_rule():
    from theorycheck.claims import ClaimEvaluationError

    with pytest.raises(ClaimEvaluationError, match="could not be enclosed"):
        rules.Squared(unused_undefined_root, 0, None, "square-small").evaluate(
            [rules_interval("0", "1")])


def test_mutation_unused_unenclosed_root_ignored_is_caught():
    # without the check, the transformed part is "defined" on [0, 1] and holds there
    from theorycheck.decide import interval_status, leaf_enclosure, HOLDS

    sq = rules.Squared(unused_undefined_root, 0, None, "square-small")
    original = rules.kept_decoration
    try:
        rules.kept_decoration = lambda leaf, dropped: [c for c in (leaf.decoration or ())
                                                       if not any(c is r for r in dropped)]
        rel = sq.evaluate([rules_interval("0", "1")])
        assert interval_status(rel, leaf_enclosure(rel, rules_interval("0", "1"))) == HOLDS
    finally:
        rules.kept_decoration = original


def rules_interval(lo, hi):
    from theorycheck.enclose.interval import Interval

    return Interval(Fraction(lo), Fraction(hi))


@pytest.mark.parametrize("c", [root_below_negative, root_undefined_below_one, roots_undefined_below_one,
                               below_negative_root, below_reciprocal_root, unused_undefined_root])
def test_false_claims_are_refuted_with_the_search(c):
    assert check(c, budget=6).verdict == "refuted"


# -- certificates: the kernel re-applies the rule ------------------------------------------------

LEMMA = '''
from theorycheck import Phi, claim, erf, exp, sqrt

@claim(x=(0, 2))
def chu(x):
    return erf(x) >= sqrt(1 - exp(-x**2))

@claim(x=(0, 1))
def both(x):
    return sqrt(x) <= sqrt(x + x**2)

@claim(x=(-3, 3))
def tv(x):
    return 2 * Phi(abs(x) / 2) - 1 <= sqrt(1 - exp(-x**2 / 2))
'''


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("squared")
    (root / "lemmas").mkdir()
    lemma = root / "lemmas" / "demo.py"
    lemma.write_text(LEMMA)
    out = {}
    for c in load_file(lemma):
        v = check(c, budget=20)
        out[c.name] = (v, certificates.write(c, v, root / "lemmas" / "certificates"))
    return root, out


def _squared_leaf(doc):
    (leaf,) = doc["parts"][0]["tiling"]
    assert leaf["by"] == "transformed"
    return leaf


def _copy(made, tmp_path, name):
    root, out = made
    (tmp_path / "lemmas" / "certificates" / "demo").mkdir(parents=True)
    (tmp_path / "lemmas" / "demo.py").write_text((root / "lemmas" / "demo.py").read_text())
    target = tmp_path / "lemmas" / "certificates" / "demo" / f"{name}.cert.json"
    target.write_text(out[name][1].read_text())
    return target, json.loads(target.read_text())


def _rejects(path, doc, *words):
    path.write_text(json.dumps(doc))
    result = verify_certificate(path)
    assert not result.valid
    assert any(w in result.message.lower() for w in words), result.message


@pytest.mark.parametrize("name,rule", [("chu", "square-big"), ("both", "sqrt-both")])
def test_the_kernel_accepts_a_squared_proof(made, name, rule):
    _, out = made
    v, path = out[name]
    assert v.verdict == "proved"
    doc = json.loads(path.read_text())
    leaf = _squared_leaf(doc)
    assert leaf["rule"] == rule and len(leaf["parts"]) == len(rules.ops_of(rule, False))
    result = verify_certificate(path)
    assert result.valid, result.message


def test_the_kernel_accepts_branches_of_abs(made):
    _, out = made
    v, path = out["tv"]
    assert v.verdict == "proved"
    leaves = json.loads(path.read_text())["parts"][0]["tiling"]
    assert [(leaf["by"], leaf["rule"], leaf["signs"]) for leaf in leaves] == [
        ("transformed", "square-small", [-1]), ("transformed", "square-small", [1])]
    assert [leaf["box"] for leaf in leaves] == [[["-3", "0"]], [["0", "3"]]]
    result = verify_certificate(path)
    assert result.valid, result.message


def test_a_flipped_branch_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "tv")
    doc["parts"][0]["tiling"][1]["signs"] = [-1]  # |x| taken as -x on [0, 3]
    _rejects(path, doc, "does not show it", "not defined")


def test_a_branch_naming_too_few_absolute_values_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "tv")
    leaf = doc["parts"][0]["tiling"][1]
    leaf["signs"] = None
    del leaf["parts"][1]
    _rejects(path, doc, "absolute value", "does not show", "abs()", "with kinks")  # (a series leaf inside says so first)


def test_another_rule_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "chu")
    _squared_leaf(doc)["rule"] = "sqrt-both"
    _rejects(path, doc, "must list", "does not apply")


def test_an_unknown_rule_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "chu")
    _squared_leaf(doc)["rule"] = "cube"
    _rejects(path, doc, "'rule' must be")


def test_a_leaf_with_neither_rule_nor_signs_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "chu")
    leaf = _squared_leaf(doc)
    leaf["rule"], leaf["signs"] = None, None
    _rejects(path, doc, "needs a rule or signs")


def test_a_dropped_premise_part_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "chu")
    del _squared_leaf(doc)["parts"][1]  # c >= 0
    _rejects(path, doc, "must list 3")


def test_a_deleted_box_of_a_transformed_part_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "chu")
    part = _squared_leaf(doc)["parts"][0]
    assert len(part) >= 2
    del part[0]
    _rejects(path, doc, "gap", "cover")


def test_a_squared_leaf_for_a_side_that_is_no_root_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "chu")
    lemma = tmp_path / "lemmas" / "demo.py"
    lemma.write_text(lemma.read_text().replace("sqrt(1 - exp(-x**2))", "(sqrt(1 - exp(-x**2)) + 0 * x)"))
    forged = next(c for c in load_file(lemma) if c.name == "chu")
    doc["claim"]["hash"] = claim_hash(forged)
    _rejects(path, doc, "does not apply")


def test_a_squared_leaf_may_not_show_definedness():
    # the defined tiling of a symbolic identity shows both sides defined: no rule says that
    from theorycheck.kernel._base import Reject
    from theorycheck.kernel.leaves import Leaves

    checker = Leaves(chu, ["=="])
    leaf = {"box": [["0", "2"]], "by": "transformed", "rule": "square-big", "signs": None, "parts": [[], [], []]}
    with pytest.raises(Reject, match="not allowed"):
        checker.check((0, "defined"), leaf, ((Fraction(0), Fraction(2)),), "part 0")
