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

__all__ = [
    "Real",
    "Lazy",
    "Relation",
    "all_of",
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


class ClaimBodyError(TypeError):
    """A claim body used a value in a way the engines cannot follow (e.g. ``if x < 1:``)."""


class PointsOnly(TypeError):
    """A function in a claim body can be evaluated at points only (floats, exact points), not
    enclosed over a box: a claim using it can be refuted at a certified point, never proved."""


def literal_value(number: float) -> Fraction:
    """The exact number a float literal in a claim body stands for: the decimal the author typed.

    ``1.36`` in a body means 136/100, not the binary double nearest to it (which is larger by
    about 1e-16 and would make ``1.36 * x**2 <= 1.36 * x`` fail at x = 1 in exact arithmetic).
    Python keeps only the double, so we read back its shortest round-trip decimal (``repr``)."""
    return Fraction(repr(float(number)))


def _exact_for_kind(number, like):
    """A plain Python number in a form the kind of ``like`` combines with exactly."""
    kn = kinds.kind_name(like)
    if isinstance(number, float) and kn not in ("float", "array"):
        if not math.isfinite(number):
            raise ClaimBodyError(f"the literal {number!r} is not a finite number")
        number = literal_value(number)
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
    if kn in ("float", "array") and isinstance(number, Fraction):
        return float(number)
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
    def method(self, other):
        if isinstance(other, Relation):
            return NotImplemented
        o = _unwrap(other, self.raw)
        return Real(op(o, self.raw) if swap else op(self.raw, o))

    return method


def _compare(op_symbol):
    def method(self, other):
        if isinstance(other, Relation):
            return NotImplemented
        return Relation(self, op_symbol, other)

    return method


_FORBIDDEN_BOOL = (
    "a comparison inside a claim body gives a Relation, not a bool: return it (or combine several "
    "with all_of(...) or &); Python's `and`, `or`, `if` and builtin min/max cannot see intervals "
    "(use theorycheck.min / theorycheck.max)"
)


class Real:
    """A number inside a claim body; see the module docstring."""

    __slots__ = ("raw",)

    def __init__(self, raw):
        self.raw = raw

    __add__ = _binary(operator.add)
    __radd__ = _binary(operator.add, swap=True)
    __sub__ = _binary(operator.sub)
    __rsub__ = _binary(operator.sub, swap=True)
    __mul__ = _binary(operator.mul)
    __rmul__ = _binary(operator.mul, swap=True)
    __truediv__ = _binary(operator.truediv)
    __rtruediv__ = _binary(operator.truediv, swap=True)

    def __pow__(self, n):
        if isinstance(n, (Real, Lazy)):
            n_raw = _unwrap(n, self.raw)
            return Real(self.raw**n_raw)
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if isinstance(n, int) and kinds.kind_name(self.raw) == "float" and n >= 0:
            try:
                return Real(self.raw**n)
            except OverflowError:
                return Real(math.inf if (self.raw > 0 or n % 2 == 0) else -math.inf)
        return Real(self.raw ** _unwrap(n, self.raw) if not isinstance(n, int) else self.raw**n)

    def __rpow__(self, base):
        b = _unwrap(base, self.raw)
        if kinds.kind_name(self.raw) not in ("float", "array", "mpf", "sympy"):
            # a ** x = exp(x log a) for the interval kinds
            lb = Lazy.number(base).log().materialize_like(self.raw) if not isinstance(base, Real) else kinds.apply("log", b)
            return Real(kinds.apply("exp", self.raw * lb))
        return Real(b**self.raw)

    def __neg__(self):
        return Real(-self.raw)

    def __pos__(self):
        return self

    def __abs__(self):
        if kinds.kind_name(self.raw) == "sympy":
            import sympy

            return Real(sympy.Abs(self.raw))
        return Real(abs(self.raw))

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

    __slots__ = ("make", "text")

    def __init__(self, make, text):
        self.make = make
        self.text = text

    @classmethod
    def number(cls, value):
        if isinstance(value, Lazy):
            return value
        return cls(lambda like, v=value: _exact_for_kind(v, like), repr(value))

    def materialize_like(self, like):
        return self.make(like)

    def _combine(self, other, op, symbol, swap=False):
        if isinstance(other, Real):
            mine = self.materialize_like(other.raw)
            return Real(op(other.raw, mine) if swap else op(mine, other.raw))
        if isinstance(other, Relation):
            return NotImplemented
        if isinstance(other, (Lazy, int, float, Fraction)) and not isinstance(other, bool):
            o = Lazy.number(other)
            a, b = (o, self) if swap else (self, o)
            return Lazy(lambda like: op(a.make(like), b.make(like)), f"({a.text} {symbol} {b.text})")
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
        if isinstance(n, int):
            return Lazy(lambda like: self.make(like) ** n, f"{self.text}**{n}")
        return self._combine(n, operator.pow, "**")

    def __neg__(self):
        return Lazy(lambda like: -self.make(like), f"-{self.text}")

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
        return float(self.make(0.0))

    def __repr__(self):
        return f"Lazy({self.text})"


def _abs_raw(v):
    if kinds.kind_name(v) == "sympy":
        import sympy

        return sympy.Abs(v)
    return abs(v)


def _lift_for_function(value, like):
    """A plain number (int, Fraction) in a kind that has the functions: the interval kinds need
    their own enclosure of the number before exp/log/... can be applied rigorously."""
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        kn = kinds.kind_name(like)
        if kn in ("float", "array"):
            return float(value)
        if kn in ("mpf", "sympy"):
            return _exact_for_kind(value, like)
        point = getattr(type(like), "point_like", None)
        if point is not None:
            return point(like, value)
        from .enclose.interval import Interval

        return Interval.point(value)
    return value


pi = Lazy(lambda like: kinds.constant("pi", like), "pi")


def _function(name, doc):
    def f(x):
        if isinstance(x, Real):
            return Real(kinds.apply(name, x.raw))
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
        raws = [_unwrap(a, like) for a in args]
        raws = [_lift_for_function(r, like) if isinstance(r, (int, Fraction)) else r for r in raws]
        out = raws[0]
        for r in raws[1:]:
            out = pick(out, r)
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

    __slots__ = ("lhs", "op", "rhs", "parts")

    def __init__(self, lhs, op, rhs, parts=None):
        self.lhs = lhs
        self.op = op
        self.rhs = rhs
        self.parts = parts

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
