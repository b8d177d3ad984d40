"""Session 22's adversary: claims and certificates that fooled theorycheck, each kept with the fix.

Truth of every claim is settled here without theorycheck (exact rational arithmetic on the float's
binary value, or mpmath at 60 digits), never by the verdict under test.

1. A module-level float as an end of an integral, or returned by an integrand, reached sympy as its
   *decimal* repr (``sympy.Rational(repr(0.1))`` = 1/10) or as an approximate sympy ``Float``, while
   every other engine takes it as its exact binary value. ``int_0^A 1 dt == 1/10`` with A = 0.1 is
   false (lhs = 0.1000000000000000055511151231257827...) and was *proved* symbolically, its
   certificate accepted by the kernel (a symbolic part is a trusted sympy step).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from theorycheck import claim, exact, integral
from theorycheck.check import check
from theorycheck.symbolic import prove_identity

A_FLOAT = 0.1  # outside the body: its exact binary value, 3602879701896397 / 2**55


def test_the_binary_value_of_a_float_is_not_its_decimal():
    # the truth of the claims below, settled in exact rational arithmetic
    assert Fraction(A_FLOAT) == Fraction(3602879701896397, 2**55)
    assert Fraction(A_FLOAT) - Fraction(1, 10) == Fraction(1, 180143985094819840)  # 5.55e-18 > 0


@claim(x=(0, 1))
def integral_end_float_vs_decimal(x):  # FALSE: lhs - rhs = binary(0.1) - 1/10 = 5.55e-18
    return integral(lambda t: 1, 0, A_FLOAT) + x == exact("0.1") + x


@claim(x=(0, 1))
def integrand_float_vs_decimal(x):  # FALSE: the integrand is the constant binary(0.1)
    return integral(lambda t: A_FLOAT, 0, 1) + x == exact("0.1") + x


@claim(x=(0, 1))
def integral_end_float_vs_float(x):  # TRUE: both sides binary(0.1) + x
    return integral(lambda t: 1, 0, A_FLOAT) + x == A_FLOAT + x


@pytest.mark.parametrize("false_claim", [integral_end_float_vs_decimal, integrand_float_vs_decimal],
                         ids=lambda c: c.name)
def test_a_float_in_an_integral_is_its_binary_value_for_sympy(false_claim):
    ok, why = prove_identity(false_claim, 0, units=5)
    assert not ok, why  # was: "sympy: integrate + expand(lhs - rhs) == 0"
    v = check(false_claim, budget=5)
    assert v.verdict == "refuted", v.evidence
    assert v.proof is not None and "counterexample" in v.proof


def test_a_float_in_an_integral_still_proves_what_is_true():
    ok, why = prove_identity(integral_end_float_vs_float, 0, units=5)
    assert ok, why
    assert check(integral_end_float_vs_float, budget=5).verdict == "proved"
