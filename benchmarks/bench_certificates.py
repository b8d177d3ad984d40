"""Checking a proof against finding it: kernel verification time over prove time, for every
decided claim of the lemma library, measured in the same run on the same machine.

For each claim with a committed certificate (``lemmas/certificates``): ``check`` proves it
afresh (search, symbolic steps, branch and bound, certification; the default budget) and the
kernel verifies the committed certificate; each is timed as the median of ``--repeats`` runs.
Printed: per claim the two medians and their ratio; overall the median ratio and the ratio of
the totals (verify / prove: below 1 means checking is cheaper than finding).

    python benchmarks/bench_certificates.py [--quick] [--repeats N] [--files PATTERN]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from theorycheck.certificates import certificate_path  # noqa: E402
from theorycheck.check import check  # noqa: E402
from theorycheck.kernel import verify_certificate  # noqa: E402
from theorycheck.loader import claim_files, load_file  # noqa: E402
from theorycheck.search import deterministic_hypothesis  # noqa: E402


def median_seconds(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one lemma file only (seed004_f_divergences)")
    ap.add_argument("--repeats", type=int, default=1, help="runs per measurement (median; default 1)")
    ap.add_argument("--files", default=None, help="only lemma files whose name contains this")
    args = ap.parse_args(argv)
    certs = ROOT / "lemmas" / "certificates"
    pattern = "seed004_f_divergences" if args.quick else args.files
    rows = []
    for f in claim_files(ROOT / "lemmas"):
        if pattern and pattern not in Path(f).name:
            continue
        for c in load_file(f):
            path = certificate_path(certs, c)
            if not path.exists():
                continue
            budget = 20.0
            print(f"{Path(f).stem}::{c.name}", end=" ", file=sys.stderr, flush=True)

            def prove(c=c, budget=budget):
                with deterministic_hypothesis():
                    check(c, budget=budget)

            def verify(path=path):
                r = verify_certificate(path)
                if not r.valid:
                    raise SystemExit(f"{path}: the kernel rejects the committed certificate: {r.message}")

            tp = median_seconds(prove, args.repeats)
            tv = median_seconds(verify, args.repeats)
            doc = json.loads(path.read_text())
            rows.append((f"{Path(f).stem}::{c.name}", doc["verdict"], tp, tv))
            print(f"prove {tp:.2f} s, verify {tv:.3f} s", file=sys.stderr, flush=True)
    if not rows:
        print("no committed certificates found", file=sys.stderr)
        return 1
    print(f"{'claim':<78} {'verdict':<8} {'prove s':>8} {'verify s':>9} {'ratio':>7}")
    for name, verdict, tp, tv in rows:
        print(f"{name[:78]:<78} {verdict:<8} {tp:8.2f} {tv:9.3f} {tv / tp:7.3f}")
    ratios = [tv / tp for _, _, tp, tv in rows]
    total_p = sum(r[2] for r in rows)
    total_v = sum(r[3] for r in rows)
    print(f"\n{len(rows)} claims: prove {total_p:.1f} s in total (median {statistics.median(r[2] for r in rows):.2f} s), "
          f"verify {total_v:.1f} s (median {statistics.median(r[3] for r in rows):.3f} s)")
    print(f"verify/prove: ratio of totals {total_v / total_p:.3f}, median ratio {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
