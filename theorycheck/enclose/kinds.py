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

Special functions (gamma, loggamma, ndtri, atan, asin, acos, besseli0/1, gammainc_lower/upper,
owens_t): their domains and enclosure contracts are the docstrings of the
:class:`~.interval.Interval` methods of the same names. At a point, the float and numpy kinds
give gamma's poles, loggamma(0) = +inf and ndtri(0) = -inf, ndtri(1) = +inf their IEEE-like
values or raise :class:`DomainViolation` (gamma at a pole raises: no signed infinity is right),
and raise beyond the domain; the mpmath kind raises at every point outside the domain (poles,
loggamma(x <= 0), ndtri(p) for p outside (0, 1), asin/acos beyond [-1, 1], incomplete gamma with
a <= 0 or x < 0).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

FUNCTIONS = ("exp", "expm1", "log", "log1p", "sqrt", "erf", "erfc", "tanh", "Phi", "npdf",
             "gamma", "loggamma", "ndtri", "atan", "asin", "acos", "besseli0", "besseli1")
# functions of two arguments (the first is the object whose method is called on the other)
FUNCTIONS2 = ("gammainc_lower", "gammainc_upper", "owens_t")
# used by the derivatives (forward AD) only: psi, psi', and I_n of integer order n (a parameter)
INTERNAL = ("digamma", "trigamma", "besseli")

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


def _is_pole(x) -> bool:
    return x <= 0 and x == math.floor(x)


def _float_gamma(x):
    if math.isnan(x) or _is_pole(x):
        raise DomainViolation(f"gamma({x!r}) (a pole)")
    try:
        return math.gamma(x)
    except OverflowError:
        return math.inf


def _float_loggamma(x):
    if x < 0 or math.isnan(x):
        raise DomainViolation(f"loggamma({x!r})")
    return math.inf if x == 0 else math.lgamma(x)


def _float_ndtri(p):
    if not 0 <= p <= 1:
        raise DomainViolation(f"ndtri({p!r})")
    from scipy import special

    return float(special.ndtri(p))


def _float_unit(name, fn):
    def f(x):
        if not -1 <= x <= 1:
            raise DomainViolation(f"{name}({x!r})")
        return fn(x)

    return f


def _float_scipy(name):
    def f(*args):
        from scipy import special

        return float(getattr(special, name)(*args))

    return f


def _float_digamma(x):
    if math.isnan(x) or _is_pole(x):
        raise DomainViolation(f"digamma({x!r}) (a pole)")
    return _float_scipy("psi")(x)


def _float_trigamma(x):
    if math.isnan(x) or _is_pole(x):
        raise DomainViolation(f"trigamma({x!r}) (a pole)")
    from scipy import special

    return float(special.polygamma(1, x))


def _float_besseli(x, n):
    from scipy import special

    return float(special.iv(n, x))


def _float_gammainc(upper):
    def f(a, x):
        if not (a > 0 and x >= 0):
            raise DomainViolation(f"{'gammainc_upper' if upper else 'gammainc_lower'}({a!r}, {x!r})")
        from scipy import special

        return float((special.gammaincc if upper else special.gammainc)(a, x))

    return f


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
    "gamma": _float_gamma,
    "loggamma": _float_loggamma,
    "ndtri": _float_ndtri,
    "atan": math.atan,
    "asin": _float_unit("asin", math.asin),
    "acos": _float_unit("acos", math.acos),
    "besseli0": _float_scipy("i0"),
    "besseli1": _float_scipy("i1"),
    "besseli": _float_besseli,
    "digamma": _float_digamma,
    "trigamma": _float_trigamma,
    "gammainc_lower": _float_gammainc(False),
    "gammainc_upper": _float_gammainc(True),
    "owens_t": _float_scipy("owens_t"),
}


def _array_domain(name, ok):
    def check(x):
        if not np.all(ok(x)):
            raise DomainViolation(f"{name} of an array with points outside its domain")
        return x

    return check


def _scipy(name):
    """scipy.special's ``name``, imported at its first call (importing scipy.special costs about
    a second, which a claim made of exp and log should not pay)."""
    fn = None

    def f(*args):
        nonlocal fn
        if fn is None:
            from scipy import special

            fn = getattr(special, name)
        return fn(*args)

    return f


def _np_funcs():

    def not_pole(x):
        return ~((x <= 0) & (x == np.floor(x)))

    with_domain = {
        "log": (lambda x: x >= 0, np.log),
        "log1p": (lambda x: x >= -1, np.log1p),
        "sqrt": (lambda x: x >= 0, np.sqrt),
        "gamma": (not_pole, _scipy("gamma")),
        "loggamma": (lambda x: x >= 0, _scipy("gammaln")),
        "ndtri": (lambda x: (x >= 0) & (x <= 1), _scipy("ndtri")),
        "asin": (lambda x: np.abs(x) <= 1, np.arcsin),
        "acos": (lambda x: np.abs(x) <= 1, np.arccos),
        "digamma": (not_pole, _scipy("psi")),
        "trigamma": (not_pole, lambda x: _scipy("polygamma")(1, x)),
    }
    table = {
        "exp": np.exp,
        "expm1": np.expm1,
        "erf": _scipy("erf"),
        "erfc": _scipy("erfc"),
        "tanh": np.tanh,
        "Phi": _scipy("ndtr"),
        "npdf": lambda x: _INV_SQRT_2PI * np.exp(-0.5 * x * x),
        "atan": np.arctan,
        "besseli0": _scipy("i0"),
        "besseli1": _scipy("i1"),
        "besseli": lambda x, n: _scipy("iv")(n, x),
        "owens_t": lambda h, a: _scipy("owens_t")(h, a),
    }

    def gammainc(name, fn):
        def f(a, x):
            a, x = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
            if not np.all((a > 0) & (x >= 0)):
                raise DomainViolation(f"{name} of arrays with points outside its domain (a > 0, x >= 0)")
            return fn(a, x)

        return f

    table["gammainc_lower"] = gammainc("gammainc_lower", _scipy("gammainc"))
    table["gammainc_upper"] = gammainc("gammainc_upper", _scipy("gammaincc"))
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
        "gamma": checked("gamma", mpmath.gamma, lambda x: not _is_pole(x)),
        "loggamma": checked("loggamma", mpmath.loggamma, lambda x: x > 0),
        "ndtri": checked("ndtri", _mp_ndtri, lambda x: 0 < x < 1),
        "atan": mpmath.atan,
        "asin": checked("asin", mpmath.asin, lambda x: -1 <= x <= 1),
        "acos": checked("acos", mpmath.acos, lambda x: -1 <= x <= 1),
        "besseli0": lambda x: mpmath.besseli(0, x),
        "besseli1": lambda x: mpmath.besseli(1, x),
        "besseli": lambda x, n: mpmath.besseli(n, x),
        "digamma": checked("digamma", mpmath.digamma, lambda x: not _is_pole(x)),
        "trigamma": checked("trigamma", lambda x: mpmath.psi(1, x), lambda x: not _is_pole(x)),
        "gammainc_lower": _mp_gammainc(False),
        "gammainc_upper": _mp_gammainc(True),
        "owens_t": _mp_owens_t,
    }


def _mp_ndtri(p):
    """Phi^-1(p) at the working precision: Newton's method on Phi from sqrt 2 erfinv(2p - 1),
    through erfc in the lower tail (no cancellation in 2p - 1 for tiny p)."""
    import mpmath

    if p > 0.5:
        return -_mp_ndtri(1 - p)
    with mpmath.workprec(mpmath.mp.prec + 20):
        y = mpmath.sqrt(2) * mpmath.erfinv(2 * p - 1) if p > 1e-10 else -mpmath.sqrt(-2 * mpmath.log(p))
        for _ in range(200):
            f = mpmath.erfc(-y / mpmath.sqrt(2)) / 2 - p
            step = f / (mpmath.exp(-y * y / 2) / mpmath.sqrt(2 * mpmath.pi))
            y -= step
            if abs(step) <= abs(y) * mpmath.mpf(2) ** (-mpmath.mp.prec - 10):
                break
    return +y


def _mp_gammainc(upper):
    def f(a, x):
        import mpmath

        if not (a > 0 and x >= 0):
            raise DomainViolation(f"{'gammainc_upper' if upper else 'gammainc_lower'}({a}, {x})")
        if upper:
            return mpmath.gammainc(a, x, mpmath.inf, regularized=True)
        return mpmath.gammainc(a, 0, x, regularized=True)

    return f


def _mp_owens_t(h, a):
    """T(h, a) by mpmath quadrature (not rigorous: the mpf kind never is), Owen's identity for
    |a| > 1 keeps the range of integration within [0, 1]."""
    import mpmath

    if a < 0:
        return -_mp_owens_t(h, -a)
    h = abs(h)
    if a == 0:
        return mpmath.mpf(0)
    if a <= 1:
        return mpmath.quad(lambda t: mpmath.exp(-h * h * (1 + t * t) / 2) / (1 + t * t), [0, a]) / (2 * mpmath.pi)
    ah = a * h
    ph, pah = mpmath.ncdf(h), mpmath.ncdf(ah)
    return (ph + pah) / 2 - ph * pah - _mp_owens_t(ah, 1 / a)


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
        "gamma": sympy.gamma,
        "loggamma": sympy.loggamma,
        "ndtri": lambda p: sympy.sqrt(2) * sympy.erfinv(2 * p - 1),
        "atan": sympy.atan,
        "asin": sympy.asin,
        "acos": sympy.acos,
        "besseli0": lambda x: sympy.besseli(0, x),
        "besseli1": lambda x: sympy.besseli(1, x),
        "besseli": lambda x, n: sympy.besseli(n, x),
        "digamma": sympy.digamma,
        "trigamma": lambda x: sympy.polygamma(1, x),
        "gammainc_lower": lambda a, x: sympy.lowergamma(a, x) / sympy.gamma(a),
        "gammainc_upper": lambda a, x: sympy.uppergamma(a, x) / sympy.gamma(a),
        "owens_t": _sympy_owens_t,
    }


def _sympy_owens_t(h, a):
    """Owen's T as its defining integral (sympy has no Owen's T): sympy can then evaluate
    T(0, a) = atan(a)/(2 pi) and T(h, 0) = 0 exactly."""
    import sympy

    t = sympy.Dummy("t", real=True)
    return sympy.Integral(sympy.exp(-(h**2) * (1 + t**2) / 2) / (1 + t**2), (t, 0, a)) / (2 * sympy.pi)


_MP = None
_SYMPY = None


def kind_name(raw) -> str:
    """'float', 'array', 'mpf', 'sympy', or the class name of a kind with its own methods."""
    t = type(raw)
    name = _KIND_OF_TYPE.get(t)
    if name is None:
        name = _kind_name(raw)
        if len(_KIND_OF_TYPE) < 256:
            _KIND_OF_TYPE[t] = name
    return name


# the kind depends only on the type of the value (every test of _kind_name is one of its type)
_KIND_OF_TYPE: dict = {}


def _kind_name(raw) -> str:
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


def apply(name: str, raw, *params):
    """``name`` (one of :data:`FUNCTIONS`, or of :data:`INTERNAL` with its ``params``, such as
    the order n of ``besseli``) evaluated on the raw value ``raw``."""
    global _NP, _MP, _SYMPY
    method = getattr(raw, name, None)
    if method is not None and callable(method) and not isinstance(raw, (float, int, np.ndarray)):
        kn = kind_name(raw)
        if kn not in ("mpf", "sympy"):
            return method(*params)
    kn = kind_name(raw)
    if kn == "float":
        return _FLOAT[name](float(raw), *params)
    if kn == "array":
        if _NP is None:
            _NP = _np_funcs()
        return _NP[name](np.asarray(raw, dtype=float), *params)
    if kn == "mpf":
        if _MP is None:
            _MP = _mp_funcs()
        return _MP[name](raw, *params)
    if kn == "sympy":
        if _SYMPY is None:
            _SYMPY = _sympy_funcs()
        return _SYMPY[name](raw, *params)
    raise TypeError(f"{name}() does not accept {type(raw).__name__}")


# the kinds with methods, most general first: two operands are made alike by lifting the less
# general one (an exact number, a scalar Interval into a batch, any value into a Dual's tag)
_METHOD_KINDS = ("Dual", "Series", "IntervalArray", "Interval")
_PLAIN = ("sympy", "mpf", "array", "float")


def apply2(name: str, a, b):
    """``name`` (one of :data:`FUNCTIONS2`) at the two raw values ``a``, ``b`` (numbers, or
    values of one kind, or of two kinds of which one lifts into the other: an exact number into
    any kind, a scalar Interval into a batch, any value into a Dual as a constant)."""
    global _NP, _MP, _SYMPY
    ka, kb = kind_name(a), kind_name(b)
    for k in _METHOD_KINDS:
        if ka == k or kb == k:
            if k == "Dual":
                if ka != "Dual":
                    b, a = b._align(a)  # a: a constant of b's perturbations
                return getattr(a, name)(b)
            if k == "Series":
                raise TypeError(f"{name}() has no Taylor model (it cannot be used inside integral())")
            if ka != k:
                a = _lift_to(a, b)
            return getattr(a, name)(b)
    for k in _PLAIN:
        if ka == k or kb == k:
            a, b = _plain_like(a, k), _plain_like(b, k)
            if k == "float":
                return _FLOAT[name](float(a), float(b))
            if k == "array":
                if _NP is None:
                    _NP = _np_funcs()
                return _NP[name](np.asarray(a, dtype=float), np.asarray(b, dtype=float))
            if k == "mpf":
                if _MP is None:
                    _MP = _mp_funcs()
                return _MP[name](a, b)
            if _SYMPY is None:
                _SYMPY = _sympy_funcs()
            return _SYMPY[name](a, b)
    raise TypeError(f"{name}() does not accept {type(a).__name__} and {type(b).__name__}")


def _lift_to(value, like):
    """``value`` (an exact number, or a scalar Interval when ``like`` is a batch) in the kind of
    ``like``, rigorously."""
    maker = getattr(type(like), "point_like", None)
    if maker is not None:
        return maker(like, value)
    from .interval import Interval

    return Interval.point(value)


def _plain_like(value, kind):
    """An exact number (or a value of a less general plain kind) in the plain kind ``kind``."""
    if kind_name(value) == kind:
        return value
    if kind in ("float", "array"):
        return float(value)
    if kind == "mpf":
        import mpmath

        q = Fraction(value)
        return mpmath.mpf(q.numerator) / q.denominator
    import sympy

    q = Fraction(value)  # a float: its exact binary value
    return sympy.Rational(q.numerator, q.denominator)


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
