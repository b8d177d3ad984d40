"""Issue 15's reach corpus: published inequalities and identities about Gaussians, erf/erfc and
Mills' ratio, Phi, tanh and the logistic function, exp and log, divergences between Gaussians,
Lipschitz bounds, concentration lemmas and polynomials, each with its citation, and beside several
of them a classic mis-statement (a known-false version: a dropped factor, a reversed bound, a
domain too large, an approximation read as a bound).

Every entry is a plain ``@claim`` (``theorycheck check tests/reach/corpus.py::NAME``) with
``source=`` its citation and ``expect=`` its truth, and, through :func:`fact` above the claim,
what settles the truth *independently of theorycheck*:

* ``reason``: one line of the source's proof (or why the false version fails);
* ``oracle``: the same statement re-typed in plain mpmath (no theorycheck import), returning a
  list of ``(lhs, relation, rhs)``; ``tests/reach/oracle.py`` checks it at 50 digits on a dense
  grid of the box (true claims: holds at every grid point; false ones: fails somewhere);
* ``witness`` (false claims): an exact point of the box where the oracle fails;
* ``cut``: where the source states an unbounded or open domain, the finite closed box is ours,
  and this says so.

Conventions. Q(x) = 1 - Phi(x) = erfc(x/sqrt 2)/2 (the Gaussian tail), R(x) = Q(x)/phi(x) (Mills'
ratio), M(x) = e^{x^2} int_x^inf e^{-t^2} dt = sqrt(pi)/2 e^{x^2} erfc(x) (DLMF 7.8.1).
Divergences between P = N(a, 1) and Q = N(b, 1), d = a - b, in Tsybakov's (2009, §2.4)
conventions: V = sup_A |P(A) - Q(A)| = 2 Phi(|d|/2) - 1; K = KL(P||Q) = d^2/2;
H^2 = int (sqrt p - sqrt q)^2 = 2 (1 - exp(-d^2/8)) (no factor 1/2); chi^2(P||Q) = exp(d^2) - 1.
(Elementary: V is attained on {x > (a + b)/2}; the others are Gaussian integrals; the test
``test_gaussian_closed_forms`` re-checks them by mpmath quadrature.) A source's strict
inequality is kept strict where it holds on our closed box, and written ``<=`` where the closed
box adds a point of equality (say x = 0 of a statement for x > 0); ``cut`` says so.
"""

from __future__ import annotations

import builtins

import mpmath as mp
from reach_facts import mQ, registry

from theorycheck import Phi, all_of, claim, erf, erfc, exp, integral, log, max, npdf, pi, sqrt, tanh
from theorycheck.divergences import gaussian, jsd, kl

ENTRIES: dict = {}


fact = registry(ENTRIES)


# -- mpmath twins of the functions (the oracles use only these and mpmath) -------------------------

def mtv(d):
    return 2 * mp.ncdf(abs(d) / 2) - 1


def msig(x):
    return 1 / (1 + mp.exp(-x))


_max = builtins.max


def _split(a, b):
    return [-mp.inf, _max(a, b) - 12, a, b, _max(a, b) + 12, mp.inf] if a <= b else _split(b, a)


def mkl(a, b):
    """KL(N(a, 1)||N(b, 1)) by quadrature (independent of the closed form)."""
    return mp.quad(lambda x: mp.npdf(x - a) * ((x - b)**2 - (x - a)**2) / 2, _split(a, b))


def mjs(a, b):
    """JS(N(a, 1), N(b, 1)) by quadrature."""
    def f(x):
        p, q = mp.npdf(x - a), mp.npdf(x - b)
        m = (p + q) / 2
        return (p * mp.log(p / m) + q * mp.log(q / m)) / 2
    return mp.quad(f, _split(a, b))


# -- theorycheck helpers (no decimal literals outside bodies) ---------------------------------------

def Q(x):
    """Gaussian tail 1 - Phi(x), written through erfc (no cancellation)."""
    return erfc(x / sqrt(2)) / 2


def tv(a, b):
    """Total variation between N(a, 1) and N(b, 1)."""
    return 2 * Phi(abs(a - b) / 2) - 1


def sigma(x):
    """The logistic function."""
    return 1 / (1 + exp(-x))


GAUSS_PAIR = dict(a=(-3, 3), b=(-3, 3))
X_POS = "x >= 0 in the source; the cut at 10 is ours"
X_OPEN = "x > 0 in the source; the cut to [1/10, 10] is ours"


# == 1. Gaussian tail and Mills' ratio ============================================================

@fact("mills", "R(x) = int_0^inf e^{-xt - t^2/2} dt <= int_0^inf e^{-xt} dt = 1/x", 
      lambda x: [(mQ(x), "<=", mp.npdf(x) / x)], cut=X_OPEN)
@claim(x=("0.1", 10), source="Gordon 1941, Ann. Math. Stat. 12(3), upper: R(x) <= 1/x", expect="proved")
def gordon_upper(x):
    return Q(x) <= npdf(x) / x


@fact("mills", "Gordon 1941: (1 + x^2) R(x) - x = int of a positive integrand; R(x) >= x/(1 + x^2)",
      lambda x: [(mp.mpf(x) / (1 + x**2) * mp.npdf(x), "<=", mQ(x))], cut=X_POS)
@claim(x=(0, 10), source="Gordon 1941, Ann. Math. Stat. 12(3), lower: R(x) >= x/(1 + x^2)", expect="proved")
def gordon_lower(x):
    return Q(x) >= x / (1 + x**2) * npdf(x)


@fact("mills", "false: the upper bound read as a lower one; at x = 1, Q = 0.1587 < phi(1) = 0.2420",
      lambda x: [(mQ(x), ">=", mp.npdf(x) / x)], witness={"x": "1"}, cut=X_OPEN)
@claim(x=("0.1", 10), source="mis-statement of Gordon 1941 (R(x) >= 1/x)", expect="refuted")
def gordon_upper_reversed(x):
    return Q(x) >= npdf(x) / x


@fact("mills", "integrate (1 - 3/t^4) phi(t) = d/dt[-(1/t - 1/t^3) phi(t)] from x to inf; the integrand is < phi",
      lambda x: [((1 / x - 1 / x**3) * mp.npdf(x), "<=", mQ(x))], cut=X_OPEN)
@claim(x=("0.1", 10), source="Feller 1968, An Introduction to Probability Theory I, VII.1 Lemma 2, eq. (1.8)",
       expect="proved")
def feller_lower(x):
    return Q(x) >= (1 / x - 1 / x**3) * npdf(x)


@fact("mills", "false: Feller's lower bound read as an upper one; x = 2: Q = 0.02275 > (1/2 - 1/8) phi(2) = 0.02025",
      lambda x: [(mQ(x), "<=", (1 / x - 1 / x**3) * mp.npdf(x))], witness={"x": "2"}, cut=X_OPEN)
@claim(x=("0.1", 10), source="mis-statement of Feller 1968, VII.1 eq. (1.8) (the lower bound as an upper one)",
       expect="refuted")
def feller_lower_as_upper(x):
    return Q(x) <= (1 / x - 1 / x**3) * npdf(x)


@fact("mills", "Birnbaum 1942: R is the solution of R' = xR - 1; (sqrt(x^2+4) - x)/2 is a subsolution",
      lambda x: [((mp.sqrt(x**2 + 4) - x) / 2 * mp.npdf(x), "<=", mQ(x))], cut=X_POS)
@claim(x=(0, 10), source="Birnbaum 1942, Ann. Math. Stat. 13: R(x) > (sqrt(x^2 + 4) - x)/2, x >= 0",
       expect="proved")
def birnbaum_lower(x):
    return Q(x) >= (sqrt(x**2 + 4) - x) / 2 * npdf(x)


@fact("mills", "false: Birnbaum's lower bound as an upper one; x = 1: R(1) = 0.6557 > (sqrt 5 - 1)/2 = 0.6180",
      lambda x: [(mQ(x), "<=", (mp.sqrt(x**2 + 4) - x) / 2 * mp.npdf(x))], witness={"x": "1"}, cut=X_POS)
@claim(x=(0, 10), source="mis-statement of Birnbaum 1942 (the lower bound as an upper one)", expect="refuted")
def birnbaum_as_upper(x):
    return Q(x) <= (sqrt(x**2 + 4) - x) / 2 * npdf(x)


@fact("mills", "Sampford 1953 (R'(x) = xR - 1 and the convexity of 1/R); mpmath: holds with relative gap ~1e-5 at 10",
      lambda x: [(mQ(x), "<=", 4 / (3 * x + mp.sqrt(x**2 + 8)) * mp.npdf(x))], cut=X_POS)
@claim(x=(0, 10), source="Sampford 1953, Ann. Math. Stat. 24: R(x) < 4/(3x + sqrt(x^2 + 8))", expect="proved")
def sampford_upper(x):
    return Q(x) < 4 / (3 * x + sqrt(x**2 + 8)) * npdf(x)


@fact("mills", "Komatsu 1955: 2/(x + sqrt(x^2 + 2)) is a supersolution of R' = xR - 1",
      lambda x: [(mQ(x), "<=", 2 / (x + mp.sqrt(x**2 + 2)) * mp.npdf(x))], cut=X_POS)
@claim(x=(0, 10), source="Komatsu 1955, Rep. Statist. Appl. Res. JUSE 4, 'Elementary inequalities for Mills ratio': R(x) < 2/(x + sqrt(x^2 + 2))",
       expect="proved")
def komatsu_upper(x):
    return Q(x) < 2 / (x + sqrt(x**2 + 2)) * npdf(x)


@fact("mills", "A&S 7.1.13 (= DLMF 7.8.2), lower side; strict on [0, 10] (1.414 < 1.772 at 0)",
      lambda x: [(2 / (x + mp.sqrt(x**2 + 2)), "<", mp.sqrt(mp.pi) * mp.exp(x**2) * mp.erfc(x))], cut=X_POS)
@claim(x=(0, 10), source="Abramowitz & Stegun 7.1.13 (DLMF 7.8.2), lower bound", expect="proved")
def as_7_1_13_lower(x):
    return 2 / (x + sqrt(x**2 + 2)) < sqrt(pi) * exp(x**2) * erfc(x)


@fact("mills", "A&S 7.1.13 (= DLMF 7.8.2), upper side; equality at x = 0 (both sqrt(pi))",
      lambda x: [(mp.sqrt(mp.pi) * mp.exp(x**2) * mp.erfc(x), "<=", 2 / (x + mp.sqrt(x**2 + 4 / mp.pi)))], cut=X_POS)
@claim(x=(0, 10), source="Abramowitz & Stegun 7.1.13 (DLMF 7.8.2), upper bound", expect="proved")
def as_7_1_13_upper(x):
    return sqrt(pi) * exp(x**2) * erfc(x) <= 2 / (x + sqrt(x**2 + 4 / pi))


@fact("mills", "convergents of an S-fraction with positive coefficients bracket it: 2nd convergent is below M",
      lambda x: [(x / (2 * x**2 + 1), "<=", mp.sqrt(mp.pi) / 2 * mp.exp(x**2) * mp.erfc(x))], cut=X_POS)
@claim(x=(0, 10), source="Abramowitz & Stegun 7.1.14 (Laplace's continued fraction), 2nd convergent: M(x) >= x/(2x^2+1)",
       expect="proved")
def laplace_cf_lower(x):
    return x / (2 * x**2 + 1) <= sqrt(pi) / 2 * exp(x**2) * erfc(x)


@fact("mills", "the 3rd convergent of the same S-fraction is above M; relative gap O(x^-6) at the far end",
      lambda x: [(mp.sqrt(mp.pi) / 2 * mp.exp(x**2) * mp.erfc(x), "<=", (x**2 + 1) / (2 * x**3 + 3 * x))], cut=X_OPEN)
@claim(x=("0.1", 10), source="Abramowitz & Stegun 7.1.14 (Laplace's continued fraction), 3rd convergent: "
       "M(x) <= (x^2+1)/(2x^3+3x)", expect="proved")
def laplace_cf_upper(x):
    return sqrt(pi) / 2 * exp(x**2) * erfc(x) <= (x**2 + 1) / (2 * x**3 + 3 * x)


@fact("mills", "Chernoff: Q(x) <= E e^{t(Z-x)}|_{t=x} / 2 (with the symmetric refinement); equality at x = 0",
      lambda x: [(mQ(x), "<=", mp.exp(-x**2 / 2) / 2)], cut=X_POS)
@claim(x=(0, 10), source="Chernoff-type bound Q(x) <= exp(-x^2/2)/2, x >= 0 (Chiani, Dardari & Simon 2003, §II)",
       expect="proved")
def chernoff_half(x):
    return Q(x) <= exp(-x**2 / 2) / 2


@fact("mills", "false: the rate doubled; x = 2: Q = 0.02275 > exp(-4)/2 = 0.00916",
      lambda x: [(mQ(x), "<=", mp.exp(-x**2) / 2)], witness={"x": "2"}, cut=X_POS)
@claim(x=(0, 10), source="mis-statement of the Chernoff bound (exp(-x^2) for exp(-x^2/2))", expect="refuted")
def chernoff_rate_doubled(x):
    return Q(x) <= exp(-x**2) / 2


@fact("mills", "false: an approximation, not a bound; at x = 0 it gives 1/3 < Q(0) = 1/2",
      lambda x: [(mQ(x), "<=", mp.exp(-x**2 / 2) / 12 + mp.exp(-2 * x**2 / 3) / 4)], witness={"x": "0"}, cut=X_POS)
@claim(x=(0, 10), source="Chiani, Dardari & Simon 2003, IEEE Trans. Wireless Commun. 2(4): their two-exponential "
       "approximation of Q read as an upper bound (a common misreading)", expect="refuted")
def chiani_approximation_as_bound(x):
    return Q(x) <= exp(-x**2 / 2) / 12 + exp(-2 * x**2 / 3) / 4


# == 2. erf ======================================================================================

@fact("erf", "Polya 1949: erf(x)^2 = P(Z1, Z2 in a square) <= P(in the disc of equal area)",
      lambda x: [(mp.erf(x), "<=", mp.sqrt(1 - mp.exp(-4 * x**2 / mp.pi)))], cut="x >= 0 in the source; the cut at 5 is ours")
@claim(x=(0, 5), source="Polya 1949, Proc. First Berkeley Symp. Math. Stat. Prob.: erf(x) <= sqrt(1 - exp(-4x^2/pi))",
       expect="proved")
def polya_upper(x):
    return erf(x) <= sqrt(1 - exp(-4 * x**2 / pi))


@fact("erf", "Chu 1955: erf(x)^2 = P(in the square) >= P(in the inscribed disc) = 1 - exp(-x^2)",
      lambda x: [(mp.sqrt(1 - mp.exp(-x**2)), "<=", mp.erf(x))], cut="x >= 0 in the source; the cut at 5 is ours")
@claim(x=(0, 5), source="Chu 1955, Biometrika 42: erf(x) >= sqrt(1 - exp(-x^2))", expect="proved")
def chu_lower(x):
    return erf(x) >= sqrt(1 - exp(-x**2))


@fact("erf", "false: Polya's upper bound as a lower one; x = 1: erf(1) = 0.8427 < sqrt(1 - e^{-4/pi}) = 0.8526",
      lambda x: [(mp.sqrt(1 - mp.exp(-4 * x**2 / mp.pi)), "<=", mp.erf(x))], witness={"x": "1"})
@claim(x=(0, 5), source="mis-statement of Polya 1949 (the upper bound as a lower one)", expect="refuted")
def polya_as_lower(x):
    return erf(x) >= sqrt(1 - exp(-4 * x**2 / pi))


@fact("erf", "erf' = 2/sqrt(pi) e^{-t^2} <= 2/sqrt(pi); equality at 0",
      lambda x: [(mp.erf(x), "<=", 2 * x / mp.sqrt(mp.pi))], cut="x >= 0 in the source; the cut at 5 is ours")
@claim(x=(0, 5), source="Abramowitz & Stegun 7.1.5 (the alternating series of erf), first partial sum", expect="proved")
def erf_below_linear(x):
    return erf(x) <= 2 * x / sqrt(pi)


@fact("erf", "d/dx of the difference is 2/sqrt(pi) (e^{-x^2} - 1 + x^2) >= 0; equality at 0 (third order)",
      lambda x: [(2 / mp.sqrt(mp.pi) * (x - x**3 / 3), "<=", mp.erf(x))], cut="x >= 0 in the source; the cut at 5 is ours")
@claim(x=(0, 5), source="Abramowitz & Stegun 7.1.5 (the alternating series of erf), second partial sum",
       expect="proved")
def erf_above_cubic(x):
    return erf(x) >= 2 / sqrt(pi) * (x - x**3 / 3)


@fact("erf", "false: the lower partial sum as an upper bound; x = 1: erf(1) = 0.8427 > 0.7522",
      lambda x: [(mp.erf(x), "<=", 2 / mp.sqrt(mp.pi) * (x - x**3 / 3))], witness={"x": "1"})
@claim(x=(0, 5), source="mis-statement of A&S 7.1.5 (an even partial sum as an upper bound)", expect="refuted")
def erf_below_cubic(x):
    return erf(x) <= 2 / sqrt(pi) * (x - x**3 / 3)


@fact("erf", "Hastings' approximation; mpmath: max error 1.394e-7 (at x ~ 0.045) <= 1.5e-7",
      lambda x: [(abs(mp.erf(x) - (1 - (mp.mpf('0.254829592') * (1 / (1 + mp.mpf('0.3275911') * x))
                                        - mp.mpf('0.284496736') * (1 / (1 + mp.mpf('0.3275911') * x))**2
                                        + mp.mpf('1.421413741') * (1 / (1 + mp.mpf('0.3275911') * x))**3
                                        - mp.mpf('1.453152027') * (1 / (1 + mp.mpf('0.3275911') * x))**4
                                        + mp.mpf('1.061405429') * (1 / (1 + mp.mpf('0.3275911') * x))**5)
                                   * mp.exp(-x**2))), "<=", mp.mpf('1.5e-7'))],
      cut="0 <= x < inf in the source; the cut at 10 is ours")
@claim(x=(0, 10), source="Abramowitz & Stegun 7.1.26: |eps(x)| <= 1.5e-7", expect="proved")
def as_7_1_26(x):
    t = 1 / (1 + 0.3275911 * x)
    approx = 1 - (0.254829592 * t - 0.284496736 * t**2 + 1.421413741 * t**3 - 1.453152027 * t**4
                  + 1.061405429 * t**5) * exp(-x**2)
    return abs(erf(x) - approx) <= 1.5e-7


@fact("erf", "false: A&S 7.1.26 with its error bound tightened to 1.2e-7; the error is 1.394e-7 at x = 0.045",
      lambda x: [(abs(mp.erf(x) - (1 - (mp.mpf('0.254829592') * (1 / (1 + mp.mpf('0.3275911') * x))
                                        - mp.mpf('0.284496736') * (1 / (1 + mp.mpf('0.3275911') * x))**2
                                        + mp.mpf('1.421413741') * (1 / (1 + mp.mpf('0.3275911') * x))**3
                                        - mp.mpf('1.453152027') * (1 / (1 + mp.mpf('0.3275911') * x))**4
                                        + mp.mpf('1.061405429') * (1 / (1 + mp.mpf('0.3275911') * x))**5)
                                   * mp.exp(-x**2))), "<=", mp.mpf('1.2e-7'))],
      witness={"x": "0.045"}, cut="0 <= x < inf in the source; the cut at 10 is ours")
@claim(x=(0, 10), source="mis-statement of A&S 7.1.26 (the error bound 1.5e-7 tightened to 1.2e-7)",
       expect="refuted")
def as_7_1_26_tightened(x):
    t = 1 / (1 + 0.3275911 * x)
    approx = 1 - (0.254829592 * t - 0.284496736 * t**2 + 1.421413741 * t**3 - 1.453152027 * t**4
                  + 1.061405429 * t**5) * exp(-x**2)
    return abs(erf(x) - approx) <= 1.2e-7


@fact("erf", "Hastings' 3-term approximation; mpmath: max error 2.18e-5 <= 2.5e-5",
      lambda x: [(abs(mp.erf(x) - (1 - (mp.mpf('0.3480242') * (1 / (1 + mp.mpf('0.47047') * x))
                                        - mp.mpf('0.0958798') * (1 / (1 + mp.mpf('0.47047') * x))**2
                                        + mp.mpf('0.7478556') * (1 / (1 + mp.mpf('0.47047') * x))**3)
                                   * mp.exp(-x**2))), "<=", mp.mpf('2.5e-5'))],
      cut="0 <= x < inf in the source; the cut at 10 is ours")
@claim(x=(0, 10), source="Abramowitz & Stegun 7.1.25: |eps(x)| <= 2.5e-5", expect="proved")
def as_7_1_25(x):
    t = 1 / (1 + 0.47047 * x)
    return abs(erf(x) - (1 - (0.3480242 * t - 0.0958798 * t**2 + 0.7478556 * t**3) * exp(-x**2))) <= 2.5e-5


@fact("erf", "a rational approximation; mpmath: max error 4.66e-4 <= 5e-4",
      lambda x: [(abs(mp.erf(x) - (1 - 1 / (1 + mp.mpf('0.278393') * x + mp.mpf('0.230389') * x**2
                                             + mp.mpf('0.000972') * x**3 + mp.mpf('0.078108') * x**4)**4)),
                  "<=", mp.mpf('5e-4'))], cut="0 <= x < inf in the source; the cut at 10 is ours")
@claim(x=(0, 10), source="Abramowitz & Stegun 7.1.27: |eps(x)| <= 5e-4", expect="proved")
def as_7_1_27(x):
    return abs(erf(x) - (1 - 1 / (1 + 0.278393 * x + 0.230389 * x**2 + 0.000972 * x**3 + 0.078108 * x**4)**4)) <= 5e-4


@fact("gaussian", "Zelen & Severo's approximation of P(x); mpmath: max error 7.45e-8 < 7.5e-8",
      lambda x: [(abs(mp.ncdf(x) - (1 - mp.npdf(x) * (mp.mpf('0.319381530') * (1 / (1 + mp.mpf('0.2316419') * x))
                                                        - mp.mpf('0.356563782') * (1 / (1 + mp.mpf('0.2316419') * x))**2
                                                        + mp.mpf('1.781477937') * (1 / (1 + mp.mpf('0.2316419') * x))**3
                                                        - mp.mpf('1.821255978') * (1 / (1 + mp.mpf('0.2316419') * x))**4
                                                        + mp.mpf('1.330274429') * (1 / (1 + mp.mpf('0.2316419') * x))**5))),
                  "<", mp.mpf('7.5e-8'))], cut="0 <= x < inf in the source; the cut at 10 is ours")
@claim(x=(0, 10), source="Abramowitz & Stegun 26.2.17: |eps(x)| < 7.5e-8", expect="proved")
def as_26_2_17(x):
    t = 1 / (1 + 0.2316419 * x)
    approx = 1 - npdf(x) * (0.319381530 * t - 0.356563782 * t**2 + 1.781477937 * t**3 - 1.821255978 * t**4
                            + 1.330274429 * t**5)
    return abs(Phi(x) - approx) < 7.5e-8


@fact("erf", "erf is odd (its integrand is even)", lambda x: [(mp.erf(-x), "==", -mp.erf(x))])
@claim(x=(-5, 5), source="DLMF 7.4.1: erf(-z) = -erf(z)", expect="proved")
def erf_odd(x):
    return erf(-x) == -erf(x)


@fact("erf", "erfc(-z) = 1 - erf(-z) = 1 + erf(z) = 2 - erfc(z)", lambda x: [(mp.erfc(-x), "==", 2 - mp.erfc(x))])
@claim(x=(-5, 5), source="DLMF 7.4.2: erfc(-z) = 2 - erfc(z)", expect="proved")
def erfc_reflection(x):
    return erfc(-x) == 2 - erfc(x)


@fact("gaussian", "substitute t = s/sqrt(2) in Phi's integral", lambda x: [(mp.ncdf(x), "==", mp.erfc(-x / mp.sqrt(2)) / 2)])
@claim(x=(-5, 5), source="Abramowitz & Stegun §26.2 and §7.1 (P(x) = erfc(-x/sqrt 2)/2)", expect="proved")
def phi_through_erfc(x):
    return Phi(x) == erfc(-x / sqrt(2)) / 2


@fact("gaussian", "false: the sqrt 2 dropped; x = 1: Phi(1) = 0.8413 != (1 + erf 1)/2 = 0.9214",
      lambda x: [(mp.ncdf(x), "==", (1 + mp.erf(x)) / 2)], witness={"x": "1"})
@claim(x=(-5, 5), source="mis-statement of A&S §26.2 (Phi(x) = (1 + erf(x))/2, the sqrt 2 dropped)",
       expect="refuted")
def phi_erf_without_sqrt2(x):
    return Phi(x) == (1 + erf(x)) / 2


# == 3. Gaussian density and Phi ================================================================

@fact("gaussian", "npdf peaks at 0 with value 1/sqrt(2 pi); equality on the whole line x = mu",
      lambda x, mu: [(mp.npdf(x - mu), "<=", 1 / mp.sqrt(2 * mp.pi))], cut="x, mu real in the source; [-5, 5]^2 is ours")
@claim(x=(-5, 5), mu=(-5, 5), source="issue 15 core claim (the Gaussian density's maximum, e.g. Feller 1968, VII.1)",
       expect="proved")
def core_npdf_peak(x, mu):
    return npdf(x - mu) <= 1 / sqrt(2 * pi)


@fact("divergence", "Pinsker for N(a,1), N(b,1): V = 2 Phi(d/2) - 1 <= sqrt(K/2) = |d|/2; equality on a = b",
      lambda a, b: [(mtv(a - b), "<=", abs(a - b) / 2)], cut="a, b real in the source; [-5, 5]^2 is ours")
@claim(a=(-5, 5), b=(-5, 5), source="issue 15 core claim: Pinsker's inequality (Tsybakov 2009, Lemma 2.5) "
       "between N(a, 1) and N(b, 1)", expect="proved")
def core_tv_pinsker(a, b):
    return 2 * Phi(abs(a - b) / 2) - 1 <= abs(a - b) / 2


@fact("lipschitz", "|phi'(x)| = |x| phi(x) <= phi(1) = 1/sqrt(2 pi e) (maximum at |x| = 1); equality on x = y",
      lambda x, y: [(abs(mp.npdf(x) - mp.npdf(y)), "<=", abs(x - y) / mp.sqrt(2 * mp.pi * mp.e))],
      cut="x, y real in the source; [-5, 5]^2 is ours")
@claim(x=(-5, 5), y=(-5, 5), source="Lipschitz constant of the Gaussian density, sup|phi'| = phi(1) "
       "(mean value theorem)", expect="proved")
def npdf_lipschitz(x, y):
    return abs(npdf(x) - npdf(y)) <= abs(x - y) / sqrt(2 * pi * exp(1))


@fact("lipschitz", "false: constant 1/5 < 0.2420; (0.9, 1.1): |phi(0.9) - phi(1.1)|/0.2 = 0.241 > 1/5",
      lambda x, y: [(abs(mp.npdf(x) - mp.npdf(y)), "<=", abs(x - y) / 5)], witness={"x": "0.9", "y": "1.1"})
@claim(x=(-5, 5), y=(-5, 5), source="mis-statement: the Gaussian density's Lipschitz constant taken as 1/5",
       expect="refuted")
def npdf_lipschitz_too_small(x, y):
    return abs(npdf(x) - npdf(y)) <= abs(x - y) / 5


@fact("lipschitz", "Phi' = phi <= 1/sqrt(2 pi); equality on x = y",
      lambda x, y: [(abs(mp.ncdf(x) - mp.ncdf(y)), "<=", abs(x - y) / mp.sqrt(2 * mp.pi))])
@claim(x=(-5, 5), y=(-5, 5), source="Lipschitz constant of Phi, sup phi = 1/sqrt(2 pi) (mean value theorem)",
       expect="proved")
def phi_lipschitz(x, y):
    return abs(Phi(x) - Phi(y)) <= abs(x - y) / sqrt(2 * pi)


@fact("gaussian", "Phi is log-concave (Prekopa), so log Phi((x+y)/2) >= (log Phi(x) + log Phi(y))/2; equality on x = y",
      lambda x, y: [(mp.ncdf(x) * mp.ncdf(y), "<=", mp.ncdf((x + y) / 2)**2)])
@claim(x=(-5, 5), y=(-5, 5), source="Bagnoli & Bergstrom 2005, Econ. Theory 26 (the normal CDF is log-concave; Prekopa 1973)",
       expect="proved")
def phi_log_concave(x, y):
    return Phi(x) * Phi(y) <= Phi((x + y) / 2)**2


@fact("gaussian", "(x-a)^2 + (x-b)^2 = 2(x - (a+b)/2)^2 + (a-b)^2/2: an exact identity of exponents",
      lambda x, a, b: [(mp.npdf(x - a) * mp.npdf(x - b), "==",
                        mp.npdf((a - b) / mp.sqrt(2)) * mp.npdf(mp.sqrt(2) * (x - (a + b) / 2)))])
@claim(x=(-3, 3), a=(-3, 3), b=(-3, 3), source="Petersen & Pedersen, The Matrix Cookbook (2012), §8.1.8 "
       "(product of Gaussian densities), unit variances", expect="proved")
def gaussian_product(x, a, b):
    return npdf(x - a) * npdf(x - b) == npdf((a - b) / sqrt(2)) * npdf(sqrt(2) * (x - (a + b) / 2))


@fact("gaussian", "Haley's constant: mpmath max |Phi(x) - sigma(1.702 x)| = 0.009486 (at |x| ~ 0.57) < 0.01",
      lambda x: [(abs(mp.ncdf(x) - msig(mp.mpf('1.702') * x)), "<", mp.mpf('0.01'))],
      cut="x real in the source; [-10, 10] is ours")
@claim(x=(-10, 10), source="Camilli 1994, J. Educ. Behav. Stat. 19(3) (Haley 1952): |Phi(x) - sigma(1.702x)| < 0.01",
       expect="proved")
def logistic_approximates_phi(x):
    return abs(Phi(x) - 1 / (1 + exp(-1.702 * x))) < 0.01


@fact("gaussian", "false: the error bound tightened to 0.009; the error is 0.009486 at x = 0.57",
      lambda x: [(abs(mp.ncdf(x) - msig(mp.mpf('1.702') * x)), "<=", mp.mpf('0.009'))], witness={"x": "0.57"})
@claim(x=(-10, 10), source="mis-statement of Camilli 1994 (the bound 0.01 tightened to 0.009)", expect="refuted")
def logistic_approximates_phi_tightened(x):
    return abs(Phi(x) - 1 / (1 + exp(-1.702 * x))) <= 0.009


# == 4. tanh and the logistic function ==========================================================

@fact("tanh-logistic", "tanh' = 1 - tanh^2 <= 1 and tanh 0 = 0; equality at 0",
      lambda x: [(mp.tanh(x), "<=", x)], cut="x >= 0 in the source; the cut at 5 is ours")
@claim(x=(0, 5), source="DLMF 4.35 (tanh x <= x for x >= 0, from tanh' = sech^2 <= 1)", expect="proved")
def tanh_below_identity(x):
    return tanh(x) <= x


@fact("tanh-logistic", "false on negative x (tanh is odd): tanh(-1) = -0.7616 > -1",
      lambda x: [(mp.tanh(x), "<=", x)], witness={"x": "-1"})
@claim(x=(-5, 5), source="mis-statement: tanh x <= x taken for all real x", expect="refuted")
def tanh_below_identity_all_reals(x):
    return tanh(x) <= x


@fact("tanh-logistic", "d/dx (tanh x - x + x^3/3) = x^2 - tanh^2 x >= 0; equality at 0 (fifth order)",
      lambda x: [(x - x**3 / 3, "<=", mp.tanh(x))], cut="x >= 0 in the source; the cut at 5 is ours")
@claim(x=(0, 5), source="DLMF 4.35 / 4.33 (tanh series: x - x^3/3 + 2x^5/15 - ..., a lower partial sum for x >= 0)",
       expect="proved")
def tanh_above_cubic(x):
    return tanh(x) >= x - x**3 / 3


@fact("tanh-logistic", "false: the cubic coefficient 1/4 < 1/3; x = 0.5: tanh = 0.46212 < 0.46875",
      lambda x: [(x - x**3 / 4, "<=", mp.tanh(x))], witness={"x": "0.5"})
@claim(x=(0, 5), source="mis-statement of the tanh series bound (x^3/4 for x^3/3)", expect="refuted")
def tanh_above_cubic_wrong_coefficient(x):
    return tanh(x) >= x - x**3 / 4


@fact("tanh-logistic", "addition theorem from the exponential form",
      lambda x, y: [(mp.tanh(x + y), "==", (mp.tanh(x) + mp.tanh(y)) / (1 + mp.tanh(x) * mp.tanh(y)))])
@claim(x=(-3, 3), y=(-3, 3), source="DLMF §4.35(ii) (addition formulas): tanh(u + v) = (tanh u + tanh v)/(1 + tanh u tanh v)",
       expect="proved")
def tanh_addition(x, y):
    return tanh(x + y) == (tanh(x) + tanh(y)) / (1 + tanh(x) * tanh(y))


@fact("tanh-logistic", "(1 + tanh(x/2))/2 = e^{x/2}/(e^{x/2} + e^{-x/2}) = 1/(1 + e^{-x})",
      lambda x: [(msig(x), "==", (1 + mp.tanh(x / 2)) / 2)])
@claim(x=(-10, 10), source="Goodfellow, Bengio & Courville 2016, Deep Learning, §3.10: "
       "sigma(x) = (1 + tanh(x/2))/2", expect="proved")
def logistic_through_tanh(x):
    return sigma(x) == (1 + tanh(x / 2)) / 2


@fact("tanh-logistic", "false: the halving dropped; x = 1: sigma(1) = 0.7311 != (1 + tanh 1)/2 = 0.8808",
      lambda x: [(msig(x), "==", (1 + mp.tanh(x)) / 2)], witness={"x": "1"})
@claim(x=(-10, 10), source="mis-statement: sigma(x) = (1 + tanh x)/2 (x/2 written x)", expect="refuted")
def logistic_through_tanh_unhalved(x):
    return sigma(x) == (1 + tanh(x)) / 2


@fact("tanh-logistic", "log(1 + e^x) - log(1 + e^{-x}) = log(e^x (1 + e^{-x})/(1 + e^{-x})) = x",
      lambda x: [(mp.log(1 + mp.exp(x)) - mp.log(1 + mp.exp(-x)), "==", x)])
@claim(x=(-10, 10), source="Goodfellow, Bengio & Courville 2016, Deep Learning, §3.10: "
       "zeta(x) - zeta(-x) = x", expect="proved")
def softplus_difference(x):
    return log(1 + exp(x)) - log(1 + exp(-x)) == x


@fact("lipschitz", "sigma' = sigma (1 - sigma) <= 1/4; equality on x = y",
      lambda x, y: [(abs(msig(x) - msig(y)), "<=", abs(x - y) / 4)])
@claim(x=(-5, 5), y=(-5, 5), source="Goodfellow, Bengio & Courville 2016, §3.10 (sigma' = sigma(1 - sigma) <= 1/4): "
       "sigma is 1/4-Lipschitz", expect="proved")
def logistic_lipschitz(x, y):
    return abs(sigma(x) - sigma(y)) <= abs(x - y) / 4


@fact("lipschitz", "false: sigma'(0) = 1/4 > 1/5; (-0.1, 0.1): |sigma(0.1) - sigma(-0.1)| = 0.04996 > 0.04",
      lambda x, y: [(abs(msig(x) - msig(y)), "<=", abs(x - y) / 5)], witness={"x": "-0.1", "y": "0.1"})
@claim(x=(-5, 5), y=(-5, 5), source="mis-statement: the logistic function taken as 1/5-Lipschitz", expect="refuted")
def logistic_lipschitz_too_small(x, y):
    return abs(sigma(x) - sigma(y)) <= abs(x - y) / 5


@fact("lipschitz", "tanh' = sech^2 <= 1; equality on x = y", lambda x, y: [(abs(mp.tanh(x) - mp.tanh(y)), "<=", abs(x - y))])
@claim(x=(-5, 5), y=(-5, 5), source="DLMF 4.35 (tanh' = sech^2 <= 1): tanh is 1-Lipschitz", expect="proved")
def tanh_lipschitz(x, y):
    return abs(tanh(x) - tanh(y)) <= abs(x - y)


@fact("tanh-logistic", "max(x, y) = log e^max <= log(e^x + e^y) <= log(2 e^max)",
      lambda x, y: [(_max(x, y), "<=", mp.log(mp.exp(x) + mp.exp(y))),
                    (mp.log(mp.exp(x) + mp.exp(y)), "<=", _max(x, y) + mp.log(2))])
@claim(x=(-5, 5), y=(-5, 5), source="Boyd & Vandenberghe 2004, Convex Optimization, §3.1.5 (log-sum-exp): "
       "max(x) <= f(x) <= max(x) + log n", expect="proved")
def log_sum_exp_bounds(x, y):
    return all_of(max(x, y) <= log(exp(x) + exp(y)), log(exp(x) + exp(y)) <= max(x, y) + log(2))


# == 5. exp and log ==============================================================================

@fact("exp-log", "convexity of exp: it lies above its tangent at 0; equality at 0",
      lambda x: [(1 + x, "<=", mp.exp(x))], cut="x real in the source; [-5, 5] is ours")
@claim(x=(-5, 5), source="DLMF §4.5(ii) (exponentials): 1 + x <= e^x", expect="proved")
def exp_above_tangent(x):
    return exp(x) >= 1 + x


@fact("exp-log", "false for x < 0 (the Taylor bound needs x >= 0): x = -1: e^-1 = 0.368 < 1/2",
      lambda x: [(1 + x + x**2 / 2, "<=", mp.exp(x))], witness={"x": "-1"})
@claim(x=(-5, 5), source="mis-statement: e^x >= 1 + x + x^2/2 (true for x >= 0) taken for all x", expect="refuted")
def exp_above_quadratic_all_reals(x):
    return exp(x) >= 1 + x + x**2 / 2


@fact("exp-log", "ln(1+x) = int_0^x dt/(1+t) >= x/(1+x) (integrand >= 1/(1+x) for x>0, reversed for x<0); equality at 0",
      lambda x: [(x / (1 + x), "<=", mp.log(1 + x))], cut="x > -1 in the source; the cut to [-1/2, 5] is ours")
@claim(x=("-0.5", 5), source="DLMF 4.5.1: x/(1+x) < ln(1+x) < x, x > -1, x != 0 (lower side; <= because of x = 0)",
       expect="proved")
def log1p_lower_dlmf(x):
    return log(1 + x) >= x / (1 + x)


@fact("exp-log", "d/dx (ln(1+x) - 2x/(2+x)) = x^2/((1+x)(2+x)^2) >= 0; equality at 0 (third order)",
      lambda x: [(2 * x / (2 + x), "<=", mp.log(1 + x))], cut="x >= 0 in the source; the cut at 5 is ours")
@claim(x=(0, 5), source="Love 1980, Math. Gazette 64, 'Some logarithm inequalities': ln(1+x) >= 2x/(2+x)",
       expect="proved")
def log1p_above_pade(x):
    return log(1 + x) >= 2 * x / (2 + x)


@fact("exp-log", "d/dx (x(6+x)/(6+4x) - ln(1+x)) = x^3/((1+x)(6+4x)^2) >= 0; equality at 0 (fourth order)",
      lambda x: [(mp.log(1 + x), "<=", x * (6 + x) / (6 + 4 * x))], cut="x >= 0 in the source; the cut at 5 is ours")
@claim(x=(0, 5), source="Topsoe 2004, RGMIA Res. Rep. Coll. 7(2), 'Some bounds for the logarithmic function', "
       "upper bound ln(1+x) <= x(6+x)/(6+4x)", expect="proved")
def log1p_below_topsoe(x):
    return log(1 + x) <= x * (6 + x) / (6 + 4 * x)


@fact("exp-log", "false for x < 0 (ln(1+x) - x + x^2/2 increases through 0): x = -1/2: -0.693 < -0.625",
      lambda x: [(x - x**2 / 2, "<=", mp.log(1 + x))], witness={"x": "-0.5"})
@claim(x=("-0.5", 5), source="mis-statement: ln(1+x) >= x - x^2/2 (true for x >= 0) taken on (-1, inf)",
       expect="refuted")
def log1p_above_quadratic_negative(x):
    return log(1 + x) >= x - x**2 / 2


@fact("exp-log", "-ln(1-x) - 3x/2 is convex, 0 at 0 and at 0.582811643..., so <= 0 between; gap 1e-5 at 0.5828",
      lambda x: [(-mp.log(1 - x), "<=", 3 * x / 2)], cut="0 < x <= 0.5828 in the source; closed at 0 with <=")
@claim(x=(0, "0.5828"), source="DLMF 4.5.3: |ln(1-x)| < 3x/2, 0 < x <= 0.5828", expect="proved")
def log_dlmf_4_5_3(x):
    return -log(1 - x) <= 3 * x / 2


@fact("exp-log", "false past the root 0.58281164...: x = 0.7: -ln 0.3 = 1.204 > 1.05",
      lambda x: [(-mp.log(1 - x), "<=", 3 * x / 2)], witness={"x": "0.7"})
@claim(x=(0, "0.7"), source="mis-statement of DLMF 4.5.3 (the range 0.5828 extended to 0.7)", expect="refuted")
def log_dlmf_4_5_3_extended(x):
    return -log(1 - x) <= 3 * x / 2


@fact("exp-log", "concavity of ln: below its tangent at 1; equality at 1",
      lambda x: [(mp.log(x), "<=", x - 1)], cut="x > 0 in the source; the cut to [1/100, 10] is ours")
@claim(x=("0.01", 10), source="DLMF 4.5.4: ln x <= x - 1, x > 0", expect="proved")
def log_below_tangent(x):
    return log(x) <= x - 1


@fact("exp-log", "false: concavity reversed (Jensen for a concave function); (1/2, 2): ln(5/4) = 0.223 > 0",
      lambda x, y: [(mp.log((x + y) / 2), "<=", (mp.log(x) + mp.log(y)) / 2)], witness={"x": "0.5", "y": "2"})
@claim(x=("0.5", 2), y=("0.5", 2), source="mis-statement of Jensen's inequality for ln (Hardy, Littlewood & Polya "
       "1952, Inequalities, direction reversed)", expect="refuted")
def jensen_log_reversed(x, y):
    return log((x + y) / 2) <= (log(x) + log(y)) / 2


@fact("polynomial", "(1+x)^3 - 1 - 3x = x^2 (3 + x) >= 0 for x >= -3; equality at 0",
      lambda x: [(1 + 3 * x, "<=", (1 + x)**3)], cut="x >= -1 in the source; the cut at 5 is ours")
@claim(x=(-1, 5), source="Bernoulli's inequality, n = 3 (Mitrinovic 1970, Analytic Inequalities: Bernoulli's inequality)",
       expect="proved")
def bernoulli_cubic(x):
    return (1 + x)**3 >= 1 + 3 * x


@fact("polynomial", "false below -3: x = -4: (1+x)^3 = -27 < -11",
      lambda x: [(1 + 3 * x, "<=", (1 + x)**3)], witness={"x": "-4"})
@claim(x=(-5, 5), source="mis-statement of Bernoulli's inequality (x >= -1 dropped)", expect="refuted")
def bernoulli_cubic_all_reals(x):
    return (1 + x)**3 >= 1 + 3 * x


@fact("polynomial", "Young with p = 3, q = 3/2; equality on the curve y = x^2",
      lambda x, y: [(x * y, "<=", x**3 / 3 + 2 * y**mp.mpf(1.5) / 3)], cut="x, y >= 0 in the source; [0, 2]^2 is ours")
@claim(x=(0, 2), y=(0, 2), source="Young's inequality xy <= x^p/p + y^q/q, p = 3, q = 3/2 "
       "(Hardy, Littlewood & Polya 1952, Inequalities: Young's inequality)", expect="proved")
def young_three(x, y):
    return x * y <= x**3 / 3 + 2 * y**1.5 / 3


# == 6. concentration ===========================================================================

@fact("concentration", "termwise: x^{2k}/(2k)! <= x^{2k}/(2^k k!); equality at 0 (fourth order)",
      lambda x: [(mp.cosh(x), "<=", mp.exp(x**2 / 2))], cut="x real in the source; [-5, 5] is ours")
@claim(x=(-5, 5), source="Boucheron, Lugosi & Massart 2013, Concentration Inequalities, Ch. 2 (a Rademacher "
       "variable is sub-Gaussian: cosh x <= exp(x^2/2))", expect="proved")
def cosh_below_gaussian(x):
    return (exp(x) + exp(-x)) / 2 <= exp(x**2 / 2)


@fact("concentration", "false: variance proxy 2/3 < 1; x = 1: cosh 1 = 1.543 > e^{1/3} = 1.396",
      lambda x: [(mp.cosh(x), "<=", mp.exp(x**2 / 3))], witness={"x": "1"})
@claim(x=(-5, 5), source="mis-statement of the Rademacher sub-Gaussian bound (x^2/3 for x^2/2)", expect="refuted")
def cosh_below_gaussian_too_tight(x):
    return (exp(x) + exp(-x)) / 2 <= exp(x**2 / 3)


@fact("concentration", "Hoeffding: L(t) = log(1-p+pe^t) - pt has L(0) = L'(0) = 0, L'' <= 1/4; equality on t = 0",
      lambda p, t: [(mp.log(1 - p + p * mp.exp(t)) - p * t, "<=", t**2 / 8)],
      cut="t real in the source; [-5, 5] is ours")
@claim(p=(0, 1), t=(-5, 5), source="Hoeffding 1963, JASA 58, proof of Theorem 1 (Hoeffding's lemma for a Bernoulli(p) "
       "variable; Boucheron, Lugosi & Massart 2013, Lemma 2.2)", expect="proved")
def hoeffding_lemma_bernoulli(p, t):
    return log(1 - p + p * exp(t)) - p * t <= t**2 / 8


@fact("concentration", "false: 1/10 < p(1-p)/2 = 1/8 near t = 0; (p, t) = (1/2, 1/2): 0.03093 > 0.025",
      lambda p, t: [(mp.log(1 - p + p * mp.exp(t)) - p * t, "<=", t**2 / 10)], witness={"p": "0.5", "t": "0.5"})
@claim(p=(0, 1), t=(-5, 5), source="mis-statement of Hoeffding's lemma (t^2/10 for t^2/8)", expect="refuted")
def hoeffding_lemma_too_tight(p, t):
    return log(1 - p + p * exp(t)) - p * t <= t**2 / 10


@fact("concentration", "h(u) - u^2/(2(1+u/3)) vanishes to third order at 0 and has a nonnegative derivative",
      lambda u: [(u**2 / (2 * (1 + u / 3)), "<=", (1 + u) * mp.log(1 + u) - u)],
      cut="u >= 0 in the source; the cut at 10 is ours")
@claim(u=(0, 10), source="Boucheron, Lugosi & Massart 2013, Ch. 2 (Bennett's inequality relaxed to Bernstein's: "
       "h(u) = (1+u)log(1+u) - u >= u^2/(2(1 + u/3)))", expect="proved")
def bennett_to_bernstein(u):
    return (1 + u) * log(1 + u) - u >= u**2 / (2 * (1 + u / 3))


# == 7. divergences between N(a, 1) and N(b, 1) =================================================

@fact("divergence", "Bretagnolle-Huber V <= sqrt(1 - exp(-K)) with K = d^2/2; equality on a = b",
      lambda a, b: [(mtv(a - b), "<=", mp.sqrt(1 - mp.exp(-(a - b)**2 / 2)))])
@claim(**GAUSS_PAIR, source="Bretagnolle & Huber 1979 (as V <= sqrt(1 - exp(-K)); Canonne 2022, 'A short note on an inequality between KL and TV') "
       "between N(a, 1) and N(b, 1)", expect="proved")
def bretagnolle_huber(a, b):
    return tv(a, b) <= sqrt(1 - exp(-(a - b)**2 / 2))


@fact("divergence", "int min(p, q) = 1 - V >= exp(-K)/2; at a = b: 1 >= 1/2",
      lambda a, b: [(mp.exp(-(a - b)**2 / 2) / 2, "<=", 1 - mtv(a - b))])
@claim(**GAUSS_PAIR, source="Tsybakov 2009, Lemma 2.6 (int min(dP, dQ) >= exp(-K)/2) between N(a, 1) and N(b, 1)",
       expect="proved")
def tsybakov_lemma_2_6(a, b):
    return 1 - tv(a, b) >= exp(-(a - b)**2 / 2) / 2


@fact("divergence", "Le Cam: H^2/2 <= V with H^2 = 2(1 - exp(-d^2/8)); equality on a = b",
      lambda a, b: [(1 - mp.exp(-(a - b)**2 / 8), "<=", mtv(a - b))])
@claim(**GAUSS_PAIR, source="Tsybakov 2009, Lemma 2.3 (Le Cam), lower: H^2/2 <= V, between N(a, 1) and N(b, 1)",
       expect="proved")
def le_cam_lower(a, b):
    return 2 * (1 - exp(-(a - b)**2 / 8)) / 2 <= tv(a, b)


@fact("divergence", "Le Cam: V <= H sqrt(1 - H^2/4) = sqrt(1 - exp(-d^2/4)); equality on a = b",
      lambda a, b: [(mtv(a - b), "<=", mp.sqrt(2 * (1 - mp.exp(-(a - b)**2 / 8))
                                               * (1 - 2 * (1 - mp.exp(-(a - b)**2 / 8)) / 4)))])
@claim(**GAUSS_PAIR, source="Tsybakov 2009, Lemma 2.3 (Le Cam), upper: V <= H sqrt(1 - H^2/4), "
       "between N(a, 1) and N(b, 1)", expect="proved")
def le_cam_upper(a, b):
    h2 = 2 * (1 - exp(-(a - b)**2 / 8))
    return tv(a, b) <= sqrt(h2 * (1 - h2 / 4))


@fact("divergence", "false: Le Cam's lower bound reversed; (a, b) = (1, 0): V = 0.3829 > H^2/2 = 0.1175",
      lambda a, b: [(mtv(a - b), "<=", 1 - mp.exp(-(a - b)**2 / 8))], witness={"a": "1", "b": "0"})
@claim(**GAUSS_PAIR, source="mis-statement of Tsybakov 2009, Lemma 2.3 (V <= H^2/2)", expect="refuted")
def le_cam_reversed(a, b):
    return tv(a, b) <= 2 * (1 - exp(-(a - b)**2 / 8)) / 2


@fact("divergence", "Cauchy-Schwarz: int|p - q| = int |p/q - 1| q <= sqrt(chi^2); equality on a = b",
      lambda a, b: [(mtv(a - b), "<=", mp.sqrt(mp.exp((a - b)**2) - 1) / 2)])
@claim(**GAUSS_PAIR, source="Tsybakov 2009, §2.4 (V <= sqrt(chi^2)/2) between N(a, 1) and N(b, 1)",
       expect="proved")
def tv_below_chi2(a, b):
    return tv(a, b) <= sqrt(exp((a - b)**2) - 1) / 2


@fact("divergence", "K <= log(1 + chi^2) by Jensen; here d^2/2 <= d^2; equality on a = b",
      lambda a, b: [((a - b)**2 / 2, "<=", mp.log(1 + mp.exp((a - b)**2) - 1))])
@claim(**GAUSS_PAIR, source="Tsybakov 2009, Lemma 2.7 (K <= log(1 + chi^2)) between N(a, 1) and N(b, 1)",
       expect="proved")
def kl_below_log_chi2(a, b):
    return (a - b)**2 / 2 <= log(1 + (exp((a - b)**2) - 1))


@fact("divergence", "false: Pinsker's square root dropped; (a, b) = (1, 0): V = 0.3829 > K/2 = 0.25",
      lambda a, b: [(mtv(a - b), "<=", (a - b)**2 / 4)], witness={"a": "1", "b": "0"})
@claim(**GAUSS_PAIR, source="mis-statement of Pinsker's inequality (V <= K/2, the square root dropped)",
       expect="refuted")
def pinsker_without_root(a, b):
    return tv(a, b) <= (a - b)**2 / 4


@fact("divergence", "KL(N(a,1)||N(b,1)) = int phi(x-a) ((x-b)^2 - (x-a)^2)/2 dx = (a-b)^2/2; oracle: mpmath quadrature",
      lambda a, b: [(mkl(a, b), "==", (a - b)**2 / 2)], cut="a, b real in the source; [-1, 1]^2 is ours")
@claim(a=(-1, 1), b=(-1, 1), source="KL between normal laws (Kullback 1959, Information Theory and Statistics, Ch. 9): "
       "KL(N(a,1)||N(b,1)) = (a-b)^2/2, through theorycheck.divergences.kl (an integral)", expect="proved")
def kl_gaussians_closed_form(a, b):
    return kl(gaussian(a, 1), gaussian(b, 1)) == (a - b)**2 / 2


@fact("divergence", "JS = (KL(P||M) + KL(Q||M))/2 <= log 2 since p, q <= 2m pointwise; oracle: mpmath quadrature",
      lambda a, b: [(mjs(a, b), "<=", mp.log(2))], cut="a, b real in the source; [-2, 2]^2 is ours")
@claim(a=(-2, 2), b=(-2, 2), source="Lin 1991, IEEE Trans. Inf. Theory 37(1) (JS <= log 2), "
       "through theorycheck.divergences.jsd (an integral)", expect="proved")
def jsd_at_most_log2(a, b):
    return jsd(gaussian(a, 1), gaussian(b, 1)) <= log(2)


# == 8. polynomials ==============================================================================

@fact("polynomial", "AM-GM on x^4y^2, x^2y^4, 1: their mean >= (x^6y^6)^{1/3} = x^2y^2; equality at (+-1, +-1), "
      "and 1 at x = 0 or y = 0", lambda x, y: [(mp.mpf(0), "<=", x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1)],
      cut="x, y real in the source; [-2, 2]^2 is ours")
@claim(x=(-2, 2), y=(-2, 2), source="Motzkin 1967, 'The arithmetic-geometric inequality' (the Motzkin polynomial "
       "is nonnegative)", expect="proved")
def motzkin_nonnegative(x, y):
    return x**4 * y**2 + x**2 * y**4 - 3 * x**2 * y**2 + 1 >= 0


@fact("polynomial", "false: the coefficient 3 raised to 3.1; at (1, 1): 1 + 1 - 3.1 + 1 = -0.1",
      lambda x, y: [(mp.mpf(0), "<=", x**4 * y**2 + x**2 * y**4 - mp.mpf('3.1') * x**2 * y**2 + 1)],
      witness={"x": "1", "y": "1"})
@claim(x=(-2, 2), y=(-2, 2), source="perturbed Motzkin polynomial (coefficient 3.1): a known-false neighbour",
       expect="refuted")
def motzkin_perturbed(x, y):
    return x**4 * y**2 + x**2 * y**4 - 3.1 * x**2 * y**2 + 1 >= 0


@fact("polynomial", "Schur t = 1: order x >= y >= z; x(x-y)(x-z) + y(y-x)(y-z) = (x-y)^2(x+y-z) >= 0; equality on the "
      "diagonal", lambda x, y, z: [(mp.mpf(0), "<=", x * (x - y) * (x - z) + y * (y - x) * (y - z) + z * (z - x) * (z - y))],
      cut="x, y, z >= 0 in the source; [0, 2]^3 is ours")
@claim(x=(0, 2), y=(0, 2), z=(0, 2), source="Schur's inequality, t = 1 (I. Schur; "
       "Hardy, Littlewood & Polya 1952, Inequalities, 2nd ed.)", expect="proved")
def schur_t1(x, y, z):
    return x * (x - y) * (x - z) + y * (y - x) * (y - z) + z * (z - x) * (z - y) >= 0


@fact("polynomial", "false for negative entries: (-1, 0, 0) gives -1",
      lambda x, y, z: [(mp.mpf(0), "<=", x * (x - y) * (x - z) + y * (y - x) * (y - z) + z * (z - x) * (z - y))],
      witness={"x": "-1", "y": "0", "z": "0"})
@claim(x=(-1, 1), y=(-1, 1), z=(-1, 1), source="mis-statement of Schur's inequality (nonnegativity dropped)",
       expect="refuted")
def schur_t1_all_reals(x, y, z):
    return x * (x - y) * (x - z) + y * (y - x) * (y - z) + z * (z - x) * (z - y) >= 0


@fact("polynomial", "AM-GM for three numbers; equality on the diagonal x = y = z",
      lambda x, y, z: [(x * y * z, "<=", ((x + y + z) / 3)**3)], cut="x, y, z >= 0 in the source; [0, 2]^3 is ours")
@claim(x=(0, 2), y=(0, 2), z=(0, 2), source="AM-GM inequality, n = 3 (Hardy, Littlewood & Polya 1952, §2.5)",
       expect="proved")
def am_gm_three(x, y, z):
    return x * y * z <= ((x + y + z) / 3)**3


@fact("polynomial", "false: 30 for 27; (1, 1, 1): 1 > 27/30",
      lambda x, y, z: [(x * y * z, "<=", (x + y + z)**3 / 30)], witness={"x": "1", "y": "1", "z": "1"})
@claim(x=(0, 2), y=(0, 2), z=(0, 2), source="mis-statement of AM-GM, n = 3 (denominator 30 for 27)", expect="refuted")
def am_gm_three_wrong_constant(x, y, z):
    return x * y * z <= (x + y + z)**3 / 30


@fact("polynomial", "Nesbitt: sum a/(b+c) >= 3/2 (rearrangement / Cauchy-Schwarz); equality on a = b = c",
      lambda a, b, c: [(mp.mpf(3) / 2, "<=", a / (b + c) + b / (a + c) + c / (a + b))],
      cut="a, b, c > 0 in the source; [1/10, 10]^3 is ours")
@claim(a=("0.1", 10), b=("0.1", 10), c=("0.1", 10), source="Nesbitt 1903, Educational Times 55 (problem 15114)",
       expect="proved")
def nesbitt(a, b, c):
    return a / (b + c) + b / (a + c) + c / (a + b) >= 1.5


@fact("polynomial", "expand both sides: a^2c^2 + a^2d^2 + b^2c^2 + b^2d^2",
      lambda a, b, c, d: [((a**2 + b**2) * (c**2 + d**2), "==", (a * c + b * d)**2 + (a * d - b * c)**2)])
@claim(a=(-2, 2), b=(-2, 2), c=(-2, 2), d=(-2, 2), source="Brahmagupta-Fibonacci (Lagrange's) identity, n = 2 "
       "(Steele 2004, The Cauchy-Schwarz Master Class, §1)", expect="proved")
def lagrange_identity(a, b, c, d):
    return (a**2 + b**2) * (c**2 + d**2) == (a * c + b * d)**2 + (a * d - b * c)**2


@fact("polynomial", "Lagrange's identity: the gap is (ad - bc)^2 >= 0; equality on a 3-D set",
      lambda a, b, c, d: [((a * c + b * d)**2, "<=", (a**2 + b**2) * (c**2 + d**2))])
@claim(a=(-2, 2), b=(-2, 2), c=(-2, 2), d=(-2, 2), source="Cauchy-Schwarz inequality in R^2 (Steele 2004, §1)",
       expect="proved")
def cauchy_schwarz_two(a, b, c, d):
    return (a * c + b * d)**2 <= (a**2 + b**2) * (c**2 + d**2)


# == 9. integrals ================================================================================

@fact("integral", "fundamental theorem of calculus: Phi' = phi, Phi(0) = 1/2",
      lambda x: [(mp.quad(mp.npdf, [0, x]), "==", mp.ncdf(x) - mp.mpf(1) / 2)])
@claim(x=(-3, 3), source="A&S 26.2.2 (P(x) = int_-inf^x Z(t) dt), from 0", expect="proved")
def integral_of_npdf(x):
    return integral(npdf, 0, x) == Phi(x) - 1 / 2


@fact("integral", "d/dt(-phi(t)) = t phi(t)",
      lambda x: [(mp.quad(lambda t: t * mp.npdf(t), [0, x]), "==", mp.npdf(0) - mp.npdf(x))])
@claim(x=(-3, 3), source="A&S 26.2 (moments of the normal density; phi' = -t phi)", expect="proved")
def integral_of_t_npdf(x):
    return integral(lambda t: t * npdf(t), 0, x) == npdf(0) - npdf(x)


@fact("integral", "integration by parts: int t * t phi = [-t phi] + int phi",
      lambda x: [(mp.quad(lambda t: t**2 * mp.npdf(t), [0, x]), "==", mp.ncdf(x) - mp.mpf(1) / 2 - x * mp.npdf(x))])
@claim(x=(-3, 3), source="A&S 26.2 (second moment of the truncated normal, by parts)", expect="proved")
def integral_of_t2_npdf(x):
    return integral(lambda t: t**2 * npdf(t), 0, x) == Phi(x) - 1 / 2 - x * npdf(x)


@fact("integral", "false: the sign of the boundary term; x = 1: 0.0987 != 0.5833",
      lambda x: [(mp.quad(lambda t: t**2 * mp.npdf(t), [0, x]), "==", mp.ncdf(x) - mp.mpf(1) / 2 + x * mp.npdf(x))],
      witness={"x": "1"})
@claim(x=(-3, 3), source="mis-statement of the truncated second moment (sign of x phi(x) flipped)", expect="refuted")
def integral_of_t2_npdf_wrong_sign(x):
    return integral(lambda t: t**2 * npdf(t), 0, x) == Phi(x) - 1 / 2 + x * npdf(x)


@fact("integral", "DLMF 7.2.1 (definition of erf)",
      lambda x: [(mp.quad(lambda t: mp.exp(-t**2), [0, x]), "==", mp.sqrt(mp.pi) / 2 * mp.erf(x))])
@claim(x=(-3, 3), source="DLMF 7.2.1: erf z = (2/sqrt(pi)) int_0^z exp(-t^2) dt", expect="proved")
def integral_erf_definition(x):
    return integral(lambda t: exp(-t**2), 0, x) == sqrt(pi) / 2 * erf(x)
