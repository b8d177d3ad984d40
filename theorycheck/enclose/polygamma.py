"""psi^(n), the polygamma functions of order n >= 1, on the interval kinds: the derivatives of
trigamma, so that gamma and loggamma have derivatives of every order in the dual kind
(:func:`theorycheck.enclose.dual._polygamma`).

Kept apart from :mod:`.interval` and :mod:`.batch` on purpose: the source of the module of the
functions a claim reaches enters its certificate hash (:mod:`theorycheck.kernel.hashing`), and
an edit there would void every committed certificate that uses them.
"""

from __future__ import annotations

import math

import numpy as np
from flint import arb

from .interval import INF, DomainError, Interval, _down, _is_inf, _sign, _up, working_precision


def interval_polygamma(x: Interval, n: int) -> Interval:
    """psi^(n)(x) for an integer n >= 1: psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x) (DLMF 5.15.2,
    Hurwitz zeta). On (0, inf) zeta(n + 1, .) = sum_k (k + .)^-(n+1) decreases, so the image lies
    between the end values (0 at +inf); on a negative gap between poles Arb's ball of the whole
    interval encloses it. The pole rules of :meth:`Interval.gamma`: an interval holding a pole
    is not defined (enclosure: the whole line), a single pole raises :class:`DomainError`."""
    n = int(n)
    if n < 1:
        raise ValueError("polygamma needs an order n >= 1")
    gap = x._pole_gap()
    if gap == "pole":
        if x.is_point():
            raise DomainError(f"polygamma({n}) at the pole {x}")
        return Interval(-INF, INF, _trusted=True, _defined=False)
    scale = arb(math.factorial(n)) * (1 if n % 2 else -1)

    def at(e):
        return arb(n + 1).zeta(e) * scale

    if _sign(x._lo) > 0:
        a = arb(0) if _is_inf(x._hi) else at(x._hi)
        b = at(x._lo)
        first, second = (a, b) if n % 2 else (b, a)
        return Interval(_down(first), _up(second), _trusted=True, _defined=x._def)
    v = at(arb.union(x._lo, x._hi))
    if not v.is_finite():
        return Interval(-INF, INF, _trusted=True, _defined=x._def)
    return Interval(_down(v), _up(v), _trusted=True, _defined=x._def)


def array_polygamma(x, n: int):
    """:func:`interval_polygamma` element by element of an IntervalArray (each element's ends are
    doubles, exact rationals), at 128 bits, rounded outward to doubles; a pole element (a single
    point) is NaN, certainly undefined."""
    from .batch import IntervalArray

    lo_in = np.asarray(x.lo, dtype=float).reshape(-1)
    hi_in = np.asarray(x.hi, dtype=float).reshape(-1)
    defined = np.broadcast_to(x.defined, np.shape(x.lo)).reshape(-1)
    lo, hi = np.empty(len(lo_in)), np.empty(len(lo_in))
    ok = np.ones(len(lo_in), dtype=bool)
    with working_precision(128):
        for i, (a, b) in enumerate(zip(lo_in, hi_in)):
            if math.isnan(a) or math.isnan(b):
                lo[i] = hi[i] = np.nan
                ok[i] = False
                continue
            iv = Interval(a, b)
            if not defined[i]:
                iv = Interval(iv._lo, iv._hi, _trusted=True, _defined=False)
            try:
                r = interval_polygamma(iv, n)
            except DomainError:
                lo[i] = hi[i] = np.nan
                ok[i] = False
                continue
            lo[i], hi[i] = r.float_bounds()
            ok[i] = r.defined
    return IntervalArray._trusted(lo, hi, np.shape(x.lo), None if ok.all() else ok)
