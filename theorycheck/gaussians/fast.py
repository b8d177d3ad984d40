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

What floats can still get wrong: a near-tangency (F at one of K's zeros within rounding of 0, so
two zeros ~1e-8 apart or none): such rows are flagged in ``near_tangent``; in an optimal
discriminator they matter by a region of width ~1e-8 (negligible mass). The certified path
decides them exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

__all__ = ["FloatZeros", "FloatDiscriminators", "real_zeros_float", "optimal_discriminator_float"]


@dataclass
class FloatZeros:
    """Zeros of N combinations at once. ``zeros`` (N, k-1) sorted, NaN-padded; ``count`` (N,);
    ``sign_left`` / ``sign_right`` (N,): sign of F near -inf / +inf (0 when F is identically 0);
    ``near_tangent`` (N,): F at a critical point was within rounding of 0 (count may be off)."""

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
    Terms of zero weight have LB = -inf and vanish; the negative sums are total - positive."""
    LB, A, POS = data
    E = A * x
    E += LB
    m = E[0].copy()
    for j in range(1, E.shape[0]):
        np.maximum(m, E[j], out=m)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        E -= m
        T = np.exp(E, out=E)
        tot = _rowsum(T)
        if deriv:
            TA = T * A
            TAA = TA * A
            dtot = _rowsum(TA)
            ddtot = _rowsum(TAA)
            TA *= POS
            TAA *= POS
            dp = _rowsum(TA)
            ddp = _rowsum(TAA)
        T *= POS
        sp = _rowsum(T)
        sn = tot - sp
        h = np.log(sp) - np.log(sn)
        if not deriv:
            return h, None, None
        gp = dp / sp
        gn = (dtot - dp) / sn
        dh = gp - gn
        d2h = ddp / sp - gp * gp - (ddtot - ddp) / sn + gn * gn
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
    nz0 = W != 0
    any0 = nz0.any(axis=1)
    rows = np.arange(N)
    sl0 = np.where(any0, np.sign(W[rows, np.argmax(nz0, axis=1)]), 0.0)
    sr0 = np.where(any0, np.sign(W[rows, k - 1 - np.argmax(nz0[:, ::-1], axis=1)]), 0.0)
    near = np.zeros(N, bool)
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


def optimal_discriminator_float(alpha_star, mu_star, alpha_hat=None, mu_hat=None, sd=1.0) -> FloatDiscriminators:
    """Optimal discriminators {F > 0}, F = target - generator, for N settings at once.

    ``alpha_star``, ``alpha_hat``: (N,) or scalars (alpha_hat None: equal to alpha_star, the
    known-alpha case); ``mu_star``, ``mu_hat``: (N, 2) or (2,); ``sd`` scalar or (N,).
    """
    if alpha_hat is None:
        alpha_hat = alpha_star
    mu_star = np.atleast_2d(np.asarray(mu_star, dtype=float))
    mu_hat = np.atleast_2d(np.asarray(mu_hat, dtype=float))
    N = max(mu_star.shape[0], mu_hat.shape[0], np.size(alpha_star), np.size(alpha_hat))
    a_s = np.broadcast_to(np.asarray(alpha_star, dtype=float), (N,))
    a_h = np.broadcast_to(np.asarray(alpha_hat, dtype=float), (N,))
    W = np.stack([a_s, 1.0 - a_s, -a_h, -(1.0 - a_h)], axis=1)
    M = np.concatenate([np.broadcast_to(mu_star, (N, 2)), np.broadcast_to(mu_hat, (N, 2))], axis=1)
    z = real_zeros_float(W, M, sd)
    zz = np.where(np.isnan(z.zeros), np.inf, z.zeros)
    B = np.concatenate([np.full((N, 1), -np.inf), zz, np.full((N, 1), np.inf)], axis=1)
    g0 = np.where(z.sign_left > 0, 0, 1)
    rows = np.arange(N)
    l = np.stack([B[rows, g0], B[rows, g0 + 2]], axis=1)
    r = np.stack([B[rows, g0 + 1], B[rows, g0 + 3]], axis=1)
    zero = z.sign_left == 0  # F identically 0: no interval
    l[zero] = np.inf
    r[zero] = np.inf
    # TV = int over {F > 0} of F = sum over zeros of -/+ G(z), G(x) = sum_j w_j Phi((x - m_j)/s)
    # (G(-inf) = G(inf) = 0): + at a right end of a positive piece, - at a left end
    s = np.broadcast_to(np.asarray(sd, dtype=float), (N,))
    tv = np.zeros(N)
    sign_after = -z.sign_left  # sign of F right after the first zero
    for i in range(z.zeros.shape[1]):
        zi = z.zeros[:, i]
        present = ~np.isnan(zi)
        if not present.any():
            break
        idx = np.nonzero(present)[0]
        G = np.zeros(idx.size)
        for j in range(4):
            G += W[idx, j] * special.ndtr((zi[idx] - M[idx, j]) / s[idx])
        tv[idx] -= sign_after[idx] * G
        sign_after = -sign_after
    return FloatDiscriminators(l, r, tv, z.zeros, z.count, z.near_tangent)
