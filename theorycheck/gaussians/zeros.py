"""Certified real zeros of a signed combination of Gaussian densities.

``real_zeros(weights, means, sds)`` returns every real zero of
``F(x) = sum_j w_j N(x; m_j, s_j^2)`` isolated in a tiny float interval with existence and
uniqueness proved, and a certified count, or an honest "cannot decide" (``count is None``) with
certified bounds on the count. Inputs are the exact numbers given (floats are binary doubles).

How the count is certified (every decision below rests on an Arb ball, see ``_arbcombo``):

0. Exact preprocessing. Terms with the same (mean, sd) are merged by exact rational addition and
   zero weights dropped. No terms left: F is identically 0 (``identically_zero``, count None). One
   term: F has the sign of its weight everywhere, no zero.

1. Common standard deviation s (the Li et al. setting): the Rolle recursion ("rolle").
   With means m_0 < ... < m_{k-1}, G(x) = F(x) * s sqrt(2 pi) exp((x^2 - 2 m_0 x) / (2 s^2)) =
   sum_j w_j exp(((m_j - m_0) x - m_j^2/2) / s^2) has the zeros and the signs of F, and
   G'(x) = (positive factor) * K(x) with K(x) = sum_{j>=1} w_j (m_j - m_0) N(x; m_j, s^2), a
   combination of the same kind with one term fewer. So the zeros of K split the line into pieces
   on which G is strictly monotone, with at most one zero of F each. Recursively (down to one
   term, which has no zero) we get K's zeros as tiny intervals J_i, each with exactly one zero of K
   and none elsewhere. Then, for F:
     * on each J_i, an enclosure of F over J_i (second-order Taylor form) excludes 0, so J_i holds
       no zero and F has a known sign on it (J_i is bisected with K's sign when needed);
     * on each gap between consecutive J's (and on the two half-lines beyond them), K != 0, so G is
       strictly monotone and F has a zero there iff the signs at the gap's ends differ (signs at
       finite ends by Arb evaluation, at -inf/+inf the sign of the weight of the smallest/largest
       mean, which dominates there). Each such zero is then pinned in a float interval [lo, hi]
       inside the gap with sign(F(lo)) != sign(F(hi)) proved by Arb: exactly one zero, by
       monotonicity.
   This argument is the proof of Thm A-2 (at most k-1 zeros) made computational; the theorem is
   never assumed.

2. General standard deviations: subdivision ("subdivision"). An analytic tail bound (see
   :meth:`ArbCombo.tail_bounds`) proves F != 0 outside [XL, XR]. The box [XL, XR] is bisected;
   a box is discarded when the Taylor enclosure of F over it excludes 0, and holds exactly one
   zero when its end signs differ and the enclosure of F' (F strictly monotone) or of F''
   (F strictly convex or concave: at most two zeros, so a sign change means exactly one) excludes 0.

Tangencies and clusters. A zero of even multiplicity, or two zeros closer than the boxes can
resolve, leaves a box where none of the tests succeeds down to the minimal width. That box is
reported in ``undecided`` and the count becomes ``None``, with ``count_range`` = certified
(lower, upper) bounds: in a box where F'' != 0 (or, in the Rolle recursion, which holds exactly
one critical point of G) there are at most 2 zeros, and exactly 1 when the end signs differ;
elsewhere the upper bound is unknown (``None``). A wrong count is never returned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from ..enclose.interval import Interval, working_precision
from ._arbcombo import PRECS, ArbCombo, arb_of, ball_sign, float_down, float_up, is_float
from .mixture import Term, normalize_terms

__all__ = ["RealZeros", "real_zeros"]


@dataclass(frozen=True)
class RealZeros:
    """The certified zero set of a signed Gaussian combination F.

    count         number of distinct real zeros, or None when it cannot be decided
    count_range   certified (lower, upper) bounds on that number; upper None = unknown
    intervals     float pairs (lo, hi), sorted, each proved to hold exactly one zero, at which F
                  changes sign (sign(F(lo)) != sign(F(hi)), both proved)
    undecided     float pairs that may hold zeros the method could not resolve
    signs         when the count is certified: the sign of F on each of the len(intervals) + 1
                  pieces the zeros cut the line into, left to right; else None
    tail          (XL, XR): F has no zero outside [XL, XR] (analytic tail bound); None for
                  fewer than two terms
    identically_zero  True when the weights cancel exactly (F = 0 everywhere; count None)
    method        "rolle", "subdivision" or "trivial"
    terms         the merged exact terms (weight, mean, sd) actually analysed
    """

    count: int | None
    count_range: tuple[int, int | None]
    intervals: list[tuple[float, float]]
    undecided: list[tuple[float, float]] = field(default_factory=list)
    signs: list[int] | None = None
    tail: tuple[float, float] | None = None
    identically_zero: bool = False
    method: str = "trivial"
    terms: tuple[Term, ...] = ()

    @property
    def certified(self) -> bool:
        return self.count is not None

    @property
    def zeros(self) -> list[float]:
        """A float inside each isolating interval (its midpoint, rounded)."""
        return [lo + (hi - lo) / 2 for lo, hi in self.intervals]

    @property
    def enclosures(self) -> list[Interval]:
        """The isolating intervals as rigorous :class:`Interval` objects."""
        return [Interval(lo, hi) for lo, hi in self.intervals]

    def sign_at_minus_inf(self) -> int | None:
        return self.signs[0] if self.signs else None

    def positive_set(self) -> list[tuple[float, float]] | None:
        """The pieces where F > 0, as (lo, hi) with -inf / inf ends, the zeros taken at the
        isolating intervals' midpoints; None unless the count is certified."""
        if self.signs is None:
            return None
        cuts = [-math.inf] + self.zeros + [math.inf]
        return [(cuts[i], cuts[i + 1]) for i, s in enumerate(self.signs) if s > 0]


# ---------------------------------------------------------------------------------------------
# features: what one level of the analysis knows about a function's zeros


@dataclass
class _Feature:
    lo: Fraction
    hi: Fraction
    kind: str  # "zero": exactly one zero inside, F changes sign; "region": undecided
    slo: int = 0  # sign of the function at lo (0: unknown)
    shi: int = 0
    nmin: int = 1
    nmax: int | None = 1
    glo: Fraction | None = None  # for a zero: the piece around it where it is the only zero
    ghi: Fraction | None = None


@dataclass
class _Budget:
    min_width: Fraction
    max_boxes: int
    boxes: int = 0
    evaluations: int = 0


def _ulp(x: float) -> float:
    return math.ulp(x) if x != 0 else 5e-324


# -- float estimate -----------------------------------------------------------------------------


def _newton_h(ev: ArbCombo, a: float, b: float, sa: int, x0: float | None = None, tol: float = 1e-10) -> float:
    """A float estimate of the zero of F in (a, b) where F(a) has sign sa and F(b) the other:
    safeguarded Newton on h = log F+ - log F- (same zero, nearly linear). Estimate only."""
    if not (a < b):
        return a
    x = x0 if (x0 is not None and a < x < b) else 0.5 * (a + b)
    if not math.isfinite(x):
        x = 0.5 * a + 0.5 * b
    for _ in range(200):
        hv, dh = ev.h(x)
        if hv == 0:
            return x
        if (hv > 0) == (sa > 0):
            a = x
        else:
            b = x
        xn = x - hv / dh if (dh != 0 and math.isfinite(dh) and math.isfinite(hv)) else math.nan
        if not (a < xn < b):
            xn = 0.5 * a + 0.5 * b
            if xn == a or xn == b:
                return xn
        if abs(xn - x) <= tol * (1.0 + abs(x)):
            return xn
        x = xn
    return x


# -- pinning a zero in a tiny interval -----------------------------------------------------------


def _sign(ev: ArbCombo, q: Fraction, budget: _Budget) -> int:
    budget.evaluations += 1
    return ev.sign(arb_of(q))


def _newton_arb(ev: ArbCombo, x: float, P: Fraction, Q: Fraction) -> float:
    """Two Newton steps on F at 128 bits from the float estimate x (an estimate only: the
    result is rounded to a float and never trusted without a sign check)."""
    with working_precision(128):
        for _ in range(2):
            f0, f1, _ = ev.derivs_at(arb_of(Fraction(x)))
            if f1 == 0 or not (f0.is_finite() and f1.is_finite()):
                break
            xn = float((arb_of(Fraction(x)) - f0 / f1).mid())
            if not (math.isfinite(xn) and P < Fraction(xn) < Q):
                break
            if xn == x:
                break
            x = xn
    return x


def _pin(ev: ArbCombo, P: Fraction, Q: Fraction, sP: int, sQ: int, budget: _Budget, scale: Fraction):
    """Shrink [P, Q] (F(P) has sign sP, F(Q) sign sQ = -sP, and F has exactly one zero in it) to
    a tiny bracket with proved end signs: floats stepping out from a Newton estimate, then
    bisection."""
    fP, fQ = float(P), float(Q)
    x = _newton_h(ev, fP, fQ, sP)
    x = _newton_arb(ev, x, P, Q)
    tw = max(Fraction(4 * _ulp(x)), scale * Fraction(1, 2**62))
    delta = _ulp(x)
    for _ in range(40):
        for pt in (x - delta, x + delta):
            if not math.isfinite(pt):
                continue
            q = Fraction(pt)
            if P < q < Q:
                s = _sign(ev, q, budget)
                if s == sP:
                    P = q
                elif s == sQ:
                    Q = q
        if Q - P <= tw or Fraction(delta) > Q - P:
            break
        delta *= 8
    # bisection (float midpoints while there is a float strictly inside, then exact ones); the
    # target width follows the bracket, not the estimate x, which cancellation can throw far off
    for _ in range(400):
        tw = max(Fraction(4 * _ulp(max(abs(float(P)), abs(float(Q))))), scale * Fraction(1, 2**62))
        if Q - P <= tw:
            break
        mid = (P + Q) / 2
        mf = float(mid)
        if P < Fraction(mf) < Q:
            mid = Fraction(mf)
        s = _sign(ev, mid, budget)
        if s == 0:
            mid = P + (Q - P) * Fraction(3, 7)
            s = _sign(ev, mid, budget)
            if s == 0:
                break
        if s == sP:
            P = mid
        else:
            Q = mid
    return P, Q


def _float_bracket(ev, f: _Feature, budget) -> tuple[float, float] | None:
    """The zero feature's bracket with float ends (rounded outward and re-proved, staying inside
    the piece [f.glo, f.ghi] where the zero is unique), or None."""
    lo, hi = f.lo, f.hi
    outer_lo, outer_hi = f.glo, f.ghi
    if is_float(lo) and is_float(hi):
        return float(lo), float(hi)
    flo, fhi = float_down(lo), float_up(hi)
    qlo, qhi = Fraction(flo), Fraction(fhi)
    if outer_lo is None or outer_hi is None or qlo < outer_lo or qhi > outer_hi:
        return None
    if qlo != lo and _sign(ev, qlo, budget) != f.slo:
        return None
    if qhi != hi and _sign(ev, qhi, budget) != f.shi:
        return None
    return flo, fhi


# -- enclosure of a sign over an interval -------------------------------------------------------


def _taylor(ev: ArbCombo, lo: Fraction, hi: Fraction, scale: Fraction, budget: _Budget):
    """(F, F', F'') enclosures over [lo, hi], raising the precision while rounding (rather than
    the Taylor remainder) keeps F and F' from being decided."""
    width = hi - lo
    bits = 0 if width == 0 else max(0, math.ceil(math.log2(float(scale / width))) if width < scale else 0)
    p = min(64 + 2 * bits, PRECS[-1])
    while True:
        with working_precision(p):
            F, D, S, f0 = ev.taylor(lo, hi)
            budget.evaluations += 1
            if ball_sign(F) or ball_sign(D):
                return F, D, S
            # rounding dominant? (the point value's own radius against the whole enclosure)
            if p >= PRECS[-1] or f0.rad() * 8 < F.rad():
                return F, D, S
        p *= 2


def _sign_on(ev, lo, hi, scale, budget) -> int:
    F, _, _ = _taylor(ev, lo, hi, scale, budget)
    return ball_sign(F)


# ---------------------------------------------------------------------------------------------
# 1. common standard deviation: the Rolle recursion


def _rolle(ws: list[Fraction], ms: list[Fraction], s: Fraction, budget: _Budget):
    """Features of F = sum_j ws[j] N(ms[j], s^2) (ms strictly increasing, ws nonzero):
    returns (features, sign at -inf, sign at +inf, ArbCombo of F)."""
    ev = ArbCombo(ws, ms, [s] * len(ws))
    sL = 1 if ws[0] > 0 else -1
    sR = 1 if ws[-1] > 0 else -1
    if len(ws) == 1:
        return [], sL, sR, ev
    kws = [ws[j] * (ms[j] - ms[0]) for j in range(1, len(ws))]
    kfeats, _, _, kev = _rolle(kws, ms[1:], s, budget)
    scale = s

    # on each feature of K: the sign of F there, or a region
    blocks: list[_Feature] = []
    for f in kfeats:
        lo, hi = f.lo, f.hi
        sg = _sign_on(ev, lo, hi, scale, budget)
        if sg == 0 and f.kind == "zero":
            lo, hi, sg = _refine_critical(ev, kev, f, scale, budget)
        if sg:
            blocks.append(_Feature(lo, hi, "block", sg, sg, 0, 0))
            continue
        slo, shi = _sign(ev, lo, budget), _sign(ev, hi, budget)
        nmax = 2 if f.kind == "zero" else (None if f.nmax is None else f.nmax + 1)
        nmin = 1 if slo * shi < 0 else 0
        blocks.append(_Feature(lo, hi, "region", slo, shi, nmin, nmax))

    feats: list[_Feature] = []
    tails = None
    prev_hi, prev_sign = None, sL
    for b in blocks + [None]:
        g_hi = None if b is None else b.lo
        s_hi = sR if b is None else b.slo
        if prev_sign and s_hi and prev_sign != s_hi:
            if tails is None:
                tails = ev.tail_bounds()
            feats.append(_zero_in_gap(ev, prev_hi, g_hi, prev_sign, s_hi, tails, scale, budget))
        elif not (prev_sign and s_hi):
            feats.append(_gap_region(ev, prev_hi, g_hi, prev_sign, s_hi, tails))
        if b is not None:
            if b.kind == "region":
                feats.append(b)
            prev_hi, prev_sign = b.hi, b.shi
    return feats, sL, sR, ev


def _gap_region(ev, lo, hi, slo, shi, tails):
    tails = tails or ev.tail_bounds()
    lo = Fraction(tails[0]) if lo is None else lo
    hi = Fraction(tails[1]) if hi is None else hi
    return _Feature(lo, hi, "region", slo, shi, 1 if slo * shi < 0 else 0, 1)


def _zero_in_gap(ev, lo, hi, slo, shi, tails, scale, budget) -> _Feature:
    """The one zero of F in a gap where F is strictly monotone and changes sign. Infinite ends
    are replaced by tail points, where the tail bound proves F has the limit sign."""
    if lo is None:
        lo = Fraction(tails[0])
        if hi is not None and lo >= hi:
            lo = hi - 1 - abs(hi)
        if _sign(ev, lo, budget) != slo:
            raise AssertionError(f"tail bound {float(lo)} does not give the sign {slo}")
    if hi is None:
        hi = Fraction(tails[1])
        if hi <= lo:
            hi = lo + 1 + abs(lo)
        # the tail bound proves the sign there; check it anyway (a failure would be a bug)
        if _sign(ev, hi, budget) != shi:
            raise AssertionError(f"tail bound {float(hi)} does not give the sign {shi}")
    P, Q = _pin(ev, lo, hi, slo, shi, budget, scale)
    return _Feature(P, Q, "zero", slo, shi, 1, 1, lo, hi)


def _refine_critical(ev, kev, f: _Feature, scale, budget, max_steps: int = 160):
    """Bisect the interval f (exactly one zero of K, a sign change) with K's sign until F's
    sign over it is proved, or the budget ends. Returns (lo, hi, sign of F or 0)."""
    lo, hi = f.lo, f.hi
    for _ in range(max_steps):
        if hi - lo <= budget.min_width * scale * Fraction(1, 2**40):
            break
        mid = (lo + hi) / 2
        sm = _sign(kev, mid, budget)
        if sm == 0:
            break
        if sm == f.slo:
            lo = mid
        else:
            hi = mid
        sg = _sign_on(ev, lo, hi, scale, budget)
        if sg:
            return lo, hi, sg
    return lo, hi, 0


# ---------------------------------------------------------------------------------------------
# 2. general standard deviations: subdivision with Taylor enclosures


def _subdivide(ev: ArbCombo, terms, tails, budget: _Budget):
    smin = min(t.sd for t in terms)
    # dominant terms: widest sd; smallest mean on the left, largest on the right
    smax = max(t.sd for t in terms)
    wide = [t for t in terms if t.sd == smax]
    sL = 1 if min(wide, key=lambda t: t.mean).weight > 0 else -1
    sR = 1 if max(wide, key=lambda t: t.mean).weight > 0 else -1
    XL, XR = Fraction(tails[0]), Fraction(tails[1])
    feats: list[_Feature] = []
    stack = [(XL, XR, sL, sR)]
    while stack:
        a, b, sa, sb = stack.pop()
        F, D, S = _taylor(ev, a, b, smin, budget)
        if ball_sign(F):
            continue
        if ball_sign(D):
            if sa != sb:
                P, Q = _pin(ev, a, b, sa, sb, budget, smin)
                feats.append(_Feature(P, Q, "zero", sa, sb, 1, 1, a, b))
            continue
        convex = ball_sign(S) != 0
        if convex and sa != sb:
            P, Q = _pin(ev, a, b, sa, sb, budget, smin)
            feats.append(_Feature(P, Q, "zero", sa, sb, 1, 1, a, b))
            continue
        budget.boxes += 1
        scale = max(abs(a), abs(b), smin)
        if b - a <= budget.min_width * scale or budget.boxes > budget.max_boxes:
            feats.append(_Feature(a, b, "region", sa, sb, 1 if sa != sb else 0, 2 if convex else None))
            continue
        t, st = _split(ev, a, b, budget)
        if st == 0:
            feats.append(_Feature(a, b, "region", sa, sb, 1 if sa != sb else 0, 2 if convex else None))
            continue
        stack.append((t, b, st, sb))
        stack.append((a, t, sa, st))
    return feats, sL, sR


_SPLITS = (Fraction(1, 2) - Fraction(1, 64), Fraction(1, 2) + Fraction(1, 37), Fraction(3, 7), Fraction(5, 9))


def _split(ev, a: Fraction, b: Fraction, budget):
    """A split point strictly inside (a, b) where F's sign is proved (a float when possible;
    slightly off the midpoint so that symmetric problems do not split at their zero)."""
    for theta in _SPLITS:
        t = a + (b - a) * theta
        tf = Fraction(float(t))
        if a < tf < b:
            t = tf
        s = _sign(ev, t, budget)
        if s:
            return t, s
    return None, 0


# ---------------------------------------------------------------------------------------------


def real_zeros(weights, means, sds=None, *, method: str = "auto", min_width: float = 2.0**-40,
               max_boxes: int = 20000) -> RealZeros:
    """Certified real zeros of F(x) = sum_j weights[j] * N(x; means[j], sds[j]^2).

    ``sds`` None means all 1; a single number means all equal. ``method``: "auto" (the Rolle
    recursion when all sds are equal, else subdivision), "rolle" or "subdivision".
    ``min_width`` (relative to max(|x|, smallest sd)) is the smallest box the subdivision splits;
    ``max_boxes`` its budget. See the module docstring for the argument behind the count.
    """
    terms = normalize_terms(weights, means, sds)
    if method not in ("auto", "rolle", "subdivision"):
        raise ValueError(f"unknown method {method!r}")
    if not terms:
        return RealZeros(None, (0, None), [], [], None, None, True, "trivial", terms)
    if len(terms) == 1:
        return RealZeros(0, (0, 0), [], [], [1 if terms[0].weight > 0 else -1], None, False, "trivial", terms)
    budget = _Budget(Fraction(min_width), max_boxes)
    common = len({t.sd for t in terms}) == 1
    if method == "rolle" and not common:
        raise ValueError("the Rolle recursion needs a common standard deviation")
    if common and method in ("auto", "rolle"):
        s = terms[0].sd
        feats, sL, sR, ev = _rolle([t.weight for t in terms], [t.mean for t in terms], s, budget)
        used = "rolle"
    else:
        ev = ArbCombo([t.weight / t.sd for t in terms], [t.mean for t in terms], [t.sd for t in terms])
        feats, sL, sR = _subdivide(ev, terms, ev.tail_bounds(), budget)
        used = "subdivision"
    tails = ev.tail_bounds()
    return _assemble(ev, feats, sL, sR, tails, used, terms, budget)


def _assemble(ev, feats, sL, sR, tails, method, terms, budget) -> RealZeros:
    intervals: list[tuple[float, float]] = []
    undecided: list[tuple[float, float]] = []
    nmin = nmax = 0
    unknown_max = False
    for f in feats:
        if f.kind == "zero":
            fb = _float_bracket(ev, f, budget)
            if fb is not None:
                intervals.append(fb)
                nmin += 1
                nmax += 1
                continue
            # exactly one zero, but no float interval isolates it: report it as undecided
            f = _Feature(f.lo, f.hi, "region", f.slo, f.shi, 1, 1)
        undecided.append((float_down(f.lo), float_up(f.hi)))
        nmin += f.nmin
        if f.nmax is None:
            unknown_max = True
        else:
            nmax += f.nmax
    hi = None if unknown_max else nmax
    count = nmin if (not undecided and hi == nmin) else None
    signs = None
    if count is not None:
        signs = [sL]
        for _ in intervals:
            signs.append(-signs[-1])
        if signs[-1] != sR:  # cannot happen: every zero found is a sign change
            raise AssertionError("sign pattern of the certified zeros contradicts the tail signs")
    return RealZeros(count, (nmin, hi), intervals, undecided, signs, tails, False, method, terms)
