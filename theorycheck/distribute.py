"""One long proof split into pieces, proved anywhere: in this process, in a pool of processes
(``--workers N``) or on a Dask cluster (``--cluster ADDRESS``), with the same verdict, the same
evidence and the same certificate whoever runs them (issue 16).

**When.** Only a claim that asks for it is split: ``@claim(..., split=k)`` (0 <= k <=
:data:`MAX_SPLIT`). Every other claim is proved exactly as before, in one process, so no
verdict or certificate of a claim without ``split`` changes. There is no automatic split above
a work threshold: a split claim proves each piece with a fixed share of the budget (below),
which is not the order a single branch and bound would follow, so splitting is a visible
property of the claim, never a side effect of the machine.

**The rule** (it depends on the claim only, never on timing or on the number of workers). Each
part of the relation (each half of an identity part) is proved on the claim's float box
(:func:`prove.domain_box`) cut into at most 2^k pieces: level j = 0, ..., k-1 cuts every piece
in two along the ((j mod m) + 1)-th of the m variables whose range is not a single point, at the
double :func:`prove._cut_points` gives (the midpoint; log-scale steps toward an infinite end); a
piece with no double strictly inside that range stays whole. The pieces are numbered left to
right (the leaves of that bisection tree). Every piece is proved by the ordinary branch and bound
(:func:`prove.prove_leaf` on the piece's box, with the touching points the search found; the
translation reduction of :mod:`theorycheck.invariance` is not tried on a split part) under a
meter of its own holding an equal share of the work left for the part: ``(part deadline - meter
reading) / pieces``. A piece's result so depends on the claim, the piece and the share only.

**Merging**, in piece order: the part is proved when every piece is; the certificate's tiling of
the part is the pieces' tilings one after the other (the kernel checks that together they tile
the box, :mod:`theorycheck.kernel.tiling`). A piece whose box certainly fails (a failing point its
own certifier confirmed) refutes: the reported point is the failing point of the *first piece in
piece order* that fails, taken once every piece before it has finished (later pieces are
cancelled and do not count). The work the merged pieces used is charged to the claim's meter in
piece order, so ``work_units`` in the evidence is the same too.

**Executors** (:class:`InProcess`, :class:`ProcessPool`, :class:`DaskCluster`) share one
interface, :meth:`Executor.run`: tasks in, ``(index, outcome)`` out in completion order; closing
the iterator cancels what has not finished. A task is plain data (the claim's file and name, the
piece's float box, the share); a worker process loads the claim from its file (kept per process)
and refuses to prove it when the claim's hash (:func:`kernel.claim_hash`) differs from the one the
task carries: a cluster's workers must see the lemma file at the same path and run the same
theorycheck. Progress goes to the claim's progress callback (stderr for the command line): pieces
done / total and the work they used. Ctrl-C (or a cancelled future) cancels the pieces still
pending, says on stderr which pieces had finished, and raises :class:`PiecesInterrupted` (a
``KeyboardInterrupt``): the claim gets no verdict, so no certificate is written.

**Resume.** Every piece that finishes (proved, or undecided because its share of the work ran
out; never one stopped by the wall-clock limit, one that fails or one that raised) is stored at
once in a cache file (:func:`store_piece`), so an interrupted proof (Ctrl-C, the time limit, a
crash) keeps its finished pieces and the next run reuses them. The file's key is everything a
piece's result depends on: the claim's hash (:func:`kernel.claim_hash`), the version of the
code (:func:`code_version`: the theorycheck package's sources, python-flint and numpy), the part
and half, the number of pieces, the piece's index and float box, its share of the work and the
touching points; a different claim, budget or code never finds it. The cache directory is
``.theorycheck/pieces/`` in the lemma file's project (the nearest directory above the file with a
``pyproject.toml`` or ``.git``, else the file's own), or ``$THEORYCHECK_RESUME_DIR``
(``off``: no cache), or :func:`resuming`. A cached piece is never trusted: the file is JSON (no
code is loaded from it), its key must match, and a proved piece's tiling, as it would enter the
certificate, is checked by the kernel (:class:`kernel.leaves.Leaves`) on the piece's exact box
before it is used; a piece that fails any of this is said on stderr, its file removed, and it is
proved again. An undecided piece claims nothing (it only spends no work again). A resumed run
so gives the same verdict, evidence and certificate as an uninterrupted one.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import math
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from . import work

MAX_SPLIT = 16  # at most 2**16 pieces


# -- the rule ---------------------------------------------------------------------------------


def split_depth(claim) -> int:
    """The claim's ``split=k`` (0: not split)."""
    return int(claim.options.get("split") or 0)


def piece_boxes(lo0, hi0, k: int) -> list:
    """The pieces of the float box (lo0, hi0) after k levels of cuts (see the module docstring),
    as [(lo array, hi array)] in piece order."""
    from .prove import _cut_points, _splittable

    lo0 = np.asarray(lo0, dtype=float)
    hi0 = np.asarray(hi0, dtype=float)
    axes = [i for i in range(len(lo0)) if hi0[i] > lo0[i]]
    boxes = [(lo0.copy(), hi0.copy())]
    if not axes:
        return boxes
    for level in range(k):
        axis = axes[level % len(axes)]
        out = []
        for lo, hi in boxes:
            if not _splittable(lo[axis:axis + 1], hi[axis:axis + 1])[0]:
                out.append((lo, hi))
                continue
            cut = float(_cut_points(lo[axis:axis + 1], hi[axis:axis + 1])[0])
            left_hi, right_lo = hi.copy(), lo.copy()
            left_hi[axis] = cut
            right_lo[axis] = cut
            out.extend([(lo, left_hi), (right_lo, hi)])
        boxes = out
    return boxes


@dataclass
class PieceTask:
    """One piece of one part: plain, picklable data."""

    ref: tuple  # check.claim_ref: how a worker finds the claim
    claim_hash: str  # the worker's copy must have this hash
    leaf_index: int
    half: str | None
    index: int  # the piece's number in piece order
    lo: tuple
    hi: tuple
    touch: tuple  # touching points (tuples of floats) the search found
    units: float  # the piece's share of the work
    overrun: float  # work the first certification of a failing point may run past the share
    wall_deadline: float | None  # the claim's wall-clock safety limit (time.time()), if any


@dataclass
class PieceOutcome:
    """What a piece sends back: its ProofResult, the work it used, whether it reached the
    wall-clock safety limit, the floats it took as binary; or the error it raised."""

    index: int
    result: object = None
    used: float = 0.0
    timed_out: bool = False
    floats: dict | None = None
    error: tuple | None = None  # (kind, message, claim name, points_only)
    cpu_seconds: float = 0.0  # measured, informative only (benchmarks): never in a verdict


class PiecesInterrupted(KeyboardInterrupt):
    """The split proof was interrupted (Ctrl-C, a cancelled future): ``done`` lists the pieces
    that had finished, ``total`` how many there were."""

    def __init__(self, message, done=(), total=0):
        super().__init__(message)
        self.done = list(done)
        self.total = total


# -- one piece, wherever it runs ---------------------------------------------------------------

_CLAIMS: dict = {}  # per process: ref -> claim loaded from its file


def _worker_claim(task: PieceTask):
    from .check import load_claim_ref
    from .kernel import claim_hash

    c = _CLAIMS.get(task.ref)
    if c is None:
        c = load_claim_ref(task.ref)
        got = claim_hash(c)
        if got != task.claim_hash:
            raise RuntimeError(f"the worker's copy of claim {c.name!r} ({task.ref[0] or task.ref[1]}) has hash {got}, "
                               f"not {task.claim_hash}: the workers must run the same lemma file and theorycheck")
        _CLAIMS[task.ref] = c
    return c


def run_piece(task: PieceTask, claim=None) -> PieceOutcome:
    """Prove one piece (``claim``: the claim itself when run in this process; else it is loaded
    from the task's reference). Runs in a fresh context (no meter, deadline or collector of the
    caller leaks in), under a meter of its own: the same outcome in any process."""
    try:
        if claim is None:
            claim = _worker_claim(task)
        cpu = time.process_time()
        out = contextvars.Context().run(_prove_piece, claim, task)
        out.cpu_seconds = time.process_time() - cpu
        return out
    except Exception as exc:  # sent back as data: ClaimEvaluationError does not unpickle
        from .claims import ClaimEvaluationError
        from .expr import PointsOnly

        if isinstance(exc, ClaimEvaluationError):
            points_only = str(exc.__cause__) if isinstance(exc.__cause__, PointsOnly) else None
            return PieceOutcome(task.index, error=("claim", str(exc), exc.claim_name, points_only))
        import traceback

        return PieceOutcome(task.index, error=("internal", f"{type(exc).__name__}: {exc}", traceback.format_exc(), None))


def _prove_piece(claim, task: PieceTask) -> PieceOutcome:
    from .check import _Confirm
    from .expr import BinaryFloats
    from .prove import prove_leaf
    from .symbolic import claim_deadline

    seconds = None
    if task.wall_deadline is not None:
        seconds = max(task.wall_deadline - time.time(), 1.0)
    with work.metered(task.units, seconds) as meter, BinaryFloats() as floats, claim_deadline(task.units):
        confirm = _Confirm(claim, task.units + task.overrun)
        pr = prove_leaf(claim, task.leaf_index, task.units, box=(np.array(task.lo), np.array(task.hi)),
                        touch_points=[np.array(t) for t in task.touch], half=task.half, confirm=confirm)
    pr.translation = None  # (never set on a piece: no reduction on a box other than the claim's)
    return PieceOutcome(task.index, result=pr, used=meter.used, timed_out=meter.timed_out,
                        floats=dict(floats.seen))


def _remote_piece(task: PieceTask) -> PieceOutcome:
    """The function a pool or cluster worker runs."""
    return run_piece(task)


# -- executors ---------------------------------------------------------------------------------


class Executor:
    """Runs piece tasks. :meth:`run` yields ``(index, PieceOutcome)`` in completion order;
    closing the iterator early cancels what has not finished."""

    name = "executor"
    workers = 1

    def run(self, tasks, claim):
        raise NotImplementedError

    def close(self):
        pass

    def abort(self):
        """After an interrupt: stop the pieces still running, as far as the executor can."""

    def describe(self) -> str:
        return self.name


class InProcess(Executor):
    """Every piece in this process, one after the other (``--workers 1``)."""

    name = "in process"

    def run(self, tasks, claim):
        for t in tasks:
            yield t.index, run_piece(t, claim)


class ProcessPool(Executor):
    """A local pool of ``workers`` processes (``--workers N``); made at the first split claim."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool = None

    def describe(self):
        return f"{self.workers} worker processes"

    def pool(self):
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        return self._pool

    def run(self, tasks, claim):
        from concurrent.futures import FIRST_COMPLETED, wait

        futures = {self.pool().submit(_remote_piece, t): t.index for t in tasks}
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in sorted(done, key=futures.get):
                    yield futures[f], f.result()
        finally:
            for f in pending:
                f.cancel()  # a piece already running finishes in its process, unread

    def close(self):
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def abort(self):
        """A running piece cannot be cancelled in a ProcessPoolExecutor, and the interpreter
        waits for it at exit: its worker processes are terminated (the pool is made again at
        the next split claim)."""
        if self._pool is not None:
            processes = list((getattr(self._pool, "_processes", None) or {}).values())
            self._pool.shutdown(wait=False, cancel_futures=True)
            for proc in processes:
                proc.terminate()
            for proc in processes:  # a SIGTERM handler inherited by a forked worker may outlive it
                proc.join(5)
                if proc.is_alive():
                    proc.kill()
            self._pool = None


class DaskCluster(Executor):
    """A Dask cluster: ``DaskCluster("tcp://host:8786")`` connects a ``distributed.Client``;
    ``DaskCluster(client=client)`` uses one already made (a ``LocalCluster``'s, in tests)."""

    def __init__(self, address: str | None = None, client=None):
        self.address = address
        self._client = client
        self._own = client is None

    def client(self):
        if self._client is None:
            try:
                from distributed import Client
            except ImportError as exc:
                raise RuntimeError("--cluster needs dask.distributed: pip install 'theorycheck[cluster]'") from exc
            self._client = Client(self.address)
        return self._client

    def describe(self):
        return f"the Dask cluster at {self.address or self.client().scheduler.address}"

    @property
    def workers(self):
        try:
            return max(len(self.client().scheduler_info().get("workers", {})), 1)
        except Exception:
            return 1

    def submit(self, tasks):
        client = self.client()
        return [client.submit(_remote_piece, t, pure=False) for t in tasks]

    def run(self, tasks, claim):
        from distributed import as_completed

        futures = self.submit(tasks)
        index = {f.key: t.index for f, t in zip(futures, tasks)}
        finished = set()
        try:
            for f in as_completed(futures):
                finished.add(f.key)
                yield index[f.key], f.result()
        finally:
            left = [f for f in futures if f.key not in finished]
            if left:
                self.client().cancel(left)

    def close(self):
        if self._own and self._client is not None:
            self._client.close()
            self._client = None


def executor_for(workers: int = 1, cluster: str | None = None) -> Executor:
    """The executor of the command line's options: a cluster, a pool of N > 1 processes, or this
    process."""
    if cluster:
        return DaskCluster(cluster)
    if workers > 1:
        return ProcessPool(workers)
    return InProcess()


_EXECUTOR = contextvars.ContextVar("theorycheck_piece_executor", default=None)

# (claim name, part, [(piece, CPU seconds, work units)] in piece order) of each split part proved
# in this process: for benchmarks/bench_distribute.py; measured, never part of a verdict
PIECE_LOG: list = []


@contextmanager
def using(executor: Executor | None):
    """Split proofs inside the block run their pieces on ``executor`` (None: in this process)."""
    token = _EXECUTOR.set(executor)
    try:
        yield executor
    finally:
        _EXECUTOR.reset(token)


def current_executor() -> Executor:
    return _EXECUTOR.get() or InProcess()


# -- resume: finished pieces kept across runs -------------------------------------------------

RESUME_ENV = "THEORYCHECK_RESUME_DIR"
PIECE_FORMAT = "theorycheck-piece/1"
_RESUME = contextvars.ContextVar("theorycheck_resume_dir", default=None)
_CODE_VERSION: list = []


@contextmanager
def resuming(directory):
    """Split proofs inside the block keep and reuse their finished pieces in ``directory``
    (False: no cache at all); outside one, the default of the module docstring."""
    token = _RESUME.set(False if directory is False else Path(directory))
    try:
        yield
    finally:
        _RESUME.reset(token)


def resume_dir(claim) -> Path | None:
    """Where the finished pieces of ``claim`` are kept (None: nowhere)."""
    chosen = _RESUME.get()
    if chosen is False:
        return None
    if chosen is not None:
        return chosen
    env = os.environ.get(RESUME_ENV)
    if env:
        return None if env.strip().lower() == "off" else Path(env)
    path = claim.options.get("path")
    if not path:
        return None
    here = Path(path).resolve().parent
    for d in (here, *here.parents):
        if (d / "pyproject.toml").is_file() or (d / ".git").exists():
            return d / ".theorycheck" / "pieces"
    return here / ".theorycheck" / "pieces"


def code_version() -> str:
    """sha256 of the theorycheck package's sources (every .py file, by its path in the package)
    and the versions of python-flint and numpy: a piece proved by other code is never reused."""
    if not _CODE_VERSION:
        root = Path(__file__).resolve().parent
        digest = hashlib.sha256(b"theorycheck-code/1\n")
        for f in sorted(root.rglob("*.py")):
            digest.update(f.relative_to(root).as_posix().encode() + b"\n\x00" + f.read_bytes() + b"\n\x00")
        try:
            import flint

            flint_version = getattr(flint, "__version__", "?")
        except ImportError:  # pragma: no cover - theorycheck needs it
            flint_version = None
        digest.update(f"python-flint {flint_version}; numpy {np.__version__}".encode())
        _CODE_VERSION.append("sha256:" + digest.hexdigest())
    return _CODE_VERSION[0]


def _hex(xs) -> list:
    return [float(x).hex() for x in xs]


def piece_key(task: PieceTask, pieces: int) -> dict:
    """Everything a piece's result depends on (the module docstring), as JSON data."""
    return {"claim": task.claim_hash, "code": code_version(), "part": task.leaf_index, "half": task.half,
            "pieces": pieces, "index": task.index, "lo": _hex(task.lo), "hi": _hex(task.hi),
            "units": float(task.units).hex(), "overrun": float(task.overrun).hex(),
            "touch": [_hex(t) for t in task.touch]}


def piece_file(directory: Path, claim, key: dict) -> Path:
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
    name = "".join(ch if ch.isalnum() or ch in "_-." else "_" for ch in claim.name)[:80] or "claim"
    return directory / name / f"part{key['part']}-{key['half'] or 'all'}-piece{key['index']}-{digest[:24]}.json"


def _encode(x):
    """Plain JSON for the values a ProofResult holds, exact (floats as hex) and typed (tuples,
    numpy arrays with their dtype): decoding never runs code."""
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, np.bool_):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return {"i": str(int(x))}
    if isinstance(x, (float, np.floating)):
        return {"f": float(x).hex()}
    if isinstance(x, np.ndarray):
        kind = {"f": "float64", "i": "int64", "b": "bool", "O": "object"}.get(x.dtype.kind)
        if kind is None or (kind == "float64" and x.dtype != np.float64) or (kind == "int64" and x.dtype != np.int64):
            raise TypeError(f"cannot keep an array of dtype {x.dtype}")
        return {"a": kind, "shape": list(x.shape), "items": [_encode(v) for v in x.ravel().tolist()]}
    if isinstance(x, tuple):
        return {"t": [_encode(v) for v in x]}
    if isinstance(x, list):
        return [_encode(v) for v in x]
    if isinstance(x, dict):
        return {"d": [[_encode(k), _encode(v)] for k, v in x.items()]}
    raise TypeError(f"cannot keep a {type(x).__name__} in a piece file")


def _decode(x):
    if x is None or isinstance(x, (bool, str)):
        return x
    if isinstance(x, list):
        return [_decode(v) for v in x]
    if not isinstance(x, dict) or len(x) not in (1, 3):
        raise ValueError("not a value of a piece file")
    if "i" in x:
        return int(x["i"])
    if "f" in x:
        return float.fromhex(x["f"])
    if "t" in x:
        return tuple(_decode(v) for v in x["t"])
    if "d" in x:
        return {_decode(k): _decode(v) for k, v in x["d"]}
    if "a" in x:
        dtype = {"float64": np.float64, "int64": np.int64, "bool": np.bool_, "object": object}[x["a"]]
        items = [_decode(v) for v in x["items"]]
        shape = tuple(int(n) for n in x["shape"])
        if dtype is object:
            out = np.empty(len(items), dtype=object)
            for i, v in enumerate(items):  # one by one: numpy would broadcast nested lists
                out[i] = v
            return out.reshape(shape)
        return np.array(items, dtype=dtype).reshape(shape)
    raise ValueError("not a value of a piece file")


_KEPT = ("status", "boxes_decided", "boxes_left", "left", "volume_left", "max_depth", "failing_point", "methods",
         "worst_bound", "leaves", "groups", "exact", "left_summary")


def _keepable(out: PieceOutcome) -> bool:
    r = out.result
    return (out.error is None and not out.timed_out and r is not None and r.status in ("proved", "undecided")
            and r.pieces is None and r.halves is None and r.translation is None
            and getattr(r, "transform", None) is None)


def store_piece(directory: Path, claim, key: dict, out: PieceOutcome) -> bool:
    """Keep a finished piece (atomically: a file is whole or absent). False when the piece is not
    one that is kept, or the file cannot be written (the proof goes on without it)."""
    if directory is None or not _keepable(out):
        return False
    try:
        r = out.result
        doc = {"format": PIECE_FORMAT, "claim_name": claim.name, "key": key,
               "outcome": {"used": float(out.used).hex(), "cpu_seconds": float(out.cpu_seconds).hex(),
                           "floats": [float(f).hex() for f in (out.floats or {})],
                           "result": {name: _encode(getattr(r, name)) for name in _KEPT}}}
        path = piece_file(directory, claim, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(doc, sort_keys=True, separators=(",", ":")))
        os.replace(tmp, path)
        return True
    except (OSError, TypeError, ValueError):
        return False


class PieceRejected(Exception):
    """A cached piece that is not used: why."""


def load_piece(directory: Path, claim, key: dict, task: PieceTask) -> PieceOutcome | None:
    """The cached outcome of a piece (None: not cached); :class:`PieceRejected` when a file is
    there but its key differs, it does not read as a piece, or (proved) the kernel refuses its
    tiling on the piece's exact box."""
    from .prove import ProofResult

    if directory is None:
        return None
    path = piece_file(directory, claim, key)
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text())
        if doc.get("format") != PIECE_FORMAT or doc.get("key") != key:
            raise PieceRejected("its key is not this piece's")
        o = doc["outcome"]
        raw = o["result"]
        if set(raw) != set(_KEPT):
            raise PieceRejected("its fields are not a piece's")
        r = ProofResult(status="undecided")
        for name in _KEPT:
            setattr(r, name, _decode(raw[name]))
        if r.status not in ("proved", "undecided") or r.failing_point is not None:
            raise PieceRejected(f"status {r.status!r} is never kept")
        out = PieceOutcome(task.index, result=r, used=float.fromhex(o["used"]), timed_out=False,
                           floats={float.fromhex(f): None for f in o["floats"]},
                           cpu_seconds=float.fromhex(o["cpu_seconds"]))
    except PieceRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - any malformed file is only a piece to prove again
        raise PieceRejected(f"it does not read as a piece ({type(exc).__name__}: {exc})") from None
    if r.status == "proved":  # in a fresh context: the check charges no meter and records no float
        contextvars.Context().run(_kernel_checks_piece, claim, task, r)
    return out


def _kernel_checks_piece(claim, task: PieceTask, result) -> int:
    """The kernel's check of a proved piece: its tiling, exactly as it enters the certificate,
    tiles the piece's exact box and every leaf holds (:class:`kernel.leaves.Leaves`). Returns the
    boxes checked; :class:`PieceRejected` otherwise."""
    from .certificates import ExactBoxes, TooLarge, tiling
    from .kernel import Reject, _parts_of
    from .kernel._base import any_size

    try:
        leaves = tiling(claim, result)
    except (TooLarge, Exception) as exc:  # noqa: BLE001
        raise PieceRejected(f"its tiling cannot be written ({type(exc).__name__}: {exc})") from None
    box = ExactBoxes(claim).box(task.lo, task.hi)
    if box is None:  # the piece holds no point of the claim's box
        if leaves:
            raise PieceRejected("it has leaves outside the claim's box")
        return 0
    from .kernel.leaves import Leaves

    try:
        with any_size():
            whole = tuple((v.lo, v.hi) for v in claim.variables)
            checker = Leaves(claim, _parts_of(claim, whole))
            checker.tiling((task.leaf_index, task.half), leaves, tuple(box), f"cached piece {task.index}")
    except Reject as exc:
        raise PieceRejected(f"the kernel refuses it: {exc}") from None
    except Exception as exc:  # noqa: BLE001
        raise PieceRejected(f"the kernel could not check it: {type(exc).__name__}: {exc}") from None
    return checker.count


# -- the split proof of one part ---------------------------------------------------------------


def prove_split(claim, leaf_index: int, deadline, touch_points=(), half=None, progress=None, confirm=None,
                **_ignored):
    """The ProofResult of one part (one half) proved as pieces (see the module docstring):
    ``status`` and counts merged in piece order, ``pieces`` the pieces' results (their tilings
    make the certificate's). ``confirm`` is the caller's certifier; the pieces certify their own
    failing points and the caller certifies the reported one again."""
    from .check import FIRST_CERTIFY_OVERRUN, _merged, claim_ref
    from .kernel import claim_hash
    from .prove import domain_box

    k = split_depth(claim)
    lo0, hi0 = domain_box(claim)
    boxes = piece_boxes(lo0, hi0, k)
    now = work.clock()
    left = (deadline - now) if deadline is not None and math.isfinite(deadline) else 20.0
    units = max(left, 0.0) / len(boxes)
    meter = work.current()
    wall = meter.seconds_left()
    ref = claim_ref(claim)
    executor = current_executor()
    if ref is None and not isinstance(executor, InProcess):
        executor = InProcess()  # no way for another process to find the claim
    touch = tuple(tuple(float(x) for x in t) for t in touch_points)
    budget = meter.claim().units or units * len(boxes)
    digest = claim_hash(claim)
    tasks = [PieceTask(ref=ref, claim_hash=digest, leaf_index=leaf_index, half=half, index=j,
                       lo=tuple(float(x) for x in lo), hi=tuple(float(x) for x in hi), touch=touch,
                       units=units, overrun=min(budget, FIRST_CERTIFY_OVERRUN),
                       wall_deadline=None if wall is None else time.time() + wall)
             for j, (lo, hi) in enumerate(boxes)]
    what = f"part {leaf_index + 1}" + (f" ({'<=' if half == 'le' else '>='} half)" if half else "")
    say = progress or (lambda msg: None)
    say(f"{what}: {len(tasks)} pieces of {units:.3g} work units each, on {executor.describe()}")

    outcomes: dict = {}
    directory = resume_dir(claim)
    keys = {t.index: piece_key(t, len(tasks)) for t in tasks} if directory is not None else {}
    for t in tasks:  # finished pieces of an earlier run: reused only once the kernel accepts them
        try:
            out = load_piece(directory, claim, keys.get(t.index), t)
        except PieceRejected as exc:
            print(f"theorycheck: claim {claim.name!r}, {what}: the cached piece {t.index} is not used: {exc}; "
                  "proving it again", file=sys.stderr, flush=True)
            try:
                piece_file(directory, claim, keys[t.index]).unlink()
            except OSError:
                pass
            continue
        if out is not None:
            outcomes[t.index] = out
    if outcomes:
        say(f"{what}: {len(outcomes)}/{len(tasks)} pieces resumed from {directory} (proved ones checked by the kernel)")
    need = len(tasks)  # pieces 0 .. need-1 decide the part
    todo = [t for t in tasks if t.index not in outcomes]
    stream = executor.run(todo, claim) if todo else iter(())
    try:
        for j, out in stream:
            outcomes[j] = out
            if directory is not None:
                store_piece(directory, claim, keys[j], out)
            if out.error is None and out.result.status == "failing_box" and j < need:
                need = j + 1
            done = len(outcomes)
            used = sum(o.used for o in outcomes.values())
            say(f"{what}: pieces done {done}/{len(tasks)}, {used:.3g} work units")
            if all(i in outcomes for i in range(need)):
                break
    except (KeyboardInterrupt, _cancelled_errors()) as exc:
        _close(stream)
        executor.abort()
        done = sorted(outcomes)
        msg = (f"theorycheck: claim {claim.name!r}, {what}: interrupted; pieces done {len(done)}/{len(tasks)}"
               + (f" ({', '.join(map(str, done))})" if done else "") + "; no certificate was written for this claim"
               + (f"; the finished pieces are kept in {directory} for the next run" if directory is not None and done
                  else ""))
        print(msg, file=sys.stderr, flush=True)
        raise PiecesInterrupted(msg, done, len(tasks)) from exc
    finally:
        _close(stream)

    chosen = [outcomes[i] for i in range(need)]
    for out in chosen:  # in piece order: the first error wins, as in a single process
        if out.error is not None:
            _raise(out.error)
    from .expr import _BINARY_FLOATS

    seen = _BINARY_FLOATS.get()
    for out in chosen:  # the work and the floats of the pieces that count, in piece order
        work.charge(out.used)
        if seen is not None and out.floats:
            seen.update(out.floats)
        if out.timed_out:
            meter.time_out()
    results = [out.result for out in chosen]
    PIECE_LOG.append((claim.name, what, [(out.index, out.cpu_seconds, out.used) for out in chosen]))
    del PIECE_LOG[:-100]  # the last 100 parts are enough for a benchmark
    shares = [_share(lo, hi, lo0, hi0, len(boxes)) for lo, hi in boxes[:need]]
    merged = _merged(results, volume_left=float(sum(s * r.volume_left for s, r in zip(shares, results))),
                     depth_offset=k)
    return merged


def _close(stream):
    close = getattr(stream, "close", None)
    if close is not None:
        close()


def _share(lo, hi, lo0, hi0, n) -> float:
    """The piece's share of the box's volume (1/n where it is not a finite number)."""
    wide = hi0 > lo0
    with np.errstate(all="ignore"):
        span = np.where(wide, hi0 / 2 - lo0 / 2, 1.0)
        share = float(np.prod(np.where(wide, (hi / 2 - lo / 2) / span, 1.0)))
    return share if math.isfinite(share) and share > 0 else 1.0 / n


def _cancelled_errors():
    from concurrent.futures import CancelledError

    return CancelledError  # distributed's FutureCancelledError is a subclass


def _raise(error):
    kind, message, detail, points_only = error
    if kind == "claim":
        from .claims import ClaimEvaluationError
        from .expr import PointsOnly

        exc = ClaimEvaluationError.__new__(ClaimEvaluationError)
        RuntimeError.__init__(exc, message)
        exc.claim_name, exc.inputs = detail, None
        if points_only is not None:
            raise exc from PointsOnly(points_only)
        raise exc
    raise RuntimeError(f"a piece of the split proof failed: {message}\n{detail}")
