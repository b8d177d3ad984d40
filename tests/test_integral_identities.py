"""Identities between integrals (issue 15): the fundamental-theorem rule (theorycheck/ftc.py), its
kernel check (theorycheck/kernel/ftc.py), additivity over ranges, exact points before the search
and the certified epsilon (theorycheck/identities.py).

Truth settled independently with mpmath at 50 digits below (``_mp_gap``), never by theorycheck:
- stein_erf: Stein's identity E[Z f(Z)] = E[f'(Z)] on [0, x] with f = erf (by parts, phi' = -t phi);
- stein_erf_param: the same with f(t) = erf(a t), two variables (f'(t) = 2a/sqrt(pi) e^{-a^2 t^2});
- the Gaussian claims (KL between two Gaussians, the smoothed ReLU E max(0, X) = m Phi(m/s) + s phi(m/s)):
  quadrature at 50 digits in _kl_gap and _relu_gap;
- cauchy_repeated: Cauchy's formula for a repeated integral (d/dx of both sides is int_0^x g);
- both_ends_moving: additivity of the integral over ranges;
- false: the sign of erf(x) npdf(x) flipped (x = 1/2: off by 0.366); a pole of 1/t^2 inside the
  range [-1, x] (the integral diverges for x >= 0); a derivative off by 1e-30 (lhs - rhs = -1e-30 x).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest

from theorycheck import certificates, work
from theorycheck.check import check
from theorycheck.ftc import additive_form, prove_by_ftc
from theorycheck.identities import certified_epsilon, upper_text
from theorycheck.kernel import verify_certificate
from theorycheck.loader import load_file

LEMMA = '''
from theorycheck import claim, exp, erf, integral, npdf, sqrt, pi

@claim(x=(-2, 3))
def stein_erf(x):
    return integral(lambda t: t * erf(t) * npdf(t), 0, x) == \\
        integral(lambda t: 2 / sqrt(pi) * exp(-t * t) * npdf(t), 0, x) - erf(x) * npdf(x)

@claim(x=(-2, 3))
def stein_erf_wrong_sign(x):
    return integral(lambda t: t * erf(t) * npdf(t), 0, x) == \\
        integral(lambda t: 2 / sqrt(pi) * exp(-t * t) * npdf(t), 0, x) + erf(x) * npdf(x)

@claim(x=(-2, 2), a=(-1, 1))
def stein_erf_param(x, a):
    return integral(lambda t: t * erf(a * t) * npdf(t), 0, x) == \\
        a * integral(lambda t: 2 / sqrt(pi) * exp(-a * a * t * t) * npdf(t), 0, x) - erf(a * x) * npdf(x)

@claim(x=(-1, 2))
def cauchy_repeated(x):
    return integral(lambda t: integral(lambda s: npdf(s) * erf(s), 0, t), 0, x) == \\
        integral(lambda s: (x - s) * npdf(s) * erf(s), 0, x)

@claim(x=("0.5", 2))
def both_ends_moving(x):
    return integral(lambda t: t * erf(t) * npdf(t), x, 2 * x) == \\
        integral(lambda t: t * erf(t) * npdf(t), 0, 2 * x) - integral(lambda t: t * erf(t) * npdf(t), 0, x)

@claim(x=("0.5", 2))
def both_ends_moving_wrong(x):
    return integral(lambda t: t * erf(t) * npdf(t), x, 2 * x) == \\
        integral(lambda t: t * erf(t) * npdf(t), 0, 2 * x) + integral(lambda t: t * erf(t) * npdf(t), 0, x)

@claim(x=(-1, 2))
def pole_in_range(x):
    return integral(lambda t: 1 / (t * t), -1, x) == -1 - 1 / x

@claim(x=(-2, 3))
def off_by_1e30(x):
    return integral(lambda t: t * erf(t) * npdf(t), 0, x) == \\
        integral(lambda t: 2 / sqrt(pi) * exp(-t * t) * npdf(t), 0, x) - erf(x) * npdf(x) + 1e-30 * x

@claim(x=(0, 1))
def exp_off_by_a_thousandth(x):
    return integral(lambda t: exp(t), 0, x) == exp(x) - 1 + 0.001 * x
'''

mp = mpmath.mp


def _phi(t):
    return mp.exp(-t * t / 2) / mp.sqrt(2 * mp.pi)


def _mp_gap(name, x, a=None):
    """lhs - rhs of the claim ``name`` at x (and a), with mpmath at 50 digits."""
    with mp.workdps(50):
        x = mp.mpf(x)
        g = lambda t: t * mp.erf(t) * _phi(t)  # noqa: E731
        h = lambda t: 2 / mp.sqrt(mp.pi) * mp.exp(-t * t) * _phi(t)  # noqa: E731
        if name == "stein_erf":
            return mp.quad(g, [0, x]) - mp.quad(h, [0, x]) + mp.erf(x) * _phi(x)
        if name == "stein_erf_wrong_sign":
            return mp.quad(g, [0, x]) - mp.quad(h, [0, x]) - mp.erf(x) * _phi(x)
        if name == "stein_erf_param":
            a = mp.mpf(a)
            return (mp.quad(lambda t: t * mp.erf(a * t) * _phi(t), [0, x])
                    - a * mp.quad(lambda t: 2 / mp.sqrt(mp.pi) * mp.exp(-a * a * t * t) * _phi(t), [0, x])
                    + mp.erf(a * x) * _phi(x))
        if name == "cauchy_repeated":
            k = lambda s: _phi(s) * mp.erf(s)  # noqa: E731
            return mp.quad(lambda t: mp.quad(k, [0, t]), [0, x]) - mp.quad(lambda s: (x - s) * k(s), [0, x])
        if name == "both_ends_moving":
            return mp.quad(g, [x, 2 * x]) - mp.quad(g, [0, 2 * x]) + mp.quad(g, [0, x])
        if name == "off_by_1e30":
            return mp.quad(g, [0, x]) - mp.quad(h, [0, x]) + mp.erf(x) * _phi(x) - mp.mpf("1e-30") * x
    raise KeyError(name)


@pytest.fixture(scope="module")
def lemma(tmp_path_factory):
    path = tmp_path_factory.mktemp("integ") / "lemmas" / "identities.py"
    path.parent.mkdir()
    path.write_text(LEMMA)
    return path


@pytest.fixture(scope="module")
def claims(lemma):
    return {c.name: c for c in load_file(lemma)}


def ftc(claim):
    with work.metered(20, None):
        return prove_by_ftc(claim, 0)


def test_truth_of_the_claims_at_50_digits():
    for x in ("-1.5", "0.5", "2.5"):
        assert abs(_mp_gap("stein_erf", x)) < mpmath.mpf("1e-40")
        assert abs(_mp_gap("off_by_1e30", x) + mpmath.mpf("1e-30") * mpmath.mpf(x)) < mpmath.mpf("1e-40")
    assert abs(_mp_gap("stein_erf_wrong_sign", "0.5")) > mpmath.mpf("0.36")
    for x, a in (("-1.5", "0.5"), ("1.25", "-1")):
        assert abs(_mp_gap("stein_erf_param", x, a)) < mpmath.mpf("1e-40")
    for x in ("-0.75", "1.5"):
        assert abs(_mp_gap("cauchy_repeated", x)) < mpmath.mpf("1e-30")
    assert abs(_mp_gap("both_ends_moving", "1.25")) < mpmath.mpf("1e-40")
    # off_by_1e30 is false: at x = 1 the sides differ by exactly -1e-30 (to 40 digits)
    assert abs(_mp_gap("off_by_1e30", "1") + mpmath.mpf("1e-30")) < mpmath.mpf("1e-45")


@pytest.mark.parametrize("name", ["stein_erf", "stein_erf_param", "cauchy_repeated"])
def test_ftc_proves_true_identities(claims, name):
    proof, why = ftc(claims[name])
    assert proof is not None, why
    assert proof.steps and proof.steps[0][0] == 0 and proof.steps[0][1] == 0  # d/dx, base point x = 0
    assert proof.what.startswith("fundamental theorem of calculus")


@pytest.mark.parametrize("name", ["stein_erf_wrong_sign", "off_by_1e30", "both_ends_moving_wrong"])
def test_ftc_does_not_prove_false_identities(claims, name):
    proof, why = ftc(claims[name])
    assert proof is None
    # only an exact 0 counts: a derivative that is -1e-30 is not 0
    assert "reduces to exactly 0" in why or "not shown to be exactly 0" in why, why


def test_pole_in_the_range_is_caught_by_the_premise(claims, monkeypatch):
    import theorycheck.ftc as ftc_module

    claim = claims["pole_in_range"]
    proof, why = ftc(claim)
    assert proof is None and "premise not shown" in why
    # the claim that fools the rule without its premise: d/dx of both sides is 1/x^2 and both are 0
    # at x = -1, yet the integral over [-1, x] diverges for x >= 0 (and -1 - 1/x is undefined at 0)
    monkeypatch.setattr(ftc_module, "differentiable_tiles", lambda claim, i, face, k, deadline=None: [face])
    fooled, _ = ftc(claim)
    assert fooled is not None and fooled.steps[0][1] == -1


def test_additivity_over_ranges(claims):
    import sympy

    u, x = sympy.symbols("u x", real=True)
    g = sympy.exp(-u * u) * u
    e = (sympy.Integral(g, (u, x, 2 * x)) - sympy.Integral(g, (u, 0, 2 * x)) + sympy.Integral(g, (u, 0, x)))
    assert sympy.expand(additive_form(e)) == 0
    wrong = sympy.Integral(g, (u, x, 2 * x)) - sympy.Integral(g, (u, 0, 2 * x)) - sympy.Integral(g, (u, 0, x))
    assert sympy.expand(additive_form(wrong)) != 0
    v = check(claims["both_ends_moving"], budget=5)
    assert v.verdict == "proved", v.evidence
    assert "additivity" in v.evidence["parts"][0]["symbolic"]


@pytest.mark.parametrize("name", ["stein_erf", "stein_erf_param", "cauchy_repeated"])
def test_check_proves_and_the_kernel_rechecks(claims, tmp_path, name):
    claim = claims[name]
    v = check(claim, budget=10)
    assert v.verdict == "proved", v.evidence
    assert v.evidence["parts"][0]["symbolic"].startswith("fundamental theorem of calculus")
    path = certificates.write(claim, v, tmp_path / "certs")
    doc = json.loads(path.read_text())
    assert doc["parts"][0]["ftc"]["steps"][0]["at"] == "0"
    r = verify_certificate(path)
    assert r.valid and r.trust == "Arb + kernel + sympy", r.message


def _tamper(path, edit):
    doc = json.loads(path.read_text())
    edit(doc)
    path.write_text(json.dumps(doc))
    return verify_certificate(path)


def test_kernel_rejects_tampered_ftc_blocks(claims, tmp_path, lemma):
    from theorycheck.kernel import claim_hash

    claim = claims["stein_erf"]
    v = check(claim, budget=10)
    path = certificates.write(claim, v, tmp_path / "certs")
    good = path.read_text()

    def step(doc):
        return doc["parts"][0]["ftc"]["steps"][0]

    r = _tamper(path, lambda d: step(d).update(at="5"))
    assert not r.valid and "lies outside its range" in r.message, r.message
    path.write_text(good)
    r = _tamper(path, lambda d: step(d).update(tiles=[[["-2", "1"]]]))
    assert not r.valid and "gap" in r.message, r.message
    path.write_text(good)
    r = _tamper(path, lambda d: step(d).update(variable=1))
    assert not r.valid and "'variable'" in r.message, r.message
    # the same block, forged for false claims of the file: the kernel re-derives and re-checks
    for name, words in (("off_by_1e30", "does not reduce to exactly 0"),
                        ("pole_in_range", "tile 0"),
                        ("stein_erf_wrong_sign", "does not reduce to exactly 0")):
        other = claims[name]
        forged = json.loads(good)
        forged["claim"].update(name=name, hash=claim_hash(other))
        forged["box"] = [[w.name, str(w.lo), str(w.hi)] for w in other.variables]
        forged["parts"][0]["defined"] = [{"box": [[str(w.lo), str(w.hi)]], "by": "defined"} for w in other.variables]
        forged["parts"][0]["ftc"]["steps"][0]["tiles"] = [[[str(w.lo), str(w.hi)] for w in other.variables]]
        if name == "pole_in_range":
            forged["parts"][0]["ftc"]["steps"][0]["at"] = "-1"
        target = path.parent / f"{name}.cert.json"
        target.write_text(json.dumps(forged))
        r = verify_certificate(target)
        assert not r.valid, name
        if name != "pole_in_range":  # its definedness tiling fails first, or the premise tile
            assert words in r.message, (name, r.message)


def test_false_integral_identity_is_refuted_at_an_exact_point_first(claims):
    v = check(claims["stein_erf_wrong_sign"], budget=10)
    assert v.verdict == "refuted"
    assert "exact points + certify" in v.evidence["methods"]
    x = v.counterexample["x"]
    assert abs(_mp_gap("stein_erf_wrong_sign", x)) > mpmath.mpf("0.01")


def test_certified_epsilon_is_an_upper_bound(claims):
    # lhs - rhs = -x/1000 on [0, 1]: sup |lhs - rhs| = 1/1000 exactly
    with work.metered(20, None):
        eps = certified_epsilon(claims["exp_off_by_a_thousandth"], 0, deadline=work.clock() + 3)
    assert eps is not None
    assert Fraction(eps["bound"]) >= Fraction(1, 1000)
    assert "not proved equal" in eps["text"] and "certified" in eps["text"]


def test_upper_text_rounds_up():
    for q in (Fraction(314, 10**17), Fraction(1, 3), Fraction(99999, 1000), Fraction(5), Fraction(1, 10),
              Fraction(2**-60), Fraction(10**20 + 1)):
        t = upper_text(q)
        assert Fraction(t) >= q and Fraction(t) <= q * Fraction(11, 10) + Fraction(1, 10**40), (q, t)


def test_undecided_identity_reports_the_epsilon(claims):
    from theorycheck.report import undecided_part_text

    v = check(claims["off_by_1e30"], budget=4)
    assert v.verdict == "undecided"  # never proved: the derivative is off by 1e-30
    part = v.evidence["parts"][0]
    eps = part.get("certified_epsilon")
    assert eps is not None and Fraction(eps["bound"]) >= Fraction(3, 10**30)
    assert "certified" in undecided_part_text(part)


# -- Gaussian moment rules (theorycheck/gaussint.py) ---------------------------------------------

@pytest.mark.parametrize("k", [0, 1, 2, 3, 5])
@pytest.mark.parametrize("ends", [("-1/2", "3/2"), ("-oo", "1"), ("1/3", "oo"), ("-oo", "oo")])
def test_gaussian_term_integral_against_mpmath(k, ends):
    import sympy

    from theorycheck.gaussint import gaussian_term_integral

    t = sympy.Symbol("t", real=True)
    A, B, C = sympy.Rational(-3, 4), sympy.Rational(1, 3), sympy.Rational(-1, 5)
    a, b = (sympy.sympify(e) for e in ends)
    closed = gaussian_term_integral(sympy.Rational(7, 3), k, A * t**2 + B * t + C, t, a, b)
    assert closed is not None and not closed.has(sympy.Integral)
    with mp.workdps(50):
        f = lambda s: mpmath.mpf(7) / 3 * s**k * mp.exp(-mpmath.mpf(3) / 4 * s * s + s / 3 - mpmath.mpf(1) / 5)  # noqa: E731
        lo = -mp.inf if ends[0] == "-oo" else mpmath.mpf(Fraction(ends[0]).numerator) / Fraction(ends[0]).denominator
        hi = mp.inf if ends[1] == "oo" else mpmath.mpf(Fraction(ends[1]).numerator) / Fraction(ends[1]).denominator
        want = mp.quad(f, [lo, 0, hi] if lo < 0 < hi else [lo, hi])
        got = mpmath.mpf(sympy.N(closed, 50))
        assert abs(got - want) < mpmath.mpf("1e-40") * (1 + abs(want))


def test_gaussian_rule_needs_a_negative_leading_coefficient():
    import sympy

    from theorycheck.gaussint import gaussian_term_integral

    t, a = sympy.Symbol("t", real=True), sympy.Symbol("a", real=True)
    assert gaussian_term_integral(1, 2, t**2 / 4, t, 0, 1) is None  # e^{t^2/4}: no erf form (erfi)
    assert gaussian_term_integral(1, 0, a * t**2, t, 0, 1) is None  # the sign of a is unknown


KL_LEMMA = '''
from theorycheck import claim, integral, npdf, Phi, log
from theorycheck.divergences import kl, gaussian

@claim(m1=(-1, 1), m2=(-1, 1), s1=("0.5", 2), s2=("0.5", 2))
def kl_four(m1, m2, s1, s2):
    return kl(gaussian(m1, s1), gaussian(m2, s2)) == log(s2 / s1) + (s1**2 + (m1 - m2)**2) / (2 * s2**2) - 0.5

@claim(m1=(-1, 1), m2=(-1, 1), s1=("0.5", 2), s2=("0.5", 2))
def kl_four_wrong(m1, m2, s1, s2):
    return kl(gaussian(m1, s1), gaussian(m2, s2)) == log(s2 / s1) + (s1**2 + (m1 - m2)**2) / (2 * s2) - 0.5

@claim(m=(-1, 1), s=("0.5", 2))
def smoothed_relu(m, s):
    return integral(lambda t: t * npdf((t - m) / s) / s, 0, "inf",
                    tail=lambda T: abs(m) * Phi(-(T - m) / s) + s * npdf((T - m) / s)) == m * Phi(m / s) + s * npdf(m / s)

@claim(m=(-1, 1), s=("0.5", 2))
def smoothed_relu_wrong(m, s):
    return integral(lambda t: t * npdf((t - m) / s) / s, 0, "inf",
                    tail=lambda T: abs(m) * Phi(-(T - m) / s) + s * npdf((T - m) / s)) == m * Phi(m / s) + npdf(m / s)
'''


def _kl_gap(m1, m2, s1, s2, wrong=False):
    """KL(N(m1, s1^2) || N(m2, s2^2)) - the stated closed form, by quadrature at 50 digits."""
    with mp.workdps(50):
        m1, m2, s1, s2 = map(mpmath.mpf, (m1, m2, s1, s2))
        p = lambda x: mp.npdf(x, m1, s1)  # noqa: E731
        q = lambda x: mp.npdf(x, m2, s2)  # noqa: E731
        klv = mp.quad(lambda x: p(x) * (mp.log(p(x)) - mp.log(q(x))), [-mp.inf, m1 - 10 * s1, m1, m1 + 10 * s1, mp.inf])
        form = mp.log(s2 / s1) + (s1**2 + (m1 - m2)**2) / (2 * (s2 if wrong else s2**2)) - mpmath.mpf(1) / 2
        return klv - form


def _relu_gap(m, s, wrong=False):
    with mp.workdps(50):
        m, s = mpmath.mpf(m), mpmath.mpf(s)
        lhs = mp.quad(lambda t: t * mp.npdf(t, m, s), [0, m + 10 * s, mp.inf] if m + 10 * s > 0 else [0, mp.inf])
        return lhs - (m * mp.ncdf(m / s) + (1 if wrong else s) * mp.npdf(m / s))


@pytest.fixture(scope="module")
def kl_claims(tmp_path_factory):
    path = tmp_path_factory.mktemp("kl") / "lemmas" / "gauss.py"
    path.parent.mkdir()
    path.write_text(KL_LEMMA)
    return {c.name: c for c in load_file(path)}


def test_gaussian_claims_truth_at_50_digits():
    assert abs(_kl_gap("0.3", "-0.7", "0.8", "1.6")) < mpmath.mpf("1e-30")
    assert abs(_kl_gap("0.3", "-0.7", "0.8", "1.6", wrong=True)) > mpmath.mpf("0.1")
    assert abs(_relu_gap("-0.4", "1.3")) < mpmath.mpf("1e-30")
    assert abs(_relu_gap("0.5", "1.25", wrong=True)) > mpmath.mpf("0.05")


@pytest.mark.parametrize("name", ["kl_four", "smoothed_relu"])
def test_gaussian_identities_are_proved_by_the_moment_rules(kl_claims, name):
    v = check(kl_claims[name], budget=10)
    assert v.verdict == "proved", v.evidence
    assert "Gaussian moment rules" in v.evidence["parts"][0]["symbolic"]


@pytest.mark.parametrize("name", ["kl_four_wrong", "smoothed_relu_wrong"])
def test_false_gaussian_identities_are_refuted(kl_claims, name):
    v = check(kl_claims[name], budget=10)
    assert v.verdict == "refuted", v.evidence
    x = {k: val for k, val in v.counterexample.items()}
    gap = (_kl_gap(x["m1"], x["m2"], x["s1"], x["s2"], wrong=True) if name == "kl_four_wrong"
           else _relu_gap(x["m"], x["s"], wrong=True))
    assert abs(gap) > mpmath.mpf("1e-3")


def test_the_report_page_shows_the_epsilon_as_not_a_proof():
    from theorycheck.report import _undecided_section

    eps = {"bound": "1.6e-1", "tiles": 14,
           "text": "|lhs - rhs| <= 1.6e-1 on the whole box, certified (14 tiles); equal up to this epsilon, "
                   "not proved equal"}
    data = {"verdict": "undecided", "budget": 4,
            "evidence": {"parts": [{"index": 1, "verdict": "undecided", "relation": "==", "certified_epsilon": eps}]}}
    text = "\n".join(_undecided_section(data))
    assert "|lhs - rhs| <= 1.6e-1 on the whole box, certified" in text and "not a proof of the identity" in text


@pytest.mark.parametrize("k", [0, 1, 2, 4])
def test_kernel_gaussian_closed_forms_against_mpmath(k):
    """The kernel's own closed forms (by parts, theorycheck/kernel/gauss.py) at 50 digits."""
    import sympy

    from theorycheck.kernel.gauss import _antiderivative

    t = sympy.Symbol("t", real=True)
    alpha, beta, gamma = sympy.Rational(5, 8), sympy.Rational(-2, 3), sympy.Rational(1, 7)
    for a, b in ((sympy.Rational(-1, 3), sympy.Integer(2)), (-sympy.oo, sympy.Rational(1, 2)), (-sympy.oo, sympy.oo)):
        closed = _antiderivative(k, t, alpha, beta, gamma, b) - _antiderivative(k, t, alpha, beta, gamma, a)
        with mp.workdps(50):
            f = lambda s: s**k * mp.exp(-mpmath.mpf(5) / 8 * s * s - mpmath.mpf(2) / 3 * s + mpmath.mpf(1) / 7)  # noqa: E731
            lo = -mp.inf if a == -sympy.oo else mpmath.mpf(a.p) / a.q
            hi = mp.inf if b == sympy.oo else mpmath.mpf(b.p) / b.q
            want = mp.quad(f, [lo, 0, hi] if lo < 0 < hi else [lo, hi])
            assert abs(mpmath.mpf(sympy.N(closed, 50)) - want) < mpmath.mpf("1e-40") * (1 + abs(want))


def test_kernel_rechecks_the_gaussian_moment_rules(kl_claims, tmp_path):
    from theorycheck.kernel import claim_hash

    claim = kl_claims["kl_four"]
    v = check(claim, budget=10)
    assert v.verdict == "proved"
    path = certificates.write(claim, v, tmp_path / "certs")
    doc = json.loads(path.read_text())
    assert doc["parts"][0]["gauss"] is True
    r = verify_certificate(path)
    assert r.valid and r.trust == "Arb + kernel + sympy", r.message
    # the same proof forged for the false closed form: the kernel's own closed forms refuse it
    wrong = kl_claims["kl_four_wrong"]
    doc["claim"].update(name="kl_four_wrong", hash=claim_hash(wrong))
    target = path.parent / "kl_four_wrong.cert.json"
    target.write_text(json.dumps(doc))
    r = verify_certificate(target)
    assert not r.valid and "closed forms of the Gaussian integrals" in r.message, r.message
    doc["claim"].update(name="kl_four", hash=claim_hash(claim))
    doc["parts"][0]["gauss"] = "yes"
    target.write_text(json.dumps(doc))
    r = verify_certificate(target)
    assert not r.valid and "'gauss' must be true" in r.message, r.message
