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

from . import work
from .claims import Claim, ClaimEvaluationError
from .decide import (FAILS, HOLDS, UNKNOWN, batch_status, certainly_undefined, defined_mask, is_defined,
                     leaf_enclosure, not_enclosed)
from .enclose.dual import seed_variables
from .enclose.interval import Interval

MIN_REL_WIDTH = 2.0**-44


SERIES_ND_DEPTH = 6  # bisections a box has had before the centred series form of several variables is tried


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
    # what a certificate needs (theorycheck.certificates): every decided box with its method,
    # and the monotone reductions (group 0 is the box proved; group h > 0 is the face of a box
    # of its parent group). `pieces` / `halves`: the results a merged result was made of.
    leaves: list = field(default_factory=list)  # (owners, lo, hi, method, data arrays)
    groups: list = field(default_factory=list)  # (parent, lo, hi, faces) per group
    pieces: list | None = None
    halves: dict | None = None
    # a proof on a reduced box (theorycheck.invariance): {"how": Translation, "result": ProofResult}
    translation: dict | None = None
    # a proof of a transformed part (theorycheck.transforms): {"rule", "claim", "results", "exact_box"}
    transform: dict | None = None
    # (issue 15) a part decided by an exact decision procedure (theorycheck.polynomial): its query
    exact: dict | None = None
    left_summary: dict | None = None  # where all the boxes left lie (_left_summary)
    # (issue 15) a proof across a set where the margin vanishes (theorycheck.along):
    # {"set", "order", "sign", "claim" (the derived claim), "result", "exact_box"}
    along: dict | None = None
    along_split: dict | None = None  # the same on both sides of a set, abs by its branches


def domain_box(claim: Claim):
    """Float64 bounds holding the exact domain (rounded outward).

    Never raises: a bound beyond the float range gets an infinite end (``float(10**400)``
    overflows; the largest double is below the bound, so only +inf holds it), and a bound below
    the smallest subnormal gets the double just outside it (1e-600 -> 0.0, -1e-600 -> -5e-324).
    The float box may so hold points outside the exact box (0 in [0, 1] for a lower bound 1e-600):
    a proof over it is still a proof over the exact box, and any point it hands to the
    certifier is clamped into the exact box first (:func:`certify.exact_point_from_floats`)."""
    key = tuple((v.lo, v.hi) for v in claim.variables)
    ends = _DOMAIN_BOXES.get(key)
    if ends is None:  # (exact rationals -> doubles: the fixed cost of a fast claim, so kept)
        from .search import float_down, float_up

        ends = ([float_down(lo) for lo, _ in key], [float_up(hi) for _, hi in key])
        if len(_DOMAIN_BOXES) > 4096:
            _DOMAIN_BOXES.clear()
        _DOMAIN_BOXES[key] = ends
    return np.array(ends[0], dtype=float), np.array(ends[1], dtype=float)  # fresh arrays: callers may write


_DOMAIN_BOXES: dict = {}  # exact ends of a box -> its float ends (a pure function of the exact ends)


class ProofTimeout(Exception):
    """The claim's budget ran out in the middle of a batch (box-by-box evaluation)."""


def pick_leaf(relation, leaf_index: int, half: str | None = None):
    """Part ``leaf_index`` of a relation, or one half of an identity part.

    An identity ``lhs == rhs`` is proved as the two inequalities ``lhs <= rhs`` (half ``"le"``)
    and ``lhs >= rhs`` (half ``"ge"``): every shortcut of the prover is valid for an inequality
    (the least margin of a monotone margin lies on a face), none of them for ``|lhs - rhs|``."""
    from .expr import Relation

    leaf = relation.leaves()[leaf_index]
    if half is None:
        return leaf
    if not leaf.is_identity:
        raise ValueError(f"part {leaf_index + 1} is not an identity; it has no halves")
    out = Relation(leaf.lhs, "<=" if half == "le" else ">=", leaf.rhs)
    out.decoration = leaf.decoration
    return out


class BatchEvaluator:
    """Enclosures of one leaf's margin over many boxes: vectorised when the body allows it,
    one ``Interval`` box at a time otherwise (same answers, slower).

    Every enclosure comes with its decoration: a bool per box, True where the margin is known
    to be defined on the whole box. A box where the body is certainly undefined (an operation's
    input wholly outside its domain) gets NaN bounds. Derivatives come with their own
    decoration (a body can be defined and not differentiable, as sqrt at 0): a method that
    uses them needs both."""

    def __init__(self, claim: Claim, leaf_index: int, half: str | None = None):
        self.claim = claim
        self.leaf_index = leaf_index
        self.half = half
        self.vectorised = _batch_available()
        self.deadline = None
        # ends of the float box that are not the claim's exact ends (outward rounded: "0.1",
        # 1e-600, 10**400): boxes touching them are evaluated one by one with the exact end,
        # so a body undefined just outside the claim's box is not taken for undefined inside
        self.box_lo, self.box_hi = domain_box(claim)
        self.exact_lo = [None if (math.isfinite(a) and Fraction(a) == v.lo) else v.lo
                         for a, v in zip(self.box_lo, claim.variables)]
        self.exact_hi = [None if (math.isfinite(b) and Fraction(b) == v.hi) else v.hi
                         for b, v in zip(self.box_hi, claim.variables)]
        self.inexact = any(x is not None for x in self.exact_lo + self.exact_hi)

    def _edge_rows(self, lo, hi):
        """Boxes with a face on an outward-rounded end of the float box."""
        edge = np.zeros(len(lo), dtype=bool)
        if not self.inexact:
            return edge
        for i in range(lo.shape[1]):
            if self.exact_lo[i] is not None:
                edge |= lo[:, i] == self.box_lo[i]
            if self.exact_hi[i] is not None:
                edge |= hi[:, i] == self.box_hi[i]
        return edge

    def _exact_intervals(self, lo_row, hi_row):
        """The box as Intervals with the claim's exact ends where it touches a rounded one;
        None when it lies wholly outside the claim's box (it holds no point of the claim)."""
        out = []
        for i, (a, b) in enumerate(zip(lo_row, hi_row)):
            qa = self.exact_lo[i] if (self.exact_lo[i] is not None and a == self.box_lo[i]) else None
            qb = self.exact_hi[i] if (self.exact_hi[i] is not None and b == self.box_hi[i]) else None
            if a == b and (qa is not None or qb is not None):
                out.append(Interval.point(qa if qa is not None else qb))
                continue
            lo_v = qa if qa is not None else Fraction(float(a))
            hi_v = qb if qb is not None else Fraction(float(b))
            if lo_v > hi_v:
                return None
            out.append(Interval.point(lo_v) if lo_v == hi_v else Interval(lo_v, hi_v))
        return out

    def exact_point(self, xs):
        """The exact point a float point of a proof box stands for: a coordinate on an
        outward-rounded end of the float box is the exact end of the claim's range (a float box
        holds its exact box; where a monotone margin puts the least value on that face, the
        least value over the claim's own box is at the exact end)."""
        out = []
        for i, (v, x) in enumerate(zip(self.claim.variables, xs)):
            x = float(x)
            if self.exact_lo[i] is not None and x == self.box_lo[i]:
                out.append(v.lo)
            elif self.exact_hi[i] is not None and x == self.box_hi[i]:
                out.append(v.hi)
            elif not math.isfinite(x):  # an infinite coordinate inside: stands for the nearer end
                out.append(v.hi if x > 0 else v.lo)
            else:
                out.append(Fraction(x))
        return out

    def _split_edges(self, lo, hi, batch_fn, scalar_fn):
        """batch_fn on the ordinary boxes, scalar_fn on those touching a rounded end; one
        result in the original order."""
        edge = self._edge_rows(lo, hi)
        if not edge.any():
            return batch_fn(lo, hi)
        if edge.all():
            return scalar_fn(lo, hi)
        inner = batch_fn(lo[~edge], hi[~edge])
        outer = scalar_fn(lo[edge], hi[edge])
        merged = []
        for a, b in zip(inner, outer):
            out = np.empty((len(lo),) + a.shape[1:], dtype=a.dtype)
            out[~edge] = a
            out[edge] = b
            merged.append(out)
        return tuple(merged)

    def _check_time(self):
        if work.past(self.deadline):
            raise ProofTimeout()

    def _leaf(self, values):
        return pick_leaf(self.claim.evaluate(values), self.leaf_index, self.half)

    def _batched(self, run, scalar):
        """``run()`` on the batch kind; on a failure that is not the body's domain, fall back
        to box-by-box evaluation for good; on a domain error (some box is certainly
        undefined), box by box for this batch only."""
        if self.vectorised:
            try:
                return run()
            except ClaimEvaluationError as exc:
                if not (certainly_undefined(exc) or not_enclosed(exc)):
                    self.vectorised = False
        return scalar()

    def enclose(self, lo: np.ndarray, hi: np.ndarray):
        """(lo, hi, defined) of the margin over each box."""
        return self._enclose(lo, hi, gradient=False)

    def enclose_with_gradient(self, lo, hi):
        """(lo, hi, defined, grad lo, grad hi, grad defined) over each box. Where the body
        raises a domain error in gradient mode only the derivative is unknown (sqrt at 0 is
        defined, its derivative is not): the gradient is then [-inf, inf], not defined."""
        return self._enclose(lo, hi, gradient=True)

    def _enclose(self, lo, hi, gradient):
        def scalar(a, b):
            return self._enclose_scalar(a, b, gradient=gradient)

        def batch(a, b):
            return self._batched(lambda: self._enclose_batch(a, b, gradient=gradient), lambda: scalar(a, b))

        return self._split_edges(lo, hi, batch, scalar)

    def enclose_hessian(self, lo, hi):
        """Interval Hessians over the boxes: (array (n, d, d, 2) of [lo, hi], defined mask)."""
        # A body may have no second derivatives (abs, min, max raise in nested duals): that
        # is no reason to stop evaluating it on batches, so `vectorised` is left alone here.
        if self.vectorised:
            try:
                return self._hessian_batch(lo, hi)
            except ClaimEvaluationError as exc:
                if not (certainly_undefined(exc) or not_enclosed(exc)):
                    raise
        return self._hessian_scalar(lo, hi)

    def _hessian_batch(self, lo, hi):
        from .enclose.batch import IntervalArray

        n, d = lo.shape
        values = [IntervalArray(lo[:, i], hi[:, i]) for i in range(d)]
        diff = self._nested(values)
        out = np.zeros((n, d, d, 2))
        ok = np.ones(n, dtype=bool)
        for j, gj in enumerate(getattr(diff, "grad", ())):
            if isinstance(gj, int):
                continue
            ok &= defined_mask(gj, n)
            for i, hij in enumerate(getattr(gj, "grad", ())):
                out[:, i, j, 0], out[:, i, j, 1] = _bounds(hij, n)
                ok &= defined_mask(hij, n)
        ok &= ~np.any(np.isnan(out), axis=(1, 2, 3))
        return out, ok

    def _hessian_scalar(self, lo, hi):
        n, d = lo.shape
        out = np.zeros((n, d, d, 2))
        ok = np.ones(n, dtype=bool)
        for k in range(n):
            self._check_time()
            values = [Interval(float(lo[k, i]), float(hi[k, i])) for i in range(d)]
            try:
                diff = self._nested(values)
            except ClaimEvaluationError as exc:
                if not (certainly_undefined(exc) or not_enclosed(exc)):
                    raise
                ok[k] = False
                continue
            for j, gj in enumerate(getattr(diff, "grad", ())):
                if isinstance(gj, int):
                    continue
                ok[k] &= is_defined(gj)
                for i, hij in enumerate(getattr(gj, "grad", ())):
                    if isinstance(hij, int):
                        out[k, i, j, 0] = out[k, i, j, 1] = hij
                    else:
                        out[k, i, j, 0], out[k, i, j, 1] = _interval_floats(hij)
                        ok[k] &= is_defined(hij)
        return out, ok

    def _nested(self, values):
        inner = seed_variables(values)
        outer = seed_variables(inner)  # one fresh tag for the outer level, newer than the inner
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
            diff = _own_perturbation(leaf_enclosure(leaf, duals[0] if d else like), duals)
            val = getattr(diff, "val", diff)
            dlo, dhi = _bounds(val, n)
            ok = defined_mask(val, n) & ~(np.isnan(dlo) | np.isnan(dhi))
            glo = np.zeros((n, d))
            ghi = np.zeros((n, d))
            gok = ok.copy()
            grads = getattr(diff, "grad", (0,) * d)
            for i, g in enumerate(grads):
                glo[:, i], ghi[:, i] = _bounds(g, n)
                gok &= defined_mask(g, n)
            gok &= ~np.any(np.isnan(glo) | np.isnan(ghi), axis=1)
            glo = np.where(np.isnan(glo), -np.inf, glo)
            ghi = np.where(np.isnan(ghi), np.inf, ghi)
            return dlo, dhi, ok, glo, ghi, gok
        leaf = self._leaf(values)
        diff = leaf_enclosure(leaf, like)
        dlo, dhi = _bounds(diff, n)
        ok = defined_mask(diff, n) & ~(np.isnan(dlo) | np.isnan(dhi))
        return dlo, dhi, ok

    def _enclose_scalar(self, lo, hi, gradient=False):
        n, d = lo.shape
        dlo = np.empty(n)
        dhi = np.empty(n)
        ok = np.ones(n, dtype=bool)
        glo = np.full((n, d), -np.inf)
        ghi = np.full((n, d), np.inf)
        gok = np.zeros(n, dtype=bool)
        for k in range(n):
            self._check_time()
            values = self._exact_intervals(lo[k], hi[k])
            if values is None:  # no point of the claim's box: nothing to decide there
                dlo[k] = dhi[k] = np.inf
                glo[k], ghi[k], gok[k] = 0.0, 0.0, True
                continue
            like = values[0] if d else Interval.point(0)
            try:
                if gradient:
                    duals = seed_variables(values)
                    diff = _own_perturbation(leaf_enclosure(self._leaf(duals), duals[0] if d else like), duals)
                    val = diff.val if hasattr(diff, "val") else diff
                    dlo[k], dhi[k] = _interval_floats(val)
                    ok[k] = is_defined(val)
                    grads = getattr(diff, "grad", (0,) * d)
                    for i, g in enumerate(grads):
                        a, b = _interval_floats(g)
                        glo[k, i] = -np.inf if np.isnan(a) else a
                        ghi[k, i] = np.inf if np.isnan(b) else b
                    gok[k] = ok[k] and all(is_defined(g) for g in grads)
                else:
                    diff = leaf_enclosure(self._leaf(values), like)
                    dlo[k], dhi[k] = _interval_floats(diff)
                    ok[k] = is_defined(diff)
            except ClaimEvaluationError as exc:
                if certainly_undefined(exc) and not gradient:
                    dlo[k] = dhi[k] = np.nan  # certainly undefined on the whole box
                elif certainly_undefined(exc) or not_enclosed(exc):
                    # no enclosure here (or, in gradient mode, no derivative): nothing known
                    dlo[k], dhi[k] = -np.inf, np.inf
                else:
                    raise
                ok[k] = False
        if gradient:
            return dlo, dhi, ok, glo, ghi, gok
        return dlo, dhi, ok


def _own_perturbation(diff, duals):
    """The margin in gradient mode must carry the prover's own perturbation (or none, for a
    constant margin). A Dual of a newer tag means some part of the body made up perturbations
    of its own: the gradient read off it would not be the margin's. Refuse, loudly."""
    from .enclose.dual import Dual

    if duals and isinstance(diff, Dual) and diff.tag != duals[0].tag:
        raise RuntimeError(
            "internal error: the margin carries a perturbation the prover did not seed (a constant "
            "was lifted into a Dual with a fresh tag); its gradient would be wrong")
    return diff


def _batch_available() -> bool:
    try:
        from .enclose import batch  # noqa: F401

        return True
    except ImportError:
        return False


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


def _refuse_identity(leaf, definedness_only):
    """The premise of branch and bound: the part is an inequality. Monotonicity puts the least
    value of a margin on a face, which says nothing about where |lhs - rhs| is largest; an
    identity is proved as its two halves (``half="le"``, ``"ge"``)."""
    if leaf.is_identity and not definedness_only:
        raise ValueError("prove_leaf decides inequalities; an identity is proved as its two halves")


def _smooth(defined, gradient_defined):
    """The premise of every derivative-based shortcut (monotonicity, mean-value, Taylor forms):
    the margin is defined on the whole box and its derivative enclosure is defined there too
    (a face or a centre may stand for a box only where no point of the box is undefined, and
    a derivative enclosure says nothing where the body is not differentiable)."""
    return defined & gradient_defined


def _status_from_bounds(leaf, dlo, dhi, ok=None):
    """Per-box status of a leaf from an enclosure: HOLDS only where ``ok`` (defined); boxes
    with NaN bounds (certainly undefined) are returned in the second mask."""
    nan = np.isnan(dlo) | np.isnan(dhi)
    st = batch_status(leaf, dlo, dhi, ok)
    st[nan] = UNKNOWN
    return st, nan


def leaf_structure(claim: Claim, leaf_index: int | None = None, half: str | None = None):
    """The relation of the body (or one part of it), to learn its shape (ops, strictness): the
    body evaluated at some exact point of the box where it is defined. A body undefined at
    every point tried is evaluated on sympy symbols (no domain errors there)."""
    from .claims import ClaimEvaluationError as _CEE

    points = [_sample_values(claim)]
    for t in (Fraction(1, 4), Fraction(3, 4), Fraction(0), Fraction(1), Fraction(1, 3)):
        points.append([Interval.point(v.lo + t * (v.hi - v.lo)) for v in claim.variables])
    last = None
    for values in points:
        try:
            rel = claim.evaluate(values)
            break
        except _CEE as exc:
            if not (certainly_undefined(exc) or not_enclosed(exc)):
                raise
            last = exc
    else:
        try:
            from .symbolic import symbols_for

            rel = claim.evaluate(symbols_for(claim))
        except Exception:
            raise last
    if leaf_index is None:
        return rel
    return pick_leaf(rel, leaf_index, half)


def prove_leaf(claim: Claim, leaf_index: int, deadline: float | None, *args, definedness_only: bool = False,
               **kwargs) -> ProofResult:
    """Branch and bound on one part of the claim; see :func:`_prove_leaf`."""
    # issue 16: a claim made with split=k is proved as pieces of its box, run wherever
    # theorycheck.distribute's executor says, with one merged result (a piece comes back here
    # with its own box)
    if not definedness_only and not args and kwargs.get("box") is None and claim.options.get("split"):
        from .distribute import prove_split

        return prove_split(claim, leaf_index, deadline, **kwargs)
    if not definedness_only:
        # (issue 15) a polynomial part: branch and bound on a share of the budget, then z3
        from .polynomial import plan_for

        plan = plan_for(claim, leaf_index, deadline, **kwargs)
        if plan is not None:
            deadline = plan.interval_deadline()
        result = _prove_translated(claim, leaf_index, deadline, **kwargs)
        if result is None:
            # -- issue 15: a square root at a side squared away, abs by its branches (theorycheck.transforms) --
            from .transforms import prove_transformed

            result = prove_transformed(claim, leaf_index, deadline, **kwargs)
        if result is None:
            # -- issue 15: a margin that vanishes on a diagonal or a face (theorycheck.along) --
            from .along import prove_along

            result = prove_along(claim, leaf_index, deadline, **kwargs)
        if result is None:
            kwargs.pop("exact_box", None)
            result = _prove_leaf(claim, leaf_index, deadline, *args, **kwargs)
        return result if plan is None else plan.finish(result)
    from .integral import LOOSE

    token = LOOSE.set(True)
    try:
        return _prove_leaf(claim, leaf_index, deadline, *args, definedness_only=True, **kwargs)
    finally:
        LOOSE.reset(token)


_FLOAT_SAMPLES: list = [None, {}]  # [claim, {float point: relation}]: the translation search's samples


def _prove_translated(claim: Claim, leaf_index: int, deadline, box=None, exact_box=None, touch_points=(),
                      half=None, progress=None, **_ignored):
    """A proof of the part on a box one dimension smaller, when its margin is shown constant
    along a direction (:mod:`theorycheck.invariance`); None when there is no such direction or
    the reduced proof does not succeed in half the work left (the caller then proves the part
    on its own box with what is left). A failing box of the reduced proof is not reported: its
    point need not lie in the claim's box, and the caller's proof finds the claim's own."""
    from .invariance import find_translation

    if exact_box is None:
        if box is not None:
            return None  # a sub-box of the caller's: only boxes whose exact ends are known
        exact_box = [(v.lo, v.hi) for v in claim.variables]

    def margin_of(values):
        return leaf_enclosure(pick_leaf(claim.evaluate(values), leaf_index, half), values[0] if len(values) else 0)

    def float_margin(xs):
        # the same sample points serve every part of a claim: one evaluation of the body each
        if _FLOAT_SAMPLES[0] is not claim:
            _FLOAT_SAMPLES[:] = [claim, {}]
        point = tuple(float(x) for x in xs)
        relations = _FLOAT_SAMPLES[1]
        if point not in relations:
            relations[point] = claim.evaluate(list(point))
        return float(leaf_enclosure(pick_leaf(relations[point], leaf_index, half), 0.0))

    try:
        t = find_translation(float_margin, margin_of, exact_box, claim.dimension)
    except ClaimEvaluationError:
        return None
    if t is None:
        return None
    now = work.clock()
    share = deadline if deadline is None or not math.isfinite(deadline) else now + (deadline - now) / 2
    rlo = np.array([float(a) for a, _ in t.reduced])
    rhi = np.array([float(b) for _, b in t.reduced])
    touch = [t.to_reduced(p) for p in touch_points]
    if progress:
        progress(f"part {leaf_index + 1}: constant along {list(t.direction)}: proving it with "
                 f"x_{t.fixed + 1} = {t.at} (one dimension less)")
    sub = prove_leaf(claim, leaf_index, share, box=(rlo, rhi), exact_box=t.reduced, touch_points=touch,
                     half=half, progress=progress)
    if sub.status != "proved":
        return None
    out = ProofResult(status="proved", boxes_decided=sub.boxes_decided, max_depth=sub.max_depth,
                      methods=dict(sub.methods), worst_bound=sub.worst_bound)
    out.methods["translation"] = out.methods.get("translation", 0) + 1
    out.translation = {"how": t, "result": sub}
    return out


def _prove_leaf(
    claim: Claim,
    leaf_index: int,
    deadline: float | None,
    max_boxes: int = 2_000_000,
    batch_size: int = 2048,
    touch_points=(),
    box=None,
    progress=None,
    refine: bool = True,
    half: str | None = None,
    definedness_only: bool = False,
    confirm=None,
) -> ProofResult:
    """Branch and bound on one part of the claim (one half of an identity part, with
    ``half``); see the module docstring.

    With ``definedness_only`` the question is only whether the part's two sides are defined on
    the whole box (the premise of a symbolic identity proof): a box is decided by its
    decoration, and nothing but bisection is used (definedness is not monotone).

    ``confirm(point)`` (optional) certifies a point of a box that certainly fails; the proof
    stops at the first confirmed one (``failing_box``), and boxes whose point is not confirmed
    are left undecided. Without it the first failing box ends the proof."""
    evaluator = BatchEvaluator(claim, leaf_index, half)
    lo0, hi0 = domain_box(claim) if box is None else box
    d = claim.dimension
    leaf = leaf_structure(claim, leaf_index, half)
    _refuse_identity(leaf, definedness_only)
    scale = np.maximum(hi0 - lo0, 1e-300)
    touch = [np.asarray(t, dtype=float) for t in touch_points]
    taylor = AnchoredTaylor(claim, leaf_index, half, deadline)
    series_form = None
    if d == 1 and not definedness_only and refine:
        from .high_order import SeriesTaylor

        series_form = SeriesTaylor(claim, leaf_index, half, deadline)
    series_nd = None
    if 2 <= d <= 3 and not definedness_only and refine:
        from .high_order import SeriesTaylorND

        series_nd = SeriesTaylorND(claim, leaf_index, half, deadline)
    refine = refine and not definedness_only
    # (issue 15) touching points the search did not give: found where boxes stop shrinking
    from .touching import TouchFinder, leaf_float_margin

    finder = TouchFinder(leaf_float_margin(claim, leaf_index, half), lo0, hi0, touch) if refine and d else None
    along = None  # (issue 15) theorycheck.along's local use, made when boxes first reach the split

    queue_lo = [lo0[None, :].copy()]
    queue_hi = [hi0[None, :].copy()]
    depth_q = [np.zeros((1, 2), dtype=int)]  # per box: (depth, owner group)
    result = ProofResult(status="undecided")
    result.groups.append((None, lo0.copy(), hi0.copy(), ()))
    stuck_lo, stuck_hi = [], []
    methods = {"interval": 0, "monotonicity": 0, "mean-value": 0}
    processed = 0
    last_report = time.monotonic()

    def fail_at(point):
        result.status = "failing_box"
        result.failing_point = tuple(point)
        return _finish(result, methods, queue_lo, queue_hi, (lo0, hi0), d)

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
        if work.past(deadline) or processed > max_boxes:
            queue_lo.append(lo)
            queue_hi.append(hi)
            depth_q.append(depth)
            break
        processed += len(lo)
        batch_lo, batch_hi, batch_depth = lo, hi, depth
        queued_before, stuck_before = len(queue_lo), len(stuck_lo)
        evaluator.deadline = deadline
        try:
            result.max_depth = max(result.max_depth, int(depth[:, 0].max()) if len(depth) else 0)
            if progress and time.monotonic() - last_report > 0.5:
                pending = sum(len(q) for q in queue_lo) + len(lo)
                progress(f"part {leaf_index + 1}: {result.boxes_decided} boxes decided, {pending} pending, depth {result.max_depth}")
                last_report = time.monotonic()

            # a box of zero width is a point: decide it exactly (at the exact end of the range
            # where it sits on an outward-rounded end), raising the precision
            points = np.all(hi == lo, axis=1) if d else np.ones(len(lo), dtype=bool)
            if np.any(points):
                for k in np.flatnonzero(points):
                    exact = evaluator.exact_point(lo[k])
                    how = {}
                    st = _decide_point(claim, leaf_index, exact, deadline, half, definedness_only, how)
                    if st == HOLDS:
                        methods["point at raised precision"] = methods.get("point at raised precision", 0) + 1
                        result.boxes_decided += 1
                        _record(result, "defined" if definedness_only else "point", lo[k:k + 1], hi[k:k + 1],
                                depth[k:k + 1], exact_zero=np.array([how.get("exact_zero", False)]))
                    elif st == FAILS and (confirm is None or confirm(exact)):
                        return fail_at(exact)
                    else:
                        stuck_lo.append(lo[k : k + 1])
                        stuck_hi.append(hi[k : k + 1])
                keep = ~points
                lo, hi, depth = lo[keep], hi[keep], depth[keep]
                if len(lo) == 0:
                    continue

            dlo, dhi, dok = evaluator.enclose(lo, hi)
            if definedness_only:
                status = np.where(dok, HOLDS, UNKNOWN).astype(np.int8)
                undefined = np.isnan(dlo) | np.isnan(dhi)
            else:
                status, undefined = _status_from_bounds(leaf, dlo, dhi, dok)
            # a box on which the body is certainly undefined, or the margin certainly on the
            # wrong side: any exact point of it inside the claim's box is a counterexample. The
            # caller certifies one; a float box may reach beyond the exact one, so a box whose
            # point is not confirmed is left undecided, never taken as decided.
            bad = undefined | (status == FAILS)
            if np.any(bad):
                for k in np.flatnonzero(bad)[:4]:
                    pt = _centres(lo[k : k + 1], hi[k : k + 1])[0]
                    if confirm is None or confirm(pt):
                        return fail_at(pt)
                stuck_lo.append(lo[bad])
                stuck_hi.append(hi[bad])
                keep = ~bad
                lo, hi, depth, dlo, dhi, dok, status = (
                    lo[keep], hi[keep], depth[keep], dlo[keep], dhi[keep], dok[keep], status[keep])
            holds = status == HOLDS
            _credit(result, methods, "interval", holds)
            _record(result, "defined" if definedness_only else "interval", lo[holds], hi[holds], depth[holds])
            open_ = ~holds
            if not np.any(open_):
                continue
            lo, hi, depth = lo[open_], hi[open_], depth[open_]
            dlo, dhi, dok = dlo[open_], dhi[open_], dok[open_]

            # the body may be undefined at a single point (x/x at 0, an unused log(x) at 0), which
            # bisection makes an end of every box around it: try both corners of each box left
            # that is not known to be defined, as exact points
            unsure = np.ones(len(lo), dtype=bool) if definedness_only else ~dok
            if np.any(unsure):
                for corner in (lo[unsure], hi[unsure]):
                    clo_, chi_, _ = evaluator.enclose(corner, corner)
                    for k in np.flatnonzero(np.isnan(clo_) | np.isnan(chi_))[:4]:
                        exact = evaluator.exact_point(corner[k])
                        if confirm is None or confirm(exact):
                            return fail_at(exact)

            if not refine:  # plain bisection (definedness; the benchmark's baseline)
                glo = np.zeros(lo.shape)
                ghi = np.zeros(lo.shape)
                stuck = _split_into(queue_lo, queue_hi, depth_q, lo, hi, depth, glo, ghi, scale, touch=())
                stuck_lo.extend(stuck[0])
                stuck_hi.extend(stuck[1])
                continue

            # derivative information over each box (none when the body has no derivative there,
            # e.g. an integral with an infinite end, or sqrt at 0: then only bisection remains).
            # Every derivative-based shortcut below needs the margin *defined* on the whole box
            # (dok) and its gradient enclosure defined there (gok): otherwise a face or a centre
            # could stand for a box that holds an undefined point.
            try:
                _, _, _, glo, ghi, gok = evaluator.enclose_with_gradient(lo, hi)
            except ClaimEvaluationError:
                glo = np.full(lo.shape, -np.inf)
                ghi = np.full(lo.shape, np.inf)
                gok = np.zeros(len(lo), dtype=bool)
            # (the gradient enclosures are kept as computed: `smooth` is the one premise check)
            smooth = _smooth(dok, gok)
            increasing = glo >= 0
            decreasing = ghi <= 0
            wide = hi > lo
            mono = (increasing | decreasing) & wide & smooth[:, None]
            if np.any(mono):
                # monotone in x_i on the box: its least margin lies on one face (valid for an
                # inequality only; identities come here as two halves)
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
                depth_q.append(_reduced(result, lo[rows], hi[rows], depth[rows], inc, dec))
                keep = ~rows
                lo, hi, depth, glo, ghi, dlo, dhi, dok, smooth = (
                    lo[keep], hi[keep], depth[keep], glo[keep], ghi[keep], dlo[keep], dhi[keep], dok[keep], smooth[keep])
                if len(lo) == 0:
                    continue

            # mean-value form around the centre (needs the margin defined and differentiable
            # on the box, and defined at the centre)
            centre = _centres(lo, hi)
            clo, chi, cok = evaluator.enclose(centre, centre)
            fails_at_centre = (_status_from_bounds(leaf, clo, chi, cok)[0] == FAILS) | np.isnan(clo) | np.isnan(chi)
            for k in np.flatnonzero(fails_at_centre)[:4]:
                if confirm is None or confirm(centre[k]):
                    return fail_at(centre[k])
            cok = cok & ~(np.isnan(clo) | np.isnan(chi))
            clo = np.where(cok, clo, -np.inf)
            chi = np.where(cok, chi, np.inf)
            mv_lo, mv_hi = _mean_value(clo, chi, glo, ghi, lo, hi, centre)
            mv_lo = np.maximum(mv_lo, dlo)
            mv_hi = np.minimum(mv_hi, dhi)
            status, _ = _status_from_bounds(leaf, mv_lo, mv_hi, smooth & cok)
            holds = status == HOLDS
            _credit(result, methods, "mean-value", holds)
            _record(result, "mean-value", lo[holds], hi[holds], depth[holds], centre=centre[holds])
            open_ = ~holds
            lo, hi, depth, glo, ghi, smooth = lo[open_], hi[open_], depth[open_], glo[open_], ghi[open_], smooth[open_]
            if len(lo) == 0:
                continue

            # second-order Taylor form around the centre: tight point values, Hessian over the box
            if d <= 6 and _batch_available():
                try:
                    clo2, chi2, cok2, cglo, cghi, cgok = evaluator.enclose_with_gradient(centre[open_], centre[open_])
                    H, hok = evaluator.enclose_hessian(lo, hi)
                    good = cok2 & cgok & hok & ~(np.isnan(clo2) | np.isnan(chi2)) & ~np.any(np.isnan(H), axis=(1, 2, 3))
                    clo2, chi2 = np.where(good, clo2, -np.inf), np.where(good, chi2, np.inf)
                    cglo = np.where(good[:, None], cglo, -np.inf)
                    cghi = np.where(good[:, None], cghi, np.inf)
                    H = np.where(good[:, None, None, None], H, 0.0)
                except (TypeError, AttributeError, ClaimEvaluationError):
                    H = None
                if H is not None:
                    t_lo, t_hi = _second_order(clo2, chi2, cglo, cghi, H, lo, hi, centre[open_])
                    status, _ = _status_from_bounds(leaf, t_lo, t_hi, smooth & good)
                    holds = status == HOLDS
                    if np.any(holds):
                        _credit(result, methods, "second-order", holds)
                        _record(result, "second-order", lo[holds], hi[holds], depth[holds],
                                centre=centre[open_][holds])
                        lo, hi, depth, glo, ghi, smooth = _drop(holds, lo, hi, depth, glo, ghi, smooth)
                        if len(lo) == 0:
                            continue

            # (issue 15) one variable: Taylor forms of high order from Taylor series
            # (theorycheck/high_order.py), centred at the box's midpoint
            if series_form is not None and not series_form.unsupported:
                decided = np.zeros(len(lo), dtype=bool)
                for k in np.flatnonzero(smooth):
                    if work.past(deadline):
                        break  # (each box's series costs evaluations: none past the part's work)
                    got = (series_form.centred(float(lo[k, 0]), float(hi[k, 0]), leaf)
                           or series_form.at_ends(float(lo[k, 0]), float(hi[k, 0]), leaf))
                    if got:
                        decided[k] = True
                        _record(result, "series", lo[k:k + 1], hi[k:k + 1], depth[k:k + 1],
                                anchor=np.array([[got[0]]]), series=[got[1]])
                if np.any(decided):
                    _credit(result, methods, "series (centred or at an end)", decided)
                    lo, hi, depth, glo, ghi, smooth = _drop(decided, lo, hi, depth, glo, ghi, smooth)
                    if len(lo) == 0:
                        continue

            # (issue 15) several variables: the centred Taylor form of order 3 or 5 from Taylor
            # series (theorycheck/high_order.py), e.g. for ratios of gamma functions
            if series_nd is not None and not series_nd.unsupported:
                decided = np.zeros(len(lo), dtype=bool)
                # (one evaluation in series arithmetic of several variables costs as much as
                # dozens of boxes: only boxes bisection has made small get one)
                for k in np.flatnonzero(smooth & (np.asarray(depth).reshape(len(lo), -1).sum(axis=1) >= SERIES_ND_DEPTH)):
                    if work.past(deadline):
                        break
                    got = series_nd.centred([float(v) for v in lo[k]], [float(v) for v in hi[k]], leaf)
                    if got:
                        decided[k] = True
                        _record(result, "series", lo[k:k + 1], hi[k:k + 1], depth[k:k + 1],
                                anchor=np.array([got[0]]), series=[got[1]])
                if np.any(decided):
                    _credit(result, methods, "series (centred)", decided)
                    lo, hi, depth, glo, ghi, smooth = _drop(decided, lo, hi, depth, glo, ghi, smooth)
                    if len(lo) == 0:
                        continue

            # Taylor form anchored at a touching point near the box (premises checked inside)
            if finder is not None:  # (issue 15) candidates from the boxes that stop shrinking
                touch.extend(finder.new_points(lo, hi))
            touch_here = touch
            if touch and refine and d >= 2:
                # (issue 15) a touching point on a set where the margin vanishes (a line of
                # touching points, two variables or more): the anchored form's Hessian is singular
                # along the set, so it decides nothing there; the set's own form (below) does
                if along is None:
                    from .along import LocalAlong

                    along = LocalAlong(claim, leaf_index, half, lo0, hi0, deadline)
                touch_here = [t for t in touch if not along.on_a_set(t)]
            if touch_here:
                decided = np.zeros(len(lo), dtype=bool)
                for k in range(len(lo)):
                    if not smooth[k]:
                        continue
                    reach = max(8 * float(np.max((hi[k] - lo[k]) / scale)), 1e-3)
                    for t in touch_here:
                        if work.past(deadline):
                            break  # (a jet at a touching point costs sympy and Hessians: none past the part's work)
                        gap = np.maximum(np.maximum(lo[k] - t, t - hi[k]), 0) / scale
                        if float(np.max(gap)) > reach:
                            continue
                        if series_form is not None and not series_form.unsupported:
                            # (issue 15) the contact order found at t, the form of order past it
                            how = series_form.anchored(float(lo[k, 0]), float(hi[k, 0]), float(t[0]), leaf)
                            if how:
                                decided[k] = True
                                _record(result, "series", lo[k:k + 1], hi[k:k + 1], depth[k:k + 1],
                                        anchor=np.asarray(t, dtype=float)[None, :], series=[how])
                                break
                            if not series_form.unsupported:
                                continue  # (the nested-dual form below is of lower order)
                        how = taylor.holds_on(lo[k], hi[k], t, leaf)
                        if how:
                            decided[k] = True
                            _record(result, "taylor", lo[k:k + 1], hi[k:k + 1], depth[k:k + 1],
                                    anchor=np.asarray(t, dtype=float)[None, :], taylor=[how])
                            break
                if np.any(decided):
                    _credit(result, methods, "taylor at touching point", decided)
                    lo, hi, depth, glo, ghi, smooth = _drop(decided, lo, hi, depth, glo, ghi, smooth)
                    if len(lo) == 0:
                        continue

            # (issue 15) across a set where the margin vanishes (premises checked inside)
            if refine and d >= 1 and len(lo):
                if along is None:
                    from .along import LocalAlong

                    along = LocalAlong(claim, leaf_index, half, lo0, hi0, deadline)
                if along.tries:
                    decided, how = along.decide(lo, hi, deadline)
                    if np.any(decided):
                        _credit(result, methods, "along a set", decided)
                        _record(result, "along", lo[decided], hi[decided], depth[decided],
                                along=[h for h in how if h is not None])
                        lo, hi, depth, glo, ghi, smooth = _drop(decided, lo, hi, depth, glo, ghi, smooth)
                        if len(lo) == 0:
                            continue

            # split
            # (issue 16) a claim made with split=k (a long proof) bisects its boxes without any
            # derivative along the widest variable, relative to the piece: the probe's six
            # enclosures per box cost more than the boxes they save there (GAN lemmas: 64 % of the
            # time of a piece, fewer boxes decided per unit of work than without it)
            stuck = _split_into(queue_lo, queue_hi, depth_q, lo, hi, depth, glo, ghi, scale, touch,
                                probe=None if claim.options.get("split") else evaluator.enclose)
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
    result = _finish(result, methods, queue_lo, queue_hi, (lo0, hi0), d)
    if (result.status != "proved" and result.boxes_left and not definedness_only
            and not work.past(deadline)):
        left_lo = np.vstack(queue_lo)
        left_hi = np.vstack(queue_hi)
        # an enclosure of the margin over every box left (evidence for an undecided part);
        # box-by-box evaluation may be slow, so it gets a short grace period of its own
        # (within the part's own time: a short grace after its deadline, never a fixed 2 s per
        # part, which a claim of many parts would add up far past its budget)
        grace = 2.0 if deadline is None else min(2.0, max(0.05, 0.1 * (deadline - work.clock() + 1.0)))
        evaluator.deadline = work.clock() + grace
        try:
            lows, highs = [], []
            for k in range(0, len(left_lo), 4096):
                dlo, dhi, _ = evaluator.enclose(left_lo[k : k + 4096], left_hi[k : k + 4096])
                lows.append(np.min(dlo))
                highs.append(np.max(dhi))
            result.worst_bound = (float(min(lows)), float(max(highs)))
        except ProofTimeout:
            result.worst_bound = None
    return result


def _finish(result, methods, queue_lo, queue_hi, box0, d):
    """``box0``: (lo, hi) of the box proved, of which the volume left is a share."""
    result.methods = dict(methods)
    if queue_lo and sum(len(q) for q in queue_lo):
        lo = np.vstack(queue_lo)
        hi = np.vstack(queue_hi)
        result.boxes_left = len(lo)
        if d:
            # each box's share of the box proved, coordinate by coordinate: a product of absolute
            # widths overflows on a box such as [1, 1e300]^2
            lo0, hi0 = box0
            wide = hi0 > lo0
            with np.errstate(over="ignore", invalid="ignore"):
                span = np.where(wide, hi0 / 2 - lo0 / 2, 1.0)
                share = np.where(wide, (hi / 2 - lo / 2) / span, 1.0)
            result.volume_left = float(np.nan_to_num(np.prod(share, axis=1)).sum())
        else:
            result.volume_left = float(len(lo))
        order = np.argsort(-(hi - lo).max(axis=1)) if d else np.arange(len(lo))
        result.left = [(lo[k].tolist(), hi[k].tolist()) for k in order[:20]]
        result.left_summary = _left_summary(lo, hi)
    return result


def _left_summary(lo, hi) -> dict:
    """Where all the boxes left lie (for the undecided page, theorycheck.report): their number
    and hull, and for each pair of variables i < j (up to 8 variables) the largest distance
    |x_i - x_j| a box keeps from the diagonal x_i = x_j and how many boxes come within their own
    width of it."""
    out = {"n": int(len(lo)), "hull": [lo.min(axis=0).tolist(), hi.max(axis=0).tolist()]}
    d = lo.shape[1]
    if 2 <= d <= 8:
        diag = {}
        with np.errstate(invalid="ignore", over="ignore"):
            for i in range(d):
                for j in range(i + 1, d):
                    gap = np.maximum(0.0, np.maximum(lo[:, i] - hi[:, j], lo[:, j] - hi[:, i]))
                    width = np.maximum(hi[:, i] - lo[:, i], hi[:, j] - lo[:, j])
                    diag[f"{i},{j}"] = {"max_gap": float(np.max(gap)), "near": int(np.sum(gap <= width))}
        out["diagonal"] = diag
    return out


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


_ONE_LEVEL = np.array([1, 0])  # one level deeper, same owner group


def _record(result, method, lo, hi, depth, **data):
    """Keep the boxes a method decided (float rows, their owner groups and the method's data)
    for the certificate; see :mod:`theorycheck.certificates`."""
    if len(lo):
        result.leaves.append((depth[:, 1].copy(), lo.copy(), hi.copy(), method, data))


def _reduced(result, lo, hi, depth, inc, dec):
    """The (depth, owner) rows of the faces that replace the boxes ``lo, hi`` (monotone in the
    coordinates ``inc`` (least margin on the lower face) and ``dec`` (on the upper face)): each
    face gets a new group, whose parent is the box's own group."""
    out = depth.copy()
    for j in range(len(lo)):
        faces = tuple((int(k), "lo") for k in np.flatnonzero(inc[j])) + tuple(
            (int(k), "hi") for k in np.flatnonzero(dec[j]))
        result.groups.append((int(depth[j, 1]), lo[j].copy(), hi[j].copy(), faces))
        out[j, 1] = len(result.groups) - 1
    return out


def _drop(decided, *arrays):
    """The arrays without the rows the mask ``decided`` marks."""
    keep = ~decided
    return tuple(a[keep] for a in arrays)


def _probe_axis(probe, lo, hi, candidates):
    """The axis to bisect when no derivative ranks the variables (an infinite bound on several):
    the one whose halves have the best worse lower bound of the margin, by one enclosure of each
    half (ties: the first). Slicing one variable is what some enclosures need (a dependency
    through that variable only), another variable for others; always the first would bisect it
    for ever, always the widest can double the boxes without tightening anything."""
    n, d = lo.shape
    score = np.full((n, d), -np.inf)
    for j in range(d):
        rows = np.flatnonzero(candidates[:, j])
        if not len(rows):
            continue
        cut = _cut_points(lo[rows, j], hi[rows, j])
        left_hi, right_lo = hi[rows].copy(), lo[rows].copy()
        left_hi[:, j] = cut
        right_lo[:, j] = cut
        llo, _, _ = probe(lo[rows], left_hi)
        rlo, _, _ = probe(right_lo, hi[rows])
        with np.errstate(invalid="ignore"):
            worse = np.fmin(np.asarray(llo, dtype=float), np.asarray(rlo, dtype=float))
        score[rows, j] = np.where(np.isnan(worse), -np.inf, worse)
    best = np.argmax(score, axis=1)
    first = np.argmax(candidates, axis=1)
    # ties (a margin no half improves, such as the guarded margin of implies(...) on boxes that
    # straddle the hypothesis): the widest of the tied variables, so that every one gets cut
    with np.errstate(invalid="ignore"):
        tied = candidates & (score == score[np.arange(n), best][:, None])
        widest = np.argmax(np.where(tied, hi - lo, -1.0), axis=1)
    best = np.where(tied.sum(axis=1) > 1, widest, best)
    # no half enclosed at all (every score -inf) is a tie of all candidates: the widest, not the
    # first, which would be bisected for ever when the body needs every variable small
    return np.where(np.isfinite(score[np.arange(n), best]) | (tied.sum(axis=1) > 1), best, first)


def _split_into(queue_lo, queue_hi, depth_q, lo, hi, depth, glo, ghi, scale, touch, probe=None):
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
        unknown = np.isinf(smear) & splittable
        several = np.flatnonzero(unknown.sum(axis=1) > 1)
    if len(several) and probe is not None:
        axis[several] = _probe_axis(probe, lo[several], hi[several], unknown[several])
    elif len(several):  # no probe: the widest (relative) of the variables without a derivative
        axis[several] = np.argmax(np.where(unknown[several], rel_w[several], -1.0), axis=1)
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
    depth_q.extend([depth + _ONE_LEVEL, depth + _ONE_LEVEL])
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

    Premises, each checked: the margin is twice (k times, in one variable) differentiable on the
    hull of the box and p -- every derivative enclosure used is *defined* over that hull (a
    body with a kink, abs/min/max, raises in nested duals and is refused); the values at p are
    defined there; and the caller has shown the margin defined on the box itself.
    """

    def __init__(self, claim, leaf_index, half=None, deadline=None):
        self.claim = claim
        self.leaf_index = leaf_index
        self.half = half
        self.deadline = deadline
        self._jets = {}
        self._zero_1d = {}  # (anchor, order) -> which derivatives sympy showed exactly 0
        self._zero_nd = {}  # anchor -> [value, gradient...] shown exactly 0

    def _leaf(self, values):
        return pick_leaf(self.claim.evaluate(values), self.leaf_index, self.half)

    def _sympy_seconds(self):  # work units (theorycheck.work), not seconds
        cap = 5.0
        if self.deadline is not None:
            cap = min(cap, self.deadline - work.clock())
        return cap

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
        seconds = self._sympy_seconds()
        if seconds > 0:
            try:
                import sympy

                from .symbolic import _time_limit, current_deadline, is_zero

                with _time_limit(seconds, deadline=current_deadline()) as budget:
                    vals = [sympy.Rational(Fraction(x).numerator, Fraction(x).denominator) for x in p]
                    duals = seed_variables(vals)
                    diff = leaf_enclosure(self._leaf(duals), duals[0])
                    parts = [diff.val] + [g for g in diff.grad]
                    for i, e in enumerate(parts):
                        if isinstance(e, int):
                            zero_mask[i] = e == 0
                        else:
                            zero_mask[i] = is_zero(e, budget)
            except Exception:
                pass
        # premise: the margin is twice differentiable at p itself (no kink of abs/min/max
        # there: nested derivatives raise at one); otherwise sympy's derivative at p (it takes
        # sign(0) = 0) and a one-sided interval derivative would stand for both sides
        self._hessian(np.asarray(p, dtype=float), np.asarray(p, dtype=float))
        with working_precision(113):
            values = seed_variables([Interval(x, x) for x in p])
            diff = leaf_enclosure(self._leaf(values), values[0])
            val = diff.val if hasattr(diff, "val") else diff
            grads = list(getattr(diff, "grad", (0,) * n))
        if not all(is_defined(v) for v in [val] + grads):
            raise ValueError("the margin or its gradient is not defined at the anchor")
        self._zero_nd[tuple(p)] = list(zero_mask)
        out = [Interval.point(0) if zero_mask[0] else _as_iv(val)]
        for i, g in enumerate(grads):
            out.append(Interval.point(0) if zero_mask[i + 1] else _as_iv(g))
        return out[0], out[1:]

    def _hessian(self, lo, hi):
        n = len(lo)
        inner = seed_variables([Interval(float(a), float(b)) for a, b in zip(lo, hi)])
        outer = seed_variables(inner)  # one fresh tag for the outer level, newer than the inner
        diff = leaf_enclosure(self._leaf(outer), outer[0])
        val = diff.val if hasattr(diff, "val") else diff
        inner_val = val.val if hasattr(val, "val") else val
        if not is_defined(inner_val):
            raise ValueError("the margin is not defined on the hull")
        H = [[Interval.point(0)] * n for _ in range(n)]
        for j, gj in enumerate(getattr(diff, "grad", ())):
            if isinstance(gj, int):
                continue
            if not is_defined(gj.val if hasattr(gj, "val") else gj):
                raise ValueError("the gradient is not defined on the hull")
            for i, hij in enumerate(getattr(gj, "grad", ())):
                H[i][j] = _as_iv(hij)
                if not is_defined(H[i][j]):
                    raise ValueError("the Hessian is not defined on the hull")
        return H

    # -- one variable: Taylor of any order ------------------------------------------------
    MAX_ORDER = 5

    def _derivatives_1d(self, x, order):
        """[f(x), f'(x), ..., f^(order)(x)] of the margin, on one raw value x (nested duals)."""
        from .enclose.dual import Dual

        seed = x
        for _ in range(order):
            seed = Dual(seed, (1,))
        v = leaf_enclosure(self._leaf([seed]), seed)
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
        seconds = self._sympy_seconds()
        if seconds > 0:
            try:
                import sympy

                from .symbolic import _time_limit, current_deadline, is_zero

                q = Fraction(float(p))
                with _time_limit(seconds, deadline=current_deadline()) as budget:
                    exact = self._derivatives_1d(sympy.Rational(q.numerator, q.denominator), order - 1)
                    for j, e in enumerate(exact):
                        zero[j] = (e == 0) if isinstance(e, int) else is_zero(e, budget)
            except Exception:
                pass
        with working_precision(113):
            # at least two nested levels, so that a kink at p itself raises (premise: the margin
            # is differentiable enough at p for its derivatives there to mean one thing)
            approx = self._derivatives_1d(Interval(float(p), float(p)), max(order - 1, 2))[:order]
        if not all(is_defined(a) for a in approx):
            raise ValueError("a derivative is not defined at the anchor")
        out = [Interval.point(0) if zero[j] else _as_iv(approx[j]) for j in range(order)]
        self._jets[key] = out
        self._zero_1d[(float(p), order)] = list(zero)
        return out

    def holds_on_1d(self, lo, hi, p, leaf):
        """Taylor of order k = 2..MAX_ORDER around p: f(x) = sum_{j<k} f^(j)(p) d^j/j!
        + f^(k)(xi) d^k/k!, with f^(k) enclosed over the hull of the box and p; f must be k
        times differentiable on the hull, which every derivative enclosure being defined
        there shows."""
        from .decide import interval_status

        a, b, t = float(lo[0]), float(hi[0]), float(p[0])
        hull = Interval(min(a, t), max(b, t))
        dx = Interval(a, b) - Interval(t, t)
        for k in range(2, self.MAX_ORDER + 1):
            try:
                jets = self._exact_derivs_1d(t, k)
                over_hull = self._derivatives_1d(hull, k)
                if not all(is_defined(v) for v in over_hull):
                    return False
                top = _as_iv(over_hull[k])
            except Exception:
                return False
            acc = Interval.point(0)
            fact = 1
            for j in range(k):
                fact = fact * max(j, 1)
                acc = acc + jets[j] * dx**j / fact
            acc = acc + top * dx**k / (fact * k)
            if interval_status(leaf, acc) == HOLDS:
                return {"order": k, "zeros": [j for j in range(k) if self._zero_1d[(t, k)][j]]}
            if any(not (jets[j].lo == 0 and jets[j].hi == 0) for j in range(1, k)):
                return None  # a non-vanishing lower derivative: higher orders will not help
        return None

    def holds_on(self, lo, hi, p, leaf):
        """None, or what a certificate needs: the order and which jets sympy showed are 0."""
        if len(lo) == 1:
            how = self.holds_on_1d(lo, hi, p, leaf)
            if how:
                return how
        # Taylor's theorem around p holds on the segment from p to any x in the box, which lies
        # in the hull of the box and p: that is where the Hessian must be enclosed
        hull_lo = np.minimum(lo, p)
        hull_hi = np.maximum(hi, p)
        try:
            m_p, g_p = self._jet(p)
            H = self._hessian(hull_lo, hull_hi)
        except Exception:
            return None  # no second derivatives here (or not defined): no conclusion
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
        from .decide import interval_status

        zeros = self._zero_nd[tuple(float(x) for x in p)]
        how = {"order": 2, "zeros": [j for j, z in enumerate(zeros) if z]}
        if interval_status(leaf, acc + quad / 2) == HOLDS:
            return how
        # (issue 15) a Hessian positive definite over the whole hull: the quadratic term is >= 0
        from .touching import positive_definite, symmetric_part

        # (several variables only: the kernel checks a one-variable anchor by its own Taylor order)
        if n >= 2 and positive_definite(symmetric_part(H)) and interval_status(leaf, acc + Interval(0, max(quad.hi, 0))) == HOLDS:
            return dict(how, psd=True)
        return None


def _as_iv(v):
    if isinstance(v, Interval):
        return v
    if isinstance(v, (int, float, Fraction)):
        return Interval.point(v)
    raise TypeError(f"expected an interval, got {type(v).__name__}")


def _decide_point(claim, leaf_index, xs, deadline, half=None, definedness_only=False, how=None) -> int:
    """HOLDS / FAILS / UNKNOWN for one leaf at an exact point (Fractions or floats), raising
    the precision. ``how["exact_zero"]`` is set when a sympy zero decided it (a trusted step).

    FAILS where the body is certainly undefined at the point; HOLDS only where it is defined
    there. An exact zero margin found by sympy counts only where the point is defined."""
    from .certify import PRECISIONS
    from .decide import interval_status
    from .enclose.interval import working_precision

    from .symbolic import exact_zero_at_point

    defined_seen = False
    for bits in PRECISIONS[1:]:
        if work.past(deadline):
            break
        if bits == PRECISIONS[2] and defined_seen and not definedness_only:
            leaf = pick_leaf(claim.evaluate([Interval.point(x) for x in xs]), leaf_index, half)
            if exact_zero_at_point(claim, leaf_index, xs, half=half):
                if how is not None:
                    how["exact_zero"] = True
                return FAILS if leaf.strict else HOLDS
        with working_precision(bits):
            values = [Interval.point(x) for x in xs]
            like = values[0] if values else Interval.point(0)
            try:
                leaf = pick_leaf(claim.evaluate(values), leaf_index, half)
                diff = leaf_enclosure(leaf, like)
            except ClaimEvaluationError as exc:
                if certainly_undefined(exc):
                    return FAILS
                if not_enclosed(exc):
                    continue  # a higher precision may enclose it
                raise
            if not isinstance(diff, Interval):
                diff = Interval.point(diff)
            defined_seen = defined_seen or is_defined(diff)
            if definedness_only:
                if is_defined(diff):
                    return HOLDS
                continue
            st = interval_status(leaf, diff)
            if st != UNKNOWN:
                return st
    return UNKNOWN


def _describe_box(claim, lo, hi):
    return "{" + ", ".join(f"{v.name}=[{a!r}, {b!r}]" for v, a, b in zip(claim.variables, lo, hi)) + "}"


def _sample_values(claim):
    """A single exact point of the domain as intervals (to learn the relation's structure)."""
    return [Interval.point((v.lo + v.hi) / 2) for v in claim.variables]
