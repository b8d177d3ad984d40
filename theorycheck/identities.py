"""Identities between integrals that no rule decided: a cheap refutation first, and a certified
bound on |lhs - rhs| as evidence (never a proof).

* :func:`exact_point_refutation` -- a rigorous enclosure of an integral at one exact point is cheap
  (a fraction of a work unit), while the float search evaluates scipy's ``quad`` thousands of
  times. So before the search, an identity part whose body holds integrals is certified at a few
  exact interior points (short decimals at 1/2, 3/10 and 7/10 of each range): a false identity is
  off almost everywhere, and its counterexample comes at once.
* :func:`certified_epsilon` -- when an identity part stays undecided, lhs - rhs is enclosed with
  intervals on a tiling of the whole box (bisecting the box with the widest enclosure while the
  work allows); every tile's enclosure defined, the largest |end| over the tiles is a certified
  bound: "|lhs - rhs| <= 3e-15 on the whole box, certified". It says the two sides agree to that
  accuracy everywhere; the verdict stays **undecided** (equal up to epsilon is not equal).
"""

from __future__ import annotations

from fractions import Fraction

from . import work

POINT_FRACTIONS = (Fraction(1, 2), Fraction(3, 10), Fraction(7, 10))
MAX_TILES = 32


def exact_point_refutation(claim, deadline):
    """A certified counterexample at one of a few exact interior points, or None (nothing shown)."""
    from .certify import certify, exact_point_from_floats

    tried = set()
    for f in POINT_FRACTIONS:
        if work.clock() >= deadline:
            return None
        xs = [float(v.lo + (v.hi - v.lo) * f) for v in claim.variables]
        point = exact_point_from_floats(claim, xs)
        key = tuple(sorted(point.items()))
        if key in tried:
            continue
        tried.add(key)
        try:
            cert = certify(claim, point, deadline=deadline)
        except Exception:  # noqa: BLE001 - nothing shown at this point
            cert = None
        if cert is not None:
            return cert
    return None


def _difference(claim, leaf_index, box):
    from .enclose.interval import Interval
    from .expr import body_decorated, side_raw

    values = [Interval.point(lo) if lo == hi else Interval(lo, hi) for lo, hi in box]
    leaf = claim.evaluate(values).leaves()[leaf_index]
    like = values[0] if values else Interval.point(0)
    d = body_decorated(leaf, side_raw(leaf.lhs, like) - side_raw(leaf.rhs, like))
    if not (isinstance(d, Interval) and d.defined and d.is_finite()):
        raise ValueError("lhs - rhs is not enclosed (defined and finite) on a tile")
    return d


def certified_epsilon(claim, leaf_index, deadline, max_tiles: int = MAX_TILES):
    """``{"bound": float, "tiles": n, "text": ...}`` with ``|lhs - rhs| <= bound`` at every point of
    the claim's box (rigorous: each tile's interval enclosure, the tiles covering the box), or None
    when no such enclosure was found within the deadline."""
    box = tuple((Fraction(v.lo), Fraction(v.hi)) for v in claim.variables)
    if any(abs(lo) == float("inf") or abs(hi) == float("inf") for lo, hi in box):
        return None
    try:
        tiles = [(box, _difference(claim, leaf_index, box))]
    except Exception:  # noqa: BLE001
        return None

    def size(d):
        return max(abs(d.lo_fraction), abs(d.hi_fraction))

    while len(tiles) < max_tiles and work.clock() < deadline:
        tiles.sort(key=lambda t: size(t[1]))
        b, _ = tiles[-1]
        wide = [j for j, (lo, hi) in enumerate(b) if lo < hi]
        if not wide:
            break
        j = max(wide, key=lambda j: b[j][1] - b[j][0])
        mid = (b[j][0] + b[j][1]) / 2
        halves = []
        for part in ((b[j][0], mid), (mid, b[j][1])):
            nb = list(b)
            nb[j] = part
            try:
                halves.append((tuple(nb), _difference(claim, leaf_index, tuple(nb))))
            except Exception:  # noqa: BLE001 - keep the coarser tile
                halves = None
                break
        if halves is None:
            break
        tiles = tiles[:-1] + halves
    bound = max(size(d) for _, d in tiles)
    text = upper_text(bound)
    return {"bound": text, "tiles": len(tiles),
            "text": f"|lhs - rhs| <= {text} on the whole box, certified ({len(tiles)} tiles); "
                    "equal up to this epsilon, not proved equal"}


def upper_text(q: Fraction) -> str:
    """A decimal with two significant digits that is >= the exact rational ``q`` >= 0."""
    if q <= 0:
        return "0"
    e = 0
    while Fraction(10) ** (e + 1) <= q:
        e += 1
    while Fraction(10) ** e > q:
        e -= 1
    unit = Fraction(10) ** (e - 1)
    m = -((-q) // unit)  # ceil(q / unit): 10 <= m <= 100
    if m == 100:
        m, e = 10, e + 1
    return f"{m // 10}.{m % 10}e{e}"
