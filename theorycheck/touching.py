"""Touching points the prover finds itself, and the positive-definite Hessian test of the
Taylor form anchored at them (issue 15).

Where the two sides of a true claim touch at an isolated point p, branch and bound cannot
finish: every box holding p (or near it) has a margin enclosure reaching below 0, and the boxes
stop shrinking in value while they shrink in size. The anchored Taylor form
(:class:`theorycheck.prove.AnchoredTaylor`) decides such boxes, but only around anchors it is
given; the search does not always find every touching point (Motzkin's polynomial touches 0 at
its four points (+-1, +-1); the search saw two).

:class:`TouchFinder` watches the boxes the prover bisects: a box whose width has fallen below
``2**-STUCK_BITS`` of the domain's, away from every known anchor, is a sign of a touching point
nearby. It then

1. minimises the float margin locally (scipy's bounded L-BFGS-B, from the box's centre, within
   a small neighbourhood), and
2. snaps the minimiser to the simplest dyadic rational (0, integers, halves, ...) within a small
   distance at which the float margin is still ~0.

The snapped point is only a *candidate*: nothing is taken on trust from floats. The Taylor form
at it checks its premises itself (margin exactly 0 or certainly >= 0 at p, gradient exactly 0 by
sympy or enclosed, Hessian enclosed over the hull), and the kernel re-checks every such leaf.

:func:`positive_definite` is the second-order argument: where the Hessian enclosed over the hull
of a box and its anchor p holds only positive definite symmetric matrices, the quadratic term
of Taylor's theorem with the Lagrange remainder, 1/2 d^T H(xi) d, is >= 0 for every x of the box,
so margin(x) >= margin(p) + grad margin(p) . (x - p). The naive interval evaluation of
d^T H d loses this (d_1 d_2 straddles 0 around p): that is why the Taylor form could not close
the boxes around a touching point before.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

STUCK_BITS = 18  # a box narrower than 2**-18 of the domain in every coordinate is "stuck"
MAX_POINTS = 12  # new anchors per part, at most
MAX_TRIES = 24  # minimisations per part, at most


def symmetric_part(H):
    """(H_ij + H_ji) / 2 as Intervals: the Hessian is symmetric, so its true entry lies in both
    enclosures and in their mean."""
    from .enclose.interval import Interval

    n = len(H)
    half = Interval.point(Fraction(1, 2))
    return [[(H[i][j] + H[j][i]) * half if i != j else H[i][i] for j in range(n)] for i in range(n)]


def positive_definite(S) -> bool:
    """Every symmetric matrix with entries in the interval matrix ``S`` is positive definite.

    Interval LDL^T factorisation (Alefeld & Mayer, "The Cholesky method for interval data",
    Linear Algebra Appl. 194, 1993): D_k = S_kk - sum_{j<k} L_kj^2 D_j and
    L_ik = (S_ik - sum_{j<k} L_ij L_kj D_j) / D_k. For any symmetric A in S, the exact LDL^T of A
    is enclosed entrywise by the interval one (inclusion monotonicity of +, -, *, /), so
    D_k(A) >= lo(D_k) > 0 for every k, and A = L D L^T with a positive diagonal D is positive
    definite. Any pivot not certainly > 0 (or an undefined entry) answers False."""
    n = len(S)
    if n == 0:
        return False
    L = [[None] * n for _ in range(n)]
    D = [None] * n
    for k in range(n):
        if not all(getattr(x, "defined", True) for x in S[k]):
            return False
        dk = S[k][k]
        for j in range(k):
            dk = dk - L[k][j] * L[k][j] * D[j]
        if not (dk.defined and dk.lo > 0):
            return False
        D[k] = dk
        for i in range(k + 1, n):
            s = S[i][k]
            for j in range(k):
                s = s - L[i][j] * L[k][j] * D[j]
            L[i][k] = s / dk
    return True


def simplest_dyadic(x: float, tol: float, lo: float, hi: float) -> float:
    """The dyadic rational with the fewest bits within ``tol`` of x in [lo, hi] (x itself at worst)."""
    if not math.isfinite(x):
        return x
    for k in range(0, 53):
        cand = round(x * 2.0**k) / 2.0**k
        if abs(cand - x) <= tol and lo <= cand <= hi:
            return cand
    return x


class TouchFinder:
    """Candidate touching points near the boxes that stop shrinking; see the module docstring.

    ``float_margin(xs)``: the part's margin at a float point (NaN where undefined);
    ``lo0, hi0``: the box proved (float); ``known``: the anchors already in use (float arrays)."""

    def __init__(self, float_margin, lo0, hi0, known=()):
        self.float_margin = float_margin
        self.lo0 = np.asarray(lo0, dtype=float)
        self.hi0 = np.asarray(hi0, dtype=float)
        with np.errstate(all="ignore"):
            scale = self.hi0 - self.lo0
        self.scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
        self.known = [np.asarray(t, dtype=float) for t in known]
        self.found: list = []
        self.tries = 0
        self.tried: list = []  # centres already minimised from (not retried nearby)

    def _near(self, x, points, rel):
        return any(float(np.max(np.abs(x - t) / self.scale)) <= rel for t in points)

    def new_points(self, lo, hi) -> list:
        """Candidate anchors found around the stuck boxes among ``lo, hi`` (float rows)."""
        if len(lo) == 0 or len(self.found) >= MAX_POINTS or self.tries >= MAX_TRIES:
            return []
        with np.errstate(all="ignore"):
            rel = (hi - lo) / self.scale
        finite = np.all(np.isfinite(lo) & np.isfinite(hi), axis=1)
        stuck = np.flatnonzero(finite & np.all(rel <= 2.0**-STUCK_BITS, axis=1))
        out = []
        for k in stuck:
            if len(self.found) >= MAX_POINTS or self.tries >= MAX_TRIES:
                break
            c = lo[k] / 2 + hi[k] / 2
            if self._near(c, self.known + self.found, 1e-4) or self._near(c, self.tried, 1e-4):
                continue
            self.tries += 1
            self.tried.append(c)
            p = self._candidate(c)
            if p is not None and not self._near(p, self.known + self.found, 0.0):
                self.found.append(p)
                out.append(p)
        return out

    def _safe(self, xs):
        try:
            m = float(self.float_margin([float(x) for x in xs]))
        except Exception:  # noqa: BLE001 - a float evaluation that fails is no candidate
            return math.inf
        return m if math.isfinite(m) else math.inf

    def _candidate(self, c):
        """Local float minimiser of the margin near c, snapped to a simple dyadic point."""
        radius = 1e-3 * self.scale
        lo = np.maximum(self.lo0, c - radius)
        hi = np.minimum(self.hi0, c + radius)
        x = c
        try:
            from scipy.optimize import minimize

            res = minimize(self._safe, c, method="L-BFGS-B", bounds=list(zip(lo, hi)),
                           options={"maxiter": 200, "ftol": 1e-300, "gtol": 1e-300})
            if np.all(np.isfinite(res.x)) and self._safe(res.x) <= self._safe(c):
                x = np.asarray(res.x, dtype=float)
        except Exception:  # noqa: BLE001 - no minimiser: the centre stands
            pass
        m = self._safe(x)
        if not math.isfinite(m):
            return None
        tol = 1e-12 + 16 * abs(m)
        for digits in (1e-6, 1e-8, 1e-10):  # snap coarse first: the simplest point that still fits
            p = np.array([simplest_dyadic(float(xi), digits * s, a, b)
                          for xi, s, a, b in zip(x, self.scale, self.lo0, self.hi0)])
            if self._safe(p) <= tol:
                return p
        return None


def leaf_float_margin(claim, leaf_index, half=None):
    """The margin of one part (or half) of the claim at a float point, as a float (NaN or an
    exception where floats cannot evaluate it)."""
    from .decide import leaf_enclosure
    from .prove import pick_leaf

    def margin(xs):
        with np.errstate(all="ignore"):
            return float(leaf_enclosure(pick_leaf(claim.evaluate([float(x) for x in xs]), leaf_index, half), 0.0))

    return margin
