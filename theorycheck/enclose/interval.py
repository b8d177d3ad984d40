"""Rigorous scalar intervals at any precision, on top of Arb (python-flint).

An :class:`Interval` is a pair of exact end points ``lo <= hi`` (Arb numbers with zero radius, or
``-inf``/``+inf``). Each operation evaluates the end-point formula with Arb ball arithmetic, which
returns a ball that provably contains the exact result (Arb's documented guarantee, cross-checked in
our tests against 100-digit mpmath values and the MPFI conformance vectors), and keeps the ball's
lower bound as the new lower end and its upper bound as the new upper end. So every end point
rounds outward, and results are as tight as the end-point formulas allow: unlike plain ball
arithmetic, ``exp([1, 2])`` is ``[e, e^2]`` rounded outward, not a ball around ``e^1.5``.

Precision is Arb's working precision (``flint.ctx.prec``, bits); use :func:`working_precision`
to raise it. It controls how tight the end points are, never whether they are correct.

Decoration (the idea of IEEE 1788's ``def``/``trv`` decorations, reduced to one bit). A claim says
that the body is defined *and* the relation holds at every point of the box, so an enclosure alone
is not enough: ``log([-1, 2])`` is enclosed by ``[-inf, log 2]`` (the image of the part of the box
where log is defined), but log is not defined on the whole box. Every interval therefore carries
:attr:`Interval.defined`:

* intervals made from numbers (``Interval(...)``, :meth:`Interval.point`, :func:`interval`, pi)
  are defined;
* an operation's result is defined iff all its operands are and the operation is defined at
  every point of the operands' enclosures. By induction the flag is True only when the whole
  computation is defined at every point of the input box: the operands' enclosures contain every
  value the operands take there, and the operation is defined on all of those. A False flag says
  nothing certain (the enclosures may be loose); it only withholds the guarantee.
* the rules, each checked on exact end points: ``x / y`` and ``1/y``: 0 not in y; ``log``:
  lo > 0; ``log1p``: lo > -1; ``sqrt``: lo >= 0; ``x**n`` for an integer n < 0: 0 not in x;
  ``x**q`` for a non-integer rational q: lo >= 0 when q > 0 (0**q = 0), lo > 0 when q < 0;
  ``x**y`` for an interval y that is not an exact number: through exp(y log x), so x > 0;
  every other operation is defined on the whole line.
* when the enclosure of an operand lies *wholly* outside the operation's domain (``log`` of
  ``[-2, 0]``, ``x / [0, 0]``, ``[0, 0]**-1``), every true value of the operand lies outside
  too, so the computation is defined nowhere on the box and :class:`DomainError` is raised. This
  is what lets the certifier report an undefined counterexample at an exact point; it is never
  raised for a box that has a point in the domain.
* a partly undefined result still encloses the image of the part of the box where it is defined
  (``sqrt([-1, 4])`` is ``[0, 2]``, ``1/[0, 1]`` is ``[1, inf]``), so the flag and the enclosure
  are two separate, individually sound statements.
"""

from __future__ import annotations

import contextlib
import math
from fractions import Fraction

import flint
from flint import arb, fmpq, fmpz

from .exact import BadNumber, fraction_to_decimal_string, to_fraction

__all__ = ["Interval", "interval", "working_precision", "DomainError", "NotEnclosed", "EmptyInterval"]

INF = math.inf


class DomainError(ArithmeticError):
    """A function was applied to an interval that lies wholly outside its domain."""


class NotEnclosed(ArithmeticError):
    """No enclosure could be made here, and nothing certain is known about definedness either
    (an integral whose cells do not converge, a zero set that cannot be certified, a quantity
    not known to be positive). Unlike :class:`DomainError` it is no counterexample: engines treat
    the box or point as undecided (a finer box or a higher precision may succeed)."""


class EmptyInterval(ValueError):
    """An interval with lo > hi was requested."""


@contextlib.contextmanager
def working_precision(bits: int):
    """Evaluate with Arb at ``bits`` of precision inside the block (restored afterwards)."""
    old = flint.ctx.prec
    flint.ctx.prec = max(int(bits), 2)
    try:
        yield
    finally:
        flint.ctx.prec = old


# -- end points -------------------------------------------------------------------------------
# An end point is an exact arb (zero radius) or one of the floats -inf, +inf.


def _is_inf(e) -> bool:
    return isinstance(e, float)


def _down(ball):
    """Exact lower bound of an Arb ball (``-inf`` when the ball is unbounded or NaN)."""
    if not ball.is_finite():
        return -INF
    return ball.lower()


def _up(ball):
    if not ball.is_finite():
        return INF
    return ball.upper()


def _exact_arb_of_fraction(q: Fraction):
    """Tightest Arb end points around the rational ``q``: (lower, upper) exact values."""
    if q.denominator == 1:
        v = arb(fmpz(q.numerator))
        return v, v
    ball = arb(fmpq(q.numerator, q.denominator))
    return ball.lower(), ball.upper()


def _endpoint_to_fraction(e):
    if _is_inf(e):
        raise OverflowError("infinite end point has no exact rational value")
    man, exp = e.man_exp()
    man, exp = int(man), int(exp)
    return Fraction(man * 2**exp) if exp >= 0 else Fraction(man, 2 ** (-exp))


def _endpoint_to_mpf(e):
    import mpmath

    if _is_inf(e):
        return mpmath.mpf(e)
    man, exp = e.man_exp()
    return mpmath.mpf((int(man), int(exp)))


def _endpoint_to_float(e, direction: str) -> float:
    """Float rounded ``"down"`` or ``"up"`` (outward), never towards the wrong side."""
    if _is_inf(e):
        return e
    f = float(e)  # nearest; an ulp step makes it directed
    if not math.isfinite(f):
        return f if (f > 0) == (direction == "up") else (math.nextafter(f, 0.0))
    if f != 0.0:
        # the double f is an exact Arb number: exact comparisons of two exact numbers decide the
        # same as those of their rationals below (a nonzero double is never the tiny case)
        a = arb(f)
        if a == e:
            return f
        if direction == "down":
            return f if a < e else math.nextafter(f, -INF)
        return f if a > e else math.nextafter(f, INF)
    man, exp = e.man_exp()
    man, exp = int(man), int(exp)
    if man != 0 and exp + man.bit_length() < -1080:
        # below the smallest subnormal (2**-1074) by far: exp(-5e599) has an exponent no exact
        # rational of Python could hold (2 ** 7e599), and the answer is the signed 0 or tiny step
        if man > 0:
            return 0.0 if direction == "down" else 5e-324
        return -5e-324 if direction == "down" else -0.0
    q = _endpoint_to_fraction(e)
    if Fraction(f) == q:
        return f
    if direction == "down":
        return f if Fraction(f) <= q else math.nextafter(f, -INF)
    return f if Fraction(f) >= q else math.nextafter(f, INF)


def _lt(a, b) -> bool:
    if _is_inf(a) or _is_inf(b):
        return _as_float_for_cmp(a) < _as_float_for_cmp(b)
    return bool(a < b)


def _le(a, b) -> bool:
    if _is_inf(a) or _is_inf(b):
        return _as_float_for_cmp(a) <= _as_float_for_cmp(b)
    return bool(a <= b)


def _as_float_for_cmp(e):
    # only used when one side is infinite: any finite value compares like 0 against an infinity
    return e if _is_inf(e) else 0.0


def _min(a, b):
    return a if _le(a, b) else b


def _max(a, b):
    return b if _le(a, b) else a


def _sign(e) -> int:
    if _is_inf(e):
        return 1 if e > 0 else -1
    return int(e.sgn().unique_fmpz())


class Interval:
    """A closed interval [lo, hi] of reals with rigorous, outward-rounded arithmetic.

    Build one with :func:`interval` (``interval("0.1", "0.2")`` holds exactly 1/10 and 1/5).
    Arithmetic (``+ - * /``, ``**`` with an integer exponent, ``abs``, unary ``-``) and the
    functions of :mod:`theorycheck` accept it and return an :class:`Interval` that contains the
    image of the operands. ``.lo``/``.hi`` are the exact end points as mpmath ``mpf``.
    """

    __slots__ = ("_lo", "_hi", "_exact", "_def")

    def __init__(self, lo, hi, _trusted: bool = False, _defined: bool = True):
        if not _trusted:
            lo_ = _coerce_endpoint(lo, "down")
            hi_ = _coerce_endpoint(hi, "up")
            if (_is_inf(lo_) and lo_ > 0) or (_is_inf(hi_) and hi_ < 0):
                raise EmptyInterval(
                    f"interval({lo!r}, {hi!r}) holds no real number: a lower end of +inf or an "
                    "upper end of -inf"
                )
            if _lt(hi_, lo_):
                raise EmptyInterval(f"interval({lo!r}, {hi!r}) is empty: lo > hi")
            lo, hi = lo_, hi_
        self._lo = lo
        self._hi = hi
        self._def = _defined
        self._exact = None

    # -- construction helpers --------------------------------------------------------------
    @classmethod
    def point(cls, value) -> "Interval":
        """The tightest interval holding the exact number ``value`` (int, float, str, Fraction).

        The intervals of small numbers are kept (:data:`_POINTS`) and given again: an interval is
        never changed once made, and the same number at the same working precision has the same
        end points (an integer's are exact at any precision)."""
        q = value if type(value) is Fraction else to_fraction(value)
        num, den = q.numerator, q.denominator
        key = num if den == 1 else (num, den, flint.ctx.prec)
        iv = _POINTS.get(key)
        if iv is not None:
            return iv
        lo, hi = _exact_arb_of_fraction(q)
        iv = cls(lo, hi, _trusted=True)
        iv._exact = q
        if num.bit_length() + den.bit_length() <= _POINT_BITS:
            if len(_POINTS) >= _POINTS_MAX:
                _POINTS.clear()
            _POINTS[key] = iv
        return iv

    @property
    def exact_value(self) -> Fraction | None:
        """The exact number this interval was made to enclose by :meth:`point`, or computed
        exactly from such numbers by ``+ - * /`` and integer powers (None for any other
        interval): lets a computation that needs an exact input, such as certified zeros of a
        Gaussian mixture, take it without loss, and makes ``x - 1/10`` exactly 0 at x = 1/10,
        so that a division by it is seen to be undefined at that point."""
        return self._exact

    @property
    def defined(self) -> bool:
        """True iff every operation that produced this interval was defined at every point of its
        operands' enclosures, so the function computed is defined on the whole input box (see the
        module docstring). Intervals made from numbers are defined."""
        return self._def

    @classmethod
    def _from_ball(cls, ball) -> "Interval":
        return cls(_down(ball), _up(ball), _trusted=True)

    @classmethod
    def entire(cls) -> "Interval":
        return cls(-INF, INF, _trusted=True)

    @classmethod
    def pi(cls) -> "Interval":
        prec = flint.ctx.prec
        iv = _PIS.get(prec)
        if iv is None:  # (one per working precision: an interval is never changed once made)
            iv = _PIS[prec] = cls._from_ball(arb.pi())
        return iv

    # -- views -----------------------------------------------------------------------------
    @property
    def lo(self):
        """Lower end point, exact (mpmath ``mpf``; ``-inf`` when unbounded)."""
        return _endpoint_to_mpf(self._lo)

    @property
    def hi(self):
        """Upper end point, exact (mpmath ``mpf``; ``+inf`` when unbounded)."""
        return _endpoint_to_mpf(self._hi)

    @property
    def lo_fraction(self) -> Fraction:
        return _endpoint_to_fraction(self._lo)

    @property
    def hi_fraction(self) -> Fraction:
        return _endpoint_to_fraction(self._hi)

    def float_bounds(self) -> tuple[float, float]:
        """End points as floats rounded outward (so the float pair still encloses)."""
        return _endpoint_to_float(self._lo, "down"), _endpoint_to_float(self._hi, "up")

    def is_finite(self) -> bool:
        return not (_is_inf(self._lo) or _is_inf(self._hi))

    def is_point(self) -> bool:
        return (not _is_inf(self._lo)) and bool(self._lo == self._hi)

    def contains(self, value) -> bool:
        """True when the exact number (or every point of the interval) ``value`` lies inside."""
        if isinstance(value, Interval):
            return _le(self._lo, value._lo) and _le(value._hi, self._hi)
        q = value if isinstance(value, Fraction) else _any_to_fraction(value)
        lo_ok = _is_inf(self._lo) or _endpoint_to_fraction(self._lo) <= q
        hi_ok = _is_inf(self._hi) or q <= _endpoint_to_fraction(self._hi)
        return lo_ok and hi_ok

    def contains_zero(self) -> bool:
        return _sign(self._lo) <= 0 <= _sign(self._hi)

    def width(self):
        """Upper bound of hi - lo (an mpf)."""
        if not self.is_finite():
            return _endpoint_to_mpf(INF)
        return _endpoint_to_mpf(_up(self._hi - self._lo))

    def midpoint(self) -> Fraction:
        """An exact point inside the interval (its midpoint when finite)."""
        if self.is_finite():
            return (self.lo_fraction + self.hi_fraction) / 2
        if _is_inf(self._lo) and _is_inf(self._hi):
            return Fraction(0)
        if _is_inf(self._lo):
            return min(self.hi_fraction, Fraction(0)) - 1
        return max(self.lo_fraction, Fraction(0)) + 1

    def to_strings(self, digits: int = 20) -> list[str]:
        """[lo, hi] as decimal strings, lo rounded down and hi rounded up."""
        return [_endpoint_str(self._lo, digits, "down"), _endpoint_str(self._hi, digits, "up")]

    def __str__(self) -> str:
        lo, hi = self.to_strings(17)
        return f"[{lo}, {hi}]"

    def __repr__(self) -> str:
        return f"Interval({self})" if self._def else f"Interval({self}, not defined on the whole box)"

    def __eq__(self, other):
        """Exact equality of the two end points (two intervals as sets)."""
        if not isinstance(other, Interval):
            return NotImplemented
        return _same(self._lo, other._lo) and _same(self._hi, other._hi)

    __hash__ = None

    def __bool__(self):
        raise TypeError(
            "an Interval has no truth value; compare end points (.lo, .hi) or write the comparison "
            "inside a @claim body"
        )

    # -- arithmetic ------------------------------------------------------------------------
    # Every result carries ``defined = (operands defined) and (operation defined on them)``.

    def __neg__(self):
        if self._exact is not None:
            return Interval.point(-self._exact)
        return Interval(_neg(self._hi), _neg(self._lo), _trusted=True, _defined=self._def)

    def __pos__(self):
        return self

    def __add__(self, other):
        if type(other) is not Interval:
            other = _as_interval(other)
            if other is NotImplemented:
                return NotImplemented
        if self._exact is not None and other._exact is not None:
            exact = _exact_result(self._exact + other._exact)
            if exact is not None:
                return exact
        a, b, c, d = self._lo, other._lo, self._hi, other._hi
        if isinstance(a, float) or isinstance(b, float):  # (_add, inlined for two finite ends)
            lo = _add(a, b, "down")
        else:
            s = a + b
            lo = s.lower() if s.is_finite() else -INF
        if isinstance(c, float) or isinstance(d, float):
            hi = _add(c, d, "up")
        else:
            s = c + d
            hi = s.upper() if s.is_finite() else INF
        return Interval(lo, hi, _trusted=True, _defined=self._def and other._def)

    __radd__ = __add__

    def __sub__(self, other):
        # x - x with the same object is exactly 0: both operands are the same quantity (as in
        # the batch kind, so that both kinds give the same enclosure of the same body)
        if other is self:
            return Interval.point(0) if self._def else Interval(arb(0), arb(0), _trusted=True, _defined=False)
        if type(other) is not Interval:
            other = _as_interval(other)
            if other is NotImplemented:
                return NotImplemented
        return _subtract(self, other)

    def __rsub__(self, other):
        other = _as_interval(other)
        if other is NotImplemented:
            return NotImplemented
        return _subtract(other, self)

    def __mul__(self, other):
        # x * x with the same object is the square (both factors are the same quantity), as in
        # the batch kind
        if other is self and self._exact is None:
            return self**2
        other = _as_interval(other)
        if other is NotImplemented:
            return NotImplemented
        if self._exact is not None and other._exact is not None:
            exact = _exact_result(self._exact * other._exact)
            if exact is not None:
                return exact
        a, b, c, d = self._lo, self._hi, other._lo, other._hi
        los = [_mul(x, y, "down") for x in (a, b) for y in (c, d)]
        his = [_mul(x, y, "up") for x in (a, b) for y in (c, d)]
        lo = los[0]
        for v in los[1:]:
            lo = _min(lo, v)
        hi = his[0]
        for v in his[1:]:
            hi = _max(hi, v)
        return Interval(lo, hi, _trusted=True, _defined=self._def and other._def)

    __rmul__ = __mul__

    def __truediv__(self, other):
        other = _as_interval(other)
        if other is NotImplemented:
            return NotImplemented
        return _divide(self, other)

    def __rtruediv__(self, other):
        other = _as_interval(other)
        if other is NotImplemented:
            return NotImplemented
        return _divide(other, self)

    def is_zero(self) -> bool:
        """True when the interval is exactly [0, 0]."""
        return _sign(self._lo) == 0 and _sign(self._hi) == 0

    def reciprocal(self) -> "Interval":
        """1/x. Defined iff 0 is not in x. Through 0 the enclosure follows IEEE 1788 (the image of
        the nonzero part: [0, b] -> [1/b, inf], [a, 0] -> [-inf, 1/a], 0 inside -> the whole
        line); x = [0, 0] has no nonzero point, so it raises :class:`DomainError`."""
        if self._exact is not None and self._exact != 0:
            exact = _exact_result(1 / self._exact)
            if exact is not None:
                return exact
        if self.contains_zero():
            if self.is_zero():
                raise DomainError("1/x at x = [0, 0]: division by zero")
            if _sign(self._lo) == 0:
                return Interval(_recip(self._hi, "down"), INF, _trusted=True, _defined=False)
            if _sign(self._hi) == 0:
                return Interval(-INF, _recip(self._lo, "up"), _trusted=True, _defined=False)
            return Interval(-INF, INF, _trusted=True, _defined=False)
        return Interval(_recip(self._hi, "down"), _recip(self._lo, "up"), _trusted=True, _defined=self._def)

    def __pow__(self, n):
        """x**n. An integer n >= 0 by end-point powers (defined everywhere; x**0 = 1, even at
        x = 0); n < 0 is 1/x**|n| (defined iff 0 is not in x); a non-integer rational q is
        monotone on [0, inf) (q > 0, defined iff lo >= 0, and 0**q = 0) or on (0, inf) (q < 0,
        defined iff lo > 0); an interval exponent that is not an exact number goes through
        exp(y log x), defined iff x > 0. An exact exponent (a point interval or one made by
        :meth:`point`) is an exact number, and the result is defined only if it is too."""
        if isinstance(n, Interval):
            q = n.exact_value
            if q is None and n.is_point():
                q = _endpoint_to_fraction(n._lo)
            if q is None:
                return (self.log() * n).exp()
            r = self ** q
            return r if n._def else _undefined_copy(r)
        if isinstance(n, bool) or not isinstance(n, int):
            q = _any_to_fraction(n)
            if q.denominator == 1:
                n = int(q)
            elif q == Fraction(1, 2):
                return self.sqrt()
            else:
                return self._pow_rational(q)
        if n == 0:
            one = arb(1)
            return Interval(one, one, _trusted=True, _defined=self._def)
        if n == 1:
            return self  # the same quantity (as in the batch kind: x**1 - x is then exactly 0 in both)
        if self._exact is not None and (self._exact != 0 or n > 0):
            exact = _exact_result(self._exact**n)
            if exact is not None:
                return exact
        if n < 0:
            # x**n = 1/x**|n|: 0 is in x**|n| iff 0 is in x (Arb never underflows a nonzero
            # power to 0), so reciprocal's rule and its DomainError at [0, 0] are the right ones
            return (self ** (-n)).reciprocal()
        if n % 2 == 1:
            return Interval(_powi(self._lo, n, "down"), _powi(self._hi, n, "up"), _trusted=True,
                            _defined=self._def)
        mig, mag = self._mig_mag()
        return Interval(_powi(mig, n, "down"), _powi(mag, n, "up"), _trusted=True, _defined=self._def)

    def _pow_rational(self, q: Fraction) -> "Interval":
        """x**q for a non-integer rational q: increasing on [0, inf) for q > 0 (0**q = 0),
        decreasing on (0, inf) for q < 0; the image of the part of x in that domain, each finite
        end an Arb ball of end**q (q enclosed by a ball when not a dyadic number)."""
        qa = arb(fmpq(q.numerator, q.denominator))
        lo_sign, hi_sign = _sign(self._lo), _sign(self._hi)
        if q > 0:
            if hi_sign < 0:
                raise DomainError(f"{self} ** {q}: no point >= 0")
            defined = self._def and lo_sign >= 0
            zero = arb(0)
            if hi_sign == 0:
                return Interval(zero, zero, _trusted=True, _defined=defined)
            lo = zero if lo_sign <= 0 else _down(self._lo ** qa)
            hi = INF if _is_inf(self._hi) else _up(self._hi ** qa)
            return Interval(_max(lo, zero), hi, _trusted=True, _defined=defined)
        if hi_sign <= 0:
            raise DomainError(f"{self} ** {q}: no point > 0")
        defined = self._def and lo_sign > 0
        lo = arb(0) if _is_inf(self._hi) else _max(_down(self._hi ** qa), arb(0))
        hi = INF if lo_sign <= 0 else _up(self._lo ** qa)
        return Interval(lo, hi, _trusted=True, _defined=defined)

    def _mig_mag(self):
        """(min |x|, max |x|) over the interval, as end points."""
        lo, hi = self._lo, self._hi
        if _sign(lo) >= 0:
            return lo, hi
        if _sign(hi) <= 0:
            return _neg(hi), _neg(lo)
        return arb(0), _max(_neg(lo), hi)

    def __abs__(self):
        mig, mag = self._mig_mag()
        return Interval(mig, mag, _trusted=True, _defined=self._def)

    def minimum(self, other) -> "Interval":
        other = _as_interval(other)
        return Interval(_min(self._lo, other._lo), _min(self._hi, other._hi), _trusted=True,
                        _defined=self._def and other._def)

    def maximum(self, other) -> "Interval":
        other = _as_interval(other)
        return Interval(_max(self._lo, other._lo), _max(self._hi, other._hi), _trusted=True,
                        _defined=self._def and other._def)

    def hull(self, other) -> "Interval":
        """Smallest interval containing both; defined iff both are (the hull stands for a value
        that is one of the two, and either may be the one evaluated)."""
        other = _as_interval(other)
        return Interval(_min(self._lo, other._lo), _max(self._hi, other._hi), _trusted=True,
                        _defined=self._def and other._def)

    def intersection(self, other) -> "Interval | None":
        other = _as_interval(other)
        lo, hi = _max(self._lo, other._lo), _min(self._hi, other._hi)
        if _lt(hi, lo):
            return None
        return Interval(lo, hi, _trusted=True, _defined=self._def and other._def)

    # -- elementary functions --------------------------------------------------------------
    # Increasing functions map [lo, hi] to [f(lo), f(hi)]; each end point is evaluated by Arb
    # as a ball that contains the true value, and we keep the outer bound of that ball.
    # exp, expm1, erf, erfc, tanh, Phi and npdf are defined on the whole line: their results
    # are defined iff the operand is.

    def _increasing(self, name, at_neg_inf, at_pos_inf):
        f = getattr(arb, name)
        a, b = self._lo, self._hi
        if not isinstance(a, float) and not isinstance(b, float) and (a is b or a == b):
            # a point (one end point object): one Arb evaluation gives both ends, the same ball
            # the two evaluations below would give
            ball = f(a)
            return Interval(_down(ball), _up(ball), _trusted=True, _defined=self._def)
        lo = at_neg_inf if _is_inf(self._lo) and self._lo < 0 else (
            at_pos_inf if _is_inf(self._lo) else _down(f(self._lo)))
        hi = at_pos_inf if _is_inf(self._hi) and self._hi > 0 else (
            at_neg_inf if _is_inf(self._hi) else _up(f(self._hi)))
        return Interval(lo, hi, _trusted=True, _defined=self._def)

    def exp(self):
        """exp is increasing: [exp(lo), exp(hi)], each end an Arb enclosure bound."""
        return self._increasing("exp", arb(0), INF)

    def expm1(self):
        return self._increasing("expm1", arb(-1), INF)

    def erf(self):
        """erf is increasing, with Arb's rigorous erf at each end point."""
        return self._increasing("erf", arb(-1), arb(1))

    def erfc(self):
        """erfc is decreasing: [erfc(hi), erfc(lo)], Arb's erfc at each end (no 1 - erf
        cancellation, so tails stay relatively tight)."""
        lo = arb(0) if _is_inf(self._hi) else _down(arb.erfc(self._hi))
        hi = arb(2) if _is_inf(self._lo) else _up(arb.erfc(self._lo))
        return Interval(lo, hi, _trusted=True, _defined=self._def)

    def tanh(self):
        """tanh is increasing on the whole line."""
        return self._increasing("tanh", arb(-1), arb(1))

    def Phi(self):
        """Standard normal CDF, increasing; Phi(x) = erfc(-x/sqrt 2)/2 evaluated as an Arb ball
        (the ball holds the exact value because x/sqrt 2 is enclosed, not rounded)."""

        def at(e):
            return arb.erfc(-e / arb(2).sqrt()) / 2

        lo = arb(0) if _is_inf(self._lo) else _down(at(self._lo))
        hi = arb(1) if _is_inf(self._hi) else _up(at(self._hi))
        return Interval(lo, hi, _trusted=True, _defined=self._def)

    def npdf(self):
        """Standard normal density exp(-x^2/2)/sqrt(2 pi): x^2 is enclosed without dependency,
        then a decreasing function of x^2."""
        sq = self**2
        lo = arb(0) if _is_inf(sq._hi) else _down((-sq._hi / 2).exp() / (2 * arb.pi()).sqrt())
        hi = _up((-sq._lo / 2).exp() / (2 * arb.pi()).sqrt())
        return Interval(lo, hi, _trusted=True, _defined=self._def)

    def log(self):
        """log is increasing on (0, inf). Defined iff lo > 0; an interval reaching 0 or below
        gets -inf as lower end (the image of its positive part), and one wholly <= 0 raises
        :class:`DomainError`."""
        if _sign(self._hi) <= 0:
            raise DomainError(f"log of {self}: no positive point")
        positive = _sign(self._lo) > 0
        lo = _down(arb.log(self._lo)) if positive else -INF
        hi = INF if _is_inf(self._hi) else _up(arb.log(self._hi))
        return Interval(lo, hi, _trusted=True, _defined=self._def and positive)

    def log1p(self):
        """log(1 + x), increasing on (-1, inf). Defined iff lo > -1; same enclosure and
        :class:`DomainError` rules as :meth:`log`."""
        if not _lt(arb(-1), self._hi):
            raise DomainError(f"log1p of {self}: no point above -1")
        inside = _lt(arb(-1), self._lo)
        lo = _down(arb.log1p(self._lo)) if inside else -INF
        hi = INF if _is_inf(self._hi) else _up(arb.log1p(self._hi))
        return Interval(lo, hi, _trusted=True, _defined=self._def and inside)

    def sqrt(self):
        """sqrt is increasing on [0, inf). Defined iff lo >= 0 (sqrt(0) = 0); negative parts are
        cut off (lower end 0), wholly negative raises :class:`DomainError`."""
        if _sign(self._hi) < 0:
            raise DomainError(f"sqrt of {self}: no point >= 0")
        lo_sign = _sign(self._lo)
        lo = arb(0) if lo_sign <= 0 else _down(arb.sqrt(self._lo))
        hi = INF if _is_inf(self._hi) else _up(arb.sqrt(self._hi))
        return Interval(lo, hi, _trusted=True, _defined=self._def and lo_sign >= 0)


    # -- special functions -----------------------------------------------------------------
    # Each method's docstring is its enclosure contract: the domain, when the result is
    # ``defined``, where DomainError is raised, and why the end points enclose the image. End
    # points are evaluated by Arb (python-flint) at exact arguments; a ball that Arb cannot make
    # finite gives an infinite end (sound, merely loose).

    def atan(self):
        """atan, increasing on the whole line onto (-pi/2, pi/2): [atan(lo), atan(hi)], an
        infinite end giving -+pi/2 (outward). Defined everywhere; no DomainError."""
        half_pi = arb.pi() / 2
        lo = _down(-half_pi) if _is_inf(self._lo) else _down(arb.atan(self._lo))
        hi = _up(half_pi) if _is_inf(self._hi) else _up(arb.atan(self._hi))
        return Interval(lo, hi, _trusted=True, _defined=self._def)

    def _unit_domain(self, name):
        """For asin/acos (domain [-1, 1], closed): raise when no point of the interval is in
        [-1, 1]; else (lo cut to -1, hi cut to 1, defined on the whole interval)."""
        one = arb(1)
        if _lt(self._hi, -one) or _lt(one, self._lo):
            raise DomainError(f"{name} of {self}: no point in [-1, 1]")
        inside = _le(-one, self._lo) and _le(self._hi, one)
        return (self._lo if _le(-one, self._lo) else -one), (self._hi if _le(self._hi, one) else one), inside

    def asin(self):
        """asin, increasing on its closed domain [-1, 1] (asin(+-1) = +-pi/2 is defined). Defined
        iff -1 <= lo and hi <= 1; an interval reaching beyond gets the image of its part inside
        [-1, 1] (ends cut to +-pi/2) and is not defined; one with no point in [-1, 1] raises
        :class:`DomainError`."""
        lo, hi, inside = self._unit_domain("asin")
        return Interval(_down(arb.asin(lo)), _up(arb.asin(hi)), _trusted=True, _defined=self._def and inside)

    def acos(self):
        """acos, decreasing on its closed domain [-1, 1]: [acos(hi), acos(lo)] (acos(1) = 0,
        acos(-1) = pi, both defined). Same domain rules as :meth:`asin`."""
        lo, hi, inside = self._unit_domain("acos")
        return Interval(_max(_down(arb.acos(hi)), arb(0)), _up(arb.acos(lo)), _trusted=True,
                        _defined=self._def and inside)

    def besseli(self, n: int):
        """Modified Bessel function I_n of integer order n >= 0 (entire; defined everywhere).
        I_n is increasing on [0, inf) (I_n' = (I_(n-1) + I_(n+1))/2 > 0 there), even for even n
        and odd for odd n: so [I_n(mig), I_n(mag)] with [mig, mag] = |x| for even n, and
        [I_n(lo), I_n(hi)] (increasing on the whole line) for odd n; infinite ends give +-inf."""
        n = int(n)
        if n < 0:
            raise ValueError("besseli: the order must be an integer >= 0")

        def at(e, direction):
            if _is_inf(e):
                return e
            ball = e.bessel_i(n)
            return _down(ball) if direction == "down" else _up(ball)

        if n % 2 == 0:
            mig, mag = self._mig_mag()
            return Interval(at(mig, "down"), at(mag, "up"), _trusted=True, _defined=self._def)
        return Interval(at(self._lo, "down"), at(self._hi, "up"), _trusted=True, _defined=self._def)

    def besseli0(self):
        """Modified Bessel function I_0 (see :meth:`besseli`): even, >= 1, I_0(0) = 1."""
        return self.besseli(0)

    def besseli1(self):
        """Modified Bessel function I_1 (see :meth:`besseli`): odd and increasing, I_1(0) = 0."""
        return self.besseli(1)

    def ndtri(self):
        """Inverse of the standard normal CDF, Phi^-1, increasing on the open interval (0, 1):
        [ndtri(lo), ndtri(hi)], each end -sqrt(2) erfcinv(2 p) by Arb (2 p is exact). Defined iff
        0 < lo and hi < 1; an interval reaching 0 (or 1) gets the lower end -inf (upper end +inf)
        and is not defined (ndtri(0) = -inf is no real number); one with no point in (0, 1)
        ([0, 0], [1, 1], [-1, 0]) raises :class:`DomainError`."""
        zero, one = arb(0), arb(1)
        if not (_lt(zero, self._hi) and _lt(self._lo, one)):
            raise DomainError(f"ndtri of {self}: no point in (0, 1)")
        lo_in, hi_in = _lt(zero, self._lo), _lt(self._hi, one)
        lo = _down(_ndtri_ball(self._lo)) if lo_in else -INF
        hi = _up(_ndtri_ball(self._hi)) if hi_in else INF
        return Interval(lo, hi, _trusted=True, _defined=self._def and lo_in and hi_in)

    def _pole_gap(self):
        """Where the interval lies relative to the poles 0, -1, -2, ... of gamma: ``"pole"`` when
        it contains one, else the sign of gamma on the interval (+1 for x > 0, (-1)**(1 - k) on
        the gap (k - 1, k), k <= 0)."""
        if _is_inf(self._lo):
            return "pole"
        if _sign(self._lo) > 0:
            return 1
        k = math.ceil(_endpoint_to_fraction(self._lo))  # k <= 0, the first integer >= lo
        if _is_inf(self._hi) or _endpoint_to_fraction(self._hi) >= k:
            return "pole"
        return -1 if (1 - k) % 2 else 1

    def gamma(self):
        """Euler's Gamma function on the real line. Poles at 0, -1, -2, ...: an interval
        containing one is not defined (enclosure: the whole line), an interval that is a single
        pole ([-1, -1]) is defined nowhere and raises :class:`DomainError`. Between poles
        log|Gamma| is convex (its second derivative psi' = sum 1/(x+k)^2 > 0), so |Gamma| is at
        most the larger end value, and at least: the end value where psi (increasing) keeps its
        sign at an end, else the meeting point of the tangent lines of log|Gamma| at both ends
        (a convex function lies above its tangents); Gamma has one sign per gap. On [lo, inf)
        the lower bound is the certified minimum Gamma(1.4616...) = 0.8856... unless psi(lo) >= 0."""
        gap = self._pole_gap()
        if gap == "pole":
            if self.is_point():
                raise DomainError(f"gamma at the pole {self}")
            return Interval(-INF, INF, _trusted=True, _defined=False)
        lo, hi = _gamma_abs_range(self._lo, self._hi, logarithm=False)
        if gap < 0:
            lo, hi = _neg(hi), _neg(lo)
        return Interval(lo, hi, _trusted=True, _defined=self._def)

    def loggamma(self):
        """log Gamma(x) for x > 0 (the real log-Gamma; no extension to negative x). Defined iff
        lo > 0; an interval reaching 0 or below gets the image of its positive part (upper end
        +inf: log Gamma(0+) = +inf) and is not defined; one with no point > 0 raises
        :class:`DomainError`. Enclosure from the convexity of log Gamma, as for :meth:`gamma`."""
        if _sign(self._hi) <= 0:
            raise DomainError(f"loggamma of {self}: no positive point")
        if _sign(self._lo) <= 0:
            if _is_inf(self._hi) or not bool(arb.digamma(self._hi) <= 0):
                lo = _log_gamma_min_lower()
            else:
                lo = _down(arb.lgamma(self._hi))
            return Interval(lo, INF, _trusted=True, _defined=False)
        lo, hi = _gamma_abs_range(self._lo, self._hi, logarithm=True)
        return Interval(lo, hi, _trusted=True, _defined=self._def)

    def digamma(self):
        """psi = Gamma'/Gamma (for the derivative of gamma and loggamma): increasing on each gap
        between the poles 0, -1, -2, ... (psi' > 0); same pole rules as :meth:`gamma`."""
        gap = self._pole_gap()
        if gap == "pole":
            if self.is_point():
                raise DomainError(f"digamma at the pole {self}")
            return Interval(-INF, INF, _trusted=True, _defined=False)
        hi = INF if _is_inf(self._hi) else _up(arb.digamma(self._hi))
        return Interval(_down(arb.digamma(self._lo)), hi, _trusted=True, _defined=self._def)

    def trigamma(self):
        """psi' = sum 1/(x+k)^2 > 0 (second derivatives of gamma and loggamma): decreasing on
        (0, inf), so [psi'(hi), psi'(lo)]; on a negative gap convex, so in [0, max of the end
        values]. Same pole rules as :meth:`gamma`."""
        gap = self._pole_gap()
        if gap == "pole":
            if self.is_point():
                raise DomainError(f"trigamma at the pole {self}")
            return Interval(arb(0), INF, _trusted=True, _defined=False)

        if _sign(self._lo) > 0:
            lo = arb(0) if _is_inf(self._hi) else _max(_down(_trigamma_ball(self._hi)), arb(0))
            return Interval(lo, _up(_trigamma_ball(self._lo)), _trusted=True, _defined=self._def)
        hi = _max(_up(_trigamma_ball(self._lo)), _up(_trigamma_ball(self._hi)))
        return Interval(arb(0), hi, _trusted=True, _defined=self._def)

    def gammainc_lower(self, x):
        """The regularised lower incomplete gamma function P(a, x) = gamma(a, x)/Gamma(a), with
        ``self`` the order a and ``x`` the argument (scipy's ``gammainc(a, x)``, mpmath's
        ``gammainc(a, 0, x, regularized=True)``). Domain: a > 0 and x >= 0 (closed at x = 0:
        P(a, 0) = 0). P is the CDF at x of the Gamma(a, 1) law: increasing in x, decreasing in a,
        so P over a box is [P(a_hi, x_lo), P(a_lo, x_hi)] (Arb's regularised gamma_lower at the
        corners), within [0, 1]. Defined iff a_lo > 0 and x_lo >= 0; a box reaching beyond gets the
        image of its part inside (a -> 0+ gives 1, x < 0 gives 0) and is not defined; a box
        with no point inside (a_hi <= 0 or x_hi < 0) raises :class:`DomainError`."""
        return _gammainc(self, x, upper=False)

    def gammainc_upper(self, x):
        """The regularised upper incomplete gamma function Q(a, x) = Gamma(a, x)/Gamma(a) =
        1 - P(a, x) (scipy's ``gammaincc``, mpmath's ``gammainc(a, x, regularized=True)``): the
        same domain and rules as :meth:`gammainc_lower` (Q(a, 0) = 1); decreasing in x and
        increasing in a, so [Q(a_lo, x_hi), Q(a_hi, x_lo)], each corner by Arb's regularised
        gamma_upper (no 1 - P cancellation in the tail)."""
        return _gammainc(self, x, upper=True)

    def owens_t(self, a):
        """Owen's T function T(h, a) = 1/(2 pi) int_0^a exp(-h^2 (1 + t^2)/2)/(1 + t^2) dt, with
        ``self`` = h (scipy's ``owens_t(h, a)``). Defined on the whole plane. T is increasing
        in a (dT/da > 0) and even in h; dT/dh = -npdf(h) erf(a h/sqrt 2)/2, so |T| decreases
        in |h| with the sign of a. Over a box: lower end T(|h|_max, a_lo) if a_lo >= 0 else
        T(|h|_min, a_lo), upper end T(|h|_min, a_hi) if a_hi >= 0 else T(|h|_max, a_hi). Each
        corner is a certified integral (Arb's acb.integral on [0, 1] after t = a s; for |a| > 1
        Owen's identity T(h, a) = Phi(h)/2 + Phi(ah)/2 - Phi(h) Phi(ah) - T(ah, 1/a), h >= 0);
        T(h, +-inf) = +-Phi(-|h|)/2 and T(+-inf, a) = 0."""
        a = _as_interval(a)
        if a is NotImplemented:
            return NotImplemented
        mig, mag = self._mig_mag()
        lo = _owens_t_end(mag if _sign(a._lo) >= 0 else mig, a._lo, "down")
        hi = _owens_t_end(mig if _sign(a._hi) >= 0 else mag, a._hi, "up")
        return Interval(lo, hi, _trusted=True, _defined=self._def and a._def)

# -- helpers of the special functions ---------------------------------------------------------


def _ndtri_ball(p):
    """Phi^-1(p) at an exact p in (0, 1): -sqrt(2) erfcinv(2 p) (2 p exact), an Arb ball."""
    return -(arb(2).sqrt()) * arb.erfcinv(2 * p)


def _log_abs_gamma_ball(e):
    """log|Gamma(e)| at an exact e that is no pole, an Arb ball."""
    return arb.lgamma(e) if _sign(e) > 0 else abs(arb.gamma(e)).log()


def _trigamma_ball(e):
    from flint import acb

    return acb(e).polygamma(1).real


# The minimum of Gamma on (0, inf) sits at the zero x0 = 1.46163214496836234126... of psi.
_X0_TEXT = "1.461632144968362341262659542325721325"
_LOG_GAMMA_MIN = []  # cached exact lower bound of log Gamma(x0)


def _log_gamma_min_lower():
    """An exact lower bound of min over x > 0 of log Gamma(x) (= log Gamma(x0) = -0.1214862...):
    psi changes sign in [x0 - 10^-35, x0 + 10^-35] (checked with Arb), so the minimum lies
    there and the tangent bound of :func:`_log_gamma_range` on that interval bounds it."""
    if not _LOG_GAMMA_MIN:
        with working_precision(max(flint.ctx.prec, 256)):
            x0 = Fraction(_X0_TEXT)
            a, _ = _exact_arb_of_fraction(x0 - Fraction(1, 10**35))
            _, b = _exact_arb_of_fraction(x0 + Fraction(1, 10**35))
            if not (bool(arb.digamma(a) < 0) and bool(arb.digamma(b) > 0)):  # pragma: no cover
                raise ArithmeticError("the minimum of Gamma could not be bracketed")
            low, _ = _log_gamma_range(a, b)
            _LOG_GAMMA_MIN.append(low)
    return _LOG_GAMMA_MIN[0]


def _log_gamma_range(lo, hi):
    """Exact end points (L, U) with L <= log|Gamma| <= U on [lo, hi] (finite, exact, in one gap
    between poles). log|Gamma| is convex there with derivative psi (increasing): U is the larger
    end value; L the end value where psi keeps one sign, else the value where the tangents at
    both ends meet (A + p t = B - q (w - t), p = psi(lo) < 0 < q = psi(hi), w = hi - lo); when
    the sign of psi at an end is not certain, A - |p| w (and B - |q| w), the tangent's least
    value on the interval."""
    A, B = _log_abs_gamma_ball(lo), _log_abs_gamma_ball(hi)
    U = _max(_up(A), _up(B))
    p, q = arb.digamma(lo), arb.digamma(hi)
    if bool(p >= 0):
        return _down(A), U
    if bool(q <= 0):
        return _down(B), U
    w = hi - lo
    if bool(p < 0) and bool(q > 0):
        L = A + p * (B - A - q * w) / (p - q)
        return _down(L), U
    return _max(_down(A - abs(p) * w), _down(B - abs(q) * w)), U


def _gamma_abs_range(lo, hi, logarithm: bool):
    """End points enclosing |Gamma| (or log Gamma when ``logarithm``, lo > 0) on [lo, hi], a
    pole-free interval with a finite lo (hi may be +inf only when lo > 0)."""
    at = (lambda e: arb.lgamma(e)) if logarithm else (lambda e: abs(arb.gamma(e)))
    if _is_inf(hi):
        if bool(arb.digamma(lo) >= 0):
            low = _down(at(lo))
        else:
            m = _log_gamma_min_lower()
            low = m if logarithm else _down(m.exp())
        return low, INF
    if _same(lo, hi):
        ball = at(lo)
        return _down(ball), _up(ball)
    L, U = _log_gamma_range(lo, hi)
    if logarithm:
        return L, U
    p, q = arb.digamma(lo), arb.digamma(hi)
    if bool(p >= 0):  # |Gamma| increasing: its own end values (no exp/log round trip)
        return _down(at(lo)), _up(at(hi))
    if bool(q <= 0):
        return _down(at(hi)), _up(at(lo))
    return _max(_down(L.exp()), arb(0)), _up(U.exp())


def _gammainc(a: "Interval", x, upper: bool) -> "Interval":
    """P(a, x) (or Q when ``upper``) over the box a x x; see Interval.gammainc_lower."""
    x = _as_interval(x)
    if x is NotImplemented:
        raise TypeError("gammainc: the argument is not a number")
    name = "gammainc_upper" if upper else "gammainc_lower"
    if _sign(a._hi) <= 0 or _sign(x._hi) < 0:
        raise DomainError(f"{name}({a}, {x}): needs a > 0 and x >= 0")
    defined = a._def and x._def and _sign(a._lo) > 0 and _sign(x._lo) >= 0
    zero, one = arb(0), arb(1)

    def P(s, z, direction):
        """P(s, z) at end points (s > 0 or s <= 0 meaning 0+, z >= 0 or z < 0 meaning 0)."""
        if _sign(z) <= 0:
            return zero
        if _sign(s) <= 0:
            return one  # P(0+, z) = 1 for z > 0: the supremum over the part a > 0
        if _is_inf(s):
            return zero
        if _is_inf(z):
            return one
        ball = z.gamma_lower(s, regularized=1)
        return _down(ball) if direction == "down" else _up(ball)

    def Q(s, z, direction):
        if _sign(z) <= 0:
            return one
        if _sign(s) <= 0:
            return zero
        if _is_inf(s):
            return one
        if _is_inf(z):
            return zero
        ball = z.gamma_upper(s, regularized=1)
        return _down(ball) if direction == "down" else _up(ball)

    if upper:
        lo, hi = Q(a._lo, x._hi, "down"), Q(a._hi, x._lo, "up")
    else:
        lo, hi = P(a._hi, x._lo, "down"), P(a._lo, x._hi, "up")
    return Interval(_max(lo, zero), _min(hi, one), _trusted=True, _defined=defined)


def _owens_integral(h, b):
    """1/(2 pi) int_0^b exp(-h^2 (1 + t^2)/2)/(1 + t^2) dt for balls h, b (b > 0), as
    b/(2 pi) int_0^1 f(b s) ds by Arb's rigorous quadrature (acb.integral; the integrand is
    meromorphic, poles at s = +-i/b, so no analyticity check is needed)."""
    from flint import acb

    h2, b2 = h * h, b * b

    def f(s, _analytic):
        u = 1 + b2 * s * s
        return (-(h2 * u) / 2).exp() / u

    total = acb.integral(f, 0, 1)
    if not total.imag.contains(0):  # pragma: no cover - the integrand is real on [0, 1]
        return arb.nan()
    return b * total.real / (2 * arb.pi())


def _phi_ball(e):
    return arb.erfc(-e / arb(2).sqrt()) / 2


def _owens_t_ball(h, a):
    """T(h, a) at exact h, a (arb), an Arb ball; see Interval.owens_t."""
    if _sign(a) == 0:
        return arb(0)
    if _sign(a) < 0:
        return -_owens_t_ball(h, -a)
    h = abs(h)
    if _sign(h) == 0:
        return arb.atan(a) / (2 * arb.pi())
    if bool(a <= 1):
        return _owens_integral(h, a)
    ah = a * h
    # Phi(h)/2 + Phi(ah)/2 - Phi(h) Phi(ah) = (Phi(h) Q(ah) + Phi(ah) Q(h))/2, Q = 1 - Phi taken
    # as erfc(x/sqrt 2)/2: no cancellation when both tails are tiny (large h)
    ph, pah = _phi_ball(h), _phi_ball(ah)
    qh, qah = _phi_ball(-h), _phi_ball(-ah)
    return (ph * qah + pah * qh) / 2 - _owens_integral(ah, 1 / a)


def _owens_t_end(h, a, direction):
    """An end point on side ``direction`` of T(h, a) for end points h >= 0, a (maybe infinite)."""
    if _is_inf(h):
        return arb(0)
    if _is_inf(a):
        ball = arb.erfc(h / arb(2).sqrt()) / 4  # T(h, inf) = Phi(-h)/2
        ball = ball if a > 0 else -ball
    else:
        ball = _owens_t_ball(h, a)
    return _down(ball) if direction == "down" else _up(ball)

# -- helpers on end points -------------------------------------------------------------------


_EXACT_BITS = 4096  # exact results beyond this size fall back to interval arithmetic
_POINTS: dict = {}  # Interval.point's intervals: integer -> interval, (num, den, precision) -> interval
_POINTS_MAX = 4096  # (emptied when full)
_PIS: dict = {}  # working precision -> Interval.pi()
_POINT_BITS = 512  # numbers larger than this (numerator and denominator bits) are not kept


def _exact_result(q: Fraction) -> "Interval | None":
    """Interval.point(q) for an exact result of exact operands (defined: made of numbers and
    operations defined at them), or None when q has grown too large to be worth carrying."""
    if q.numerator.bit_length() + q.denominator.bit_length() > _EXACT_BITS:
        return None
    return Interval.point(q)


def _undefined_copy(iv: "Interval") -> "Interval":
    """The same enclosure with the decoration cleared."""
    return Interval(iv._lo, iv._hi, _trusted=True, _defined=False)


def _same(a, b) -> bool:
    if _is_inf(a) or _is_inf(b):
        return _is_inf(a) and _is_inf(b) and a == b
    return bool(a == b)


def _is_integer_endpoint(e) -> bool:
    return (not _is_inf(e)) and _endpoint_to_fraction(e).denominator == 1


def _neg(e):
    return -e if _is_inf(e) else -e


def _subtract(x: "Interval", y: "Interval") -> "Interval":
    """x - y: exactly ``x + (-y)`` (the same end points and decoration), without making the
    interval -y when y is not an exact number: [x.lo + (-y.hi), x.hi + (-y.lo)], each end rounded
    once outward (negating an end point is exact)."""
    if y._exact is not None:
        return x + Interval.point(-y._exact)  # -y as __neg__ makes it (its tightest interval)
    a, b, c, d = x._lo, x._hi, y._lo, y._hi
    if isinstance(a, float) or isinstance(d, float):  # (_is_inf)
        lo = _add(a, _neg(d), "down")
    else:
        s = a + (-d)  # (not a - d: Arb may bound the rounding of the two differently)
        lo = s.lower() if s.is_finite() else -INF
    if isinstance(b, float) or isinstance(c, float):
        hi = _add(b, _neg(c), "up")
    else:
        s = b + (-c)
        hi = s.upper() if s.is_finite() else INF
    return Interval(lo, hi, _trusted=True, _defined=x._def and y._def)


def _add(a, b, direction):
    if _is_inf(a) or _is_inf(b):
        if _is_inf(a) and _is_inf(b) and a != b:
            return -INF if direction == "down" else INF
        return a if _is_inf(a) else b
    s = a + b
    return _down(s) if direction == "down" else _up(s)


def _mul(a, b, direction):
    if _is_inf(a) or _is_inf(b):
        sa, sb = _sign(a), _sign(b)
        if sa == 0 or sb == 0:
            return arb(0)  # 0 * inf = 0 in interval end-point arithmetic
        return INF if sa * sb > 0 else -INF
    p = a * b
    return _down(p) if direction == "down" else _up(p)


def _divide(x: "Interval", y: "Interval") -> "Interval":
    """x / y from the four end-point quotients, each rounded once outward (exact quotients
    stay exact); through x * (1/y) when y contains 0 or an end is infinite. Defined iff x and y
    are and 0 is not in y; y = [0, 0] raises :class:`DomainError` (the reciprocal's rules)."""
    if x._exact is not None and y._exact is not None and y._exact != 0:
        exact = _exact_result(x._exact / y._exact)
        if exact is not None:
            return exact
    if y.contains_zero() or not (x.is_finite() and y.is_finite()):
        return x * y.reciprocal()
    quotients = [a / b for a in (x._lo, x._hi) for b in (y._lo, y._hi)]
    lo = quotients[0].lower()
    hi = quotients[0].upper()
    for q in quotients[1:]:
        lo = _min(lo, q.lower())
        hi = _max(hi, q.upper())
    return Interval(lo, hi, _trusted=True, _defined=x._def and y._def)


def _recip(e, direction):
    if _is_inf(e):
        return arb(0)
    r = 1 / e
    return _down(r) if direction == "down" else _up(r)


def _powi(e, n, direction):
    if _is_inf(e):
        return e if (e > 0 or n % 2 == 1) else INF
    p = e**n
    return _down(p) if direction == "down" else _up(p)


def _endpoint_str(e, digits, rounding):
    if _is_inf(e):
        return "inf" if e > 0 else "-inf"
    return fraction_to_decimal_string(_endpoint_to_fraction(e), digits, rounding)


def _any_to_fraction(value) -> Fraction:
    return to_fraction(value)


def _coerce_endpoint(value, direction):
    if type(value) is Fraction:  # (a claim's exact end: as to_fraction below, without its tests)
        lo, hi = _exact_arb_of_fraction(value)
        return lo if direction == "down" else hi
    if isinstance(value, float) and math.isinf(value):
        return value
    if isinstance(value, arb):
        if not value.is_finite():
            raise BadNumber(f"{value!r} is not finite")
        return value.lower() if direction == "down" else value.upper()
    q = to_fraction(value)
    lo, hi = _exact_arb_of_fraction(q)
    return lo if direction == "down" else hi


def _as_interval(value):
    if isinstance(value, Interval):
        return value
    if isinstance(value, (int, float, Fraction, str)) and not isinstance(value, bool):
        return Interval.point(value)
    materialize = getattr(value, "materialize_like", None)
    if materialize is not None:
        return materialize(Interval.point(0))
    try:
        import mpmath

        if isinstance(value, mpmath.mpf):
            return Interval.point(value)
    except ImportError:  # pragma: no cover
        pass
    return NotImplemented


def interval(lo, hi=None) -> Interval:
    """A rigorous interval from two end points (ints, floats or exact decimal strings).

    ``interval("0.1", "0.3")`` holds exactly 1/10 and 3/10; with one argument, the tightest
    interval holding that number. NaN, reversed bounds and malformed strings raise ``ValueError``.
    """
    if hi is None:
        hi = lo
    return Interval(lo, hi)
