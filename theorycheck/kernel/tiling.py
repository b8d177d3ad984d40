"""The exact tiling check (rational comparisons only).

Each leaf must lie inside the box, be non-flat wherever the box is non-flat (and so equal the box's
value wherever it is flat). Then a guillotine recursion on an explicit stack: find a coordinate and
a cut value that no leaf straddles (the most balanced one), split, go on; one leaf left must equal
its region, no leaf left is a gap, several leaves and no cut is an overlap, or a tiling that no
sequence of cuts makes (which a bisection prover never makes: refused).
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
                raise Reject(f"{where}: leaf {i} box {fmt(leaf)} is flat in coordinate {k}, its box {fmt(box)} is not")
    stack = [(tuple(box), list(range(len(leaves))))]
    while stack:
        region, idx = stack.pop()
        if not idx:
            raise Reject(f"{where}: gap: no leaf covers {fmt(region)}")
        if len(idx) == 1:
            for k, ((lo, hi), (a, b)) in enumerate(zip(region, leaves[idx[0]])):
                if (lo, hi) != (a, b):
                    piece = (lo, a) if lo < a else (b, hi)
                    raise Reject(f"{where}: gap: no leaf covers {fmt(region[:k] + (piece,) + region[k + 1:])}")
            continue
        cut = _balanced_cut(region, idx, leaves)
        if cut is None:
            raise Reject(_no_cut(region, idx, leaves, where))
        k, v = cut
        lo, hi = region[k]
        stack.append((region[:k] + ((lo, v),) + region[k + 1:], [i for i in idx if leaves[i][k][1] <= v]))
        stack.append((region[:k] + ((v, hi),) + region[k + 1:], [i for i in idx if leaves[i][k][1] > v]))


def _balanced_cut(region, idx, leaves):
    """(k, v): a cut lo_k < v < hi_k that no leaf straddles, splitting the leaves most evenly."""
    best = None
    for k, (lo, hi) in enumerate(region):
        top = None
        for count, (a, b) in enumerate(sorted((leaves[i][k] for i in idx), key=lambda e: e[0])):
            if lo < a < hi and (top is None or top <= a) and (best is None or abs(2 * count - len(idx)) < best[0]):
                best = (abs(2 * count - len(idx)), k, a)
            top = b if top is None or b > top else top
    return None if best is None else best[1:]


def _no_cut(region, idx, leaves, where) -> str:
    for x, i in enumerate(idx):
        for j in idx[x + 1:]:
            if all(max(p[0], q[0]) < min(p[1], q[1]) or r[0] == r[1] for p, q, r in zip(leaves[i], leaves[j], region)):
                return f"{where}: leaves {i} and {j} overlap ({fmt(leaves[i])} and {fmt(leaves[j])})"
    return f"{where}: leaves {sorted(idx)} do not tile {fmt(region)} by a sequence of cuts (refused)"
