"""The independent proof-checking kernel: re-verify a certificate (format theorycheck-certificate/1).

The prover's search is clever and large; this package is small and boring, and shares none of its
code: it reads a certificate, loads the claim by file and name, checks that the claim is the one
the certificate was made for (its box, then :func:`claim_hash`), then recomputes every enclosure
itself with scalar Arb intervals on exact rational boxes (:mod:`.leaves`) and checks every tiling
exactly (:mod:`.tiling`). It imports only python-flint, the standard library and the function
layer the claim body itself calls (``tests/test_kernel.py`` parses these files to keep it so).

Choices where the spec leaves a hole (each the sound option):
- ``faces: [[k, "lo"|"hi"]]``: k is the 0-based index of the variable; each k listed once.
- Taylor ``zeros``: the kernel's own enclosure of each zeroed jet must still contain 0 (a zero
  that the enclosure excludes is certainly wrong); jets and Hessian at the anchor must be defined;
  for one variable, f itself must be defined on hull(box, anchor) as well as f^(K).
- An "undefined" counterexample needs a :class:`DomainError` in the chain of explicit causes
  (``__cause__``; ``raise ... from``) of what the body raised, met before any :class:`NotEnclosed`.
  ``__context__`` is not followed: an error raised while a DomainError was being handled is no
  evidence that the body is undefined.
- Trust is computed by the kernel: "Arb + kernel + sympy" when a trusted sympy step is used (a
  symbolic part, a point with ``exact_zero``, Taylor ``zeros``, an ``exact_zero`` counterexample),
  else "Arb + kernel". A certificate claiming less trust than it uses is refused; symbolic parts
  and exact-zero points must be listed in ``symbolic_steps`` (by ``part``).
- The hash also covers closure values and helpers in modules beside the lemma file (see
  :mod:`.hashing`). The lemma file is re-imported (bypassing the loader's cache, linecache and any
  bytecode cache) whenever its bytes differ from those the kernel last loaded, so an edited body is
  what gets hashed and evaluated. A helper module imported by the lemma stays as first imported
  in this process (the CLI is a fresh process).
- A counterexample's ``precision`` is capped at 20000 bits; the ladder then rises to 4000 bits.
"""

from __future__ import annotations

import hashlib
import json
import linecache
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import theorycheck.loader as _loader
from theorycheck.enclose.interval import DomainError, Interval, NotEnclosed, working_precision
from theorycheck.expr import side_raw

from ._base import Reject, field, need, rational
from .hashing import claim_hash
from .leaves import Leaves

__all__ = ["claim_hash", "verify_certificate", "load_certificate", "KernelResult", "Reject", "FORMAT"]

FORMAT = "theorycheck-certificate/1"
TRUST = ("Arb + kernel", "Arb + kernel + sympy")


@dataclass
class KernelResult:
    valid: bool
    verdict: str | None
    trust: str | None
    message: str
    leaves: int
    claim: str | None
    path: str = ""


def load_certificate(path) -> dict:
    """The certificate's JSON, its top-level shape checked; :class:`Reject` with a clear message."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise Reject(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Reject(f"cannot read the certificate: {exc}") from None
    try:
        cert = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise Reject(f"not valid JSON: {exc}") from None
    need(isinstance(cert, dict), "the certificate must be a JSON object")
    need(cert.get("format") == FORMAT, f"'format' must be {FORMAT!r}, got {cert.get('format')!r}")
    claim = field(cert, "claim", dict, "the certificate")
    for key in ("file", "name", "hash"):
        field(claim, key, str, "'claim'")
    for i, entry in enumerate(field(cert, "box", list, "the certificate")):
        need(isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) for x in entry),
             f"box entry {i} must be [name, lo, hi] (strings), got {entry!r}")
    need(cert.get("verdict") in ("proved", "refuted"), f"'verdict' must be proved or refuted, got {cert.get('verdict')!r}")
    need(cert.get("trust") in TRUST, f"'trust' must be one of {TRUST}, got {cert.get('trust')!r}")
    for step in field(cert, "symbolic_steps", list, "the certificate"):
        need(isinstance(step, dict) and type(step.get("part")) is int, f"bad symbolic step {step!r}")
    field(cert, "parts" if cert["verdict"] == "proved" else "counterexample",
          list if cert["verdict"] == "proved" else dict, "the certificate")
    return cert


def verify_certificate(path) -> KernelResult:
    """Re-verify one certificate file; never raises (a failure is an invalid result)."""
    res = KernelResult(False, None, None, "", 0, None, str(path))
    checker = None
    try:
        cert = load_certificate(path)
        res.verdict, res.claim = cert["verdict"], cert["claim"]["name"]
        claim = _claim_of(Path(path), cert["claim"])
        _same_box(cert["box"], claim)
        need(cert["claim"]["hash"] == claim_hash(claim),
             "the claim's body or a helper changed since the certificate was made (hash differs)")
        checker = Leaves(claim, [])
        if res.verdict == "proved":
            _check_proof(cert, claim, checker)
        else:
            _check_counterexample(cert["counterexample"], claim, checker)
            checker.count = 1
        listed = {step["part"] for step in cert["symbolic_steps"]}
        for part in sorted(checker.must_list - listed):
            raise Reject(f"part {part} uses a trusted sympy step not listed in symbolic_steps")
        res.trust = TRUST[1] if checker.trusted else TRUST[0]
        if res.trust != cert["trust"] and checker.trusted:
            raise Reject(f"the certificate says trust {cert['trust']!r}, but part {min(checker.trusted)} uses a "
                         "trusted sympy step")
        res.valid = True
        what = f"{checker.count} boxes" if res.verdict == "proved" else "counterexample certified"
        res.message = f"{res.verdict} ({res.trust}, {what})"
    except Reject as exc:
        res.message = str(exc)
    except Exception as exc:  # noqa: BLE001 - a kernel failure is an invalid certificate, never a traceback
        res.message = f"the kernel could not check it: {type(exc).__name__}: {exc}"
    res.leaves = checker.count if checker is not None else 0
    return res


# -- the claim ----------------------------------------------------------------------------------

_LOADED_BYTES: dict = {}


def _claim_of(cert_path: Path, spec: dict):
    lemma = cert_path.parent / spec["file"]
    need(lemma.is_file(), f"the lemma file {spec['file']!r} (relative to the certificate) does not exist")
    key = str(lemma.resolve())
    digest = hashlib.sha256(lemma.read_bytes()).hexdigest()
    try:
        if _LOADED_BYTES.get(key) != digest:
            claims = _fresh_load(lemma, key)
        else:
            claims = _loader.load_file(lemma)
    except Exception as exc:  # noqa: BLE001
        raise Reject(f"loading the lemma file {spec['file']!r} failed: {exc}") from None
    _LOADED_BYTES[key] = digest
    for c in claims:
        if c.name == spec["name"]:
            return c
    raise Reject(f"the lemma file {spec['file']!r} has no claim named {spec['name']!r} "
                 f"(claims: {', '.join(c.name for c in claims) or 'none'})")


def _fresh_load(lemma: Path, key: str):
    """load_file, made to read the file as it is now (no cached module, lines or bytecode)."""
    for cache in ("_LOADED", "_NOTES", "_PROBLEMS"):
        getattr(_loader, cache, {}).pop(key, None)
    linecache.cache.pop(key, None)
    old = sys.pycache_prefix, sys.dont_write_bytecode
    with tempfile.TemporaryDirectory() as empty:
        sys.pycache_prefix, sys.dont_write_bytecode = empty, True
        try:
            return _loader.load_file(lemma)
        finally:
            sys.pycache_prefix, sys.dont_write_bytecode = old


def _same_box(box, claim):
    mine = [(v.name, v.lo, v.hi) for v in claim.variables]
    theirs = [(n, rational(lo, "box"), rational(hi, "box")) for n, lo, hi in box]
    if mine != theirs:
        show = lambda b: ", ".join(f"{n}=[{lo}, {hi}]" for n, lo, hi in b)  # noqa: E731
        raise Reject(f"the claim's box changed: the certificate has {show(theirs) or 'no variables'}, "
                     f"the claim {show(mine) or 'no variables'}")


# -- proved -------------------------------------------------------------------------------------

def _check_proof(cert, claim, checker: Leaves):
    box = tuple((v.lo, v.hi) for v in claim.variables)
    checker.ops = _parts_of(claim, box)
    parts = cert["parts"]
    need(len(parts) == len(checker.ops),
         f"the body has {len(checker.ops)} part(s) {checker.ops}; the certificate lists {len(parts)}")
    for i, (entry, op) in enumerate(zip(parts, checker.ops)):
        need(isinstance(entry, dict) and entry.get("part") == i, f"parts[{i}] must be an object with \"part\": {i}")
        by = entry.get("by")
        if by == "tiling":
            need(op != "==", f"part {i} is an identity: prove it by halves or symbolic, not by tiling")
            checker.tiling((i, None), entry.get("tiling"), box, f"part {i}")
        elif by == "halves":
            need(op == "==", f"part {i} is an inequality ({op}), not an identity")
            for half in ("le", "ge"):
                checker.tiling((i, half), entry.get(half), box, f"part {i}, half {half}")
        elif by == "symbolic":
            need(op == "==", f"part {i} is an inequality ({op}): no symbolic step proves it")
            need(isinstance(entry.get("what"), str), f"part {i}: a symbolic part needs 'what'")
            checker.trusted.add(i)
            checker.must_list.add(i)
            checker.tiling((i, "defined"), entry.get("defined"), box, f"part {i}, defined")
        else:
            raise Reject(f"part {i}: 'by' must be tiling, halves or symbolic, got {by!r}")


def _parts_of(claim, box):
    """The ops of the body's parts, from one evaluation (at the box's midpoint, else on the box)."""
    last = None
    for where in (tuple(((lo + hi) / 2,) * 2 for lo, hi in box), box):
        for bits in (53, 240):
            with working_precision(bits):
                try:
                    values = [Interval.point(lo) if lo == hi else Interval(lo, hi) for lo, hi in where]
                    return [leaf.op for leaf in claim.evaluate(values).leaves()]
                except Exception as exc:  # noqa: BLE001
                    last = exc
    raise Reject(f"cannot evaluate the body to learn its parts: {type(last).__name__}: {last}")


# -- refuted ------------------------------------------------------------------------------------

def _check_counterexample(cx, claim, checker: Leaves):
    point = field(cx, "point", dict, "the counterexample")
    names = [v.name for v in claim.variables]
    need(sorted(point) == sorted(names), f"the counterexample must give {names}, it gives {sorted(point)}")
    at = []
    for v in claim.variables:
        q = rational(point[v.name], f"the counterexample's {v.name}")
        need(v.lo <= q <= v.hi, f"the point {v.name}={q} lies outside the box [{v.lo}, {v.hi}]")
        at.append(q)
    violation = cx.get("violation")
    need(violation in ("relation", "undefined"), f"'violation' must be relation or undefined, got {violation!r}")
    bits = field(cx, "precision", int, "the counterexample")
    need(2 <= bits <= 20000, f"'precision' must be 2..20000 bits, got {bits}")
    exact_zero = cx.get("exact_zero", False)
    need(isinstance(exact_zero, bool), "'exact_zero' must be true or false")
    part = cx.get("part")
    need(violation == "undefined" or (type(part) is int and part >= 0), "a relation violation needs its 'part'")
    why = "not shown"
    for b in [bits] + [b for b in (113, 240, 1000, 4000) if b > bits]:
        with working_precision(b):
            try:
                values = [Interval.point(q) for q in at]
                like = values[0] if values else Interval.point(0)
                leaves = claim.evaluate(values).leaves()
                if violation == "undefined":
                    for leaf in leaves:
                        side_raw(leaf.lhs, like), side_raw(leaf.rhs, like)
                    why = "the body is defined there (no domain error)"
                    continue
                need(part < len(leaves), f"the body has {len(leaves)} part(s); there is no part {part}")
                why = _violated(leaves[part], like, exact_zero, checker, part)
            except Reject:
                raise
            except Exception as exc:  # noqa: BLE001
                if violation == "undefined" and _domain_error(exc):
                    return
                why = f"evaluating the body raised {type(exc).__name__}: {exc}"
        if why is None:
            return
    shown = ", ".join(f"{v.name}={q}" for v, q in zip(claim.variables, at)) or "(no variables)"
    raise Reject(f"the counterexample {shown} ({violation}): {why}")


def _violated(leaf, like, exact_zero, checker, part):
    if leaf.op == "==":
        need(not exact_zero, "exact_zero makes no identity fail")
        d = side_raw(leaf.lhs, like) - side_raw(leaf.rhs, like)
        return None if (d.lo > 0 or d.hi < 0) else f"lhs - rhs enclosure {d} does not exclude 0"
    m = side_raw(leaf.big, like) - side_raw(leaf.small, like)
    strict = leaf.op in ("<", ">")
    if exact_zero:
        need(strict, "exact_zero refutes only a strict part")
        checker.trusted.add(part)
        return None if (m.defined and m.contains(0)) else f"margin enclosure {m} is not a defined enclosure of 0"
    return None if (m.hi <= 0 if strict else m.hi < 0) else f"margin enclosure {m} is not certainly on the wrong side"


def _domain_error(exc) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, NotEnclosed):
            return False
        if isinstance(exc, DomainError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__
    return False


# -- command line -------------------------------------------------------------------------------

def run_cli(paths, as_json=False) -> int:
    """``theorycheck verify CERT...``: 0 all valid, 1 any invalid, 2 usage error."""
    files = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(p.rglob("*.cert.json")))
        elif p.is_file():
            files.append(p)
        else:
            print(f"theorycheck verify: {p}: no such file or directory", file=sys.stderr)
            return 2
    if not files:
        print("theorycheck verify: no certificate found (*.cert.json)", file=sys.stderr)
        return 2
    results = [verify_certificate(f) for f in files]
    if as_json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        for r in results:
            print(f"{'valid' if r.valid else 'INVALID'}  {r.path}  {r.message}")
    return 0 if all(r.valid for r in results) else 1
