"""Adversarial claims against the log rule, expanded logs and its confirm hand-off (session 23).

The log rule (theorycheck.transforms.prove_transformed) proves ``a <= b`` as ``log a <= log b``
with the logs taken through products, quotients, sqrt, exp, npdf and gamma, and hands a box where
the log form fails to ``confirm``, which must certify a point on the claim *as written*. Each claim
below tries to make it say something false: sides positive at the box's corners and centre (where
the rule looks) but not on a strip inside; factors that are negative while their product is
positive (two negative Gammas, (x-2)(y-2)); Gamma with poles inside the box; npdf products that
underflow to 0 (or to subnormals) in floats; violations of 1e-14, 1e-17 and 2e-16 next to e^2 or
beside a factor 10^300 (``7.389056098930650`` is a decimal below e^2 = 7.38905609893065022...,
while the float nearest it is above: a prover that took the float would prove a false claim);
a factor that vanishes on a line (the log form undefined where the claim holds); quotients and
square roots whose argument changes sign inside; logs the body takes of such products; equality
at a corner under a strict relation, and 40-digit decimals of pi 3e-40 on either side of it.
Also here: two holes found in this review and fixed (a same-named lemma file's certificate taken
by the plugin; a same-named helper module of another lemma directory taken by the loader), and
the command line's check-then-verify on the log-rule claims.

Each claim's truth is settled without theorycheck (TRUTH below: by hand, and by mpmath at 50
digits in test_truth_of_the_claims: a grid for the false ones' witnesses and for the true ones'
maxima and minima, whose locations are argued by hand in the comments). Every claim goes through
``check`` (a) as it is and (b) with the counterexample search and the fast path off, so that its
parts reach the prover and the log rule; a true claim must never be refuted, a false one never
proved ("undecided" would be acceptable; none is at these budgets, which the tests also assert so
that a regression to "undecided" is seen). The certificates of (a) are re-checked by the kernel,
and proofs forged for the false claims through every rule are refused by it. No hole was found in
the log rule by these: every verdict was right, and every forgery refused.
"""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import mpmath
import pytest

import theorycheck.check as check_module
from theorycheck.certificates import write as write_certificate
from theorycheck.kernel import verify_certificate
from theorycheck.loader import load_file
from theorycheck.search import SearchResult

CLAIMS = '''
from theorycheck import claim, exp, gamma, npdf, sqrt, log, pi

# 1 sides positive at corners and centre, negative on a strip inside
@claim(x=(0, 1), y=(0, 1))
def strip_true(x, y):  # max 0.56 e^2 = 4.1378 at (1,1)
    return (x - 0.2) * (x - 0.3) * exp(x) * exp(y) <= 4.2

@claim(x=(0, 1), y=(0, 1))
def strip_false(x, y):
    return (x - 0.2) * (x - 0.3) * exp(x) * exp(y) <= 4.1

@claim(x=(0, 1), y=(0, 1))
def strip_lower_true(x, y):  # min -0.0025 e^1.25 = -0.00873 (RHS <= 0: log form undefined)
    return (x - 0.2) * (x - 0.3) * exp(x) * exp(y) >= -0.01

# 2 two negative factors, positive product
@claim(x=(0, 1), y=(0, 1))
def neg_neg_false(x, y):  # max e^2 = 7.389
    return (-exp(x)) * (-exp(y)) <= 7.3

@claim(x=(0, 1), y=(0, 1))
def neg_neg_true(x, y):
    return (-exp(x)) * (-exp(y)) <= 7.4

@claim(x=(0, 1), y=(0, 1))
def neg_factors_false(x, y):  # (x-2)(y-2)e^{x+y}: at (0,0) 4; at (1,1) e^2 = 7.39; max? see oracle
    return (x - 2) * (y - 2) * exp(x) * exp(y) <= 7

@claim(x=(0, 1), y=(0, 1))
def neg_factors_true(x, y):
    return (x - 2) * (y - 2) * exp(x) * exp(y) <= 7.5

# 3 gamma with poles inside, positive at corners and centre: undefined => false
@claim(x=(-1.5, 2.5), y=(0, 1))
def gamma_pole(x, y):
    return gamma(x) * exp(y) <= 100

@claim(x=(-1.5, 2.5), y=(0, 1))
def gamma_pole_ge(x, y):
    return gamma(x) * exp(y) >= 0.01

# 4 npdf underflowing in floats
@claim(x=(39, 40), y=(0, 1))
def npdf_tiny_true(x, y):  # npdf(39) ~ 4e-331
    return npdf(x) * npdf(y) <= 1e-320

@claim(x=(37, 38), y=(0, 1))
def npdf_tiny_false(x, y):  # npdf(37) ~ 1.6e-298
    return npdf(x) * npdf(y) <= 1e-320

@claim(x=(39, 40), y=(0, 1))
def npdf_tiny_positive(x, y):  # true: a product of positive numbers
    return npdf(x) * npdf(y) > 0

# 5 tiny violations next to huge constants
@claim(x=(0, 1), y=(0, 1))
def huge_false(x, y):  # 7.389056098930650 (decimal) < e^2 = 7.38905609893065022723
    return exp(x) * exp(y) * 10**300 <= 7.389056098930650 * 10**300

@claim(x=(0, 1), y=(0, 1))
def huge_true(x, y):
    return exp(x) * exp(y) * 10**300 <= 7.389056098930651 * 10**300

@claim(x=(0, 1), y=(0, 1))
def tiny_gap_false(x, y):
    return exp(x) * exp(y) <= exp(2) - 1e-14

@claim(x=(0, 1), y=(0, 1))
def tiny_gap_true(x, y):
    return exp(x) * exp(y) <= exp(2) + 1e-14

# 6 literals Python rounds: 0.1 as a decimal
@claim(x=(0, 1), y=(0, 1))
def decimal_tenth_false(x, y):  # e^{x} e^{y} * 0.1 <= 0.1 e^2 - 1e-17: false at (1, 1)
    return exp(x) * exp(y) * 0.1 <= 0.1 * exp(2) - 1e-17

@claim(x=(0, 1), y=(0, 1))
def decimal_tenth_true(x, y):
    return exp(x - 1) * exp(y - 1) * 0.1 <= 0.1

# 7 a factor that is zero on a line (log form undefined there, claim holds)
@claim(x=(0, 1), y=(0, 1))
def square_zero_true(x, y):  # (y-0.5)^2 e^x e^y <= 0.25 e^2 = 1.847 (max at y=0 or 1, x=1: 0.25 e^2 at y=1; at y=0: 0.25 e)
    return (y - 0.37) ** 2 * exp(x) * exp(y) <= 0.63 ** 2 * exp(2) + 1e-9

@claim(x=(0, 1), y=(0, 1))
def square_zero_false(x, y):
    return (y - 0.37) ** 2 * exp(x) * exp(y) <= 0.63 ** 2 * exp(2) - 1e-9

# 8 quotient with poles inside (undefined => false)
@claim(x=(0, 1.5), y=(0, 1))
def quotient_poles(x, y):
    return exp(x) * exp(y) / ((x - 0.4) * (x - 0.6)) <= 1e6

# 9 sqrt of a factor crossing zero inside
@claim(x=(0, 1), y=(0, 1))
def sqrt_crossing(x, y):  # sqrt of a negative number on (0.2, 0.3): undefined => false
    return sqrt((x - 0.2) * (x - 0.3)) * exp(x) * exp(y) <= 10

# 10 gamma near its minimum with a product, tight
@claim(x=(1, 2), y=(1, 2))
def gamma_prod_true(x, y):  # Gamma min 0.8856031944 at 1.4616321
    return gamma(x) * gamma(y) >= 0.78429
@claim(x=(1, 2), y=(1, 2))
def gamma_prod_false(x, y):  # 0.8856031944108887^2 = 0.784292...
    return gamma(x) * gamma(y) >= 0.7843

# 11 negative gammas, positive products (loggamma must be undefined for x <= 0)
@claim(x=(-0.9, -0.1), y=(0, 1))
def gamma_times_x_true(x, y):  # Gamma(x) x = Gamma(x+1) >= Gamma(0.9) = 1.0686
    return gamma(x) * x * exp(y) >= 1.06

@claim(x=(-0.9, -0.1), y=(0, 1))
def gamma_times_x_false(x, y):
    return gamma(x) * x * exp(y) >= 1.07

@claim(x=(-0.9, -0.1), y=(-0.9, -0.1))
def gamma_gamma_neg_true(x, y):  # |Gamma| >= 3.5446 on (-1, 0): product >= 12.5645
    return gamma(x) * gamma(y) >= 12.56

@claim(x=(-0.9, -0.1), y=(-0.9, -0.1))
def gamma_gamma_neg_false(x, y):
    return gamma(x) * gamma(y) >= 12.57

@claim(x=(-0.9, -0.1), y=(0, 1))
def gamma_neg_exp_false(x, y):  # Gamma(x) e^y < 0: never >= 0.5
    return (-gamma(x)) * exp(y) <= 3.5

@claim(x=(-0.9, -0.1), y=(0, 1))
def gamma_neg_exp_true(x, y):  # -Gamma(x) e^y >= 3.5446
    return (-gamma(x)) * exp(y) >= 3.54

# 12 logs the body takes of products whose factors are negative (expanded logs undefined)
@claim(x=(-0.9, -0.1), y=(-0.9, -0.1))
def log_gamma_prod_neg_true(x, y):  # log(12.5645) = 2.53086
    return log(gamma(x) * gamma(y)) >= 2.53

@claim(x=(-0.9, -0.1), y=(-0.9, -0.1))
def log_gamma_prod_neg_false(x, y):
    return log(gamma(x) * gamma(y)) >= 2.54

@claim(x=(0, 1), y=(0, 1))
def log_neg_factors_true(x, y):  # max log(2 e) = 1.6931 at (1, 0)
    return log((x - 2) * (y - 2) * exp(x)) <= 1.7

@claim(x=(0, 1), y=(0, 1))
def log_neg_factors_false(x, y):
    return log((x - 2) * (y - 2) * exp(x)) <= 1.69

@claim(x=(0, 1), y=(0, 1))
def log_quotient_neg_true(x, y):  # log((x-2)/(y-2) e^y) = log((2-x)/(2-y)) + y; max at x=0, y=1: log 2 + 1 = 1.6931
    return log((x - 2) / (y - 2) * exp(y)) <= 1.7

@claim(x=(0, 1), y=(0, 1))
def log_quotient_neg_false(x, y):
    return log((x - 2) / (y - 2) * exp(y)) <= 1.69

# 13 equality at a corner under a strict relation; 40-digit decimals of pi on either side of it
@claim(x=(0, 1), y=(0, 1))
def strict_eq_false(x, y):  # equality at (1, 1)
    return exp(x) * exp(y) < exp(2)

@claim(x=(1, 3), y=(0, 1))
def gamma_ratio_strict_false(x, y):  # the ratio is 1 everywhere: equality on y = 0
    return gamma(x + 1) / (x * gamma(x)) * exp(-y) < 1

@claim(x=(0, 1), y=(0, 1))
def sqrt_prod_true(x, y):  # sqrt(e^x e^y) = e^((x+y)/2) <= e
    return sqrt(exp(x) * exp(y)) <= exp(1)

@claim(x=(0, 1), y=(0, 1))
def sqrt_prod_strict_false(x, y):
    return sqrt(exp(x) * exp(y)) < exp(1)

@claim(x=(0, 1), y=(0, 1))
def npdf_pi_strict_false(x, y):  # equality 1/(2 pi) at (1, 1)
    return npdf(x - 1) * npdf(y - 1) < 1 / (2 * pi)

@claim(x=(0, 1), y=(0, 1))
def npdf_pi_le_true(x, y):
    return npdf(x - 1) * npdf(y - 1) <= 1 / (2 * pi)

@claim(x=(0, 1), y=(0, 1))
def npdf_dec_above_false(x, y):  # the decimal is above pi by 3e-40: 1/(2 dec) < 1/(2 pi)
    return npdf(x - 1) * npdf(y - 1) <= 1 / (2 * 3.141592653589793238462643383279502884198)

@claim(x=(0, 1), y=(0, 1))
def npdf_dec_below_true(x, y):  # the decimal is below pi: 1/(2 dec) > 1/(2 pi) >= the product
    return npdf(x - 1) * npdf(y - 1) < 1 / (2 * 3.141592653589793238462643383279502884197)
'''

# name -> truth (True: the claim holds on its whole box), settled in test_truth_of_the_claims
TRUTH = {
    "strip_true": True, "strip_false": False, "strip_lower_true": True,
    "neg_neg_false": False, "neg_neg_true": True, "neg_factors_false": False, "neg_factors_true": True,
    "gamma_pole": False, "gamma_pole_ge": False,
    "npdf_tiny_true": True, "npdf_tiny_false": False, "npdf_tiny_positive": True,
    "huge_false": False, "huge_true": True, "tiny_gap_false": False, "tiny_gap_true": True,
    "decimal_tenth_false": False, "decimal_tenth_true": True,
    "square_zero_true": True, "square_zero_false": False,
    "quotient_poles": False, "sqrt_crossing": False,
    "gamma_prod_true": True, "gamma_prod_false": False,
    "gamma_times_x_true": True, "gamma_times_x_false": False,
    "gamma_gamma_neg_true": True, "gamma_gamma_neg_false": False,
    "gamma_neg_exp_false": False, "gamma_neg_exp_true": True,
    "log_gamma_prod_neg_true": True, "log_gamma_prod_neg_false": False,
    "log_neg_factors_true": True, "log_neg_factors_false": False,
    "log_quotient_neg_true": True, "log_quotient_neg_false": False,
    "strict_eq_false": False, "gamma_ratio_strict_false": False, "sqrt_prod_true": True,
    "sqrt_prod_strict_false": False, "npdf_pi_strict_false": False, "npdf_pi_le_true": True,
    "npdf_dec_above_false": False, "npdf_dec_below_true": True,
}
NAMES = sorted(TRUTH)


@pytest.fixture(scope="module")
def adversary(tmp_path_factory):
    d = tmp_path_factory.mktemp("adversary")
    (d / "adv.py").write_text(CLAIMS)
    return d, {c.name: c for c in load_file(d / "adv.py")}


def test_truth_of_the_claims():
    m = mpmath
    m.mp.dps = 50
    e, E2 = m.e, m.exp(2)
    grid = [m.mpf(i) / 200 for i in range(201)]  # [0, 1]
    # the witnesses of the false claims (inside their boxes), by the claim as written, exactly
    assert (1 - m.mpf("0.2")) * (1 - m.mpf("0.3")) * E2 > m.mpf("4.1")
    assert E2 > m.mpf("7.3") and (1 - 2) * (1 - 2) * E2 > 7  # neg_neg_false, neg_factors_false at (1, 1)
    assert m.npdf(37) * m.npdf(0) > m.mpf("1e-320")
    assert m.mpf("7.389056098930650") < E2 < m.mpf("7.389056098930651")  # huge_*: decimals, not floats
    assert m.mpf(float("7.389056098930650")) > E2  # (the float of the false one's literal is above e^2)
    assert E2 > E2 - m.mpf("1e-14") and m.mpf("0.1") * E2 > m.mpf("0.1") * E2 - m.mpf("1e-17")
    assert m.mpf("0.63") ** 2 * E2 > m.mpf("0.63") ** 2 * E2 - m.mpf("1e-9")  # square_zero_false at (1, 1)
    xq = m.mpf("0.6000137329101562")
    assert m.exp(xq) * m.exp(m.mpf("0.5")) / ((xq - m.mpf("0.4")) * (xq - m.mpf("0.6"))) > 10**6  # quotient_poles
    # (gamma_pole*, sqrt_crossing: undefined at x = 0 resp. on (0.2, 0.3), inside their boxes)
    g0 = m.findroot(m.digamma, m.mpf("1.46"))  # Gamma's minimum on (0, inf)
    assert m.gamma(g0) ** 2 < m.mpf("0.7843") and m.gamma(g0) ** 2 > m.mpf("0.78429")
    assert m.gamma(m.mpf("0.9")) < m.mpf("1.07")  # gamma_times_x_false at x -> -0.1 (Gamma(x) x = Gamma(x+1))
    gn = m.findroot(m.digamma, m.mpf("-0.5"))  # the maximum of Gamma on (-1, 0), negative
    assert m.mpf("-0.9") < gn < m.mpf("-0.1") and m.mpf("3.5447") > -m.gamma(gn) > m.mpf("3.5446")
    assert m.gamma(gn) ** 2 < m.mpf("12.57") and m.log(m.gamma(gn) ** 2) < m.mpf("2.54")
    assert -m.gamma(gn) > m.mpf("3.5")  # gamma_neg_exp_false
    assert m.log((2 - m.mpf("0.9375")) * 2 * m.exp(m.mpf("0.9375"))) > m.mpf("1.69")
    assert m.log(m.mpf(2) / 1 * e) > m.mpf("1.69")  # log_quotient_neg_false at (0, 1)
    # the extremes of the true claims on a grid (their locations argued in the comments of CLAIMS)
    s = lambda x: (x - m.mpf("0.2")) * (x - m.mpf("0.3")) * m.exp(x)  # noqa: E731
    assert max(s(x) for x in grid) * e <= m.mpf("4.2") and min(s(x) for x in grid) * e >= m.mpf("-0.01")
    assert max((2 - x) * (2 - y) * m.exp(x + y) for x in grid[::10] for y in grid[::10]) <= m.mpf("7.5")
    assert m.npdf(39) < m.mpf("1e-320")
    assert max((y - m.mpf("0.37")) ** 2 * m.exp(1 + y) for y in grid) <= m.mpf("0.63") ** 2 * E2
    assert m.gamma(g0) ** 2 >= m.mpf("0.78429")
    assert m.gamma(m.mpf("0.9")) >= m.mpf("1.06") and m.gamma(gn) ** 2 >= m.mpf("12.56")
    assert -m.gamma(gn) >= m.mpf("3.54") and m.log(m.gamma(gn) ** 2) >= m.mpf("2.53")
    assert max(m.log((2 - x) * (2 - y) * m.exp(x)) for x in grid[::5] for y in grid[::5]) <= m.mpf("1.7")
    assert max(m.log((2 - x) / (2 - y) * m.exp(y)) for x in grid[::5] for y in grid[::5]) <= m.mpf("1.7")
    # 13: npdf(x-1) npdf(y-1) <= npdf(0)^2 = 1/(2 pi), attained at (1, 1); the decimals beside pi
    assert abs(m.npdf(0) ** 2 - 1 / (2 * m.pi)) < m.mpf(10) ** -48 and m.npdf(m.mpf("0.001")) < m.npdf(0)
    assert m.mpf("3.141592653589793238462643383279502884197") < m.pi < m.mpf("3.141592653589793238462643383279502884198")
    assert m.gamma(2 + 1) / (2 * m.gamma(2)) == 1  # (Gamma(x+1) = x Gamma(x))


def _verdict_ok(name, verdict):
    if TRUTH[name]:
        assert verdict != "refuted", f"{name} is true and was refuted"
        assert verdict == "proved", f"{name}: {verdict} (was proved)"
    else:
        assert verdict != "proved", f"{name} is false and was proved"
        assert verdict == "refuted", f"{name}: {verdict} (was refuted)"


@pytest.mark.parametrize("name", NAMES)
def test_check_as_it_is_and_the_kernel_agrees(adversary, name):
    d, claims = adversary
    v = check_module.check(claims[name], budget=5)
    _verdict_ok(name, v.verdict)
    cert = write_certificate(claims[name], v, d / "certs")
    assert cert is not None
    r = verify_certificate(cert)
    assert r.valid and r.verdict == v.verdict, r.message


@pytest.mark.parametrize("name", NAMES)
def test_the_prover_and_the_log_rule_alone(adversary, name, monkeypatch):
    # no counterexample search, no fast path: the parts go to the prover (and the log rule, which
    # hands its failing boxes to confirm); a refutation must still be a point of the claim as written
    d, claims = adversary
    monkeypatch.setattr(check_module, "search", lambda *a, **k: SearchResult())
    monkeypatch.setattr(check_module, "_fast_path", lambda *a, **k: None)
    v = check_module.check(claims[name], budget=5)
    _verdict_ok(name, v.verdict)
    if v.verdict == "refuted":
        c = claims[name]
        point = {n: Fraction(x) for n, x in v.counterexample.items()}
        assert all(var.lo <= point[var.name] <= var.hi for var in c.variables)


RULES = ("log", "log+expand", "expand", "square-small", "square-big", "sqrt-both")


@pytest.mark.parametrize("name", [n for n in NAMES if not TRUTH[n]])
def test_proofs_forged_through_every_rule_are_refused(adversary, name):
    # a false claim's certificate turned into a proof: one transformed leaf over the whole box by
    # each rule (its parts: one interval, monotone or point leaf), or the proof of its true twin
    d, claims = adversary
    c = claims[name]
    cert = write_certificate(c, check_module.check(c, budget=5), d / "forged")
    base = json.loads(cert.read_text())
    box = [[lo, hi] for _, lo, hi in base["box"]]
    forged = []
    for rule in RULES:
        for inner in ("interval", "monotone", "point"):
            f = {k: v for k, v in base.items() if k != "counterexample"}
            f.update(verdict="proved", trust="Arb + kernel + sympy", parts=[{"part": 0, "by": "tiling", "tiling": [
                {"box": box, "by": "transformed", "rule": rule, "signs": None, "parts": [[{"box": box, "by": inner}]]}]}])
            forged.append(f)
    twin = name[: -len("_false")] + "_true" if name.endswith("_false") else None
    if twin in claims:
        tc = write_certificate(claims[twin], check_module.check(claims[twin], budget=5), d / "forged")
        f = copy.deepcopy(json.loads(tc.read_text()))
        f["claim"], f["box"] = base["claim"], base["box"]
        forged.append(f)
    for i, f in enumerate(forged):
        p = cert.parent / f"forged_{i}.cert.json"
        p.write_text(json.dumps(f))
        r = verify_certificate(p)
        assert not r.valid, (i, r.message)


# -- the pytest plugin: a certificate of another lemma file of the same name --------------------------

pytest_plugins = ["pytester"]

SAME_NAME = '''import json, pathlib
from theorycheck import claim, exp

C = json.loads((pathlib.Path(__file__).parent / "c.json").read_text())  # a dict: hashed by this line only

@claim(x=(0, 1))
def above(x):
    return exp(x) > C["c"]
'''


def test_a_certificate_of_a_same_named_lemma_file_elsewhere_is_not_taken(pytester, monkeypatch):
    """lemmas/a/small.py and lemmas/b/small.py share lemmas/certificates/small/: the same body,
    so the same claim hash, but b's data make its claim false (exp(0) = 1 < 2) where a's make it
    true (exp > 1/2 on [0, 1]). The plugin took a's certificate for b's claim (the kernel checked
    a's file, which the certificate names) and reported b's false claim PROVED."""
    monkeypatch.setenv("THEORYCHECK_RECORDS_DIR", "off")
    for d, c in (("a", "0.5"), ("b", "2")):
        (pytester.path / "lemmas" / d).mkdir(parents=True)
        (pytester.path / "lemmas" / d / "small.py").write_text(SAME_NAME)
        (pytester.path / "lemmas" / d / "c.json").write_text('{"c": %s}' % c)
    for _ in range(2):  # the second run starts from the certificate the first left
        result = pytester.runpytest("lemmas", "-v", "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
                                    "--no-reports")
        result.stdout.fnmatch_lines(["*lemmas/a/small.py::above PROVED*", "*lemmas/b/small.py::above FAILED*"])
        result.assert_outcomes(passed=1, failed=1)


# -- the loader: a helper module of the same name beside two lemma files ------------------------------

SHAPES = 'import json, pathlib\nC = json.loads((pathlib.Path(__file__).parent / "c.json").read_text())\n'
USES_SHAPES = 'from theorycheck import claim, exp\nfrom shapes import C\n\n@claim(x=(0, 1))\ndef {name}(x):\n    return exp(x) > C["c"]\n'


def test_a_helper_of_the_same_name_in_another_lemma_directory_does_not_shadow(tmp_path):
    """lemmas/a/shapes.py and lemmas/b/shapes.py: each reads the c.json beside it (0.5 in a, 2 in
    b). Loaded after a's lemma in one process, b's lemma imported a's ``shapes`` (already in
    sys.modules) and its claim exp(x) > 2 on [0, 1], false (exp(0) = 1), was proved; alone, it was
    refuted. Now the helper beside each lemma is the one it gets, whatever was loaded before."""
    import sys

    for d, c, name in (("a", "0.5", "above_a"), ("b", "2", "above_b")):
        (tmp_path / d).mkdir()
        (tmp_path / d / "shapes.py").write_text(SHAPES)
        (tmp_path / d / "c.json").write_text('{"c": %s}' % c)
        (tmp_path / d / f"uses_{d}.py").write_text(USES_SHAPES.format(name=name))
    try:
        a = load_file(tmp_path / "a" / "uses_a.py")[0]
        b = load_file(tmp_path / "b" / "uses_b.py")[0]
        assert check_module.check(a, budget=2).verdict == "proved"  # exp > 1/2 on [0, 1]
        assert check_module.check(b, budget=2).verdict == "refuted"  # exp(0) = 1 < 2
    finally:
        sys.modules.pop("shapes", None)


# -- a longer sweep (slow): bumps of known maximum, thresholds just above and just below ----------------

def _sweep_source():
    """Claims ``F(x, y) <= C`` whose maximum M is known in closed form (attained inside the box):
    F = K exp(-(x-a)^2) exp(-(y-b)^2) (M = K), npdf(x-a) npdf(y-b) (M = 1/(2 pi)), and
    Gamma(x+1)/(x Gamma(x)) exp(-(y-b)^2) K (the ratio is 1: M = K); a, b in (0, 1); C = M (1 +- delta)
    for delta in 1e-3 ... 1e-12, written as a 40-digit decimal (true above M, false below)."""
    import random

    m = mpmath
    m.mp.dps = 60
    rng = random.Random(23)
    lines, truth = ["from theorycheck import claim, exp, npdf, gamma\n"], {}
    for i in range(12):
        a, b = (m.mpf(rng.randint(1, 999)) / 1000 for _ in range(2))
        k = m.mpf(rng.randint(1, 10**6)) / 10**rng.randint(0, 12)
        delta = m.mpf(10) ** -rng.choice([3, 6, 9, 12])
        shape = i % 3
        if shape == 0:
            body, top = f"{m.nstr(k, 20)} * exp(-(x - {m.nstr(a, 5)}) ** 2) * exp(-(y - {m.nstr(b, 5)}) ** 2)", k
        elif shape == 1:
            body, top = f"npdf(x - {m.nstr(a, 5)}) * npdf(y - {m.nstr(b, 5)})", 1 / (2 * m.pi)
        else:
            body, top = f"gamma(x + 1) / (x * gamma(x)) * exp(-(y - {m.nstr(b, 5)}) ** 2) * {m.nstr(k, 20)}", k
        for sign, holds in ((1, True), (-1, False)):
            c = top * (1 + sign * delta)
            text = m.nstr(c, 40, strip_zeros=False, min_fixed=-m.inf, max_fixed=m.inf)
            assert (m.mpf(text) > top) == holds  # the decimal keeps the side of M
            name = f"sweep_{i}_{'true' if holds else 'false'}"
            box = "x=(0.5, 1.5), y=(0, 1)" if shape == 2 else "x=(0, 1), y=(0, 1)"
            lines.append(f"@claim({box})\ndef {name}(x, y):\n    return {body} <= {text}\n")
            truth[name] = holds
    return "\n".join(lines), truth


@pytest.mark.slow
def test_sweep_of_bumps_of_known_maximum(tmp_path, monkeypatch):
    source, truth = _sweep_source()
    (tmp_path / "sweep.py").write_text(source)
    claims = load_file(tmp_path / "sweep.py")
    assert len(claims) == len(truth)
    wrong = []
    for alone in (False, True):
        if alone:
            monkeypatch.setattr(check_module, "search", lambda *a, **k: SearchResult())
            monkeypatch.setattr(check_module, "_fast_path", lambda *a, **k: None)
        for c in claims:
            v = check_module.check(c, budget=5)
            if v.verdict == ("refuted" if truth[c.name] else "proved"):
                wrong.append((c.name, alone, v.verdict))
            if v.verdict != "undecided":
                cert = write_certificate(c, v, tmp_path / f"certs{int(alone)}")
                r = verify_certificate(cert)
                assert r.valid and r.verdict == v.verdict, (c.name, r.message)
    assert not wrong


def test_the_command_line_check_then_verify(adversary, tmp_path, capsys):
    """``theorycheck check FILE::NAME --certificates DIR`` then ``theorycheck verify DIR``, on the
    claims whose proof or refutation goes through the log rule's form."""
    from theorycheck.cli import main as cli_main

    d, claims = adversary
    names = ["huge_false", "huge_true", "decimal_tenth_false", "decimal_tenth_true", "gamma_neg_exp_true",
             "npdf_tiny_false"]
    code = cli_main(["check", *[f"{d / 'adv.py'}::{n}" for n in names], "--certificates", str(tmp_path),
                     "--budget", "5"])
    out = capsys.readouterr().out
    for n in names:
        assert f"{n}: {'proved' if TRUTH[n] else 'refuted'}" in out, out
    assert code != 0  # (some claims are false)
    assert cli_main(["verify", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("valid ") == len(names) and "INVALID" not in out
