"""What a relation says on each kind: a float margin (search), a certain verdict on an interval
(certify, prove).

For an inequality ``small <= big`` the *margin* is ``big - small``: the claim holds where the
margin is >= 0 (> 0 when strict). For an identity ``lhs == rhs`` the margin is ``-|lhs - rhs|``.
A conjunction's margin is the least margin of its parts.

A claim holds at a point only where its body is *defined* there. Interval enclosures carry a
decoration (``defined``: every operation that produced them was defined on the whole input box;
see :mod:`theorycheck.enclose.interval`), and an enclosure decides HOLDS only when it is
defined. An operation whose input lies wholly outside its domain raises
:class:`~theorycheck.enclose.interval.DomainError` (scalar intervals) or gives NaN bounds (batch
intervals): the body is then certainly undefined on the whole input, which is a violation.
"""

from __future__ import annotations

import math

import numpy as np

from .expr import Relation, body_decorated, side_raw

HOLDS, FAILS, UNKNOWN = 1, -1, 0


def _diff(leaf: Relation, like):
    """big - small (lhs - rhs for an identity) in the kind of ``like``. A side that is a constant
    is made here, outside the body (``0**0.5``, ``(-8)**(1/3)``): what it raises is reported like
    an error of the body, so that a certainly undefined constant is a counterexample too."""
    from .claims import ClaimEvaluationError

    try:
        big = side_raw(leaf.big if not leaf.is_identity else leaf.lhs, like)
        small = side_raw(leaf.small if not leaf.is_identity else leaf.rhs, like)
        return body_decorated(leaf, big - small)
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise ClaimEvaluationError("(a side of the relation)", "-",
                                   f"making a side raised {type(exc).__name__}: {exc}") from exc


def float_margin(relation: Relation, like=0.0) -> float:
    """The margin at a point, in floats (NaN when undefined)."""
    out = math.inf
    for leaf in relation.leaves():
        d = _diff(leaf, like)
        try:
            d = float(d)
        except (TypeError, ValueError):
            return math.nan
        m = -abs(d) if leaf.is_identity else d
        if math.isnan(m):
            return math.nan
        out = min(out, m)
    return out


def array_margin(relation: Relation, like) -> np.ndarray:
    """Margins for a batch of points evaluated at once (numpy arrays)."""
    out = None
    for leaf in relation.leaves():
        d = np.asarray(_diff(leaf, like), dtype=float)
        m = -np.abs(d) if leaf.is_identity else d
        out = m if out is None else np.minimum(out, m)
    return np.broadcast_to(out, np.shape(like)).astype(float)


def float_sides_scale(relation: Relation, like=0.0) -> float:
    """The largest |side| of any part, in floats (the scale of rounding noise in margins)."""
    out = 0.0
    for leaf in relation.leaves():
        for side in (leaf.lhs, leaf.rhs):
            try:
                out = max(out, abs(float(side_raw(side, like))))
            except (TypeError, ValueError):
                pass
    return out


def float_violated(relation: Relation, like=0.0) -> bool:
    """Does the float evaluation say the claim fails here? (a hint, never a verdict)"""
    for leaf in relation.leaves():
        d = float(_diff(leaf, like))
        if math.isnan(d):
            continue
        if leaf.is_identity:
            if d != 0:
                return True
        elif d < 0 or (leaf.strict and d == 0):
            return True
    return False


def is_defined(value) -> bool:
    """The decoration of an enclosure: True when it is known defined on its whole input box."""
    return bool(getattr(value, "defined", True))


def defined_mask(value, n: int) -> np.ndarray:
    """Per-box decoration of a batch enclosure (or of a scalar one, repeated), as bools."""
    d = getattr(value, "defined", True)
    return np.broadcast_to(np.asarray(d, dtype=bool), (n,)).copy()


def certainly_undefined(exc: BaseException) -> bool:
    """Did evaluating a body on intervals raise because some operation's input lay wholly
    outside its domain (so the body is undefined at every point of the input)?"""
    from .enclose.interval import DomainError

    return cause_of(exc, DomainError) is not None


def cause_of(exc, kind):
    """``exc`` or the first exception in its chain of causes that is a ``kind``; else None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__
    return None


def not_enclosed(exc: BaseException) -> bool:
    """Did evaluating a body on intervals fail to make an enclosure, without anything being
    known about definedness (:class:`~theorycheck.enclose.interval.NotEnclosed`)? Such a box or
    point is undecided: never a counterexample, never decided."""
    from .enclose.interval import NotEnclosed

    return cause_of(exc, NotEnclosed) is not None


def leaf_enclosure(leaf: Relation, like):
    """An interval enclosure of the leaf's margin quantity (big - small, or lhs - rhs)."""
    return _diff(leaf, like)


def interval_status(leaf: Relation, diff) -> int:
    """HOLDS / FAILS / UNKNOWN for one leaf from the enclosure ``diff`` of big - small.

    HOLDS needs ``diff`` defined on its whole input; FAILS only needs the enclosure to lie on
    the wrong side (where the body is defined at all it is violated, and where it is not
    defined the claim fails anyway)."""
    bounds = getattr(diff, "float_bounds", None)
    if bounds is not None:
        # outward doubles decide most enclosures without the exact ends (which need mpmath,
        # a tenth of a second to import): where they decide, the exact ends decide the same
        status = _status_of(leaf, is_defined(diff), *bounds())
        if status != UNKNOWN:
            return status
    return _status_of(leaf, is_defined(diff), diff.lo, diff.hi)


def _status_of(leaf: Relation, defined: bool, lo, hi) -> int:
    """:func:`interval_status` from ends ``lo <= hi`` of an enclosure (exact, or doubles
    rounded outward: then HOLDS and FAILS are still certain, UNKNOWN may be too cautious)."""
    if not defined:
        if leaf.is_identity:
            return FAILS if (lo > 0 or hi < 0) else UNKNOWN
        if leaf.strict:
            return FAILS if hi <= 0 else UNKNOWN
        return FAILS if hi < 0 else UNKNOWN
    if leaf.is_identity:
        if lo > 0 or hi < 0:
            return FAILS
        if lo == 0 and hi == 0:
            return HOLDS
        return UNKNOWN
    if leaf.strict:
        if lo > 0:
            return HOLDS
        if hi <= 0:
            return FAILS
        return UNKNOWN
    if lo >= 0:
        return HOLDS
    if hi < 0:
        return FAILS
    return UNKNOWN


def batch_status(leaf: Relation, lo: np.ndarray, hi: np.ndarray, defined=None) -> np.ndarray:
    """Per-box HOLDS / FAILS / UNKNOWN for one leaf; NaN enclosures are UNKNOWN here (the
    caller treats them as certainly undefined); HOLDS only where ``defined`` (a bool mask)."""
    status = np.zeros(lo.shape, dtype=np.int8)
    if leaf.is_identity:
        status[(lo > 0) | (hi < 0)] = FAILS
        status[(lo == 0) & (hi == 0)] = HOLDS
    elif leaf.strict:
        status[lo > 0] = HOLDS
        status[hi <= 0] = FAILS
    else:
        status[lo >= 0] = HOLDS
        status[hi < 0] = FAILS
    if defined is not None:
        status[(status == HOLDS) & ~np.asarray(defined, dtype=bool)] = UNKNOWN
    return status


def combine(statuses) -> int:
    """A conjunction: FAILS if any part fails, HOLDS if all hold, else UNKNOWN."""
    statuses = list(statuses)
    if any(s == FAILS for s in statuses):
        return FAILS
    if all(s == HOLDS for s in statuses):
        return HOLDS
    return UNKNOWN
