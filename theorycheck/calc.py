"""Derivations checked step by step: ``calc`` chains and derivative steps.

    @claim(x=(0, 1))
    def exp_is_below_a_line(x):
        return (calc(exp(x))
                .le(1 + x + x**2 / 2 * exp(x), "Taylor with Lagrange remainder")
                .le(1 + x + 1.36 * x**2, "exp(x) <= e < 2.72 on [0, 1]")
                .le(1 + 2.36 * x, "x**2 <= x on [0, 1]"))

Each step ``e_{k-1} R_k e_k`` is a claim of its own over the claim's box and gets its own
verdict; the chain's *conclusion* ``e_0 R e_n`` (R composed from the steps) gets one too, because
a true conclusion reached through a false step is still a broken proof.
"""

from __future__ import annotations

import inspect

from .expr import _CURRENT_LIKE, ClaimBodyError, Lazy, Real, Relation

__all__ = ["calc", "Chain", "d"]

_SYMBOL = {"le": "<=", "lt": "<", "ge": ">=", "gt": ">", "eq": "=="}


def _compose(a: str, b: str) -> str | None:
    """The relation of e_0 to e_2 from e_0 a e_1 and e_1 b e_2; None when they do not compose."""
    if a == "==":
        return b
    if b == "==":
        return a
    up = {"<=", "<"}
    down = {">=", ">"}
    if a in up and b in up:
        return "<" if "<" in (a, b) else "<="
    if a in down and b in down:
        return ">" if ">" in (a, b) else ">="
    return None


class Chain(Relation):
    """A derivation e_0 R_1 e_1 R_2 ... R_n e_n; as a relation, the conjunction of its steps."""

    __slots__ = ("exprs", "reasons")

    def __init__(self, start):
        super().__init__(None, "and", None, parts=[])
        self.exprs = [start]
        self.reasons = []

    def _step(self, op, expr, reason):
        if isinstance(expr, Relation):
            raise ClaimBodyError("a calc step takes an expression, not a comparison")
        step = Relation(self.exprs[-1], op, expr)
        self.parts.append(step)
        self.exprs.append(expr)
        self.reasons.append(reason)
        return self

    def le(self, expr, reason=None):
        return self._step("<=", expr, reason)

    def lt(self, expr, reason=None):
        return self._step("<", expr, reason)

    def ge(self, expr, reason=None):
        return self._step(">=", expr, reason)

    def gt(self, expr, reason=None):
        return self._step(">", expr, reason)

    def eq(self, expr, reason=None):
        return self._step("==", expr, reason)

    @property
    def steps(self):
        return list(self.parts)

    def conclusion_op(self) -> str | None:
        if not self.parts:
            return None
        op = self.parts[0].op
        for step in self.parts[1:]:
            op = _compose(op, step.op)
            if op is None:
                return None
        return op

    def conclusion(self) -> Relation:
        op = self.conclusion_op()
        if op is None:
            raise ClaimBodyError(
                "the steps of this calc chain do not compose (a <= step followed by a >= step): "
                "there is no conclusion to check"
            )
        return Relation(self.exprs[0], op, self.exprs[-1])

    def __repr__(self):
        return f"calc({len(self.parts)} steps)"


def calc(start) -> Chain:
    """Start a derivation at ``start``; add steps with ``.le .lt .ge .gt .eq(expr, reason)``."""
    if isinstance(start, Relation):
        raise ClaimBodyError("calc() starts from an expression, not a comparison")
    return Chain(start)


# -- derivative steps -------------------------------------------------------------------------


def d(fn, var: str):
    """The partial derivative of ``fn`` in its parameter ``var``, as a function of the same
    parameters.

    ``d(L, "l1")(mu1, mu2, l1, r1)`` is dL/dl1 at that point: exact (sympy) when the body runs on
    symbols, an interval enclosure over the box in proofs (forward-mode AD on intervals), floats
    in search. Derivatives nest: ``d(d(f, "x"), "x")``, ``d(d(f, "x"), "y")``.

    Each call seeds ``var`` with a perturbation of a fresh tag (see
    :mod:`theorycheck.enclose.dual`) and reads off that tag's component only. So ``fn`` may close
    over claim variables, and its arguments may themselves carry the prover's derivatives
    (gradients, Hessians, outer ``d`` calls): those are older tags, constants to this derivative,
    and the result keeps their derivatives, as the chain rule wants. The other parameters get
    the same tag with derivative 0, so that code choosing a kind from them (``integral``) sees it.
    """
    params = list(inspect.signature(fn).parameters)
    if var not in params:
        raise ClaimBodyError(f"d(): {getattr(fn, '__name__', fn)!r} has no parameter {var!r} (it has {params})")
    index = params.index(var)

    def derivative(*args):
        from .enclose.dual import Dual, new_tag, tangent

        if len(args) != len(params):
            raise ClaimBodyError(f"d({getattr(fn, '__name__', 'fn')}, {var!r}) takes {len(params)} arguments")
        like = next((a.raw for a in args if isinstance(a, Real)), None)
        if like is None:
            raise ClaimBodyError("d(...) must be applied to claim values")
        tag = new_tag()
        duals = []
        for i, a in enumerate(args):
            raw = a.raw if isinstance(a, Real) else (a.materialize_like(like) if isinstance(a, Lazy) else a)
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                raw = _point(raw, like)
            duals.append(Dual(raw, (1 if i == index else 0,), tag))
        # while fn runs, the body's kind is this seeding: an integral inside fn whose ends do not
        # carry it still differentiates in it (see theorycheck.integral)
        from .enclose.dual import _KINKS

        token = _CURRENT_LIKE.set(duals[index])
        kinks = _KINKS.get()
        kinks_token = _KINKS.set({}) if kinks is None else None
        try:
            out = fn(*[Real(v) for v in duals])
            kink = _KINKS.get().pop(tag, False)
        finally:
            _CURRENT_LIKE.reset(token)
            if kinks_token is not None:
                _KINKS.reset(kinks_token)
        if isinstance(out, Lazy) or not isinstance(out, Real):
            return Real(_zero_like(like))  # fn does not depend on its arguments
        try:
            g = tangent(out.raw, tag)
        except ValueError as exc:
            raise ClaimBodyError(f"d(): {exc}") from exc
        if isinstance(g, int):
            g = _zero_like(like) if g == 0 else _point(g, like)
        # where abs/min/max sat on a kink of this derivative, only a hull of the two one-sided
        # derivatives is known: the derivative may not exist there, so the value is not
        # decorated defined (never proved there; a point there is undecided, not refuted)
        return Real(_undecorated(g, kink) if kink is not False else g)

    derivative.__name__ = f"d_{getattr(fn, '__name__', 'fn')}_d{var}"
    derivative.__signature__ = inspect.signature(fn)
    return derivative


def _undecorated(value, where):
    """``value`` with its decoration cleared where ``where`` (True, or a mask of a batch)."""
    import numpy as np

    from .enclose.dual import Dual
    from .enclose.interval import Interval

    if isinstance(value, Dual):
        return Dual(_undecorated(value.val, where), value.grad, value.tag)
    if isinstance(value, Interval):
        return Interval(value._lo, value._hi, _trusted=True, _defined=False)
    if hasattr(value, "_with_defined"):
        n = np.shape(value.lo)
        mask = np.broadcast_to(np.asarray(where, dtype=bool), n)
        defined = np.broadcast_to(np.asarray(getattr(value, "defined", True), dtype=bool), n) & ~mask
        return value._with_defined(defined)
    from .enclose import kinds

    if kinds.kind_name(value) == "sympy":
        import sympy

        return sympy.nan  # sympy: no exact derivative at a kink
    return value  # floats in the search: a hint only


def _point(value, like):
    from .enclose.dual import _point_like

    return _point_like(value, like)


def _zero_like(like):
    return _point(0, like)
