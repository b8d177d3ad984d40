"""The kernel's check of a symbolic part proved by the fundamental-theorem rule (an ``"ftc"`` block).

The block lists ``steps`` ({"variable": k, "at": rational, "tiles": [box, ...]}) and ``point``
(null, "interval" or "sympy"). With F = lhs - rhs of the part, made by the kernel itself on sympy
symbols, and the face starting as the claim's box, each step is re-checked:

* k is a variable not used before, ``at`` lies in the face's range of x_k;
* sympy's derivative dF/dx_k (``Integral.diff`` is the Leibniz rule) reduces to exactly 0 by the
  kernel's own fixed rewritings (:func:`.exact.is_zero`; sympy re-run by the kernel);
* the tiles tile the face exactly (:mod:`.tiling`), and on each tile the kernel evaluates the body
  with a derivative in x_k (its own Dual seeding, integrals enclosed loosely) and wants both sides
  and their derivatives defined and finite: the premise that F is differentiable along x_k on the
  whole face, each integrand defined and bounded on the hull of its ranges;
* then the face is fixed at x_k = at and F restricted (integrals over ranges of width 0 are 0).

At the end the restricted F must be exactly 0 (``point`` null: sympy), or be a number (free of
every variable) whose interval enclosure at the base point (a variable no step fixed at the lower
end of its range) is exactly [0, 0] ("interval"), or a number sympy reduces to 0 ("sympy"). F is then constant along each step's variable on its (connected) face by the mean
value theorem, and 0 at the end: 0 on the box. sympy is imported here only, and only when a
certificate has such a block (the kernel's other checks never load it).
"""

from __future__ import annotations

from fractions import Fraction

from theorycheck.enclose.dual import Dual
from theorycheck.enclose.interval import Interval, working_precision
from theorycheck.expr import body_decorated, side_raw
from theorycheck.integral import LOOSE

from ._base import fmt, need, num, parse_box, rational, show
from .tiling import check_tiling

LADDER = (53, 113, 240)


def check_ftc(data, claim, part: int, box: tuple, where: str) -> int:
    """Raise Reject unless the block ``data`` proves part ``part`` of ``claim`` on ``box``; the
    number of premise tiles checked."""
    import sympy

    need(isinstance(data, dict), f"{where}: 'ftc' must be an object")
    steps, point = data.get("steps"), data.get("point")
    need(isinstance(steps, list) and steps, f"{where}: 'ftc' needs a non-empty list of 'steps'")
    need(point in (None, "interval", "sympy"), f"{where}: 'point' must be null, interval or sympy, got {point!r}")
    n = len(claim.variables)
    syms = _symbols(claim)
    leaf = claim.evaluate(syms).leaves()[part]
    need(leaf.op == "==", f"{where}: the part is not an identity")
    like = syms[0] if syms else sympy.Integer(0)
    expr = sympy.sympify(side_raw(leaf.lhs, like)) - sympy.sympify(side_raw(leaf.rhs, like))
    face, used, count = list(box), set(), 0
    for j, step in enumerate(steps):
        at_where = f"{where}, ftc step {j}"
        need(isinstance(step, dict), f"{at_where}: must be an object")
        k = step.get("variable")
        need(type(k) is int and 0 <= k < n and k not in used, f"{at_where}: 'variable' must be a variable index "
             f"0..{n - 1} not used before, got {k!r}")
        used.add(k)
        at = rational(step.get("at"), f"{at_where}: at")
        lo, hi = face[k]
        need(lo <= at <= hi, f"{at_where}: the base value {num(at)} of x_{k} lies outside its range {fmt([(lo, hi)])}")
        need(_zero(expr.diff(syms[k])), f"{at_where}: the derivative d(lhs - rhs)/d{syms[k]} does not reduce to exactly 0")
        tiles = step.get("tiles")
        need(isinstance(tiles, list) and tiles, f"{at_where}: 'tiles' must be a non-empty list of boxes")
        boxes = [parse_box(t, n, f"{at_where}: tile {i}") for i, t in enumerate(tiles)]
        check_tiling(tuple(face), boxes, f"{at_where}: tiles")
        for i, b in enumerate(boxes):
            why = "not shown"
            for bits in LADDER:
                with working_precision(bits):
                    why = _differentiable(claim, part, b, k)
                if why is None:
                    break
            need(why is None, f"{at_where}: tile {i} on {fmt(b)}: {why}")
            count += 1
        face[k] = (at, at)
        expr = _restrict(expr, syms[k], at)
    if point is None:
        need(_zero(expr), f"{where}: the restricted lhs - rhs does not reduce to exactly 0")
        return count
    need(not any(expr.has(s) for s in syms), f"{where}: lhs - rhs still depends on a variable at the base point")
    if point == "sympy":
        need(_zero(expr), f"{where}: lhs - rhs at the base point does not reduce to exactly 0")
        return count
    d = None
    for bits in LADDER:
        with working_precision(bits):
            try:
                # a variable no step fixed is one the restricted lhs - rhs no longer holds: its
                # value is the same at every point of its range, so at the range's lower end
                values = [Interval.point(lo) for lo, hi in face]
                p = claim.evaluate(values).leaves()[part]
                like = values[0] if values else Interval.point(0)
                d = side_raw(p.lhs, like) - side_raw(p.rhs, like)
            except Exception:  # noqa: BLE001 - not shown at this precision
                continue
        if isinstance(d, Interval) and d.defined and d.lo == 0 and d.hi == 0:
            return count
    need(False, f"{where}: lhs - rhs at the base point {fmt(face)} is enclosed by {show(d) if d is not None else 'nothing'}, "
         "not exactly [0, 0]")
    return count


def _symbols(claim):
    """One real sympy symbol per variable with the signs its range shows (:func:`.exact.symbols`)."""
    from .exact import symbols

    return symbols(claim, [(v.lo, v.hi) for v in claim.variables])


def _restrict(expr, s, at: Fraction):
    import sympy

    e = expr.subs(s, sympy.Rational(at.numerator, at.denominator))

    def empty(x):
        return isinstance(x, sympy.Integral) and any(len(lim) == 3 and sympy.expand(lim[1] - lim[2]) == 0
                                                      for lim in x.limits)

    return e.replace(empty, lambda x: sympy.Integer(0))


def _zero(expr) -> bool:
    """The kernel's own fixed rewritings reaching exactly 0 (:func:`.exact.is_zero`: no forced log
    expansion, no integration, no simplify; a Reject when the expression is past its size limits)."""
    from .exact import is_zero

    return is_zero(expr, "ftc") is None


def _differentiable(claim, part, box, k):
    """None when both sides of the part and their derivatives in x_k are defined and finite on
    ``box``; else why not."""
    values = [Interval.point(lo) if lo == hi else Interval(lo, hi) for lo, hi in box]
    x = Dual(values[k], (1,))  # a fresh tag
    values[k] = x
    token = LOOSE.set(True)
    try:
        p = claim.evaluate(values).leaves()[part]
        for name, side in (("lhs", p.lhs), ("rhs", p.rhs)):
            v = body_decorated(p, side_raw(side, x))
            if isinstance(v, Dual) and v.tag > x.tag:
                return f"the {name} carries a perturbation the kernel did not seed"
            comps = [v.val, v.grad[0]] if isinstance(v, Dual) and v.tag == x.tag else [v]
            for c in comps:
                if isinstance(c, (int, Fraction)) and not isinstance(c, bool):
                    continue
                if not (isinstance(c, Interval) and c.defined and c.is_finite()):
                    return f"the {name} or its derivative in x_{k} is not defined and finite there ({show(c)})"
        return None
    except Exception as exc:  # noqa: BLE001 - not shown at this precision
        return f"evaluating it raised {type(exc).__name__}: {str(exc)[:200]}"
    finally:
        LOOSE.reset(token)
