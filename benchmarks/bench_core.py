"""Core benchmarks: enclosure throughput against plain mpmath.iv, and the prover with and
without its derivative-based refinements. Every ratio is against a baseline measured in the
same run; figures are medians of repeated runs.

    python benchmarks/bench_core.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from theorycheck import Phi, claim, exp, log, npdf, pi, sqrt  # noqa: E402
from theorycheck.enclose.interval import Interval  # noqa: E402
from theorycheck import work  # noqa: E402
from theorycheck.prove import prove_leaf  # noqa: E402


def expression(x):
    """exp, log and a Gaussian density: the benchmark expression of the core issue."""
    return exp(-x * x / 2) + log(1 + x * x) * npdf(x - 1)


def boxes(n, width=1e-3, seed=0):
    rng = np.random.default_rng(seed)
    lo = rng.uniform(-3, 3 - width, n)
    return lo, lo + width


def median_rate(fn, count, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return count / statistics.median(times), statistics.median(times)


def bench_throughput(n, repeats):
    import mpmath
    from mpmath import iv

    lo, hi = boxes(n)
    sub = min(n, 2000)
    iv.prec = 53

    def with_iv():
        c = iv.sqrt(2 * iv.pi)
        for a, b in zip(lo[:sub], hi[:sub]):
            x = iv.mpf([a, b])
            _ = iv.exp(-x * x / 2) + iv.log(1 + x * x) * (iv.exp(-((x - 1) ** 2) / 2) / c)

    def with_interval():
        for a, b in zip(lo[:sub], hi[:sub]):
            expression(Interval(float(a), float(b)))

    rows = []
    iv_rate, _ = median_rate(with_iv, sub, repeats)
    rows.append(("mpmath.iv, box by box (baseline)", iv_rate))
    rate, _ = median_rate(with_interval, sub, repeats)
    rows.append(("Interval (Arb end points), box by box", rate))
    try:
        from theorycheck.enclose.batch import IntervalArray

        def with_batch():
            expression(IntervalArray(lo, hi))

        rate, _ = median_rate(with_batch, n, repeats)
        rows.append((f"IntervalArray, {n} boxes per call", rate))

        @claim(x=(-3, 3))
        def bench_claim(x):
            return expression(x) >= 0

        from theorycheck.prove import BatchEvaluator

        ev = BatchEvaluator(bench_claim, 0)

        def with_prover_path():
            ev.enclose(lo[:, None], hi[:, None])

        rate, _ = median_rate(with_prover_path, n, repeats)
        rows.append(("prover's path (claim body on IntervalArray)", rate))

        def with_prover_gradient():
            ev.enclose_with_gradient(lo[:, None], hi[:, None])

        rate, _ = median_rate(with_prover_gradient, n, repeats)
        rows.append(("prover's path with interval gradient", rate))
    except ImportError:
        rows.append(("IntervalArray: not available", float("nan")))
    mpmath.mp.prec = 53
    print(f"\nEnclosure throughput, expression exp(-x^2/2) + log(1+x^2) npdf(x-1), boxes of width 1e-3")
    print(f"{'method':50s} {'boxes/s':>12s} {'x mpmath.iv':>12s}")
    for name, rate in rows:
        print(f"{name:50s} {rate:12.0f} {rate / iv_rate:12.1f}")
    return rows


# -- proofs with and without refinement -----------------------------------------------------


@claim(x=(-1, 3))
def exp_tangent(x):
    return exp(x) >= 1 + x


@claim(d=(0, 12))
def tv_sharp(d):
    return 2 * Phi(d / 2) - 1 <= d / sqrt(2 * pi)


@claim(d=(0, 12))
def tv_half(d):
    return 2 * Phi(d / 2) - 1 <= d / 2


@claim(x=(-2, 2), y=(-3, 3))
def touching_line(x, y):
    return (1 + y**2) * (exp(x) - 1 - x) >= 0


@claim(x=(-6, 6), m=(-1, 1))
def density_below_peak(x, m):
    return npdf(x - m) <= 0.4


@claim(x=(-3, 3))
def gaussian_times_quadratic_above_a_tenth(x):
    # no touching point: plain bisection terminates too, so the ratio is a real one
    return exp(-x * x / 2) * (1 + x * x) >= 0.1


def bench_proofs(repeats, seconds):
    from theorycheck.check import touching_points
    from theorycheck.search import search

    print(f"\nProofs: refined (monotonicity + mean value + anchored Taylor) vs plain bisection, cap {seconds} work units")
    print(f"{'claim':22s} {'refined':>22s} {'plain':>26s} {'speed-up':>9s}")
    for c in (exp_tangent, tv_sharp, tv_half, touching_line, density_below_peak, gaussian_times_quadratic_above_a_tenth):
        touch = touching_points(c, search(c, seed=0).candidates)
        out = {}
        for refine in (True, False):
            times, boxes_ = [], []
            status = None
            for _ in range(repeats):
                t = time.perf_counter()
                r = prove_leaf(c, 0, work.clock() + seconds, touch_points=touch if refine else (), refine=refine)
                times.append(time.perf_counter() - t)
                boxes_.append(r.boxes_decided + r.boxes_left)
                status = r.status
            out[refine] = (status, statistics.median(times), int(statistics.median(boxes_)))
        (s1, t1, b1), (s0, t0, b0) = out[True], out[False]
        ratio = t0 / t1
        plain = f"{s0} {t0:.3f}s {b0} boxes"
        # plain bisection that never finishes only gives a lower bound on the speed-up
        shown = (">" if s0 != "proved" else "") + f"{ratio:.2g}x"
        print(f"{c.name[:22]:22s} {s1 + f' {t1:.3f}s {b1} boxes':>22s} {plain:>28s} {shown:>9s}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    n = 2000 if args.quick else 10000
    repeats = 3 if args.quick else 5
    bench_throughput(n, repeats)
    bench_proofs(1 if args.quick else 3, 5.0 if args.quick else 20.0)


if __name__ == "__main__":
    main()
