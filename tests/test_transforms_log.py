"""The ``log`` rule (theorycheck.transforms, with the rule in theorycheck.kernel.transforms): a part
``a <= b`` whose sides are positive products, quotients and square roots of exp, npdf and gamma is
proved as ``L(a) <= L(b)``, the log taken through the body's operations (a Gaussian's log is a
quadratic, a ratio of Gammas a difference of loggammas). What it proves, the certificate the
kernel re-checks, and for each premise the claim that fools it when the premise is patched away
(mutation tests, as in tests/test_prover_premises.py; the search is off there, so only the prover
decides).

Truth, by hand (checked with mpmath at 50 digits in test_truth_of_the_claims_here):
* log_concave_midpoint: npdf((x+y)/2) >= sqrt(npdf(x) npdf(y)) on [-2, 2]^2; the log margin is
  (x - y)^2/8 (log-concavity of the Gaussian density; equality on x = y).
* gautschi_lower: x^(1-s) <= Gamma(x+1)/Gamma(x+s) on [1/2, 4] x [1/5, 4/5] (Gautschi 1959, DLMF 5.6.4).
* gaussian_ratio: npdf(x)/npdf(x + 1) <= exp(x + 1) on [-2, 2] (the ratio is exp(x + 1/2)).
False: negative_sides (-exp(x) <= -2 exp(x) fails everywhere: the sides are negative, no log form
is defined), gamma_negative (Gamma(x) < 0 on (-1, 0): Gamma(x) >= exp(-10) fails at x = -1/2,
while log|Gamma(x)| >= -10 holds there).
"""

from __future__ import annotations

import json

import mpmath
import pytest

import theorycheck.check as check_module
import theorycheck.kernel.transforms as rules
import theorycheck.transforms as transforms_module
from theorycheck import certificates, claim, exp, gamma, log, npdf, sqrt
from theorycheck.check import check
from theorycheck.kernel import verify_certificate
from theorycheck.loader import load_file
from theorycheck.search import SearchResult


def prove_only(monkeypatch, c, budget=8.0):
    monkeypatch.setattr(check_module, "search", lambda *a, **k: SearchResult())
    monkeypatch.setattr(check_module, "_fast_path", lambda *a, **k: None)
    return check_module.check(c, budget=budget)


def logged_in(v):
    return [k for p in v.evidence.get("parts", []) for k in p.get("decided_by", {}) if "log a <= log b" in k]


@claim(x=(-2, 2), y=(-2, 2))
def log_concave_midpoint(x, y):
    return npdf((x + y) / 2) >= sqrt(npdf(x) * npdf(y))


@claim(x=("0.5", 4), s=("0.2", "0.8"))
def gautschi_lower(x, s):
    return exp((1 - s) * log(x)) <= gamma(x + 1) / gamma(x + s)


@claim(x=(-2, 2))
def gaussian_ratio(x):
    return npdf(x) / npdf(x + 1) <= exp(x + 1)


@claim(x=(0, 1))
def negative_sides(x):
    return -exp(x) <= -2 * exp(x)


@claim(x=("-0.9", "-0.1"))
def gamma_negative(x):
    return gamma(x) >= exp(-10)


def test_truth_of_the_claims_here():
    mpmath.mp.dps = 50
    grid = [mpmath.mpf(k) / 8 for k in range(-16, 17)]
    for x in grid:
        for y in grid:
            assert mpmath.npdf((x + y) / 2) >= mpmath.sqrt(mpmath.npdf(x) * mpmath.npdf(y))
        assert mpmath.npdf(x) / mpmath.npdf(x + 1) <= mpmath.exp(x + 1)
    for x in [mpmath.mpf(1) / 2 + k * mpmath.mpf(7) / 80 for k in range(41)]:
        for s in [mpmath.mpf(1) / 5 + k * mpmath.mpf(3) / 50 for k in range(11)]:
            assert x**(1 - s) <= mpmath.gamma(x + 1) / mpmath.gamma(x + s)
    assert -mpmath.exp(0) > -2 * mpmath.exp(0)
    assert mpmath.gamma(mpmath.mpf("-0.5")) < mpmath.exp(-10) and mpmath.log(abs(mpmath.gamma(-0.5))) >= -10


# -- what it proves ------------------------------------------------------------------------------

@pytest.mark.parametrize("c", [log_concave_midpoint, gautschi_lower, gaussian_ratio])
def test_positive_products_of_exp_npdf_gamma_are_proved_through_their_logs(monkeypatch, c):
    v = prove_only(monkeypatch, c, budget=10.0)
    assert v.verdict == "proved", v.evidence
    assert logged_in(v)


def test_the_log_form_is_the_quadratic_of_a_gaussian():
    from theorycheck.enclose.interval import Interval
    from fractions import Fraction

    rel = rules.Squared(log_concave_midpoint, 0, None, "log").evaluate([Interval.point(Fraction(1)),
                                                                          Interval.point(Fraction(3))])
    m = rel.big.raw - rel.small.raw  # (x - y)^2/8 = 1/2 at (1, 3)
    assert m.contains(Fraction(1, 2)) and float(m.hi - m.lo) < 1e-12


def test_log_is_tried_only_on_positive_sides_with_a_simpler_log():
    assert transforms_module.log_applies(log_concave_midpoint, 0)
    assert not transforms_module.log_applies(negative_sides, 0)  # the sides are < 0

    @claim(x=(0, 1))
    def no_exp(x):
        return x * x <= x + 1

    assert not transforms_module.log_applies(no_exp, 0)


# -- premises: a false claim stays refuted with the rule forced on, and the mutants are caught ----

@pytest.mark.parametrize("c", [negative_sides, gamma_negative])
def test_the_rule_forced_on_false_claims_proves_nothing(monkeypatch, c):
    monkeypatch.setattr(transforms_module, "log_applies", lambda *a, **k: True)
    assert prove_only(monkeypatch, c).verdict == "refuted"


def test_mutation_log_of_absolute_values_is_caught(monkeypatch):
    # log|v| for log v in the base case: log 2 + x >= x "proves" -exp(x) <= -2 exp(x)
    monkeypatch.setattr(transforms_module, "log_applies", lambda *a, **k: True)
    log_of = rules.Tracer.log_of

    def mutant(self, value):
        how = self.made_of(value)
        if how is None or how[0] not in ("exp", "npdf", "gamma", "sqrt") and not callable(how[0]):
            return log(abs(value))
        return log_of(self, value)

    monkeypatch.setattr(rules.Tracer, "log_of", mutant)
    assert prove_only(monkeypatch, negative_sides).verdict == "proved"


def test_mutation_gamma_by_log_abs_gamma_is_caught(monkeypatch):
    # log|Gamma(x)| for loggamma(x) (as scipy's gammaln): Gamma < 0 on (-1, 0) is missed
    monkeypatch.setattr(transforms_module, "log_applies", lambda *a, **k: True)
    log_of = rules.Tracer.log_of

    def mutant(self, value):
        how = self.made_of(value)
        if how is not None and how[0] == "gamma":
            return log(abs(gamma(how[1])))
        return log_of(self, value)

    monkeypatch.setattr(rules.Tracer, "log_of", mutant)
    assert prove_only(monkeypatch, gamma_negative).verdict == "proved"


def test_a_square_of_abs_is_the_square_of_its_argument():
    from fractions import Fraction

    from theorycheck.enclose.dual import Dual
    from theorycheck.enclose.interval import Interval

    @claim(x=(-1, 1))
    def abs_root(x):
        return abs(x) <= sqrt(x**2 + x**4)

    x = Dual(Interval.point(Fraction(0)), (1,))
    rel = rules.Squared(abs_root, 0, None, "square-small").evaluate([x])
    # |x|^2 taken as x^2: derivative 0 at 0, and no kink of abs in the transformed part's margin
    assert rel.small.raw.grad[0].contains(0) and rel.small.raw.grad[0].hi - rel.small.raw.grad[0].lo == 0


# -- certificates: the kernel re-applies the rule ------------------------------------------------

LEMMA = '''
from theorycheck import claim, npdf, sqrt

@claim(x=(-2, 2), y=(-2, 2))
def midpoint(x, y):
    return npdf((x + y) / 2) >= sqrt(npdf(x) * npdf(y))
'''


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("logged")
    (root / "lemmas").mkdir()
    lemma = root / "lemmas" / "demo.py"
    lemma.write_text(LEMMA)
    (c,) = load_file(lemma)
    v = check(c, budget=10)
    return root, v, certificates.write(c, v, root / "lemmas" / "certificates")


def _log_leaf(doc):
    (leaf,) = doc["parts"][0]["tiling"]
    assert leaf["by"] == "transformed"
    return leaf


def test_the_kernel_accepts_a_log_proof(made):
    _, v, path = made
    assert v.verdict == "proved"
    leaf = _log_leaf(json.loads(path.read_text()))
    assert leaf["rule"] == "log" and len(leaf["parts"]) == 1
    result = verify_certificate(path)
    assert result.valid, result.message


def _tampered(made, tmp_path, change):
    root, _, path = made
    (tmp_path / "lemmas" / "certificates" / "demo").mkdir(parents=True)
    (tmp_path / "lemmas" / "demo.py").write_text((root / "lemmas" / "demo.py").read_text())
    target = tmp_path / "lemmas" / "certificates" / "demo" / path.name
    doc = json.loads(path.read_text())
    change(_log_leaf(doc))
    target.write_text(json.dumps(doc))
    result = verify_certificate(target)
    assert not result.valid
    return result.message.lower()


def test_the_log_leaf_read_as_the_plain_part_is_caught(made, tmp_path):
    # the same tiling on the part as written (its margin touches along x = y): not shown
    def change(leaf):
        leaf["rule"], leaf["signs"] = None, None

    assert "needs a rule or signs" in _tampered(made, tmp_path, change)


def test_the_log_leaf_read_as_a_square_is_caught(made, tmp_path):
    def change(leaf):
        leaf["rule"] = "square-big"

    assert "must list" in _tampered(made, tmp_path, change)


# -- |u| squared by a square rule: u^2, and the abs itself Unusable at its kink -------------------

@claim(p=("0.1", "0.9"), q=("0.1", "0.9"))
def abs_root_on_a_line(p, q):
    # true: 1 - e^{-2d^2} >= d^2 for |d| <= 0.8 (d = p - q; 2d^2 - 2d^4 + ... >= d^2), equality on p = q
    return abs(p - q) <= sqrt(1 - exp(-2 * (p - q)**2))


@claim(p=("0.1", "0.9"), q=("0.1", "0.9"))
def abs_reused_on_a_line(p, q):
    # the abs is a side *and* inside the root: false off p = q (d^2 > d^2 - |d|^3)
    return abs(p - q) <= sqrt((p - q)**2 - abs(p - q)**3)


def _along_derivative(c, rule):
    from fractions import Fraction

    from theorycheck.kernel.along import Along, LineSet
    from theorycheck.enclose.interval import Interval

    ls = LineSet("diagonal", 0, 1, 1)
    box = [(Fraction(3, 10), Fraction(31, 100))] * 2
    hull = ls.hull(box)
    return Along(rules.Squared(c, 0, None, rule), 0, None, ls, 2, 1, hull).evaluate(
        [Interval(lo, hi) for lo, hi in hull])


def test_truth_of_the_abs_claims():
    mpmath.mp.dps = 50
    for i in range(33):
        for j in range(33):
            p, q = mpmath.mpf("0.1") + mpmath.mpf("0.8") * i / 32, mpmath.mpf("0.1") + mpmath.mpf("0.8") * j / 32
            assert abs(p - q) <= mpmath.sqrt(1 - mpmath.exp(-2 * (p - q)**2))
    p, q = mpmath.mpf("0.5"), mpmath.mpf("0.4")
    assert abs(p - q) > mpmath.sqrt((p - q)**2 - abs(p - q)**3)


def test_a_squared_abs_side_has_a_second_derivative_across_its_kink():
    rel = _along_derivative(abs_root_on_a_line, "square-small")  # D_n^2 of 1 - e^{-2d^2} - d^2, d = p - q
    assert getattr(rel.lhs, "raw", rel.lhs).lo > 0  # (2 - 4 d^2 ...) (D_n d)^2 ~ 8 near d = 0


def test_an_abs_used_beyond_the_squared_side_blocks_the_derivative():
    from theorycheck.claims import ClaimEvaluationError

    # (Unusable: the abs inside the root would need its derivative at the kink)
    with pytest.raises(ClaimEvaluationError):
        _along_derivative(abs_reused_on_a_line, "square-small")


def test_an_abs_at_its_kink_outside_a_square_rule_is_still_a_kink():
    from theorycheck.claims import ClaimEvaluationError

    with pytest.raises(ClaimEvaluationError, match="kink|vanish"):
        from fractions import Fraction

        from theorycheck.enclose.interval import Interval
        from theorycheck.kernel.along import Along, LineSet

        ls = LineSet("diagonal", 0, 1, 1)
        hull = ls.hull([(Fraction(3, 10), Fraction(31, 100))] * 2)
        Along(abs_root_on_a_line, 0, None, ls, 2, 1, hull).evaluate([Interval(lo, hi) for lo, hi in hull])


def test_the_abs_root_claims_are_decided(monkeypatch):
    assert prove_only(monkeypatch, abs_root_on_a_line, budget=10).verdict == "proved"
    assert check(abs_reused_on_a_line, budget=6).verdict == "refuted"


# -- expanded logs: the kernel re-makes the expanded body ------------------------------------------

PINSKER = '''
from theorycheck import claim, log

@claim(p=("0.3", "0.7"), q=("0.3", "0.7"))
def pinsker(p, q):
    return p * log(p / q) + (1 - p) * log((1 - p) / (1 - q)) >= 2 * (p - q)**2
'''


@pytest.fixture(scope="module")
def expanded(tmp_path_factory):
    root = tmp_path_factory.mktemp("expanded")
    (root / "lemmas").mkdir()
    lemma = root / "lemmas" / "demo.py"
    lemma.write_text(PINSKER)
    (c,) = load_file(lemma)
    v = check(c, budget=12)
    return root, v, certificates.write(c, v, root / "lemmas" / "certificates")


def test_pinsker_is_proved_with_its_logs_expanded_and_the_kernel_agrees(expanded):
    _, v, path = expanded
    assert v.verdict == "proved", v.evidence
    leaf = _log_leaf(json.loads(path.read_text()))
    assert leaf["rule"] == "expand"
    result = verify_certificate(path)
    assert result.valid, result.message


@pytest.mark.parametrize("rule,words", [(None, "needs a rule or signs"), ("log", "not"), ("expanded", "'rule' must be")])
def test_an_expanded_leaf_with_another_rule_is_caught(expanded, tmp_path, rule, words):
    def change(leaf):
        leaf["rule"] = rule

    assert words in _tampered(expanded, tmp_path, change)
