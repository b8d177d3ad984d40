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
own kind. The kind is that of the ends, else of the running claim body, else (or when richer,
e.g. a Dual the integrand closes over: ``d`` of an integral with constant ends) the kind the
integrand computes in at one probe point.

Soundness rules (issue 12):

* nested integrals: each call gets its own variable *tag*; the inner integrand sees the outer
  variable as a series in another variable (:mod:`theorycheck.enclose.series`), so the inner
  integral is a series in the outer variable, coefficient by coefficient (never the two
  variables confused, as in AD's perturbation confusion). An inner end that depends on the
  outer variable is handled by the substitution s = a + (b - a) u, u in [0, 1];
* undefined integrands: a cell whose enclosure is not finite (NaN, infinite radius, a domain
  error) is split; one that cannot be split further makes the integral raise NotEnclosed (no
  enclosure, and no claim that it is undefined either: the engines leave that box or point
  undecided), so an integrand undefined somewhere on the range (1/t over [-1, 1], log t over
  [0, 1]; improper integrals are not supported) never gives a defined enclosure. An integrand
  whose input lies wholly outside a function's domain on a cell raises DomainError (certainly
  undefined there). A NaN error estimate never
  passes as small (``not (err <= share)`` splits it);
* outside a claim body with plain-number arguments, ``integral`` returns a
  :class:`~theorycheck.expr.Lazy` (:func:`lazy_quantity`), made in the kind it meets: never
  scipy's float taken as an exact number by a proof.
"""

from __future__ import annotations

import contextvars
import math
from fractions import Fraction

from . import work
from .enclose import kinds
from .enclose.interval import Interval
from .expr import ClaimBodyError, Lazy, Real, current_like, unwatched

__all__ = ["integral", "lazy_quantity"]

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


# set while only the *definedness* of a body is asked (the premise of a symbolic identity):
# integrals then stop splitting cells as soon as every cell has a finite enclosure (still
# rigorous, just wide); an integrand undefined somewhere never gets one
LOOSE = contextvars.ContextVar("theorycheck_loose_integrals", default=False)
# set by the fast path (theorycheck.fastpath): a body with an integral is not an easy claim (one
# enclosure of it over a whole box can cost minutes), so it raises this and goes the normal way
NOT_HERE = contextvars.ContextVar("theorycheck_no_integrals_here", default=False)


class IntegralNotHere(Exception):
    """An integral met where integrals are not evaluated (the fast path)."""


def integral(fn, a, b, *, tail=None, tol: float = 1e-12):
    """The integral of ``fn(x) dx`` from ``a`` to ``b``; see the module docstring.

    ``tail``: for an infinite end, a function T -> B(T) (theorycheck expression) with
    ``|integral of fn beyond T| <= B(T)`` for the T we pick (|T| >= 1); it must be a proved
    bound: the enclosure is only as sound as it is.
    """
    if (_is_inf(a) or _is_inf(b)) and tail is None:
        raise ClaimBodyError(
            "integral with an infinite end needs tail=lambda T: bound, an analytic bound on the "
            "integral beyond T (an unbounded tail is never guessed)"
        )
    if NOT_HERE.get():
        raise IntegralNotHere()
    tol = float(tol)  # a literal typed in a body is an exact constant; the tolerance is a float
    if LOOSE.get():
        tol = math.inf  # only definedness is asked: any finite rigorous enclosure will do
    like = _newest_like([v.raw for v in (a, b) if isinstance(v, Real)] + [current_like()])
    probed = _probe_kind(fn, a, b, like)
    if probed is not None:
        like = probed
    if like is None:
        # outside a claim body, nothing but plain numbers: the value stays lazy (exact) until it
        # meets a kind, then is made in it (a rigorous enclosure in proofs, scipy in search)
        return lazy_quantity(lambda: integral(fn, a, b, tail=tail, tol=tol), "integral")
    kn = kinds.kind_name(like)
    if kn == "array":
        raise ClaimBodyError("integral() is evaluated point by point, not on arrays")
    engines = {"float": lambda: _float_integral(fn, a, b), "mpf": lambda: _mp_integral(fn, a, b),
               "sympy": lambda: _sympy_integral(fn, a, b, like),
               "Dual": lambda: _dual_integral(fn, a, b, like, tail, tol),
               # "Series": inside the integrand of an enclosing integral (nested integrals)
               "Interval": lambda: _interval_integral(fn, a, b, like, tail, tol),
               "Series": lambda: _interval_integral(fn, a, b, like, tail, tol)}
    if kn not in engines:
        raise ClaimBodyError(f"integral() is not available on {kn} values (the prover falls back to intervals)")
    # the integrand's values on cells (which may be subdivided until defined) are the integral's
    # business, not values of the body: only the integral itself is (its decoration says whether
    # the integrand was defined on the whole range)
    with unwatched():
        raw = engines[kn]()
    return Real(raw)


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


def _probe_kind(fn, a, b, like):
    """The kind the integrand itself computes in, when it is richer than ``like``: a Dual when
    ``fn`` closes over duals (``d`` of an integral with constant ends), or any kind at all when
    ``like`` is None (outside a body: ``fn`` may close over claim values). Evaluated at a few
    points of the range (the midpoint first; a point may be singular); errors only mean "try
    another point" (the evaluation proper reports what is wrong)."""
    kn = kinds.kind_name(like) if like is not None else None
    if kn in ("Dual", "Series", "array"):
        return None
    pts = []
    for v in (a, b):
        if _is_inf(v):
            continue
        r = _raw(v, like if like is not None else 0.0)
        if isinstance(r, Interval):
            pts.append(r.lo_fraction)
        elif isinstance(r, (int, Fraction)) or isinstance(r, float) and math.isfinite(r):
            pts.append(Fraction(r))
        else:
            return None
    if len(pts) == 2:
        lo, hi = pts
        probes = [(lo + hi) / 2, (3 * lo + hi) / 4, (lo + 3 * hi) / 4]
    elif len(pts) == 1:
        step = 1 if _is_inf(b) else -1
        probes = [pts[0] + step, pts[0] + 2 * step]
    else:
        probes = [Fraction(0), Fraction(1)]
    for mid in probes:
        try:
            x = float(mid) if like is None else kinds.exact_in_kind(mid, like)
            out = fn(Real(x))
        except (ArithmeticError, TypeError, ValueError, AttributeError):
            continue
        raw = out.raw if isinstance(out, Real) else None
        if raw is None:
            return None
        rk = kinds.kind_name(raw)
        if rk == "Dual" and kn != "Dual":
            return raw
        if like is None and rk != "float":
            return raw
        return None
    return None


def lazy_quantity(compute, text: str):
    """A :class:`Lazy` for a quantity computed outside a claim body (issue 12, kind 8).

    A float computed at module level (scipy's value of an integral, say) would enter a claim as
    an exact number: a spike's mass of 0.0 proves a false bound, a rounded value refutes a true
    one. This Lazy instead runs ``compute()`` (with no arguments) in the kind of the value it
    meets: in float search on floats, in proofs and certification on intervals (a rigorous
    enclosure), on mpmath numbers or sympy symbols likewise; kinds without a ``compute`` of their
    own (batched IntervalArray, Series inside an integral, Dual) get the Interval enclosure
    lifted into them (a Dual with zero derivative: the quantity is a constant).

    ``compute`` is run at most once per kind and precision (flint and mpmath), the first time the
    quantity is needed in it: the value is the quantity as defined by then, as a module-level
    float would be. Keyed on this object (nothing is shared between two quantities)."""
    from .expr import Lazy

    memo: dict = {}

    def make(like):
        import flint
        import mpmath

        kn = kinds.kind_name(like)
        if kn in ("float", "array"):
            base = 0.0
        elif kn in ("mpf", "sympy"):
            base = like
        else:
            base = Interval.point(0)
        bk = kinds.kind_name(base)
        key = (bk, flint.ctx.prec, mpmath.mp.prec)
        if key not in memo or bk == "sympy":
            with _kind(base):
                out = compute()
            raw = out.raw if isinstance(out, Real) else (out.materialize_like(base) if isinstance(out, Lazy) else out)
            if bk == "float":
                raw = float(raw)
            memo[key] = raw
        return _lift_constant(memo[key], like)

    return Lazy(make, text)


def _lift_constant(value, like):
    """A constant (float, mpf, sympy or Interval) in the kind of ``like``."""
    kn = kinds.kind_name(like)
    if kn in ("float", "array", "mpf", "sympy", "Interval"):
        return value
    if kn == "Dual":
        # a constant of *this* perturbation (a fresh tag would make it the newest one, and the
        # claim's own derivatives would then hide inside its value)
        return type(like)(_lift_constant(value, like.val), (0,) * len(like.grad), like.tag)
    return type(like).point_like(like, value)


# -- non-rigorous kinds -------------------------------------------------------------------------


def _float_integral(fn, a, b):
    from scipy.integrate import quad

    lo = -math.inf if _is_inf(a) and _sign_inf(a) < 0 else (math.inf if _is_inf(a) else float(_raw(a, 0.0)))
    hi = math.inf if _is_inf(b) and _sign_inf(b) > 0 else (-math.inf if _is_inf(b) else float(_raw(b, 0.0)))
    out = quad(lambda x: float(_raw(fn(Real(float(x))), 0.0)), lo, hi, limit=200, epsabs=1e-13, epsrel=1e-12,
               full_output=1)
    work.charge(work.QUAD_EVALUATION * out[2].get("neval", 0))  # the claim's budget counts work
    return out[0]


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

    def exact(r):
        # a float here comes from outside the body's literals (a module constant as an end, or an
        # integrand returning one): it is its exact binary value, as on every other kind. Its
        # decimal repr (0.1 as 1/10) or a sympy Float (approximate arithmetic, 0.1 - 1/10 == 0 at
        # 53 bits) made false identities such as int_0^A 1 dt == 1/10 (A = 0.1) reduce to 0.
        if isinstance(r, float):
            from .expr import binary_value

            q = binary_value(r)
            return sympy.Rational(q.numerator, q.denominator)
        if isinstance(r, Fraction):
            return sympy.Rational(r.numerator, r.denominator)
        return sympy.sympify(r)

    def end(v):
        if _is_inf(v):
            return sympy.oo * _sign_inf(v)
        return exact(_raw(v, like))

    body = exact(_raw(fn(Real(t)), like))
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
    if kinds.kind_name(r) == "Series":
        raise ClaimBodyError("integral: an end that depends on an outer integral's variable")
    if isinstance(r, float):
        from .expr import literal_value

        return Interval.point(literal_value(r))
    return Interval.point(r)


def _eval_interval(fn, x: Interval):
    """fn on the interval x: an Interval, or a Series in the variables of enclosing integrals."""
    from .enclose.series import Series

    out = _raw(fn(Real(x)), x)
    return out if isinstance(out, (Interval, Series)) else Interval.point(out)


def _series_end(v, like):
    from .enclose.series import Series

    if _is_inf(v):
        return None
    r = _raw(v, like)
    return r if isinstance(r, Series) else None


def _interval_integral(fn, a, b, like, tail, tol):
    from .enclose.series import Series

    if _series_end(a, like) is not None or _series_end(b, like) is not None:
        # an end that depends on an enclosing integral's variable t: substitute
        # s = a + (b - a) u, u in [0, 1], so the range is fixed and every t-dependence sits in
        # the integrand (a series in u and t): int_a^b f(s) ds = int_0^1 f(a + (b - a) u) (b - a) du
        if _is_inf(a) or _is_inf(b):
            raise ClaimBodyError("integral: an infinite end with the other end depending on an outer integral")
        A = _raw(a, like)
        B = _raw(b, like)
        A = A if isinstance(A, (Series, Interval)) else _as_interval(a, like)
        B = B if isinstance(B, (Series, Interval)) else _as_interval(b, like)
        span = B - A
        return _exact_ends_integral(lambda u: (fn(Real(A) + u * Real(span))) * Real(span), Fraction(0), Fraction(1), tol)
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
    if not isinstance(r, Interval) and kinds.kind_name(r) == "Series":
        # a tail bound that depends on an enclosing integral's variable bounds the tail's value,
        # not its Taylor coefficients in that variable: refused here (TypeError), so the
        # enclosing integral falls back to evaluating this one on intervals of its variable
        raise ClaimBodyError("integral: a tail bound depending on an outer integral's variable")
    iv = r if isinstance(r, Interval) else Interval.point(r)
    if not iv.is_finite() or getattr(iv, "defined", True) is False:
        from .enclose.interval import NotEnclosed

        raise NotEnclosed(f"integral: the tail bound at T={T} is not finite or not defined ({iv})")
    if iv.lo < 0:
        raise ClaimBodyError(f"integral: the tail bound at T={T} is negative ({iv}); it must bound |tail|")
    return iv


def _finite(v) -> bool:
    from flint import arb

    from .enclose.series import Series

    if isinstance(v, arb):
        return v.is_finite()
    if isinstance(v, Series):
        return v.is_finite()
    if isinstance(v, Interval):
        return v.is_finite() and getattr(v, "defined", True) is not False
    return False


def _radius(v) -> float:
    """A float radius for the splitting heuristic (+inf for anything not finite: a NaN error
    estimate must split the cell or fail, never pass as small)."""
    from .enclose.series import Series

    if isinstance(v, Series):
        return v.constant_radius()
    if not v.is_finite():
        return math.inf
    return float(v.rad())


def _bound_by(c, w):
    """A ball centred at 0 holding every number of absolute value <= |c| w (c an arb ball)."""
    from flint import arb

    return arb(0, c.abs_upper() * w)


def _exact_ends_integral(fn, a0: Fraction, b0: Fraction, tol):
    """Integral over [a0, b0] (exact rationals; a0 > b0 gives minus the reverse): an Interval,
    or a Series in the variables of the enclosing integrals when ``fn`` depends on them.

    Per cell ``c +- r``: the Taylor coefficients a_k of fn at c (orders < n) are integrated
    exactly (odd ones vanish over [-r, r]) and the Lagrange remainder is at most
    ``max over the cell |a_n| * 2 r^(n+1)/(n+1)``, with a_n enclosed over the whole cell by
    evaluating on a series centred at the cell's ball. When fn depends on an outer integral's
    variable, every coefficient is a series in that variable and the rule holds coefficient by
    coefficient (the coefficient of tau^k of the inner integral is the integral of the
    coefficient of tau^k of its integrand). Where no series exists (abs, min, ...) the cell gets
    the first-order enclosure ``2 r fn(cell)``. A cell whose enclosure is not finite (NaN, an
    infinite radius: fn may be undefined or unbounded there) is split; when it cannot be split
    further, the integral raises NotEnclosed: it is not known to be defined, and nothing
    undefined is ever enclosed as if it were defined."""
    from flint import arb, fmpq

    from .enclose.interval import NotEnclosed
    from .enclose.series import Series, new_tag

    if a0 == b0:
        return Interval.point(0)
    if a0 > b0:
        return -_exact_ends_integral(fn, b0, a0, tol)
    n = SERIES_ORDER
    tag = new_tag()
    cells = [(a0, b0)]
    total = arb(0)
    width = b0 - a0
    done = 0
    while cells:
        u, v = cells.pop()
        work.charge(work.INTEGRAL_CELL)  # the claim's budget counts work (theorycheck.work)
        c = (u + v) / 2
        r = (v - u) / 2
        c_ball = arb(fmpq(c.numerator, c.denominator))
        r_ball = arb(fmpq(r.numerator, r.denominator))
        piece = None
        err = math.inf
        try:
            at_c = _coefficients(fn, Series.variable(c_ball, n + 1, tag), tag)
            on_cell = _coefficients(fn, Series.variable(arb.union(c_ball - r_ball, c_ball + r_ball), n + 1, tag), tag)
        except (TypeError, ValueError, ZeroDivisionError, ArithmeticError, ClaimBodyError):
            at_c = None
        if at_c is not None and all(_finite(at_c[k]) for k in range(0, n, 2)) and _finite(on_cell[n]):
            piece = arb(0)
            for k in range(0, n, 2):  # odd powers integrate to 0 over [-r, r]
                piece = at_c[k] * (2 * r_ball ** (k + 1) / (k + 1)) + piece
            w = 2 * r_ball ** (n + 1) / (n + 1)
            top = on_cell[n]
            rem = top.map_coefficients(lambda z: _bound_by(z, w)) if isinstance(top, Series) else _bound_by(top, w)
            piece = piece + rem
            err = _radius(rem)  # the truncation error: what splitting reduces
        else:
            # no Taylor series here (abs, min, a singular point, ...): 2 r fn(cell)
            try:
                cell_val = _eval_interval(fn, _interval_of(u, v))
            except (TypeError, ValueError, ZeroDivisionError, ArithmeticError):
                cell_val = None
            if cell_val is not None and _finite(cell_val):
                piece = (cell_val * (2 * r_ball)) if isinstance(cell_val, Series) else _ball_of(cell_val) * (2 * r_ball)
                err = _radius(piece)
        share = tol * float(r / width) if width else tol
        can_split = done + len(cells) < MAX_CELLS and r > Fraction(1, 2**60)
        if not (err <= share) and can_split:
            cells.append((u, c))
            cells.append((c, v))
            continue
        if piece is None or not _finite(piece):
            # not a proof that the integral is undefined (an enclosure that did not converge
            # proves nothing): the box or point stays undecided
            raise NotEnclosed(
                f"integral: the integrand is not known to be defined and bounded on "
                f"[{float(u)!r}, {float(v)!r}] (a singular point, or a value outside a function's domain)"
            )
        total = piece + total
        done += 1
    if isinstance(total, Series):
        return total
    return Interval(total.lower(), total.upper())


def _coefficients(fn, x, tag):
    """The Taylor coefficients (in the variable ``tag``) of fn at the series x: arbs, or Series
    in the enclosing integrals' variables."""
    from .enclose.series import Series, series_length

    with series_length(x.n):
        out = fn(Real(x))
    raw = out.raw if isinstance(out, Real) else (out.materialize_like(x) if isinstance(out, Lazy) else out)
    if not isinstance(raw, Series):
        raw = Series.point_like(x, raw)
    elif tag not in raw.tags:
        raw = raw + x * 0  # does not depend on this variable: the same series with it added
    if raw.tags[-1] != tag:
        raise ClaimBodyError("integral: the integrand uses the variable of an integral that has already ended")
    return [raw.coefficient(k) for k in range(x.orders[-1])]


def _interval_of(u: Fraction, v: Fraction) -> Interval:
    return Interval.point(u).hull(Interval.point(v))


def _ball_of(iv: Interval):
    from flint import arb

    lo, hi = iv._lo, iv._hi
    if isinstance(lo, float) or isinstance(hi, float):
        from .enclose.interval import NotEnclosed

        raise NotEnclosed("integral: the integrand's enclosure is unbounded on a cell")
    return arb.union(lo, hi)
