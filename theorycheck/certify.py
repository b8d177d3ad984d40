"""Certify a counterexample: evaluate the claim with rigorous intervals at one exact point.

A float search only *suggests* a violation. A counterexample is reported only when, at an exact
point inside the claim's box (checked in rational arithmetic), either interval enclosures of the
two sides separate the wrong way, or the body is certainly undefined there (an operation's input
enclosure lies wholly outside its domain: log of a number <= 0, division by exactly 0, ...). We
raise the working precision until one of them shows or a limit is reached.
"""

from __future__ import annotations

import math
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
            if text.endswith(".0"):  # -5.0 -> -5: the shortest decimal (else clarify certifies it again)
                text = text[:-2]
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


# -- a clearer counterexample (issue 15) --------------------------------------------------------

CLARIFY_TRIES = 3  # certifications tried for a clearer point
CLARIFY_GRID = 400  # simple-decimal grid points looked at (claims of 1 or 2 variables)


def clarify(claim: Claim, cert, candidates, deadline: float | None = None, grid: bool = True):
    """A certified counterexample that is easier to read than ``cert``, or ``cert`` itself.

    Looked at: the violating float points of the search (``candidates``: (margin, floats)),
    each rounded to coarser and coarser decimals (multiples of 10^k below the width of each
    range), and for a claim of one or two variables a grid of simple decimals over the box.
    Each is evaluated in floats; among those where an inequality of the claim fails by at least
    a tenth of the largest relative violation seen (margin / (|lhs| + |rhs|)), the shortest
    decimals win, then the larger relative violation, then the text (deterministic). Up to
    :data:`CLARIFY_TRIES` points shorter than ``cert``'s are certified with intervals at the
    exact point, as every counterexample is; the first certified one replaces ``cert``. Never
    turns a refutation into anything else; a point where the body is undefined, and identities,
    are left as they are. ``grid=False``: only the coarsenings of the candidates (and of
    ``cert``'s own point), one scalar evaluation each, for a refutation that should stay fast
    (the fast path's points are already simple binary fractions)."""
    if cert is None or cert.undefined or not claim.variables:
        return cert
    try:
        if not grid:
            own = [float(to_fraction(cert.point[n])) for n in claim.names]
            candidates = list(candidates) + [(-1.0, own)]
        return _clarify(claim, cert, candidates, deadline, grid)
    except (ArithmeticError, ValueError, TypeError):  # extreme ranges (10**400): keep the point found
        return cert


def _clarify(claim: Claim, cert, candidates, deadline, grid=True):
    current = _decimal_length(cert.point)
    names = claim.names
    points = set()
    for margin, xs in list(candidates)[:10]:
        if margin < 0 or math.isnan(margin):
            points.update(_coarsenings(claim, xs))
    if grid:
        points.update(_simple_grid(claim))
    shorter = sorted(p for p in points if _decimal_length(dict(zip(names, p))) < current)
    scored = []
    batch = _float_relative_violations(claim, shorter) if grid and shorter else None
    for k, p in enumerate(shorter):
        if batch is not None:
            rel = batch[k]
        elif work.past(deadline):
            break
        else:
            rel = _float_relative_violation(claim, p)
        if rel is not None:
            scored.append((rel, p))
    if not scored:
        return cert
    best = max(r for r, _ in scored)
    pool = sorted((_decimal_length(dict(zip(names, p))), -r, p) for r, p in scored if r >= 0.1 * best)
    for _, _, p in pool[:CLARIFY_TRIES]:
        if work.past(deadline):
            break
        clearer = certify(claim, dict(zip(names, p)), deadline=deadline)
        if clearer is not None and not clearer.undefined:
            return clearer
    return cert


def _decimal_length(point: dict) -> int:
    return sum(len(str(s)) for s in point.values())


def _decimal_text(d) -> str:
    text = format(d.normalize(), "f")
    return "0" if text in ("0", "-0") else text


def _quantum(var, level: int):
    """10^(floor(log10 width) - level) as a Decimal, or None for a degenerate or extreme range."""
    from decimal import Decimal

    width = var.hi - var.lo
    if width <= 0:
        return None
    try:
        e = math.floor(math.log10(float(width)))
    except (ValueError, OverflowError):
        return None
    if not -300 < e < 300:
        return None
    return Decimal(1).scaleb(e - level)


def _coarsenings(claim: Claim, xs) -> list:
    """``xs`` rounded to multiples of 10^(floor(log10 width) - k), k = 0..12, per coordinate
    (the same k for all), kept only when inside the exact box."""
    from decimal import ROUND_HALF_EVEN, Decimal

    out = []
    # per coordinate, what does not depend on the level (the same values _quantum and the loop
    # below would compute at every level): the range's quantum at level 0, the float, its decimal
    coords = []
    for var, x in zip(claim.variables, xs):
        q0 = _quantum(var, 0)
        try:
            x = float(x)
        except OverflowError:
            x = math.inf
        coords.append((var, q0, x, Decimal(repr(x)) if q0 is not None and math.isfinite(x) else None))
    inside = {}  # (coordinate, text) -> inside its exact range
    for level in range(13):
        texts = []
        for var, q0, x, dx in coords:
            if q0 is None or not math.isfinite(x):
                texts.append(exact_point_from_floats(claim, xs)[var.name] if q0 is None and math.isfinite(x) else None)
                continue
            q = q0.scaleb(-level)  # = _quantum(var, level): Decimal(1).scaleb(e - level), exact
            d = (dx / q).quantize(Decimal(1), rounding=ROUND_HALF_EVEN) * q
            texts.append(_decimal_text(d))
        if None in texts:
            continue
        ok = True
        for k, (v, t) in enumerate(zip(claim.variables, texts)):
            known = inside.get((k, t))
            if known is None:
                known = inside[(k, t)] = v.lo <= to_fraction(t) <= v.hi
            if not known:
                ok = False
                break
        if ok:
            out.append(tuple(texts))
    return out


def _simple_grid(claim: Claim) -> list:
    """Multiples of 10^(floor(log10 width) - 1) inside each range (one or two variables only),
    thinned evenly to at most :data:`CLARIFY_GRID` points."""
    from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

    if not 1 <= len(claim.variables) <= 2:
        return []
    axes = []
    for var in claim.variables:
        q = _quantum(var, 1)
        if q is None:
            if var.hi > var.lo:
                return []
            axes.append([exact_string(var.lo)])
            continue
        lo = (Decimal(var.lo.numerator) / Decimal(var.lo.denominator) / q).to_integral_value(ROUND_CEILING)
        hi = (Decimal(var.hi.numerator) / Decimal(var.hi.denominator) / q).to_integral_value(ROUND_FLOOR)
        vals = [_decimal_text(k * q) for k in range(int(lo), int(hi) + 1)]
        axes.append([t for t in vals if var.lo <= to_fraction(t) <= var.hi])
    import itertools

    grid = list(itertools.product(*axes))
    if len(grid) > CLARIFY_GRID:
        step = len(grid) / CLARIFY_GRID
        grid = [grid[int(k * step)] for k in range(CLARIFY_GRID)]
    return grid


def _float_relative_violations(claim: Claim, points) -> list | None:
    """:func:`_float_relative_violation` at every point of ``points`` in one evaluation of the
    body on numpy arrays (floats only rank the candidates: each is certified with intervals
    before it is shown), or None when the body does not run on arrays."""
    import numpy as np

    from .decide import _diff

    try:
        cols = [np.array([float(to_fraction(p[i])) for p in points]) for i in range(len(claim.variables))]
        with np.errstate(all="ignore"):
            rel = claim.evaluate(cols)
            best = np.full(len(points), np.nan)
            for leaf in rel.leaves():
                if leaf.is_identity:
                    return [None] * len(points)
                m = np.broadcast_to(np.asarray(_diff(leaf, cols[0]), dtype=float), best.shape)
                scale = np.broadcast_to(np.abs(np.asarray(side_raw(leaf.lhs, cols[0]), dtype=float))
                                        + np.abs(np.asarray(side_raw(leaf.rhs, cols[0]), dtype=float)), best.shape)
                failing = np.isfinite(m) & ((m < 0) | ((m == 0) & bool(leaf.strict)))
                with np.errstate(all="ignore"):
                    r = np.where(scale > 0, -m / np.where(scale > 0, scale, 1.0), np.inf)
                r = np.where(failing & ~np.isnan(r), r, np.nan)
                best = np.fmax(best, r)
        return [None if math.isnan(b) else float(b) for b in best]
    except Exception:
        return None


def _float_relative_violation(claim: Claim, texts) -> float | None:
    """max over the failing inequalities of -margin / (|lhs| + |rhs|) in floats at the point, or
    None when no inequality fails there in floats (or an identity is among the parts, or the
    body cannot be evaluated)."""
    import numpy as np

    try:
        with np.errstate(all="ignore"):
            rel = claim.evaluate([float(to_fraction(t)) for t in texts])
            best = None
            for leaf in rel.leaves():
                if leaf.is_identity:
                    return None
                m = float(leaf_enclosure(leaf, 0.0))
                if not math.isfinite(m) or not (m < 0 or (m == 0 and leaf.strict)):
                    continue
                scale = abs(float(side_raw(leaf.lhs, 0.0))) + abs(float(side_raw(leaf.rhs, 0.0)))
                r = -m / scale if scale > 0 else math.inf
                if not math.isnan(r):
                    best = r if best is None else max(best, r)
            return best
    except Exception:
        return None
