"""One split proof in one process, in 2 worker processes and on a Dask LocalCluster of 2 worker
processes (issue 16): wall-clock time of ``check`` (search, pieces, merge), median of
``--repeats`` runs, and the speed-up over one process, as a Markdown table.

Every run of a claim must give the same verdict and byte-identical certificate: the benchmark
stops with an error otherwise.

    python benchmarks/bench_distribute.py [PATH[::NAME] ...] [--split K] [--budget UNITS]
                                          [--repeats N] [--no-cluster]

Without a path it runs a synthetic 3-D claim written to a temporary file (``saddle_sheet``:
exp(x y + z) + 0.002 >= 1 + x y + z on [-1, 1]^3, about 10^4 leaves with ``split=4``). A path
names a lemma file (every claim of it made with ``split=k``) or one claim (``PATH::NAME``);
``--split K`` proves the named claims as 2^K pieces even when the file does not ask for it (the
GAN lemma cells of ``lemmas/li2018_lemma43_proved.py``, for instance). The pool is made afresh for
each run (as ``theorycheck check --workers 2`` does: process start and claim loading are in the
time); the cluster is made once (a cluster outlives a run), its start is not in the time. One
untimed run in this process comes first (imports and first calls are not in the time).

The last column is load-independent: the speed-up 2 idle cores would give, from the CPU time of
one in-process run (the serial rest plus the pieces handed in piece order to the first free
worker). On a shared machine the wall-clock columns mostly measure the other jobs (with the
kernel's autogroup scheduling, all processes of one session share one session's CPU share, so
more processes do not get more CPU).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from theorycheck import certificates, distribute  # noqa: E402
from theorycheck.check import check  # noqa: E402
from theorycheck.loader import load_target  # noqa: E402

SYNTHETIC = textwrap.dedent('''
    from theorycheck import claim, exp

    @claim(x=(-1, 1), y=(-1, 1), z=(-1, 1), split=4, expect="proved")
    def saddle_sheet(x, y, z):
        return exp(x * y + z) + 0.002 >= 1 + x * y + z
''')


def _claims(targets, split):
    out = []
    for t in targets:
        for c in load_target(t):
            if split is not None:
                c.options["split"] = split
            if c.options.get("split"):
                out.append(c)
    return out


def _one(c, executor, budget):
    """(seconds, verdict, certificate text) of one run."""
    del distribute.PIECE_LOG[:]
    start = time.perf_counter()
    try:
        with distribute.using(executor):
            v = check(c, budget=budget, seed=0)
    finally:
        executor.close()
    seconds = time.perf_counter() - start
    doc = certificates.build(c, v, Path(c.options["path"]).parent)
    return seconds, v.verdict, None if doc is None else certificates.dumps(doc)


def _cpu_model(c, budget, workers):
    """The speed-up a machine with ``workers`` idle cores would give, from CPU times measured in
    one process: the serial rest (search, merge, certificate) plus, per part, the pieces' CPU
    times handed in piece order to the first free worker (as the pool does), against the total.
    A load-independent estimate: on a shared machine the wall clock mostly measures the others."""
    cpu = time.process_time()
    _one(c, distribute.InProcess(), budget)
    total = time.process_time() - cpu
    pieces = [t for _, _, rows in distribute.PIECE_LOG for _, t, _ in rows]
    span = 0.0
    for _, _, rows in distribute.PIECE_LOG:
        free = [0.0] * workers
        for _, t, _ in rows:
            k = free.index(min(free))
            free[k] += t
        span += max(free)
    return total / (total - sum(pieces) + span)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("targets", nargs="*", metavar="PATH[::NAME]")
    p.add_argument("--split", type=int, default=None, help="prove the claims as 2^K pieces (default: their own split=)")
    p.add_argument("--budget", type=float, default=200.0, help="work units per claim (default 200)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--no-cluster", action="store_true", help="skip the Dask LocalCluster")
    args = p.parse_args(argv)

    tmp = None
    targets = args.targets
    if not targets:
        tmp = tempfile.TemporaryDirectory()
        path = Path(tmp.name) / "synthetic_split.py"
        path.write_text(SYNTHETIC)
        targets = [str(path)]
    claims = _claims(targets, args.split)
    if not claims:
        print("bench_distribute: no claim with split=k (use --split K)", file=sys.stderr)
        return 2

    client = cluster = None
    if not args.no_cluster:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            print("bench_distribute: dask.distributed is not installed: no cluster column", file=sys.stderr)
        else:
            cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
            client = Client(cluster)

    runners = [("workers 1", lambda: distribute.InProcess()), ("workers 2", lambda: distribute.ProcessPool(2))]
    if client is not None:
        runners.append(("LocalCluster 2", lambda: distribute.DaskCluster(client=client)))
    rows = []
    try:
        for c in claims:
            # an untimed run first (imports, first calls, caches of this process): it also gives
            # the verdict and certificate every timed run must reproduce
            _, verdict, cert = _one(c, distribute.InProcess(), args.budget)
            medians, reference = {}, (verdict, cert)
            for label, make in runners:
                times = []
                for _ in range(args.repeats):
                    seconds, verdict, cert = _one(c, make(), args.budget)
                    if (verdict, cert) != reference:
                        raise SystemExit(f"bench_distribute: {c.name}: {label} gave another verdict or certificate")
                    times.append(seconds)
                    print(f"  {c.name} {label}: {seconds:.2f} s ({verdict})", file=sys.stderr)
                medians[label] = statistics.median(times)
            leaves = 0
            if reference[1] is not None:
                import json

                doc = json.loads(reference[1])
                leaves = sum(1 for part in doc.get("parts", []) for _ in certificates.all_leaves(part))
            rows.append((c, reference[0], leaves, medians, _cpu_model(c, args.budget, 2)))
    finally:
        if client is not None:
            client.close()
            cluster.close()
        if tmp is not None:
            tmp.cleanup()

    labels = [label for label, _ in runners]
    load = os.getloadavg()
    print(f"budget {args.budget:g} units, median of {args.repeats}; load average {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f} on {os.cpu_count()} cores\n")
    head = "| claim | split | verdict | leaves | " + " | ".join(f"{x} (s)" for x in labels) + " | " + \
        " | ".join(f"speed-up {x}" for x in labels[1:]) + " | CPU-time model, 2 idle cores |"
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for c, verdict, leaves, med, model in rows:
        base = med[labels[0]]
        print(f"| {c.name} | {c.options['split']} | {verdict} | {leaves} | "
              + " | ".join(f"{med[x]:.2f}" for x in labels) + " | "
              + " | ".join(f"{base / med[x]:.2f}x" for x in labels[1:]) + f" | {model:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
