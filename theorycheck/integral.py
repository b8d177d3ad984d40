"""Integrals inside claims, enclosed rigorously in proofs.

``integral(f, a, b)`` is the integral of ``f(x) dx`` from ``a`` to ``b``. ``f`` may close over the
claim's variables; ``a`` and ``b`` may be claim values, numbers, or ``-inf``/``inf`` (then
``tail=`` must bound what lies beyond a cut-off, see :func:`integral`).

How it is enclosed (the interval kind):

* finite ends ``[a0, b0]`` (exact points): adaptive cells; on a cell ``c +- r`` the Taylor
  coefficients of ``f`` at the point ``c`` (orders < n) are integrated exactly, and the
  Lagrange remainder is enclosed with the order-n coefficient over the whole cell, an Arb ball
  valid at every point of the cell (``arb_series`` on a ball). A cell whose remainder is too wide
  is halved; the sum of all cells encloses the integral whatever the tolerance;
* ends that are intervals (claim values over a box): integral from a0 to b0 at exact points,
  plus ``(b - b0) f(hull(b0, b))`` minus ``(a - a0) f(hull(a0, a))``;
* an infinite end: the user's ``tail(T)`` must return an upper bound of
  ``|integral of f beyond T|`` (an analytic bound, e.g. a Gaussian tail Phi(-(T - m)/s)); it is
  evaluated with intervals and added as ``[-B, B]``.

On floats (search) it is scipy's ``quad``; on mpmath numbers ``mpmath.quad``; on sympy symbols
``sympy.integrate``; on duals (derivatives) the Leibniz rule, each component integrated in its
own kind.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .enclose import kinds
from .enclose.interval import Interval
from .expr import ClaimBodyError, Lazy, Real, current_like

__all__ = ["integral"]

SERIES_ORDER = 12
MAX_CELLS = 4000


def _is_inf(v) -> bool:
    return isinstance(v, float) and math.isinf(v) or (isinstance(v, str) and v.strip().lstrip("+-") == "inf")


def _sign_inf(v) -> int:
    if isinstance(v, str):
        return -1 if v.strip().startswith("-") else 1
    return 1 if v > 0 else -1


def _raw(v, like):
    if isinstance(v, Real):
        return v.raw
    if isinstance(v, Lazy):
        return v.materialize_like(like)
    return v


def integral(fn, a, b, *, tail=None, tol: float = 1e-12):
    """The integral of ``fn(x) dx`` from ``a`` to ``b``; see the module docstring.

    ``tail``: for an infinite end, a function T -> B(T) (theorycheck expression) with
    ``|integral of fn beyond T| <= B(T)`` for the T we pick (|T| >= 1); it must be a proved
    bound: the enclosure is only as sound as it is.
    """
    tol = float(tol)  # a literal typed in a body is an exact constant; the tolerance is a float
    like = _newest_like([v.raw for v in (a, b) if isinstance(v, Real)] + [current_like()])
    if like is None:
        like = 0.0
    if (_is_inf(a) or _is_inf(b)) and tail is None:
        raise ClaimBodyError(
            "integral with an infinite end needs tail=lambda T: bound, an analytic bound on the "
            "integral beyond T (an unbounded tail is never guessed)"
        )
    kn = kinds.kind_name(like)
    if kn == "float":
        return Real(_float_integral(fn, a, b))
    if kn == "array":
        raise ClaimBodyError("integral() is evaluated point by point, not on arrays")
    if kn == "mpf":
        return Real(_mp_integral(fn, a, b))
    if kn == "sympy":
        return Real(_sympy_integral(fn, a, b, like))
    if kn == "Dual":
        return Real(_dual_integral(fn, a, b, like, tail, tol))
    if kn == "Interval":
        return Real(_interval_integral(fn, a, b, like, tail, tol))
    raise ClaimBodyError(f"integral() is not available on {kn} values (the prover falls back to intervals)")


def _newest_like(raws):
    """The kind to integrate in: the Dual of the newest perturbations among the ends and the
    body's kind, else the first end, else the body's kind. The integrand may close over values
    carrying perturbations the ends lack (``d()`` sets the body's kind to its own seed), and its
    derivative in those must not be dropped."""
    raws = [r for r in raws if r is not None]
    duals = [r for r in raws if kinds.kind_name(r) == "Dual"]
    if duals:
        return max(duals, key=lambda r: r.tag)
    return raws[0] if raws else None


# -- non-rigorous kinds -------------------------------------------------------------------------


def _float_integral(fn, a, b):
    from scipy.integrate import quad

    lo = -math.inf if _is_inf(a) and _sign_inf(a) < 0 else (math.inf if _is_inf(a) else float(_raw(a, 0.0)))
    hi = math.inf if _is_inf(b) and _sign_inf(b) > 0 else (-math.inf if _is_inf(b) else float(_raw(b, 0.0)))
    val, _ = quad(lambda x: float(_raw(fn(Real(float(x))), 0.0)), lo, hi, limit=200, epsabs=1e-13, epsrel=1e-12)
    return val


def _mp_integral(fn, a, b):
    import mpmath

    def end(v, sign_default):
        if _is_inf(v):
            return mpmath.inf * _sign_inf(v)
        return mpmath.mpf(_raw(v, mpmath.mpf(0)))

    return mpmath.quad(lambda x: _raw(fn(Real(x)), mpmath.mpf(0)), [end(a, -1), end(b, 1)])


def _sympy_integral(fn, a, b, like):
    import sympy

    t = sympy.Dummy("t", real=True)

    def end(v):
        if _is_inf(v):
            return sympy.oo * _sign_inf(v)
        r = _raw(v, like)
        if isinstance(r, float):
            return sympy.Rational(repr(r))
        return sympy.sympify(r)

    body = sympy.sympify(_raw(fn(Real(t)), like))
    # unevaluated: the symbolic prover decides whether (and how long) to try evaluating it
    return sympy.Integral(body, (t, end(a), end(b)))


# -- duals: the Leibniz rule ----------------------------------------------------------------------


def _dual_integral(fn, a, b, like, tail, tol):
    from .enclose.dual import Dual

    if _is_inf(a) or _is_inf(b):
        # tail(T) bounds the integrand's tail, not the tail of its derivative in a parameter:
        # reusing it for the derivative parts would be unsound, so we do not differentiate here
        raise ClaimBodyError(
            "derivatives of an integral with an infinite end are not available (the tail bound "
            "covers the integrand, not its derivative)"
        )

    n = len(like.grad)

    def component(k):
        def g(x):
            out = fn(Real(Dual(x.raw, (0,) * n, like.tag)))  # like's perturbations, not new ones
            raw = _raw(out, like)
            if not isinstance(raw, Dual) or raw.tag != like.tag:  # constant in like's perturbations
                return Real(raw) if k < 0 else Real(_zero(x.raw))
            part = raw.val if k < 0 else raw.grad[k]
            if isinstance(part, int):
                part = _zero(x.raw) if part == 0 else part
            return Real(part)

        return g

    def end_parts(v):
        if _is_inf(v):
            return v, (0,) * n
        r = _raw(v, like)
        if isinstance(r, Dual) and r.tag == like.tag:
            return Real(r.val), r.grad
        return v, (0,) * n

    a_val, a_grad = end_parts(a)
    b_val, b_grad = end_parts(b)
    with _kind(like.val):
        val = integral(component(-1), a_val, b_val, tail=tail, tol=tol).raw
        grads = []
        for k in range(n):
            gk = integral(component(k), a_val, b_val, tail=tail, tol=tol).raw
            # Leibniz: d/dp of the integral from a(p) to b(p) adds f(b) b' - f(a) a'
            if not (isinstance(b_grad[k], int) and b_grad[k] == 0):
                gk = gk + component(-1)(b_val if isinstance(b_val, Real) else Real(_point(b_val, like.val))).raw * b_grad[k]
            if not (isinstance(a_grad[k], int) and a_grad[k] == 0):
                gk = gk - component(-1)(a_val if isinstance(a_val, Real) else Real(_point(a_val, like.val))).raw * a_grad[k]
            grads.append(gk)
    return Dual(val, tuple(grads), like.tag)


def _zero(like):
    from .enclose.dual import _point_like

    return _point_like(0, like)


def _point(v, like):
    from .enclose.dual import _point_like

    return _point_like(v, like)


class _kind:
    def __init__(self, like):
        self.like = like

    def __enter__(self):
        from .expr import _CURRENT_LIKE

        self.token = _CURRENT_LIKE.set(self.like)

    def __exit__(self, *exc):
        from .expr import _CURRENT_LIKE

        _CURRENT_LIKE.reset(self.token)


# -- rigorous -----------------------------------------------------------------------------------


def _as_interval(v, like) -> Interval:
    r = _raw(v, like)
    if isinstance(r, Interval):
        return r
    if isinstance(r, float):
        from .expr import literal_value

        return Interval.point(literal_value(r))
    return Interval.point(r)


def _eval_interval(fn, x: Interval) -> Interval:
    out = _raw(fn(Real(x)), x)
    return out if isinstance(out, Interval) else Interval.point(out)


def _interval_integral(fn, a, b, like, tail, tol) -> Interval:
    sign = 1
    lo_inf = _is_inf(a)
    hi_inf = _is_inf(b)
    if lo_inf and _sign_inf(a) > 0 or hi_inf and _sign_inf(b) < 0:
        raise ClaimBodyError("integral: the lower end is +inf or the upper end is -inf; swap them")
    extra = Interval.point(0)
    if lo_inf or hi_inf:
        # choose finite cut-offs where the tail bound is small
        A = None if lo_inf else _as_interval(a, like)
        B = None if hi_inf else _as_interval(b, like)
        if hi_inf:
            T = max(8.0, float(A.hi_fraction) + 8.0 if A is not None else 8.0)
            bound = _tail_bound(tail, T)
            while bound.hi > tol and T < 1e6:
                T *= 2
                bound = _tail_bound(tail, T)
            B = Interval.point(T)
            extra = extra + Interval(-bound.hi, bound.hi) if bound.hi > 0 else extra
        if lo_inf:
            T = min(-8.0, float(B.lo_fraction) - 8.0)
            bound = _tail_bound(tail, T)
            while bound.hi > tol and T > -1e6:
                T *= 2
                bound = _tail_bound(tail, T)
            A = Interval.point(T)
            extra = extra + Interval(-bound.hi, bound.hi) if bound.hi > 0 else extra
    else:
        A = _as_interval(a, like)
        B = _as_interval(b, like)
    # anchors: exact points at the lower ends of the end intervals
    a0 = A.lo_fraction
    b0 = B.lo_fraction
    core = _exact_ends_integral(fn, a0, b0, tol)
    total = core + extra
    if not A.is_point():
        total = total - (A - Interval.point(a0)) * _eval_interval(fn, A.hull(Interval.point(a0)))
    if not B.is_point():
        total = total + (B - Interval.point(b0)) * _eval_interval(fn, B.hull(Interval.point(b0)))
    return total * sign


def _tail_bound(tail, T) -> Interval:
    out = tail(Real(Interval.point(T)))
    r = out.raw if isinstance(out, Real) else (out.materialize_like(Interval.point(0)) if isinstance(out, Lazy) else out)
    iv = r if isinstance(r, Interval) else Interval.point(r)
    if iv.lo < 0:
        raise ClaimBodyError(f"integral: the tail bound at T={T} is negative ({iv}); it must bound |tail|")
    return iv


def _exact_ends_integral(fn, a0: Fraction, b0: Fraction, tol) -> Interval:
    """Integral over [a0, b0] (exact rationals; a0 > b0 gives minus the reverse)."""
    from flint import arb, fmpq

    from .enclose.series import Series

    if a0 == b0:
        return Interval.point(0)
    if a0 > b0:
        return -_exact_ends_integral(fn, b0, a0, tol)
    n = SERIES_ORDER
    cells = [(a0, b0)]
    total = arb(0)
    width = b0 - a0
    done = 0
    while cells:
        u, v = cells.pop()
        c = (u + v) / 2
        r = (v - u) / 2
        c_ball = arb(fmpq(c.numerator, c.denominator))
        r_ball = arb(fmpq(r.numerator, r.denominator))
        try:
            at_c = _coefficients(fn, Series.variable(c_ball, n + 1))
            on_cell = _coefficients(fn, Series.variable(arb.union(c_ball - r_ball, c_ball + r_ball), n + 1))
        except (TypeError, ValueError, ZeroDivisionError, ClaimBodyError):
            at_c = None
        if at_c is None:
            # not analytic here (abs, min, ...): the first-order enclosure 2r f(cell)
            cell_iv = _eval_interval(fn, _interval_of(u, v))
            piece = _ball_of(cell_iv) * (2 * r_ball)
            err = piece.rad()
        else:
            piece = arb(0)
            for k in range(0, n, 2):  # odd powers integrate to 0 over [-r, r]
                piece += at_c[k] * 2 * r_ball ** (k + 1) / (k + 1)
            remainder = on_cell[n].abs_upper() * 2 * r_ball ** (n + 1) / (n + 1)
            piece += arb(0, remainder)
            err = piece.rad()
        share = tol * float(r / width) if width else tol
        if float(err) > share and done + len(cells) < MAX_CELLS and r > Fraction(1, 2**60):
            cells.append((u, c))
            cells.append((c, v))
            continue
        total += piece
        done += 1
    return Interval(total.lower(), total.upper())


def _coefficients(fn, x):
    from .enclose.series import series_length

    with series_length(x.n):
        out = fn(Real(x))
    raw = out.raw if isinstance(out, Real) else (out.materialize_like(x) if isinstance(out, Lazy) else out)
    from .enclose.series import Series

    if not isinstance(raw, Series):
        raw = Series.point_like(x, raw)
    return [raw.coefficient(k) for k in range(raw.n)]


def _interval_of(u: Fraction, v: Fraction) -> Interval:
    return Interval.point(u).hull(Interval.point(v))


def _ball_of(iv: Interval):
    from flint import arb

    lo, hi = iv._lo, iv._hi
    if isinstance(lo, float) or isinstance(hi, float):
        raise ClaimBodyError("integral: the integrand is unbounded on a cell")
    return arb.union(lo, hi)
