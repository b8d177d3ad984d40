"""pytest plugin: every ``@claim`` in ``lemmas/**/*.py`` is a test.

Registered through the ``pytest11`` entry point ``theorycheck``, so ``pytest lemmas/`` works in
any checkout where the package is installed (``-p no:theorycheck`` turns it off).

What is collected
    A ``.py`` file below a directory named ``lemmas`` (relative to the rootdir) that mentions
    ``theorycheck``, and any file named explicitly on the command line that mentions both
    ``theorycheck`` and ``claim`` (``pytest my_lemmas.py``). Files that match ``python_files``
    (``test_*.py`` ...) are ordinary test modules and are left to pytest, as are ``conftest.py``
    and ``__init__.py``; nothing is collected twice. Each claim of the file is one item, named
    after the claim (``lemmas/li2018_lemma_b2.py::tv_of_unit_normals_at_most_half_the_mean_gap``).

Outcomes
    =================  ===================  ====================  ======================
    verdict            no ``expect``        ``expect="proved"``   ``expect="refuted"``
    =================  ===================  ====================  ======================
    proved             pass                 pass                  FAIL: refutation gone
    refuted            FAIL: counterexample FAIL: counterexample  pass
    undecided          UNDECIDED (a skip);  FAIL: proof not       FAIL: refutation not
                       FAIL with            reached               found
                       ``--strict-proofs``
    error (body)       FAIL                 FAIL                  FAIL
    =================  ===================  ====================  ======================

    An undecided claim is reported in its own category: ``u`` in the progress line,
    ``UNDECIDED`` with ``-v``, ``N undecided`` in the final count, and one line per claim (boxes
    and volume left, the report's path) in the short summary. Under pytest it is a skip, so
    junit XML and other tools see it as skipped, never as passed.

A failure shows the certified counterexample, both sides' enclosures, the gap, the report's
path and the command that reproduces the verdict.

Options (command line, or the ini key of the same name in ``[tool.pytest.ini_options]``)
    ``--theorycheck-budget UNITS`` / ``theorycheck_budget``  work units per claim (20; one unit is
        roughly a second of a typical claim, but a count: the verdict does not depend on the
        machine's load; 30 s per unit is an outer safety limit, "undecided: time limit")
    ``--theorycheck-time-limit SECONDS``  the outer safety limit per claim (30 s per unit)
    ``--theorycheck-seed N`` / ``theorycheck_seed``  search seed (0)
    ``--thorough`` / ``theorycheck_thorough``  use ``theorycheck_thorough_budget`` (300) per claim
    ``--strict-proofs`` / ``theorycheck_strict_proofs``  an undecided claim fails
    ``--no-reports`` / ``theorycheck_no_reports``  write no reports
    ``--theorycheck-reports DIR`` / ``theorycheck_reports``  where reports go (``reports``,
    relative to the rootdir, or to its parent when the rootdir is ``lemmas/`` itself)
    ``--reverify`` / ``theorycheck_reverify`` (or ``THEORYCHECK_REVERIFY=1``)  re-check every
        committed certificate with the kernel, ignoring the verification records of earlier runs
        (:mod:`theorycheck.records`, in ``.theorycheck/records/``); without it, a certificate whose
        record matches every input of its verification (its bytes, the claim's hash, the lemma file,
        the kernel's sources, the libraries' versions) is not re-checked, and the run says so
    ``theorycheck_progress``: ``auto`` (a status line on a terminal while a claim runs longer
    than a second), ``lines`` (a line every few seconds, also without a terminal) or ``off``.

Reports: each claim's report is written by the process that ran it, atomically (see
:mod:`theorycheck.report`), so pytest-xdist workers never write the same file; the index
``reports/README.md`` is rebuilt once at the end of the session, by the controlling process only.
"""

from __future__ import annotations

import fnmatch
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SETTINGS_KEY = pytest.StashKey["Settings"]()
PROGRESS_DELAY = 1.0  # seconds a claim runs before progress shows


@dataclass
class Settings:
    budget: float
    seed: int
    time_limit: float | None
    thorough: bool
    strict_proofs: bool
    reports: bool
    reports_dir: Path
    root: Path
    progress: str
    reported: int = 0
    index: str = ""
    certificates_dir: Path | None = None
    reprove: bool = False
    reverify: bool = False
    verified_now: int = 0  # committed certificates the kernel verified in this session
    verified_earlier: int = 0  # ... taken from a verification record (theorycheck.records), not re-checked
    pieces: object = None  # theorycheck.distribute's executor for split claims (None: in process)


class ClaimFailure(AssertionError):
    """A lemma's verdict is not the one its test accepts; the message says why."""


# -- options ------------------------------------------------------------------------------------


def pytest_addoption(parser):
    g = parser.getgroup("theorycheck", "theorycheck: lemmas (@claim) as tests")
    g.addoption("--theorycheck-time-limit", type=float, default=None, metavar="SECONDS",
                help="outer wall-clock safety limit per claim (default 30 s per work unit, 60 s at "
                     "least); reaching it gives undecided: time limit")
    g.addoption("--theorycheck-budget", type=float, default=None, metavar="UNITS",
                help="work units per claim, about a second each of a typical claim but counted, not "
                     "timed (ini theorycheck_budget, default 20)")
    g.addoption("--theorycheck-seed", type=int, default=None, metavar="N",
                help="search seed (ini theorycheck_seed, default 0)")
    g.addoption("--thorough", action="store_true", default=None,
                help="larger budgets: theorycheck_thorough_budget work units per claim (default 300)")
    g.addoption("--strict-proofs", action="store_true", default=None,
                help="an undecided claim fails instead of being reported as undecided (a skip)")
    g.addoption("--no-reports", action="store_true", default=None, help="do not write reports/")
    g.addoption("--theorycheck-reports", default=None, metavar="DIR",
                help="directory of the reports (ini theorycheck_reports, default 'reports' in the rootdir)")
    g.addoption("--reprove", action="store_true", default=None,
                help="prove every claim afresh, even where its committed certificate matches it")
    g.addoption("--reverify", action="store_true", default=None,
                help="re-check every committed certificate with the kernel, ignoring the verification records "
                     "in .theorycheck/records/ (also THEORYCHECK_REVERIFY=1); the records are refreshed")
    g.addoption("--theorycheck-certificates", default=None, metavar="DIR",
                help="directory of the certificates (ini theorycheck_certificates, default 'lemmas/certificates' "
                     "in the rootdir)")
    g.addoption("--theorycheck-workers", type=int, default=None, metavar="N",
                help="run the pieces of split claims (@claim(..., split=k)) in N processes; the verdicts "
                     "and certificates do not depend on it")
    g.addoption("--theorycheck-cluster", default=None, metavar="ADDRESS",
                help="run the pieces of split claims on the Dask cluster at ADDRESS (pip install "
                     "'theorycheck[cluster]')")
    parser.addini("theorycheck_reprove", "prove afresh, ignoring committed certificates", type="bool", default=False)
    parser.addini("theorycheck_reverify", "re-check committed certificates, ignoring verification records",
                  type="bool", default=False)
    parser.addini("theorycheck_certificates", "directory of the certificates, relative to the rootdir",
                  default="lemmas/certificates")
    parser.addini("theorycheck_budget", "work units per claim", default="20")
    parser.addini("theorycheck_thorough_budget", "work units per claim with --thorough", default="300")
    parser.addini("theorycheck_seed", "search seed", default="0")
    parser.addini("theorycheck_thorough", "always run with larger budgets", type="bool", default=False)
    parser.addini("theorycheck_strict_proofs", "undecided claims fail", type="bool", default=False)
    parser.addini("theorycheck_no_reports", "write no reports", type="bool", default=False)
    parser.addini("theorycheck_reports", "directory of the reports, relative to the rootdir", default="reports")
    parser.addini("theorycheck_progress", "auto | lines | off", default="auto")


def _flag(config, option, ini) -> bool:
    v = config.getoption(option)
    return bool(v) if v is not None else bool(config.getini(ini))


def pytest_configure(config):
    config.addinivalue_line("markers", "theorycheck: a lemma (@claim) collected by theorycheck")
    thorough = _flag(config, "thorough", "theorycheck_thorough")
    try:
        if config.getoption("theorycheck_budget") is not None:
            budget = float(config.getoption("theorycheck_budget"))
        elif thorough:
            budget = float(config.getini("theorycheck_thorough_budget"))
        else:
            budget = float(config.getini("theorycheck_budget"))
        seed = config.getoption("theorycheck_seed")
        seed = int(seed if seed is not None else config.getini("theorycheck_seed"))
    except ValueError as exc:
        raise pytest.UsageError(f"theorycheck: bad budget or seed: {exc}") from None
    if not budget > 0:
        raise pytest.UsageError("theorycheck: the budget must be a positive number of work units")
    progress = str(config.getini("theorycheck_progress")).strip().lower()
    if progress not in ("auto", "lines", "off"):
        raise pytest.UsageError(f"theorycheck_progress must be auto, lines or off, not {progress!r}")
    root = Path(config.rootpath)
    if root.name == "lemmas":  # `pytest lemmas/` in a project without an ini file
        root = root.parent
    reports_dir = Path(config.getoption("theorycheck_reports") or config.getini("theorycheck_reports"))
    certs_dir = Path(config.getoption("theorycheck_certificates") or config.getini("theorycheck_certificates"))
    time_limit = config.getoption("theorycheck_time_limit")
    if time_limit is not None and not time_limit > 0:
        raise pytest.UsageError("theorycheck: the time limit must be a positive number of seconds")
    workers = config.getoption("theorycheck_workers")
    if workers is not None and workers < 1:
        raise pytest.UsageError("theorycheck: --theorycheck-workers must be at least 1")
    from .distribute import executor_for
    from .records import reverify_from_env

    pieces = executor_for(workers or 1, config.getoption("theorycheck_cluster"))
    config.stash[SETTINGS_KEY] = Settings(
        budget=budget,
        seed=seed,
        time_limit=time_limit,
        thorough=thorough,
        strict_proofs=_flag(config, "strict_proofs", "theorycheck_strict_proofs"),
        reports=not _flag(config, "no_reports", "theorycheck_no_reports"),
        reports_dir=reports_dir if reports_dir.is_absolute() else root / reports_dir,
        root=root,
        progress=progress,
        certificates_dir=certs_dir if certs_dir.is_absolute() else root / certs_dir,
        reprove=_flag(config, "reprove", "theorycheck_reprove"),
        reverify=_flag(config, "reverify", "theorycheck_reverify") or reverify_from_env(),
        pieces=pieces,
    )
    config.pluginmanager.register(_Counter(config.stash[SETTINGS_KEY]), "theorycheck-counter")


def _settings(config) -> Settings:
    return config.stash[SETTINGS_KEY]


# -- collection -------------------------------------------------------------------------------


def _is_test_module(path: Path, config) -> bool:
    return any(fnmatch.fnmatch(path.name, pat) for pat in config.getini("python_files"))


def _under_lemmas(path: Path, root: Path) -> bool:
    """Is a directory named ``lemmas`` between the rootdir (itself included: ``pytest lemmas/``
    without an ini file makes ``lemmas/`` the rootdir) and the file?"""
    root = root.resolve()
    try:
        parts = path.resolve().relative_to(root.parent).parts[:-1]
    except ValueError:
        parts = path.resolve().parts[:-1]
    return "lemmas" in parts


def _mentions(path: Path, *words) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return all(w in text for w in words)


def _is_lemma_file(file_path: Path, parent) -> bool:
    if file_path.suffix != ".py" or file_path.name in ("__init__.py", "conftest.py"):
        return False
    config = parent.config
    if _is_test_module(file_path, config):
        return False
    if _under_lemmas(file_path, Path(config.rootpath)):
        return _mentions(file_path, "theorycheck")
    return parent.session.isinitpath(file_path) and _mentions(file_path, "theorycheck", "claim")


def pytest_collect_file(file_path: Path, parent):
    return LemmaFile.from_parent(parent, path=file_path) if _is_lemma_file(file_path, parent) else None


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makemodule(module_path: Path, parent):
    """A lemma file named on the command line would also be imported by pytest's own Python
    collector (it takes every file named explicitly); that import bypasses the loader, so one
    malformed claim would make the whole file an error. Lemma files are theorycheck's alone."""
    if _is_lemma_file(Path(module_path), parent):
        return _NotATestModule.from_parent(parent, path=Path(module_path))
    return None


class _NotATestModule(pytest.File):
    """Stands in for pytest's Module of a lemma file: no tests of its own (see LemmaFile)."""

    def collect(self):
        return []


class LemmaFile(pytest.File):
    """A lemma file: one item per claim, in definition order."""

    def collect(self):
        from .claims import ClaimDefinitionError
        from .loader import LoadError, load_file, load_notes, load_problems

        try:
            claims = load_file(self.path)
            notes = load_notes(self.path)
            problems = load_problems(self.path)
        except (LoadError, ClaimDefinitionError) as exc:
            raise self.CollectError(f"theorycheck could not load the lemma file: {exc}") from None
        for order, c in enumerate(claims, 1):
            yield ClaimItem.from_parent(self, name=c.name, claim=c, order=order)
        for order, n in enumerate(notes, len(claims) + 1):
            yield NoteItem.from_parent(self, name=n.name, note=n, order=order)
        # a claim that cannot be checked is an error of its own item; the others still run
        taken = {c.name for c in claims} | {n.name for n in notes}
        for pr in problems:
            name = pr.name if pr.name not in taken else f"{pr.name}[line {pr.line}]"
            taken.add(name)
            yield ProblemItem.from_parent(self, name=name, problem=pr)


# -- items ------------------------------------------------------------------------------------


class ClaimItem(pytest.Item):
    """One claim, decided by :func:`theorycheck.check.check` when the item runs."""

    def __init__(self, *, claim, order=0, **kwargs):
        super().__init__(**kwargs)
        self.claim = claim
        self.order = order
        self.verdict = None
        self.report_path = None
        self.add_marker(pytest.mark.theorycheck)

    def reportinfo(self):
        func = self.claim.func
        code = getattr(getattr(func, "__wrapped__", func), "__code__", None)  # the source's own def
        line = code.co_firstlineno - 1 if code is not None else 0
        return self.path, line, f"claim {self.claim.name}"

    def _reused(self, st: Settings):
        """The committed verdict, when the claim's committed certificate matches the claim (its
        hash) and the kernel verifies it, and the committed report agrees with it: then nothing
        is proved again and nothing is written. None when the claim must be proved afresh. A
        matching certificate that the kernel rejects is a failure, never silently replaced.
        The kernel's acceptance may come from a verification record of exactly these inputs
        (:mod:`theorycheck.records`; not with ``--reverify``): then the certificate is not
        re-checked now, and the item's properties, its verdict's evidence, its verbose status and
        the terminal summary say so ("verified earlier: record KEY")."""
        import json

        from .certificates import certificate_path
        from .kernel import claim_hash
        from .records import verify
        from .report import relpath, report_paths

        path = certificate_path(st.certificates_dir, self.claim)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            committed_hash = doc["claim"]["hash"]
            names_file = (path.parent / doc["claim"]["file"]).resolve()
            own_file = Path(self.claim.options.get("path") or "").resolve()
        except (OSError, ValueError, KeyError, TypeError, RuntimeError):
            return None
        if names_file != own_file or doc["claim"].get("name") != self.claim.name:
            # the certificate is another file's (lemma files of one name in two directories share
            # DIR/<stem>/): the kernel would check that file's claim, whose hash may be this one's
            # while data its hash does not see differ (a false claim was reported proved)
            return None
        if committed_hash != claim_hash(self.claim):
            return None  # the claim or a helper changed: prove it afresh
        checked = verify(path, use_records=not st.reverify)
        result = checked.result
        if not result.valid:
            raise ClaimFailure(f"{self.claim.name}: its committed certificate {relpath(path, st.root)} does not "
                               f"verify: {result.message}\n  (run with --reprove to prove the claim afresh)")
        verification = {"how": "record" if checked.reused else "kernel", "record": checked.key,
                        "recorded": checked.recorded, "trust": result.trust, "kernel_message": result.message,
                        "text": checked.how}
        props = [("theorycheck_verification", checked.how), ("theorycheck_trust", result.trust)]
        props += [("theorycheck_record", checked.key)] if checked.reused else []
        if not st.reports:  # no report to read the evidence from: the certificate's verdict
            cx = doc.get("counterexample") or {}
            self.user_properties.extend(props)
            return {"claim": self.claim.name, "verdict": result.verdict, "expected": self.claim.expect,
                    "counterexample": cx.get("point"), "undefined": None, "lhs": None, "rhs": None, "gap": None,
                    "evidence": {"certificate": relpath(path, st.root), "trust": result.trust,
                                 "verification": verification}}
        report = report_paths(self.claim, st.reports_dir)
        try:
            vj = json.loads(report["json"].read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if vj.get("verdict") != result.verdict:
            return None
        self.report_path = relpath(report["md"], st.root)
        self.user_properties.append(("theorycheck_certificate", relpath(path, st.root)))
        self.user_properties.extend(props)
        if isinstance(vj.get("evidence"), dict):  # in memory only: the committed report is not rewritten
            vj["evidence"]["verification"] = verification
        return vj

    def runtest(self):
        from .check import check, error_verdict
        from .claims import ClaimEvaluationError
        from .report import deterministic_search

        st = _settings(self.config)
        if not st.reprove:
            reused = self._reused(st)
            if reused is not None:
                self.verdict = reused
                self.user_properties.append(("theorycheck_verdict", reused["verdict"]))
                self._decide(reused, st)
                return
        progress = _Progress(self, st)
        start = time.monotonic()
        try:
            try:
                from .distribute import using

                with deterministic_search(), using(st.pieces):
                    v = check(self.claim, budget=st.budget, seed=st.seed, time_limit=st.time_limit,
                              progress=progress)
                vj = v.to_json()
            except ClaimEvaluationError as exc:
                v = None
                vj = error_verdict(self.claim.name, exc, self.claim.expect, time.monotonic() - start,
                                   self.claim.options.get("path"))
                vj.update(seed=st.seed, budget=st.budget)
        finally:
            progress.clear()
        self.verdict = vj
        self.user_properties.append(("theorycheck_verdict", vj["verdict"]))
        from .certificates import write

        certificate = write(self.claim, v, st.certificates_dir) if v is not None else None
        if st.reports:
            from .report import relpath, write_report

            md = write_report(self.claim, v if v is not None else vj, reports_dir=st.reports_dir,
                              root=st.root, order=self.order, certificate=certificate)
            self.report_path = relpath(md, st.root)
            self.user_properties.append(("theorycheck_report", self.report_path))
        self._decide(vj, st)

    # the outcome table of the module docstring
    def _decide(self, v: dict, st: Settings):
        verdict, expect = v["verdict"], self.claim.expect
        name = self.claim.name
        if verdict == "error":
            raise ClaimFailure(self._message(v, f"{name}: the claim could not be evaluated:\n"
                                                f"  {v['evidence'].get('error')}"))
        if verdict == "refuted":
            if expect == "refuted":
                return
            raise ClaimFailure(self._message(
                v, f"{name} is FALSE: refuted with a certified counterexample"
                   + (f" (expected {expect})" if expect else "")))
        if verdict == "proved":
            if expect == "refuted":
                raise ClaimFailure(self._message(
                    v, f"{name}: expected a refutation, but the claim was PROVED: the counterexample "
                       "this lemma documents is no longer found (did the claim or an engine change?)"))
            return
        # undecided
        left = _left_text(v)
        limit = (v.get("evidence") or {}).get("time_limit")
        if limit:  # the outer wall-clock safety limit, not the work budget (theorycheck.work)
            left = f"{limit}; {left}"
        if expect == "refuted":
            raise ClaimFailure(self._message(
                v, f"{name}: expected a refutation, but no counterexample was certified within "
                   f"{_secs(st.budget)} (undecided: {left}); raise --theorycheck-budget or use --thorough"))
        if expect == "proved":
            raise ClaimFailure(self._message(
                v, f"{name}: expected proved, but the proof was not reached within {_secs(st.budget)}: "
                   f"{left}; raise --theorycheck-budget, use --thorough, or split the claim"))
        if st.strict_proofs:
            raise ClaimFailure(self._message(v, f"{name}: undecided within {_secs(st.budget)} "
                                                f"(--strict-proofs): {left}"))
        reason = f"undecided within {_secs(st.budget)}: {left}"
        if self.report_path:
            reason += f"; report: {self.report_path}"
        pytest.skip(reason)

    def _message(self, v: dict, head: str) -> str:
        from .report import reproduce_command

        lines = [head]
        if self.claim.source:
            lines.append(f"  source:  {self.claim.source}")
        if self.claim.reading:
            lines.append(f"  reading: {self.claim.reading}")
        cex = v.get("counterexample")
        if cex is not None and v.get("verdict") != "error":
            ev = v.get("evidence") or {}
            step = ev.get("first_broken_step")
            lines.append("  certified counterexample (exact decimals):")
            lines += [f"    {k} = {x}" for k, x in cex.items()] or ["    (the claim has no variables: its single point)"]
            rel = v.get("relation") or "?"
            where = f" (step {step} of the derivation)" if step else ""
            if v.get("undefined"):
                lines.append(f"  the body is undefined there{where}: {v['undefined']}")
            else:
                lines.append(f"  rigorous enclosures there (rounded outward) of `lhs {rel} rhs`{where}:")
            if v.get("lhs"):
                lines.append(f"    lhs in [{v['lhs'][0]}, {v['lhs'][1]}]")
            if v.get("rhs"):
                lines.append(f"    rhs in [{v['rhs'][0]}, {v['rhs'][1]}]")
            if v.get("gap"):
                lines.append(f"    gap in [{v['gap'][0]}, {v['gap'][1]}]   ({_gap_meaning(rel)})")
        if self.report_path:
            lines.append(f"  report:    {self.report_path}")
        st = _settings(self.config)
        from .report import claim_file, relpath

        f = claim_file(self.claim)
        target = f"{relpath(f, st.root) if f else self.claim.module}::{self.claim.name}"
        lines.append(f"  reproduce: {reproduce_command(target, st.seed, st.budget)}")
        if v.get("verdict") == "refuted" and self.claim.expect != "refuted":
            lines.append('  (a lemma known to be false stays in lemmas/ with expect="refuted")')
        return "\n".join(lines)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ClaimFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)


class ProblemError(Exception):
    """A claim of the lemma file that cannot be checked (see :class:`theorycheck.loader.Problem`)."""


class ProblemItem(pytest.Item):
    """A claim that could not be loaded (malformed, shadowed, bound to no module-level name):
    an error at setup with the loader's message, no traceback; the file's other claims run."""

    def __init__(self, *, problem, **kwargs):
        super().__init__(**kwargs)
        self.problem = problem
        self.add_marker(pytest.mark.theorycheck)

    def reportinfo(self):
        return self.path, max(self.problem.line - 1, 0), f"claim {self.problem.name}"

    def setup(self):
        raise ProblemError(f"theorycheck could not load the lemma file's claim {self.problem.name!r}: "
                           f"{self.problem.message}")

    def runtest(self):  # pragma: no cover (setup always raises)
        raise ProblemError(self.problem.message)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, ProblemError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def _repr_failure_py(self, excinfo, style=None):
        # pytest formats errors raised in setup with this method, not repr_failure
        if isinstance(excinfo.value, ProblemError):
            return str(excinfo.value)
        return super()._repr_failure_py(excinfo, style=style)


class NoteItem(pytest.Item):
    """An item of a source without a claim (:func:`theorycheck.note`): it writes its index page
    and is reported as skipped with its status and reason, never as passed."""

    def __init__(self, *, note, order=0, **kwargs):
        super().__init__(**kwargs)
        self.note = note
        self.order = order
        self.add_marker(pytest.mark.theorycheck)

    def reportinfo(self):
        return self.path, 0, f"{self.note.status}: {self.note.name}"

    def runtest(self):
        st = _settings(self.config)
        self.user_properties.append(("theorycheck_note", self.note.status))
        reason = f"{self.note.status}: {self.note.why}"
        if self.note.next_step:
            reason += f" Next step: {self.note.next_step}"
        if st.reports:
            from .report import relpath, write_note_report

            md = write_note_report(self.note, reports_dir=st.reports_dir, root=st.root, order=self.order)
            self.user_properties.append(("theorycheck_report", relpath(md, st.root)))
            reason += f" (page: {relpath(md, st.root)})"
        pytest.skip(reason)


def _secs(x: float) -> str:
    return f"{x:g} work units"


def _gap_meaning(rel: str) -> str:
    from .report import gap_meaning

    meaning = gap_meaning(rel, plain=True)
    if meaning is None:
        return "big side minus small side"
    diff, need = meaning
    return f"{diff}; {'an identity' if rel == '==' else 'the claim'} needs {need}"


def _left_text(v: dict) -> str:
    parts = [p for p in (v.get("evidence") or {}).get("parts", []) if p.get("verdict") == "undecided"]
    if not parts:
        steps = [s for s in (v.get("steps") or []) if s.get("verdict") != "proved"]
        if steps:
            return "steps not proved: " + ", ".join(str(s.get("index")) for s in steps)
        return "no part decided"
    from .report import undecided_part_text

    return "; ".join(undecided_part_text(p) for p in parts)


# -- progress ---------------------------------------------------------------------------------


class _Progress:
    """Shows what a long-running claim is doing: on a terminal, a note at the end of pytest's
    current line, rewritten in place and erased when the claim ends; with
    ``theorycheck_progress = lines``, a line every few seconds (for logs)."""

    def __init__(self, item, st: Settings):
        config = item.config
        self.name = item.claim.name
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = 0
        self.tr = config.pluginmanager.get_plugin("terminalreporter")
        self.capman = config.pluginmanager.get_plugin("capturemanager")
        mode = st.progress
        if hasattr(config, "workerinput") or self.tr is None or config.get_verbosity() < 0:
            mode = "off"
        elif mode == "auto":
            mode = "tty" if getattr(self.tr, "isatty", False) else "off"
        self.mode = mode

    def _out(self, write):
        if self.capman is not None:
            with self.capman.global_and_fixture_disabled():
                write()
        else:
            write()

    def __call__(self, message):
        if self.mode == "off":
            return
        now = time.monotonic()
        elapsed = now - self.start
        if elapsed < PROGRESS_DELAY or now - self.last < (0.25 if self.mode == "tty" else 5.0):
            return
        self.last = now
        if self.mode == "lines":
            self._out(lambda: self.tr.write_line(f"[theorycheck] {self.name}: {message} ({elapsed:.0f} s)"))
            return
        tw = self.tr._tw
        room = max(tw.fullwidth - tw.width_of_current_line - 2, 0)
        text = f" [{self.name}: {message}, {elapsed:.0f} s]"[:room]
        stream = getattr(tw, "_file", None)
        if stream is None:
            return

        def write():
            tw.flush()
            stream.write("\b" * self.shown + text + " " * max(self.shown - len(text), 0)
                         + "\b" * max(self.shown - len(text), 0))
            stream.flush()

        self._out(write)
        self.shown = len(text)

    def clear(self):
        if self.mode == "tty" and self.shown:
            stream = self.tr._tw._file
            n = self.shown

            def write():
                stream.write("\b" * n + " " * n + "\b" * n)
                stream.flush()

            self._out(write)
            self.shown = 0


# -- reporting --------------------------------------------------------------------------------


def _props(report) -> dict:
    return dict(getattr(report, "user_properties", None) or ())


def pytest_report_teststatus(report, config):
    if report.when != "call":
        return None
    status = _props(report).get("theorycheck_note")
    if status is not None and report.skipped:
        return "noted", "n", (status.upper(), {"cyan": True})
    verdict = _props(report).get("theorycheck_verdict")
    if verdict is None:
        return None
    if report.skipped and verdict == "undecided":
        return "undecided", "u", ("UNDECIDED", {"yellow": True})
    if report.passed:
        word = "PROVED" if verdict == "proved" else "REFUTED (as expected)"
        if "theorycheck_record" in _props(report):
            word += " (verified earlier)"
        return "passed", ".", (word, {"green": True})
    return None


class _Counter:
    """Counts the reports written this session; its hook runs in the controlling process for
    every item, also those run by xdist workers."""

    def __init__(self, st: Settings):
        self.st = st

    def pytest_runtest_logreport(self, report):
        if report.when == "call" and "theorycheck_report" in _props(report):
            self.st.reported += 1
        if report.when == "call" and "theorycheck_verification" in _props(report):
            if "theorycheck_record" in _props(report):
                self.st.verified_earlier += 1
            else:
                self.st.verified_now += 1


def pytest_unconfigure(config):
    st = config.stash.get(SETTINGS_KEY, None)
    if st is not None and st.pieces is not None:
        st.pieces.close()  # the pool or the cluster's client, made at the first split claim


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if hasattr(config, "workerinput"):
        return
    st = config.stash.get(SETTINGS_KEY, None)
    if st is None or not st.reports:
        return
    if not st.reported:
        return
    from .report import relpath, write_index

    st.index = relpath(write_index(st.reports_dir, st.root), st.root)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    st = config.stash.get(SETTINGS_KEY, None)
    if st is None:
        return
    _list_outcome(terminalreporter, "undecided", "undecided lemmas", "UNDECIDED", yellow=True)
    _list_outcome(terminalreporter, "noted", "listed without a claim (see the index)", "NOTED", limit=160, cyan=True)
    _verification_summary(terminalreporter, st, config)
    if st.reported and st.index:
        terminalreporter.write_line(
            f"theorycheck: {st.reported} report(s) in {relpath_or(st.reports_dir, st.root)}/, index {st.index}"
        )


def _verification_summary(terminalreporter, st: Settings, config):
    """How the committed certificates were verified: by the kernel now, or earlier (records)."""
    if not (st.verified_now or st.verified_earlier):
        return
    if st.verified_earlier and config.get_verbosity() > 0:
        terminalreporter.write_sep("-", "certificates verified earlier, not re-checked now")
        for r in terminalreporter.stats.get("passed", []):
            props = _props(r)
            if r.when == "call" and "theorycheck_record" in props:
                how = props["theorycheck_verification"].removeprefix("verified earlier: ")
                terminalreporter.write_line(f"VERIFIED EARLIER {r.nodeid} - {how}; trust {props.get('theorycheck_trust')}")
    line = (f"theorycheck: committed certificates: {st.verified_now} verified by the kernel now"
            + (" (--reverify)" if st.reverify else ""))
    if st.verified_earlier:
        line += (f", {st.verified_earlier} verified earlier: their verification records (.theorycheck/records/) "
                 "were used, they were not re-checked in this run (the trust each states is the kernel's, "
                 "as when it ran; --reverify or THEORYCHECK_REVERIFY=1 re-checks them)")
    terminalreporter.write_line(line, yellow=bool(st.verified_earlier))


def _list_outcome(terminalreporter, key, title, word, limit=None, **color):
    """One line per item of an outcome (a skip), with its reason."""
    reports = terminalreporter.stats.get(key, [])
    if not reports:
        return
    terminalreporter.write_sep("-", title, **color)
    for r in reports:
        reason = r.longrepr[2] if isinstance(r.longrepr, tuple) else str(r.longrepr)
        reason = reason.removeprefix("Skipped: ")
        terminalreporter.write_line(f"{word} {r.nodeid} - {reason[:limit] if limit else reason}")


def relpath_or(path, root) -> str:
    from .report import relpath

    return relpath(path, root)
