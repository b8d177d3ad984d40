"""IEEE Std 1788 conformance vectors (ITF1788 ``.itl`` files) run against our interval types.

The ITL format of the ITF1788 test framework (Oliver Heimlich) holds one test vector a line::

    testcase mpfi_exp {
        // a comment
        exp [0xap-47, 0xbp-47] = [0x10000000000140p-52, 0x10000000000161p-52];
    }

an operation, its input intervals (or numbers), ``=``, and the expected result: the tightest interval
of IEEE doubles holding the exact range of the operation over the inputs. :func:`parse_itl` turns a
file into :class:`Vector` records; :func:`run_vectors` evaluates the supported ones on a backend
(:class:`IntervalBackend` for :class:`~theorycheck.enclose.interval.Interval`,
:class:`ArrayBackend` for the vectorised ``IntervalArray``) and returns a
:class:`ConformanceReport` with per-operation counts.

What is checked, per vector:

* **contained** -- the backend's result contains the TRUE range of the operation over the input
  intervals. The expected double interval is *not* the reference for this (it is only the tightest
  double hull); the true range is computed independently here: exactly with rationals for
  ``add sub mul div neg abs sqr recip pown min max convexHull intersection`` (IEEE 1788 semantics,
  hull of the limits at infinite end points), ``sqrt`` exactly by squaring, and for the
  transcendental monotone functions (``exp expm1 log logp1 tanh``) from their end-point values
  computed by mpmath at 200 digits, compared with a relative guard of 2**-600: a comparison
  closer than the guard counts as *undecided*, and an undecided vector fails (it never happens:
  those values are irrational at every rational point except the handful of exact ones --
  exp(0) = 1, log(1) = 0, ... -- which are taken exactly).
* **as_tight_as** -- the backend's end points, rounded outward to doubles, equal the expected
  ones (empty matches only empty).
* **expected_contains_truth** -- a cross-check of this module against MPFI: the expected double
  interval must contain the true range we computed.

Conventions of the file format, as found in GNU MPFI's vectors (``mpfi.itl``):

* Every literal is parsed exactly (:attr:`Number.exact`; hexadecimal ones such as
  ``0x1.489c07caba163p-4`` by hand, decimal ones through ``Decimal``). A literal that is not a
  double (the decimal ``3e300``, or the 54-bit ``0x3923456789abcdp-52``) denotes the NEAREST
  double, the C-literal semantics of the original MPFI tests. (The vectors agree with this
  and disagree with outward rounding: ``add [-4.0, +7.0] [.., 3e300]`` expects the upper end
  ``nextUp(double(3e300))``, which is ``double(3e300) + 7`` rounded up.) Such literals are listed
  in :attr:`Vector.inexact_literals`.
* ``[empty]``, ``[entire]``, ``infinity`` and decorations (``[1, 2]_com``) are understood; vectors
  with empty inputs or decorations, boolean or numeric queries (``less``, ``wid``, ...) and
  functions we do not provide (``sin``, ``acos``, ...) are skipped with a stated reason.

Where our semantics differ from IEEE 1788 the vector is still run and checked for containment, and
the difference is recorded (:attr:`VectorOutcome.difference`): our ``1/[0, 0]`` and ``x/[0, 0]``
are the whole line where IEEE 1788 returns the empty set (a superset, so still sound), and a
function of an interval wholly outside its domain raises :class:`DomainError` (any
``ArithmeticError`` is accepted there) where IEEE 1788 returns empty. A raised error anywhere else,
or a reversed result, is a failure.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Callable, Iterable, Sequence

import mpmath

__all__ = [
    "Number",
    "ItlInterval",
    "Vector",
    "ItlSyntaxError",
    "parse_itl",
    "parse_itl_file",
    "parse_number",
    "parse_interval_literal",
    "default_itl_path",
    "SUPPORTED_OPERATIONS",
    "true_range",
    "Backend",
    "IntervalBackend",
    "ArrayBackend",
    "Outcome",
    "VectorOutcome",
    "OpStats",
    "ConformanceReport",
    "run_vectors",
]

INF = math.inf
_GUARD = Fraction(1, 2**600)  # relative guard for comparisons against 200-digit mpmath values
_TRUTH_DPS = 200


# ================================================================================================
# Parsing
# ================================================================================================


class ItlSyntaxError(ValueError):
    """The text is not in the ITL format (the message names the line)."""


@dataclass(frozen=True)
class Number:
    """A numeric literal: ``text`` as written, ``exact`` its exact rational value (``None`` for
    infinities), ``value`` the IEEE double it denotes (nearest, for literals that are not doubles)."""

    text: str
    value: float
    exact: Fraction | None

    @property
    def is_double(self) -> bool:
        """True when the literal denotes a double exactly (or is an infinity)."""
        return self.exact is None or Fraction(self.value) == self.exact

    @property
    def endpoint(self) -> Fraction | float:
        """The exact value of the double: a Fraction, or the float ``+-inf``."""
        return self.value if math.isinf(self.value) else Fraction(self.value)


@dataclass(frozen=True)
class ItlInterval:
    """An interval literal: ``[lo, hi]``, ``[empty]`` or ``[entire]``, with an optional
    decoration (``_com``, ``_dac``, ``_def``, ``_trv``, ``_ill``)."""

    text: str
    lo: Number | None  # None for [empty]
    hi: Number | None
    decoration: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.lo is None

    @property
    def pair(self) -> tuple[float, float] | None:
        """``(lo, hi)`` as doubles (``+-inf`` allowed); ``None`` for the empty interval."""
        if self.lo is None:
            return None
        return (self.lo.value, self.hi.value)

    @property
    def endpoints(self) -> tuple[Fraction | float, Fraction | float] | None:
        """``(lo, hi)`` exactly: Fractions, or ``+-inf`` floats; ``None`` when empty."""
        if self.lo is None:
            return None
        return (self.lo.endpoint, self.hi.endpoint)


@dataclass(frozen=True)
class Vector:
    """One test vector: ``operation inputs = outputs;`` at ``line`` of the file."""

    testcase: str
    operation: str
    inputs: tuple  # of ItlInterval | Number | bool | str
    outputs: tuple
    line: int
    text: str
    signals: tuple[str, ...] = ()

    @property
    def input_pairs(self) -> list[tuple[float, float] | None]:
        """Interval inputs as ``(lo, hi)`` double pairs (``None`` for ``[empty]``)."""
        return [x.pair for x in self.inputs if isinstance(x, ItlInterval)]

    @property
    def expected(self):
        """The single expected result (an :class:`ItlInterval`, a :class:`Number` or a bool)."""
        if len(self.outputs) != 1:
            raise ValueError(f"line {self.line}: {len(self.outputs)} outputs, not one")
        return self.outputs[0]

    @property
    def expected_pair(self) -> tuple[float, float] | None:
        """The expected interval as a ``(lo, hi)`` double pair (``None`` for ``[empty]``)."""
        out = self.expected
        if not isinstance(out, ItlInterval):
            raise ValueError(f"line {self.line}: {self.operation} does not return an interval")
        return out.pair

    @property
    def inexact_literals(self) -> list[Number]:
        """Input and output literals that are not doubles (they denote the nearest double)."""
        found = []
        for item in self.inputs + self.outputs:
            numbers = [item.lo, item.hi] if isinstance(item, ItlInterval) else [item]
            found += [n for n in numbers if isinstance(n, Number) and not n.is_double]
        return found

    def __str__(self) -> str:
        return f"line {self.line} ({self.testcase}): {self.text}"


_NUMBER = r"[+-]?(?:infinity|inf|0[xX][0-9a-fA-F]*\.?[0-9a-fA-F]*(?:[pP][+-]?\d+)?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<interval>\[[^\]]*\](?:_[A-Za-z]+)?)
  | (?P<string>"[^"]*")
  | (?P<number>%s)(?![A-Za-z0-9_.])
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[{};=])
    """
    % _NUMBER,
    re.VERBOSE,
)
_HEX = re.compile(r"([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$")


def parse_number(text: str) -> Number:
    """An ITL numeric literal: exact value and the double it denotes (see the module notes)."""
    t = text.strip()
    low = t.lower().lstrip("+-")
    if low in ("infinity", "inf"):
        return Number(text, -INF if t.startswith("-") else INF, None)
    m = _HEX.match(t)
    if m:
        sign, whole, frac, exp = m.groups()
        frac = frac or ""
        digits = (whole or "") + frac
        if not digits:
            raise ItlSyntaxError(f"malformed hexadecimal literal {text!r}")
        mant = int(digits, 16)
        e = int(exp or 0) - 4 * len(frac)
        exact = Fraction(mant * 2**e) if e >= 0 else Fraction(mant, 2**-e)
        if sign == "-":
            exact = -exact
        value = float.fromhex(t)  # round to nearest (ties to even), like the C library
        return Number(text, value, exact)
    try:
        exact = Fraction(Decimal(t))
    except Exception:
        raise ItlSyntaxError(f"malformed number {text!r}") from None
    return Number(text, float(t), exact)  # float(str) is correctly rounded to nearest


def parse_interval_literal(text: str) -> ItlInterval:
    m = re.fullmatch(r"\[([^\]]*)\](?:_([A-Za-z]+))?", text.strip())
    if not m:
        raise ItlSyntaxError(f"malformed interval literal {text!r}")
    body, decoration = m.group(1).strip(), m.group(2)
    if body.lower() == "empty":
        return ItlInterval(text, None, None, decoration)
    if body.lower() == "entire":
        return ItlInterval(text, parse_number("-infinity"), parse_number("+infinity"), decoration)
    parts = [p.strip() for p in body.split(",")]
    if len(parts) == 1 and parts[0]:
        n = parse_number(parts[0])
        return ItlInterval(text, n, n, decoration)
    if len(parts) != 2:
        raise ItlSyntaxError(f"interval literal {text!r} needs two end points")
    return ItlInterval(text, parse_number(parts[0]), parse_number(parts[1]), decoration)


def _strip_comments(text: str) -> str:
    """Remove ``//`` and ``/* */`` comments, keeping every newline (so line numbers survive)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise ItlSyntaxError(f"line {text.count(chr(10), 0, i) + 1}: unterminated /* comment")
            out.append("\n" * text.count("\n", i, j))
            i = j + 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text[i] == '"':
            j = text.find('"', i + 1)
            j = n - 1 if j < 0 else j
            out.append(text[i : j + 1])
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _value(kind: str, text: str):
    if kind == "interval":
        return parse_interval_literal(text)
    if kind == "number":
        return parse_number(text)
    if kind == "string":
        return text[1:-1]
    if text in ("true", "false"):
        return text == "true"
    return text  # other identifiers (rare)


def parse_itl(text: str, source: str = "<itl>") -> list[Vector]:
    """All test vectors in ITL ``text``, in file order."""
    clean = _strip_comments(text)
    tokens = []  # (kind, text, line)
    pos, line = 0, 1
    while pos < len(clean):
        m = _TOKEN.match(clean, pos)
        if not m:
            raise ItlSyntaxError(f"{source}, line {line}: cannot read {clean[pos:pos + 30]!r}")
        kind = m.lastgroup
        if kind != "ws":
            tokens.append((kind, m.group(), line))
        line += m.group().count("\n")
        pos = m.end()

    vectors: list[Vector] = []
    raw_lines = text.splitlines()
    i = 0
    while i < len(tokens):
        kind, tok, ln = tokens[i]
        if not (kind == "ident" and tok == "testcase"):
            raise ItlSyntaxError(f"{source}, line {ln}: expected 'testcase', found {tok!r}")
        if i + 2 >= len(tokens) or tokens[i + 1][0] != "ident" or tokens[i + 2][1] != "{":
            raise ItlSyntaxError(f"{source}, line {ln}: expected 'testcase NAME {{'")
        name = tokens[i + 1][1]
        i += 3
        while True:
            if i >= len(tokens):
                raise ItlSyntaxError(f"{source}: testcase {name} is not closed")
            kind, tok, ln = tokens[i]
            if tok == "}":
                i += 1
                break
            if kind != "ident":
                raise ItlSyntaxError(f"{source}, line {ln}: expected an operation, found {tok!r}")
            op, start_line = tok, ln
            i += 1
            inputs, outputs, signals = [], [], []
            target = inputs
            while True:
                if i >= len(tokens):
                    raise ItlSyntaxError(f"{source}, line {start_line}: missing ';'")
                kind, tok, ln = tokens[i]
                i += 1
                if tok == ";":
                    break
                if tok == "=":
                    if target is outputs:
                        raise ItlSyntaxError(f"{source}, line {ln}: two '=' in one vector")
                    target = outputs
                    continue
                if tok in ("{", "}"):
                    raise ItlSyntaxError(
                        f"{source}, line {ln}: unexpected {tok!r} in the vector of line "
                        f"{start_line} (missing ';'?)"
                    )
                if kind == "ident" and tok == "signal" and target is outputs:
                    if i < len(tokens) and tokens[i][0] == "ident":
                        signals.append(tokens[i][1])
                        i += 1
                    continue
                try:
                    target.append(_value(kind, tok))
                except ItlSyntaxError as exc:
                    raise ItlSyntaxError(f"{source}, line {ln}: {exc}") from None
            if target is not outputs:
                raise ItlSyntaxError(f"{source}, line {start_line}: vector without '='")
            line_text = raw_lines[start_line - 1].strip() if start_line <= len(raw_lines) else op
            vectors.append(
                Vector(name, op, tuple(inputs), tuple(outputs), start_line, line_text, tuple(signals))
            )
    return vectors


def parse_itl_file(path: str | os.PathLike) -> list[Vector]:
    path = Path(path)
    return parse_itl(path.read_text(encoding="utf-8"), source=str(path))


def default_itl_path(name: str = "mpfi.itl") -> Path:
    """Where the conformance vectors are: ``$THEORYCHECK_CONFORMANCE_DIR``, else ``tests/data/``
    of the checkout this package lies in (where the project keeps its copy of ``mpfi.itl``)."""
    env = os.environ.get("THEORYCHECK_CONFORMANCE_DIR")
    if env:
        return Path(env) / name
    return Path(__file__).resolve().parents[2] / "tests" / "data" / name


# ================================================================================================
# The true range of an operation
# ================================================================================================
# An extended real is a Fraction or the float +-inf. A *bound* of the true range is one of
#   _Exact(q)       an extended real known exactly,
#   _SqrtOf(q)      sqrt(q) for a rational q >= 0 (compared exactly by squaring),
#   _Approx(v, f)   a transcendental value f(x), v its 200-digit mpmath value.
# bound.compare(q) is the sign of q - bound (-1, 0, 1), or None when too close to decide.


def _is_inf(x) -> bool:
    return isinstance(x, float) and math.isinf(x)


def _sgn(x) -> int:
    return (x > 0) - (x < 0)


def _mpf_to_fraction(v) -> Fraction:
    # mpmath's man_exp gives the mantissa WITHOUT its sign (mpmath 1.3): take the sign apart
    man, exp = v.man_exp
    man, exp = abs(int(man)) * (-1 if v < 0 else 1), int(exp)
    return Fraction(man * 2**exp) if exp >= 0 else Fraction(man, 2**-exp)


def _fmt_ext(q, digits: int = 20) -> str:
    """An extended real for messages: hex and repr of the double when it is one, else decimal."""
    if _is_inf(q):
        return "+inf" if q > 0 else "-inf"
    q = Fraction(q)
    try:
        f = float(q)
    except OverflowError:
        f = None
    if f is not None and math.isfinite(f) and Fraction(f) == q:
        return f"{f!r} ({f.hex()})"
    with mpmath.workdps(digits + 5):
        return mpmath.nstr(mpmath.mpf(q.numerator) / q.denominator, digits) + " (not a double)"


@dataclass(frozen=True)
class _Exact:
    value: Fraction | float

    def compare(self, q) -> int:
        if _is_inf(q) or _is_inf(self.value):
            return _sgn((q > self.value) - (q < self.value))
        return _sgn(Fraction(q) - self.value)

    def __str__(self):
        return _fmt_ext(self.value)


@dataclass(frozen=True)
class _SqrtOf:
    radicand: Fraction

    def compare(self, q) -> int:
        if _is_inf(q):
            return 1 if q > 0 else -1
        q = Fraction(q)
        if q < 0:
            return -1
        return _sgn(q * q - self.radicand)

    def __str__(self):
        with mpmath.workdps(30):
            v = mpmath.sqrt(mpmath.mpf(self.radicand.numerator) / self.radicand.denominator)
            return f"sqrt({_fmt_ext(self.radicand)}) = {mpmath.nstr(v, 25)}"


@dataclass(frozen=True)
class _Approx:
    value: Fraction  # the 200-digit value, exactly
    label: str

    def compare(self, q):
        if _is_inf(q):
            return 1 if q > 0 else -1
        d = Fraction(q) - self.value
        guard = abs(self.value) * _GUARD
        if d > guard:
            return 1
        if d < -guard:
            return -1
        return None

    def __str__(self):
        with mpmath.workdps(40):
            v = mpmath.mpf(self.value.numerator) / self.value.denominator
            return f"{self.label} = {mpmath.nstr(v, 30)}"


EMPTY = None  # the empty range


def _mul_ext(x, y):
    if x == 0 or y == 0:
        return Fraction(0)  # a point 0 times anything; the other corners carry the limits
    if _is_inf(x) or _is_inf(y):
        return INF if _sgn(x) * _sgn(y) > 0 else -INF
    return x * y


def _add_ext(x, y):
    if _is_inf(x) or _is_inf(y):
        if _is_inf(x) and _is_inf(y) and x != y:  # cannot happen for two lower (or upper) ends
            raise ValueError("inf - inf in an end point sum")
        return x if _is_inf(x) else y
    return x + y


def _recip_ext(x):
    return Fraction(0) if _is_inf(x) else 1 / Fraction(x)


def _mul_range(x, y):
    a, b = x
    c, d = y
    corners = [_mul_ext(p, q) for p in (a, b) for q in (c, d)]
    return (min(corners), max(corners))


def _recip_pieces(y):
    """{1/t : t in y, t != 0} as a list of closed pieces (limits at 0 and infinity included)."""
    c, d = y
    if c > 0 or d < 0:
        return [(_recip_ext(d), _recip_ext(c))]
    pieces = []
    if c < 0:
        pieces.append((-INF, _recip_ext(c)))
    if d > 0:
        pieces.append((_recip_ext(d), INF))
    return pieces  # [] for y = [0, 0]


def _hull(pieces):
    if not pieces:
        return EMPTY
    return (min(p[0] for p in pieces), max(p[1] for p in pieces))


def _abs_range(x):
    a, b = x
    if a >= 0:
        return (a, b)
    if b <= 0:
        return (-b, -a)
    return (Fraction(0), max(-a, b))


def _pow_ext(x, n):
    if _is_inf(x):
        return INF if (x > 0 or n % 2 == 0) else -INF
    return Fraction(x) ** n


def _pown_range(x, n: int):
    if n == 0:
        return (Fraction(1), Fraction(1))
    if n < 0:
        return _hull([_mul_range((1, 1), p) for p in _recip_pieces(_pown_range(x, -n))])
    if n % 2 == 1:
        return (_pow_ext(x[0], n), _pow_ext(x[1], n))
    m, mm = _abs_range(x)
    return (_pow_ext(m, n), _pow_ext(mm, n))


def _exact_range(r):
    return EMPTY if r is EMPTY else (_Exact(r[0]), _Exact(r[1]))


# increasing functions: (mpmath function, value at -inf, value at +inf, domain start (open), exact
# points {x: f(x)})
_MONOTONE = {
    "exp": (mpmath.exp, Fraction(0), INF, None, {Fraction(0): Fraction(1)}),
    "expm1": (mpmath.expm1, Fraction(-1), INF, None, {Fraction(0): Fraction(0)}),
    "tanh": (mpmath.tanh, Fraction(-1), Fraction(1), None, {Fraction(0): Fraction(0)}),
    "log": (mpmath.log, None, INF, Fraction(0), {Fraction(1): Fraction(0)}),
    "logp1": (mpmath.log1p, None, INF, Fraction(-1), {Fraction(0): Fraction(0)}),
}


def _monotone_bound(op, x):
    f, at_minus, at_plus, _, exact = _MONOTONE[op]
    if _is_inf(x):
        return _Exact(at_plus if x > 0 else at_minus)
    x = Fraction(x)
    if x in exact:
        return _Exact(exact[x])
    with mpmath.workdps(_TRUTH_DPS):
        arg = mpmath.mpf(x.numerator) / x.denominator  # exact: inputs are doubles
        v = f(arg)
    return _Approx(_mpf_to_fraction(v), f"{op}({_fmt_ext(x)})")


def true_range(op: str, args: Sequence):
    """The true range of ``op`` over the exact inputs, as ``(lo_bound, hi_bound)`` or ``None``
    (empty). ``args``: interval inputs as exact ``(lo, hi)`` pairs (Fractions / +-inf floats),
    integers for ``pown``. The range is the closure of the image over the points of the domain
    (IEEE 1788: points outside the domain are dropped)."""
    if op in ("add", "sub", "mul", "div", "min", "max", "convexHull", "intersection"):
        x, y = args
        if op == "add":
            return _exact_range((_add_ext(x[0], y[0]), _add_ext(x[1], y[1])))
        if op == "sub":
            return _exact_range((_add_ext(x[0], -y[1]), _add_ext(x[1], -y[0])))
        if op == "mul":
            return _exact_range(_mul_range(x, y))
        if op == "div":
            return _exact_range(_hull([_mul_range(x, p) for p in _recip_pieces(y)]))
        if op == "min":
            return _exact_range((min(x[0], y[0]), min(x[1], y[1])))
        if op == "max":
            return _exact_range((max(x[0], y[0]), max(x[1], y[1])))
        if op == "convexHull":
            return _exact_range((min(x[0], y[0]), max(x[1], y[1])))
        lo, hi = max(x[0], y[0]), min(x[1], y[1])
        return _exact_range(EMPTY if lo > hi else (lo, hi))
    x = args[0]
    if op == "neg":
        return _exact_range((-x[1], -x[0]))
    if op == "abs":
        return _exact_range(_abs_range(x))
    if op == "sqr":
        return _exact_range(_pown_range(x, 2))
    if op == "pown":
        return _exact_range(_pown_range(x, int(args[1])))
    if op == "recip":
        return _exact_range(_hull(_recip_pieces(x)))
    if op == "sqrt":
        a, b = x
        if b < 0:
            return EMPTY
        a = max(a, Fraction(0))
        return (_SqrtOf(Fraction(a)), _Exact(INF) if _is_inf(b) else _SqrtOf(Fraction(b)))
    if op in _MONOTONE:
        start = _MONOTONE[op][3]
        a, b = x
        if start is not None:
            if b <= start:
                return EMPTY
            lo = _Exact(-INF) if a <= start else _monotone_bound(op, a)
            return (lo, _monotone_bound(op, b))
        return (_monotone_bound(op, a), _monotone_bound(op, b))
    raise KeyError(f"no true range for operation {op!r}")


# ================================================================================================
# Backends
# ================================================================================================

# ITL operation -> (number of interval inputs, our function on backend values, the methods it
# needs on the backend's type). Numeric extra arguments (pown's exponent) follow the intervals.
SUPPORTED_OPERATIONS: dict[str, tuple[int, Callable, tuple[str, ...]]] = {
    "add": (2, lambda x, y: x + y, ("__add__",)),
    "sub": (2, lambda x, y: x - y, ("__sub__",)),
    "mul": (2, lambda x, y: x * y, ("__mul__",)),
    "div": (2, lambda x, y: x / y, ("__truediv__",)),
    "neg": (1, lambda x: -x, ("__neg__",)),
    "abs": (1, lambda x: abs(x), ("__abs__",)),
    "sqr": (1, lambda x: x**2, ("__pow__",)),
    "pown": (1, lambda x, n: x ** int(n), ("__pow__",)),
    "sqrt": (1, lambda x: x.sqrt(), ("sqrt",)),
    "exp": (1, lambda x: x.exp(), ("exp",)),
    "expm1": (1, lambda x: x.expm1(), ("expm1",)),
    "log": (1, lambda x: x.log(), ("log",)),
    "logp1": (1, lambda x: x.log1p(), ("log1p",)),
    "tanh": (1, lambda x: x.tanh(), ("tanh",)),
    "recip": (1, lambda x: x.reciprocal(), ("reciprocal",)),
    "min": (2, lambda x, y: x.minimum(y), ("minimum",)),
    "max": (2, lambda x, y: x.maximum(y), ("maximum",)),
    "convexHull": (2, lambda x, y: x.hull(y), ("hull",)),
    "intersection": (2, lambda x, y: x.intersection(y), ("intersection",)),
}
_ALIASES = {"log1p": "logp1", "inv": "recip"}

_QUERIES = {
    "less", "precedes", "strictPrecedes", "isCommonInterval", "isEmpty", "isEntire", "equal",
    "subset", "interior", "disjoint", "isSingleton", "isMember", "strictLess",
    "wid", "mid", "rad", "mag", "mig", "inf", "sup", "midRad",
}


class Outcome:
    """What a backend returned for one vector: exact bounds, the empty set, or an exception."""

    __slots__ = ("lo", "hi", "empty", "error", "text")

    def __init__(self, lo=None, hi=None, empty=False, error=None, text=""):
        self.lo, self.hi, self.empty, self.error, self.text = lo, hi, empty, error, text


class Backend:
    """An interval type under test. Subclasses say how to build one from double end points, how
    to read exact end points back, and whether they have the methods an operation needs."""

    name = "backend"

    def has(self, op: str) -> str | None:
        """``None`` when ``op`` can run, else the reason it cannot."""
        return None

    def evaluate(self, op: str, vectors: Sequence["Vector"]) -> list[Outcome]:
        raise NotImplementedError


def _ext_from_float(f) -> Fraction | float:
    f = float(f)
    return f if math.isinf(f) else Fraction(f)


class IntervalBackend(Backend):
    """The scalar :class:`~theorycheck.enclose.interval.Interval` at a given Arb precision."""

    def __init__(self, precision: int | None = None, interval_type=None):
        from .interval import Interval, working_precision

        self.type = interval_type or Interval
        self._precision = precision
        self._working_precision = working_precision
        self.name = f"Interval@{precision or 'default'}bits"

    def has(self, op):
        methods = SUPPORTED_OPERATIONS[op][2]
        missing = [m for m in methods if not hasattr(self.type, m)]
        return f"{self.type.__name__} has no {', '.join(missing)}" if missing else None

    def make(self, pair):
        return self.type(pair[0], pair[1])

    def read(self, result) -> Outcome:
        if result is None:
            return Outcome(empty=True, text="[empty]")
        # an infinite end keeps its sign: a reversed [+inf, -inf] must be seen, not repaired
        lo = float(result.lo) if mpmath.isinf(result.lo) else result.lo_fraction
        hi = float(result.hi) if mpmath.isinf(result.hi) else result.hi_fraction
        return Outcome(lo, hi, text=f"[{_fmt_ext(lo, 25)}, {_fmt_ext(hi, 25)}]")

    def evaluate(self, op, vectors):
        n_int, fn, _ = SUPPORTED_OPERATIONS[op]
        out = []
        ctx = self._working_precision(self._precision) if self._precision else contextlib.nullcontext()
        with ctx:
            for v in vectors:
                try:
                    pairs = v.input_pairs
                    args = [self.make(p) for p in pairs] + [
                        x.value for x in v.inputs[n_int:] if isinstance(x, Number)
                    ]
                    out.append(self.read(fn(*args)))
                except Exception as exc:  # noqa: BLE001 -- reported per vector
                    out.append(Outcome(error=exc, text=f"raised {type(exc).__name__}: {exc}"))
        return out


class ArrayBackend(Backend):
    """A vectorised interval type (``IntervalArray``): built from two float64 arrays, ``.lo`` and
    ``.hi`` read back as float64 arrays. All vectors of one operation are evaluated as ONE batch
    (so element masking is exercised); if the batch raises, each vector is retried alone. A NaN
    end point is read as the empty interval."""

    def __init__(self, array_type, name: str | None = None):
        self.type = array_type
        self.name = name or array_type.__name__

    def has(self, op):
        methods = SUPPORTED_OPERATIONS[op][2]
        missing = [m for m in methods if not hasattr(self.type, m)]
        return f"{self.type.__name__} has no {', '.join(missing)}" if missing else None

    def _make(self, pairs):
        import numpy as np

        lo = np.array([p[0] for p in pairs], dtype=np.float64)
        hi = np.array([p[1] for p in pairs], dtype=np.float64)
        return self.type(lo, hi)

    def _read(self, result, n) -> list[Outcome]:
        import numpy as np

        if result is None:
            return [Outcome(empty=True, text="[empty]") for _ in range(n)]
        lo = np.broadcast_to(np.asarray(result.lo, dtype=np.float64), (n,))
        hi = np.broadcast_to(np.asarray(result.hi, dtype=np.float64), (n,))
        outs = []
        for a, b in zip(lo.tolist(), hi.tolist()):
            if math.isnan(a) or math.isnan(b):
                outs.append(Outcome(empty=True, text=f"[{a!r}, {b!r}] (read as empty)"))
            else:
                la, hb = _ext_from_float(a), _ext_from_float(b)
                outs.append(Outcome(la, hb, text=f"[{_fmt_ext(la)}, {_fmt_ext(hb)}]"))
        return outs

    def _run(self, op, vectors):
        n_int, fn, _ = SUPPORTED_OPERATIONS[op]
        args = [self._make([v.input_pairs[k] for v in vectors]) for k in range(n_int)]
        extras = [x.value for x in vectors[0].inputs[n_int:] if isinstance(x, Number)]
        return self._read(fn(*args, *extras), len(vectors))

    def evaluate(self, op, vectors):
        if not vectors:
            return []
        n_int = SUPPORTED_OPERATIONS[op][0]
        same_extras = len({tuple(x.value for x in v.inputs[n_int:]) for v in vectors}) == 1
        if same_extras:
            try:
                return self._run(op, vectors)
            except Exception:  # noqa: BLE001 -- retry one by one to attribute the failure
                pass
        out = []
        for v in vectors:
            try:
                out += self._run(op, [v])
            except Exception as exc:  # noqa: BLE001
                out.append(Outcome(error=exc, text=f"raised {type(exc).__name__}: {exc}"))
        return out


# ================================================================================================
# Running and reporting
# ================================================================================================


@dataclass
class VectorOutcome:
    vector: Vector
    skip_reason: str | None = None
    ours: Outcome | None = None
    truth: tuple | None = None  # (lo_bound, hi_bound) or None (empty)
    contained: bool = False
    undecided: bool = False
    as_tight_as: bool = False
    expected_contains_truth: bool = True
    difference: str | None = None

    @property
    def skipped(self) -> bool:
        return self.skip_reason is not None

    def truth_text(self) -> str:
        if self.truth is EMPTY:
            return "[empty]"
        return f"[{self.truth[0]}, {self.truth[1]}]"

    def describe(self) -> str:
        v = self.vector
        status = "UNDECIDED" if self.undecided else ("contained" if self.contained else "NOT CONTAINED")
        return (
            f"line {v.line} ({v.testcase}) op {v.operation}: {status}\n"
            f"    vector:   {v.text}\n"
            f"    input:    {', '.join(str(p) for p in v.input_pairs)}\n"
            f"    ours:     {self.ours.text if self.ours else '-'}\n"
            f"    true:     {self.truth_text()}\n"
            f"    expected: {v.expected.text if isinstance(v.expected, ItlInterval) else v.expected}"
        )


@dataclass
class OpStats:
    total: int = 0  # vectors of this operation in the file
    run: int = 0
    contained: int = 0
    as_tight_as: int = 0
    differences: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())


@dataclass
class ConformanceReport:
    backend: str
    outcomes: list[VectorOutcome]

    @property
    def by_op(self) -> dict[str, OpStats]:
        stats: dict[str, OpStats] = {}
        for o in self.outcomes:
            s = stats.setdefault(o.vector.operation, OpStats())
            s.total += 1
            if o.skipped:
                s.skipped[o.skip_reason] += 1
                continue
            s.run += 1
            s.contained += o.contained
            s.as_tight_as += o.as_tight_as
            s.differences += o.difference is not None
        return stats

    def run_outcomes(self) -> list[VectorOutcome]:
        return [o for o in self.outcomes if not o.skipped]

    def failures(self) -> list[VectorOutcome]:
        """Vectors whose true range we do not contain (or could not decide)."""
        return [o for o in self.run_outcomes() if not o.contained]

    def differences(self) -> list[VectorOutcome]:
        return [o for o in self.run_outcomes() if o.difference is not None]

    def totals(self) -> OpStats:
        t = OpStats()
        for s in self.by_op.values():
            t.total += s.total
            t.run += s.run
            t.contained += s.contained
            t.as_tight_as += s.as_tight_as
            t.differences += s.differences
            t.skipped.update(s.skipped)
        return t

    def summary(self, ops: Iterable[str] | None = None) -> str:
        by_op = self.by_op
        ops = sorted(by_op) if ops is None else list(ops)
        rows = [f"{self.backend}: op  total run contained as_tight_as skipped differences"]
        for op in ops:
            s = by_op.get(op, OpStats())
            rows.append(
                f"  {op:<13} {s.total:4d} {s.run:4d} {s.contained:4d} {s.as_tight_as:4d} "
                f"{s.n_skipped:4d} {s.differences:3d}"
            )
        t = self.totals()
        rows.append(
            f"  {'TOTAL':<13} {t.total:4d} {t.run:4d} {t.contained:4d} {t.as_tight_as:4d} "
            f"{t.n_skipped:4d} {t.differences:3d}"
        )
        return "\n".join(rows)


def skip_reason(v: Vector) -> str | None:
    """Why a vector is not run on any backend (``None`` when it is supported)."""
    op = _ALIASES.get(v.operation, v.operation)
    if op in _QUERIES:
        return f"{v.operation} is a boolean/numeric query, not an interval operation"
    if op not in SUPPORTED_OPERATIONS:
        return f"{v.operation} is not a function of Interval"
    intervals = [x for x in v.inputs if isinstance(x, ItlInterval)]
    outs = [x for x in v.outputs if isinstance(x, ItlInterval)]
    if any(x.decoration for x in intervals + outs):
        return "decorated interval (decorations are not modelled)"
    if len(intervals) != SUPPORTED_OPERATIONS[op][0] or len(v.outputs) != 1 or not outs:
        return f"unexpected signature for {v.operation}"
    if any(x.is_empty for x in intervals):
        return "empty input (Interval cannot represent the empty set)"
    if v.signals:
        return f"signals {', '.join(v.signals)} (exceptions are not modelled)"
    return None


def _round_out(q, direction: str) -> float:
    """The double nearest ``q`` on the given side (``"down"``/``"up"``), for tightness checks."""
    if _is_inf(q):
        return q
    q = Fraction(q)
    try:
        f = float(q)  # correctly rounded
    except OverflowError:
        f = INF if q > 0 else -INF
    if math.isinf(f):
        if direction == "down" and f > 0:
            return math.nextafter(INF, 0.0)
        if direction == "up" and f < 0:
            return -math.nextafter(INF, 0.0)
        return f
    if direction == "down" and Fraction(f) > q:
        return math.nextafter(f, -INF)
    if direction == "up" and Fraction(f) < q:
        return math.nextafter(f, INF)
    return f


def _contains(lo, hi, truth) -> tuple[bool, bool]:
    """(contained, undecided) for the exact interval [lo, hi] and a true range."""
    if truth is EMPTY:
        return True, False
    c_lo = truth[0].compare(lo)  # sign(lo - true_lo): need <= 0
    c_hi = truth[1].compare(hi)  # sign(hi - true_hi): need >= 0
    if c_lo is None or c_hi is None:
        ok_lo = c_lo is None or c_lo <= 0
        ok_hi = c_hi is None or c_hi >= 0
        return False, ok_lo and ok_hi
    return c_lo <= 0 and c_hi >= 0, False


def evaluate_truth(v: Vector):
    op = _ALIASES.get(v.operation, v.operation)
    n_int = SUPPORTED_OPERATIONS[op][0]
    args = [x.endpoints for x in v.inputs[:n_int]] + [x.exact for x in v.inputs[n_int:]]
    return true_range(op, args)


def run_vectors(vectors: Sequence[Vector], backend: Backend) -> ConformanceReport:
    """Run every supported vector on ``backend``; skipped ones carry their reason."""
    outcomes: dict[int, VectorOutcome] = {}
    groups: dict[str, list[int]] = {}
    for idx, v in enumerate(vectors):
        reason = skip_reason(v)
        if reason is None:
            reason = backend.has(_ALIASES.get(v.operation, v.operation))
        if reason is not None:
            outcomes[idx] = VectorOutcome(v, skip_reason=reason)
        else:
            groups.setdefault(_ALIASES.get(v.operation, v.operation), []).append(idx)

    for op, idxs in groups.items():
        results = backend.evaluate(op, [vectors[i] for i in idxs])
        for i, ours in zip(idxs, results):
            v = vectors[i]
            o = VectorOutcome(v, ours=ours, truth=evaluate_truth(v))
            exp = v.expected
            exp_pair = exp.endpoints
            if exp_pair is not None:
                o.expected_contains_truth, _ = _contains(exp_pair[0], exp_pair[1], o.truth)
            else:
                o.expected_contains_truth = o.truth is EMPTY
            if ours.error is not None:
                # DomainError (and other ArithmeticErrors) where the true range is empty: no
                # wrong answer was given, so this is a difference of semantics, not a failure
                if o.truth is EMPTY and isinstance(ours.error, ArithmeticError):
                    o.contained = True
                    o.difference = (
                        f"raises {type(ours.error).__name__} where IEEE 1788 returns the empty set"
                    )
                else:
                    o.contained = False
            elif ours.empty:
                o.contained = o.truth is EMPTY
                o.as_tight_as = exp_pair is None
            elif ours.lo > ours.hi:  # a reversed result is a bug whatever the true range
                o.contained = False
            else:
                o.contained, o.undecided = _contains(ours.lo, ours.hi, o.truth)
                if exp_pair is None:
                    o.difference = f"IEEE 1788 result is empty; {backend.name} returns {ours.text}"
                else:
                    o.as_tight_as = (
                        _round_out(ours.lo, "down") == exp.lo.value
                        and _round_out(ours.hi, "up") == exp.hi.value
                    )
            outcomes[i] = o
    return ConformanceReport(backend.name, [outcomes[i] for i in range(len(vectors))])


# ================================================================================================
# Special functions: containment of the true range against mpmath at 80 digits
# ================================================================================================
#
# The special functions of the claim language (gamma, loggamma, ndtri, atan, asin, acos,
# besseli0, besseli1, gammainc_lower, gammainc_upper, owens_t) have no ITF1788 vectors. Their
# check is the same idea: an enclosure over a box must contain the TRUE value at every point of
# the box, which is sampled (its corners, the middles of its edges and random exact points)
# and computed here independently with mpmath at 80 digits, from the definitions: Owen's T by
# quadrature of its defining integral over [0, a] (the implementation uses Owen's identity for
# |a| > 1), ndtri by sqrt(2) erfinv(2p - 1) at 150 digits (the implementation uses Arb's erfcinv).

SPECIAL_DPS = 80

# name -> (arity, domain test on exact Fractions: True where the function is defined)
SPECIAL_FUNCTIONS = {
    "gamma": (1, lambda x: not (x <= 0 and x.denominator == 1)),
    "loggamma": (1, lambda x: x > 0),
    "ndtri": (1, lambda p: 0 < p < 1),
    "atan": (1, lambda x: True),
    "asin": (1, lambda x: -1 <= x <= 1),
    "acos": (1, lambda x: -1 <= x <= 1),
    "besseli0": (1, lambda x: True),
    "besseli1": (1, lambda x: True),
    "gammainc_lower": (2, lambda a, x: a > 0 and x >= 0),
    "gammainc_upper": (2, lambda a, x: a > 0 and x >= 0),
    "owens_t": (2, lambda h, a: True),
}


def _mp_exact(q: Fraction):
    return mpmath.mpf(q.numerator) / q.denominator


def special_truth(name: str, *args: Fraction):
    """The value of the special function ``name`` at the exact point ``args`` (Fractions), an
    mpmath number good to about 80 digits; None where the function is undefined."""
    arity, defined = SPECIAL_FUNCTIONS[name]
    if not defined(*args):
        return None
    with mpmath.workdps(SPECIAL_DPS + 20):
        v = [_mp_exact(Fraction(a)) for a in args]
        if name == "ndtri":  # erfinv loses digits near 0 and 1: more working digits there
            with mpmath.workdps(150 + int(-mpmath.log10(min(v[0], 1 - v[0])))):
                return +_truth_at_mpf(name, v)
        return _truth_at_mpf(name, v)


def special_partials(name: str, *args: Fraction):
    """The partial derivatives of ``name`` at ``args`` (mpmath's numerical differentiation at
    80 digits of the truth above): a reference for the forward-mode derivative formulas."""
    out = []
    with mpmath.workdps(SPECIAL_DPS):
        for i in range(len(args)):
            def along(t, i=i):
                pt = list(args)
                with mpmath.workdps(SPECIAL_DPS + 40):
                    pt = [_mp_exact(Fraction(a)) for a in pt]
                    pt[i] = t
                    return _truth_at_mpf(name, pt)

            out.append(mpmath.diff(along, _mp_exact(Fraction(args[i]))))
    return tuple(out)


def _truth_at_mpf(name, v):
    if name == "gamma":
        return mpmath.gamma(v[0])
    if name == "loggamma":
        return mpmath.loggamma(v[0])
    if name == "ndtri":
        return mpmath.sqrt(2) * mpmath.erfinv(2 * v[0] - 1)
    if name in ("atan", "asin", "acos"):
        return getattr(mpmath, name)(v[0])
    if name in ("besseli0", "besseli1"):
        return mpmath.besseli(int(name[-1]), v[0])
    if name == "gammainc_lower":
        return mpmath.gammainc(v[0], 0, v[1], regularized=True)
    if name == "gammainc_upper":
        return mpmath.gammainc(v[0], v[1], mpmath.inf, regularized=True)
    return _owens_t_quad(*v)


def _owens_t_quad(h, a):
    """Owen's T by tanh-sinh quadrature of its defining integral over [0, a], split at t = 0,
    w/4, w/2, w, 2w, 4w, ... (w = 1/max(|h|, 1), the width of the integrand's peak at 0, where
    one interval would miss it for large h); the error estimate must be below 10^-(dps - 10)
    relative (else ArithmeticError: no reference value)."""
    if a == 0:
        return mpmath.mpf(0)
    sign = 1 if a > 0 else -1
    a = abs(a)
    w = 1 / max(abs(h), 1)
    nodes, t = [mpmath.mpf(0)], w / 4
    while t < a:
        nodes.append(t)
        t *= 2
    nodes.append(a)
    # the factor exp(-h^2/2) is taken out, so the integrand is of size 1 near 0 (quad's
    # tolerance is absolute: a value of 1e-198 would otherwise be good to no digit at all)
    f = lambda t: mpmath.exp(-h * h * t * t / 2) / (1 + t * t)  # noqa: E731
    value, err = mpmath.quad(f, nodes, error=True)
    if not err <= abs(value) * mpmath.mpf(10) ** (-(mpmath.mp.dps - 10)):
        raise ArithmeticError(f"Owen's T({h}, {a}): quadrature error estimate {err} too large")
    return sign * mpmath.exp(-h * h / 2) * value / (2 * mpmath.pi)


def special_sample_points(box, rng, n: int = 12) -> list:
    """Exact points of ``box`` (a tuple of (lo, hi) Fraction pairs): every corner, the middle of
    every edge, and ``n`` random points (rationals with denominators up to 2**20)."""
    import itertools as _it

    pts = set(_it.product(*[(lo, hi, (lo + hi) / 2) for lo, hi in box]))
    for _ in range(n):
        pts.add(tuple(lo + (hi - lo) * Fraction(int(rng.integers(0, 2**20 + 1)), 2**20) for lo, hi in box))
    return sorted(pts)


def special_contains(lo, hi, truth) -> bool:
    """``truth`` (80-digit mpmath) lies in [lo, hi] (mpmath numbers, exact ends of an enclosure),
    up to a relative guard of 10^-70 for the error of the 80-digit value itself."""
    with mpmath.workdps(SPECIAL_DPS + 20):
        guard = mpmath.mpf(10) ** -70 * max(1, abs(truth))
        return bool(lo - guard <= truth <= hi + guard)


def check_special_enclosure(name: str, box, enclosure, rng, n: int = 12) -> list:
    """The points of ``box`` (see :func:`special_sample_points`) where the function is defined and
    its true value is NOT in ``enclosure`` (a pair of mpmath ends): [] when all are contained."""
    lo, hi = enclosure
    bad = []
    for pt in special_sample_points(box, rng, n):
        t = special_truth(name, *pt)
        if t is not None and not special_contains(lo, hi, t):
            bad.append((pt, t))
    return bad


# -- the MPFI vectors of atan, asin and acos ------------------------------------------------------
#
# SUPPORTED_OPERATIONS keeps the core operations (their counts are pinned by the IEEE 1788 test);
# the inverse trigonometric functions of the claim language are run on MPFI's vectors here, with
# the same true-range check: the functions are monotone, so the true range is the (200-digit
# mpmath) value at the ends of the part of the input inside the domain ([-1, 1] for asin and acos).

SPECIAL_ITL_OPERATIONS = {
    "atan": (mpmath.atan, True, None),
    "asin": (mpmath.asin, True, (Fraction(-1), Fraction(1))),
    "acos": (mpmath.acos, False, (Fraction(-1), Fraction(1))),
}


def _special_bound(f, x):
    with mpmath.workdps(_TRUTH_DPS):
        if _is_inf(x):
            v = f(mpmath.mpf(x)) if f is not mpmath.atan else (mpmath.pi / 2 if x > 0 else -mpmath.pi / 2)
        else:
            if x == 0 and f is not mpmath.acos:
                return _Exact(Fraction(0))
            if x == 1 and f is mpmath.acos:
                return _Exact(Fraction(0))
            v = f(mpmath.mpf(x.numerator) / x.denominator)
    return _Approx(_mpf_to_fraction(v), f"{f.__name__}({_fmt_ext(x)})")


def special_true_range(op: str, pair):
    """The true range of ``op`` (atan, asin, acos) over the exact interval ``pair``; EMPTY when
    the interval has no point in the domain."""
    f, increasing, domain = SPECIAL_ITL_OPERATIONS[op]
    a, b = pair
    if domain is not None:
        if b < domain[0] or a > domain[1]:
            return EMPTY
        a, b = max(a, domain[0]), min(b, domain[1])
    lo, hi = (a, b) if increasing else (b, a)
    return (_special_bound(f, lo), _special_bound(f, hi))


def run_special_itl(vectors: Sequence[Vector], evaluate) -> list[tuple]:
    """``(vector, contained, as_tight_as_mpfi)`` for every atan/asin/acos vector without
    decorations or empty inputs; ``evaluate(op, (lo, hi))`` returns exact end points (Fractions
    or +-inf), or raises ArithmeticError for an input wholly outside the domain (accepted only
    where the true range is empty)."""
    out = []
    for v in vectors:
        if v.operation not in SPECIAL_ITL_OPERATIONS or skip_reason_special(v):
            continue
        pair = v.inputs[0].endpoints
        truth = special_true_range(v.operation, pair)
        try:
            lo, hi = evaluate(v.operation, v.inputs[0].pair)
        except ArithmeticError:
            out.append((v, truth is EMPTY, v.expected.is_empty))
            continue
        contained, _ = _contains(lo, hi, truth)
        expected = v.expected_pair
        tight = expected is not None and (_round_out(lo, "down"), _round_out(hi, "up")) == expected
        out.append((v, contained, tight))
    return out


def skip_reason_special(v: Vector) -> str | None:
    intervals = [x for x in v.inputs if isinstance(x, ItlInterval)]
    if len(intervals) != 1 or any(x.decoration for x in intervals) or intervals[0].is_empty:
        return "decorated, empty or not a single interval input"
    return None
