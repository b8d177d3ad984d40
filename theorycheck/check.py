"""Decide a claim: search for a certified counterexample, then try to prove it on the whole box.

Verdicts:
- ``proved``: every part enclosed and decided on every sub-box (or an exact symbolic identity);
- ``refuted``: a counterexample certified with intervals at an exact decimal point;
- ``undecided``: the budget ran out; the evidence says what was tried and which boxes are left.

The budget counts work units (:mod:`theorycheck.work`), never seconds, so a verdict does not
depend on the machine's load; the wall clock is only an outer safety limit, and a verdict cut
by it is ``undecided`` with ``time limit`` in its evidence.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from . import certificates as _certificates  # noqa: F401 (every decided verdict builds one: loaded with check)
from . import fastpath as _fastpath  # noqa: F401 (the first step of every check)
from .certify import certify, clarify, exact_point_from_floats
from .claims import Claim, ClaimEvaluationError
from .expr import PointsOnly
from .prove import prove_leaf
from .search import hypothesis_examples_for, search
from .symbolic import claim_deadline, prove_identity
from . import work

SEARCH_SHARE = 0.35
CERTIFY_ATTEMPTS = 8
FIRST_CERTIFY_OVERRUN = 5.0  # work units the first certification may run past the claim's budget


@dataclass
class Verdict:
    claim: str
    verdict: str
    expected: str | None = None
    counterexample: dict | None = None
    lhs: list | None = None
    rhs: list | None = None
    gap: list | None = None
    relation: str | None = None
    seconds: float = 0.0
    evidence: dict = field(default_factory=dict)
    source: str | None = None
    reading: str | None = None
    module: str | None = None
    seed: int = 0
    budget: float | None = None
    steps: list | None = None  # for calc chains: one verdict object per step
    conclusion: dict | None = None  # for calc chains: the verdict of e_0 R e_n
    undefined: str | None = None  # a counterexample where the body is undefined: why
    # what a certificate needs (theorycheck.certificates): {"parts": [...]} of a proof, or
    # {"counterexample": {...}}, with the trusted "symbolic_steps"; None when not recorded
    proof: dict | None = None

    @property
    def matches_expectation(self) -> bool:
        if self.expected is None:
            return self.verdict != "refuted"
        return self.verdict == self.expected

    def to_json(self) -> dict:
        return {
            "claim": self.claim,
            "verdict": self.verdict,
            "expected": self.expected,
            "matches_expectation": self.matches_expectation,
            "counterexample": self.counterexample,
            "lhs": self.lhs,
            "rhs": self.rhs,
            "gap": self.gap,
            "relation": self.relation,
            "seconds": round(self.seconds, 3),
            "evidence": self.evidence,
            "source": self.source,
            "reading": self.reading,
            "module": self.module,
            "seed": self.seed,
            "budget": self.budget,
            "undefined": self.undefined,
            **({"steps": self.steps, "conclusion": self.conclusion} if self.steps is not None else {}),
        }


def _verdict(claim: Claim, verdict: str, start: float, evidence: dict, seed: int, budget: float, **extra) -> Verdict:
    """A Verdict carrying the claim's identity (name, source, reading, file) and the timing
    (``seconds``: the wall clock since the claim's meter started; informative only)."""
    return Verdict(
        claim=claim.name,
        verdict=verdict,
        expected=claim.expect,
        seconds=time.monotonic() - work.current().start,
        evidence=evidence,
        source=claim.source,
        reading=claim.reading,
        module=claim.options.get("path") or claim.module,
        seed=seed,
        budget=budget,
        **extra,
    )


def _exact_zero_needs_sympy(claim, cert) -> bool:
    """An exact_zero counterexample needs sympy unless the kernel's own enclosure of its margin is
    exactly the point 0 (:func:`theorycheck.kernel.counterexample_needs_sympy`)."""
    from fractions import Fraction

    from .kernel import counterexample_needs_sympy

    try:
        point = [Fraction(cert.point[v.name]) for v in claim.variables]
    except Exception:  # noqa: BLE001
        return True
    return counterexample_needs_sympy(claim, cert.leaf_index - 1, point, int(cert.precision))


def _refuted(claim, cert, start, evidence, seed, budget) -> Verdict:
    v = _refuted_verdict(claim, cert, start, evidence, seed, budget)
    from .certificates import counterexample

    steps = []
    if cert.exact_zero and _exact_zero_needs_sympy(claim, cert):
        steps.append({"part": cert.leaf_index - 1, "what": "sympy: the two sides are exactly equal at the point"})
    v.proof = {"counterexample": counterexample(cert), "symbolic_steps": steps}
    return v


def _refuted_verdict(claim, cert, start, evidence, seed, budget) -> Verdict:
    evidence = dict(evidence)
    evidence["certified_at_bits"] = cert.precision
    evidence["violated_part"] = cert.leaf_index
    if cert.undefined is not None:
        evidence["violation"] = "undefined"
        return _verdict(claim, "refuted", start, evidence, seed, budget, counterexample=cert.point,
                        undefined=cert.undefined)
    evidence["violation"] = "relation"
    return _verdict(
        claim, "refuted", start, evidence, seed, budget,
        counterexample=cert.point, lhs=cert.lhs.to_strings(), rhs=cert.rhs.to_strings(),
        gap=cert.gap.to_strings(), relation=cert.relation,
    )


def check(claim: Claim, budget: float = 20.0, seed: int = 0, workers: int = 1, progress=None,
          symbolic_units: float | None = None, time_limit: float | None = None) -> Verdict:
    """Decide ``claim`` within ``budget`` work units (:mod:`theorycheck.work`); see the module
    docstring. A claim is decided in this one process: ``workers`` is kept for callers, and the
    command line's ``--workers`` decides several claims in parallel instead; only a claim made with
    ``split=k`` has its proof cut into pieces by a fixed rule, which the executor of
    :func:`theorycheck.distribute.using` runs (here, in processes or on a cluster) with the same
    verdict and certificate wherever they run. ``time_limit``: the outer wall-clock safety limit in seconds (default
    :func:`work.time_limit_for`, 30 s per unit); when reached the verdict is ``undecided`` and the
    evidence says ``time limit``.

    Floats from outside the body's literals that met exact numbers are their exact binary values
    (theorycheck.expr.binary_value); the evidence lists them under ``floats_taken_as_binary``.
    Every symbolic (sympy) call made meanwhile, in any engine, stops by the claim's work deadline
    (:func:`symbolic.claim_deadline`); only the first certification of a found violation may run
    past it, by at most :data:`FIRST_CERTIFY_OVERRUN` units (recorded in the evidence)."""
    from .expr import BinaryFloats

    if claim.options.get("budget") is not None:  # @claim(budget=UNITS): the claim's own, in place of the run's
        budget = claim.options["budget"]
    if getattr(claim, "integers", ()):  # integer parameters: one ordinary claim per value
        from .claims import check_family

        return check_family(claim, budget=budget, seed=seed, workers=workers, progress=progress,
                            symbolic_units=symbolic_units, time_limit=time_limit)
    fast_spent = [0.0]  # work of the fast path when it decided nothing (its meter is its own)
    with work.metered(budget, time_limit) as meter, BinaryFloats() as floats, claim_deadline(budget):
        verdict = _check(claim, budget, seed, workers, progress, symbolic_units, fast_spent)
        meter.charge(fast_spent[0])
        if claim.options.get("unbounded"):  # told in x, never at an infinite end
            from .unbounded import map_back

            verdict = map_back(claim, verdict)
    if floats.describe():
        verdict.evidence["floats_taken_as_binary"] = floats.describe()
    verdict.evidence["work_units"] = round(meter.used, 3)
    if meter.timed_out:
        _cut_by_time_limit(verdict, meter)
    return verdict


def _cut_by_time_limit(verdict: Verdict, meter) -> None:
    """The outer wall-clock limit was reached: whatever the engines had got to, the verdict is
    ``undecided`` (another machine would have got further: no verdict that depends on it)."""
    limit = meter.wall_deadline - meter.start
    verdict.evidence["time_limit"] = (f"time limit: the wall-clock safety limit ({limit:.4g} s) was reached "
                                      f"after {meter.used:.4g} of {verdict.budget:g} work units"
                                      + (f"; the engines had reached '{verdict.verdict}'"
                                         if verdict.verdict != "undecided" else ""))
    verdict.verdict = "undecided"
    verdict.counterexample = verdict.lhs = verdict.rhs = verdict.gap = verdict.relation = None
    verdict.undefined = None


def _check(claim: Claim, budget: float, seed: int, workers: int, progress,
           symbolic_units: float | None, fast_spent=None) -> Verdict:
    start = work.clock()  # 0: the claim's own meter
    deadline = start + budget
    say = progress or (lambda msg: None)
    evidence: dict = {"methods": [], "parts": []}

    from .calc import Chain
    from .prove import leaf_structure

    # -- fast path (issue 15; theorycheck/fastpath.py): a first interval pass decides easy
    #    claims in milliseconds. It runs on a meter of its own: when it decides nothing, the
    #    steps below read the claim's meter exactly as before and decide as before.
    fast = _fast_path(claim, budget, start, evidence, seed, fast_spent)
    if fast is not None:
        return fast
    # -- end of the fast path

    try:
        top = leaf_structure(claim)
    except ClaimEvaluationError as exc:
        # the body could be made at none of the points tried, nor on symbols
        from .decide import certainly_undefined, not_enclosed
        from .prove import _sample_values

        if certainly_undefined(exc):
            centre = [v.exact_value for v in _sample_values(claim)]
            cert = certify(claim, exact_point_from_floats(claim, centre), deadline=deadline)
            if cert is not None:
                evidence["methods"].append("certify (the body is undefined at every point tried)")
                return _refuted(claim, cert, start, evidence, seed, budget)
        if certainly_undefined(exc) or not_enclosed(exc):
            evidence["parts"].append({"index": 1, "verdict": "undecided", "boxes_left": 1, "volume_left": 1.0,
                                      "left": [], "note": f"no enclosure of the body at any point tried: {exc}",
                                      "next_step": "check where the body is defined"})
            return _verdict(claim, "undecided", start, evidence, seed, budget)
        raise
    if isinstance(top, Chain):
        return _check_chain(claim, top, budget, seed, workers, progress, start)
    leaves = top.leaves()

    # 0. identities first: an exact symbolic proof, plus a proof that both sides are defined on
    #    the whole box (sympy simplifies x/x to 1 without asking where x is 0), makes the
    #    search pointless
    symbolic_parts = {}
    ftc_parts = {}  # part -> {"ftc": FTCProof} when the fundamental-theorem rule proved it (theorycheck.ftc)
    defined_parts = {}  # part -> its definedness proof, when one was proved here (reused below)
    if any(leaf.is_identity for leaf in leaves):
        for i, leaf in enumerate(leaves):
            if leaf.is_identity:
                say(f"symbolic check of part {i + 1}")
                limit = symbolic_units if symbolic_units is not None else max(0.5, min(10.0, 0.3 * budget))
                limit = min(limit, max(deadline - work.clock(), 0.0))
                symbolic_parts[i] = (prove_identity(claim, i, units=limit, details=ftc_parts.setdefault(i, {}))
                                     if limit > 0
                                     else (False, "no budget left"))
        if all(leaf.is_identity and symbolic_parts[i][0] for i, leaf in enumerate(leaves)):
            parts, failing = [], None
            for i in range(len(leaves)):
                say(f"part {i + 1}: is the body defined on the whole box?")
                share = 0.3 * budget / len(leaves)
                pr = _defined_on_box(claim, i, min(deadline, work.clock() + share), _Confirm(claim, deadline))
                if pr.status == "proved":
                    defined_parts[i] = pr
                parts.append({"index": i + 1, "relation": "==", "symbolic": symbolic_parts[i][1],
                              "definedness": pr.status, "method": "symbolic"})
                if pr.status == "failing_box" and failing is None:
                    failing = pr.failing_point
            if all(p["definedness"] == "proved" for p in parts):
                evidence["methods"].append("symbolic + definedness by intervals")
                for p in parts:
                    p["verdict"] = "proved"
                    p["definedness"] = "defined on the whole box (interval decorations)"
                evidence["parts"] = parts
                v = _verdict(claim, "proved", start, evidence, seed, budget)
                v.proof = _proof(claim, [(i, leaves[i], defined_parts[i], symbolic_parts[i][1])
                                         for i in range(len(leaves))], ftc_parts)
                return v
            if failing is not None:
                cert = certify(claim, exact_point_from_floats(claim, failing), deadline=deadline)
                if cert is not None:
                    evidence["methods"].append("definedness by intervals + certify")
                    return _refuted(claim, cert, start, evidence, seed, budget)

    # 0b. (issue 15) an identity between integrals that no symbolic rule proved: a rigorous
    #     enclosure at an exact point is cheap, the float search (scipy quad per point) is not;
    #     a few exact interior points are certified first (theorycheck.identities)
    integral_identities = {i for i, leaf in enumerate(leaves) if leaf.is_identity
                           and not symbolic_parts[i][0] and ftc_parts.get(i, {}).get("integrals")}
    if integral_identities:
        from .identities import exact_point_refutation

        say("certifying exact points (an identity between integrals)")
        cert = exact_point_refutation(claim, min(deadline, work.clock() + 0.15 * budget))
        if cert is not None:
            evidence["methods"].append("exact points + certify")
            return _refuted(claim, cert, start, evidence, seed, budget)

    # 1. adversarial search, then certification of the most violated float points. Identity
    #    gaps at the level of float rounding are tried last, with a short clock: intervals at
    #    the exact point decide, never the size of the float gap.
    say("searching for a counterexample")
    found = search(claim, seed=seed, deadline=start + SEARCH_SHARE * budget, progress=say,
                   hypothesis_examples=hypothesis_examples_for(budget))
    evidence["search"] = {"evaluations": found.evaluations, "vectorised": found.vectorised}
    if found.undefined:  # points where the float body is undefined: tried first below
        evidence["search"]["undefined_candidates"] = len(found.undefined)
    if found.notes:
        evidence["search"]["notes"] = list(found.notes)
    attempts = 0
    strict = any(leaf.strict for leaf in leaves)
    plain, noisy = [], []
    identities = all(leaf.is_identity for leaf in leaves)  # only an identity's gap can be float noise
    for margin, xs in found.candidates:
        if len(plain) >= CERTIFY_ATTEMPTS:  # the attempts below never reach further candidates
            break
        if not (margin < 0 or (margin == 0 and strict) or math.isnan(margin)):
            continue
        (noisy if identities and _within_float_noise(claim, xs, margin) else plain).append((margin, xs))
    for k, (margin, xs) in enumerate(plain + noisy):
        if attempts >= CERTIFY_ATTEMPTS:
            break
        attempts += 1
        point = exact_point_from_floats(claim, xs)
        if k >= len(plain):
            # a gap at the level of float noise: a short look, within the budget
            cert_deadline = min(deadline, work.clock() + 0.05 * budget)
        else:
            # the first attempt may overrun the budget a little (a found violation is worth
            # certifying), by FIRST_CERTIFY_OVERRUN units at most; later ones stop at the deadline
            cert_deadline = deadline + min(budget, FIRST_CERTIFY_OVERRUN) if attempts == 1 else deadline
        with claim_deadline(cert_deadline):
            cert = certify(claim, point, deadline=cert_deadline)
        now = work.clock()  # (+inf once the safety limit has passed: then no overrun is recorded)
        if deadline < now < math.inf and "certification_overrun_units" not in evidence["search"]:
            evidence["search"]["certification_overrun_units"] = round(now - deadline, 3)
            evidence["search"]["certification_overrun_cap_units"] = min(budget, FIRST_CERTIFY_OVERRUN)
        if cert is not None:
            evidence["methods"].append("search + certify")
            evidence["search"]["float_margin"] = margin
            cert = clarify(claim, cert, plain, deadline)  # issue 15: a clearer certified point, if any
            return _refuted(claim, cert, start, evidence, seed, budget)
    evidence["search"]["certification_attempts"] = attempts
    touch = touching_points(claim, found.candidates)

    # 2. prove each part on the whole box
    all_proved = True
    proved_parts = []
    for i, leaf in enumerate(leaves):
        part = {"index": i + 1, "relation": leaf.op}
        symbolic_ok = leaf.is_identity and symbolic_parts[i][0]
        if leaf.is_identity:
            part["symbolic"] = symbolic_parts[i][1]
        say(f"proving part {i + 1} of {len(leaves)}")
        if work.clock() >= deadline:
            # the budget is spent: the parts left are undecided (each would cost one
            # evaluation of the whole body at least)
            all_proved = False
            part.update(verdict="undecided", boxes_left=1, volume_left=1.0, left=[],
                        note="not tried: the budget was spent on the parts before it",
                        next_step="raise --budget, or split the claim into several claims")
            evidence["parts"].append(part)
            continue
        share = (deadline - work.clock()) / (len(leaves) - i)
        part_deadline = work.clock() + max(share, 0.0)
        epsilon_deadline = part_deadline
        if i in integral_identities:  # a share kept for the certified epsilon if it stays undecided
            part_deadline = work.clock() + 0.85 * max(share, 0.0)
        confirm = _Confirm(claim, deadline + min(budget, FIRST_CERTIFY_OVERRUN))
        try:
            if symbolic_ok:
                # sympy proved lhs - rhs = 0; what is left is that both sides are defined
                pr = defined_parts.get(i) or _defined_on_box(claim, i, part_deadline, confirm)
                part["definedness"] = pr.status
            elif leaf.is_identity:
                # an identity is two inequalities, each proved on its own
                pr = _prove_halves(claim, i, part_deadline, touch, say, confirm)
            else:
                pr = prove_leaf(claim, i, part_deadline, touch_points=touch, progress=say, confirm=confirm)
        except ClaimEvaluationError as exc:
            if not isinstance(exc.__cause__, PointsOnly):
                raise
            all_proved = False
            part.update(verdict="undecided", boxes_left=1, volume_left=1.0, left=[],
                        note=f"not provable with this body: {exc.__cause__}",
                        next_step="a proof needs enclosures over boxes; the search above found no counterexample "
                                  f"in {found.evaluations} evaluations (raise --budget to search longer)")
            evidence["parts"].append(part)
            continue
        part.update(
            boxes_decided=pr.boxes_decided,
            boxes_left=pr.boxes_left,
            volume_left=pr.volume_left,
            max_depth=pr.max_depth,
            decided_by=pr.methods,
        )
        if pr.status == "failing_box":
            point = exact_point_from_floats(claim, pr.failing_point)
            cert = confirm.cert or certify(claim, point, deadline=deadline + min(budget, FIRST_CERTIFY_OVERRUN))
            if cert is not None:
                part["verdict"] = "refuted"
                evidence["parts"].append(part)
                evidence["methods"].append("branch and bound + certify")
                return _refuted(claim, cert, start, evidence, seed, budget)
            part["note"] = f"a box certainly fails, but certification at {point} did not confirm"
            pr.status = "undecided"
        if pr.status == "proved":
            part["verdict"] = "proved"
            part["method"] = "symbolic + definedness by intervals" if symbolic_ok else "branch and bound"
            # issue 15: which transformation decided it (theorycheck.transforms), if one did
            done = sorted({k[len("transformed ("):-1] for k in pr.methods if k.startswith("transformed (")})
            if done and not symbolic_ok:
                part["method"] = "branch and bound on the transformed part: " + "; ".join(done)
            if getattr(pr, "exact", None) is not None:  # (issue 15) z3 decided it: a trusted step
                from .polynomial import label

                part["method"] = label(pr.exact["z3"])
                part["trust"] = "z3 (its unsat is not re-checked by the kernel)"
            proved_parts.append((i, leaf, pr, symbolic_parts[i][1] if symbolic_ok else None))
        else:
            all_proved = False
            part["verdict"] = "undecided"
            part["left"] = pr.left
            if getattr(pr, "left_summary", None):  # issue 15: the undecided page says where they cluster
                part["left_summary"] = pr.left_summary
            if pr.worst_bound is not None:
                lo, hi = pr.worst_bound
                part["margin_enclosure_on_left_boxes"] = [lo, hi]
            if i in integral_identities:  # evidence, never a proof (theorycheck.identities)
                from .identities import certified_epsilon

                eps = certified_epsilon(claim, i, epsilon_deadline)
                if eps is not None:
                    part["certified_epsilon"] = eps
            part["next_step"] = ("the body may be undefined somewhere in the boxes left; restrict the box or "
                                 "raise --budget" if symbolic_ok else
                                 "raise --budget (more boxes), or split the claim where the boxes are left")
        evidence["parts"].append(part)

    evidence["methods"].append("symbolic / branch and bound")
    v = _verdict(claim, "proved" if all_proved else "undecided", start, evidence, seed, budget)
    if all_proved:
        v.proof = _proof(claim, proved_parts, ftc_parts)
    return v


CLEAR_VIOLATION = 1e-3  # relative violation (margin / (|lhs| + |rhs|)) a reader sees at a glance


def _fast_path(claim, budget, start, evidence, seed, fast_spent) -> Verdict | None:
    """The verdict of :func:`theorycheck.fastpath.try_fast` when it decided the claim (its work
    charged to the claim's meter), else None (its work noted in ``fast_spent``, charged after
    the normal pipeline)."""
    if claim.options.get("split"):  # a proof declared long (theorycheck.distribute) goes to its pieces
        return None
    fast, units = _fastpath.try_fast(claim, budget)
    if fast is None:
        if fast_spent is not None:
            fast_spent[0] += units
        return None
    work.charge(units)
    evidence["methods"].append(fast.how)
    if fast.verdict == "refuted":  # a clearer certified point where one exists, as for the search's
        # a point found by the fast path that violates the claim plainly is only coarsened (one
        # scalar evaluation each: the refutation stays fast); one that fails by a hair (the two
        # sides look equal) is worth the grid of simple decimals
        from .certify import _float_relative_violation

        names = [v.name for v in claim.variables]
        point = fast.cert.point
        if point and all(len(str(point[n])) == 1 for n in names):
            # a point of one-character coordinates ('0', '1'): clarify keeps it (it only takes a
            # strictly shorter point), so neither its candidates nor its grid are made
            return _refuted(claim, fast.cert, start, evidence, seed, budget)
        rel = _float_relative_violation(claim, [point[n] for n in names]) if point else None
        plain = rel is not None and rel >= CLEAR_VIOLATION
        return _refuted(claim, clarify(claim, fast.cert, [], grid=not plain), start, evidence, seed, budget)
    for i, leaf, pr in fast.parts:
        evidence["parts"].append({"index": i + 1, "relation": leaf.op, "boxes_decided": pr.boxes_decided,
                                  "boxes_left": pr.boxes_left, "volume_left": pr.volume_left,
                                  "max_depth": pr.max_depth, "decided_by": pr.methods, "verdict": "proved",
                                  "method": "branch and bound"})
    v = _verdict(claim, "proved", start, evidence, seed, budget)
    v.proof = _proof(claim, [(i, leaf, pr, None) for i, leaf, pr in fast.parts])
    return v


def _proof(claim, proved_parts, ftc_parts=None) -> dict | None:
    """The certificate body of a proof: one entry per part; None when a proof is too large
    to write out (the verdict stands; it has no certificate). A part the fundamental-theorem
    rule proved (``ftc_parts[i]["ftc"]``) records its steps and premises for the kernel."""
    from .certificates import TooLarge, part_proof, uses_sympy

    parts, steps = [], []
    try:
        for i, leaf, pr, symbolic in proved_parts:
            parts.append(part_proof(claim, i, leaf, pr, symbolic))
            if symbolic is not None and (ftc_parts or {}).get(i, {}).get("ftc") is not None:
                parts[-1]["ftc"] = ftc_parts[i]["ftc"].to_json()
            if symbolic is not None and (ftc_parts or {}).get(i, {}).get("gauss"):
                parts[-1]["gauss"] = True  # Gaussian moment rules: the kernel re-derives the closed forms
            if symbolic is not None:
                steps.append({"part": i, "what": symbolic if symbolic.startswith("sympy") else f"sympy: {symbolic}"})
            if uses_sympy(parts[-1], claim):  # as the kernel finds it (exact Arb zeros need no sympy)
                steps.append({"part": i, "what": "sympy: a margin, or a derivative of it at a Taylor anchor, "
                                                 "is exactly 0 at a point"})
    except TooLarge:
        return None
    return {"parts": parts, "symbolic_steps": steps}


def _defined_on_box(claim, leaf_index, deadline, confirm):
    """The premise of a symbolic identity proof: both sides defined on the whole box (sympy
    simplifies x/x to 1 without asking where x is 0). Branch and bound on the decorations."""
    return prove_leaf(claim, leaf_index, deadline, definedness_only=True, confirm=confirm)


class _Confirm:
    """The prover's ``confirm``: certify a point of a failing box at its exact point inside the
    claim's box; remembers the first certificate."""

    def __init__(self, claim, deadline):
        self.claim = claim
        self.deadline = deadline
        self.cert = None

    def __call__(self, xs) -> bool:
        cert = certify(self.claim, exact_point_from_floats(self.claim, xs), deadline=self.deadline)
        if cert is not None and self.cert is None:
            self.cert = cert
        return cert is not None


def _prove_halves(claim, leaf_index, deadline, touch, say, confirm=None):
    """Both halves of an identity part (lhs <= rhs, lhs >= rhs), each with half the work left;
    one result: failing if a half fails, proved if both are, else undecided."""
    results = []
    for k, half in enumerate(("le", "ge")):
        share = (deadline - work.clock()) / (2 - k)
        limit = work.clock() + max(share, 0.0)
        r = prove_leaf(claim, leaf_index, limit, touch_points=touch, progress=say, half=half, confirm=confirm)
        results.append(r)
        if r.status == "failing_box":
            break
    # (the halves' margins are rhs - lhs and lhs - rhs: no one enclosure of "the margin" is left)
    merged = _merged(results, volume_left=max(r.volume_left for r in results), keep_bounds=False)
    merged.pieces = None
    merged.halves = dict(zip(("le", "ge"), results))
    return merged


def _merged(results, volume_left, depth_offset=0, keep_bounds=True):
    """One ProofResult from results over parts of one question (boxes of a split, halves of an
    identity): counts and methods add up, the first failing point wins, proved only if every
    one is; the volume left is the caller's to weigh."""
    from .prove import ProofResult

    merged = ProofResult(status="proved", volume_left=volume_left)
    for r in results:
        merged.boxes_decided += r.boxes_decided
        merged.boxes_left += r.boxes_left
        merged.max_depth = max(merged.max_depth, r.max_depth + depth_offset)
        merged.left.extend(r.left)
        for name, n in r.methods.items():
            merged.methods[name] = merged.methods.get(name, 0) + n
        if r.status == "failing_box" and merged.failing_point is None:
            merged.status, merged.failing_point = "failing_box", r.failing_point
        elif r.status != "proved" and merged.status == "proved":
            merged.status = "undecided"
        if keep_bounds and r.worst_bound is not None:
            wb = merged.worst_bound or (math.inf, -math.inf)
            merged.worst_bound = (min(wb[0], r.worst_bound[0]), max(wb[1], r.worst_bound[1]))
    merged.left = merged.left[:20]
    sums = [r.left_summary for r in results if getattr(r, "left_summary", None)]
    if sums and all(len(x["hull"][0]) == len(sums[0]["hull"][0]) for x in sums):  # issue 15: all the boxes left
        merged.left_summary = {"n": sum(x["n"] for x in sums),
                               "hull": [list(map(min, zip(*[x["hull"][0] for x in sums]))),
                                        list(map(max, zip(*[x["hull"][1] for x in sums])))]}
        if all("diagonal" in x for x in sums):
            merged.left_summary["diagonal"] = {
                k: {"max_gap": max(x["diagonal"][k]["max_gap"] for x in sums),
                    "near": sum(x["diagonal"][k]["near"] for x in sums)} for k in sums[0]["diagonal"]}
    merged.pieces = list(results)
    return merged


def _within_float_noise(claim: Claim, xs, margin: float) -> bool:
    """An identity 'violated' by no more than float rounding noise: certified last, briefly.

    For identities the two sides almost never agree to the last bit in floats, so a gap below
    ~64 ulps of the sides' size is usually noise; but it may be a real violation (1e30 + x**2
    against 1e30), so such points are still certified, after the clear violations."""
    from .decide import float_sides_scale

    try:
        rel = claim.evaluate([float(x) for x in xs])
    except Exception:
        return False
    if not all(leaf.is_identity for leaf in rel.leaves()):
        return False
    scale = float_sides_scale(rel)
    return abs(margin) <= 64 * 2.0**-52 * max(scale, 1e-300)


def touching_points(claim: Claim, candidates, limit: int = 4):
    """Simple exact points where the float margin vanishes: good places to cut boxes.

    A true claim whose two sides touch at x0 can only be decided near x0 if x0 is the face of a
    box (then monotonicity reduces the box to the point x0, evaluated exactly). Search finds
    float points *near* x0; we snap each coordinate to the simplest dyadic number within a small
    distance (0, integers, halves, ...) at which the float margin is still ~0."""
    import numpy as np

    from .search import _scalar_margin, float_box

    lo, hi = float_box(claim)
    with np.errstate(all="ignore"):
        width = hi - lo  # may overflow to inf: the tolerance below is then huge, still fine
    out = []
    for m, xs in candidates:
        if not (abs(m) < 1e-9) or not all(isinstance(x, float) for x in xs):
            continue
        snapped = []
        for i, x in enumerate(xs):
            tol = max(1e-6 * width[i], 1e-300)
            best = x
            for k in range(0, 40):
                cand = round(x * 2.0**k) / 2.0**k
                if abs(cand - x) <= tol and lo[i] <= cand <= hi[i]:
                    best = cand
                    break
            snapped.append(best)
        try:
            ms = _scalar_margin(claim, snapped)
        except Exception:
            continue
        if not math.isnan(ms) and abs(ms) <= max(1e-12, 10 * abs(m)):
            if tuple(snapped) not in out:
                out.append(tuple(snapped))
        if len(out) >= limit:
            break
    return out


def sub_claim(claim: Claim, selector) -> Claim:
    """The claim whose body is one step (``("step", k)``) or the conclusion (``("conclusion",)``)
    of ``claim``'s calc chain, over the same box."""
    from dataclasses import replace

    from .calc import Chain

    def pick(*args):
        chain = claim.func(*args)
        if not isinstance(chain, Chain):
            raise TypeError("the body no longer returns a calc chain")
        return chain.parts[selector[1]] if selector[0] == "step" else chain.conclusion()

    label = f"step {selector[1] + 1}" if selector[0] == "step" else "conclusion"
    sub = replace(claim, func=pick, name=f"{claim.name} [{label}]", expect=None, options=dict(claim.options))
    sub.options["parent"] = claim.name
    sub.options["selector"] = selector
    return sub


def _check_chain(claim, chain, budget, seed, workers, progress, start) -> Verdict:
    from .calc import Chain  # noqa: F401

    n = len(chain.parts)
    if n == 0:
        raise ClaimEvaluationError(claim.name, "-", "the calc chain has no steps")
    share = budget / (n + 1)
    steps = []
    step_verdicts = []  # None for a step not tried
    first_broken = None
    for k, (step, reason) in enumerate(zip(chain.parts, chain.reasons)):
        say = (lambda msg, k=k: progress(f"step {k + 1}/{n}: {msg}")) if progress else None
        if work.clock() >= start + budget:
            # the chain's budget is spent: the steps left are not tried (each costs a search)
            steps.append({"index": k + 1, "relation": step.op, "reason": reason, "verdict": "undecided",
                          "counterexample": None, "lhs": None, "rhs": None, "gap": None, "undefined": None,
                          "evidence": {"note": "not tried: the chain's budget was spent on the steps before it"}})
            step_verdicts.append(None)
            continue
        # a step's symbolic check gets the work a claim of the chain's budget would get (sympy
        # either proves an identity quickly or not at all), within the step's share of a long chain
        v = check(sub_claim(claim, ("step", k)), budget=share, seed=seed, workers=workers, progress=say,
                  symbolic_units=min(max(0.5, min(10.0, 0.3 * budget)), max(share, 0.1 * budget)),
                  time_limit=work.current().seconds_left())
        obj = {
            "index": k + 1,
            "relation": step.op,
            "reason": reason,
            "verdict": v.verdict,
            "counterexample": v.counterexample,
            "lhs": v.lhs,
            "rhs": v.rhs,
            "gap": v.gap,
            "undefined": v.undefined,
            "evidence": v.evidence,
        }
        steps.append(obj)
        step_verdicts.append(v)
        if v.verdict == "refuted" and first_broken is None:
            first_broken = (k, v)
    op = chain.conclusion_op()
    if op is None:
        conclusion = {"relation": None, "verdict": "undecided", "note": "the steps do not compose"}
    elif all(s_["verdict"] == "proved" for s_ in steps):
        # every step holds on the whole box, and the relations compose: the conclusion follows
        conclusion = {"relation": op, "verdict": "proved", "counterexample": None, "lhs": None, "rhs": None,
                      "gap": None, "note": "follows from the proved steps (the relations compose)"}
    else:
        say = (lambda msg: progress(f"conclusion: {msg}")) if progress else None
        cv = check(sub_claim(claim, ("conclusion",)), budget=share, seed=seed, workers=workers, progress=say,
                   symbolic_units=min(max(0.5, min(10.0, 0.3 * budget)), max(share, 0.1 * budget)),
                   time_limit=work.current().seconds_left())
        conclusion = {
            "relation": op,
            "verdict": cv.verdict,
            "counterexample": cv.counterexample,
            "lhs": cv.lhs,
            "rhs": cv.rhs,
            "gap": cv.gap,
        }
    verdicts = [s_["verdict"] for s_ in steps]
    if first_broken is not None:
        verdict = "refuted"
    elif all(x == "proved" for x in verdicts):
        verdict = "proved"
    else:
        verdict = "undecided"
    evidence = {"methods": ["calc chain: every step checked as a claim of its own"], "steps": len(steps)}
    out = _verdict(claim, verdict, start, evidence, seed, budget, steps=steps, conclusion=conclusion)
    out.proof = _chain_proof(step_verdicts, first_broken)
    if first_broken is not None:
        k, v = first_broken
        out.counterexample = v.counterexample
        out.lhs, out.rhs, out.gap, out.relation = v.lhs, v.rhs, v.gap, v.relation
        out.undefined = v.undefined
        evidence["first_broken_step"] = k + 1
    return out


def _chain_proof(step_verdicts, first_broken) -> dict | None:
    """A chain's certificate body: its parts are its steps. Refuted: the first broken step's
    point (part k of the chain); proved: every step's proof, re-indexed."""

    def reindexed(entries, k):
        return [dict(e, part=k) for e in entries]

    if first_broken is not None:
        k, v = first_broken
        if v.proof is None:
            return None
        cx = dict(v.proof["counterexample"])
        if cx["part"] is not None:
            cx["part"] = k
        return {"counterexample": cx, "symbolic_steps": reindexed(v.proof["symbolic_steps"], k)}
    if not step_verdicts or any(v is None or v.verdict != "proved" or v.proof is None for v in step_verdicts):
        return None
    parts, steps = [], []
    for k, v in enumerate(step_verdicts):
        if len(v.proof["parts"]) != 1:
            return None
        parts.extend(reindexed(v.proof["parts"], k))
        steps.extend(reindexed(v.proof["symbolic_steps"], k))
    return {"parts": parts, "symbolic_steps": steps}


def error_verdict(claim_name: str, exc: Exception, expected=None, seconds=0.0, module=None) -> dict:
    return {
        "claim": claim_name,
        "verdict": "error",
        "expected": expected,
        "matches_expectation": False,
        "counterexample": None,
        "lhs": None,
        "rhs": None,
        "seconds": round(seconds, 3),
        "evidence": {"error": str(exc), "type": type(exc).__name__},
        "module": module,
    }


# -- finding a claim again in another process (theorycheck check --workers N) -----------------


def claim_ref(claim: Claim):
    """How a worker process finds the claim again: (file, module, unique name, step selector).

    A claim loaded from a file (:mod:`theorycheck.loader`) has a name unique in its file (the
    module-level name it is bound to). A claim of an imported module is looked up by identity
    among the module's attributes, so a factory-made claim is found under its own binding, not
    under the function name it shares with its twins. None when no reference is reliable
    (the caller then proves in-process)."""
    if "parent" in claim.options:
        return (claim.options.get("path"), claim.module, claim.options["parent"], claim.options["selector"])
    if claim.options.get("path"):
        return (claim.options.get("path"), claim.module, claim.name, None)
    import sys

    mod = sys.modules.get(claim.module)
    for attr, value in (vars(mod).items() if mod is not None else ()):
        if value is claim:
            return (None, claim.module, attr, None)
    return None


def load_claim_ref(ref) -> Claim:
    """The claim a :func:`claim_ref` names; raises LookupError when it is gone (never another
    claim of the same function name)."""
    path, module, name, selector = ref
    if path:
        from .loader import load_file

        matches = [c for c in load_file(path) if c.name == name]
        if len(matches) != 1:
            raise LookupError(f"{path}: {len(matches)} claims named {name!r} (expected exactly one)")
        c = matches[0]
        return sub_claim(c, selector) if selector else c
    import importlib

    mod = importlib.import_module(module)
    c = getattr(mod, name)
    if not isinstance(c, Claim):
        raise LookupError(f"{module}.{name} is not a claim")
    return sub_claim(c, selector) if selector else c
