"""Print the soundness suite as a table: per claim its kind, truth, verdict, outcome
(right / WRONG / undecided / allowed) and seconds; then the file-level cases and totals.

    python3 tests/soundness/run_table.py [--budget 3] [--only SUBSTRING] [--no-files]

Runs on the theorycheck package of this worktree (its root goes first on sys.path).
"""

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.soundness import harness  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=float, default=harness.BUDGET)
    ap.add_argument("--only", default=None, help="only claims whose id contains this")
    ap.add_argument("--no-files", action="store_true", help="skip the file-level cases")
    args = ap.parse_args(argv)

    import theorycheck

    print(f"theorycheck from {Path(theorycheck.__file__).parent}; budget {args.budget} s, seed {harness.SEED}")
    t_all = time.monotonic()
    totals = Counter()
    by_kind = {}
    print(f"{'claim':<66} {'kind':<28} {'truth':<5} {'verdict':<10} {'outcome':<9} {'s':>6}")
    for f in harness.claim_files():
        try:
            es = harness.entries([f])
        except Exception as exc:  # noqa: BLE001
            print(f"{f.stem + '::(load)':<66} {'':<28} {'':<5} {'load error':<10} {'WRONG':<9}  {exc}")
            totals["WRONG"] += 1
            continue
        for e in es:
            if args.only and args.only not in e.id:
                continue
            (res,) = harness.run_forked([e.claim], budget=max(args.budget, e.budget))
            outcome, msg = harness.judge(e, res)
            verdict = res[1]["verdict"] if res[0] == "ok" else res[0]
            label = {"right": "right", "wrong": "WRONG", "undecided": "undecided", "allowed": "allowed"}[outcome]
            totals[label] += 1
            by_kind.setdefault(e.kind, Counter())[label] += 1
            line = f"{e.id:<66} {e.kind[:28]:<28} {e.truth:<5} {verdict:<10} {label:<9} {res[2]:6.2f}"
            if outcome == "wrong":
                line += "   " + msg.replace("\n", " ")[:220]
            print(line, flush=True)
    if not args.no_files and not args.only:
        print("\nfile-level cases")
        for label, thunk in harness.file_cases():
            t0 = time.monotonic()
            try:
                results = thunk()
            except Exception as exc:  # noqa: BLE001
                results = [("(case)", "wrong", f"{type(exc).__name__}: {exc}")]
            bad = [r for r in results if r[1] not in ("right", "allowed")]
            wrong = [r for r in bad if r[1] != "undecided"]
            state = "WRONG" if wrong else ("undecided" if bad else "right")
            totals["file cases " + state] += 1
            print(f"  {label:<58} {state:<6} {time.monotonic() - t0:6.1f} s")
            for item, outcome, msg in bad:
                print(f"      {item}: {outcome}: {msg.replace(chr(10), ' ')[:220]}")
    print("\nper kind (right / WRONG / undecided / allowed):")
    for k, c in by_kind.items():
        print(f"  {k:<50} {c['right']:4d} {c['WRONG']:4d} {c['undecided']:4d} {c['allowed']:4d}")
    print("\ntotals: " + ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
    print(f"wall clock {time.monotonic() - t_all:.0f} s")
    return 0 if totals["WRONG"] == 0 and totals["undecided"] == 0 and not totals["file cases WRONG"] else 1


if __name__ == "__main__":
    sys.exit(main())
