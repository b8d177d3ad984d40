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
    from theorycheck import claim

    @claim(x=(-2, 2), y=(-2, 2))
    def motzkin(x, y):
        return x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1 >= 0

    @claim(x=(-1, 1), y=(-1, 1))
    def tilted_bowl(x, y):
        return x**2 + y**2 + 1e-12 * x >= 0

    @claim(x=(-1, 1), y=(-1, 1))
    def saddle(x, y):
        return x**2 + y**4 - 1e-8 * y**2 >= 0
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
    root, claims = lemmas
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
