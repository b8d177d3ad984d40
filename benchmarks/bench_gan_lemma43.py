"""Per-piece cost of the Lemma 4.3 claims (lemmas/li2018_lemma43_proved.py): boxes and work units.

Two comparisons on fixed boxes of the (C, delta) = (1, 0.2) cell, mu_1 >= mu*_1 + delta (variables
D, r, s of gan_regions.spread_point), each run by the generic prover on one box with a fixed budget
of work units (so the boxes decided are comparable; CPU seconds of this process are given beside,
the machine may be shared):

* split rule: piece 4 of split=6 (D in [0.65, 1.1], r in [0.2, 0.6], s in [0, 0.25]), the body
  ||grad f||^2 > K^2, proved as a piece of a split claim (derivative-free boxes bisected along the
  widest variable) and as a plain claim (the probe: both halves along each variable enclosed);
* the body: a box on the cell's valley (D in [0.75, 0.85], r in [0.25, 0.35], s in [0, 0.05]),
  ||grad f||^2 > K^2 against max((g1 - g2)^2 / 2 - K^2, ||grad f||^2 - K^2) > 0.

    python benchmarks/bench_gan_lemma43.py [--quick]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from theorycheck import claim, work  # noqa: E402
from theorycheck.expr import BinaryFloats  # noqa: E402
from theorycheck.gaussians.gan_regions import lemma43_spread, lemma43_spread_diff  # noqa: E402
from theorycheck.prove import prove_leaf  # noqa: E402

RANGES = dict(D=("0.2", "2"), r=("0.2", "1.8"), s=("0", "1"))


def _claims():
    @claim(**RANGES, split=6)
    def plain_split(D, r, s):
        return lemma43_spread(D, r, s, 1, 0.2, 0.0169, 1)

    @claim(**RANGES)
    def plain(D, r, s):
        return lemma43_spread(D, r, s, 1, 0.2, 0.0169, 1)

    @claim(**RANGES, split=6)
    def diff_split(D, r, s):
        return lemma43_spread_diff(D, r, s, 1, 0.2, 0.0169, 1)

    return plain_split, plain, diff_split


def run(c, lo, hi, units):
    c = getattr(c, "claim", c)
    t = time.process_time()
    with work.metered(units, None) as meter, BinaryFloats():
        pr = prove_leaf(c, 0, units, box=(np.array(lo, dtype=float), np.array(hi, dtype=float)))
    return pr, meter.used, time.process_time() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    plain_split, plain, diff_split = _claims()
    u1, u2 = (6, 20) if args.quick else (30, 120)
    rows = [
        ("piece 4, widest split (split claim)", plain_split, [0.65, 0.2, 0], [1.1, 0.6, 0.25], u1),
        ("piece 4, probe split (plain claim)", plain, [0.65, 0.2, 0], [1.1, 0.6, 0.25], u1),
        ("valley, ||g||^2 > K^2", plain_split, [0.75, 0.25, 0], [0.85, 0.35, 0.05], u2),
        ("valley, with (g1 - g2)^2 / 2", diff_split, [0.75, 0.25, 0], [0.85, 0.35, 0.05], u2),
    ]
    print(f"{'case':40s} {'status':10s} {'decided':>8s} {'left':>6s} {'volume left':>12s} {'units':>7s} {'CPU s':>6s}")
    for name, c, lo, hi, units in rows:
        pr, used, cpu = run(c, lo, hi, units)
        print(f"{name:40s} {pr.status:10s} {pr.boxes_decided:8d} {pr.boxes_left:6d} {pr.volume_left:12.3g} "
              f"{used:7.1f} {cpu:6.1f}")


if __name__ == "__main__":
    main()
