"""Prove a part on a transformed relation: a square root squared away from a side.

``erf(x) <= sqrt(1 - exp(-4 x^2 / pi))`` touches at x = 0, where the square root has an
infinite slope: no derivative-based form decides the boxes at 0, and bisection never ends. The
squared part ``erf(x)^2 <= 1 - exp(-4 x^2 / pi)`` is smooth there, and its margin vanishes to
second order, which the Taylor forms decide. The rules and why each is sound are in
:mod:`theorycheck.kernel.transforms` (the kernel applies the same rules when it re-checks a
``squared`` leaf of a certificate, re-evaluating the transformed parts itself).

A proof through a rule is accepted only as a proof: a transformed part that fails somewhere is
no counterexample of the claim (``square-small`` is only a sufficient condition), so a failing
box of the transformed proof makes this return None, and the caller proves the part as it is.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .claims import ClaimEvaluationError
from .decide import certainly_undefined, not_enclosed
from .enclose.interval import Interval
from .kernel.transforms import Squared, ops_of, rule_of, traced

DESCRIBE = {
    "sqrt-both": "sqrt(A) <= sqrt(B) proved as A <= B and A >= 0",
    "square-small": "a <= sqrt(B) proved as a^2 <= B",
    "square-big": "sqrt(A) <= c proved as A <= c^2, c >= 0 and A >= 0",
}


def find_rule(claim, leaf_index, half=None, exact_box=None):
    """The rule (:data:`theorycheck.kernel.transforms.RULES`) that applies to the part, learnt
    from one traced run of the body at an exact point of the box where it runs; else None."""
    from .prove import pick_leaf

    if getattr(claim, "transformed", False):
        return None  # one transformation at a time
    box = exact_box or [(v.lo, v.hi) for v in claim.variables]
    for t in (Fraction(1, 2), Fraction(1, 3), Fraction(3, 4), Fraction(0), Fraction(1)):
        values = [Interval.point(lo + t * (hi - lo)) for lo, hi in box]
        try:
            rel, tracer = traced(claim.evaluate, values)
            leaf = pick_leaf(rel, leaf_index, half)
        except ClaimEvaluationError as exc:
            if certainly_undefined(exc) or not_enclosed(exc):
                continue
            return None
        except (ValueError, IndexError):
            return None
        return rule_of(leaf, tracer)
    return None


def prove_squared(claim, leaf_index, deadline, *, half=None, box=None, exact_box=None, touch_points=(),
                  progress=None, **_ignored):
    """A proof of the part through a rule, with half the work left at most; None when no rule
    applies or the transformed parts are not all proved."""
    from . import work
    from .prove import ProofResult, prove_leaf

    if box is not None and exact_box is None:
        return None  # a sub-box of the caller's whose exact ends are not known
    rule = find_rule(claim, leaf_index, half, exact_box)
    if rule is None:
        return None
    squared = Squared(claim, leaf_index, half, rule)
    parts = len(ops_of(rule, False))
    now = work.clock()
    end = deadline if deadline is None or not math.isfinite(deadline) else now + (deadline - now) / 2
    if progress:
        progress(f"part {leaf_index + 1}: {DESCRIBE[rule]}")
    results = []
    for j in range(parts):
        now = work.clock()
        share = end if end is None or not math.isfinite(end) else now + (end - now) / (parts - j)
        try:
            r = prove_leaf(squared, j, share, box=box, exact_box=exact_box, touch_points=touch_points,
                           progress=progress)
        except ClaimEvaluationError:
            return None
        if r.status != "proved":
            return None
        results.append(r)
    out = ProofResult(status="proved", boxes_decided=sum(r.boxes_decided for r in results),
                      max_depth=max(r.max_depth for r in results))
    for r in results:
        for name, n in r.methods.items():
            out.methods[name] = out.methods.get(name, 0) + n
    key = f"squared ({DESCRIBE[rule]})"
    out.methods[key] = out.methods.get(key, 0) + 1
    out.transform = {"rule": rule, "claim": squared, "results": results, "exact_box": exact_box}
    return out


def transformations(result) -> list:
    """The rules a proof result went through (its translation's and pieces' included)."""
    out = []
    stack = [result]
    while stack:
        r = stack.pop()
        if r is None:
            continue
        tr = getattr(r, "transform", None)
        if tr is not None:
            out.append(DESCRIBE[tr["rule"]])
            stack.extend(tr["results"])
        if r.translation is not None:
            stack.append(r.translation["result"])
        stack.extend(r.pieces or ())
        stack.extend((r.halves or {}).values())
    return sorted(set(out))
