"""Issue 15: touching points the prover finds itself, the positive definite Hessian test of the
anchored Taylor form, and its certificate leaf (with tamperings).

Truth settled by hand:
- Motzkin's polynomial M = x^4 y^2 + x^2 y^4 - 3 x^2 y^2 + 1 >= 0 (AM-GM on x^4y^2, x^2y^4, 1);
  it is 0 exactly at (+-1, +-1), where grad M = 0 and Hess M = [[8, +-4], [+-4, 8]] (positive
  definite: eigenvalues 4 and 12).
- x^2 + y^2 + 1e-12 x >= 0 is FALSE: at x = -5e-13, y = 0 it is 2.5e-25 - 5e-25 < 0. Its margin is
  0 at (0, 0) with a positive definite Hessian; only the gradient (1e-12, 0) tells it apart.
- x^2 + y^4 - 1e-8 y^2 >= 0 is FALSE: at (0, 5e-5) it is 6.25e-18 - 2.5e-17 < 0. Its margin and
  gradient are 0 at (0, 0); the Hessian there is diag(2, -2e-8), indefinite (a saddle).
"""

from __future__ import annotations

import json
import shutil
import textwrap
from fractions import Fraction

import numpy as np
import pytest

from theorycheck import certificates
from theorycheck.check import check
from theorycheck.enclose.interval import Interval
from theorycheck.kernel import verify_certificate
from theorycheck.loader import load_file
from theorycheck.prove import AnchoredTaylor, leaf_structure, prove_leaf
from theorycheck.touching import TouchFinder, leaf_float_margin, positive_definite, simplest_dyadic, symmetric_part

LEMMAS = textwrap.dedent('''
    from theorycheck import claim, exp, pi

    @claim(x=(-2, 2), y=(-2, 2))
    def motzkin(x, y):
        return x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1 >= 0

    @claim(x=(-1, 1), y=(-1, 1))
    def tilted_bowl(x, y):
        return x**2 + y**2 + 1e-12 * x >= 0

    @claim(x=(-1, 1), y=(-1, 1))
    def saddle(x, y):
        return x**2 + y**4 - 1e-8 * y**2 >= 0

    @claim(x=(0, 2), y=(0, 2), z=(0, 2))
    def schur(x, y, z):
        return x * (x - y) * (x - z) + y * (y - x) * (y - z) + z * (z - x) * (z - y) >= 0

    @claim(x=(-1, 1))
    def x_over_x(x):
        return x / x >= 1

    @claim(x=(1, 2))
    def unused_division(x):
        t = 1 / (x - 1.5)
        return x * x >= 1

    @claim(x=(-1, 1))
    def decimal_square(x):
        return x**2 >= 0.1 * x - 0.0025

    @claim(x=(0, 1))
    def not_polynomial(x):
        return exp(x) >= 1 + x

    @claim(x=(-1, 1))
    def with_pi(x):
        return x * x + pi >= 3

    @claim(x=(0, 1), y=(0, 1))
    def identity(x, y):
        return (x + y)**2 == x * x + 2 * x * y + y * y
''')


@pytest.fixture(scope="module")
def lemmas(tmp_path_factory):
    root = tmp_path_factory.mktemp("touch")
    (root / "lemmas").mkdir()
    path = root / "lemmas" / "touch.py"
    path.write_text(LEMMAS)
    return root, {c.name: c for c in load_file(path)}


def iv(a, b=None):
    return Interval(a, a if b is None else b)


# -- the positive definite test -----------------------------------------------------------------

def test_positive_definite_on_point_and_interval_matrices():
    assert positive_definite([[iv(8), iv(4)], [iv(4), iv(8)]])
    assert positive_definite([[iv(7.9, 8.1), iv(3.9, 4.1)], [iv(3.9, 4.1), iv(7.9, 8.1)]])
    assert not positive_definite([[iv(2), iv(0)], [iv(0), iv(-2e-8)]])  # the saddle
    assert not positive_definite([[iv(1), iv(1)], [iv(1), iv(1)]])  # singular
    # holds the singular [[1, 1], [1, 1]]: not every matrix in it is positive definite
    assert not positive_definite([[iv(1, 2), iv(0.5, 1)], [iv(0.5, 1), iv(1, 2)]])
    # diagonally dominant fails, LDL^T succeeds: [[1, .9, 0], [.9, 1, .3], [0, .3, 1]] has eigenvalues > 0
    S = [[iv(1), iv(0.9), iv(0)], [iv(0.9), iv(1), iv(0.3)], [iv(0), iv(0.3), iv(1)]]
    assert np.linalg.eigvalsh(np.array([[1, .9, 0], [.9, 1, .3], [0, .3, 1]])).min() > 0
    assert positive_definite(S)
    # the same with 0.97 for 0.9: eigenvalue 1 - sqrt(0.97^2 + 0.3^2) < 0
    assert np.linalg.eigvalsh(np.array([[1, .97, 0], [.97, 1, .3], [0, .3, 1]])).min() < 0
    S[0][1] = S[1][0] = iv(0.97)
    assert not positive_definite(S)


def test_symmetric_part_keeps_the_true_entry():
    S = symmetric_part([[iv(1), iv(0, 2)], [iv(1, 3), iv(1)]])
    assert S[0][1].contains(Fraction(1)) and S[1][0].contains(Fraction(3, 2))


def test_simplest_dyadic():
    assert simplest_dyadic(0.9999999997, 1e-6, -2, 2) == 1.0
    assert simplest_dyadic(0.5000000001, 1e-6, -2, 2) == 0.5
    assert simplest_dyadic(1.0000001, 1e-6, -2, 1.0) == 1.0
    assert abs(simplest_dyadic(0.3, 1e-9, 0, 1) - 0.3) <= 1e-9


# -- finding the touching points ----------------------------------------------------------------

def test_the_finder_locates_motzkins_four_points(lemmas):
    _, claims = lemmas
    c = claims["motzkin"]
    finder = TouchFinder(leaf_float_margin(c, 0), np.array([-2.0, -2.0]), np.array([2.0, 2.0]))
    found = []
    for sx in (1, -1):
        for sy in (1, -1):
            # a stuck box near (sx, sy), not containing it
            lo = np.array([[sx + 3e-7, sy - 2e-7]])
            found += finder.new_points(lo, lo + 1e-7)
    assert sorted(tuple(p) for p in found) == [(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)]
    # a wide box is not stuck: nothing is tried
    assert finder.new_points(np.array([[0.0, 0.0]]), np.array([[0.5, 0.5]])) == []


def test_motzkin_is_proved_without_touching_points_from_the_search(lemmas):
    _, claims = lemmas
    c = claims["motzkin"]
    r = prove_leaf(c, 0, None, touch_points=())
    assert r.status == "proved", (r.boxes_left, r.left[:3])
    assert r.methods.get("taylor at touching point", 0) > 0
    anchors = {tuple(a) for _, _, _, method, data in r.leaves if method == "taylor" for a in data["anchor"]}
    assert anchors == {(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)}


# -- the Taylor form's premises (mutations) -----------------------------------------------------

def _holds(c, lo, hi, p):
    return AnchoredTaylor(c, 0).holds_on(np.array(lo), np.array(hi), np.array(p), leaf_structure(c, 0))


def test_positive_definite_taylor_closes_a_box_around_motzkins_point(lemmas):
    _, claims = lemmas
    r = 2.0**-10
    how = _holds(claims["motzkin"], [1 - r, -1 - r], [1 + r, -1 + r], [1.0, -1.0])
    assert how and how.get("psd") is True and how["zeros"] == [0, 1, 2]


def test_a_tiny_linear_term_is_not_ignored(lemmas):
    _, claims = lemmas
    r = 2.0**-20
    assert _holds(claims["tilted_bowl"], [-r, -r], [r, r], [0.0, 0.0]) is None
    # the same box without crossing the minimiser's side: x >= 0 there, the linear term >= 0
    assert _holds(claims["tilted_bowl"], [0.0, -r], [r, r], [0.0, 0.0])


def test_an_indefinite_hessian_at_a_saddle_is_not_taken(lemmas):
    _, claims = lemmas
    r = 2.0**-20
    assert _holds(claims["saddle"], [-r, -r], [r, r], [0.0, 0.0]) is None


@pytest.mark.parametrize("name", ["tilted_bowl", "saddle"])
def test_the_false_claims_are_never_proved(lemmas, name):
    _, claims = lemmas
    r = prove_leaf(claims[name], 0, None, touch_points=[(0.0, 0.0)], max_boxes=20_000)
    assert r.status != "proved"
    v = check(claims[name], budget=5)
    assert v.verdict != "proved"


# -- the certificate leaf -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def motzkin_cert(lemmas):
    from unittest import mock

    from theorycheck import polynomial

    root, claims = lemmas
    with mock.patch.object(polynomial, "available", lambda: False):  # intervals only: no z3 leaf
        v = check(claims["motzkin"], budget=20)
    assert v.verdict == "proved"
    path = certificates.write(claims["motzkin"], v, root / "lemmas" / "certificates")
    return root, path


def test_the_kernel_accepts_the_psd_leaves(motzkin_cert):
    _, path = motzkin_cert
    doc = json.loads(path.read_text())
    assert any(leaf.get("psd") for leaf in _all(doc))
    result = verify_certificate(path)
    assert result.valid, result.message


def _all(doc):
    stack = list(doc["parts"][0].get("tiling", []))
    while stack:
        leaf = stack.pop()
        yield leaf
        stack.extend(leaf.get("face", []))


def _tampered(motzkin_cert, tmp_path, edit):
    root, path = motzkin_cert
    (tmp_path / "lemmas" / "certificates" / "touch").mkdir(parents=True)
    shutil.copy(root / "lemmas" / "touch.py", tmp_path / "lemmas" / "touch.py")
    target = tmp_path / "lemmas" / "certificates" / "touch" / path.name
    doc = json.loads(path.read_text())
    leaf = next(leaf for leaf in _all(doc) if leaf.get("psd"))
    edit(leaf)
    target.write_text(json.dumps(doc))
    return verify_certificate(target)


def test_dropping_psd_is_caught(motzkin_cert, tmp_path):
    def edit(leaf):
        # a box with the anchor as its corner, crossing the off-diagonal's sign: naive d.H.d fails
        del leaf["psd"]
    result = _tampered(motzkin_cert, tmp_path, edit)
    assert not result.valid and "taylor form" in result.message


def test_a_bad_psd_value_is_caught(motzkin_cert, tmp_path):
    result = _tampered(motzkin_cert, tmp_path, lambda leaf: leaf.update(psd="yes"))
    assert not result.valid and "psd" in result.message


def test_moving_the_anchor_off_the_touching_point_is_caught(motzkin_cert, tmp_path):
    def edit(leaf):
        leaf["anchor"] = [str(Fraction(leaf["anchor"][0]) + Fraction(1, 1024)), leaf["anchor"][1]]
        leaf["zeros"] = []
    result = _tampered(motzkin_cert, tmp_path, edit)
    assert not result.valid


def test_a_false_zero_at_a_moved_anchor_is_caught(motzkin_cert, tmp_path):
    def edit(leaf):
        leaf["anchor"] = [str(Fraction(leaf["anchor"][0]) + Fraction(1, 1024)), leaf["anchor"][1]]
    result = _tampered(motzkin_cert, tmp_path, edit)
    assert not result.valid and "said to be exactly 0" in result.message


# -- polynomial parts: z3 (an exact decision procedure, a trusted step) -------------------------

z3 = pytest.importorskip("z3")

from theorycheck.kernel.polynomials import run_z3  # noqa: E402
from theorycheck.polynomial import RLIMIT_PER_UNIT, Plan, part_query  # noqa: E402
from theorycheck.prove import ProofResult  # noqa: E402


def test_queries_are_exact_and_only_for_rational_bodies(lemmas):
    _, claims = lemmas
    q = part_query(claims["motzkin"], 0)
    assert "(assert (<= (- 2) x0))" in q and "(* (- 3) x0 x0 x1 x1)" in q
    assert run_z3(q, 2 * RLIMIT_PER_UNIT)[0] == "unsat"
    for name in ("not_polynomial", "with_pi"):
        assert part_query(claims[name], 0) is None
    assert part_query(claims["identity"], 0) is None  # an identity part: only its halves
    assert part_query(claims["identity"], 0, half="le") is not None


def test_literals_are_exact_decimals(lemmas):
    # (x - 1/20)^2 >= 0 with the decimals as typed; with the binary doubles of 0.1 and 0.0025
    # the discriminant is positive and the claim would be false near x = 0.05
    b = Fraction(0.1) ** 2 - 4 * Fraction(0.0025)
    assert b > 0
    _, claims = lemmas
    q = part_query(claims["decimal_square"], 0)
    assert "(/ 1 10)" in q and "(/ 1 400)" in q
    assert run_z3(q, RLIMIT_PER_UNIT)[0] == "unsat"


@pytest.mark.parametrize("name,zero", [("x_over_x", "(= x0 0)"), ("unused_division", "(= (+ (- (/ 3 2)) x0) 0)")])
def test_divisions_must_be_defined(lemmas, name, zero):
    _, claims = lemmas
    q = part_query(claims[name], 0)
    assert zero in q
    answer, model, _, _ = run_z3(q, RLIMIT_PER_UNIT)
    assert answer == "sat"  # undefined at x = 0, at x = 3/2
    v = check(claims[name], budget=5)
    assert v.verdict == "refuted"


def test_the_resource_limit_bounds_z3(lemmas):
    _, claims = lemmas
    q = part_query(claims["schur"], 0)
    assert run_z3(q, 100)[0] == "unknown"
    answer, _, _, used = run_z3(q, 5 * RLIMIT_PER_UNIT)
    assert answer == "unsat" and 0 < used <= 5 * RLIMIT_PER_UNIT


def test_a_model_refutes_only_once_certified(lemmas):
    _, claims = lemmas
    c = claims["saddle"]
    q = part_query(c, 0)
    seen = []
    plan = Plan(c, 0, None, q, None, lambda p: seen.append(p) or False)  # certification refuses
    out = plan.finish(ProofResult(status="undecided"))
    assert out.status == "undecided" and len(seen) == 1
    x, y = seen[0]
    assert x**2 + y**4 - Fraction(1, 10**8) * y**2 < 0  # z3's model does violate the claim
    plan = Plan(c, 0, None, q, None, lambda p: True)
    assert plan.finish(ProofResult(status="undecided")).status == "failing_box"


def test_schur_is_proved_by_z3_and_labelled(lemmas):
    _, claims = lemmas
    v = check(claims["schur"], budget=3)
    assert v.verdict == "proved"
    (part,) = v.evidence["parts"]
    assert "z3 nlsat" in part["method"] and "trust base: z3" in part["method"]


@pytest.fixture(scope="module")
def schur_cert(lemmas):
    root, claims = lemmas
    v = check(claims["schur"], budget=3)
    return root, certificates.write(claims["schur"], v, root / "lemmas" / "certificates")


def _tamper_schur(schur_cert, tmp_path, edit):
    root, path = schur_cert
    (tmp_path / "lemmas" / "certificates" / "touch").mkdir(parents=True)
    shutil.copy(root / "lemmas" / "touch.py", tmp_path / "lemmas" / "touch.py")
    target = tmp_path / "lemmas" / "certificates" / "touch" / path.name
    doc = json.loads(path.read_text())
    edit(doc, doc["parts"][0]["tiling"][0])
    target.write_text(json.dumps(doc))
    return verify_certificate(target)


def test_the_kernel_re_runs_z3(schur_cert):
    _, path = schur_cert
    doc = json.loads(path.read_text())
    assert doc["trust"] == "Arb + kernel + z3"
    (leaf,) = doc["parts"][0]["tiling"]
    assert leaf["by"] == "z3" and leaf["answer"] == "unsat" and leaf["smtlib"].startswith("(set-logic QF_NRA)")
    r = verify_certificate(path)
    assert r.valid and r.trust == "Arb + kernel + z3" and "re-ran" in r.message and r.not_rechecked == 0


def test_without_z3_the_leaf_is_trusted_not_rechecked(schur_cert, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "z3", None)  # `import z3` raises ImportError
    r = verify_certificate(schur_cert[1])
    assert r.valid and r.not_rechecked == 1 and "NOT re-checked" in r.message


def test_another_query_is_caught(schur_cert, tmp_path):
    def edit(doc, leaf):
        leaf["smtlib"] = leaf["smtlib"].replace("(assert (<= x0 2))", "(assert (<= x0 1))")
    r = _tamper_schur(schur_cert, tmp_path, edit)
    assert not r.valid and "not the query" in r.message


def test_a_smaller_box_is_caught(schur_cert, tmp_path):
    def edit(doc, leaf):
        leaf["box"][0] = ["0", "1"]
    r = _tamper_schur(schur_cert, tmp_path, edit)
    assert not r.valid


def test_claiming_less_trust_is_caught(schur_cert, tmp_path):
    r = _tamper_schur(schur_cert, tmp_path, lambda doc, leaf: doc.update(trust="Arb + kernel"))
    assert not r.valid and "z3" in r.message


def test_a_sat_answer_is_caught(schur_cert, tmp_path):
    r = _tamper_schur(schur_cert, tmp_path, lambda doc, leaf: leaf.update(answer="sat"))
    assert not r.valid and "unsat" in r.message


def test_a_false_claim_with_a_copied_query_is_caught(lemmas, tmp_path):
    # the false claim x/x >= 1 carrying the query of a true one: the kernel derives its own
    root, claims = lemmas
    (tmp_path / "lemmas" / "certificates" / "touch").mkdir(parents=True)
    shutil.copy(root / "lemmas" / "touch.py", tmp_path / "lemmas" / "touch.py")
    from theorycheck.kernel import claim_hash

    c = claims["x_over_x"]
    doc = {"format": "theorycheck-certificate/1",
           "claim": {"file": "../../touch.py", "name": "x_over_x", "hash": claim_hash(c)},
           "box": [["x", "-1", "1"]], "verdict": "proved", "trust": "Arb + kernel + z3", "symbolic_steps": [],
           "parts": [{"part": 0, "by": "tiling", "tiling": [
               {"box": [["-1", "1"]], "by": "z3", "answer": "unsat", "rlimit": 1000,
                "smtlib": "(set-logic QF_NRA)\n(declare-const x0 Real)\n(assert (< x0 (- 2)))\n(check-sat)\n"}]}]}
    target = tmp_path / "lemmas" / "certificates" / "touch" / "x_over_x.cert.json"
    target.write_text(json.dumps(doc))
    r = verify_certificate(target)
    assert not r.valid and "not the query" in r.message
