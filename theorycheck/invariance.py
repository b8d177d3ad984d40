"""Translation invariance: a claim whose margin depends on ``a - b`` only is a claim in one
variable fewer.

If the margin g of a part is constant along a direction v (entries -1, 0, 1) on a box H, then
for every x of the claim's box B the point y = x + (c - x_k) v (which has y_k = c) satisfies
g(y) = g(x) as soon as the segment from x to y lies in H. So the part holds on B when it holds
on the reduced box R = {x + (c - x_k) v : x in B} (flat in coordinate k: one dimension less),
with H the hull of B and R (a box is convex: it holds every such segment).

The premise is checked, never assumed: one evaluation of the body with a forward-mode
perturbation along v over the whole of H (:class:`theorycheck.enclose.dual.Dual` on scalar Arb
intervals) must give a margin defined on H and a directional derivative enclosed by exactly 0.
An exact 0 there comes from exact cancellation (the tangent of ``a - b`` along (1, 1) is the
integer 1 - 1), and any function of values constant along v is constant along v, so a kink or
an infinite slope elsewhere in the function (``abs``, ``sqrt`` of the difference) does not
matter. Where the derivative is an enclosure [0, 0] of a differentiable function, the mean-value
theorem (Lebourg's for the Clarke hulls the dual numbers use at kinks) gives the same.

The float pass only picks candidate directions; the interval check decides. The kernel
(:mod:`theorycheck.kernel.leaves`) repeats the check from the certificate's direction, fixed
coordinate and value, and computes R and H itself.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .enclose.exact import is_float

MAX_SIGNED = 4  # directions with entries -1, 0, 1 up to this many non-flat coordinates
MAX_UNSIGNED = 8  # directions with entries 0, 1 up to this many; none beyond (2**n candidates)
SAMPLES = 4  # float points a candidate direction must pass before the interval check


@dataclass
class Translation:
    direction: tuple  # ints -1, 0, 1; direction[fixed] == 1
    fixed: int  # the coordinate set to `at` in the reduced box
    at: Fraction
    reduced: list  # the reduced box R, exact (lo, hi) Fractions; flat in `fixed`

    def to_reduced(self, x):
        """The point of R that a float point x of the box is carried to (a touching point)."""
        x = np.asarray(x, dtype=float)
        return x + (float(self.at) - x[self.fixed]) * np.asarray(self.direction, dtype=float)


def reduced_box(box, direction, fixed, at):
    """R = {x + (at - x_fixed) direction : x in box} as exact intervals (box: (lo, hi) pairs)."""
    klo, khi = box[fixed]
    out = []
    for j, ((lo, hi), s) in enumerate(zip(box, direction)):
        if j == fixed:
            out.append((at, at))
        elif s == 0:
            out.append((lo, hi))
        else:
            shifts = (s * (at - khi), s * (at - klo))
            out.append((lo + min(shifts), hi + max(shifts)))
    return out


def hull(a, b):
    return [(min(x[0], y[0]), max(x[1], y[1])) for x, y in zip(a, b)]


def constant_along(margin_of, hull_box, direction) -> bool:
    """Is the margin shown defined on ``hull_box`` and constant along ``direction`` there?
    ``margin_of(values)`` evaluates the part's margin (decorated with the body's other values)."""
    from .enclose.dual import Dual, new_tag
    from .enclose.interval import Interval

    tag = new_tag()
    values = [Dual(Interval.point(lo) if lo == hi else Interval(lo, hi), (s,), tag)
              for (lo, hi), s in zip(hull_box, direction)]
    try:
        m = margin_of(values)
    except Exception:  # noqa: BLE001 - the body does not run on these values: not shown
        return False
    if not isinstance(m, Dual) or m.tag != tag:
        # the margin does not depend on the perturbation at all: constant
        value, slope = m, 0
    else:
        value, slope = m.val, m.grad[0]
    while isinstance(value, Dual):  # perturbations the body seeded itself are older tags
        value = value.val
    if not isinstance(value, Interval) or not value.defined:
        return False
    if isinstance(slope, int) and not isinstance(slope, bool):
        return slope == 0
    return isinstance(slope, Interval) and slope.defined and slope.lo == 0 and slope.hi == 0


def _candidates(free):
    """Directions over the non-flat coordinates ``free``, most coordinates first; the first
    nonzero entry is 1 (v and -v are one direction)."""
    n = len(free)
    if n <= MAX_SIGNED:
        steps = (-1, 0, 1)
    elif n <= MAX_UNSIGNED:
        steps = (0, 1)
    else:
        return []
    out = []
    for signs in itertools.product(steps, repeat=n):
        nz = [s for s in signs if s]
        if nz and nz[0] == 1:
            out.append(signs)
    out.sort(key=lambda s: -sum(1 for x in s if x))
    return out


def find_translation(float_margin, margin_of, exact_box, dimension, rng_seed=0):
    """A :class:`Translation` whose premise is shown, or None.

    ``float_margin(xs)`` is the part's margin at a float point (raises where undefined);
    ``margin_of(values)`` the decorated margin on values of any kind; ``exact_box`` the box as
    exact (lo, hi) Fractions."""
    free = [j for j, (lo, hi) in enumerate(exact_box) if lo < hi]
    if not free:
        return None
    from .search import float_down, float_up

    lo = np.array([float_down(a) for a, _ in exact_box])  # never raises (10**5000 -> inf)
    hi = np.array([float_up(b) for _, b in exact_box])
    if not (np.all(np.isfinite(lo)) and np.all(np.isfinite(hi))):
        return None
    rng = np.random.default_rng(rng_seed)
    points = [lo + rng.random(dimension) * (hi - lo) for _ in range(SAMPLES)]
    try:
        base = [float(float_margin(p)) for p in points]
        grads = [_float_gradient(float_margin, p, free, lo, hi) for p in points]
    except Exception:  # noqa: BLE001 - not evaluable in floats near a sample: no candidates
        return None
    if not (all(np.isfinite(base)) and all(np.all(np.isfinite(g)) for g in grads)):
        return None
    width = float(np.min(hi[free] - lo[free]))
    for signs in _candidates(free):
        # a direction must be orthogonal to the float gradient at every sample (cheap: no
        # evaluation), then keep the margin at shifted points (a few evaluations)
        s = np.array(signs, dtype=float)
        if not all(abs(g @ s) <= 1e-6 * (np.abs(g).sum() + 1e-300) for g in grads):
            continue
        direction = [0] * dimension
        for j, sj in zip(free, signs):
            direction[j] = sj
        v = np.array(direction, dtype=float)
        if not _float_constant(float_margin, points, base, v, width):
            continue
        fixed = next(j for j in free if direction[j] == 1)
        at = _simple_inside(*exact_box[fixed])
        if at is None:
            continue
        reduced = reduced_box(exact_box, direction, fixed, at)
        moved = [j for j in free if direction[j]]
        if not all(is_float(e) for j in moved for e in exact_box[j] + reduced[j]):
            # the prover's boxes are floats: the moved coordinates' ends must be exact in floats,
            # so no proof box stands for an end it does not hold
            continue
        if constant_along(margin_of, hull(exact_box, reduced), direction):
            return Translation(tuple(direction), fixed, at, reduced)
    return None


def _float_gradient(float_margin, p, free, lo, hi):
    """Central differences along the free coordinates (2 evaluations each)."""
    g = np.zeros(len(free))
    for i, j in enumerate(free):
        h = 1e-6 * (hi[j] - lo[j])
        e = np.zeros(len(p))
        e[j] = h
        g[i] = (float(float_margin(p + e)) - float(float_margin(p - e))) / (2 * h)
    return g


def _float_constant(float_margin, points, base, v, width) -> bool:
    for p, g in zip(points, base):
        for t in (0.3 * width, -0.45 * width):
            try:
                g2 = float(float_margin(p + t * v))
            except Exception:  # noqa: BLE001
                return False
            if not abs(g2 - g) <= 1e-9 * max(1.0, abs(g)):
                return False
    return True


def _simple_inside(lo: Fraction, hi: Fraction) -> Fraction | None:
    """0 when the range holds it, else the float nearest the midpoint (an exact binary number:
    the reduced box's flat coordinate is then exact in floats too; the ends of a moved
    coordinate are floats, so the midpoint's float lies between them)."""
    if lo <= 0 <= hi:
        return Fraction(0)
    try:
        return Fraction(float((lo + hi) / 2))
    except OverflowError:  # an end beyond the float range (10**5000): no reduction
        return None
