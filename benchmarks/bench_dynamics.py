"""GAN dynamics: the vectorised code against a straightforward per-trajectory loop.

Workload: the seed's Fig. 3 grid at full size: alpha in geomspace(0.01, 0.5, 10) x 55 initial
generator means x 100 discriminator starts = 55,000 first-order trajectories of 3000 steps (eta =
0.1, mu* = (-0.5, 0.5)); and optimal-discriminator dynamics on the 55 grid cells, 3000 steps.

* vectorised first order: the whole grid, measured (``--workers`` processes, default 2);
* loop first order: ``dynamics.first_order_scalar`` (plain Python, one trajectory at a time) on a
  few trajectories, measured, and *extrapolated* to the grid (time per trajectory x 55,000);
* vectorised optimal: the 55 cells x 3000 steps at once (float optimal discriminator), measured;
* loop optimal: ``dynamics.optimal_scalar(discriminator="brentq")``, the seed's procedure (brentq
  between the sorted means, padded by 1, per step), on a few trajectories, measured and
  extrapolated per trajectory.

Wall-clock and CPU seconds are printed (the machine may be shared: CPU time of this process and its
workers is the steadier figure). For scale, the issue quotes the seed authors' own code at about
1.7 s per 3000-step first-order run and 4.4 s per optimal-discriminator run.

    python benchmarks/bench_dynamics.py [--quick] [--workers N] [--loop-trajectories K]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from theorycheck import dynamics as dy  # noqa: E402
from theorycheck.experiments import MU_STAR, Progress, _first_order_grid, disc_starts, grid_cells  # noqa: E402


def cpu_all():
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="3 alphas, 20 starts, 1000 steps")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--loop-trajectories", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    if args.quick:
        alphas, n_starts, T = np.geomspace(0.01, 0.5, 3), 20, 1000
    else:
        alphas, n_starts, T = np.geomspace(0.01, 0.5, 10), 100, 3000
    cells, _ = grid_cells(10)
    rng = np.random.default_rng(args.seed)
    l0, r0 = disc_starts(rng, n_starts)
    n_traj = len(alphas) * len(cells) * n_starts
    print(f"workload: {len(alphas)} alphas x {len(cells)} cells x {n_starts} starts = {n_traj} first-order "
          f"trajectories x {T} steps; {args.workers} worker processes; {os.cpu_count()} cores")

    # vectorised first order, whole grid
    c0, w0 = cpu_all(), time.perf_counter()
    ok = [_first_order_grid(cells, l0, r0, a, T, 0, 0.1, args.workers, Progress(), max(args.workers, 1))
          for a in alphas]
    vec_wall, vec_cpu = time.perf_counter() - w0, cpu_all() - c0
    print(f"vectorised first order: {vec_wall:.1f} s wall, {vec_cpu:.1f} s CPU for the grid "
          f"({1e6 * vec_cpu / n_traj:.0f} us CPU per trajectory; mean success {np.mean([o.mean() for o in ok]):.4f})")

    # loop first order, a few trajectories
    k = args.loop_trajectories
    idx = np.random.default_rng(1).choice(len(cells) * n_starts, k, replace=False)
    c0, w0 = time.process_time(), time.perf_counter()
    for i in idx:
        cell, st = divmod(int(i), n_starts)
        dy.first_order_scalar(cells[cell], l0[st], r0[st], MU_STAR, float(alphas[0]), T)
    loop_wall, loop_cpu = (time.perf_counter() - w0) / k, (time.process_time() - c0) / k
    ext = loop_cpu * n_traj
    print(f"loop first order: {loop_cpu:.2f} s CPU per trajectory (measured on {k}); extrapolated to the grid: "
          f"{ext:.0f} s CPU = {ext / 3600:.1f} core-hours")
    print(f"  ratio per trajectory (CPU): {loop_cpu * n_traj / vec_cpu:.0f}x; wall, grid vs loop on 1 core: "
          f"{ext / vec_wall:.0f}x")
    print(f"  against the seed authors' 1.7 s per run: {1.7 * n_traj / 3600:.1f} core-hours for this grid, "
          f"{1.7 * n_traj / vec_cpu:.0f}x our CPU time")

    # optimal dynamics: the 55 cells for every alpha of the grid at once (one float optimal
    # discriminator call per step for all rows; the per-call overhead is what a small batch pays)
    mu0 = np.tile(cells, (len(alphas), 1))
    s = dy.make_state(mu0, MU_STAR, np.repeat(alphas, len(cells)))
    c0, w0 = time.process_time(), time.perf_counter()
    dy.optimal(s, T)
    ov_wall, ov_cpu = time.perf_counter() - w0, time.process_time() - c0
    n_opt = len(mu0)
    print(f"vectorised optimal: {n_opt} trajectories x {T} steps: {ov_wall:.1f} s wall, {ov_cpu:.1f} s CPU "
          f"({ov_cpu / n_opt:.4f} s CPU per trajectory)")
    s55 = dy.make_state(cells, MU_STAR, 0.5)
    c0 = time.process_time()
    dy.optimal(s55, T)
    o55 = (time.process_time() - c0) / len(cells)
    print(f"  (55 trajectories only: {o55:.4f} s CPU per trajectory)")
    ov_cpu = ov_cpu / n_opt * len(cells)  # per-trajectory figure below uses the big batch
    k2 = max(1, k - 1)
    c0 = time.process_time()
    for cell in cells[np.random.default_rng(2).choice(len(cells), k2, replace=False)]:
        dy.optimal_scalar(cell, MU_STAR, 0.5, T, discriminator="brentq")
    ol_cpu = (time.process_time() - c0) / k2
    print(f"loop optimal (seed's brentq per step): {ol_cpu:.2f} s CPU per trajectory (measured on {k2}); "
          f"ratio per trajectory: {ol_cpu / (ov_cpu / len(cells)):.0f}x "
          f"(seed authors' 4.4 s per run: {4.4 / (ov_cpu / len(cells)):.0f}x)")


if __name__ == "__main__":
    main()
