"""f and grad f over parameter boxes (theorycheck.gaussians.gan_box): width against box width, and time.

* the shrink table: for boxes [c, c + w]^2 around a few generator means (mu* = (-1, 1)), the
  widths of the enclosures of f, df/dmu_1, df/dmu_2 for w = 1e-1 ... 1e-5, and the log-log slope;
* time per enclosure (f_box, grad_f_box, hessian_box) on random boxes of width 1e-2 (generator
  means uniform in [-2, 2], sorted, more than 0.2 apart): medians of CPU time of this process (the
  machine may be shared), with the share of boxes where every zero of F was resolved by Way 2;
* the close-target valley (issue 16): ``enclose`` of (m1, m2, m1-m2) on boxes of the Lemma 4.3 cell
  (C, delta) = (1, 0.1) with the targets 0.1 to 0.8 apart, and on the ordinary boxes above:
  thread_time medians per call (the memo cleared), the median radius of the widest zero
  enclosure and the median width of g_1 - g_2.

    python benchmarks/bench_gan_box.py [--quick] [--n N] [--seed S]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from theorycheck.enclose.interval import Interval, NotEnclosed  # noqa: E402
from theorycheck.gaussians.gan_box import enclose, f_box, grad_f_box, hessian_box  # noqa: E402

CENTERS = (((-0.5, 1.2), "1/2"), ((0.2, 0.9), "0.3"), ((-2.0, 0.4), "0.3"), ((0.3, 0.3), "1/2"))


def shrink(widths):
    print("box width    f            df/dmu1      df/dmu2      (mu* = (-1, 1); box [c, c + w]^2)")
    for center, alpha in CENTERS:
        print(f"c = {center}, alpha = {alpha}")
        rows = []
        for w in widths:
            box = (Interval(center[0], center[0] + w), Interval(center[1], center[1] + w))
            f = f_box(box, (-1, 1), alpha)
            g = grad_f_box(box, (-1, 1), alpha)
            rows.append((w, float(f.width()), float(g[0].width()), float(g[1].width())))
            print(f"  {w:8.0e}  " + "  ".join(f"{x:11.3e}" for x in rows[-1][1:]))
        slopes = [math.log(rows[0][k] / rows[-1][k]) / math.log(rows[0][0] / rows[-1][0]) for k in (1, 2, 3)]
        print("  slope     " + "  ".join(f"{s:11.2f}" for s in slopes))


def timing(n, seed):
    rng = random.Random(seed)
    boxes = []
    while len(boxes) < n:
        a, b = sorted(rng.uniform(-2, 2) for _ in range(2))
        if b - a > 0.2:
            boxes.append((Interval(a, a + 1e-2), Interval(b, b + 1e-2)))
    for name, fn in (("f_box", lambda b: f_box(b, (-1, 1))), ("grad_f_box", lambda b: grad_f_box(b, (-1, 1))),
                     ("hessian_box", lambda b: hessian_box(b, (-1, 1)))):
        cpu, wall, refused = [], [], 0
        for b in boxes:
            t0, w0 = time.process_time(), time.perf_counter()
            try:
                fn(b)
            except NotEnclosed:
                refused += 1
            cpu.append(time.process_time() - t0)
            wall.append(time.perf_counter() - w0)
        print(f"{name:12s} median {statistics.median(cpu) * 1e3:6.2f} ms CPU ({statistics.median(wall) * 1e3:6.2f} ms wall), "
              f"max {max(cpu) * 1e3:6.1f} ms" + (f", not enclosed on {refused}/{n}" if refused else ""))
    resolved = sum(1 for b in boxes if enclose(b, (-1, 1)).uncertain == 0)
    print(f"boxes with every zero of F resolved by Way 2: {resolved}/{n}")


def valley(n, seed):
    from fractions import Fraction

    from theorycheck.gaussians import gan_box

    rng = random.Random(seed)
    valley_boxes, ordinary = [], []
    for k in range(n):
        D = rng.uniform(0.1, 0.8)
        w = (0.0003125, 0.000625, 0.00125)[k % 3]
        r = (D - 0.1) / 2 + rng.uniform(-0.02, 0.02)
        rb, tb = Interval(r, r + w), Interval(0, w)
        valley_boxes.append(((rb, rb + Fraction(1, 10) + tb * (Fraction(19, 10) - rb)), (Interval.point(0), Interval(D, D + w))))
    while len(ordinary) < n:
        a, b = sorted(rng.uniform(-2, 2) for _ in range(2))
        if b - a > 0.2:
            ordinary.append(((Interval(a, a + 1e-2), Interval(b, b + 1e-2)), (-1, 1)))
    for name, boxes in (("valley", valley_boxes), ("ordinary", ordinary)):
        cpu, rad, width = [], [], []
        for mu, star in boxes:
            gan_box._MEMO.clear()
            t0 = time.thread_time()
            e = enclose(mu, star, quantities=("m1", "m2", "m1-m2"))
            cpu.append(time.thread_time() - t0)
            rad.append(max((float(c.zero.rad()) for c in e.cells if c.kind == "Z"), default=0.0))
            width.append(float(2 * e.values["m1-m2"].rad()))
        print(f"enclose on {name:8s} boxes: median {statistics.median(cpu) * 1e3:6.2f} ms thread time, "
              f"zero radius median {statistics.median(rad):.2e} (max {max(rad):.2e}), "
              f"g1 - g2 width median {statistics.median(width):.2e} (max {max(width):.2e})")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true")
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    shrink((1e-1, 1e-2, 1e-3, 1e-4) if args.quick else (1e-1, 1e-2, 1e-3, 1e-4, 1e-5))
    timing(20 if args.quick else args.n, args.seed)
    valley(30 if args.quick else args.n, args.seed)


if __name__ == "__main__":
    main()
