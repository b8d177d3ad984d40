"""Held-out corpus, supplement: claims over unbounded ranges (``x=(0, inf)``) and with a hypothesis
(``implies(h, c)``), for a theorycheck that supports them (the README of the tree that runs them
says so); not part of the 50 of ``heldout.py``. Same format: ``fact`` above each ``@claim``."""

from __future__ import annotations

import mpmath as mp
from reach_facts import mQ, registry

from theorycheck import Phi, claim, erf, erfc, exp, implies, log, npdf, pi, sqrt, tanh

ENTRIES: dict = {}
INF = "inf"


fact = registry(ENTRIES)


def Q(x):
    return erfc(x / sqrt(2)) / 2


# The oracles of unbounded claims are checked on the grid of a finite box (tests/reach/oracle.py
# samples the box's ends): the claim's own range is the source's, the grid's is [lo, 40].

@fact("mills", "Boyd 1959 (see heldout.boyd_lower), on the source's whole range; equality at 0",
      lambda x: [(mp.pi / ((mp.pi - 1) * x + mp.sqrt(x**2 + 2 * mp.pi)) * mp.npdf(x), "<=", mQ(x))])
@claim(x=(0, INF), source="Boyd 1959, Rep. Statist. Appl. Res. JUSE 6, lower bound, x >= 0", expect="proved")
def boyd_lower_unbounded(x):
    return Q(x) >= pi / ((pi - 1) * x + sqrt(x**2 + 2 * pi)) * npdf(x)


@fact("erf", "Chernoff-type bound (see heldout.erfc_below_gaussian); equality at 0, both sides -> 0",
      lambda x: [(mp.erfc(x), "<=", mp.exp(-x**2))])
@claim(x=(0, INF), source="Chernoff-type bound erfc(x) <= exp(-x^2), x >= 0 (Chiani, Dardari & Simon 2003)",
       expect="proved")
def erfc_below_gaussian_unbounded(x):
    return erfc(x) <= exp(-x**2)


@fact("tanh-logistic", "Lambert's second convergent (see heldout.tanh_lambert_lower); 3x/(3 + x^2) -> 0",
      lambda x: [(3 * x / (3 + x**2), "<=", mp.tanh(x))])
@claim(x=(0, INF), source="Lambert's continued fraction for tanh, second convergent, x >= 0", expect="proved")
def tanh_lambert_lower_unbounded(x):
    return 3 * x / (3 + x**2) <= tanh(x)


@fact("exp-log", "false for x < 0 (remainder e^xi x^5/120 < 0); x = -2: 0.135 < 1/3",
      lambda x: [(1 + x + x**2 / 2 + x**3 / 6 + x**4 / 24, "<=", mp.exp(x))], witness={"x": "-2"})
@claim(x=("-" + INF, INF), source="mis-statement: the degree-4 Taylor polynomial of exp as a lower bound on R",
       expect="refuted")
def exp_above_quartic_taylor_unbounded(x):
    return exp(x) >= 1 + x + x**2 / 2 + x**3 / 6 + x**4 / 24


@fact("exp-log", "GM <= LM (see heldout.log_below_karamata), with x >= 1 as a hypothesis; tight at x = 1",
      lambda x: [(mp.log(x) if x >= 1 else 0, "<=", (x - 1) / mp.sqrt(x) if x >= 1 else 0)])
@claim(x=("0.1", 10), source="Carlson 1972, Amer. Math. Monthly 79 (GM <= LM): x >= 1 implies ln x <= (x - 1)/sqrt x",
       expect="proved")
def karamata_implies(x):
    return implies(x >= 1, log(x) <= (x - 1) / sqrt(x))


@fact("lipschitz", "mean value theorem, Phi' = phi <= 1/sqrt(2 pi); equality on the line x = y",
      lambda x, y: [(mp.ncdf(y) - mp.ncdf(x) if x <= y else 0, "<=", (y - x) / mp.sqrt(2 * mp.pi) if x <= y else 0)])
@claim(x=(-3, 3), y=(-3, 3), source="Phi is (2 pi)^{-1/2}-Lipschitz (mean value theorem), one-sided, x <= y",
       expect="proved")
def phi_increment_implies(x, y):
    return implies(x <= y, Phi(y) - Phi(x) <= (y - x) / sqrt(2 * pi))


@fact("lipschitz", "false: erf'(0) = 1.128 > 1; x = 0, y = 1/10: 0.11246 > 0.1",
      lambda x, y: [(mp.erf(y) - mp.erf(x) if x <= y else 0, "<=", y - x if x <= y else 0)],
      witness={"x": "0", "y": "0.1"})
@claim(x=(-3, 3), y=(-3, 3), source="mis-statement: erf taken as 1-Lipschitz, one-sided, x <= y", expect="refuted")
def erf_increment_implies(x, y):
    return implies(x <= y, erf(y) - erf(x) <= y - x)
