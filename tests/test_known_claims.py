"""End to end: every known claim gets its known verdict within its budget."""

import math
from fractions import Fraction

import mpmath
import pytest

from theorycheck.check import check
from theorycheck.enclose.exact import to_fraction
from theorycheck.loader import load_file

from .conftest import CLAIMS_DIR

KNOWN = load_file(CLAIMS_DIR / "known.py")


@pytest.mark.parametrize("claim", KNOWN, ids=lambda c: c.name)
def test_known_claim_gets_its_verdict(claim):
    verdict = check(claim, budget=30, seed=0)
    assert verdict.verdict == claim.expect, verdict.to_json()
    if verdict.verdict == "refuted":
        _assert_counterexample_is_real(claim, verdict)


def _assert_counterexample_is_real(claim, verdict):
    """Independently of the interval engine: 100-digit mpmath at the exact point agrees."""
    point = verdict.counterexample
    for v in claim.variables:
        q = to_fraction(point[v.name])
        assert v.lo <= q <= v.hi, f"{v.name}={point[v.name]} lies outside the claim's box"
    mpmath.mp.dps = 100
    try:
        args = []
        for v in claim.variables:
            q = to_fraction(point[v.name])
            args.append(mpmath.mpf(q.numerator) / q.denominator)
        rel = claim.evaluate(args)
        leaf = rel.leaves()[verdict.evidence["violated_part"] - 1]
        from theorycheck.expr import side_raw

        lhs = side_raw(leaf.lhs, args[0] if args else mpmath.mpf(0))
        rhs = side_raw(leaf.rhs, args[0] if args else mpmath.mpf(0))
        lhs_lo, lhs_hi = (to_fraction(s) for s in verdict.lhs)
        rhs_lo, rhs_hi = (to_fraction(s) for s in verdict.rhs)
        assert lhs_lo <= to_fraction(mpmath.mpf(lhs)) <= lhs_hi
        assert rhs_lo <= to_fraction(mpmath.mpf(rhs)) <= rhs_hi
        ok = {"<=": lhs <= rhs, "<": lhs < rhs, ">=": lhs >= rhs, ">": lhs > rhs, "==": lhs == rhs}[leaf.op]
        assert not ok, f"mpmath at 100 digits says the relation holds at {point}"
    finally:
        mpmath.mp.dps = 15


def test_same_seed_same_counterexample():
    claim = next(c for c in KNOWN if c.name == "narrow_spike_below_its_peak")
    a = check(claim, budget=30, seed=7)
    b = check(claim, budget=30, seed=7)
    assert a.verdict == b.verdict == "refuted"
    assert a.counterexample == b.counterexample
