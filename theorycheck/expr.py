"""The numbers a claim body computes with, and the relations it returns.

A claim body is ordinary Python over :class:`Real` values. A ``Real`` wraps a raw value of one
kind (float, numpy array, mpf, sympy, Interval, IntervalArray, Dual; see
:mod:`theorycheck.enclose.kinds`) and forwards arithmetic and functions to it, so the same body
runs in every engine. Comparisons build a :class:`Relation` instead of a bool: the engines score
it (search), decide it on boxes (prove) or at points (certify).

Constants such as ``pi`` or ``sqrt(2)`` written in a body are :class:`Lazy`: they stay exact
until they meet a value of some kind, and are then made in that kind (an interval enclosure of
pi in proofs, ``math.pi`` in float search).
"""

from __future__ import annotations

import builtins
import math
import operator
from fractions import Fraction

import numpy as np

from .enclose import kinds
from .enclose.guard import Undefined
from .enclose.interval import Interval as _Interval

__all__ = [
    "Real",
    "Lazy",
    "Relation",
    "all_of",
    "implies",
    "exp",
    "expm1",
    "log",
    "log1p",
    "sqrt",
    "erf",
    "erfc",
    "tanh",
    "Phi",
    "npdf",
    "gamma",
    "loggamma",
    "ndtri",
    "atan",
    "asin",
    "acos",
    "besseli0",
    "besseli1",
    "gammainc_lower",
    "gammainc_upper",
    "owens_t",
    "pi",
    "min",
    "max",
    "ClaimBodyError",
    "PointsOnly",
]


import contextvars

_CURRENT_LIKE: contextvars.ContextVar = contextvars.ContextVar("theorycheck_like", default=None)


def current_like():
    """A raw value of the kind the running claim body is evaluated on (None outside a body)."""
    return _CURRENT_LIKE.get()


# Every value a body computes must be defined, also one it never uses in its relation
# (``t = log(x)`` on [0, 1] makes the body undefined at 0). While a body runs, every Real it
# makes whose decoration is not "defined everywhere" is kept here; Claim.evaluate hands them to
# the relation's parts (Relation.decoration), and body_decorated() folds them into a margin.
_BODY_WATCH: contextvars.ContextVar = contextvars.ContextVar("theorycheck_body_watch", default=None)


# Operations traced for theorycheck.kernel.transforms (which squares a square root away from a side
# of an inequality, or takes a branch of abs): None (off, always outside it), or a tracer told of
# every product and quotient of claim values (``binary``) and which makes every function of one,
# abs included (``function``).
_TRACE: contextvars.ContextVar = contextvars.ContextVar("theorycheck_trace", default=None)


def _traced(op, out, left, right):
    t = _TRACE.get()
    if t is not None:
        t.binary(op, out, left, right)
    return out


def _innermost(raw):
    while type(raw).__name__ == "Dual":
        raw = raw.val
    return raw


def _watch(raw):
    w = _BODY_WATCH.get()
    if w is None:
        return
    if type(raw) is _Interval and raw._def is True:  # (the most frequent case; the same test as below)
        return
    inner = _innermost(raw)
    if isinstance(inner, Undefined):
        return  # recorded once where it was made (_kept)
    d = getattr(inner, "defined", True)
    if d is True or (isinstance(d, np.ndarray) and bool(d.all())):
        return
    w.append(inner)


def _undefined_in(*raws):
    """The first :class:`~theorycheck.enclose.guard.Undefined` among the raw values, or None."""
    for r in raws:
        if type(r) is _Interval:
            continue
        if isinstance(_innermost(r), Undefined):
            return _innermost(r)
    return None


def _kept(fn, *raws):
    """``fn(*raws)``; inside a claim body, a value that raised (a function outside its domain,
    a division by zero, ...) is kept as an Undefined value instead, recorded in the body's
    watch: ``implies`` may excuse it where its hypothesis is false, and otherwise the body
    raises it at its end exactly as it would have here (Claim.evaluate)."""
    u = _undefined_in(*raws)
    if u is not None:
        return u
    w = _BODY_WATCH.get()
    if w is None:
        return fn(*raws)
    try:
        return fn(*raws)
    except (ArithmeticError, ValueError) as exc:
        import sys

        frames, f = [], sys._getframe(1)
        while f is not None and f.f_code.co_filename == __file__:
            f = f.f_back
        if f is None or f.f_code.co_filename.startswith(_PACKAGE_DIR):
            # theorycheck's own code computing with claim values (an integral's probes, d(), the
            # Gaussian functions) sees the exception, as it always has
            raise
        while f is not None:
            frames.append((f.f_code, f.f_lineno))
            f = f.f_back
        u = Undefined(exc)
        exc.__theorycheck_frames__ = frames  # where the body made it (for the error message)
        w.append(u)
        return u


_PACKAGE_DIR = __import__("os").path.dirname(__file__) + __import__("os").sep


class unwatched:
    """Library code that evaluates the body's own functions on pieces of a domain (an integral's
    cells, which may be subdivided until defined) keeps those values out of the watch: only
    its result is a value of the body."""

    def __enter__(self):
        self._token = _BODY_WATCH.set(None)

    def __exit__(self, *exc):
        _BODY_WATCH.reset(self._token)
        return False


def body_decorated(leaf, value):
    """``value`` (a margin, or a side, of the part ``leaf``) with the decorations of every value
    the body computed on the way: not defined where one of them is not, and certainly undefined
    (NaN, batch kind) where one of them is."""
    caps = getattr(leaf, "decoration", None)
    if not caps:
        return value
    return _and_decorations(value, caps)


def _and_decorations(value, caps):
    if type(value).__name__ == "Dual":
        return type(value)(_and_decorations(value.val, caps), value.grad, value.tag)
    from .enclose.interval import Interval

    if isinstance(value, Interval):
        if all(c.defined for c in caps if isinstance(c, Interval)) and value.defined:
            return value
        return Interval(value._lo, value._hi, _trusted=True, _defined=False)
    import sys

    batch = sys.modules.get("theorycheck.enclose.batch")  # (not imported: no value is a batch)
    if batch is not None and isinstance(value, batch.IntervalArray):
        IntervalArray = batch.IntervalArray
        ok = value.defined
        nan = np.zeros(ok.shape, dtype=bool)
        for c in caps:
            if isinstance(c, IntervalArray):
                ok = ok & np.broadcast_to(c.defined, ok.shape)
                nan = nan | np.broadcast_to(c.certainly_undefined, ok.shape)
        lo = np.where(nan, np.nan, np.broadcast_to(value.lo, ok.shape))
        hi = np.where(nan, np.nan, np.broadcast_to(value.hi, ok.shape))
        return IntervalArray._trusted(lo, hi, defined=ok)
    return value


class ClaimBodyError(TypeError):
    """A claim body used a value in a way the engines cannot follow (e.g. ``if x < 1:``)."""


class PointsOnly(TypeError):
    """A function in a claim body can be evaluated at points only (floats, exact points), not
    enclosed over a box: a claim using it can be refuted at a certified point, never proved."""


# -- floats that meet exact kinds ------------------------------------------------------------------
#
# A float literal typed in a claim body is rewritten at @claim time into the exact decimal typed
# (theorycheck.literals). Every other Python float that reaches an exact kind (interval, sympy,
# mpf) -- a module constant ``ALPHA = 0.3``, a float computed by a helper, a literal of a body
# whose source could not be read -- has lost whatever decimal was typed: the only number it
# denotes is its exact binary value, so that is what it stands for. This is sound (it is the
# value Python actually computed with) but may not be what the author meant, so each such float
# is recorded while a claim is checked and the verdict's evidence lists it.

_BINARY_FLOATS: contextvars.ContextVar = contextvars.ContextVar("theorycheck_binary_floats", default=None)


class BinaryFloats:
    """The floats taken as their exact binary values while a check ran (a context manager).

    Nested collections (the steps of a calc chain) pass what they saw on to the enclosing one."""

    def __init__(self):
        self.seen = {}
        self._token = None

    def __enter__(self):
        self._token = _BINARY_FLOATS.set(self.seen)
        return self

    def __exit__(self, *exc):
        _BINARY_FLOATS.reset(self._token)
        outer = _BINARY_FLOATS.get()
        if outer is not None:
            outer.update(self.seen)

    def describe(self) -> list:
        """``[{"float": repr, "exact": its binary value in decimal}]`` for each float whose binary
        value is not the decimal it prints as (0.5 or 2.0 are exact either way and not listed)."""
        out = []
        for x in sorted(self.seen, key=lambda v: (abs(v), v)):
            if Fraction(x) != Fraction(repr(x)):
                out.append({"float": repr(x), "exact": _binary_decimal(x)})
        return out


def _binary_decimal(x: float, digits: int = 30) -> str:
    """The exact binary value of ``x`` in decimal, cut after ``digits`` significant digits
    (marked with '...')."""
    from decimal import Decimal

    text = format(Decimal(x), "f") if 1e-6 <= abs(x) < 1e21 else format(Decimal(x), "e")
    mantissa, _, exponent = text.partition("e")
    count, cut = 0, len(mantissa)
    started = False
    for i, ch in enumerate(mantissa):
        if ch.isdigit():
            started = started or ch != "0"
            count += started
            if count > digits:
                cut = i
                break
    short = mantissa[:cut] + ("..." if cut < len(mantissa) else "")
    return short + (("e" + exponent) if exponent else "")


def binary_value(number: float) -> Fraction:
    """The exact number a Python float from outside a claim body's literals stands for: its
    binary value (``0.3`` is 5404319552844595/2**54), recorded for the evidence."""
    number = float(number)
    seen = _BINARY_FLOATS.get()
    if seen is not None and number not in seen:
        seen[number] = None
    return Fraction(number)


# the name older code imports; a float reaching it has lost its typed decimal (see above)
literal_value = binary_value


def _to_float(number) -> float:
    """An exact number in the float search kind: the nearest double, +-inf beyond the range
    (the float search decides nothing; it only has to keep running)."""
    try:
        return float(number)
    except OverflowError:
        return math.inf if number > 0 else -math.inf


def _exact_for_kind(number, like):
    """A plain Python number in a form the kind of ``like`` combines with exactly: an int or a
    Fraction as itself, a float as its exact binary value (recorded, see :func:`binary_value`)."""
    if type(like) is _Interval:  # (the scalar interval kind: what the general code below does for it)
        t = type(number)
        if t is int:
            return number
        if t is Fraction:
            return number if number.denominator == 1 else _Interval.point(number)
    kn = kinds.kind_name(like)
    if isinstance(number, float) and kn not in ("float", "array"):
        if not math.isfinite(number):
            raise ClaimBodyError(f"the float {number!r} (computed or read outside the body's literals) is not a finite number")
        number = binary_value(number)
    if kn == "sympy":
        import sympy

        if isinstance(number, Fraction):
            return sympy.Rational(number.numerator, number.denominator)
        return sympy.Integer(number)
    if kn == "mpf":
        import mpmath

        if isinstance(number, Fraction):
            return mpmath.mpf(number.numerator) / number.denominator
        return mpmath.mpf(number)
    if kn in ("float", "array"):
        if isinstance(number, Fraction) or (isinstance(number, int) and abs(number) > 2**1000):
            return _to_float(number)
        return number
    if isinstance(number, Fraction) and number.denominator != 1:
        return _lift_for_function(number, like)
    return number


def _unwrap(other, like):
    if isinstance(other, Real):
        return other.raw
    if isinstance(other, Lazy):
        return other.materialize_like(like)
    if isinstance(other, (int, float, Fraction)) and not isinstance(other, bool):
        return _exact_for_kind(other, like)
    if isinstance(other, Relation):
        raise ClaimBodyError("a relation (comparison) cannot be used as a number")
    return other


def _binary(op, swap=False):
    fn = (lambda a, b: op(b, a)) if swap else op

    def method(self, other):
        if type(other) is Real:
            o = other.raw
        else:
            if isinstance(other, Relation):
                return NotImplemented
            o = _unwrap(other, self.raw)
        out = Real(_kept(fn, self.raw, o))
        return _traced(op, out, other, self) if swap else _traced(op, out, self, other)

    return method


def _compare(op_symbol):
    def method(self, other):
        if isinstance(other, Relation):
            return NotImplemented
        return Relation(self, op_symbol, other)

    return method


_FORBIDDEN_BOOL = (
    "a comparison inside a claim body gives a Relation, not a bool: return it, combine several "
    "with all_of(a, b) (or `(a) & (b)`, with parentheses), and state a hypothesis with "
    "implies(h, c); Python's `and`, `or`, `not`, `if` and builtin min/max cannot see intervals "
    "(use theorycheck.min / theorycheck.max)"
)


class Real:
    """A number inside a claim body; see the module docstring."""

    __slots__ = ("raw",)

    def __init__(self, raw):
        self.raw = raw
        _watch(raw)

    __add__ = _binary(operator.add)
    __radd__ = _binary(operator.add, swap=True)
    __sub__ = _binary(operator.sub)
    __rsub__ = _binary(operator.sub, swap=True)
    __mul__ = _binary(operator.mul)
    __rmul__ = _binary(operator.mul, swap=True)
    __truediv__ = _binary(operator.truediv)
    __rtruediv__ = _binary(operator.truediv, swap=True)

    def __pow__(self, n):
        if isinstance(n, Lazy) and n.value is not None and n.value.denominator == 1:
            n = int(n.value)  # an exact integer exponent (``x**2.0``): the integer power
        if isinstance(n, (Real, Lazy)):
            n_raw = _unwrap(n, self.raw)
            return Real(_kept(operator.pow, self.raw, n_raw))
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if isinstance(n, int) and kinds.kind_name(self.raw) == "float" and n >= 0:
            try:
                return Real(self.raw**n)
            except OverflowError:
                return Real(math.inf if (self.raw > 0 or n % 2 == 0) else -math.inf)
        if _undefined_in(self.raw) is not None:
            return Real(_undefined_in(self.raw))
        return Real(_kept(operator.pow, self.raw, _unwrap(n, self.raw) if not isinstance(n, int) else n))

    def __rpow__(self, base):
        if _undefined_in(self.raw) is not None:
            return Real(_undefined_in(self.raw))
        return Real(_kept(lambda _: self._rpow_raw(base), self.raw))

    def _rpow_raw(self, base):
        b = _unwrap(base, self.raw)
        kn = kinds.kind_name(self.raw)
        if kn not in ("float", "array", "mpf", "sympy"):
            exact = base.value if isinstance(base, Lazy) else (
                Fraction(base) if isinstance(base, (int, Fraction)) and not isinstance(base, bool) else None)
            if exact is not None and exact <= 0 and kn in ("Interval", "IntervalArray"):
                # a base <= 0 is defined only at some exponents ((-2)**2 = 4, 0**0.5 = 0): the
                # kind's own power decides where (exp(x log a) would call all of them undefined)
                return _lift_for_function(exact, self.raw) ** self.raw
            # a ** x = exp(x log a) for the interval kinds
            lb = Lazy.number(base).log().materialize_like(self.raw) if not isinstance(base, Real) else kinds.apply("log", b)
            return kinds.apply("exp", self.raw * lb)
        return b**self.raw

    def __neg__(self):
        return Real(_kept(operator.neg, self.raw))

    def __pos__(self):
        return self

    def __abs__(self):
        t = _TRACE.get()
        if t is not None:
            return t.function("abs", self, lambda: Real(_abs_raw(self.raw)))
        if kinds.kind_name(self.raw) == "sympy":
            import sympy

            return Real(sympy.Abs(self.raw))
        return Real(_kept(abs, self.raw))

    __le__ = _compare("<=")
    __lt__ = _compare("<")
    __ge__ = _compare(">=")
    __gt__ = _compare(">")
    __eq__ = _compare("==")

    def __ne__(self, other):
        raise ClaimBodyError("`!=` is not a claim relation; state what holds (<=, <, ==)")

    __hash__ = object.__hash__

    def __bool__(self):
        raise ClaimBodyError(_FORBIDDEN_BOOL)

    def __float__(self):
        if kinds.kind_name(self.raw) in ("float", "mpf"):
            return float(self.raw)
        raise TypeError(f"float() of a {kinds.kind_name(self.raw)} value")

    def __repr__(self):
        return f"Real({self.raw!r})"


class Lazy:
    """An exact constant (pi, 2, sqrt(2 pi), ...) made in whichever kind it meets."""

    __slots__ = ("make", "text", "value")

    def __init__(self, make, text, value=None):
        self.make = make
        self.text = text
        self.value = value  # the exact rational value when the constant is one, else None

    @classmethod
    def exact(cls, value: Fraction, text: str | None = None):
        """The exact rational ``value`` (a literal of a claim body as typed, or a folded constant
        expression of literals; see :mod:`theorycheck.literals`)."""
        value = Fraction(value)
        return cls(lambda like, v=value: _exact_for_kind(v, like), text or str(value), value)

    @classmethod
    def number(cls, value):
        if isinstance(value, Lazy):
            return value
        if isinstance(value, float):
            # a float from outside the body's literals: its binary value (see binary_value); the
            # text says so, so that caches keyed on the text never confuse it with the decimal
            # (no exact ``value``: every use goes through _exact_for_kind, which records it)
            return cls(lambda like, v=value: _exact_for_kind(v, like), f"binary({value!r})")
        if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
            return cls.exact(value, repr(value) if isinstance(value, int) else str(value))
        return cls(lambda like, v=value: _exact_for_kind(v, like), repr(value))

    def materialize_like(self, like):
        return self.make(like)

    def _combine(self, other, op, symbol, swap=False):
        if isinstance(other, Real):
            if _undefined_in(other.raw) is not None:
                return Real(_undefined_in(other.raw))
            out = Real(_kept(lambda r: op(r, self.materialize_like(r)) if swap else op(self.materialize_like(r), r),
                             other.raw))
            return _traced(op, out, other, self) if swap else _traced(op, out, self, other)
        if isinstance(other, Relation):
            return NotImplemented
        if isinstance(other, (Lazy, int, float, Fraction)) and not isinstance(other, bool):
            o = Lazy.number(other)
            a, b = (o, self) if swap else (self, o)
            text = f"({a.text} {symbol} {b.text})"
            if symbol == "**":
                return _lazy_power(a, b, text)
            value = None
            if a.value is not None and b.value is not None and not (symbol == "/" and b.value == 0):
                value = op(a.value, b.value)
            if value is not None:
                return Lazy.exact(value, text)
            return Lazy(lambda like: op(a.make(like), b.make(like)), text)
        # a raw kind (Interval, IntervalArray, ...): make the constant in that kind
        mine = self.materialize_like(other)
        return op(other, mine) if swap else op(mine, other)

    def __add__(self, o):
        return self._combine(o, operator.add, "+")

    def __radd__(self, o):
        return self._combine(o, operator.add, "+", swap=True)

    def __sub__(self, o):
        return self._combine(o, operator.sub, "-")

    def __rsub__(self, o):
        return self._combine(o, operator.sub, "-", swap=True)

    def __mul__(self, o):
        return self._combine(o, operator.mul, "*")

    def __rmul__(self, o):
        return self._combine(o, operator.mul, "*", swap=True)

    def __truediv__(self, o):
        return self._combine(o, operator.truediv, "/")

    def __rtruediv__(self, o):
        return self._combine(o, operator.truediv, "/", swap=True)

    def __pow__(self, n):
        if isinstance(n, Real):
            return n.__rpow__(self)  # a constant to a variable power: exp(x log a) where it matters
        if isinstance(n, Lazy) and n.value is not None and n.value.denominator == 1:
            n = int(n.value)
        if isinstance(n, int) and not isinstance(n, bool):
            value = self.value**n if self.value is not None and not (self.value == 0 and n < 0) else None
            return Lazy(lambda like: self.make(like) ** n, f"{self.text}**{n}", value)
        return self._combine(n, operator.pow, "**")

    def __rpow__(self, base):
        if isinstance(base, Real):
            return base ** self
        return Lazy.number(base) ** self

    def __neg__(self):
        return Lazy(lambda like: -self.make(like), f"-{self.text}", None if self.value is None else -self.value)

    def __abs__(self):
        return Lazy(lambda like: _abs_raw(self.make(like)), f"|{self.text}|")

    def apply(self, name):
        return Lazy(lambda like: kinds.apply(name, _lift_for_function(self.make(like), like)), f"{name}({self.text})")

    def log(self):
        return self.apply("log")

    __le__ = _compare("<=")
    __lt__ = _compare("<")
    __ge__ = _compare(">=")
    __gt__ = _compare(">")
    __eq__ = _compare("==")
    __hash__ = object.__hash__

    def __bool__(self):
        raise ClaimBodyError(_FORBIDDEN_BOOL)

    def __float__(self):
        if self.value is not None:
            return _to_float(self.value)
        return float(self.make(0.0))

    def __repr__(self):
        return f"Lazy({self.text})"


def _lazy_power(a, b, text):
    """``a ** b`` for constants with a non-integer exponent: ``exp(b log a)``, enclosed by the
    kinds (rigorous on intervals; ``a`` must be positive, else log raises a domain error)."""
    if b.value is not None and b.value.denominator == 1:
        return a ** int(b.value)

    def make(like):
        base = _lift_for_function(a.make(like), like)
        expo = _lift_for_function(b.make(like), like)
        if kinds.kind_name(like) in ("float", "array", "mpf", "sympy"):
            if kinds.kind_name(like) == "float" and base < 0:
                raise kinds.DomainViolation(f"{base!r} ** {expo!r}")
            return base**expo
        if a.value is not None and a.value <= 0:
            # 0**q = 0 for q > 0, and a negative base has no real non-integer power: the
            # interval kind's own power says which (exp(q log a) would call 0**0.5 undefined)
            return base**expo
        return kinds.apply("exp", expo * kinds.apply("log", base))

    return Lazy(make, text)


def _abs_raw(v):
    if kinds.kind_name(v) == "sympy":
        import sympy

        return sympy.Abs(v)
    return abs(v)


def _lift_for_function(value, like):
    """A plain number (int, Fraction) in a kind that has the functions: the interval kinds need
    their own enclosure of the number before exp/log/... can be applied rigorously."""
    if type(like) is _Interval and (type(value) is int or type(value) is Fraction):
        return _Interval.point(value)  # (the scalar interval kind has no point_like: as below)
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        kn = kinds.kind_name(like)
        if kn in ("float", "array"):
            return float(value)
        if kn in ("mpf", "sympy"):
            return _exact_for_kind(value, like)
        point = getattr(type(like), "point_like", None)
        if point is not None:
            return point(like, value)
        return _Interval.point(value)
    return value


pi = Lazy(lambda like: kinds.constant("pi", like), "pi")


def _function(name, doc):
    def on_raw(r):
        if type(r) is _Interval:  # (the scalar interval kind: its own method, as kinds.apply calls it)
            method = getattr(r, name, None)
            if method is not None:
                return method()
        return kinds.apply(name, r)

    def f(x):
        if isinstance(x, Real):
            t = _TRACE.get()
            if t is not None:
                return t.function(name, x, lambda: Real(_kept(on_raw, x.raw)))
            return Real(_kept(on_raw, x.raw))
        if isinstance(x, (Lazy, int, Fraction)) and not isinstance(x, bool):
            return Lazy.number(x).apply(name)
        if isinstance(x, float):
            return Lazy.number(x).apply(name)
        if isinstance(x, Relation):
            raise ClaimBodyError(f"{name}() of a relation")
        return kinds.apply(name, x)

    f.__name__ = name
    f.__qualname__ = name
    f.__doc__ = doc
    return f


exp = _function("exp", "Exponential; rigorous on intervals.")
expm1 = _function("expm1", "exp(x) - 1 without cancellation near 0.")
log = _function("log", "Natural logarithm; an interval must reach above 0.")
log1p = _function("log1p", "log(1 + x) without cancellation near 0.")
sqrt = _function("sqrt", "Square root; an interval must reach 0 or above.")
erf = _function("erf", "Error function.")
erfc = _function("erfc", "Complementary error function 1 - erf(x), accurate in the tail.")
tanh = _function("tanh", "Hyperbolic tangent.")
Phi = _function("Phi", "Standard normal cumulative distribution function.")
npdf = _function("npdf", "Standard normal density exp(-x^2/2)/sqrt(2 pi).")


# Special functions: each docstring states the domain; the enclosure contract of every kind is
# the docstring of the Interval method of the same name (theorycheck.enclose.interval).
gamma = _function("gamma", "Euler's Gamma function; poles at 0, -1, -2, ... (a box containing one is "
                  "not defined there).")
loggamma = _function("loggamma", "log Gamma(x) for x > 0 (real log-Gamma; undefined at x <= 0).")
ndtri = _function("ndtri", "Inverse standard normal CDF Phi^-1(p) on the open interval (0, 1); "
                  "undefined at p = 0 and p = 1.")
atan = _function("atan", "Inverse tangent, onto (-pi/2, pi/2).")
asin = _function("asin", "Inverse sine on the closed domain [-1, 1].")
acos = _function("acos", "Inverse cosine on the closed domain [-1, 1].")
besseli0 = _function("besseli0", "Modified Bessel function of the first kind I_0 (even, >= 1).")
besseli1 = _function("besseli1", "Modified Bessel function of the first kind I_1 (odd, increasing).")


def _function2(name, doc):
    """A function of two claim values (or constants), lifted like min/max: exact constants are
    made in the kind of the other argument; two constants stay a lazy constant."""

    def f(x, y):
        args = (x, y)
        for v in args:
            if isinstance(v, Relation):
                raise ClaimBodyError(f"{name}() of a relation")
        like = next((v.raw for v in args if isinstance(v, Real)), None)
        if like is None:
            like = next((v for v in args if not isinstance(v, (Lazy, int, float, Fraction))), None)
        if like is None:  # only constants: keep them lazy
            a, b = Lazy.number(x), Lazy.number(y)

            def make(lk):
                return kinds.apply2(name, _lift_for_function(a.make(lk), lk), _lift_for_function(b.make(lk), lk))

            return Lazy(make, f"{name}({a.text}, {b.text})")
        if _undefined_in(like) is not None:
            return Real(_undefined_in(like))
        raws = [_unwrap(v, like) for v in args]
        raws = [_lift_for_function(r, like) if isinstance(r, (int, Fraction)) and not isinstance(r, bool) else r
                for r in raws]
        out = _kept(lambda *r: kinds.apply2(name, *r), *raws)
        return Real(out) if any(isinstance(v, Real) for v in args) else out

    f.__name__ = name
    f.__qualname__ = name
    f.__doc__ = doc
    return f


gammainc_lower = _function2(
    "gammainc_lower",
    "Regularised lower incomplete gamma function P(a, x) = gamma(a, x)/Gamma(a) (scipy's gammainc, "
    "mpmath's gammainc(a, 0, x, regularized=True)); a > 0, x >= 0.")
gammainc_upper = _function2(
    "gammainc_upper",
    "Regularised upper incomplete gamma function Q(a, x) = Gamma(a, x)/Gamma(a) = 1 - P(a, x) "
    "(scipy's gammaincc, mpmath's gammainc(a, x, regularized=True)); a > 0, x >= 0.")
owens_t = _function2(
    "owens_t",
    "Owen's T function T(h, a) = 1/(2 pi) int_0^a exp(-h^2 (1 + t^2)/2)/(1 + t^2) dt (scipy's "
    "owens_t); defined on the whole plane.")


def _reduce(pick, name):
    def f(*args):
        if len(args) == 1 and not isinstance(args[0], (Real, Lazy)):
            args = tuple(args[0])
        if not any(isinstance(a, (Real, Lazy)) for a in args) and not any(
            kinds.kind_name(a) not in ("float",) for a in args
        ):
            return getattr(builtins, name)(args)
        like = next((a.raw for a in args if isinstance(a, Real)), None)
        if like is None:
            like = next((a for a in args if not isinstance(a, (Lazy, int, float, Fraction))), None)
        if like is None:  # only constants: keep them lazy
            lazies = [Lazy.number(a) for a in args]

            def make(lk):
                vals = [z.make(lk) for z in lazies]
                out = vals[0]
                for v in vals[1:]:
                    out = pick(out, v)
                return out

            return Lazy(make, f"{name}(...)")
        if _undefined_in(like) is not None:
            return Real(_undefined_in(like))
        raws = [_unwrap(a, like) for a in args]
        raws = [_lift_for_function(r, like) if isinstance(r, (int, Fraction)) else r for r in raws]

        def fold(*rs):
            out = rs[0]
            for r in rs[1:]:
                out = pick(out, r)
            return out

        out = _kept(fold, *raws)
        return Real(out) if any(isinstance(a, Real) for a in args) else out

    f.__name__ = name
    f.__doc__ = f"{name} of numbers, claim values or intervals (works on every kind, unlike builtin {name})."
    return f


min = _reduce(kinds.minimum, "min")
max = _reduce(kinds.maximum, "max")


# -- relations --------------------------------------------------------------------------------

_FLIP = {">=": "<=", ">": "<"}


class Relation:
    """``lhs op rhs`` with op in <=, <, >=, >, ==; or a conjunction of relations (``parts``).

    For an inequality, :attr:`small` and :attr:`big` are the sides with ``small <= big`` (or
    ``<``) claimed, so the claim holds exactly where ``big - small`` is >= 0 (> 0 if strict).
    """

    __slots__ = ("lhs", "op", "rhs", "parts", "decoration", "mark", "guarded")

    def __init__(self, lhs, op, rhs, parts=None):
        self.lhs = lhs
        self.op = op
        self.rhs = rhs
        self.parts = parts
        self.decoration = None  # values of the body not defined everywhere (see body_decorated)
        w = _BODY_WATCH.get()
        self.mark = None if w is None else len(w)  # how many values the body had watched when made
        self.guarded = None  # for a part of implies(h, c): the part of c it guards

    @property
    def is_conjunction(self) -> bool:
        return self.parts is not None

    @property
    def is_identity(self) -> bool:
        return self.op == "=="

    @property
    def strict(self) -> bool:
        return self.op in ("<", ">")

    @property
    def small(self):
        return self.rhs if self.op in _FLIP else self.lhs

    @property
    def big(self):
        return self.lhs if self.op in _FLIP else self.rhs

    def leaves(self):
        if self.parts is None:
            return [self]
        out = []
        for p in self.parts:
            out.extend(p.leaves())
        return out

    def __and__(self, other):
        if not isinstance(other, Relation):
            raise ClaimBodyError("& combines relations only")
        return all_of(self, other)

    def __bool__(self):
        raise ClaimBodyError(_FORBIDDEN_BOOL)

    def __repr__(self):
        if self.parts is not None:
            return "all_of(" + ", ".join(map(repr, self.parts)) + ")"
        return f"Relation({self.lhs!r} {self.op} {self.rhs!r})"


def all_of(*relations) -> Relation:
    """The conjunction of several relations: holds where every one holds."""
    if len(relations) == 1 and not isinstance(relations[0], Relation):
        relations = tuple(relations[0])
    if not relations:
        raise ClaimBodyError("all_of() needs at least one relation")
    for r in relations:
        if not isinstance(r, Relation):
            raise ClaimBodyError(f"all_of() takes relations, got {type(r).__name__}")
    return Relation(None, "and", None, parts=list(relations))


def implies(hypothesis, conclusion) -> Relation:
    """``implies(h, c)``: wherever the hypothesis ``h`` holds, the conclusion ``c`` is defined and
    holds; where ``h`` is false, ``c`` may be anything, even undefined (``log(x)`` where the
    hypothesis is ``x > 0``). ``h`` and ``c`` are relations (a comparison, or ``all_of`` of
    several); ``c`` may also be a function of no arguments returning one (``lambda: ...``).

    The hypothesis itself must be defined on the whole box. Values the body computes before the
    hypothesis count as values of the body (defined everywhere); values computed while the
    conclusion is evaluated (the second argument) are the conclusion's.

    Each part of ``c`` becomes the part ``m >= 0`` (``> 0`` if strict) of one function
    m = c's margin where h holds, a positive constant where h is false
    (:mod:`theorycheck.enclose.guard`): a box straddling the boundary of ``h`` is never decided
    from ``c`` alone (it is split), and a counterexample is a point where ``h`` certainly holds."""
    if not isinstance(hypothesis, Relation):
        raise ClaimBodyError(
            f"implies(hypothesis, conclusion): the hypothesis must be a relation (a comparison or "
            f"all_of(...)), got {type(hypothesis).__name__}" + _BOOL_HINT.get(type(hypothesis).__name__, ""))
    w = _BODY_WATCH.get()
    start = hypothesis.mark if w is not None and hypothesis.mark is not None else None
    kept = None
    lazy_form = callable(conclusion) and not isinstance(conclusion, Relation)
    if lazy_form:
        try:
            conclusion = conclusion()
        except (ArithmeticError, ValueError) as exc:
            # whatever the conclusion raises (a library function outside its domain too) is the
            # conclusion's: certainly undefined on this input, excused where h is false
            kept = Undefined(exc)
            _remember_where(exc)
            conclusion = None
    if kept is None and not isinstance(conclusion, Relation):
        raise ClaimBodyError(
            f"implies(hypothesis, conclusion): the conclusion must be a relation (or a lambda "
            f"returning one), got {type(conclusion).__name__}" + _BOOL_HINT.get(type(conclusion).__name__, ""))
    caps, undefined = [], kept
    if start is not None:
        end = len(w)
        for i in range(start, end):
            v = w[i]
            if isinstance(v, Undefined):
                undefined = v if undefined is None else undefined
            elif v is not None:
                caps.append(v)
            w[i] = None  # the conclusion's own values: folded into its guarded margins below
    like = current_like()
    if like is None:
        raise ClaimBodyError("implies(...) is used inside a claim body")
    h_parts = []
    for leaf in hypothesis.leaves():
        d = _raw_margin(leaf, like)
        h_parts.append((d, "==" if leaf.is_identity else "<" if leaf.strict else "<="))
    from .enclose.guard import _vacuous_like, guarded

    guarded_parts = []  # (op, m, the conclusion's part)
    for leaf in (conclusion.leaves() if conclusion is not None else [None]):
        c = undefined
        if c is None:
            c = _raw_margin(leaf, like)
            if not isinstance(c, Undefined):
                if leaf.is_identity:
                    c = -abs(c)
                c = _and_decorations(c, caps) if caps else c
        op = ">" if leaf is not None and leaf.strict else ">="
        guarded_parts.append((op, guarded(h_parts, c), leaf))
    if lazy_form:
        # a conclusion given as a function may raise on some inputs, where its parts are not
        # known: its parts are always two, the least guarded margin of its non-strict parts
        # (>= 0) and of its strict parts (> 0), a positive constant where there are none, so
        # that every input gives the same parts (the prover, the kernel index parts)
        if kept is not None:
            guarded_parts = [(op, guarded_parts[0][1], None) for op in (">=", ">")]
        merged = []
        for op in (">=", ">"):
            ms = [m for o, m, _ in guarded_parts if o == op]
            m = ms[0] if ms else _vacuous_like(h_parts[0][0])
            for other in ms[1:]:
                m = _least(m, other)
            merged.append((op, m, None))
        guarded_parts = merged
    out = []
    for op, m, leaf in guarded_parts:
        real = object.__new__(Real)  # not watched: its decoration is the guard's, not the body's
        real.raw = m
        part = Relation(real, op, Lazy.exact(0))
        part.guarded = leaf
        out.append(part)
    return out[0] if len(out) == 1 else all_of(*out)


def _least(a, b):
    """min of two guarded margins; a NaN (undefined point) of the float kinds stays NaN."""
    if kinds.kind_name(a) in ("float", "mpf") and kinds.kind_name(b) in ("float", "mpf"):
        if a != a or b != b:
            return math.nan
    return kinds.minimum(a, b)


def _remember_where(exc):
    """Record on ``exc`` the frames above the first one outside this module (the body's line,
    for the error message: see claims._body_line)."""
    import sys

    f = sys._getframe(1)
    while f is not None and f.f_code.co_filename == __file__:
        f = f.f_back
    frames = []
    while f is not None:
        frames.append((f.f_code, f.f_lineno))
        f = f.f_back
    if not hasattr(exc, "__theorycheck_frames__"):
        exc.__theorycheck_frames__ = frames


_BOOL_HINT = {
    "bool": " (Python's `and`, `or`, `not` and `if` give a bool, not a relation: combine relations "
            "with all_of(a, b), and state a hypothesis with implies(h, c))",
    "bool_": " (a numpy bool: a side was computed with numpy instead of theorycheck functions)",
}


def _raw_margin(leaf, like):
    """big - small (lhs - rhs for an identity) of one part, in the kind of ``like`` (an
    Undefined when a side is one, or when making a side raises)."""
    a = leaf.lhs if leaf.is_identity else leaf.big
    b = leaf.rhs if leaf.is_identity else leaf.small
    try:
        ra, rb = side_raw(a, like), side_raw(b, like)
        u = _undefined_in(ra, rb)
        return u if u is not None else ra - rb
    except (ArithmeticError, ValueError) as exc:
        return Undefined(exc)


def side_raw(side, like):
    """The raw value of one side of a relation, in the kind of ``like``."""
    if isinstance(side, Real):
        return side.raw
    if isinstance(side, Lazy):
        return side.materialize_like(like)
    if isinstance(side, (int, float, Fraction)) and not isinstance(side, bool):
        return _lift_for_function(_exact_for_kind(side, like), like)
    return side


def is_array(raw) -> bool:
    return isinstance(raw, np.ndarray)
