"""The leaf methods. Each recomputes its own enclosures from the claim's body (data are hints only),
with scalar :class:`Interval` arithmetic on exact rational boxes (a flat coordinate is
``Interval.point``), at each precision of a short ladder until the leaf is shown. An exception of
the body or of the function layer means only "not shown at this precision", never acceptance.
"""

from __future__ import annotations

from fractions import Fraction
from math import factorial

from theorycheck.claims import ClaimEvaluationError
from theorycheck.enclose.dual import Dual, seed_variables
from theorycheck.enclose.interval import Interval, working_precision
from theorycheck.expr import Relation, body_decorated, side_raw
from theorycheck.integral import LOOSE

from ._base import Reject, fmt, need, num, parse_box, rational, show
from .exact import arb_zero, at_point, derivative_at, on_set
from .tiling import check_tiling
from .transforms import RULES, Squared, ops_of

LADDER, POINT_LADDER = (53, 113, 240), (53, 113, 240, 1000, 4096)  # points: as far as the certifier goes
ZERO_BITS = 2000  # a coefficient or jet said to be exactly 0 must hold 0 at this precision too
MAX_BRANCHES = 64  # branch scripts of a series leaf's kinks (BranchScripts)


def values_of(box) -> list:
    return [Interval.point(lo) if lo == hi else Interval(lo, hi) for lo, hi in box]


def as_interval(x) -> Interval:
    if isinstance(x, (int, Fraction)) and not isinstance(x, bool):
        return Interval.point(x)
    if not isinstance(x, Interval):
        raise ValueError(f"expected an interval enclosure, got {type(x).__name__}")
    return x


def _comp(v, tag, k):
    """The value (k None) or the k-th tangent of ``v`` in the perturbation ``tag``."""
    if isinstance(v, Dual) and v.tag > tag:
        raise ValueError("the margin carries a perturbation the kernel did not seed")
    if isinstance(v, Dual) and v.tag == tag:
        return v.val if k is None else v.grad[k]
    return v if k is None else 0


class Leaves:
    """Checks the leaves of one claim; counts them and records the parts that use trusted steps.
    A target is (part, half): half None (the part's own inequality), "le"/"ge" (the halves of an
    identity) or "defined" (the defined tiling of a symbolic part)."""

    def __init__(self, claim, ops):
        self.claim, self.ops, self.n, self.count = claim, ops, len(claim.variables), 0
        self.trusted, self.must_list = set(), set()  # parts with a trusted step; those symbolic_steps must list
        self.z3_parts, self.z3_unchecked, self.z3_version = set(), 0, None  # z3 leaves (issue 15)
        self.rederived = set()  # (part, point, derivative) sympy re-derived as 0 for this claim (once each)

    def relation(self, values, part, half=None):
        leaves = self.claim.evaluate(values).leaves()
        if [leaf.op for leaf in leaves] != self.ops:
            raise ValueError(f"the body's parts differ here ({[leaf.op for leaf in leaves]}, not {self.ops})")
        p = leaves[part]
        if half not in ("le", "ge"):
            return p
        out = Relation(p.lhs, "<=" if half == "le" else ">=", p.rhs)
        out.decoration = p.decoration  # the body's other values (see expr.body_decorated)
        return out

    def margin(self, values, target):
        p, like = self.relation(values, *target), values[0] if values else Interval.point(0)
        return body_decorated(p, side_raw(p.big, like) - side_raw(p.small, like))

    def jets(self, box, levels, target):
        """d(*picks): a component of the margin over ``box`` seeded ``levels`` times (outer tags
        newer); picks, outermost level first, are None (value) or k (d/dx_k); missing ones None."""
        values, tags = values_of(box), []
        for _ in range(levels):
            values = seed_variables(values)
            tags.append(values[0].tag)
        m = self.margin(values, target)

        def d(*picks):
            v = m
            for tag, k in zip(reversed(tags), list(picks) + [None] * (levels - len(picks))):
                v = _comp(v, tag, k)
            return as_interval(v)
        return d

    def holds(self, x, target, what="margin enclosure"):
        """None when the enclosure ``x`` of the margin shows the target's relation, else why not."""
        x = as_interval(x)
        if not x.defined:
            return f"{what} {show(x)} is not defined on the whole box"
        strict = target[1] is None and self.ops[target[0]] in ("<", ">")
        return None if (x.lo > 0 if strict else x.lo >= 0) else f"{what} {show(x)} does not show it"

    def tiling(self, target, leaves, box, where):
        need(isinstance(leaves, list), f"{where}: the leaves must be a list")
        boxes = [parse_box(leaf.get("box") if isinstance(leaf, dict) else None, self.n, f"{where}: leaf {i}")
                 for i, leaf in enumerate(leaves)]
        check_tiling(box, boxes, where)
        for i, (leaf, b) in enumerate(zip(leaves, boxes)):
            self.check(target, leaf, b, f"{where}: leaf {i}")

    def check(self, target, leaf, box, where):
        self.count += 1
        by = leaf.get("by")
        if by == "transformed" and target[1] != "defined":
            return self.transformed(target, leaf, box, f"{where} (transformed) on {fmt(box)}")
        if by == "along" and target[1] != "defined":
            return self.along(target, leaf, box, f"{where} (along) on {fmt(box)}")
        if by == "along-split" and target[1] != "defined":
            return self.along_split(target, leaf, box, f"{where} (along-split) on {fmt(box)}")
        method = _METHODS.get(by)
        need(method is not None and (by == "defined") == (target[1] == "defined"), f"{where}: method {by!r} is not allowed here")
        where, why = f"{where} ({by}) on {fmt(box)}", "not shown"
        for bits in POINT_LADDER if by == "point" else LADDER:
            with working_precision(bits):
                try:
                    why = method(self, target, leaf, box, bits, where)
                except Reject:
                    raise
                except Exception as exc:  # noqa: BLE001 - not shown at this precision
                    while isinstance(exc, ClaimEvaluationError) and exc.__cause__ is not None:
                        exc = exc.__cause__
                    why = f"evaluating it raised {type(exc).__name__}: {str(exc)[:300]}"
            if why is None:
                break
        need(why is None, f"{where}: {why}")
        if by == "monotone":
            face = list(box)
            for k, end in leaf["faces"]:
                face[k] = (box[k][0],) * 2 if end == "lo" else (box[k][1],) * 2
            self.tiling(target, leaf.get("face"), tuple(face), f"{where}: face")
        if by == "translation":
            self.tiling(target, leaf.get("reduced"), _reduced(box, *self.shift(leaf, box, where)), f"{where}: reduced")

    def transformed(self, target, leaf, box, where):
        """A square root squared away and/or a branch of abs taken (:mod:`.transforms`): the
        transformed parts, which the kernel makes itself by re-running the body under the rule and
        the branch, are each tiled over the leaf's box."""
        rule, signs, parts = leaf.get("rule"), leaf.get("signs"), leaf.get("parts")
        need(rule in RULES or rule is None, f"{where}: 'rule' must be one of {RULES} or null, got {rule!r}")
        need(signs is None or (isinstance(signs, list) and signs and all(type(s) is int and s in (-1, 1) for s in signs)),
             f"{where}: 'signs' must be null or a non-empty list of -1 and 1, got {signs!r}")
        need(rule is not None or signs, f"{where}: a transformed leaf needs a rule or signs")
        ops = ops_of(rule, target[1] is None and self.ops[target[0]] in ("<", ">"), signs)
        need(isinstance(parts, list) and len(parts) == len(ops), f"{where}: 'parts' must list {len(ops)} tiling(s)")
        sub = Leaves(Squared(self.claim, target[0], target[1], rule, signs), ops)
        for j, tiles in enumerate(parts):
            sub.tiling((j, None), tiles, box, f"{where}: part {j}")
        self.count += sub.count
        if sub.trusted:
            self.trusted.add(target[0])
        if sub.must_list:
            self.must_list.add(target[0])
        self._z3_of(target, sub)

    def _z3_of(self, target, sub):
        """A sub-checker's z3 findings count for the part it checks: z3's unsat inside a derived
        or transformed claim is still z3's (in the trust), and a z3 leaf not re-run there is not
        re-checked (the message says so)."""
        if sub.z3_parts:
            self.z3_parts.add(target[0])
        self.z3_unchecked += sub.z3_unchecked
        self.z3_version = self.z3_version or sub.z3_version

    def along(self, target, leaf, box, where):
        """A margin that vanishes on a set through the box (:mod:`.along`): the kernel computes the
        hull H of the box and its feet on the set, checks sigma's sign on the box (order 1) and (order
        2) that the margin is continuously differentiable along the normal on H, re-derives the vanishing
        on the set with sympy (:func:`.exact.on_set`) after its own interval check at points of it, and
        checks the derived claim's tiling of H, on the derived claim it builds itself."""
        from .along import Along, LineSet, cross_check, exact_at_single_point, smooth_across

        order, sign = leaf.get("order"), leaf.get("sign")
        try:
            ls = LineSet.from_json(leaf.get("set"), self.n)
        except ValueError as exc:
            raise Reject(f"{where}: bad 'set': {exc}") from None
        need(type(order) is int and order in (1, 2) and type(sign) is int and sign in (-1, 1) and (order == 1 or sign == 1),
             f"{where}: 'order' must be 1 or 2 and 'sign' 1 or -1 (1 for order 2), got {order!r}, {sign!r}")
        need(target[1] is not None or self.ops[target[0]] in ("<=", ">="),
             f"{where}: a strict relation (the margin is 0 on the set)")
        if order == 1:
            lo, hi = ls.sigma(box)
            need(lo >= 0 if sign == 1 else hi <= 0,
                 f"{where}: sigma ranges over [{num(lo)}, {num(hi)}] on the box, not of the sign {sign}")
        hull = ls.hull(box)
        why = smooth_across(self.claim, target[0], target[1], ls, order, hull) or \
            cross_check(self.claim, target[0], target[1], ls, order, hull)
        need(why is None, f"{where}: {why}")
        if not exact_at_single_point(self.claim, target[0], target[1], ls, order, hull):
            on_set(self.claim, target[0], ls, order, hull, f"{where}: the vanishing on the set")  # sympy, re-run
            self.trusted.add(target[0])
            self.must_list.add(target[0])
        sub = Leaves(Along(self.claim, target[0], target[1], ls, order, sign, hull), [">="])
        sub.tiling((0, None), leaf.get("derivative"), tuple(hull), f"{where}: derivative over {fmt(hull)}")
        self.count += sub.count
        if sub.trusted:  # a sympy step inside the derived claim's proof (re-derived there)
            self.trusted.add(target[0])
        if sub.must_list:
            self.must_list.add(target[0])
        self._z3_of(target, sub)

    def along_split(self, target, leaf, box, where):
        """Both sides of a set, abs by its branches (:mod:`.along`, :mod:`.transforms`): for each side
        h = 1, -1 (sigma >= 0, <= 0) the kernel makes the transformed claim with the listed branches
        and checks each of its parts -- the relation and every branch's sign part -- by the
        first-order rule with sign h: 0 on the set (interval check; the identity re-derived) and the
        derived claim tiled over the hull. At a point on side h the sign parts hold, so the branches
        are the abs' values there and the part is the transformed one."""
        from .along import Along, LineSet, cross_check, exact_at_single_point

        try:
            ls = LineSet.from_json(leaf.get("set"), self.n)
        except ValueError as exc:
            raise Reject(f"{where}: bad 'set': {exc}") from None
        need(target[1] is not None or self.ops[target[0]] in ("<=", ">="),
             f"{where}: a strict relation (the margin is 0 on the set)")
        halves = leaf.get("halves")
        need(isinstance(halves, list) and sorted(h.get("sign") if isinstance(h, dict) else None for h in halves) == [-1, 1]
             and all(type(h["sign"]) is int for h in halves),
             f"{where}: 'halves' must list the sides sign 1 and sign -1, once each")
        hull, sympy_used = ls.hull(box), False
        for h in halves:
            signs = h.get("signs")
            need(isinstance(signs, list) and signs and all(type(x) is int and x in (-1, 1) for x in signs),
                 f"{where}: 'signs' must be a non-empty list of -1 and 1, got {signs!r}")
            ops = ops_of(None, False, signs)
            parts = h.get("parts")
            need(isinstance(parts, list) and len(parts) == len(ops), f"{where}: 'parts' must list {len(ops)} tiling(s)")
            squared = Squared(self.claim, target[0], target[1], None, signs)
            for j, tiles in enumerate(parts):
                why = cross_check(squared, j, None, ls, 1, hull)
                need(why is None, f"{where}: side {h['sign']}, part {j}: {why}")
                if not exact_at_single_point(squared, j, None, ls, 1, hull):
                    on_set(squared, j, ls, 1, hull, f"{where}: side {h['sign']}, part {j}: the vanishing on the set")
                    sympy_used = True
                sub = Leaves(Along(squared, j, None, ls, 1, h["sign"], hull), [">="])
                sub.tiling((0, None), tiles, tuple(hull), f"{where}: side {h['sign']}, part {j}: derivative over {fmt(hull)}")
                self.count += sub.count
                sympy_used = sympy_used or bool(sub.trusted)  # a sympy step inside the derived claim's proof
                if sub.must_list:
                    self.must_list.add(target[0])
                self._z3_of(target, sub)
        if sympy_used:
            self.trusted.add(target[0])
            self.must_list.add(target[0])

    def needs_sympy(self, target, leaf) -> bool:
        """Would checking ``leaf`` (for ``target``) take a sympy step? (:func:`theorycheck.kernel.sympy_needed`):
        the leaf's exact zeros enclosed as its check does at the first precision of its ladder."""
        from .exact import arb_zero

        by = leaf.get("by")
        box = parse_box(leaf.get("box"), self.n, "leaf")
        if by == "along":
            from .along import Along, LineSet, exact_at_single_point

            ls, order = LineSet.from_json(leaf.get("set"), self.n), leaf.get("order")
            hull = ls.hull(box)
            if not exact_at_single_point(self.claim, target[0], target[1], ls, order, hull):
                return True
            sub = Leaves(Along(self.claim, target[0], target[1], ls, order, leaf.get("sign"), hull), [">="])
            return any(sub.needs_sympy((0, None), f) for f in leaf.get("derivative", []))
        if by == "along-split":
            from .along import Along, LineSet, exact_at_single_point

            ls = LineSet.from_json(leaf.get("set"), self.n)
            hull = ls.hull(box)
            for h in leaf.get("halves"):
                squared = Squared(self.claim, target[0], target[1], None, h["signs"])
                for j, tiles in enumerate(h.get("parts")):
                    if not exact_at_single_point(squared, j, None, ls, 1, hull):
                        return True
                    sub = Leaves(Along(squared, j, None, ls, 1, h["sign"], hull), [">="])
                    if any(sub.needs_sympy((0, None), f) for f in tiles):
                        return True
            return False
        if by == "monotone":
            return any(self.needs_sympy(target, f) for f in leaf.get("face", []))
        if by == "translation":
            return any(self.needs_sympy(target, f) for f in leaf.get("reduced", []))
        if by == "transformed":
            rule, signs = leaf.get("rule"), leaf.get("signs")
            ops = ops_of(rule, target[1] is None and self.ops[target[0]] in ("<", ">"), signs)
            sub = Leaves(Squared(self.claim, target[0], target[1], rule, signs), ops)
            return any(sub.needs_sympy((j, None), f) for j, tiles in enumerate(leaf.get("parts", [])) for f in tiles)
        if by == "point" and leaf.get("exact_zero") is True:
            with working_precision(POINT_LADDER[0]):
                return not arb_zero(as_interval(self.margin(values_of(box), target)))
        zeros = leaf.get("zeros") or []
        if by not in ("taylor", "series") or not zeros:
            return False
        p = [rational(x, "anchor") for x in leaf.get("anchor")]
        order = leaf.get("order")
        if by == "taylor" and self.n == 1:
            with working_precision(113):
                at_p = self.jets([(q, q) for q in p], max(order - 1, 2), target)
                return not all(arb_zero(at_p(*[0] * j)) for j in zeros)
        if by == "taylor":
            with working_precision(113):
                at_p = self.jets([(q, q) for q in p], 2, target)
                jets = [at_p()] + [at_p(k) for k in range(self.n)]
                return not all(arb_zero(jets[j]) for j in zeros)
        from flint import arb, fmpq

        from theorycheck.enclose.series import Branches, Series, branches, new_tag, series_length

        with working_precision(LADDER[0]):
            ch = Branches(new_tag(), replay=[])
            with series_length(order), branches(ch):
                x = Series.variable(arb(fmpq(p[0].numerator, p[0].denominator)), order, ch.tag)
                m = self.margin([x], target)
                m = m if isinstance(m, Series) else Series.point_like(x, m)
                return not all(arb_zero(m.coefficient(j)) for j in zeros)

    def point_of(self, leaf, key, where, box=None):
        raw = leaf.get(key)
        need(isinstance(raw, list) and len(raw) == self.n, f"{where}: {key!r} must list {self.n} rationals")
        p = [rational(x, f"{where}: {key}") for x in raw]
        for k, (q, (lo, hi)) in enumerate(zip(p, box or ())):
            need(lo <= q <= hi, f"{where}: the {key} coordinate {k} = {num(q)} lies outside the box {fmt([(lo, hi)])}")
        return p

    # -- the methods: each returns None (shown) or why not ----------------------------------------
    def interval(self, target, leaf, box, bits, where):
        return self.holds(self.margin(values_of(box), target), target)

    def point(self, target, leaf, box, bits, where):
        need(all(lo == hi for lo, hi in box), f"{where}: a point leaf needs a point box")
        m = as_interval(self.margin(values_of(box), target))
        if leaf.get("exact_zero") is not True:
            return self.holds(m, target)
        need(target[1] is not None or self.ops[target[0]] in ("<=", ">="), f"{where}: exact_zero for a strict relation")
        if not (m.defined and m.contains(0)):
            return f"margin enclosure {show(m)} is not a defined enclosure of 0"
        if arb_zero(m):  # the kernel's own enclosure is the point 0: no sympy step
            return None
        key = (target[0], tuple(lo for lo, _ in box), None)
        if key not in self.rederived:
            at_point(self.claim, target[0], [lo for lo, _ in box], f"{where}: exact_zero")  # sympy, re-run here
            self.rederived.add(key)
        self.trusted.add(target[0])
        self.must_list.add(target[0])
        return None

    def defined(self, target, leaf, box, bits, where):
        token = LOOSE.set(True)
        try:
            values = values_of(box)
            p, like = self.relation(values, target[0]), values[0] if values else Interval.point(0)
            sides = [(name, as_interval(body_decorated(p, side_raw(s, like)))) for name, s in (("lhs", p.lhs), ("rhs", p.rhs))]
        finally:
            LOOSE.reset(token)
        bad = [f"the {name} enclosure {show(iv)} is not defined on the whole box" for name, iv in sides if not iv.defined]
        diff = sides[0][1] - sides[1][1]  # a true identity has lhs - rhs = 0: its enclosure holds 0
        return bad[0] if bad else (None if diff.contains(0) else f"lhs - rhs {show(diff)} excludes 0: the identity is false")

    def monotone(self, target, leaf, box, bits, where):
        faces, seen = leaf.get("faces"), set()
        need(isinstance(faces, list) and faces, f"{where}: 'faces' must be a non-empty list of [k, 'lo'|'hi']")
        for f in faces:
            need(isinstance(f, list) and len(f) == 2 and type(f[0]) is int and 0 <= f[0] < self.n
                 and f[1] in ("lo", "hi") and f[0] not in seen,
                 f"{where}: bad face {f!r} (k a variable index 0..{self.n - 1}, listed once; 'lo' or 'hi')")
            need(box[f[0]][0] < box[f[0]][1], f"{where}: face coordinate {f[0]} is flat in the box")
            seen.add(f[0])
        d = self.jets(box, 1, target)
        if not d().defined:
            return f"margin enclosure {show(d())} is not defined on the whole box"
        for k, end in faces:
            g = d(k)
            if not (g.defined and (g.lo >= 0 if end == "lo" else g.hi <= 0)):
                return f"d margin/d x_{k} enclosure {show(g)} {'has the wrong sign' if g.defined else 'is not defined'} for the face x_{k} = {end}"
        return None

    def shift(self, leaf, box, where):
        v, k = leaf.get("direction"), leaf.get("fixed")
        need(isinstance(v, list) and len(v) == self.n and all(type(s) is int and s in (-1, 0, 1) for s in v),
             f"{where}: 'direction' must list {self.n} of -1, 0, 1")
        need(type(k) is int and 0 <= k < self.n and v[k] == 1, f"{where}: 'fixed' must be a coordinate where the direction is 1")
        need(all(box[j][0] < box[j][1] for j in range(self.n) if v[j]), f"{where}: the direction moves a flat coordinate")
        return v, k, rational(leaf.get("at"), f"{where}: at")

    def translation(self, target, leaf, box, bits, where):
        """The margin is defined on the hull H of the box and the reduced box R, and constant along
        the direction there (its directional derivative is exactly 0); each x of the box and its
        image in R bound a segment inside H, so the reduced tiling shows the box."""
        v, k, at = self.shift(leaf, box, where)
        region = tuple((min(a[0], b[0]), max(a[1], b[1])) for a, b in zip(box, _reduced(box, v, k, at)))
        ivs = values_of(region)
        first = Dual(ivs[0], (v[0],))  # a fresh tag, shared by every variable
        values = [first] + [Dual(iv, (s,), first.tag) for iv, s in zip(ivs[1:], v[1:])]
        tag = first.tag
        m = self.margin(values, target)
        value, slope = (m.val, m.grad[0]) if isinstance(m, Dual) and m.tag == tag else (m, 0)
        while isinstance(value, Dual):
            value = value.val
        if not as_interval(value).defined:
            return f"the margin is not defined on the hull {fmt(region)}"
        flat = (type(slope) is int and slope == 0) or (isinstance(slope, Interval) and slope.defined and slope.lo == 0 == slope.hi)
        return None if flat else f"the derivative along {v} over {fmt(region)} is {slope!r}, not exactly 0"

    def mean_value(self, target, leaf, box, bits, where):
        c = self.point_of(leaf, "centre", where, box)
        mc, d = as_interval(self.margin(values_of([(q, q) for q in c]), target)), self.jets(box, 1, target)
        if not (mc.defined and all(d(k).defined for k in [None, *range(self.n)])):
            return "the value at the centre, or the value or gradient over the box, is not defined"
        return self.holds(sum((d(k) * dk for k, dk in enumerate(_offsets(box, c))), mc), target, "mean-value form")

    def second_order(self, target, leaf, box, bits, where):
        return self.quadratic(target, box, self.point_of(leaf, "centre", where, box), [], box, bits, "second-order")

    def taylor(self, target, leaf, box, bits, where):
        p, order, zeros, one = self.point_of(leaf, "anchor", where), leaf.get("order"), leaf.get("zeros", []), self.n == 1
        need(self.n >= 1 and type(order) is int and (2 <= order <= 5 if one else order == 2),
             f"{where}: 'order' must be 2..5 for one variable, 2 for several (and a variable is needed), got {order!r}")
        need(isinstance(zeros, list) and all(type(j) is int and 0 <= j < (order if one else self.n + 1) for j in zeros),
             f"{where}: bad 'zeros' {zeros!r}")
        if not as_interval(self.margin(values_of(box), target)).defined:
            return "the margin over the box is not defined"
        hull = tuple((min(lo, q), max(hi, q)) for (lo, hi), q in zip(box, p))
        psd = leaf.get("psd", False)
        need(psd is False or (psd is True and not one), f"{where}: 'psd' must be true (several variables) or absent")
        if not one:
            return self.quadratic(target, box, p, zeros, hull, max(bits, 113), "taylor", psd)
        with working_precision(max(bits, 113)):
            at_p = self.jets([(q, q) for q in p], max(order - 1, 2), target)  # >= 2 levels: a kink at p raises
            jets = [at_p(*[0] * j) for j in range(order)]
        if not all(j.defined for j in jets):
            return f"the derivatives at the anchor {p[0]} are not defined (a kink there?)"
        def fine():
            at = self.jets([(q, q) for q in p], max(order - 1, 2), target)
            return [at(*[0] * j) for j in range(order)]
        why = self.zeros(jets, zeros, target, fine, p, lambda j: (j,))
        over = self.jets(hull, order, target)
        top, d = over(*[0] * order), _offsets(box, p)[0]
        if why or not (top.defined and over().defined):
            return why or f"f or f^({order}) over the hull {fmt(hull)} is not defined"
        terms = [fj * d**j * Fraction(1, factorial(j)) for j, fj in enumerate(jets)]
        return self.holds(sum(terms, top * d**order * Fraction(1, factorial(order))), target, "taylor form")

    def series(self, target, leaf, box, bits, where):
        """(issue 15, :mod:`theorycheck.high_order`) one variable, anchor p, order K, the first k
        coefficients at p exactly 0 (``zeros`` = [0 .. k-1]; exact Arb zeros, else re-derived with
        sympy by the kernel): for x in the box
        and d = x - p, m(x) = d^k (a_k + ... + a_(K-1) d^(K-1-k) + r_K d^(K-k)) with a_j the
        series coefficients at the exact point p and r_K the K-th coefficient of the series over
        the ball holding the box and p (it holds m^(K)(xi)/K! for every xi there: the Lagrange
        remainder), all finite. Each kink (abs, min, max) whose argument has no sign shown over
        that ball is taken both ways, and every branch must show the relation; zeros only for a
        body without kinks."""
        from flint import arb, fmpq

        from theorycheck.enclose.series import Branches, Series, branches, new_tag, series_length

        p, order, zeros = self.point_of(leaf, "anchor", where), leaf.get("order"), leaf.get("zeros", [])
        if self.n >= 2:
            return self.series_nd(target, leaf, box, p, order, zeros, where)
        need(self.n == 1 and type(order) is int and 1 <= order <= 40,
             f"{where}: a series leaf needs one variable and an 'order' 1..40, got {order!r}")
        need(isinstance(zeros, list) and zeros == list(range(len(zeros))) and len(zeros) < order,
             f"{where}: 'zeros' must be [0, 1, .., k-1] with k < order, got {zeros!r}")
        if not as_interval(self.margin(values_of(box), target)).defined:
            return "the margin over the box is not defined"
        (lo, hi), q = box[0], p[0]

        def ball(a, b):
            ea, eb = arb(fmpq(a.numerator, a.denominator)), arb(fmpq(b.numerator, b.denominator))
            return ea if a == b else arb.union(ea, eb)

        def coefficients(centre, n, chooser):
            with series_length(n), branches(chooser):
                x = Series.variable(centre, n, chooser.tag)
                m = self.margin([x], target)
                m = m if isinstance(m, Series) else Series.point_like(x, m)
                need(m.tags == (chooser.tag,), f"{where}: the margin is a series in another variable")
                cs = [m.coefficient(j) for j in range(n)]
            return cs if all(c.is_finite() for c in cs) else None

        hull, at_p, k = ball(min(lo, q), max(hi, q)), ball(q, q), len(zeros)
        dx = Interval(lo, hi) - Interval.point(q)
        scripts = BranchScripts()
        for script in scripts:
            over_ch = Branches(new_tag(), script=script)
            over = coefficients(hull, order + 1, over_ch)
            if over is None:
                return f"the series over the hull {fmt([(min(lo, q), max(hi, q))])} is not finite (not analytic there)"
            scripts.opened(script, len(over_ch.open))
            point_ch = Branches(new_tag(), replay=over_ch.taken)
            point = coefficients(at_p, order, point_ch)
            if point is None or len(point_ch.taken) != len(over_ch.taken):
                return f"the series at the anchor {num(q)} is not finite, or takes other kinks"
            if zeros and over_ch.taken:
                return "coefficients said to be 0 in a body with kinks"
            if zeros:
                # an exact 0 holds 0 at every precision: checked at ZERO_BITS too, not only at the
                # ladder's first (a coefficient of 1e-17, such as a binary 1/3 minus one third,
                # holds 0 at 53 bits; a zero that is not exactly the point 0 is re-derived below)
                with working_precision(ZERO_BITS):
                    fine = coefficients(at_p, k, Branches(new_tag(), replay=over_ch.taken))
            for j in zeros:
                if not point[j].contains(0):
                    return f"coefficient {j} at the anchor, said to be exactly 0, is {point[j]}"
                if fine is None or not fine[j].contains(0):
                    return f"coefficient {j} at the anchor, said to be exactly 0, is not 0 at {ZERO_BITS} bits"
                if not arb_zero(point[j]):  # not the point 0 in the kernel's own enclosure: sympy, re-run
                    if (target[0], (q,), (j,)) not in self.rederived:
                        derivative_at(self.claim, target[0], p, (j,), f"{where}: coefficient {j} at the anchor")
                        self.rederived.add((target[0], (q,), (j,)))
                    self.trusted.add(target[0])
            form = Interval._from_ball(over[order])
            for a in reversed(point[k:order]):
                form = Interval._from_ball(a) + dx * form
            why = self.holds(dx**k * form if k else form, target, f"series form (branch {over_ch.taken})")
            if why:
                return why
        return scripts.why

    def series_nd(self, target, leaf, box, p, order, zeros, where):
        """Several variables: the centre p in the box, no zeros; for x in the box, d = x - p,
        m(x) = sum_{|a| < K} c_a(p) d^a + sum_{|a| = K} c_a(xi) d^a (Taylor on the segment from p
        to x, inside the box), with c_a(xi) from the series over the balls of the box; every
        branch of the kinks, as in one variable."""
        from flint import arb, fmpq

        from theorycheck.enclose.series import Branches, Series, branches, new_tag, series_length

        need(type(order) is int and 1 <= order <= 8 and zeros == [],
             f"{where}: a series leaf in several variables needs an 'order' 1..8 and no zeros")
        need(all(lo <= q <= hi for (lo, hi), q in zip(box, p)), f"{where}: the anchor lies outside the box")
        if not as_interval(self.margin(values_of(box), target)).defined:
            return "the margin over the box is not defined"

        def ball(a, b):
            ea, eb = arb(fmpq(a.numerator, a.denominator)), arb(fmpq(b.numerator, b.denominator))
            return ea if a == b else arb.union(ea, eb)

        def indices(n, total):
            return [(total,)] if n == 1 else [(i,) + r for i in range(total + 1) for r in indices(n - 1, total - i)]

        def coefficients(balls, n, **kw):
            tags = tuple(new_tag() for _ in balls)
            ch = Branches(tags, **kw)
            with series_length(n), branches(ch):
                xs = [Series.variable(b, n, t) for b, t in zip(balls, tags)]
                m = self.margin(xs, target)
                m = m if isinstance(m, Series) else Series.point_like(xs[0], m)
                need(set(m.tags) <= set(tags), f"{where}: the margin is a series in another variable")
                m = m._with(tags, (n,) * len(tags))
                out = {}
                for total in range(n):
                    for a in indices(len(tags), total):
                        node = m.data
                        for i in a[:-1]:
                            node = node[i]
                        cs = node.coeffs()
                        need(a[-1] < node.prec, f"{where}: a coefficient is not known")
                        out[a] = cs[a[-1]] if a[-1] < len(cs) else arb(0)
            return (out if all(c.is_finite() for c in out.values()) else None), ch

        dxs = [iv - Interval.point(q) for iv, q in zip(values_of(box), p)]
        scripts = BranchScripts()
        for script in scripts:
            over, over_ch = coefficients([ball(lo, hi) for lo, hi in box], order + 1, script=script)
            if over is None:
                return f"the series over the box {fmt(box)} is not finite (not analytic there)"
            scripts.opened(script, len(over_ch.open))
            at, at_ch = coefficients([ball(q, q) for q in p], order, replay=over_ch.taken)
            if at is None or len(at_ch.taken) != len(over_ch.taken):
                return "the series at the centre is not finite, or takes other kinks"
            form = Interval.point(0)
            for total in range(order + 1):
                for a in indices(self.n, total):
                    term = Interval._from_ball((at if total < order else over)[a])
                    for dx, j in zip(dxs, a):
                        term = term * dx**j if j else term
                    form = form + term
            why = self.holds(form, target, f"series form (branch {over_ch.taken})")
            if why:
                return why
        return scripts.why

    def quadratic(self, target, box, p, zeros, region, bits, name, psd=False):
        """m(p) + g(p).d + 1/2 d.H(region).d over the box, d = X - p (second-order, multi-variable taylor).
        With ``psd``: every symmetric matrix in H(region) must be positive definite (interval LDL^T,
        :func:`_positive_definite`), and then d.H(xi).d >= 0 stands for the quadratic term."""
        n = range(self.n)
        with working_precision(bits):
            at_p = self.jets([(q, q) for q in p], 2, target)
            jets = [at_p()] + [at_p(k) for k in n]
            if not all(j.defined for j in jets) or (name == "taylor" and not all(at_p(k, l).defined for k in n for l in n)):
                return f"the value, gradient or Hessian at {fmt([(q, q) for q in p])} is not defined"
        def fine():
            at = self.jets([(q, q) for q in p], 2, target)
            return [at()] + [at(k) for k in n]
        why = self.zeros(jets, zeros, target, fine, p,
                         lambda j: tuple(int(k == j - 1) for k in n)) if zeros else None
        over = self.jets(region, 2, target)
        hess = [[over(k, l) for l in n] for k in n]
        if why or not all(h.defined for h in [over(), *(over(k) for k in n), *(h for row in hess for h in row)]):
            return why or f"the value, gradient or Hessian over {fmt(region)} is not defined"
        d = _offsets(box, p)
        form = sum((g * dk for g, dk in zip(jets[1:], d)), jets[0])
        quad = sum((hess[k][k] * d[k] ** 2 for k in n), Interval.point(0))
        quad = sum(((hess[k][l] + hess[l][k]) * (d[k] * d[l]) for k in n for l in n if k < l), quad)
        if psd:
            if not _positive_definite(hess):
                return f"the Hessian over {fmt(region)} is not shown positive definite"
            quad = Interval(0, quad.hi) if quad.hi >= 0 else Interval.point(0)
        return self.holds(form + quad * Fraction(1, 2), target, f"{name} form")

    def z3(self, target, leaf, box, bits, where):
        """An exact decision procedure's leaf: the query must be the one the kernel derives from the
        claim's body on this box (:mod:`.polynomials`); z3's ``unsat`` is trusted (the trust base
        gains z3), re-run when z3-solver is installed and reported as not re-checked otherwise."""
        from .polynomials import NotPolynomial, run_z3, trace_part

        text, rlimit = leaf.get("smtlib"), leaf.get("rlimit")
        need(isinstance(text, str) and leaf.get("answer") == "unsat" and type(rlimit) is int and 0 < rlimit <= 10**10,
             f"{where}: a z3 leaf needs 'smtlib' (text), 'answer': 'unsat' and 'rlimit' (1..1e10)")
        try:
            mine = trace_part(self.claim, lambda values: self.relation(values, *target), box)
        except NotPolynomial as exc:
            raise Reject(f"{where}: the part is not a rational function with exact coefficients: {exc}") from None
        need(mine == text, f"{where}: the recorded SMT-LIB query is not the query of the claim's part on this box")
        self.z3_parts.add(target[0])
        if bits != LADDER[0]:
            return "z3 did not answer unsat"  # (the ladder re-runs only a failed z3; once is enough)
        try:
            answer, _, version, _ = run_z3(text, rlimit)
        except ImportError:
            self.z3_unchecked += 1
            return None
        self.z3_version = version
        return None if answer == "unsat" else f"z3 {version} re-ran the query: {answer}, not unsat"

    def zeros(self, jets, zeros, target, fine, anchor, orders):
        """Replace the jets listed in ``zeros`` by an exact 0, after checking that their own
        enclosures contain 0, and those ``fine()`` makes at ZERO_BITS too (an exact 0 holds 0 at
        every precision; 1 - exp(1e-40) holds 0 at 113 bits). A jet whose enclosure is exactly the
        point 0 needs nothing more; any other is re-derived with sympy by the kernel
        (:func:`.exact.derivative_at`, the derivative ``orders(j)`` at ``anchor``), a trusted step."""
        if zeros and fine is not None:
            with working_precision(ZERO_BITS):
                hi = fine()
            for j in zeros:
                if not (hi[j].defined and hi[j].contains(0)):
                    return f"jet {j} at the anchor, said to be exactly 0, is not 0 at {ZERO_BITS} bits: {show(hi[j])}"
        for j in zeros:
            if not jets[j].contains(0):
                return f"jet {j} at the anchor, said to be exactly 0, is enclosed by {show(jets[j])}"
            if not arb_zero(jets[j]):
                key = (target[0], tuple(anchor), orders(j))
                if key not in self.rederived:
                    derivative_at(self.claim, target[0], anchor, orders(j), f"jet {j} at the anchor")
                    self.rederived.add(key)
                self.trusted.add(target[0])
            jets[j] = Interval.point(0)
        return None


class BranchScripts:
    """The branch scripts of a body's kinks (abs, min, max) for the series leaves of one and of
    several variables, depth first: iterate for a script, evaluate under it, then
    ``opened(script, len(chooser.open))`` queues the other side of every kink the evaluation met
    beyond the script. After the loop, ``why`` is None, or says that more than MAX_BRANCHES
    branches were asked for (the loop stops there: not shown)."""

    def __init__(self):
        self.todo, self.count, self.why = [[]], 0, None

    def __iter__(self):
        while self.todo:
            self.count += 1
            if self.count > MAX_BRANCHES:
                self.why = f"more than {MAX_BRANCHES} branches"
                return
            yield self.todo.pop()

    def opened(self, script, n):
        self.todo.extend(script + [1] * (j - len(script)) + [-1] for j in range(len(script), n))


def _positive_definite(hess) -> bool:
    """Every symmetric matrix A with A_kl in hess[k][l] and in hess[l][k] is positive definite: the
    interval LDL^T of S = (hess + hess^T) / 2 has pivots D_k certainly > 0 (each such A lies in S;
    its own D_k lie in the interval ones, and A = L D L^T with D > 0)."""
    m = len(hess)
    S = [[(hess[k][l] + hess[l][k]) * Fraction(1, 2) for l in range(m)] for k in range(m)]
    L, D = [[None] * m for _ in range(m)], [None] * m
    for k in range(m):
        D[k] = S[k][k] - sum((L[k][j] * L[k][j] * D[j] for j in range(k)), Interval.point(0))
        if not (D[k].defined and D[k].lo > 0):
            return False
        for i in range(k + 1, m):
            L[i][k] = (S[i][k] - sum((L[i][j] * L[k][j] * D[j] for j in range(k)), Interval.point(0))) / D[k]
    return m > 0


def _reduced(box, v, k, at) -> tuple:
    """{x + (at - x_k) v : x in box}: each coordinate an exact interval."""
    out = []
    for j, ((lo, hi), s) in enumerate(zip(box, v)):
        shifts = (s * (at - box[k][1]), s * (at - box[k][0]))
        out.append((at, at) if j == k else (lo + min(shifts), hi + max(shifts)))
    return tuple(out)


def _offsets(box, c) -> list:
    return [iv - Interval.point(q) for iv, q in zip(values_of(box), c)]


_METHODS = {"interval": Leaves.interval, "point": Leaves.point, "defined": Leaves.defined, "monotone": Leaves.monotone,
            "mean-value": Leaves.mean_value, "second-order": Leaves.second_order, "taylor": Leaves.taylor,
            "series": Leaves.series, "translation": Leaves.translation, "z3": Leaves.z3}
