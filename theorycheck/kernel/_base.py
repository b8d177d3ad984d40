"""What the kernel's modules share: the rejection, exact rationals, boxes and their text."""

from __future__ import annotations

import contextlib
import sys
from fractions import Fraction


class Reject(Exception):
    """The certificate is not valid; the message says which thing failed."""


def need(cond, message: str):
    if not cond:
        raise Reject(message)


def rational(text, where: str) -> Fraction:
    """An exact rational written as a string ("3", "-1/10", "7/16"); floats and junk are refused."""
    need(isinstance(text, str), f"{where}: {_short(text)} is not an exact rational written as a string")
    try:
        return Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise Reject(f"{where}: {text!r} is not an exact rational") from None


def parse_box(raw, n: int, where: str) -> tuple:
    """A leaf's box [["lo", "hi"], ...] (one pair per variable) as a tuple of Fraction pairs."""
    need(isinstance(raw, list) and len(raw) == n, f"{where}: the box must be a list of {n} [lo, hi] pairs, "
         f"got {_short(raw)}")
    out = []
    for k, pair in enumerate(raw):
        need(isinstance(pair, list) and len(pair) == 2, f"{where}: coordinate {k} must be [lo, hi], got {_short(pair)}")
        lo, hi = rational(pair[0], where), rational(pair[1], where)
        need(lo <= hi, f"{where}: coordinate {k} of the box is reversed: {fmt([(lo, hi)])}")
        out.append((lo, hi))
    return tuple(out)


def field(obj, key, kind, where: str):
    """``obj[key]``, which must exist and be of type ``kind``."""
    need(isinstance(obj, dict), f"{where} must be a JSON object, got {_short(obj)}")
    need(key in obj, f"{where} has no {key!r}")
    ok = isinstance(obj[key], kind) and not (kind is int and isinstance(obj[key], bool))
    need(ok, f"{where}: {key!r} must be {kind.__name__}, got {_short(obj[key])}")
    return obj[key]


@contextlib.contextmanager
def any_size():
    """Exact rationals of any size to and from text (a bound such as 10**5000 is past Python's
    default limit on int-text conversion)."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(old)


def num(q) -> str:
    """An exact number in a message, shortened when long."""
    text = str(q)
    return text if len(text) <= 60 else f"{text[:24]}...{text[-12:]} ({len(text)} characters)"


def show(x) -> str:
    """An enclosure in a message, its end points as the nearest floats: its end points may have exponents
    (npdf(1e10) = exp(-5e19)) whose exact decimal text would not fit in memory."""
    try:
        lo, hi = float(x.lo), float(x.hi)  # Arb's own conversion: no exact rational is made
    except Exception:  # noqa: BLE001 -- a message must never fail
        return f"<{type(x).__name__}>"
    return f"[{lo!r}, {hi!r}]"


def fmt(box) -> str:
    return " x ".join(f"[{num(lo)}, {num(hi)}]" for lo, hi in box) if box else "[] (no variables)"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
