"""Adversarial review of theorycheck.along (issue 15): claims built to make the prover prove a false
statement through a set where the margin vanishes, and forged ``along`` leaves for the kernel.

Truth, settled by hand (names: t_ true on the whole closed box, f_ false somewhere in it):
- f_partial_min, f_sqrt_sq, f_pow_half, f_pow_half_xy: 0 on x = y only for y >= 0 (min(2y, 0),
  y - |y|); x = y = -1 gives -2. f_log_product_neg: log x is undefined for x < 0.
- t_log_product_pos: log(xy) = log x + log y for x, y > 0. t_float_round: the literals are exact
  (0.1 * 3 - 0.3 = 0), and -10^-20 (x - 1) >= 0 for x <= 1.
- f_x_absx_second, f_abs_second_kink: d|d| + d^2/2 < 0 and d|d| < -d^2/2 for d = x - y < 0;
  t_x_absx_second: d|d| + 2d^2 >= d^2 >= 0.
- t_max_identity: max(x, y) = (x + y)/2 + |x - y|/2 exactly; f_max_identity_plus: minus (x-y)^2/100.
- f_max_kink: |x - y| > (x - y)^2 for 0 < |x - y| < 1.
- f_three_var: x = -1, y = 1, z = 1: e = 2.718 > (1 + e^2)/2 - 4 = 0.19. t_three_var: z >= 0.
- f_undefined_on_line_point: log(x^2) at x = 0; f_undefined_corner: log(x - y + 1) at (0, 1);
  f_tight_strict: equality on x = y.
- f_first_order_wrong_side: x = 1, y = -1: 2(e - 1/e) - 8 < 0. t_first_order_face: x >= 0 >= y.
- f_face_sign: y < 0 < x. t_huge: tanh is 1-Lipschitz, so the two sides differ by <= (x-y)^2/2.
- t_tiny: exp is convex; f_tiny: the convexity gap is ~ e (x-y)^2/8 < (x-y)^2.
- t_implies: convexity of exp. f_anti_sign: x = y = 1: 4 erf(1) = 3.37 < 4.
- f_abs_lip_wrong: erf'(0) = 2/sqrt(pi) > 1. f_sqrt_of_square_diff: x = -1, y = 0.
- f_npdf_mid: npdf(0) = 0.399 > (npdf(1) + npdf(-1))/2 = 0.242.
- f_kink_at_face_hi/lo, f_max_at_face, f_min_at_face, f_sqrt_sq_face: d^2 < d(1 + ...) for
  0 < d < 1 (d the distance to the face where abs/max/min has its kink).
- f_identity_halves: exp((x+y)/2) = (e^x + e^y)/2 only on x = y (its "le" half is true).
- f_kink_at_face_tiny: (1 - x)^2 < (1 - x)/10^30 for 0 < 1 - x < 10^-30 (mpmath check below).
  WAS PROVED (and its certificate accepted by the kernel): its margin is 0 at the face x = 1 and,
  with sympy's sign(0) = 0 and the interval Dual's derivative of |v| at v = 0, so was its
  derivative; on [0, 1] |x - 1| is 1 - x, whose derivative at 1 is -1, and the Taylor form on
  the box uses that one-sided derivative. Fixed: a derivative taken where abs/min/max may have its
  kink has no value (theorycheck.kernel.along: Along.evaluate and cross_check refuse it).
- f_zero_at_five_points: (x - y)^2 - g(x + y)^2/10^4 with g(w) = w(w^2 - 1)(w^2 - 4) (x = y = 1/4:
  -0.0002); 0 on x = y only at the five points where the kernel cross-checks the vanishing.
- f_max_tiny, f_face0_tiny, f_min_tiny, f_diag_tiny, f_second_face_tiny: the tiny kink again
  (max/min/abs at a face or on the diagonal), false within 10^-30 of the set.
- t_int_convex / f_int_convex: integer parameter n (n = -2 makes the claim false at x = 1, y = -1).
- f_implies_line: exp is convex, so >= fails off x = y. t_all_of / f_all_of: a part that touches
  on x = y beside a true one / a false one.
- f_tanh_lip_tiny: x = 10^-16, y = 0 (tanh' = 1 - tanh^2 > 1 - 10^-30 near 0);
  f_erf_lip_tiny: the same at erf'(0) = 2/sqrt(pi); f_lip_face: y = 1, x = 10^-16.
"""

from __future__ import annotations

import json
import textwrap
from fractions import Fraction
from pathlib import Path

import mpmath as mp
import pytest

pytestmark = pytest.mark.slow  # minutes: run with --slow (tests/conftest.py)

from theorycheck import certificates
from theorycheck.along import prove_along
from theorycheck.check import check
from theorycheck.kernel import claim_hash, verify_certificate
from theorycheck.loader import load_file
from theorycheck import work

LEMMAS = textwrap.dedent('''
from theorycheck import claim, erf, exp, log, pi, sqrt, tanh, max, min, implies, npdf, Phi, all_of

@claim(x=(-1, 1), y=(-1, 1))
def f_partial_min(x, y):
    return (x - y)**2 + min(x + y, 0) >= 0

@claim(x=(-1, 1), y=(-1, 1))
def f_sqrt_sq(x, y):
    return 3 * (x - y)**2 + y - sqrt(x * y) >= 0

@claim(x=(-1, 1), y=(-1, 1))
def f_pow_half(x, y):
    return (x - y)**2 + y - (y**2)**0.5 >= 0

@claim(x=(-1, 1), y=(-1, 1))
def f_pow_half_xy(x, y):
    return 3 * (x - y)**2 + y - (x * y)**0.5 >= 0

@claim(x=(-2, -1), y=(-2, -1))
def f_log_product_neg(x, y):
    return (x - y)**2 + log(x * y) - log(x) - log(y) >= 0

@claim(x=("0.5", 2), y=("0.5", 2))
def t_log_product_pos(x, y):
    return (x - y)**2 + log(x * y) - log(x) - log(y) >= 0

@claim(x=(-1, 1), y=(-1, 1))
def t_float_round(x, y):
    return (x - y)**2 + 0.1 * 3 * x - 0.3 * x - 10**-20 * (x - 1) >= 0

@claim(x=(-1, 1), y=(-1, 1))
def f_x_absx_second(x, y):
    return (x - y) * abs(x - y) + (x - y)**2 / 2 >= 0

@claim(x=(-1, 1), y=(-1, 1))
def t_x_absx_second(x, y):
    return (x - y) * abs(x - y) + 2 * (x - y)**2 >= 0

@claim(x=(-1, 1), y=(-1, 1))
def t_max_identity(x, y):
    return max(x, y) >= (x + y) / 2 + abs(x - y) / 2

@claim(x=(-1, 1), y=(-1, 1))
def f_max_identity_plus(x, y):
    return max(x, y) >= (x + y) / 2 + abs(x - y) / 2 + (x - y)**2 / 100

@claim(x=(-1, 1), y=(-1, 1))
def f_max_kink(x, y):
    return max(x, y) - min(x, y) <= (x - y)**2

@claim(x=(-1, 1), y=(-1, 1), z=(-1, 1))
def f_three_var(x, y, z):
    return exp((x + y) / 2 + z) <= (exp(x + z) + exp(y + z)) / 2 - z * (x - y)**2

@claim(x=(-1, 1), y=(-1, 1), z=(0, 1))
def t_three_var(x, y, z):
    return exp((x + y) / 2 + z) <= (exp(x + z) + exp(y + z)) / 2 + z * (x - y)**2

@claim(x=(-1, 1), y=(-1, 1))
def f_undefined_on_line_point(x, y):
    return exp((x + y) / 2) <= (exp(x) + exp(y)) / 2 + 0 * log(x**2)

@claim(x=(0, 1), y=(0, 1))
def f_undefined_corner(x, y):
    return exp((x + y) / 2) <= (exp(x) + exp(y)) / 2 + 0 * log(x - y + 1)

@claim(x=(0, 1), y=(0, 1))
def f_tight_strict(x, y):
    return exp((x + y) / 2) < (exp(x) + exp(y)) / 2 + 0 * x

@claim(x=(-1, 1), y=(-1, 1))
def f_first_order_wrong_side(x, y):
    return (x - y) * (exp(x) - exp(y)) - (x - y)**3 >= 0

@claim(x=(0, 1), y=(-1, 0))
def t_first_order_face(x, y):
    return tanh(x) * (x - y) >= 0

@claim(x=(0, 1), y=(-1, 1))
def f_face_sign(x, y):
    return tanh(x) * y >= 0

@claim(x=(-10**30, 10**30), y=(-10**30, 10**30))
def t_huge(x, y):
    return tanh((x + y) / 2) * (x - y) <= (tanh(x) + tanh(y)) / 2 * (x - y) + 3 * (x - y)**2

@claim(x=(1, "1.000000000000000000000000000001"), y=(1, "1.000000000000000000000000000001"))
def t_tiny(x, y):
    return exp((x + y) / 2) <= (exp(x) + exp(y)) / 2

@claim(x=(1, "1.000000000000000000000000000001"), y=(1, "1.000000000000000000000000000001"))
def f_tiny(x, y):
    return exp((x + y) / 2) <= (exp(x) + exp(y)) / 2 - (x - y)**2

@claim(x=(-1, 1), y=(-1, 1))
def t_implies(x, y):
    return implies(x >= y, exp((x + y) / 2) <= (exp(x) + exp(y)) / 2)

@claim(x=(-1, 1), y=(-1, 1))
def f_anti_sign(x, y):
    return (x + y) * (erf(x) + erf(y)) >= (x + y)**2

@claim(x=(-1, 1), y=(-1, 1))
def f_abs_lip_wrong(x, y):
    return abs(erf(x) - erf(y)) <= abs(x - y)

@claim(x=(-1, 1), y=(-1, 1))
def f_abs_second_kink(x, y):
    return abs(x - y) * (x - y) >= -(x - y)**2 / 2

@claim(x=(-1, 1), y=(-1, 1))
def f_sqrt_of_square_diff(x, y):
    return sqrt((x - y)**2) * (1 + x) >= 2 * (x - y)**2

@claim(x=(-1, 1), y=(-1, 1))
def f_npdf_mid(x, y):
    return npdf((x + y) / 2) <= (npdf(x) + npdf(y)) / 2

@claim(x=(0, 1))
def f_kink_at_face_hi(x):
    return (1 - x)**2 >= abs(x - 1)

@claim(x=(0, 1), y=(0, 1))
def f_kink_at_face_lo(x, y):
    return x**2 >= abs(x) * (1 + y**2)

@claim(x=(0, 1), y=(0, 1))
def f_max_at_face(x, y):
    return x**2 >= max(x, 0) * (1 + y)

@claim(x=(0, 1), y=(0, 1))
def f_min_at_face(x, y):
    return x**2 + min(-x, 0) * (1 + y) >= 0

@claim(x=(-1, 0), y=(0, 1))
def f_sqrt_sq_face(x, y):
    return x**2 >= sqrt(x**2) * (1 + y)

@claim(x=(-1, 1), y=(-1, 1))
def f_identity_halves(x, y):
    return exp((x + y) / 2) == (exp(x) + exp(y)) / 2


@claim(x=(0, 1))
def f_kink_at_face_tiny(x):
    return (1 - x)**2 >= abs(x - 1) / 10**30

@claim(x=(-1, 1), y=(-1, 1))
def f_zero_at_five_points(x, y):
    w = x + y
    return (x - y)**2 - (w * (w * w - 1) * (w * w - 4))**2 / 10**4 >= 0

@claim(x=(0, 1))
def f_max_tiny(x):
    return (1 - x)**2 >= max(1 - x, x - 1) / 10**30

@claim(x=(0, 1), y=(0, 1))
def f_face0_tiny(x, y):
    return x**2 * (1 + y) >= abs(x) / 10**30

@claim(x=(0, 1), y=(0, 1))
def f_min_tiny(x, y):
    return x**2 + min(-x, x) / 10**30 * (1 + y) >= 0

@claim(x=(-1, 1), y=(-1, 1))
def f_diag_tiny(x, y):
    return (x - y)**2 >= abs(x - y) / 10**30

@claim(x=(0, 1), y=(0, 1))
def f_second_face_tiny(x, y):
    return x**2 * (2 + y) >= x * abs(x) * 2 + abs(x) * x * y + x / 10**30 * abs(x - 0)

@claim(x=(-1, 1), y=(-1, 1), n=range(0, 4))
def t_int_convex(x, y, n):
    return exp((x + y) / 2 + n) <= (exp(x + n) + exp(y + n)) / 2

@claim(x=(-1, 1), y=(-1, 1), n=range(-2, 3))
def f_int_convex(x, y, n):
    return exp((x + y) / 2) <= (exp(x) + exp(y)) / 2 + n * (x - y)**2

@claim(x=(0, 1), y=(0, 1))
def f_implies_line(x, y):
    return implies(x >= 0, exp((x + y) / 2) >= (exp(x) + exp(y)) / 2)

@claim(x=(-1, 1), y=(-1, 1))
def t_all_of(x, y):
    from theorycheck import all_of  # noqa: F401
    return all_of(exp((x + y) / 2) <= (exp(x) + exp(y)) / 2, (x - y)**2 >= 0)

@claim(x=(-1, 1), y=(-1, 1))
def f_all_of(x, y):
    from theorycheck import all_of  # noqa: F401
    return all_of(exp((x + y) / 2) <= (exp(x) + exp(y)) / 2, (x - y)**2 <= abs(x - y) / 10**30)

@claim(x=(-1, 1), y=(-1, 1))
def f_tanh_lip_tiny(x, y):
    return abs(tanh(x) - tanh(y)) <= (1 - 10**-30) * abs(x - y)

@claim(x=(-1, 1), y=(-1, 1))
def f_erf_lip_tiny(x, y):
    return abs(erf(x) - erf(y)) <= (2 / sqrt(pi) - 10**-30) * abs(x - y)

@claim(x=(0, 1), y=(-1, 1))
def f_lip_face(x, y):
    return abs(tanh(x) * y) <= (1 - 10**-30) * abs(x) * abs(y)

''')


@pytest.fixture(scope="module")
def lemmas(tmp_path_factory):
    root = tmp_path_factory.mktemp("along_adversary")
    (root / "lemmas").mkdir()
    path = root / "lemmas" / "adversary.py"
    path.write_text(LEMMAS)
    return root, {c.name: c for c in load_file(path)}


NAMES = [line.split("(")[0][4:] for line in LEMMAS.splitlines() if line.startswith("def ")]
TRUE = [n for n in NAMES if n.startswith("t_")]
FALSE = [n for n in NAMES if n.startswith("f_")]


def test_the_tiny_kink_claim_is_false_at_50_digits():
    with mp.workdps(50):
        d = mp.mpf(10)**-31
        assert d**2 < d / mp.mpf(10)**30
        w = mp.mpf(1) / 2
        assert -(w * (w * w - 1) * (w * w - 4))**2 / 10**4 < 0


@pytest.mark.parametrize("name", NAMES)
def test_the_verdict_is_never_wrong(lemmas, name):
    _, claims = lemmas
    v = check(claims[name], budget=6)
    allowed = ("proved", "undecided") if name.startswith("t_") else ("refuted", "undecided")
    assert v.verdict in allowed, (name, v.verdict, v.evidence)


@pytest.mark.parametrize("name", [n for n in FALSE if n != "f_identity_halves"])
def test_the_global_use_never_proves_a_false_claim(lemmas, name):
    """The search refutes most of them first: prove_along is asked directly."""
    _, claims = lemmas
    r = prove_along(claims[name], 0, work.clock() + 3)
    assert r is None or r.status != "proved"


def _cert(root, claims, name, parts, sub):
    c = claims[name]
    d = root / "lemmas" / "certificates" / sub / "adversary"
    d.mkdir(parents=True)
    doc = {"format": "theorycheck-certificate/1",
           "claim": {"file": "../../../adversary.py", "name": name, "hash": claim_hash(c)},
           "box": [[v.name, str(v.lo), str(v.hi)] for v in c.variables],
           "verdict": "proved", "trust": "Arb + kernel + sympy",
           "symbolic_steps": [{"part": 0, "what": "sympy: forged"}],
           "parts": [{"part": 0, "by": "tiling", "tiling": parts}]}
    path = d / f"{name}.cert.json"
    path.write_text(json.dumps(doc))
    return verify_certificate(path)


def test_the_old_proof_of_the_tiny_kink_claim_is_refused(lemmas):
    """The leaf the prover wrote before the fix (the kernel accepted it): second order across the
    face x = 1, D^2 m constant (a translation to a point)."""
    root, claims = lemmas
    leaf = {"box": [["0", "1"]], "by": "along", "set": {"kind": "face", "i": 0, "at": "1"}, "order": 2, "sign": 1,
            "derivative": [{"box": [["0", "1"]], "by": "translation", "direction": [1], "fixed": 0, "at": "0",
                            "reduced": [{"box": [["0", "0"]], "by": "point"}]}]}
    r = _cert(root, claims, "f_kink_at_face_tiny", [leaf], "old")
    assert not r.valid and "kink" in r.message


def test_first_order_through_the_kink_is_refused(lemmas):
    """First order across x = 1 (sigma <= 0): -D m is decreasing, and its value at the point x = 1
    (sign(0) = 0) is 0 while its limit there is -10^-30: a monotone leaf on the derived claim."""
    root, claims = lemmas
    leaf = {"box": [["0", "1"]], "by": "along", "set": {"kind": "face", "i": 0, "at": "1"}, "order": 1, "sign": -1,
            "derivative": [{"box": [["0", "1"]], "by": "monotone", "faces": [[0, "hi"]],
                            "face": [{"box": [["1", "1"]], "by": "point"}]}]}
    r = _cert(root, claims, "f_kink_at_face_tiny", [leaf], "first")
    assert not r.valid


def test_a_forged_vanishing_at_the_five_check_points_is_refused(lemmas):
    root, claims = lemmas
    leaf = {"box": [["-1", "1"], ["-1", "1"]], "by": "along", "set": {"kind": "diagonal", "i": 0, "j": 1, "s": 1},
            "order": 2, "sign": 1, "derivative": [{"box": [["-1", "1"], ["-1", "1"]], "by": "interval"}]}
    # the vanishing on the set is a trusted sympy step the kernel does not re-run; its own check
    # is intervals at points of the set: five fixed ones, which a forger can make the margin vanish
    # at (g(x + y) = 0 at x + y = -2, -1, 0, 1, 2), and eight drawn from a hash of the claim and
    # the leaf, which a forger cannot choose
    r = _cert(root, claims, "f_zero_at_five_points", [leaf], "five")
    assert not r.valid and "not 0" in r.message


def test_the_prover_does_not_take_the_five_point_vanishing(lemmas):
    _, claims = lemmas
    from theorycheck.along import find_sets

    assert find_sets(claims["f_zero_at_five_points"], 0, None) == []


def test_true_claims_proved_across_a_set_still_verify(lemmas):
    root, claims = lemmas
    v = check(claims["t_three_var"], budget=10)
    assert v.verdict == "proved"
    path = certificates.write(claims["t_three_var"], v, root / "lemmas" / "certificates" / "ok")
    r = verify_certificate(path)
    assert r.valid, r.message
