"""Certify a counterexample: evaluate the claim with rigorous intervals at one exact point.

A float search only *suggests* a violation. A counterexample is reported only when, at an exact
point inside the claim's box (checked in rational arithmetic), either interval enclosures of the
two sides separate the wrong way, or the body is certainly undefined there (an operation's input
enclosure lies wholly outside its domain: log of a number <= 0, division by exactly 0, ...). We
raise the working precision until one of them shows or a limit is reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from . import work
from .claims import Claim
from .claims import ClaimEvaluationError
from .decide import (FAILS, HOLDS, cause_of, certainly_undefined, interval_status, is_defined, leaf_enclosure,
                     not_enclosed)
from .enclose.exact import exact_string, to_fraction
from .enclose.interval import Interval, working_precision
from .expr import side_raw

PRECISIONS = (53, 113, 256, 512, 1024, 2048, 4096)


@dataclass
class Certificate:
    """A certified violation: at ``point`` the relation ``lhs op rhs`` is certainly false."""

    point: dict  # variable -> exact decimal (or "p/q") string
    relation: str | None  # the violated relation, e.g. "<=" (as written in the body)
    leaf_index: int | None
    lhs: Interval | None
    rhs: Interval | None
    gap: Interval | None  # big - small for inequalities (certainly < 0 / <= 0); lhs - rhs for identities
    precision: int
    undefined: str | None = None  # why the body is undefined at the point (then no enclosures)
    exact_zero: bool = False  # a strict part whose sides sympy showed exactly equal at the point

    def to_json(self) -> dict:
        return {
            "point": dict(self.point),
            "relation": self.relation,
            "part": self.leaf_index,
            "lhs": self.lhs.to_strings() if self.lhs is not None else None,
            "rhs": self.rhs.to_strings() if self.rhs is not None else None,
            "gap": self.gap.to_strings() if self.gap is not None else None,
            "precision_bits": self.precision,
            "undefined": self.undefined,
        }


def exact_point_from_floats(claim: Claim, xs) -> dict:
    """Exact numbers near the float point ``xs``, each inside the claim's exact range.

    The shortest decimal that round-trips to each float is a short exact rational the user can
    type; it is the point we certify, not the float. Where that decimal falls outside the range
    (a float just beyond an end that is no double), the float's own exact binary value is
    tried, then the nearest end of the range itself (as an exact decimal, or ``"p/q"`` when it has
    no finite decimal expansion). Nothing is ever rounded into or out of the box."""
    import math

    point = {}
    for var, x in zip(claim.variables, xs):
        if isinstance(x, Fraction):
            q = min(max(x, var.lo), var.hi)
            point[var.name] = exact_string(q)
            continue
        x = float(x)
        if not math.isfinite(x):
            q, text = (var.hi if x > 0 else var.lo), None
        else:
            text = repr(x)
            q = to_fraction(text)
            if not var.lo <= q <= var.hi:
                q, text = Fraction(x), None
        if not var.lo <= q <= var.hi:
            q, text = min(max(q, var.lo), var.hi), None
        if q == 0:
            text = "0"  # not "-0.0": a point is a number, not a float's sign bit
        point[var.name] = text if text is not None else exact_string(q)
    return point


def point_in_box(claim: Claim, point: dict) -> bool:
    """Is every coordinate of ``point`` (exact strings) inside its exact range?"""
    try:
        return all(v.lo <= to_fraction(point[v.name]) <= v.hi for v in claim.variables)
    except Exception:
        return False


def _undefined_certificate(claim, point, exc, bits):
    from .enclose.interval import DomainError

    cause = cause_of(exc, DomainError)
    return Certificate(point={k: point[k] for k in claim.names}, relation=None, leaf_index=None, lhs=None,
                       rhs=None, gap=None, precision=bits, undefined=str(cause))


def check_point(claim: Claim, point: dict, deadline: float | None = None):
    """Evaluate the claim rigorously at an exact point inside its box.

    Returns ``(FAILS, Certificate)`` when certainly violated or certainly undefined there,
    ``(HOLDS, None)`` when certainly satisfied (every part defined and holding), ``(UNKNOWN,
    None)`` when the highest precision still cannot tell (equality at the point, for
    instance)."""
    if not point_in_box(claim, point):
        raise ValueError(f"claim {claim.name!r}: the point {point} is not inside the claim's box")
    fracs = [to_fraction(point[v.name]) for v in claim.variables]
    for bits in PRECISIONS:
        if bits == PRECISIONS[2]:
            exact = _exact_equalities(claim, fracs, point)
            if exact is not None:
                return exact
        if bits > 53 and work.past(deadline):  # the work budget (or the safety limit) is spent
            break
        with working_precision(bits):
            values = [Interval.point(q) for q in fracs]
            like = values[0] if values else Interval.point(0)
            try:
                relation = claim.evaluate(values)
                diffs = [leaf_enclosure(leaf, like) for leaf in relation.leaves()]
            except ClaimEvaluationError as exc:
                if certainly_undefined(exc):
                    return FAILS, _undefined_certificate(claim, point, exc, bits)
                if not_enclosed(exc):
                    continue  # a higher precision may enclose it
                raise
            statuses = []
            for i, (leaf, diff) in enumerate(zip(relation.leaves(), diffs)):
                if not isinstance(diff, Interval):
                    diff = Interval.point(diff) if isinstance(diff, (int, Fraction)) else diff
                status = interval_status(leaf, diff)
                if status == FAILS:
                    lhs = _as_interval(side_raw(leaf.lhs, like))
                    rhs = _as_interval(side_raw(leaf.rhs, like))
                    cert = Certificate(
                        point={k: point[k] for k in claim.names},
                        relation=leaf.op,
                        leaf_index=i + 1,
                        lhs=lhs,
                        rhs=rhs,
                        gap=diff,
                        precision=bits,
                    )
                    return FAILS, cert
                statuses.append(status)
            if all(s == HOLDS for s in statuses):
                return HOLDS, None
    return 0, None


def _exact_equalities(claim: Claim, fracs, point):
    """Where sympy shows a strict inequality's two sides are exactly equal at the point (and
    both are defined there), the claim certainly fails there: intervals alone can never show
    that."""
    from .symbolic import exact_zero_at_point

    with working_precision(113):
        values = [Interval.point(q) for q in fracs]
        like = values[0] if values else Interval.point(0)
        try:
            relation = claim.evaluate(values)
        except ClaimEvaluationError as exc:
            if certainly_undefined(exc):
                return FAILS, _undefined_certificate(claim, point, exc, 113)
            if not_enclosed(exc):
                return None
            raise
        for i, leaf in enumerate(relation.leaves()):
            if not leaf.strict:
                continue
            lhs = _as_interval(side_raw(leaf.lhs, like))
            rhs = _as_interval(side_raw(leaf.rhs, like))
            if is_defined(lhs) and is_defined(rhs) and exact_zero_at_point(claim, i, fracs):
                gap = Interval.point(0)
                return FAILS, Certificate({k: point[k] for k in claim.names}, leaf.op, i + 1, lhs, rhs, gap, 113,
                                          exact_zero=True)
    return None


def certify(claim: Claim, point: dict, deadline: float | None = None) -> Certificate | None:
    """A :class:`Certificate` when the claim is certainly false at ``point``, else None."""
    status, cert = check_point(claim, point, deadline)
    return cert if status == FAILS else None


def _as_interval(v) -> Interval:
    if isinstance(v, Interval):
        return v
    return Interval.point(v)
