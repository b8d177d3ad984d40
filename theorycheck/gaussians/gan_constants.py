"""Concrete constants for Li et al.'s Lemma 4.4 and Theorem 3.1 (reports/MODEL.md), for claims.

    from theorycheck.gaussians.gan_constants import hessian_norm, region_r1, K_CELL, CELLS

* ``hessian_norm(mu, mu_star, alpha=...)`` (a claim building block, Real): the Frobenius norm
  sqrt(h11^2 + 2 h12^2 + h22^2) of the Hessian of f = TV in mu. Over a box (scalar Intervals) it
  is enclosed by :func:`hessian_box_tight` (gan_box's closed form; every zero of F simple and
  certified on the whole box, else NotEnclosed: the prover splits the box and, failing that, leaves
  it undecided); in floats (the search) it is the same closed form at the float discriminator. The
  Frobenius norm bounds the operator norm, which is what the mean-value inequality uses:
  ||grad f(mu) - grad f(mu')|| <= sup_{segment} ||Hess f||_op ||mu - mu'||, valid when f is C^2 on a
  neighbourhood of the segment (zeros of F simple: the implicit function theorem makes them C^1 in
  mu and the Hessian formula of gan_box._hessian continuous).
* Regions in the coordinates of the translation reduction: f, grad f and the Hessian depend on
  the four means through their differences only (F(x + t; mu + t, mu* + t) = F(x; mu, mu*), so the
  zeros move by t and every integral over {F > 0} is unchanged). Carrying each point along
  (1, 1, 1, 1) to mu*_1 = 0 maps mu, mu* in B(C) (all four |coordinates| <= C) into the set
  spread = max - min of the four means <= 2C; a bound proved on that set with mu*_1 = 0 holds on
  the original one, with one dimension less.
* ``K_CELL``: the Lemma 4.3 constants per cell (C, delta) (gamma = delta, alpha = 1/2), fixed with
  the Lemma 4.3 proofs (half the li-lemma43 experiment's certified upper bound, rounded down).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..enclose.interval import NotEnclosed
from ..expr import Real, _kept, all_of, max as _max, min as _min
from .gan import _box_args, _derivative_parts, _kind, _setting

__all__ = ["hessian_norm", "hessian_box_tight", "hessian_float", "region_r1", "CELLS", "K_CELL", "G_BOUND"]

# (C, delta) -> K (exact decimals): the Lemma 4.3 bound ||grad f|| >= K on R1/R2 + Sep(delta), fixed in
# advance with the Lemma 4.3 proofs (branch s20-gan43); nothing in this module proves it
K_CELL = {
    (1, "0.2"): "0.0169", (1, "0.1"): "0.00848",
    ("1.5", "0.2"): "0.0147", ("1.5", "0.1"): "0.00742",
    (2, "0.2"): "0.00837", (2, "0.1"): "0.00423",
}
CELLS = tuple(K_CELL)

# ||grad f|| <= G_BOUND everywhere: |df/dmu_j| = |integral over {F > 0} of a_j (mu_j - x) phi(x - mu_j)|
# <= a_j * integral of max((mu_j - x) phi(x - mu_j), 0) = a_j phi(0) (and likewise for the negative
# part), so with a_j = 1/2: ||grad f|| <= sqrt(2) phi(0) / 2 = 1 / (2 sqrt(pi)) < 0.2821.
G_BOUND = "0.2821"

_K = 1 / math.sqrt(2 * math.pi)


def hessian_float(m1, m2, s1, s2, a_s=0.5, a_h=None):
    """(h11, h12, h22) as float arrays at the float optimal discriminator (NaN where F = 0)."""
    from .fast import optimal_discriminator_float

    a_h = a_s if a_h is None else a_h
    m1, m2, s1, s2, a_s, a_h = (np.atleast_1d(np.asarray(v, dtype=float)) for v in
                                np.broadcast_arrays(m1, m2, s1, s2, a_s, a_h))
    d = optimal_discriminator_float(a_s, np.stack([s1, s2], 1), a_h, np.stack([m1, m2], 1), need_tv=False)
    a = (a_h, 1 - a_h)
    m = (m1, m2)
    c = np.stack([s1, s2, m1, m2], 1)
    w = np.stack([a_s, 1 - a_s, -a_h, -(1 - a_h)], 1)

    def uphi(x, mj):
        with np.errstate(invalid="ignore"):
            u = x - mj
            v = u * np.exp(-u * u / 2) * _K
        return np.where(np.isfinite(x), v, 0.0)

    H = {k: np.zeros_like(m1) for k in ((0, 0), (0, 1), (1, 1))}
    for i in range(d.l.shape[1]):
        L, R = d.l[:, i], d.r[:, i]
        absent = (L == np.inf) & (R == np.inf)
        for j in (0, 1):
            H[(j, j)] += np.where(absent, 0.0, a[j] * (uphi(R, m[j]) - uphi(L, m[j])))
        for z in (L, R):
            fin = np.isfinite(z)
            zz = np.where(fin, z, 0.0)
            u = zz[:, None] - c
            dF = np.sum(-w * u * np.exp(-u * u / 2) * _K, 1)
            g = [-a[j] * uphi(zz, m[j]) for j in (0, 1)]
            with np.errstate(divide="ignore", invalid="ignore"):
                for (j, k) in H:
                    H[(j, k)] += np.where(fin, g[j] * g[k] / np.abs(dF), 0.0)
    same = d.n_intervals == 0
    return tuple(np.where(same, np.nan, H[k]) for k in ((0, 0), (0, 1), (1, 1)))


def hessian_norm(mu, mu_star, alpha="1/2", alpha_star=None, alpha_hat=None):
    """The Frobenius norm of the Hessian of f in mu (Real); over scalar Interval boxes through
    :func:`hessian_box_tight` (rigorous; NotEnclosed where a zero of F is not certified simple on the
    whole box), in floats at the float discriminator. No derivatives (NotEnclosed: the prover
    bisects instead)."""
    vals = _setting(mu, mu_star, alpha, alpha_star, alpha_hat)
    # inside a claim body a failure is kept as an undefined value (implies may excuse it)
    return Real(_kept(_hessian_norm_raw, vals, alpha_hat))


def _hessian_norm_raw(vals, alpha_hat):
    if _derivative_parts(vals) is not None:
        raise NotEnclosed("hessian_norm has no derivatives (third derivatives of f are not enclosed)")
    kind = _kind(vals)
    if kind == "interval":
        m, ms, a_s, a_h = _box_args(vals, alpha_hat)
        H = hessian_box_tight(m, ms, alpha_star=a_s, alpha_hat=a_h)
        h11, h12, h22 = H[0][0], H[0][1], H[1][1]
        return (h11 * h11 + 2 * (h12 * h12) + h22 * h22).sqrt()
    fl = [float(Fraction(v)) if isinstance(v, (str, Fraction)) else v for v in vals]
    h11, h12, h22 = hessian_float(*fl)
    out = np.sqrt(h11**2 + 2 * h12**2 + h22**2)
    if all(np.ndim(v) == 0 for v in fl):
        return float(out[0])  # NaN where the float discriminator has no simple zeros (F = 0, a tangency)
    return out


def region_r1(m1, m2, s2, C, delta, near):
    """The hypothesis of the Lemma 4.4 Hessian claims, in the reduced coordinates mu*_1 = 0 (module
    docstring): spread of (0, s2, m1, m2) <= 2C, m2 - m1 >= delta (mu in Sep(delta), closed: a
    larger set), every |m_i - mu*_j| >= near (near = delta - eps/2 covers the points within eps/2 of
    R1 = outside Rect(delta), where a segment of length eps between two points of R1 runs)."""
    from ..literals import exact

    C, delta, near = (exact(v) if isinstance(v, str) else v for v in (C, delta, near))
    spread = _max(s2, m2) - _min(0, m1)
    return all_of(spread <= 2 * C, m2 - m1 >= delta,
                  abs(m1) >= near, abs(m2) >= near, abs(m1 - s2) >= near, abs(m2 - s2) >= near)


# -- a tighter Hessian enclosure ---------------------------------------------------------------------


def hessian_box_tight(mu, mu_star, alpha=None, alpha_star=None, alpha_hat=None):
    """((h11, h12), (h12, h22)) of f in mu over the box, as Intervals; NotEnclosed where the zero
    set of F is not certified simple on the whole box. gan_box's Hessian (its docstring has the
    derivation) with its two tightenings (``tight``): each zero's ball cut to its cell, and |F'(z)|
    also enclosed through H = F / phi(x - c0), which holds 0 less often in the tails."""
    from . import gan_box as gb

    m, s, A_s, A_h, tied = gb._params(mu, mu_star, alpha, alpha_star, alpha_hat)
    e = gb._enclose(m, s, A_s, A_h, tied, ("m1", "m2"), "auto")
    H = gb._hessian(e.model, e.cells, e.XL, e.XR, tight=True) if e.defined else None
    if H is None:
        raise NotEnclosed("the Hessian of f needs every zero of F simple and certified on the whole box")
    h = {key: gb._interval(v) for key, v in H.items()}
    return (h[(0, 0)], h[(0, 1)]), (h[(0, 1)], h[(1, 1)])
