"""New claims of the kinds that the held-out run of issue 15 left undecided (``heldout.py``), to show
a kind decided rather than an instance: none of them is in ``corpus.py`` or ``heldout.py``, each
has its citation, its truth settled at 50 digits by ``python3 -m tests.reach.oracle --corpus
kinds-s22``, and (false ones) an exact witness. Same format as ``corpus.py``.

Kinds:

* ``positive-products``: sides that are positive products, quotients and roots of exp, npdf and
  Gamma, touching along a line or tight over the box (``npdf_midpoint_log_concave``, ``gautschi``,
  ``wendel`` in the held-out set): decided through their logs (the ``log`` rule);
* ``bernoulli-divergence``: divergences between Bernoulli laws compared on p = q, where they touch
  (``pinsker_bernoulli``, ``kl_below_chi2_bernoulli``): the logs of quotients expanded, then
  Taylor along the line p = q.
"""

from __future__ import annotations

import mpmath as mp
from reach_facts import registry

from theorycheck import all_of, claim, exp, gamma, log, npdf, pi, sqrt

ENTRIES: dict = {}


fact = registry(ENTRIES)


def mkl_ber(p, q):
    return p * mp.log(p / q) + (1 - p) * mp.log((1 - p) / (1 - q))


def mh2_ber(p, q):
    return (mp.sqrt(p) - mp.sqrt(q))**2 + (mp.sqrt(1 - p) - mp.sqrt(1 - q))**2


def kl_ber(p, q):
    return p * log(p / q) + (1 - p) * log((1 - p) / (1 - q))


def h2_ber(p, q):
    return (sqrt(p) - sqrt(q))**2 + (sqrt(1 - p) - sqrt(1 - q))**2


BER = dict(p=("0.05", "0.95"), q=("0.05", "0.95"))
BER_CUT = "p, q in (0, 1) in the source; the cut to [0.05, 0.95]^2 is ours"
GAMMA_CUT = "x > 0, 0 < s < 1 in the source; the cut to [0.1, 10] x [0.1, 0.9] is ours"
HALF = mp.mpf(1) / 2


# == positive products of exp, npdf and Gamma =====================================================

@fact("positive-products", "Kershaw 1983: (x + s/2)^(1-s) < Gamma(x+1)/Gamma(x+s) < (x - 1/2 + (s + 1/4)^(1/2))^(1-s)",
      lambda x, s: [((x + s / 2)**(1 - s), "<=", mp.gamma(x + 1) / mp.gamma(x + s)),
                    (mp.gamma(x + 1) / mp.gamma(x + s), "<=", (x - HALF + mp.sqrt(s + mp.mpf(1) / 4))**(1 - s))],
      cut=GAMMA_CUT)
@claim(x=("0.1", 10), s=("0.1", "0.9"), source="Kershaw 1983, Math. Comp. 41, 'Some extensions of W. Gautschi's "
       "inequalities for the gamma function', Theorem 1 (DLMF 5.6.5 cites it)", expect="proved")
def kershaw(x, s):
    r = gamma(x + 1) / gamma(x + s)
    return all_of(exp((1 - s) * log(x + s / 2)) <= r, r <= exp((1 - s) * log(x - 1 / 2 + sqrt(s + 1 / 4))))


@fact("positive-products", "false: Gautschi's upper bound (x + 1)^(1-s) read as a lower one; x = 1, s = 1/2: "
      "Gamma(2)/Gamma(3/2) = 1.128 < sqrt 2",
      lambda x, s: [((x + 1)**(1 - s), "<=", mp.gamma(x + 1) / mp.gamma(x + s))], witness={"x": "1", "s": "0.5"},
      cut=GAMMA_CUT)
@claim(x=("0.1", 10), s=("0.1", "0.9"), source="mis-statement of Kershaw 1983 / Gautschi 1959 (the upper bound "
       "(x + 1)^(1-s) as a lower one)", expect="refuted")
def kershaw_upper_as_lower(x, s):
    return exp((1 - s) * log(x + 1)) <= gamma(x + 1) / gamma(x + s)


@fact("positive-products", "Watson 1959: sqrt(x + 1/4) < Gamma(x+1)/Gamma(x+1/2) <= sqrt(x + 1/pi), x >= 0; "
      "equality at x = 0 on the right (1/sqrt(pi))",
      lambda x: [(mp.sqrt(x + mp.mpf(1) / 4), "<=", mp.gamma(x + 1) / mp.gamma(x + HALF)),
                 (mp.gamma(x + 1) / mp.gamma(x + HALF), "<=", mp.sqrt(x + 1 / mp.pi))],
      cut="x >= 0 in the source; the cut at 10 is ours")
@claim(x=(0, 10), source="Watson 1959, Proc. Glasgow Math. Assoc. 4, 'A note on gamma functions' (the ratio "
       "Gamma(x+1)/Gamma(x+1/2) between sqrt(x + 1/4) and sqrt(x + 1/pi))", expect="proved")
def watson_gamma_ratio(x):
    r = gamma(x + 1) / gamma(x + 1 / 2)
    return all_of(sqrt(x + 1 / 4) <= r, r <= sqrt(x + 1 / pi))


@fact("positive-products", "false: the constant 1/pi of Watson's upper bound lowered to 1/4 + 1/100; x = 0: "
      "1/sqrt(pi) = 0.5642 > sqrt(0.26) = 0.5099",
      lambda x: [(mp.gamma(x + 1) / mp.gamma(x + HALF), "<=", mp.sqrt(x + mp.mpf("0.26")))], witness={"x": "0"},
      cut="x >= 0 in the source; the cut at 10 is ours")
@claim(x=(0, 10), source="mis-statement of Watson 1959 (the upper constant 1/pi replaced by 0.26)", expect="refuted")
def watson_upper_too_tight(x):
    return gamma(x + 1) / gamma(x + 1 / 2) <= sqrt(x + 26 / 100)


@fact("positive-products", "Gamma is log-convex (Bohr-Mollerup): Gamma((x+y)/2) <= sqrt(Gamma(x) Gamma(y)); "
      "equality on x = y",
      lambda x, y: [(mp.gamma((x + y) / 2), "<=", mp.sqrt(mp.gamma(x) * mp.gamma(y)))],
      cut="x, y > 0 in the source; the cut to [1/2, 5]^2 is ours")
@claim(x=("0.5", 5), y=("0.5", 5), source="Artin 1931, The Gamma Function, Ch. 2 (log-convexity of Gamma), "
       "geometric-mean midpoint form", expect="proved")
def gamma_midpoint_log_convex(x, y):
    return gamma((x + y) / 2) <= sqrt(gamma(x) * gamma(y))


@fact("positive-products", "false: log-convexity read as log-concavity; x = 1, y = 3: Gamma(2) = 1 < sqrt(Gamma(3)) = 1.414",
      lambda x, y: [(mp.sqrt(mp.gamma(x) * mp.gamma(y)), "<=", mp.gamma((x + y) / 2))], witness={"x": "1", "y": "3"},
      cut="x, y > 0 in the source; the cut to [1/2, 5]^2 is ours")
@claim(x=("0.5", 5), y=("0.5", 5), source="mis-statement of Artin 1931 (Gamma log-concave)", expect="refuted")
def gamma_midpoint_log_concave_wrong(x, y):
    return gamma((x + y) / 2) >= sqrt(gamma(x) * gamma(y))


@fact("positive-products", "phi(x) phi(y) = phi((x+y)/sqrt2) phi((x-y)/sqrt2) <= phi(0) phi((x-y)/sqrt2); "
      "equality on x = -y",
      lambda x, y: [(mp.npdf(x) * mp.npdf(y), "<=", mp.npdf(0) * mp.npdf((x - y) / mp.sqrt(2)))])
@claim(x=(-3, 3), y=(-3, 3), source="rotation invariance of the standard bivariate normal density "
       "(Feller 1971, An Introduction to Probability Theory II, III.1), bounded by its peak", expect="proved")
def gaussian_product_below_peak(x, y):
    return npdf(x) * npdf(y) <= npdf(0) * npdf((x - y) / sqrt(2))


# == divergences between Bernoulli laws, compared on p = q =======================================

@fact("bernoulli-divergence", "Tsybakov 2009, Lemma 2.4: H^2(P, Q) <= KL(P||Q) (H^2 = sum (sqrt p_i - sqrt q_i)^2); "
      "equality on p = q",
      lambda p, q: [(mh2_ber(p, q), "<=", mkl_ber(p, q))], cut=BER_CUT)
@claim(**BER, source="Tsybakov 2009, Introduction to Nonparametric Estimation, Lemma 2.4 (H^2 <= KL), "
       "Bernoulli laws", expect="proved")
def hellinger_below_kl_bernoulli(p, q):
    return h2_ber(p, q) <= kl_ber(p, q)


@fact("bernoulli-divergence", "false: near p = q, KL ~ (p-q)^2/(2p(1-p)) = 2 H^2 < 4 H^2; "
      "p = 1/2, q = 0.45: KL = 0.005025 < 4 H^2 = 0.010031",
      lambda p, q: [(4 * mh2_ber(p, q), "<=", mkl_ber(p, q))], witness={"p": "0.5", "q": "0.45"}, cut=BER_CUT)
@claim(**BER, source="mis-statement of Tsybakov 2009, Lemma 2.4 (H^2 <= KL with a factor 4 on H^2)", expect="refuted")
def four_hellinger_below_kl_bernoulli(p, q):
    return 4 * h2_ber(p, q) <= kl_ber(p, q)


@fact("bernoulli-divergence", "Jensen: KL = E_p log(p/q) <= log E_p(p/q) = log(1 + chi^2); equality on p = q",
      lambda p, q: [(mkl_ber(p, q), "<=", mp.log(1 + (p - q)**2 / (q * (1 - q))))], cut=BER_CUT)
@claim(**BER, source="Tsybakov 2009, Lemma 2.7 (KL <= log(1 + chi^2)), Bernoulli laws", expect="proved")
def kl_below_log1p_chi2_bernoulli(p, q):
    return kl_ber(p, q) <= log(1 + (p - q)**2 / (q * (1 - q)))


@fact("bernoulli-divergence", "Pinsker twice: J = KL(p||q) + KL(q||p) = (p - q) log(p(1-q)/(q(1-p))) >= 4 (p - q)^2; "
      "equality on p = q",
      lambda p, q: [(4 * (p - q)**2, "<=", mkl_ber(p, q) + mkl_ber(q, p))], cut=BER_CUT)
@claim(**BER, source="Jeffreys' divergence bounded below by Pinsker's inequality applied both ways "
       "(Cover & Thomas 2006, Lemma 11.6.1)", expect="proved")
def jeffreys_pinsker_bernoulli(p, q):
    return kl_ber(p, q) + kl_ber(q, p) >= 4 * (p - q)**2


@fact("bernoulli-divergence", "false: Pinsker's constant 2 raised to 5/2 (sharp at p = q = 1/2); p = 1/2, q = 0.45: "
      "KL = 0.005025 < 0.00625",
      lambda p, q: [(mp.mpf(5) / 2 * (p - q)**2, "<=", mkl_ber(p, q))], witness={"p": "0.5", "q": "0.45"}, cut=BER_CUT)
@claim(**BER, source="mis-statement of Pinsker's inequality (constant 2 raised to 5/2)", expect="refuted")
def pinsker_constant_too_large(p, q):
    return kl_ber(p, q) >= 5 / 2 * (p - q)**2
