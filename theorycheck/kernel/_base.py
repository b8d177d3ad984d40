"""What every part of the kernel shares: the rejection, exact rationals, box formatting."""

from __future__ import annotations

from fractions import Fraction


class Reject(Exception):
    """The certificate is not valid; the message says which thing failed."""


def rational(text, where: str) -> Fraction:
    """An exact rational written as a string ("3", "-1/10", "7/16"); floats and junk are refused."""
    if not isinstance(text, str):
        raise Reject(f"{where}: {text!r} is not an exact rational written as a string")
    try:
        return Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise Reject(f"{where}: {text!r} is not an exact rational") from None


def parse_box(raw, n: int, where: str) -> tuple:
    """A leaf's box [["lo", "hi"], ...] (one pair per variable) as a tuple of Fraction pairs."""
    if not isinstance(raw, list) or len(raw) != n:
        raise Reject(f"{where}: the box must be a list of {n} [lo, hi] pairs, got {_short(raw)}")
    out = []
    for k, pair in enumerate(raw):
        if not isinstance(pair, list) or len(pair) != 2:
            raise Reject(f"{where}: coordinate {k} of the box must be a [lo, hi] pair, got {_short(pair)}")
        lo, hi = rational(pair[0], where), rational(pair[1], where)
        if lo > hi:
            raise Reject(f"{where}: coordinate {k} of the box is reversed: [{lo}, {hi}]")
        out.append((lo, hi))
    return tuple(out)


def fmt(box) -> str:
    """[lo, hi] x [lo, hi] ... (exact)."""
    return " x ".join(f"[{lo}, {hi}]" for lo, hi in box) if box else "[] (no variables)"


def need(cond, message: str):
    if not cond:
        raise Reject(message)


def field(obj, key, kind, where: str):
    """``obj[key]``, which must exist and be of type ``kind``."""
    need(isinstance(obj, dict), f"{where} must be a JSON object, got {_short(obj)}")
    need(key in obj, f"{where} has no {key!r}")
    value = obj[key]
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    need(ok, f"{where}: {key!r} must be {getattr(kind, '__name__', kind)}, got {_short(value)}")
    return value


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
