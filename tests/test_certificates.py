"""Certificates end to end: what the prover writes, the kernel accepts; every tampering of a real
certificate is rejected with a message that says what was tampered with.

The claims' truth is settled by hand: exp(x) >= 1 + x (convexity, equality at 0 only);
exp(x) * (1 + y^2) >= 1 + x + x y / 2 - 3/10 on [-1, 2] x [-1, 1] (the left side is at least
exp(x) >= 1 + x and |x y / 2| <= 1 < 1 + 3/10 ... checked at 60 digits on a grid below);
exp(2x) == exp(x)^2 (an identity); exp(x) <= 1 + x + x^2/3 fails near x = 1 (e = 2.718 > 2.333);
1/(x - 1/10) is undefined at x = 1/10.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest

from theorycheck import certificates
from theorycheck.check import check
from theorycheck.kernel import verify_certificate
from theorycheck.loader import load_file

LEMMAS = textwrap.dedent('''
    from theorycheck import calc, claim, exp, log, npdf, pi, sqrt

    @claim(x=(-2, 2))
    def exp_tangent(x):
        return exp(x) >= 1 + x

    @claim(x=(-1, 2), y=(-1, 1))
    def two_d(x, y):
        return exp(x) * (1 + y * y) >= 1 + x + x * y * 0.5 - 0.3

    @claim(x=(0, 1))
    def identity(x):
        return exp(2 * x) == exp(x) ** 2

    @claim(x=(0, 1))
    def chain(x):
        return calc(exp(x)).le(1 + x + x**2 / 2 * exp(x), "Taylor").le(1 + x + 1.36 * x**2, "e < 2.72")

    @claim(x=(-3, 3), mu=(-3, 3))
    def peak(x, mu):
        return npdf(x - mu) <= 1 / sqrt(2 * pi)

    @claim(x=(-1, 1))
    def false_one(x):
        return exp(x) <= 1 + x + x * x / 3

    @claim(x=("0.1", 1))
    def undefined_at_the_end(x):
        return 1 / (x - 0.1) >= 0

    @claim(x=("0.1", 3))
    def rounded_end(x):
        return log(x) <= x - 1

    @claim(x=(0, 1))
    def unused_log(x):
        t = log(x)  # never used: the body is still undefined at x = 0
        return x + 1 >= 1
''')


def test_two_d_claim_is_true_on_a_grid():
    # the independent settlement of `two_d` (the proof below must agree): margin > 0 on a grid,
    # with the smallest value far from 0 relative to the variation between grid points
    mpmath.mp.dps = 60
    worst = min(mpmath.e**x * (1 + y * y) - (1 + x + x * y / 2 - mpmath.mpf(3) / 10)
                for x in [mpmath.mpf(-1) + 3 * mpmath.mpf(i) / 60 for i in range(61)]
                for y in [mpmath.mpf(-1) + 2 * mpmath.mpf(j) / 40 for j in range(41)])
    assert worst > 0.2


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Each demo claim decided and its certificate written under <tmp>/lemmas/certificates."""
    root = tmp_path_factory.mktemp("certs")
    (root / "lemmas").mkdir()
    lemma = root / "lemmas" / "demo.py"
    lemma.write_text(LEMMAS)
    out = {}
    for c in load_file(lemma):
        v = check(c, budget=10)
        path = certificates.write(c, v, root / "lemmas" / "certificates")
        out[c.name] = (v, path)
    return root, out


@pytest.mark.parametrize("name,verdict", [
    ("exp_tangent", "proved"), ("two_d", "proved"), ("identity", "proved"), ("chain", "proved"),
    ("false_one", "refuted"), ("undefined_at_the_end", "refuted"), ("rounded_end", "proved"),
    ("unused_log", "refuted"), ("peak", "proved")])
def test_the_kernel_accepts_what_the_prover_wrote(made, name, verdict):
    _, out = made
    v, path = out[name]
    assert v.verdict == verdict
    assert path is not None and path.name == f"{name}.cert.json"
    result = verify_certificate(path)
    assert result.valid, result.message
    assert result.verdict == verdict


def test_boxes_are_exact_and_inside(made):
    _, out = made
    doc = json.loads(out["rounded_end"][1].read_text())
    assert doc["box"] == [["x", "1/10", "3"]]
    for part in doc["parts"]:
        for leaf in part.get("tiling", []) + part.get("le", []) + part.get("ge", []) + part.get("defined", []):
            lo, hi = (Fraction(s) for s in leaf["box"][0])
            assert Fraction(1, 10) <= lo <= hi <= 3


def test_trust_base(made):
    # exp(x) >= 1 + x is proved by the high-order Taylor form at 0, whose zero coefficients are
    # exact Arb zeros (exp(0) - 1 is the point 0): no sympy, in the certificate and in the kernel
    _, out = made
    for name, trust in (("exp_tangent", "Arb + kernel"), ("identity", "Arb + kernel + sympy")):
        path = out[name][1]
        assert json.loads(path.read_text())["trust"] == trust
        assert verify_certificate(path).trust == trust


def test_an_unchanged_certificate_is_not_rewritten(made):
    root, out = made
    v, path = out["two_d"]
    before = path.stat().st_mtime_ns
    c = [c for c in load_file(root / "lemmas" / "demo.py") if c.name == "two_d"][0]
    certificates.write(c, v, root / "lemmas" / "certificates")
    assert path.stat().st_mtime_ns == before


# -- tampering with a real certificate --------------------------------------------------------


def _copy(made, tmp_path, name):
    """The demo lemma file and one certificate, copied into a fresh tree (same layout)."""
    root, out = made
    (tmp_path / "lemmas" / "certificates" / "demo").mkdir(parents=True)
    shutil.copy(root / "lemmas" / "demo.py", tmp_path / "lemmas" / "demo.py")
    target = tmp_path / "lemmas" / "certificates" / "demo" / f"{name}.cert.json"
    shutil.copy(out[name][1], target)
    return target, json.loads(target.read_text())


def _leaves(doc):
    part = doc["parts"][0]
    return part.get("tiling") or part.get("le")


def _rejects(path, doc, *words):
    path.write_text(json.dumps(doc))
    result = verify_certificate(path)
    assert not result.valid
    text = result.message.lower()
    assert any(w in text for w in words), result.message
    return result


def test_the_real_certificate_has_several_leaves(made):
    _, out = made
    doc = json.loads(out["two_d"][1].read_text())
    assert len(_leaves(doc)) >= 4


def test_deleting_a_box_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "two_d")
    del _leaves(doc)[0]
    _rejects(path, doc, "gap", "cover")


@pytest.mark.parametrize("end", [0, 1])
def test_widening_a_bound_is_caught(made, tmp_path, end):
    path, doc = _copy(made, tmp_path, "two_d")
    leaf = next(leaf for leaf in _leaves(doc) if leaf["by"] != "monotone")
    lo, hi = (Fraction(s) for s in leaf["box"][0])
    w = hi - lo
    leaf["box"][0][end] = str(lo - w / 4 if end == 0 else hi + w / 4)
    _rejects(path, doc, "overlap", "outside", "gap", "tile")


def test_shifting_a_bound_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "two_d")
    leaf = next(leaf for leaf in _leaves(doc) if leaf["by"] != "monotone")
    lo, hi = (Fraction(s) for s in leaf["box"][1])
    leaf["box"][1] = [str(lo + (hi - lo) / 8), str(hi + (hi - lo) / 8)]
    _rejects(path, doc, "overlap", "outside", "gap", "tile")


def test_editing_the_body_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "exp_tangent")
    lemma = tmp_path / "lemmas" / "demo.py"
    lemma.write_text(lemma.read_text().replace("return exp(x) >= 1 + x", "return exp(x) >= 1 + x - 0.0"))
    result = verify_certificate(path)
    assert not result.valid
    assert "changed" in result.message.lower() or "hash" in result.message.lower(), result.message


def test_editing_the_box_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "exp_tangent")
    doc["box"][0][2] = "3"
    _rejects(path, doc, "box")


def test_moving_the_counterexample_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "false_one")
    doc["counterexample"]["point"]["x"] = "0"  # exp(0) = 1 <= 1: holds there
    _rejects(path, doc, "not", "does")


def test_a_refutation_cannot_become_a_proof(made, tmp_path):
    path, doc = _copy(made, tmp_path, "false_one")
    del doc["counterexample"]
    doc["verdict"] = "proved"
    doc["parts"] = [{"part": 0, "by": "tiling", "tiling": [{"box": [["-1", "1"]], "by": "interval"}]}]
    _rejects(path, doc, "interval", "does not", "not shown", "fails")


def test_an_unused_undefined_value_is_not_proved_by_the_kernel(made, tmp_path):
    # log(x) on [0, 1] is computed and never used: the body is undefined at 0, so no box
    # containing 0 may be decided, whatever the relation says
    path, doc = _copy(made, tmp_path, "unused_log")
    del doc["counterexample"]
    doc["verdict"] = "proved"
    doc["parts"] = [{"part": 0, "by": "tiling", "tiling": [{"box": [["0", "1"]], "by": "interval"}]}]
    _rejects(path, doc, "defined", "does not", "not shown")


# -- a committed certificate of the lemma library ------------------------------------------------

LIBRARY = Path(__file__).resolve().parents[1] / "lemmas"


def _library_copy(tmp_path, stem, name):
    """A committed certificate and its lemma file, copied into a fresh tree of the same layout."""
    (tmp_path / "lemmas" / "certificates" / stem).mkdir(parents=True)
    shutil.copy(LIBRARY / f"{stem}.py", tmp_path / "lemmas" / f"{stem}.py")
    target = tmp_path / "lemmas" / "certificates" / stem / f"{name}.cert.json"
    shutil.copy(LIBRARY / "certificates" / stem / f"{name}.cert.json", target)
    return target, json.loads(target.read_text())


def test_a_committed_library_certificate_and_its_tamperings(tmp_path):
    # JSD(P||Q) <= log 2 TV(P||Q) between mixtures (seed 004): 38 boxes, monotone faces included
    stem, name = "seed004_f_divergences", "jsd_at_most_log2_times_tv"
    path, doc = _library_copy(tmp_path, stem, name)
    assert verify_certificate(path).valid
    leaves = _leaves(doc)
    assert len(leaves) >= 10
    deleted = json.loads(json.dumps(doc))
    del _leaves(deleted)[len(leaves) // 2]
    _rejects(path, deleted, "gap", "cover")
    widened = json.loads(json.dumps(doc))
    leaf = next(x for x in _leaves(widened) if x["by"] != "monotone")
    k = next(i for i, (a, b) in enumerate(leaf["box"]) if a != b)
    a, b = (Fraction(s) for s in leaf["box"][k])
    leaf["box"][k][1] = str(b + (b - a) / 3)
    _rejects(path, widened, "overlap", "outside", "gap", "tile")
    shifted = json.loads(json.dumps(doc))
    leaf = next(x for x in _leaves(shifted) if x["by"] != "monotone")
    a, b = (Fraction(s) for s in leaf["box"][k])
    leaf["box"][k] = [str(a + (b - a) / 5), str(b + (b - a) / 5)]
    _rejects(path, shifted, "overlap", "outside", "gap", "tile")
    lemma = tmp_path / "lemmas" / f"{stem}.py"
    path.write_text(json.dumps(doc))
    lemma.write_text(lemma.read_text() + "\n# a comment at the end of the file\n")
    assert verify_certificate(path).valid  # a comment elsewhere in the file changes nothing
    body = lemma.read_text()
    start = body.index("def jsd_at_most_log2_times_tv(")
    ret = body.index("return", start)
    lemma.write_text(body[:ret] + "x_ = 0  # an edit of the body\n    " + body[ret:])
    result = verify_certificate(path)
    assert not result.valid and ("changed" in result.message or "hash" in result.message), result.message


# -- a translation leaf (theorycheck/invariance.py) --------------------------------------------


def _translation(doc):
    leaf = _leaves(doc)[0]
    assert leaf["by"] == "translation", leaf["by"]
    return leaf


def test_a_translation_in_a_direction_the_margin_changes_along_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "peak")
    _translation(doc)["direction"] = [1, 0]
    _rejects(path, doc, "derivative along", "not exactly 0")


def test_a_translation_to_another_value_is_caught(made, tmp_path):
    path, doc = _copy(made, tmp_path, "peak")
    leaf = _translation(doc)
    leaf["at"] = str(Fraction(leaf["at"]) + Fraction(1, 2))
    _rejects(path, doc, "gap", "outside", "tile", "overlap")


def test_a_translation_leaf_for_a_claim_that_is_not_invariant_is_caught(made, tmp_path):
    # a true claim whose margin drifts along (1, 1) by 1e-12 per unit: its reduced claim (at x = 0)
    # is true too, so only the kernel's own derivative along the direction can catch the forgery
    from theorycheck.kernel import claim_hash

    path, doc = _copy(made, tmp_path, "peak")
    lemma = tmp_path / "lemmas" / "demo.py"
    lemma.write_text(lemma.read_text().replace("return npdf(x - mu) <= 1 / sqrt(2 * pi)",
                                               "return npdf(x - mu) + 1e-12 * x <= 1 / sqrt(2 * pi) + 1e-11"))
    forged = next(c for c in load_file(lemma) if c.name == "peak")
    doc["claim"]["hash"] = claim_hash(forged)
    _rejects(path, doc, "derivative along", "not exactly 0")


def test_what_the_batch_kind_proves_the_scalar_kernel_accepts(tmp_path):
    # the batch kind took x**1 as x itself (so x - x**1 is exactly 0) and the scalar kind made a
    # new interval: the prover proved x**1 <= x on one box and the kernel, evaluating in scalars,
    # refused its own library's certificate. The two kinds now treat x**1 alike.
    (tmp_path / "lemmas").mkdir()
    (tmp_path / "lemmas" / "same.py").write_text(textwrap.dedent('''
        from theorycheck import claim, exp

        @claim(x=(0, 1))
        def first_power(x):
            return x**1 <= x

        @claim(x=(-1, 1), y=(0, 1))
        def first_power_of_a_product(x, y):
            t = exp(x) * y
            return t**1 <= t
    '''))
    for c in load_file(tmp_path / "lemmas" / "same.py"):
        v = check(c, budget=5)
        assert v.verdict == "proved", c.name
        path = certificates.write(c, v, tmp_path / "lemmas" / "certificates")
        r = verify_certificate(path)
        assert r.valid, (c.name, r.message)
