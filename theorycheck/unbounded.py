"""Variables over unbounded ranges: ``x=(0, inf)``, ``x=("-inf", 2)``, ``x=(-inf, inf)``.

Such a variable is decided through a change of variables onto a bounded range:

    x = c + t / (1 - |t|),   t in [0, 1] for [c, inf),  [-1, 0] for (-inf, c],  [-1, 1] (c = 0)
    for (-inf, inf);  inversely t = s / (1 + |s|) with s = x - c.

The claim every engine sees is an ordinary claim over the bounded t-range (the body is called
with x = phi(t)), so nothing is ever cut off. The ends t = +-1 stand for no point (x would be
infinite); what the body gets there is an *enclosure of the body's values near infinity*:

* on a box [t0, 1]: x = [phi(t0), +inf], an Arb interval with an infinite end, which encloses every
  finite x >= phi(t0): the enclosure of the body over it holds the body's values on all of them;
* at the point t = 1: x = [c + 2**64, +inf], whose enclosure holds the limit of the body at
  infinity when there is one (what the prover's face and mean-value arguments at t = 1 need:
  they use the value at t = 1 only as the limit of the values at t < 1, and the interval holds
  that limit);
* derivatives: dx/dt = 1/(1 - |t|)^2, enclosed on [t0, 1] by [1/(1 - t0)^2, +inf] (every t < 1
  has a finite derivative; t = 1 is no point of the domain).

A point at infinity ``[inf, inf]`` is never made (python-flint is not safe there for every
function). A counterexample found at t = +-1 (the body certainly violated, or undefined, on all
of [c + 2**64, inf)) is certified again at the finite point x = c + 2**64; reported
counterexamples are in x (exact rationals), the t-point beside them in the evidence.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

FAR = Fraction(2) ** 64  # the point t = +-1 stands for x in [c + FAR, inf) (resp. (-inf, c - FAR])


def infinite_bound(b):
    """+1 / -1 for a bound meaning +inf / -inf (``math.inf``, ``float('inf')``, numpy's inf,
    the strings "inf", "+inf", "-inf", "infinity"), else None."""
    if isinstance(b, str):
        text = b.strip().lower()
        if text in ("inf", "+inf", "infinity", "+infinity"):
            return 1
        if text in ("-inf", "-infinity"):
            return -1
        return None
    if isinstance(b, bool):
        return None
    try:
        f = float(b)
    except (TypeError, ValueError, OverflowError):
        return None
    if math.isinf(f) and not isinstance(b, int):
        return 1 if f > 0 else -1
    return None


@dataclass(frozen=True)
class Unbounded:
    """One unbounded variable: its name and finite end (None for none). ``mode`` is "up" for
    [c, inf), "down" for (-inf, c], "both" for (-inf, inf)."""

    name: str
    lo: Fraction | None
    hi: Fraction | None

    @property
    def mode(self) -> str:
        return "both" if self.lo is None and self.hi is None else ("up" if self.hi is None else "down")

    @property
    def c(self) -> Fraction:
        return self.lo if self.mode == "up" else (self.hi if self.mode == "down" else Fraction(0))

    @property
    def t_range(self) -> tuple:
        return {"up": (Fraction(0), Fraction(1)), "down": (Fraction(-1), Fraction(0)),
                "both": (Fraction(-1), Fraction(1))}[self.mode]

    def text(self) -> str:
        lo = "-inf" if self.lo is None else str(self.lo)
        hi = "inf" if self.hi is None else str(self.hi)
        return f"{self.name} in [{lo}, {hi}]".replace("[-inf", "(-inf").replace("inf]", "inf)")

    def ends_text(self) -> list:
        """[lo, hi] as text, "-inf"/"inf" for the infinite ends."""
        return ["-inf" if self.lo is None else str(self.lo), "inf" if self.hi is None else str(self.hi)]

    def key(self) -> tuple:
        """An immutable description (what the certificate hash reads of it)."""
        return (self.name, None if self.lo is None else str(self.lo), None if self.hi is None else str(self.hi))

    # -- exact maps --------------------------------------------------------------------------
    def x_of(self, t: Fraction) -> Fraction:
        """phi(t) for |t| < 1; the finite stand-in c +- FAR at t = +-1."""
        t = Fraction(t)
        if t >= 1:
            return self.c + FAR
        if t <= -1:
            return self.c - FAR
        return self.c + t / (1 - abs(t))

    def t_of(self, x: Fraction) -> Fraction:
        s = Fraction(x) - self.c
        return s / (1 + abs(s))


def _unpack(spec):
    return spec if isinstance(spec, Unbounded) else Unbounded(spec[0], None if spec[1] is None else Fraction(spec[1]),
                                                             None if spec[2] is None else Fraction(spec[2]))


# -- phi on every kind ------------------------------------------------------------------------

def phi(raw, spec: Unbounded):
    """x = phi(t) for the raw value ``t`` of any kind (see the module docstring)."""
    kn = type(raw).__name__
    if kn == "Dual":
        return _phi_dual(raw, spec)
    from .enclose import kinds

    kind = kinds.kind_name(raw)
    if kind == "Interval":
        return _phi_interval(raw, spec)
    if kind == "IntervalArray":
        return _phi_batch(raw, spec)
    if kind == "float":
        t = float(raw)
        if abs(t) >= 1:
            return math.inf if t > 0 else -math.inf
        return float(spec.c) + t / (1 - abs(t))
    if kind == "array":
        t = np.asarray(raw, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = float(spec.c) + t / (1 - np.abs(t))
        return np.where(np.abs(t) >= 1, np.sign(t) * math.inf, out)
    if kind == "mpf":
        import mpmath

        if abs(raw) >= 1:
            return mpmath.inf if raw > 0 else -mpmath.inf
        return mpmath.mpf(spec.c.numerator) / spec.c.denominator + raw / (1 - abs(raw))
    if kind == "sympy":
        import sympy

        c = sympy.Rational(spec.c.numerator, spec.c.denominator)
        u = {"up": raw, "down": -raw, "both": sympy.Abs(raw)}[spec.mode]
        return c + raw / (1 - u)
    from .enclose.interval import NotEnclosed

    raise NotEnclosed(f"an unbounded variable has no {kind} form")


def _ends(t_lo: Fraction, t_hi: Fraction, spec: Unbounded):
    """Exact (Fraction) or infinite ends of phi over [t_lo, t_hi] (phi increases)."""
    lo = -math.inf if t_lo <= -1 and t_hi > -1 else spec.x_of(t_lo)
    hi = math.inf if t_hi >= 1 and t_lo < 1 else spec.x_of(t_hi)
    if t_lo >= 1:  # the point t = 1: [c + FAR, inf)
        lo, hi = spec.x_of(Fraction(1)), math.inf
    if t_hi <= -1:  # the point t = -1: (-inf, c - FAR]
        lo, hi = -math.inf, spec.x_of(Fraction(-1))
    return lo, hi


def _phi_interval(t, spec):
    from .enclose.interval import Interval

    lo, hi = _ends(t.lo_fraction, t.hi_fraction, spec)
    if lo == hi:
        return Interval.point(lo)
    return Interval(lo, hi)


def _phi_batch(t, spec):
    from .enclose.batch import IntervalArray
    from .search import float_down, float_up

    tl, th = np.asarray(t.lo, dtype=float), np.asarray(t.hi, dtype=float)
    lo = np.empty(tl.shape)
    hi = np.empty(th.shape)
    for idx in np.ndindex(tl.shape):
        a, b = _ends(Fraction(float(tl[idx])), Fraction(float(th[idx])), spec)
        lo[idx] = a if isinstance(a, float) else float_down(a)
        hi[idx] = b if isinstance(b, float) else float_up(b)
    return IntervalArray._trusted(lo, hi)


def _dphi_interval(t_lo: Fraction, t_hi: Fraction):
    """Exact or infinite ends of phi' = 1/(1 - |t|)^2 over [t_lo, t_hi]."""
    u_lo = Fraction(0) if t_lo <= 0 <= t_hi else min(abs(t_lo), abs(t_hi))
    u_hi = max(abs(t_lo), abs(t_hi))
    lo = 1 / (1 - u_lo) ** 2 if u_lo < 1 else math.inf
    hi = 1 / (1 - u_hi) ** 2 if u_hi < 1 else math.inf
    return lo, hi


def _phi_dual(t, spec):
    from .enclose.guard import _entire_like

    inner = t.val
    if type(inner).__name__ == "Dual":
        # second derivatives: by the kind's own arithmetic away from the ends, unknown near them
        if _touches(inner, spec):
            return type(t)(phi(inner, spec), tuple(_entire_like(inner) for _ in t.grad), t.tag)
        c = spec.c
        u = {"up": t, "down": -t, "both": abs(t)}[spec.mode]
        return c + t / (1 - u)
    val = phi(inner, spec)
    d = _dphi(inner, spec)
    return type(t)(val, tuple(g * d for g in t.grad), t.tag)


def _dphi(t, spec):
    """An enclosure of phi'(t) over the raw value t (not a Dual)."""
    from .enclose import kinds

    kind = kinds.kind_name(t)
    if kind == "Interval":
        from .enclose.interval import Interval

        lo, hi = _dphi_interval(t.lo_fraction, t.hi_fraction)
        return Interval(lo, hi) if lo != hi else Interval.point(lo)
    if kind == "IntervalArray":
        from .enclose.batch import IntervalArray
        from .search import float_down, float_up

        tl, th = np.asarray(t.lo, dtype=float), np.asarray(t.hi, dtype=float)
        lo, hi = np.empty(tl.shape), np.empty(th.shape)
        for idx in np.ndindex(tl.shape):
            a, b = _dphi_interval(Fraction(float(tl[idx])), Fraction(float(th[idx])))
            lo[idx] = a if isinstance(a, float) else float_down(a)
            hi[idx] = b if isinstance(b, float) else float_up(b)
        return IntervalArray._trusted(lo, hi)
    if kind in ("float", "mpf"):
        u = abs(t)
        return math.inf if u >= 1 else 1 / (1 - u) ** 2
    if kind == "array":
        u = np.abs(np.asarray(t, dtype=float))
        with np.errstate(divide="ignore"):
            return np.where(u >= 1, math.inf, 1 / (1 - u) ** 2)
    from .enclose.interval import NotEnclosed

    raise NotEnclosed(f"an unbounded variable has no {kind} derivative")


def _touches(raw, spec) -> bool:
    while type(raw).__name__ == "Dual":
        raw = raw.val
    lo = getattr(raw, "lo", raw)
    hi = getattr(raw, "hi", raw)
    return bool(np.any(np.asarray(hi, dtype=float) >= 1) or np.any(np.asarray(lo, dtype=float) <= -1))


# -- the claim over t --------------------------------------------------------------------------

def wrap(body, params: tuple, specs: tuple):
    """The body as a function of the bounded variables (t in place of each unbounded x).
    ``specs``: ((name, lo or None, hi or None) as strings), immutable (the certificate hash reads
    it by its repr)."""
    from .expr import Real

    def body_over_t(*values):
        unbounded = _spec_map(specs)  # read from the immutable specs (the certificate hash sees them)
        args = []
        for name, v in zip(params, values):
            spec = unbounded.get(name)
            if spec is not None and isinstance(v, Real):
                x = object.__new__(Real)  # made here, defined on the whole box: not watched
                x.raw = phi(v.raw, spec)
                v = x
            args.append(v)
        return body(*args)

    body_over_t.__name__ = getattr(body, "__name__", "body")
    body_over_t.__module__ = getattr(body, "__module__", None)
    body_over_t.__doc__ = getattr(body, "__doc__", None)
    body_over_t.__theorycheck_body__ = body
    return body_over_t


@functools.lru_cache(maxsize=256)
def _spec_map(specs: tuple) -> dict:
    return {s[0]: _unpack(s) for s in specs}


def specs_of(claim) -> dict:
    return {s[0]: _unpack(s) for s in claim.options.get("unbounded", ())}


def fraction_text(q: Fraction) -> str:
    """An exact rational as a decimal when it has a finite one, else "p/q"."""
    from .enclose.exact import exact_string

    return exact_string(q)


def map_back(claim, verdict, deadline=None):
    """The verdict of the claim over t, told in x: a counterexample at t = +-1 is certified again
    at the finite point c +- 2**64 (else the verdict is undecided); the counterexample is given
    in x, its t-point in the evidence."""
    specs = specs_of(claim)
    if verdict.verdict != "refuted" or not verdict.counterexample:
        return verdict
    point = dict(verdict.counterexample)
    at_end = [n for n in specs if n in point and abs(Fraction(point[n])) >= 1]
    if at_end:
        from .certify import certify

        moved = dict(point)
        for n in at_end:
            moved[n] = fraction_text(specs[n].t_of(specs[n].x_of(Fraction(point[n]))))
        cert = certify(claim, moved, deadline=deadline)
        if cert is None:
            verdict.verdict = "undecided"
            verdict.counterexample = None
            verdict.proof = None
            verdict.lhs = verdict.rhs = verdict.gap = verdict.relation = verdict.undefined = None
            verdict.evidence["unbounded"] = (
                "violated only in the limit at infinity (at t = +-1) and not certified at the finite point "
                + ", ".join(f"{n}={fraction_text(specs[n].x_of(Fraction(point[n])))}" for n in at_end))
            return verdict
        from .check import _refuted

        evidence = dict(verdict.evidence)
        new = _refuted(claim, cert, None, evidence, verdict.seed, verdict.budget)
        new.seconds = verdict.seconds
        verdict = new
        point = dict(verdict.counterexample)
    verdict.evidence["counterexample_t"] = dict(point)
    verdict.counterexample = {k: (fraction_text(specs[k].x_of(Fraction(v))) if k in specs else v)
                              for k, v in point.items()}
    return verdict
