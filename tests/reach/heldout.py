"""Issue 15's held-out corpus: 50 published inequalities and identities, none of them in
``corpus.py``, written without reading the prover's code, to estimate how theorycheck does on
lemmas its developers did not tune for.

Same format as ``corpus.py``: a plain ``@claim`` (``theorycheck check tests/reach/heldout.py::NAME``)
with ``source=`` its citation and ``expect=`` its truth, and through :func:`fact` above it what
settles the truth independently of theorycheck: ``reason`` (one line of the source's proof, or
why the false version fails), ``oracle`` (the statement re-typed in plain mpmath, checked at 50
digits on a dense grid by ``python3 -m tests.reach.oracle --corpus heldout``), ``witness`` (false
claims: an exact point where the oracle fails) and ``cut`` (where the finite closed box is ours).

Conventions as in ``corpus.py``: Q(x) = 1 - Phi(x), R(x) = Q(x)/phi(x) (Mills' ratio),
KL(p||q) between Bernoulli laws = p log(p/q) + (1 - p) log((1 - p)/(1 - q)), chi^2(p||q) =
(p - q)^2/(q(1 - q)), V = |p - q|. A source's strict inequality is written ``<=`` where the closed
box adds a point of equality; ``cut`` says so.
"""

from __future__ import annotations

import mpmath as mp
from reach_facts import mQ, registry

from theorycheck import Phi, all_of, claim, erf, erfc, exp, gamma, integral, log, loggamma, npdf, pi, sqrt, tanh
from theorycheck.divergences import gaussian, kl

ENTRIES: dict = {}


fact = registry(ENTRIES)


# -- mpmath twins (the oracles use only these and mpmath) -------------------------------------------

def mkl_ber(p, q):
    return p * mp.log(p / q) + (1 - p) * mp.log((1 - p) / (1 - q))


A7128 = [mp.mpf(s) for s in ("0.0705230784", "0.0422820123", "0.0092705272", "0.0001520143", "0.0002765672",
                             "0.0000430638")]


def mas7128(x):
    return 1 - 1 / (1 + sum(a * x**(i + 1) for i, a in enumerate(A7128)))**16


# -- theorycheck helpers ----------------------------------------------------------------------------

def Q(x):
    """Gaussian tail 1 - Phi(x), through erfc."""
    return erfc(x / sqrt(2)) / 2


def kl_ber(p, q):
    return p * log(p / q) + (1 - p) * log((1 - p) / (1 - q))


X_POS = "x >= 0 in the source; the cut at 10 is ours"
BER = dict(p=("0.05", "0.95"), q=("0.05", "0.95"))
BER_CUT = "p, q in (0, 1) in the source; the cut to [0.05, 0.95]^2 is ours"


# == 1. Gaussian tail and Mills' ratio ============================================================

@fact("mills", "Boyd 1959: the bound is a subsolution of R' = xR - 1 with R(0) = sqrt(pi/2); equality at x = 0",
      lambda x: [(mp.pi / ((mp.pi - 1) * x + mp.sqrt(x**2 + 2 * mp.pi)) * mp.npdf(x), "<=", mQ(x))], cut=X_POS)
@claim(x=(0, 10), source="Boyd 1959, Rep. Statist. Appl. Res. JUSE 6, 'Inequalities for Mills' ratio', lower: "
       "R(x) > pi/((pi - 1)x + sqrt(x^2 + 2 pi)), x > 0", expect="proved")
def boyd_lower(x):
    return Q(x) >= pi / ((pi - 1) * x + sqrt(x**2 + 2 * pi)) * npdf(x)


@fact("mills", "Boyd 1959: supersolution of R' = xR - 1, equality at x = 0, ~1/x at infinity",
      lambda x: [(mQ(x), "<=", mp.pi / (mp.sqrt((mp.pi - 2)**2 * x**2 + 2 * mp.pi) + 2 * x) * mp.npdf(x))],
      cut=X_POS)
@claim(x=(0, 10), source="Boyd 1959, Rep. Statist. Appl. Res. JUSE 6, upper: "
       "R(x) < pi/(sqrt((pi - 2)^2 x^2 + 2 pi) + 2x), x > 0", expect="proved")
def boyd_upper(x):
    return Q(x) <= pi / (sqrt((pi - 2)**2 * x**2 + 2 * pi) + 2 * x) * npdf(x)


@fact("mills", "false: pi - 1 written pi - 2 makes the bound ~1.47/x at infinity, above R ~ 1/x; x = 5: 0.278 > 0.193",
      lambda x: [(mp.pi / ((mp.pi - 2) * x + mp.sqrt(x**2 + 2 * mp.pi)) * mp.npdf(x), "<=", mQ(x))],
      witness={"x": "5"}, cut=X_POS)
@claim(x=(0, 10), source="mis-statement of Boyd 1959 (lower bound with pi - 2 for pi - 1)", expect="refuted")
def boyd_lower_wrong_constant(x):
    return Q(x) >= pi / ((pi - 2) * x + sqrt(x**2 + 2 * pi)) * npdf(x)


@fact("mills", "integration by parts three times: the remainder 15 int phi(t)/t^6 dt is positive",
      lambda x: [(mQ(x), "<=", (1 / x - 1 / x**3 + 3 / x**5) * mp.npdf(x))],
      cut="x > 0 in the source; the cut to [1/2, 10] is ours")
@claim(x=("0.5", 10), source="Feller 1968, An Introduction to Probability Theory I, VII.1 Problem 1 "
       "(A&S 26.2.12, the asymptotic series: a partial sum ending in a + term is an upper bound)", expect="proved")
def feller_third_order_upper(x):
    return Q(x) <= (1 / x - 1 / x**3 + 3 / x**5) * npdf(x)


@fact("mills", "by parts four times: the remainder -105 int phi/t^8 is negative, so the partial sum is below Q",
      lambda x: [((1 / x - 1 / x**3 + 3 / x**5 - 15 / x**7) * mp.npdf(x), "<=", mQ(x))],
      cut="x > 0 in the source; the cut to [1, 10] is ours")
@claim(x=(1, 10), source="Feller 1968, VII.1 Problem 1 (A&S 26.2.12): a partial sum ending in a - term is a "
       "lower bound", expect="proved")
def feller_fourth_order_lower(x):
    return Q(x) >= (1 / x - 1 / x**3 + 3 / x**5 - 15 / x**7) * npdf(x)


@fact("mills", "false: the upper partial sum read as a lower bound; x = 2: Q = 0.02275 < (1/2 - 1/8 + 3/32) phi(2) = 0.0253",
      lambda x: [((1 / x - 1 / x**3 + 3 / x**5) * mp.npdf(x), "<=", mQ(x))], witness={"x": "2"},
      cut="x > 0 in the source; the cut to [1/2, 10] is ours")
@claim(x=("0.5", 10), source="mis-statement of A&S 26.2.12 (the third-order partial sum as a lower bound)",
       expect="refuted")
def feller_third_order_as_lower(x):
    return Q(x) >= (1 / x - 1 / x**3 + 3 / x**5) * npdf(x)


# == 2. erf and erfc ===============================================================================

@fact("erf", "A&S 7.1.28 (Hastings); mpmath: max |eps| = 2.602e-7 on [0, 5], near x = 0.97",
      lambda x: [(abs(mp.erf(x) - mas7128(x)), "<=", mp.mpf("3e-7"))],
      cut="x >= 0 in the source; the cut at 5 is ours")
@claim(x=(0, 5), source="Abramowitz & Stegun 7.1.28: erf x = 1 - (1 + a1 x + ... + a6 x^6)^-16 + eps, "
       "|eps| <= 3e-7", expect="proved")
def as_7_1_28(x):
    p = 1 + 0.0705230784 * x + 0.0422820123 * x**2 + 0.0092705272 * x**3 + 0.0001520143 * x**4 \
        + 0.0002765672 * x**5 + 0.0000430638 * x**6
    return abs(erf(x) - (1 - 1 / p**16)) <= 3e-7


@fact("erf", "false: the error reaches 2.602e-7 > 2.5e-7 near x = 0.97 (and 0.28, 1.95)",
      lambda x: [(abs(mp.erf(x) - mas7128(x)), "<=", mp.mpf("2.5e-7"))], witness={"x": "0.97"},
      cut="x >= 0 in the source; the cut at 5 is ours")
@claim(x=(0, 5), source="mis-statement of A&S 7.1.28 (the error bound 3e-7 tightened to 2.5e-7)",
       expect="refuted")
def as_7_1_28_tightened(x):
    p = 1 + 0.0705230784 * x + 0.0422820123 * x**2 + 0.0092705272 * x**3 + 0.0001520143 * x**4 \
        + 0.0002765672 * x**5 + 0.0000430638 * x**6
    return abs(erf(x) - (1 - 1 / p**16)) <= 2.5e-7


@fact("erf", "Chernoff: erfc x = 2 P(Z > sqrt2 x) <= 2 * e^{-x^2}/2 (the halved Chernoff bound); equality at 0",
      lambda x: [(mp.erfc(x), "<=", mp.exp(-x**2))], cut="x >= 0 in the source; the cut at 5 is ours")
@claim(x=(0, 5), source="Chernoff-type bound erfc(x) <= exp(-x^2), x >= 0 (Chiani, Dardari & Simon 2003, "
       "IEEE Trans. Wireless Commun. 2(4), eq. (9) with x = sqrt2 t)", expect="proved")
def erfc_below_gaussian(x):
    return erfc(x) <= exp(-x**2)


@fact("erf", "erf'' = -4x/sqrt(pi) e^{-x^2} <= 0 on x >= 0: midpoint concavity; equality on the line x = y",
      lambda x, y: [((mp.erf(x) + mp.erf(y)) / 2, "<=", mp.erf((x + y) / 2))])
@claim(x=(0, 3), y=(0, 3), source="erf is concave on [0, inf) (DLMF 7.10: erf'' = -2z erf'), midpoint form",
       expect="proved")
def erf_midpoint_concave(x, y):
    return erf((x + y) / 2) >= (erf(x) + erf(y)) / 2


@fact("erf", "concave with erf(0) = 0 on [0, inf) gives subadditivity; equality on the lines x = 0 and y = 0",
      lambda x, y: [(mp.erf(x + y), "<=", mp.erf(x) + mp.erf(y))])
@claim(x=(0, 3), y=(0, 3), source="erf is subadditive on [0, inf) (concave through 0; e.g. Alzer 2010, "
       "J. Math. Anal. Appl. 366, 'Error function inequalities', §1)", expect="proved")
def erf_subadditive(x, y):
    return erf(x + y) <= erf(x) + erf(y)


@fact("erf", "Jensen: (1/x) int_0^x e^{-t^2} dt >= exp(-(1/x) int_0^x t^2 dt) = e^{-x^2/3}; equality at 0",
      lambda x: [(2 / mp.sqrt(mp.pi) * x * mp.exp(-x**2 / 3), "<=", mp.erf(x))],
      cut="x >= 0 in the source; the cut at 3 is ours")
@claim(x=(0, 3), source="Jensen's inequality for the mean of e^{-t^2} (Mitrinovic 1970, Analytic Inequalities, "
       "§3.9 on erf): erf x >= (2/sqrt pi) x exp(-x^2/3)", expect="proved")
def erf_jensen_lower(x):
    return erf(x) >= 2 / sqrt(pi) * x * exp(-x**2 / 3)


@fact("erf", "false: the Jensen lower bound read as an upper one; x = 1: erf(1) = 0.8427 > 0.8084",
      lambda x: [(mp.erf(x), "<=", 2 / mp.sqrt(mp.pi) * x * mp.exp(-x**2 / 3))], witness={"x": "1"})
@claim(x=(0, 3), source="mis-statement of the Jensen bound for erf (direction reversed)", expect="refuted")
def erf_jensen_as_upper(x):
    return erf(x) <= 2 / sqrt(pi) * x * exp(-x**2 / 3)


# == 3. exp and log ================================================================================

@fact("exp-log", "e^{-x} >= 1 - x, and for x < 1 both sides are positive: invert; equality at 0",
      lambda x: [(mp.exp(x), "<=", 1 / (1 - x))], cut="x < 1 in the source; the cut to [-3, 0.9] is ours")
@claim(x=(-3, "0.9"), source="DLMF 4.5.8 (Mitrinovic 1970, 3.6.2): e^x < 1/(1 - x), x < 1, x != 0", expect="proved")
def exp_below_reciprocal(x):
    return exp(x) <= 1 / (1 - x)


@fact("exp-log", "Taylor with Lagrange remainder e^xi x^4/24 >= 0 for every real x; equality at 0 (order 4)",
      lambda x: [(1 + x + x**2 / 2 + x**3 / 6, "<=", mp.exp(x))])
@claim(x=(-5, 5), source="Taylor's theorem (Hardy, A Course of Pure Mathematics, §150): an odd-degree Taylor "
       "polynomial of exp is below it on all of R", expect="proved")
def exp_above_cubic_taylor(x):
    return exp(x) >= 1 + x + x**2 / 2 + x**3 / 6


@fact("exp-log", "false for x < 0: remainder e^xi x^5/120 < 0; x = -2: e^-2 = 0.135 < 1/3",
      lambda x: [(1 + x + x**2 / 2 + x**3 / 6 + x**4 / 24, "<=", mp.exp(x))], witness={"x": "-2"})
@claim(x=(-5, 5), source="mis-statement: an even-degree (4) Taylor polynomial of exp taken as a lower bound on R",
       expect="refuted")
def exp_above_quartic_taylor(x):
    return exp(x) >= 1 + x + x**2 / 2 + x**3 / 6 + x**4 / 24


@fact("exp-log", "geometric <= logarithmic mean with y = 1: ln x <= (x - 1)/sqrt x for x >= 1; equality at 1",
      lambda x: [(mp.log(x), "<=", (x - 1) / mp.sqrt(x))], cut="x >= 1 in the source; the cut at 10 is ours")
@claim(x=(1, 10), source="Karamata 1949 / Carlson 1972, Amer. Math. Monthly 79 (GM <= LM): "
       "ln x <= (x - 1)/sqrt(x), x >= 1", expect="proved")
def log_below_karamata(x):
    return log(x) <= (x - 1) / sqrt(x)


@fact("exp-log", "false for x < 1 (the inequality reverses); x = 1/4: ln = -1.386 > -1.5",
      lambda x: [(mp.log(x), "<=", (x - 1) / mp.sqrt(x))], witness={"x": "0.25"})
@claim(x=("0.1", 10), source="mis-statement of the GM-LM inequality (x >= 1 dropped)", expect="refuted")
def log_below_karamata_below_one(x):
    return log(x) <= (x - 1) / sqrt(x)


# == 4. tanh, logistic, softplus ===================================================================

@fact("tanh-logistic", "Lambert's continued fraction tanh x = x/(1 + x^2/(3 + x^2/(5 + ...))): even convergents "
      "are below; equality at 0", lambda x: [(3 * x / (3 + x**2), "<=", mp.tanh(x))],
      cut="x >= 0 in the source; the cut at 10 is ours")
@claim(x=(0, 10), source="Lambert's continued fraction for tanh (Cuyt et al. 2008, Handbook of Continued Fractions "
       "for Special Functions, 11.1.x; DLMF 4.35): second convergent 3x/(3 + x^2) <= tanh x", expect="proved")
def tanh_lambert_lower(x):
    return 3 * x / (3 + x**2) <= tanh(x)


@fact("tanh-logistic", "third convergent x(15 + x^2)/(15 + 6x^2) is above tanh for x >= 0; equality at 0 (order 7)",
      lambda x: [(mp.tanh(x), "<=", x * (15 + x**2) / (15 + 6 * x**2))],
      cut="x >= 0 in the source; the cut at 10 is ours")
@claim(x=(0, 10), source="Lambert's continued fraction for tanh (Cuyt et al. 2008), third convergent: "
       "tanh x <= x(15 + x^2)/(15 + 6x^2)", expect="proved")
def tanh_lambert_upper(x):
    return tanh(x) <= x * (15 + x**2) / (15 + 6 * x**2)


@fact("tanh-logistic", "false: the upper convergent read as a lower bound; x = 1: tanh 1 = 0.76159 < 16/21 = 0.76190",
      lambda x: [(x * (15 + x**2) / (15 + 6 * x**2), "<=", mp.tanh(x))], witness={"x": "1"})
@claim(x=(0, 10), source="mis-statement of Lambert's third convergent (read as a lower bound)", expect="refuted")
def tanh_lambert_upper_as_lower(x):
    return tanh(x) >= x * (15 + x**2) / (15 + 6 * x**2)


@fact("tanh-logistic", "softplus(x) - x/2 = log 2 + log cosh(x/2) and 0 <= log cosh u <= u^2/2 (cosh u <= e^{u^2/2}); "
      "both equalities at 0",
      lambda x: [(mp.log(2) + x / 2, "<=", mp.log(1 + mp.exp(x))),
                 (mp.log(1 + mp.exp(x)), "<=", mp.log(2) + x / 2 + x**2 / 8)])
@claim(x=(-5, 5), source="softplus sandwich (Boyd & Vandenberghe 2004, Convex Optimization, §3.1: convex, above "
       "its tangent at 0; the quadratic from cosh u <= exp(u^2/2), Hoeffding 1963)", expect="proved")
def softplus_quadratic_sandwich(x):
    return all_of(log(2) + x / 2 <= log(1 + exp(x)), log(1 + exp(x)) <= log(2) + x / 2 + x**2 / 8)


@fact("tanh-logistic", "false: curvature 1/8 at 0 lowered to 1/10; x = 1: softplus 1.31326 > 1.29315",
      lambda x: [(mp.log(1 + mp.exp(x)), "<=", mp.log(2) + x / 2 + x**2 / 10)], witness={"x": "1"})
@claim(x=(-5, 5), source="mis-statement of the softplus quadratic bound (x^2/10 for x^2/8)", expect="refuted")
def softplus_quadratic_too_tight(x):
    return log(1 + exp(x)) <= log(2) + x / 2 + x**2 / 10


# == 5. divergences ================================================================================

@fact("divergence", "Pinsker for two-point laws (the base case of its proof): f(q) = KL - 2(p - q)^2 has f(p) = 0, "
      "f' has the sign of q - p; equality on the line p = q",
      lambda p, q: [(2 * (p - q)**2, "<=", mkl_ber(p, q))], cut=BER_CUT)
@claim(**BER, source="Cover & Thomas 2006, Elements of Information Theory, Lemma 11.6.1 (Pinsker, binary case): "
       "KL(p||q) >= 2 (p - q)^2", expect="proved")
def pinsker_bernoulli(p, q):
    return kl_ber(p, q) >= 2 * (p - q)**2


@fact("divergence", "false: KL ~ (p - q)^2/(2p(1 - p)) = 2 (p - q)^2 at p = 1/2; p = 1/2, q = 0.4: 0.0204 < 0.04",
      lambda p, q: [(4 * (p - q)**2, "<=", mkl_ber(p, q))], witness={"p": "0.5", "q": "0.4"}, cut=BER_CUT)
@claim(**BER, source="mis-statement of Pinsker's inequality (constant 2 doubled to 4)", expect="refuted")
def pinsker_bernoulli_constant_doubled(p, q):
    return kl_ber(p, q) >= 4 * (p - q)**2


@fact("divergence", "KL = E_p log(p/q) <= log E_p(p/q) = log(1 + chi^2) <= chi^2; equality on p = q",
      lambda p, q: [(mkl_ber(p, q), "<=", (p - q)**2 / (q * (1 - q)))], cut=BER_CUT)
@claim(**BER, source="Tsybakov 2009, Introduction to Nonparametric Estimation, Lemma 2.7 (KL <= chi^2), "
       "between Bernoulli laws", expect="proved")
def kl_below_chi2_bernoulli(p, q):
    return kl_ber(p, q) <= (p - q)**2 / (q * (1 - q))


@fact("divergence", "false: chi^2 >= KL, not the reverse; p = 1/2, q = 1/10: chi^2 = 1.78 > KL = 0.511",
      lambda p, q: [((p - q)**2 / (q * (1 - q)), "<=", mkl_ber(p, q))], witness={"p": "0.5", "q": "0.1"},
      cut=BER_CUT)
@claim(**BER, source="mis-statement of Tsybakov 2009, Lemma 2.7 (chi^2 <= KL, reversed)", expect="refuted")
def chi2_below_kl_bernoulli(p, q):
    return (p - q)**2 / (q * (1 - q)) <= kl_ber(p, q)


@fact("divergence", "Bretagnolle-Huber: V <= sqrt(1 - exp(-KL)); for two-point laws, equality on p = q",
      lambda p, q: [(abs(p - q), "<=", mp.sqrt(1 - mp.exp(-mkl_ber(p, q))))], cut=BER_CUT)
@claim(**BER, source="Bretagnolle & Huber 1979, Z. Wahrsch. 47 (Tsybakov 2009, Lemma 2.6 / eq. (2.25)): "
       "|p - q| <= sqrt(1 - exp(-KL)), Bernoulli laws", expect="proved")
def bretagnolle_huber_bernoulli(p, q):
    return abs(p - q) <= sqrt(1 - exp(-kl_ber(p, q)))


@fact("divergence", "closed form: KL(N(0, s^2)||N(0, 1)) = (s^2 - 1 - log s^2)/2 (a Gaussian integral; oracle by quadrature)",
      lambda s: [(mp.quad(lambda x: mp.npdf(x, 0, s) * (mp.log(mp.npdf(x, 0, s)) - mp.log(mp.npdf(x))),
                          [-mp.inf, -10 * s, 0, 10 * s, mp.inf]), "==", (s**2 - 1 - mp.log(s**2)) / 2)],
      cut="s > 0 in the source; the cut to [1/2, 2] is ours")
@claim(s=("0.5", 2), source="Kullback 1959, Information Theory and Statistics, Ch. 9 (KL between normal laws of "
       "unequal variance), as in Cover & Thomas 2006, Problem 8.x", expect="proved")
def kl_gaussian_variance(s):
    return kl(gaussian(0, s), gaussian(0, 1)) == (s**2 - 1 - log(s**2)) / 2


@fact("divergence", "false: log s^2 written log s; s = 2: KL = 0.80685 != (4 - 1 - log 2)/2 = 1.15343",
      lambda s: [(mp.quad(lambda x: mp.npdf(x, 0, s) * (mp.log(mp.npdf(x, 0, s)) - mp.log(mp.npdf(x))),
                          [-mp.inf, -10 * s, 0, 10 * s, mp.inf]), "==", (s**2 - 1 - mp.log(s)) / 2)],
      witness={"s": "2"}, cut="s > 0 in the source; the cut to [1/2, 2] is ours")
@claim(s=("0.5", 2), source="mis-statement of the Gaussian KL closed form (log s for log s^2)", expect="refuted")
def kl_gaussian_variance_wrong_log(s):
    return kl(gaussian(0, s), gaussian(0, 1)) == (s**2 - 1 - log(s)) / 2


# == 6. Lipschitz and convexity ====================================================================

@fact("lipschitz", "mean value theorem, |erf'| <= 2/sqrt(pi); equality on the line x = y",
      lambda x, y: [(abs(mp.erf(x) - mp.erf(y)), "<=", 2 / mp.sqrt(mp.pi) * abs(x - y))])
@claim(x=(-3, 3), y=(-3, 3), source="DLMF 7.2.1 + mean value theorem: erf is (2/sqrt pi)-Lipschitz", expect="proved")
def erf_lipschitz(x, y):
    return abs(erf(x) - erf(y)) <= 2 / sqrt(pi) * abs(x - y)


@fact("lipschitz", "false: erf'(0) = 1.128 > 1; x = 1/10, y = 0: 0.11246 > 0.1",
      lambda x, y: [(abs(mp.erf(x) - mp.erf(y)), "<=", abs(x - y))], witness={"x": "0.1", "y": "0"})
@claim(x=(-3, 3), y=(-3, 3), source="mis-statement: erf taken as 1-Lipschitz", expect="refuted")
def erf_lipschitz_one(x, y):
    return abs(erf(x) - erf(y)) <= abs(x - y)


@fact("lipschitz", "log phi is concave: log phi((x+y)/2) - (log phi x + log phi y)/2 = (x - y)^2/8 >= 0; "
      "equality on x = y",
      lambda x, y: [(mp.sqrt(mp.npdf(x) * mp.npdf(y)), "<=", mp.npdf((x + y) / 2))])
@claim(x=(-4, 4), y=(-4, 4), source="log-concavity of the Gaussian density (Saumard & Wellner 2014, Stat. Surveys 8, "
       "§2), midpoint form", expect="proved")
def npdf_midpoint_log_concave(x, y):
    return npdf((x + y) / 2) >= sqrt(npdf(x) * npdf(y))


@fact("lipschitz", "Phi'' = -x phi >= 0 on x <= 0: Phi is convex there; equality on x = y",
      lambda x, y: [(mp.ncdf((x + y) / 2), "<=", (mp.ncdf(x) + mp.ncdf(y)) / 2)])
@claim(x=(-4, 0), y=(-4, 0), source="Phi is convex on (-inf, 0] (Phi'' = -x phi; A&S 26.2.x), midpoint form",
       expect="proved")
def phi_midpoint_convex_negative(x, y):
    return Phi((x + y) / 2) <= (Phi(x) + Phi(y)) / 2


@fact("lipschitz", "false: Phi is concave on x >= 0; x = 0, y = 2: Phi(1) = 0.841 > 0.739",
      lambda x, y: [(mp.ncdf((x + y) / 2), "<=", (mp.ncdf(x) + mp.ncdf(y)) / 2)], witness={"x": "0", "y": "2"})
@claim(x=(-2, 2), y=(-2, 2), source="mis-statement: Phi's convexity on (-inf, 0] taken on all of R", expect="refuted")
def phi_midpoint_convex_all(x, y):
    return Phi((x + y) / 2) <= (Phi(x) + Phi(y)) / 2


# == 7. polynomials ================================================================================

@fact("polynomial", "Muirhead (4,0,0) majorises (2,1,1); or x^4 + y^4 + z^4 >= x^2y^2 + ... >= xyz(x + y + z); "
      "equality on the line x = y = z",
      lambda x, y, z: [(x * y * z * (x + y + z), "<=", x**4 + y**4 + z**4)])
@claim(x=(-2, 2), y=(-2, 2), z=(-2, 2), source="Hardy, Littlewood & Polya 1952, Inequalities, §2.18 (Muirhead): "
       "x^4 + y^4 + z^4 >= xyz(x + y + z)", expect="proved")
def muirhead_fourth_degree(x, y, z):
    return x**4 + y**4 + z**4 >= x * y * z * (x + y + z)


@fact("polynomial", "Schur's inequality with an even exponent t = 2 holds for all reals (order x >= y >= z, group "
      "terms); equality on x = y = z and elsewhere",
      lambda x, y, z: [(0, "<=", x**2 * (x - y) * (x - z) + y**2 * (y - x) * (y - z) + z**2 * (z - x) * (z - y))])
@claim(x=(-2, 2), y=(-2, 2), z=(-2, 2), source="Schur's inequality, t = 2 (Hardy, Littlewood & Polya 1952, §2.18 "
       "ex.; even t: all real x, y, z)", expect="proved")
def schur_t2_all_reals(x, y, z):
    return x**2 * (x - y) * (x - z) + y**2 * (y - x) * (y - z) + z**2 * (z - x) * (z - y) >= 0


@fact("polynomial", "Robinson 1973: nonnegative (not a sum of squares); zeros at (0, +-1), (+-1, 0), (+-1, +-1)",
      lambda x, y: [(0, "<=", x**6 + y**6 + 1 - (x**4 * y**2 + x**2 * y**4 + x**4 + y**4 + x**2 + y**2)
                     + 3 * x**2 * y**2)])
@claim(x=(-2, 2), y=(-2, 2), source="Robinson 1973, 'Some definite polynomials which are not sums of squares of "
       "real polynomials' (the dehomogenised Robinson form)", expect="proved")
def robinson_polynomial(x, y):
    return x**6 + y**6 + 1 - (x**4 * y**2 + x**2 * y**4 + x**4 + y**4 + x**2 + y**2) + 3 * x**2 * y**2 >= 0


@fact("polynomial", "false without a, b >= 0: a^3 + b^3 - ab(a + b) = (a + b)(a - b)^2 < 0 when a + b < 0; "
      "a = -1, b = 1/2: -0.875 < 0.25",
      lambda a, b: [(a * b * (a + b), "<=", a**3 + b**3)], witness={"a": "-1", "b": "0.5"})
@claim(a=(-1, 1), b=(-1, 1), source="mis-statement of a^3 + b^3 >= ab(a + b) (a, b >= 0 dropped; "
       "Hardy, Littlewood & Polya 1952, §2.18)", expect="refuted")
def cubic_power_mean_negative(a, b):
    return a**3 + b**3 >= a * b * (a + b)


# == 8. integrals ==================================================================================

@fact("integral", "t^3 phi(t) = d/dt[-(t^2 + 2) phi(t)]",
      lambda x: [(mp.quad(lambda t: t**3 * mp.npdf(t), [0, x]), "==", 2 * mp.npdf(0) - (x**2 + 2) * mp.npdf(x))])
@claim(x=(-3, 3), source="A&S 26.2 (moments of the normal density, by parts): int_0^x t^3 phi = 2 phi(0) - "
       "(x^2 + 2) phi(x)", expect="proved")
def integral_t3_npdf(x):
    return integral(lambda t: t**3 * npdf(t), 0, x) == 2 * npdf(0) - (x**2 + 2) * npdf(x)


@fact("integral", "false: (x^2 + 1) for (x^2 + 2) and phi(0) for 2 phi(0); x = 1: 0.1559 != 0.1149",
      lambda x: [(mp.quad(lambda t: t**3 * mp.npdf(t), [0, x]), "==", mp.npdf(0) - (x**2 + 1) * mp.npdf(x))],
      witness={"x": "1"})
@claim(x=(-3, 3), source="mis-statement of the third truncated moment (the t^2 phi antiderivative's form)",
       expect="refuted")
def integral_t3_npdf_wrong(x):
    return integral(lambda t: t**3 * npdf(t), 0, x) == npdf(0) - (x**2 + 1) * npdf(x)


@fact("integral", "Stein's identity E[Z f(Z)] = E[f'(Z)] truncated to [0, x], f = exp: by parts with phi' = -t phi",
      lambda x: [(mp.quad(lambda t: t * mp.exp(t) * mp.npdf(t), [0, x]), "==",
                  mp.quad(lambda t: mp.exp(t) * mp.npdf(t), [0, x]) + mp.npdf(0) - mp.exp(x) * mp.npdf(x))])
@claim(x=(-2, 2), source="Stein 1981, Ann. Stat. 9, Lemma 1 (E Z f(Z) = E f'(Z)), on [0, x] with f = exp",
       expect="proved")
def stein_identity_exp(x):
    return integral(lambda t: t * exp(t) * npdf(t), 0, x) == \
        integral(lambda t: exp(t) * npdf(t), 0, x) + npdf(0) - exp(x) * npdf(x)


@fact("integral", "d/dx[x erf x + e^{-x^2}/sqrt pi] = erf x + x erf' x - 2x e^{-x^2}/sqrt pi = erf x",
      lambda x: [(mp.quad(mp.erf, [0, x]), "==", x * mp.erf(x) + (mp.exp(-x**2) - 1) / mp.sqrt(mp.pi))])
@claim(x=(-3, 3), source="A&S 7.4.x / DLMF 7.7.x (integrals of erf): int_0^x erf t dt = x erf x + "
       "(e^{-x^2} - 1)/sqrt(pi)", expect="proved")
def integral_of_erf(x):
    return integral(erf, 0, x) == x * erf(x) + (exp(-x**2) - 1) / sqrt(pi)


@fact("integral", "false: the sign of the second term; x = 1: 0.4861 != 1.1983",
      lambda x: [(mp.quad(mp.erf, [0, x]), "==", x * mp.erf(x) - (mp.exp(-x**2) - 1) / mp.sqrt(mp.pi))],
      witness={"x": "1"})
@claim(x=(-3, 3), source="mis-statement of the integral of erf (sign of the exponential term)", expect="refuted")
def integral_of_erf_wrong_sign(x):
    return integral(erf, 0, x) == x * erf(x) - (exp(-x**2) - 1) / sqrt(pi)


# == 9. Gamma function =============================================================================

@fact("gamma", "Gautschi 1959 (log-convexity of Gamma): x^{1-s} < Gamma(x+1)/Gamma(x+s) < (x+1)^{1-s}",
      lambda x, s: [(x**(1 - s), "<=", mp.gamma(x + 1) / mp.gamma(x + s)),
                    (mp.gamma(x + 1) / mp.gamma(x + s), "<=", (x + 1)**(1 - s))],
      cut="x > 0, 0 < s < 1 in the source; the cut to [0.1, 10] x [0.1, 0.9] is ours")
@claim(x=("0.1", 10), s=("0.1", "0.9"), source="Gautschi 1959, J. Math. Phys. 38, 'Some elementary inequalities "
       "relating to the gamma and incomplete gamma function' (DLMF 5.6.4)", expect="proved")
def gautschi(x, s):
    r = gamma(x + 1) / gamma(x + s)
    return all_of(exp((1 - s) * log(x)) <= r, r <= exp((1 - s) * log(x + 1)))


@fact("gamma", "false: Gautschi's lower bound as an upper one; x = 1, s = 1/2: 1/Gamma(3/2) = 1.128 > 1",
      lambda x, s: [(mp.gamma(x + 1) / mp.gamma(x + s), "<=", x**(1 - s))], witness={"x": "1", "s": "0.5"},
      cut="x > 0, 0 < s < 1 in the source; the cut to [0.1, 10] x [0.1, 0.9] is ours")
@claim(x=("0.1", 10), s=("0.1", "0.9"), source="mis-statement of Gautschi's inequality (DLMF 5.6.4, lower bound "
       "read as upper)", expect="refuted")
def gautschi_reversed(x, s):
    return gamma(x + 1) / gamma(x + s) <= exp((1 - s) * log(x))


@fact("gamma", "Wendel 1948 (Hoelder on Gamma's integral): (x/(x+s))^{1-s} <= Gamma(x+s)/(x^s Gamma(x)) <= 1",
      lambda x, s: [((x / (x + s))**(1 - s), "<=", mp.gamma(x + s) / (x**s * mp.gamma(x))),
                    (mp.gamma(x + s) / (x**s * mp.gamma(x)), "<=", 1)],
      cut="x > 0, 0 < s < 1 in the source; the cut to [0.1, 10] x [0.1, 0.9] is ours")
@claim(x=("0.1", 10), s=("0.1", "0.9"), source="Wendel 1948, Amer. Math. Monthly 55, 'Note on the gamma function' "
       "(DLMF 5.6.8)", expect="proved")
def wendel(x, s):
    r = gamma(x + s) / (exp(s * log(x)) * gamma(x))
    return all_of(exp((1 - s) * log(x / (x + s))) <= r, r <= 1)


@fact("gamma", "Binet: log Gamma(x+1) = (x + 1/2) log x - x + log(2 pi)/2 + mu(x), 0 < mu(x) < 1/(12x), x > 0",
      lambda x: [((x + mp.mpf(1) / 2) * mp.log(x) - x + mp.log(2 * mp.pi) / 2, "<=", mp.loggamma(x + 1)),
                 (mp.loggamma(x + 1), "<=", (x + mp.mpf(1) / 2) * mp.log(x) - x + mp.log(2 * mp.pi) / 2 + 1 / (12 * x))],
      cut="x > 0 in the source; the cut to [1/2, 20] is ours")
@claim(x=("0.5", 20), source="Robbins 1955, Amer. Math. Monthly 62 / DLMF 5.6.1: Stirling's formula with "
       "0 < mu(x) < 1/(12x)", expect="proved")
def stirling_binet_bounds(x):
    base = (x + 1 / 2) * log(x) - x + log(2 * pi) / 2
    return all_of(base <= loggamma(x + 1), loggamma(x + 1) <= base + 1 / (12 * x))


@fact("gamma", "false: mu(1) = 1 - log(2 pi)/2 = 0.08106 > 1/13 = 0.07692",
      lambda x: [(mp.loggamma(x + 1), "<=", (x + mp.mpf(1) / 2) * mp.log(x) - x + mp.log(2 * mp.pi) / 2 + 1 / (13 * x))],
      witness={"x": "1"}, cut="x > 0 in the source; the cut to [1/2, 20] is ours")
@claim(x=("0.5", 20), source="mis-statement of Robbins 1955 (1/(13x) for 1/(12x))", expect="refuted")
def stirling_upper_13(x):
    return loggamma(x + 1) <= (x + 1 / 2) * log(x) - x + log(2 * pi) / 2 + 1 / (13 * x)


@fact("gamma", "Bohr-Mollerup: log Gamma is convex; midpoint form, equality on x = y",
      lambda x, y: [(mp.loggamma((x + y) / 2), "<=", (mp.loggamma(x) + mp.loggamma(y)) / 2)])
@claim(x=("0.5", 5), y=("0.5", 5), source="Artin 1931, The Gamma Function, Ch. 1 (Bohr-Mollerup: log Gamma is convex "
       "on (0, inf); DLMF 5.5.x), midpoint form", expect="proved")
def loggamma_midpoint_convex(x, y):
    return loggamma((x + y) / 2) <= (loggamma(x) + loggamma(y)) / 2
