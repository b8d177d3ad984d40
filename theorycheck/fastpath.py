"""The fast path: decide an easy claim with a first interval pass, before any search or sympy.

Issue 15: a claim that one interval evaluation over its box (or a few bisections of it)
decides should be decided in milliseconds, not after the adversarial search (Hypothesis, scipy)
and the symbolic layer. Before them, :func:`try_fast` runs, per part of the claim:

1. a **grid of exact points** (the corners, the centre and a regular grid of at most
   :data:`GRID_POINTS` points, all evaluated at once as zero-width interval boxes); the points
   where the part certainly fails (or the body is certainly undefined) go, most violated first,
   to :func:`theorycheck.certify.certify`, which re-evaluates the claim at the exact decimal point
   with intervals at rising precision: a refutation is the project's ordinary certified one;
2. **plain interval bisection** (:func:`theorycheck.prove._prove_leaf` with ``refine=False``:
   no derivatives, no sympy) of at most :data:`PROOF_BOXES` boxes; a part proved there is an
   ordinary :class:`~theorycheck.prove.ProofResult` whose leaves are ``interval`` boxes, so its
   certificate is the one the kernel re-checks for any branch-and-bound proof.

Only claims whose parts are all inequalities, over a box with finite float ends, are tried (an
identity is decided by sympy and two half-proofs; it keeps its path). Whatever the fast path
does not decide, the normal pipeline decides exactly as before: the fast path runs on a
**meter of its own** (:class:`theorycheck.work.Meter` without parent), so the claim's meter
reads the same at every step of the normal pipeline as if the fast path had not run, and the
verdict, the counterexample and the evidence of such a claim are unchanged; its work is
added to the claim's ``work_units`` at the end (honest accounting, after the decisions).
"""

from __future__ import annotations

import math
from fractions import Fraction

from itertools import product

import numpy as np

from . import certify as _certify, decide as _decide, prove as _prove, work
from .calc import Chain
from .claims import ClaimEvaluationError
from .enclose.exact import to_fraction
from .enclose.interval import Interval
from .integral import NOT_HERE, IntegralNotHere

# (the modules the fast path uses are imported once here, not in its functions: a first interval
# pass costs a fraction of a millisecond, and a function-level import costs a microsecond or two;
# they are used as module attributes, so that what a test replaces in them is what runs)

FAST_UNITS = 0.6  # work units at most for the whole fast path (and never above a tenth of the budget)
PROOF_BOXES = 96  # boxes of plain bisection per part at most (a few levels: 1 + 2 + 4 + ... )
GRID_POINTS = 1100  # grid points per part at most (1025 in one variable, 33 x 33 in two, 9^3 ...)
CERTIFY_TRIES = 3  # failing grid points certified at most per part
SLOW_BODY = 0.02  # work units of the first evaluation above which only that first pass is made
MAX_PARTS = 4  # the grid, the contraction paver and the bisection are tried for at most this many parts
CORNERS = 16  # the corners are tried when there are at most this many (four variables)
CENTRES = 40  # centres of the sub-boxes of the first bisection levels tried at most (scalar intervals)
PAVER_BOXES = 48  # boxes of the contraction paver per part at most (a counterexample search)



class FastResult:
    """What the fast path decided: ``verdict`` "proved" (with ``parts``: (index, leaf,
    ProofResult) per part) or "refuted" (with ``cert``, the certified counterexample), and the
    work it used (``units``). None is returned instead when it decided nothing."""

    def __init__(self, verdict, units, parts=None, cert=None, how=""):
        self.verdict, self.units, self.parts, self.cert, self.how = verdict, units, parts, cert, how


def own_meter(units: float):
    """A meter of its own for the block (:func:`theorycheck.work.detached`): its charges do not
    reach the claim's meter (so the normal pipeline after it reads the same); the wall-clock
    safety limit is the claim's."""
    return work.detached(units)


def eligible(claim, leaves) -> bool:
    """Inequalities only, over a box of at least one variable with finite float ends."""
    if not claim.dimension or not leaves or any(leaf.is_identity for leaf in leaves):
        return False
    lo, hi = _prove.domain_box(claim)
    return all(math.isfinite(x) for x in lo.tolist() + hi.tolist())


def grid(lo: np.ndarray, hi: np.ndarray, points: int = GRID_POINTS) -> np.ndarray:
    """A regular grid of the box, 2^m + 1 points per variable (so the centre is on it), with
    the corners; at most ``points`` points (the centre alone when even 3 per variable are too
    many). Rows are float points inside [lo, hi]."""
    d = len(lo)
    m = 1
    while (2 ** (m + 1) + 1) ** d <= points and m < 10:
        m += 1
    k = 2 ** m + 1
    if k ** d > points:
        return (lo / 2 + hi / 2)[None, :]
    axes = []
    for a, b in zip(lo, hi):
        t = np.linspace(0.0, 1.0, k)
        with np.errstate(over="ignore"):
            x = a + (b - a) * t if math.isfinite(b - a) else a * (1 - t) + b * t
        x[0], x[-1] = a, b
        axes.append(np.clip(x, a, b))
    mesh = np.meshgrid(*axes, indexing="ij")
    return np.stack([g.ravel() for g in mesh], axis=1)


def _refute_on_grid(claim, leaf_index, leaf, deadline):
    """A certified counterexample among the grid points where the part certainly fails, or None."""
    lo0, hi0 = _prove.domain_box(claim)
    pts = grid(lo0, hi0)
    ev = _prove.BatchEvaluator(claim, leaf_index)
    ev.deadline = deadline
    dlo, dhi, dok = ev.enclose(pts, pts)
    status, undefined = _prove._status_from_bounds(leaf, dlo, dhi, dok)
    bad = np.flatnonzero(undefined | (status == _decide.FAILS))
    if not len(bad):
        return None
    # most violated first (an undefined point first of all); ties in grid order: deterministic
    key = np.where(undefined[bad], -np.inf, dhi[bad])
    for k in bad[np.argsort(key, kind="stable")][:CERTIFY_TRIES]:
        if work.past(deadline):
            return None
        cert = _certify.certify(claim, _certify.exact_point_from_floats(claim, ev.exact_point(pts[k])),
                                deadline=deadline)
        if cert is not None:
            return cert
    return None


def _one_box_result(lo0, hi0):
    """The ProofResult of a part decided by one enclosure over the whole (float) box: the same
    record :func:`theorycheck.prove._prove_leaf` keeps for a box its first enclosure decides."""
    r = _prove.ProofResult(status="proved", boxes_decided=1, methods={"interval": 1})
    r.groups.append((None, lo0.copy(), hi0.copy(), ()))
    _prove._record(r, "interval", lo0[None, :], hi0[None, :], np.zeros((1, 2), dtype=int))
    return r


def box_values(claim):
    """The claim's exact box as scalar Arb intervals, one per variable."""
    return [Interval.point(v.lo) if v.lo == v.hi else Interval(v.lo, v.hi) for v in claim.variables]


def _whole_box(claim, relation, values) -> dict:
    """{part index: ProofResult} of the parts that ``relation`` (the body evaluated on the
    claim's exact box, ``values``: scalar Arb intervals) shows to hold: the decoration must say
    defined and the enclosure of the margin lie on the right side of 0."""
    out = {}
    for i in range(len(relation.leaves())):
        leaf = _prove.pick_leaf(relation, i)
        diff = _decide.leaf_enclosure(leaf, values[0])
        if not isinstance(diff, Interval):  # a constant margin (no variable reached it)
            diff = Interval.point(diff) if isinstance(diff, (int, Fraction)) else None
        if diff is None or not _decide.is_defined(diff):
            continue
        lo, _ = diff.float_bounds()  # a double <= the enclosure's exact lower end
        if lo > 0 or (lo == 0 and not leaf.strict):
            lo0, hi0 = _prove.domain_box(claim)
            out[i] = _one_box_result(lo0, hi0)
    return out


def _fails_at(claim, parts, point) -> bool:
    """Does one of the parts ``parts`` ({index: leaf}) certainly fail at the exact point (a dict
    of exact strings), by one scalar interval evaluation of the body? (An evaluation that
    raises: perhaps undefined there, which certification decides.)"""
    values = [Interval.point(to_fraction(point[v.name])) for v in claim.variables]
    try:
        relation = claim.evaluate(values)
        return any(_decide.interval_status(leaf, _decide.leaf_enclosure(_prove.pick_leaf(relation, i), values[0]))
                   == _decide.FAILS for i, leaf in parts.items())
    except Exception:  # noqa: BLE001
        return True


def _refute_at_corners(claim, leaves, proved, deadline):
    """A certified counterexample at the centre of the box, one of its corners (at most
    :data:`CORNERS` of them) or the centre of a sub-box of the first bisection levels (at most
    :data:`CENTRES`: where a plain bisection looks first; one scalar evaluation each, so a claim
    false there is refuted before the batch grid's tables are built), or None."""
    lo, hi = _prove.domain_box(claim)
    parts = {i: leaf for i, leaf in enumerate(leaves) if i not in proved}

    def points():  # (made as they are tried: the centre alone refutes many claims)
        yield lo / 2 + hi / 2
        if 2 ** claim.dimension <= CORNERS:
            yield from (np.array(c) for c in product(*zip(lo, hi)))
        if len(leaves) <= MAX_PARTS:  # (a body of many parts is left to the normal pipeline, as below)
            yield from _sub_box_centres(lo, hi, CENTRES)

    for xs in points():
        if work.past(deadline):
            return None
        point = _certify.exact_point_from_floats(claim, [float(x) for x in xs])
        if _fails_at(claim, parts, point):
            cert = _certify.certify(claim, point, deadline=deadline)
            if cert is not None:
                return cert
    return None


def _sub_box_centres(lo, hi, cap):
    """Centres of the 2^d sub-boxes of the box halved in every coordinate, then of the 4^d
    quarters, ..., in a fixed order, ``cap`` at most."""
    out, level = [], 1
    while len(out) < cap and 2 ** (level * len(lo)) <= 64 * cap:
        n = 2 ** level
        for idx in product(range(n), repeat=len(lo)):
            if len(out) >= cap:
                break
            out.append(np.array([a + (2 * k + 1) * (b - a) / (2 * n) for a, b, k in zip(lo, hi, idx)]))
        level += 1
    return out


def _refute_by_contraction(claim, leaf_index, leaf, deadline):
    """A certified counterexample found by a small contraction paver: each box is contracted
    onto {margin <= 0} (theorycheck.contract), its centre is evaluated with intervals and, where
    the part certainly fails there, certified at the exact point; else the contracted box is
    bisected (at most :data:`PAVER_BOXES` boxes, widest side first). None when nothing is found."""
    from collections import deque

    from .contract import INF, Contractor

    k = Contractor.of(claim, leaf_index)
    if k is None:
        return None
    target = Interval(-INF, 0)
    queue = deque([box_values(claim)])
    seen = 0
    while queue and seen < PAVER_BOXES and not work.past(deadline):
        seen += 1
        box = k.contract(queue.popleft(), target)
        if box is None:
            continue
        centre = []
        for iv in box:
            a, b = iv.float_bounds()
            c = a / 2 + b / 2
            centre.append(c if math.isfinite(c) else (a if math.isfinite(a) else b))
        point = _certify.exact_point_from_floats(claim, centre)
        if _fails_at(claim, {leaf_index: leaf}, point):
            cert = _certify.certify(claim, point, deadline=deadline)
            if cert is not None:
                return cert
        widths = [iv.float_bounds()[1] - iv.float_bounds()[0] for iv in box]
        j = max(range(len(box)), key=lambda t: widths[t])
        if not widths[j] > 0 or not math.isfinite(centre[j]):
            continue
        lo, hi = box[j].float_bounds()
        mid = centre[j]
        if not lo < mid < hi:
            continue
        for part in ((lo, mid), (mid, hi)):
            sub = list(box)
            sub[j] = Interval(*part)
            queue.append(sub)
    return None


class _Confirm:
    """The prover's ``confirm``: certify a point of a box where the part certainly fails."""

    def __init__(self, claim, deadline):
        self.claim, self.deadline, self.cert = claim, deadline, None

    def __call__(self, xs) -> bool:
        if self.cert is None:
            self.cert = _certify.certify(self.claim, _certify.exact_point_from_floats(self.claim, xs),
                                         deadline=self.deadline)
        return self.cert is not None


def try_fast(claim, budget: float):
    """The fast path (see the module docstring): ``(FastResult or None, work units used)``,
    None when it decided nothing. The body's evaluation on the whole box also gives the
    shape of the relation (its parts, their relations): a calc chain (its steps are claims of
    their own, each with its own fast path) or a body that cannot be evaluated on the box is
    left to the normal pipeline."""
    if not claim.dimension:
        return None, 0.0
    units = min(FAST_UNITS, 0.1 * budget)
    token = NOT_HERE.set(True)
    try:
        with own_meter(units) as m:
            return _try_fast(claim, units, m)
    except IntegralNotHere:  # not an easy claim: the normal pipeline, as before the fast path
        return None, 0.0
    finally:
        NOT_HERE.reset(token)


def _try_fast(claim, units, m):
    """:func:`try_fast` inside its own meter, integrals refused (see there)."""
    ProofTimeout, _prove_leaf = _prove.ProofTimeout, _prove._prove_leaf
    try:
        values = box_values(claim)
        relation = claim.evaluate(values)
        if isinstance(relation, Chain):
            return None, m.used
        leaves = relation.leaves()
        if not eligible(claim, leaves):
            return None, m.used
        proved = {}

        def bisect(max_boxes):
            """Each part not yet proved, by plain interval bisection of at most
            ``max_boxes`` boxes (0: the whole box only); a refutation or None."""
            for i, leaf in enumerate(leaves):
                if i in proved:
                    continue
                if work.past(units):
                    return None
                confirm = _Confirm(claim, units)
                pr = _prove_leaf(claim, i, units, max_boxes=max_boxes, refine=False, confirm=confirm)
                if confirm.cert is not None:
                    return FastResult("refuted", m.used, cert=confirm.cert,
                                      how="fast path: interval bisection + certify")
                if pr.status == "proved":
                    proved[i] = pr
            return None

        def done():
            if len(proved) < len(leaves):
                return None
            parts = [(i, leaves[i], proved[i]) for i in range(len(leaves))]
            one = all(pr.boxes_decided == 1 for _, _, pr in parts)
            return FastResult("proved", m.used, parts=parts,
                              how="fast path: one enclosure of the whole box" if one else "fast path: interval bisection")

        # 1. one enclosure of every part over the whole box (one scalar Arb evaluation)
        proved.update(_whole_box(claim, relation, values))
        out = done()
        if out is not None or m.used > SLOW_BODY:
            # (a body whose one evaluation on the box costs more, an integral's cells, is
            # left to the normal pipeline after this first pass: the stages below evaluate
            # it dozens of times)
            return out, m.used
        # 2. a counterexample at the centre or a corner (scalar intervals), then on a grid of
        #    points (batch intervals), certified at an exact point
        cert = _refute_at_corners(claim, leaves, proved, units)
        if cert is not None:
            return FastResult("refuted", m.used, cert=cert, how="fast path: corners + certify"), m.used
        if len(leaves) > MAX_PARTS:
            # the stages below evaluate the whole body once per part: a claim of many parts
            # is left to the normal pipeline (which shares its budget among them)
            return None, m.used
        for i, leaf in enumerate(leaves):
            if work.past(units):
                return None, m.used
            if i not in proved:
                cert = _refute_on_grid(claim, i, leaf, units)
                if cert is not None:
                    return FastResult("refuted", m.used, cert=cert, how="fast path: interval grid + certify"), m.used
        # 3. a counterexample where contraction (HC4-revise) onto {margin <= 0} leads,
        #    certified at an exact point (a contractor that cut too much only loses it)
        for i, leaf in enumerate(leaves):
            if work.past(units):
                return None, m.used
            if i not in proved:
                cert = _refute_by_contraction(claim, i, leaf, units)
                if cert is not None:
                    return FastResult("refuted", m.used, cert=cert,
                                      how="fast path: contraction + certify"), m.used
        # 4. plain interval bisection, a few levels deep
        out = bisect(PROOF_BOXES) or done()
        return out, m.used
    except (ClaimEvaluationError, ProofTimeout, ArithmeticError, ValueError, TypeError):
        # a body the fast path cannot evaluate on boxes (points only, no batch kind...):
        # the normal pipeline decides it, and reports what it cannot do
        return None, m.used
