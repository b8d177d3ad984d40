"""Adversarial search for violations, in floats: the fast half of refutation.

Three passes, all deterministic for a given seed (counts, not the clock, bound the work; the
clock only cuts a pass short when the claim's budget is spent):

1. a vectorised sweep: the body runs once on numpy arrays of points (uniform, the box's corners
   and face centres, and points crowding each face on a log scale, where small violations hide);
2. Hypothesis drives the variables with ``target()`` on the violation;
3. the best points are polished with scipy's bounded Nelder-Mead.

Nothing here decides a verdict: a candidate is a counterexample only after
:mod:`theorycheck.certify` has confirmed it with intervals at an exact point.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import time
from dataclasses import dataclass, field

import numpy as np

from .claims import Claim, ClaimEvaluationError
from .decide import array_margin, float_margin

EPS_FACE = 10.0 ** -np.arange(1, 13)


@dataclass
class SearchResult:
    candidates: list = field(default_factory=list)  # [(margin, tuple of floats)], most violated first
    evaluations: int = 0
    vectorised: bool = False

    @property
    def best(self):
        return self.candidates[0] if self.candidates else None


def float_box(claim: Claim):
    """Float bounds inside the exact box (rounded inwards, so every sample is a domain point)."""
    from fractions import Fraction

    los, his = [], []
    for v in claim.variables:
        lo = float(v.lo)
        if Fraction(lo) < v.lo:
            lo = math.nextafter(lo, math.inf)
        hi = float(v.hi)
        if Fraction(hi) > v.hi:
            hi = math.nextafter(hi, -math.inf)
        if hi < lo:  # a point range that is not a double
            lo = hi = float(v.lo)
        los.append(lo)
        his.append(hi)
    return np.array(los), np.array(his)


def _scalar_margin(claim: Claim, xs) -> float:
    try:
        rel = claim.evaluate([float(x) for x in xs])
        return float_margin(rel)
    except ClaimEvaluationError as exc:
        if _is_domain_or_overflow(exc):
            return math.nan
        raise


def _is_domain_or_overflow(exc: ClaimEvaluationError) -> bool:
    cause = exc.__cause__
    from .enclose.kinds import DomainViolation

    return isinstance(cause, (DomainViolation, OverflowError, ZeroDivisionError))


def structured_points(lo: np.ndarray, hi: np.ndarray, rng: np.random.Generator, n_random: int):
    """Corners, face centres, the centre, uniform points, and points crowding the faces."""
    d = len(lo)
    pts = []
    if d <= 6:
        for corner in itertools.product(*zip(lo, hi)):
            pts.append(corner)
    centre = (lo + hi) / 2
    pts.append(tuple(centre))
    for i in range(d):
        for end in (lo[i], hi[i]):
            p = centre.copy()
            p[i] = end
            pts.append(tuple(p))
    uniform = lo + (hi - lo) * rng.random((n_random, d))
    near = lo + (hi - lo) * rng.random((n_random // 4, d))
    for k in range(len(near)):
        i = k % d if d else 0
        eps = EPS_FACE[k % len(EPS_FACE)] * (hi[i] - lo[i])
        near[k, i] = lo[i] + eps if (k // max(d, 1)) % 2 == 0 else hi[i] - eps
    grid = np.array(pts, dtype=float).reshape(-1, d) if pts else np.empty((0, d))
    return np.vstack([grid, uniform, near])


def sweep(claim: Claim, points: np.ndarray):
    """Margins at many points in one vectorised evaluation; (None, False) when the body cannot
    run on arrays (the caller then evaluates point by point)."""
    d = claim.dimension
    try:
        cols = [points[:, i].copy() for i in range(d)]
        with np.errstate(all="ignore"):
            rel = claim.evaluate(cols)
            margins = array_margin(rel, cols[0] if d else np.zeros(len(points)))
        if margins.shape == (len(points),):
            return margins, True
    except ClaimEvaluationError:
        pass
    except (TypeError, ValueError):
        pass
    return None, False


def search(claim: Claim, seed: int = 0, deadline: float | None = None, n_random: int = 4096,
           hypothesis_examples: int = 300, polish_starts: int = 6, progress=None) -> SearchResult:
    rng = np.random.default_rng(seed)
    lo, hi = float_box(claim)
    result = SearchResult()
    found: dict = {}

    def note(xs, m):
        if m is None or math.isnan(m):
            return
        key = tuple(float(x) for x in xs)
        if key not in found or m < found[key]:
            found[key] = m

    # 1. vectorised sweep
    points = structured_points(lo, hi, rng, n_random if claim.dimension else 0)
    if claim.dimension == 0:
        points = np.zeros((1, 0))
    margins, result.vectorised = sweep(claim, points)
    if not result.vectorised:
        # point by point is slow (integrals, branching bodies): fewer points, and the clock
        points = points[: 1 + n_random // 8]
        margins = np.full(len(points), np.nan)
        for k, p in enumerate(points):
            if _past(deadline):
                points, margins = points[:k], margins[:k]
                break
            margins[k] = _scalar_margin(claim, p)
    result.evaluations += len(points)
    order = np.argsort(np.where(np.isnan(margins), np.inf, margins))
    for idx in order[:32]:
        note(points[idx], margins[idx])
    if progress:
        progress(f"sweep: {len(points)} points")

    # 2. Hypothesis with target()
    if claim.dimension and hypothesis_examples and not _past(deadline):
        result.evaluations += _hypothesis_pass(claim, lo, hi, seed, hypothesis_examples, deadline, note)
        if progress:
            progress("hypothesis pass done")

    # 3. polish the best starts
    if claim.dimension and polish_starts:
        starts = sorted(found.items(), key=lambda kv: kv[1])[:polish_starts]
        for xs, _ in starts:
            if _past(deadline):
                break
            xs_best, m_best, n = _polish(claim, np.array(xs), lo, hi, deadline)
            result.evaluations += n
            note(xs_best, m_best)
    result.candidates = sorted(((m, xs) for xs, m in found.items()), key=lambda t: t[0])
    return result


def _past(deadline):
    return deadline is not None and time.monotonic() > deadline


class _OutOfTime(Exception):
    pass


def _hypothesis_pass(claim, lo, hi, seed, examples, deadline, note) -> int:
    from hypothesis import HealthCheck, Phase, given, settings, target
    from hypothesis import seed as hseed
    from hypothesis import strategies as st

    count = [0]
    strategies = [st.floats(min_value=float(a), max_value=float(b), allow_nan=False) for a, b in zip(lo, hi)]

    @hseed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.target],
        print_blob=False,
    )
    @given(st.tuples(*strategies))
    def probe(xs):
        if _past(deadline):
            raise _OutOfTime()
        m = _scalar_margin(claim, xs)
        count[0] += 1
        if math.isnan(m):
            return
        target(-m if m > -1e300 else 1e300, label="violation")
        note(xs, m)

    try:
        with deterministic_hypothesis():
            probe()
    except _OutOfTime:
        pass
    return count[0]


@contextlib.contextmanager
def deterministic_hypothesis():
    """Run with Hypothesis's *local constants* pool switched off.

    Hypothesis (6.13x and later) seeds its generators with literals it scrapes from every
    non-site-packages module in ``sys.modules``, so with the same seed the search draws different
    points depending on which modules happen to be imported (the pytest plugin, the CLI, a lemma
    file loaded earlier, an xdist worker's order of claims). Inside this block the pool is empty,
    as when nothing local is loaded. Scoped, and a no-op if Hypothesis's internals differ."""
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover
        yield
        return
    getter = getattr(providers, "_get_local_constants", None)
    cache = getattr(getattr(providers, "CONSTANTS_CACHE", None), "cache", None)
    make = getattr(providers, "Constants", None)
    if getter is None or make is None or not hasattr(cache, "clear"):
        yield
        return
    empty = make()
    cache.clear()
    providers._get_local_constants = lambda: empty
    try:
        yield
    finally:
        providers._get_local_constants = getter
        cache.clear()


def _polish(claim, x0, lo, hi, deadline):
    from scipy.optimize import minimize

    n = [0]

    def f(x):
        n[0] += 1
        if _past(deadline):
            raise _OutOfTime()
        m = _scalar_margin(claim, np.clip(x, lo, hi))
        return 1e300 if math.isnan(m) else m

    try:
        best = (x0, f(x0))
    except _OutOfTime:
        return tuple(x0), math.inf, n[0]
    try:
        bounds = list(zip(lo, hi)) if np.all(hi > lo) else None
        res = minimize(f, x0, method="Nelder-Mead", bounds=bounds,
                       options={"maxfev": 300, "xatol": 1e-14, "fatol": 1e-300})
        x = np.clip(res.x, lo, hi)
        m = f(x)
        if m < best[1]:
            best = (x, m)
    except _OutOfTime:
        pass
    except ValueError:
        pass
    return tuple(best[0]), best[1], n[0]
