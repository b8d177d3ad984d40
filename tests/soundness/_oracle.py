"""Independent oracles for the soundness suite: pure mpmath, no theorycheck import.

An oracle is a function of the claim's variables (keyword arguments, mpmath numbers at the
harness's working precision, 80+ digits) returning the claim's *margin* at that point:

* ``< 0``  the point violates the claim;
* ``>= 0`` the claim holds there;
* it raises :class:`Undefined` (or any ArithmeticError / ValueError) where the body is
  undefined, which issue 12 makes a violation ("an undefined point is a counterexample").

Strict relations (``lt``/``gt``) map an exact tie to a negative margin (``TIE``). Identities
(``eq``) are violated where the sides differ by more than ``10**-(dps - 15)`` relative; where a
false identity differs by an amount far below that (1e30 + x**2 vs 1e30 at x = 1e-40), the
oracle is written with the exact difference, simplified by hand, and ``neq0`` of it.

The helpers below refuse what real arithmetic refuses: ``sqrt`` of a negative number, ``log`` of
a non-positive one, division by zero, a fractional power of a negative number (mpmath itself
would return complex numbers or infinities, which a margin must never hide).
"""

from fractions import Fraction

import mpmath
from mpmath import mp, mpf

TIE = mpf(-1)  # the margin of a strict relation whose two sides are equal

__all__ = ["Undefined", "mp", "mpf", "q", "sqrt", "log", "log1p", "exp", "expm1", "erf", "erfc",
           "tanh", "Phi", "npdf", "pi", "div", "pw", "le", "lt", "ge", "gt", "eq", "neq0",
           "all_", "TIE", "quad", "cheb"]


class Undefined(ArithmeticError):
    """The body is undefined at this point (0/0, log of x <= 0, sqrt of x < 0, ...)."""


def q(s):
    """An exact rational written as a string or Fraction -> mpf at the working precision."""
    f = Fraction(s)
    return mpf(f.numerator) / f.denominator


def _real(v):
    if isinstance(v, mpmath.mpc):
        raise Undefined(f"complex value {v}")
    v = mpf(v)
    if mpmath.isnan(v) or mpmath.isinf(v):
        raise Undefined(f"not a finite real: {v}")
    return v


def sqrt(x):
    x = _real(x)
    if x < 0:
        raise Undefined("sqrt of a negative number")
    return mp.sqrt(x)


def log(x):
    x = _real(x)
    if x <= 0:
        raise Undefined("log of a non-positive number")
    return mp.log(x)


def log1p(x):
    x = _real(x)
    if x <= -1:
        raise Undefined("log1p at or below -1")
    return mp.log1p(x)


def div(a, b):
    a, b = _real(a), _real(b)
    if b == 0:
        raise Undefined("division by zero")
    return a / b


def pw(x, p):
    """x**p over the reals: a negative base needs an integer exponent; 0**p needs p > 0 (or
    p == 0, where Python says 1)."""
    x, p = _real(x), _real(p)
    if x < 0 and p != int(p):
        raise Undefined("fractional power of a negative number")
    if x == 0 and p < 0:
        raise Undefined("0 to a negative power")
    if x == 0 and p == 0:
        return mpf(1)
    return _real(mp.power(x, p))


def exp(x):
    return mp.exp(_real(x))


def expm1(x):
    return mp.expm1(_real(x))


def erf(x):
    return mp.erf(_real(x))


def erfc(x):
    return mp.erfc(_real(x))


def tanh(x):
    return mp.tanh(_real(x))


def Phi(x):
    return mp.erfc(-_real(x) / mp.sqrt(2)) / 2


def npdf(x):
    return mp.exp(-_real(x) ** 2 / 2) / mp.sqrt(2 * mp.pi)


def pi():
    return +mp.pi


def le(a, b):
    return _real(b) - _real(a)


def ge(a, b):
    return _real(a) - _real(b)


def lt(a, b):
    m = _real(b) - _real(a)
    return m if m != 0 else TIE


def gt(a, b):
    m = _real(a) - _real(b)
    return m if m != 0 else TIE


def eq(a, b):
    a, b = _real(a), _real(b)
    scale = max(abs(a), abs(b))
    diff = abs(a - b)
    if diff == 0 or diff <= scale * mpf(10) ** (-(mp.dps - 15)):
        return mpf(0)
    return -diff


def neq0(diff):
    """The margin of an identity whose exact difference of sides is ``diff``."""
    diff = _real(diff)
    return -abs(diff)


def all_(*margins):
    return min(_real(m) for m in margins)


def quad(f, a, b):
    """A plain mpmath integral (tanh-sinh), for integrals with smooth integrands."""
    return mp.quad(f, [a, b])


def cheb(f, a, b, pieces):
    """An mpmath integral split at the given interior points (for spiky integrands)."""
    return mp.quad(f, [a, *pieces, b])
