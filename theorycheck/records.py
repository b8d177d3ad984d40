"""Verification records: the kernel's acceptance of a certificate, remembered on this machine.

The kernel (:mod:`theorycheck.kernel`) re-checks a certificate from scratch; for the lemma
library that is minutes of boxes. After the kernel has verified a certificate, a **record** of
the fact is written, and a later check of the very same inputs may take the record instead of
running the kernel again. A record is a cache entry, not evidence: it only says that this
checkout's kernel accepted these bytes before. Every use of one says so ("verified earlier:
record KEY ..., not re-checked now"); the trust base (``Arb + kernel`` ...) is the kernel's, as it
was when it ran.

The key (:func:`inputs`, :func:`key_of`) is a SHA-256 of **everything the verification depends
on**; any change of any of them is another key, so a miss, never a stale hit:

- ``certificate``: the SHA-256 of the certificate file's bytes;
- ``claim``: the claim's hash as the kernel computes it (:func:`theorycheck.kernel.claim_hash` of
  the claim the kernel loads, by the certificate's file and name: the body, the helpers and
  constants it reaches, defaults, the box), and ``lemma_file``: the SHA-256 of that lemma file's
  bytes (any edit of the file, even one the claim's hash does not see, is a miss), and
  ``lemma_path``: where that file is (the files a record lists are this checkout's: a records
  directory shared by two copies of a project lends neither's records to the other);
- ``code``: the SHA-256 of the source of the kernel and of every module of the package it may
  run (:func:`code_files`: the imports of ``theorycheck/kernel/*.py`` followed through the
  package, imports inside functions included, plus the package modules the lemma file imports
  and theirs): the kernel, the function layer the body calls, and what those import;
- ``versions``: Python (version, implementation, machine) and the installed versions of
  python-flint, sympy, mpmath, z3-solver, numpy and scipy (None when one is absent); ``imports``:
  the installed versions of the other distributions the lemma file and its helper modules import
  (a third-party function enters the claim's hash by its name only).

A record also lists the **files the verification read**, each with its SHA-256, checked again
before the record is used (:func:`_files_read`): the files opened while the lemma file was executed
and while the kernel ran (data a lemma loads with ``open``, ``json.load``, ``numpy.load``: seen
by an audit hook, :func:`sys.addaudithook`), and the source files of the user's modules below
the lemma file's directory that are imported (helper modules, which the claim's hash may reach
only in part: a function stored in a dict). So that the lemma's execution opens what its imports
read, the user's modules (wherever they are: below the lemma, on ``PYTHONPATH``, an editable
install; not the installation's or the package's) are dropped from ``sys.modules`` for it and
imported afresh, from source (:class:`_Reimported`): imported earlier, by the plugin's collection,
their source and their data were never seen. Files of the Python installation and of the package
(the latter hashed under ``code``) are not listed. A file is listed by the path it was opened by
(a symbolic link pointed elsewhere later is another digest). A changed, missing or unreadable file
is a miss. While a capture is active, reads of ``os.environ`` (``os.getenv``, ``.get``, ``in``,
``[]``; iterating it, or ``copy``, notes the whole environment) are noted too, by name and
value, and so is a use of the current directory (a relative path opened, ``os.getcwd``,
``Path.cwd``, ``abspath``): a record lists them, and one whose variables or directory differ now
is a miss. A verification that runs
another program or reaches the network (:data:`UNRECORDABLE` audit events) writes no record.

Limits (inputs no record sees; ``--reverify`` re-checks everything): the clock, random numbers
drawn without a seed, ``sys.argv`` (the command line), a directory's listing, a file opened or a
variable read by native code (C ``fopen``/``getenv``, not Python's ``open``/``os.environ``),
``os.getcwd`` bound before the capture (``from os import getcwd``), ``os.environ._data`` read
directly, what an installed package (not re-imported) read when it was imported before the
capture (its version is keyed, its files and variables are not), a package of the installation
the lemma reaches other than by an ``import`` statement of its files (its version is then not
keyed), and state a process carries between claims (a global a body mutates). A claim whose
meaning depends on any of these should not be checked with records on.

A record is JSON (no code is loaded from it) at ``RECORDS/<key[:2]>/<key>.json`` and is used only
when its format, its key, the inputs it lists (which must hash to the key and equal the inputs
computed now), a checksum over its content, and a valid result of the certificate's verdict all
hold; anything else (a truncated file, a forged one, one for another key) is a miss, and the
kernel runs and replaces it. A record is written only after the kernel accepted the certificate,
atomically (a temporary file in the same directory, then a rename): two pytest-xdist workers may
write the same record, and a reader sees a whole file or none.

Where: :func:`records_dir`: ``$THEORYCHECK_RECORDS_DIR`` (``off``: none read, none written), else
``.theorycheck/records/`` in the certificate's project (the nearest directory above it with a
``pyproject.toml`` or ``.git``, else the current directory); ``.theorycheck/`` is git-ignored.
Who uses them: the pytest plugin, unless ``--reverify`` (ini ``theorycheck_reverify``, or
``THEORYCHECK_REVERIFY=1``), which re-checks every certificate and refreshes its record; the
command ``theorycheck verify`` never, unless ``--use-records``.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

FORMAT = "theorycheck-verification-record/3"
RECORDS_ENV = "THEORYCHECK_RECORDS_DIR"
REVERIFY_ENV = "THEORYCHECK_REVERIFY"
LIBRARIES = ("python-flint", "sympy", "mpmath", "z3-solver", "numpy", "scipy")
_PACKAGE = Path(__file__).resolve().parent


@dataclass
class Checked:
    """A certificate's verification: the kernel's result, now or from a record.

    ``reused``: True when the kernel did NOT run now (the record ``key`` holds its earlier result,
    written at ``recorded``); ``key``: the record's key (None when no key could be computed: then
    the kernel ran and nothing was recorded); ``note``: what happened to a record that was not
    used (absent, unreadable, forged ...), or ''."""

    result: object  # theorycheck.kernel.KernelResult
    key: str | None = None
    reused: bool = False
    recorded: str | None = None
    written: bool = False
    note: str = ""

    @property
    def how(self) -> str:
        """One line: how the certificate was verified in this run."""
        if self.reused:
            return f"verified earlier: record {short(self.key)} ({self.recorded}), not re-checked now"
        return "verified by the kernel now" + (f" (record {short(self.key)} written)" if self.written else "")


def short(key) -> str:
    return (key or "")[:16]


def reverify_from_env() -> bool:
    return os.environ.get(REVERIFY_ENV, "").strip().lower() not in ("", "0", "false", "no", "off")


# -- where -----------------------------------------------------------------------------------------


def records_dir(certificate) -> Path | None:
    """The directory of the records for ``certificate`` (None: records are off)."""
    env = os.environ.get(RECORDS_ENV, "").strip()
    if env:
        return None if env.lower() == "off" else Path(env)
    here = Path(certificate).resolve().parent
    for d in (here, *here.parents):
        if (d / "pyproject.toml").is_file() or (d / ".git").exists():
            return d / ".theorycheck" / "records"
    return Path.cwd() / ".theorycheck" / "records"


def record_path(directory, key: str) -> Path:
    return Path(directory) / key[:2] / f"{key}.json"


# -- what the verification depends on --------------------------------------------------------------


def _module_file(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "theorycheck":
        return None
    p = _PACKAGE.parent.joinpath(*parts)
    if (p / "__init__.py").is_file():
        return p / "__init__.py"
    return p.with_suffix(".py") if p.with_suffix(".py").is_file() else None


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(_PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, package: list) -> list:
    return list(_imports_of(str(path), tuple(package)))


@functools.lru_cache(maxsize=None)
def _imports_of(path: str, package: tuple) -> tuple:
    """The package modules a file imports anywhere in it (inside functions too); ``package``:
    the dotted package the file's relative imports start from."""
    try:
        tree = ast.parse(Path(path).read_bytes())
    except (OSError, SyntaxError, ValueError):
        return ()
    package, found = list(package), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else list(package)
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found += [mod] + [f"{mod}.{a.name}" for a in node.names]  # a name may be a submodule
    return tuple(f for f in (_module_file(n) for n in found) if f is not None)


def _closure(starts) -> list:
    """Every file of the package reachable from ``starts`` (files) by imports, the packages
    (``__init__.py``) a module's import runs included, sorted."""
    seen, todo = set(), list(starts)
    while todo:
        f = Path(todo.pop()).resolve()
        if f in seen or not f.is_file():
            continue
        seen.add(f)
        name = _module_name(f).split(".")
        todo += [_module_file(".".join(name[:i])) for i in range(1, len(name))]
        todo += _imports(f, name if f.name == "__init__.py" else name[:-1])
    return sorted(p for p in seen if p is not None)


@functools.lru_cache(maxsize=1)
def kernel_files() -> tuple:
    """The source files of the kernel and of every package module it may import (the
    ``theorycheck.kernel`` package and its modules, followed through their imports)."""
    kernel = _PACKAGE / "kernel"
    return tuple(_closure([kernel / "__init__.py", *sorted(kernel.glob("*.py"))]))


@functools.lru_cache(maxsize=256)
def _lemma_imports(lemma_digest: str, lemma: str) -> tuple:
    try:
        tree = ast.parse(Path(lemma).read_bytes())
    except (OSError, SyntaxError, ValueError):
        return ()
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return tuple(sorted({str(f) for f in (_module_file(n) for n in names) if f is not None}))


def code_files(lemma=None, lemma_digest: str = "") -> tuple:
    """The package's source files a verification may run: :func:`kernel_files`, and those the
    lemma file imports (``theorycheck.gaussians`` ...) with what they import."""
    extra = _lemma_imports(lemma_digest, str(lemma)) if lemma is not None else ()
    return _code_files(extra)


@functools.lru_cache(maxsize=64)
def _code_files(extra: tuple) -> tuple:
    return tuple(sorted(set(kernel_files()) | set(_closure([Path(e) for e in extra]))))


@functools.lru_cache(maxsize=64)
def _code_digest(files: tuple) -> str:
    h = hashlib.sha256(b"theorycheck-kernel-sources/1\n")
    for f in files:
        f = Path(f)
        name = f.relative_to(_PACKAGE.parent).as_posix() if _PACKAGE in f.parents else f.name
        h.update(name.encode() + b"\n")
        h.update(hashlib.sha256(Path(f).read_bytes()).hexdigest().encode() + b"\n")
    return "sha256:" + h.hexdigest()


def code_digest(lemma=None, lemma_digest: str = "") -> str:
    """The SHA-256 of the sources :func:`code_files` names (path and bytes of each), computed once
    per process and set of files: the code in memory is the code first hashed."""
    return _code_digest(code_files(lemma, lemma_digest))


@functools.lru_cache(maxsize=1)
def library_versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": f"{platform.python_implementation()} {sys.version} {platform.machine()}"}
    for name in LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


@functools.lru_cache(maxsize=1)
def _distributions() -> dict:
    from importlib.metadata import packages_distributions

    try:
        return packages_distributions()
    except Exception:  # noqa: BLE001 - broken metadata: no versions (a lemma importing one is then unkeyed)
        return {}


def _distribution_version(dist: str):
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def imported_versions(sources) -> dict:
    """The installed versions of the distributions that the files ``sources`` (the lemma file and
    the user's modules it imports) import by name, the standard library, the package and the
    libraries of ``versions`` excepted: a third-party function the body calls enters the claim's
    hash by its name only, so its distribution's version is a key input."""
    names = set()
    for src in sources:
        try:
            tree = ast.parse(Path(src).read_bytes())
        except (OSError, SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module.split(".")[0])
    skip = set(getattr(sys, "stdlib_module_names", ())) | {"theorycheck", "__future__"}
    dists = sorted({d for n in names - skip for d in _distributions().get(n, ())} - set(LIBRARIES))
    return {d: _distribution_version(d) for d in dists}


def _sha256_file(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return "sha256:" + h.hexdigest()


# -- files read: an audit hook sees every open() while a verification's inputs are made --------------
# ... and, while one is active, reads of os.environ (os.getenv, os.environ.get, ``in``, iteration) and
# calls of os.getcwd are noted too (the class of os.environ and os.getcwd are wrapped for the duration)


class _Capture:
    """What the work inside a capture read: ``paths`` opened, ``env`` (name -> value, None when
    unset; ``*`` -> a digest of the whole environment when it was iterated), ``cwd`` (True when
    a relative path was opened or os.getcwd was called)."""

    def __init__(self):
        self.paths, self.env, self.cwd, self.outside = set(), {}, False, ""


# audit events of inputs no record can fingerprint (another program's output, the network): a
# verification during which one occurs writes no record
UNRECORDABLE = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                "socket.connect", "socket.getaddrinfo", "urllib.Request", "http.client.connect",
                "ftplib.connect", "smtplib.connect", "sqlite3.connect", "webbrowser.open")


_READING: list = []  # a stack of captures: what is read while one is active is added to every one
_ENV_CLASS = type(os.environ)
_ORIGINAL = {"getitem": _ENV_CLASS.__getitem__, "iter": _ENV_CLASS.__iter__, "getcwd": os.getcwd}


def _note(fn):
    for cap in _READING:
        fn(cap)


def _audit(event, args):
    if _READING and event in UNRECORDABLE:
        _note(lambda c: setattr(c, "outside", c.outside or event))
    if _READING and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        try:
            name = os.fsdecode(args[0])
        except (TypeError, ValueError):
            return
        _note(lambda c: (c.paths.add(name), setattr(c, "cwd", c.cwd or not os.path.isabs(name))))


def _env_getitem(self, key):
    try:
        value = _ORIGINAL["getitem"](self, key)
    except KeyError:
        if _READING:
            _note(lambda c: c.env.setdefault(os.fsdecode(key), None))
        raise
    if _READING:
        _note(lambda c: c.env.setdefault(os.fsdecode(key), os.fsdecode(value)))
    return value


def _env_iter(self):
    if _READING:
        whole = _environment_digest()
        _note(lambda c: c.env.__setitem__("*", whole))
    return _ORIGINAL["iter"](self)


def _getcwd():
    if _READING:
        _note(lambda c: setattr(c, "cwd", True))
    return _ORIGINAL["getcwd"]()


def _environment_digest() -> str:
    """The SHA-256 of the whole environment (the raw mapping: no patched method is called)."""
    items = sorted(os.environ._data.items())  # noqa: SLF001
    return "sha256:" + hashlib.sha256(repr(items).encode("utf-8", "backslashreplace")).hexdigest()


@functools.lru_cache(maxsize=1)
def _install_audit_hook() -> bool:
    sys.addaudithook(_audit)  # (cannot be removed: it does nothing unless a capture is active)
    return True


class _Reads:
    """Collects what is read inside a ``with`` block (this thread's work, in practice): a
    :class:`_Capture`."""

    def __enter__(self):
        _install_audit_hook()
        self.capture = _Capture()
        if not _READING:
            _ENV_CLASS.__getitem__, _ENV_CLASS.__iter__, os.getcwd = _env_getitem, _env_iter, _getcwd
        _READING.append(self.capture)
        return self.capture

    def __exit__(self, *exc):
        _READING.remove(self.capture)
        if not _READING:
            _ENV_CLASS.__getitem__, _ENV_CLASS.__iter__ = _ORIGINAL["getitem"], _ORIGINAL["iter"]
            os.getcwd = _ORIGINAL["getcwd"]
        return False


def _listed(path, exclude=()) -> Path | None:
    """The file ``path`` as a record lists it, or None when it is not listed (not a regular file; a
    file of the installation or of the package; bytecode; one of ``exclude``)."""
    try:
        p = Path(path).resolve()
        if not p.is_file():
            return None
    except (OSError, ValueError, RuntimeError):
        return None
    if p.suffix in (".pyc", ".pyo") or p in exclude or _PACKAGE == p or _PACKAGE in p.parents:
        return None
    if len(p.parts) > 1 and p.parts[1] in ("proc", "sys", "dev"):  # the kernel's own state, not input
        return None
    from .loader import _not_users  # the installation's directories and the package's

    if any(root == p or root in p.parents for root in _not_users()):
        return None
    return p


def _helper_modules(lemma: Path) -> set:
    """The source files of imported modules below the lemma file's directory, other lemma files
    (loaded as claim modules) excepted."""
    base = lemma.resolve().parent
    out = set()
    for name, mod in list(sys.modules.items()):
        f = getattr(mod, "__file__", None)
        if not f or name.startswith("theorycheck_claims_"):
            continue
        try:
            p = Path(f).resolve()
        except (OSError, ValueError, RuntimeError):
            continue
        if base in p.parents:
            out.add(p)
    return out


_LEMMA_READS: dict = {}  # (lemma path, its SHA-256) -> what was read while the kernel executed it (_Capture)


def _user_module(name, mod) -> bool:
    """A module of the user's own (not of the Python installation, not of the package, not a
    claim module the loader made, not ``__main__``): one a lemma may import and read data in."""
    f = getattr(mod, "__file__", None)
    if not f or name == "__main__" or name.startswith("theorycheck_claims_"):
        return False
    return _listed(f) is not None


class _Reimported:
    """Inside the block, the user's modules are absent from ``sys.modules``: the lemma file's
    execution imports those it needs afresh, so that their source and the files they open when
    imported are seen (imported earlier, say by the plugin's collection, they would not be).
    Afterwards a module not imported again is put back as it was."""

    def __enter__(self):
        self.before = {n: m for n, m in list(sys.modules.items()) if _user_module(n, m)}
        for name in self.before:
            sys.modules.pop(name, None)
        return self

    def __exit__(self, *exc):
        for name, mod in self.before.items():
            sys.modules.setdefault(name, mod)
        return False


def _digests(paths, exclude=()) -> dict:
    out = {}
    for path in paths:
        p = _listed(path, exclude)
        if p is not None:
            # by the path as it was opened (made absolute), not the file it resolved to: a symbolic
            # link pointed elsewhere since is another file's digest, a miss
            try:
                name = os.path.abspath(os.fsdecode(path))
                out[name] = _sha256_file(name)
            except (OSError, TypeError, ValueError):
                continue
    return dict(sorted(out.items()))


def _reads_now(listed: dict) -> str:
    """'' when every file of ``listed`` still has its digest, else what changed."""
    for path, digest in listed.items():
        try:
            now = _sha256_file(path)
        except OSError:
            return f"a file the verification read is gone: {path}"
        if now != digest:
            return f"a file the verification read has changed: {path}"
    return ""


def kernel_claim_hash(claim) -> str:
    """The claim's hash, by the kernel's own function (a name of its own, for the tests)."""
    from .kernel import claim_hash

    return claim_hash(claim)


def inputs(certificate) -> dict:
    """Everything the kernel's verification of ``certificate`` depends on (see the module doc);
    raises when it cannot be computed (an unreadable certificate, a lemma that does not load):
    then there is no record, and the kernel says what is wrong."""
    from .kernel import _claim_of, load_certificate

    path = Path(certificate)
    cert_digest = _sha256_file(path)
    cert = load_certificate(path)
    lemma = path.parent / cert["claim"]["file"]
    lemma_digest = _sha256_file(lemma)
    loaded = (str(lemma.resolve()), lemma_digest)
    if loaded not in _LEMMA_READS:
        # the kernel executes the lemma file again (its cache entry dropped) so that the files its
        # execution opens are seen
        from . import kernel

        kernel._LOADED_BYTES.pop(str(lemma.resolve()), None)
        with _Reads() as opened, _Reimported():
            claim = _claim_of(path, cert["claim"])
        _LEMMA_READS[loaded] = opened
    else:
        claim = _claim_of(path, cert["claim"])  # the claim the kernel loads and hashes
    sources = [lemma.resolve()] + sorted(p for p in (_listed(f) for f in _LEMMA_READS[loaded].paths)
                                         if p is not None and p.suffix == ".py")
    return {
        "certificate": cert_digest,
        "claim": kernel_claim_hash(claim),
        "lemma_file": lemma_digest,
        # where the lemma file is: the files a record lists are this checkout's (a records directory
        # shared by two copies of a project must not lend one copy's record to the other)
        "lemma_path": str(lemma.resolve()),
        "code": code_digest(lemma.resolve(), lemma_digest),
        "versions": library_versions(),
        "imports": imported_versions(sources),
        "verdict": cert["verdict"],
    }


def _canonical(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def key_of(found: dict) -> str:
    return hashlib.sha256(FORMAT.encode() + b"\n" + _canonical(found)).hexdigest()


# -- reading and writing ---------------------------------------------------------------------------

_RESULT_FIELDS = ("valid", "verdict", "trust", "message", "leaves", "claim", "not_rechecked")


def _checksum(doc: dict) -> str:
    return hashlib.sha256(_canonical({k: v for k, v in doc.items() if k != "checksum"})).hexdigest()


def read(directory, key: str, found: dict):
    """The record of ``key`` as a dict, or a string saying why there is none usable."""
    from .kernel import TRUST

    path = record_path(directory, key)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "no record"
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        return f"record unreadable ({type(exc).__name__})"
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return "record of another format"
    if doc.get("checksum") != _checksum(doc):
        return "record damaged (checksum)"
    if doc.get("key") != key or doc.get("inputs") != found or key_of(doc.get("inputs")) != key:
        return "record of other inputs"
    res = doc.get("result")
    if not (isinstance(res, dict) and set(res) == set(_RESULT_FIELDS) and res["valid"] is True
            and res["verdict"] == found["verdict"] and res["trust"] in TRUST
            and isinstance(res["message"], str) and type(res["leaves"]) is int
            and type(res["not_rechecked"]) is int and isinstance(doc.get("recorded"), str)):
        return "record with no valid result"
    reads = doc.get("reads")
    if not (isinstance(reads, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in reads.items())):
        return "record with no list of the files read"
    changed = _reads_now(reads)
    if changed:
        return changed
    env, cwd = doc.get("environment"), doc.get("cwd", 0)
    if not (isinstance(env, dict) and all(isinstance(k, str) and (v is None or isinstance(v, str))
                                          for k, v in env.items()) and (cwd is None or isinstance(cwd, str))):
        return "record with no list of the environment read"
    changed = _environment_now(env, cwd)
    if changed:
        return changed
    return doc


def _environment_now(env: dict, cwd) -> str:
    """'' when the environment variables and the current directory the verification read are as
    they were, else what changed."""
    for name, value in env.items():
        now = _environment_digest() if name == "*" else os.environ.get(name)
        if now != value:
            return f"an environment variable the verification read has changed: {name}"
    if cwd is not None and os.getcwd() != cwd:
        return f"the verification depended on the current directory ({cwd}), which is now {os.getcwd()}"
    return ""


def write(directory, key: str, found: dict, result, reads=None, environment=None, cwd=None) -> bool:
    """Write the record of a verified certificate, atomically; False when it could not be written
    (a read-only directory: the verification stands, only the record is missing)."""
    if not result.valid:
        return False
    doc = {"format": FORMAT, "key": key, "inputs": found, "reads": dict(reads or {}),
           "environment": dict(environment or {}), "cwd": cwd,
           "result": {k: getattr(result, k) for k in _RESULT_FIELDS},
           "recorded": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    doc["checksum"] = _checksum(doc)
    target = record_path(directory, key)
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(doc, indent=1, sort_keys=True) + "\n")
        os.replace(tmp, target)
        return True
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


# -- the entry point -------------------------------------------------------------------------------


def kernel_verify(path):
    """The kernel itself (a name of its own, so that tests can count its calls)."""
    from .kernel import verify_certificate

    return verify_certificate(path)


def verify(certificate, use_records: bool = True, directory=None) -> Checked:
    """Verify ``certificate``: from its record when ``use_records`` and a valid record of exactly
    these inputs exists, else by the kernel now; a successful verification by the kernel writes
    (or refreshes) the record unless records are off (``directory`` None and
    ``$THEORYCHECK_RECORDS_DIR=off``). ``use_records=False`` reads no record (``--reverify``)."""
    directory = Path(directory) if directory is not None else records_dir(certificate)
    key, found, note = None, None, ""
    if directory is not None:
        try:
            found = inputs(certificate)
            key = key_of(found)
        except Exception as exc:  # noqa: BLE001 - no key: the kernel runs and says what is wrong
            note = f"no record key ({type(exc).__name__})"
    if key is not None and use_records:
        doc = read(directory, key, found)
        if isinstance(doc, dict):
            from .kernel import KernelResult

            res = KernelResult(**doc["result"], path=str(certificate))
            return Checked(res, key=key, reused=True, recorded=doc["recorded"])
        note = doc
    elif key is not None:
        note = "records not read (re-verify)"
    with _Reads() as opened:
        result = kernel_verify(certificate)
    written = False
    if key is not None and result.valid and _changed_meanwhile(certificate, found):
        note = "no record written: the certificate or its lemma file changed while the kernel ran"
    elif key is not None and result.valid and (opened.outside or _lemma_capture(certificate).outside):
        note = f"no record written: the verification used {opened.outside or _lemma_capture(certificate).outside}"
    elif key is not None and result.valid:
        at_load = _lemma_capture(certificate)
        env = {**at_load.env, **opened.env}
        cwd = os.getcwd() if (opened.cwd or at_load.cwd) else None
        written = write(directory, key, found, result, _files_read(certificate, opened.paths), env, cwd)
    return Checked(result, key=key, written=written, note=note)


def _changed_meanwhile(certificate, found) -> bool:
    """Did the certificate's or the lemma file's bytes change since the key was computed (another
    process writing them while the kernel ran)? Then the kernel's result may be of other bytes."""
    from .kernel import load_certificate

    try:
        lemma = Path(certificate).parent / load_certificate(certificate)["claim"]["file"]
        return (_sha256_file(certificate) != found["certificate"] or _sha256_file(lemma) != found["lemma_file"]
                or str(lemma.resolve()) != found["lemma_path"])
    except Exception:  # noqa: BLE001 - unreadable now: nothing is recorded
        return True


def _files_read(certificate, opened) -> dict:
    """The files a record of ``certificate`` lists (see the module doc), with their digests."""
    from .kernel import load_certificate

    path = Path(certificate).resolve()
    lemma = (path.parent / load_certificate(path)["claim"]["file"]).resolve()
    at_load = _lemma_capture(certificate).paths
    return _digests(set(opened) | set(at_load) | _helper_modules(lemma), exclude=(path,))


def _lemma_capture(certificate) -> _Capture:
    """What the execution of the certificate's lemma file read (see :func:`inputs`)."""
    from .kernel import load_certificate

    path = Path(certificate).resolve()
    lemma = (path.parent / load_certificate(path)["claim"]["file"]).resolve()
    return _LEMMA_READS.get((str(lemma), _sha256_file(lemma)), _Capture())


def run_cli(paths, as_json=False) -> int:
    """``theorycheck verify --use-records CERT... [--json]``: as :func:`theorycheck.kernel.run_cli`,
    each certificate taken from its record when one of exactly its inputs exists (the line says
    "verified earlier: record KEY, not re-checked now"), else verified by the kernel now and
    recorded."""
    from .kernel import certificate_files

    files = certificate_files(paths)
    if files is None:
        return 2
    checked = [verify(f) for f in files]
    if as_json:
        print(json.dumps([dict(asdict(c.result), record=c.key, reused=c.reused, recorded=c.recorded)
                          for c in checked], indent=2))
    for c in checked if not as_json else ():
        r = c.result
        print(f"{'valid' if r.valid else 'INVALID'}  {r.path}  {r.message}" + (f"  [{c.how}]" if r.valid else ""))
    reused = sum(c.reused for c in checked)
    if reused and not as_json:
        print(f"theorycheck verify: {reused} of {len(checked)} certificate(s) verified earlier (records in "
              f"{records_dir(files[0])}), not re-checked now; without --use-records every one is re-checked",
              file=sys.stderr)
    return 0 if all(c.result.valid for c in checked) else 1
