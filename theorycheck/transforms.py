"""Prove a part on a transformed relation: a square root squared away from a side, and the
absolute values of the body taken by their branches where their arguments keep a sign.

``erf(x) <= sqrt(1 - exp(-4 x^2 / pi))`` touches at x = 0, where the square root has an
infinite slope: no derivative-based form decides the boxes at 0, and bisection never ends. The
squared part ``erf(x)^2 <= 1 - exp(-4 x^2 / pi)`` is smooth there, and its margin vanishes to
fourth order, which the Taylor forms decide. Likewise ``|a - b|`` in a total variation has a kink
exactly where such claims touch (a = b): on a box where a - b >= 0 it is a - b, which is smooth up
to the box's face, so the box is cut where the argument vanishes and each piece gets its branch.
The rules and why each is sound are in :mod:`theorycheck.kernel.transforms` (the kernel applies
the same rules and branches when it re-checks a ``transformed`` leaf of a certificate,
re-evaluating the transformed parts itself).

A proof through a rule is accepted only as a proof: a transformed part that fails somewhere is
no counterexample of the claim (``square-small`` is only a sufficient condition, a cut may be
misplaced), so a failing box of the transformed proof makes this return None, and the caller
proves the part as it is. Refutations are certified on the original body, never on these: the
``log`` rule hands the point of a box where the log form fails to the caller's ``confirm``, which
certifies it on the claim as written; only a certified point ends the proof as a refutation (a
box whose point the claim as written does not violate, e.g. where a log form is undefined, is
left undecided and the log form's proof goes on).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from .claims import ClaimEvaluationError
from .decide import certainly_undefined, not_enclosed
from .enclose.interval import Interval
from .kernel.transforms import Squared, ops_of, rule_of, split_rule, traced

BRANCH = "|u| taken as u or -u where u keeps its sign"
DESCRIBE = {
    "sqrt-both": "sqrt(A) <= sqrt(B) proved as A <= B and A >= 0",
    "square-small": "a <= sqrt(B) proved as a^2 <= B",
    "square-big": "sqrt(A) <= c proved as A <= c^2, c >= 0 and A >= 0",
    "log": "a <= b proved as log a <= log b, the log taken through products, quotients, sqrt, exp, npdf and gamma",
}

EXPAND = "logs of products, quotients, exp, npdf and gamma expanded (log(p/q) = log p - log q)"


def describe(rule):
    """What a rule (possibly ``RULE+expand``) does, for the evidence."""
    base, expand = split_rule(rule)
    return "; ".join(([DESCRIBE[base]] if base else []) + ([EXPAND] if expand else []))


# the functions whose log is simpler than they are (the log rule is tried where a side takes one)
LOG_SIMPLER = ("exp", "npdf", "gamma")


def find_rule(claim, leaf_index, half=None, exact_box=None):
    """The rule (:data:`theorycheck.kernel.transforms.RULES`) that applies to the part, learnt
    from one traced run of the body at an exact point of the box where it runs; else None."""
    return _shape(claim, leaf_index, half, exact_box)[0]


def _shape(claim, leaf_index, half=None, exact_box=None):
    """(rule or None, how many abs the body takes) from one traced run at a point."""
    from .prove import pick_leaf

    if getattr(claim, "transformed", False):
        return None, 0  # one transformation at a time
    box = exact_box or [(v.lo, v.hi) for v in claim.variables]
    for t in (Fraction(1, 2), Fraction(1, 3), Fraction(3, 4), Fraction(0), Fraction(1)):
        values = [Interval.point(lo + t * (hi - lo)) for lo, hi in box]
        try:
            rel, tracer = traced(claim.evaluate, values)
            leaf = pick_leaf(rel, leaf_index, half)
        except ClaimEvaluationError as exc:
            if certainly_undefined(exc) or not_enclosed(exc):
                continue
            return None, 0
        except (ValueError, IndexError):
            return None, 0
        return rule_of(leaf, tracer), len(tracer.args)
    return None, 0


def log_applies(claim, leaf_index, half=None, exact_box=None) -> bool:
    """Is the ``log`` rule worth a try on the part? Both sides > 0 at the box's corners and centre
    (intervals at exact points: where a side is <= 0 no log form is defined and the rule cannot
    prove), a side's multiplicative form (its products, quotients and square roots) takes exp,
    npdf or gamma of a claim value, whose log form is simpler than the function, and at least two
    factors of the two sides' multiplicative forms vary (the log form turns their product or
    quotient into a sum). Only a choice of what to try: the rule's soundness does not rest on it
    (:mod:`theorycheck.kernel.transforms`)."""
    from itertools import product

    from .prove import pick_leaf

    if getattr(claim, "transformed", False):
        return False
    box = exact_box or [(v.lo, v.hi) for v in claim.variables]
    if len(box) > 4:
        return False
    corners = list(product(*[(lo, hi) for lo, hi in box]))
    points = [[(lo + hi) / 2 for lo, hi in box]] + [list(c) for c in corners]
    simpler = False
    for point in points:
        try:
            rel, tracer = traced(claim.evaluate, [Interval.point(x) for x in point])
            leaf = pick_leaf(rel, leaf_index, half)
        except (ClaimEvaluationError, ValueError, IndexError, ArithmeticError):
            return False
        if leaf.op not in ("<=", "<", ">=", ">"):
            return False
        for side in (leaf.small, leaf.big):
            raw = getattr(side, "raw", side)
            try:
                if hasattr(raw, "materialize_like"):  # an exact constant (Lazy)
                    raw = raw.materialize_like(Interval.point(Fraction(0)))
                iv = raw if isinstance(raw, Interval) else Interval.point(Fraction(raw))
            except (TypeError, ValueError, ArithmeticError):
                return False
            if not (iv.defined and iv.lo > 0):
                return False
        if not simpler:
            simpler = _takes_simpler(tracer, leaf.small) or _takes_simpler(tracer, leaf.big)
            # ... and no such function left inside a log the form takes of a sum (log(e^x + e^y)
            # is no simpler than the side: the margin as written, or its set, is better there)
            if any(_logged_simpler(tracer, side) for side in (leaf.small, leaf.big)):
                return False
        if _factors(tracer, leaf.small) + _factors(tracer, leaf.big) < 2:
            # at most one factor that varies (exp(u) c <= d): the log form is an increasing
            # function of that factor and separates nothing, so interval enclosures decide the
            # same boxes on it as on the part; the third of the work it would take first is lost
            # to the part's own proof (a refutation that only deep bisection finds needs all of it)
            return False
    return simpler


def _factors(tracer, value, depth=0) -> int:
    """How many factors of the multiplicative form of ``value`` (its products, quotients and
    square roots) are claim values (vary with the point); constants do not count."""
    import operator

    how = tracer.made_of(value)
    if how is not None and depth <= 50:
        kind, *args = how
        if kind == "sqrt" or kind in (operator.mul, operator.truediv):
            return sum(_factors(tracer, a, depth + 1) for a in args)
    return 1 if hasattr(value, "raw") else 0


def _contains_simpler(tracer, value, depth=0) -> bool:
    how = tracer.made_of(value)
    if how is None or depth > 50:
        return False
    kind, *args = how
    return kind in LOG_SIMPLER or any(_contains_simpler(tracer, a, depth + 1) for a in args)


def _logged_simpler(tracer, value, depth=0) -> bool:
    """Does the log form of ``value`` take ``log`` of a value made with exp, npdf or gamma?"""
    import operator

    how = tracer.made_of(value)
    if how is None or depth > 50:
        return False
    kind, *args = how
    if kind in LOG_SIMPLER:
        return False  # its log form is its argument (or loggamma of it)
    if kind == "sqrt" or kind in (operator.mul, operator.truediv):
        return any(_logged_simpler(tracer, a, depth + 1) for a in args)
    return _contains_simpler(tracer, value, depth)  # a base case: log(value)


def _takes_simpler(tracer, value, depth=0) -> bool:
    import operator

    how = tracer.made_of(value)
    if how is None or depth > 50:
        return False
    kind, *args = how
    if kind in LOG_SIMPLER:
        return True
    if kind == "sqrt" or kind in (operator.mul, operator.truediv):
        return any(_takes_simpler(tracer, a, depth + 1) for a in args)
    return False


def log_expands(claim, leaf_index, half=None, exact_box=None) -> bool:
    """Does the body take a log whose log form is not the log itself (of a product, a quotient, a
    root, exp, npdf or gamma of claim values)? Learnt from one traced run at the box's centre."""
    from .prove import pick_leaf

    if getattr(claim, "transformed", False):
        return False
    box = exact_box or [(v.lo, v.hi) for v in claim.variables]
    try:
        rel, tracer = traced(claim.evaluate, [Interval.point((lo + hi) / 2) for lo, hi in box])
        pick_leaf(rel, leaf_index, half)
    except (ClaimEvaluationError, ValueError, IndexError, ArithmeticError):
        return False
    if not any(v[1] == "log" and tracer.made_of(v[2]) is not None and _expands(tracer, v[2])
               for v in list(tracer.made.values())):
        return False
    # the expanded body must run where the body does (a log of a product of negative factors
    # has no log form): at the centre and the corners
    from itertools import product

    points = [[(lo + hi) / 2 for lo, hi in box]] + [list(c) for c in product(*box)][:16]
    for point in points:
        try:
            claim.evaluate([Interval.point(x) for x in point])
        except (ClaimEvaluationError, ValueError, IndexError, ArithmeticError):
            continue  # the body does not run there either
        try:
            Squared(claim, leaf_index, half, "expand").evaluate([Interval.point(x) for x in point])
        except (ClaimEvaluationError, ValueError, IndexError, ArithmeticError):
            return False
    return True


def _expands(tracer, value) -> bool:
    import operator

    how = tracer.made_of(value)
    if how is None:
        return False
    kind, *args = how
    if kind in LOG_SIMPLER or kind == "sqrt":
        return True
    if kind in (operator.mul, operator.truediv):
        # a product or quotient of two claim values (log(p/q)), not a constant multiple (log((x + y)/2))
        return all(hasattr(a, "raw") for a in args) or any(_expands(tracer, a) for a in args)
    return False


def abs_branches(claim, leaf_index, half, box, depth=0):
    """[(exact box, signs)] covering ``box``: on each box the argument of every abs the body takes
    keeps one sign (signs None where no argument touches 0 on the box: the abs are best left as
    they are). A box where an argument changes sign is cut where that argument vanishes along
    one coordinate (found in floats: the parts ``s u >= 0`` check it), at most twice. None when
    there is no abs, the body does not run on the box, or no such cut is found."""
    from .prove import pick_leaf

    def args_at(b):
        values = [Interval.point(lo) if lo == hi else Interval(lo, hi) for lo, hi in b]
        rel, tracer = traced(claim.evaluate, values)
        pick_leaf(rel, leaf_index, half)
        return [u.raw for u in tracer.args]

    try:
        args = args_at(box)
    except (ClaimEvaluationError, ValueError, IndexError):
        return None
    if not args or not all(isinstance(u, Interval) and u.defined for u in args):
        return None
    signs = [1 if u.lo >= 0 else (-1 if u.hi <= 0 else 0) for u in args]
    if 0 not in signs:
        touching = any(u.lo == 0 or u.hi == 0 for u in args)
        return [(box, tuple(signs) if touching else None)]
    if depth >= 2:
        return None
    i = signs.index(0)
    centre = [(lo + hi) / 2 for lo, hi in box]
    try:
        u0 = _mid(args_at([(c, c) for c in centre])[i])
        best = None
        for k, (lo, hi) in enumerate(box):
            if lo == hi:
                continue
            step = (hi - lo) / 4
            moved = [(c + step, c + step) if j == k else (c, c) for j, c in enumerate(centre)]
            slope = (_mid(args_at(moved)[i]) - u0) / step
            if slope == 0:
                continue
            z = Fraction(float(centre[k] - u0 / slope))
            if lo < z < hi and (best is None or abs(slope) * (hi - lo) > best[0]):
                best = (abs(slope) * (hi - lo), k, z)
    except (ClaimEvaluationError, ValueError, IndexError, OverflowError, ZeroDivisionError):
        return None
    if best is None:
        return None
    _, k, z = best
    out = []
    for piece in ([(lo, z) if j == k else (lo, hi) for j, (lo, hi) in enumerate(box)],
                  [(z, hi) if j == k else (lo, hi) for j, (lo, hi) in enumerate(box)]):
        sub = abs_branches(claim, leaf_index, half, piece, depth + 1)
        if sub is None:
            return None
        out.extend(sub)
    return out


def _mid(iv) -> Fraction:
    """The midpoint of an enclosure, in floats (only a guess of where an argument vanishes)."""
    return Fraction((float(iv.lo) + float(iv.hi)) / 2)


def prove_transformed(claim, leaf_index, deadline, *, half=None, box=None, exact_box=None, touch_points=(),
                      progress=None, confirm=None, **_ignored):
    """A proof of the part through a rule and/or branches of its absolute values, with half the
    work left at most; None when nothing applies or some transformed part is not proved."""
    from . import work
    from .prove import ProofResult

    if getattr(claim, "transformed", False):
        return None  # one transformation at a time
    if box is not None and exact_box is None:
        return None  # a sub-box of the caller's whose exact ends are not known
    whole = exact_box or [(v.lo, v.hi) for v in claim.variables]
    if all(lo == hi for lo, hi in whole):
        return None  # a point: no touching point to smooth, and its evaluation may be costly
    rule, takes_abs = _shape(claim, leaf_index, half, whole)
    if log_applies(claim, leaf_index, half, whole):
        # positive sides made of products, quotients, roots, exp, npdf and gamma: compare their
        # logs (a Gaussian's log is a quadratic, a ratio of Gammas a difference of loggammas), on
        # a third of the work left; the other rules then get their share of what remains
        now = work.clock()
        end = deadline if deadline is None or not math.isfinite(deadline) else now + (deadline - now) / 3
        if progress:
            progress(f"part {leaf_index + 1}: " + describe("log"))
        # the log forms are the sides' logs where defined, so a box where the log comparison
        # certainly fails is one where the part itself fails: its point goes to the caller's
        # ``confirm``, which certifies it on the claim as written (a refutation found here is not
        # looked for again by the plain prover on what is left)
        r = _prove_piece(claim, leaf_index, half, "log", None, exact_box, end, touch_points, progress, confirm)
        if r is not None:
            return r
    pieces = (takes_abs and abs_branches(claim, leaf_index, half, whole)) or [(whole, None)]
    if log_expands(claim, leaf_index, half, whole):
        # (an identity of the values where they are defined: only tighter enclosures)
        rule = f"{rule}+expand" if rule else "expand"
    if rule is None and all(signs is None for _, signs in pieces):
        return None
    now = work.clock()
    # half the work left; all of it when the logs are only expanded (the same values, tighter
    # enclosures: the part as written would be proved no better with what is left)
    only_expand = rule == "expand" and all(signs is None for _, signs in pieces)
    end = deadline if only_expand or deadline is None or not math.isfinite(deadline) else now + (deadline - now) / 2
    if progress:
        what = [describe(rule)] if rule else []
        if len(pieces) > 1 or pieces[0][1] is not None:
            what.append(f"abs taken by its branches on {len(pieces)} box(es)")
        progress(f"part {leaf_index + 1}: " + "; ".join(what))
    results = []
    for n, (piece, signs) in enumerate(pieces):
        now = work.clock()
        share = end if end is None or not math.isfinite(end) else now + (end - now) / (len(pieces) - n)
        if rule is None and signs is None:
            return None  # a piece with nothing to transform: the plain prover's
        r = _prove_piece(claim, leaf_index, half, rule, signs, piece if len(pieces) > 1 or exact_box else None,
                         share, touch_points, progress)
        if r is None:
            return None
        results.append(r)
    if len(results) == 1:
        return results[0]
    out = ProofResult(status="proved", boxes_decided=sum(r.boxes_decided for r in results),
                      max_depth=max(r.max_depth for r in results))
    for r in results:
        for name, n in r.methods.items():
            out.methods[name] = out.methods.get(name, 0) + n
    out.pieces = results
    return out


def _prove_piece(claim, leaf_index, half, rule, signs, exact_box, deadline, touch_points, progress, confirm=None):
    from . import work
    from .prove import ProofResult, prove_leaf
    from .search import float_down, float_up

    squared = Squared(claim, leaf_index, half, rule, signs)
    parts = len(ops_of(rule, False, signs))
    box = None
    if exact_box is not None:
        box = (np.array([float_down(lo) for lo, _ in exact_box]), np.array([float_up(hi) for _, hi in exact_box]))
    results = []
    for j in range(parts):
        now = work.clock()
        share = deadline if deadline is None or not math.isfinite(deadline) else now + (deadline - now) / (parts - j)
        try:
            r = prove_leaf(squared, j, share, box=box, exact_box=exact_box, touch_points=touch_points,
                           progress=progress, confirm=confirm)
        except ClaimEvaluationError:
            return None
        if r.status == "failing_box" and confirm is not None:
            # the prover reports a failing box only once ``confirm`` certified its point on the
            # claim as written (a box whose point it does not certify is left undecided, and the
            # proof goes on): a refutation of the claim, which the caller's prover need not find
            # again; the evidence says which form found it
            key = f"failing box of the transformed part ({rule})"
            r.methods[key] = r.methods.get(key, 0) + 1
            return r
        if r.status != "proved":
            return None
        results.append(r)
    out = ProofResult(status="proved", boxes_decided=sum(r.boxes_decided for r in results),
                      max_depth=max(r.max_depth for r in results))
    for r in results:
        for name, n in r.methods.items():
            out.methods[name] = out.methods.get(name, 0) + n
    key = "transformed (" + "; ".join(([describe(rule)] if rule else []) + ([BRANCH] if signs else [])) + ")"
    out.methods[key] = out.methods.get(key, 0) + 1
    out.transform = {"rule": rule, "signs": signs, "claim": squared, "results": results, "exact_box": exact_box}
    return out
