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

import numpy as np

from ..enclose.interval import Interval, working_precision
from ._arbcombo import PRECS, ArbCombo, arb_of, ball_sign, float_down, float_up, is_float
from .mixture import Term, normalize_terms
from .fast import closest_opposite_pairing

__all__ = ["BatchZeros", "RealZeros", "real_zeros", "real_zeros_22_batch"]


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


# ---------------------------------------------------------------------------------------------
# 3. many combinations at once: four terms, two weights of each sign, a common sd
#
# The same Rolle argument as ``_rolle``, vectorised over rows with numpy batches of intervals
# (:class:`theorycheck.enclose.batch.IntervalArray`, rigorous directed rounding) instead of Arb
# balls one row at a time. Rows it cannot decide are reported (``ok`` False) for the caller to
# send through :func:`real_zeros` one by one; a wrong answer is never returned.


@dataclass
class BatchZeros:
    """Certified zeros of many four-term combinations (see :func:`real_zeros_22_batch`).

    ok          (N,) bool: the row is decided; everything below only holds where ok
    count       (N,) number of distinct real zeros
    sign_left   (N,) sign of F near -inf (+1.0 / -1.0); sign_right near +inf
    lo, hi      (N, 3) floats, NaN beyond ``count``: the k-th zero lies in [lo, hi], the only zero
                there, F(lo) has the sign sign_left (-1)^k and F(hi) the opposite one (both proved)
    """

    ok: "np.ndarray"
    count: "np.ndarray"
    sign_left: "np.ndarray"
    sign_right: "np.ndarray"
    lo: "np.ndarray"
    hi: "np.ndarray"


_EPS = 2.0**-52
_PHI_MAX = 3.0  # Newton on log|Y| - log|X| - Ds only where the two groups are within e^3: there it is
# nearly linear; elsewhere (a group near its own zero) Newton on S


def _ipt(a):
    """Exact float points as a batch of intervals."""
    from ..enclose.batch import IntervalArray

    a = np.ascontiguousarray(a, dtype=float)
    return IntervalArray._trusted(a, a)


def _isel(mask, a, b):
    """Row-wise choice between two batches of intervals (a where mask)."""
    from ..enclose.batch import IntervalArray

    return IntervalArray._trusted(np.where(mask, a.lo, b.lo), np.where(mask, a.hi, b.hi))


def _isign(v):
    """+1 / -1 where the interval is certainly positive / negative, 0 where it holds 0 (or NaN)."""
    return np.where(v.lo > 0, 1.0, np.where(v.hi < 0, -1.0, 0.0))


class _Pair:
    """A pair c_i E_i + c_k E_k of opposite signs (m_i < m_k) of one level, per row: the means,
    the coefficients, r = log(-c_k / c_i) and the exponent of E_k / E_i = exp(g (x - h)),
    g = (m_k - m_i)/s^2, h = (m_i + m_k)/2, in floats (estimates) and as intervals (proofs)."""

    def __init__(self, mi, mk, ci, ck, r, ci_iv, ck_iv, r_iv, s2, s2_iv):
        self.mi, self.mk, self.ci, self.ck, self.r = mi, mk, ci, ck, r
        self.ci_iv, self.ck_iv, self.r_iv = ci_iv, ck_iv, r_iv
        self.g = (mk - mi) / s2
        self.h = 0.5 * (mi + mk)
        self.g_iv = (_ipt(mk) - _ipt(mi)) / s2_iv
        self.h_iv = (_ipt(mi) + _ipt(mk)) * 0.5

    def value(self, x, q, iv):
        """(V, base mean, V') at x for rows q: c_i E_i + c_k E_k = E_b V with the base b the larger
        term: V = -c_i expm1(y) (b = i) when y = g (x - h) + r <= 0, else V = -c_k expm1(-y)
        (b = k). The pair's difference comes from expm1 of its own small exponent, never from
        subtracting two nearly equal numbers. V' only for floats."""
        if iv:
            y = self.g_iv[q] * (x - self.h_iv[q]) + self.r_iv[q]
            bi = y.mid() <= 0
            v = -(_isel(bi, self.ci_iv[q], self.ck_iv[q]) * _isel(bi, y, -y).expm1())
            return v, np.where(bi, self.mi[q], self.mk[q]), None
        g = self.g[q]
        y = g * (x - self.h[q]) + self.r[q]
        bi = y <= 0
        c = np.where(bi, self.ci[q], self.ck[q])
        em = np.expm1(np.where(bi, y, -y))
        return -c * em, np.where(bi, self.mi[q], self.mk[q]), -c * (em + 1.0) * np.where(bi, g, -g)


class _Single:
    def __init__(self, m, c, c_iv):
        self.m, self.c, self.c_iv = m, c, c_iv

    def value(self, x, q, iv):
        if iv:
            return self.c_iv[q], self.m[q], None
        return self.c[q], self.m[q], np.zeros(len(q))


class _Batch22:
    """n rows of F = sum_j w_j N(m_j, s^2), means sorted strictly increasing, two weights of each
    sign. With E_j(x) = exp((m_j/s^2)(x - m_j/2)), F = (positive factor) * F^ with
    F^ = sum_j w_j E_j (level 0), and d/dx [F^ exp(-m_0 x/s^2)] = (positive) * K^ with
    K^ = sum_{j>=1} w_j (m_j - m_0) E_j (level 1), d/dx [K^ exp(-m_1 x/s^2)] = (positive) * L^ with
    L^ = sum_{j>=2} w_j (m_j - m_0)(m_j - m_1) E_j (level 2). So between consecutive zeros of
    K^ (of L^) the function F^ exp(-m_0 x/s^2) (K^ exp(-m_1 x/s^2)) is strictly monotone.

    Evaluation, in floats (estimates) or intervals (proofs) alike: each level is the sum of two
    groups, level 0 the two pairs of opposite signs (the pairing that holds the closest pair of
    means: a nearly matched pair is evaluated from its own difference), level 1 the partner of
    term 0 (a single term) and the other pair; S = F^ (or K^) divided by a positive exponential,
    so that nothing overflows however far out x is."""

    def __init__(self, W, M, s):
        n = len(W)
        self.n = n
        self.W, self.M = W, M
        self.sig = np.where(W > 0, 1.0, -1.0)
        s2 = s * s
        self.s2 = s2
        self.s2_iv = _ipt(s) * _ipt(s)
        P, Q, a = closest_opposite_pairing(W, M)
        p1 = (P[:, 0], np.where(a, Q[:, 0], Q[:, 1]))
        p2 = (P[:, 1], np.where(a, Q[:, 1], Q[:, 0]))
        pairs = [(np.minimum(*p), np.maximum(*p)) for p in (p1, p2)]
        # pair A holds term 0 (the smallest mean), pair B the other two
        first = pairs[0][0] == 0
        iA, kA = (np.where(first, pairs[0][t], pairs[1][t]) for t in range(2))
        iB, kB = (np.where(first, pairs[1][t], pairs[0][t]) for t in range(2))
        m = [M[:, j] for j in range(4)]
        w = [W[:, j] for j in range(4)]
        m_iv = [_ipt(v) for v in m]
        w_iv = [_ipt(v) for v in w]
        # level-1 coefficients w_j (m_j - m_0)
        c1 = [None] + [w[j] * (m[j] - m[0]) for j in range(1, 4)]
        c1_iv = [None] + [w_iv[j] * (m_iv[j] - m_iv[0]) for j in range(1, 4)]

        def gather(vals, idx):
            out = np.empty(n)
            for j in range(4):
                if vals[j] is not None:
                    sel = idx == j
                    out[sel] = vals[j][sel]
            return out

        def gather_iv(vals, idx):
            lo = np.empty(n)
            hi = np.empty(n)
            for j in range(4):
                if vals[j] is not None:
                    sel = idx == j
                    lo[sel] = vals[j].lo[sel]
                    hi[sel] = vals[j].hi[sel]
            return _from_ends(lo, hi)

        absw = [np.abs(v) for v in w]
        absw_iv = [abs(v) for v in w_iv]

        def make_pair(i, k, level):
            mi, mk = gather(m, i), gather(m, k)
            ratio = gather(absw, k) / gather(absw, i)
            r = np.log(ratio)
            r_iv = (gather_iv(absw_iv, k) / gather_iv(absw_iv, i)).log()
            if level == 0:
                return _Pair(mi, mk, gather(w, i), gather(w, k), r, gather_iv(w_iv, i), gather_iv(w_iv, k), r_iv,
                             s2, self.s2_iv)
            # r = log(|w_k| (m_k - m_0) / (|w_i| (m_i - m_0))): the ratio of the mean differences as
            # log1p((m_k - m_i) / (m_i - m_0)), accurate when m_i, m_k nearly match
            r = r + np.log1p((mk - mi) / (mi - m[0]))
            r_iv = r_iv + ((_ipt(mk) - _ipt(mi)) / (_ipt(mi) - m_iv[0])).log1p()
            return _Pair(mi, mk, gather(c1, i), gather(c1, k), r, gather_iv(c1_iv, i), gather_iv(c1_iv, k), r_iv,
                         s2, self.s2_iv)

        self.level = {
            0: (make_pair(iA, kA, 0), make_pair(iB, kB, 0)),
            1: (_Single(gather(m, kA), gather(c1, kA), gather_iv(c1_iv, kA)), make_pair(iB, kB, 1)),
        }
        # the zero of L^ (when w_2 w_3 < 0): x = (m_2 + m_3)/2 - s^2 r_L / (m_3 - m_2) with
        # r_L = log(-c_3/c_2) = log|w_3/w_2| + log1p((m_3 - m_2)/(m_2 - m_0)) + log1p((m_3 - m_2)/(m_2 - m_1))
        d32 = m[3] - m[2]
        with np.errstate(all="ignore"):
            rL = np.log(absw[3] / absw[2]) + np.log1p(d32 / (m[2] - m[0])) + np.log1p(d32 / (m[2] - m[1]))
            self.zL = 0.5 * (m[2] + m[3]) - s2 * rL / d32
        self._m_iv = m_iv
        self._absw_iv = absw_iv

    def zL_iv(self, q):
        m = [v[q] for v in self._m_iv]
        aw = [v[q] for v in self._absw_iv]
        d32 = m[3] - m[2]
        rL = (aw[3] / aw[2]).log() + (d32 / (m[2] - m[0])).log1p() + (d32 / (m[2] - m[1])).log1p()
        return (m[2] + m[3]) * 0.5 - self.s2_iv[q] * rL / d32

    def S(self, level, x, q, iv=False, newton=False):
        """The level's function at x (floats, or a batch of intervals: a rigorous enclosure) for
        rows q, divided by a positive factor. Floats: (S, T, S') with T a scale of the rounding
        errors (the sum of the magnitudes of the two groups); with ``newton``, (S, a Newton step,
        the rounding band T/|S'|) instead."""
        g1, g2 = self.level[level]
        v1, b1, d1 = g1.value(x, q, iv)
        v2, b2, d2 = g2.value(x, q, iv)
        # E_b2 / E_b1 = exp(D), D = g12 (x - h12); divided by the larger of E_b1, E_b2
        if iv:
            D = (_ipt(b2) - _ipt(b1)) / self.s2_iv[q] * (x - (_ipt(b1) + _ipt(b2)) * 0.5)
            neg = D.mid() > 0
            E = _isel(neg, -D, D).exp()
            return _isel(neg, v2, v1) + _isel(neg, v1, v2) * E
        g12 = (b2 - b1) / self.s2[q]
        D = g12 * (x - 0.5 * (b1 + b2))
        neg = D > 0
        E = np.exp(np.where(neg, -D, D))
        X, Y = np.where(neg, v1, v2), np.where(neg, v2, v1)
        dX, dY = np.where(neg, d1, d2), np.where(neg, d2, d1)
        S = Y + X * E
        T = np.abs(Y) + np.abs(X * E) * (1.0 + np.abs(D))
        dDs = np.where(neg, -g12, g12)
        dS = dY + dX * E + X * E * dDs
        if not newton:
            return S, T, dS
        # the Newton step on phi = log|Y| - log|X| - Ds (zero where S is, nearly linear: a log of
        # sums of exponentials) where X and Y have opposite signs, else on S
        with np.errstate(all="ignore"):
            phi = np.log(np.abs(Y)) - np.log(np.abs(X)) + np.where(neg, D, -D)
            step = phi / (dY / Y - dX / X - dDs)
        use = (X * Y < 0) & np.isfinite(step) & (np.abs(phi) < _PHI_MAX)
        return S, np.where(use, step, S / dS), T / np.abs(dS)


def _from_ends(lo, hi):
    from ..enclose.batch import IntervalArray

    return IntervalArray._trusted(lo, hi)


def _newton_in(B, level, q, a, b, sa, iters=300):
    """Float estimates (never trusted) of the zero of the level's function in (a, b) for rows q,
    where it has the sign sa at a and -sa at b: Newton steps kept inside the shrinking bracket,
    bisection where a step leaves it."""
    a = np.array(a, dtype=float)
    b = np.array(b, dtype=float)
    x = a + 0.5 * (b - a)
    live = np.arange(len(q))
    with np.errstate(all="ignore"):
        for _ in range(iters):
            if not live.size:
                break
            xl, al, bl, sal = x[live], a[live], b[live], sa[live]
            S, step, band = B.S(level, xl, q[live], newton=True)
            sg = np.sign(S)
            al = np.where(sg == sal, xl, al)
            bl = np.where(sg == -sal, xl, bl)
            a[live], b[live] = al, bl
            xn = xl - step
            # converged: the step is within the rounding band of the float evaluation
            done = (sg == 0) | (np.abs(step) <= np.fmax(2.0 * np.spacing(np.abs(xl)), 4.0 * _EPS * band))
            mid = al + 0.5 * (bl - al)
            inside = (xn > al) & (xn < bl)
            xn = np.where(inside, xn, mid)
            done |= (mid <= al) | (mid >= bl)
            x[live] = np.where(done & ~inside, xl, xn)
            live = live[~done]
    return x


def _outer(B, level, q, ref, s_lim, direction, steps=70):
    """For rows q: the first float ref + direction 2^k (k = 0, 1, ...) where the level's function
    has (in floats) the sign s_lim of its limit on that side; NaN where none is found."""
    out = np.full(len(q), np.nan)
    live = np.arange(len(q))
    with np.errstate(all="ignore"):
        for k in range(steps):
            if not live.size:
                break
            x = ref[live] + direction * 2.0**k
            hit = np.sign(B.S(level, x, q[live])[0]) == s_lim[live]
            out[live[hit]] = x[hit]
            live = live[~hit]
    return out


def _prove_brackets(B, level, q, x, sl, lim_lo, lim_hi, rounds=12):
    """For each (row q[t], float estimate x[t] of a zero of the level's function): floats
    lim_lo < lo < hi < lim_hi with the function's sign at lo equal to sl[t] and at hi equal to
    -sl[t], both proved by interval evaluation. Probes step out from x by d, 8 d, 64 d, ... with d
    the estimated rounding band (a probe that finds the other sign becomes the opposite end).
    Returns (lo, hi, ok)."""
    m = len(q)
    with np.errstate(all="ignore"):
        _, T, dS = B.S(level, x, q)
        d = 64.0 * _EPS * T / np.abs(dS)
        tiny = 4.0 * np.spacing(np.abs(x))
        d = np.where(np.isfinite(d), np.maximum(d, tiny), tiny)
    dl, dr = d.copy(), d.copy()
    lo = np.full(m, np.nan)
    hi = np.full(m, np.nan)
    alive = np.isfinite(x)
    for _ in range(rounds):
        il = np.nonzero(alive & np.isnan(lo))[0]
        ir = np.nonzero(alive & np.isnan(hi))[0]
        if not (il.size or ir.size):
            break
        pl = x[il] - dl[il]
        pr = x[ir] + dr[ir]
        out_l = ~(pl > lim_lo[il])
        out_r = ~(pr < lim_hi[ir])
        alive[il[out_l]] = False
        alive[ir[out_r]] = False
        il, pl, ir, pr = il[~out_l], pl[~out_l], ir[~out_r], pr[~out_r]
        sg = _isign(B.S(level, _ipt(np.concatenate([pl, pr])), q[np.concatenate([il, ir])], iv=True))
        sgl, sgr = sg[: il.size], sg[il.size:]
        got = sgl == sl[il]
        lo[il[got]] = pl[got]
        flip = sgl == -sl[il]
        hi[il[flip]] = np.fmin(hi[il[flip]], pl[flip])
        dl[il[~got]] *= 8.0
        got = sgr == -sl[ir]
        hi[ir[got]] = np.fmin(hi[ir[got]], pr[got])
        flip = sgr == sl[ir]
        lo[ir[flip]] = np.fmax(lo[ir[flip]], pr[flip])
        dr[ir[~got]] *= 8.0
    # (a probe that found the other sign can sit on the far side of the estimate: check the limits
    # again on the final ends)
    ok = alive & np.isfinite(lo) & np.isfinite(hi) & (lo < hi) & (lo > lim_lo) & (hi < lim_hi)
    return lo, hi, ok


def real_zeros_22_batch(weights, means, sd=1.0) -> BatchZeros:
    """Certified real zeros of F_i(x) = sum_j weights[i, j] N(x; means[i, j], sd_i^2) for many rows
    i at once, each with two positive and two negative weights and four distinct means (the
    optimal-discriminator case), in batches of intervals; rows it cannot decide have ``ok``
    False (nothing else is claimed there: send them to :func:`real_zeros`).

    Why a decided row is right (means sorted, E_j and the levels F^, K^, L^ as in
    :class:`_Batch22`; the estimates below are floats, every decision an interval sign):

    * Descartes' rule for exponential sums: sum_j c_j exp(a_j x) with a_0 < ... < a_k has at most
      as many real zeros as the sequence c_0, ..., c_k has sign changes (V). (Induction on V: for
      c_i, c_{i+1} of opposite signs take a_i < c < a_{i+1}; the derivative of the sum times
      exp(-c x) has coefficients c_j (a_j - c), one sign change fewer; Rolle. V = 0: no zero.)
      F^ and K^ are such sums (F^ = sum_j w_j exp((m_j/s^2) x - m_j^2/(2 s^2))).
    * So when V disjoint, ordered brackets [lo, hi] with proved opposite end signs are found for F^,
      F has exactly V zeros, one in each. Otherwise the zeros of K^ are certified first, in the same
      way (V_K brackets), or, when K^ has none (V_K = 2), by the closed-form zero of the two-term
      L^ (an interval Z_L) with K^ proved to have, over Z_L, the sign K^ has at both infinities
      (K^ exp(-m_1 x/s^2) is strictly monotone on each side of Z_L). Between the brackets J of
      K^'s zeros, F^ exp(-m_0 x/s^2) is strictly monotone; F^ is proved nonzero over each J (its
      sign there, with the signs at -inf and +inf, those of w_0 and w_3, fixes the pieces where F
      changes sign), and each such piece gets a bracket strictly inside it: exactly one zero each,
      none elsewhere.

    Each nearly matched pair of means is evaluated from its own difference (see :class:`_Pair`),
    so such rows are decided too (the float path cannot place their far zeros)."""
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    M = np.atleast_2d(np.asarray(means, dtype=float))
    N = W.shape[0]
    s = np.broadcast_to(np.asarray(sd, dtype=float), (N,)).copy()
    res = BatchZeros(np.zeros(N, bool), np.zeros(N, int), np.zeros(N), np.zeros(N),
                     np.full((N, 3), np.nan), np.full((N, 3), np.nan))
    if N == 0 or W.shape[1] != 4:
        return res
    order = np.argsort(M, axis=1, kind="stable")
    M = np.take_along_axis(M, order, axis=1)
    W = np.take_along_axis(W, order, axis=1)
    with np.errstate(invalid="ignore"):
        fit = ((W > 0).sum(axis=1) == 2) & ((W < 0).sum(axis=1) == 2) & np.isfinite(W).all(axis=1)
        fit &= np.isfinite(M).all(axis=1) & (np.diff(M, axis=1) > 0).all(axis=1) & (s > 0) & np.isfinite(s)
    rows = np.nonzero(fit)[0]
    if not rows.size:
        return res
    B = _Batch22(W[rows], M[rows], s[rows])
    n = B.n
    sig = B.sig
    ok = np.ones(n, bool)
    allq = np.arange(n)
    inf = np.full(n, np.inf)
    # -- float estimates: K^'s zeros (kz, nk), then F^'s (fz, nf) --------------------------------
    vk = (sig[:, 1] != sig[:, 2]).astype(int) + (sig[:, 2] != sig[:, 3])
    kz = np.full((n, 2), np.nan)
    nk = np.zeros(n, int)
    r1 = np.nonzero(vk == 1)[0]
    if r1.size:
        c = 0.5 * (B.M[r1, 1] + B.M[r1, 3])
        a = _outer(B, 1, r1, c, sig[r1, 1], -1.0)
        b = _outer(B, 1, r1, c, sig[r1, 3], 1.0)
        good = np.isfinite(a) & np.isfinite(b)
        ok[r1[~good]] = False
        g = r1[good]
        kz[g, 0] = _newton_in(B, 1, g, a[good], b[good], sig[g, 1])
        nk[g] = 1
    r2 = np.nonzero(vk == 2)[0]
    if r2.size:
        zl = B.zL[r2]
        with np.errstate(all="ignore"):
            sk = np.where(np.isfinite(zl), np.sign(B.S(1, zl, r2)[0]), 0.0)
        two = sk == -sig[r2, 1]
        ok[r2[(sk != sig[r2, 1]) & ~two]] = False
        t, zt = r2[two], zl[two]
        a = _outer(B, 1, t, zt, sig[t, 1], -1.0)
        b = _outer(B, 1, t, zt, sig[t, 3], 1.0)
        good = np.isfinite(a) & np.isfinite(b)
        ok[t[~good]] = False
        t, zt, a, b = t[good], zt[good], a[good], b[good]
        kz[t, 0] = _newton_in(B, 1, t, a, zt, sig[t, 1])
        kz[t, 1] = _newton_in(B, 1, t, zt, b, -sig[t, 1])
        nk[t] = 2
    # F^'s sign at K^'s zeros, then a zero in each piece where the sign changes
    sK = np.zeros((n, 2))
    for j in range(2):
        r = np.nonzero(ok & (nk > j))[0]
        if r.size:
            with np.errstate(all="ignore"):
                sK[r, j] = np.sign(B.S(0, kz[r, j], r)[0])
            ok[r[sK[r, j] == 0]] = False
    fz = np.full((n, 3), np.nan)
    fsl = np.zeros((n, 3))          # the sign left of each zero
    fpiece = np.zeros((n, 3), int)  # the piece (between K^'s zeros) it lies in
    nf = np.zeros(n, int)
    for p in range(3):
        r = np.nonzero(ok & (nk >= p))[0]
        if not r.size:
            continue
        sl = sig[r, 0] if p == 0 else sK[r, p - 1]
        last = nk[r] == p
        sr = np.where(last, sig[r, 3], sK[r, min(p, 1)])
        r, sl, last = r[sl != sr], sl[sl != sr], last[sl != sr]
        if not r.size:
            continue
        a = np.full(r.size, -np.inf) if p == 0 else kz[r, p - 1]
        b = np.where(last, np.inf, kz[r, min(p, 1)])
        centre = 0.5 * (B.M[r, 0] + B.M[r, 3])
        fa, fb = np.isfinite(a), np.isfinite(b)
        ref_a = np.where(fb, b, centre)
        ref_b = np.where(fa, a, centre)
        if (~fa).any():
            u = np.nonzero(~fa)[0]
            a[u] = _outer(B, 0, r[u], ref_a[u], sl[u], -1.0)
        if (~fb).any():
            u = np.nonzero(~fb)[0]
            b[u] = _outer(B, 0, r[u], ref_b[u], -sl[u], 1.0)
        good = np.isfinite(a) & np.isfinite(b)
        ok[r[~good]] = False
        r, a, b, sl = r[good], a[good], b[good], sl[good]
        x = _newton_in(B, 0, r, a, b, sl)
        fz[r, nf[r]] = x
        fsl[r, nf[r]] = sl
        fpiece[r, nf[r]] = p
        nf[r] += 1
    vf = (sig[:, 0] != sig[:, 1]).astype(int) + (sig[:, 1] != sig[:, 2]) + (sig[:, 2] != sig[:, 3])
    # -- proofs -------------------------------------------------------------------------------
    lo = np.full((n, 3), np.nan)
    hi = np.full((n, 3), np.nan)
    done = np.zeros(n, bool)
    # (a) as many zeros as Descartes allows: brackets alone decide
    A = np.nonzero(ok & (nf == vf))[0]
    if A.size:
        qq = np.repeat(A, nf[A])
        kk = np.concatenate([np.arange(v) for v in nf[A]])
        l, h, good = _prove_brackets(B, 0, qq, fz[qq, kk], fsl[qq, kk], -inf[qq], inf[qq])
        lo[qq, kk], hi[qq, kk] = l, h
        bad = np.zeros(n, bool)
        bad[qq[~good]] = True
        for k in range(2):
            r = A[nf[A] > k + 1]
            bad[r[~(hi[r, k] < lo[r, k + 1])]] = True
        done[A[~bad[A]]] = True
    # (b) fewer: K^'s zeros certified first
    Bq = np.nonzero(ok & (nf != vf))[0]
    if Bq.size:
        good = np.ones(n, bool)
        klo = np.full((n, 2), -np.inf)
        khi = np.full((n, 2), np.inf)
        R = Bq[nk[Bq] == vk[Bq]]
        if R.size:
            qq = np.repeat(R, nk[R])
            kk = np.concatenate([np.arange(v) for v in nk[R]])
            l, h, g = _prove_brackets(B, 1, qq, kz[qq, kk], sig[qq, 1] * (1.0 - 2.0 * (kk % 2)), -inf[qq], inf[qq])
            klo[qq, kk], khi[qq, kk] = l, h
            good[qq[~g]] = False
            r = R[nk[R] == 2]
            good[r[~(khi[r, 0] < klo[r, 1])]] = False
        R = Bq[(nk[Bq] == 0) & (vk[Bq] == 2)]
        if R.size:
            zl = B.zL_iv(R)
            sk = _isign(B.S(1, zl, R, iv=True))
            good[R[sk != sig[R, 1]]] = False
        good[Bq[(nk[Bq] != vk[Bq]) & ~((nk[Bq] == 0) & (vk[Bq] == 2))]] = False
        # F^ over each J, with the sign the estimates used
        for j in range(2):
            r = Bq[good[Bq] & (nk[Bq] > j)]
            if r.size:
                sj = _isign(B.S(0, _from_ends(klo[r, j], khi[r, j]), r, iv=True))
                good[r[sj != sK[r, j]]] = False
        # F^'s zeros, each strictly inside its piece
        R = Bq[good[Bq] & (nf[Bq] > 0)]
        if R.size:
            qq = np.repeat(R, nf[R])
            kk = np.concatenate([np.arange(v) for v in nf[R]])
            p = fpiece[qq, kk]
            lim_lo = np.where(p == 0, -np.inf, khi[qq, np.maximum(p - 1, 0)])
            lim_hi = np.where(p == nk[qq], np.inf, klo[qq, np.minimum(p, 1)])
            l, h, g = _prove_brackets(B, 0, qq, fz[qq, kk], fsl[qq, kk], lim_lo, lim_hi)
            lo[qq, kk], hi[qq, kk] = l, h
            good[qq[~g]] = False
        done[Bq[good[Bq]]] = True
    out = rows[done]
    res.ok[out] = True
    res.count[out] = nf[done]
    res.sign_left[out] = sig[done, 0]
    res.sign_right[out] = sig[done, 3]
    res.lo[out] = np.where(np.arange(3) < nf[done][:, None], lo[done], np.nan)
    res.hi[out] = np.where(np.arange(3) < nf[done][:, None], hi[done], np.nan)
    return res
