"""Exact numbers at the boundary between users and enclosures.

Users write bounds and points as ints, floats or decimal strings; we turn each into the exact
rational it denotes ("0.1" is 1/10, the float 0.1 is the binary double 3602879701896397/2**55),
so that every later step knows precisely which number it must enclose.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from numbers import Integral

__all__ = ["to_fraction", "fraction_to_decimal_string", "is_terminating_decimal", "is_float", "BadNumber"]


class BadNumber(ValueError):
    """A value that does not denote one finite real number (NaN, inf, malformed text)."""


def is_float(q: Fraction) -> bool:
    """Is the exact rational ``q`` a (finite) double?"""
    try:
        return Fraction(float(q)) == q
    except OverflowError:
        return False


def to_fraction(value) -> Fraction:
    """The exact rational denoted by ``value``; raises :class:`BadNumber` for NaN, inf or junk."""
    t = type(value)
    if t is Fraction:  # (the most frequent kinds first, by their exact type: the same answers as below)
        return value
    if t is int:
        return Fraction(value)
    if isinstance(value, bool):
        raise BadNumber(f"{value!r} is a bool, not a number")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Integral):
        return Fraction(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BadNumber(f"{value!r} is not a finite number")
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise BadNumber(f"{value!r} is not a finite number")
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            if "/" in text:
                return Fraction(text)
            dec = Decimal(text)
        except (InvalidOperation, ValueError, ZeroDivisionError):
            raise BadNumber(f"{value!r} is not an exact decimal or rational") from None
        if not dec.is_finite():
            raise BadNumber(f"{value!r} is not a finite number")
        return Fraction(dec)
    # numpy scalars, mpmath mpf and similar: go through their exact float/rational value
    try:
        import mpmath

        if isinstance(value, mpmath.mpf):
            if not mpmath.isfinite(value):
                raise BadNumber(f"{value!r} is not a finite number")
            # mpf.man_exp is (|mantissa|, exponent) in mpmath 1.3: the sign is not in it
            man, exp = value.man_exp
            man = abs(int(man)) * (-1 if value < 0 else 1)
            return Fraction(man) * (Fraction(2) ** int(exp))
    except ImportError:  # pragma: no cover
        pass
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        raise BadNumber(f"{value!r} (type {type(value).__name__}) is not a number") from None
    if as_float != value:
        raise BadNumber(f"{value!r} cannot be converted to a number exactly")
    return to_fraction(as_float)


def is_terminating_decimal(value: Fraction) -> bool:
    """True when ``value`` has a finite decimal expansion (denominator 2^a 5^b)."""
    den = value.denominator
    den >>= (den & -den).bit_length() - 1  # the factors 2 off at once
    while den % 5 == 0:
        den //= 5
    return den == 1


def fraction_to_decimal_string(value: Fraction, digits: int = 20, rounding: str = "nearest") -> str:
    """A decimal string for ``value``: exact when it has a short expansion, else ``digits``
    significant digits rounded ``"down"``, ``"up"`` or to ``"nearest"``."""
    import decimal

    if value == 0:
        return "0"
    if is_terminating_decimal(value):  # exact when the expansion is also short
        ctx = decimal.Context(prec=2000)
        exact = ctx.divide(Decimal(value.numerator), Decimal(value.denominator))
        text = format(exact.normalize(ctx), "f") if abs(exact.adjusted()) < 30 else str(exact.normalize(ctx)).replace("E", "e")
        if len(text.replace("-", "").replace(".", "").lstrip("0")) <= max(digits, 40):
            return text
    mode = {"down": decimal.ROUND_FLOOR, "up": decimal.ROUND_CEILING, "nearest": decimal.ROUND_HALF_EVEN}[
        rounding
    ]
    ctx = decimal.Context(prec=digits, rounding=mode)
    result = ctx.divide(Decimal(value.numerator), Decimal(value.denominator))
    return str(result).replace("E", "e")


def exact_string(value: Fraction) -> str:
    """Text that denotes exactly ``value``: its full decimal expansion when it terminates (the
    exact value of a double has at most ~770 digits), else ``"p/q"``. Never rounded: this is
    how a certified point is written."""
    import decimal

    if value == 0:
        return "0"
    if not is_terminating_decimal(value):
        return f"{value.numerator}/{value.denominator}"
    den = value.denominator
    # digits of the numerator from its bit length (str() of a huge int is refused by Python)
    digits = (abs(value.numerator).bit_length() * 30103) // 100000 + 2 + 4 * den.bit_length() + 10
    ctx = decimal.Context(prec=digits, rounding=decimal.ROUND_UNNECESSARY if hasattr(decimal, "ROUND_UNNECESSARY") else decimal.ROUND_HALF_EVEN)
    exact = ctx.divide(Decimal(value.numerator), Decimal(value.denominator)).normalize(ctx)
    text = format(exact, "f") if abs(exact.adjusted()) < 30 else str(exact).replace("E", "e")
    if Fraction(Decimal(text.replace("e", "E"))) != value:  # pragma: no cover - a bug, never a rounding
        raise ArithmeticError(f"exact_string({value}) lost digits")
    return text
