"""The leaf methods: each recomputes its own enclosures from the claim's body (data are hints).

Every enclosure is made with scalar :class:`Interval` arithmetic from exact rational boxes (a flat
coordinate is ``Interval.point``), at each precision of a short ladder until the leaf is shown;
an exception of the body or of the function layer only means "not shown at this precision".
"""

from __future__ import annotations

from fractions import Fraction
from math import factorial

from theorycheck.claims import ClaimEvaluationError
from theorycheck.enclose.dual import Dual, seed_variables
from theorycheck.enclose.interval import Interval, working_precision
from theorycheck.expr import Relation, side_raw
from theorycheck.integral import LOOSE

from ._base import Reject, fmt, need, parse_box, rational
from .tiling import check_tiling

LADDER = (53, 113, 240)
POINT_LADDER = (53, 113, 240, 1000)


def values_of(box) -> list:
    """Interval values of an exact box (built at the current precision)."""
    return [Interval.point(lo) if lo == hi else Interval(lo, hi) for lo, hi in box]


def as_interval(x) -> Interval:
    if isinstance(x, Interval):
        return x
    if isinstance(x, (int, Fraction)) and not isinstance(x, bool):
        return Interval.point(x)
    raise ValueError(f"expected an interval enclosure, got {type(x).__name__}")


def comp(v, tag, k):
    """The value (k None) or the k-th tangent of ``v`` in the perturbation ``tag``."""
    if isinstance(v, Dual):
        if v.tag == tag:
            return v.val if k is None else v.grad[k]
        if v.tag > tag:
            raise ValueError("the margin carries a perturbation the kernel did not seed")
    return v if k is None else 0


def nested(values, levels):
    """The variables seeded ``levels`` times (outer tags newer) and the tags, inner first."""
    tags = []
    for _ in range(levels):
        values = seed_variables(values)
        tags.append(values[0].tag)
    return values, tags


def deriv(m, tags, picks) -> Interval:
    """One component of a nest: ``picks`` (outermost level first) says None (value) or k."""
    for tag, k in zip(reversed(tags), picks):
        m = comp(m, tag, k)
    return as_interval(m)


class Leaves:
    """Checks the leaves of one claim; counts them and records the parts that use trusted steps."""

    def __init__(self, claim, ops):
        self.claim, self.ops, self.n = claim, ops, len(claim.variables)
        self.count = 0
        self.trusted: set = set()  # parts that use a trusted sympy step
        self.must_list: set = set()  # parts whose trusted step symbolic_steps must list

    # -- the margin -----------------------------------------------------------------------
    def relation(self, values, part, half=None):
        rel = self.claim.evaluate(values)
        ops = [leaf.op for leaf in rel.leaves()]
        if ops != self.ops:
            raise ValueError(f"the body's parts differ here ({ops} instead of {self.ops})")
        p = rel.leaves()[part]
        return Relation(p.lhs, "<=" if half == "le" else ">=", p.rhs) if half else p

    def margin(self, values, target):
        p = self.relation(values, *target)
        like = values[0] if values else Interval.point(0)
        return side_raw(p.big, like) - side_raw(p.small, like)

    def holds(self, enclosure, target, what="margin enclosure"):
        """None when the enclosure shows the target's relation, else why not."""
        iv = as_interval(enclosure)
        strict = self.relation_op(target) in ("<", ">")
        if not iv.defined:
            return f"{what} {iv} is not defined on the whole box"
        if not (iv.lo > 0 if strict else iv.lo >= 0):
            return f"{what} {iv} does not show it"
        return None

    def relation_op(self, target):
        part, half = target
        return {"le": "<=", "ge": ">="}[half] if half else self.ops[part]

    # -- one leaf -------------------------------------------------------------------------
    def check(self, target, leaf, box, where):
        """Check one LEAF dict whose box has been parsed (and tiled) as ``box``."""
        self.count += 1
        need(isinstance(leaf, dict), f"{where}: a leaf must be a JSON object")
        by = leaf.get("by")
        method = _METHODS.get(by)
        need(method is not None and (by == "defined") == (target[1] == "defined"),
             f"{where}: method {by!r} is not allowed here")
        where = f"{where} ({by}) on {fmt(box)}"
        ladder = POINT_LADDER if by == "point" else LADDER
        why = "not shown"
        for bits in ladder:
            with working_precision(bits):
                try:
                    why = method(self, target, leaf, box, bits, where)
                except Reject:
                    raise
                except Exception as exc:  # not shown at this precision; never an acceptance
                    why = f"evaluating it raised {type(exc).__name__}: {_cause(exc)}"
            if why is None:
                break
        if why is not None:
            raise Reject(f"{where}: {why}")
        if by == "monotone":
            self.faces(target, leaf, box, where)

    def tiling(self, target, leaves, box, where):
        need(isinstance(leaves, list), f"{where}: the leaves must be a list")
        boxes = [parse_box(leaf.get("box") if isinstance(leaf, dict) else None, self.n, f"{where}: leaf {i}")
                 for i, leaf in enumerate(leaves)]
        check_tiling(box, boxes, where)
        for i, (leaf, b) in enumerate(zip(leaves, boxes)):
            self.check(target, leaf, b, f"{where}: leaf {i}")

    # -- methods: each returns None (shown) or why not ---------------------------------------
    def interval(self, target, leaf, box, bits, where):
        return self.holds(self.margin(values_of(box), target), target)

    def point(self, target, leaf, box, bits, where):
        need(all(lo == hi for lo, hi in box), f"{where}: a point leaf needs a point box")
        m = as_interval(self.margin(values_of(box), target))
        if leaf.get("exact_zero") is True:
            need(self.relation_op(target) in ("<=", ">="), f"{where}: exact_zero for a strict relation")
            self.trusted.add(target[0])
            self.must_list.add(target[0])
            return None if m.defined and m.contains(0) else f"margin enclosure {m} is not a defined enclosure of 0"
        return self.holds(m, target)

    def defined(self, target, leaf, box, bits, where):
        token = LOOSE.set(True)
        try:
            values = values_of(box)
            p = self.relation(values, target[0])
            like = values[0] if values else Interval.point(0)
            for name, side in (("lhs", p.lhs), ("rhs", p.rhs)):
                iv = as_interval(side_raw(side, like))
                if not iv.defined:
                    return f"the {name} enclosure {iv} is not defined on the whole box"
            return None
        finally:
            LOOSE.reset(token)

    def monotone(self, target, leaf, box, bits, where):
        faces = leaf.get("faces")
        need(isinstance(faces, list) and faces, f"{where}: 'faces' must be a non-empty list of [k, 'lo'|'hi']")
        seen = set()
        for f in faces:
            ok = isinstance(f, list) and len(f) == 2 and type(f[0]) is int and 0 <= f[0] < self.n \
                and f[1] in ("lo", "hi") and f[0] not in seen
            need(ok, f"{where}: bad face {f!r} (k a variable index 0..{self.n - 1}, listed once; 'lo' or 'hi')")
            need(box[f[0]][0] < box[f[0]][1], f"{where}: face coordinate {f[0]} is flat in the box")
            seen.add(f[0])
        duals = seed_variables(values_of(box))
        m = self.margin(duals, target)
        tag = duals[0].tag
        val = as_interval(comp(m, tag, None))
        if not val.defined:
            return f"margin enclosure {val} is not defined on the whole box"
        for k, end in faces:
            g = as_interval(comp(m, tag, k))
            sign_ok = g.lo >= 0 if end == "lo" else g.hi <= 0
            if not (g.defined and sign_ok):
                return (f"d margin/d x_{k} enclosure {g} {'is not defined' if not g.defined else 'has the wrong sign'}"
                        f" for the face x_{k} = {end}")
        return None

    def faces(self, target, leaf, box, where):
        face = list(box)
        for k, end in leaf["faces"]:
            v = box[k][0] if end == "lo" else box[k][1]
            face[k] = (v, v)
        self.tiling(target, leaf.get("face"), tuple(face), f"{where}: face")

    def centre(self, leaf, key, where, inside=None):
        raw = leaf.get(key)
        need(isinstance(raw, list) and len(raw) == self.n, f"{where}: {key!r} must list {self.n} rationals")
        c = [rational(x, f"{where}: {key}") for x in raw]
        if inside is not None:
            for k, (ck, (lo, hi)) in enumerate(zip(c, inside)):
                need(lo <= ck <= hi, f"{where}: the {key} coordinate {k} = {ck} lies outside the box [{lo}, {hi}]")
        return c

    def mean_value(self, target, leaf, box, bits, where):
        c = self.centre(leaf, "centre", where, box)
        mc = as_interval(self.margin(values_of([(x, x) for x in c]), target))
        if not mc.defined:
            return f"the margin at the centre {mc} is not defined"
        duals = seed_variables(values_of(box))
        m, tag = self.margin(duals, target), duals[0].tag
        parts = [as_interval(comp(m, tag, k)) for k in [None, *range(self.n)]]
        if not all(p.defined for p in parts):
            return "the value or the gradient over the box is not defined"
        d = _offsets(box, c)
        form = mc
        for g, dk in zip(parts[1:], d):
            form = form + g * dk
        return self.holds(form, target, "mean-value form")

    def second_order(self, target, leaf, box, bits, where):
        c = self.centre(leaf, "centre", where, box)
        duals = seed_variables(values_of([(x, x) for x in c]))
        m, tag = self.margin(duals, target), (duals[0].tag if duals else 0)
        jets = [as_interval(comp(m, tag, k)) for k in [None, *range(self.n)]]
        if not all(j.defined for j in jets):
            return "the value or the gradient at the centre is not defined"
        hess = self.hessian(box, target)
        if isinstance(hess, str):
            return hess
        return self.holds(self.quadratic(jets, hess, _offsets(box, c)), target, "second-order form")

    def hessian(self, box, target):
        """The Hessian over the box (two nested seedings), or why it is not defined there."""
        values, tags = nested(values_of(box), 2)
        m = self.margin(values, target)
        comps = [deriv(m, tags, [None, None])] + [deriv(m, tags, [None, k]) for k in range(self.n)]
        hess = [[deriv(m, tags, [k, l]) for l in range(self.n)] for k in range(self.n)]
        if not all(x.defined for x in comps + [h for row in hess for h in row]):
            return f"the value, gradient or Hessian over {fmt(box)} is not defined"
        return hess

    def quadratic(self, jets, hess, d):
        form = jets[0]
        for g, dk in zip(jets[1:], d):
            form = form + g * dk
        acc = Interval.point(0)
        for k in range(self.n):
            acc = acc + hess[k][k] * d[k] ** 2
            for l in range(k + 1, self.n):
                acc = acc + (hess[k][l] + hess[l][k]) * (d[k] * d[l])
        return form + acc * Fraction(1, 2)

    def taylor(self, target, leaf, box, bits, where):
        p = self.centre(leaf, "anchor", where)
        order, zeros = leaf.get("order"), leaf.get("zeros", [])
        one = self.n == 1
        need(type(order) is int and (2 <= order <= 5 if one else order == 2),
             f"{where}: 'order' must be 2..5 for one variable, 2 for several, got {order!r}")
        need(self.n >= 1, f"{where}: a taylor leaf needs a variable")
        need(isinstance(zeros, list) and all(type(j) is int and 0 <= j < (order if one else self.n + 1)
                                             for j in zeros), f"{where}: bad 'zeros' {zeros!r}")
        if not as_interval(self.margin(values_of(box), target)).defined:
            return "the margin over the box is not defined"
        hull = [(min(lo, q), max(hi, q)) for (lo, hi), q in zip(box, p)]
        d = _offsets(box, p)
        levels = max(order - 1, 2) if one else 2
        with working_precision(max(bits, 113)):
            at_p, tags = nested(values_of([(q, q) for q in p]), levels)
            m = self.margin(at_p, target)
            if one:
                jets = [deriv(m, tags, [0] * j + [None] * (levels - j)) for j in range(order)]
                checks = jets
            else:
                jets = [deriv(m, tags, [None, None])] + [deriv(m, tags, [None, k]) for k in range(self.n)]
                checks = jets + [deriv(m, tags, [k, l]) for k in range(self.n) for l in range(self.n)]
        if not all(j.defined for j in checks):
            return f"the jets at the anchor {fmt([(q, q) for q in p])} are not defined (a kink there?)"
        if zeros:
            self.trusted.add(target[0])
        for j in zeros:
            if not jets[j].contains(0):
                return f"jet {j} at the anchor, said to be exactly 0, is enclosed by {jets[j]}"
            jets[j] = Interval.point(0)
        if not one:
            hess = self.hessian(tuple(hull), target)
            return hess if isinstance(hess, str) else self.holds(self.quadratic(jets, hess, d), target, "taylor form")
        values, tags = nested(values_of(hull), order)
        m = self.margin(values, target)
        top, base = deriv(m, tags, [0] * order), deriv(m, tags, [None] * order)
        if not (top.defined and base.defined):
            return f"f^({order}) or f over the hull {fmt(hull)} is not defined"
        form = Interval.point(0)
        for j, fj in enumerate(jets):
            form = form + fj * d[0] ** j * Fraction(1, factorial(j))
        form = form + top * d[0] ** order * Fraction(1, factorial(order))
        return self.holds(form, target, "taylor form")


def _offsets(box, c) -> list:
    return [iv - Interval.point(ck) for iv, ck in zip(values_of(box), c)]


def _cause(exc) -> str:
    while isinstance(exc, ClaimEvaluationError) and exc.__cause__ is not None:
        exc = exc.__cause__
    return str(exc)[:300]


_METHODS = {
    "interval": Leaves.interval, "point": Leaves.point, "defined": Leaves.defined, "monotone": Leaves.monotone,
    "mean-value": Leaves.mean_value, "second-order": Leaves.second_order, "taylor": Leaves.taylor,
}
