"""Issue 15, "touching along a line": margins that vanish on a diagonal x_i = s x_j or a face
x_i = c, decided across the set (theorycheck.along, its kernel leaf theorycheck.kernel.along).

Truth settled by hand (and by the mpmath grid test below, 50 digits):
- exp, softplus = log(1 + e^t) (second derivative s(1 - s) > 0, s the logistic) and t log t
  (second derivative 1/t) are convex: f((x + y)/2) <= (f(x) + f(y))/2, equality exactly on x = y.
- exp((x + y)/2 + z) <= (exp(x + z) + exp(y + z))/2: e^z times the convexity of exp (3 variables,
  0 on the plane x = y).
- tanh is concave on [0, inf) with tanh 0 = 0, so tanh(x + y) <= tanh x + tanh y there (0 on the
  faces x = 0 and y = 0).
- (x + y)(erf x + erf y) >= 0: erf is odd and increasing, erf x + erf y = erf x - erf(-y) has the
  sign of x + y (0 on the anti-diagonal y = -x).
False:
- tanh((x + y)/2) >= (tanh x + tanh y)/2 on [-2, 2]^2: tanh is convex on x <= 0; x = -2, y = 0
  gives tanh(-1) = -0.762 < -0.482.
- (x + y)/2 log((x + y)/2) >= (x log x + y log y)/2 (t log t taken concave): x = 1/10, y = 3
  gives 0.6776 < 1.5365.
- exp((x + y)/2) < (exp x + exp y)/2 (strict): equality at x = y.
- exp((x + y)/2) + 10^-30 <= (exp x + exp y)/2: at x = y it reads e^x + 10^-30 <= e^x.
- exp(x) - exp(y) + (x - y)^2 >= 0: 0 on x = y, but its first-order term is not 0 there:
  x = 0, y = 1/10 gives 1 - 1.10517 + 0.01 < 0.
- |tanh x - tanh y| <= |x - y| (tanh' = 1 - tanh^2 <= 1, the mean value theorem; equality on x = y)
  and |erf x + erf y| <= (2/sqrt pi)|x + y| (erf x + erf y = erf x - erf(-y), erf' <= 2/sqrt pi;
  equality on y = -x): abs on both sides, kinks on the set.
- false: |tanh x - tanh y| <= 0.9 |x - y|: x = 1/10, y = 0 gives 0.0997 > 0.09.
- |x| <= x on [-1, 1]: x = -1. Its margin x - |x| is 0 with its derivative at the face x = 1, and
  its second derivative is 0 on [-1, 0] and on [0, 1]: only the kink at 0 tells it apart.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest

from theorycheck import certificates
from theorycheck.along import LocalAlong, find_sets, prove_along, vanishes
from theorycheck.check import check
from theorycheck.enclose.interval import Interval
from theorycheck.kernel import verify_certificate
from theorycheck.kernel.along import Along, LineSet, cross_check
from theorycheck.loader import load_file
from theorycheck.prove import domain_box

LEMMAS = textwrap.dedent('''
    from theorycheck import claim, erf, exp, log, pi, sqrt, tanh

    @claim(x=(-2, 3), y=(-1, 4))
    def exp_midpoint_convex(x, y):
        return exp((x + y) / 2) <= (exp(x) + exp(y)) / 2

    @claim(x=(-3, 2), y=(-1, 4))
    def softplus_midpoint_convex(x, y):
        return log(1 + exp((x + y) / 2)) <= (log(1 + exp(x)) + log(1 + exp(y))) / 2

    @claim(x=("0.1", 3), y=("0.1", 3))
    def xlogx_midpoint_convex(x, y):
        return (x + y) / 2 * log((x + y) / 2) <= (x * log(x) + y * log(y)) / 2

    @claim(x=(-1, 1), y=(-1, 1), z=(0, 1))
    def exp_midpoint_convex_3d(x, y, z):
        return exp((x + y) / 2 + z) <= (exp(x + z) + exp(y + z)) / 2

    @claim(x=(0, 2), y=(0, 2))
    def tanh_subadditive(x, y):
        return tanh(x + y) <= tanh(x) + tanh(y)

    @claim(x=(-2, 2), y=(-1, 3))
    def erf_sum_sign(x, y):
        return (x + y) * (erf(x) + erf(y)) >= 0

    @claim(x=(-2, 2), y=(-2, 2))
    def tanh_midpoint_concave_everywhere(x, y):
        return tanh((x + y) / 2) >= (tanh(x) + tanh(y)) / 2

    @claim(x=("0.1", 3), y=("0.1", 3))
    def xlogx_midpoint_concave(x, y):
        return (x + y) / 2 * log((x + y) / 2) >= (x * log(x) + y * log(y)) / 2

    @claim(x=(-1, 1), y=(-1, 1))
    def exp_midpoint_strict(x, y):
        return exp((x + y) / 2) < (exp(x) + exp(y)) / 2

    @claim(x=(-1, 1), y=(-1, 1))
    def exp_midpoint_offset(x, y):
        return exp((x + y) / 2) + 10**-30 <= (exp(x) + exp(y)) / 2

    @claim(x=(-1, 1), y=(-1, 1))
    def first_order_not_zero(x, y):
        return exp(x) - exp(y) + (x - y)**2 >= 0

    @claim(x=(-2, 2), y=(-1, 3))
    def tanh_lipschitz(x, y):
        return abs(tanh(x) - tanh(y)) <= abs(x - y)

    @claim(x=(-2, 2), y=(-2, 1))
    def erf_lipschitz_anti(x, y):
        return abs(erf(x) + erf(y)) <= 2 / sqrt(pi) * abs(x + y)

    @claim(x=(-2, 2), y=(-1, 3))
    def tanh_lipschitz_too_small(x, y):
        return abs(tanh(x) - tanh(y)) <= 9 / 10 * abs(x - y)

    @claim(x=(-1, 1))
    def abs_below_itself(x):
        return abs(x) <= x

    @claim(x=(0, 1), y=(0, 4))
    def undefined_beyond_the_box(x, y):
        return exp((x + y) / 2) <= (exp(x) + exp(y)) / 2 + 0 * log(2 - x)
''')

TRUE = ["exp_midpoint_convex", "softplus_midpoint_convex", "xlogx_midpoint_convex", "exp_midpoint_convex_3d",
        "tanh_subadditive", "erf_sum_sign", "tanh_lipschitz", "erf_lipschitz_anti"]
FALSE = ["tanh_midpoint_concave_everywhere", "xlogx_midpoint_concave", "exp_midpoint_strict", "exp_midpoint_offset",
         "first_order_not_zero", "abs_below_itself", "tanh_lipschitz_too_small"]

# the same statements in plain mpmath (the oracle): the margin big - small, >= 0 where true
ORACLE = {
    "exp_midpoint_convex": lambda x, y: (mp.exp(x) + mp.exp(y)) / 2 - mp.exp((x + y) / 2),
    "softplus_midpoint_convex": lambda x, y: (mp.log(1 + mp.exp(x)) + mp.log(1 + mp.exp(y))) / 2
    - mp.log(1 + mp.exp((x + y) / 2)),
    "xlogx_midpoint_convex": lambda x, y: (x * mp.log(x) + y * mp.log(y)) / 2 - (x + y) / 2 * mp.log((x + y) / 2),
    "tanh_subadditive": lambda x, y: mp.tanh(x) + mp.tanh(y) - mp.tanh(x + y),
    "erf_sum_sign": lambda x, y: (x + y) * (mp.erf(x) + mp.erf(y)),
    "tanh_lipschitz": lambda x, y: abs(x - y) - abs(mp.tanh(x) - mp.tanh(y)),
    "erf_lipschitz_anti": lambda x, y: 2 / mp.sqrt(mp.pi) * abs(x + y) - abs(mp.erf(x) + mp.erf(y)),
}


@pytest.fixture(scope="module")
def lemmas(tmp_path_factory):
    root = tmp_path_factory.mktemp("along")
    (root / "lemmas").mkdir()
    path = root / "lemmas" / "along_claims.py"
    path.write_text(LEMMAS)
    return root, {c.name: c for c in load_file(path)}


def _grid(c, k=33):
    return [[v.lo + Fraction(i, k - 1) * (v.hi - v.lo) for i in range(k)] for v in c.variables]


@pytest.mark.parametrize("name", sorted(ORACLE))
def test_the_true_claims_hold_at_50_digits(lemmas, name):
    _, claims = lemmas
    xs, ys = _grid(claims[name])
    with mp.workdps(50):
        worst = min(ORACLE[name](mp.mpf(x.numerator) / x.denominator, mp.mpf(y.numerator) / y.denominator)
                    for x in xs for y in ys)
    assert worst >= -mp.mpf(10)**-45


def test_the_false_claims_fail_at_50_digits():
    with mp.workdps(50):
        assert mp.tanh(-1) < (mp.tanh(-2) + mp.tanh(0)) / 2
        x, y = mp.mpf(1) / 10, mp.mpf(3)
        assert (x + y) / 2 * mp.log((x + y) / 2) < (x * mp.log(x) + y * mp.log(y)) / 2
        assert mp.exp(0) - mp.exp(mp.mpf(1) / 10) + mp.mpf(1) / 100 < 0
        assert mp.tanh(mp.mpf(1) / 10) > mp.mpf(9) / 100


# -- the geometry: every segment from a point to its foot lies in the hull ----------------------------

@pytest.mark.parametrize("ls", [LineSet("diagonal", 0, 1, 1), LineSet("diagonal", 0, 1, -1),
                                LineSet("diagonal", 2, 0, -1), LineSet("face", 1, at=Fraction(-1, 3))])
def test_feet_lie_on_the_set_and_segments_in_the_hull(ls):
    box = [(Fraction(-1), Fraction(2)), (Fraction(1, 3), Fraction(5)), (Fraction(-3), Fraction(-1, 2))]
    hull = ls.hull(box)
    slo, shi = ls.sigma(box)
    n = ls.normal(3)
    rng = np.random.default_rng(1)
    for _ in range(200):
        x = [lo + Fraction(int(rng.integers(0, 65)), 64) * (hi - lo) for lo, hi in box]
        sigma = (x[ls.i] - ls.at) if ls.kind == "face" else (x[ls.i] - ls.s * x[ls.j]) / 2
        assert slo <= sigma <= shi
        foot = [a - sigma * b for a, b in zip(x, n)]
        assert foot == ls.on_set(foot)  # on S
        for t in (Fraction(0), Fraction(1, 3), Fraction(1)):
            point = [f + t * sigma * b for f, b in zip(foot, n)]
            assert all(lo <= p <= hi for p, (lo, hi) in zip(point, hull))


def test_the_derived_claim_is_the_second_directional_derivative(lemmas):
    """D_n^2 of (e^x + e^y)/2 - e^((x+y)/2) along n = (1, -1) is (e^x + e^y)/2 (the midpoint term is
    constant along n); its enclosure at a point holds the mpmath value."""
    _, claims = lemmas
    c = claims["exp_midpoint_convex"]
    ls = LineSet("diagonal", 0, 1, 1)
    derived = Along(c, 0, None, ls, 2, 1, ls.hull([(v.lo, v.hi) for v in c.variables]))
    rel = derived.evaluate([Interval.point(Fraction(1, 3)), Interval.point(Fraction(-1, 2))])
    got = rel.lhs
    with mp.workdps(60):
        want = (mp.exp(mp.mpf(1) / 3) + mp.exp(mp.mpf(-1) / 2)) / 2
    assert got.defined and got.lo <= want <= got.hi and float(got.hi - got.lo) < 1e-12


# -- the premises ----------------------------------------------------------------------------------

def test_the_sets_found(lemmas):
    _, claims = lemmas
    diag, anti = LineSet("diagonal", 0, 1, 1), LineSet("diagonal", 0, 1, -1)
    assert (diag, 2) in find_sets(claims["exp_midpoint_convex"], 0, None)
    assert (diag, 2) in find_sets(claims["exp_midpoint_convex_3d"], 0, None)
    assert (anti, 2) in find_sets(claims["erf_sum_sign"], 0, None)
    faces = find_sets(claims["tanh_subadditive"], 0, None)
    assert (LineSet("face", 0, at=Fraction(0)), 1) in faces and (LineSet("face", 1, at=Fraction(0)), 1) in faces


def test_a_margin_off_by_1e_30_on_the_line_does_not_vanish(lemmas):
    _, claims = lemmas
    c = claims["exp_midpoint_offset"]
    ls = LineSet("diagonal", 0, 1, 1)
    box = [(v.lo, v.hi) for v in c.variables]
    assert vanishes(c, 0, None, ls, 1, ls.hull(box)) is not None
    assert cross_check(c, 0, None, ls, 1, ls.hull(box)) is not None  # the kernel's own check
    assert find_sets(c, 0, None) == []


def test_a_first_order_term_that_is_not_zero_is_not_taken_for_second_order(lemmas):
    _, claims = lemmas
    c = claims["first_order_not_zero"]
    ls = LineSet("diagonal", 0, 1, 1)
    box = [(v.lo, v.hi) for v in c.variables]
    assert vanishes(c, 0, None, ls, 1, ls.hull(box)) is None  # the margin is 0 on x = y ...
    assert vanishes(c, 0, None, ls, 2, ls.hull(box)) is not None  # ... its derivative along n is not
    assert (ls, 2) not in find_sets(c, 0, None)
    # first order needs sigma of one sign on the box: it straddles x = y, so no global use
    assert prove_along(c, 0, None) is None


def test_second_order_across_a_kink_is_refused(lemmas):
    """x - |x| and its derivative vanish at x = 1 and D^2 = 0 on each side of the kink at 0: a
    second-order form over [-1, 1] split at 0 would 'prove' |x| <= x. The premise that D_n m is
    continuous on the whole hull (one evaluation over it, where abs's argument straddles 0) fails."""
    from theorycheck.kernel.along import smooth_across

    _, claims = lemmas
    c = claims["abs_below_itself"]
    face = LineSet("face", 0, at=Fraction(1))
    box = [(Fraction(-1), Fraction(1))]
    assert vanishes(c, 0, None, face, 2, box) is None  # the symbolic premise alone would pass
    assert smooth_across(c, 0, None, face, 2, box) is not None
    assert smooth_across(c, 0, None, face, 2, [(Fraction(0), Fraction(1))]) is None
    assert prove_along(c, 0, None) is None


def test_a_body_undefined_in_the_hull_outside_the_box_is_not_proved_across(lemmas):
    """On x in [0, 1], y in [0, 4] the feet ((x + y)/2, (x + y)/2) reach x = 5/2, where log(2 - x)
    is undefined: the derived claim over the hull is not defined there, so the global use fails."""
    _, claims = lemmas
    c = claims["undefined_beyond_the_box"]
    ls = LineSet("diagonal", 0, 1, 1)
    hull = ls.hull([(v.lo, v.hi) for v in c.variables])
    assert hull[0] == (0, Fraction(5, 2))
    derived = Along(c, 0, None, ls, 2, 1, hull)
    rel = derived.evaluate([Interval(0, Fraction(5, 2)), Interval(0, 4)])
    from theorycheck.decide import leaf_enclosure

    assert not leaf_enclosure(rel.leaves()[0], Interval.point(0)).defined
    assert prove_along(c, 0, None) is None
    # nor does the local use decide a box whose own hull reaches x > 2
    lo0, hi0 = domain_box(c)
    local = LocalAlong(c, 0, None, lo0, hi0)
    decided, _ = local.decide(np.array([[0.9375, 3.0]]), np.array([[1.0, 3.0625]]), None)
    assert not decided.any()


def test_local_use_decides_boxes_on_the_line(lemmas):
    _, claims = lemmas
    c = claims["exp_midpoint_convex"]
    lo0, hi0 = domain_box(c)
    local = LocalAlong(c, 0, None, lo0, hi0)
    lo = np.array([[0.0, 0.0], [1.5, 1.5], [-1.0, -0.9375]])
    decided, how = local.decide(lo, lo + 0.0625, None)
    assert decided.all() and all(h[0] == LineSet("diagonal", 0, 1, 1) for h in how)


# -- verdicts --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def verdicts(lemmas):
    _, claims = lemmas
    return {name: check(claims[name], budget=20) for name in TRUE + FALSE}


@pytest.mark.parametrize("name", TRUE)
def test_the_true_claims_are_proved_across_their_set(verdicts, name):
    v = verdicts[name]
    assert v.verdict == "proved", v.evidence
    assert "along a set" in json.dumps(v.evidence)


@pytest.mark.parametrize("name", FALSE)
def test_the_false_claims_are_refuted(verdicts, name):
    if name == "exp_midpoint_offset":
        # false only on the line x = y, by 1e-30: the search does not reach it; never proved
        assert verdicts[name].verdict in ("refuted", "undecided"), verdicts[name].evidence
        return
    assert verdicts[name].verdict == "refuted", verdicts[name].evidence


# -- the certificate leaf --------------------------------------------------------------------------

def _leaves(doc):
    stack = [leaf for part in doc["parts"] for leaf in part.get("tiling", [])]
    while stack:
        leaf = stack.pop()
        yield leaf
        stack.extend(leaf.get("face", []))
        stack.extend(leaf.get("derivative", []))
        stack.extend(leaf.get("reduced", []))
        for h in leaf.get("halves", []):
            for part in h["parts"]:
                stack.extend(part)


@pytest.fixture(scope="module")
def certs(lemmas, verdicts):
    root, claims = lemmas
    out = {}
    for name in TRUE:
        out[name] = certificates.write(claims[name], verdicts[name], root / "lemmas" / "certificates")
    return root, out


@pytest.mark.parametrize("name", TRUE)
def test_the_kernel_accepts_the_along_leaves(certs, name):
    _, paths = certs
    doc = json.loads(paths[name].read_text())
    assert any(leaf["by"] in ("along", "along-split") for leaf in _leaves(doc))
    assert doc["trust"].startswith("Arb + kernel + sympy") and doc["symbolic_steps"]
    r = verify_certificate(paths[name])
    assert r.valid, r.message


def _tampered(certs, tmp_path, name, edit, claim_name=None):
    root, paths = certs
    (tmp_path / "lemmas" / "certificates" / "along_claims").mkdir(parents=True)
    shutil.copy(root / "lemmas" / "along_claims.py", tmp_path / "lemmas" / "along_claims.py")
    doc = json.loads(paths[name].read_text())
    leaf = next(leaf for leaf in _leaves(doc) if leaf["by"] in ("along", "along-split"))
    edit(doc, leaf)
    target = tmp_path / "lemmas" / "certificates" / "along_claims" / f"{claim_name or name}.cert.json"
    target.write_text(json.dumps(doc))
    return verify_certificate(target)


def test_a_wrong_set_is_caught(certs, tmp_path):
    r = _tampered(certs, tmp_path, "exp_midpoint_convex", lambda doc, leaf: leaf["set"].update(s=-1))
    assert not r.valid and "of the set is" in r.message and "not 0" in r.message


def test_first_order_across_a_straddled_line_is_caught(certs, tmp_path):
    r = _tampered(certs, tmp_path, "exp_midpoint_convex", lambda doc, leaf: leaf.update(order=1))
    assert not r.valid and "sigma ranges over" in r.message


def test_a_derivative_tiling_short_of_the_hull_is_caught(certs, tmp_path):
    def edit(doc, leaf):
        sub = leaf["derivative"]
        # shrink the box of every derivative leaf that reaches the hull's upper end in x
        top = max(Fraction(s["box"][0][1]) for s in sub)
        for s in sub:
            if Fraction(s["box"][0][1]) == top:
                s["box"][0][1] = str(top - Fraction(1, 1024))
    r = _tampered(certs, tmp_path, "exp_midpoint_convex", edit)
    assert not r.valid


def test_a_bad_order_or_set_is_refused(certs, tmp_path):
    r = _tampered(certs, tmp_path, "exp_midpoint_convex", lambda doc, leaf: leaf.update(order=3))
    assert not r.valid and "'order' must be 1 or 2" in r.message
    r = _tampered(certs, tmp_path / "b", "exp_midpoint_convex",
                  lambda doc, leaf: leaf["set"].update(kind="plane"))
    assert not r.valid and "bad 'set'" in r.message


def test_a_second_order_leaf_split_at_a_kink_is_caught(certs, lemmas, tmp_path):
    from theorycheck.kernel import claim_hash

    _, claims = lemmas
    c = claims["abs_below_itself"]

    def edit(doc, leaf):
        doc["claim"]["name"] = c.name
        doc["claim"]["hash"] = claim_hash(c)
        doc["box"] = [[v.name, str(v.lo), str(v.hi)] for v in c.variables]
        doc["parts"][0]["tiling"] = [{"box": [["-1", "1"]], "by": "along", "set": {"kind": "face", "i": 0, "at": "1"},
                                      "order": 2, "sign": 1,
                                      "derivative": [{"box": [["-1", "0"]], "by": "interval"},
                                                     {"box": [["0", "1"]], "by": "interval"}]}]
    r = _tampered(certs, tmp_path, "exp_midpoint_convex", edit, claim_name=c.name)
    assert not r.valid and "continuously differentiable" in r.message


def test_a_proof_moved_to_the_offset_claim_is_caught(certs, lemmas, tmp_path):
    """The exp_midpoint_convex proof re-labelled as the proof of exp_midpoint_offset on the same box
    (the claim's hash updated): the margin is 1e-30 off 0 on x = y, and the kernel's sympy check
    of the vanishing (with its interval cross-check) refuses the leaf."""
    from theorycheck.kernel import claim_hash

    _, claims = lemmas
    offset = claims["exp_midpoint_offset"]

    def edit(doc, leaf):
        doc["claim"]["name"] = "exp_midpoint_offset"
        doc["claim"]["hash"] = claim_hash(offset)
        doc["box"] = [[v.name, str(v.lo), str(v.hi)] for v in offset.variables]
        # the same leaf on the offset claim's box [-1, 1]^2 (the hull is the box itself)
        doc["parts"][0]["tiling"] = [{"box": [["-1", "1"], ["-1", "1"]], "by": "along", "set": leaf["set"],
                                      "order": 2, "sign": 1,
                                      "derivative": [{"box": [["-1", "1"], ["-1", "1"]], "by": "interval"}]}]
    r = _tampered(certs, tmp_path, "exp_midpoint_convex", edit, claim_name="exp_midpoint_offset")
    assert not r.valid and "of the set is" in r.message and "not 0" in r.message


def test_lipschitz_is_split_by_the_set(certs):
    _, paths = certs
    for name in ("tanh_lipschitz", "erf_lipschitz_anti"):
        doc = json.loads(paths[name].read_text())
        split = [leaf for leaf in _leaves(doc) if leaf["by"] == "along-split"]
        assert split and sorted(h["sign"] for h in split[0]["halves"]) == [-1, 1]
    assert split[0]["set"] == {"kind": "diagonal", "i": 0, "j": 1, "s": -1}  # erf: on y = -x


def test_a_wrong_branch_on_one_side_is_caught(certs, tmp_path):
    def edit(doc, leaf):
        h = next(h for h in leaf["halves"] if h["sign"] == 1)
        h["signs"] = [-s for s in h["signs"]]  # |u| taken as -u where u >= 0
    r = _tampered(certs, tmp_path, "tanh_lipschitz", edit)
    assert not r.valid


def test_one_side_only_is_refused(certs, tmp_path):
    def edit(doc, leaf):
        leaf["halves"] = [h for h in leaf["halves"] if h["sign"] == 1] * 2
    r = _tampered(certs, tmp_path, "tanh_lipschitz", edit)
    assert not r.valid and "'halves' must list the sides" in r.message
