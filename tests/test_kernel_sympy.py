"""The kernel re-runs every sympy step itself (theorycheck/kernel/exact.py).

Each forged certificate below is a valid certificate of a true claim (accepted: the first test of
each pair) edited into one for a false claim that differs from it by a tiny exact constant, where
the kernel's interval checks alone cannot see the difference (the margin is computed through
sqrt(2)^2 - 2, whose enclosure is a ball around 0 at any precision, or the gap is far below the
enclosure's width). The claims' truth is settled by hand:

* exp(2x) == exp(x)^2 (true); exp(2x) == exp(x)^2 + 10^-60 (false everywhere: the sides differ by
  10^-60);
* x^2 + (sqrt(2)^2 - 2) >= 0 (true: sqrt(2)^2 = 2); x^2 + (sqrt(2)^2 - 2) >= 10^-60 (false at x = 0);
* exp(x) + (sqrt(2)^2 - 2) x >= 1 + x (true: exp lies above its tangent at 0);
  exp(x) + (sqrt(2)^2 - 2) x >= 1 + (1 + 2^-3000) x (false for 0 < x < 2^-2999: exp(x) - 1 - x is
  below x^2 there, and x^2 < 2^-3000 x);
* exp(x) + |x + 5| + (sqrt(2)^2 - 2) x >= 6 + 2x on [-1, 1] (true: |x + 5| = x + 5 there, and
  exp(x) >= 1 + x);
* exp(x) + (sqrt(2)^2 - 2) x >= 1 + x on [0, 1] (true); exp(x) + (sqrt(2)^2 - 2 - 2^-3000) x >= 1 + x
  (false for 0 < x < 2^-2999);
* (x - y)^2 + (sqrt(2)^2 - 2) 10^20 >= 0 (true); ... >= 10^-60 (false on the diagonal x = y);
* x^2 + (sqrt(2)^2 - 2) > 0 fails at x = 0 (both sides exactly 0); x^2 + (sqrt(2)^2 - 2) + 10^-60 > 0
  holds everywhere, so a counterexample of it is forged.

Every forged certificate here is accepted by the kernel as it was before it re-ran sympy (checked
when these tests were written: the sympy steps were taken on trust, after interval checks that
the tiny constants pass).
"""

from __future__ import annotations

import json

import pytest
import sympy

from theorycheck.kernel import claim_hash, verify_certificate
from theorycheck.kernel._base import Reject
from theorycheck.kernel.exact import MAX_TERMS, is_zero
from theorycheck.loader import load_file

LEMMA = '''
from theorycheck import claim, exp, sqrt

@claim(x=(0, 1))
def square_identity(x):
    return exp(2 * x) == exp(x) ** 2

@claim(x=(0, 1))
def square_identity_off(x):
    return exp(2 * x) == exp(x) ** 2 + 1e-60

@claim(x=(-1, 1))
def touch(x):
    return x * x + (sqrt(2) ** 2 - 2) >= 0

@claim(x=(-1, 1))
def touch_off(x):
    return x * x + (sqrt(2) ** 2 - 2) >= 1e-60

@claim(x=(-1, 1))
def tangent(x):
    return exp(x) + (sqrt(2) ** 2 - 2) * x >= 1 + x

@claim(x=(-1, 1))
def tangent_off(x):
    return exp(x) + (sqrt(2) ** 2 - 2) * x >= 1 + (1 + 2 ** -3000) * x

@claim(x=(-1, 1))
def tangent_with_a_kink_far_away(x):
    return exp(x) + abs(x + 5) + (sqrt(2) ** 2 - 2) * x >= 6 + 2 * x

@claim(x=(0, 1))
def face_tangent(x):
    return exp(x) + (sqrt(2) ** 2 - 2) * x >= 1 + x

@claim(x=(0, 1))
def face_tangent_off(x):
    return exp(x) + (sqrt(2) ** 2 - 2 - 2 ** -3000) * x >= 1 + x

@claim(x=(-1, 1), y=(-1, 1))
def diagonal(x, y):
    return (x - y) ** 2 + (sqrt(2) ** 2 - 2) * 10 ** 20 >= 0

@claim(x=(-1, 1), y=(-1, 1))
def diagonal_off(x, y):
    return (x - y) ** 2 + (sqrt(2) ** 2 - 2) * 10 ** 20 >= 1e-60

@claim(x=(-1, 1))
def strict_touch(x):
    return x * x + (sqrt(2) ** 2 - 2) > 0

@claim(x=(-1, 1))
def strict_touch_off(x):
    return x * x + (sqrt(2) ** 2 - 2) + 1e-60 > 0
'''

SYMPY = "Arb + kernel + sympy"


def leaf(by, *box, **kw):
    return {"box": [list(b) for b in box], "by": by, **kw}


ZERO = [leaf("point", ("0", "0"), exact_zero=True)]
TOUCH = [{"part": 0, "by": "tiling", "tiling": [leaf("monotone", ("-1", "0"), faces=[[0, "hi"]], face=ZERO),
                                                leaf("monotone", ("0", "1"), faces=[[0, "lo"]], face=ZERO)]}]


def tangent_parts(kind):
    if kind == "taylor":
        near = [leaf("taylor", ("-1/2", "1/2"), anchor=["0"], order=2, zeros=[0, 1]),
                leaf("taylor", ("1/2", "1"), anchor=["0"], order=2, zeros=[0, 1])]
    else:
        near = [leaf("series", ("-1/2", "1/2"), anchor=["0"], order=3, zeros=[0, 1]),
                leaf("series", ("1/2", "1"), anchor=["0"], order=3, zeros=[0, 1])]
    return [{"part": 0, "by": "tiling", "tiling": [leaf("mean-value", ("-1", "-1/2"), centre=["-3/4"])] + near}]


DIAGONAL = [{"part": 0, "by": "tiling", "tiling": [
    leaf("along", ("-1", "1"), ("-1", "1"), set={"kind": "diagonal", "i": 0, "j": 1, "s": 1}, order=2, sign=1,
         derivative=[leaf("interval", ("-1", "1"), ("-1", "1"))])]}]
IDENTITY = [{"part": 0, "by": "symbolic", "what": "sympy: simplify(lhs - rhs) == 0",
             "defined": [leaf("defined", ("0", "1/2")), leaf("defined", ("1/2", "1"))]}]


@pytest.fixture
def lemma(tmp_path):
    path = tmp_path / "lemmas" / "tiny.py"
    path.parent.mkdir()
    path.write_text(LEMMA)
    return path


def write(tmp_path, lemma, name, parts=None, counterexample=None, trust=SYMPY, steps=True):
    """A certificate of claim ``name`` (its hash the claim's own: a forged certificate that hashes right)."""
    claim = next(c for c in load_file(lemma) if c.name == name)
    cert = {"format": "theorycheck-certificate/1",
            "claim": {"file": "../../lemmas/tiny.py", "name": name, "hash": claim_hash(claim)},
            "box": [[v.name, str(v.lo), str(v.hi)] for v in claim.variables],
            "verdict": "proved" if counterexample is None else "refuted", "trust": trust,
            "symbolic_steps": [{"part": 0, "what": "sympy"}] if steps else []}
    if counterexample is None:
        cert["parts"] = parts
    else:
        cert["counterexample"] = counterexample
    out = tmp_path / "certs" / "tiny" / f"{name}.cert.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(cert))
    return out


def accepted(path, trust=SYMPY):
    r = verify_certificate(path)
    assert r.valid, r.message
    assert r.trust == trust, r
    return r


def refused(path, *words):
    r = verify_certificate(path)
    assert not r.valid, f"a forged certificate was accepted: {r}"
    for w in words:
        assert w in r.message, (w, r.message)
    return r


# -- the four kinds of steps, and the counterexample -------------------------------------------------

def test_symbolic_identity_off_by_1e_60(tmp_path, lemma):
    accepted(write(tmp_path, lemma, "square_identity", IDENTITY))
    refused(write(tmp_path, lemma, "square_identity_off", IDENTITY), "part 0", "symbolic identity")


def test_exact_zero_point_off_by_1e_60(tmp_path, lemma):
    accepted(write(tmp_path, lemma, "touch", TOUCH))
    refused(write(tmp_path, lemma, "touch_off", TOUCH), "exact_zero", "exactly equal at the point")


@pytest.mark.parametrize("kind", ["taylor", "series"])
def test_zero_coefficient_of_2_to_the_minus_3000(tmp_path, lemma, kind):
    accepted(write(tmp_path, lemma, "tangent", tangent_parts(kind)))
    refused(write(tmp_path, lemma, "tangent_off", tangent_parts(kind)), "coefficient 1" if kind == "series" else "jet 1",
            "derivative (1,)")


def test_a_jet_of_a_body_with_a_kink_away_from_the_anchor(tmp_path, lemma):
    # |x + 5| = x + 5 near the anchor 0: the jets are those of exp(x) - 1 - x (true: exp above its
    # tangent); the kernel differentiates the body's branch at the anchor
    accepted(write(tmp_path, lemma, "tangent_with_a_kink_far_away", tangent_parts("taylor")))


def test_along_set_where_the_margin_is_1e_60_off(tmp_path, lemma):
    accepted(write(tmp_path, lemma, "diagonal", DIAGONAL))
    refused(write(tmp_path, lemma, "diagonal_off", DIAGONAL), "the vanishing on the set", "exactly 0 on the set")


FACE = [{"part": 0, "by": "tiling", "tiling": [
    leaf("along", ("0", "1"), set={"kind": "face", "i": 0, "at": "0"}, order=1, sign=1,
         derivative=[leaf("taylor", ("0", "1"), anchor=["0"], order=2, zeros=[0])])]}]


def test_a_sympy_step_inside_an_along_derivative_claim(tmp_path, lemma):
    # the face {x = 0} meets [0, 1] in one point, where the margin is exactly the Arb point 0 (no
    # sympy for the set); the derived claim D m >= 0 is proved by a Taylor form whose zero jet
    # D m(0) = sqrt(2)^2 - 2 is no exact Arb zero: re-derived with sympy, and the trust says so
    accepted(write(tmp_path, lemma, "face_tangent", FACE))
    refused(write(tmp_path, lemma, "face_tangent", FACE, trust="Arb + kernel"), "uses a trusted sympy step")
    refused(write(tmp_path, lemma, "face_tangent_off", FACE), "jet 0", "exactly 0")


def test_exact_zero_counterexample_off_by_1e_60(tmp_path, lemma):
    cx = {"point": {"x": "0"}, "part": 0, "violation": "relation", "precision": 53, "exact_zero": True}
    r = accepted(write(tmp_path, lemma, "strict_touch", counterexample=cx))
    assert r.verdict == "refuted"
    refused(write(tmp_path, lemma, "strict_touch_off", counterexample=cx), "exactly equal at the point")


def test_an_unlisted_rederived_step_is_still_refused(tmp_path, lemma):
    refused(write(tmp_path, lemma, "touch", TOUCH, steps=False), "not listed in symbolic_steps")
    refused(write(tmp_path, lemma, "diagonal", DIAGONAL, trust="Arb + kernel"), "uses a trusted sympy step")


# -- the rewritings themselves ----------------------------------------------------------------------

def test_logs_are_expanded_only_where_their_arguments_are_positive():
    pos, neg = sympy.Symbol("p", positive=True), sympy.Symbol("n", negative=True)
    assert is_zero(sympy.log(pos**2) - 2 * sympy.log(pos), "t") is None
    assert is_zero(sympy.log(pos / (pos + 1)) - sympy.log(pos) + sympy.log(1 + pos), "t") is None
    # log(n^2) is 2 log(-n) for n < 0, not 2 log(n) (expand_log(force=True) says it is)
    assert sympy.expand_log(sympy.log(neg**2) - 2 * sympy.log(neg), force=True) == 0
    assert is_zero(sympy.log(neg**2) - 2 * sympy.log(neg), "t") is not None
    assert is_zero(sympy.exp(sympy.log(neg**2) / 2) - neg, "t") is not None  # |n|, not n


def test_abs_min_max_by_the_signs_of_their_arguments():
    p, q, x = sympy.symbols("p q x", real=True)
    tv = p / 2 - q / 2 + sympy.Abs(p - q) / 2 - sympy.Max(0, p - q)
    assert is_zero(tv, "t") is None
    assert is_zero(sympy.Abs(x) - x, "t") is not None
    assert is_zero(sympy.Max(x, -x) - sympy.Abs(x), "t") is None
    assert is_zero(sympy.Min(x, 0) + sympy.Max(-x, 0), "t") is None


def test_integrals_by_linearity_and_the_kernels_gaussian_forms():
    t = sympy.Symbol("t")
    a = sympy.Symbol("a", real=True)
    s = sympy.Symbol("s", positive=True)
    g = sympy.exp(-(t - a) ** 2 / (2 * s**2)) / (sympy.sqrt(2 * sympy.pi) * s)
    mass = sympy.Integral(g, (t, -sympy.oo, sympy.oo))
    assert is_zero(mass - 1, "t") is None
    assert is_zero(mass - 1 - sympy.Rational(1, 10**60), "t") is not None
    h = sympy.Integral(t * g, (t, -sympy.oo, sympy.oo)) - sympy.Integral(a * g, (t, -sympy.oo, sympy.oo))
    assert is_zero(h, "t") is None


def test_work_is_refused_by_size_not_by_time():
    x, y = sympy.symbols("x y", real=True)
    with pytest.raises(Reject, match="would expand to about"):
        is_zero((x + y + 1) ** 300 - x**300, "t")
    big = sympy.Add(*[sympy.Symbol(f"v{k}", real=True) ** 2 for k in range(8000)], 1)  # 24000 nodes
    with pytest.raises(Reject, match="nodes"):
        is_zero(big, "t")
    assert MAX_TERMS >= 1000


def test_integrals_of_polynomials_times_exponentials_by_their_antiderivatives():
    t, y = sympy.symbols("t y", real=True)
    one = sympy.Integral(t * sympy.exp(t), (t, 0, 1))  # = 1 (by parts)
    assert is_zero(one - 1, "t") is None
    assert is_zero(one - 1 - sympy.Rational(1, 10**60), "t") is not None
    # power rule, and a shifted, scaled exponent; the values by sympy's own integrate, independently
    for f in (3 * t**5 - t + sympy.Rational(1, 7), t**2 * sympy.exp(2 * t + 3), (t - 1)**3 * sympy.exp(-t / 5)):
        assert is_zero(sympy.Integral(f, (t, -1, 2)) - sympy.integrate(f, (t, -1, 2)), "t") is None
    # an exponent slope that may be 0 (y real, sign unknown) is not rewritten: the formula divides by it
    assert is_zero(sympy.Integral(t * sympy.exp(t * y), (t, 0, 1)) - 1, "t") is not None
    # nor is an exponent of degree 2 (no elementary antiderivative)
    assert is_zero(sympy.Integral(sympy.exp(t**2), (t, 0, 1)) - 1, "t") is not None
