"""The lemma library decided again from scratch, without its certificates (the fast ones).

`pytest lemmas/` verifies each committed certificate with the kernel instead of proving the claim
again, so a change that leaves the prover unable to prove (or refute) a library claim would go
unseen until someone ran `pytest lemmas/ --reprove`: it happened once (a cache key broken by a
new context variable left seed 002's calc chain undecided at its budget, behind its certificate).
Here every library claim whose last report took under :data:`SECONDS` is decided again with the
report's budget and seed, and must reach the verdict the lemma file expects. The slower ones are
left to `pytest lemmas/ --reprove` (minutes). Nothing is written: no report, no certificate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # minutes: run with --slow (tests/conftest.py)

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 5.0  # claims whose last report took less (wall clock on the machine that wrote it)


def _fast_library_claims():
    out = []
    for path in sorted((ROOT / "reports").glob("*/*.json")):
        try:
            report = json.loads(path.read_text())
        except (ValueError, OSError):
            continue
        if not isinstance(report, dict) or report.get("format") != "theorycheck-report/1":
            continue
        if report.get("expected") not in ("proved", "refuted") or report.get("budget") is None:
            continue
        if (report.get("seconds") or 0.0) < SECONDS:
            out.append(pytest.param(report["file"], report["claim"], report["budget"], report.get("seed", 0),
                                    report["expected"], id=report["target"]))
    return out


@pytest.mark.parametrize("file,name,budget,seed,expected", _fast_library_claims())
def test_library_claim_is_decided_again_as_expected(file, name, budget, seed, expected):
    from theorycheck.check import check
    from theorycheck.loader import load_file

    claims = {c.name: c for c in load_file(ROOT / file)}
    assert name in claims, f"{file}: the report names {name}, which the lemma file no longer has"
    v = check(claims[name], budget=budget, seed=seed)
    assert v.verdict == expected, (f"{file}::{name}: {v.verdict} from scratch (expected {expected}); "
                                   f"evidence: {json.dumps(v.evidence, default=str)[:1500]}")


def test_the_selection_is_not_empty():
    assert len(_fast_library_claims()) >= 50
