"""Issue 15: Taylor forms of high order in one variable (theorycheck/high_order.py): the contact
order found at a touching point, the centred form after a cancellation, the branches of a kink,
their certificate leaf ("series") and the kernel's re-check, with tamperings.

Truth settled independently (mpmath at 50 digits on a grid of 4000 to 20000 points, and by hand):
- atan(x) >= x - x^3/3 on [0, 3]: integrate 1/(1 + t^2) >= 1 - t^2; contact of order 5 at 0
  (atan(x) - x + x^3/3 = x^5/5 - ...).
- log1p(x) >= 2x/(2 + x) on [0, 5] (Pade [1/1], contact of order 3: x^3/12); exp(x) <= (2 + x)/(2 - x)
  on [0, 1.5] (order 3: x^3/12); log1p(x) <= x(6 + x)/(6 + 4x) on [-1/2, 5] (Pade [2/1], order 4:
  -x^4/36, so the anchor 0 lies inside the box); erf(x) >= 2/sqrt(pi) (x - x^3/3) on [0, 3]
  (integrate exp(-t^2) >= 1 - t^2; order 5). The grid minimum of each margin is 0, at x = 0 only.
- |atan(x) - x/(1 + 0.28 x^2)| on [-1, 1] has maximum 0.0048829 (at |x| = 0.668): <= 0.0049 is
  true, <= 0.00488 false.
- FALSE: atan(x) <= x - x^3/3 (order 5 the wrong way: at x = 1/2 the margin is -0.0059);
  atan(x) >= x - x^3/3 + x^6 (order 5 the right way, then down: -0.0103 at x = 1/2);
  atan(x) >= x - x^3/3 + 1e-30 x^2 (the x^2 coefficient is -1e-30, not 0: at x = 1e-11 the
  margin is -1.0e-52); atan(x) >= x - C x^3 with C the binary double of 1/3, 1.85e-17 below it
  (the margin is -(1/3 - C) x^3 + x^5/5 + ..., -1.6e-41 at x = 1e-8); 0 >= |x| (at x = 1/2);
  x gamma(x) <= 2 on [-1/2, 1] is undefined at the pole x = 0.
"""

from __future__ import annotations

import json
import textwrap
from fractions import Fraction

import mpmath
import pytest
from flint import arb

from theorycheck import certificates
from theorycheck.check import check
from theorycheck.enclose.interval import Interval
from theorycheck.enclose.series import Branches, Series, branches, new_tag, series_length
from theorycheck.high_order import SeriesTaylor, exact_ball, hull_ball, margin_coefficients
from theorycheck.kernel import verify_certificate
from theorycheck.loader import load_file
from theorycheck.prove import leaf_structure

LEMMAS = textwrap.dedent('''
    from theorycheck import atan, claim, erf, exp, gamma, log1p, pi, sqrt

    C = 1 / 3  # a module constant: its binary value, 1.85e-17 below one third

    @claim(x=(0, 3))
    def atan_above_cubic(x):
        return atan(x) >= x - x**3 / 3

    @claim(x=(0, 5))
    def log1p_above_pade11(x):
        return log1p(x) >= 2 * x / (2 + x)

    @claim(x=(0, "1.5"))
    def exp_below_pade11(x):
        return exp(x) <= (2 + x) / (2 - x)

    @claim(x=("-0.5", 5))
    def log1p_below_pade21(x):
        return log1p(x) <= x * (6 + x) / (6 + 4 * x)

    @claim(x=(0, 3))
    def erf_above_taylor3(x):
        return erf(x) >= 2 / sqrt(pi) * (x - x**3 / 3)

    @claim(x=(-1, 1))
    def atan_rational_approx(x):
        return abs(atan(x) - x / (1 + 0.28 * x**2)) <= 0.0049

    @claim(x=(0, 1))
    def atan_below_cubic(x):
        return atan(x) <= x - x**3 / 3

    @claim(x=(-1, 1))
    def atan_rational_approx_tight(x):
        return abs(atan(x) - x / (1 + 0.28 * x**2)) <= 0.00488

    @claim(x=(0, 1))
    def atan_cubic_nudged(x):
        return atan(x) >= x - x**3 / 3 + 1e-30 * x**2

    @claim(x=(0, 1))
    def atan_cubic_binary(x):
        return atan(x) >= x - C * x**3

    @claim(x=(0, 1))
    def atan_cubic_then_down(x):
        return atan(x) >= x - x**3 / 3 + x**6

    @claim(x=(0, 1))
    def zero_above_abs(x):
        return 0 >= abs(x)

    @claim(x=("-0.5", 1))
    def gamma_pole_inside(x):
        return x * gamma(x) <= 2
''')

TRUE = ["atan_above_cubic", "log1p_above_pade11", "exp_below_pade11", "log1p_below_pade21", "erf_above_taylor3",
        "atan_rational_approx"]


@pytest.fixture(scope="module")
def claims(tmp_path_factory):
    root = tmp_path_factory.mktemp("high_order")
    (root / "lemmas").mkdir()
    path = root / "lemmas" / "contact.py"
    path.write_text(LEMMAS)
    return root, {c.name: c for c in load_file(path)}


@pytest.fixture(scope="module")
def verdicts(claims):
    root, by_name = claims
    out = {}
    for name in TRUE + ["atan_below_cubic", "atan_rational_approx_tight"]:
        v = check(by_name[name], budget=10)
        out[name] = (v, certificates.write(by_name[name], v, root / "lemmas" / "certificates"))
    return out


def form(claims, name):
    c = claims[1][name]
    return SeriesTaylor(c, 0), leaf_structure(c, 0)


# -- the contact order ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name,order", [("atan_above_cubic", 5), ("log1p_above_pade11", 3), ("exp_below_pade11", 3),
                                        ("log1p_below_pade21", 4), ("erf_above_taylor3", 5)])
def test_contact_order_is_found(claims, name, order):
    st, _ = form(claims, name)
    k, coeffs = st.contact(0.0)
    assert k == order
    assert not coeffs[k].contains(0)  # the first coefficient not 0 is shown not 0


def test_a_coefficient_of_1e_30_is_not_zero(claims):
    st, leaf = form(claims, "atan_cubic_nudged")
    k, coeffs = st.contact(0.0)
    assert k == 2 and coeffs[2] < 0  # -1e-30, exactly the literal, not 0
    assert st.anchored(0.0, 0.01, 0.0, leaf) is None


def test_a_rounded_constant_is_its_binary_value(claims):
    st, leaf = form(claims, "atan_cubic_binary")
    k, coeffs = st.contact(0.0)
    assert k == 3 and not coeffs[3] > 0  # C - 1/3 = -1.85e-17: not 0 (sympy), not shown positive
    assert st.anchored(0.0, 0.01, 0.0, leaf) is None
    exact, leaf_exact = form(claims, "atan_above_cubic")
    assert exact.anchored(0.0, 0.01, 0.0, leaf_exact)["zeros"] == [0, 1, 2, 3, 4]


def test_order_seven_the_wrong_way_is_not_proved(claims):
    st, leaf = form(claims, "atan_below_cubic")
    assert st.contact(0.0)[0] == 5
    for w in (1e-6, 1e-3, 0.1):
        assert st.anchored(0.0, w, 0.0, leaf) is None


def test_a_remainder_that_changes_sign_in_the_hull(claims):
    """atan(x) - x + x^3/3 - x^6 = x^5/5 - x^6 - ...: contact of order 5 with the right sign, yet
    negative from x = 0.2 on (FALSE on [0, 1]: -0.0103 at x = 1/2, mpmath)."""
    st, leaf = form(claims, "atan_cubic_then_down")
    assert st.contact(0.0)[0] == 5
    assert st.anchored(0.0, 0.01, 0.0, leaf)  # true near the anchor
    for w in (0.25, 0.5, 1.0):
        assert st.anchored(0.0, w, 0.0, leaf) is None
    assert check(claims[1]["atan_cubic_then_down"], budget=5).verdict == "refuted"


def test_a_kink_gets_no_exact_zeros(claims):
    """sympy differentiates Abs at 0 as sign(0) = 0: taken on trust it would 'prove' 0 >= |x| near 0."""
    st, leaf = form(claims, "zero_above_abs")
    k, _ = st.contact(0.0)
    assert k == 0
    for w in (1e-9, 0.5):
        assert st.anchored(0.0, w, 0.0, leaf) is None
        assert st.centred(0.0, w, leaf) is None


def test_a_pole_in_the_hull_refuses_the_form(claims):
    st, leaf = form(claims, "gamma_pole_inside")
    assert st._branches(hull_ball(0.25, 0.5), 6) is not None  # (control: no pole in [1/4, 1/2])
    assert st._branches(hull_ball(0.25, 0.5, -0.25), 6) is None  # the hull [-1/4, 1/2] holds the pole 0
    assert st._holds(0.25, 0.5, -0.25, leaf, 0, st.contact(-0.25)[1], [4]) is None
    assert st.centred(-0.25, 0.25, leaf) is None
    v = check(claims[1]["gamma_pole_inside"], budget=5)
    assert v.verdict == "refuted" and v.undefined


def test_the_centred_form_decides_where_the_mean_value_form_cannot(claims):
    import numpy as np

    from theorycheck.prove import BatchEvaluator, _mean_value

    st, leaf = form(claims, "atan_rational_approx")
    lo, hi = 0.66, 0.68  # around the maximum 0.0048829 at 0.668: 1.7e-5 of room
    ev = BatchEvaluator(claims[1]["atan_rational_approx"], 0, None)
    blo, bhi = np.array([[lo]]), np.array([[hi]])
    centre = (blo + bhi) / 2
    clo, chi, _ = ev.enclose(centre, centre)
    _, _, _, glo, ghi, _ = ev.enclose_with_gradient(blo, bhi)
    assert _mean_value(clo, chi, glo, ghi, blo, bhi, centre)[0][0] < 0  # the mean-value form fails
    got = st.centred(lo, hi, leaf)
    assert got is not None and got[0] == 0.67 and got[1]["branches"] >= 1 and got[1]["order"] >= 4


# -- verdicts and certificates ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", TRUE)
def test_true_claims_are_proved_and_certified(verdicts, name):
    v, path = verdicts[name]
    assert v.verdict == "proved", v.evidence
    result = verify_certificate(path)
    assert result.valid, result.message
    doc = json.loads(path.read_text())
    # (a contact at a face x = c may be decided across the face by theorycheck.along first)
    assert any(leaf.get("by") in ("series", "along") for leaf in certificates.all_leaves(doc["parts"][0]))
    assert any(leaf.get("by") == "series" for name_ in TRUE for leaf in
               certificates.all_leaves(json.loads(verdicts[name_][1].read_text())["parts"][0]))


@pytest.mark.parametrize("name", ["atan_below_cubic", "atan_rational_approx_tight"])
def test_false_claims_are_refuted(verdicts, name):
    assert verdicts[name][0].verdict == "refuted"


@pytest.mark.parametrize("name", ["atan_cubic_nudged", "atan_cubic_binary", "zero_above_abs"])
def test_false_claims_fooling_a_missing_check_are_not_proved(claims, name):
    assert check(claims[1][name], budget=5).verdict != "proved"


def _series_leaves(doc):
    return [leaf for leaf in certificates.all_leaves(doc["parts"][0]) if leaf.get("by") == "series"]


def _tampered(verdicts, name, edit):
    _, path = verdicts[name]
    doc = json.loads(path.read_text())
    leaf = [leaf for leaf in _series_leaves(doc) if edit(leaf, probe=True)][0]
    edit(leaf, probe=False)
    backup = path.read_text()
    path.write_text(json.dumps(doc))
    try:
        return verify_certificate(path)
    finally:
        path.write_text(backup)


def test_kernel_rejects_a_zero_that_is_not_zero(verdicts):
    def edit(leaf, probe):
        if probe:
            return bool(leaf["zeros"])
        leaf["zeros"] = list(range(len(leaf["zeros"]) + 1))  # the contact coefficient said to be 0
    result = _tampered(verdicts, "atan_above_cubic", edit)
    assert not result.valid and "said to be exactly 0" in result.message


def test_kernel_rejects_a_form_that_does_not_decide(verdicts):
    def edit(leaf, probe):
        if probe:
            return bool(leaf["zeros"]) and leaf["order"] > len(leaf["zeros"]) + 1
        leaf["order"] = len(leaf["zeros"]) + 1  # the remainder right after the contact term: too wide
    result = _tampered(verdicts, "log1p_above_pade11", edit)
    assert not result.valid and "does not show it" in result.message


def test_kernel_rejects_zeros_in_a_body_with_kinks(verdicts):
    def edit(leaf, probe):
        if probe:
            return True
        leaf["zeros"] = [0]
    result = _tampered(verdicts, "atan_rational_approx", edit)
    assert not result.valid


def test_kernel_rejects_a_series_leaf_for_a_false_claim(verdicts, tmp_path):
    """A series leaf of atan >= x - x^3/3 checked against atan <= x - x^3/3 on its box."""
    from theorycheck.kernel._base import Reject
    from theorycheck.kernel.leaves import Leaves

    _, path = verdicts["atan_above_cubic"]
    leaf = [leaf for leaf in _series_leaves(json.loads(path.read_text())) if leaf["zeros"]][0]
    (tmp_path / "wrong.py").write_text(textwrap.dedent("""
        from theorycheck import atan, claim

        @claim(x=(0, 3))
        def wrong_way(x):
            return atan(x) <= x - x**3 / 3

        @claim(x=(0, 3))
        def right_way(x):
            return atan(x) >= x - x**3 / 3
    """))
    wrong, right = load_file(tmp_path / "wrong.py")
    box = tuple((Fraction(lo), Fraction(hi)) for lo, hi in leaf["box"])
    Leaves(right, [">="]).check((0, None), leaf, box, "leaf")  # the leaf as written: shown
    with pytest.raises(Reject, match="series form .* does not show it"):
        Leaves(wrong, ["<="]).check((0, None), leaf, box, "leaf")


# -- the series kind: tanh by its ODE, kinks by branches ----------------------------------------------------


@pytest.mark.parametrize("centre,radius", [("0.3", "0"), ("0.3", "0.05"), ("-2", "0.5"), ("7", "0.01")])
def test_tanh_series_holds_the_taylor_coefficients(centre, radius):
    mpmath.mp.dps = 60
    ball = arb(centre, radius) if radius != "0" else arb(centre)
    with series_length(12):
        s = Series.variable(ball, 12).tanh()
        cs = [s.coefficient(j) for j in range(12)]
    for t in (-1, 0, 1):
        x = mpmath.mpf(centre) + t * mpmath.mpf(radius)
        want = mpmath.taylor(mpmath.tanh, x, 11)
        for j, (c, w) in enumerate(zip(cs, want)):
            lo, hi = Interval._from_ball(c).float_bounds()
            assert lo <= w <= hi, (j, c, w)
    if radius == "0":
        assert all(float(c.rad()) < 1e-12 for c in cs)


def test_tanh_series_is_tight_on_a_ball():
    with series_length(10):
        s = Series.variable(arb("0.05", "0.05"), 10).tanh()
    assert float(s.coefficient(9).rad()) < 0.1  # the quotient (e^2x - 1)/(e^2x + 1) gave 98


def test_abs_without_a_chooser_or_inside_another_variable_raises():
    x = Series.variable(arb("0.5", "0.1"), 4)
    with pytest.raises(TypeError):
        abs(x)
    ch = Branches(new_tag())
    with branches(ch):
        with pytest.raises(TypeError):  # a series in a variable that is not the chooser's (an integral's)
            abs(x)
        y = Series.variable(arb("0.5", "0.1"), 4, ch.tag)
        assert abs(y) is y and ch.open == []  # the sign is shown: no branch
        z = Series.variable(arb("0", "0.1"), 4, ch.tag)
        abs(z)
        assert ch.open == [1]  # the sign of z is not shown: an open kink


def test_every_branch_is_explored(claims):
    st, _ = form(claims, "atan_rational_approx")
    pieces = st._branches(hull_ball(-0.1, 0.1), 6)
    assert sorted(t for _, t in pieces) == [[-1], [1]]
    pieces = st._branches(hull_ball(0.668, 0.6681), 6)
    assert [t for _, t in pieces] == [[-1]]  # atan(x) - x/(1 + 0.28 x^2) = -0.00488 < 0 there: one branch


def test_margin_coefficients_match_mpmath():
    mpmath.mp.dps = 60
    c = load_lemma_claim()
    coeffs, _ = margin_coefficients(c, 0, None, exact_ball(Fraction(1, 2)), 8)
    want = mpmath.taylor(lambda x: 2 / mpmath.sqrt(mpmath.pi) * (x - x**3 / 3) - mpmath.erf(x) if False else
                         mpmath.erf(x) - 2 / mpmath.sqrt(mpmath.pi) * (x - x**3 / 3), mpmath.mpf(1) / 2, 7)
    for a, w in zip(coeffs, want):
        lo, hi = Interval._from_ball(a).float_bounds()
        assert lo <= w <= hi


def load_lemma_claim():
    import tempfile
    from pathlib import Path

    d = Path(tempfile.mkdtemp())
    (d / "erf_taylor.py").write_text(textwrap.dedent('''
        from theorycheck import claim, erf, pi, sqrt

        @claim(x=(0, 3))
        def erf_above_taylor3(x):
            return erf(x) >= 2 / sqrt(pi) * (x - x**3 / 3)
    '''))
    (c,) = load_file(d / "erf_taylor.py")
    return c


# -- several variables: the centred form from series ---------------------------------------------------------
# Truth: exp(x) exp(y) exp(-x - y) = 1 exactly, so <= 1 + 1e-6 is true and <= 1 - 1e-6 false;
# Kershaw 1983 (Math. Comp. 41): (x + s/2)^(1-s) < Gamma(x+1)/Gamma(x+s) for x > 0, 0 < s < 1 (grid
# minimum of the relative gap on [2, 4] x [0.2, 0.8]: 4.1e-4, at x = 4, s = 0.8).

ND_LEMMAS = textwrap.dedent('''
    from theorycheck import claim, exp, gamma, log

    @claim(x=(0, 2), y=(-1, 1))
    def exp_product_is_one(x, y):
        return exp(x) * exp(y) * exp(-x - y) <= 1 + 1e-6

    @claim(x=(0, 2), y=(-1, 1))
    def exp_product_below_one(x, y):
        return exp(x) * exp(y) * exp(-x - y) <= 1 - 1e-6

    @claim(x=(2, 4), s=("0.2", "0.8"))
    def kershaw_lower(x, s):
        return gamma(x + 1) / gamma(x + s) >= exp((1 - s) * log(x + s / 2))
''')


@pytest.fixture(scope="module")
def nd_claims(tmp_path_factory):
    root = tmp_path_factory.mktemp("high_order_nd")
    (root / "lemmas").mkdir()
    path = root / "lemmas" / "several.py"
    path.write_text(ND_LEMMAS)
    return root, {c.name: c for c in load_file(path)}


def test_nd_centred_form_beats_the_dependency_problem(nd_claims):
    import numpy as np

    from theorycheck.high_order import SeriesTaylorND
    from theorycheck.prove import BatchEvaluator, _mean_value

    c = nd_claims[1]["kershaw_lower"]
    lo, hi = [2.0, 0.5], [2.0625, 0.5625]
    ev = BatchEvaluator(c, 0, None)
    blo, bhi = np.array([lo]), np.array([hi])
    centre = (blo + bhi) / 2
    clo, chi, _ = ev.enclose(centre, centre)
    _, _, _, glo, ghi, _ = ev.enclose_with_gradient(blo, bhi)
    assert _mean_value(clo, chi, glo, ghi, blo, bhi, centre)[0][0] < 0  # dependency: Gamma / Gamma
    got = SeriesTaylorND(c, 0).centred(lo, hi, leaf_structure(c, 0))
    assert got is not None and got[0] == [2.03125, 0.53125]


def test_nd_claims_verdicts_and_certificates(nd_claims, monkeypatch):
    import theorycheck.transforms as transforms_module

    # (the log rule proves exp(x) exp(y) exp(-x - y) <= 1 + 1e-6 as x + y - x - y <= log(1 + 1e-6):
    # off here, so the claim is the centred series form's, as this test is about that form)
    monkeypatch.setattr(transforms_module, "log_applies", lambda *a, **k: False)
    root, by_name = nd_claims
    v = check(by_name["exp_product_is_one"], budget=10)
    assert v.verdict == "proved", v.evidence
    path = certificates.write(by_name["exp_product_is_one"], v, root / "lemmas" / "certificates")
    assert verify_certificate(path).valid
    doc = json.loads(path.read_text())
    leaves = [leaf for leaf in certificates.all_leaves(doc["parts"][0]) if leaf.get("by") == "series"]
    assert leaves and all(leaf["zeros"] == [] for leaf in leaves)
    assert check(by_name["exp_product_below_one"], budget=5).verdict == "refuted"
    # tamper: order 1 (the remainder right after the value) does not show it; an anchor outside
    for edit, words in ((lambda leaf: leaf.update(order=1), "does not show it"),
                        (lambda leaf: leaf.update(anchor=["100", "0"]), "outside")):
        bad = json.loads(path.read_text())
        leaf = [leaf for leaf in certificates.all_leaves(bad["parts"][0]) if leaf.get("by") == "series"][0]
        edit(leaf)
        backup = path.read_text()
        path.write_text(json.dumps(bad))
        try:
            result = verify_certificate(path)
        finally:
            path.write_text(backup)
        assert not result.valid and words in result.message, result.message


# -- the series of gamma and loggamma on wide balls (exp of the log-gamma series) ------------------------------


@pytest.mark.parametrize("centre,radius", [("8.93", "0.09"), ("0.3", "0.1"), ("2.5", "0"), ("40", "1"),
                                           ("-0.5", "0.1"), ("1.4616", "0.5")])
def test_gamma_and_loggamma_series_hold_mpmath(centre, radius):
    mpmath.mp.dps = 60
    ball = arb(centre, radius) if radius != "0" else arb(centre)
    with series_length(8):
        x = Series.variable(ball, 8)
        g = [x.gamma().coefficient(j) for j in range(8)]
        lg = [x.loggamma().coefficient(j) for j in range(8)] if mpmath.mpf(centre) - mpmath.mpf(radius) > 0 else None
    for t in (-1, -0.5, 0, 0.5, 1):
        p = mpmath.mpf(centre) + t * mpmath.mpf(radius)
        for got, f in ((g, mpmath.gamma), (lg, mpmath.loggamma)):
            if got is None:
                continue
            for j, (c, w) in enumerate(zip(got, mpmath.taylor(f, p, 7))):
                assert c.is_finite()
                lo, hi = Interval._from_ball(c).float_bounds()
                assert lo <= w <= hi, (f, j, c, w)


def test_gamma_series_on_a_wide_ball_is_tighter_than_arbs_own():
    from flint import arb_series

    ball = arb("8.93", "0.09")
    with series_length(6):
        g = Series.variable(ball, 6).gamma()
        own = arb_series([ball, arb(1)], prec=6).gamma().coeffs()
    c0 = Interval._from_ball(g.coefficient(0))
    assert c0.lo > 2.86e4 and c0.hi < 4.22e4  # Gamma on [8.84, 9.02]: [2.867e4, 4.208e4]
    for j in range(4):
        assert float(g.coefficient(j).rad()) < 0.5 * float(own[j].rad())


def test_gamma_series_at_a_pole_is_not_finite():
    with series_length(4):
        g = Series.variable(arb("0", "0.1"), 4).gamma()
    assert not g.is_finite()
