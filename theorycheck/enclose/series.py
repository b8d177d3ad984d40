"""Truncated Taylor series in one or several *tagged* variables, with Arb ball coefficients.

A :class:`Series` is ``f(c + t) = sum_alpha a_alpha t^alpha`` truncated per variable, where each
variable ``t_v`` carries a *tag* (one per call of :func:`theorycheck.integral`: its integration
variable). Evaluating a body on ``Series.variable(c, n, tag)`` where ``c`` is a ball gives, for
every coefficient, a ball that contains that Taylor coefficient of the body at *every* point of
the ball: that is what the rigorous quadrature of :mod:`theorycheck.integral` needs for its
Lagrange remainders.

Why tags (issue 12, kind 7). In a nested integral ``integral(lambda t: integral(lambda s: s*t,
0, 1), 0, 1)`` the integrand of the inner integral sees *two* series: the outer variable ``t``
(a series in ``tau``) and its own ``s`` (a series in ``sigma``). Multiplying them as if they were
series in the same variable (``(c_s + x)(c_t + x)``) is the "perturbation confusion" of forward
AD (Siskind & Pearlmutter): the inner result loses its dependence on ``t`` and the enclosure is
wrong (1/3 instead of 1/4). Here each variable keeps its tag; two series with different tags
combine into a series in both (a product of ``sigma`` and ``tau`` is the monomial
``sigma tau``), so the inner integral returns a series in ``tau`` whose coefficients are the
integrals of the corresponding coefficients: d^k/dt^k of the integral is the integral of the
d^k/dt^k of the integrand (smooth integrand, compact range).

Representation: the tags are sorted increasingly (an outer integral's tag is smaller than any
inner one's), ``orders[i]`` is the number of known coefficients in ``tags[i]``; ``data`` is a
list (indexed by the degree in ``tags[0]``) of the data of the remaining tags, and the last tag's
data is a python-flint ``arb_series``. Truncation is per variable (a "box" of multi-indices),
which is what the Lagrange remainder of each integral needs (all degrees < n in its own variable
for every degree of the others).

Functions of a series in several variables are composed from their one-variable Taylor
coefficients: ``h(g) = sum_{k <= K} h_k(g_0) (g - g_0)^k`` with ``g_0`` the constant term (a
ball) and ``h_k`` the k-th Taylor coefficient of ``h`` at (every point of) ``g_0``, exact up to
the truncation because ``(g - g_0)^k`` has no term of degree below ``k`` in total, and ``K``
is the largest total degree kept. A non-finite coefficient (log of a ball reaching 0, ...) is
kept as is: the quadrature treats a non-finite coefficient as "not known", never as small.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
from fractions import Fraction

import flint
from flint import arb, arb_series, fmpq

from .interval import Interval

__all__ = ["Series", "series_length", "new_tag", "Branches", "branches"]

_TAGS = itertools.count(1)

# (issue 15) the branch chooser of abs/min/max on series; None: they raise
_BRANCH = contextvars.ContextVar("theorycheck_series_branch", default=None)


class Branches:
    """Which side of each kink ``abs(u)``, ``min(a, b)``, ``max(a, b)`` the body takes, call after
    call (a body is straight-line: the same calls in the same order on every evaluation).

    A call whose argument ``u`` (``a - b``) has a constant term -- its enclosure over the whole
    ball -- certainly >= 0 or certainly <= 0 takes that side: there the function *is* that
    branch. Otherwise the call is *open*: it takes ``script``'s next sign, or +1 beyond the
    script (``self.short`` is then set). At every point of the ball the body equals the body
    with the true signs, one of the sign vectors of its open calls: so a bound shown for every
    such branch holds for the body. ``replay`` (a recorded ``taken`` list) reproduces every
    choice, forced ones included, in another evaluation of the same branch (its value at a
    point, where the forced signs are the ball's).

    Only series in the body's own variables (``tag``: one tag, or a tuple of them) take a
    branch: inside an integral the sign may change along the integration variable, and the
    integral of the body is the integral of no single branch, so a kink there still raises."""

    def __init__(self, tag, script=(), replay=None):
        self.tag = tag
        self.tags = frozenset(tag if isinstance(tag, tuple) else (tag,))
        self.script = list(script)
        self.replay = None if replay is None else list(replay)
        self.taken: list = []  # every call's sign, in order
        self.open: list = []  # indices (into taken) of the calls no sign was shown for
        self.short = False

    def owns(self, tags) -> bool:
        return set(tags) <= self.tags

    def choose(self, c, what) -> int:
        k = len(self.taken)
        if self.replay is not None:
            if k >= len(self.replay):
                raise ValueError("the replayed body took more kinks than recorded")
            sign = self.replay[k]
        elif c.is_finite() and c >= 0:
            sign = 1
        elif c.is_finite() and c <= 0:
            sign = -1
        else:
            j = len(self.open)
            self.open.append(k)
            if j < len(self.script):
                sign = self.script[j]
            else:
                sign = 1
                self.short = True
        self.taken.append(sign)
        return sign


@contextlib.contextmanager
def branches(chooser):
    """abs/min/max of series follow ``chooser`` (a :class:`Branches`) inside the block."""
    token = _BRANCH.set(chooser)
    try:
        yield chooser
    finally:
        _BRANCH.reset(token)


def new_tag() -> int:
    """A fresh variable tag, larger than every tag made before (inner integrals are made after
    the outer ones, so an integral's own variable has the largest tag of any series it sees)."""
    return next(_TAGS)


def _ball(value):
    """An Arb ball holding an Interval, an exact number, or an arb."""
    if isinstance(value, arb):
        return value
    if isinstance(value, Interval):
        if not value.is_finite():
            raise ValueError("a Taylor series needs finite coefficients")
        lo, hi = value._lo, value._hi
        return arb.union(lo, hi) if not bool(lo == hi) else lo
    if isinstance(value, bool):
        raise TypeError("bool is not a number")
    if isinstance(value, int):
        return arb(value)
    if isinstance(value, float):
        return arb(value)
    if isinstance(value, Fraction):
        return arb(fmpq(value.numerator, value.denominator))
    raise TypeError(f"cannot combine {type(value).__name__} with a Taylor series")


@contextlib.contextmanager
def series_length(n: int):
    """python-flint truncates series results to ``ctx.cap`` terms: raise it to ``n``."""
    old = flint.ctx.cap
    flint.ctx.cap = max(old, n)
    try:
        yield
    finally:
        flint.ctx.cap = old


# -- nested data helpers (orders: a tuple, one entry per tag; leaves: arb_series) ----------------


def _zero(orders):
    if len(orders) == 1:
        return arb_series([], prec=orders[0])
    return [_zero(orders[1:]) for _ in range(orders[0])]


def _const(c: arb, orders):
    if not orders:
        return c
    if len(orders) == 1:
        return arb_series([c], prec=orders[0])
    return [_const(c, orders[1:])] + [_zero(orders[1:]) for _ in range(orders[0] - 1)]


def _map2(f, a, b, depth):
    if depth == 1:
        return f(a, b)
    return [_map2(f, x, y, depth - 1) for x, y in zip(a, b)]


def _map1(f, a, depth):
    if depth == 1:
        return f(a)
    return [_map1(f, x, depth - 1) for x in a]


def _mul(a, b, orders):
    if len(orders) == 1:
        return a * b
    n = orders[0]
    rest = orders[1:]
    out = [None] * n
    for k in range(n):
        acc = None
        for i in range(k + 1):
            term = _mul(a[i], b[k - i], rest)
            acc = term if acc is None else _map2(lambda x, y: x + y, acc, term, len(rest))
        out[k] = acc
    return out


def _drop_constant(a, depth):
    """The data ``a`` with its constant term (degree 0 in every tag) replaced by an exact 0."""
    if depth == 1:
        cs = list(a.coeffs())
        return arb_series([arb(0)] + cs[1:], prec=a.prec) if cs else arb_series([], prec=a.prec)
    return [_drop_constant(a[0], depth - 1)] + list(a[1:])


def _leaves(a, depth):
    if depth == 1:
        yield a
    else:
        for x in a:
            yield from _leaves(x, depth - 1)


def _constant_term(a, depth):
    while depth > 1:
        a = a[0]
        depth -= 1
    cs = a.coeffs()
    return cs[0] if cs else arb(0)


def _promote(data, tags, orders, to_tags, to_orders):
    """``data`` (over ``tags``) as data over the superset ``to_tags``."""
    if not to_tags:
        return data  # a scalar
    if not tags or tags[0] != to_tags[0]:
        # data does not depend on to_tags[0]: it is the degree-0 entry
        inner = _promote(data, tags, orders, to_tags[1:], to_orders[1:])
        if len(to_tags) == 1:
            c = inner
            return arb_series([c], prec=to_orders[0])
        return [inner] + [_zero(to_orders[1:]) for _ in range(to_orders[0] - 1)]
    if len(to_tags) == 1:
        cs = data.coeffs()[: to_orders[0]]
        return arb_series(cs, prec=to_orders[0])
    n = to_orders[0]
    parts = list(data.coeffs()) if len(tags) == 1 else data  # a leaf: its coefficients are scalars
    items = [_promote(d, tags[1:], orders[1:], to_tags[1:], to_orders[1:]) for d in parts[:n]]
    items += [_zero(to_orders[1:]) for _ in range(n - len(items))]
    return items


class Series:
    """A truncated Taylor series in tagged variables; see the module docstring."""

    __slots__ = ("tags", "orders", "data")

    def __init__(self, tags, orders, data):
        self.tags = tuple(tags)
        self.orders = tuple(orders)
        self.data = data

    @property
    def n(self) -> int:
        return max(self.orders)

    @classmethod
    def variable(cls, centre, n: int, tag: int | None = None) -> "Series":
        """The series of the identity around ``centre`` (a ball): centre + t, t of tag ``tag``."""
        if tag is None:
            tag = new_tag()
        return cls((tag,), (n,), arb_series([_ball(centre), arb(1)], prec=n))

    # -- making operands alike ------------------------------------------------------------------
    def _with(self, tags, orders) -> "Series":
        if tags == self.tags and orders == self.orders:
            return self
        return Series(tags, orders, _promote(self.data, self.tags, self.orders, tags, orders))

    def _align(self, other):
        """(self, other) as series over the same tags; other may be a number or an Interval."""
        if not isinstance(other, Series):
            c = _ball(other)
            return self, Series(self.tags, self.orders, _const(c, self.orders))
        if other.tags == self.tags and other.orders == self.orders:
            return self, other
        order_of = {}
        for t, n in itertools.chain(zip(self.tags, self.orders), zip(other.tags, other.orders)):
            order_of[t] = min(order_of.get(t, n), n)
        tags = tuple(sorted(order_of))
        orders = tuple(order_of[t] for t in tags)
        return self._with(tags, orders), other._with(tags, orders)

    @classmethod
    def const_pi(cls, like: "Series") -> "Series":
        return cls(like.tags, like.orders, _const(arb.pi(), like.orders))

    @classmethod
    def point_like(cls, like: "Series", value) -> "Series":
        return cls(like.tags, like.orders, _const(_ball(value), like.orders))

    # -- reading coefficients -------------------------------------------------------------------
    def constant_term(self) -> arb:
        return _constant_term(self.data, len(self.tags))

    def is_finite(self) -> bool:
        """Every coefficient is a finite ball (no NaN, no infinite radius)."""
        for leaf in _leaves(self.data, len(self.tags)):
            for c in leaf.coeffs():
                if not c.is_finite():
                    return False
        return True

    def coefficient(self, k: int, tag: int | None = None):
        """The coefficient of degree ``k`` in ``tag`` (the last, i.e. innermost, tag by default):
        an arb when that is the only variable, else a Series in the other tags. An error (never
        a silent 0) when the series is known to fewer than k + 1 terms in that variable."""
        if tag is None:
            tag = self.tags[-1]
        if tag != self.tags[-1]:
            raise ValueError("a coefficient is taken in the innermost variable only")
        if k >= self.orders[-1]:
            raise ValueError(f"series known to {self.orders[-1]} terms only, coefficient {k} requested")

        def pick(leaf):
            if k >= leaf.prec:  # truncated by python-flint's ctx.cap: never read as 0
                raise ValueError(f"series known to {leaf.prec} terms only, coefficient {k} requested")
            cs = leaf.coeffs()
            return cs[k] if k < len(cs) else arb(0)

        if len(self.tags) == 1:
            return pick(self.data)
        depth = len(self.tags)

        def down(d, level):
            if level == depth - 2:  # lists of leaves: become one leaf in tags[-2]
                return arb_series([pick(leaf) for leaf in d], prec=self.orders[-2])
            return [down(x, level + 1) for x in d]

        return Series(self.tags[:-1], self.orders[:-1], down(self.data, 0))

    def map_coefficients(self, f) -> "Series":
        """Apply ``f`` (arb -> arb) to every coefficient (a linear functional of the coefficient
        functions, such as integration, acts coefficient by coefficient)."""
        depth = len(self.tags)

        def leaf(s):
            n = s.prec
            cs = list(s.coeffs()) + [arb(0)] * (n - len(s.coeffs()))
            return arb_series([f(c) for c in cs], prec=n)

        return Series(self.tags, self.orders, _map1(leaf, self.data, depth))

    def constant_radius(self) -> float:
        """The radius of the constant term as a float (+inf when it is not finite); a splitting
        heuristic only, never part of an enclosure."""
        c = self.constant_term()
        return float(c.rad()) if c.is_finite() else float("inf")

    # -- arithmetic -----------------------------------------------------------------------------
    def __add__(self, o):
        a, b = self._align(o)
        return Series(a.tags, a.orders, _map2(lambda x, y: x + y, a.data, b.data, len(a.tags)))

    __radd__ = __add__

    def __sub__(self, o):
        a, b = self._align(o)
        return Series(a.tags, a.orders, _map2(lambda x, y: x - y, a.data, b.data, len(a.tags)))

    def __rsub__(self, o):
        a, b = self._align(o)
        return Series(a.tags, a.orders, _map2(lambda x, y: y - x, a.data, b.data, len(a.tags)))

    def __mul__(self, o):
        if not isinstance(o, Series):
            c = _ball(o)
            return Series(self.tags, self.orders, _map1(lambda x: x * c, self.data, len(self.tags)))
        a, b = self._align(o)
        return Series(a.tags, a.orders, _mul(a.data, b.data, a.orders))

    __rmul__ = __mul__

    def __truediv__(self, o):
        if not isinstance(o, Series):
            c = _ball(o)
            return Series(self.tags, self.orders, _map1(lambda x: x / c, self.data, len(self.tags)))
        a, b = self._align(o)
        return a * b.reciprocal()

    def __rtruediv__(self, o):
        return self.reciprocal() * o

    def reciprocal(self) -> "Series":
        return self._compose(lambda s: 1 / s)

    def __neg__(self):
        return Series(self.tags, self.orders, _map1(lambda x: -x, self.data, len(self.tags)))

    def __pos__(self):
        return self

    def __pow__(self, k):
        if isinstance(k, int) and k >= 0:
            out = Series.point_like(self, 1)
            base = self
            while k:
                if k & 1:
                    out = out * base
                k >>= 1
                if k:
                    base = base * base
            return out
        if isinstance(k, int):
            return (self ** (-k)).reciprocal()
        if isinstance(k, Series):
            return (self.log() * k).exp()
        return (self.log() * _ball(k)).exp()

    def __rpow__(self, base):
        return (self * _ball(base).log()).exp() if not isinstance(base, Series) else base ** self

    def __abs__(self):
        """|u| is analytic where u keeps one sign: under :func:`branches` the chooser says which
        (u where u >= 0 on the whole ball, -u where u <= 0; where neither is shown, one *branch*
        of the body); without it, abs raises (no Taylor series through its kink)."""
        pick = _BRANCH.get()
        if pick is None or not pick.owns(self.tags):  # (never inside an integral: see Branches)
            raise TypeError("abs is not analytic: no Taylor series through its kink")
        return self if pick.choose(self.constant_term(), "abs") > 0 else -self

    # -- functions ------------------------------------------------------------------------------
    def _compose(self, h) -> "Series":
        """h(self) for h acting on one-variable arb_series (see the module docstring)."""
        if len(self.tags) == 1:
            return Series(self.tags, self.orders, h(self.data))
        g0 = self.constant_term()
        K = sum(n - 1 for n in self.orders) + 1  # total degrees 0 .. K-1 can be nonzero
        with series_length(K):
            hs = h(arb_series([g0, arb(1)], prec=K))
            coeffs = list(hs.coeffs()) + [arb(0)] * (K - len(hs.coeffs()))
        # the part of self without its constant term: exactly 0 there (self - g0 would leave
        # g0 - g0, twice g0's radius, which on a wide ball spoils every coefficient)
        d = Series(self.tags, self.orders, _drop_constant(self.data, len(self.tags)))
        out = Series.point_like(self, coeffs[K - 1])
        for k in range(K - 2, -1, -1):
            out = out * d + coeffs[k]
        return out

    def exp(self):
        return self._compose(lambda s: s.exp())

    def expm1(self):
        return self._compose(lambda s: s.exp() - 1)

    def log(self):
        return self._compose(lambda s: s.log())

    def log1p(self):
        return self._compose(lambda s: (s + 1).log())

    def sqrt(self):
        return self._compose(lambda s: s.sqrt())

    def erf(self):
        return self._compose(lambda s: s.erf())

    def erfc(self):
        return self._compose(lambda s: s.erfc())

    def tanh(self):
        """tanh by its Taylor coefficients at the constant term c0 (a ball): t_0 = tanh(c0) and
        t' = 1 - t^2, i.e. (k + 1) t_(k+1) = [k = 0] - sum_(i <= k) t_i t_(k-i), each a
        polynomial in the ball t_0, so it holds at every point of c0. (The quotient
        (e^2s - 1)/(e^2s + 1) doubled the radius at every order on a wide ball.)"""
        return self._compose(lambda s: _taylor_compose(s, _tanh_coefficients(_first(s), s.prec)))

    def Phi(self):
        return self._compose(lambda s: (-s / arb(2).sqrt()).erfc() / 2)

    def npdf(self):
        return self._compose(lambda s: (-(s * s) / 2).exp() / (2 * arb.pi()).sqrt())


    # special functions with Arb series (arb_series.gamma, .lgamma, .atan, .asin, .acos); a
    # centre ball reaching a pole or beyond the domain gives non-finite coefficients ("not known")
    def gamma(self):
        """Gamma = exp(log Gamma) on a ball c0 > 0 (:func:`_lgamma_coefficients`); elsewhere Arb's
        own series (non-finite at a pole). On a wide ball Arb's series is much wider: on
        8.93 +/- 0.09 its coefficients 0..3 have radii 1.5e4, 4.1e4, 5.8e4, 6.3e4; these 6.7e3
        (the range itself: [2.87e4, 4.21e4]), 1.5e4, 1.7e4, 1.3e4."""
        def g(s):
            cs = _lgamma_coefficients(_first(s), s.prec)
            return s.gamma() if cs is None else _taylor_compose(s, cs).exp()

        return self._compose(g)

    def loggamma(self):
        def lg(s):
            cs = _lgamma_coefficients(_first(s), s.prec)
            return s.lgamma() if cs is None else _taylor_compose(s, cs)

        return self._compose(lg)

    def atan(self):
        return self._compose(lambda s: s.atan())

    def asin(self):
        return self._compose(lambda s: s.asin())

    def acos(self):
        return self._compose(lambda s: s.acos())

    def besseli(self, n):
        """I_n by its Taylor coefficients at the constant term c0 (a ball): I_n^(k) =
        2^-k sum_j C(k, j) I_(n-k+2j) (from I_m' = (I_(m-1) + I_(m+1))/2, I_-m = I_m), each an Arb
        ball evaluation on c0, which holds the coefficient at every point of c0."""
        return self._compose(lambda s: _taylor_compose(s, _besseli_coefficients(n, _first(s), s.prec)))

    def besseli0(self):
        return self.besseli(0)

    def besseli1(self):
        return self.besseli(1)

    def ndtri(self):
        """Phi^-1 by its Taylor coefficients at the constant term c0: y0 = ndtri(c0) enclosed over
        the ball c0 (Interval.ndtri; not finite unless c0 lies in (0, 1)), then Picard's iteration
        of y' = sqrt(2 pi) exp(y^2/2) in series (each pass fixes one more coefficient), every
        coefficient a polynomial in the ball y0, so it holds at every point of c0."""
        return self._compose(lambda s: _taylor_compose(s, _ndtri_coefficients(_first(s), s.prec)))

    def _no_series(self, *args):
        raise TypeError("gammainc_lower, gammainc_upper and owens_t have no Taylor model: they cannot be "
                        "used inside integral()")

    gammainc_lower = gammainc_upper = owens_t = _no_series

    def _pick(self, other, sign, what):
        pick = _BRANCH.get()
        if pick is None:
            raise TypeError(f"{what} is not analytic")
        other = other if isinstance(other, Series) else Series.point_like(self, other)
        diff = self - other
        if not pick.owns(diff.tags):  # (never inside an integral: see Branches)
            raise TypeError(f"{what} is not analytic")
        # choose() says +1 where self - other >= 0 on the whole ball (or on this branch)
        ge = pick.choose(diff.constant_term(), what) > 0
        return self if ge == (sign > 0) else other

    def minimum(self, other):
        return self._pick(other, -1, "min")

    def maximum(self, other):
        return self._pick(other, 1, "max")

    def __bool__(self):
        raise TypeError("a Series has no truth value")

    def __repr__(self):
        return f"Series(tags={self.tags}, orders={self.orders})"


# -- Taylor coefficients of the special functions without an arb_series method -------------------


def _first(s) -> arb:
    cs = s.coeffs()
    return cs[0] if cs else arb(0)


def _taylor_compose(s, coeffs):
    """sum_k coeffs[k] (s - s0)^k, s0 the constant term of the arb_series ``s``: exact up to the
    truncation, since s - s0 has no constant term. At each point of the ball s0 the value there
    is v0 and the series is v0 + (s - s0), whose terms of degree >= 1 are s's own: so s - s0 is
    taken with an exact 0 constant term (not s0 - s0, twice its radius)."""
    n = s.prec
    d = arb_series([arb(0)] + list(s.coeffs())[1:], prec=n)  # s - s0 with an exact 0 constant term
    out = arb_series([coeffs[n - 1]], prec=n)
    for k in range(n - 2, -1, -1):
        out = out * d + coeffs[k]
    return arb_series(list(out.coeffs())[:n], prec=n)


def _lgamma_coefficients(c: arb, count: int):
    """Taylor coefficients of log Gamma at every point of the ball c, when c > 0 (else None):
    l_0 = log Gamma(c) and l_1 = psi(c) by the Interval enclosures (end points of the monotone
    pieces: tight on a wide ball), l_k = (-1)^k zeta(k, c) / k for k >= 2 (DLMF 5.15.1 with
    psi^(k-1) = (-1)^k (k-1)! zeta(k, .)), where the Hurwitz zeta(k, a) = sum_n (n + a)^-k
    decreases in a > 0: its range over c lies between its values at the two ends."""
    if not c.is_finite():
        return None
    iv = Interval._from_ball(c)
    lo, hi = iv._lo, iv._hi
    if not (lo > 0):
        return None
    out = [_ball(iv.loggamma()), _ball(iv.digamma())][:count]
    for k in range(2, count):
        z = arb(k).zeta(lo) if bool(lo == hi) else arb.union(arb(k).zeta(hi), arb(k).zeta(lo))
        out.append(z / k if k % 2 == 0 else -z / k)
    return out


def _tanh_coefficients(c: arb, count: int) -> list:
    t = [c.tanh()]
    for k in range(count - 1):
        acc = sum((t[i] * t[k - i] for i in range(k + 1)), arb(0))
        t.append(((1 if k == 0 else 0) - acc) / (k + 1))
    return t


def _besseli_coefficients(n: int, c: arb, count: int) -> list:
    from math import comb, factorial

    values = {}

    def I(m):
        m = abs(m)
        if m not in values:
            values[m] = c.bessel_i(m)
        return values[m]

    out = []
    for k in range(count):
        total = sum((comb(k, j) * I(n - k + 2 * j) for j in range(k + 1)), arb(0))
        out.append(total / (arb(2) ** k * factorial(k)))
    return out


def _ndtri_coefficients(c: arb, count: int) -> list:
    from .interval import DomainError

    try:
        iv = Interval._from_ball(c).ndtri() if c.is_finite() else None
    except DomainError:
        iv = None
    if iv is None or not iv.defined or not iv.is_finite():
        return [arb.nan()] * count
    y0 = _ball(iv)
    root = (2 * arb.pi()).sqrt()
    y = arb_series([y0], prec=count)
    for _ in range(count):
        rhs = (y * y / 2).exp() * root
        y = arb_series([y0] + list(rhs.integral().coeffs())[1:count], prec=count)
    cs = list(y.coeffs()) + [arb(0)] * count
    return cs[:count]
