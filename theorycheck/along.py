"""Margins that vanish on a whole line (or hyperplane) through the box: the sides touch along a
diagonal x_i = s x_j or a face x_i = c (issue 15).

Midpoint convexity ``f((x + y)/2) <= (f(x) + f(y))/2``, divergences between Bernoulli laws
compared on p = q (Pinsker, KL <= chi^2), subadditivity ``f(x + y) <= f(x) + f(y)`` (0 on x = 0
and y = 0): every box on the set has a margin enclosure reaching below 0, and branch and bound
never finishes. Across the set, Taylor's theorem decides them: with the margin (and, second
order, its derivative along the normal n) identically 0 on the set S,

    m(x) = sigma * D_n m(xi)   or   m(x) = sigma^2 / 2 * D_n^2 m(xi),

xi on the segment from x to its foot on S (the rule, its premises and the derived claim are in
:mod:`theorycheck.kernel.along`, which the kernel applies when it re-checks an ``along`` leaf).

Two uses, each checking its premises:

- *global*: the derived claim ``sign * D_n^k m >= 0`` on the hull H of the whole box and its feet
  goes through the ordinary prover (recursively: its own touching points, translations, a further
  set; at most :data:`MAX_DEPTH` levels), on a share of the work;
- *local*: inside branch and bound, a box near S whose derived claim's enclosure over its own
  hull is >= 0 is decided (:class:`LocalAlong`), so a claim whose derivative is of one sign only
  near the set (``npdf`` midpoint log-concavity) is decided box by box.

Candidate sets are found in floats (the margin ~0 at a few points of the set); nothing is taken
from floats: sympy shows the vanishing (a trusted step, cross-checked with intervals at exact
points of the set), and the derived claim is proved with intervals over H, so the margin is shown
defined and differentiable on all of H, also where H leaves the claim's box.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from . import work
from .claims import ClaimEvaluationError
from .kernel.along import Along, LineSet, cross_check, smooth_across

MAX_DEPTH = 2  # derived claims of derived claims, at most
PROBES = 4  # float points of a set where the margin must be ~0
MAX_DIM = 6  # pairs of coordinates, at most 15 (x 2 signs)
NEAR = 4.0  # local use: boxes within this many of their own widths of the set
SMALL = 1 / 8  # local use: boxes at most this share of the box proved, in every coordinate


def _exact_box(claim, exact_box=None):
    return [(Fraction(a), Fraction(b)) for a, b in (exact_box or [(v.lo, v.hi) for v in claim.variables])]


def _finite(box) -> bool:
    """Every end a finite float (10**5000 is not: no float probes, no float hull)."""
    try:
        return all(math.isfinite(float(a)) and math.isfinite(float(b)) for a, b in box)
    except OverflowError:
        return False


def _candidates(box):
    """Sets through the box: diagonals whose overlap has positive length, faces of the box, and
    the planes x_i = 0 inside it."""
    n = len(box)
    out = []
    for i in range(n):
        for j in range(i + 1, n):
            for s in (1, -1):
                lo_j, hi_j = sorted((s * box[j][0], s * box[j][1]))
                if max(box[i][0], lo_j) < min(box[i][1], hi_j):
                    out.append(LineSet("diagonal", i, j, s))
    for i in range(n):
        lo, hi = box[i]
        if lo < hi:
            out.append(LineSet("face", i, at=lo))
            out.append(LineSet("face", i, at=hi))
            if lo < 0 < hi:
                out.append(LineSet("face", i, at=Fraction(0)))
    return out


def _points_on(ls: LineSet, box, rng, k):
    lo = np.array([float(a) for a, _ in box])
    hi = np.array([float(b) for _, b in box])
    out = []
    for _ in range(k):
        p = lo + rng.random(len(box)) * (hi - lo)
        if ls.kind == "face":
            p[ls.i] = float(ls.at)
        else:
            a = max(float(box[ls.i][0]), min(ls.s * lo[ls.j], ls.s * hi[ls.j]))
            b = min(float(box[ls.i][1]), max(ls.s * lo[ls.j], ls.s * hi[ls.j]))
            p[ls.i] = a + rng.random() * (b - a)
            p[ls.j] = ls.s * p[ls.i]
        out.append(p)
    return out


def find_sets(claim, leaf_index, half, exact_box=None, deadline=None):
    """[(LineSet, order)] on which the part's margin is shown to vanish (order 2: its derivative
    along the normal too), most useful first; float probes pick the candidates, sympy decides."""
    from .decide import leaf_enclosure
    from .prove import pick_leaf

    box = _exact_box(claim, exact_box)
    n = len(box)
    if n < 1 or n > MAX_DIM or getattr(claim, "along_depth", 0) >= MAX_DEPTH:
        return []
    if not _finite(box):
        return []
    try:
        structure = pick_leaf(claim.evaluate([float((a + b) / 2) for a, b in box]), leaf_index, half)
    except Exception:  # noqa: BLE001 - the body does not run at the centre in floats
        structure = None
    if structure is None or structure.strict or getattr(structure, "guarded", None) is not None:
        return []

    def fm(p):
        with np.errstate(all="ignore"):
            return float(leaf_enclosure(pick_leaf(claim.evaluate([float(x) for x in p]), leaf_index, half), 0.0))

    rng = np.random.default_rng(15)
    lo = np.array([float(a) for a, _ in box])
    hi = np.array([float(b) for _, b in box])
    try:
        scale = max([abs(fm(lo + rng.random(n) * (hi - lo))) for _ in range(2)] + [1.0])
    except Exception:  # noqa: BLE001
        return []
    found = []
    for ls in _candidates(box):
        if work.past(deadline):
            break
        pts = _points_on(ls, box, rng, PROBES)
        if not all(_small(fm, p, scale) for p in pts):  # (stops at the first point that is not)
            continue
        # first-order candidate only, or second order (the derivative along n ~0 on the set too)
        nv = np.array(ls.normal(n), dtype=float)
        width = float(np.max(hi - lo))
        h = 1e-5 * width
        try:
            slopes = [(fm(p + h * nv) - fm(p - h * nv)) / (2 * h) for p in pts]
        except Exception:  # noqa: BLE001
            slopes = [math.inf]
        orders = (2, 1) if all(abs(s) <= 1e-6 * scale / width for s in slopes) else (1,)
        region = ls.hull(box)
        for order in orders:
            try:
                why = _vanishes_limited(claim, leaf_index, half, ls, order, region, deadline)
            except Exception:  # noqa: BLE001 - sympy or the body failed: not shown
                why = "failed"
            if why is None:
                found.append((ls, order))
                break
    return found


# -- the symbolic premise (a trusted sympy step; the kernel cross-checks it with intervals) ----------

def _symbols(claim, region):
    import sympy

    out = []
    for v, (lo, hi) in zip(claim.variables, region):
        kw = {"real": True}
        if lo > 0:
            kw["positive"] = True
        elif lo >= 0:
            kw["nonnegative"] = True
        elif hi < 0:
            kw["negative"] = True
        elif hi <= 0:
            kw["nonpositive"] = True
        out.append(sympy.Symbol(v.name, **kw))
    return out


MAX_OPS = 400  # sympy's vanishing check: expressions larger than this are not tried


def _is_zero(expr, budget=None) -> bool:
    """sympy rewrites ``expr`` to exactly 0 (expansion, logs expanded only where sympy knows their
    arguments positive -- the symbols carry the signs of the region --, then exp-form and
    cancellation); each stage charged to ``budget`` first (theorycheck.symbolic.SymbolicBudget)
    and refused when it does not fit. False proves nothing. No simplify: it may run for minutes."""
    import sympy

    if not isinstance(expr, sympy.Basic):
        return expr == 0
    if expr == 0:
        return True
    if budget is not None and not budget.afford("expand", expr):
        return False
    e = sympy.expand(sympy.expand_log(expr))
    if e == 0:
        return True
    if budget is not None and not budget.afford("expand", e):
        return False
    return sympy.cancel(sympy.expand(e.rewrite(sympy.exp))) == 0


def vanishes_symbolically(claim, part, half, lineset, order, region, budget=None):
    """None when sympy shows the margin (and, order 2, its derivative along n) identically 0 on the
    set, x_i replaced by s x_j (or c) in the body's expression, the symbols' signs those of
    ``region``; else why not. Bodies with integrals (their sympy form is an unevaluated integral,
    which the rewritings would try to integrate) and expressions of more than :data:`MAX_OPS`
    operations are not tried."""
    import sympy

    from .expr import side_raw
    from .kernel.along import _pick

    syms = _symbols(claim, region)
    try:
        leaf = _pick(claim.evaluate(syms), part, half)
        expr = sympy.sympify(side_raw(leaf.big, syms[0]) - side_raw(leaf.small, syms[0]))
    except Exception as exc:  # noqa: BLE001 - no expression: not shown
        return f"the body has no sympy expression ({type(exc).__name__}: {exc})"
    if not isinstance(expr, sympy.Basic) or expr.has(sympy.Integral, sympy.Derivative, sympy.Subs):
        return "not tried: the margin's sympy form holds an integral or a derivative"
    if sympy.count_ops(expr) > MAX_OPS:
        return f"not tried: the margin has more than {MAX_OPS} operations"
    n = lineset.normal(len(syms))
    target = syms[lineset.i]
    repl = sympy.Rational(lineset.at.numerator, lineset.at.denominator) if lineset.kind == "face" \
        else lineset.s * syms[lineset.j]
    e = expr
    for j in range(order):
        if j:
            e = sum((c * sympy.diff(e, x) for c, x in zip(n, syms) if c), sympy.Integer(0))
        on = e.subs(target, repl)
        if on.has(sympy.Derivative, sympy.Subs, sympy.Integral) or not _is_zero(on, budget):
            return f"derivative {j} of the margin along {n} is not shown to be 0 on the set"
    return None


def vanishes(claim, part, half, lineset, order, region, budget=None):
    """The vanishing premise: sympy's identity and the kernel's interval cross-check."""
    return vanishes_symbolically(claim, part, half, lineset, order, region, budget) or \
        cross_check(claim, part, half, lineset, order, region)


def _small(fm, p, scale) -> bool:
    try:
        v = fm(p)
    except Exception:  # noqa: BLE001 - not evaluable on the set in floats: no candidate
        return False
    return math.isfinite(v) and abs(v) <= 1e-9 * scale


def _vanishes_limited(claim, leaf_index, half, ls, order, region, deadline):
    """:func:`vanishes` within the claim's work (sympy interrupted when the safety limit passes)."""
    from .symbolic import _time_limit, current_deadline

    units = 5.0 if deadline is None else min(5.0, deadline - work.clock())
    if units <= 0:
        return "no work left"
    with _time_limit(units, deadline=current_deadline()) as budget:
        why = vanishes_symbolically(claim, leaf_index, half, ls, order, region, budget)
    if why is None and work.past(deadline):
        # (the interval cross-check evaluates derivatives at a dozen points at 240 bits: it is
        # the stage's work too, and none is left)
        return "no work left for the interval cross-check"
    return why or cross_check(claim, leaf_index, half, ls, order, region)


def _sign_of(ls, box, order):
    """The sign the derived claim needs on ``box``: 1 for order 2; for order 1 the sign of sigma
    on the box (None where sigma takes both signs)."""
    if order == 2:
        return 1
    lo, hi = ls.sigma(box)
    if lo >= 0:
        return 1
    if hi <= 0:
        return -1
    return None


_SETS: dict = {}  # (claim id, part, half, box) -> [(LineSet, order)]: found once per part


def sets_for(claim, leaf_index, half, exact_box=None, deadline=None):
    """:func:`find_sets`, computed once per process and key, and *charged* at every call as if
    computed there: the work a proof counts must not depend on what the process did before it
    (the pieces of a split proof run in one process or in several, with the same verdict and
    evidence)."""
    # the work find_sets may use is in the key: it stops at the deadline, so a call with less (or
    # more) work allowed may find other sets, and must not be served another call's answer
    allowed = None if deadline is None or not math.isfinite(deadline) else round(deadline - work.clock(), 9)
    key = (id(claim), leaf_index, half, tuple(_exact_box(claim, exact_box)), allowed)
    if key not in _SETS:
        if len(_SETS) > 64:
            _SETS.clear()
        used = work.current().used
        sets = find_sets(claim, leaf_index, half, exact_box, deadline)
        _SETS[key] = (claim, sets, work.current().used - used)
    else:
        work.charge(_SETS[key][2])
    return _SETS[key][1]


def prove_along(claim, leaf_index, deadline, *, half=None, box=None, exact_box=None, progress=None, **_ignored):
    """A proof of the part through one set on the whole box (the global use), on a third of the
    work left at most; None when there is no set or no derived claim is proved."""
    from .prove import ProofResult, prove_leaf

    if box is not None and exact_box is None:
        return None
    whole = _exact_box(claim, exact_box)
    if all(lo == hi for lo, hi in whole):
        return None
    now = work.clock()
    # finding the sets (float probes, sympy) gets a third of the work left, as the proofs below
    probe_end = deadline if deadline is None or not math.isfinite(deadline) else now + (deadline - now) / 3
    try:
        sets = sets_for(claim, leaf_index, half, whole, probe_end)
    except (ClaimEvaluationError, ArithmeticError, ValueError, TypeError):
        return None
    tries = []
    for ls, order in sets:
        for k in ((1, 2) if order == 2 else (1,)):
            sign = _sign_of(ls, whole, k)
            if sign is not None:
                tries.append((ls, k, sign))
        if _sign_of(ls, whole, 1) is None and _takes_abs(claim, leaf_index, half, whole):
            tries.append((ls, "split", None))
    if not tries:
        return None
    whole_hulls = {}
    seen_true = False
    for ls, order, sign in tries:
        if order == "split" or len(whole) < 2:
            continue  # (one variable: the set is a point, where the Taylor forms of high order are the tool)
        try:
            hull = whole_hulls.setdefault(ls, ls.hull(whole))
            seen_true |= not _seen_negative(Along(claim, leaf_index, half, ls, order, sign, hull), hull,
                                            deadline=deadline)
        except (ClaimEvaluationError, ArithmeticError, ValueError, TypeError):
            continue
    now = work.clock()
    # a third of the work left; two thirds when abs has a kink on a set that cuts the box (branch
    # and bound cannot close the boxes across a kink: the split is the one way through), or when a
    # derived claim is seen to hold at the float points of its hull, in two variables or more
    # (branch and bound closes boxes on a line only through the local use, box by box: the global
    # route is the likely one)
    portion = 2 / 3 if seen_true or any(order == "split" for _, order, _ in tries) else 1 / 3
    end = deadline if deadline is None or not math.isfinite(deadline) else now + (deadline - now) * portion
    for n, (ls, order, sign) in enumerate(tries):
        now = work.clock()
        if work.past(end):
            break
        share = end if end is None or not math.isfinite(end) else now + (end - now) / (len(tries) - n)
        hull = ls.hull(whole)
        if order == "split":
            out = _prove_split(claim, leaf_index, half, ls, whole, hull, share, progress)
            if out is not None:
                out.along_split["exact_box"] = whole if exact_box is not None else None
                return out
            continue
        derived = Along(claim, leaf_index, half, ls, order, sign, hull)
        try:
            if smooth_across(claim, leaf_index, half, ls, order, hull) is not None:
                continue  # (order 2) a kink of abs/min/max in the hull: D_n m may jump there
            if _seen_negative(derived, hull, deadline=share):
                continue  # the derived claim fails in floats somewhere: the local use only
            if progress:
                progress(f"part {leaf_index + 1}: 0 on {ls.to_json()}: proving the derivative of order {order} "
                         f"across it (sign {sign}) on the hull")
            sub = prove_leaf(derived, 0, share, progress=progress)
        except (ClaimEvaluationError, ArithmeticError, ValueError, TypeError):
            continue
        if sub.status != "proved":
            continue
        out = ProofResult(status="proved", boxes_decided=sub.boxes_decided, max_depth=sub.max_depth,
                          methods=dict(sub.methods), worst_bound=sub.worst_bound)
        out.methods["along a set"] = out.methods.get("along a set", 0) + 1
        out.along = {"set": ls, "order": order, "sign": sign, "claim": derived, "result": sub,
                     "exact_box": whole if exact_box is not None else None}
        return out
    return None


def _takes_abs(claim, leaf_index, half, box) -> bool:
    from .transforms import _shape

    if getattr(claim, "transformed", False):
        return False
    try:
        return _shape(claim, leaf_index, half, box)[1] > 0
    except Exception:  # noqa: BLE001
        return False


def _branch_signs(claim, leaf_index, half, ls, box, side):
    """The signs of the body's abs arguments just on the ``side`` (1: sigma > 0) of the set, at
    the box's centre moved to the set and off it along n (a guess; the derived claims check it)."""
    from .enclose.interval import Interval
    from .kernel.transforms import traced
    from .prove import pick_leaf

    centre = [(lo + hi) / 2 for lo, hi in box]
    sigma = (centre[ls.i] - ls.at) if ls.kind == "face" else (centre[ls.i] - ls.s * centre[ls.j]) / 2
    n = ls.normal(len(box))
    step = side * max(hi - lo for lo, hi in box) / 1024
    point = [c - sigma * k + step * k for c, k in zip(centre, n)]
    rel, tracer = traced(claim.evaluate, [Interval.point(x) for x in point])
    pick_leaf(rel, leaf_index, half)
    signs = []
    for u in tracer.args:
        u = u.raw
        if not isinstance(u, Interval) or u.lo <= 0 <= u.hi:
            return None
        signs.append(1 if u.lo > 0 else -1)
    return tuple(signs) or None


def _prove_split(claim, leaf_index, half, ls, whole, hull, deadline, progress):
    """A set that cuts the box, with abs in the body (Lipschitz bounds |f(x) - f(y)| <= L|x - y|):
    on each side h of the set every abs is taken by its branch there, and every part of that
    transformed claim (the relation, and each branch's sign ``s u >= 0``) is 0 on the set and
    proved by the first-order rule with sign h (:class:`theorycheck.kernel.along.Along` on
    :class:`theorycheck.kernel.transforms.Squared`). At x on side h each sign part holds, so the
    branches are the abs' values at x and the part of the claim is the transformed one."""
    from .kernel.transforms import Squared, ops_of
    from .prove import ProofResult, prove_leaf

    halves = []
    for n_side, side in enumerate((1, -1)):
        try:
            signs = _branch_signs(claim, leaf_index, half, ls, whole, side)
        except (ClaimEvaluationError, ArithmeticError, ValueError, TypeError):
            return None
        if signs is None:
            return None
        squared = Squared(claim, leaf_index, half, None, signs)
        ops = ops_of(None, False, signs)
        results = []
        for j in range(len(ops)):
            now = work.clock()
            left = 2 * len(ops) - n_side * len(ops) - j
            # twice the even share (capped): the first parts, which touch, may borrow from the sign
            # parts after them, which are mostly one interval box
            share = deadline if deadline is None or not math.isfinite(deadline) else \
                min(deadline, now + 2 * (deadline - now) / left)
            try:
                if _vanishes_limited(squared, j, None, ls, 1, hull, deadline) is not None:
                    return None
                derived = Along(squared, j, None, ls, 1, side, hull)
                if _seen_negative(derived, hull):
                    return None
                if progress:
                    progress(f"part {leaf_index + 1}: 0 on {ls.to_json()}, abs by its branches {list(signs)} on the "
                             f"side {side}: part {j + 1} of {len(ops)} across it")
                sub = prove_leaf(derived, 0, share, progress=progress)
            except (ClaimEvaluationError, ArithmeticError, ValueError, TypeError, TimeoutError):
                return None
            if sub.status != "proved":
                return None
            results.append((derived, sub))
        halves.append({"sign": side, "signs": signs, "results": results})
    subs = [sub for h in halves for _, sub in h["results"]]
    out = ProofResult(status="proved", boxes_decided=sum(r.boxes_decided for r in subs),
                      max_depth=max(r.max_depth for r in subs))
    for r in subs:
        for name, k in r.methods.items():
            out.methods[name] = out.methods.get(name, 0) + k
    out.methods["along a set, abs by branches"] = 1
    out.along_split = {"set": ls, "halves": halves}
    return out


def _seen_negative(derived, hull, k=13, deadline=None) -> bool:
    """Is the derived claim seen to fail (or not evaluable) in floats at one of ``k`` points of the
    hull? Only spares the work of a proof that cannot succeed; it decides nothing. Past
    ``deadline`` (a work reading) it answers True: no work is left for a proof anyway."""
    from .decide import leaf_enclosure

    lo = np.array([float(a) for a, _ in hull])
    hi = np.array([float(b) for _, b in hull])
    rng = np.random.default_rng(7)
    pts = [lo, hi, lo / 2 + hi / 2] + [lo + rng.random(len(lo)) * (hi - lo) for _ in range(k)]
    for p in pts:
        if work.past(deadline):
            return True
        try:
            with np.errstate(all="ignore"):
                v = float(leaf_enclosure(derived.evaluate([float(x) for x in p]).leaves()[0], 0.0))
        except Exception:  # noqa: BLE001 - not evaluable there in floats
            return True
        if not v >= -1e-9:  # (rounding at a touching point is no failure)
            return True
    return False


class LocalAlong:
    """The local use inside branch and bound: boxes near a set whose derived claim's enclosure over
    the box's own hull is >= 0 (one batch evaluation per set and order)."""

    def __init__(self, claim, leaf_index, half, lo0, hi0, deadline=None):
        from .prove import BatchEvaluator

        self.tries = []
        if not (np.all(np.isfinite(lo0)) and np.all(np.isfinite(hi0))):
            return  # a bound beyond the float range: no hull to evaluate on
        box = [(Fraction(float(a)), Fraction(float(b))) for a, b in zip(lo0, hi0)]
        with np.errstate(all="ignore"):
            scale = np.asarray(hi0, dtype=float) - np.asarray(lo0, dtype=float)
        self.scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
        try:
            # (the float box: it holds the claim's box, and a reduced box may reach beyond that)
            sets = sets_for(claim, leaf_index, half, box, deadline)
        except (ClaimEvaluationError, ArithmeticError, ValueError, TypeError):
            sets = []
        for ls, order in sets:
            hull = ls.hull(box)
            for k in ((1, 2) if order == 2 else (1,)):
                for sign in ((1, -1) if k == 1 else (1,)):
                    derived = Along(claim, leaf_index, half, ls, k, sign, hull)
                    ev = BatchEvaluator(derived, 0)
                    # the hull of a sub-box lies in the exact hull, which the evaluator's outward
                    # float box holds: clipping a sub-box's float hull to it loses no point
                    self.tries.append((ls, k, sign, ev, ev.box_lo, ev.box_hi))

    def on_a_set(self, point) -> bool:
        """Does the float point lie on one of the sets (to a relative 1e-9 of the box)? Only a
        choice of where other forms are not worth trying; it decides nothing."""
        p = np.asarray(point, dtype=float)
        for ls, *_ in self.tries:
            if ls.kind == "face":
                gap = abs(p[ls.i] - float(ls.at)) / self.scale[ls.i]
            else:
                gap = abs(p[ls.i] - ls.s * p[ls.j]) / max(self.scale[ls.i], self.scale[ls.j])
            if gap <= 1e-9:
                return True
        return False

    def decide(self, lo, hi, deadline):
        """(mask of decided boxes, [(LineSet, order, sign, centre)] per box: centre None where the
        derived claim's natural enclosure over the hull decided, else the mean-value form's)."""
        from .decide import HOLDS
        from .prove import ProofTimeout, _status_from_bounds, leaf_structure

        decided = np.zeros(len(lo), dtype=bool)
        how = [None] * len(lo)
        for ls, order, sign, ev, hlo0, hhi0 in self.tries:
            open_ = ~decided
            if not np.any(open_):
                break
            a = lo[open_]
            b = hi[open_]
            slo, shi = _sigma_float(ls, a, b)
            width = np.max(b - a, axis=1)
            near = (slo <= NEAR * width) & (shi >= -NEAR * width)
            # boxes that bisection has made small (the first rounds' wide boxes rarely close here)
            near &= np.max((b - a) / self.scale, axis=1) <= SMALL
            if order == 1:
                near &= (slo >= 0) if sign == 1 else (shi <= 0)
            if not np.any(near):
                continue
            hlo, hhi = _hull_float(ls, a[near], b[near])
            hlo = np.clip(hlo, hlo0, hhi0)
            hhi = np.clip(hhi, hlo0, hhi0)
            ev.deadline = deadline
            try:
                leaf = leaf_structure(ev.claim, 0)
                dlo, dhi, dok = ev.enclose(hlo, hhi)
                st, _ = _status_from_bounds(leaf, dlo, dhi, dok)
                st, centres = _mean_value_too(ev, leaf, st, dlo, dhi, dok, hlo, hhi)
            except (ClaimEvaluationError, ValueError, TypeError):
                continue
            except ProofTimeout:
                break
            rows = np.flatnonzero(open_)[np.flatnonzero(near)]
            for r, ok, c in zip(rows, st == HOLDS, centres):
                if ok:
                    decided[r] = True
                    how[r] = (ls, order, sign, c)
        return decided, how


def _mean_value_too(ev, leaf, st, dlo, dhi, dok, hlo, hhi):
    """Where the natural enclosure of the derived claim over a hull does not decide, its mean-value
    form around the hull's centre (the prover's own, :func:`theorycheck.prove._mean_value`): the
    derivative of the derived claim over the hull must be defined, and so must its value there."""
    from .decide import HOLDS
    from .prove import _centres, _mean_value, _smooth, _status_from_bounds

    centres = [None] * len(st)  # where the mean-value form decided: its centre (for the certificate)
    open_ = (st != HOLDS) & dok
    if not np.any(open_):
        return st, centres
    a, b = hlo[open_], hhi[open_]
    _, _, vok, glo, ghi, gok = ev.enclose_with_gradient(a, b)
    c = _centres(a, b)
    clo, chi, cok = ev.enclose(c, c)
    good = _smooth(vok, gok) & cok & ~(np.isnan(clo) | np.isnan(chi))
    mlo, mhi = _mean_value(np.where(good, clo, -np.inf), np.where(good, chi, np.inf), glo, ghi, a, b, c)
    st2, _ = _status_from_bounds(leaf, np.maximum(mlo, dlo[open_]), np.minimum(mhi, dhi[open_]), good)
    out = st.copy()
    for r, k in zip(np.flatnonzero(open_), range(len(st2))):
        if st2[k] == HOLDS:
            out[r] = HOLDS
            centres[r] = c[k]
    return out, centres


def _sigma_float(ls, lo, hi):
    """Float bounds (outward by one ulp-ish margin) of sigma over each box."""
    if ls.kind == "face":
        a, b = lo[:, ls.i] - float(ls.at), hi[:, ls.i] - float(ls.at)
    else:
        xj_lo = np.where(ls.s == 1, lo[:, ls.j], -hi[:, ls.j])
        xj_hi = np.where(ls.s == 1, hi[:, ls.j], -lo[:, ls.j])
        a, b = (lo[:, ls.i] - xj_hi) / 2, (hi[:, ls.i] - xj_lo) / 2
    # only a filter (the kernel and the certificate use the exact sigma); keep the sign honest
    return np.nextafter(a, -np.inf), np.nextafter(b, np.inf)


def _hull_float(ls, lo, hi):
    """The hull of each box and its feet, rounded outward (floats)."""
    hlo, hhi = lo.copy(), hi.copy()
    if ls.kind == "face":
        hlo[:, ls.i] = np.minimum(hlo[:, ls.i], float(ls.at))
        hhi[:, ls.i] = np.maximum(hhi[:, ls.i], float(ls.at))
        return hlo, hhi
    s = ls.s
    with np.errstate(all="ignore"):
        sj_lo = np.where(s == 1, lo[:, ls.j], -hi[:, ls.j])
        sj_hi = np.where(s == 1, hi[:, ls.j], -lo[:, ls.j])
        fi_lo = np.nextafter((lo[:, ls.i] + sj_lo) / 2, -np.inf)  # foot_i = (x_i + s x_j)/2
        fi_hi = np.nextafter((hi[:, ls.i] + sj_hi) / 2, np.inf)
        # foot_j = s * foot_i
        fj_lo = fi_lo if s == 1 else -fi_hi
        fj_hi = fi_hi if s == 1 else -fi_lo
    hlo[:, ls.i] = np.minimum(hlo[:, ls.i], fi_lo)
    hhi[:, ls.i] = np.maximum(hhi[:, ls.i], fi_hi)
    hlo[:, ls.j] = np.minimum(hlo[:, ls.j], fj_lo)
    hhi[:, ls.j] = np.maximum(hhi[:, ls.j], fj_hi)
    return hlo, hhi
