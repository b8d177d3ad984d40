"""Float fast path, vectorised with numpy over many parameter sets at once (for the dynamics).

Not rigorous: floats throughout. It uses the same mathematics as the certified Rolle recursion
(see :mod:`theorycheck.gaussians.zeros`), so it cannot *structurally* miss a zero the way a
bracket search between the means can: for F = sum_j w_j N(m_j, s^2) with sorted means, the
zeros of K = sum_{j>l} w_j (m_j - m_l) N(m_j, s^2) cut the line into pieces on which F has at
most one zero, and the recursion bottoms out at two terms, whose zero has a closed form. Each
piece with a sign change at its ends (ends: K's zeros, or -inf/+inf where the extreme-mean term
dominates) gets one safeguarded Newton solve on h = log F+ - log F- (same zero, nearly linear),
evaluated with linear exponents (terms divided by a common Gaussian), so that zeros far out in
the tails (where every density underflows) are still found.

Four terms with two weights of each sign (every optimal discriminator with distinct means and
0 < alpha < 1) take a specialised solver (:func:`_solve22`): K's zeros from a convex function with
a closed-form minimum, F's by a fixed number of vectorised Halley steps, in chunks of _CHUNK rows;
rows it cannot settle go to the general path above. Same mathematics, same answers.

What floats can still get wrong: a near-tangency (F at one of K's zeros within rounding of 0, so
two zeros ~1e-8 apart or none): such rows are flagged in ``near_tangent``; in an optimal
discriminator they matter by a region of width ~1e-8 (negligible mass). The certified path
decides them exactly.

And a nearly matched pair: a positive and a negative term whose means differ by a little but not
0 (|m_i - m_j| <= _MATCH_TOL (s + max |m|)), e.g. a generator mean that has nearly converged to a
target mean. The pair nearly cancels, and its small difference (a derivative-like term of relative
size |m_i - m_j| |x|, or a weight difference) dominates F far out in a tail, where it adds a zero
(at |x| ~ log(1/|m_i - m_j|) / distance to the other means, or ~ 1/|m_i - m_j| for unequal
weights). The linear exponents above, centred at the mid-mean, lose that difference to rounding
(relative errors 1e-16 / |m_i - m_j|), so the passes above misplace or miss such zeros (found at
-1.90 instead of -49.46 for mu* = (0, 1), mu^ = (1.77e-20, 0.833622333)). Four-term rows with two
weights of each sign are therefore redone by :func:`_from_certified`: the certified zero count and
isolating intervals, for all such rows at once (:func:`theorycheck.gaussians.zeros.real_zeros_22_batch`,
batches of intervals, ~30 us a row; in :func:`optimal_discriminator_float` the rows of all chunks
together), the few rows it leaves undecided one by one (:func:`theorycheck.gaussians.zeros.real_zeros`,
Arb, ~2 ms a row); each zero then refined by bisection on a form of h built from the pairs' own
differences (:func:`_sign_pairs`), which stays accurate however close the means are. Such rows are
rare in random settings (not on grids that put a generator mean next to a target mean); if the
certified count is undecided, or in the general path (other k or sign patterns), the rows are
flagged ``near_tangent`` instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

__all__ = ["FloatZeros", "FloatDiscriminators", "real_zeros_float", "optimal_discriminator_float"]

_LOG3 = math.log(3.0)


@dataclass
class FloatZeros:
    """Zeros of N combinations at once. ``zeros`` (N, k-1) sorted, NaN-padded; ``count`` (N,);
    ``sign_left`` / ``sign_right`` (N,): sign of F near -inf / +inf (0 when F is identically 0);
    ``near_tangent`` (N,): F at a critical point was within rounding of 0, or a positive and a
    negative term have nearly (not exactly) equal means that the float path could not resolve
    (count and zeros may be off)."""

    zeros: np.ndarray
    count: np.ndarray
    sign_left: np.ndarray
    sign_right: np.ndarray
    near_tangent: np.ndarray


@dataclass
class FloatDiscriminators:
    """Optimal discriminators of N settings. ``l``, ``r``: (N, 2); an absent interval is
    (inf, inf), which contributes nothing to L or its gradients; half-lines have -inf / inf ends.
    ``tv`` (N,), ``value`` = 1 + tv, ``zeros`` (N, 3), ``count`` (N,), ``near_tangent`` (N,)."""

    l: np.ndarray
    r: np.ndarray
    tv: np.ndarray
    zeros: np.ndarray
    count: np.ndarray
    near_tangent: np.ndarray

    @property
    def value(self) -> np.ndarray:
        return 1.0 + self.tv

    @property
    def n_intervals(self) -> np.ndarray:
        return np.sum(~((self.l == np.inf) & (self.r == np.inf)), axis=1)

    def intervals(self, i: int) -> list[tuple[float, float]]:
        """The intervals of setting i as a list (absent ones dropped)."""
        return [(float(a), float(b)) for a, b in zip(self.l[i], self.r[i]) if not (a == np.inf and b == np.inf)]


# -- stable evaluation -------------------------------------------------------------------------


def _lin(W, M, s2):
    """Per-row exponent data for h, laid out (k, R) (contiguous rows). Term j is
    |w_j| exp(A_j x + B_j) up to a positive factor common to the row (the terms divided by the
    Gaussian of the row's mid-mean c): A_j = (m_j - c)/s^2, B_j = -(m_j^2 - c^2)/(2 s^2).
    Linear exponents stay accurate far out, where x^2 would not. POS marks positive weights."""
    c = 0.5 * (M[:, :1] + M[:, -1:])
    A = (M - c) / s2[:, None]
    with np.errstate(divide="ignore"):
        LB = np.log(np.abs(W)) - 0.5 * (M - c) * (M + c) / s2[:, None]
    POS = (W > 0).astype(float)
    return tuple(np.ascontiguousarray(a.T) for a in (LB, A, POS))


def _take(data, idx):
    return tuple(d[:, idx] for d in data)


def _rowsum(X):
    out = X[0].copy()
    for j in range(1, X.shape[0]):
        out += X[j]
    return out


def _h(x, data, deriv=True):
    """h = log(sum of positive terms) - log(sum of negative terms), h' and h'' at points x (R,).
    Terms of zero weight have LB = -inf and vanish. The positive and the negative sums are each
    summed from their own terms: "total minus positive" loses the negative sum to cancellation
    where the positive terms dominate (relative errors of 1e-8 in h, and wrong zeros)."""
    LB, A, POS = data
    NEG = 1.0 - POS
    E = A * x
    E += LB
    m = E[0].copy()
    for j in range(1, E.shape[0]):
        np.maximum(m, E[j], out=m)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        E -= m
        T = np.exp(E, out=E)
        if deriv:
            TA = T * A
            TAA = TA * A
            dp = _rowsum(TA * POS)
            dn = _rowsum(TA * NEG)
            ddp = _rowsum(TAA * POS)
            ddn = _rowsum(TAA * NEG)
        sp = _rowsum(T * POS)
        sn = _rowsum(T * NEG)
        h = np.log(sp) - np.log(sn)
        if not deriv:
            return h, None, None
        gp = dp / sp
        gn = dn / sn
        dh = gp - gn
        d2h = ddp / sp - gp * gp - ddn / sn + gn * gn
    return h, dh, d2h


def _newton(lo, hi, h_lo, h_hi, s_lo, data, tol=1e-8, iters=100):
    """Zeros of h in brackets [lo, hi] (R,) where F has sign s_lo at lo and -s_lo at hi (h_lo,
    h_hi: h at the ends): Newton, falling back to Illinois false position when the Newton step
    leaves the bracket (h' vanishes at the critical points that end most brackets). A Newton step
    shorter than tol (relative) is taken as the last: Newton converges quadratically there, so the
    error after it is of order step^2 (1e-16 for the default)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        x = lo - h_lo * (hi - lo) / (h_hi - h_lo)
    x = np.where((x > lo) & (x < hi), x, 0.5 * (lo + hi))
    out = x.copy()
    side = np.zeros(x.shape, np.int8)  # which end moved last: -1 lo, +1 hi
    ids = np.arange(x.size)  # the working set (compacted when half of it is done)
    live = np.ones(x.size, bool)
    for _ in range(iters):
        if not live.any():
            break
        h, dh, d2h = _h(x, data)
        same = np.sign(h) == s_lo
        # Illinois: an end retained twice in a row has its h halved
        h_hi = np.where(same, np.where(side == -1, 0.5 * h_hi, h_hi), h)
        h_lo = np.where(same, h, np.where(side == 1, 0.5 * h_lo, h_lo))
        lo = np.where(same, x, lo)
        hi = np.where(same, hi, x)
        side = np.where(same, -1, 1).astype(np.int8)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            step = h / dh
            # Halley: cubic convergence (h'' is cheap once the terms are computed)
            step = step / (1.0 - 0.5 * step * d2h / dh)
            xn = x - step
            fp = lo - h_lo * (hi - lo) / (h_hi - h_lo)
        ax = 1.0 + np.abs(x)
        inside = (xn > lo) & (xn < hi)
        conv = (h == 0) | (inside & (np.abs(step) <= tol * ax))
        fp_ok = (fp > lo) & (fp < hi)
        xn = np.where(inside | conv, xn, np.where(fp_ok, fp, 0.5 * (lo + hi)))
        x = np.clip(xn, lo, hi)
        done = conv | (hi - lo <= 4e-16 * ax)
        newly = done & live
        if newly.any():
            out[ids[newly]] = x[newly]
            live &= ~done
            n_live = int(live.sum())
            if n_live * 2 <= live.size:
                ids = ids[live]
                x, lo, hi, h_lo, h_hi, s_lo, side = (a[live] for a in (x, lo, hi, h_lo, h_hi, s_lo, side))
                data = _take(data, live)
                live = np.ones(n_live, bool)
    out[ids[live]] = x[live]
    return out


def _tail_x(data, right: bool):
    """Float tail points per row (data from :func:`_lin`): beyond them the extreme term D
    (largest / smallest slope A among nonzero weights, i.e. largest / smallest mean) outweighs
    each other term by a factor n (the number of other terms), so F has D's sign there: the
    argument of the certified ArbCombo.tail_bounds, in floats, with linear exponents:
    LB_j + A_j x < LB_D + A_D x - log n  <=>  x beyond X_j = (LB_j - LB_D + log n) / (A_D - A_j).
    A margin of 1 is added."""
    LB, A, _ = data
    k = LB.shape[0]
    fin = np.isfinite(LB)
    n = np.maximum(_rowsum(fin.astype(float)) - 1.0, 1.0)
    order = range(k) if right else range(k - 1, -1, -1)
    LBD = np.full(LB.shape[1], -np.inf)
    AD = np.zeros(LB.shape[1])
    for j in order:  # the last finite column in this order is the dominant term D
        LBD = np.where(fin[j], LB[j], LBD)
        AD = np.where(fin[j], A[j], AD)
    with np.errstate(divide="ignore", invalid="ignore"):
        X = (LB - LBD + np.log(n)) / (AD - A)
    valid = fin & (A != AD)
    if right:
        X = np.where(valid, X, -np.inf)
        out = X[0]
        for j in range(1, k):
            out = np.maximum(out, X[j])
        return out + 1.0
    X = np.where(valid, X, np.inf)
    out = X[0]
    for j in range(1, k):
        out = np.minimum(out, X[j])
    return out - 1.0


# -- zeros ---------------------------------------------------------------------------------------


def real_zeros_float(weights, means, sd=1.0) -> FloatZeros:
    """Zeros of F_i(x) = sum_j weights[i, j] N(x; means[i, j], sd_i^2) for every row i.

    ``weights``, ``means``: arrays (N, k) (or (k,) for one row); ``sd`` a scalar or (N,).
    """
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    M = np.atleast_2d(np.asarray(means, dtype=float))
    N, k = W.shape
    s = np.broadcast_to(np.asarray(sd, dtype=float), (N,))
    if k == 4 and N > 0:
        if N > _CHUNK:
            parts = [_real_zeros_4(W[i : i + _CHUNK], M[i : i + _CHUNK], s[i : i + _CHUNK]) for i in range(0, N, _CHUNK)]
            return FloatZeros(*(np.concatenate([getattr(p, f) for p in parts]) for f in
                                ("zeros", "count", "sign_left", "sign_right", "near_tangent")))
        return _real_zeros_4(W, M, s)
    return _real_zeros_general(W, M, s)


def _real_zeros_4(W, M, s):
    return _real_zeros_4_cols([W[:, j] for j in range(4)], [M[:, j] for j in range(4)], s, W, M)


def _real_zeros_4_cols(w, m, s, W=None, M=None, defer=None):
    """Four terms, given as columns w, m (lists of four (N,) arrays; W, M: the same as (N, 4), or
    None to stack them when needed): rows with two weights of each sign and distinct means (the
    optimal-discriminator case) by :func:`_zeros22`; the other rows, and any row it could not
    settle, by the general path. ``defer``: a list to which the nearly matched rows are appended
    (as a group for :func:`_from_certified_groups`, to be redone later with other chunks' rows)
    instead of being redone here."""
    N = s.size
    s2 = s * s
    w0, m0 = w, m
    if np.all(w[0] > 0) and np.all(w[1] > 0) and np.all(w[2] < 0) and np.all(w[3] < 0):
        # target minus generator (every optimal-discriminator setting with 0 < alpha < 1)
        zeros, count, near, ok, sl, sr = _zeros_pairs(w[:2], m[:2], w[2:], m[2:], s2)
        if not ok.all():
            _from_general(np.nonzero(~ok)[0], W, M, w0, m0, s, zeros, count, near, sl, sr)
        # nearly matched means (a cheap screen on the four target-generator gaps first)
        with np.errstate(invalid="ignore"):
            gap = np.minimum(np.minimum(np.abs(m[0] - m[2]), np.abs(m[0] - m[3])),
                             np.minimum(np.abs(m[1] - m[2]), np.abs(m[1] - m[3])))
            big = np.maximum(np.maximum(np.abs(m[0]), np.abs(m[1])), np.maximum(np.abs(m[2]), np.abs(m[3])))
            big += s
            big *= _MATCH_TOL
            cand = np.nonzero(gap <= big)[0]
        if cand.size:
            matched = cand[_matched_rows([v[cand] for v in w], [v[cand] for v in m], s[cand])]
            if matched.size:
                _certify_later_or_now(defer, (matched, w0, m0, s, zeros, count, near, sl, sr))
        return FloatZeros(zeros, count, sl, sr, near)
    w = [np.array(v, dtype=float) for v in w]
    m = [np.array(v, dtype=float) for v in m]
    # sort the columns by mean (a sorting network; exact 0/1 blends carry the weights along)
    with np.errstate(invalid="ignore"):
        for i, j in ((0, 1), (2, 3), (0, 2), (1, 3), (1, 2)):
            sw = (m[j] < m[i]).astype(float)
            keep = 1.0 - sw
            m[i], m[j] = np.minimum(m[i], m[j]), np.maximum(m[i], m[j])
            w[i], w[j] = w[i] * keep + w[j] * sw, w[j] * keep + w[i] * sw
        npos = (w[0] > 0).astype(np.int8) + (w[1] > 0) + (w[2] > 0) + (w[3] > 0)
        nneg = (w[0] < 0).astype(np.int8) + (w[1] < 0) + (w[2] < 0) + (w[3] < 0)
        fit = (npos == 2) & (nneg == 2) & np.isfinite(w[0] + w[1] + w[2] + w[3])
        fit &= (m[1] > m[0]) & (m[2] > m[1]) & (m[3] > m[2]) & np.isfinite(m[3] - m[0])
        fit &= (s2 > 0) & np.isfinite(s2)
    zeros = np.full((N, 3), np.nan)
    count = np.zeros(N, int)
    near = np.zeros(N, bool)
    sl = np.sign(w[0])
    sr = np.sign(w[3])
    redo = ~fit
    if fit.all():
        coef = None
        if np.all((w0[0] > 0) & (w0[1] > 0)):  # given as the positive pair, then the negative
            c = 0.5 * (m[0] + m[3])
            inv = 1.0 / s2
            A = [(v - c) * inv for v in m0]
            L = [np.log(np.abs(u)) - 0.5 * (v - c) * (v + c) * inv for u, v in zip(w0, m0)]
            coef = (A[0] - A[2], L[0] - L[2], A[1] - A[0], L[1] - L[0], A[3] - A[2], L[3] - L[2])
        zeros, count, near, ok = _zeros22(w, m, s2, coef)
        redo = ~ok
    elif fit.any():
        f = np.nonzero(fit)[0]
        z, c, nt, ok = _zeros22([v[f] for v in w], [v[f] for v in m], s2[f])
        zeros[f], count[f], near[f] = z, c, nt
        redo[f[~ok]] = True
    if redo.any():
        _from_general(np.nonzero(redo)[0], W, M, w0, m0, s, zeros, count, near, sl, sr)
    matched = fit & _matched_rows(w, m, s)  # (two weights of each sign: see _from_certified)
    if matched.any():
        _certify_later_or_now(defer, (np.nonzero(matched)[0], w0, m0, s, zeros, count, near, sl, sr))
    return FloatZeros(zeros, count, sl, sr, near)


def _certify_later_or_now(defer, group):
    if defer is None:
        _from_certified_groups([group])
    else:
        defer.append(group)


def _from_general(r, W, M, w0, m0, s, zeros, count, near, sl, sr):
    """Rows ``r`` the fast solver could not settle: solved by the general path, in place."""
    if W is None:
        W = np.stack(w0, axis=1)
        M = np.stack(m0, axis=1)
    g = _real_zeros_general(W[r], M[r], s[r])
    zeros[r] = g.zeros
    count[r] = g.count
    near[r] = g.near_tangent
    sl[r] = g.sign_left
    sr[r] = g.sign_right


# Nearly matched means (see the module docstring): a positive and a negative term whose means
# differ by at most this much relative to s + max |m| (and not by 0) are not left to the float passes.
# (At 1e-7 .. 1e-8 the passes already miss the far zero of an unequal-weight pair, at ~1/|m_i - m_j|.)
_MATCH_TOL = 1e-6


def _matched_rows(w, m, s):
    """Rows (w, m: lists of k columns (N,); s (N,)) with a positive and a negative weight whose
    means differ by 0 < |m_i - m_j| <= _MATCH_TOL (s + max_j |m_j|)."""
    k = len(w)
    with np.errstate(invalid="ignore", over="ignore"):
        scale = np.abs(np.asarray(s, dtype=float))
        big = np.abs(m[0])
        for j in range(1, k):
            big = np.maximum(big, np.abs(m[j]))
        tol = _MATCH_TOL * (scale + big)
        out = np.zeros(np.shape(big), bool)
        for i in range(k):
            for j in range(i + 1, k):
                d = np.abs(m[i] - m[j])
                out |= (w[i] * w[j] < 0) & (d > 0) & (d <= tol)
    return out


def _from_certified(r, w0, m0, s, zeros, count, near, sl, sr):
    """Four-term rows ``r`` with two weights of each sign and nearly matched means, redone in place:
    count, signs and an isolating interval per zero from the certified zero sets, then each zero by
    bisection on the sign of h evaluated from the pairs' own differences (:func:`_sign_pairs`).
    The certified zero sets come from :func:`theorycheck.gaussians.zeros.real_zeros_22_batch` (all
    the rows at once, in batches of intervals); the rows it leaves undecided from
    :func:`theorycheck.gaussians.zeros.real_zeros`, one by one. A row whose count neither decides
    keeps its float answer, flagged ``near_tangent`` (but a row whose count is certified and only
    a far zero lacks an isolating float interval is taken, when F's signs, by :func:`_sign_pairs`,
    change across each region)."""
    _from_certified_groups([(r, w0, m0, s, zeros, count, near, sl, sr)])


def _pairings(W, M):
    """Rows (n, 4) of two positive and two negative weights: the columns (u1, m1, v1, n1, u2, m2,
    v2, n2) of :func:`_pair_coef` for the pairing (P0, Q[a]), (P1, Q[1 - a]) that holds the closest
    pair of opposite signs (P, Q: the positive, the negative columns, in column order)."""
    rows = np.arange(len(W))
    P, Q, straight = closest_opposite_pairing(W, M)
    a = np.where(straight, 0, 1)
    qa, qb = Q[rows, a], Q[rows, 1 - a]
    mP0, mP1 = M[rows, P[:, 0]], M[rows, P[:, 1]]
    return [W[rows, P[:, 0]], mP0, -W[rows, qa], M[rows, qa], W[rows, P[:, 1]], mP1, -W[rows, qb], M[rows, qb]]


def closest_opposite_pairing(W, M):
    """For rows of two positive and two negative weights: (P, Q, straight) with P, Q the columns
    of the positive and the negative weights (column order) and ``straight`` True where pairing
    (P0, Q0), (P1, Q1) holds the closest pair of means of opposite signs (else (P0, Q1), (P1, Q0)):
    a nearly matched pair is then evaluated from its own difference."""
    rows = np.arange(len(W))
    pos = W > 0
    P = np.argsort(~pos, axis=1, kind="stable")[:, :2]
    Q = np.argsort(pos, axis=1, kind="stable")[:, :2]
    mP0, mP1, mQ0, mQ1 = M[rows, P[:, 0]], M[rows, P[:, 1]], M[rows, Q[:, 0]], M[rows, Q[:, 1]]
    straight = np.minimum(np.abs(mP0 - mQ0), np.abs(mP1 - mQ1))
    cross = np.minimum(np.abs(mP0 - mQ1), np.abs(mP1 - mQ0))
    return P, Q, straight <= cross


def _from_certified_groups(groups):
    """:func:`_from_certified` for several groups (r, w0, m0, s, zeros, count, near, sl, sr) at once
    (the chunks of one large batch): one batch of certified zero sets, one bisection."""
    from .zeros import real_zeros, real_zeros_22_batch  # (the certified path: only needed here)

    groups = [g for g in groups if len(g[0])]
    if not groups:
        return
    Wg = np.concatenate([np.stack([v[g[0]] for v in g[1]], axis=1) for g in groups])
    Mg = np.concatenate([np.stack([v[g[0]] for v in g[2]], axis=1) for g in groups])
    Sg = np.concatenate([np.asarray(g[3], dtype=float)[g[0]] for g in groups])
    bz = real_zeros_22_batch(Wg, Mg, Sg)
    # bisection entries: (lo, hi, sign at lo, group, row, column, pair columns)
    entries = []
    start = 0
    for gi, (r, w0, m0, s, zeros, count, near, sl, sr) in enumerate(groups):
        r = np.asarray(r)
        ok = bz.ok[start:start + len(r)]
        k = np.nonzero(ok)[0] + start
        rr = r[ok]
        start += len(r)
        if rr.size:
            count[rr] = bz.count[k]
            near[rr] = False
            sl[rr] = bz.sign_left[k]
            sr[rr] = bz.sign_right[k]
            zeros[rr] = np.nan
            pr = np.stack(_pairings(Wg[k], Mg[k]) + [Sg[k] * Sg[k]], axis=1)
            for j in range(3):
                t = np.nonzero(bz.count[k] > j)[0]
                if t.size:
                    sj = bz.sign_left[k[t]] * (1.0 if j % 2 == 0 else -1.0)
                    entries.append((bz.lo[k[t], j], bz.hi[k[t], j], sj, np.full(t.size, gi), rr[t], np.full(t.size, j), pr[t]))
        rest = r[~ok]
        if rest.size:
            e = _from_certified_rows(rest, w0, m0, s, zeros, count, near, sl, sr, real_zeros)
            if e is not None:
                entries.append(e[:3] + (np.full(len(e[0]), gi),) + e[3:])
    if not entries:
        return
    lo, hi, slo, gid, rows, cols, pairs = (np.concatenate([e[t] for e in entries]) for t in range(7))
    c = _pair_coef(np.asarray(pairs, dtype=float).T)
    x = _bisect_pairs(lo, hi, slo, c)
    for gi, g in enumerate(groups):
        sel = gid == gi
        if sel.any():
            g[4][rows[sel], cols[sel]] = x[sel]


def _from_certified_rows(r, w0, m0, s, zeros, count, near, sl, sr, real_zeros):
    """The rows ``r`` by :func:`theorycheck.gaussians.zeros.real_zeros`, one by one (see
    :func:`_from_certified`): count, signs in place; returns the bisection entries (lo, hi, sign at
    lo, row, column, pair columns) or None."""
    los, his, slo, rows, cols, pairs = [], [], [], [], [], []
    for i in r:
        W = [float(v[i]) for v in w0]
        M = [float(v[i]) for v in m0]
        si = float(s[i])
        try:
            z = real_zeros(W, M, si)
        except (ArithmeticError, ValueError, RecursionError):
            z = None
        if z is None or z.identically_zero:
            near[i] = True
            continue
        ivs, signs = z.intervals, z.signs
        if z.count is None:
            # the count known (count_range) but a zero that no float interval isolates (far out,
            # where floats are sparse): accepted when every region is one sign change (checked below)
            n0, n1 = z.count_range
            ivs = sorted(ivs + z.undecided)
            if n0 != n1 or n0 != len(ivs) or not z.terms:
                near[i] = True
                continue
            sL = 1 if z.terms[0].weight > 0 else -1
            signs = [sL * (-1) ** j for j in range(n0 + 1)]
            if signs[-1] != (1 if z.terms[-1].weight > 0 else -1):
                near[i] = True
                continue
        if len(ivs) > zeros.shape[1]:
            near[i] = True
            continue
        P = [j for j in range(4) if W[j] > 0]
        Q = [j for j in range(4) if W[j] < 0]
        # the pairing (P[0], Q[a]), (P[1], Q[1 - a]) that holds the closest pair
        straight = min(abs(M[P[0]] - M[Q[0]]), abs(M[P[1]] - M[Q[1]]))
        cross = min(abs(M[P[0]] - M[Q[1]]), abs(M[P[1]] - M[Q[0]]))
        a = 0 if straight <= cross else 1
        pr = (W[P[0]], M[P[0]], -W[Q[a]], M[Q[a]], W[P[1]], M[P[1]], -W[Q[1 - a]], M[Q[1 - a]], si * si)
        if z.count is None:  # the undecided regions accepted: F must change sign across each
            e = np.array(ivs, dtype=float)
            sg = np.array(signs, dtype=float)
            u = np.array([iv in z.undecided for iv in ivs])
            cp = _pair_coef(np.array([pr] * int(u.sum())).T)
            s0 = _sign_pairs(e[u, 0], cp) * sg[:-1][u]  # (0: within rounding of 0 at an end)
            s1 = _sign_pairs(e[u, 1], cp) * sg[1:][u]
            if not (np.all(s0 >= 0) and np.all(s1 >= 0)):
                near[i] = True
                continue
        count[i] = len(ivs)
        near[i] = False
        sl[i] = signs[0]
        sr[i] = signs[-1]
        zeros[i] = np.nan
        for k, (lo, hi) in enumerate(ivs):
            los.append(lo)
            his.append(hi)
            slo.append(signs[k])
            rows.append(i)
            cols.append(k)
            pairs.append(pr)
    if not rows:
        return None
    return (np.array(los, dtype=float), np.array(his, dtype=float), np.array(slo, dtype=float),
            np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp), np.array(pairs, dtype=float))


def _pair_coef(p):
    """From columns (u1, m1, v1, n1, u2, m2, v2, n2, s2) (pair k: a positive term u_k N(m_k) and a
    negative one -v_k N(n_k), u, v > 0): per pair the log ratio of its positive to its negative
    term, l_k(x) = log(u_k / v_k) + (m_k - n_k)(x - (m_k + n_k)/2) / s2, and of the second negative
    term to the first, d(x) (same form), as (constant, slope, centre) each; the differences are
    taken from the means and weights directly (exact for close ones), not from centred exponents."""
    u1, m1, v1, n1, u2, m2, v2, n2, s2 = p

    def line(a, ma, b, mb):  # log(a N(ma) / (b N(mb)))
        return np.log1p((a - b) / b), (ma - mb) / s2, 0.5 * (ma + mb)

    return line(u1, m1, v1, n1) + line(u2, m2, v2, n2) + line(v2, n2, v1, n1)


def _sign_pairs(x, c):
    """Sign of F at x from :func:`_pair_coef`'s lines: with sigma = sigmoid(d) (the second negative
    term's share of F-), F+ / F- = (1 - sigma) e^{l_1} + sigma e^{l_2}, so sign F = sign h,
    h = log((1 - sigma) e^{l_1} + sigma e^{l_2}). Where both |l_k| < 1 (both pairs nearly
    cancelling: the case that needs it) h = log1p((1 - sigma) expm1(l_1) + sigma expm1(l_2));
    elsewhere h = logaddexp(l_1 - softplus(d), l_2 - softplus(-d)). Both are accurate to rounding
    of their own terms however small the lines are."""
    a1, b1, c1, a2, b2, c2, a3, b3, c3 = c
    with np.errstate(over="ignore", invalid="ignore"):
        l1 = a1 + b1 * (x - c1)
        l2 = a2 + b2 * (x - c2)
        d = a3 + b3 * (x - c3)
        small = np.maximum(np.abs(l1), np.abs(l2)) < 1.0
        g = special.expit(-d) * np.expm1(np.minimum(l1, 1.0)) + special.expit(d) * np.expm1(np.minimum(l2, 1.0))
        h = np.logaddexp(l1 - np.logaddexp(0.0, d), l2 - np.logaddexp(0.0, -d))
    return np.where(small, np.sign(g), np.sign(h))


def _bisect_pairs(lo, hi, s_lo, c, iters=2200):
    """Bisection to a few ulps in the isolating intervals [lo, hi] (F has sign s_lo at lo, -s_lo at
    hi), signs from :func:`_sign_pairs`."""
    lo = lo.copy()
    hi = hi.copy()
    for _ in range(iters):
        x = lo + 0.5 * (hi - lo)
        live = (x > lo) & (x < hi)
        if not live.any():
            break
        same = _sign_pairs(x, c) == s_lo
        lo = np.where(live & same, x, lo)
        hi = np.where(live & ~same, x, hi)
    return lo + 0.5 * (hi - lo)


def _real_zeros_general(W, M, s):
    """Any k (the Rolle recursion level by level, with the generic safeguarded solver)."""
    N, k = W.shape
    s2 = s * s
    order = np.argsort(M, axis=1, kind="stable")
    M = np.take_along_axis(M, order, axis=1)
    W = np.take_along_axis(W, order, axis=1)
    for j in range(1, k):  # merge equal means (exact float equality): weight moves to the last
        eq = M[:, j] == M[:, j - 1]
        if eq.any():
            W[:, j] = np.where(eq, W[:, j] + W[:, j - 1], W[:, j])
            W[:, j - 1] = np.where(eq, 0.0, W[:, j - 1])
    # levels: W_l[:, j] = W_{l-1}[:, j] (M_j - M_{l-1}) for j >= l, rescaled per row (positive)
    levels = [W]
    for lv in range(1, k):
        nxt = np.zeros_like(W)
        nxt[:, lv:] = levels[-1][:, lv:] * (M[:, lv:] - M[:, lv - 1 : lv])
        scale = np.abs(nxt).max(axis=1, keepdims=True)
        np.divide(nxt, scale, out=nxt, where=scale > 0)
        levels.append(nxt)
    # nearly matched opposite-sign means: the float exponents cannot resolve them (see the module
    # docstring); flagged (the four-term two-and-two rows are redone by _from_certified)
    matched = _matched_rows([W[:, j] for j in range(k)], [M[:, j] for j in range(k)], s)
    nz0 = W != 0
    any0 = nz0.any(axis=1)
    rows = np.arange(N)
    sl0 = np.where(any0, np.sign(W[rows, np.argmax(nz0, axis=1)]), 0.0)
    sr0 = np.where(any0, np.sign(W[rows, k - 1 - np.argmax(nz0[:, ::-1], axis=1)]), 0.0)
    near = matched.copy()
    if k == 1:
        return FloatZeros(np.full((N, 0), np.nan), np.zeros(N, int), sl0, sr0, near)
    # two terms (the deepest level): closed form
    Wl = levels[k - 2]
    wa, wb = Wl[:, k - 2], Wl[:, k - 1]
    a, b = M[:, k - 2], M[:, k - 1]
    ok = (wa * wb < 0) & (a != b)
    with np.errstate(divide="ignore", invalid="ignore"):
        z2 = 0.5 * (a + b) + s2 * np.log(-wb / wa) / (a - b)
    crit = np.where(ok, z2, np.nan)[:, None]
    for lv in range(k - 3, -1, -1):
        Wl = levels[lv]
        nz = Wl != 0
        anyl = nz.any(axis=1)
        sl = np.where(anyl, np.sign(Wl[rows, np.argmax(nz, axis=1)]), 0.0)
        sr = np.where(anyl, np.sign(Wl[rows, k - 1 - np.argmax(nz[:, ::-1], axis=1)]), 0.0)
        data = _lin(Wl, M, s2)
        p = crit.shape[1]
        # breakpoints: -inf, critical points (NaN -> +inf), +inf; sign and h at each
        cr = np.where(np.isnan(crit), np.inf, crit)
        B = np.concatenate([np.full((N, 1), -np.inf), cr, np.full((N, 1), np.inf)], axis=1)
        H = np.zeros(B.shape)
        S = np.empty(B.shape)
        S[:, 0] = sl
        S[:, -1] = sr
        fin = np.isfinite(cr)
        rr, cc = np.nonzero(fin)
        if rr.size:
            hv = _h(cr[rr, cc], _take(data, rr), deriv=False)[0]
            H[rr, cc + 1] = hv
            if lv == 0:
                near[rr[np.abs(hv) < 1e-11]] = True
        S[:, 1:-1] = np.where(fin, np.sign(H[:, 1:-1]), sr[:, None])
        act = (B[:, :-1] < B[:, 1:]) & (S[:, :-1] * S[:, 1:] < 0)
        zeros = np.full((N, p + 1), np.nan)
        rr, gg = np.nonzero(act)
        if rr.size:
            lo = B[rr, gg]
            hi = B[rr, gg + 1]
            h_lo = H[rr, gg]
            h_hi = H[rr, gg + 1]
            sub = _take(data, rr)
            inf_l = ~np.isfinite(lo)
            inf_r = ~np.isfinite(hi)
            if inf_l.any():
                j = np.nonzero(inf_l)[0]
                sj = _take(sub, j)
                lo[j] = np.minimum(_tail_x(sj, right=False), hi[j] - 1.0)
                h_lo[j] = _h(lo[j], sj, deriv=False)[0]
            if inf_r.any():
                j = np.nonzero(inf_r)[0]
                sj = _take(sub, j)
                hi[j] = np.maximum(_tail_x(sj, right=True), lo[j] + 1.0)
                h_hi[j] = _h(hi[j], sj, deriv=False)[0]
            # critical points (lv > 0) only need to be good breakpoints: F is stationary there
            zeros[rr, gg] = _newton(lo, hi, h_lo, h_hi, S[rr, gg], sub, tol=1e-8 if lv == 0 else 1e-5)
        crit = np.sort(zeros, axis=1)
    zeros = crit
    count = np.sum(~np.isnan(zeros), axis=1)
    return FloatZeros(zeros, count, sl0, sr0, near)


# -- optimal discriminators ------------------------------------------------------------------------


def optimal_discriminator_float(alpha_star, mu_star, alpha_hat=None, mu_hat=None, sd=1.0, *,
                                need_tv: bool = True) -> FloatDiscriminators:
    """Optimal discriminators {F > 0}, F = target - generator, for N settings at once.

    ``alpha_star``, ``alpha_hat``: (N,) or scalars (alpha_hat None: equal to alpha_star, the
    known-alpha case); ``mu_star``, ``mu_hat``: (N, 2) or (2,); ``sd`` scalar or (N,).
    ``need_tv`` False: ``tv`` (and ``value``) are NaN, not computed (for callers that only need the
    intervals, such as gradients).
    """
    if alpha_hat is None:
        alpha_hat = alpha_star
    mu_star = np.atleast_2d(np.asarray(mu_star, dtype=float))
    mu_hat = np.atleast_2d(np.asarray(mu_hat, dtype=float))
    N = max(mu_star.shape[0], mu_hat.shape[0], np.size(alpha_star), np.size(alpha_hat))
    a_s = np.broadcast_to(np.asarray(alpha_star, dtype=float), (N,))
    a_h = np.broadcast_to(np.asarray(alpha_hat, dtype=float), (N,))
    ms = np.broadcast_to(mu_star, (N, 2))
    mh = np.broadcast_to(mu_hat, (N, 2))
    s = np.broadcast_to(np.asarray(sd, dtype=float), (N,))
    if N > _CHUNK:
        # chunk by chunk, but the nearly matched rows of all chunks certified together (one batch)
        defer = []
        chunks = [slice(i, i + _CHUNK) for i in range(0, N, _CHUNK)]
        zs = [_discriminator_zeros(a_s[c], ms[c], a_h[c], mh[c], s[c], defer) for c in chunks]
        _from_certified_groups(defer)
        parts = [_discriminators(a_s[c], ms[c], a_h[c], mh[c], s[c], z, need_tv) for c, z in zip(chunks, zs)]
        return FloatDiscriminators(*(np.concatenate([getattr(p, f) for p in parts]) for f in
                                     ("l", "r", "tv", "zeros", "count", "near_tangent")))
    return _discriminators(a_s, ms, a_h, mh, s, None, need_tv)


# Large batches are done in chunks of this many rows: the temporaries of a chunk stay in the
# cache and in the heap (whole batches at once cost page faults that outweighed the arithmetic).
_CHUNK = 8192


def _discriminator_zeros(a_s, ms, a_h, mh, s, defer=None) -> FloatZeros:
    """The zeros of F = target - generator (see :func:`_real_zeros_4_cols` for ``defer``)."""
    w = [a_s, 1.0 - a_s, -a_h, -(1.0 - a_h)]
    m = [ms[:, 0], ms[:, 1], mh[:, 0], mh[:, 1]]
    return _real_zeros_4_cols(w, m, s, defer=defer)


def _discriminators(a_s, ms, a_h, mh, s, z=None, need_tv=True) -> FloatDiscriminators:
    """The discriminators from the zeros ``z`` of F (computed here when None); tv NaN unless
    ``need_tv``."""
    N = a_s.size
    w = [a_s, 1.0 - a_s, -a_h, -(1.0 - a_h)]
    m = [ms[:, 0], ms[:, 1], mh[:, 0], mh[:, 1]]
    if z is None:
        z = _discriminator_zeros(a_s, ms, a_h, mh, s)
    # F > 0 on (-inf, z0), (z1, z2) when F > 0 at -inf, else on (z0, z1), (z2, inf) (absent zeros
    # are +inf, so absent intervals are (inf, inf))
    zz = np.fmin(z.zeros, np.inf)  # NaN -> inf
    z0, z1, z2 = zz[:, 0], zz[:, 1], zz[:, 2]
    pos = z.sign_left > 0
    l = np.empty((N, 2))
    r = np.empty((N, 2))
    l[:, 0] = np.where(pos, -np.inf, z0)
    r[:, 0] = np.where(pos, z0, z1)
    l[:, 1] = np.where(pos, z1, z2)
    r[:, 1] = np.where(pos, z2, np.inf)
    zero = z.sign_left == 0  # F identically 0: no interval
    if zero.any():
        l[zero] = np.inf
        r[zero] = np.inf
    # TV = int over {F > 0} of F = sum over zeros of -/+ G(z), G(x) = sum_j w_j Phi((x - m_j)/s)
    # (G(-inf) = G(inf) = 0): + at a right end of a positive piece, - at a left end
    # (the k-th zero of a row counts with sign sign_left (-1)^k; the first ones of all rows at once,
    # an absent one as -inf, where G = 0 exactly)
    unit = bool(np.all(s == 1.0))
    tv = np.zeros(N)
    if not need_tv:
        tv[:] = np.nan
    for k in range(3 if need_tv else 0):
        if k == 0:
            idx = slice(None)
            Z = np.fmax(z.zeros[:, 0], -np.inf)  # NaN -> -inf
        else:
            idx = np.nonzero(z.count > k)[0]
            if not idx.size:
                break
            Z = z.zeros[idx, k]
        G = np.zeros(Z.size)
        for wj, mj in zip(w, m):
            q = Z - mj[idx]
            if not unit:
                q /= s[idx]
            special.ndtr(q, out=q)
            q *= wj[idx]
            G += q
        G *= z.sign_left[idx]
        if k == 1:
            tv[idx] -= G
        else:
            tv[idx] += G
    return FloatDiscriminators(l, r, tv, z.zeros, z.count, z.near_tangent)


# -- four terms, two of each sign: the optimal-discriminator case, in closed-form-led passes ------


def _sp(d):
    """softplus(d) = log(1 + e^d), and t = e^-|d|. The exponent is clamped at -60: e^-60 is far
    below the rounding of 1 + t, and exp is much slower where its result underflows."""
    t = np.abs(d)
    np.minimum(t, 60.0, out=t)
    np.negative(t, out=t)
    np.exp(t, out=t)
    sp = np.log1p(t)
    sp += np.maximum(d, 0.0)
    return sp, t


# Iteration counts (Halley steps): K's zeros get _LEVEL1_ITERS; F's zeros _FREE_ITERS plain steps,
# then those not settled in their bracket (about a tenth) _BISECT bisections and _LEVEL0_ITERS
# safeguarded steps; then up to _MORE_ROUNDS rounds of _ROUND_ITERS steps on the few left
# (compacted), then the general path.
_LEVEL1_ITERS = 3
_FREE_ITERS = 4
_LEVEL0_ITERS = 5
_MORE_ROUNDS = 12
_ROUND_ITERS = 3
_BISECT = 10
_TOL1 = 1e-7  # last Halley step (relative) accepted at the critical points: error ~ step^3
_TOL0 = 1e-7  # and at the zeros


def _sigmoid_into(d, t, D, u, v):
    """u = D sigmoid(d), v = D^2 sigmoid(d) (1 - sigmoid(d)), from t = e^-|d| (sigmoid = 1/(1+t)
    for d >= 0, 1 - 1/(1+t) below; sigmoid (1 - sigmoid) = t/(1+t)^2)."""
    np.add(t, 1.0, out=u)
    np.reciprocal(u, out=u)
    np.multiply(u, u, out=v)
    v *= t
    v *= D
    v *= D
    u -= 0.5
    np.copysign(u, d, out=u)
    u += 0.5
    u *= D


class _Work:
    """Scratch arrays of one size, reused across iterations (fresh large arrays cost page faults
    that can outweigh the arithmetic)."""

    def __init__(self, n, k):
        self.f = [np.empty(n) for _ in range(k)]
        self.b = [np.empty(n, bool) for _ in range(2)]


def _h22_into(x, c, wk, deriv=True):
    """h = log F+ - log F- = S x + C + softplus(DP x + EP) - softplus(DN x + EN) at x (R,) for two
    positive and two negative terms (c = (S, C, DP, EP, DN, EN)), with h' and h'' when ``deriv``;
    results in wk's arrays (h, dh, d2h), no allocation."""
    S, C, DP, EP, DN, EN = c
    dP, dN, tP, tN, h, dh, d2h, u, v = wk.f[:9]
    np.multiply(DP, x, out=dP)
    dP += EP
    np.multiply(DN, x, out=dN)
    dN += EN
    np.multiply(S, x, out=h)
    h += C
    for d, t, sgn in ((dP, tP, 1.0), (dN, tN, -1.0)):
        np.abs(d, out=t)
        np.minimum(t, 60.0, out=t)  # e^-60 is far below the rounding of 1 + t; exp is slow below
        np.negative(t, out=t)
        np.exp(t, out=t)
        np.maximum(d, 0.0, out=u)
        np.log1p(t, out=v)
        u += v
        if sgn > 0:
            h += u
        else:
            h -= u
    if not deriv:
        return h, None, None
    _sigmoid_into(dP, tP, DP, dh, d2h)
    dh += S
    _sigmoid_into(dN, tN, DN, u, v)
    dh -= u
    d2h -= v
    return h, dh, d2h


def _h22(x, c, deriv=True):
    """:func:`_h22_into` into fresh arrays (h, h', h'')."""
    h, dh, d2h = _h22_into(x, c, _Work(np.size(x), 9), deriv)
    return h, dh, d2h


def _halley1(x, a, b, D, E, iters):
    """Halley steps on the convex f1 = a x + b + softplus(D x + E) (D > 0) from x; returns x and
    whether the last step was below _TOL1 (relative)."""
    x = x.copy()
    wk = _Work(x.size, 5)
    d, t, f, u, v = wk.f
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for _ in range(iters):
            np.multiply(D, x, out=d)
            d += E
            np.abs(d, out=t)
            np.minimum(t, 60.0, out=t)
            np.negative(t, out=t)
            np.exp(t, out=t)
            np.log1p(t, out=f)
            np.maximum(d, 0.0, out=u)
            f += u
            np.multiply(a, x, out=u)
            f += u
            f += b
            _sigmoid_into(d, t, D, u, v)  # u = D sigma, v = f1''
            u += a  # f1'
            f /= u  # the Newton step, then Halley's correction
            v *= f
            v /= u
            v *= -0.5
            v += 1.0
            np.maximum(v, 0.5, out=v)
            np.minimum(v, 2.0, out=v)
            f /= v
            x -= f
        return x, np.abs(f) <= _TOL1 * (1.0 + np.abs(x))


def _halley0_free(x, lo, hi, cf, iters):
    """Plain Halley steps on h from x (no bracket bookkeeping: cheaper). Returns x and whether it
    settled inside [lo, hi] (last step below _TOL0): h has exactly one zero there, so that is it.
    The others are redone by :func:`_halley0`."""
    x = x.copy()
    wk = _Work(x.size, 9)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for _ in range(iters):
            h, dh, d2h = _h22_into(x, cf, wk)
            h /= dh  # the Newton step, then Halley's correction
            d2h *= h
            d2h /= dh
            d2h *= -0.5
            d2h += 1.0
            np.maximum(d2h, 0.5, out=d2h)
            np.minimum(d2h, 2.0, out=d2h)
            h /= d2h
            x -= h
        conv = (np.abs(h) <= _TOL0 * (1.0 + np.abs(x))) & (x >= lo) & (x <= hi)
    return x, conv


def _bisect0(lo, hi, s_lo, cf, steps):
    """Bisection steps on h's sign change in [lo, hi] (F has sign s_lo at lo); returns the
    bracket."""
    lo = lo.copy()
    hi = hi.copy()
    wk = _Work(lo.size, 10)
    x = wk.f[9]
    same = wk.b[0]
    with np.errstate(invalid="ignore", over="ignore"):
        for _ in range(steps):
            np.add(lo, hi, out=x)
            x *= 0.5
            h = _h22_into(x, cf, wk, deriv=False)[0]
            h *= s_lo
            np.greater(h, 0.0, out=same)
            np.copyto(lo, x, where=same)
            np.logical_not(same, out=same)
            np.copyto(hi, x, where=same)
    return lo, hi


def _halley0(x, lo, hi, s_lo, cf, iters, strict=False):
    """Safeguarded Halley steps on h (see :func:`_h22_into`) in brackets [lo, hi] (finite; F has
    sign s_lo at lo and -s_lo at hi): a step that leaves the bracket is replaced by bisection.
    Returns x, whether the last step was an accepted one below _TOL0 (or the bracket is a few
    ulps), and the bracket. ``strict``: also bisect when a step is not below half the one two
    steps before (Newton cycles that shrink slowly)."""
    x = x.copy()
    lo = lo.copy()
    hi = hi.copy()
    wk = _Work(x.size, 11)
    m, xn = wk.f[9:11]
    inside, b2 = wk.b
    prev = [np.full(x.shape, np.inf)] * 2 if strict else None
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for _ in range(iters):
            h, dh, d2h = _h22_into(x, cf, wk)
            np.multiply(h, s_lo, out=m)
            np.greater(m, 0.0, out=inside)  # F has lo's sign at x: x becomes lo, else hi
            np.copyto(m, inside)
            np.subtract(x, lo, out=xn)
            xn *= m
            lo += xn
            m -= 1.0
            np.subtract(x, hi, out=xn)
            xn *= m
            hi -= xn
            h /= dh  # the Newton step, then Halley's correction
            d2h *= h
            d2h /= dh
            d2h *= -0.5
            d2h += 1.0
            np.maximum(d2h, 0.5, out=d2h)
            np.minimum(d2h, 2.0, out=d2h)
            h /= d2h
            np.subtract(x, h, out=xn)
            # the step lands strictly inside the bracket, or is of the order of rounding (a root
            # at an end of the bracket, which may then be overshot by an ulp)
            ah = np.abs(h, out=d2h)
            np.greater(xn, lo, out=inside)
            np.less(xn, hi, out=b2)
            inside &= b2
            if strict:
                inside &= ah <= 0.5 * prev[0]
                prev = [prev[1], np.where(inside, ah, 0.5 * (hi - lo))]
            np.abs(x, out=m)
            m += 1.0
            m *= 1e-12
            np.less_equal(ah, m, out=b2)
            inside |= b2
            np.fmin(xn, hi, out=xn)  # (NaN and inf out of the way of the blend below)
            np.fmax(xn, lo, out=xn)
            np.add(lo, hi, out=m)
            m *= 0.5
            xn -= m
            xn *= inside
            np.add(m, xn, out=x)
        ax = 1.0 + np.abs(x)
        conv = ((np.abs(h) <= _TOL0 * ax) & inside) | (hi - lo <= 4e-16 * ax)
    return x, conv, lo, hi


def _zeros22(W, M, s2, coef=None):
    """Zeros of F = sum_j W[j] N(M[j], s^2) (W, M: lists of four columns (n,)) for rows with sorted,
    distinct means, nonzero finite weights, two of each sign. The Rolle recursion of
    :func:`real_zeros_float`, each level in closed form or nearly (see :func:`_solve22`); this
    function only names the terms. ``coef``: h's coefficients (see :func:`_h22_into`) if the
    caller has them. Returns (zeros (n, 3) sorted NaN-padded, count, near_tangent, ok); rows with
    ok False (an iteration that did not settle, a non-finite value) must be redone by the general
    path."""
    W0, W1, W2, W3 = W
    M0, M1, M2, M3 = M
    n = W0.size
    c = 0.5 * (M0 + M3)
    inv = 1.0 / s2
    A = [(m - c) * inv for m in (M0, M1, M2, M3)]
    L = [np.log(np.abs(w)) - 0.5 * (m - c) * (m + c) * inv for w, m in zip((W0, W1, W2, W3), (M0, M1, M2, M3))]
    P = [w > 0 for w in (W0, W1, W2, W3)]
    # the single term i (j = 1..3, the sign of w_0) and the pair p < q of the other sign, by
    # exact 0/1 blends
    e1 = (P[1] == P[0]).astype(float)
    e2 = (P[2] == P[0]).astype(float)
    e3 = (P[3] == P[0]).astype(float)
    f23 = e2 + e3
    f12 = e1 + e2

    def pick(v1, v2, v3):
        return e1 * v1 + e2 * v2 + e3 * v3, e1 * v2 + f23 * v1, f12 * v3 + e3 * v2

    Ai, Ap, Aq = pick(A[1], A[2], A[3])
    Li, Lp, Lq = pick(L[1], L[2], L[3])
    Mi, Mp, Mq = pick(M1, M2, M3)
    if coef is None:
        code = P[0] * 8 + P[1] * 4 + P[2] * 2 + P[3]
        At = np.stack(A)
        Lt = np.stack(L)
        cols = np.arange(n)
        p1, p2, n1_, n2_ = (_PAIRS[j][code] for j in range(4))
        Ap1, Ap2, An1, An2 = (At[j, cols] for j in (p1, p2, n1_, n2_))
        Lp1, Lp2, Ln1, Ln2 = (Lt[j, cols] for j in (p1, p2, n1_, n2_))
        coef = (Ap1 - An1, Lp1 - Ln1, Ap2 - Ap1, Lp2 - Lp1, An2 - An1, Ln2 - Ln1)
    sl = np.where(P[0], 1.0, -1.0)
    sr = np.where(P[3], 1.0, -1.0)
    return _solve22(A[0], L[0], M0, (Ai, Li, Mi), (Ap, Lp, Mp), (Aq, Lq, Mq), coef, sl, sr)


def _zeros_pairs(wt, mt, wg, mg, s2):
    """As :func:`_zeros22` for F = wt[0] N(mt[0]) + wt[1] N(mt[1]) + wg[0] N(mg[0]) + wg[1] N(mg[1])
    with wt > 0 > wg (target minus generator), means in any order: the roles of
    :func:`_solve22` come from the two pairs directly (no sort). Returns (zeros, count,
    near_tangent, ok, sign_left, sign_right); ok is False also where the means are not distinct
    or a weight is not of its sign."""
    with np.errstate(invalid="ignore", divide="ignore"):
        ordered = bool(np.all(mt[0] < mt[1]) and np.all(mg[0] < mg[1]))  # (as usually given)
        if ordered:
            lo, hi = (mt[0], mg[0]), (mt[1], mg[1])
        else:
            lo = np.minimum(mt[0], mt[1]), np.minimum(mg[0], mg[1])
            hi = np.maximum(mt[0], mt[1]), np.maximum(mg[0], mg[1])
        c = 0.5 * (np.minimum(lo[0], lo[1]) + np.maximum(hi[0], hi[1]))
        inv = 1.0 / s2
        A = [(m - c) * inv for m in (mt[0], mt[1], mg[0], mg[1])]
        L = [np.log(np.abs(w)) - 0.5 * (m - c) * (m + c) * inv for w, m in zip((wt[0], wt[1], wg[0], wg[1]), (mt[0], mt[1], mg[0], mg[1]))]
        coef = (A[0] - A[2], L[0] - L[2], A[1] - A[0], L[1] - L[0], A[3] - A[2], L[3] - L[2])
        # each pair sorted by mean (exact 0/1 blends), then the roles: term 0 = the lower of the
        # two lower ends, i = its partner, p < q = the other pair
        if ordered:
            tl, th, gl, gh = (A[0], L[0], lo[0]), (A[1], L[1], hi[0]), (A[2], L[2], lo[1]), (A[3], L[3], hi[1])
        else:
            st = (mt[1] < mt[0]).astype(float)
            sg = (mg[1] < mg[0]).astype(float)
            kt = 1.0 - st
            kg = 1.0 - sg
            tl = [kt * A[0] + st * A[1], kt * L[0] + st * L[1], lo[0]]
            th = [st * A[0] + kt * A[1], st * L[0] + kt * L[1], hi[0]]
            gl = [kg * A[2] + sg * A[3], kg * L[2] + sg * L[3], lo[1]]
            gh = [sg * A[2] + kg * A[3], sg * L[2] + kg * L[3], hi[1]]
        t0 = lo[0] < lo[1]
        tf = t0.astype(float)
        gf = 1.0 - tf
        A0, L0, M0 = (tf * u + gf * v for u, v in zip(tl, gl))
        Ai, Li, Mi = (tf * u + gf * v for u, v in zip(th, gh))
        Ap, Lp, Mp = (gf * u + tf * v for u, v in zip(tl, gl))
        Aq, Lq, Mq = (gf * u + tf * v for u, v in zip(th, gh))
        fit = (M0 < Mp) & (Mi != Mp) & (Mi != Mq)
        if not ordered:
            fit &= (lo[0] < hi[0]) & (lo[1] < hi[1])
        fit &= (wt[0] > 0) & (wt[1] > 0) & (wg[0] < 0) & (wg[1] < 0) & (s2 > 0)
        fit &= np.isfinite(L[0] + L[1] + L[2] + L[3]) & np.isfinite(A[0] + A[1] + A[2] + A[3])
    sl = tf * 2.0 - 1.0
    sr = np.where((Mi > Mq) == t0, 1.0, -1.0)  # the largest mean: i's (term 0's pair) or q's
    if not fit.all():  # rows that do not fit are redone by the general path; neutral values here
        bad = ~fit
        for v in (A0, L0, Ai, Li, Ap, Lp, Aq, Lq) + coef:
            v[bad] = 0.0
        A0[bad], Ai[bad], Ap[bad], Aq[bad] = -1.0, 0.0, 1.0, 2.0
        M0[bad], Mi[bad], Mp[bad], Mq[bad] = -1.0, 0.0, 1.0, 2.0
        coef[2][bad] = coef[4][bad] = 1.0
    zeros, count, near, ok = _solve22(A0, L0, M0, (Ai, Li, Mi), (Ap, Lp, Mp), (Aq, Lq, Mq), coef, sl, sr)
    return zeros, count, near, ok & fit, sl, sr


def _solve22(A0, L0, M0, ti, tp, tq, coef, sl, sr):
    """Zeros of four terms, two of each sign, given as: term 0 (the smallest mean; slope A0 and log
    weight L0 of its linear exponent, see :func:`_lin`), the term i of w_0's sign and the pair
    p < q of the other sign among the other three (each (A, L, M)), h's coefficients, and the
    signs of F at -inf / +inf.

    * Level 1, the zeros of K (the three terms w_j (m_j - m_0) N(m_j, s^2), j = i, p, q): with
      f1 = log(K's pair part) - log(K's single term) = logaddexp(l_L, l_R) for two lines, f1 is
      convex: at most two zeros, and whether there are two is decided by its minimum (closed
      form). Each is reached by Halley steps from the zero of the line that bounds f1 below on its
      side (there 0 <= f1 <= log 2).
    * Level 0: on each piece between K's zeros (and the half-lines beyond), F is monotone up to a
      positive factor, so it has a zero iff its signs at the ends differ (evaluated at K's zeros;
      at -inf / +inf the sign of the extreme term). A zero is found on h = log F+ - log F- = a
      line plus two softplus terms (:func:`_h22_into`): plain Halley steps from the zero of h's
      asymptote (tail pieces) or the middle of the piece; where they do not settle inside the
      piece, safeguarded ones (bisection when a step leaves the shrinking bracket). Tail pieces
      are closed by bounds beyond which the extreme term outweighs each other one threefold.

    Fixed iteration counts over all rows at once, then a few compacted rounds on the few left.
    Returns (zeros (n, 3) sorted NaN-padded, count, near_tangent, ok)."""
    Ai, Li0, Mi = ti
    Ap, Lp0, Mp = tp
    Aq, Lq0, Mq = tq
    n = A0.size
    ok = np.ones(n, bool)
    near = np.zeros(n, bool)
    # level 1: K's log weights L_j + log(m_j - m_0)
    with np.errstate(divide="ignore", invalid="ignore"):
        Li = Li0 + np.log(Mi - M0)
        Lp = Lp0 + np.log(Mp - M0)
        Lq = Lq0 + np.log(Mq - M0)
    e1 = Mi < Mp  # i the lowest of the three: f1 increasing
    e3 = Mi > Mq  # the highest: decreasing
    mid = ~(e1 | e3)
    a = Ap - Ai  # the lines: l_L = a x + b, l_R = aR x + bR (a pair term over the single one, in logs)
    b = Lp - Li
    aR = Aq - Ai
    bR = Lq - Li
    D = Aq - Ap  # > 0: f1 = l_L + softplus(D x + E)
    E = Lq - Lp
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        xL = -b / a
        xR = -bR / aR
        # single term between the pair: f1 -> +inf at both ends, 0 or 2 zeros, by the sign of its
        # minimum at x*: sigmoid(D x* + E) = (Ai - Ap) / D
        dstar = np.log((Mi - Mp) / (Mq - Mi))
        xstar = (dstar - E) / D
        f1min = a * xstar + b + _sp(dstar)[0]
    two = mid & (f1min < 0)
    # one zero (i lowest: f1 increasing, below both line zeros; i highest: decreasing, above
    # both), or the left one of two (from xL) and the right one (from xR)
    start = np.where(e1, np.fmin(xL, xR), np.where(e3, np.fmax(xL, xR), xL))
    has0 = ~mid | two
    r1 = np.nonzero(has0)[0]
    r2 = np.nonzero(two)[0]
    n1 = r1.size
    rr = np.concatenate([r1, r2])
    x = np.concatenate([start[r1], xR[r2]])
    ca, cb, cD, cE = a[rr], b[rr], D[rr], E[rr]
    x, conv = _halley1(x, ca, cb, cD, cE, _LEVEL1_ITERS)
    j = np.nonzero(~conv)[0]
    for _ in range(_MORE_ROUNDS):  # the few left, a few steps at a time
        if not j.size:
            break
        x[j], c = _halley1(x[j], ca[j], cb[j], cD[j], cE[j], _ROUND_ITERS)
        conv[j] = c
        j = j[~c]
    ok[rr[~conv]] = False

    # level 0: h = log F+ - log F- = S x + C + softplus(DP x + EP) - softplus(DN x + EN) (coef);
    # breakpoints -inf, c1, c2, +inf (K's zeros; absent ones +inf) and F's sign at each
    c1 = np.full(n, np.inf)
    c2 = np.full(n, np.inf)
    c1[r1] = x[:n1]
    c2[r2] = x[n1:]
    S1 = sr.copy()
    S2 = sr.copy()
    hv = _h22(x, tuple(v[rr] for v in coef), deriv=False)[0]
    S1[r1] = np.sign(hv[:n1])
    S2[r2] = np.sign(hv[n1:])
    near[rr[np.abs(hv) < 1e-11]] = True
    ok[rr[~np.isfinite(hv)]] = False
    # pieces (-inf, c1), (c1, c2), (c2, inf) with a sign change: one zero each
    act = np.empty((n, 3), bool)
    a0 = sl * S1 < 0.0
    a1 = (S1 * S2 < 0.0) & (c1 < c2)
    a2 = (S2 * sr < 0.0) & (c2 < np.inf)
    act[:, 0] = a0
    act[:, 1] = a1
    act[:, 2] = a2
    zeros = np.full((n, 3), np.nan)
    count = a0.view(np.int8) + a1.view(np.int8)
    count += a2.view(np.int8)
    count = count.astype(np.intp)
    rr, gg = np.nonzero(act)
    if rr.size:
        B = np.empty((n, 4))
        B[:, 0] = -np.inf
        B[:, 1] = c1
        B[:, 2] = c2
        B[:, 3] = np.inf
        Sg = np.empty((n, 4))
        Sg[:, 0] = sl
        Sg[:, 1] = S1
        Sg[:, 2] = S2
        Sg[:, 3] = sr
    if rr.size:
        lo = B[rr, gg]
        hi = B[rr, gg + 1]
        s_lo = Sg[rr, gg]
        cf = tuple(v[rr] for v in coef)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            x = 0.5 * (lo + hi)
            # tails: beyond them the extreme term outweighs each other one threefold, so F has its
            # sign (L_j + A_j x < L_e + A_e x - log 3, margin 1); the start there: where h's
            # asymptote line (the extreme term against the nearest of the other sign) vanishes
            il = np.nonzero(gg == 0)[0]
            if il.size:
                r = rr[il]
                a0, l0 = A0[r], L0[r]
                tl = np.minimum(np.minimum((l0 - Li0[r] - _LOG3) / (Ai[r] - a0),
                                           (l0 - Lp0[r] - _LOG3) / (Ap[r] - a0)),
                                (l0 - Lq0[r] - _LOG3) / (Aq[r] - a0)) - 1.0
                lo[il] = np.minimum(tl, hi[il] - 1.0)
                x[il] = (l0 - Lp0[r]) / (Ap[r] - a0)  # term 0 against the first of the other sign (p)
            ir = np.nonzero(np.isinf(hi))[0]
            if ir.size:
                r = rr[ir]
                ai, li, aq, lq = Ai[r], Li0[r], Aq[r], Lq0[r]
                ei = (Mi[r] > Mq[r]).astype(float)  # the extreme term e is i or q, the other one o
                eq = 1.0 - ei
                ae, le = ei * ai + eq * aq, ei * li + eq * lq
                ao, lo_ = ei * aq + eq * ai, ei * lq + eq * li
                tr = np.maximum(np.maximum((L0[r] - le + _LOG3) / (ae - A0[r]),
                                           (Lp0[r] - le + _LOG3) / (ae - Ap[r])),
                                (lo_ - le + _LOG3) / (ae - ao)) + 1.0
                hi[ir] = np.maximum(tr, lo[ir] + 1.0)
                x[ir] = (li - lq) / (aq - ai)  # i against q: the last terms of the two signs
            out = ~((x > lo) & (x < hi))
            if out.any():
                x[out] = 0.5 * (lo[out] + hi[out])
            ok[rr[~(np.isfinite(lo) & np.isfinite(hi))]] = False
            if _FREE_ITERS:
                x0 = x
                x, conv = _halley0_free(x0, lo, hi, cf, _FREE_ITERS)
                j = np.nonzero(~conv)[0]
                if j.size:  # the rest: a few bisections, then safeguarded steps from the middle
                    cj = tuple(v[j] for v in cf)
                    lj, hj = _bisect0(lo[j], hi[j], s_lo[j], cj, _BISECT)
                    x[j], conv[j], lo[j], hi[j] = _halley0(0.5 * (lj + hj), lj, hj, s_lo[j], cj, _LEVEL0_ITERS)
            else:
                x, conv, lo, hi = _halley0(x, lo, hi, s_lo, cf, _LEVEL0_ITERS)
            j = np.nonzero(~conv)[0]
            for _ in range(_MORE_ROUNDS):  # the few left, a few steps at a time, stricter
                if not j.size:
                    break
                x[j], c, lo[j], hi[j] = _halley0(x[j], lo[j], hi[j], s_lo[j], tuple(v[j] for v in cf), _ROUND_ITERS, True)
                conv[j] = c
                j = j[~c]
        ok[rr[~conv]] = False
        # the zeros in order, NaN-padded: a row's zeros are consecutive in rr
        first = np.cumsum(count) - count
        zeros[rr, np.arange(rr.size) - first[rr]] = x
    return zeros, count, near, ok


def _pattern_tables():
    """For the six sign patterns of four sorted terms with two of each sign (code = 8 [w_0 > 0] +
    4 [w_1 > 0] + 2 [w_2 > 0] + [w_3 > 0]): the positive pair, then the negative pair."""
    pairs = np.zeros((4, 16), np.intp)
    for code in range(16):
        pos = [bool(code >> (3 - j) & 1) for j in range(4)]
        if sum(pos) == 2:
            pairs[:, code] = [j for j in range(4) if pos[j]] + [j for j in range(4) if not pos[j]]
    return pairs


_PAIRS = _pattern_tables()
