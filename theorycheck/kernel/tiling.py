"""The exact tiling check: the leaves of a list cover its box, each point once up to faces.

Exact rational comparisons only. Each leaf must lie inside the box, be non-flat wherever the box
is non-flat and equal the box's value wherever the box is flat. Then a guillotine recursion: find
a coordinate and a cut value that no leaf straddles (the most balanced such cut), split, recurse;
one leaf left must equal its region, no leaf left is a gap, several leaves and no cut is an
overlap (or a tiling that is not a guillotine one, which a bisection prover never makes: refused).
An explicit stack, not recursion, so deep bisections cannot hit Python's recursion limit.
"""

from __future__ import annotations

from ._base import Reject, fmt


def check_tiling(box: tuple, leaves: list, where: str) -> None:
    """Raise :class:`Reject` unless ``leaves`` (tuples of (lo, hi) Fraction pairs) tile ``box``."""
    for i, leaf in enumerate(leaves):
        for k, ((lo, hi), (blo, bhi)) in enumerate(zip(leaf, box)):
            if lo < blo or hi > bhi:
                raise Reject(f"{where}: leaf {i} box {fmt(leaf)} reaches outside its box {fmt(box)}")
            if blo < bhi and not lo < hi:
                raise Reject(f"{where}: leaf {i} box {fmt(leaf)} is flat in coordinate {k}, where its box "
                             f"{fmt(box)} is not")
    stack = [(tuple(box), list(range(len(leaves))))]
    while stack:
        region, idx = stack.pop()
        if not idx:
            raise Reject(f"{where}: gap: no leaf covers {fmt(region)}")
        if len(idx) == 1:
            leaf = tuple(leaves[idx[0]])
            for k, ((lo, hi), (a, b)) in enumerate(zip(region, leaf)):
                if (lo, hi) != (a, b):
                    piece = (lo, a) if lo < a else (b, hi)
                    raise Reject(f"{where}: gap: no leaf covers {fmt(region[:k] + (piece,) + region[k + 1:])}")
            continue
        cut = _balanced_cut(region, idx, leaves)
        if cut is None:
            raise Reject(_no_cut(region, idx, leaves, where))
        k, v = cut
        left = [i for i in idx if leaves[i][k][1] <= v]
        right = [i for i in idx if leaves[i][k][1] > v]
        lo, hi = region[k]
        stack.append((region[:k] + ((lo, v),) + region[k + 1:], left))
        stack.append((region[:k] + ((v, hi),) + region[k + 1:], right))


def _balanced_cut(region, idx, leaves):
    """(k, v): a cut lo_k < v < hi_k that no leaf straddles, splitting the leaves most evenly."""
    best, n = None, len(idx)
    for k, (lo, hi) in enumerate(region):
        if lo == hi:
            continue
        ends = sorted((leaves[i][k] for i in idx), key=lambda e: e[0])
        top, count = None, 0
        for a, b in ends:
            if lo < a < hi and (top is None or top <= a):
                score = abs(2 * count - n)
                if best is None or score < best[0]:
                    best = (score, k, a)
            top = b if top is None or b > top else top
            count += 1
    return None if best is None else best[1:]


def _no_cut(region, idx, leaves, where) -> str:
    for x in range(len(idx)):
        for y in range(x + 1, len(idx)):
            a, b = leaves[idx[x]], leaves[idx[y]]
            if all(max(p[0], q[0]) < min(p[1], q[1]) or (p[0] == p[1] == q[0] == q[1] == r[0] == r[1])
                   for p, q, r in zip(a, b, region)):
                return f"{where}: leaves {idx[x]} and {idx[y]} overlap ({fmt(a)} and {fmt(b)})"
    return (f"{where}: leaves {sorted(idx)} do not tile {fmt(region)} by a sequence of cuts (a tiling a "
            "bisection prover cannot make; refused)")
