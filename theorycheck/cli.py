"""``theorycheck check PATH[::NAME] [--json] [--budget UNITS] [--seed N] [--workers N] [--cluster ADDRESS]``
``theorycheck report [PATH[::NAME] ...] [--out DIR] [--budget UNITS] [--seed N]`` (default
``lemmas/``): check, and write the reports (see :mod:`theorycheck.report`).
``theorycheck verify CERT... [--json] [--use-records]``: re-verify certificates with
:mod:`theorycheck.kernel` (0 all valid, 1 any invalid, 2 no such file or no certificate found);
every certificate is re-checked, unless ``--use-records``: then one whose verification record
(:mod:`theorycheck.records`) matches every input of its verification is taken from it, and its
line says "verified earlier: record KEY ..., not re-checked now".

The budget is in work units (:mod:`theorycheck.work`): counted, not timed, so a verdict does not
depend on the machine's load; 30 s per unit (``--time-limit``) is only an outer safety limit, whose
verdict is "undecided" with "time limit" in its evidence.

Exit status: 0 when every verdict matches its ``expect`` (and nothing is refuted where nothing was
expected), 1 otherwise, 2 for usage or input errors, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from .claims import ClaimDefinitionError, ClaimEvaluationError


class _Progress:
    """One status line on stderr, rewritten in place on a terminal."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.width = 0

    def __call__(self, claim_name, message):
        if not self.enabled:
            return
        line = f"[{claim_name}] {message}"
        if self.tty:
            pad = max(self.width - len(line), 0)
            sys.stderr.write("\r" + line + " " * pad)
            self.width = len(line)
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def done(self):
        if self.enabled and self.tty and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.width = 0


def _parser():
    p = argparse.ArgumentParser(prog="theorycheck", description="Decide lemmas with rigorous enclosures.")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="check every claim of a file (or PATH::NAME)")
    c.add_argument("targets", nargs="+", metavar="PATH[::NAME]")
    c.add_argument("--json", action="store_true", help="print one JSON array, one object per claim")
    c.add_argument("--budget", type=float, default=20.0, help="work units per claim (default 20): counted, not timed, about a second "
                   "each of a typical claim")
    c.add_argument("--seed", type=int, default=0, help="search seed (default 0)")
    c.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                   help="outer wall-clock safety limit per claim (default 30 s per unit of the budget, "
                        "60 s at least); reaching it gives undecided: time limit")
    c.add_argument("--workers", type=int, default=1, help="processes deciding claims in parallel, and the pieces of a "
                   "split claim (default 1; the verdicts and certificates do not depend on it)")
    c.add_argument("--cluster", metavar="ADDRESS", default=None,
                   help="prove the pieces of split claims (@claim(..., split=k)) on the Dask cluster at ADDRESS "
                        "(tcp://host:8786; pip install 'theorycheck[cluster]')")
    c.add_argument("--quiet", action="store_true", help="no progress on stderr")
    c.add_argument("--certificates", metavar="DIR", default=None,
                   help="write DIR/<lemma file>/<claim>.cert.json for each decided claim (check them with "
                        "`theorycheck verify`)")
    r = sub.add_parser("report", help="check lemmas and (re)write reports/: a page, JSON and plot per claim, and an index")
    r.add_argument("targets", nargs="*", metavar="PATH[::NAME]", help="lemma files or directories (default: lemmas/)")
    r.add_argument("--out", default="reports", metavar="DIR", help="reports directory, relative to the project root (default reports)")
    r.add_argument("--root", default=".", metavar="DIR", help="project root: report paths are relative to it (default .)")
    r.add_argument("--budget", type=float, default=20.0, help="work units per claim (default 20): counted, not timed, about a second "
                   "each of a typical claim")
    r.add_argument("--seed", type=int, default=0, help="search seed (default 0)")
    r.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                   help="outer wall-clock safety limit per claim (default 30 s per unit of the budget, "
                        "60 s at least); reaching it gives undecided: time limit")
    r.add_argument("--workers", type=int, default=1, help="processes deciding claims in parallel, and the pieces of a "
                   "split claim (default 1; the verdicts do not depend on it)")
    r.add_argument("--cluster", metavar="ADDRESS", default=None,
                   help="prove the pieces of split claims on the Dask cluster at ADDRESS")
    r.add_argument("--quiet", action="store_true", help="no progress on stderr")
    e = sub.add_parser("experiment", help="run a named GAN-dynamics experiment (CSV + PNG + Markdown)")
    e.add_argument("name", metavar="NAME", help="li-fig2, li-thm31, li-lemma43, mixture-fig1, mixture-fig2, mixture-fig3 or mixture-fig4")
    e.add_argument("--quick", action="store_true", help="CI-sized grids instead of the seed's full size")
    e.add_argument("--out", default="reports/experiments", metavar="DIR", help="output directory (default reports/experiments)")
    e.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    e.add_argument("--workers", type=int, default=None, help="worker processes (default min(2, cores))")
    e.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    k = sub.add_parser("verify", help="re-verify certificates with the independent kernel (files or directories)")
    k.add_argument("certs", nargs="+", metavar="CERT", help="*.cert.json files, or directories searched recursively")
    k.add_argument("--json", action="store_true", help="print one JSON array, one object per certificate")
    k.add_argument("--use-records", action="store_true",
                   help="take a certificate's verification from its record in .theorycheck/records/ when one "
                        "matches every input (certificate, claim, lemma file, kernel sources, library versions), "
                        "saying so, and record each certificate verified now (default: re-check every one)")
    return p


def _load_claims(targets):
    """``(claims, problems)`` the targets name, or ``(None, problems)`` after printing why there
    is nothing to check. Each problem (a claim that cannot be checked: malformed, shadowed, kept
    only in a list) is printed on stderr; the file's other claims are still checked."""
    from .loader import LoadError, load_target, target_problems

    claims, problems = [], []
    try:
        for t in targets:
            claims.extend(load_target(t))
            problems.extend(target_problems(t))
    except (LoadError, ClaimDefinitionError) as exc:
        print(f"theorycheck: {exc}", file=sys.stderr)
        return None, problems
    for pr in problems:
        print(f"theorycheck: {pr.message}", file=sys.stderr)
    if not claims:
        if not problems:
            print("theorycheck: no claims found in " + ", ".join(targets), file=sys.stderr)
        return None, problems
    return claims, problems


def _problem_verdict(pr) -> dict:
    """The error verdict (as in ``--json``) of a claim that could not be loaded."""
    from .check import error_verdict

    v = error_verdict(pr.name, ClaimDefinitionError(pr.message), pr.expect, 0.0, pr.path)
    v["evidence"]["line"] = pr.line
    return v


class _Run:
    """Decides claims one by one with the command's settings and a progress line; a claim whose
    body cannot be evaluated gets an error verdict (``input_error``), Ctrl-C stops the run
    (``interrupted``)."""

    def __init__(self, args, deterministic: bool = False):
        self.args = args
        self.deterministic = deterministic
        self.progress = _Progress(enabled=not args.quiet and os.environ.get("THEORYCHECK_PROGRESS", "1") != "0")
        self.input_error = False
        self.interrupted = False
        # the pieces of split claims (theorycheck.distribute): a pool or a cluster's client is
        # made at the first split claim and closed by close()
        from .distribute import executor_for

        self.pieces = executor_for(args.workers, getattr(args, "cluster", None))

    def connect(self) -> bool:
        """With ``--cluster``: connect now, so that a wrong address is a usage error (status 2)
        before any claim is decided; False (after saying why) when it cannot."""
        if not getattr(self.args, "cluster", None):
            return True
        try:
            self.pieces.client()
        except Exception as exc:
            print(f"theorycheck: cannot use the Dask cluster at {self.args.cluster}: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
            return False
        return True

    def close(self):
        self.pieces.close()

    def decide(self, claims):
        """Yields (claim, Verdict or error dict, its JSON dict) for each claim decided, in order.

        With ``--workers N`` (N > 1) the claims are decided in N processes, each claim wholly in
        one of them: a claim's verdict never depends on how many workers there are (its budget
        counts work, theorycheck.work), only the run's wall-clock time does."""
        claims = list(claims)
        if self.args.workers > 1 and sum(not c.options.get("split") for c in claims) > 1:
            yield from self._decide_in_workers(claims)
            return
        for c in claims:
            outcome = self._decide_one(c)
            if outcome is None:
                return
            yield outcome

    def _decide_one(self, c):
        import contextlib

        from .check import check, error_verdict
        from .distribute import using
        from .report import deterministic_search

        args, progress = self.args, self.progress
        start = time.monotonic()
        try:
            with deterministic_search() if self.deterministic else contextlib.nullcontext(), using(self.pieces):
                verdict = check(c, budget=args.budget, seed=args.seed, time_limit=args.time_limit,
                                progress=lambda msg, n=c.name: progress(n, msg))
            v = verdict.to_json()
        except ClaimEvaluationError as exc:
            v = verdict = error_verdict(c.name, exc, c.expect, time.monotonic() - start, c.module)
            self.input_error = True
        except Exception as exc:  # a bug of theorycheck on this claim: the others still run
            import traceback

            progress.done()
            print(f"theorycheck: internal error on claim {c.name!r} (please report it):", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
            err = RuntimeError(f"internal error of theorycheck: {type(exc).__name__}: {exc}")
            v = verdict = error_verdict(c.name, err, c.expect, time.monotonic() - start, c.module)
            self.input_error = True
        except KeyboardInterrupt:
            progress.done()
            self.interrupted = True
            return None
        progress.done()
        return c, verdict, v

    def _decide_in_workers(self, claims):
        from concurrent.futures import ProcessPoolExecutor

        from .check import claim_ref, error_verdict

        args, progress = self.args, self.progress
        pool = ProcessPoolExecutor(max_workers=args.workers)
        try:
            futures = []
            for c in claims:
                ref = claim_ref(c)
                # a split claim is decided here: its pieces go to the pool of pieces (a worker
                # of this pool cannot start processes of its own)
                futures.append(None if ref is None or c.options.get("split") else
                               pool.submit(_decide_in_worker, ref, args.budget, args.seed, self.deterministic,
                                           args.time_limit))
            for c, fut in zip(claims, futures):
                if fut is None:  # a split claim, or no reliable way for a worker to find it: decided here
                    outcome = self._decide_one(c)
                    if outcome is None:
                        return
                    yield outcome
                    continue
                progress(c.name, f"deciding in {args.workers} worker processes")
                try:
                    kind, payload, text = fut.result()
                except Exception as exc:  # the worker process died (BrokenProcessPool, ...)
                    kind, payload, text = "internal", f"{type(exc).__name__}: {exc}", ""
                progress.done()
                if kind == "ok":
                    yield c, payload, payload.to_json()
                    continue
                if kind == "internal":
                    print(f"theorycheck: internal error on claim {c.name!r} (please report it):\n{text}",
                          file=sys.stderr)
                    payload = RuntimeError(f"internal error of theorycheck: {payload}")
                else:
                    message, payload = payload, ClaimEvaluationError.__new__(ClaimEvaluationError)
                    RuntimeError.__init__(payload, message)
                self.input_error = True
                v = error_verdict(c.name, payload, c.expect, 0.0, c.module)
                yield c, v, v
        except KeyboardInterrupt:
            progress.done()
            self.interrupted = True
            return
        finally:
            pool.shutdown(wait=not self.interrupted, cancel_futures=True)


def _decide_in_worker(ref, budget, seed, deterministic, time_limit=None):
    """One claim decided in a worker process: ("ok", Verdict, None), ("input", exception, None)
    or ("internal", message, traceback text)."""
    import contextlib

    from .check import check, load_claim_ref
    from .report import deterministic_search

    try:
        c = load_claim_ref(ref)
        with deterministic_search() if deterministic else contextlib.nullcontext():
            return "ok", check(c, budget=budget, seed=seed, time_limit=time_limit), None
    except ClaimEvaluationError as exc:  # (its three-argument constructor does not unpickle)
        return "input", str(exc), None
    except Exception as exc:
        import traceback

        return "internal", f"{type(exc).__name__}: {exc}", traceback.format_exc()


def _files_of(targets, whole_only: bool = False) -> list:
    """The lemma files the targets name (a directory's files; ``PATH::NAME`` names its file unless
    ``whole_only``), resolved and sorted."""
    from pathlib import Path

    from .loader import claim_files

    files = set()
    for t in targets:
        path, _, name = t.partition("::")
        if name and whole_only:
            continue
        files |= {str(Path(p).resolve()) for p in (claim_files(path) if Path(path).is_dir() else [path])}
    return sorted(files)


def _note_lines(targets) -> list:
    """One line per index entry without a claim (note) in the files the targets name whole."""
    from .loader import load_notes

    lines = []
    for f in _files_of(targets, whole_only=True):
        for n in load_notes(f):
            why = n.why if len(n.why) <= 100 else n.why[:97] + "..."
            lines.append(f"-- {n.name}: {n.status} (no claim): {why}")
    return lines


def _human_line(v: dict) -> str:
    from .report import gap_text, undecided_part_text

    mark = "ok " if v.get("matches_expectation") else "!! "
    line = f"{mark}{v['claim']}: {v['verdict']}"
    if v.get("expected"):
        line += f" (expected {v['expected']})"
    if v.get("counterexample") is not None:
        pt = ", ".join(f"{k}={x}" for k, x in v["counterexample"].items()) or "(no variables: the single point)"
        line += f"\n     counterexample: {pt}"
        if v.get("undefined"):
            line += f"\n     the body is undefined there: {v['undefined']}"
        else:
            line += f"\n     lhs in {v['lhs']}, rhs in {v['rhs']}"
            # -- issue 15: the certified gap, in scientific notation (s20-reports) --
            gap = gap_text(v, plain=True)
            if gap:
                line += f"\n     {gap}"
    if v["verdict"] == "undecided":
        if v["evidence"].get("time_limit"):  # the outer wall-clock safety limit (theorycheck.work)
            line += "\n     undecided: " + v["evidence"]["time_limit"]
        for part in v["evidence"].get("parts", []):
            if part.get("verdict") == "undecided":
                line += "\n     " + undecided_part_text(part)
    if v["verdict"] == "error":
        line += f"\n     {v['evidence'].get('error')}"
    return line + f"   [{v['seconds']:.2f} s]"


def main(argv=None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    if args.command == "experiment":
        return _experiment_main(args)
    if args.command == "verify":
        if args.use_records:
            from .records import run_cli as run_with_records

            return run_with_records(args.certs, args.json)
        from .kernel import run_cli

        return run_cli(args.certs, args.json)
    if args.budget <= 0 or args.budget != args.budget:
        print("theorycheck: --budget must be a positive number of work units", file=sys.stderr)
        return 2
    if args.time_limit is not None and not args.time_limit > 0:
        print("theorycheck: --time-limit must be a positive number of seconds", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("theorycheck: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.command == "report":
        return _report_main(args)

    claims, problems = _load_claims(args.targets)
    if claims is None:
        if args.json and problems:
            print(json.dumps([_problem_verdict(pr) for pr in problems], indent=2))
        return 2
    run = _Run(args)
    if not run.connect():
        return 2
    results = [_problem_verdict(pr) for pr in problems] if args.json else []
    try:
        for c, verdict, v in run.decide(claims):
            if args.certificates and not isinstance(verdict, dict):
                from .certificates import write

                written = write(c, verdict, args.certificates)
                if written is not None:
                    v["certificate"] = str(written)
            results.append(v)
            if not args.json:
                print(_human_line(v), flush=True)
    finally:
        run.close()
    interrupted, input_error = run.interrupted, run.input_error
    if args.json:
        print(json.dumps(results, indent=2))
    elif not interrupted:
        for line in _note_lines(args.targets):
            print(line)
    if interrupted:
        print("theorycheck: interrupted; results above are for the claims finished", file=sys.stderr)
        return 130
    if input_error or problems:
        return 2
    return 0 if all(v.get("matches_expectation") for v in results) else 1


def _report_main(args) -> int:
    """``theorycheck report``: check each claim, write its report, prune reports of claims that
    no longer exist, rebuild the index. Exit statuses as for ``check``."""
    from pathlib import Path

    from .report import prune, relpath, write_index, write_report

    root = Path(args.root)
    targets = args.targets or [str(root / "lemmas")]
    if not args.targets and not Path(targets[0]).is_dir():
        print(f"theorycheck: no lemmas/ directory in {root.resolve()}; run from the project root or name "
              "the lemma files", file=sys.stderr)
        return 2
    out = Path(args.out)
    out = out if out.is_absolute() else root / out
    claims, problems = _load_claims(targets)
    if claims is None:
        return 2
    whole_files = {relpath(f, root) for f in _files_of(targets, whole_only=True)}

    run = _Run(args, deterministic=True)
    if not run.connect():
        return 2
    results, keep = [], set()
    for pr in problems:  # a claim that cannot be loaded now keeps its last report until fixed
        keep.add((relpath(pr.path, root), pr.name))
    try:
        for c, verdict, v in run.decide(claims):
            if isinstance(verdict, dict):  # an error verdict: its report records the settings
                verdict.update(seed=args.seed, budget=args.budget)
            md = write_report(c, verdict, reports_dir=out, root=root)
            keep.add((relpath(c.options.get("path"), root), c.name))
            results.append(v)
            print(_human_line(v) + f"\n     report: {relpath(md, Path.cwd())}", flush=True)
    finally:
        run.close()
    interrupted, input_error = run.interrupted, run.input_error
    if interrupted:
        print("theorycheck: interrupted; reports above are written, the index is not updated", file=sys.stderr)
        return 130
    from .loader import load_file, load_notes
    from .report import write_note_report

    for f in _files_of(targets):
        n_claims = len(load_file(f))
        for order, n in enumerate(load_notes(f), n_claims + 1):
            write_note_report(n, reports_dir=out, root=root, order=order)
            keep.add((relpath(f, root), n.name))
    for gone in prune(out, root, keep, whole_files):
        print(f"removed the stale report {relpath(gone.with_suffix('.md'), Path.cwd())}")
    index = write_index(out, root)
    print(f"index: {relpath(index, Path.cwd())}")
    if input_error or problems:
        return 2
    return 0 if all(v.get("matches_expectation") for v in results) else 1


def _experiment_main(args) -> int:
    """``theorycheck experiment NAME``: run it with a progress bar on stderr; 130 on Ctrl-C."""
    from .experiments import NAMES, MatplotlibMissing, run_experiment

    if args.name not in NAMES:
        print(f"theorycheck: unknown experiment {args.name!r}; known: {', '.join(NAMES)}", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("theorycheck: --workers must be at least 1", file=sys.stderr)
        return 2
    bar = _Progress(enabled=not args.quiet and os.environ.get("THEORYCHECK_PROGRESS", "1") != "0")
    start = time.monotonic()
    last = [0.0]

    def cb(done, total, label):
        now = time.monotonic()
        if bar.tty or done >= total or now - last[0] > 5:
            last[0] = now
            frac = done / total if total else 0.0
            n = int(30 * frac)
            bar(label, f"[{'#' * n}{'.' * (30 - n)}] {100 * frac:5.1f}%  {now - start:6.1f} s")

    try:
        res = run_experiment(args.name, out=args.out, quick=args.quick, seed=args.seed, workers=args.workers,
                             progress_callback=cb)
    except KeyboardInterrupt:
        bar.done()
        print(f"theorycheck: interrupted; {args.name} wrote nothing complete", file=sys.stderr)
        return 130
    except MatplotlibMissing as exc:  # raised before any computation
        bar.done()
        print(f"theorycheck: {exc}", file=sys.stderr)
        return 2
    bar.done()
    print(f"{res.name}: {res.summary}   [{res.seconds:.1f} s]")
    for p in (res.md, res.csv, res.png):
        print(f"     {p}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
