"""Forward-mode automatic differentiation over any kind of number.

A :class:`Dual` carries a value and its gradient with respect to the claim's variables. Over
intervals, the gradient components are interval enclosures of the partial derivatives over the
whole box, which is what the prover needs for the mean-value form and monotonicity arguments.

``abs``, ``min`` and ``max`` are not differentiable everywhere; where the box straddles a kink we
return the hull of the one-sided derivatives. That hull encloses Clarke's generalised gradient,
and Lebourg's mean-value theorem (f(x) - f(c) = g . (x - c) for some g in the generalised
gradient at a point between) makes the mean-value form sound for such locally Lipschitz bodies.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from . import kinds

__all__ = ["Dual", "seed_variables"]


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

    if isinstance(v, Interval):
        if v.lo >= 0:
            return 1
        if v.hi <= 0:
            return -1
        return Interval(-1, 1)
    lo = getattr(v, "lo", None)
    if isinstance(lo, np.ndarray):
        hi = v.hi
        slo = np.where(lo >= 0, 1.0, -1.0)  # NaN (undefined) compares false: the hull [-1, 1]
        shi = np.where(hi <= 0, -1.0, 1.0)
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
        if a.hi <= b.lo:
            return True
        if b.hi <= a.lo:
            return False
        return None
    return None


class Dual:
    """value + gradient; arithmetic and functions follow the chain rule."""

    __slots__ = ("val", "grad")

    def __init__(self, val, grad):
        self.val = val
        self.grad = tuple(grad)

    # -- constants ---------------------------------------------------------------------------
    @classmethod
    def const_pi(cls, like: "Dual") -> "Dual":
        return cls(kinds.constant("pi", like.val), (0,) * len(like.grad))

    @classmethod
    def point_like(cls, like: "Dual", value) -> "Dual":
        return cls(_point_like(value, like.val), (0,) * len(like.grad))

    def _lift(self, other):
        if isinstance(other, Dual):
            return other
        if isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            return Dual(_point_like(other, self.val), (0,) * len(self.grad))
        return Dual(other, (0,) * len(self.grad))

    # -- arithmetic ------------------------------------------------------------------------
    def __add__(self, other):
        o = self._lift(other)
        return Dual(self.val + o.val, map(_gadd, self.grad, o.grad))

    __radd__ = __add__

    def __sub__(self, other):
        o = self._lift(other)
        return Dual(self.val - o.val, (_gadd(a, _gscale(-1, b)) for a, b in zip(self.grad, o.grad)))

    def __rsub__(self, other):
        return self._lift(other) - self

    def __neg__(self):
        return Dual(-self.val, (_gscale(-1, g) for g in self.grad))

    def __pos__(self):
        return self

    def __mul__(self, other):
        o = self._lift(other)
        return Dual(
            self.val * o.val,
            (_gadd(_gscale(self.val, b), _gscale(o.val, a)) for a, b in zip(self.grad, o.grad)),
        )

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = self._lift(other)
        q = self.val / o.val
        inv = 1 / o.val
        return Dual(q, (_gscale(inv, _gadd(a, _gscale(-q, b))) for a, b in zip(self.grad, o.grad)))

    def __rtruediv__(self, other):
        return self._lift(other) / self

    def __pow__(self, n):
        if isinstance(n, Dual):
            return (self.log() * n).exp()
        if isinstance(n, float) and n.is_integer():
            n = int(n)
        if isinstance(n, int):
            if n == 0:
                return Dual(self.val**0, (0,) * len(self.grad))
            d = n * self.val ** (n - 1) if n != 1 else 1
            return Dual(self.val**n, (_gscale(d, g) for g in self.grad))
        q = Fraction(n)
        if q == Fraction(1, 2):
            return self.sqrt()
        return (self.log() * _point_like(q, self.val)).exp()

    def __abs__(self):
        s = _sign_hull(self.val)
        return Dual(abs(self.val), (_gscale(s, g) for g in self.grad))

    def minimum(self, other):
        return self._pick(other, kinds.minimum, take_self_when_le=True)

    def maximum(self, other):
        return self._pick(other, kinds.maximum, take_self_when_le=False)

    def _pick(self, other, fn, take_self_when_le):
        o = self._lift(other)
        val = fn(self.val, o.val)
        lo = getattr(self.val, "lo", None)
        if isinstance(lo, np.ndarray) or isinstance(getattr(o.val, "lo", None), np.ndarray):
            return Dual(val, (_batch_pick(self.val, o.val, a, b, take_self_when_le) for a, b in zip(self.grad, o.grad)))
        le = _certainly_le(self.val, o.val)
        if le is None:
            kn = kinds.kind_name(self.val)
            if kn in ("float", "mpf"):
                le = bool(self.val <= o.val)
            else:
                return Dual(val, (_hull(a, b, self.val) for a, b in zip(self.grad, o.grad)))
        mine = le if take_self_when_le else not le
        return Dual(val, self.grad if mine else o.grad)

    # -- functions ---------------------------------------------------------------------------
    def _chain(self, value, derivative):
        return Dual(value, (_gscale(derivative, g) for g in self.grad))

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

    def __bool__(self):
        raise TypeError("a Dual has no truth value")

    def __repr__(self):
        return f"Dual({self.val!r}, {self.grad!r})"


def _hull(a, b, like):
    if isinstance(a, int) and a == 0:
        a = _point_like(0, like)
    if isinstance(b, int) and b == 0:
        b = _point_like(0, like)
    return a.hull(b)


def _batch_pick(x, y, ga, gb, take_self_when_le):
    """Per element: the gradient of the side that is certainly picked, else the hull of both."""
    cls = type(x) if isinstance(getattr(x, "lo", None), np.ndarray) else type(y)
    xl, xh = _bounds(x)
    yl, yh = _bounds(y)
    le = xh <= yl  # x certainly <= y
    ge = yh <= xl  # x certainly >= y
    pick_x = le if take_self_when_le else ge
    pick_y = ge if take_self_when_le else le
    al, ah = _bounds(ga)
    bl, bh = _bounds(gb)
    al, ah, bl, bh = np.broadcast_arrays(al, ah, bl, bh)
    lo = np.where(pick_x, al, np.where(pick_y, bl, np.minimum(al, bl)))
    hi = np.where(pick_x, ah, np.where(pick_y, bh, np.maximum(ah, bh)))
    # an undefined (NaN) gradient part becomes the whole line: an enclosure that claims nothing
    return cls(np.where(np.isnan(lo), -np.inf, lo), np.where(np.isnan(hi), np.inf, hi))


def _bounds(v):
    if isinstance(v, (int, float)):
        return np.asarray(float(v)), np.asarray(float(v))
    return np.asarray(v.lo), np.asarray(v.hi)


def seed_variables(values):
    """Duals for independent variables: the i-th has gradient e_i (exact ints 0 and 1)."""
    n = len(values)
    return [Dual(v, tuple(1 if j == i else 0 for j in range(n))) for i, v in enumerate(values)]
