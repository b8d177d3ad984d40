"""Mixtures and signed combinations of Gaussians with exact parameters.

``Mixture(weights, means, sds)`` is ``sum_j w_j N(m_j, s_j^2)``: a probability mixture when the
weights are nonnegative and sum to 1, a *signed combination* (a difference of mixtures, say) when
they are not. Parameters are kept as the exact rationals they denote (a float is the binary double
it is, ``"0.1"`` is 1/10), so a statement about the mixture is a statement about exactly that input.

Evaluation (:meth:`Mixture.density`, :meth:`Mixture.cdf`, :meth:`Mixture.mass`) takes a point of
any kind theorycheck knows: float, numpy array (vectorised), mpmath ``mpf``, rigorous
:class:`~theorycheck.enclose.interval.Interval` (the result then encloses the exact value), sympy
expression or ``Dual``. The parameters are made in that kind (``Interval.point`` for intervals, so
no rounding is lost).

The module-level :func:`density`, :func:`cdf` and :func:`mass` take the parameters as they are
given (any kind, e.g. intervals of means) and compute with them directly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction


from ..enclose import kinds
from ..enclose.exact import BadNumber, to_fraction

__all__ = ["Term", "Mixture", "normalize_terms", "density", "cdf", "mass", "exact_number"]


def exact_number(value, what: str = "value") -> Fraction:
    """The exact rational a user's number denotes (floats are the doubles they are, recorded for
    the verdict's evidence like every float from outside a claim body's literals)."""
    if isinstance(value, float) and math.isfinite(value):
        from ..expr import binary_value

        return binary_value(value)
    try:
        return to_fraction(value)
    except BadNumber as e:
        raise BadNumber(f"{what}: {e}") from None


@dataclass(frozen=True)
class Term:
    """One term ``weight * N(mean, sd^2)`` with exact rational parameters."""

    weight: Fraction
    mean: Fraction
    sd: Fraction


def _as_list(values, n, what):
    if values is None:
        return [Fraction(1)] * n
    if isinstance(values, (int, float, Fraction, str)) and not isinstance(values, bool):
        return [exact_number(values, what)] * n
    out = [exact_number(v, what) for v in values]
    if len(out) != n:
        raise ValueError(f"{what}: {len(out)} values for {n} terms")
    return out


def raw_terms(weights, means, sds=None) -> tuple[Term, ...]:
    """The terms as given (exact), validated, neither merged nor sorted."""
    w = [exact_number(v, "weight") for v in weights]
    m = [exact_number(v, "mean") for v in means]
    if len(w) != len(m):
        raise ValueError(f"{len(w)} weights but {len(m)} means")
    s = _as_list(sds, len(w), "sd")
    for sd in s:
        if sd <= 0:
            raise ValueError(f"standard deviations must be > 0, got {sd}")
    return tuple(Term(a, b, c) for a, b, c in zip(w, m, s))


def normalize_terms(weights, means, sds=None) -> tuple[Term, ...]:
    """Exact terms with equal (mean, sd) merged by summing their weights exactly, zero total
    weights dropped, sorted by (mean, sd). An empty result means the combination is 0."""
    merged: dict[tuple[Fraction, Fraction], Fraction] = {}
    for t in raw_terms(weights, means, sds):
        key = (t.mean, t.sd)
        merged[key] = merged.get(key, Fraction(0)) + t.weight
    return tuple(Term(w, m, s) for (m, s), w in sorted(merged.items()) if w != 0)


# -- numbers in the kind of a point ----------------------------------------------------------


def in_kind(q: Fraction, like):
    """The exact rational ``q`` made in the kind of ``like`` (an enclosure for interval kinds)."""
    return kinds.exact_in_kind(q, like)


def _is_inf(x) -> int:
    """+1 / -1 for a plain float infinity, else 0."""
    if isinstance(x, float) and math.isinf(x):
        return 1 if x > 0 else -1
    return 0


def _Phi(u):
    return kinds.apply("Phi", u)


def _npdf(u):
    return kinds.apply("npdf", u)


def _standardize(x, m, s):
    """(x - m) / s, skipping the division when s is exactly 1 (keeps exact kinds exact)."""
    u = x - m
    if isinstance(s, (int, float, Fraction)) and s == 1:
        return u
    return u / s


# -- generic evaluation (parameters of any kind) ---------------------------------------------


def density(x, weights, means, sds=None):
    """sum_j w_j npdf((x - m_j)/s_j) / s_j, computed in whatever kind the arguments are."""
    sds = [1] * len(weights) if sds is None else sds
    if _is_inf(x):
        return 0.0
    total = 0
    for w, m, s in zip(weights, means, sds):
        term = w * _npdf(_standardize(x, m, s))
        if not (isinstance(s, (int, float, Fraction)) and s == 1):
            term = term / s
        total = total + term
    return total


def cdf(x, weights, means, sds=None):
    """sum_j w_j Phi((x - m_j)/s_j) (the mass of (-inf, x]); x may be -inf or inf."""
    sds = [1] * len(weights) if sds is None else sds
    side = _is_inf(x)
    if side:
        return 0.0 if side < 0 else sum(weights)
    total = 0
    for w, m, s in zip(weights, means, sds):
        total = total + w * _Phi(_standardize(x, m, s))
    return total


def mass(intervals, weights, means, sds=None):
    """sum over the intervals (l, r) of cdf(r) - cdf(l): the mass of their union when they are
    disjoint (overlapping plain-number intervals are merged first)."""
    intervals = _merge_plain(intervals)
    total = 0
    for lo, hi in intervals:
        total = total + (cdf(hi, weights, means, sds) - cdf(lo, weights, means, sds))
    return total


def _merge_plain(intervals):
    intervals = list(intervals)
    plain = all(
        isinstance(v, (int, float, Fraction)) and not isinstance(v, bool) for iv in intervals for v in iv
    )
    if not plain:
        return intervals
    out: list[list] = []
    for lo, hi in sorted(intervals, key=lambda p: (p[0], p[1])):
        if hi < lo:
            raise ValueError(f"interval ({lo}, {hi}) has lo > hi")
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [tuple(p) for p in out]


# -- Mixture -------------------------------------------------------------------------------------


class Mixture:
    """``sum_j w_j N(m_j, s_j^2)`` with exact parameters (see the module docstring).

    >>> target = Mixture.two_component(0.25, (0.074, 2.633))
    >>> generator = Mixture.two_component(0.25, (-2.814, 1.301))
    >>> (target - generator).real_zeros().count
    3
    """

    __slots__ = ("terms",)

    def __init__(self, weights, means, sds=None):
        self.terms = raw_terms(weights, means, sds)

    @classmethod
    def _from_terms(cls, terms) -> "Mixture":
        obj = cls.__new__(cls)
        obj.terms = tuple(terms)
        return obj

    @classmethod
    def two_component(cls, alpha, means, sd=1) -> "Mixture":
        """alpha N(mu_1, sd^2) + (1 - alpha) N(mu_2, sd^2), with 1 - alpha exact."""
        a = exact_number(alpha, "alpha")
        if not 0 <= a <= 1:
            raise ValueError(f"alpha must lie in [0, 1], got {alpha!r}")
        mu = list(means)
        if len(mu) != 2:
            raise ValueError("two_component needs two means")
        return cls([a, 1 - a], mu, sd)

    # -- views -------------------------------------------------------------------------------
    @property
    def weights(self) -> tuple[Fraction, ...]:
        return tuple(t.weight for t in self.terms)

    @property
    def means(self) -> tuple[Fraction, ...]:
        return tuple(t.mean for t in self.terms)

    @property
    def sds(self) -> tuple[Fraction, ...]:
        return tuple(t.sd for t in self.terms)

    @property
    def total_weight(self) -> Fraction:
        return sum(self.weights, Fraction(0))

    def normalized_terms(self) -> tuple[Term, ...]:
        return normalize_terms(self.weights, self.means, self.sds)

    def is_zero(self) -> bool:
        """True when the combination is identically 0 (all weights cancel exactly)."""
        return not self.normalized_terms()

    def __repr__(self) -> str:
        parts = ", ".join(f"{float(t.weight):g}*N({float(t.mean):g}, {float(t.sd):g}^2)" for t in self.terms)
        return f"Mixture({parts})"

    # -- algebra -----------------------------------------------------------------------------
    def __add__(self, other: "Mixture") -> "Mixture":
        if not isinstance(other, Mixture):
            return NotImplemented
        return Mixture._from_terms(self.terms + other.terms)

    def __neg__(self) -> "Mixture":
        return Mixture._from_terms(Term(-t.weight, t.mean, t.sd) for t in self.terms)

    def __sub__(self, other: "Mixture") -> "Mixture":
        if not isinstance(other, Mixture):
            return NotImplemented
        return self + (-other)

    def __mul__(self, c) -> "Mixture":
        q = exact_number(c, "factor")
        return Mixture._from_terms(Term(q * t.weight, t.mean, t.sd) for t in self.terms)

    __rmul__ = __mul__

    # -- evaluation in the kind of x ---------------------------------------------------------
    def _params_like(self, x):
        like = x
        if _is_inf(x):
            like = 0.0
        w = [in_kind(t.weight, like) for t in self.terms]
        m = [in_kind(t.mean, like) for t in self.terms]
        s = [1 if t.sd == 1 else in_kind(t.sd, like) for t in self.terms]
        return w, m, s

    def density(self, x):
        """Density at x (any kind); rigorous enclosure when x is an Interval."""
        return density(x, *self._params_like(x))

    def cdf(self, x):
        """Mass of (-inf, x] (any kind; x may be -inf or inf)."""
        if _is_inf(x):
            return 0.0 if x < 0 else float(self.total_weight)
        return cdf(x, *self._params_like(x))

    def mass(self, intervals):
        """Mass of a union of intervals [(l, r), ...]; ends may be -inf / inf. Plain-number
        intervals may overlap (they are merged); intervals of other kinds must be disjoint."""
        intervals = _merge_plain(intervals)
        total = 0
        for lo, hi in intervals:
            total = total + (self.cdf(hi) - self.cdf(lo))
        return total

    # -- zeros -------------------------------------------------------------------------------
    def real_zeros(self, **options):
        """Certified real zeros of the (signed) density; see :func:`theorycheck.gaussians.real_zeros`."""
        from .zeros import real_zeros

        return real_zeros(self.weights, self.means, self.sds, **options)
