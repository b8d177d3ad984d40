"""The independent proof-checking kernel: re-verify a certificate (format theorycheck-certificate/1).

The prover's search is clever and large; this package is small and boring and shares none of its
code. It reads a certificate, loads the claim by file and name, checks that it is the claim the
certificate was made for (its box, then :func:`claim_hash`), recomputes every enclosure itself with
scalar Arb intervals on exact rational boxes (:mod:`.leaves`) and checks every tiling exactly
(:mod:`.tiling`). It imports only python-flint, the standard library and the function layer that
claim bodies call (``tests/test_kernel.py`` parses these files to keep it so).

Where the spec leaves a hole, the sound option:
- ``faces: [[k, "lo"|"hi"]]``: k is the 0-based index of the variable, each listed once.
- ``translation``: ``direction`` (-1, 0, 1 per variable, never moving a flat coordinate),
  ``fixed`` (a coordinate where it is 1), ``at`` (a rational); the kernel computes the reduced box
  {x + (at - x_fixed) direction} and the hull itself, and wants the margin defined on the hull with
  a derivative along the direction that is exactly 0 (an integer 0 or the interval [0, 0]).
- ``transformed`` (:mod:`.transforms`: a square root squared away, sides compared by their log
  forms, the body's logs expanded, a branch of abs taken): ``rule`` (sqrt-both, square-small,
  square-big, log, expand, RULE+expand for the three square rules, or null), ``signs`` (null, or +1/-1 per abs the body takes)
  and ``parts``, one tiling of the leaf's box per transformed part (the rule's: ``A <= B``,
  ``A >= 0``; ``a^2 <= B``; ``A <= c^2``, ``c >= 0``, ``A >= 0``; or the part itself; then
  ``s u >= 0`` per abs); the kernel re-runs the body with its operations traced, checks that the
  rule applies to the part at every box it evaluates, and makes the transformed parts itself.
- Taylor ``zeros`` (and a series leaf's): the kernel's own enclosure of a zeroed jet or coefficient
  must contain 0, at the leaf's precision and at 2000 bits (``leaves.ZERO_BITS``); for one
  variable f itself must be defined on hull(box, anchor), as f^(K) is. A zero whose enclosure is
  exactly the point 0 (defined) needs nothing more; any other is re-derived (below).
- Every "exactly 0" that intervals cannot show is re-derived by the kernel with sympy
  (:mod:`.exact`, imported only then): the identity of a symbolic part (lhs - rhs on the box's
  symbols; ``ftc`` and ``gauss`` blocks through their own modules), an ``exact_zero`` point leaf or
  counterexample (lhs - rhs at the exact point), a Taylor jet or series coefficient at its anchor
  (the derivative, taken by the kernel, at the exact anchor), and the vanishing on an ``along`` /
  ``along-split`` set (the margin with x_i replaced on the set, and its normal derivative for
  order 2), each by the kernel's own fixed rewritings (never ``force``, ``simplify`` or
  ``integrate``; refused past a size limit). The certificate's ``what`` is never relied on. A step
  the kernel cannot re-derive is a Reject naming the part and the step. An ``exact_zero`` point or
  counterexample whose enclosure is exactly the point 0 needs no sympy either.
- An "undefined" counterexample needs a DomainError in the chain of explicit causes (``__cause__``)
  of what the body raised, before any NotEnclosed. ``__context__`` is not followed: an error raised
  while a DomainError was being handled is no evidence that the body is undefined.
- Trust is the kernel's own: "Arb + kernel + sympy" when a sympy step is used (re-run by the
  kernel, as z3's query is: a symbolic part, an exact zero that is not an exact Arb zero, an along
  set), else "Arb + kernel". A certificate that claims less is refused; one that claims more is
  accepted with the kernel's trust; symbolic parts, exact-zero points re-derived with sympy and
  along sets must be listed in symbolic_steps.
- The hash also covers closure values and helper modules beside the lemma (:mod:`.hashing`).
- The lemma file is re-imported (past the loader's cache, linecache and bytecode caches) whenever
  its bytes differ from those the kernel last loaded, so what is hashed is what is evaluated. A
  helper module the lemma imports stays as first imported in the process (the CLI is a fresh one).
- Taylor ``psd: true`` (several variables; issue 15): the quadratic term counts as >= 0 only where
  the kernel's own interval LDL^T shows every symmetric matrix in the Hessian enclosed over the
  hull positive definite (the leaf is refused otherwise).
- A "z3" leaf (issue 15): its 'smtlib' must equal the query the kernel derives from the claim's part
  on the leaf's box (:mod:`.polynomials`); z3's unsat is trusted ("... + z3" in the trust), re-run
  with the leaf's 'rlimit' when z3-solver is installed, else reported as not re-checked.
- Values a body computes but no side of its relation uses are not seen (no enclosure reaches them).
- ``ftc`` in a symbolic part (:mod:`.ftc`): the fundamental-theorem rule; the kernel re-derives each
  derivative with sympy (imported for such a part only) and re-checks each premise tiling itself.
- ``gauss: true`` in a symbolic part (:mod:`.gauss`): the Gaussian moment rules; the kernel derives
  the closed forms of the integrals itself (by parts, not the prover's substitution) and wants
  lhs - rhs to reduce to 0 with them.
- A counterexample's ``precision`` is at most 20000 bits; its ladder rises to 4000 bits.
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

from ._base import Reject, any_size, field, need, num, rational, show
from .hashing import claim_hash
from .leaves import Leaves

__all__ = ["claim_hash", "verify_certificate", "load_certificate", "KernelResult", "Reject", "FORMAT"]
FORMAT = "theorycheck-certificate/1"
TRUST = ("Arb + kernel", "Arb + kernel + sympy", "Arb + kernel + z3", "Arb + kernel + sympy + z3")


@dataclass
class KernelResult:
    valid: bool
    verdict: str | None
    trust: str | None
    message: str
    leaves: int  # boxes checked (faces of monotone leaves included); 1 for a counterexample
    claim: str | None
    path: str = ""
    not_rechecked: int = 0  # z3 leaves trusted without re-running z3 (z3-solver not installed)


def load_certificate(path) -> dict:
    """The certificate's JSON with its top-level shape checked; else :class:`Reject`, saying why."""
    try:
        cert = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Reject(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, RecursionError) as exc:
        raise Reject(f"cannot read the certificate: {exc}") from None
    except json.JSONDecodeError as exc:
        raise Reject(f"not valid JSON: {exc}") from None
    need(isinstance(cert, dict), "the certificate must be a JSON object")
    need(cert.get("format") == FORMAT, f"'format' must be {FORMAT!r}, got {cert.get('format')!r}")
    for key in ("file", "name", "hash"):
        field(field(cert, "claim", dict, "the certificate"), key, str, "'claim'")
    for i, entry in enumerate(field(cert, "box", list, "the certificate")):
        need(isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) for x in entry),
             f"box entry {i} must be [name, lo, hi] (strings), got {entry!r}")
    need(cert.get("verdict") in ("proved", "refuted"), f"'verdict' must be proved or refuted, got {cert.get('verdict')!r}")
    need(cert.get("trust") in TRUST, f"'trust' must be one of {TRUST}, got {cert.get('trust')!r}")
    for step in field(cert, "symbolic_steps", list, "the certificate"):
        need(isinstance(step, dict) and type(step.get("part")) is int, f"bad symbolic step {step!r}")
    proved = cert["verdict"] == "proved"
    if "integers" in cert:  # a claim with integer parameters: one proof per value (see _check_family)
        field(cert, "values" if proved else "counterexample", list if proved else dict, "the certificate")
    else:
        field(cert, "parts" if proved else "counterexample", list if proved else dict, "the certificate")
    return cert


def verify_certificate(path) -> KernelResult:
    """Re-verify one certificate file. Never raises: any failure is an invalid result saying why."""
    with any_size():
        return _verify(path)


def _verify(path) -> KernelResult:
    res, checker = KernelResult(False, None, None, "", 0, None, str(path)), None
    try:
        cert = load_certificate(path)
        res.verdict, res.claim = cert["verdict"], cert["claim"]["name"]
        claim = _claim_of(Path(path), cert["claim"])
        mine = [(v.name, v.lo, v.hi) for v in claim.variables]
        theirs = [(n, rational(lo, "box"), rational(hi, "box")) for n, lo, hi in cert["box"]]
        show = lambda b: ", ".join(f"{n}=[{num(lo)}, {num(hi)}]" for n, lo, hi in b) or "no variables"  # noqa: E731
        need(mine == theirs, f"the claim's box changed: the certificate has {show(theirs)}, the claim {show(mine)}")
        need(cert["claim"]["hash"] == claim_hash(claim),
             "the claim's body or a helper changed since the certificate was made (hash differs)")
        if getattr(claim, "integers", ()):
            checker = _check_family(cert, claim, res.verdict)
        else:
            checker = _check_one(cert, claim, res.verdict, cert["symbolic_steps"])
        res.trust = TRUST[1] if checker.trusted else TRUST[0]
        need(res.trust == TRUST[0] or "sympy" in cert["trust"], f"the certificate says trust {cert['trust']!r}, "
             f"but part {min(checker.trusted or [0])} uses a trusted sympy step")
        if checker.z3_parts:
            res.trust += " + z3"
            need("z3" in cert["trust"], f"the certificate says trust {cert['trust']!r}, but part "
                 f"{min(checker.z3_parts)} is decided by z3 (an exact decision procedure, trusted)")
        res.valid = True
        res.message = f"{res.verdict} ({res.trust}, " + (f"{checker.count} box{'es' * (checker.count != 1)})" if res.verdict == "proved"
                                                        else "counterexample certified)")
        res.not_rechecked = checker.z3_unchecked
        if checker.z3_unchecked:
            res.message += (f"; {checker.z3_unchecked} z3 leaf(s) trusted, NOT re-checked: z3-solver is not installed "
                            "(the query is the claim's; `pip install z3-solver` re-runs it)")
        elif checker.z3_parts:
            res.message += f"; z3 {checker.z3_version} re-ran each z3 query: unsat"
    except Reject as exc:
        res.message = str(exc)
    except Exception as exc:  # noqa: BLE001 - a failure of the kernel is an invalid certificate, never a traceback
        res.message = f"the kernel could not check it: {type(exc).__name__}: {exc}"
    res.leaves = checker.count if checker is not None else 0
    return res


def _check_one(cert, claim, verdict, listed) -> Leaves:
    """The proof (``cert["parts"]``) or the counterexample of one ordinary claim; ``listed``: the
    symbolic steps the certificate lists for it."""
    checker = Leaves(claim, [])
    if verdict == "proved":
        _check_proof(cert["parts"], claim, checker)
    else:
        _check_counterexample(cert["counterexample"], claim, checker)
        checker.count = 1
    for part in sorted(checker.must_list - {step["part"] for step in listed}):
        raise Reject(f"part {part} uses a trusted sympy step not listed in symbolic_steps")
    return checker


def _check_family(cert, claim, verdict) -> Leaves:
    """A claim with integer parameters: its values must be the certificate's; proved: one proof
    per value, in order, each checked as the ordinary claim at that value (claim.instance);
    refuted: the counterexample checked at its value. The checkers' findings are summed."""
    mine = {p.name: list(p.values) for p in claim.integers}
    theirs = field(cert, "integers", dict, "a certificate of a claim with integer parameters")
    need(mine == theirs, f"the claim's integer parameters changed: the certificate has {theirs}, the claim {mine}")
    if verdict == "proved":
        entries = field(cert, "values", list, "the certificate")
        instances = claim.instances()
        need(len(entries) == len(instances), f"the claim has {len(instances)} values of its integer parameters; "
             f"the certificate proves {len(entries)}")
        todo = [(e, a) for e, (a, _) in zip(entries, instances)]
    else:
        todo = [(cert, field(cert, "assignment", dict, "the certificate"))]
    total = Leaves(claim, [])
    for entry, assignment in todo:
        need(isinstance(entry, dict) and entry.get("assignment") == assignment if verdict == "proved" else True,
             f"the proofs must follow the claim's values in order: expected {assignment}, found "
             f"{entry.get('assignment') if isinstance(entry, dict) else entry!r}")
        need(sorted(assignment) == sorted(mine) and all(assignment[k] in mine[k] for k in mine),
             f"{assignment} is not a value of the claim's integer parameters {mine}")
        listed = entry.get("symbolic_steps", []) if verdict == "proved" else [
            s for s in cert["symbolic_steps"] if s.get("values", assignment) == assignment]
        one = _check_one(entry, claim.instance(**assignment), verdict, listed)
        total.count += one.count
        total.trusted |= one.trusted
        total.must_list |= one.must_list
        total.z3_parts |= one.z3_parts
        total.z3_unchecked += one.z3_unchecked
        total.z3_version = total.z3_version or one.z3_version
    total.must_list = set()  # each value's listing was checked against its own steps above
    return total


_LOADED_BYTES: dict = {}  # resolved lemma path -> sha256 of the bytes the kernel last loaded


def _claim_of(cert_path: Path, spec: dict):
    lemma = cert_path.parent / spec["file"]
    need(lemma.is_file(), f"the lemma file {spec['file']!r} (relative to the certificate) does not exist")
    key, digest = str(lemma.resolve()), hashlib.sha256(lemma.read_bytes()).hexdigest()
    try:
        if _LOADED_BYTES.get(key) != digest:  # read the file as it is now: no cached module, lines or bytecode
            for cache in ("_LOADED", "_NOTES", "_PROBLEMS"):
                getattr(_loader, cache, {}).pop(key, None)
            linecache.cache.pop(key, None)
            old = sys.pycache_prefix, sys.dont_write_bytecode
            with tempfile.TemporaryDirectory() as empty:
                sys.pycache_prefix, sys.dont_write_bytecode = empty, True
                try:
                    _loader.load_file(lemma)
                finally:
                    sys.pycache_prefix, sys.dont_write_bytecode = old
        claims = _loader.load_file(lemma)
    except Exception as exc:  # noqa: BLE001
        raise Reject(f"loading the lemma file {spec['file']!r} failed: {exc}") from None
    _LOADED_BYTES[key] = digest
    for c in claims:
        if c.name == spec["name"]:
            return c
    raise Reject(f"the lemma file {spec['file']!r} has no claim named {spec['name']!r} "
                 f"(claims: {', '.join(c.name for c in claims) or 'none'})")


def _check_proof(parts, claim, checker: Leaves):
    box = tuple((v.lo, v.hi) for v in claim.variables)
    checker.ops = _parts_of(claim, box)
    need(len(parts) == len(checker.ops),
         f"the body has {len(checker.ops)} part(s) {checker.ops}; the certificate lists {len(parts)}")
    for i, (entry, op) in enumerate(zip(parts, checker.ops)):
        need(isinstance(entry, dict) and entry.get("part") == i, f"parts[{i}] must be an object with \"part\": {i}")
        by = entry.get("by")
        need(by in ("tiling", "halves", "symbolic"), f"part {i}: 'by' must be tiling, halves or symbolic, got {by!r}")
        need((op == "==") == (by != "tiling"), f"part {i} is an identity: prove it by halves or symbolic, not by tiling"
             if op == "==" else f"part {i} is an inequality ({op}): prove it by tiling, not by {by}")
        if by == "tiling":
            checker.tiling((i, None), entry.get("tiling"), box, f"part {i}")
        elif by == "halves":
            for half in ("le", "ge"):
                checker.tiling((i, half), entry.get(half), box, f"part {i}, half {half}")
        else:
            need(isinstance(entry.get("what"), str), f"part {i}: a symbolic part needs 'what'")
            checker.trusted.add(i)
            checker.must_list.add(i)
            checker.tiling((i, "defined"), entry.get("defined"), box, f"part {i}, defined")
            if "ftc" in entry:  # the fundamental-theorem rule: derivatives re-derived, premises re-checked
                from .ftc import check_ftc

                checker.count += check_ftc(entry["ftc"], claim, i, box, f"part {i}")
            if "gauss" in entry:  # Gaussian moment rules: the closed forms re-derived by the kernel
                from .ftc import _symbols
                from .gauss import check_gauss

                need(entry["gauss"] is True, f"part {i}: 'gauss' must be true")
                check_gauss(claim, i, _symbols(claim), f"part {i}")
            if "ftc" not in entry and "gauss" not in entry:  # the identity re-derived by the kernel
                from .exact import identity

                identity(claim, i, box, f"part {i} (symbolic: {entry['what'][:80]})")


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


def _check_counterexample(cx, claim, checker: Leaves):
    point, names = field(cx, "point", dict, "the counterexample"), [v.name for v in claim.variables]
    need(sorted(point) == sorted(names), f"the counterexample must give {names}, it gives {sorted(point)}")
    at = [rational(point[v.name], f"the counterexample's {v.name}") for v in claim.variables]
    for v, q in zip(claim.variables, at):
        need(v.lo <= q <= v.hi, f"the point {v.name}={num(q)} lies outside the box [{num(v.lo)}, {num(v.hi)}]")
    violation, bits, part = cx.get("violation"), field(cx, "precision", int, "the counterexample"), cx.get("part")
    need(violation in ("relation", "undefined"), f"'violation' must be relation or undefined, got {violation!r}")
    need(2 <= bits <= 20000, f"'precision' must be 2..20000 bits, got {bits}")
    need(isinstance(cx.get("exact_zero", False), bool), "'exact_zero' must be true or false")
    need(violation == "undefined" or (type(part) is int and part >= 0), "a relation violation needs its 'part'")
    why = "not shown"
    for b in [bits] + [b for b in (113, 240, 1000, 4000) if b > bits]:
        with working_precision(b):
            try:
                values = [Interval.point(q) for q in at]
                like, leaves = values[0] if values else Interval.point(0), claim.evaluate(values).leaves()
                if violation == "undefined":
                    for leaf in leaves:
                        side_raw(leaf.lhs, like), side_raw(leaf.rhs, like)
                    why = "the body is defined there (no domain error)"
                    continue
                need(part < len(leaves), f"the body has {len(leaves)} part(s); there is no part {part}")
                why = _violated(leaves[part], like, cx.get("exact_zero", False), checker, part, at)
            except Reject:
                raise
            except Exception as exc:  # noqa: BLE001
                if violation == "undefined" and _domain_error(exc):
                    return
                why = f"evaluating the body raised {type(exc).__name__}: {exc}"
        if why is None:
            return
    shown = ", ".join(f"{v.name}={num(q)}" for v, q in zip(claim.variables, at)) or "(no variables)"
    raise Reject(f"the counterexample {shown} ({violation}): {why}")


def _violated(leaf, like, exact_zero, checker, part, at):
    if leaf.op == "==":
        need(not exact_zero, "exact_zero makes no identity fail")
        d = side_raw(leaf.lhs, like) - side_raw(leaf.rhs, like)
        return None if (d.lo > 0 or d.hi < 0) else f"lhs - rhs enclosure {show(d)} does not exclude 0"
    m, strict = side_raw(leaf.big, like) - side_raw(leaf.small, like), leaf.op in ("<", ">")
    if exact_zero:
        need(strict, "exact_zero refutes only a strict part")
        if not (m.defined and m.contains(0)):
            return f"margin enclosure {show(m)} is not a defined enclosure of 0"
        from .exact import arb_zero

        if not arb_zero(m):  # the kernel's own enclosure is not the point 0: sympy, re-run here
            from .exact import at_point

            at_point(checker.claim, part, at, f"part {part}: exact_zero counterexample (the two sides exactly equal)")
            checker.trusted.add(part)
        return None
    return None if (m.hi <= 0 if strict else m.hi < 0) else f"margin enclosure {show(m)} is not certainly on the wrong side"


def _domain_error(exc) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen and not isinstance(exc, NotEnclosed):
        if isinstance(exc, DomainError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__
    return False


def certificate_files(paths) -> list | None:
    """The certificates named by ``paths`` (files, and ``*.cert.json`` below directories); None,
    with the reason on stderr, when a path does not exist or none is found."""
    files = []
    for p in map(Path, paths):
        if not p.exists():
            print(f"theorycheck verify: {p}: no such file or directory", file=sys.stderr)
            return None
        files.extend(sorted(p.rglob("*.cert.json")) if p.is_dir() else [p])
    if not files:
        print("theorycheck verify: no certificate found (*.cert.json)", file=sys.stderr)
        return None
    return files


def run_cli(paths, as_json=False) -> int:
    """``theorycheck verify CERT... [--json]``: 0 all valid, 1 any invalid, 2 usage error."""
    files = certificate_files(paths)
    if files is None:
        return 2
    results = [verify_certificate(f) for f in files]
    if as_json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    for r in results if not as_json else ():
        print(f"{'valid' if r.valid else 'INVALID'}  {r.path}  {r.message}")
    return 0 if all(r.valid for r in results) else 1


# -- for the prover: which trust its certificate should state ----------------------------------------

def sympy_needed(claim, entry) -> bool:
    """Does the kernel need a sympy step for this proved part's leaves (``entry``: a part of a
    certificate's ``parts``, not a symbolic one)? An exact zero (``exact_zero`` point, Taylor or
    series ``zeros``) whose kernel enclosure is exactly the point 0 needs none; along sets always
    do. Computed with the kernel's own code at the precision its check starts with, so that the
    prover writes the trust the kernel finds (True whenever that cannot be shown)."""
    try:
        box = tuple((v.lo, v.hi) for v in claim.variables)
        checker = Leaves(claim, _parts_of(claim, box))
        i = entry["part"]
        targets = [((i, None), entry.get("tiling", []))] + [((i, h), entry.get(h, [])) for h in ("le", "ge")]
        return any(checker.needs_sympy(t, leaf) for t, leaves in targets for leaf in leaves)
    except Exception:  # noqa: BLE001 - not shown: the certificate states sympy (the kernel accepts more)
        return True


def counterexample_needs_sympy(claim, part, point, bits) -> bool:
    """Does the kernel need sympy for an ``exact_zero`` counterexample at the exact ``point``
    (its margin enclosure at ``bits`` not exactly the point 0)?"""
    from .exact import arb_zero

    try:
        with working_precision(bits):
            values = [Interval.point(q) for q in point]
            leaf = claim.evaluate(values).leaves()[part]
            like = values[0] if values else Interval.point(0)
            return not arb_zero(side_raw(leaf.big, like) - side_raw(leaf.small, like))
    except Exception:  # noqa: BLE001
        return True
