"""Rigorous intervals in batches: many boxes at once, with numpy and exact directed rounding.

An :class:`IntervalArray` is a batch of closed intervals ``[lo[i], hi[i]]`` stored as two float64
numpy arrays. Every operation returns a batch that provably contains the image of each element, so
it is the prover's fast enclosure path: it evaluates an expression on ten thousand boxes in the time
the scalar Arb :class:`~theorycheck.enclose.interval.Interval` takes for a few hundred.

How the end points stay rigorous without changing the FPU rounding mode:

* ``+ - * /`` and ``sqrt`` compute the round-to-nearest result ``r`` and the exact sign of the
  error ``exact - r`` by an error-free transformation (Knuth's TwoSum, Dekker's TwoProduct with
  Veltkamp splitting, the exact remainder ``a - q*b`` for a quotient, ``m - s*s`` for a square
  root). The directed result is ``r`` itself when the error is zero or already on the safe side,
  else ``r`` moved by one ulp. This *is* directed rounding, so exact operations stay exact
  (``1 - 1`` is ``0``, ``0.5 * 2`` is ``1``) and inexact ones are as tight as a hardware rounding
  mode would make them. Where the transformation could lose exactness (results near underflow,
  overflow anywhere), the operands are rescaled by exact powers of two (``frexp``), which keeps
  the rounding exact there too, including subnormal results and overflow to infinity.
* ``exp`` reduces ``x = k ln2 + j/64 + t`` with ``0 <= t <= 1/64`` (each step rounded towards the
  wanted side), takes ``e^(j/64)`` from a table of Arb-verified bounds and ``e^t`` from a Taylor
  polynomial whose Lagrange remainder is folded into the last coefficient, and scales by ``2^k``
  with a rounding-aware ``ldexp``. Every quantity on the way is positive and every operation is
  increasing in its operands, so rounding all of them in one direction bounds the result in that
  direction.
* ``log``/``log1p`` take numpy's candidate and *verify* it with the rigorous ``exp``/``expm1``;
  ``erf``/``erfc``/``Phi`` use the alternating Maclaurin series (|x| < 1), the positive-term
  series (1 <= |x| < 2) or the Laplace continued fraction (whose successive convergents bracket
  the value); ``tanh`` and ``expm1`` are built on the above.
  Elements that no fast path covers are evaluated by Arb one by one.

Each function is monotone (``npdf`` is monotone in ``x^2``), so an interval's image is bounded by
the function at its end points, each end point evaluated towards its own side.

Decoration (IEEE 1788's idea, one bit per element, the same rules as the scalar
:class:`~theorycheck.enclose.interval.Interval`; see its module docstring for why they are sound):

* :attr:`IntervalArray.defined` is True at an element iff every operation that produced it was
  defined at every point of its operands' elements (division and reciprocal: 0 not in the
  divisor; log: lo > 0; log1p: lo > -1; sqrt: lo >= 0; ``x**n``, n < 0: 0 not in x; ``x**q``,
  q a non-integer rational: lo >= 0 for q > 0, lo > 0 for q < 0; ``x**y`` through exp(y log x):
  x > 0). Stored as None while every element is defined, so the fast path costs nothing.
* an element whose operand lies *wholly* outside the domain (``log`` of ``[-2, -1]``, ``x / [0,
  0]``, ``[0, 0]**-1``) is certainly undefined: both ends are NaN and ``defined`` is False there,
  without raising for the rest of the batch. NaN elements stay NaN through later operations
  (every end-point formula propagates NaN). Building an ``IntervalArray`` from NaN raises.
* NaN means "certainly undefined" and nothing else: arithmetic on infinite end points follows
  IEEE 1788 end-point arithmetic (inf - inf widens to the infinity of the side being bounded,
  0 * inf = 0, inf/inf corners are left out of the min/max because the other corners already
  reach their limits), and an overflowing ``exp`` gives the upper end +inf, still defined (e^800
  is a real number; the enclosure is merely loose).
* a partly undefined element still encloses the image of the part where it is defined.
"""

from __future__ import annotations

import math
from fractions import Fraction

import flint
import numpy as np
from flint import arb

from .exact import to_fraction
from .interval import DomainError, Interval, working_precision

__all__ = ["IntervalArray"]

_INF = math.inf
_MAX = float(np.finfo(np.float64).max)
_TINY = 5e-324  # smallest positive subnormal, 2**-1074

# Products and dividends below this magnitude may make Dekker's error terms subnormal (inexact);
# such elements take the exact rescaling path. (Overflow shows up as a non-finite error term.)
_SAFE_MIN = 2.0**-900
_SPLITTER = 134217729.0  # 2**27 + 1, Veltkamp's constant for binary64


def _check_float_environment() -> None:
    """Every argument below assumes numpy's float64 arithmetic is IEEE binary64 rounding to
    nearest with gradual underflow. A library that switched the FPU to flush-to-zero or another
    rounding mode would silently void them, so refuse to run then."""
    one, tiny = np.array([1.0]), np.array([2.0**-1073])
    ok = (
        (tiny * 0.5)[0] == 5e-324  # subnormals kept (no flush-to-zero)
        and (tiny * 0.25)[0] == 0.0 and (np.array([5e-324]) * 1.0)[0] == 5e-324  # no DAZ
        and (one + 2.0**-53)[0] == 1.0  # a tie rounds to even ...
        and (one + 3 * 2.0**-54)[0] == 1.0 + 2.0**-52  # ... and above half rounds up
        and (-one - 3 * 2.0**-54)[0] == -1.0 - 2.0**-52  # symmetric: not towards zero or +inf
    )
    if not ok:
        raise RuntimeError(
            "IntervalArray needs IEEE double arithmetic rounding to nearest with subnormals; "
            "the floating-point environment has been changed (flush-to-zero or rounding mode)"
        )


_check_float_environment()


# -- exact conversions between rationals, Arb numbers and doubles --------------------------------


def _double_toward(q: Fraction, d: int) -> float:
    """The double nearest to ``q`` on the side ``d`` (-1 below, +1 above); exact when possible."""
    try:
        f = float(q)  # correctly rounded to nearest
    except OverflowError:
        f = _INF if q > 0 else -_INF
    if math.isinf(f):
        if (f > 0) == (d > 0):
            return f
        return math.copysign(_MAX, f)
    fq = Fraction(f)
    if fq == q or (fq < q) == (d < 0):
        return f
    return math.nextafter(f, d * _INF)


def _fraction_of_arb(x) -> Fraction:
    """Exact value of an Arb number with zero radius (``lower()``/``upper()`` of a ball)."""
    man, exp = x.man_exp()
    man, exp = int(man), int(exp)
    return Fraction(man * 2**exp) if exp >= 0 else Fraction(man, 2 ** (-exp))


def _dyadic_toward(man: int, exp: int, d: int) -> float:
    """The double nearest to the dyadic number man * 2**exp on the side ``d`` (-1 below, +1
    above), by exact integer comparisons (the same double as ``_double_toward`` of its
    Fraction, without the Fraction arithmetic: the tables below are built at import).

    ``float(man)`` is the int correctly rounded and ``ldexp`` scales it exactly in the normal
    range, so the first guess is the nearest double; outside it (an overflow, a subnormal
    result rounded twice) the exact comparison below still moves the guess, one double at a
    time, until it lies on side ``d``."""
    if man == 0:
        return 0.0
    try:
        f = math.ldexp(float(man), exp)
    except OverflowError:
        f = _INF if man > 0 else -_INF
    if math.isinf(f):
        if (f > 0) == (d > 0):
            return f
        f = math.copysign(_MAX, f)
    while True:
        p, q = f.as_integer_ratio()  # f = p / q exactly, q a power of 2
        # compare f with man * 2**exp: sign of p * den - num * q, with num / den the dyadic
        if exp >= 0:
            c = p - man * (q << exp)
        else:
            c = (p << -exp) - man * q
        if c == 0 or (c < 0) == (d < 0):
            return f
        f = math.nextafter(f, d * _INF)


def _arb_bound_to_double(ball, d: int) -> float:
    """A double on side ``d`` of every point of the Arb ball (infinite when the ball is)."""
    if not ball.is_finite():
        return d * _INF
    end = ball.lower() if d < 0 else ball.upper()
    man, exp = end.man_exp()
    return _dyadic_toward(int(man), int(exp), d)


def _arb_pair(ball) -> tuple[float, float]:
    return _arb_bound_to_double(ball, -1), _arb_bound_to_double(ball, +1)


def _fmpq_of(q: Fraction):
    """The rational q as an exact Arb operand."""
    return flint.fmpq(q.numerator, q.denominator)


# -- directed rounding by error-free transformations --------------------------------------------
# Directions are -1 (round down) and +1 (round up), as a Python int for a whole batch or an int8
# array for one direction per element. Every ``*_err`` function returns the round-to-nearest
# result and a float whose sign is the sign of (exact - rounded); zero means exact.


def _step(x, need, d):
    """``x`` moved one ulp towards ``d`` where ``need`` holds.

    Moving a double by one ulp is an integer step on its bit pattern (up for positive x going up,
    down for negative x going up, ...). Zeros step to the smallest subnormal of the side ``d``;
    NaN never steps (``need`` is False there since every comparison with NaN is).
    """
    if not need.any():
        return x
    sign = (x > 0).view(np.int8) - (x < 0).view(np.int8)
    moved = (x.view(np.int64) + need * sign * d).view(np.float64)
    at_zero = need & (x == 0)
    if at_zero.any():
        moved = np.where(at_zero, d * _TINY, moved)
    return moved


def _sum_err(a, b):
    """Knuth's TwoSum: s = RN(a + b) and err with s + err = a + b exactly (no overflow)."""
    s = a + b
    bb = s - a
    err = (a - (s - bb)) + (b - bb)
    return s, err


def _add_toward(a, b, d):
    """a + b rounded towards ``d``.

    TwoSum's error term is exact for all finite operands whose rounded sum is finite; its sign
    says on which side of the exact sum the rounded one lies, and one ulp step towards ``d``
    fixes a wrong side. Overflow, infinities and inf - inf are treated in ``_sum_specials``.
    """
    s, err = _sum_err(a, b)
    if not np.isfinite(err).all():
        s, err = _sum_specials(a, b, s, err, d)
    return _step(s, err * d > 0, d)


def _sum_specials(a, b, s, err, d):
    a, b, s, err = (np.array(v, dtype=np.float64) for v in np.broadcast_arrays(a, b, s, err))
    dd = np.broadcast_to(np.asarray(d, dtype=np.int8), s.shape)
    bad = ~np.isfinite(err)
    finite_ops = np.isfinite(a) & np.isfinite(b)
    # finite operands whose rounded sum overflowed: the exact sum is finite, so below +inf
    overflow = bad & finite_ops & np.isinf(s)
    err[overflow] = -s[overflow]
    # a spurious overflow inside TwoSum with a finite rounded sum: RN is within half an ulp,
    # so one ulp towards d is a bound
    spurious = bad & np.isfinite(s)
    err[spurious] = dd[spurious]
    # an infinite operand: the infinite sum is exact
    exact_inf = bad & ~finite_ops & np.isinf(s)
    err[exact_inf] = 0.0
    # inf + (-inf) (an end of an unbounded interval): the bound is the infinity of the side d
    opposite = np.isnan(s) & ~np.isnan(a) & ~np.isnan(b)
    s[opposite] = dd[opposite] * _INF
    err[opposite] = 0.0
    return s, err


def _split(a):
    """Veltkamp's split a = hi + lo with hi, lo of at most 26 significant bits each (exact for
    every finite a below 2^995; beyond, the split overflows to inf/NaN, which callers detect)."""
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def _dekker(a, b, p):
    """The error a*b - p of p = RN(a*b) by Dekker's TwoProduct (exact under the conditions in
    ``_prod_err``)."""
    a_hi, a_lo = _split(a)
    b_hi, b_lo = _split(b)
    return (((a_hi * b_hi - p) + a_hi * b_lo) + a_lo * b_hi) + a_lo * b_lo


def _prod_err(a, b):
    """p = RN(a*b) and the sign of (a*b - p); the error itself is exact where Dekker's is.

    Dekker's TwoProduct (with Veltkamp's split) is exact when nothing overflows and nothing
    underflows (Dekker 1971; Boldo 2006). Overflow anywhere shows as a non-finite error term.
    Underflow cannot happen when a or b is 0 (everything is 0) or |p| >= 2^-900: every partial
    product is then a multiple of quantum(a)*quantum(b) >= 2^-1007, so all of them are normal.
    Elements failing either test take the exact rescaling path ``_prod_err_rescaled``.
    """
    p = a * b
    err = _dekker(a, b, p)
    if np.size(p) == 0:
        return p, err
    if np.isfinite(err).all():
        mag = np.abs(p)
        if np.min(mag) >= _SAFE_MIN:
            return p, err
        redo = (mag < _SAFE_MIN) & (a != 0) & (b != 0)
        if not redo.any():
            return p, err
    else:
        redo = ~np.isfinite(err) | ((np.abs(p) < _SAFE_MIN) & (a != 0) & (b != 0))
    a, b, p, err, redo = (np.array(v) for v in np.broadcast_arrays(a, b, p, err, redo))
    p[redo], err[redo] = _prod_err_rescaled(a[redo], b[redo])
    return p, err


def _mul_unchecked(a, b, d):
    """a * b towards ``d`` for operands the caller knows satisfy Dekker's conditions (each 0 or
    the product at least 2^-900, nothing near overflow): TwoProduct plus one ulp step."""
    p = a * b
    return _step(p, _dekker(a, b, p) * d > 0, d)


def _step_nonneg(x, need, d):
    """``_step`` for a chain of nonnegative exact values: an inexact result is never below 0
    and a zero result is exact, so the step is a plain +-1 on the bit pattern (+0.0 steps up
    to the smallest subnormal; -0.0 only comes from exact zeros, which never step)."""
    return (x.view(np.int64) + need * d).view(np.float64)


def _mul_nonneg(a, b, d, a_parts=None):
    """a * b towards ``d`` for a, b >= 0 satisfying Dekker's conditions; ``a_parts`` is a's
    Veltkamp split when the same a multiplies many values (Horner)."""
    p = a * b
    a_hi, a_lo = a_parts if a_parts is not None else _split(a)
    b_hi, b_lo = _split(b)
    err = (((a_hi * b_hi - p) + a_hi * b_lo) + a_lo * b_hi) + a_lo * b_lo
    return _step_nonneg(p, err * d > 0, d)


def _add_nonneg(a, b, d):
    """a + b towards ``d`` for finite a, b >= 0 whose sum cannot overflow."""
    s, err = _sum_err(a, b)
    return _step_nonneg(s, err * d > 0, d)


def _div_nonneg(a, b, d):
    """a / b towards ``d`` for a >= 0 and b > 0 in a range where the remainder test of
    ``_div_err`` is exact without checks (a, b and a/b between 2^-800 and 2^800, or a = 0)."""
    q = a / b
    p = q * b
    r = (a - p) - _dekker(q, b, p)
    return _step_nonneg(q, r * d > 0, d)


def _rescale_back(m, m_err, e):
    """RN(m * 2^e) and the sign of (m + m_err) * 2^e minus it, for |m_err| < ulp(m)/2.

    ldexp is exact unless the result is subnormal or overflows; ``back = q * 2^-e`` is then on a
    coarser grid than m, so ``m - back`` is exact and, when nonzero, at least one ulp of m, which
    outweighs the sub-ulp ``m_err``. Overflow gives ``back = inf`` and a negative difference,
    as it should (the exact value is finite).
    """
    q = np.ldexp(m, e)
    back = np.ldexp(q, -e)
    diff = m - back
    return q, np.where(diff != 0, diff, m_err)


def _split_exponent(v):
    mant, expo = np.frexp(v)  # exact: v = mant * 2^expo with 0.5 <= |mant| < 1
    return mant, expo.astype(np.int64)


def _prod_err_rescaled(a, b):
    """Exact-sign product for any operands: zeros, infinities, subnormals, overflow."""
    p = a * b
    err = np.zeros_like(p)
    zero = ((a == 0) & ~np.isnan(b)) | ((b == 0) & ~np.isnan(a))
    p[zero] = 0.0  # 0 * inf = 0 in interval end-point arithmetic
    regular = np.isfinite(a) & np.isfinite(b) & ~zero
    if regular.any():
        ma, ea = _split_exponent(a[regular])
        mb, eb = _split_exponent(b[regular])
        pm = ma * mb  # in [1/4, 1): Dekker is exact here
        em = _dekker(ma, mb, pm)
        p[regular], err[regular] = _rescale_back(pm, em, ea + eb)
    err[np.isnan(p)] = np.nan
    return p, err


def _mul_toward(a, b, d):
    """a * b rounded towards ``d`` (exact error sign from TwoProduct, then at most one ulp)."""
    p, err = _prod_err(a, b)
    return _step(p, err * d > 0, d)


def _div_err(a, b):
    """q = RN(a/b) and the sign of (a/b - q), from the exact remainder r = a - q*b.

    For a correctly rounded quotient the remainder is a double and equals (a - p) - e where
    p + e = q*b exactly (TwoProduct); a - p is exact by Sterbenz's lemma since p is within two
    ulps of a. sign(a/b - q) = sign(r) * sign(b). This needs q normal (|q| >= 2^-1000) and
    |a| >= 2^-900 (so p and TwoProduct do not underflow), or a = 0 (everything is 0), and no
    overflow (a non-finite remainder); other elements are rescaled.
    """
    q = a / b
    p = q * b
    r = (a - p) - _dekker(q, b, p)
    err = r * np.sign(b)
    if np.size(q) == 0:
        return q, err
    if np.isfinite(err).all():
        if np.min(np.abs(q)) >= 2.0**-1000 and np.min(np.abs(a)) >= _SAFE_MIN:
            return q, err
        redo = ((np.abs(q) < 2.0**-1000) | (np.abs(a) < _SAFE_MIN)) & (a != 0)
        if not redo.any():
            return q, err
    else:
        redo = ~np.isfinite(err) | (((np.abs(q) < 2.0**-1000) | (np.abs(a) < _SAFE_MIN)) & (a != 0))
    a, b, q, err, redo = (np.array(v) for v in np.broadcast_arrays(a, b, q, err, redo))
    q[redo], err[redo] = _div_err_rescaled(a[redo], b[redo])
    return q, err


def _div_err_rescaled(a, b):
    q = a / b
    err = np.zeros_like(q)
    q[(a == 0) & (b != 0) & ~np.isnan(b)] = 0.0
    q[np.isfinite(a) & np.isinf(b)] = 0.0  # a finite end point over an infinite one: limit 0
    q[b == 0] = np.nan  # callers never divide by an end point 0; make a misuse visible
    regular = np.isfinite(a) & np.isfinite(b) & (a != 0) & (b != 0)
    if regular.any():
        ma, ea = _split_exponent(a[regular])
        mb, eb = _split_exponent(b[regular])
        qm = ma / mb  # in (1/2, 2): remainder test is exact here
        pm = qm * mb
        rm = ((ma - pm) - _dekker(qm, mb, pm)) * np.sign(mb)
        q[regular], err[regular] = _rescale_back(qm, rm, ea - eb)
    err[np.isnan(q)] = np.nan
    return q, err


def _div_toward(a, b, d):
    """a / b rounded towards ``d`` (b never 0: callers route zero divisors elsewhere)."""
    q, err = _div_err(a, b)
    return _step(q, err * d > 0, d)


def _ldexp_toward(m, k, d):
    """m * 2^k rounded towards ``d``: exact unless it underflows or overflows (then the
    difference m - RN(m 2^k) 2^-k is exact and gives the side, as in _rescale_back)."""
    q = np.ldexp(m, k)
    back = np.ldexp(q, -k)
    if (back == m).all():
        return q
    diff = m - back
    return _step(q, diff * d > 0, d)


def _sqrt_toward(x, d):
    """sqrt(x) rounded towards ``d``; 0 for x <= 0 (the clipped end of a domain), inf at inf.

    x = m 2^(2e) exactly with m in [1/2, 2); s = RN(sqrt(m)) (IEEE sqrt is correctly rounded) and
    sign(sqrt(m) - s) = sign(m - s^2) = sign((m - p) - e) with p + e = s*s exactly (TwoProduct on
    numbers near 1, Sterbenz for m - p). Then s 2^e is exact: square roots of doubles are normal.
    """
    out = np.zeros_like(x)
    out[np.isnan(x)] = np.nan
    out[x == _INF] = _INF
    regular = (x > 0) & (x < _INF)
    if regular.any():
        v = x[regular]
        dd = d if isinstance(d, int) else d[regular]
        mant, expo = _split_exponent(v)
        odd = expo & 1
        mant = np.where(odd == 1, mant * 2.0, mant)  # exact
        expo = expo - odd
        s = np.sqrt(mant)
        p = s * s
        rem = (mant - p) - _dekker(s, s, p)
        s = _step(s, rem * dd > 0, dd)
        out[regular] = np.ldexp(s, expo // 2)
    return out


def _pow_nonneg_toward(v, n: int, d):
    """v^n for v >= 0 and n >= 1 by binary powering, every product rounded towards ``d``
    (all factors are nonnegative and the product is increasing in each, so the rounding
    errors all push the same way)."""
    result = None
    base = v
    while True:
        if n & 1:
            result = base if result is None else _mul_toward(result, base, d)
        n >>= 1
        if not n:
            return result
        base = _mul_toward(base, base, d)


# -- verified constants (computed once with Arb and exact rationals) ------------------------------


_EXP_TABLE_HALF = 64  # tables hold e^(j/64) and expm1(j/64) for |j| <= 64


def _exp_taylor_coefficients():
    """Bounds on the coefficients of Q(t) = expm1(t)/t = sum_{i<7} t^i/(i+1)! + remainder.

    Lagrange: expm1(t) = sum_{i=1..7} t^i/i! + e^xi t^8/8! with 0 <= xi <= t <= 1/64, so
    sum_{i=1..7} t^i/i! <= expm1(t) <= sum_{i=1..6} t^i/i! + t^7 (1/7! + e^(1/64)/(64*8!)),
    with e^(1/64) < 1.016. The lower coefficients drop the remainder, the upper fold it into
    the last one; at t = 0 both give Q = 1 exactly.
    """
    exact = [Fraction(1, math.factorial(i + 1)) for i in range(7)]
    low = [_double_toward(q, -1) for q in exact]
    high = [_double_toward(q, +1) for q in exact[:-1]]
    high.append(_double_toward(exact[-1] + Fraction(1016, 1000) / (64 * math.factorial(8)), +1))
    return np.array(low), np.array(high)


def _erf_series_buckets():
    """Coefficient bounds for S(u) = sum_n c_n u^n, c_n = 2^n / (1*3*...*(2n+1)), per range of u.

    erf(x) = (2/sqrt pi) x e^(-x^2) S(x^2) (all terms positive). Consecutive terms have ratio
    2u/(2n+3), decreasing in n; truncating after n = N, the tail from N on is at most
    c_N u^N / (1 - rho) with rho = 2 u_max/(2N+3) < 1 (a geometric series). The lower
    coefficients drop the tail beyond N; the upper ones replace c_N by c_N/(1 - rho). N is the
    first degree where the dropped part is below 2^-64 of S (S >= 1). The bounds returned are
    of (2/sqrt pi) c_n (products enclosed by Arb), folding the constant into the series.
    """
    buckets = []
    for u_max in (Fraction(9, 4), Fraction(4)):
        coefs = [Fraction(1)]
        while True:
            n = len(coefs) - 1
            rho = 2 * u_max / (2 * n + 3)
            if rho < Fraction(1, 2) and coefs[n] * u_max**n * rho / (1 - rho) <= Fraction(1, 2**64):
                break
            coefs.append(coefs[n] * 2 / (2 * n + 3))
        n = len(coefs) - 1
        upper = coefs[:-1] + [coefs[n] / (1 - 2 * u_max / (2 * n + 3))]
        with working_precision(256):
            c = 2 / arb.pi().sqrt()
            low = [_arb_bound_to_double(c * arb(_fmpq_of(q)), -1) for q in coefs]
            high = [_arb_bound_to_double(c * arb(_fmpq_of(q)), +1) for q in upper]
        buckets.append((float(u_max), np.array(low), np.array(high)))
    return buckets


# Levels of the Laplace continued fraction per range of its argument: the convergent with N
# levels is within 2^-62 (relative) of the limit from the range's lower end on (checked with
# mpmath at 60 digits; tightness only: either parity of convergent is a rigorous bound).
_CF_LEVELS = (
    (1.0, 259), (1.25, 171), (1.5, 123), (2.0, 74), (2.5, 52), (3.0, 40), (4.0, 27),
    (5.0, 21), (6.0, 18), (8.0, 14), (10.0, 12), (14.0, 10), (20.0, 9),
)
_ERFC_UNDERFLOW = 28.0  # erfc(x) < 2^-1074 for x >= 28 (e^-784 / (28 sqrt pi) is far below)


def _double_double_table(balls):
    """For Arb balls v_j: (head, tail bounds, value bounds) with head_j = RN(v_j) and
    tail_lo_j <= v_j - head_j <= tail_hi_j, value_lo_j <= v_j <= value_hi_j (all doubles).
    The head plus a tail bracket carries about 106 bits, so one final rounding dominates."""
    heads, tails, values = [], [], []
    for ball in balls:
        head = float(ball.mid())
        heads.append(head)
        tails.append(_arb_pair(ball - arb(head)))
        values.append(_arb_pair(ball))
    return np.array(heads), np.array(tails).T.copy(), np.array(values).T.copy()


def _erf_maclaurin_coefficients():
    """Bounds for (2/sqrt pi) times P0's coefficients (a_0, a_2, ..., a_18 and, upper only,
    a_20) and P1's (a_1, ..., a_19), a_n = 1/(n! (2n+1)); a_20 < 2^-66 (A >= 0.74 on u <= 1).
    The products with 2/sqrt pi are enclosed by Arb."""
    a = [Fraction(1, math.factorial(n) * (2 * n + 1)) for n in range(21)]
    with working_precision(256):
        c = 2 / arb.pi().sqrt()
        scaled = [c * arb(_fmpq_of(q)) for q in a]
    lows = [_arb_bound_to_double(b, -1) for b in scaled]
    highs = [_arb_bound_to_double(b, +1) for b in scaled]
    even_lo = lows[0:19:2] + [0.0]
    even_hi = highs[0:21:2]
    odd_lo, odd_hi = lows[1:20:2], highs[1:20:2]
    return tuple(np.array(v) for v in (even_lo, even_hi, odd_lo, odd_hi))


def _build_all():
    c = {}
    with working_precision(256):
        c["pi"] = _arb_pair(arb.pi())
        c["inv_sqrt_pi"] = _arb_pair(1 / arb.pi().sqrt())
        c["inv_sqrt_2pi"] = _arb_pair(1 / (2 * arb.pi()).sqrt())
        c["inv_sqrt2"] = _arb_pair(1 / arb(2).sqrt())
        head = Fraction(int(Fraction(math.log(2.0)) * 2**40), 2**40)
        c["ln2_head"] = float(head)
        c["ln2_tail"] = _arb_pair(arb(2).log() - arb(c["ln2_head"]))
        js = range(-_EXP_TABLE_HALF, _EXP_TABLE_HALF + 1)
        c["exp_table"] = _double_double_table([(arb(j) / 64).exp() for j in js])
        c["expm1_table"] = _double_double_table([(arb(j) / 64).expm1() for j in js])
    assert Fraction(c["ln2_head"]) == head and head.numerator < 2**40  # 40 significant bits
    c["taylor"] = _exp_taylor_coefficients()
    c["erf_buckets"] = _erf_series_buckets()
    c["erf_maclaurin"] = _erf_maclaurin_coefficients()
    return c


_C = _build_all()
_LN2_HEAD = _C["ln2_head"]
_LN2_TAIL_LO, _LN2_TAIL_HI = _C["ln2_tail"]
_INV_LN2 = 1.0 / math.log(2.0)  # only picks k; any value would be rigorous
# e^(j/64) and expm1(j/64), j = -64..64 (index j + 64): head (a double), bounds of value - head,
# bounds of the value; bound arrays have row 0 = lower bounds, row 1 = upper bounds
_EXP_HEAD, _EXP_TAIL, _EXP_VALUE = _C["exp_table"]
_EXPM1_HEAD, _EXPM1_TAIL, _EXPM1_VALUE = _C["expm1_table"]
_TAYLOR_LO, _TAYLOR_HI = _C["taylor"]
_EXP_ARG_LIMIT = 800.0  # |x| > 800: e^x is beyond the double range (e^800 > 2^1154)
_EXPM1_SMALL = 1.0  # |x| < 1: expm1 by table + Taylor (no cancellation), else exp - 1


def _horner_nonneg_toward(x, low, high, d):
    """sum_i c_i x^i for x >= 0 with coefficient bounds ``low``/``high``, on side ``d``.

    Every coefficient bound, every partial sum and x are nonnegative and each step c + x*acc is
    increasing in all of them, so rounding every product and sum towards d (exactly, by
    TwoProduct/TwoSum) bounds the polynomial on side d. Every accumulator is 0 (a zero top
    coefficient) or at least the smallest positive coefficient c_min, so when every x is 0 or at
    least 2^-890 / c_min each product is 0 or at least 2^-890: TwoProduct is exact without
    checks (see _prod_err) and x is split once; otherwise the checked path is used. The callers'
    x and coefficients are at most 4 and 2, far from overflow.
    """
    up = d > 0
    acc = np.where(up, high[-1], low[-1])
    c_min = min(float(c) for c in low if c > 0)
    if ((x == 0) | (x >= 2.0**-890 / c_min)).all():
        parts = _split(x)
        for i in range(len(low) - 2, -1, -1):
            coef = low[i] if low[i] == high[i] else np.where(up, high[i], low[i])
            acc = _add_nonneg(coef, _mul_nonneg(x, acc, d, parts), d)
    else:
        for i in range(len(low) - 2, -1, -1):
            coef = low[i] if low[i] == high[i] else np.where(up, high[i], low[i])
            acc = _add_toward(coef, _mul_toward(x, acc, d), d)
    return acc


def _expm1_taylor_toward(t, d):
    """expm1(t) for 0 <= t <= 1/64 towards ``d`` (d an int8 array): t * Q(t), Q in Horner form
    with coefficient bounds on side d (see _exp_taylor_coefficients). All terms are positive,
    so rounding every operation towards d gives a bound on side d. Exactly 0 at t = 0."""
    return _mul_toward(t, _horner_nonneg_toward(t, _TAYLOR_LO, _TAYLOR_HI, d), d)


def _exp_parts_toward(x, d, tail=None):
    """(m, k) with m * 2^k a bound on side ``d`` of e^(x + tail), for |x| <= 800, m in [0.7, 1.5].

    ``tail`` (optional, exact) extends x to a double-double argument, e.g. the TwoProduct error
    of a square. Reduction: k = rint(x / ln2), r = x + tail - k ln2 rounded towards d, where
    ln2 = head + tail with a 40-bit head (so k * head is exact for |k| <= 1155) and the tail
    bracketed by two doubles (k * tail is bounded on side -d by the bracket end that does it);
    then j = floor(64 r) and t = r - j/64 in [0, 1/64] rounded towards d (t >= 0 exactly, so
    also rounded). e^r = e^(j/64) (1 + expm1(t)) = head_j + (tail_j + e^(j/64) expm1(t)) with
    the table entry from Arb as a double-double and expm1(t) from the Taylor polynomial with
    its Lagrange remainder; every operation is increasing in every bounded quantity, so
    rounding each towards d gives a bound on side d. e^x = 2^k e^r, exact unless scaled into
    the subnormal or overflow range (the caller's ``_ldexp_toward`` rounds that towards d).
    """
    k = np.rint(x * _INV_LN2)
    a = _add_toward(x, -(k * _LN2_HEAD), d)
    if tail is not None:
        a = _add_toward(a, tail, d)
    # the bound of k*(ln2 - head) on side -d: the upper bracket end when k >= 0 and we need
    # an upper bound of it (d down), and so on
    use_high = (k >= 0) == (d < 0)
    # |k| <= 1155 and the tail is about 7e-13: the product is 0 or far from underflow
    k_tail = _mul_unchecked(k, np.where(use_high, _LN2_TAIL_HI, _LN2_TAIL_LO), -d)
    r = _add_toward(a, -k_tail, d)
    j = np.floor(r * 64.0)
    t = _add_toward(r, -(j / 64.0), d)  # r >= j/64 exactly, so t >= 0 even rounded down
    index = j.astype(np.intp) + _EXP_TABLE_HALF
    up = (d > 0).view(np.int8)
    q = _expm1_taylor_toward(t, d)  # expm1(t) in [0, 0.016]
    # e^(j/64) e^t = head + (tail + e^(j/64) expm1(t)): the small part first, one rounding last
    # (a sum and nonnegative products: increasing in every bounded quantity)
    small = _add_toward(_EXP_TAIL[up, index], _mul_toward(_EXP_VALUE[up, index], q, d), d)
    return _add_toward(_EXP_HEAD[index], small, d), k.astype(np.int64)


def _as_dirs(d, n):
    return np.full(n, d, dtype=np.int8) if isinstance(d, int) else d


def _by_region(x, d, regions):
    """Evaluate ``fn(x[mask], d[mask])`` per disjoint region; NaN where no region applies."""
    d = _as_dirs(d, x.size)
    out = np.full(x.shape, np.nan)
    for mask, fn in regions:
        count = np.count_nonzero(mask)
        if count == 0:
            continue
        if count == x.size:
            return fn(x, d)
        idx = np.flatnonzero(mask)
        out[idx] = fn(x[idx], d[idx])
    return out


def _constant(low, high):
    """Callable for _by_region: the bound ``low`` for the down direction, ``high`` for up."""
    return lambda x, dd: np.where(dd > 0, high, low).astype(np.float64)


def _exp_toward(x, d):
    """e^x towards ``d`` for any double x (see _exp_parts_toward); exactly 1 at 0.

    Beyond |x| > 800 the value is outside the double range: below, [0, 2^-1074] (0 exactly at
    -inf); above, [MAX, inf].
    """

    def regular(v, dd):
        m, k = _exp_parts_toward(v, dd)
        return _ldexp_toward(m, k, dd)

    return _by_region(x, d, (
        (np.abs(x) <= _EXP_ARG_LIMIT, regular),
        (x > _EXP_ARG_LIMIT, _constant(_MAX, _INF)),
        ((x < -_EXP_ARG_LIMIT) & (x > -_INF), _constant(0.0, _TINY)),
        (x == -_INF, _constant(0.0, 0.0)),
    ))


def _expm1_table_toward(x, d):
    """expm1(x) for -1 < x < 1 outside (-1/32, 0): expm1(j/64) + e^(j/64) expm1(t) with
    j = floor(64 x), t = x - j/64 in [0, 1/64]. The table entry is a double-double (head plus a
    bracketed tail), so the small part tail + e^(j/64) expm1(t) is formed first and rounded once
    more when added to the head. For x >= 0 every term is positive; for x <= -1/32 the head is
    negative and the positive small part is at most half of it (no damaging cancellation). The
    expression is increasing in each bounded quantity, so rounding towards d bounds it.
    Exactly 0 at 0 (head 0, tail 0, e^0 = 1)."""
    j = np.floor(x * 64.0)
    t = _add_toward(x, -(j / 64.0), d)
    index = j.astype(np.intp) + _EXP_TABLE_HALF
    up = (d > 0).view(np.int8)
    q = _expm1_taylor_toward(t, d)
    small = _add_toward(_EXPM1_TAIL[up, index], _mul_toward(_EXP_VALUE[up, index], q, d), d)
    return _add_toward(_EXPM1_HEAD[index], small, d)


def _expm1_toward(x, d):
    """expm1(x) = e^x - 1 towards ``d``, exactly 0 at 0 and a few ulps relative everywhere.

    |x| < 1 except (-1/32, 0): double-double table + Taylor (_expm1_table_toward).
    -1/32 < x < 0: expm1(x) = -g(expm1(-x)) with g(m) = m/(1+m) increasing, so the bound on
    side d uses m = expm1(-x) on side -d, the denominator 1 + m on side d and the quotient on
    side -d (no cancellation anywhere).
    |x| >= 1: e^x - 1 with both roundings towards d (at most one bit cancels).
    """

    def near_zero_negative(v, dd):
        m = _expm1_table_toward(-v, -dd)
        return -_div_toward(m, _add_toward(1.0, m, dd), -dd)

    def large(v, dd):
        return _add_toward(_exp_toward(v, dd), -1.0, dd)

    tiny_negative = (x < 0) & (x > -1.0 / 32)
    return _by_region(x, d, (
        ((np.abs(x) < _EXPM1_SMALL) & ~tiny_negative, _expm1_table_toward),
        (tiny_negative, near_zero_negative),
        ((np.abs(x) >= _EXPM1_SMALL) & (x > -_INF), large),
        (x == -_INF, _constant(-1.0, -1.0)),
    ))


# -- inverses verified by the forward functions ---------------------------------------------------

_VERIFY_ULPS = (2, 4, 8, 16, 256)


def _verified_inverse(forward, target, guess, d, arb_name, arb_of_target=None):
    """y on side ``d`` of f^-1(target) for an increasing f, from a floating guess.

    A candidate y below (d = -1) is accepted when forward(y) rounded *up* is <= target: then
    f(y) <= target, so y <= f^-1(target). Symmetrically above. Candidates move away from the
    guess by 2, 4, 8, 16, 256 ulps; what is still unverified is evaluated by Arb.
    """
    out = np.empty_like(target)
    pending = np.arange(target.size)
    spacing = np.spacing(np.abs(guess))
    for ulps in _VERIFY_ULPS:
        dd = d[pending]
        y = guess[pending] + dd * (ulps * spacing[pending])
        fy = forward(y, -dd)
        tgt = target[pending]
        ok = np.where(dd > 0, fy >= tgt, fy <= tgt)
        out[pending[ok]] = y[ok]
        pending = pending[~ok]
        if pending.size == 0:
            return out
    values = target[pending] if arb_of_target is None else arb_of_target[pending]
    out[pending] = _arb_toward(arb_name, values, d[pending])
    return out


def _log1p_core(u, d):
    """log1p(u) towards ``d`` for u in [-1/2, inf) (finite): exact 0 at 0, [u - u^2, u] for
    |u| < 2^-60 (log1p(u) < u for u != 0 and log1p(u) >= u - u^2 for |u| <= 1/2, and the width
    u^2 is below an ulp of u), else numpy's guess verified with the rigorous expm1."""

    def zero(v, dd):
        return np.zeros_like(v)

    def tiny(v, dd):
        lower = _add_toward(v, -_mul_toward(v, v, 1), -1)
        return np.where(dd > 0, v, lower)

    def main(v, dd):
        return _verified_inverse(_expm1_toward, v, np.log1p(v), dd, "log1p")

    small = np.abs(u) < 2.0**-60
    return _by_region(u, d, (
        (u == 0, zero),
        (small & (u != 0), tiny),
        (~small & np.isfinite(u), main),
    ))


def _log_toward(x, d):
    """log(x) towards ``d``: -inf for x <= 0 (the clipped lower end; the interval method marks
    elements wholly <= 0), exactly 0 at 1. For x in [1/2, 2], u = x - 1 is exact (Sterbenz) and
    log x = log1p(u) keeps full relative accuracy near 1; elsewhere numpy's log is verified with
    the rigorous exp (``_verified_inverse``)."""

    def near_one(v, dd):
        return _log1p_core(v - 1.0, dd)

    def far(v, dd):
        return _verified_inverse(_exp_toward, v, np.log(v), dd, "log")

    near = (x >= 0.5) & (x <= 2.0)
    return _by_region(x, d, (
        (near, near_one),
        (~near & (x > 0) & (x < _INF), far),
        (x <= 0, _constant(-_INF, -_INF)),
        (x == _INF, _constant(_INF, _INF)),
    ))


def _log1p_toward(u, d):
    """log1p(u) towards ``d``: -inf for u <= -1; for u in (-1, -1/2) it is log(1 + u) with
    1 + u exact (Sterbenz); otherwise _log1p_core."""

    def below_half(v, dd):
        return _log_toward(1.0 + v, dd)

    return _by_region(u, d, (
        ((u >= -0.5) & (u < _INF), _log1p_core),
        ((u > -1) & (u < -0.5), below_half),
        (u <= -1, _constant(-_INF, -_INF)),
        (u == _INF, _constant(_INF, _INF)),
    ))


# -- erf, erfc, Phi, tanh, npdf ----------------------------------------------------------------


def _square_parts(v):
    """(p, e, exact): p = RN(v*v) and e its error; exact[i] says e[i] is the exact error (the
    conditions of ``_prod_err``), else e only has the right sign (rescaled path, tiny v)."""
    p = v * v
    e = _dekker(v, v, p)
    exact = (np.abs(p) >= _SAFE_MIN) | (v == 0)
    if not exact.all():
        p, e = _prod_err(v, v)
    return p, e, exact


def _gauss_factor_parts(p, e, exact, scale_half, d):
    """(m, k) bounding e^(-(p + e) * s) on side d, s = 1 or 1/2, for the square p + e of some v.

    When e is the exact error, the exponent is passed as the double-double -p*s, -e*s (exact
    negation and halving of normal numbers), which keeps the Gaussian factor accurate to a few
    ulps even for large arguments. Otherwise the square is rounded away from side d first.
    """
    s = 0.5 if scale_half else 1.0
    sq_away = _step(p, e * (-d) > 0, -d)  # the square on side -d
    head = np.where(exact, -p * s, -sq_away)
    if scale_half:
        head = np.where(exact, head, _mul_toward(head, 0.5, d))
    tail = np.where(exact, -e * s, 0.0)
    return _exp_parts_toward(head, d, tail)


def _erf_maclaurin_toward(x, d):
    """erf(x) for 0 < x < 1 towards ``d``: x A(u), u = x^2, with the alternating Maclaurin
    series A(u) = (2/sqrt pi) sum_n (-1)^n a_n u^n, a_n = 1/(n! (2n+1)) (the constant is folded
    into the coefficient bounds).

    For u <= 1 the terms decrease in magnitude from the start, so the sum truncated after an odd
    index 2K+1 is below A by at most the next term: A = P0(v) - u P1(v) + R with v = u^2,
    P0 = sum_k a_2k v^k, P1 = sum_k a_(2k+1) v^k, 0 <= R <= a_(2K+2) v^(K+1). The lower bound
    drops R, the upper one adds it as an extra coefficient of P0. P0 and u P1 are positive and
    increasing in u and v, so the lower bound of A is P0 at v rounded down minus u P1 at u, v
    rounded up, all in positive directed Horner form, and symmetrically. No exponential needed.
    """
    p, e, _ = _square_parts(x)
    u_lo, u_hi = _step(p, e < 0, -1), _step(p, e > 0, 1)
    v_lo, v_hi = _mul_toward(u_lo, u_lo, -1), _mul_toward(u_hi, u_hi, 1)
    up = d > 0
    u_d, u_away = np.where(up, u_hi, u_lo), np.where(up, u_lo, u_hi)
    v_d, v_away = np.where(up, v_hi, v_lo), np.where(up, v_lo, v_hi)
    even_lo, even_hi, odd_lo, odd_hi = _C["erf_maclaurin"]
    even = _horner_nonneg_toward(v_d, even_lo, even_hi, d)
    odd = _mul_toward(u_away, _horner_nonneg_toward(v_away, odd_lo, odd_hi, -d), -d)
    return _mul_toward(x, _add_toward(even, -odd, d), d)


def _erf_positive_series_toward(x, d):
    """erf(x) for 1 <= x < 2 towards ``d``: (2/sqrt pi) x F(u), F(u) = e^(-u) S(u), u = x^2,
    with the positive series S (see _erf_series_buckets; 2/sqrt pi is folded into S).

    F(u) = sqrt(pi) erf(sqrt u) / (2 sqrt u) is decreasing in u, so a bound on side d of F(u)
    is F at the double w = u rounded towards -d; there e^(-w) and S(w) are each bounded on side
    d at the same exact point w and multiplied (positive factors, product rounded towards d).
    """
    p, e, _ = _square_parts(x)
    w = _step(p, e * (-d) > 0, -d)
    series = np.empty_like(x)
    assigned = np.zeros(x.shape, dtype=bool)
    for u_max, low, high in _C["erf_buckets"]:
        sel = ~assigned & (w <= u_max)
        if not sel.any():
            continue
        assigned |= sel
        idx = np.flatnonzero(sel)
        series[idx] = _horner_nonneg_toward(w[idx], low, high, d[idx])
    assert assigned.all(), "erf series called outside [1, 2)"
    m, k = _exp_parts_toward(-w, d)
    v = _mul_toward(_mul_toward(x, series, d), m, d)
    return _ldexp_toward(v, k, d)


def _laplace_cf_toward(t, d):
    """K(t) = sqrt(pi) e^(t^2) erfc(t) towards ``d`` for t >= 1, by the Laplace continued fraction
    K = 1/(t + (1/2)/(t + 1/(t + (3/2)/(t + ...)))) (DLMF 7.9.2, valid for Re t > 0).

    Write T_n = t + (n/2)/T_{n+1} for the tails; every tail of a convergent continued fraction
    with positive elements is positive, so T_n > t. Each map T_{n+1} -> T_n is decreasing, so
    replacing T_{L} by t (a lower bound) and alternating the rounding direction level by level
    gives a bound of known side: the convergent with L levels is an upper bound of K when L is
    odd and a lower bound when L is even. (We checked this parity claim against mpmath's erfc at
    60 digits before relying on it, and the tests check it again.) A level whose tail should be
    an upper bound starts from +inf instead (T = t + a/inf = t at the level below), which lets
    every element of a batch run the same number of levels whatever its direction.
    """
    out = np.empty_like(t)
    assigned = np.zeros(t.shape, dtype=bool)
    for start, levels in reversed(_CF_LEVELS):
        sel = ~assigned & (t >= start)
        if not sel.any():
            continue
        assigned |= sel
        idx = np.flatnonzero(sel)
        x, dd = t[idx], d[idx]
        # T_n lies on side dd * (-1)^n, so that T_1 is on side -dd (K = 1/T_1)
        dn = (dd * (-1 if levels % 2 else 1)).astype(np.int8)  # side of T_levels
        # T_{levels+1} is t (a lower bound) where its side is down, +inf (an upper bound)
        # where it is up; then T_levels = t + a/inf = t there exactly
        first = _add_nonneg(x, _div_nonneg(levels / 2.0, x, dn), dn)
        tail = np.where(dn > 0, first, x)
        for n in range(levels - 1, 0, -1):
            dn = -dn
            tail = _add_nonneg(x, _div_nonneg(n / 2.0, tail, dn), dn)
        out[idx] = _div_nonneg(1.0, tail, dd)
    assert assigned.all(), "continued fraction called below t = 1"
    return out


def _erfc_cf_toward(x, d):
    """erfc(x) for 1 <= x < 28: e^(-x^2) K(x)/sqrt(pi), the Gaussian factor from the exact square
    (x^2 is a safe TwoProduct here), all factors positive and bounded on side d."""
    p = x * x
    e = _dekker(x, x, p)
    m, k = _exp_parts_toward(-p, d, -e)
    v = _mul_toward(_laplace_cf_toward(x, d), m, d)
    lo_c, hi_c = _C["inv_sqrt_pi"]
    v = _mul_toward(v, np.where(d > 0, hi_c, lo_c), d)
    return _ldexp_toward(v, k, d)


def _erf_pos_toward(x, d):
    """erf(x) for x > 0: the alternating Maclaurin series below 1, the positive series from 1 to
    2, 1 - erfc by the continued fraction from 2 to 28 (erf >= 0.995 there: no cancellation),
    and [1 - 2^-53, 1] beyond."""

    def from_erfc(v, dd):
        return _add_toward(1.0, -_erfc_cf_toward(v, -dd), dd)

    return _by_region(x, d, (
        ((x > 0) & (x < 1.0), _erf_maclaurin_toward),
        ((x >= 1.0) & (x < 2.0), _erf_positive_series_toward),
        ((x >= 2.0) & (x < _ERFC_UNDERFLOW), from_erfc),
        (x >= _ERFC_UNDERFLOW, _constant(1.0 - 2.0**-53, 1.0)),
    ))


def _erf_toward(x, d):
    """erf towards ``d``: odd, so erf(x) = -erf(-x) on side -d for x < 0; exactly 0 at 0."""

    def neg(v, dd):
        return -_erf_pos_toward(-v, -dd)

    return _by_region(x, d, (
        (x > 0, _erf_pos_toward),
        (x < 0, neg),
        (x == 0, _constant(0.0, 0.0)),
    ))


def _erfc_toward(x, d):
    """erfc towards ``d``: 1 + erf(-x) for x <= 0 (no cancellation), 1 - erf(x) for 0 < x < 1
    (erfc(1) = 0.157: at most three bits cancel), the continued fraction for 1 <= x < 28,
    [0, 2^-1074] beyond."""

    def nonpos(v, dd):
        return _add_toward(1.0, _erf_toward(-v, dd), dd)

    def small(v, dd):
        return _add_toward(1.0, -_erf_pos_toward(v, -dd), dd)

    return _by_region(x, d, (
        (x <= 0, nonpos),
        ((x > 0) & (x < 1.0), small),
        ((x >= 1.0) & (x < _ERFC_UNDERFLOW), _erfc_cf_toward),
        (x >= _ERFC_UNDERFLOW, _constant(0.0, _TINY)),
    ))


def _scaled_by_inv_sqrt2(v, d):
    """v / sqrt 2 rounded towards ``d``, with 1/sqrt 2 bracketed by two doubles."""
    lo_c, hi_c = _C["inv_sqrt2"]
    factor = np.where((v >= 0) == (np.asarray(d) > 0), hi_c, lo_c)
    return _mul_toward(v, factor, d)


_PHI_TAIL_START = 1.4143  # > sqrt 2


def _phi_toward(x, d):
    """Standard normal CDF Phi(x) = erfc(-x/sqrt 2)/2, increasing, towards ``d``.

    x <= -1.4143 (so t = |x|/sqrt 2 >= 1 even rounded): Phi(x) = e^(-x^2/2) K(t) / (2 sqrt pi)
    with the Gaussian factor from the exact square of x (full relative accuracy in the tail)
    and K decreasing, so evaluated at t rounded towards -d. Otherwise erfc at -x/sqrt 2 rounded
    towards -d (erfc is decreasing), halved towards d. Exactly 1/2 at 0.
    """

    def tail(v, dd):
        t = _scaled_by_inv_sqrt2(-v, -dd)  # >= 1.00002
        out = np.where(dd > 0, _TINY, 0.0)  # t >= 28: Phi < 2^-1074
        live = t < _ERFC_UNDERFLOW
        if live.any():
            vv, dl, tl = v[live], dd[live], t[live]
            p, e, exact = _square_parts(vv)
            m, k = _gauss_factor_parts(p, e, exact, True, dl)
            w = _mul_toward(_laplace_cf_toward(tl, dl), m, dl)
            lo_c, hi_c = _C["inv_sqrt_pi"]
            w = _mul_toward(w, np.where(dl > 0, hi_c, lo_c), dl)
            out[live] = _ldexp_toward(w, k - 1, dl)
        return out

    def body(v, dd):
        t = _scaled_by_inv_sqrt2(-v, -dd)
        return _mul_toward(_erfc_toward(t, dd), 0.5, dd)

    return _by_region(x, d, (
        ((x <= -_PHI_TAIL_START) & (x > -_INF), tail),
        ((x > -_PHI_TAIL_START) & (x < _INF), body),
        (x == -_INF, _constant(0.0, 0.0)),
        (x == _INF, _constant(1.0, 1.0)),
    ))


def _tanh_toward(x, d):
    """tanh towards ``d``, odd and increasing; exactly 0 at 0.

    For x > 0, tanh x = m/(2 - m) with m = -expm1(-2x) in (0, 1] (no cancellation for small x);
    m/(2 - m) is increasing in m, so the bound on side d takes m on side d (expm1 on side -d),
    the denominator on side -d and the quotient on side d. -2x is exact, or clamped to -MAX on
    overflow (expm1 bounds for arguments below -800 do not depend on the argument).
    """

    def pos(v, dd):
        arg = np.maximum(-2.0 * v, -_MAX)
        m = -_expm1_toward(arg, -dd)
        den = _add_toward(2.0, -m, -dd)
        return np.minimum(_div_toward(m, den, dd), 1.0)

    def neg(v, dd):
        return -pos(-v, -dd)

    return _by_region(x, d, (
        (x > 0, pos),
        (x < 0, neg),
        (x == 0, _constant(0.0, 0.0)),
    ))


def _npdf_of_abs_toward(v, d):
    """e^(-v^2/2)/sqrt(2 pi) towards ``d`` for v >= 0 (decreasing in v, evaluated at v itself):
    Gaussian factor from the exact square (double-double exponent), times the bracketed
    constant, scaled by 2^k, all rounded towards d. Below 2^-1074 beyond v = 40."""

    def regular(w, dd):
        p, e, exact = _square_parts(w)
        m, k = _gauss_factor_parts(p, e, exact, True, dd)
        lo_c, hi_c = _C["inv_sqrt_2pi"]
        return _ldexp_toward(_mul_toward(m, np.where(dd > 0, hi_c, lo_c), dd), k, dd)

    return _by_region(v, d, (
        (v <= 40.0, regular),
        ((v > 40.0) & (v < _INF), _constant(0.0, _TINY)),
        (v == _INF, _constant(0.0, 0.0)),
    ))


# -- Arb fallback, one element at a time ----------------------------------------------------------

_ARB_PRECISION = 128


def _arb_toward(name: str, x, d):
    """f(x[i]) bounded on side d[i] by Arb (exact conversion of each double in, outward rounding
    of each ball end out). Slow; used for elements no fast path settles."""
    out = np.empty(len(x))
    with working_precision(_ARB_PRECISION):
        for i, (xi, di) in enumerate(zip(np.asarray(x, dtype=np.float64), np.asarray(d))):
            xi = float(xi)
            if math.isnan(xi):
                out[i] = np.nan
                continue
            ball = getattr(arb(xi), name)() if math.isfinite(xi) else arb(xi)
            out[i] = _arb_bound_to_double(ball, int(di))
    return out


# -- the batch ------------------------------------------------------------------------------------

# Point functions run on slices of this many end points: their dozens of temporaries then stay
# in cache (and below the allocator's mmap threshold), about twice as fast as whole batches.
_CHUNK = 8192


def _coerce_endpoints(value, d: int) -> np.ndarray:
    """Array of doubles for end points given as floats, ints, Fractions, ...; a number that is
    not a double is rounded to side ``d`` (outward)."""
    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        return value
    if isinstance(value, (float, np.floating)):
        return np.asarray(value, dtype=np.float64)
    arr = np.asarray(value)
    if arr.dtype.kind == "f" and arr.dtype.itemsize <= 8:
        return arr.astype(np.float64)  # float16/32 widen exactly
    if arr.dtype.kind in "iu":
        as_float = arr.astype(np.float64)
        with np.errstate(all="ignore"):
            exact = (np.abs(as_float) < 2.0**53).all()  # every such integer is a double
        if exact:
            return as_float
    if arr.dtype.kind == "b":
        raise ValueError(f"interval end points must be numbers, not booleans: {value!r}")
    flat = [_number_toward(v, d) for v in arr.ravel().tolist()]
    return np.array(flat, dtype=np.float64).reshape(arr.shape)


def _number_toward(v, d: int) -> float:
    if isinstance(v, (float, np.float64, np.float32, np.float16)):
        return float(v)  # exact (inf and NaN pass through to the checks)
    if isinstance(v, np.floating):  # long double: its exact value, rounded outward
        if not np.isfinite(v):
            return float(v)
        return _double_toward(Fraction(*v.as_integer_ratio()), d)
    return _double_toward(to_fraction(v), d)


def _flat(*arrays):
    """Common broadcast shape and the operands as 1-d contiguous arrays of that size."""
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    flats = [np.ascontiguousarray(np.broadcast_to(a, shape)).reshape(-1) for a in arrays]
    return shape, flats


class IntervalArray:
    """A batch of closed intervals [lo[i], hi[i]] with rigorous, outward-rounded arithmetic.

    ``IntervalArray(lo, hi)`` takes arrays or scalars (broadcast to one shape; numbers that are
    not doubles, such as Fractions, are rounded outward) and raises ``ValueError`` naming the
    offending elements for NaN or lo > hi. ``lo`` and ``hi`` are float64 numpy arrays of one
    shape; every operation works element by element with numpy broadcasting and returns an
    ``IntervalArray`` whose elements contain the image of the operands' elements. Arithmetic (``+ - * /``, ``**`` with an integer exponent,
    ``abs``, unary ``-``) accepts ints, floats (their exact binary value), Fractions, scalar
    :class:`Interval` s and other batches. Functions are methods: :meth:`exp`, :meth:`log`, ...

    Domain rule: an element whose interval reaches outside a function's domain gets the image of
    its part inside (``log`` of [-1, 1] is [-inf, 0]) and ``defined`` False; an element wholly
    outside gets NaN at both ends (``log`` of [-2, -1]), and NaN elements stay NaN through later
    operations, so the caller can find and report those boxes (:attr:`certainly_undefined`).
    """

    __slots__ = ("lo", "hi", "_def", "_exact")
    __array_ufunc__ = None  # numpy defers to our reflected operators (1.0 + batch)

    def __init__(self, lo, hi):
        lo_arr = _coerce_endpoints(lo, -1)
        hi_arr = _coerce_endpoints(hi, +1)
        lo_arr, hi_arr = np.broadcast_arrays(lo_arr, hi_arr)
        bad_nan = np.isnan(lo_arr) | np.isnan(hi_arr)
        if bad_nan.any():
            raise ValueError(
                f"IntervalArray: NaN end point(s): {_show_bad(lo_arr, hi_arr, bad_nan)}"
            )
        reversed_ = lo_arr > hi_arr
        if reversed_.any():
            raise ValueError(
                "IntervalArray: empty interval(s) with lo > hi: "
                f"{_show_bad(lo_arr, hi_arr, reversed_)}"
            )
        self.lo = np.array(lo_arr, dtype=np.float64)
        self.hi = np.array(hi_arr, dtype=np.float64)
        self._def = None

    @classmethod
    def _trusted(cls, lo, hi, shape=None, defined=None) -> "IntervalArray":
        """A batch from end points known to be sound. ``defined``: None (every element defined)
        or a bool array broadcastable to the batch's shape (flat of the batch's size when
        ``shape`` is given)."""
        obj = object.__new__(cls)
        lo = np.asarray(lo, dtype=np.float64)
        hi = np.asarray(hi, dtype=np.float64)
        if shape is not None:
            lo = lo.reshape(shape)
            hi = hi.reshape(shape)
        obj.lo = lo
        obj.hi = hi
        if defined is not None:
            defined = np.asarray(defined, dtype=bool)
            if shape is not None and defined.size == lo.size:
                defined = defined.reshape(shape)
            if defined.shape != lo.shape:
                defined = np.broadcast_to(defined, np.broadcast_shapes(defined.shape, lo.shape, hi.shape))
        obj._def = defined
        return obj

    # -- construction helpers --------------------------------------------------------------
    @classmethod
    def point_like(cls, like, value) -> "IntervalArray":
        """The tightest batch of shape () holding the exact number ``value`` (int, float as its
        exact binary value, Fraction, decimal string): the two neighbouring doubles when it is
        not a double (decided by exact Fraction comparisons)."""
        if isinstance(value, IntervalArray):
            return value
        if isinstance(value, Interval):
            lo, hi = value.float_bounds()
            return cls._trusted(lo, hi, defined=None if value.defined else False)
        q = to_fraction(value)
        obj = cls._trusted(_double_toward(q, -1), _double_toward(q, +1))
        obj._exact = q  # the exact number (read by ** so that x**(1/3) keeps 0**(1/3) = 0)
        return obj

    @classmethod
    def const_pi(cls, like=None) -> "IntervalArray":
        """pi between two doubles (bounds from Arb at 256 bits, rounded outward exactly)."""
        lo, hi = _C["pi"]
        return cls._trusted(lo, hi)

    @classmethod
    def from_intervals(cls, intervals) -> "IntervalArray":
        """A 1-d batch from scalar :class:`Interval` s, each end rounded outward to a double."""
        intervals = list(intervals)
        bounds = [iv.float_bounds() for iv in intervals]
        lo = np.array([b[0] for b in bounds], dtype=np.float64)
        hi = np.array([b[1] for b in bounds], dtype=np.float64)
        defined = np.array([iv.defined for iv in intervals], dtype=bool)
        return cls._trusted(lo, hi, defined=None if defined.all() else defined)

    def to_intervals(self) -> list:
        """The elements (row-major) as scalar :class:`Interval` s, exactly (doubles are exact
        rationals), each with its decoration. A NaN element (certainly undefined) raises
        :class:`DomainError`."""
        shape = np.broadcast_shapes(self.lo.shape, self.hi.shape)
        lo = np.broadcast_to(self.lo, shape).reshape(-1)
        hi = np.broadcast_to(self.hi, shape).reshape(-1)
        bad = np.flatnonzero(np.isnan(lo) | np.isnan(hi))
        if bad.size:
            raise DomainError(
                f"element(s) {bad[:5].tolist()} lie outside a function's domain (NaN)"
            )
        defined = self.defined.reshape(-1).tolist()
        out = []
        for a, b, ok in zip(lo.tolist(), hi.tolist(), defined):
            iv = Interval(float(a), float(b))
            out.append(iv if ok else Interval(iv._lo, iv._hi, _trusted=True, _defined=False))
        return out

    # -- views -----------------------------------------------------------------------------
    @property
    def shape(self) -> tuple:
        return self.lo.shape

    def __len__(self) -> int:
        if self.lo.ndim == 0:
            raise TypeError("len() of a 0-d IntervalArray")
        return self.lo.shape[0]

    def __getitem__(self, index) -> "IntervalArray":
        d = self._def
        if d is not None:
            d = np.broadcast_to(d, self.lo.shape)[index]
        return IntervalArray._trusted(self.lo[index], self.hi[index], defined=d)

    @property
    def defined(self) -> np.ndarray:
        """Bool array of the batch's shape: True where every operation that produced the element
        was defined on the whole of its operands' elements (see the module docstring); always
        False at a NaN (certainly undefined) element. A new array on every access."""
        shape = np.broadcast_shapes(self.lo.shape, self.hi.shape)
        ok = ~(np.isnan(self.lo) | np.isnan(self.hi))
        ok = np.array(np.broadcast_to(ok, shape))
        if self._def is not None:
            ok &= np.broadcast_to(self._def, shape)
        return ok

    @property
    def certainly_undefined(self) -> np.ndarray:
        """Bool array: the element's computation is defined at no point of its box (NaN ends)."""
        shape = np.broadcast_shapes(self.lo.shape, self.hi.shape)
        return np.array(np.broadcast_to(np.isnan(self.lo) | np.isnan(self.hi), shape))

    def _with_defined(self, defined) -> "IntervalArray":
        """The same enclosures with the decoration ``defined`` (None or a bool array)."""
        return IntervalArray._trusted(self.lo, self.hi, defined=defined)

    def contains_zero(self) -> np.ndarray:
        """Bool array: 0 lies in the element (False for NaN elements)."""
        return (self.lo <= 0) & (self.hi >= 0)

    def width(self) -> np.ndarray:
        """Upper bound of hi - lo per element (inf when unbounded, NaN for NaN elements)."""
        shape, (lo, hi) = _flat(self.lo, self.hi)
        with np.errstate(all="ignore"):
            return _add_toward(hi, -lo, 1).reshape(shape)

    def mid(self) -> np.ndarray:
        """A point inside each element: the rounded midpoint when finite (clipped into the
        interval, so rounding can never leave it), else like :meth:`Interval.midpoint`."""
        lo, hi = self.lo, self.hi
        with np.errstate(all="ignore"):
            m = 0.5 * lo + 0.5 * hi
            m = np.where(np.isinf(lo) & np.isinf(hi), 0.0, m)
            m = np.where(np.isneginf(lo) & np.isfinite(hi), np.minimum(hi, 0.0) - 1.0, m)
            m = np.where(np.isfinite(lo) & np.isposinf(hi), np.maximum(lo, 0.0) + 1.0, m)
            return np.minimum(np.maximum(m, lo), hi)

    def __bool__(self):
        raise TypeError(
            "an IntervalArray has no truth value; compare end points (.lo, .hi) elementwise"
        )

    def __repr__(self) -> str:
        if self._def is None or self._def.all():
            return f"IntervalArray(lo={self.lo!r}, hi={self.hi!r})"
        return f"IntervalArray(lo={self.lo!r}, hi={self.hi!r}, defined={self.defined!r})"

    # -- arithmetic ------------------------------------------------------------------------
    def _coerce(self, other):
        if isinstance(other, IntervalArray):
            return other
        if isinstance(other, Interval):
            lo, hi = other.float_bounds()
            return IntervalArray._trusted(lo, hi, defined=None if other.defined else False)
        if isinstance(other, bool):
            return NotImplemented
        if isinstance(other, (int, float, Fraction, np.integer, np.floating)):
            return IntervalArray.point_like(self, other)
        if isinstance(other, np.ndarray) and other.dtype.kind in "fiu":
            return IntervalArray(other, other)  # exact points (rounded outward if not doubles)
        materialize = getattr(other, "materialize_like", None)
        if materialize is not None:
            return self._coerce(materialize(self))
        try:
            return IntervalArray.point_like(self, to_fraction(other))
        except (ValueError, TypeError):
            return NotImplemented

    def __neg__(self):
        return IntervalArray._trusted(-self.hi, -self.lo, defined=self._def)

    def __pos__(self):
        return self

    def __add__(self, other):
        """End points added with TwoSum-emulated rounding: lo down, hi up."""
        other = self._coerce(other)
        if other is NotImplemented:
            return NotImplemented
        shape, (a, b, c, d) = _flat(self.lo, self.hi, other.lo, other.hi)
        with np.errstate(all="ignore"):
            return IntervalArray._trusted(_add_toward(a, c, -1), _add_toward(b, d, 1), shape,
                                          _def_of(self, other))

    __radd__ = __add__

    def __sub__(self, other):
        """x - y as x + (-y). ``x - x`` with the same object is exactly 0 (both operands are the
        same quantity, as in ``x * x``), NaN where x is."""
        if other is self:
            zero = np.where(np.isnan(self.lo) | np.isnan(self.hi), np.nan, 0.0)
            return IntervalArray._trusted(zero, zero, defined=self._def)
        other = self._coerce(other)
        if other is NotImplemented:
            return NotImplemented
        return self + (-other)

    def __rsub__(self, other):
        other = self._coerce(other)
        if other is NotImplemented:
            return NotImplemented
        return other + (-self)

    def __mul__(self, other):
        """Min and max of the four end-point products, each rounded by TwoProduct emulation
        (0 * inf = 0). ``x * x`` with the same object is the square ``x**2`` (both factors are
        the same quantity), which is tighter."""
        if other is self:
            return self**2
        other = self._coerce(other)
        if other is NotImplemented:
            return NotImplemented
        shape, (a, b, c, d) = _flat(self.lo, self.hi, other.lo, other.hi)
        with np.errstate(all="ignore"):
            lo, hi = _interval_product(a, b, c, d)
        return IntervalArray._trusted(lo, hi, shape, _def_of(self, other))

    __rmul__ = __mul__

    def __truediv__(self, other):
        """Divisors away from 0: min/max of the four end-point quotients, each rounded by the
        exact-remainder test. Divisors containing 0 or with an infinite end: x * (1/y) with the
        IEEE 1788 reciprocal (so [1, 2] / [0, 1] = [1, inf])."""
        other = self._coerce(other)
        if other is NotImplemented:
            return NotImplemented
        return _interval_divide(self, other)

    def __rtruediv__(self, other):
        other = self._coerce(other)
        if other is NotImplemented:
            return NotImplemented
        return _interval_divide(other, self)

    def reciprocal(self) -> "IntervalArray":
        """1/x: [1/hi, 1/lo] rounded outward away from 0; through 0 as IEEE 1788 does:
        [0, b] -> [1/b, inf], [a, 0] -> [-inf, 1/a], straddling 0 -> entire, all not defined;
        [0, 0] -> NaN (certainly undefined)."""
        shape, (a, b) = _flat(self.lo, self.hi)
        with np.errstate(all="ignore"):
            lo, hi = _reciprocal(a, b)
            through_zero = (a <= 0) & (b >= 0)
        return _with_nan(lo, hi, through_zero & (a == 0) & (b == 0), shape,
                         _def_after(shape, ~through_zero, self))

    def __pow__(self, n):
        """Integer powers by directed binary powering of |end points| (even powers are tight
        around 0: [mig^n, mag^n]), defined everywhere (x**0 = 1); negative powers are
        reciprocals of positive ones, defined iff 0 is not in x; exponent 1/2 is sqrt; another
        non-integer rational q by :meth:`_pow_rational`; a batch exponent that is not one exact
        number goes through exp(n log x) (defined iff x > 0). An exact exponent (a 0-d point, or
        one made by :meth:`point_like`) counts as that number, and the result is defined only
        where the exponent is."""
        if isinstance(n, Interval):
            n = IntervalArray.point_like(self, n) if n.exact_value is None else _exact_point(n)
        if isinstance(n, IntervalArray):
            q = getattr(n, "_exact", None)
            if q is None and n.shape == () and n.lo == n.hi and np.isfinite(n.lo):
                q = Fraction(float(n.lo))
            if q is None:
                return (self.log() * n).exp()
            r = self ** q
            return r if n._def is None else r._with_defined(_def_of(r, n))
        if isinstance(n, bool):
            return NotImplemented
        if not isinstance(n, (int, np.integer)):
            q = to_fraction(n)
            if q.denominator == 1:
                n = int(q)
            elif q == Fraction(1, 2):
                return self.sqrt()
            else:
                return self._pow_rational(q)
        n = int(n)
        if n == 0:
            nan = np.isnan(self.lo) | np.isnan(self.hi)
            one = np.where(nan, np.nan, 1.0)
            return IntervalArray._trusted(one, one, defined=self._def)
        if n < 0:
            # x**n = 1/x**|n|, defined iff 0 is not in x. The power's lower end may underflow to
            # 0 for a tiny nonzero x (the reciprocal would then call it undefined, soundly but
            # needlessly), so the decoration is taken from x itself; the power is [0, 0] (NaN
            # after the reciprocal) only when x is [0, 0], since an upper end rounded up from a
            # nonzero power is nonzero.
            r = (self ** (-n)).reciprocal()
            shape, (a, b) = _flat(self.lo, self.hi)
            return r._with_defined(_def_after(shape, ~((a <= 0) & (b >= 0)), self))
        if n == 1:
            return self
        shape, (a, b) = _flat(self.lo, self.hi)
        with np.errstate(all="ignore"):
            if n % 2 == 0:
                mig, mag = _mig_mag(a, b)
                lo = _pow_nonneg_toward(mig, n, -1)
                hi = _pow_nonneg_toward(mag, n, 1)
            else:
                lo = _odd_pow_toward(a, n, -1)
                hi = _odd_pow_toward(b, n, 1)
        return IntervalArray._trusted(lo, hi, shape, self._def)

    def _pow_rational(self, q: Fraction) -> "IntervalArray":
        """x**q for a non-integer rational q, on the part of x in its domain: [0, inf) for q > 0
        (x**q increasing, 0**q = 0; defined iff lo >= 0, NaN where hi < 0), (0, inf) for q < 0
        (decreasing; defined iff lo > 0, NaN where hi <= 0). Evaluated as exp(q log x) on the
        clipped element [max(lo, 0), hi]: a lower end 0 gives log = -inf, hence exp(+-inf) = 0
        or inf, the right limits; an element [lo, 0] with q > 0 is exactly [0, 0]."""
        shape, (a, b) = _flat(self.lo, self.hi)
        with np.errstate(invalid="ignore"):
            if q > 0:
                ok, outside, zero = a >= 0, b < 0, b == 0
            else:
                ok, outside, zero = a > 0, b <= 0, np.zeros(a.shape, dtype=bool)
            skip = outside | zero
            clipped = IntervalArray._trusted(np.where(skip, 1.0, np.maximum(a, 0.0)),
                                             np.where(skip, 1.0, b))
        r = (clipped.log() * IntervalArray.point_like(self, q)).exp()
        lo = np.where(zero, 0.0, r.lo.reshape(-1))
        hi = np.where(zero, 0.0, r.hi.reshape(-1))
        nan = np.isnan(a) | np.isnan(b)
        return _with_nan(lo, hi, outside | nan, shape, _def_after(shape, ok, self))

    def __abs__(self):
        shape, (a, b) = _flat(self.lo, self.hi)
        mig, mag = _mig_mag(a, b)
        return IntervalArray._trusted(mig, mag, shape, self._def)

    def _operand(self, other, what: str) -> "IntervalArray":
        coerced = self._coerce(other)
        if coerced is NotImplemented:
            raise TypeError(f"{what} of an IntervalArray and a {type(other).__name__}")
        return coerced

    def minimum(self, other) -> "IntervalArray":
        """Elementwise min(x, y): [min(lo), min(hi)] (exact; NaN elements stay NaN)."""
        other = self._operand(other, "minimum")
        return IntervalArray._trusted(np.minimum(self.lo, other.lo), np.minimum(self.hi, other.hi),
                                      defined=_def_of(self, other))

    def maximum(self, other) -> "IntervalArray":
        """Elementwise max(x, y): [max(lo), max(hi)] (exact; NaN elements stay NaN)."""
        other = self._operand(other, "maximum")
        return IntervalArray._trusted(np.maximum(self.lo, other.lo), np.maximum(self.hi, other.hi),
                                      defined=_def_of(self, other))

    def hull(self, other) -> "IntervalArray":
        """Smallest batch containing both, element by element; defined where both are."""
        other = self._operand(other, "hull")
        return IntervalArray._trusted(np.minimum(self.lo, other.lo), np.maximum(self.hi, other.hi),
                                      defined=_def_of(self, other))

    # -- elementary functions --------------------------------------------------------------
    def _monotone(self, point_fn, increasing: bool = True, chunk=_CHUNK):
        """Image under a monotone function: both ends in one batch, the lower end of the result
        evaluated towards -inf and the upper towards +inf."""
        shape, (a, b) = _flat(self.lo, self.hi)
        n = a.size
        first, second = (a, b) if increasing else (b, a)
        values = _evaluate_ends(point_fn, first, second, chunk)
        return shape, values[:n], values[n:], a, b

    def exp(self):
        """exp is increasing: [exp(lo) rounded down, exp(hi) rounded up] by range reduction
        (k ln2 + j/64 + t), an Arb-verified table and a Taylor polynomial with its Lagrange
        remainder, every step rounded towards its side. Exactly [1, 1] at 0."""
        shape, lo, hi, _, _ = self._monotone(_exp_toward)
        return IntervalArray._trusted(lo, hi, shape, self._def)

    def expm1(self):
        """e^x - 1, increasing; no cancellation near 0 (table + Taylor, and
        expm1(x) = -m/(1+m), m = expm1(-x), for small negative x); exactly 0 at 0."""
        shape, lo, hi, _, _ = self._monotone(_expm1_toward)
        return IntervalArray._trusted(lo, hi, shape, self._def)

    def log(self):
        """log, increasing on (0, inf): numpy's candidate verified with the rigorous exp
        (exp(y) rounded up <= x proves y <= log x), near 1 through log1p of the exact x - 1;
        Arb for what stays unverified. Lower end -inf when lo <= 0 (not defined); NaN element
        when hi <= 0.
        Exactly 0 at 1."""
        shape, lo, hi, a, b = self._monotone(_log_toward)
        return _with_nan(lo, hi, b <= 0, shape, _def_after(shape, a > 0, self))

    def log1p(self):
        """log(1 + x), increasing on (-1, inf), verified with the rigorous expm1; lower end -inf
        when lo <= -1 (not defined); NaN element when hi <= -1. Exactly 0 at 0."""
        shape, lo, hi, a, b = self._monotone(_log1p_toward)
        return _with_nan(lo, hi, b <= -1, shape, _def_after(shape, a > -1, self))

    def sqrt(self):
        """sqrt, increasing on [0, inf): IEEE sqrt is correctly rounded, and the exact sign of
        m - s^2 (TwoProduct) says whether to step one ulp. Lower end 0 when lo < 0 (not
        defined); NaN element when hi < 0. sqrt([0, 0]) = [0, 0], defined."""
        shape, lo, hi, a, b = self._monotone(_sqrt_toward)
        return _with_nan(lo, hi, b < 0, shape, _def_after(shape, a >= 0, self))

    def erf(self):
        """erf, increasing: positive-term series times e^(-x^2) below 2, 1 - erfc (continued
        fraction) above, odd symmetry for x < 0. Exactly 0 at 0."""
        shape, lo, hi, _, _ = self._monotone(_erf_toward, chunk=None)
        return IntervalArray._trusted(lo, hi, shape, self._def)

    def erfc(self):
        """erfc, decreasing: [erfc(hi) rounded down, erfc(lo) rounded up]; the Laplace continued
        fraction (convergents of both parities bracket it) for x >= 1, so tails keep their
        relative accuracy; 1 -/+ erf elsewhere."""
        shape, lo, hi, _, _ = self._monotone(_erfc_toward, increasing=False, chunk=None)
        return IntervalArray._trusted(lo, hi, shape, self._def)

    def tanh(self):
        """tanh, increasing: m/(2 - m) with m = -expm1(-2|x|), odd. Exactly 0 at 0."""
        shape, lo, hi, _, _ = self._monotone(_tanh_toward)
        return IntervalArray._trusted(lo, hi, shape, self._def)

    def Phi(self):
        """Standard normal CDF, increasing: erfc(-x/sqrt 2)/2 with x/sqrt 2 enclosed (not
        rounded), and the Gaussian tail from the exact x^2 for x <= -3/2. Exactly 1/2 at 0."""
        shape, lo, hi, _, _ = self._monotone(_phi_toward, chunk=None)
        return IntervalArray._trusted(lo, hi, shape, self._def)

    def npdf(self):
        """Standard normal density exp(-x^2/2)/sqrt(2 pi): decreasing in |x|, so
        [npdf(mag) rounded down, npdf(mig) rounded up] with [mig, mag] = |x| (the even power,
        no dependency); each end from the exact square of |x| as a double-double exponent."""
        shape, (a, b) = _flat(self.lo, self.hi)
        mig, mag = _mig_mag(a, b)
        n = a.size
        values = _evaluate_ends(_npdf_of_abs_toward, mag, mig)
        return IntervalArray._trusted(values[:n], values[n:], shape, self._def)


    # -- special functions (element by element through the scalar Interval) -----------------
    # gamma, loggamma, ndtri, atan, asin, acos, besseli0/1, the incomplete gamma functions and
    # Owen's T have no numpy-level rigorous evaluation here: each element is turned into a scalar
    # Interval exactly (doubles are exact rationals), the Interval method of the same name (whose
    # docstring is the contract: domain, decoration, poles) runs at 128 bits of Arb precision, and
    # its ends are rounded outward to doubles. A DomainError (the element wholly outside the
    # domain) makes the element NaN (certainly undefined); a NaN element stays NaN. Cost: one
    # Arb evaluation per element end (tens of microseconds; Owen's T, a certified quadrature, about
    # a millisecond), against a few nanoseconds for exp.

    def _special(self, name, *params, other=None):
        return _elementwise(name, self, other, params)

    def atan(self):
        """atan element by element (see :meth:`Interval.atan`)."""
        return self._special("atan")

    def asin(self):
        """asin element by element (see :meth:`Interval.asin`: closed domain [-1, 1])."""
        return self._special("asin")

    def acos(self):
        """acos element by element (see :meth:`Interval.acos`)."""
        return self._special("acos")

    def gamma(self):
        """Gamma element by element (see :meth:`Interval.gamma`: poles at 0, -1, -2, ...)."""
        return self._special("gamma")

    def loggamma(self):
        """log Gamma for x > 0, element by element (see :meth:`Interval.loggamma`)."""
        return self._special("loggamma")

    def digamma(self):
        return self._special("digamma")

    def trigamma(self):
        return self._special("trigamma")

    def ndtri(self):
        """Phi^-1 on (0, 1) element by element (see :meth:`Interval.ndtri`)."""
        return self._special("ndtri")

    def besseli(self, n):
        """I_n element by element (see :meth:`Interval.besseli`)."""
        return self._special("besseli", n)

    def besseli0(self):
        return self.besseli(0)

    def besseli1(self):
        return self.besseli(1)

    def gammainc_lower(self, x):
        """P(a, x) with a = self, element by element (see :meth:`Interval.gammainc_lower`)."""
        return self._special("gammainc_lower", other=self._operand(x, "gammainc_lower"))

    def gammainc_upper(self, x):
        """Q(a, x) with a = self, element by element (see :meth:`Interval.gammainc_upper`)."""
        return self._special("gammainc_upper", other=self._operand(x, "gammainc_upper"))

    def owens_t(self, a):
        """Owen's T(h, a) with h = self, element by element (see :meth:`Interval.owens_t`)."""
        return self._special("owens_t", other=self._operand(a, "owens_t"))

# -- interval helpers ---------------------------------------------------------------------------

def _evaluate_ends(point_fn, lower_points, upper_points, chunk=_CHUNK):
    """point_fn on the lower points towards -inf and the upper points towards +inf, as one
    batch [lower results, upper results], in chunks of ``chunk`` points (None: one batch)."""
    n = lower_points.size
    points = np.concatenate([lower_points, upper_points])
    dirs = np.concatenate([np.full(n, -1, dtype=np.int8), np.full(n, 1, dtype=np.int8)])
    with np.errstate(all="ignore"):
        if chunk is None or points.size <= chunk:
            return point_fn(points, dirs)
        out = np.empty_like(points)
        for start in range(0, points.size, chunk):
            part = slice(start, start + chunk)
            out[part] = point_fn(points[part], dirs[part])
        return out


def _elementwise(name, x, other, params):
    """The Interval method ``name`` on every element of ``x`` (and of ``other``, broadcast, for a
    function of two arguments), each result rounded outward to doubles; see the comment above
    IntervalArray.atan."""
    operands = [x] if other is None else [x, other]
    shape = np.broadcast_shapes(*(o.lo.shape for o in operands))
    los = [np.broadcast_to(o.lo, shape).reshape(-1) for o in operands]
    his = [np.broadcast_to(o.hi, shape).reshape(-1) for o in operands]
    defs = [np.broadcast_to(o.defined, shape).reshape(-1) for o in operands]
    n = int(np.prod(shape, dtype=np.int64))
    lo, hi = np.empty(n), np.empty(n)
    ok = np.ones(n, dtype=bool)
    with working_precision(_ARB_PRECISION):
        for i in range(n):
            ends = [(float(a[i]), float(b[i])) for a, b in zip(los, his)]
            if any(math.isnan(e) for pair in ends for e in pair):
                lo[i] = hi[i] = np.nan
                ok[i] = False
                continue
            ivs = [Interval(a, b) if d[i] else Interval(Interval(a, b)._lo, Interval(a, b)._hi, _trusted=True,
                                                       _defined=False)
                   for (a, b), d in zip(ends, defs)]
            try:
                r = getattr(ivs[0], name)(*(ivs[1:] or params))
            except DomainError:
                lo[i] = hi[i] = np.nan
                ok[i] = False
                continue
            lo[i], hi[i] = r.float_bounds()
            ok[i] = r.defined
    return IntervalArray._trusted(lo, hi, shape, None if ok.all() else ok)

def _show_bad(lo, hi, mask, limit: int = 5) -> str:
    """The first offending elements as text, for error messages."""
    idx = np.argwhere(mask)[:limit]
    items = [
        f"[{float(lo[tuple(i)])!r}, {float(hi[tuple(i)])!r}] at index {tuple(int(j) for j in i)}"
        for i in idx
    ]
    more = int(mask.sum()) - len(items)
    return ", ".join(items) + (f" and {more} more" if more > 0 else "")


def _with_nan(lo, hi, outside, shape, defined=None):
    """The batch [lo, hi] with NaN at both ends of the elements wholly outside a domain
    (certainly undefined: their decoration is False through the NaN) and the decoration
    ``defined`` (None, or flat or of the batch's shape) elsewhere."""
    if outside.any():
        lo = np.where(outside, np.nan, lo)
        hi = np.where(outside, np.nan, hi)
        defined = ~outside.reshape(shape) if defined is None else (defined & ~outside.reshape(shape))
    return IntervalArray._trusted(lo, hi, shape, defined)


def _def_of(*operands):
    """The operands' decorations combined: None when every element of every operand is defined,
    else a bool array broadcastable to their common shape."""
    out = None
    for x in operands:
        d = x._def
        if d is not None:
            out = d if out is None else (out & d)
    return out


def _def_after(shape, ok, *operands):
    """Decoration of an operation's result of shape ``shape``: the operands' decorations and
    ``ok`` (a flat bool array: the operation is defined on that element's operand box)."""
    d = _def_of(*operands)
    if ok.all():
        return d
    ok = ok.reshape(shape)
    return ok if d is None else (d & ok)


def _exact_point(iv: Interval) -> "IntervalArray":
    """A scalar Interval made by Interval.point as a 0-d batch that remembers its exact value."""
    out = IntervalArray.point_like(None, iv.exact_value)
    return out if iv.defined else out._with_defined(False)


def _mig_mag(a, b):
    """(min |x|, max |x|) over [a, b], exact."""
    with np.errstate(invalid="ignore"):
        mig = np.where(a >= 0, a, np.where(b <= 0, -b, 0.0))
        mag = np.maximum(np.abs(a), np.abs(b))
    mig = np.where(np.isnan(a) | np.isnan(b), np.nan, mig)
    return mig, mag


def _odd_pow_toward(v, n, d):
    """v^n for odd n, rounded towards d: sign(v) |v|^n with |v|^n on side d*sign(v)."""
    out = np.empty_like(v)
    pos = v >= 0
    out[pos] = _pow_nonneg_toward(v[pos], n, d)
    neg = v < 0
    out[neg] = -_pow_nonneg_toward(-v[neg], n, -d)
    out[np.isnan(v)] = np.nan
    return out


def _product_bounds(x, y):
    """x*y rounded down and up, from one TwoProduct (the error sign decides each side)."""
    p, err = _prod_err(x, y)
    return _step(p, err < 0, -1), _step(p, err > 0, 1)


def _interval_product(a, b, c, d):
    """[a, b] * [c, d]: the product is bilinear, so its extremes over the box are at corners;
    lo is the least corner product rounded down and hi the greatest rounded up (min/max of
    directed roundings = directed rounding of min/max, rounding being monotone). When every
    element of both factors is nonnegative the corners are known: a*c and b*d."""
    if a.size and np.min(a) >= 0 and np.min(c) >= 0:
        return _mul_toward(a, c, -1), _mul_toward(b, d, 1)
    lo1, hi1 = _product_bounds(a, c)
    lo2, hi2 = _product_bounds(a, d)
    lo3, hi3 = _product_bounds(b, c)
    lo4, hi4 = _product_bounds(b, d)
    lo = np.minimum(np.minimum(lo1, lo2), np.minimum(lo3, lo4))
    hi = np.maximum(np.maximum(hi1, hi2), np.maximum(hi3, hi4))
    return lo, hi


def _reciprocal(a, b):
    """1/[a, b] per IEEE 1788: 1/x is decreasing on each side of 0, so [1/b down, 1/a up] away
    from 0 (1/inf = 0 exactly); an end at 0 gives the infinite end; 0 strictly inside (or [0, 0])
    gives the whole line."""
    lo = np.empty_like(a)
    hi = np.empty_like(a)
    positive = a > 0
    negative = b < 0
    regular = positive | negative
    lo[regular] = _div_toward(1.0, b[regular], -1)
    hi[regular] = _div_toward(1.0, a[regular], 1)
    # [0, b] with b > 0: [1/b, inf]; [a, 0] with a < 0: [-inf, 1/a]; otherwise entire
    right = (a == 0) & (b > 0)
    lo[right] = _div_toward(1.0, b[right], -1)
    hi[right] = _INF
    left = (b == 0) & (a < 0)
    lo[left] = -_INF
    hi[left] = _div_toward(1.0, a[left], 1)
    rest = ~(regular | right | left)
    lo[rest] = -_INF
    hi[rest] = _INF
    nan = np.isnan(a) | np.isnan(b)
    lo[nan] = np.nan
    hi[nan] = np.nan
    return lo, hi


def _interval_divide(x: IntervalArray, y: IntervalArray) -> IntervalArray:
    """x / y by the IEEE 1788 division table, each finite end one directed quotient (so exact
    quotients stay exact and the result is as tight as the end-point formulas allow).

    y away from 0 (ends possibly infinite): x/y is monotone in each argument there, so the
    extremes are among the corner quotients (see _quotient_bounds). y = [0, d], d > 0: x/y
    ranges over [b/d, inf) for x > 0 ... as in the table below; y straddling 0: the whole line.
    x = [0, 0] gives [0, 0] for a divisor through 0 (0/y = 0 wherever y != 0).

    Decoration: defined where x and y are and 0 is not in y; y = [0, 0] has no point where the
    quotient is defined, so those elements are NaN (certainly undefined), whatever x is.
    """
    shape, (a, b, c, d) = _flat(x.lo, x.hi, y.lo, y.hi)
    with np.errstate(all="ignore"):
        lo = np.full(a.shape, -_INF)
        hi = np.full(a.shape, _INF)
        nan = np.isnan(a) | np.isnan(b) | np.isnan(c) | np.isnan(d)
        away = ((c > 0) | (d < 0)) & ~nan
        if away.all():
            lo, hi = _quotient_bounds(a, b, c, d)
            return IntervalArray._trusted(lo, hi, shape, _def_of(x, y))
        idx = np.flatnonzero(away)
        if idx.size:
            lo[idx], hi[idx] = _quotient_bounds(a[idx], b[idx], c[idx], d[idx])
        _divide_by_zero_end(a, b, c, d, lo, hi, ~away & ~nan)
        x_zero = (a == 0) & (b == 0) & ~away
        lo[x_zero] = 0.0
        hi[x_zero] = 0.0
        through_zero = (c <= 0) & (d >= 0)
        y_zero = (c == 0) & (d == 0)
    return _with_nan(lo, hi, nan | y_zero, shape, _def_after(shape, ~through_zero, x, y))


def _divide_by_zero_end(a, b, c, d, lo, hi, mask):
    """Fill lo/hi (preset to the whole line) where ``mask`` and y = [c, d] has 0 as an end:
    y = [0, d], d > 0:  x > 0 -> [a/d, inf];  x < 0 -> [-inf, b/d];  x = [0, b] -> [0, inf];
                        x = [a, 0] -> [-inf, 0];  0 inside x -> whole line.
    y = [c, 0], c < 0:  x > 0 -> [-inf, a/c];  x < 0 -> [b/c, inf];  x = [0, b] -> [-inf, 0];
                        x = [a, 0] -> [0, inf];  0 inside x -> whole line.
    (x/y over y in (0, d] sweeps from x/d out to +-inf; the finite end is one directed quotient.)
    """
    right = mask & (c == 0) & (d > 0)
    left = mask & (c < 0) & (d == 0)
    for side, zero_end in ((right, d), (left, c)):
        if not side.any():
            continue
        pos = side & (a > 0)
        neg = side & (b < 0)
        up_is_inf = zero_end > 0  # dividing by (0, d]: positive x goes to +inf
        # x > 0: the finite end is a / zero_end (lower for y > 0, upper for y < 0)
        idx = np.flatnonzero(pos)
        if idx.size:
            q_lo = _div_toward(a[idx], zero_end[idx], -1)
            q_hi = _div_toward(a[idx], zero_end[idx], 1)
            lo[idx] = np.where(up_is_inf[idx], q_lo, -_INF)
            hi[idx] = np.where(up_is_inf[idx], _INF, q_hi)
        idx = np.flatnonzero(neg)
        if idx.size:
            q_lo = _div_toward(b[idx], zero_end[idx], -1)
            q_hi = _div_toward(b[idx], zero_end[idx], 1)
            lo[idx] = np.where(up_is_inf[idx], -_INF, q_lo)
            hi[idx] = np.where(up_is_inf[idx], q_hi, _INF)
        zero_lo = side & (a == 0) & (b > 0)  # x = [0, b]: one half line
        lo[zero_lo] = np.where(up_is_inf[zero_lo], 0.0, -_INF)
        hi[zero_lo] = np.where(up_is_inf[zero_lo], _INF, 0.0)
        zero_hi = side & (a < 0) & (b == 0)  # x = [a, 0]
        lo[zero_hi] = np.where(up_is_inf[zero_hi], -_INF, 0.0)
        hi[zero_hi] = np.where(up_is_inf[zero_hi], 0.0, _INF)


def _quotient_bounds(a, b, c, d):
    """[a, b] / [c, d] for 0 outside [c, d]: x/y is monotone in each argument on the box, so
    the extremes are among the four corner quotients, each rounded by the exact remainder test
    (finite/inf = 0 and inf/finite = inf exactly); a point divisor needs only two. A corner inf/inf
    (both an x end and a y end infinite) is indeterminate, but its limits lie between 0 and the
    infinity of its sign, which the other corners already reach (the finite x end over the
    infinite y end gives 0, the infinite x end over the finite y end gives that infinity), so
    it is left out of the min and max."""
    if np.array_equal(c, d):
        corners = [_div_err(a, c), _div_err(b, c)]
    else:
        corners = [_div_err(num, den) for num in (a, b) for den in (c, d)]
    lows, highs = [], []
    for q, e in corners:
        low, high = _step(q, e < 0, -1), _step(q, e > 0, 1)
        if np.isnan(q).any():  # inf/inf corners: neutral for min and max
            low = np.where(np.isnan(q), _INF, low)
            high = np.where(np.isnan(q), -_INF, high)
        lows.append(low)
        highs.append(high)
    lo, hi = lows[0], highs[0]
    for low, high in zip(lows[1:], highs[1:]):
        lo, hi = np.minimum(lo, low), np.maximum(hi, high)
    return lo, hi
