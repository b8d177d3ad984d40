"""Exact symbolic checks with sympy: the body runs on symbols, and an identity is proved when
sympy reduces ``lhs - rhs`` to exactly zero.

Float literals in a body become the exact rationals they denote, so a symbolic proof is about
the same numbers the interval engines use. A failure to simplify proves nothing either way.
"""

from __future__ import annotations

import contextvars
import signal
import threading
import time
from contextlib import contextmanager

from .claims import Claim, ClaimEvaluationError
from .expr import side_raw


_DEADLINE = contextvars.ContextVar("theorycheck_symbolic_deadline", default=None)


@contextmanager
def claim_deadline(deadline):
    """Inside the block every symbolic call stops by ``deadline`` (a ``time.monotonic()`` value;
    None: no deadline) at the latest, whatever its own cap: :func:`check.check` wraps a claim's
    whole run in it, worker processes their part of the proof."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def current_deadline():
    """The deadline set by the innermost :func:`claim_deadline` block (None outside any)."""
    return _DEADLINE.get()


def time_allowed(seconds, deadline=None):
    """``min(seconds, time left before the deadline)``: the explicit ``deadline`` if given, else the
    claim's (:func:`claim_deadline`); None when neither the cap nor a deadline is set."""
    if deadline is None:
        deadline = _DEADLINE.get()
    if deadline is None:
        return seconds
    left = deadline - time.monotonic()
    return left if seconds is None else min(seconds, left)


@contextmanager
def _time_limit(seconds, deadline=None):
    """Interrupt sympy after ``min(seconds, time left before the deadline)`` (see
    :func:`time_allowed`); raises TimeoutError at once when no time is left. Main thread only;
    elsewhere no limit is applied (there the callers' own deadlines still bound their loops)."""
    seconds = time_allowed(seconds, deadline)
    if seconds is not None and seconds <= 0:
        raise TimeoutError("symbolic check ran out of time (the claim's deadline has passed)")
    if seconds is None or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    fired = []

    def handler(signum, frame):
        fired.append(True)
        if _in_gc_callback(frame):
            return  # an exception there would be swallowed; the repeating alarm fires again soon
        raise TimeoutError("symbolic check ran out of time")

    old = signal.signal(signal.SIGALRM, handler)
    # the alarm repeats: an exception raised where Python cannot propagate it (a gc callback,
    # a __del__) is swallowed, and the next one stops the computation instead
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    if fired:  # ran out of time although the work finished (every interruption was swallowed)
        raise TimeoutError("symbolic check ran out of time")


def _in_gc_callback(frame) -> bool:
    import gc

    codes = {getattr(cb, "__code__", None) for cb in gc.callbacks}
    while frame is not None:
        if frame.f_code in codes:
            return True
        frame = frame.f_back
    return False


def _combine_integrals(expr):
    """Collect integrals over the same range into one (linearity), simplify the integrand.

    Sound where each integral converges (they are the integrals the claim itself states).
    Returns 0 when the combined integrands cancel and nothing else is left."""
    import sympy

    expr = sympy.expand(expr)
    groups = {}
    rest = sympy.Integer(0)
    for term in sympy.Add.make_args(expr):
        coeff, integrals = sympy.Integer(1), []
        for factor in sympy.Mul.make_args(term):
            if isinstance(factor, sympy.Integral):
                integrals.append(factor)
            else:
                coeff = coeff * factor
        if len(integrals) != 1 or any(coeff.has(s) for s in integrals[0].variables):
            rest = rest + term
            continue
        (integ,) = integrals
        if len(integ.limits) != 1:
            rest = rest + term
            continue
        var, lo, hi = integ.limits[0]
        key = (lo, hi)
        # rename the integration variable so integrals over the same range share it
        u = sympy.Dummy("u")
        body = integ.function.subs(var, u)
        if key in groups:
            groups[key] = (groups[key][0], groups[key][1] + coeff * body.subs(u, groups[key][0]))
        else:
            groups[key] = (u, coeff * body)
    total = sympy.simplify(rest)
    for (lo, hi), (u, body) in groups.items():
        b = sympy.simplify(sympy.expand_log(sympy.expand(body), force=True))
        if b != 0:
            b = sympy.simplify(sympy.logcombine(b, force=True))
        if b != 0:
            total = total + sympy.Integral(b, (u, lo, hi))
    return total


def symbols_for(claim: Claim):
    import sympy

    out = []
    for v in claim.variables:
        assumptions = {"real": True}
        if v.lo > 0:
            assumptions["positive"] = True
        elif v.lo >= 0:
            assumptions["nonnegative"] = True
        elif v.hi < 0:
            assumptions["negative"] = True
        out.append(sympy.Symbol(v.name, **assumptions))
    return out


def prove_identity(claim: Claim, leaf_index: int, seconds: float = 5.0, deadline=None):
    """(True, method) when lhs - rhs simplifies to exactly 0, else (False, reason). Stops after
    ``min(seconds, time left before the deadline)`` (the claim's when ``deadline`` is None)."""
    import sympy

    syms = symbols_for(claim)
    try:
        with _time_limit(seconds, deadline):
            rel = claim.evaluate(syms)
            leaf = rel.leaves()[leaf_index]
            like = syms[0] if syms else sympy.Integer(0)
            diff = sympy.sympify(side_raw(leaf.lhs, like)) - sympy.sympify(side_raw(leaf.rhs, like))
            if diff == 0:
                return True, "sympy: lhs - rhs is 0 as written"
            methods = [("expand", sympy.expand)]
            if diff.has(sympy.Integral):
                methods += [
                    ("linearity of the integral + simplify of the integrand", _combine_integrals),
                    ("integrate + expand", lambda e: sympy.expand(e.doit())),
                ]
            methods += [
                ("simplify", sympy.simplify),
                ("expand_log(force)+simplify", lambda e: sympy.simplify(sympy.expand_log(e, force=True))),
            ]
            if diff.has(sympy.Integral):
                methods.append(("integrate + simplify", lambda e: sympy.simplify(e.doit())))
            if diff.has(sympy.Abs, sympy.Max, sympy.Min):
                # abs, min and max as cases on the (real) variables, each case simplified
                methods.append(("cases (Piecewise) + simplify",
                                lambda e: sympy.simplify(sympy.piecewise_fold(e.rewrite(sympy.Piecewise)))))
            for method, fn in methods:
                if fn(diff) == 0:
                    return True, f"sympy: {method}(lhs - rhs) == 0"
            return False, "sympy could not reduce lhs - rhs to 0"
    except TimeoutError as exc:
        return False, str(exc)
    except ClaimEvaluationError as exc:
        return False, f"the body does not run on sympy symbols ({exc})"
    except Exception as exc:  # sympy may fail on anything; that proves nothing either way
        return False, f"sympy failed: {type(exc).__name__}: {exc}"


def exact_zero_at_point(claim: Claim, leaf_index: int, point, seconds: float = 2.0, deadline=None,
                        half=None) -> bool:
    """True when sympy proves big - small (or lhs - rhs) is exactly 0 at the exact rational
    point: the two sides are equal there. Intervals can never show an equality (their
    enclosure of 0 always has some width), so the engines ask this at touching points.
    (``half`` names one half of an identity part; lhs - rhs is the same for both.)"""
    import sympy
    from fractions import Fraction

    try:
        with _time_limit(seconds, deadline):
            vals = []
            for x in point:
                q = Fraction(x)
                vals.append(sympy.Rational(q.numerator, q.denominator))
            rel = claim.evaluate(vals)
            leaf = rel.leaves()[leaf_index]
            like = vals[0] if vals else sympy.Integer(0)
            diff = sympy.sympify(side_raw(leaf.lhs, like)) - sympy.sympify(side_raw(leaf.rhs, like))
            return diff == 0 or sympy.simplify(diff) == 0
    except Exception:
        return False
