"""Polynomial (and rational) parts decided by an exact decision procedure: z3's nonlinear real
arithmetic (nlsat), an optional, *trusted* step (issue 15).

A part whose body is a rational function of the variables with exact rational coefficients
(:mod:`theorycheck.kernel.polynomials` traces it, no simplification) is the first-order
question "is there a point of the closed box where the part is undefined or fails?", which
nlsat decides exactly (a complete procedure for real polynomial arithmetic, by cylindrical
algebraic decomposition). The prover asks it only where branch and bound leaves the part
undecided (an interval proof keeps the trust base Arb + kernel), and only when z3-solver is
installed (``pip install 'theorycheck[exact]'``).

- ``unsat``: the part is proved. The trust base grows by z3: the kernel re-derives the query
  from the claim and compares it with the certificate's, but cannot re-check z3's answer; it
  re-runs z3 when installed and otherwise reports the leaf as trusted, not re-checked. The
  part's method, the JSON evidence and the certificate's trust ("... + z3") say so.
- ``sat``: z3's model (exact rationals; an algebraic value is approximated to 40 digits) is
  only a candidate. It refutes the claim only once intervals certify a violation at that
  exact point inside the box (the prover's ``confirm``), like any other counterexample.
- ``unknown`` (the resource limit ran out): nothing is concluded.

z3 is bounded by its own resource limit (rlimit: counted, deterministic), from the part's work
units left (:data:`RLIMIT_PER_UNIT`), never by a clock.
"""

from __future__ import annotations

import math

from . import work

RLIMIT_PER_UNIT = 300_000  # z3 resource units per work unit (~1 s of nlsat on an ordinary machine)
MIN_UNITS, MAX_UNITS = 1.0, 60.0  # z3's share of a part, in work units
INTERVAL_SHARE = 0.75  # of a polynomial part's budget, for branch and bound first (an interval proof keeps z3 out of the trust base)


def available() -> bool:
    try:
        import z3  # noqa: F401
    except ImportError:
        return False
    return True


def version() -> str | None:
    try:
        import z3
    except ImportError:
        return None
    return z3.get_version_string()


def label(ver: str | None = None) -> str:
    return f"exact decision procedure: z3 nlsat, version {ver or version()}; trust base: z3"


def part_query(claim, leaf_index, half=None) -> str | None:
    """The SMT-LIB query of the part (see :mod:`theorycheck.kernel.polynomials`), None when the
    part is not a rational function of its variables with exact coefficients."""
    from .kernel.polynomials import NotPolynomial, trace_part
    from .prove import pick_leaf

    try:
        return trace_part(claim, lambda values: pick_leaf(claim.evaluate(values), leaf_index, half), None)
    except NotPolynomial:
        return None


class Plan:
    """A polynomial part: branch and bound first, on a share of the budget, then z3."""

    def __init__(self, claim, leaf_index, half, query, deadline, confirm):
        self.claim, self.leaf_index, self.half = claim, leaf_index, half
        self.query, self.deadline, self.confirm = query, deadline, confirm

    def interval_deadline(self):
        if self.deadline is None or not math.isfinite(self.deadline):
            return self.deadline
        now = work.clock()
        return now + INTERVAL_SHARE * max(self.deadline - now, 0.0)

    def finish(self, result):
        """The branch-and-bound ``result``, or z3's decision where it left the part undecided."""
        from .prove import ProofResult

        if result.status != "undecided":
            return result
        units = MAX_UNITS if self.deadline is None else self.deadline - work.clock()
        if not math.isfinite(units):
            return result
        units = min(max(units, MIN_UNITS), MAX_UNITS)
        from .kernel.polynomials import run_z3

        rlimit = int(units * RLIMIT_PER_UNIT)
        try:
            answer, model, ver, used = run_z3(self.query, rlimit)
        except Exception:  # noqa: BLE001 - z3 failing proves nothing either way
            work.charge(units)
            return result
        work.charge(used / RLIMIT_PER_UNIT)
        if answer == "unsat":
            out = ProofResult(status="proved", boxes_decided=1, methods={label(ver): 1})
            out.exact = {"by": "z3", "smtlib": self.query, "z3": ver, "rlimit": rlimit, "answer": "unsat"}
            return out
        if answer == "sat" and model is not None:
            point = [min(max(q, v.lo), v.hi) for q, v in zip(model, self.claim.variables)]
            if self.confirm is None or self.confirm(point):
                result.status = "failing_box"
                result.failing_point = tuple(point)
                result.methods = dict(result.methods, **{"z3 model, certified by intervals": 1})
        return result


def plan_for(claim, leaf_index, deadline, box=None, half=None, confirm=None, **_ignored):
    """A :class:`Plan` when the part (on the claim's own box) is polynomial and z3 is installed."""
    if box is not None or not claim.variables or not available():
        return None
    query = part_query(claim, leaf_index, half)
    return None if query is None else Plan(claim, leaf_index, half, query, deadline, confirm)
