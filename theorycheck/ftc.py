"""The fundamental-theorem rule: identities ``L == R`` between expressions built from integrals
with a variable end (``integral(g, a, x)``, nested, or with both ends moving) and elementary
functions, which sympy cannot integrate in closed form.

The rule (one variable x on the closed interval I = [lo, hi] of the box, F = L - R):

1. *Premise, checked by interval evaluation.* F and dF/dx are defined on the whole of I: the body
   is evaluated with a forward-mode derivative in x (:class:`~theorycheck.enclose.dual.Dual`) on a
   tiling of I, integrals by the Leibniz rule, and every enclosure (both sides and their
   derivatives) must carry the ``defined`` decoration. An integral over a range is enclosed only
   when its integrand is defined and bounded on every cell (:mod:`theorycheck.integral`), so this
   shows each integrand defined and bounded, hence continuous (every function of the language is
   continuous on its domain), on the hull of the ranges the tile produces; and each other
   operation differentiable on it. So F is differentiable at every point of I (one-sided at its
   ends), with F' given by the chain rule and the Leibniz rule
   ``d/dx int_{a(x)}^{b(x)} g(t, x) dt = g(b, x) b' - g(a, x) a' + int_a^b dg/dx dt``.
2. *The derivative, symbolically.* sympy differentiates the same body run on symbols (its
   ``Integral.diff`` is the Leibniz rule) and a fixed sequence of rewritings reduces dF/dx to
   exactly 0. The symbolic derivative is the chain-rule expression of F', so F'(x) = 0 at every
   x of I.
3. *Mean value theorem.* I is connected (a closed interval of the box), so F is constant on I.
4. *One point.* F(x0) = 0 at one exact point x0 of I: an interval enclosure of F(x0) that is
   exactly [0, 0], or sympy reducing F(x0) to exactly 0. Hence F = 0 on I.

Several variables: the rule is applied one variable at a time on faces. With x1 fixed at c1 in
step 1 (dF/dx1 = 0 on the box, premise on the box), G(x2, ...) = F(c1, x2, ...) is the value of F
on the whole box; step 2 shows dG/dx2 = 0 on the face {x1 = c1} (premise on that face), and so on.
A step may also end early when the restricted expression itself simplifies to exactly 0 (it is
the value of the body, defined on the box by the definedness proof every symbolic part gets), and
a variable the restricted expression no longer contains needs no step. The certificate records the
order, the base values and the tilings of the premises; the kernel (:mod:`theorycheck.kernel.ftc`)
re-derives every derivative with sympy and re-checks every premise with its own intervals.

Why each premise is needed (``tests/test_integral_identities.py`` keeps the claim that fools the
rule without it): an integrand with a pole inside a range (``int_{-1}^x dt/t^2 == -1 - 1/x``: the
derivatives agree and sympy's formal value at x = 1/2 is -3 = -1 - 2); a derivative that is 0 only
up to 1e-30 (only an exact 0 counts); a base point outside the box.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from . import work
from .claims import Claim

MAX_TILES = 64  # premise tiles per face


@dataclass
class FTCProof:
    steps: list = field(default_factory=list)  # [(variable index, Fraction base, [tile, ...])]
    point: str | None = None  # "interval" | "sympy" | None (the restricted expression was 0 itself)
    what: str = ""

    def to_json(self) -> dict:
        return {"steps": [{"variable": k, "at": _q(c), "tiles": [[[_q(lo), _q(hi)] for lo, hi in t] for t in tiles]}
                          for k, c, tiles in self.steps],
                "point": self.point}


def _q(x: Fraction) -> str:
    x = Fraction(x)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def moving_symbols(expr, syms) -> list:
    """The claim symbols that occur in an end of an integral of ``expr``."""
    import sympy

    out = []
    for integ in expr.atoms(sympy.Integral):
        for lim in integ.limits:
            for e in lim[1:]:
                for s in syms:
                    if e.has(s) and s not in out:
                        out.append(s)
    return out


def drop_empty_integrals(expr):
    """``expr`` with every integral over a range of width 0 (equal ends) replaced by 0."""
    import sympy

    def empty(e):
        return isinstance(e, sympy.Integral) and any(len(lim) == 3 and sympy.simplify(lim[1] - lim[2]) == 0
                                                      for lim in e.limits)

    return expr.replace(empty, lambda e: sympy.Integer(0))


def is_exactly_zero(expr, budget) -> bool:
    """A fixed sequence of rewritings of ``expr`` reaching exactly 0 (False proves nothing): as
    written, expanded, integrals over the same range combined (linearity), exp-form cancelled,
    additivity over ranges (:func:`additive_form`), and ``simplify`` when the work budget affords
    it and no integral is left (simplify may integrate, for minutes)."""
    import sympy

    from .symbolic import _combine_integrals

    if expr == 0:
        return True
    stages = [("expand", lambda e: sympy.expand(sympy.powsimp(sympy.expand(e))))]
    if expr.has(sympy.Integral):
        stages.append(("linearity of the integral + expansion of the integrand",
                       lambda e: _combine_integrals(e, rewrite="expand")))
    stages.append(("expand", lambda e: sympy.cancel(sympy.expand(sympy.expand_log(e, force=True).rewrite(sympy.exp)))))
    if expr.has(sympy.Integral):
        # (no Gaussian moment rules here: the kernel re-derives every step with the rewritings
        # above only; prove_identity applies the moment rules to the whole of lhs - rhs first)
        stages.append(("linearity of the integral + expansion of the integrand",
                       lambda e: sympy.expand(additive_form(e))))
    if not expr.has(sympy.Integral):  # (simplify may try to integrate, for minutes)
        stages.append(("simplify", sympy.simplify))
    for stage, fn in stages:
        if not budget.afford(stage, expr):
            return False
        if fn(expr) == 0:
            return True
    return False


def additive_form(expr):
    """Each integral ``int_a^b c g(t) dt`` (c free of t) written ``c (P_g(b) - P_g(a))`` with one
    uninterpreted function P_g per integrand g (up to the name of its variable).

    Sound for showing a sum of integrals is 0: if ``sum_i c_i (P(b_i) - P(a_i))`` vanishes as a
    formal expression in an arbitrary P, the signed indicator ``h = sum_i c_i 1[a_i, b_i]`` has a
    zero distributional derivative and compact support, so h = 0 almost everywhere, and
    ``sum_i c_i int_{a_i}^{b_i} g = int h g = 0`` whenever g is integrable on each range (which the
    premise shows: g is defined and bounded there). It is the additivity of the integral over
    ranges: int_x^{2x} g == int_0^{2x} g - int_0^x g."""
    import sympy

    u = sympy.Symbol("_ftc_u", real=True)
    names: dict = {}

    def rewrite(e):
        (t, a, b) = e.limits[0]
        g = e.function.xreplace({t: u})
        c = sympy.Mul(*[f for f in sympy.Mul.make_args(g) if not f.has(u)])
        h = sympy.Mul(*[f for f in sympy.Mul.make_args(g) if f.has(u)])
        P = names.setdefault(h, sympy.Function(f"_P{len(names)}"))
        return c * (P(b) - P(a))

    def single(e):
        return isinstance(e, sympy.Integral) and len(e.limits) == 1 and len(e.limits[0]) == 3

    return expr.replace(single, rewrite)


def _base_value(expr, s, lo: Fraction, hi: Fraction) -> Fraction:
    """Where to evaluate: a constant end of an integral whose other end moves with ``s`` (the
    integral vanishes there), else 0, else the lower end of the range."""
    import sympy

    for integ in expr.atoms(sympy.Integral):
        for lim in integ.limits:
            if len(lim) != 3:
                continue
            a, b = lim[1], lim[2]
            for const, moving in ((a, b), (b, a)):
                if moving.has(s) and const.is_Rational:
                    q = Fraction(int(const.p), int(const.q))
                    if lo <= q <= hi and sympy.simplify(moving.subs(s, const) - const) == 0:
                        return q
    if lo <= 0 <= hi:
        return Fraction(0)
    return lo


def prove_by_ftc(claim: Claim, leaf_index: int, units: float = 5.0, deadline=None):
    """(FTCProof, None) when the rule of the module docstring proves part ``leaf_index`` (an
    identity), else (None, why not). Bounded by ``units`` of work (and the claim's deadline)."""
    import sympy

    from .claims import ClaimEvaluationError
    from .expr import side_raw
    from .symbolic import _time_limit, symbols_for

    syms = symbols_for(claim)
    try:
        with _time_limit(units, deadline) as budget:
            rel = claim.evaluate(syms)
            leaf = rel.leaves()[leaf_index]
            if leaf.op != "==":
                return None, "not an identity"
            like = syms[0] if syms else sympy.Integer(0)
            expr = sympy.sympify(side_raw(leaf.lhs, like)) - sympy.sympify(side_raw(leaf.rhs, like))
            return ftc_on(claim, leaf_index, expr, syms, budget, deadline)
    except TimeoutError as exc:
        return None, str(exc)
    except ClaimEvaluationError as exc:
        return None, f"the body does not run on sympy symbols ({exc})"
    except Exception as exc:  # sympy may fail on anything; that proves nothing either way
        return None, f"sympy failed: {type(exc).__name__}: {exc}"


def ftc_on(claim: Claim, leaf_index: int, expr, syms, budget, deadline=None):
    """The rule on ``expr`` = lhs - rhs of part ``leaf_index`` made on the symbols ``syms``
    (:func:`theorycheck.symbolic.symbols_for`), its sympy stages charged to ``budget``."""
    import sympy

    box = [(Fraction(v.lo), Fraction(v.hi)) for v in claim.variables]
    moving = moving_symbols(expr, syms)
    if not moving:
        return None, "no integral with an end that depends on the claim's variables"
    proof, face, left = FTCProof(), list(box), list(syms)
    what = []
    while True:
        if is_exactly_zero(expr, budget):
            if not proof.steps:
                return None, "lhs - rhs reduces to 0 without the rule (a plain symbolic identity)"
            break
        free = [s for s in left if expr.has(s)]
        if not free:
            # a number: F at the base point
            proof.point = _zero_at_point(claim, leaf_index, face, expr, budget)
            if proof.point is None:
                return None, "the difference at the base point is not shown to be exactly 0"
            break
        order = [s for s in moving if s in free] + [s for s in free if s not in moving]
        for s in order:
            k = syms.index(s)
            deriv = expr.diff(s)
            if is_exactly_zero(deriv, budget):
                break
        else:
            return None, (f"no derivative d(lhs - rhs)/d{'/d'.join(str(s) for s in order)} reduces to "
                          "exactly 0")
        lo, hi = face[k]
        c = _base_value(expr, s, lo, hi)
        ends = [e for e in (deadline, getattr(budget, "end", None)) if e is not None]
        tiles = differentiable_tiles(claim, leaf_index, tuple(face), k, min(ends) if ends else None)
        if tiles is None:
            return None, (f"premise not shown: lhs - rhs and its derivative in {s} are not shown defined "
                          f"on the whole box (an integrand undefined or unbounded on a range?)")
        proof.steps.append((k, c, tiles))
        what.append(f"d/d{s} = 0, {s} = {_q(c)}")
        face[k] = (c, c)
        left.remove(s)
        expr = drop_empty_integrals(expr.subs(s, sympy.Rational(c.numerator, c.denominator)))
    proof.what = ("fundamental theorem of calculus (sympy derivative, Leibniz rule): "
                  + "; ".join(what) + (f"; 0 at the base point ({proof.point})" if proof.point else "; then 0"))
    return proof, None


def _zero_at_point(claim, leaf_index, face, expr, budget):
    """'interval' when the body's lhs - rhs at the exact point ``face`` (all flat) is enclosed by
    exactly [0, 0]; 'sympy' when sympy reduces the number ``expr`` to 0; else None."""
    from .enclose.interval import Interval
    from .expr import side_raw
    from .symbolic import is_zero

    try:
        values = [Interval.point(lo) for lo, _ in face]
        leaf = claim.evaluate(values).leaves()[leaf_index]
        like = values[0] if values else Interval.point(0)
        d = side_raw(leaf.lhs, like) - side_raw(leaf.rhs, like)
        if isinstance(d, Interval) and d.defined and d.lo == 0 and d.hi == 0:
            return "interval"
    except Exception:  # noqa: BLE001 - not shown this way
        pass
    import sympy

    if expr.has(sympy.Integral):
        return "sympy" if is_exactly_zero(expr, budget) else None
    return "sympy" if is_zero(expr, budget) else None


def derivative_defined(claim, leaf_index, box, k) -> bool:
    """Both sides of part ``leaf_index`` and their derivatives in variable ``k`` are defined on
    the whole (rational) ``box``: one evaluation with a Dual in x_k, integrals enclosed loosely."""
    from .enclose.dual import Dual
    from .enclose.interval import Interval
    from .expr import body_decorated, side_raw
    from .integral import LOOSE

    values = [Interval.point(lo) if lo == hi else Interval(lo, hi) for lo, hi in box]
    x = Dual(values[k], (1,))
    values[k] = x
    token = LOOSE.set(True)
    try:
        leaf = claim.evaluate(values).leaves()[leaf_index]
        for side in (leaf.lhs, leaf.rhs):
            v = body_decorated(leaf, side_raw(side, x))
            parts = [v.val, v.grad[0]] if isinstance(v, Dual) and v.tag == x.tag else [v]
            for p in parts:
                if isinstance(p, (int, Fraction)) and not isinstance(p, bool):
                    continue
                if not (isinstance(p, Interval) and p.defined and p.is_finite()):
                    return False
        return True
    except Exception:  # noqa: BLE001 - not shown on this box
        return False
    finally:
        LOOSE.reset(token)


def differentiable_tiles(claim, leaf_index, box, k, deadline=None, max_tiles: int = MAX_TILES):
    """A tiling of ``box`` (its flat coordinates stay flat) on each tile of which
    :func:`derivative_defined` holds, by bisection of the widest coordinate; None when it is not
    found within ``max_tiles`` tiles or the work deadline."""
    from .symbolic import current_deadline

    if deadline is None:
        deadline = current_deadline()
    todo, done = [tuple(box)], []
    while todo:
        if deadline is not None and work.clock() >= deadline:
            return None
        b = todo.pop()
        if derivative_defined(claim, leaf_index, b, k):
            done.append(b)
            continue
        wide = [j for j, (lo, hi) in enumerate(b) if lo < hi]
        if not wide or len(done) + len(todo) + 2 > max_tiles:
            return None
        j = max(wide, key=lambda j: b[j][1] - b[j][0])
        mid = (b[j][0] + b[j][1]) / 2
        left, right = list(b), list(b)
        left[j], right[j] = (b[j][0], mid), (mid, b[j][1])
        todo += [tuple(right), tuple(left)]
    return sorted(done)
