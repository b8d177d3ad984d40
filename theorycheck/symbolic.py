"""Exact symbolic checks with sympy: the body runs on symbols, and an identity is proved when
sympy reduces ``lhs - rhs`` to exactly zero.

Float literals in a body become the exact rationals they denote, so a symbolic proof is about
the same numbers the interval engines use. A failure to simplify proves nothing either way.
"""

from __future__ import annotations

import contextvars
import signal
import threading
from contextlib import contextmanager

from . import work
from .claims import Claim, ClaimEvaluationError
from .expr import side_raw


_DEADLINE = contextvars.ContextVar("theorycheck_symbolic_deadline", default=None)

# Symbolic checks are bounded by work, never by the clock (issue 13): each rewriting stage is
# charged, before it runs, an estimate from the size of the expression it starts from, and a
# stage whose estimate does not fit in the units left is not run. Sizes are sympy's count_ops.
# The estimates are units (about seconds on an ordinary machine) per operation of the input.
STAGE_COST = {
    "expand": 0.0005,
    "linearity of the integral + expansion of the integrand": 0.001,
    "linearity of the integral + simplify of the integrand": 0.003,
    "integrate + expand": 0.008,
    "simplify": 0.01,
    "expand_log(force)+simplify": 0.012,
    "integrate + simplify": 0.012,
    "cases (Piecewise) + simplify": 0.05,
    "Gaussian moment rules + expand": 0.002,
    "Gaussian moment rules + simplify": 0.01,
    "zero at a point": 0.0002,  # expansion and cancellation of a number (is_zero)
    "substitution": 0.0005,  # a point put into an expression (high_order's contact order)
    "derivative": 0.0005,  # sympy.diff (high_order's contact order)
    "cancel": 0.002,  # cancellation of an expanded exp form (is_zero's last step)
}


@contextmanager
def claim_deadline(deadline):
    """Inside the block every symbolic call stops by ``deadline`` (a reading of the work meter,
    :func:`theorycheck.work.clock`; None: no deadline) at the latest, whatever its own cap:
    :func:`check.check` wraps a claim's whole run in it, worker processes their part of the proof."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def current_deadline():
    """The deadline set by the innermost :func:`claim_deadline` block (None outside any)."""
    return _DEADLINE.get()


def work_allowed(units, deadline=None):
    """``min(units, work left before the deadline)``: the explicit ``deadline`` if given, else the
    claim's (:func:`claim_deadline`); None when neither the cap nor a deadline is set."""
    if deadline is None:
        deadline = _DEADLINE.get()
    if deadline is None:
        return units
    left = deadline - work.clock()
    return left if units is None else min(units, left)


class SymbolicBudget:
    """The work a symbolic check may use: stages are charged their estimate before they run,
    and one that does not fit is refused (:meth:`afford` is False): deterministic."""

    def __init__(self, units):
        self.end = None if units is None else work.clock() + units

    def afford(self, stage: str, expr) -> bool:
        import sympy

        try:
            ops = int(sympy.count_ops(expr)) if isinstance(expr, sympy.Basic) else 1
        except Exception:
            ops = 10_000
        base = work.SYMPY_ZERO if stage == "zero at a point" else work.SYMPY_STAGE
        cost = base + STAGE_COST.get(stage, 0.05) * ops
        now = work.clock()
        if now == float("inf") or (self.end is not None and now + cost > self.end):
            return False
        work.charge(cost)
        return True


@contextmanager
def _time_limit(units=None, deadline=None):
    """A symbolic check's :class:`SymbolicBudget` (``min(units, work left before the deadline)``)
    inside the outer wall-clock safety limit of the claim's meter: raises TimeoutError at once
    when no work is left, and interrupts sympy (SIGALRM) if the safety limit passes meanwhile --
    then the meter is timed out and the claim's verdict says ``time limit``. Main thread only;
    elsewhere only the work count applies."""
    units = work_allowed(units, deadline)
    if units is not None and units <= 0:
        raise TimeoutError("symbolic check: no work left in the claim's budget")
    meter = work.current()
    left = meter.seconds_left()
    budget = SymbolicBudget(units)
    if left is None or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield budget
        return
    if left <= 0:
        meter.time_out()
        raise TimeoutError("symbolic check: the wall-clock safety limit has passed (time limit)")

    fired = []

    def handler(signum, frame):
        fired.append(True)
        meter.time_out()
        if _in_gc_callback(frame):
            return  # an exception there would be swallowed; the repeating alarm fires again soon
        raise TimeoutError("symbolic check: the wall-clock safety limit was reached (time limit)")

    old = signal.signal(signal.SIGALRM, handler)
    # the alarm repeats: an exception raised where Python cannot propagate it (a gc callback,
    # a __del__) is swallowed, and the next one stops the computation instead
    signal.setitimer(signal.ITIMER_REAL, left, 0.05)
    try:
        yield budget
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    if fired:  # the safety limit passed although the work finished (every interruption was swallowed)
        raise TimeoutError("symbolic check: the wall-clock safety limit was reached (time limit)")


def kernel_agrees(expr) -> bool:
    """The kernel re-derives every exact zero a certificate relies on with its own fixed, sound
    rewritings (:func:`theorycheck.kernel.exact.is_zero`: no forced log expansion, no simplify
    or integrate): a zero it would not re-derive is no zero for the prover either, so a proof
    never rests on a step the kernel refuses (nor on a forced rewriting). Its work is bounded by
    size (a Reject past its limits, which is False here)."""
    from .kernel._base import Reject
    from .kernel.exact import is_zero as kernel_is_zero

    try:
        return kernel_is_zero(expr, "the prover's zero") is None
    except Reject:
        return False
    except Exception:  # noqa: BLE001 - sympy failed: not shown
        return False


def is_zero(expr, budget: SymbolicBudget, stage: str = "zero at a point"):
    """:func:`_is_zero` confirmed by :func:`kernel_agrees`."""
    return _is_zero(expr, budget, stage) and kernel_agrees(expr)


def _is_zero(expr, budget: SymbolicBudget, stage: str = "zero at a point"):
    """True when sympy rewrites ``expr`` (a number: the engines ask at exact points) to exactly
    0; False when it does not, or when the budget cannot afford the attempt (proves nothing
    either way). A fixed sequence of rewritings that always come back -- expansion (of logs
    too), then exp-form and cancellation -- not ``simplify``, which can run for minutes on a
    9-operation number such as tanh(r) - 1 + 2/(exp(2r) + 1)."""
    import sympy

    if isinstance(expr, int) or not isinstance(expr, sympy.Basic):
        return expr == 0
    if expr == 0:
        return True
    if not budget.afford(stage, expr):
        return False
    if expr.has(sympy.Integral, sympy.Derivative) and not _nonlinear_in_a_mixture(expr):
        # an integral or derivative at a point (d/dy int_0^1 e^{ty} dt at y = 1): evaluated first,
        # where sympy's integrate comes back (no log, division or root of a mixture)
        if not budget.afford("integrate + expand", expr):
            return False
        expr = expr.doit()
        if expr == 0:
            return True
    e = sympy.expand(sympy.expand_log(expr, force=True))
    if e == 0:
        return True
    # the exp form can be far larger than the number (a high derivative of tanh at 3): it is
    # charged by its own size before cancel, which is the slow step, runs on it
    r = sympy.expand(e.rewrite(sympy.exp))
    if not budget.afford("cancel", r):
        return False
    return bool(sympy.cancel(r) == 0)


def _in_gc_callback(frame) -> bool:
    import gc

    codes = {getattr(cb, "__code__", None) for cb in gc.callbacks}
    while frame is not None:
        if frame.f_code in codes:
            return True
        frame = frame.f_back
    return False


def _combine_integrals(expr, rewrite="simplify"):
    """Collect integrals over the same range into one (linearity), simplify the integrand
    (``rewrite="expand"``: only expand it and its logs, a cheap form that always comes back;
    ``"simplify once"``: one simplify, without the second one after logcombine).

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
    if rewrite == "expand":
        total = sympy.expand(sympy.expand_log(rest, force=True))
    else:
        total = sympy.simplify(rest)
    for (lo, hi), (u, body) in groups.items():
        if rewrite == "expand":
            b = sympy.expand(sympy.expand_log(sympy.expand(body), force=True))
        else:
            b = sympy.simplify(sympy.expand_log(sympy.expand(body), force=True))
        if b != 0 and rewrite == "simplify":
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


def prove_identity(claim: Claim, leaf_index: int, units: float = 5.0, deadline=None, details=None):
    """(True, method) when lhs - rhs simplifies to exactly 0, else (False, reason). A fixed
    sequence of rewriting stages, each run only if its estimated work (from the size of lhs - rhs)
    fits in ``min(units, work left before the deadline)`` (the claim's when ``deadline`` is
    None): the same stages run on any machine.

    When lhs - rhs holds an integral with an end that moves with the claim's variables, the
    fundamental-theorem rule (:mod:`theorycheck.ftc`) is tried after the cheap stages and before
    sympy's ``integrate``; when it proves the part, ``details["ftc"]`` (if ``details`` is a dict)
    is its :class:`~theorycheck.ftc.FTCProof`, whose premises the caller must record for the
    kernel."""
    import sympy

    syms = symbols_for(claim)
    try:
        with _time_limit(units, deadline) as budget:
            rel = claim.evaluate(syms)
            leaf = rel.leaves()[leaf_index]
            like = syms[0] if syms else sympy.Integer(0)
            diff = sympy.sympify(side_raw(leaf.lhs, like)) - sympy.sympify(side_raw(leaf.rhs, like))
            if isinstance(details, dict):
                details["integrals"] = isinstance(diff, sympy.Basic) and diff.has(sympy.Integral)
            if diff == 0:
                return True, "sympy: lhs - rhs is 0 as written"
            methods = [("expand", sympy.expand)]
            if _nonlinear_in_a_mixture(diff):
                # sympy's integrate and simplify do not come back in useful time on these (a
                # deterministic rule, instead of a time-out): the linearity stage only, the
                # integrands expanded first, then simplified once
                methods += [
                    ("linearity of the integral + expansion of the integrand",
                     lambda e: _combine_integrals(e, rewrite="expand")),
                    ("linearity of the integral + simplify of the integrand",
                     lambda e: _combine_integrals(e, rewrite="simplify once")),
                ]
                for method, fn in methods:
                    if not budget.afford(method, diff):
                        break
                    if fn(diff) == 0:
                        return _rederived(diff, method)
                return False, ("sympy could not reduce lhs - rhs to 0 by expansion and linearity of the "
                               "integral (the integrand applies log, a division or a root to a sum of exponentials: no integrate or "
                               "simplify stage)")
            if diff.has(sympy.Integral):
                from .ftc import additive_form, ftc_on, moving_symbols

                methods += [
                    ("linearity of the integral + expansion of the integrand",
                     lambda e: _combine_integrals(e, rewrite="expand")),
                    # int_a^b g + int_b^c g = int_a^c g (sound where each integral is defined: the
                    # definedness proof every symbolic part gets; see ftc.additive_form)
                    ("linearity of the integral + expansion of the integrand",
                     lambda e: sympy.expand(additive_form(e))),
                ]
                for method, fn in methods:
                    if not budget.afford(method, diff):
                        return False, (f"sympy could not reduce lhs - rhs to 0 with the stages the work budget "
                                       f"affords (stopped before {method})")
                    if fn(diff) == 0:
                        if method == "linearity of the integral + expansion of the integrand" and fn is methods[-1][1]:
                            return _rederived(diff, "additivity of the integral over ranges")
                        return _rederived(diff, method)

                from .gaussint import gaussian_integrate, plainly_nonzero

                closed = gaussian_integrate(diff)
                if closed is not diff and budget.afford("Gaussian moment rules + expand", diff):
                    # closed forms of int t^k e^{A t^2 + B t + C} (theorycheck/gaussint.py, proved there)
                    if sympy.expand(closed) == 0:
                        if isinstance(details, dict):
                            details["gauss"] = True  # the kernel re-derives the closed forms (kernel/gauss.py)
                        return True, "sympy: Gaussian moment rules + expand(lhs - rhs) == 0"
                    if not closed.has(sympy.Integral) and plainly_nonzero(closed, claim, syms):
                        # the closed form is exact: no later stage can reduce it to 0 either
                        return False, ("sympy: by the Gaussian moment rules lhs - rhs has a closed form that is "
                                       "not 0 at a point of the box (no identity)")
                    if (not closed.has(sympy.Integral) and budget.afford("Gaussian moment rules + simplify", closed)
                            and sympy.simplify(closed) == 0):
                        if isinstance(details, dict):
                            details["gauss"] = True
                        return True, "sympy: Gaussian moment rules + simplify(lhs - rhs) == 0"
                if moving_symbols(diff, syms):
                    proof, _why = ftc_on(claim, leaf_index, diff, syms, budget, deadline)
                    if proof is not None:
                        if isinstance(details, dict):
                            details["ftc"] = proof
                        return True, proof.what
                methods = [
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
                if not budget.afford(method, diff):
                    return False, (f"sympy could not reduce lhs - rhs to 0 with the stages the work budget "
                                   f"affords (stopped before {method}: lhs - rhs has "
                                   f"{sympy.count_ops(diff)} operations)")
                if fn(diff) == 0:
                    return _rederived(diff, method)
            return False, "sympy could not reduce lhs - rhs to 0"
    except TimeoutError as exc:
        return False, str(exc)
    except ClaimEvaluationError as exc:
        return False, f"the body does not run on sympy symbols ({exc})"
    except Exception as exc:  # sympy may fail on anything; that proves nothing either way
        return False, f"sympy failed: {type(exc).__name__}: {exc}"


def _rederived(diff, method):
    """A symbolic identity is written into the certificate only when the kernel's own rewritings
    re-derive it (:func:`kernel_agrees`): the kernel re-runs it, and refuses what it cannot."""
    if kernel_agrees(diff):
        return True, f"sympy: {method}(lhs - rhs) == 0"
    return False, (f"sympy reduces lhs - rhs to 0 by {method}, but the kernel's own rewritings (no forced "
                   "logs, no simplify or integrate) do not: not a proof the kernel could check")


def _nonlinear_in_a_mixture(expr) -> bool:
    """Does an integral of ``expr`` apply a non-polynomial function to a sum of two or more
    exponential terms -- the log of a mixture's density (KL, JS), a mixture in a denominator
    (chi^2: (q - p)^2 / p), a square root or other non-integer power of one (Hellinger)? Such
    an integrand has no elementary antiderivative in general, and sympy's integrate and simplify
    then run for minutes (10 minutes of heurisch and manualintegrate on the chi^2 integrand of
    two mixtures). A structural rule, so the same claims get the same stages on any machine."""
    import sympy

    def mixture(node) -> bool:
        return any(isinstance(n, sympy.Add) and sum(1 for t in n.args if t.has(sympy.exp)) >= 2
                   for n in sympy.preorder_traversal(node))

    for integ in expr.atoms(sympy.Integral):
        body = integ.function
        for lg in body.atoms(sympy.log):
            if mixture(lg.args[0]):
                return True
        for pw in body.atoms(sympy.Pow):
            base, exponent = pw.args
            if not (exponent.is_Integer and exponent >= 0) and mixture(base):
                return True
    return False


def exact_zero_at_point(claim: Claim, leaf_index: int, point, units: float = 2.0, deadline=None,
                        half=None) -> bool:
    """True when sympy proves big - small (or lhs - rhs) is exactly 0 at the exact rational
    point: the two sides are equal there. Intervals can never show an equality (their
    enclosure of 0 always has some width), so the engines ask this at touching points.
    (``half`` names one half of an identity part; lhs - rhs is the same for both.)"""
    import sympy
    from fractions import Fraction

    try:
        with _time_limit(units, deadline) as budget:
            vals = []
            for x in point:
                q = Fraction(x)
                vals.append(sympy.Rational(q.numerator, q.denominator))
            rel = claim.evaluate(vals)
            leaf = rel.leaves()[leaf_index]
            like = vals[0] if vals else sympy.Integer(0)
            diff = sympy.sympify(side_raw(leaf.lhs, like)) - sympy.sympify(side_raw(leaf.rhs, like))
            return diff == 0 or is_zero(diff, budget)
    except Exception:
        return False
