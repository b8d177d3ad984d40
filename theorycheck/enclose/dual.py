"""Forward-mode automatic differentiation over any kind of number.

A :class:`Dual` carries a value and its gradient with respect to the claim's variables. Over
intervals, the gradient components are interval enclosures of the partial derivatives over the
whole box, which is what the prover needs for the mean-value form and monotonicity arguments.

**Tags (no perturbation confusion).** Every seeding of perturbations gets a fresh *tag*, an int
taken from one increasing counter: the prover's :func:`seed_variables`, each level of its nested
duals (Hessians, higher derivatives) and each call of ``d(fn, var)``. A Dual's value and gradient
parts may themselves be Duals, but only of *older* (smaller) tags, so a nest of Duals is a
polynomial in independent infinitesimals e_t (e_t**2 = 0), one per tag, the newest outermost.
An operation between Duals of different tags treats the older one as a constant coefficient of
the newer: it is lifted to the newer tag with gradient 0, which is exactly the statement
d/de_new (u) = 0 for a u that does not involve e_new. Reading d/de_t off a result takes only the
tag-t component (:func:`tangent`); a result whose tag is older than t does not involve e_t and
its derivative is 0. Without tags, two seedings that meet (``d(lambda t: t * y, "t")(x)`` while the
prover differentiates in x and y) would add their gradient slots position by position, the
*perturbation confusion* of Siskind and Pearlmutter ("Nesting forward-mode AD in a functional
framework", 2008): d/dt (t * y) would come out as x + y instead of y, and false bounds on it
would be proved.

``abs``, ``min`` and ``max`` are not differentiable everywhere; where the box straddles a kink we
return the hull of the one-sided derivatives. That hull encloses Clarke's generalised gradient,
and Lebourg's mean-value theorem (f(x) - f(c) = g . (x - c) for some g in the generalised
gradient at a point between) makes the mean-value form sound for such locally Lipschitz bodies.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from . import kinds

__all__ = ["Dual", "seed_variables", "new_tag", "tangent"]

_TAGS = itertools.count(1)


import contextvars

# tag -> where a Clarke hull stood in for a derivative of that perturbation (True, or a bool mask
# per batch element): there the function may have no derivative. The prover's own gradients may
# use hulls (Lebourg's mean-value theorem), but d() promises a derivative, so d() reads this.
_KINKS: contextvars.ContextVar = contextvars.ContextVar("theorycheck_kinks", default=None)


def _note_kink(tag, where=True):
    kinks = _KINKS.get()
    if kinks is None or where is False:
        return
    if isinstance(where, np.ndarray):
        if not where.any():
            return
        old = kinks.get(tag, False)
        kinks[tag] = where if old is False else (True if old is True else np.asarray(old) | where)
    else:
        kinks[tag] = True


def _may_vanish(v):
    """Where abs's argument may be 0 (its enclosure reaches 0): there |v| may have no
    derivative, even where one branch serves a box (|t| on [0, 1] is t there, but has no
    derivative at 0). True/False for a scalar, a mask for a batch."""
    lo = getattr(v, "lo", None)
    if isinstance(lo, np.ndarray):
        return np.asarray((lo <= 0) & (v.hi >= 0))
    from .interval import Interval

    if isinstance(v, Interval):
        return bool(v.lo <= 0 <= v.hi)
    return False


def new_tag() -> int:
    """A tag newer than every tag handed out so far (one per seeding of perturbations)."""
    return next(_TAGS)


def _gadd(a, b):
    if isinstance(a, int) and a == 0:
        return b
    if isinstance(b, int) and b == 0:
        return a
    return a + b


def _gscale(s, g):
    if isinstance(g, int) and g == 0:
        return 0
    return s * g


def _point_like(value, like):
    """An exact number made in the kind of ``like`` (enclosed when not representable)."""
    return kinds.exact_in_kind(value, like)


def _sign_hull(v):
    """An enclosure of d|v|/dv: 1 where v >= 0 on the whole set, -1 where v <= 0, else [-1, 1]."""
    from .interval import Interval

    if isinstance(v, Dual):
        return _nested_sign(v)
    if isinstance(v, Interval):
        if v.lo == 0 and v.hi == 0:
            # v = 0 on the whole set (a point on the kink, as at a Taylor anchor): both branches
            # meet here, and a segment leaving the point may follow either, so Clarke's hull
            return Interval(-1, 1)
        if v.lo >= 0:
            return 1
        if v.hi <= 0:
            return -1
        return Interval(-1, 1)
    lo = getattr(v, "lo", None)
    if isinstance(lo, np.ndarray):
        hi = v.hi
        zero = (lo == 0) & (hi == 0)  # on the kink on the whole set: Clarke's hull, as above
        slo = np.where((lo >= 0) & ~zero, 1.0, -1.0)  # NaN (undefined) compares false: the hull
        shi = np.where((hi <= 0) & ~(lo >= 0), -1.0, 1.0)
        return type(v)(slo, shi)
    kn = kinds.kind_name(v)
    if kn == "array":
        return np.sign(v)
    if kn == "sympy":
        import sympy

        return sympy.sign(v)
    return 1 if v > 0 else (-1 if v < 0 else 0)


def _certainly_le(a, b):
    """True/False where a <= b certainly holds / certainly fails; None when undecided.
    For batch kinds returns boolean arrays (le, ge) packed as a tuple."""
    from .interval import Interval

    if isinstance(a, Interval) or isinstance(b, Interval):
        a = a if isinstance(a, Interval) else Interval.point(a)
        b = b if isinstance(b, Interval) else Interval.point(b)
        if a.lo == a.hi == b.lo == b.hi:
            # a tie on the whole set (a point on the kink, as at a Taylor anchor): either side
            # may be picked along a segment leaving it, so neither is certain
            return None
        if a.hi <= b.lo:
            return True
        if b.hi <= a.lo:
            return False
        return None
    return None


class Dual:
    """value + gradient in the perturbations of one tag; arithmetic and functions follow the
    chain rule. ``Dual(val, grad)`` takes a fresh tag (a new seeding); results of operations keep
    the tag of their operands (see the module docstring)."""

    __slots__ = ("val", "grad", "tag")
    __array_ufunc__ = None  # numpy defers to our reflected operators (float64 * Dual, array + Dual)

    def __init__(self, val, grad, tag=None):
        if tag is None:
            tag = next(_TAGS)
        elif isinstance(val, Dual) and val.tag >= tag:
            raise ValueError(f"a Dual of tag {tag} cannot hold a value of the newer tag {val.tag}")
        self.val = val
        self.grad = tuple(grad)
        self.tag = tag

    # -- constants ---------------------------------------------------------------------------
    @classmethod
    def const_pi(cls, like: "Dual") -> "Dual":
        return cls(kinds.constant("pi", like.val), (0,) * len(like.grad), like.tag)

    @classmethod
    def point_like(cls, like: "Dual", value) -> "Dual":
        return cls(_point_like(value, like.val), (0,) * len(like.grad), like.tag)

    def _lift(self, other):
        """``other`` (not a Dual of this tag) as a constant of this tag: gradient 0."""
        if isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            other = _point_like(other, self.val)
        return Dual(other, (0,) * len(self.grad), self.tag)

    def _align(self, other):
        """(self, other) as two Duals of one tag, the newer of theirs: the older side (or a
        plain number) is a constant coefficient of the newer perturbation."""
        if isinstance(other, Dual):
            t = other.tag
            if t == self.tag:
                return self, other
            if t < self.tag:
                return self, Dual(other, (0,) * len(self.grad), self.tag)
            return Dual(self, (0,) * len(other.grad), t), other
        return self, self._lift(other)

    # -- arithmetic ------------------------------------------------------------------------
    def __add__(self, other):
        a, o = self._align(other)
        return Dual(a.val + o.val, map(_gadd, a.grad, o.grad), a.tag)

    __radd__ = __add__

    def __sub__(self, other):
        a, o = self._align(other)
        return Dual(a.val - o.val, (_gadd(x, _gscale(-1, y)) for x, y in zip(a.grad, o.grad)), a.tag)

    def __rsub__(self, other):
        a, o = self._align(other)
        return o - a

    def __neg__(self):
        return Dual(-self.val, (_gscale(-1, g) for g in self.grad), self.tag)

    def __pos__(self):
        return self

    def __mul__(self, other):
        a, o = self._align(other)
        return Dual(
            a.val * o.val,
            (_gadd(_gscale(a.val, y), _gscale(o.val, x)) for x, y in zip(a.grad, o.grad)),
            a.tag,
        )

    __rmul__ = __mul__

    def __truediv__(self, other):
        a, o = self._align(other)
        q = a.val / o.val
        inv = 1 / o.val
        return Dual(q, (_gscale(inv, _gadd(x, _gscale(-q, y))) for x, y in zip(a.grad, o.grad)), a.tag)

    def __rtruediv__(self, other):
        a, o = self._align(other)
        return o / a

    def __pow__(self, n):
        if isinstance(n, Dual):
            return (self.log() * n).exp()
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if isinstance(n, int) and not isinstance(n, bool):
            if n == 0:
                return Dual(self.val**0, (0,) * len(self.grad), self.tag)
            d = n * self.val ** (n - 1) if n != 1 else 1
            return Dual(self.val**n, (_gscale(d, g) for g in self.grad), self.tag)
        if isinstance(n, (float, Fraction)):
            q = Fraction(n)
            if q == Fraction(1, 2):
                return self.sqrt()
            return (self.log() * _point_like(q, self.val)).exp()
        # an exponent of another kind (an interval, a sympy number, ...): a constant
        return (self.log() * n).exp()

    def __abs__(self):
        s = _sign_hull(self.val)
        if kinds.kind_name(self.val) == "sympy":
            import sympy

            if sympy.sympify(self.val).is_zero:  # sign(0) = 0 is no derivative of |v| at 0
                _note_kink(self.tag)
        else:
            _note_kink(self.tag, _may_vanish(self.val))
        return Dual(abs(self.val), (_gscale(s, g) for g in self.grad), self.tag)

    def minimum(self, other):
        return self._pick(other, kinds.minimum, take_self_when_le=True)

    def maximum(self, other):
        return self._pick(other, kinds.maximum, take_self_when_le=False)

    def _pick(self, other, fn, take_self_when_le):
        a, o = self._align(other)
        if isinstance(o.val, Dual) and not isinstance(a.val, Dual):
            val = fn(o.val, a.val)  # min and max are symmetric; let the Dual side dispatch
        else:
            val = fn(a.val, o.val)
        if isinstance(a.val, Dual) or isinstance(o.val, Dual):
            return Dual(val, _nested_pick(a, o, take_self_when_le), a.tag)
        if kinds.kind_name(a.val) == "array" or kinds.kind_name(o.val) == "array":  # search
            mask = (a.val <= o.val) if take_self_when_le else (o.val <= a.val)
            return Dual(val, (np.where(mask, x, y) for x, y in zip(a.grad, o.grad)), a.tag)
        lo = getattr(a.val, "lo", None)
        if isinstance(lo, np.ndarray) or isinstance(getattr(o.val, "lo", None), np.ndarray):
            grads = tuple(_batch_pick(a.val, o.val, x, y, take_self_when_le) for x, y in zip(a.grad, o.grad))
            _note_kink(a.tag, _batch_unpicked(a.val, o.val, a.grad, o.grad))
            return Dual(val, grads, a.tag)
        le = _certainly_le(a.val, o.val)
        if _may_tie(a.val, o.val) and any(not _same_gradient(x, y) for x, y in zip(a.grad, o.grad)):
            _note_kink(a.tag)
        if le is None:
            kn = kinds.kind_name(a.val)
            if kn in ("float", "mpf"):
                le = bool(a.val <= o.val)
            else:
                return Dual(val, (_hull(x, y, a.val) for x, y in zip(a.grad, o.grad)), a.tag)
        mine = le if take_self_when_le else not le
        return Dual(val, a.grad if mine else o.grad, a.tag)

    # -- functions ---------------------------------------------------------------------------
    def _chain(self, value, derivative):
        return Dual(value, (_gscale(derivative, g) for g in self.grad), self.tag)

    def exp(self):
        e = kinds.apply("exp", self.val)
        return self._chain(e, e)

    def expm1(self):
        return self._chain(kinds.apply("expm1", self.val), kinds.apply("exp", self.val))

    def log(self):
        return self._chain(kinds.apply("log", self.val), 1 / self.val)

    def log1p(self):
        return self._chain(kinds.apply("log1p", self.val), 1 / (self.val + 1))

    def sqrt(self):
        s = kinds.apply("sqrt", self.val)
        return self._chain(s, 1 / (2 * s))

    def _two_over_sqrt_pi(self):
        return 2 / kinds.apply("sqrt", kinds.constant("pi", self.val))

    def erf(self):
        d = self._two_over_sqrt_pi() * kinds.apply("exp", -(self.val**2))
        return self._chain(kinds.apply("erf", self.val), d)

    def erfc(self):
        d = self._two_over_sqrt_pi() * kinds.apply("exp", -(self.val**2))
        return self._chain(kinds.apply("erfc", self.val), -d)

    def tanh(self):
        t = kinds.apply("tanh", self.val)
        return self._chain(t, 1 - t**2)

    def Phi(self):
        return self._chain(kinds.apply("Phi", self.val), kinds.apply("npdf", self.val))

    def npdf(self):
        n = kinds.apply("npdf", self.val)
        return self._chain(n, -self.val * n)


    # -- special functions (derivative formulas; domains as in the value's kind) -------------
    def gamma(self):
        """Gamma' = Gamma psi (psi = digamma); psi' = trigamma, psi^(n)' = psi^(n+1)
        (:meth:`polygamma`): derivatives of every order."""
        g = kinds.apply("gamma", self.val)
        return self._chain(g, g * kinds.apply("digamma", self.val))

    def loggamma(self):
        """(log Gamma)' = psi."""
        return self._chain(kinds.apply("loggamma", self.val), kinds.apply("digamma", self.val))

    def digamma(self):
        return self._chain(kinds.apply("digamma", self.val), kinds.apply("trigamma", self.val))

    def trigamma(self):
        return self._chain(kinds.apply("trigamma", self.val), _polygamma(self.val, 2))

    def polygamma(self, n):
        """psi^(n)' = psi^(n+1): derivatives of every order of gamma and loggamma."""
        return self._chain(_polygamma(self.val, n), _polygamma(self.val, n + 1))

    def ndtri(self):
        """(Phi^-1)'(p) = 1/npdf(Phi^-1(p)): undefined where npdf vanishes, i.e. never inside (0, 1)."""
        y = kinds.apply("ndtri", self.val)
        return self._chain(y, 1 / kinds.apply("npdf", y))

    def atan(self):
        """atan' = 1/(1 + x^2)."""
        return self._chain(kinds.apply("atan", self.val), 1 / (1 + self.val**2))

    def asin(self):
        """asin' = 1/sqrt(1 - x^2): not defined at x = +-1, where asin has no derivative."""
        return self._chain(kinds.apply("asin", self.val), 1 / kinds.apply("sqrt", 1 - self.val**2))

    def acos(self):
        """acos' = -1/sqrt(1 - x^2)."""
        return self._chain(kinds.apply("acos", self.val), -1 / kinds.apply("sqrt", 1 - self.val**2))

    def besseli(self, n):
        """I_0' = I_1 and I_n' = (I_(n-1) + I_(n+1))/2 for n >= 1 (derivatives of every order)."""
        v = kinds.apply("besseli", self.val, n)
        if n == 0:
            d = kinds.apply("besseli", self.val, 1)
        else:
            d = (kinds.apply("besseli", self.val, n - 1) + kinds.apply("besseli", self.val, n + 1)) / 2
        return self._chain(v, d)

    def besseli0(self):
        return self.besseli(0)

    def besseli1(self):
        return self.besseli(1)

    def _two(self, other, value, d_self, d_other):
        """A function of (self, other): its value and the chain rule with the partial derivatives
        made lazily (``d_self()``, ``d_other()``), only when that side has a nonzero gradient."""
        a, o = self._align(other)
        v = value(a.val, o.val)
        need_a = any(not (isinstance(g, int) and g == 0) for g in a.grad)
        need_o = any(not (isinstance(g, int) and g == 0) for g in o.grad)
        da = d_self(a.val, o.val) if need_a else 0
        do = d_other(a.val, o.val) if need_o else 0
        return Dual(v, (_gadd(_gscale(da, x), _gscale(do, y)) for x, y in zip(a.grad, o.grad)), a.tag)

    def gammainc_lower(self, x):
        """P(a, x), a = self: dP/dx = exp((a - 1) log x - x - loggamma(a)) (not defined on a box
        reaching x = 0, where for a < 1 it is infinite); dP/da <= 0 (P decreases in a), which is
        all the interval kinds enclose ([-inf, 0]); the point kinds differentiate numerically
        (mpmath) or symbolically (sympy)."""
        return self._two(x, lambda a, z: kinds.apply2("gammainc_lower", a, z),
                         lambda a, z: _dgammainc_da(a, z, upper=False),
                         lambda a, z: _dgammainc_dx(a, z))

    def gammainc_upper(self, x):
        """Q(a, x) = 1 - P(a, x): the negated derivatives of :meth:`gammainc_lower`."""
        return self._two(x, lambda a, z: kinds.apply2("gammainc_upper", a, z),
                         lambda a, z: _dgammainc_da(a, z, upper=True),
                         lambda a, z: -_dgammainc_dx(a, z))

    def owens_t(self, a):
        """T(h, a), h = self: dT/dh = -npdf(h) erf(a h/sqrt 2)/2, dT/da = exp(-h^2 (1 + a^2)/2) /
        (2 pi (1 + a^2)) (both smooth everywhere: derivatives of every order)."""
        return self._two(a, lambda h, s: kinds.apply2("owens_t", h, s), _dowens_dh, _dowens_da)

    def __bool__(self):
        raise TypeError("a Dual has no truth value")

    def __repr__(self):
        return f"Dual({self.val!r}, {self.grad!r}, tag={self.tag})"


def tangent(value, tag, k=0):
    """The k-th gradient component of ``value`` in the perturbations of ``tag``: 0 (the int)
    when ``value`` is a plain number or a Dual of an older tag, which cannot involve them."""
    if isinstance(value, Dual):
        if value.tag == tag:
            return value.grad[k]
        if value.tag > tag:
            raise ValueError(f"a Dual of tag {value.tag} escaped the derivative of tag {tag}")
    return 0


def _bottom(v):
    """The plain value under a nest of Duals (the function's value, no derivative part)."""
    while isinstance(v, Dual):
        v = v.val
    return v


def _nested_sign(v):
    """d|v|/dv for a ``v`` that carries derivatives of its own (nested Duals): |.| is then
    differentiated again, and its derivative sign(v) has no enclosable derivative where v may
    vanish (a Dirac there), so we answer only where the sign of v is certain on the whole set
    (there |v| = v or -v identically, and every derivative of |v| is that of +-v)."""
    b = _bottom(v)
    kn = kinds.kind_name(b)
    if kn in ("float", "mpf"):  # search: a point value, not a proof
        return 1 if b > 0 else (-1 if b < 0 else 0)
    if kn == "array":  # search on a batch of points
        return np.sign(b)
    s = _sign_hull(b)
    if isinstance(s, int):
        return s
    lo = getattr(s, "lo", None)
    if isinstance(lo, np.ndarray) and np.all(lo == s.hi):
        return s
    from .interval import NotEnclosed

    raise NotEnclosed("abs() of a nested derivative where its argument may vanish: no second derivative there")


def _nested_pick(a, o, take_self_when_le):
    """The gradient of min/max(a, b) for Duals whose values carry derivatives of their own.

    Only a side that is certainly picked on the whole set (per box of a batch) gives derivatives:
    there min/max is that side identically. Where both may be picked, the kink's second
    derivative is a Dirac and nothing encloses it, so we raise (the prover then does without)."""
    x, y = _bottom(a.val), _bottom(o.val)
    kn = kinds.kind_name(x)
    kny = kinds.kind_name(y)
    if kn in ("float", "mpf") and kny in ("float", "mpf"):  # search: a point
        le = bool(x <= y)
        return a.grad if le == take_self_when_le else o.grad
    if "array" in (kn, kny):  # search on a batch of points
        pick_a = np.asarray((x <= y) if take_self_when_le else (y <= x))
        return tuple(_select(pick_a, ga, gb, exact=False) for ga, gb in zip(a.grad, o.grad))
    if isinstance(getattr(x, "lo", None), np.ndarray) or isinstance(getattr(y, "lo", None), np.ndarray):
        le, ge = _certain_sides(x, y)
        pick_a = le if take_self_when_le else ge
        pick_o = ge if take_self_when_le else le
        pick_a, pick_o = np.broadcast_arrays(pick_a, pick_o)
        if not np.all(pick_a | pick_o):
            from .interval import NotEnclosed

            raise NotEnclosed("min/max of nested derivatives where either side may be picked: no second derivative there")
        if np.all(pick_a):
            return a.grad
        if np.all(pick_o):
            return o.grad
        return tuple(_select(pick_a, ga, gb) for ga, gb in zip(a.grad, o.grad))
    le = _certainly_le(x, y)
    if le is None:
        from .interval import NotEnclosed

        raise NotEnclosed("min/max of nested derivatives where either side may be picked: no second derivative there")
    return a.grad if le == take_self_when_le else o.grad


def _select(mask, a, b, exact=True):
    """Per element of a batch: ``a`` where ``mask``, else ``b`` (through nests of Duals); the
    leaves are interval batches (``exact``) or float arrays (search)."""
    if isinstance(a, Dual) or isinstance(b, Dual):
        tag = max(v.tag for v in (a, b) if isinstance(v, Dual))
        n = len((a if isinstance(a, Dual) and a.tag == tag else b).grad)
        a = a if isinstance(a, Dual) and a.tag == tag else Dual(a, (0,) * n, tag)
        b = b if isinstance(b, Dual) and b.tag == tag else Dual(b, (0,) * n, tag)
        return Dual(_select(mask, a.val, b.val, exact), (_select(mask, x, y, exact) for x, y in zip(a.grad, b.grad)), tag)
    if isinstance(a, int) and isinstance(b, int) and a == b:
        return a
    if not exact:
        return np.where(mask, a, b)
    from .batch import IntervalArray

    al, ah = _outward_bounds(a)
    bl, bh = _outward_bounds(b)
    # _trusted: an undefined (NaN) element stays NaN, as the batch kind keeps it
    return IntervalArray._trusted(np.where(mask, al, bl), np.where(mask, ah, bh))


def _outward_bounds(v):
    """Float end points enclosing ``v`` (an exact int, a scalar Interval, a batch)."""
    from .interval import Interval

    if isinstance(v, Interval):
        return v.float_bounds()
    if isinstance(v, (int, Fraction)) and not isinstance(v, bool):
        from .batch import IntervalArray

        p = IntervalArray.point_like(None, v)
        return p.lo, p.hi
    return _bounds(v)


def _hull(a, b, like):
    if isinstance(a, int):
        a = _point_like(a, like)
    if isinstance(b, int):
        b = _point_like(b, like)
    return a.hull(b)


def _certain_sides(x, y):
    """Per element of a batch: (x certainly <= y, x certainly >= y) on the whole set. A tie of
    two equal points (a point on the kink, as at a Taylor anchor) is neither: a segment leaving
    it may follow either side."""
    xl, xh = _bounds(x)
    yl, yh = _bounds(y)
    tie = (xl == xh) & (yl == yh) & (xl == yl)
    return (xh <= yl) & ~tie, (yh <= xl) & ~tie


def _batch_pick(x, y, ga, gb, take_self_when_le):
    """Per element: the gradient of the side that is certainly picked, else the hull of both."""
    cls = type(x) if isinstance(getattr(x, "lo", None), np.ndarray) else type(y)
    le, ge = _certain_sides(x, y)
    pick_x = le if take_self_when_le else ge
    pick_y = ge if take_self_when_le else le
    al, ah = _bounds(ga)
    bl, bh = _bounds(gb)
    al, ah, bl, bh = np.broadcast_arrays(al, ah, bl, bh)
    lo = np.where(pick_x, al, np.where(pick_y, bl, np.minimum(al, bl)))
    hi = np.where(pick_x, ah, np.where(pick_y, bh, np.maximum(ah, bh)))
    # an undefined (NaN) gradient part becomes the whole line: an enclosure that claims nothing;
    # the decoration is the picked side's, or both sides' where the hull is taken
    da, db = _defined(ga, lo.shape), _defined(gb, lo.shape)
    defined = np.where(pick_x, da, np.where(pick_y, db, da & db)) & ~np.isnan(lo) & ~np.isnan(hi)
    out = cls(np.where(np.isnan(lo), -np.inf, lo), np.where(np.isnan(hi), np.inf, hi))
    return out._with_defined(defined) if hasattr(out, "_with_defined") else out


def _same_gradient(x, y) -> bool:
    """Two gradient components that are certainly the same exact number (a tie of min/max
    whose sides have equal derivatives is no kink: max(t, t))."""
    if isinstance(x, int) and isinstance(y, int):
        return x == y
    try:
        xl, xh = _bounds(x)
        yl, yh = _bounds(y)
        return bool(np.all((xl == xh) & (yl == yh) & (xl == yl)))
    except Exception:
        return False


def _may_tie(x, y) -> bool:
    """The two sides of a min/max may be equal somewhere (their enclosures meet): a kink of the
    derivative may sit there (for interval kinds; floats and sympy answer at their point)."""
    from .interval import Interval

    if isinstance(x, Interval) or isinstance(y, Interval):
        x = x if isinstance(x, Interval) else Interval.point(x)
        y = y if isinstance(y, Interval) else Interval.point(y)
        return bool(x.lo <= y.hi and y.lo <= x.hi)
    if kinds.kind_name(x) == "sympy" or kinds.kind_name(y) == "sympy":
        import sympy

        return bool(sympy.simplify(sympy.sympify(x) - sympy.sympify(y)) == 0)
    return False


def _batch_unpicked(x, y, ga, gb):
    """Per element: the sides of a min/max may meet (a kink may sit in the box), and their
    gradients differ."""
    xl, xh = _bounds(x)
    yl, yh = _bounds(y)
    undecided = (xl <= yh) & (yl <= xh)
    differ = np.zeros(np.shape(undecided), dtype=bool)
    for u, v in zip(ga, gb):
        if isinstance(u, int) and isinstance(v, int):
            if u != v:
                differ |= True
            continue
        ul, uh = _bounds(u)
        vl, vh = _bounds(v)
        differ |= ~((ul == uh) & (vl == vh) & (ul == vl))
    return np.asarray(undecided & differ)


def _defined(v, shape):
    return np.broadcast_to(np.asarray(getattr(v, "defined", True), dtype=bool), shape)


def _bounds(v):
    if isinstance(v, (int, float)):
        return np.asarray(float(v)), np.asarray(float(v))
    return np.asarray(v.lo), np.asarray(v.hi)


def _polygamma(v, n):
    """psi^(n)(v) on any kind: :mod:`.polygamma` for the interval kinds, the chain rule for a
    Dual, else scipy (floats, arrays; a pole is a domain violation), mpmath or sympy. (Not in
    :mod:`.kinds` or :mod:`.interval`, whose sources enter the claims' certificate hashes.)"""
    kn = kinds.kind_name(v)
    if kn == "Dual":
        return v.polygamma(n)
    if kn == "Interval":
        from .polygamma import interval_polygamma

        return interval_polygamma(v, n)
    if kn == "IntervalArray":
        from .polygamma import array_polygamma

        return array_polygamma(v, n)
    if kn == "mpf":
        import mpmath

        if kinds._is_pole(v):
            raise kinds.DomainViolation(f"polygamma({n}, {v}) (a pole)")
        return mpmath.psi(n, v)
    if kn == "sympy":
        import sympy

        return sympy.polygamma(n, v)
    if kn in ("float", "array"):
        from scipy import special

        x = np.asarray(v, dtype=float)
        if np.any(np.isnan(x) | ((x <= 0) & (x == np.floor(x)))):
            raise kinds.DomainViolation(f"polygamma({n}, .) at a pole")
        out = special.polygamma(n, x)
        return float(out) if kn == "float" else out
    raise TypeError(f"polygamma() does not accept {type(v).__name__}")


def seed_variables(values):
    """Duals for independent variables: the i-th has gradient e_i (exact ints 0 and 1), all of
    one fresh tag (one seeding)."""
    n = len(values)
    tag = next(_TAGS)
    return [Dual(v, tuple(1 if j == i else 0 for j in range(n)), tag) for i, v in enumerate(values)]


# -- partial derivatives of the two-argument special functions -------------------------------


def _dgammainc_dx(a, x):
    return kinds.apply("exp", (a - 1) * kinds.apply("log", x) - x - kinds.apply("loggamma", a))


def _dgammainc_da(a, x, upper):
    """dP/da (dQ/da = -dP/da) at raw values: a sign-only enclosure on the interval kinds (P is
    the CDF of the Gamma(a, 1) law, stochastically increasing in a); numerical (mpmath) on the
    point kinds, symbolic on sympy."""
    from .interval import Interval, NotEnclosed

    if isinstance(a, Dual) or isinstance(x, Dual):
        raise NotEnclosed("no second derivative in the order a of the incomplete gamma functions")
    kn = (kinds.kind_name(a), kinds.kind_name(x))
    inf = float("inf")
    if "IntervalArray" in kn:
        from .batch import IntervalArray

        shape = np.broadcast_shapes(np.shape(getattr(a, "lo", 0.0)), np.shape(getattr(x, "lo", 0.0)))
        lo, hi = np.full(shape, -inf), np.zeros(shape)
        return IntervalArray._trusted(-hi, -lo) if upper else IntervalArray._trusted(lo, hi)
    if "Interval" in kn:
        return Interval(0, inf) if upper else Interval(-inf, 0)
    if "sympy" in kn:
        import sympy

        s = sympy.Dummy("s")
        f = sympy.lowergamma(s, x) / sympy.gamma(s)
        d = sympy.diff(f, s).subs(s, a)
        return -d if upper else d
    import mpmath

    if "array" in kn:
        a_arr, x_arr = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(x, dtype=float))
        out = np.array([float(mpmath.diff(lambda s: mpmath.gammainc(s, 0, xi, regularized=True), ai))
                        for ai, xi in zip(a_arr.ravel(), x_arr.ravel())]).reshape(a_arr.shape)
    else:
        out = mpmath.diff(lambda s: mpmath.gammainc(s, 0, x, regularized=True), a)
        if "mpf" not in kn:
            out = float(out)
    return -out if upper else out


def _dowens_dh(h, a):
    sqrt2 = kinds.apply("sqrt", kinds.exact_in_kind(2, h))
    return -kinds.apply("npdf", h) * kinds.apply("erf", a * h / sqrt2) / 2


def _dowens_da(h, a):
    u = 1 + a**2
    return kinds.apply("exp", -(h**2) * u / 2) / (2 * kinds.constant("pi", h) * u)
