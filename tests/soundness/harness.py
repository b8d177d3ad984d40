"""The soundness suite's harness: load the claim files, decide each claim in a forked process
with a hard time limit, and judge the verdict against the truth settled in the claim file.

A verdict is *wrong* when it is ``proved`` for a false claim, ``refuted`` for a true one, a
refutation whose counterexample lies outside the exact box or does not violate the claim per the
file's independent mpmath oracle, an exception escaping ``check``, or a run that ignores its
budget (over ``hard_limit(budget)`` seconds of wall clock). ``undecided`` is *undecided*: a
failure unless the claim is in the file's ``ALLOWED_UNDECIDED``.

Claim files (``claims_*.py``) define, beside their claims:

* ``KIND``: a short label (issue 12's kind, or an invented one);
* ``ORACLES = {name: fn}``: for every false claim, its margin as a pure-mpmath function of the
  claim's variables (see ``_oracle.py``); ``name`` is the claim's name or, for claims sharing a
  name (made by a factory), the module variable that holds it;
* ``WITNESSES = {name: {var: exact string}}``: for every false claim, a point inside the box
  where the oracle says the claim fails -- the independent evidence that the claim is false;
* ``ALLOWED_UNDECIDED = {name: reason}``.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
import traceback
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUDGET = 3.0
SEED = 0


def hard_limit(budget: float) -> float:
    """Wall clock a run may take: the budget counts work units, and check's own wall-clock
    safety limit (theorycheck.work.time_limit_for) ends any run that takes longer (undecided:
    time limit); plus start-up slack. A run past this limit ignored its budget."""
    from theorycheck import work

    return work.time_limit_for(budget) + 10


def claim_files() -> list:
    return sorted(HERE.glob("claims_*.py"))


def load(path):
    """(claims, module) of a claim file; raises theorycheck.loader.LoadError."""
    from theorycheck.loader import load_file

    claims = load_file(path)
    module = sys.modules[claims[0].module] if claims else None
    return claims, module


class Entry:
    """One claim of the suite with what the file says about it."""

    def __init__(self, claim, module, path):
        self.claim = claim
        self.module = module
        self.path = Path(path)
        names = [k for k, v in vars(module).items() if v is claim]
        self.keys = names + [claim.name]
        self.kind = getattr(module, "KIND", self.path.stem)
        self.oracle = self._lookup("ORACLES")
        self.witness = self._lookup("WITNESSES")
        self.allowed = self._lookup("ALLOWED_UNDECIDED")
        # a file may raise the budget (claims_cache.py: a rigorous f-divergence takes ~2.5 s)
        self.budget = float(getattr(module, "BUDGET", BUDGET))

    def _lookup(self, table):
        d = getattr(self.module, table, {})
        for k in self.keys:
            if k in d:
                return d[k]
        return None

    @property
    def truth(self):
        return {"proved": "true", "refuted": "false"}[self.claim.expect]

    @property
    def id(self):
        return f"{self.path.stem.removeprefix('claims_')}::{self.keys[0]}"


def entries(files=None) -> list:
    out = []
    for f in files or claim_files():
        claims, module = load(f)
        out.extend(Entry(c, module, f) for c in claims)
    return out


# -- running ---------------------------------------------------------------------------------------


def _child(conn, claims, budget, seed):
    try:
        from theorycheck.check import check

        results = []
        for c in claims:
            t0 = time.monotonic()
            try:
                v = check(c, budget=budget, seed=seed)
                out = v.to_json()
                out["certificate_check"] = _certificate_check(c, v)
                results.append(("ok", out, time.monotonic() - t0))
            except BaseException:  # noqa: BLE001 -- an escaping exception is itself a finding
                results.append(("exception", traceback.format_exc(limit=8), time.monotonic() - t0))
            conn.send(results[-1])
    finally:
        conn.close()
        os._exit(0)


def _certificate_check(claim, verdict):
    """The decided verdict's certificate, written to a scratch directory and checked by the
    kernel: None when no certificate is written (undecided, or a claim without a file)."""
    import tempfile

    from theorycheck.certificates import write
    from theorycheck.kernel import verify_certificate

    if verdict.verdict not in ("proved", "refuted"):
        return None
    with tempfile.TemporaryDirectory() as d:
        path = write(claim, verdict, d)
        if path is None:
            return None
        r = verify_certificate(path)
        return {"valid": r.valid, "message": r.message, "boxes": r.leaves}


def run_forked(claims, budget=BUDGET, seed=SEED, limit=None):
    """Decide ``claims`` one after the other in ONE forked process (so in-process caches carry
    over from one to the next, as in a user's run), each with a hard time limit. Returns one
    (status, payload, seconds) per claim: status ``ok`` (payload: the verdict's JSON),
    ``exception`` (payload: the traceback), ``timeout`` or ``crash``."""
    limit = hard_limit(budget) if limit is None else limit
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(child, list(claims), budget, seed))
    p.start()
    child.close()
    out = []
    for _ in claims:
        t0 = time.monotonic()
        if parent.poll(limit):
            try:
                out.append(parent.recv())
                continue
            except EOFError:
                out.append(("crash", f"the process died (exit code {p.exitcode})", time.monotonic() - t0))
                break
        else:
            out.append(("timeout", f"no verdict within {limit:.0f} s at budget {budget} work units", time.monotonic() - t0))
            break
    if p.is_alive():
        p.kill()
    p.join()
    while len(out) < len(claims):
        out.append(("timeout", "not run: an earlier claim of the same process did not finish", 0.0))
    return out


# -- judging ---------------------------------------------------------------------------------------


def oracle_margin(entry, point: dict):
    """The oracle's margin at an exact point (strings); None where the body is undefined."""
    import mpmath

    digits = max([len(str(s)) for s in point.values()] + [0])
    with mpmath.workdps(max(80, 2 * digits + 40)):
        args = {k: mpmath.mpf(Fraction(s).numerator) / Fraction(s).denominator for k, s in point.items()}
        try:
            return entry.oracle(**args)
        except (ArithmeticError, ValueError):
            return None


def violates(entry, point: dict) -> tuple:
    """(True/False, explanation): does the exact point violate the claim, per its oracle?"""
    m = oracle_margin(entry, point)
    if m is None:
        return True, "the body is undefined there (a counterexample by issue 12's semantics)"
    if m < 0:
        return True, f"oracle margin {mpmath_str(m)} < 0"
    return False, f"oracle margin {mpmath_str(m)} >= 0: the claim HOLDS at the reported point"


def mpmath_str(m):
    import mpmath

    return mpmath.nstr(m, 8)


def in_box(entry, point) -> tuple:
    names = {v.name for v in entry.claim.variables}
    if point is None:
        return (not names), "no counterexample given"
    if set(point) != names:
        return False, f"the counterexample names {sorted(point)}, the claim's variables are {sorted(names)}"
    for v in entry.claim.variables:
        try:
            x = Fraction(str(point[v.name]))
        except (ValueError, ZeroDivisionError):
            return False, f"{v.name}={point[v.name]!r} is not an exact number"
        if not (v.lo <= x <= v.hi):
            return False, f"{v.name}={point[v.name]} lies outside [{v.lo}, {v.hi}]"
    return True, "inside the box"


def _exception_line(tb: str) -> str:
    """The 'Type: message' line of a formatted traceback (messages may span several lines)."""
    import re

    lines = tb.strip().splitlines()
    for i in range(len(lines) - 1, -1, -1):
        if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Warning)\b", lines[i]) or \
                re.match(r"^[A-Za-z_][\w.]*: ", lines[i]):
            return " ".join(x.strip() for x in lines[i:])[:600]
    return lines[-1] if lines else tb


def judge(entry, result) -> tuple:
    """(outcome, message): outcome is 'right', 'wrong', 'undecided' (a failure) or 'allowed'
    (undecided and listed in ALLOWED_UNDECIDED)."""
    status, payload, secs = result
    if status == "exception":
        return "wrong", f"exception escaped: {_exception_line(payload)}"
    if status != "ok":
        return "wrong", f"{status}: {payload}"
    v = payload
    verdict = v["verdict"]
    if verdict == "undecided":
        if entry.allowed:
            return "allowed", f"undecided (allowed: {entry.allowed})"
        return "undecided", "undecided, and not in ALLOWED_UNDECIDED"
    if verdict not in ("proved", "refuted"):
        return "wrong", f"verdict {verdict!r}: {v.get('evidence')}"
    cc = v.get("certificate_check")
    if cc is not None and not cc["valid"]:
        # the kernel rejects what the prover did: a prover bug, or a kernel too strict; either
        # way the verdict is not backed by a checked certificate
        return "wrong", f"{verdict}, but the kernel rejects its certificate: {cc['message']}"
    for k, step in enumerate(v.get("steps") or []):
        if step.get("verdict") == "refuted":
            ok, why = in_box(entry, step.get("counterexample"))
            if not ok:
                return "wrong", f"step {k + 1}'s counterexample: {why}"
    if verdict == "proved":
        if entry.truth == "false":
            return "wrong", "PROVED, but the claim is false (witness: %s)" % (entry.witness,)
        return "right", "proved"
    if entry.truth == "true":
        return "wrong", f"REFUTED, but the claim is true; counterexample {v.get('counterexample')}"
    point = v.get("counterexample") or {}
    ok, why = in_box(entry, point if entry.claim.variables else {})
    if not ok:
        return "wrong", f"counterexample {point}: {why}"
    bad, why = violates(entry, point)
    if not bad:
        return "wrong", f"counterexample {point}: {why}"
    return "right", f"refuted at {point} ({why})"


# -- file-level cases: the CLI on whole files, caches across claims and files --------------------

FILES = HERE / "files"
ROOT = HERE.parents[1]


def cli_json(*args, timeout):
    """Run ``python3 -m theorycheck.cli check ... --json`` on this worktree's package."""
    import json
    import subprocess

    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               THEORYCHECK_PROGRESS="0")
    try:
        p = subprocess.run([sys.executable, "-m", "theorycheck.cli", *args], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, f"the command took over {timeout:.0f} s"
    try:
        data = json.loads(p.stdout)
    except ValueError:
        data = None
    return p.returncode, data, p.stderr[-3000:]


def _judge_cli(path, data, entries_):
    if not isinstance(data, list):
        return [("(file)", "wrong", "no JSON array on stdout (a crash?)")]
    out = []
    if len(data) != len(entries_):
        out.append(("(file)", "wrong", f"{len(data)} verdicts for {len(entries_)} claims"))
    for e, v in zip(entries_, data):
        if v.get("claim") != e.claim.name:
            out.append((e.keys[0], "wrong", f"verdict for {v.get('claim')!r} in the place of {e.claim.name!r}"))
            continue
        outcome, msg = judge(e, ("ok", v, v.get("seconds", 0)))
        out.append((e.keys[0], outcome, msg))
    return out


def case_cli_file(path, workers=1, budget=BUDGET):
    """The CLI on a whole file: one verdict per claim, each right, in definition order."""
    claims, module = load(path)
    es = [Entry(c, module, path) for c in claims]
    rc, data, err = cli_json("check", str(path), "--json", "--budget", str(budget), "--seed", str(SEED),
                             "--workers", str(workers), timeout=len(es) * hard_limit(budget) + 30)
    res = _judge_cli(path, data, es)
    if rc is None:
        res.append(("(file)", "wrong", err))
    return res


def case_one_process(paths, budget=BUDGET):
    """Every claim of ``paths``, in order, decided in ONE process (caches carry over)."""
    es = []
    for p in paths:
        claims, module = load(p)
        es.extend(Entry(c, module, p) for c in claims)
    budget = max([budget] + [e.budget for e in es])
    results = run_forked([e.claim for e in es], budget=budget)
    return [(f"{e.path.stem}::{e.keys[0]}",) + judge(e, r) for e, r in zip(es, results)]


def case_twin_reports(path, out_dir, budget=BUDGET):
    """``theorycheck report`` on the factory file: one page per claim, none overwritten."""
    import json

    claims, module = load(path)
    es = [Entry(c, module, path) for c in claims]
    rc, _, err = cli_json("report", str(path), "--out", str(out_dir), "--budget", str(budget),
                          timeout=len(es) * hard_limit(budget) + 60)
    pages = [p for p in Path(out_dir).rglob("*.json")]
    verdicts = []
    for p in pages:
        try:
            d = json.loads(p.read_text())
        except ValueError:
            continue
        if isinstance(d, dict) and "verdict" in d:
            verdicts.append(d["verdict"])
    want = sorted(e.claim.expect for e in es)
    if sorted(verdicts) != want:
        return [("(reports)", "wrong", f"report pages' verdicts {sorted(verdicts)}, want one page per claim "
                                       f"with {want} (exit {rc}; {err[-300:]})")]
    return [("(reports)", "right", f"{len(verdicts)} pages")]


def file_cases():
    """(label, thunk) for each file-level case; a thunk returns [(item, outcome, message)]."""
    import tempfile

    def reports():
        with tempfile.TemporaryDirectory() as d:
            return case_twin_reports(FILES / "factory_twins.py", d, budget=2 * BUDGET)

    return [
        ("crash_cases via CLI", lambda: case_cli_file(FILES / "crash_cases.py")),
        # the spike twins need branch and bound: a little more budget, so that two workers on a
        # busy machine still finish
        ("factory_twins via CLI", lambda: case_cli_file(FILES / "factory_twins.py", budget=2 * BUDGET)),
        ("factory_twins via CLI --workers 2",
         lambda: case_cli_file(FILES / "factory_twins.py", workers=2, budget=2 * BUDGET)),
        ("factory_twins report pages", reports),
        ("cache: claims_cache.py in one process", lambda: case_one_process([HERE / "claims_cache.py"])),
        ("cache: cache_a.py then cache_b.py in one process",
         lambda: case_one_process([FILES / "cache_a.py", FILES / "cache_b.py"])),
        ("cache: cache_b.py then cache_a.py in one process",
         lambda: case_one_process([FILES / "cache_b.py", FILES / "cache_a.py"])),
        ("cache: both files via one CLI run",
         lambda: _judge_cli_pair()),
    ]


def _judge_cli_pair(budget=2 * BUDGET):
    es = []
    for p in (FILES / "cache_a.py", FILES / "cache_b.py"):
        claims, module = load(p)
        es.extend(Entry(c, module, p) for c in claims)
    rc, data, err = cli_json("check", str(FILES / "cache_a.py"), str(FILES / "cache_b.py"), "--json",
                             "--budget", str(budget), "--seed", str(SEED),
                             timeout=len(es) * hard_limit(budget) + 30)
    res = _judge_cli(None, data, es)
    if rc is None:
        res.append(("(file)", "wrong", err))
    return res
