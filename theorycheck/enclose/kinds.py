"""One set of functions over every kind of number the engines evaluate a claim on.

A *raw value* is a float (search), a numpy float array (batched search), an mpmath ``mpf``
(high precision, not rigorous), a sympy expression (exact symbolic), an :class:`Interval`
(rigorous, any precision), an ``IntervalArray`` (rigorous, a batch of boxes at once) or a
``Dual`` (value plus gradient, over any of those). :func:`apply` evaluates a named function on a
raw value of any kind; kinds with methods of that name (intervals, duals) provide their own.

Domains: the interval kinds decorate (``defined``) and raise or give NaN where a box is wholly
outside a domain (see :mod:`.interval`). The float and numpy kinds of the search keep IEEE-like
values at the edge (log(0) = -inf) and raise :class:`DomainViolation` beyond it: the search only
proposes points, the certifier decides them with intervals. The mpmath kind raises at every point
outside a domain (log of x <= 0, log1p of x <= -1, sqrt of x < 0; division by 0 raises
``ZeroDivisionError``), because an mpf value is read as the value of the body at that point.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

FUNCTIONS = ("exp", "expm1", "log", "log1p", "sqrt", "erf", "erfc", "tanh", "Phi", "npdf")

_SQRT2 = math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


class DomainViolation(ArithmeticError):
    """A function evaluated outside its domain at a point (log of a negative number, ...)."""


# -- floats (search): IEEE semantics where they are meaningful, errors where the math is undefined


def _float_exp(x):
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _float_log(x):
    if x < 0 or math.isnan(x):
        raise DomainViolation(f"log({x!r})")
    return -math.inf if x == 0 else math.log(x)


def _float_log1p(x):
    if x < -1 or math.isnan(x):
        raise DomainViolation(f"log1p({x!r})")
    return -math.inf if x == -1 else math.log1p(x)


def _float_sqrt(x):
    if x < 0 or math.isnan(x):
        raise DomainViolation(f"sqrt({x!r})")
    return math.sqrt(x)


def _float_expm1(x):
    try:
        return math.expm1(x)
    except OverflowError:
        return math.inf


_FLOAT = {
    "exp": _float_exp,
    "expm1": _float_expm1,
    "log": _float_log,
    "log1p": _float_log1p,
    "sqrt": _float_sqrt,
    "erf": math.erf,
    "erfc": math.erfc,
    "tanh": math.tanh,
    "Phi": lambda x: 0.5 * math.erfc(-x / _SQRT2),
    "npdf": lambda x: _INV_SQRT_2PI * _float_exp(-0.5 * x * x),
}


def _array_domain(name, ok):
    def check(x):
        if not np.all(ok(x)):
            raise DomainViolation(f"{name} of an array with points outside its domain")
        return x

    return check


def _np_funcs():
    from scipy import special

    with_domain = {
        "log": (lambda x: x >= 0, np.log),
        "log1p": (lambda x: x >= -1, np.log1p),
        "sqrt": (lambda x: x >= 0, np.sqrt),
    }
    table = {
        "exp": np.exp,
        "expm1": np.expm1,
        "erf": special.erf,
        "erfc": special.erfc,
        "tanh": np.tanh,
        "Phi": special.ndtr,
        "npdf": lambda x: _INV_SQRT_2PI * np.exp(-0.5 * x * x),
    }
    for name, (ok, fn) in with_domain.items():
        check = _array_domain(name, ok)
        table[name] = (lambda fn, check: lambda x: fn(check(x)))(fn, check)
    return table


_NP = None


def _mp_funcs():
    import mpmath

    def checked(name, fn, ok):
        def f(x):
            if not ok(x):
                raise DomainViolation(f"{name}({x})")
            return fn(x)

        return f

    return {
        "exp": mpmath.exp,
        "expm1": mpmath.expm1,
        # log(0) and log1p(-1) are undefined (mpmath would return -inf): raise, like the interval
        # kinds at [0, 0]; mpf division by 0 raises ZeroDivisionError (an ArithmeticError)
        "log": checked("log", mpmath.log, lambda x: x > 0),
        "log1p": checked("log1p", mpmath.log1p, lambda x: x > -1),
        "sqrt": checked("sqrt", mpmath.sqrt, lambda x: x >= 0),
        "erf": mpmath.erf,
        "erfc": mpmath.erfc,
        "tanh": mpmath.tanh,
        "Phi": lambda x: mpmath.erfc(-x / mpmath.sqrt(2)) / 2,
        "npdf": lambda x: mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi),
    }


def _sympy_funcs():
    import sympy

    return {
        "exp": sympy.exp,
        "expm1": lambda x: sympy.exp(x) - 1,
        "log": sympy.log,
        "log1p": lambda x: sympy.log(1 + x),
        "sqrt": sympy.sqrt,
        "erf": sympy.erf,
        "erfc": sympy.erfc,
        "tanh": sympy.tanh,
        "Phi": lambda x: (1 + sympy.erf(x / sympy.sqrt(2))) / 2,
        "npdf": lambda x: sympy.exp(-(x**2) / 2) / sympy.sqrt(2 * sympy.pi),
    }


_MP = None
_SYMPY = None


def kind_name(raw) -> str:
    """'float', 'array', 'mpf', 'sympy', or the class name of a kind with its own methods."""
    if isinstance(raw, (float, int, Fraction)) and not isinstance(raw, bool):
        return "float"
    if isinstance(raw, np.ndarray) or isinstance(raw, np.floating):
        return "array"
    mod = type(raw).__module__ or ""
    if mod.startswith("mpmath"):
        return "mpf"
    if mod.startswith("sympy"):
        return "sympy"
    return type(raw).__name__


def apply(name: str, raw):
    """``name`` (one of :data:`FUNCTIONS`) evaluated on the raw value ``raw``."""
    global _NP, _MP, _SYMPY
    method = getattr(raw, name, None)
    if method is not None and callable(method) and not isinstance(raw, (float, int, np.ndarray)):
        kn = kind_name(raw)
        if kn not in ("mpf", "sympy"):
            return method()
    kn = kind_name(raw)
    if kn == "float":
        return _FLOAT[name](float(raw))
    if kn == "array":
        if _NP is None:
            _NP = _np_funcs()
        return _NP[name](np.asarray(raw, dtype=float))
    if kn == "mpf":
        if _MP is None:
            _MP = _mp_funcs()
        return _MP[name](raw)
    if kn == "sympy":
        if _SYMPY is None:
            _SYMPY = _sympy_funcs()
        return _SYMPY[name](raw)
    raise TypeError(f"{name}() does not accept {type(raw).__name__}")


def minimum(a, b):
    m = getattr(a, "minimum", None)
    if m is not None and not isinstance(a, np.ndarray):
        return m(b)
    m = getattr(b, "minimum", None)
    if m is not None and not isinstance(b, np.ndarray):
        return m(a)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.minimum(a, b)
    if kind_name(a) == "sympy" or kind_name(b) == "sympy":
        import sympy

        return sympy.Min(a, b)
    return a if a <= b else b


def maximum(a, b):
    m = getattr(a, "maximum", None)
    if m is not None and not isinstance(a, np.ndarray):
        return m(b)
    m = getattr(b, "maximum", None)
    if m is not None and not isinstance(b, np.ndarray):
        return m(a)
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.maximum(a, b)
    if kind_name(a) == "sympy" or kind_name(b) == "sympy":
        import sympy

        return sympy.Max(a, b)
    return a if a >= b else b


def constant(name: str, like):
    """The constant ``name`` ('pi') in the kind of ``like``: rigorous for interval kinds."""
    if name != "pi":
        raise KeyError(name)
    maker = getattr(type(like), "const_pi", None)
    if maker is not None:
        return maker(like)
    kn = kind_name(like)
    if kn in ("float", "array"):
        return math.pi
    if kn == "mpf":
        import mpmath

        return +mpmath.pi
    if kn == "sympy":
        import sympy

        return sympy.pi
    from .interval import Interval

    if isinstance(like, Interval):
        return Interval.pi()
    raise TypeError(f"no constant {name} for {type(like).__name__}")


def exact_in_kind(value, like):
    """The exact number ``value`` (int, Fraction, float taken exactly) made in the kind of
    ``like``: an enclosure for the interval kinds, the nearest double for floats."""
    maker = getattr(type(like), "point_like", None)
    if maker is not None:
        return maker(like, value)
    kn = kind_name(like)
    if kn in ("float", "array"):
        return float(value)
    if kn == "mpf":
        import mpmath

        q = Fraction(value)
        return mpmath.mpf(q.numerator) / q.denominator
    if kn == "sympy":
        import sympy

        q = Fraction(value)
        return sympy.Rational(q.numerator, q.denominator)
    from .interval import Interval

    if isinstance(like, Interval):
        return Interval.point(value)
    raise TypeError(f"no exact numbers for {type(like).__name__}")
