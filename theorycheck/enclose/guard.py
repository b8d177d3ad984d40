"""The guarded margin of ``implies(hypothesis, conclusion)``, in every kind.

For one part of the conclusion with margin ``c(x)`` (``big - small``; ``-|lhs - rhs|`` for an
identity) the claim ``implies(h, c)`` is the ordinary claim ``m >= 0`` (``m > 0`` when the part
is strict) about ONE well-defined function

    m(x) = VACUOUS   where the hypothesis h is false at x,
    m(x) = c(x)      where it holds,

with VACUOUS a positive constant (+inf in the float kinds of the search, 1 in the interval
kinds). Every enclosure made here is an enclosure of that m, so every engine (search, prover,
certifier, kernel) decides ``implies`` with its ordinary rules:

* hypothesis certainly false on the input: the constant (derivatives 0); c is not looked at
  (it may be undefined, or have raised);
* certainly true: exactly c (value, decoration, derivatives);
* uncertain (the input straddles the hypothesis' boundary): the hull of c and the constant,
  defined only where c is defined on the whole input; every derivative is the whole line (m
  jumps there), so the mean-value, monotonicity and Taylor arguments fail and the prover splits.

A hypothesis part ``a <= b`` holds where ``b - a >= 0`` (``> 0`` for ``<``, ``== 0`` for ``==``),
decided on its enclosure exactly as a part of a claim is. A hypothesis that is not defined on the
whole input makes m not defined there (undefined hypothesis: the claim fails there).
"""

from __future__ import annotations

import math

import numpy as np

from . import kinds

TRUE, FALSE, UNSURE = 1, -1, 0
VACUOUS = 1  # m where the hypothesis is false, in the interval kinds


class Undefined:
    """A value the body computed that raised (a function outside its domain, ...): kept instead
    of raising, so that ``implies`` can ignore it where its hypothesis is false. Any operation on
    it gives it back; if it is not excused by an ``implies`` the body raises ``exc`` at its end,
    as it would have without ``implies`` (see ``Claim.evaluate``)."""

    __slots__ = ("exc", "defined")

    def __init__(self, exc):
        self.exc = exc
        self.defined = False

    def _same(self, *other):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = _same

    def __bool__(self):
        raise self.exc

    def __repr__(self):
        return f"Undefined({type(self.exc).__name__}: {self.exc})"


def _inner(v):
    while type(v).__name__ == "Dual":
        v = v.val
    return v


def hypothesis_status(parts):
    """``parts``: [(margin raw, op)] with op "<=" (non-strict), "<" (strict) or "==" (identity),
    the margin ``big - small`` (``lhs - rhs`` for "=="). Returns (status, defined): status
    TRUE/FALSE/UNSURE (a bool array per element for the batch kinds: (true mask, false mask)),
    defined whether every part is defined on the whole input (a mask for batches), nowhere a
    mask of the batch elements where a part is certainly undefined (NaN)."""
    statuses, defined, nowhere = [], True, False
    for raw, op in parts:
        v = _inner(raw)
        if isinstance(v, Undefined):
            # the hypothesis is certainly undefined here: the body is, whatever c says
            raise v.exc
        kn = kinds.kind_name(v)
        if kn == "IntervalArray":
            lo, hi = v.lo, v.hi
            d = v.defined
            nan = np.isnan(lo) | np.isnan(hi)
            if op == "==":
                t, f = (lo == 0) & (hi == 0), (lo > 0) | (hi < 0)
            elif op == "<":
                t, f = lo > 0, hi <= 0
            else:
                t, f = lo >= 0, hi < 0
            statuses.append((t & ~nan, f & ~nan))
            defined = defined & d
            nowhere = nowhere | nan
        elif kn == "Interval":
            lo, hi = v.lo, v.hi
            if op == "==":
                s = TRUE if (lo == 0 and hi == 0) else FALSE if (lo > 0 or hi < 0) else UNSURE
            elif op == "<":
                s = TRUE if lo > 0 else FALSE if hi <= 0 else UNSURE
            else:
                s = TRUE if lo >= 0 else FALSE if hi < 0 else UNSURE
            statuses.append(s)
            defined = defined and bool(v.defined)
        elif kn in ("float", "mpf"):
            if v != v:  # NaN: the hypothesis is not defined here
                statuses.append(UNSURE)
                defined = False
                continue
            ok = (v == 0) if op == "==" else (v > 0) if op == "<" else (v >= 0)
            statuses.append(TRUE if ok else FALSE)
        elif kn == "array":
            x = np.asarray(v, dtype=float)
            ok = (x == 0) if op == "==" else (x > 0) if op == "<" else (x >= 0)
            nan = np.isnan(x)
            statuses.append((ok & ~nan, ~ok & ~nan))
            defined = defined & ~nan
        else:
            from .interval import NotEnclosed

            raise NotEnclosed(f"implies(...) is decided with numbers; it has no {kn} form")
    return statuses, defined, nowhere


def _and(statuses):
    """The conjunction of hypothesis statuses: TRUE if all, FALSE if one, else UNSURE (scalar),
    or a (true mask, false mask) pair when one of them is a batch."""
    if any(isinstance(s, tuple) for s in statuses):
        t, f = True, False
        for s in statuses:
            if isinstance(s, tuple):
                t, f = t & s[0], f | s[1]
            else:
                t, f = t & (s == TRUE), f | (s == FALSE)
        return (np.asarray(t), np.asarray(f))
    if any(s == FALSE for s in statuses):
        return FALSE
    return TRUE if all(s == TRUE for s in statuses) else UNSURE


def guarded(hypothesis_parts, conclusion):
    """The guarded margin m (see the module docstring) from the hypothesis parts and the margin
    ``conclusion`` of one conclusion part (an :class:`Undefined` when computing it raised)."""
    statuses, h_defined, nowhere = hypothesis_status(hypothesis_parts)
    status = _and(statuses)
    like = hypothesis_parts[0][0]
    if isinstance(status, tuple):
        return _select_batch(status, h_defined, conclusion, like, nowhere)
    if status == TRUE and isinstance(_inner(conclusion), Undefined):
        raise _inner(conclusion).exc
    return _select(status, h_defined, conclusion, like)


def _vacuous_like(like):
    """The constant VACUOUS in the structure of ``like`` (derivatives 0)."""
    if type(like).__name__ == "Dual":
        return type(like)(_vacuous_like(like.val), (0,) * len(like.grad), like.tag)
    kn = kinds.kind_name(like)
    if kn in ("float", "array"):
        return math.inf if kn == "float" else np.full(np.shape(like), math.inf)
    if kn == "mpf":
        import mpmath

        return mpmath.inf
    if kn == "IntervalArray":
        from .batch import IntervalArray

        return IntervalArray._trusted(np.full(like.lo.shape, float(VACUOUS)), np.full(like.lo.shape, float(VACUOUS)))
    from .interval import Interval

    return Interval.point(VACUOUS)


def _entire_like(like, defined=False):
    """The whole line in the structure of ``like``, not defined (a derivative of m where m
    jumps)."""
    if type(like).__name__ == "Dual":
        inner = _entire_like(like.val, defined)
        return type(like)(inner, tuple(_entire_like(like.val, defined) for _ in like.grad), like.tag)
    kn = kinds.kind_name(like)
    if kn == "IntervalArray":
        from .batch import IntervalArray

        shape = like.lo.shape
        return IntervalArray._trusted(np.full(shape, -math.inf), np.full(shape, math.inf),
                                      defined=np.full(shape, defined))
    from .interval import Interval

    out = Interval.entire()
    return out if defined else Interval(out._lo, out._hi, _trusted=True, _defined=False)


def _hull_vacuous(c):
    """hull(c, VACUOUS) of an interval value, keeping c's decoration."""
    from .interval import Interval

    v = Interval.point(VACUOUS)
    lo = c._lo if c.lo <= VACUOUS else v._lo
    hi = c._hi if c.hi >= VACUOUS else v._hi
    return Interval(lo, hi, _trusted=True, _defined=bool(c.defined))


def _select(status, h_defined, c, like):
    """m for a scalar kind (Interval, float, mpf; each possibly inside Duals)."""
    if status == FALSE:
        out = _vacuous_like(like)
    elif status == TRUE:
        out = c
    elif kinds.kind_name(_inner(like)) in ("float", "mpf"):
        return math.nan  # a point where the hypothesis is NaN (not defined)
    else:
        out = _unsure(c, like)
    if not h_defined:
        out = _undefined(out)
    return out


def _unsure(c, like):
    """m on an input where the hypothesis is uncertain: the value hull(c, VACUOUS), defined only
    where c is; every derivative the whole line."""
    from .interval import Interval

    if type(like).__name__ == "Dual":
        cv = c.val if type(c).__name__ == "Dual" and c.tag == like.tag else c
        val = _unsure(cv, like.val)
        return type(like)(val, tuple(_entire_like(like.val) for _ in like.grad), like.tag)
    if isinstance(c, Undefined):
        return _entire_like(like)
    if isinstance(c, (int, float)) or kinds.kind_name(c) in ("float", "mpf"):
        c = Interval.point(c) if not isinstance(c, float) or math.isfinite(c) else Interval.entire()
    if isinstance(c, Interval):
        return _hull_vacuous(c)
    from .interval import NotEnclosed

    raise NotEnclosed(f"implies(...): no enclosure of an uncertain hypothesis for {type(c).__name__}")


def _undefined(v):
    """``v`` marked not defined on the whole input (the hypothesis is not)."""
    from .interval import Interval

    if type(v).__name__ == "Dual":
        return type(v)(_undefined(v.val), v.grad, v.tag)
    if isinstance(v, Interval):
        return Interval(v._lo, v._hi, _trusted=True, _defined=False)
    if kinds.kind_name(v) in ("float", "mpf"):
        return math.nan
    return v


# -- batches: one status per element ---------------------------------------------------------------

def _select_batch(status, h_defined, c, like, nowhere=False):
    t, f = status
    h_defined = np.asarray(h_defined, dtype=bool)
    if type(like).__name__ == "Dual":
        cv = c.val if type(c).__name__ == "Dual" and c.tag == like.tag else c
        val = _select_batch(status, h_defined, cv, like.val, nowhere)
        grads = []
        for k in range(len(like.grad)):
            g = c.grad[k] if type(c).__name__ == "Dual" and c.tag == like.tag else 0
            grads.append(_pick_grad(t, f, g, like.val))
        return type(like)(val, tuple(grads), like.tag)
    kn = kinds.kind_name(like)
    if kn == "array":
        x = np.asarray(c, dtype=float) if not isinstance(c, Undefined) else np.full(np.shape(like), np.nan)
        x = np.broadcast_to(x, np.shape(like))
        out = np.where(f, math.inf, np.where(t, x, np.nan))
        return np.where(h_defined, out, np.nan)
    from .batch import IntervalArray

    shape = like.lo.shape
    if isinstance(c, Undefined):
        if (t & ~f).any():
            raise c.exc
        c_lo = np.full(shape, -math.inf)
        c_hi = np.full(shape, math.inf)
        c_def = np.zeros(shape, dtype=bool)
    else:
        if not isinstance(c, IntervalArray):
            c = _as_batch(c, like)
        c_lo = np.broadcast_to(c.lo, shape)
        c_hi = np.broadcast_to(c.hi, shape)
        c_def = np.broadcast_to(c.defined, shape)
    v = float(VACUOUS)
    with np.errstate(invalid="ignore"):
        lo = np.where(f, v, np.where(t, c_lo, np.fmin(c_lo, v)))
        hi = np.where(f, v, np.where(t, c_hi, np.fmax(c_hi, v)))
    # a NaN of c (certainly undefined) where the hypothesis may hold stays NaN only where it
    # certainly holds; where uncertain the hull above keeps the vacuous end (fmin/fmax), and
    # the element is not defined
    defined = np.where(f, True, c_def) & h_defined
    lo = np.where(nowhere, np.nan, lo)  # the hypothesis is certainly undefined there
    hi = np.where(nowhere, np.nan, hi)
    return IntervalArray._trusted(lo, hi, defined=defined)


def _as_batch(c, like):
    """A scalar enclosure (or exact number) as a batch of shape (), rounded outward."""
    from .batch import IntervalArray

    if hasattr(c, "float_bounds"):
        lo, hi = c.float_bounds()
        return IntervalArray._trusted(lo, hi, defined=bool(c.defined))
    return IntervalArray.point_like(like, c)


def _pick_grad(t, f, g, like_val):
    """A derivative component of m for a batch: c's where the hypothesis holds, 0 where it fails,
    the whole line (not defined) where it is uncertain."""
    from .batch import IntervalArray

    if bool(np.all(t)):
        return g
    if type(like_val).__name__ == "Dual":
        return _entire_like(like_val)
    if kinds.kind_name(like_val) == "array":
        x = np.broadcast_to(np.asarray(g, dtype=float), np.shape(like_val))
        return np.where(f, 0.0, np.where(t, x, np.nan))
    shape = like_val.lo.shape
    if not isinstance(g, IntervalArray):
        g = _as_batch(g, like_val)
    g_lo, g_hi, g_def = (np.broadcast_to(g.lo, shape), np.broadcast_to(g.hi, shape),
                         np.broadcast_to(g.defined, shape))
    lo = np.where(f, 0.0, np.where(t, g_lo, -math.inf))
    hi = np.where(f, 0.0, np.where(t, g_hi, math.inf))
    defined = np.where(f, True, np.where(t, g_def, False))
    return IntervalArray._trusted(lo, hi, defined=defined)
