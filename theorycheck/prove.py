"""Branch and bound: prove an inequality on a whole box with rigorous enclosures.

For each part (leaf) ``small <= big`` of the claim we cover the box by sub-boxes on which the
enclosure of the margin ``big - small`` is certainly >= 0. Per batch of boxes:

1. natural interval evaluation of the body (all boxes at once, ``IntervalArray``);
2. for undecided boxes, interval derivatives (forward-mode AD on intervals):
   - monotonicity: where d margin / d x_i has one sign on the box, the least margin lies on one
     face, so the box is replaced by that face (a box of zero width in x_i). Touching points on
     a face then evaluate exactly (exp(0) - 1 - 0 is exactly 0);
   - the mean-value form margin(c) + sum_i g_i (x_i - c_i), intersected with the natural one;
3. still undecided: bisect, along the variable with the largest derivative-times-width, at a
   known touching point (where the search saw the margin vanish) if one lies inside, else at
   the midpoint.

A box on which the margin is certainly negative hands its centre to :mod:`certify`. Boxes left
when the budget runs out are returned: that is the *undecided* evidence, never a guess.
Boxes are float64 boxes holding the exact domain (outward-rounded bounds).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .claims import Claim, ClaimEvaluationError
from .decide import FAILS, HOLDS, UNKNOWN, batch_status, leaf_enclosure
from .enclose.dual import seed_variables
from .enclose.interval import Interval

MIN_REL_WIDTH = 2.0**-44


@dataclass
class ProofResult:
    status: str  # "proved" | "failing_box" | "undecided"
    boxes_decided: int = 0
    boxes_left: int = 0
    left: list = field(default_factory=list)  # [(lo list, hi list)] of undecided boxes (a sample)
    volume_left: float = 0.0  # fraction of the domain's volume still undecided
    max_depth: int = 0
    failing_point: tuple | None = None  # float point inside a box where the leaf certainly fails
    methods: dict = field(default_factory=dict)  # how many boxes each method decided
    worst_bound: tuple | None = None  # enclosure of the margin over the left boxes (lo, hi)


def domain_box(claim: Claim):
    """Float64 bounds holding the exact domain (rounded outward).

    Never raises: a bound beyond the float range gets an infinite end (``float(10**400)``
    overflows; the largest double is below the bound, so only +inf holds it), and a bound below
    the smallest subnormal gets the double just outside it (1e-600 -> 0.0, -1e-600 -> -5e-324).
    The float box may so hold points outside the exact box (0 in [0, 1] for a lower bound 1e-600):
    a proof over it is still a proof over the exact box, and any point it hands to the
    certifier is clamped into the exact box first (:func:`certify.exact_point_from_floats`)."""
    from .search import float_down, float_up

    lo = [float_down(v.lo) for v in claim.variables]
    hi = [float_up(v.hi) for v in claim.variables]
    return np.array(lo, dtype=float), np.array(hi, dtype=float)


class ProofTimeout(Exception):
    """The claim's budget ran out in the middle of a batch (box-by-box evaluation)."""


class BatchEvaluator:
    """Enclosures of one leaf's margin over many boxes: vectorised when the body allows it,
    one ``Interval`` box at a time otherwise (same answers, slower)."""

    def __init__(self, claim: Claim, leaf_index: int):
        self.claim = claim
        self.leaf_index = leaf_index
        self.vectorised = _batch_available()
        self.deadline = None

    def _check_time(self):
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ProofTimeout()

    def _leaf(self, values):
        rel = self.claim.evaluate(values)
        leaves = rel.leaves()
        return leaves[self.leaf_index]

    def enclose(self, lo: np.ndarray, hi: np.ndarray):
        if self.vectorised:
            try:
                return self._enclose_batch(lo, hi)
            except ClaimEvaluationError as exc:
                if not _is_vectorisation_problem(exc):
                    raise
                self.vectorised = False
        return self._enclose_scalar(lo, hi, gradient=False)

    def enclose_with_gradient(self, lo, hi):
        if self.vectorised:
            try:
                return self._enclose_batch(lo, hi, gradient=True)
            except ClaimEvaluationError as exc:
                if not _is_vectorisation_problem(exc):
                    raise
                self.vectorised = False
        return self._enclose_scalar(lo, hi, gradient=True)

    def enclose_hessian(self, lo, hi):
        """Interval Hessians over the boxes: array (n, d, d, 2) of [lo, hi] (nested duals)."""
        # A body may have no second derivatives (abs, min, max raise in nested duals): that
        # is no reason to stop evaluating it on batches, so `vectorised` is left alone here.
        if self.vectorised:
            return self._hessian_batch(lo, hi)
        return self._hessian_scalar(lo, hi)

    def _hessian_batch(self, lo, hi):
        from .enclose.batch import IntervalArray

        n, d = lo.shape
        values = [IntervalArray(lo[:, i], hi[:, i]) for i in range(d)]
        diff = self._nested(values)
        out = np.zeros((n, d, d, 2))
        for j, gj in enumerate(getattr(diff, "grad", ())):
            if isinstance(gj, int):
                continue
            for i, hij in enumerate(getattr(gj, "grad", ())):
                out[:, i, j, 0], out[:, i, j, 1] = _bounds(hij, n)
        return out

    def _hessian_scalar(self, lo, hi):
        n, d = lo.shape
        out = np.zeros((n, d, d, 2))
        for k in range(n):
            self._check_time()
            values = [Interval(float(lo[k, i]), float(hi[k, i])) for i in range(d)]
            diff = self._nested(values)
            for j, gj in enumerate(getattr(diff, "grad", ())):
                if isinstance(gj, int):
                    continue
                for i, hij in enumerate(getattr(gj, "grad", ())):
                    out[k, i, j, 0], out[k, i, j, 1] = _interval_floats(hij) if not isinstance(hij, int) else (hij, hij)
        return out

    def _nested(self, values):
        from .enclose.dual import Dual

        d = len(values)
        inner = seed_variables(values)
        outer = [Dual(inner[i], tuple(1 if j == i else 0 for j in range(d))) for i in range(d)]
        leaf = self._leaf(outer)
        return leaf_enclosure(leaf, outer[0])

    def _enclose_batch(self, lo, hi, gradient=False):
        from .enclose.batch import IntervalArray

        n, d = lo.shape
        values = [IntervalArray(lo[:, i], hi[:, i]) for i in range(d)]
        like = values[0] if d else IntervalArray(np.zeros(n), np.zeros(n))
        if gradient:
            duals = seed_variables(values)
            leaf = self._leaf(duals)
            diff = leaf_enclosure(leaf, duals[0] if d else like)
            val = getattr(diff, "val", diff)
            dlo, dhi = _bounds(val, n)
            glo = np.zeros((n, d))
            ghi = np.zeros((n, d))
            grads = getattr(diff, "grad", (0,) * d)
            for i, g in enumerate(grads):
                glo[:, i], ghi[:, i] = _bounds(g, n)
            return dlo, dhi, glo, ghi
        leaf = self._leaf(values)
        diff = leaf_enclosure(leaf, like)
        return _bounds(diff, n)

    def _enclose_scalar(self, lo, hi, gradient=False):
        n, d = lo.shape
        dlo = np.empty(n)
        dhi = np.empty(n)
        glo = np.zeros((n, d))
        ghi = np.zeros((n, d))
        for k in range(n):
            self._check_time()
            values = [Interval(float(lo[k, i]), float(hi[k, i])) for i in range(d)]
            like = values[0] if d else Interval.point(0)
            if gradient:
                duals = seed_variables(values)
                diff = leaf_enclosure(self._leaf(duals), duals[0] if d else like)
                val = getattr(diff, "val", diff)
                dlo[k], dhi[k] = _interval_floats(val)
                for i, g in enumerate(getattr(diff, "grad", (0,) * d)):
                    glo[k, i], ghi[k, i] = _interval_floats(g)
            else:
                dlo[k], dhi[k] = _interval_floats(leaf_enclosure(self._leaf(values), like))
        if gradient:
            return dlo, dhi, glo, ghi
        return dlo, dhi


def _batch_available() -> bool:
    try:
        from .enclose import batch  # noqa: F401

        return True
    except ImportError:
        return False


def _is_vectorisation_problem(exc: ClaimEvaluationError) -> bool:
    from .enclose.interval import DomainError

    cause = exc.__cause__
    return not isinstance(cause, DomainError)


def _interval_floats(v):
    if isinstance(v, Interval):
        return v.float_bounds()
    if isinstance(v, (int, float, Fraction)):
        iv = Interval.point(v)
        return iv.float_bounds()
    raise TypeError(f"expected an interval, got {type(v).__name__}")


def _bounds(v, n):
    if isinstance(v, (int, float, Fraction)):
        from .enclose.batch import IntervalArray

        v = IntervalArray.point_like(None, v)
    if isinstance(v, Interval):
        a, b = v.float_bounds()
        return np.full(n, a), np.full(n, b)
    lo = np.broadcast_to(np.asarray(v.lo, dtype=float), (n,)).copy()
    hi = np.broadcast_to(np.asarray(v.hi, dtype=float), (n,)).copy()
    return lo, hi


def _status_from_bounds(leaf, dlo, dhi):
    st = batch_status(leaf, dlo, dhi)
    nan = np.isnan(dlo) | np.isnan(dhi)
    st[nan] = UNKNOWN
    return st, nan


def prove_leaf(
    claim: Claim,
    leaf_index: int,
    deadline: float | None,
    max_boxes: int = 2_000_000,
    batch_size: int = 2048,
    touch_points=(),
    box=None,
    progress=None,
    refine: bool = True,
) -> ProofResult:
    """Branch and bound on one part of the claim; see the module docstring."""
    evaluator = BatchEvaluator(claim, leaf_index)
    lo0, hi0 = domain_box(claim) if box is None else box
    d = claim.dimension
    leaf = claim.evaluate(_sample_values(claim)).leaves()[leaf_index]
    scale = np.maximum(hi0 - lo0, 1e-300)
    total_volume = float(np.prod(np.where(hi0 > lo0, hi0 - lo0, 1.0))) if d else 1.0
    touch = [np.asarray(t, dtype=float) for t in touch_points]
    taylor = AnchoredTaylor(claim, leaf_index)

    queue_lo = [lo0[None, :].copy()]
    queue_hi = [hi0[None, :].copy()]
    depth_q = [np.zeros(1, dtype=int)]
    result = ProofResult(status="undecided")
    stuck_lo, stuck_hi = [], []
    methods = {"interval": 0, "monotonicity": 0, "mean-value": 0}
    processed = 0
    last_report = time.monotonic()

    while queue_lo:
        lo = np.vstack(queue_lo)
        hi = np.vstack(queue_hi)
        depth = np.concatenate(depth_q)
        queue_lo, queue_hi, depth_q = [], [], []
        if len(lo) > batch_size:  # keep the rest for later rounds
            queue_lo.append(lo[batch_size:])
            queue_hi.append(hi[batch_size:])
            depth_q.append(depth[batch_size:])
            lo, hi, depth = lo[:batch_size], hi[:batch_size], depth[:batch_size]
        if (deadline is not None and time.monotonic() > deadline) or processed > max_boxes:
            queue_lo.append(lo)
            queue_hi.append(hi)
            depth_q.append(depth)
            break
        processed += len(lo)
        batch_lo, batch_hi, batch_depth = lo, hi, depth
        queued_before, stuck_before = len(queue_lo), len(stuck_lo)
        evaluator.deadline = deadline
        try:
            result.max_depth = max(result.max_depth, int(depth.max()) if len(depth) else 0)
            if progress and time.monotonic() - last_report > 0.5:
                pending = sum(len(q) for q in queue_lo) + len(lo)
                progress(f"part {leaf_index + 1}: {result.boxes_decided} boxes decided, {pending} pending, depth {result.max_depth}")
                last_report = time.monotonic()

            dlo, dhi = evaluator.enclose(lo, hi)
            status, undefined = _status_from_bounds(leaf, dlo, dhi)
            if np.any(undefined):
                k = int(np.argmax(undefined))
                raise ClaimEvaluationError(
                    claim.name,
                    _describe_box(claim, lo[k], hi[k]),
                    "the body is undefined on this whole box (e.g. log of a non-positive number)",
                )
            if np.any(status == FAILS):
                k = int(np.argmax(status == FAILS))
                result.status = "failing_box"
                result.failing_point = tuple((lo[k] + hi[k]) / 2)
                return _finish(result, methods, queue_lo, queue_hi, total_volume, d)
            holds = status == HOLDS
            _credit(result, methods, "interval", holds)
            open_ = ~holds
            if not np.any(open_):
                continue
            lo, hi, depth = lo[open_], hi[open_], depth[open_]
            dlo, dhi = dlo[open_], dhi[open_]

            # a box of zero width is a point: decide it exactly, raising the precision
            points = np.all(hi == lo, axis=1) if d else np.ones(len(lo), dtype=bool)
            if np.any(points):
                for k in np.flatnonzero(points):
                    st = _decide_point(claim, leaf_index, lo[k], deadline)
                    if st == HOLDS:
                        methods["point at raised precision"] = methods.get("point at raised precision", 0) + 1
                        result.boxes_decided += 1
                    elif st == FAILS:
                        result.status = "failing_box"
                        result.failing_point = tuple(lo[k])
                        return _finish(result, methods, queue_lo, queue_hi, total_volume, d)
                    else:
                        stuck_lo.append(lo[k : k + 1])
                        stuck_hi.append(hi[k : k + 1])
                keep = ~points
                lo, hi, depth, dlo, dhi = lo[keep], hi[keep], depth[keep], dlo[keep], dhi[keep]
                if len(lo) == 0:
                    continue

            if not refine:  # plain bisection (the benchmark's baseline)
                glo = np.zeros(lo.shape)
                ghi = np.zeros(lo.shape)
                stuck = _split_into(queue_lo, queue_hi, depth_q, lo, hi, depth, glo, ghi, scale, touch=())
                stuck_lo.extend(stuck[0])
                stuck_hi.extend(stuck[1])
                continue

            # derivative information over each box (none when the body has no derivative there,
            # e.g. an integral with an infinite end: then only bisection remains)
            try:
                _, _, glo, ghi = evaluator.enclose_with_gradient(lo, hi)
            except ClaimEvaluationError:
                glo = np.full(lo.shape, -np.inf)
                ghi = np.full(lo.shape, np.inf)
            increasing = glo >= 0
            decreasing = ghi <= 0
            wide = hi > lo
            mono = (increasing | decreasing) & wide
            if np.any(mono):
                rows = np.any(mono, axis=1)
                new_lo, new_hi = lo[rows].copy(), hi[rows].copy()
                m = mono[rows]
                inc = increasing[rows] & m
                dec = decreasing[rows] & m & ~inc
                new_hi[inc] = new_lo[inc]  # least margin on the lower face
                new_lo[dec] = new_hi[dec]  # least margin on the upper face
                methods["monotonicity"] += int(rows.sum())
                queue_lo.append(new_lo)
                queue_hi.append(new_hi)
                depth_q.append(depth[rows])
                keep = ~rows
                lo, hi, depth, glo, ghi, dlo, dhi = lo[keep], hi[keep], depth[keep], glo[keep], ghi[keep], dlo[keep], dhi[keep]
                if len(lo) == 0:
                    continue

            # mean-value form around the centre
            centre = _centres(lo, hi)
            clo, chi = evaluator.enclose(centre, centre)
            mv_lo, mv_hi = _mean_value(clo, chi, glo, ghi, lo, hi, centre)
            mv_lo = np.maximum(mv_lo, dlo)
            mv_hi = np.minimum(mv_hi, dhi)
            status, _ = _status_from_bounds(leaf, mv_lo, mv_hi)
            holds = status == HOLDS
            _credit(result, methods, "mean-value", holds)
            fails_at_centre = _status_from_bounds(leaf, clo, chi)[0] == FAILS
            if np.any(fails_at_centre):
                k = int(np.argmax(fails_at_centre))
                result.status = "failing_box"
                result.failing_point = tuple(centre[k])
                return _finish(result, methods, queue_lo, queue_hi, total_volume, d)
            open_ = ~holds
            lo, hi, depth, glo, ghi = lo[open_], hi[open_], depth[open_], glo[open_], ghi[open_]
            if len(lo) == 0:
                continue

            # second-order Taylor form around the centre: tight point values, Hessian over the box
            if d <= 6 and _batch_available():
                try:
                    clo2, chi2, cglo, cghi = evaluator.enclose_with_gradient(centre[open_], centre[open_])
                    H = evaluator.enclose_hessian(lo, hi)
                except (TypeError, AttributeError, ClaimEvaluationError):
                    H = None
                if H is not None:
                    t_lo, t_hi = _second_order(clo2, chi2, cglo, cghi, H, lo, hi, centre[open_])
                    status, _ = _status_from_bounds(leaf, t_lo, t_hi)
                    holds = status == HOLDS
                    if np.any(holds):
                        _credit(result, methods, "second-order", holds)
                        lo, hi, depth, glo, ghi = _drop(holds, lo, hi, depth, glo, ghi)
                        if len(lo) == 0:
                            continue

            # second-order Taylor form anchored at a touching point inside the box
            if touch:
                decided = np.zeros(len(lo), dtype=bool)
                for k in range(len(lo)):
                    reach = max(8 * float(np.max((hi[k] - lo[k]) / scale)), 1e-3)
                    for t in touch:
                        gap = np.maximum(np.maximum(lo[k] - t, t - hi[k]), 0) / scale
                        if float(np.max(gap)) <= reach and taylor.holds_on(lo[k], hi[k], t, leaf):
                            decided[k] = True
                            break
                if np.any(decided):
                    _credit(result, methods, "taylor at touching point", decided)
                    lo, hi, depth, glo, ghi = _drop(decided, lo, hi, depth, glo, ghi)
                    if len(lo) == 0:
                        continue

            # split
            stuck = _split_into(queue_lo, queue_hi, depth_q, lo, hi, depth, glo, ghi, scale, touch)
            stuck_lo.extend(stuck[0])
            stuck_hi.extend(stuck[1])
        except ProofTimeout:
            # the budget ran out inside this batch: its boxes are left undecided as they were
            del queue_lo[queued_before:], queue_hi[queued_before:], depth_q[queued_before:]
            del stuck_lo[stuck_before:], stuck_hi[stuck_before:]
            queue_lo.append(batch_lo)
            queue_hi.append(batch_hi)
            depth_q.append(batch_depth)
            break

    if stuck_lo:
        queue_lo.extend(stuck_lo)
        queue_hi.extend(stuck_hi)
    if not queue_lo or sum(len(q) for q in queue_lo) == 0:
        result.status = "proved"
    result = _finish(result, methods, queue_lo, queue_hi, total_volume, d)
    if result.status != "proved" and result.boxes_left:
        left_lo = np.vstack(queue_lo)
        left_hi = np.vstack(queue_hi)
        # an enclosure of the margin over every box left (a certified bound for identities);
        # box-by-box evaluation may be slow, so it gets a short grace period of its own
        evaluator.deadline = time.monotonic() + 2.0
        try:
            lows, highs = [], []
            for k in range(0, len(left_lo), 4096):
                dlo, dhi = evaluator.enclose(left_lo[k : k + 4096], left_hi[k : k + 4096])
                lows.append(np.min(dlo))
                highs.append(np.max(dhi))
            result.worst_bound = (float(min(lows)), float(max(highs)))
        except ProofTimeout:
            result.worst_bound = None
    return result


def _finish(result, methods, queue_lo, queue_hi, total_volume, d):
    result.methods = dict(methods)
    if queue_lo and sum(len(q) for q in queue_lo):
        lo = np.vstack(queue_lo)
        hi = np.vstack(queue_hi)
        result.boxes_left = len(lo)
        vol = np.prod(np.where(hi > lo, hi - lo, 0.0), axis=1) if d else np.ones(len(lo))
        result.volume_left = float(vol.sum() / total_volume) if total_volume > 0 else 0.0
        order = np.argsort(-(hi - lo).max(axis=1)) if d else np.arange(len(lo))
        result.left = [(lo[k].tolist(), hi[k].tolist()) for k in order[:20]]
    return result


def _centres(lo, hi):
    c = lo / 2 + hi / 2
    c = np.where((c < lo) | (c > hi), lo, c)
    return c


def _mean_value(clo, chi, glo, ghi, lo, hi, centre):
    """margin(c) + sum_i g_i * (x_i - c_i), with outward rounding done by IntervalArray."""
    if not _batch_available():
        return _mean_value_scalar(clo, chi, glo, ghi, lo, hi, centre)
    from .enclose.batch import IntervalArray

    acc = IntervalArray(clo, chi)
    for i in range(lo.shape[1]):
        dx = IntervalArray(lo[:, i], hi[:, i]) - IntervalArray(centre[:, i], centre[:, i])
        g = IntervalArray(np.where(np.isnan(glo[:, i]), -np.inf, glo[:, i]), np.where(np.isnan(ghi[:, i]), np.inf, ghi[:, i]))
        acc = acc + g * dx
    return np.asarray(acc.lo, dtype=float), np.asarray(acc.hi, dtype=float)


def _mean_value_scalar(clo, chi, glo, ghi, lo, hi, centre):
    out_lo = np.empty(len(lo))
    out_hi = np.empty(len(lo))
    for k in range(len(lo)):
        acc = Interval(float(clo[k]), float(chi[k]))
        for i in range(lo.shape[1]):
            g = Interval(-math.inf if math.isnan(glo[k, i]) else float(glo[k, i]),
                         math.inf if math.isnan(ghi[k, i]) else float(ghi[k, i]))
            dx = Interval(float(lo[k, i]), float(hi[k, i])) - Interval(float(centre[k, i]), float(centre[k, i]))
            acc = acc + g * dx
        out_lo[k], out_hi[k] = acc.float_bounds()
    return out_lo, out_hi


def _second_order(clo, chi, glo, ghi, H, lo, hi, centre):
    """m(c) + sum_i g_i(c) d_i + 1/2 sum_ij H_ij(box) d_i d_j with d = x - c over the box
    (Taylor's theorem with the Lagrange remainder), all in outward-rounded interval arithmetic."""
    if not _batch_available():
        raise TypeError("needs IntervalArray")
    from .enclose.batch import IntervalArray

    n, dim = lo.shape
    acc = IntervalArray(clo, chi)
    dx = [IntervalArray(lo[:, i], hi[:, i]) - IntervalArray(centre[:, i], centre[:, i]) for i in range(dim)]
    for i in range(dim):
        acc = acc + IntervalArray(glo[:, i], ghi[:, i]) * dx[i]
    quad = IntervalArray(np.zeros(n), np.zeros(n))
    for i in range(dim):
        quad = quad + IntervalArray(H[:, i, i, 0], H[:, i, i, 1]) * dx[i] ** 2
        for j in range(i + 1, dim):
            hij = IntervalArray(H[:, i, j, 0], H[:, i, j, 1]) + IntervalArray(H[:, j, i, 0], H[:, j, i, 1])
            quad = quad + hij * (dx[i] * dx[j])
    acc = acc + quad * 0.5
    return np.asarray(acc.lo, dtype=float), np.asarray(acc.hi, dtype=float)


def _credit(result, methods, name, decided):
    """Count the boxes a method decided (``decided``: a boolean mask)."""
    n = int(np.count_nonzero(decided))
    methods[name] = methods.get(name, 0) + n
    result.boxes_decided += n


def _drop(decided, *arrays):
    """The arrays without the rows the mask ``decided`` marks."""
    keep = ~decided
    return tuple(a[keep] for a in arrays)


def _split_into(queue_lo, queue_hi, depth_q, lo, hi, depth, glo, ghi, scale, touch):
    """Bisect each box along the variable with the largest |derivative| * width (the widest
    when no derivative is known), at a touching point when one lies strictly inside. Boxes
    too small to split in float64 are returned as stuck.

    Boxes may have infinite ends (a bound beyond the float range, see :func:`domain_box`) and
    widths beyond the float range ([-1e308, 1e308]): the cut is then always a finite double
    strictly inside (:func:`_cut_points`), so both halves are proper boxes and the finite part
    of the domain is reached; a box [FLOAT_MAX, inf] cannot be split and stays stuck."""
    stuck_lo, stuck_hi = [], []
    with np.errstate(all="ignore"):
        width = hi - lo  # inf for an infinite end or an overflowing width
        # widths relative to the domain's; where that is infinite, relative to the box's magnitude
        mag = np.minimum(np.maximum(np.maximum(np.abs(lo), np.abs(hi)), 1.0), np.finfo(float).max)
        scale_eff = np.where(np.isfinite(scale), scale, mag)
        rel_w = np.where(np.isfinite(width), width / scale_eff, np.inf)
        rel_w = np.where(np.isnan(rel_w), np.inf, rel_w)
        splittable = _splittable(lo, hi)
        tiny = (np.all(rel_w < MIN_REL_WIDTH, axis=1)
                | np.all(np.isfinite(hi) & (width <= np.abs(hi) * 2**-50), axis=1)
                | ~np.any(splittable, axis=1))
    if np.any(tiny):
        stuck_lo.append(lo[tiny])
        stuck_hi.append(hi[tiny])
        lo, hi, depth, glo, ghi = lo[~tiny], hi[~tiny], depth[~tiny], glo[~tiny], ghi[~tiny]
        rel_w, width, splittable = rel_w[~tiny], width[~tiny], splittable[~tiny]
    if len(lo) == 0:
        return stuck_lo, stuck_hi
    with np.errstate(all="ignore"):
        smear = np.maximum(np.abs(glo), np.abs(ghi)) * width
        smear = np.where(np.isfinite(smear), smear, np.inf)
        smear = np.where(splittable, smear + rel_w * 1e-300, -1.0)
        axis = np.argmax(np.where(smear > 0, smear, np.where(splittable, rel_w, 0.0) - 1.0), axis=1)
    rows = np.arange(len(lo))
    cut = _cut_points(lo[rows, axis], hi[rows, axis])
    for t in touch:
        inside = np.all((lo <= t) & (t <= hi), axis=1)
        tc = t[axis]
        strictly = inside & (lo[rows, axis] < tc) & (tc < hi[rows, axis])
        cut = np.where(strictly, tc, cut)
    left_hi = hi.copy()
    left_hi[rows, axis] = cut
    right_lo = lo.copy()
    right_lo[rows, axis] = cut
    queue_lo.extend([lo, right_lo])
    queue_hi.extend([left_hi, hi])
    depth_q.extend([depth + 1, depth + 1])
    return stuck_lo, stuck_hi


def _splittable(lo, hi):
    """Which coordinates hold a double strictly between their ends."""
    with np.errstate(all="ignore"):
        return np.nextafter(lo, np.inf) < hi


def _cut_points(a, b):
    """A finite double strictly inside (a, b) for each pair (callers ensure one exists).

    Finite ends: the midpoint a/2 + b/2 (no overflow). An infinite end: 0 if inside, else a
    point a factor 2**64 further out than the finite end (log-scale steps toward infinity), and
    +-FLOAT_MAX once that overflows. Ends of the same sign, beyond 2**64 in magnitude and
    spanning more than a factor 2**64: the geometric midpoint, so that boxes like [1, 1e308]
    reach small values in ~log log steps."""
    fmax = np.finfo(float).max
    with np.errstate(all="ignore"):
        mid = a / 2 + b / 2
        both_inf = np.isinf(a) & np.isinf(b)
        mid = np.where(both_inf, 0.0, mid)
        up = np.isfinite(a) & np.isinf(b)  # [a, inf]
        down = np.isinf(a) & np.isfinite(b)  # [-inf, b]
        step_up = np.where(a > 0, a * 2.0**64, np.where(a < 0, 0.0, 1.0))
        step_up = np.where(np.isfinite(step_up), step_up, fmax)
        step_down = np.where(b < 0, b * 2.0**64, np.where(b > 0, 0.0, -1.0))
        step_down = np.where(np.isfinite(step_down), step_down, -fmax)
        mid = np.where(up, step_up, mid)
        mid = np.where(down, step_down, mid)
        same_sign = np.isfinite(a) & np.isfinite(b) & (((a > 0) & (b > 0)) | ((a < 0) & (b < 0)))
        ratio = np.abs(b / np.where(a == 0, 1.0, a))
        big = np.maximum(np.abs(a), np.abs(b)) >= 2.0**64  # ordinary boxes keep the midpoint
        wide = same_sign & big & ((ratio > 2.0**64) | (ratio < 2.0**-64))
        geo = np.sign(a) * np.sqrt(np.abs(a)) * np.sqrt(np.abs(b))
        mid = np.where(wide, geo, mid)
        # strictly inside, whatever rounding did
        mid = np.where(mid <= a, np.nextafter(a, np.inf), mid)
        mid = np.where(mid >= b, np.nextafter(b, -np.inf), mid)
    return mid


class AnchoredTaylor:
    """margin(x) >= m(p) + grad m(p).(x - p) + 1/2 (x - p)^T H (x - p) for x in the box, with H
    enclosing the Hessian over the hull of the box and p.

    At a touching point p the margin and its gradient vanish, but interval enclosures of them
    never do: constants such as 1/sqrt(2 pi) on both sides leave [-ulp, ulp]. So m(p) and grad
    m(p) are first computed *exactly* with sympy (the body on rational numbers); a component that
    sympy reduces to 0 is exactly 0, any other is enclosed with intervals at p. The Hessian over
    the whole box comes from nested forward-mode derivatives on intervals (Taylor's theorem with
    the Lagrange remainder: the Hessian at some point of the segment, which lies in the box).
    """

    def __init__(self, claim, leaf_index):
        self.claim = claim
        self.leaf_index = leaf_index
        self._jets = {}

    def _jet(self, p):
        key = tuple(float(x) for x in p)
        if key not in self._jets:
            self._jets[key] = self._exact_jet(key)
        return self._jets[key]

    def _exact_jet(self, p):
        """(value, gradient) at p as Intervals, exact zeros where sympy proves them."""
        from .enclose.interval import working_precision

        n = len(p)
        zero_mask = [False] * (n + 1)
        try:
            import sympy

            from .symbolic import _time_limit, current_deadline

            with _time_limit(5.0, deadline=current_deadline()):
                vals = [sympy.Rational(Fraction(x).numerator, Fraction(x).denominator) for x in p]
                duals = seed_variables(vals)
                leaf = self.claim.evaluate(duals).leaves()[self.leaf_index]
                diff = leaf_enclosure(leaf, duals[0])
                parts = [diff.val] + [g for g in diff.grad]
                for i, e in enumerate(parts):
                    if isinstance(e, int):
                        zero_mask[i] = e == 0
                    else:
                        zero_mask[i] = sympy.simplify(e) == 0
        except Exception:
            pass
        with working_precision(113):
            values = seed_variables([Interval(x, x) for x in p])
            leaf = self.claim.evaluate(values).leaves()[self.leaf_index]
            diff = leaf_enclosure(leaf, values[0])
            val = diff.val if hasattr(diff, "val") else diff
            grads = list(getattr(diff, "grad", (0,) * n))
        out = [Interval.point(0) if zero_mask[0] else _as_iv(val)]
        for i, g in enumerate(grads):
            out.append(Interval.point(0) if zero_mask[i + 1] else _as_iv(g))
        return out[0], out[1:]

    def _hessian(self, lo, hi):
        from .enclose.dual import Dual

        n = len(lo)
        inner = seed_variables([Interval(float(a), float(b)) for a, b in zip(lo, hi)])
        outer = [Dual(inner[i], tuple(1 if j == i else 0 for j in range(n))) for i in range(n)]
        leaf = self.claim.evaluate(outer).leaves()[self.leaf_index]
        diff = leaf_enclosure(leaf, outer[0])
        H = [[Interval.point(0)] * n for _ in range(n)]
        for j, gj in enumerate(getattr(diff, "grad", ())):
            if isinstance(gj, int):
                continue
            for i, hij in enumerate(getattr(gj, "grad", ())):
                H[i][j] = _as_iv(hij)
        return H

    # -- one variable: Taylor of any order ------------------------------------------------
    MAX_ORDER = 5

    def _derivatives_1d(self, x, order):
        """[f(x), f'(x), ..., f^(order)(x)] of the margin, on one raw value x (nested duals)."""
        from .enclose.dual import Dual

        seed = x
        for _ in range(order):
            seed = Dual(seed, (1,))
        leaf = self.claim.evaluate([seed]).leaves()[self.leaf_index]
        v = leaf_enclosure(leaf, seed)
        out = []
        node = v
        for j in range(order + 1):
            bottom = node
            while isinstance(bottom, Dual):
                bottom = bottom.val
            out.append(bottom)
            if j < order:
                node = node.grad[0] if isinstance(node, Dual) else 0
        return out

    def _exact_derivs_1d(self, p, order):
        """f^(j)(p) for j < order as Intervals, exactly 0 where sympy proves it."""
        key = ("1d", float(p), order)
        if key in self._jets:
            return self._jets[key]
        from .enclose.interval import working_precision

        zero = [False] * order
        try:
            import sympy

            from .symbolic import _time_limit, current_deadline

            q = Fraction(float(p))
            with _time_limit(5.0, deadline=current_deadline()):
                exact = self._derivatives_1d(sympy.Rational(q.numerator, q.denominator), order - 1)
                for j, e in enumerate(exact):
                    zero[j] = (e == 0) if isinstance(e, int) else bool(sympy.simplify(e) == 0)
        except Exception:
            pass
        with working_precision(113):
            approx = self._derivatives_1d(Interval(float(p), float(p)), order - 1)
        out = [Interval.point(0) if zero[j] else _as_iv(approx[j]) for j in range(order)]
        self._jets[key] = out
        return out

    def holds_on_1d(self, lo, hi, p, leaf) -> bool:
        """Taylor of order k = 2..MAX_ORDER around p: f(x) = sum_{j<k} f^(j)(p) d^j/j!
        + f^(k)(xi) d^k/k!, with f^(k) enclosed over the hull of the box and p."""
        from .decide import interval_status

        a, b, t = float(lo[0]), float(hi[0]), float(p[0])
        hull = Interval(min(a, t), max(b, t))
        dx = Interval(a, b) - Interval(t, t)
        for k in range(2, self.MAX_ORDER + 1):
            try:
                jets = self._exact_derivs_1d(t, k)
                top = _as_iv(self._derivatives_1d(hull, k)[k])
            except Exception:
                return False
            acc = Interval.point(0)
            fact = 1
            for j in range(k):
                fact = fact * max(j, 1)
                acc = acc + jets[j] * dx**j / fact
            acc = acc + top * dx**k / (fact * k)
            if interval_status(leaf, acc) == HOLDS:
                return True
            if any(not (jets[j].lo == 0 and jets[j].hi == 0) for j in range(1, k)):
                return False  # a non-vanishing lower derivative: higher orders will not help
        return False

    def holds_on(self, lo, hi, p, leaf) -> bool:
        if len(lo) == 1 and self.holds_on_1d(lo, hi, p, leaf):
            return True
        # Taylor's theorem around p holds on the segment from p to any x in the box, which lies
        # in the hull of the box and p: that is where the Hessian must be enclosed
        hull_lo = np.minimum(lo, p)
        hull_hi = np.maximum(hi, p)
        try:
            m_p, g_p = self._jet(p)
            H = self._hessian(hull_lo, hull_hi)
        except Exception:
            return False  # the body does not support second derivatives here; no conclusion
        n = len(lo)
        d = [Interval(float(a), float(b)) - Interval(float(x), float(x)) for a, b, x in zip(lo, hi, p)]
        acc = m_p
        for i in range(n):
            acc = acc + g_p[i] * d[i]
        quad = Interval.point(0)
        for i in range(n):
            quad = quad + H[i][i] * d[i] ** 2
            for j in range(i + 1, n):
                quad = quad + (H[i][j] + H[j][i]) * (d[i] * d[j])
        acc = acc + quad / 2
        from .decide import interval_status

        return interval_status(leaf, acc) == HOLDS


def _as_iv(v):
    if isinstance(v, Interval):
        return v
    if isinstance(v, (int, float, Fraction)):
        return Interval.point(v)
    raise TypeError(f"expected an interval, got {type(v).__name__}")


def _decide_point(claim, leaf_index, xs, deadline) -> int:
    """HOLDS / FAILS / UNKNOWN for one leaf at an exact float point, raising the precision."""
    from .certify import PRECISIONS
    from .decide import interval_status
    from .enclose.interval import working_precision

    from .symbolic import exact_zero_at_point

    for bits in PRECISIONS[1:]:
        if deadline is not None and time.monotonic() > deadline:
            break
        if bits == PRECISIONS[2] and exact_zero_at_point(claim, leaf_index, xs):
            leaf = claim.evaluate([Interval(float(x), float(x)) for x in xs]).leaves()[leaf_index]
            return FAILS if leaf.strict else HOLDS
        with working_precision(bits):
            values = [Interval(float(x), float(x)) for x in xs]
            like = values[0] if values else Interval.point(0)
            leaf = claim.evaluate(values).leaves()[leaf_index]
            diff = leaf_enclosure(leaf, like)
            if not isinstance(diff, Interval):
                diff = Interval.point(diff)
            st = interval_status(leaf, diff)
            if st != UNKNOWN:
                return st
    return UNKNOWN


def _describe_box(claim, lo, hi):
    return "{" + ", ".join(f"{v.name}=[{a!r}, {b!r}]" for v, a, b in zip(claim.variables, lo, hi)) + "}"


def _sample_values(claim):
    """A single exact point of the domain as intervals (to learn the relation's structure)."""
    return [Interval.point((v.lo + v.hi) / 2) for v in claim.variables]
