"""Budgets that count work, not seconds (issue 13: reproducible verdicts).

A claim's budget is a number of *work units*. The engines charge the current :class:`Meter` at
deterministic points -- every evaluation of the body, by the kind of its values and how many
points or boxes it covers (:func:`charge_evaluation`, called by ``Claim.evaluate``), every cell
of an interval integral and every integrand evaluation of a float one, every stage of a symbolic
(sympy) check -- and they stop where they used to look at the clock: when the meter's reading
(:func:`clock`) passes their share of the budget. So the same seed gives the same verdict, the
same counterexample and the same evidence on a fast machine and on a loaded one.

The unit is calibrated so that on an ordinary machine one unit is roughly one second of a
typical claim (:data:`COSTS`); it is a count, whatever the machine does meanwhile.

Wall-clock time is only an outer safety limit (``TIME_LIMIT_FACTOR`` seconds per unit of the
budget, at least ``TIME_LIMIT_FLOOR``, unless given; 30 rather than 10 because on a shared
machine with several times more jobs than cores a unit has taken up to ~12 s): past it the meter
reads +inf, every engine stops at its next check, sympy is interrupted, and the verdict is
``undecided`` with ``time limit`` in its evidence -- a verdict that says the machine, not the
claim, ran out. The committed lemmas never reach it.
"""

from __future__ import annotations

import contextvars
import math
import time
from contextlib import contextmanager

TIME_LIMIT_FACTOR = 30.0  # the outer safety limit: seconds of wall clock per unit of the budget,
TIME_LIMIT_FLOOR = 60.0  # and never less than this (imports, first calls: fixed costs of small budgets)

# Work units charged per evaluation of the body, by the kind of its values ("call": each call,
# "point": each point or box of an array kind). Calibrated on typical claims so that one unit is
# roughly one second (see tests/test_budgets.py); what matters is that they are fixed numbers.
COSTS = {
    "float": {"call": 5e-5},  # one float point (the search, Hypothesis, scipy's polish)
    "array": {"call": 3e-4, "point": 3e-7},  # numpy arrays (the vectorised sweep)
    "Interval": {"call": 1e-3},  # one Arb box or point (53 bits; more per precision step)
    "IntervalArray": {"call": 1e-2, "point": 6e-5},  # a batch of boxes (branch and bound)
    "Dual": {"call": 1e-2, "point": 2.5e-4},  # derivatives (per box of a batch and per variable)
    "Series": {"call": 2e-3},
    "mpf": {"call": 2e-3},
    "sympy": {"call": 2e-2},
    "other": {"call": 1e-3},
}
HYPOTHESIS_EXAMPLE = 2e-3  # Hypothesis's own work per example (the body is charged apart)
QUAD_EVALUATION = 3e-5  # one integrand evaluation of scipy's quad (a float integral)
ARRAY_QUADRATURE_NODE = 2e-9  # one node of a vectorised quadrature, per point (numpy, search only)
INTEGRAL_CELL = 2e-3  # one cell of an interval integral (Taylor model of the integrand)
SYMPY_ZERO = 2e-3  # one exact-zero test of a number at a point (symbolic.is_zero)
SYMPY_STAGE = 0.05  # one rewriting stage of a symbolic check (plus its size: symbolic.STAGE_COST)
# the optimal discriminator of the two-Gaussian GAN (theorycheck.gaussians.gan): zeros of F
DISCRIMINATOR_FLOAT = {"call": 1e-2, "point": 2e-5}  # in floats, vectorised over settings
DISCRIMINATOR_CERTIFIED = 3e-2  # certified at an exact point
PRECISION_STEP = 53  # bits: an Interval evaluation at b bits costs (b / 53) ** 0.5 times more


class Meter:
    """Work used by one claim, its budget in units, and the outer wall-clock limit. Charges also
    go to the enclosing meter (a calc chain's steps are claims of their own inside the chain's
    budget)."""

    def __init__(self, units: float | None, seconds: float | None = None, parent: Meter | None = None):
        self.units = units
        self.used = 0.0
        self.parent = parent
        self.start = time.monotonic()
        limit = None if seconds is None else self.start + seconds
        if parent is not None and parent.wall_deadline is not None:
            limit = parent.wall_deadline if limit is None else min(limit, parent.wall_deadline)
        self.wall_deadline = limit
        self.timed_out = False
        self.owner = None  # a detached meter's claim meter (see :func:`detached`)

    def charge(self, units: float):
        m = self
        while m is not None:
            m.used += units
            m = m.parent

    def reading(self) -> float:
        """Units used so far; +inf once the wall-clock safety limit has passed."""
        if self.timed_out or (self.wall_deadline is not None and time.monotonic() > self.wall_deadline):
            self.time_out()
            return math.inf
        return self.used

    def time_out(self):
        m = self
        while m is not None:
            m.timed_out = True
            m = m.parent

    def claim(self) -> Meter:
        """The outermost meter of this claim (a calc chain's, for its steps); for a meter
        made by :func:`detached`, the claim meter it was made in."""
        m = self
        while m.parent is not None:
            m = m.parent
        return m.owner.claim() if m.owner is not None else m

    def seconds_left(self) -> float | None:
        """Wall-clock seconds before the safety limit (None: no limit)."""
        if self.wall_deadline is None:
            return None
        return self.wall_deadline - time.monotonic()


_ROOT = Meter(None)  # outside any claim (engines called directly): counts, never limits
_CURRENT = contextvars.ContextVar("theorycheck_work_meter", default=_ROOT)


def current() -> Meter:
    return _CURRENT.get()


def clock() -> float:
    """The current meter's reading: what the engines compare with their work deadlines."""
    return _CURRENT.get().reading()


def past(deadline) -> bool:
    """Has the current meter passed ``deadline`` (a reading; None: never)? Always True once
    the wall-clock safety limit has passed."""
    r = clock()
    return r == math.inf or (deadline is not None and r > deadline)


def charge(units: float):
    _CURRENT.get().charge(units)


def time_limit_for(units: float) -> float:
    """The default wall-clock safety limit of a budget of ``units``."""
    return max(TIME_LIMIT_FACTOR * units, TIME_LIMIT_FLOOR)


@contextmanager
def detached(units: float | None):
    """A meter of ``units`` for the block whose charges do *not* reach the enclosing meter (the
    caller decides what to charge afterwards: the fast path, whose work counts only when it
    decides nothing). It still belongs to the enclosing claim: :meth:`Meter.claim` answers the
    claim's meter, so work cached per claim (a divergence integral) is not charged twice to
    one claim; its wall-clock safety limit is the enclosing one, and a time-out reaches it."""
    outer = _CURRENT.get()
    m = Meter(units)
    m.wall_deadline = outer.wall_deadline
    if outer is not _ROOT:
        m.owner = outer
    token = _CURRENT.set(m)
    try:
        yield m
    finally:
        _CURRENT.reset(token)
        if m.timed_out:
            outer.time_out()


@contextmanager
def metered(units: float | None, seconds: float | None = None):
    """A fresh meter of ``units`` for the block (its reading starts at 0); its charges also go
    to the enclosing meter. ``seconds``: the wall-clock safety limit (default
    :func:`time_limit_for`), never beyond the enclosing meter's."""
    parent = _CURRENT.get()
    if seconds is None and units is not None:
        seconds = time_limit_for(units)
    m = Meter(units, seconds, parent if parent is not _ROOT else None)
    token = _CURRENT.set(m)
    try:
        yield m
    finally:
        _CURRENT.reset(token)


def _kind(raw) -> str:
    from .enclose.kinds import kind_name

    name = kind_name(raw)
    return name if name in COSTS else "other"


def _points(raw) -> int:
    n = getattr(raw, "shape", None)
    if n:
        return int(n[0]) if len(n) else 1
    try:
        return len(raw)  # IntervalArray
    except TypeError:
        return 1


def evaluation_cost(values) -> float:
    """Units for one evaluation of a body on ``values`` (one raw value per variable)."""
    if not len(values):
        return COSTS["Interval"]["call"]
    raw = values[0]
    kind = _kind(raw)
    if kind == "Dual":
        inner = raw
        while type(inner).__name__ == "Dual":
            inner = inner.val
        n = _points(inner) if _kind(inner) in ("IntervalArray", "array") else 1
        c = COSTS["Dual"]
        return c["call"] + c["point"] * n * max(len(values), 1)
    c = COSTS[kind]
    cost = c["call"]
    if "point" in c:
        cost += c["point"] * _points(raw)
    if kind == "Interval":
        import flint

        cost *= max(1.0, (flint.ctx.prec / PRECISION_STEP) ** 0.5)
    return cost


def charge_evaluation(values):
    _CURRENT.get().charge(evaluation_cost(values))
