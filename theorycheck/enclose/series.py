"""Truncated Taylor series with ball coefficients (Arb's ``arb_series``), as a raw kind.

Evaluating a body on ``Series(c + t)`` where ``c`` is a ball gives, for every coefficient, a ball
that contains the Taylor coefficient of the body at *every* point of the ball: that is what the
rigorous quadrature of :mod:`theorycheck.integral` needs for its Lagrange remainders.
"""

from __future__ import annotations

from fractions import Fraction

import contextlib

import flint
from flint import arb, arb_series, fmpq

from .interval import Interval

__all__ = ["Series"]


def _ball(value):
    """An Arb ball holding an Interval, an exact number, or an arb."""
    if isinstance(value, arb):
        return value
    if isinstance(value, Interval):
        if not value.is_finite():
            raise ValueError("a Taylor series needs finite coefficients")
        lo, hi = value._lo, value._hi
        return arb.union(lo, hi) if not bool(lo == hi) else lo
    if isinstance(value, bool):
        raise TypeError("bool is not a number")
    if isinstance(value, int):
        return arb(value)
    if isinstance(value, float):
        return arb(value)
    if isinstance(value, Fraction):
        return arb(fmpq(value.numerator, value.denominator))
    raise TypeError(f"cannot combine {type(value).__name__} with a Taylor series")


@contextlib.contextmanager
def series_length(n: int):
    """python-flint truncates series results to ``ctx.cap`` terms: raise it to ``n``."""
    old = flint.ctx.cap
    flint.ctx.cap = max(old, n)
    try:
        yield
    finally:
        flint.ctx.cap = old


class Series:
    """f(c + t) = sum_k a_k t^k + O(t^n), a_k Arb balls; arithmetic and functions follow Arb."""

    __slots__ = ("s", "n")

    def __init__(self, s: arb_series, n: int):
        self.s = s
        self.n = n

    @classmethod
    def variable(cls, centre, n: int) -> "Series":
        """The series of the identity around ``centre`` (a ball): centre + t."""
        return cls(arb_series([_ball(centre), arb(1)], prec=n), n)

    def _lift(self, other):
        if isinstance(other, Series):
            return other.s
        return arb_series([_ball(other)], prec=self.n)

    @classmethod
    def const_pi(cls, like: "Series") -> "Series":
        return cls(arb_series([arb.pi()], prec=like.n), like.n)

    @classmethod
    def point_like(cls, like: "Series", value) -> "Series":
        return cls(arb_series([_ball(value)], prec=like.n), like.n)

    def coefficient(self, k: int) -> arb:
        """The k-th coefficient; an error (never a silent 0) when the series was truncated
        below k + 1 terms (python-flint truncates to ``ctx.cap`` terms by default)."""
        if k >= self.s.prec:
            raise ValueError(f"series known to {self.s.prec} terms only, coefficient {k} requested")
        coeffs = self.s.coeffs()
        return coeffs[k] if k < len(coeffs) else arb(0)

    # arithmetic
    def __add__(self, o):
        return Series(self.s + self._lift(o), self.n)

    __radd__ = __add__

    def __sub__(self, o):
        return Series(self.s - self._lift(o), self.n)

    def __rsub__(self, o):
        return Series(self._lift(o) - self.s, self.n)

    def __mul__(self, o):
        return Series(self.s * self._lift(o), self.n)

    __rmul__ = __mul__

    def __truediv__(self, o):
        return Series(self.s / self._lift(o), self.n)

    def __rtruediv__(self, o):
        return Series(self._lift(o) / self.s, self.n)

    def __neg__(self):
        return Series(-self.s, self.n)

    def __pos__(self):
        return self

    def __pow__(self, k):
        if isinstance(k, int) and k >= 0:
            out = arb_series([arb(1)], prec=self.n)
            base = self.s
            while k:
                if k & 1:
                    out = out * base
                base = base * base
                k >>= 1
            return Series(out, self.n)
        if isinstance(k, int):
            return Series(1 / (self ** (-k)).s, self.n)
        return (self.log() * k).exp()

    def __abs__(self):
        raise TypeError("abs is not analytic: no Taylor series through its kink")

    # functions
    def exp(self):
        return Series(self.s.exp(), self.n)

    def expm1(self):
        return Series(self.s.exp() - 1, self.n)

    def log(self):
        return Series(self.s.log(), self.n)

    def log1p(self):
        return Series((self.s + 1).log(), self.n)

    def sqrt(self):
        return Series(self.s.sqrt(), self.n)

    def erf(self):
        return Series(self.s.erf(), self.n)

    def erfc(self):
        return Series(self.s.erfc(), self.n)

    def tanh(self):
        e = (2 * self.s).exp()
        return Series((e - 1) / (e + 1), self.n)

    def Phi(self):
        return Series((-self.s / arb(2).sqrt()).erfc() / 2, self.n)

    def npdf(self):
        return Series((-(self.s * self.s) / 2).exp() / (2 * arb.pi()).sqrt(), self.n)

    def minimum(self, other):
        raise TypeError("min is not analytic")

    maximum = minimum

    def __bool__(self):
        raise TypeError("a Series has no truth value")
