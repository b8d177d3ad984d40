"""Decide every claim of the reach corpus, each in a fresh process, and write the table.

    python3 -m tests.reach.run                    # all claims -> reports/reach/README.md
    python3 -m tests.reach.run --only NAME ...    # some claims, table on stdout only
    python3 -m tests.reach.run --no-write         # all claims, table on stdout only
    python3 -m tests.reach.run --corpus heldout --out FILE   # the held-out corpus (heldout.py)

With ``PYTHONPATH`` set, each claim's process runs ``python3 -P`` (the working directory is not put
first on ``sys.path``), so ``PYTHONPATH=OTHER_TREE`` decides the claims with that tree's theorycheck.

Each claim runs as ``python3 -m theorycheck.cli check tests/reach/corpus.py::NAME --json
--quiet`` plus :data:`BUDGET_ARGS` (the one place the prover's budget is set: empty means the
CLI's default), in its own process, with a wall-clock cap enforced from outside (the process is
killed at ``--limit`` seconds, default 30, and the claim counts as undecided). A verdict is judged
against the corpus's truth, settled independently (``corpus.py``, ``oracle.py``):

* ``right``: proved a true claim, or refuted a false one *and* the counterexample lies in the box
  and violates the claim per the mpmath oracle at 50 digits;
* ``WRONG``: proved a false claim, refuted a true one, or a counterexample the oracle does not
  confirm -- a soundness bug;
* ``undecided``: undecided within the budget, or killed at the cap;
* ``error``: the CLI failed (exit status 2, no JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS_REL = "tests/reach/corpus.py"
OUT_REL = "reports/reach/README.md"
LIMIT = 30.0
# The prover's budget, passed to `theorycheck check`. Empty: the CLI's default (20 work units, with
# its own wall-clock safety limit); e.g. ["--budget", "N", "--time-limit", "30"]. The cap below is
# enforced from outside anyway.
BUDGET_ARGS: list = []


def _python() -> list:
    return [sys.executable, "-P"] if os.environ.get("PYTHONPATH") else [sys.executable]


def command(name: str) -> list:
    return [*_python(), "-m", "theorycheck.cli", "check", f"{CORPUS_REL}::{name}", "--json", "--quiet",
            *BUDGET_ARGS]


def theorycheck_tree() -> str:
    """Where the claims' processes import theorycheck from (relative to the root when inside it)."""
    p = subprocess.run([*_python(), "-c", "import theorycheck; print(theorycheck.__file__)"], cwd=ROOT,
                       capture_output=True, text=True, timeout=60).stdout.strip()
    tree = Path(p).parent.parent
    try:
        return str(tree.relative_to(ROOT)) or "."
    except ValueError:
        return tree.name


def run_one(name: str, limit: float = LIMIT) -> dict:
    """Decide one claim in a fresh process: {'verdict', 'seconds', 'json' or 'error'}."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(command(name), cwd=ROOT, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return {"verdict": "undecided", "seconds": time.monotonic() - t0, "capped": True,
                "error": f"killed at the {limit:.0f} s cap"}
    seconds = time.monotonic() - t0
    try:
        (out,) = json.loads(p.stdout)
    except (ValueError, TypeError):
        return {"verdict": "error", "seconds": seconds,
                "error": f"exit {p.returncode}: {(p.stderr or p.stdout).strip()[-400:]}"}
    return {"verdict": out.get("verdict"), "seconds": seconds, "json": out}


def judge(entry, result: dict) -> tuple:
    """(outcome, note): right / WRONG / undecided / error, against the corpus's truth."""
    from . import oracle

    v = result["verdict"]
    if v == "error":
        return "error", result.get("error", "")
    if v not in ("proved", "refuted"):
        return "undecided", result.get("error", "")
    if v == "proved":
        return ("right", "") if entry.truth else ("WRONG", "a false claim proved")
    if entry.truth:
        return "WRONG", f"a true claim refuted at {result['json'].get('counterexample')}"
    cex = result["json"].get("counterexample")
    if not cex:
        return "WRONG", "refuted without a counterexample"
    if not oracle.in_box(entry, cex):
        return "WRONG", f"counterexample {cex} outside the box"
    try:
        fails = oracle.clearly_fails(oracle.evaluate(entry, cex))
    except (ArithmeticError, ValueError):
        fails = True  # the oracle finds the body undefined there: a counterexample by the semantics
    if not fails:
        return "WRONG", f"the oracle does not confirm the counterexample {cex}"
    return "right", ""


def run_all(names=None, limit: float = LIMIT, progress=True) -> list:
    from . import oracle

    entries = oracle.entries()
    rows = []
    for name, e in entries.items():
        if names and name not in names:
            continue
        r = run_one(name, limit)
        outcome, note = judge(e, r)
        rows.append({"name": name, "entry": e, "result": r, "outcome": outcome, "note": note})
        if progress:
            print(f"{outcome:9s} {name}: {r['verdict']} ({'true' if e.truth else 'false'}) "
                  f"{r['seconds']:.1f} s {note}", file=sys.stderr, flush=True)
    return rows


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _git_head() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip() or "?"
    except OSError:
        return "?"


def table(rows, limit: float = LIMIT) -> str:
    n = len(rows)
    c = Counter(r["outcome"] for r in rows)
    true_rows = [r for r in rows if r["entry"].truth]
    false_rows = [r for r in rows if not r["entry"].truth]
    budget = " ".join(BUDGET_ARGS) or "the CLI's default budget (20 work units)"
    lines = [
        "# Reach corpus: baseline before issue 15",
        "",
        f"{n} published inequalities and identities (`tests/reach/corpus.py`: {len(true_rows)} true, "
        f"{len(false_rows)} false, each with its citation; truth settled without theorycheck by the "
        "source's proof and a 50-digit mpmath check on a dense grid, `python3 -m tests.reach.oracle`, whose "
        "output is [oracle.md](oracle.md)). The same kinds of problems against other tools: [peers.md](peers.md).",
        "",
        f"Measured on commit `{_git_head()}` with `python3 -m tests.reach.run`: each claim in a fresh process "
        f"(`theorycheck check tests/reach/corpus.py::NAME --json`, {budget}), killed at a {limit:.0f} s "
        "wall-clock cap. **Timings are from a machine whose 2 cores were shared with four other agents' "
        "jobs**: they vary from run to run, and a claim near the cap may move between decided and undecided.",
        "",
        f"**Decided right: {c['right']} of {n} ({100 * c['right'] / max(n, 1):.0f}%)**: "
        f"{sum(r['outcome'] == 'right' for r in true_rows)} of {len(true_rows)} true claims proved, "
        f"{sum(r['outcome'] == 'right' for r in false_rows)} of {len(false_rows)} false claims refuted "
        f"with a counterexample the oracle confirms. **Wrong: {c['WRONG']}.** Undecided: {c['undecided']}"
        + (f". Errors: {c['error']}" if c["error"] else "") + ".",
        "",
        "| category | claims | decided right | wrong | undecided |",
        "|---|---|---|---|---|",
    ]
    for cat in sorted({r["entry"].category for r in rows}):
        rs = [r for r in rows if r["entry"].category == cat]
        k = Counter(r["outcome"] for r in rs)
        lines.append(f"| {cat} | {len(rs)} | {k['right']} | {k['WRONG']} | {k['undecided'] + k['error']} |")
    lines += ["", "| claim | citation | expected | verdict | outcome | seconds |", "|---|---|---|---|---|---|"]
    for r in rows:
        e, res = r["entry"], r["result"]
        verdict = res["verdict"] + (" (cap)" if res.get("capped") else "")
        outcome = r["outcome"] + (f": {r['note']}" if r["note"] else "")
        lines.append(f"| `{e.name}` | {_cell(e.citation)} | {'true' if e.truth else 'false'} | {verdict} | "
                     f"{_cell(outcome)} | {res['seconds']:.1f} |")
    lines += ["", "Reproduce one row: `theorycheck check tests/reach/corpus.py::NAME` (from the project root).", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Decide the reach corpus, one fresh process per claim.")
    ap.add_argument("--only", nargs="*", help="claim names (the table goes to stdout)")
    ap.add_argument("--limit", type=float, default=LIMIT, help="wall-clock cap per claim, seconds (default 30)")
    ap.add_argument("--no-write", action="store_true", help=f"print the table instead of writing {OUT_REL}")
    ap.add_argument("--corpus", choices=("corpus", "heldout", "heldout-unbounded", "kinds-s22"), default="corpus",
                    help="which corpus file of tests/reach (default corpus)")
    ap.add_argument("--out", help=f"where to write the table (default {OUT_REL})")
    ap.add_argument("--rows-json", help="also write each claim's outcome and the CLI's JSON (evidence) to this file")
    args = ap.parse_args(argv)
    global CORPUS_REL
    if args.corpus != "corpus":
        from . import oracle

        oracle.use(args.corpus)
        CORPUS_REL = f"tests/reach/{oracle.CORPORA[args.corpus]}"
    print(f"theorycheck imported from: {theorycheck_tree()}", file=sys.stderr, flush=True)
    rows = run_all(args.only, args.limit)
    text = table(rows, args.limit)
    if args.rows_json:
        Path(args.rows_json).write_text(json.dumps(
            [{"name": r["name"], "category": r["entry"].category, "truth": r["entry"].truth, "outcome": r["outcome"],
              "note": r["note"], "verdict": r["result"]["verdict"], "seconds": round(r["result"]["seconds"], 1),
              "capped": bool(r["result"].get("capped")), "json": r["result"].get("json"),
              "error": r["result"].get("error")} for r in rows], indent=1, default=str))
    if args.corpus != "corpus":
        text = text.replace("# Reach corpus: baseline before issue 15", f"# Reach: `{CORPUS_REL}`", 1)
    if (args.only or args.no_write) and not args.out:
        print(text)
    else:
        out = ROOT / (args.out or OUT_REL)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        print(f"wrote {args.out or OUT_REL}", file=sys.stderr)
    return 1 if any(r["outcome"] == "WRONG" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
