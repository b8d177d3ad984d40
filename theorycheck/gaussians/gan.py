"""Building blocks for claims about the Li et al. (2018) two-Gaussian GAN, to use inside
``@claim`` bodies (template: ``lemmas/li2018_statement_template.py``).

    from theorycheck.gaussians.gan import F, f, grad_f, rect_margin, opt_margin, sep_margin, box_margin

Model (reports/MODEL.md): target alpha* N(mu*_1, 1) + (1 - alpha*) N(mu*_2, 1), generator
alpha^ N(mu_1, 1) + (1 - alpha^) N(mu_2, 1) (alpha weighs the *first* mean; 1/2 is Li et al.;
``alpha_hat`` None is the known-alpha case alpha^ = alpha*), discriminator {F > 0}, F = target -
generator, f(mu) = max_{l, r} L - 1 = TV(target, generator) (the model page's f minus the constant
1, which no gradient sees), grad f = dL/dmu at the optimal discriminator (envelope theorem; it is
continuous wherever the generator differs from the target).

* ``F(x, mu, mu_star, ...)`` works on every kind, so claims with it can be proved over boxes.
* ``f``, ``grad_f`` at points: floats and numpy arrays (the search), and rigorous point
  Intervals (the certification at an exact counterexample, through
  :func:`theorycheck.gaussians.optimal_discriminator`). Over a box (an Interval that is not a
  point) they are enclosed by :mod:`theorycheck.gaussians.gan_box` (no zeros needed, valid
  where the discriminator changes shape), so claims with them can be proved; their derivatives
  in mu are enclosed too (the prover's mean-value and monotone steps), those in mu* or alpha and
  nested ones are not (NotEnclosed: the prover bisects instead). Where the generator
  equals the target (F = 0), f is not differentiable and ``grad_f`` raises a domain error at
  such a point (the search skips it); over a box holding such a point its enclosure is
  decorated not-defined. ``edge_density_sum`` and ``optimal_intervals`` are points only.
* Sets, as margins (positive inside, so an implication "mu in S => P" is ``max(-margin, P-side)``):
  ``rect_margin`` (Rect(delta) = {mu : |mu_i - mu*_j| < delta for some i, j}), ``opt_margin``
  (opt(delta) = {mu : |mu_i - mu*_i| < delta for all i}), ``sep_margin`` (Sep(gamma) =
  {v : |v_1 - v_2| > gamma}), ``box_margin`` (B(C) read as max |v_i| <= C, as Theorem 3.1 uses it;
  the notes' "side C" reading is ``box_margin(v, C / 2)``).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from ..enclose import kinds
from ..enclose.exact import to_fraction
from ..enclose.interval import DomainError, Interval, NotEnclosed
from ..expr import Lazy, PointsOnly, Real, literal_value, max as _max, min as _min
from .discriminator import F_density, L_grad, optimal_discriminator

__all__ = ["F", "f", "grad_f", "grad_f_difference", "certified_grad_f", "edge_density_sum", "optimal_intervals", "rect_margin", "opt_margin", "sep_margin", "box_margin",
           "PointOnlyError"]


class PointOnlyError(PointsOnly):
    """A building block that needs the zeros of F was given a box (or a kind it cannot follow)."""


def _raw(v):
    if isinstance(v, Lazy) and v.value is not None:
        return v.value  # an exact constant (a literal of a claim body): its rational value
    return v.raw if isinstance(v, Real) else v


def _exact(v) -> Fraction:
    """An exact number from a constant (a float as its exact binary value, recorded, as every
    float from outside a claim body's literals) or a point interval."""
    if isinstance(v, Interval):
        if v.exact_value is not None:
            return v.exact_value
        if not v.is_point():
            raise PointOnlyError(_BOX_MESSAGE)
        return v.lo_fraction
    if isinstance(v, float):
        return literal_value(v)
    return to_fraction(v)


_BOX_MESSAGE = ("this building block needs the zeros of F at points, or f and grad_f over scalar Intervals: a claim "
                "it refuses can be refuted with a certified counterexample but not proved over these values "
                "(edge_density_sum and optimal_intervals are points only; f and grad_f are enclosed over scalar "
                "Interval boxes; or use F, or an experiment)")


def _kind(values) -> str:
    kind = "constant"
    for v in values:
        if isinstance(v, Interval):
            return "interval"
        if isinstance(v, np.ndarray):
            kind = "array"
        elif isinstance(v, (float, int, Fraction, str)) or isinstance(v, np.floating):
            continue
        else:
            raise PointOnlyError(f"{_BOX_MESSAGE}; got a value of type {type(v).__name__}")
    return kind


def _setting(mu, mu_star, alpha, alpha_star, alpha_hat):
    alpha_star = alpha if alpha_star is None else alpha_star
    alpha_hat = alpha_star if alpha_hat is None else alpha_hat
    return [_raw(v) for v in (*mu, *mu_star, alpha_star, alpha_hat)]


def _float_discriminators(vals):
    from .fast import optimal_discriminator_float

    arrays = np.broadcast_arrays(*[np.asarray(v if not isinstance(v, (str, Fraction)) else float(to_fraction(v)),
                                              dtype=float) for v in vals])
    m1, m2, s1, s2, a_s, a_h = (np.atleast_1d(a) for a in arrays)
    from .. import work

    work.charge(work.DISCRIMINATOR_FLOAT["call"] + work.DISCRIMINATOR_FLOAT["point"] * m1.size)
    d = optimal_discriminator_float(a_s, np.stack([s1, s2], axis=1), a_h, np.stack([m1, m2], axis=1))
    # no interval at all only where F = 0 identically (F integrates to 0, so otherwise F > 0 somewhere)
    same = d.n_intervals == 0
    return d, (m1, m2, s1, s2, a_s, a_h), same, arrays[0].ndim == 0


def _certified(vals):
    m1, m2, s1, s2, a_s, a_h = (_exact(v) for v in vals)
    from .. import work

    work.charge(work.DISCRIMINATOR_CERTIFIED)
    d = optimal_discriminator(a_s, (s1, s2), a_h, (m1, m2))
    if d.zeros is not None and d.zeros.identically_zero:
        raise DomainError("f = TV is not differentiable where the generator equals the target (F = 0)")
    if not d.certified:
        # not a proof that anything is undefined: the point stays undecided
        raise NotEnclosed("the zero set of F could not be certified at this point (a tangency)")
    return d, (m1, m2, s1, s2, a_s, a_h)


def _is_box(vals) -> bool:
    return any(isinstance(v, Interval) and v.exact_value is None and not v.is_point() for v in vals)


def _box_args(vals, alpha_hat):
    """(mu, mu_star, alpha_star, alpha_hat) as Intervals for gan_box; alpha_hat None (the known-alpha
    case) stays None: one and the same weight for both mixtures."""
    iv = [v if isinstance(v, Interval) else Interval.point(_exact(v)) for v in vals]
    return (iv[0], iv[1]), (iv[2], iv[3]), iv[4], (None if alpha_hat is None else iv[5])


def _derivative_parts(vals, target=False):
    """For Dual arguments (the prover's derivatives): (tag, number of tangents, the values without
    their perturbations, the tangents of mu_1 and mu_2); None when no argument is a Dual. Only mu may
    carry a perturbation (and, with ``target``, mu* too: the tangents of mu*_1 and mu*_2 are then
    two more items), one level deep, over scalar Intervals; anything else is not enclosed
    (NotEnclosed: the prover bisects instead), or, over batches, refused like every batch."""
    from ..enclose.dual import Dual

    duals = [v for v in vals if isinstance(v, Dual)]
    if not duals:
        return None
    tag, n = duals[0].tag, len(duals[0].grad)
    for d in duals:
        if not isinstance(d.val, Interval) and not isinstance(d.val, Dual):
            raise PointOnlyError(f"{_BOX_MESSAGE}; got a derivative over {type(d.val).__name__}")
        if d.tag != tag or isinstance(d.val, Dual):
            raise NotEnclosed("f and grad_f have first derivatives over a box only (no nested derivatives)")
    tangents = [v.grad if isinstance(v, Dual) else (0,) * n for v in vals]
    for t in tangents[4 if target else 2:]:
        if not all(_is_zero(x) for x in t):
            raise NotEnclosed("derivatives of f are enclosed in mu only, of grad_f in mu and mu* (alpha held fixed)")
    plain = [v.val if isinstance(v, Dual) else v for v in vals]
    if target:
        return tag, n, plain, tangents[0], tangents[1], tangents[2], tangents[3]
    return tag, n, plain, tangents[0], tangents[1]


def _is_zero(x) -> bool:
    if isinstance(x, Interval):
        return x.is_zero()
    return isinstance(x, (int, Fraction)) and x == 0


def _chain(value, partials, t1, t2, tag):
    """Dual(value, d value / d x_i = partials[0] t1[i] + partials[1] t2[i])."""
    from ..enclose.dual import Dual

    grad = []
    for a, b in zip(t1, t2):
        acc = 0
        for p, t in ((partials[0], a), (partials[1], b)):
            if not _is_zero(t):
                acc = acc + p * t
        grad.append(acc)
    return Dual(value, grad, tag)


def f(mu, mu_star, alpha="1/2", alpha_star=None, alpha_hat=None, *, _made=False):
    """f(mu) = TV(target, generator) (Real); at points, or over a box (see the module docstring)."""
    vals = _setting(mu, mu_star, alpha, alpha_star, alpha_hat)
    parts = _derivative_parts(vals)
    if parts is not None:
        # df/dx_i = grad_mu f . dmu/dx_i (f is C^1 where grad f exists; its decoration says where)
        tag, _, plain, t1, t2 = parts
        value = f((plain[0], plain[1]), (plain[2], plain[3]), alpha_star=plain[4],
                  alpha_hat=None if alpha_hat is None else plain[5]).raw
        g = grad_f((plain[0], plain[1]), (plain[2], plain[3]), alpha_star=plain[4],
                   alpha_hat=None if alpha_hat is None else plain[5])
        return Real(_chain(value, (g[0].raw, g[1].raw), t1, t2, tag))
    kind = _kind(vals)
    if kind == "constant" and not _made and not _any_real(mu, mu_star, alpha, alpha_star, alpha_hat):
        return _constant(lambda: f(*_pointed(mu, mu_star, alpha, alpha_star, alpha_hat), _made=True), "f(...)")
    if kind == "interval":
        if _is_box(vals):
            from .gan_box import f_box

            m, ms, a_s, a_h = _box_args(vals, alpha_hat)
            return Real(f_box(m, ms, alpha_star=a_s, alpha_hat=a_h))
        d, _ = _certified(vals)
        return Real(d.tv_enclosure)
    d, _, _, scalar = _float_discriminators(vals)
    return Real(float(d.tv[0]) if scalar else d.tv)


def grad_f(mu, mu_star, alpha="1/2", alpha_star=None, alpha_hat=None, *, _made=False):
    """(df/dmu_1, df/dmu_2) at the optimal discriminator (Reals); at points, or over a box."""
    vals = _setting(mu, mu_star, alpha, alpha_star, alpha_hat)
    parts = _derivative_parts(vals, target=True)
    if parts is not None:
        # d grad_j f / dx_i = sum_k H_jk dmu_k/dx_i + sum_k J_jk dmu*_k/dx_i, H the Hessian of f in
        # mu and J the derivative of grad_mu f in mu* over the box (gan_box); J only when some
        # mean of the target moves with the claim's variables
        from .gan_box import hessian_box

        tag, _, plain, t1, t2, t3, t4 = parts
        bm, bs, b_as, b_ah = _box_args(plain, alpha_hat)
        if not _is_box(plain):  # a point: the certified optimal discriminator gives grad f
            a_h = None if alpha_hat is None else plain[5]
            value = [v.raw for v in grad_f((plain[0], plain[1]), (plain[2], plain[3]), alpha_star=plain[4],
                                           alpha_hat=a_h)]
            _, H, J = hessian_box(bm, bs, alpha_star=b_as, alpha_hat=b_ah, target=True)
        else:  # a box: the enclosure hessian_box makes anyway (the same as grad_f_box's)
            value, H, J = hessian_box(bm, bs, alpha_star=b_as, alpha_hat=b_ah, target=True)
        out = []
        for j in (0, 1):
            dm = _chain(value[j], H[j], t1, t2, tag)
            ds = _chain(value[j], J[j], t3, t4, tag)
            out.append(Real(type(dm)(dm.val, [a + b for a, b in zip(dm.grad, ds.grad)], tag)))
        return tuple(out)
    kind = _kind(vals)
    if kind == "constant" and not _made and not _any_real(mu, mu_star, alpha, alpha_star, alpha_hat):
        return tuple(_constant(lambda i=i: grad_f(*_pointed(mu, mu_star, alpha, alpha_star, alpha_hat), _made=True)[i],
                               f"grad_f(...)[{i}]") for i in (0, 1))
    if kind == "interval":
        if _is_box(vals):
            from .gan_box import grad_f_box

            m, ms, a_s, a_h = _box_args(vals, alpha_hat)
            g = grad_f_box(m, ms, alpha_star=a_s, alpha_hat=a_h)
        else:
            g = certified_grad_f(*vals)
        return Real(g[0]), Real(g[1])
    from ..dynamics import grads

    d, (m1, m2, s1, s2, a_s, a_h), same, scalar = _float_discriminators(vals)
    w = np.stack([a_h, 1 - a_h], axis=1)
    g = grads(np.stack([m1, m2], axis=1), d.l, d.r, w, np.stack([s1, s2], axis=1), a_s).dmu
    g = np.where(same[:, None], np.nan, g)
    if scalar:
        if np.isnan(g[0]).any():
            raise kinds.DomainViolation("f = TV is not differentiable where the generator equals the target")
        return Real(float(g[0, 0])), Real(float(g[0, 1]))
    return Real(g[:, 0]), Real(g[:, 1])


def grad_f_difference(mu, mu_star, alpha="1/2", alpha_star=None, alpha_hat=None):
    """df/dmu_1 - df/dmu_2 (a Real): the derivative of f when the generator's means move apart
    (mu_1 down, mu_2 up). Over a box (scalar Intervals) enclosed as one integral over {F > 0}
    (gan_box.grad_difference_box): where the generator's means are close it varies far less over a
    box than either component, and (g_1 - g_2)^2 <= 2 ||grad f||^2 makes it a lower bound of the
    norm. At points, on floats and arrays, and for the prover's derivatives (Duals) it is
    grad_f's g_1 - g_2 (the derivatives of g_1 and g_2 over the box, subtracted)."""
    vals = _setting(mu, mu_star, alpha, alpha_star, alpha_hat)
    if _derivative_parts(vals, target=True) is None and any(isinstance(v, Interval) for v in vals) \
            and _kind(vals) == "interval" and _is_box(vals):
        from .gan_box import grad_difference_box

        m, ms, a_s, a_h = _box_args(vals, alpha_hat)
        return Real(grad_difference_box(m, ms, alpha_star=a_s, alpha_hat=a_h))
    g1, g2 = grad_f(mu, mu_star, alpha, alpha_star, alpha_hat)
    return g1 - g2


def edge_density_sum(j, mu, mu_star, alpha="1/2", alpha_star=None, alpha_hat=None, *, _made=False):
    """sum_i [npdf(r_i - mu_j) - npdf(l_i - mu_j)] over the optimal intervals [l_i, r_i] (Real): the
    sum in grad f's formula without its weight (so grad_j f = alpha^_j * this); at points only."""
    if j not in (0, 1):
        raise ValueError(f"edge_density_sum: j is 0 or 1 (the generator mean), got {j!r}")
    vals = _setting(mu, mu_star, alpha, alpha_star, alpha_hat)
    kind = _kind(vals)
    if kind == "constant" and not _made and not _any_real(mu, mu_star, alpha, alpha_star, alpha_hat):
        return _constant(lambda: edge_density_sum(j, *_pointed(mu, mu_star, alpha, alpha_star, alpha_hat), _made=True),
                         f"edge_density_sum({j}, ...)")
    if kind == "interval":
        d, exact = _certified(vals)
        m = Interval.point(exact[j])
        total = Interval.point(0)
        for lo, hi in d.enclosures:
            for end, sign in ((hi, 1), (lo, -1)):
                if end is not None:
                    total = total + sign * kinds.apply("npdf", end - m)
        return Real(total)
    d, cols, same, scalar = _float_discriminators(vals)
    m = cols[j][:, None]
    with np.errstate(invalid="ignore"):
        tot = np.sum(np.nan_to_num(kinds.apply("npdf", d.r - m) - kinds.apply("npdf", d.l - m)), axis=1)
    tot = np.where(same, np.nan, tot)
    if scalar:
        if np.isnan(tot[0]):
            raise kinds.DomainViolation("the optimal discriminator is empty where the generator equals the target")
        return Real(float(tot[0]))
    return Real(tot)


def _any_real(mu, mu_star, *rest) -> bool:
    """Some argument is a claim value (then the caller's kind is known: no Lazy needed)."""
    return any(isinstance(v, Real) for v in (*mu, *mu_star, *rest))


def _constant(compute, text):
    """f, grad_f, edge_density_sum of plain numbers only (issue 12, kind 8): a Lazy, made in the
    kind it meets by ``compute`` (run with that kind current): floats in search, the certified
    Interval enclosure at the exact point in proofs and certification (lifted into batched or
    derivative kinds as a constant); never the float path's value taken as exact."""
    from ..integral import lazy_quantity

    return lazy_quantity(compute, text)


def _pointed(mu, mu_star, alpha, alpha_star, alpha_hat):
    """The arguments as values of the current kind: floats (search, mpmath) or exact point
    Intervals (every rigorous kind); what ``compute`` of :func:`_constant` evaluates on."""
    from ..expr import current_like

    like = current_like()
    rigorous = kinds.kind_name(like) not in ("float", "array", "mpf")
    if kinds.kind_name(like) == "sympy":
        raise PointOnlyError("f, grad_f and edge_density_sum have no symbolic form (the zeros of F)")

    def conv(v):
        if v is None:
            return None
        v = _raw(v)
        if rigorous:
            return Interval.point(_exact(v))
        return float(_exact(v)) if isinstance(v, (str, Fraction)) else float(v)

    return ([conv(m) for m in mu], [conv(m) for m in mu_star], conv(alpha), conv(alpha_star), conv(alpha_hat))


# Memo of certified_grad_f (issue 16, per-box cost): the prover asks for grad f at a box's centre
# twice (the body's value there, then its derivatives, which need the value again). The result is a
# pure function of the exact point (and the working precision): it is handed out again, while the
# work meter is charged exactly as for a fresh computation, so no work count, verdict or certificate
# depends on whether it was a hit. Bounded (least recently used out first).
_POINT_MEMO: dict = {}
POINT_MEMO_SIZE = 4096


def certified_grad_f(mu1, mu2, mu_star1, mu_star2, alpha_star, alpha_hat) -> tuple:
    """Rigorous Interval enclosures of grad f at an exact point (numbers taken exactly): the
    certified ends of the optimal intervals, then dL/dmu^ on Intervals (the envelope theorem).
    Raises DomainError where F = 0 or its zero set cannot be certified (a tangency)."""
    from flint import ctx

    from .. import work

    vals = [mu1, mu2, mu_star1, mu_star2, alpha_star, alpha_hat]
    key = (tuple(_exact(v) for v in vals), ctx.prec)
    hit = _POINT_MEMO.pop(key, None)
    if hit is not None:
        work.charge(work.DISCRIMINATOR_CERTIFIED)  # as _certified charges a fresh computation
        _POINT_MEMO[key] = hit
        return hit
    out = _certified_grad_f(vals)
    if len(_POINT_MEMO) >= POINT_MEMO_SIZE:
        del _POINT_MEMO[next(iter(_POINT_MEMO))]
    _POINT_MEMO[key] = out
    return out


def _certified_grad_f(vals) -> tuple:
    d, (m1, m2, s1, s2, a_s, a_h) = _certified(vals)
    l = [-math.inf if lo is None else lo for lo, _ in d.enclosures]
    r = [math.inf if hi is None else hi for _, hi in d.enclosures]
    pt = Interval.point
    return L_grad((pt(m1), pt(m2)), l, r, pt(a_h), (pt(s1), pt(s2)), pt(a_s)).mu_hat


def optimal_intervals(mu, mu_star, alpha="1/2", alpha_star=None, alpha_hat=None):
    """The certified optimal discriminator at an exact point (a :class:`Discriminator`), for use
    outside claim bodies (reports, experiments, exploring a statement before typing it in)."""
    vals = [_exact(_raw(v)) for v in _setting(mu, mu_star, alpha, alpha_star, alpha_hat)]
    m1, m2, s1, s2, a_s, a_h = vals
    return optimal_discriminator(a_s, (s1, s2), a_h, (m1, m2))


def F(x, mu, mu_star, alpha="1/2", alpha_star=None, alpha_hat=None):
    """F(x) = target density - generator density (a Real), on every kind a claim body is
    evaluated on (floats, numpy arrays, mpmath, sympy, Interval, IntervalArray, Dual, Series in
    an integral), so claims with it can be proved over boxes.

    Arguments may be claim values, Lazy constants or plain numbers (a float as typed, a string
    such as "1/2" exactly, like literals in a body); plain numbers are made exactly in the kind
    of the claim values. With plain numbers only, F is a Lazy (issue 12, kind 8): a constant
    made in the kind it meets, never a float taken as exact."""
    from ..expr import Lazy, current_like

    alpha_star = alpha if alpha_star is None else alpha_star
    alpha_hat = alpha_star if alpha_hat is None else alpha_hat
    args = [x, *mu, *mu_star, alpha_hat, alpha_star]
    if len(mu) != 2 or len(mu_star) != 2:
        raise ValueError("F: mu and mu_star must each hold two means")
    like = next((a.raw for a in args if isinstance(a, Real)), None)
    if like is None:
        like = next((a for a in args if not isinstance(a, (Lazy, int, float, Fraction, str, Real))), None)
    if like is None:
        from ..integral import lazy_quantity

        def compute():
            return F(*[Real(_in_kind(a, current_like())) for a in args[:1]], mu, mu_star,
                     alpha_star=alpha_star, alpha_hat=alpha_hat)

        return lazy_quantity(compute, "F(...)")
    x_, m1, m2, s1, s2, a_h, a_s = (_in_kind(a, like) for a in args)
    return Real(F_density(x_, (m1, m2), a_h, (s1, s2), a_s))


def _in_kind(v, like):
    """A raw value of the kind of ``like``: claim values as they are, Lazy constants made in it,
    plain numbers exactly (floats as typed, strings as decimals or fractions)."""
    from ..expr import Lazy

    if isinstance(v, Real):
        return v.raw
    if isinstance(v, Lazy):
        return v.materialize_like(like)
    if isinstance(v, (int, float, Fraction, str)) and not isinstance(v, bool):
        q = literal_value(v) if isinstance(v, float) else to_fraction(v)
        return kinds.exact_in_kind(q, like)
    return v


def rect_margin(mu, mu_star, delta):
    """delta - min_{i,j} |mu_i - mu*_j|: positive exactly on Rect(delta)."""
    return delta - _min(*[abs(m - s) for m in mu for s in mu_star])


def opt_margin(mu, mu_star, delta):
    """delta - max_i |mu_i - mu*_i|: positive exactly on opt(delta)."""
    return delta - _max(abs(mu[0] - mu_star[0]), abs(mu[1] - mu_star[1]))


def sep_margin(v, gamma):
    """|v_1 - v_2| - gamma: positive exactly on Sep(gamma)."""
    return abs(v[0] - v[1]) - gamma


def box_margin(v, C):
    """C - max_i |v_i|: non-negative exactly on B(C) (read as max |v_i| <= C)."""
    return C - _max(abs(v[0]), abs(v[1]))
