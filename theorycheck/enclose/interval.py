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
        """The tightest interval holding the exact number ``value`` (int, float, str, Fraction)."""
        q = to_fraction(value)
        lo, hi = _exact_arb_of_fraction(q)
        iv = cls(lo, hi, _trusted=True)
        iv._exact = q
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
        return cls._from_ball(arb.pi())

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
        other = _as_interval(other)
        if other is NotImplemented:
            return NotImplemented
        if self._exact is not None and other._exact is not None:
            exact = _exact_result(self._exact + other._exact)
            if exact is not None:
                return exact
        return Interval(_add(self._lo, other._lo, "down"), _add(self._hi, other._hi, "up"), _trusted=True,
                        _defined=self._def and other._def)

    __radd__ = __add__

    def __sub__(self, other):
        # x - x with the same object is exactly 0: both operands are the same quantity (as in
        # the batch kind, so that both kinds give the same enclosure of the same body)
        if other is self:
            return Interval.point(0) if self._def else Interval(arb(0), arb(0), _trusted=True, _defined=False)
        other = _as_interval(other)
        if other is NotImplemented:
            return NotImplemented
        return self + (-other)

    def __rsub__(self, other):
        other = _as_interval(other)
        if other is NotImplemented:
            return NotImplemented
        return other + (-self)

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


# -- helpers on end points -------------------------------------------------------------------


_EXACT_BITS = 4096  # exact results beyond this size fall back to interval arithmetic


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
