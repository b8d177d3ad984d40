"""The corpus's truth, settled without theorycheck: each entry's mpmath oracle at 50 digits.

``python3 -m tests.reach.oracle`` checks every claim of ``corpus.py`` on a dense grid of its box
(true claims: every relation holds at every grid point, up to 1e-40 relative; false ones: the
witness violates it by more than 1e-30 relative, and so does some grid point) and prints one
line per claim; exit status 1 if any expected truth disagrees with its oracle.

Nothing here calls theorycheck to decide anything: the corpus file is imported only to read its
boxes, witnesses and oracles (plain mpmath functions).
"""

from __future__ import annotations

import itertools
import sys
import time
from fractions import Fraction
from pathlib import Path

import mpmath as mp

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.py"
CORPORA = {"corpus": "corpus.py", "heldout": "heldout.py", "heldout-unbounded": "heldout_unbounded.py",
           "kinds-s22": "kinds_s22.py"}
FAR = 40   # an infinite end of a range is sampled up to here (the oracle needs finite points)
DPS = 50
HOLD_TOL = mp.mpf("1e-40")   # a true relation may miss by rounding at 50 digits, never by more
FAIL_TOL = mp.mpf("1e-30")   # a violation counts only when it is clear at 50 digits
# grid points per axis by dimension; claims whose oracle integrates numerically get fewer
GRID = {0: 1, 1: 2001, 2: 61, 3: 17, 4: 9}
GRID_QUAD = {1: 201, 2: 11}
QUAD_CATEGORIES = ("integral",)
QUAD_NAMES = ("kl_gaussians_closed_form", "jsd_at_most_log2", "kl_gaussian_variance",
              "kl_gaussian_variance_wrong_log")


def use(corpus: str) -> None:
    """Point :func:`entries` at another corpus file of this directory (``corpus`` or ``heldout``)."""
    global CORPUS
    CORPUS = HERE / CORPORA[corpus]


def entries() -> dict:
    """name -> corpus Entry (the corpus loaded the way theorycheck's CLI loads it)."""
    from theorycheck.loader import load_file

    claims = load_file(CORPUS)
    module = sys.modules[claims[0].module]
    return dict(module.ENTRIES)


def mpf(q) -> mp.mpf:
    q = Fraction(q)
    return mp.mpf(q.numerator) / q.denominator


def evaluate(entry, point: dict) -> list:
    """The oracle's (lhs, relation, rhs) triples at an exact point {var: str|Fraction}."""
    with mp.workdps(DPS):
        return entry.oracle(**{k: mpf(v) for k, v in point.items()})


def _scale(lhs, rhs):
    return 1 + abs(lhs) + abs(rhs)


def shortfall(triple) -> mp.mpf:
    """How much the relation misses by, relative (<= 0: holds)."""
    lhs, rel, rhs = triple
    lhs, rhs = mp.mpf(lhs), mp.mpf(rhs)
    if rel in ("<=", "<"):
        gap = lhs - rhs
    elif rel in (">=", ">"):
        gap = rhs - lhs
    elif rel == "==":
        gap = abs(lhs - rhs)
    else:
        raise ValueError(rel)
    return gap / _scale(lhs, rhs)


def holds(triples) -> bool:
    return all(shortfall(t) <= HOLD_TOL for t in triples)


def clearly_fails(triples) -> bool:
    return any(shortfall(t) > FAIL_TOL for t in triples)


def in_box(entry, point: dict) -> bool:
    vs = entry.claim.variables
    return set(point) == {v.name for v in vs} and all(_inside(v, Fraction(point[v.name])) for v in vs)


def _range(v):
    """A variable's range in its own coordinate: (lo, hi), None for an infinite end (a theorycheck
    with unbounded ranges keeps them in ``v.unbounded`` and decides over t in [-1, 1])."""
    u = getattr(v, "unbounded", None)
    return (u.lo, u.hi) if u is not None else (v.lo, v.hi)


def _inside(v, x) -> bool:
    lo, hi = _range(v)
    return (lo is None or lo <= x) and (hi is None or x <= hi)


def grid(entry, per_axis=None):
    """Exact grid points (Fractions) of the closed box, ends included."""
    vs = entry.claim.variables
    if per_axis is None:
        quad = entry.category in QUAD_CATEGORIES or entry.name in QUAD_NAMES
        per_axis = (GRID_QUAD if quad else GRID)[len(vs)]
    axes = []
    for v in vs:
        n = max(per_axis - 1, 1)
        lo, hi = _finite(_range(v)[0], -FAR), _finite(_range(v)[1], FAR)
        axes.append([lo + (hi - lo) * Fraction(i, n) for i in range(n + 1)] if per_axis > 1 else [lo])
    for combo in itertools.product(*axes):
        yield {v.name: c for v, c in zip(vs, combo)}


def _finite(end, far):
    """An end of a range as a Fraction, an infinite one (None) replaced by ``far``."""
    return Fraction(far) if end is None else Fraction(end)


def few_points(entry):
    """Corners' midpoints and a few interior points: the fast check."""
    vs = entry.claim.variables
    fracs = (Fraction(0), Fraction(1, 3), Fraction(1, 2), Fraction(5, 7), Fraction(1))
    for f in fracs:
        yield {v.name: _finite(_range(v)[0], -FAR) + (_finite(_range(v)[1], FAR) - _finite(_range(v)[0], -FAR))
               * (f if i % 2 == 0 else 1 - f) for i, v in enumerate(vs)}


def check_entry(entry, points, dense=True) -> tuple:
    """(agrees, message): does the oracle agree with the entry's expected truth at ``points``?
    A false claim must fail at its witness and, when ``dense`` (a grid), at some point too."""
    if entry.truth:
        worst, where = None, None
        for p in points:
            triples = evaluate(entry, p)
            s = max(shortfall(t) for t in triples)
            if worst is None or s > worst:
                worst, where = s, p
            if not holds(triples):
                return False, f"true by the corpus, but its oracle fails at {_show(p)} (shortfall {mp.nstr(s, 5)})"
        return True, f"holds at every point (worst relative shortfall {mp.nstr(worst, 3)} at {_show(where)})"
    if not in_box(entry, entry.witness):
        return False, f"witness {entry.witness} is not inside the box"
    if not clearly_fails(evaluate(entry, entry.witness)):
        return False, f"false by the corpus, but its oracle holds at the witness {entry.witness}"
    bad = next((p for p in points if clearly_fails(evaluate(entry, p))), None)
    if not dense:
        return True, f"violated at the witness {_show(entry.witness)}"
    if bad is None:
        return False, "false by the corpus and at its witness, but no checked point violates it"
    return True, f"violated at the witness {_show(entry.witness)} and at {_show(bad)}"


def _show(p):
    return ", ".join(f"{k}={mp.nstr(mpf(v), 6)}" for k, v in p.items())


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="claim names")
    ap.add_argument("--corpus", choices=sorted(CORPORA), default="corpus", help="which corpus file (default corpus)")
    args = ap.parse_args(argv)
    use(args.corpus)
    bad = 0
    for name, e in entries().items():
        if args.only and name not in args.only:
            continue
        t0 = time.monotonic()
        pts = list(grid(e))
        ok, msg = check_entry(e, pts)
        bad += not ok
        print(f"{'ok ' if ok else 'BAD'} {name} ({'true' if e.truth else 'false'}, {len(pts)} points, "
              f"{time.monotonic() - t0:.1f} s): {msg}", flush=True)
    print(f"{bad} disagreement(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
