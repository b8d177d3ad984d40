"""Certify a counterexample: evaluate the claim with rigorous intervals at one exact point.

A float search only *suggests* a violation. A counterexample is reported only when, at the exact
decimal point, interval enclosures of the two sides separate the wrong way; we raise the working
precision until they separate or a limit is reached.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction

from .claims import Claim
from .decide import FAILS, HOLDS, interval_status, leaf_enclosure
from .enclose.exact import fraction_to_decimal_string, to_fraction
from .enclose.interval import Interval, working_precision
from .expr import side_raw

PRECISIONS = (53, 113, 256, 512, 1024, 2048, 4096)


@dataclass
class Certificate:
    """A certified violation: at ``point`` the relation ``lhs op rhs`` is certainly false."""

    point: dict  # variable -> exact decimal string
    relation: str  # the violated relation, e.g. "<=" (as written in the body)
    leaf_index: int
    lhs: Interval
    rhs: Interval
    gap: Interval  # big - small for inequalities (certainly < 0 / <= 0); lhs - rhs for identities
    precision: int

    def to_json(self) -> dict:
        return {
            "point": dict(self.point),
            "relation": self.relation,
            "part": self.leaf_index,
            "lhs": self.lhs.to_strings(),
            "rhs": self.rhs.to_strings(),
            "gap": self.gap.to_strings(),
            "precision_bits": self.precision,
        }


def exact_point_from_floats(claim: Claim, xs) -> dict:
    """Exact decimal strings near the float point ``xs``, clamped into the claim's box.

    The shortest decimal that round-trips to each float is a short exact rational the user can
    type; it is the point we certify, not the float."""
    point = {}
    for var, x in zip(claim.variables, xs):
        if isinstance(x, Fraction):  # an exact corner the search could not hold in a double
            q = x
            text = fraction_to_decimal_string(q, digits=40)
        else:
            text = repr(float(x))
            q = to_fraction(text)
        if not var.lo <= q <= var.hi:
            q = min(max(q, var.lo), var.hi)
            text = fraction_to_decimal_string(q, digits=40)
        point[var.name] = text
    return point


def check_point(claim: Claim, point: dict, deadline: float | None = None):
    """Evaluate the claim rigorously at an exact point.

    Returns ``(FAILS, Certificate)`` when certainly violated, ``(HOLDS, None)`` when certainly
    satisfied, ``(UNKNOWN, None)`` when the highest precision still cannot tell (equality
    at the point, for instance)."""
    fracs = [to_fraction(point[v.name]) for v in claim.variables]
    for bits in PRECISIONS:
        if bits == PRECISIONS[2]:
            exact = _exact_equalities(claim, fracs)
            if exact is not None:
                return exact
        if deadline is not None and bits > 53 and time.monotonic() > deadline:
            break
        with working_precision(bits):
            values = [Interval.point(q) for q in fracs]
            relation = claim.evaluate(values)
            statuses = []
            for i, leaf in enumerate(relation.leaves()):
                like = values[0] if values else Interval.point(0)
                diff = leaf_enclosure(leaf, like)
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


def _exact_equalities(claim: Claim, fracs):
    """Where sympy shows a strict inequality's two sides are exactly equal at the point, the
    claim certainly fails there: intervals alone can never show that."""
    from .symbolic import exact_zero_at_point

    with working_precision(113):
        values = [Interval.point(q) for q in fracs]
        like = values[0] if values else Interval.point(0)
        relation = claim.evaluate(values)
        for i, leaf in enumerate(relation.leaves()):
            if leaf.strict and exact_zero_at_point(claim, i, fracs):
                lhs = _as_interval(side_raw(leaf.lhs, like))
                rhs = _as_interval(side_raw(leaf.rhs, like))
                gap = Interval.point(0)
                point = {v.name: fraction_to_decimal_string(q, 40) for v, q in zip(claim.variables, fracs)}
                return FAILS, Certificate(point, leaf.op, i + 1, lhs, rhs, gap, 113)
    return None


def certify(claim: Claim, point: dict, deadline: float | None = None) -> Certificate | None:
    """A :class:`Certificate` when the claim is certainly false at ``point``, else None."""
    status, cert = check_point(claim, point, deadline)
    return cert if status == FAILS else None


def _as_interval(v) -> Interval:
    if isinstance(v, Interval):
        return v
    return Interval.point(v)
