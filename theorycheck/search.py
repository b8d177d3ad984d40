"""Adversarial search for violations, in floats: the fast half of refutation.

Three passes, all deterministic for a given seed (counts bound the work; a pass is cut short
when the claim's work budget is spent, :mod:`theorycheck.work`, never by the clock):

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
import warnings
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .claims import Claim, ClaimEvaluationError
from .decide import array_margin, float_margin
from . import work

EPS_FACE = 10.0 ** -np.arange(1, 13)


UNDEFINED_KEEP = 4  # undefined points kept as candidates (distinct), ranked before all others
EXACT_CORNERS_MAX_DIM = 6
NONFINITE_REFINE = 8  # points with an infinite float margin re-evaluated exactly, per search


@dataclass
class SearchResult:
    """What the search found. ``candidates``: ``[(margin, point)]``, most violated first; a point
    is a tuple of floats, or of exact Fractions for a corner of the exact box that no double
    represents (a bound beyond the float range or below the smallest subnormal). Points where
    the float body is *undefined* (a domain error, a division by zero, a NaN margin) come first,
    with margin ``-inf``, and are also listed in ``undefined``: by the claim's semantics such a
    point is a counterexample if the body is undefined there exactly, which only the certifier
    can tell (a float NaN may also come from inf - inf after an overflow)."""

    candidates: list = field(default_factory=list)
    evaluations: int = 0
    vectorised: bool = False
    undefined: list = field(default_factory=list)  # [(point, reason)] where the float body is undefined
    notes: list = field(default_factory=list)  # why parts of the box could not be sampled

    @property
    def best(self):
        return self.candidates[0] if self.candidates else None


FLOAT_MAX = np.finfo(float).max


def float_down(q) -> float:
    """The largest double <= the exact rational ``q`` (``-inf`` below -FLOAT_MAX): never raises,
    whatever the size of ``q`` (``float(10**400)`` raises OverflowError; ``float(1e-600)`` is 0)."""
    q = Fraction(q)
    try:
        f = float(q)
    except OverflowError:
        return FLOAT_MAX if q > 0 else -math.inf
    if f == math.inf:  # rounded up past the largest double
        return FLOAT_MAX
    if f == -math.inf:
        return -math.inf
    if Fraction(f) > q:
        f = math.nextafter(f, -math.inf)
    return f


def float_up(q) -> float:
    """The smallest double >= the exact rational ``q`` (``+inf`` above FLOAT_MAX)."""
    return -float_down(-q)


def float_box(claim: Claim):
    """Float bounds inside the exact box (rounded inwards, so every sample is a domain point).

    Bounds beyond the float range become +-FLOAT_MAX (inside the box); a bound below the smallest
    subnormal becomes the nearest double inside the box (1e-600 -> 5e-324). A range holding no
    double at all (``[1e-600, 2e-600]``, ``[1e400, 1e401]``) gives ``lo > hi`` for that variable:
    :func:`samplable` says so, and the search then only tries the box's exact corners."""
    los, his = [], []
    for v in claim.variables:
        lo = float_up(v.lo)
        hi = float_down(v.hi)
        los.append(lo)
        his.append(hi)
    return np.array(los, dtype=float), np.array(his, dtype=float)


def samplable(lo, hi) -> bool:
    """Does the float box hold at least one double in every variable?"""
    return bool(np.all(lo <= hi)) and bool(np.all(np.isfinite(lo))) and bool(np.all(np.isfinite(hi)))


def _between(lo, hi, t):
    """lo + (hi - lo) * t without overflow (hi - lo may exceed the float range), clipped."""
    with np.errstate(all="ignore"):
        x = lo * (1 - t) + hi * t
    return np.clip(x, lo, hi)


UNDEFINED = "undefined"


def _scalar_margin(claim: Claim, xs) -> float:
    """The float margin at one point. Infinite margins are values like any other (exp(800) is
    inf in floats: the claim is not broken there). NaN when the body is *undefined* in floats
    (a domain error, a division by zero, a NaN); see :func:`_margin_and_kind`."""
    return _margin_and_kind(claim, xs)[0]


def _margin_and_kind(claim: Claim, xs):
    """``(margin, None)``, or ``(nan, reason)`` where the float body is undefined, or
    ``(nan, None)`` where floats cannot evaluate it (an overflow raised by ``**``: no evidence
    either way). Other errors of the body propagate: they are the claim's, not the point's."""
    try:
        with np.errstate(all="ignore"):
            rel = claim.evaluate([float(x) for x in xs])
            m = float_margin(rel)
    except ClaimEvaluationError as exc:
        kind = _failure_kind(exc)
        if kind == "overflow":
            return math.nan, None
        if kind == UNDEFINED:
            return math.nan, f"undefined in floats: {exc.__cause__}"
        raise
    except OverflowError:
        return math.nan, None
    except (ZeroDivisionError, ValueError) as exc:  # from float_margin itself
        return math.nan, f"undefined in floats: {type(exc).__name__}: {exc}"
    if math.isnan(m):
        return m, "the float margin is NaN (undefined, or inf - inf after an overflow)"
    return m, None


def _failure_kind(exc: ClaimEvaluationError):
    """'undefined' (domain error, division by zero, math domain error), 'overflow', or None."""
    cause = exc.__cause__
    from .enclose.kinds import DomainViolation

    if isinstance(cause, OverflowError):
        return "overflow"
    if isinstance(cause, (DomainViolation, ZeroDivisionError)):
        return UNDEFINED
    if isinstance(cause, ValueError) and "math domain error" in str(cause):
        return UNDEFINED
    if type(cause).__name__ == "DomainError":  # the interval kinds' domain error
        return UNDEFINED
    return None


def _is_domain_or_overflow(exc: ClaimEvaluationError) -> bool:
    return _failure_kind(exc) is not None


def structured_points(lo: np.ndarray, hi: np.ndarray, rng: np.random.Generator, n_random: int):
    """Corners, face centres, the centre, uniform points, and points crowding the faces; for a
    variable whose range spans many orders of magnitude ([1, 1e308]), half of the uniform points
    are log-uniform instead (uniform ones all have the largest exponents).

    All arithmetic avoids overflow (hi - lo may exceed the float range) and every point lies in
    the float box [lo, hi]."""
    d = len(lo)
    pts = []
    if d <= 6:
        for corner in itertools.product(*zip(lo, hi)):
            pts.append(corner)
    centre = _between(lo, hi, 0.5)
    pts.append(tuple(centre))
    for i in range(d):
        for end in (lo[i], hi[i]):
            p = centre.copy()
            p[i] = end
            pts.append(tuple(p))
    uniform = _between(lo, hi, rng.random((n_random, d)))
    for i in range(d):
        _log_spread(uniform[::2, i], lo[i], hi[i])
    near = _between(lo, hi, rng.random((n_random // 4, d)))
    for k in range(len(near)):
        i = k % d if d else 0
        t = EPS_FACE[k % len(EPS_FACE)]
        near[k, i] = _between(lo[i], hi[i], t if (k // max(d, 1)) % 2 == 0 else 1 - t)
    grid = np.array(pts, dtype=float).reshape(-1, d) if pts else np.empty((0, d))
    return np.vstack([grid, uniform, near])


def _log_spread(col, a, b):
    """Overwrite ``col`` (a view) with points log-uniform in magnitude over [a, b] when the range
    reaches 1e12 or spans more than 12 orders of magnitude; a range through 0 is spread over
    both signs down to 1e-300 (the sign drawn with the range's proportions)."""
    n = len(col)
    a, b = float(a), float(b)
    if n == 0 or not (math.isfinite(a) and math.isfinite(b)) or b <= a:
        return
    big = max(abs(a), abs(b))
    small = min(abs(a), abs(b)) if (a > 0) == (b > 0) and a != 0 and b != 0 else 0.0
    # only ranges beyond the ordinary: [1, 1e308], [1e-300, 1], [-1e300, 1e300]
    if big <= 0 or (big < 1e12 and (small == 0 or big < small * 1e12)):
        return
    rng = np.random.default_rng(n)  # deterministic given the count; independent of the main stream
    lo_exp = math.log10(small) if small > 0 else -300.0
    hi_exp = math.log10(big)
    mag = 10.0 ** (lo_exp + (hi_exp - lo_exp) * rng.random(n))
    if a >= 0:
        vals = mag
    elif b <= 0:
        vals = -mag
    else:
        sign = np.where(rng.random(n) < b / (b - a), 1.0, -1.0)
        vals = sign * mag
    col[:] = np.clip(vals, a, b)


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


def hypothesis_examples_for(budget: float) -> int:
    """Hypothesis's fixed number of examples for a claim of ``budget`` work units: 300 from 20
    units up (the default budget), fewer for small budgets, 50 at least."""
    return int(min(300, max(50, 15 * budget)))


def search(claim: Claim, seed: int = 0, deadline: float | None = None, n_random: int = 4096,
           hypothesis_examples: int = 300, polish_starts: int = 6, progress=None) -> SearchResult:
    rng = np.random.default_rng(seed)
    lo, hi = float_box(claim)
    result = SearchResult()
    found: dict = {}
    undefined: dict = {}

    refinements = [NONFINITE_REFINE]

    def note(xs, m, why=None):
        key = tuple(float(x) for x in xs)
        if why is None and m is not None and math.isinf(m) and refinements[0] > 0 and not _past(deadline):
            # inf in floats: an overflow (exp(800)) or a pole/log(0) the floats passed over
            refinements[0] -= 1
            m, why = _exact_margin(claim, key)
            if m is None and why is None:
                return
        if why is not None:  # undefined in floats: a candidate of its own kind
            if key not in undefined and len(undefined) < UNDEFINED_KEEP:
                undefined[key] = why
            return
        if m is None or math.isnan(m):
            return
        if key not in found or m < found[key]:
            found[key] = m

    d = claim.dimension
    if d and not samplable(lo, hi):
        result.notes.append("no double lies in the box of "
                            + ", ".join(v.name for v, a, b in zip(claim.variables, lo, hi) if not a <= b)
                            + ": only the exact corners are tried")
        _exact_corners(claim, result, found, undefined, deadline)
        result.undefined = list(undefined.items())
        ranked = sorted(((m, xs) for xs, m in found.items()), key=lambda t: t[0])
        result.candidates = [(-math.inf, xs) for xs in undefined] + ranked
        return result

    if d == 0:  # a zero-dimensional box: the body at its single point, in floats
        m, why = _margin_and_kind(claim, ())
        result.evaluations = 1
        note((), m, why)
        result.undefined = list(undefined.items())
        result.candidates = [(-math.inf, xs) for xs in undefined] + [(m_, xs) for xs, m_ in found.items()]
        return result

    # 1. vectorised sweep
    points = structured_points(lo, hi, rng, n_random)
    margins, result.vectorised = sweep(claim, points)
    reasons = [None] * len(points)
    if not result.vectorised:
        # point by point is slow (integrals, branching bodies): fewer points, and the clock
        points = points[: 1 + n_random // 8]
        margins = np.full(len(points), np.nan)
        reasons = [None] * len(points)
        for k, p in enumerate(points):
            if _past(deadline) and k:
                points, margins, reasons = points[:k], margins[:k], reasons[:k]
                break
            margins[k], reasons[k] = _margin_and_kind(claim, p)
    else:
        for k in np.flatnonzero(np.isnan(margins))[:UNDEFINED_KEEP]:
            reasons[k] = "the float margin is NaN (undefined, or inf - inf after an overflow)"
    result.evaluations += len(points)
    for k, why in enumerate(reasons):
        if why is not None:
            note(points[k], math.nan, why)
    for k in np.flatnonzero(np.isinf(margins))[:NONFINITE_REFINE]:
        note(points[k], margins[k])
    order = np.argsort(np.where(np.isnan(margins), np.inf, margins), kind="stable")
    for idx in order[:32]:
        note(points[idx], margins[idx])
    if progress:
        progress(f"sweep: {len(points)} points")

    # 2. Hypothesis with target()
    if d and hypothesis_examples and not _past(deadline):
        result.evaluations += _hypothesis_pass(claim, lo, hi, seed, hypothesis_examples, deadline, note)
        if progress:
            progress("hypothesis pass done")

    # 3. polish the best starts
    if d and polish_starts:
        starts = sorted(found.items(), key=lambda kv: kv[1])[:polish_starts]
        for xs, _ in starts:
            if _past(deadline):
                break
            if not all(math.isfinite(x) for x in xs):
                continue
            xs_best, m_best, n = _polish(claim, np.array(xs), lo, hi, deadline)
            result.evaluations += n
            note(xs_best, m_best)

    # 4. the exact corners, where a bound is no double (the float box is strictly inside)
    if d and d <= EXACT_CORNERS_MAX_DIM and _needs_exact_corners(claim):
        _exact_corners(claim, result, found, undefined, deadline)

    result.undefined = list(undefined.items())
    ranked = sorted(((m, xs) for xs, m in found.items()), key=lambda t: t[0])
    result.candidates = [(-math.inf, xs) for xs in undefined] + ranked
    return result


def _exact_corners(claim: Claim, result: SearchResult, found: dict, undefined: dict, deadline=None):
    """Margins at the corners of the *exact* box, evaluated with intervals (Arb has no float
    range limit: log(1e-600) is -1381.55...). Coordinates that are doubles stay floats, the others
    are exact Fractions. The margin noted is the midpoint of the enclosure: a ranking hint, like
    every search margin; only the certifier decides. A corner where the body is undefined is an
    undefined candidate. The box's exact centre is tried too (the only point above
    EXACT_CORNERS_MAX_DIM variables)."""
    centre = tuple((v.lo + v.hi) / 2 for v in claim.variables)
    corners = (itertools.product(*((v.lo, v.hi) for v in claim.variables))
               if claim.dimension <= EXACT_CORNERS_MAX_DIM else ())
    for corner in itertools.chain(corners, [centre]):
        if _past(deadline):
            break
        key = tuple(_as_float_if_exact(q) for q in corner)
        m, why = _exact_margin(claim, corner)
        result.evaluations += 1
        if why is not None:
            if key not in undefined and len(undefined) < UNDEFINED_KEEP:
                undefined[key] = why
        elif m is not None and not math.isnan(m) and (key not in found or m < found[key]):
            found[key] = m


def _needs_exact_corners(claim: Claim) -> bool:
    """Is some bound far from every double (beyond the float range, or below the smallest
    normal numbers where rounding is not relative)? Then the float search cannot reach the
    box's corners and they are tried exactly. Bounds such as "0.1", a rounding error away from
    a double, are left to the floats (the certifier clamps into the exact box)."""
    for v in claim.variables:
        for q in (v.lo, v.hi):
            try:
                f = float(q)
            except OverflowError:
                return True
            if math.isinf(f) or abs(Fraction(f) - q) > abs(q) * Fraction(1, 2**50):
                return True
    return False


def _exact_margin(claim: Claim, xs):
    """The margin at the point ``xs`` (floats or exact Fractions) evaluated with intervals: ``(m, None)``
    with m the enclosure's midpoint, ``(nan, reason)`` where the body is undefined at the exact
    point (a domain error or a division by zero; or an enclosure flagged not defined), ``(None,
    None)`` when intervals cannot evaluate it (no hint either way)."""
    from .decide import leaf_enclosure
    from .enclose.interval import Interval

    try:
        values = [Interval.point(x if isinstance(x, Fraction) else Fraction(float(x))) for x in xs]
        rel = claim.evaluate(values)
        ms = []
        for leaf in rel.leaves():
            e = leaf_enclosure(leaf, values[0] if values else Interval.point(0))
            e = e if isinstance(e, Interval) else Interval.point(e)
            if getattr(e, "defined", True) is False:
                return math.nan, f"undefined at the exact point (enclosure {e} not defined)"
            a, b = float(e.lo), float(e.hi)
            mid = a if a == b else (b if a == -math.inf else (a if b == math.inf else a / 2 + b / 2))
            ms.append(-abs(mid) if leaf.is_identity else mid)
        return min(ms), None
    except ClaimEvaluationError as exc:
        if _failure_kind(exc) == UNDEFINED:
            return math.nan, f"undefined at the exact point: {exc.__cause__}"
        return None, None
    except Exception:
        return None, None


def _as_float_if_exact(q):
    try:
        f = float(q)
    except OverflowError:
        return q
    return f if Fraction(f) == q else q


def _past(deadline):
    """Is the claim's work meter past ``deadline`` (work units; or the wall-clock safety limit)?"""
    return work.past(deadline)


class _OutOfTime(Exception):
    pass


_TARGET_CAP = 1e300


def _target_score(m: float) -> float:
    """Hypothesis's ``target()`` needs a finite float: -margin, with +-inf margins (exp(800) is inf
    in floats) clamped to +-1e300. An infinite margin is a value of the search, not an error."""
    return min(max(-m, -_TARGET_CAP), _TARGET_CAP)


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
        work.charge(work.HYPOTHESIS_EXAMPLE)  # Hypothesis's own work per example
        m, why = _margin_and_kind(claim, xs)
        count[0] += 1
        if why is not None:  # undefined in floats: kept (a few), not targeted: Hypothesis goes on
            note(xs, m, why)  # looking for violations where the body is defined
            return
        if math.isnan(m):
            return
        target(_target_score(m), label="violation")
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
        # Nelder-Mead needs finite values: NaN (undefined) and +inf count as no violation here
        # (undefined points are kept by the sweep and Hypothesis); -inf is the strongest one
        return 1e300 if math.isnan(m) else min(max(m, -1e300), 1e300)

    if _past(deadline):
        return tuple(x0), math.nan, n[0]
    n[0] += 1
    best = (x0, _scalar_margin(claim, x0))  # the true value (NaN, +-inf included), never clamped
    try:
        bounds = list(zip(lo, hi)) if np.all(hi > lo) else None
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # huge boxes overflow inside scipy
            res = minimize(f, x0, method="Nelder-Mead", bounds=bounds,
                           options={"maxfev": 300, "xatol": 1e-14, "fatol": 1e-300})
        x = np.clip(res.x, lo, hi)
        m = _scalar_margin(claim, x)
        n[0] += 1
        if m < best[1] or (math.isnan(best[1]) and not math.isnan(m)):
            best = (x, m)
    except _OutOfTime:
        pass
    except ValueError:
        pass
    return tuple(best[0]), best[1], n[0]
