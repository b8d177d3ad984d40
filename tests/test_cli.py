"""The command line: JSON shape, exit statuses, PATH::NAME, same seed same answer, workers."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CLAIMS_DIR

KNOWN = str(CLAIMS_DIR / "known.py")


def run(*args):
    proc = subprocess.run(
        [sys.executable, "-m", "theorycheck.cli", *args], capture_output=True, text=True, timeout=600
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_json_for_a_refuted_claim_has_the_documented_fields():
    code, out, err = run("check", f"{KNOWN}::narrow_spike_below_its_peak", "--json", "--budget", "20", "--seed", "3")
    assert code == 0, err
    (obj,) = json.loads(out)
    for key in ("claim", "verdict", "expected", "counterexample", "lhs", "rhs", "seconds", "evidence"):
        assert key in obj
    assert obj["verdict"] == "refuted" and obj["expected"] == "refuted"
    x = obj["counterexample"]["x"]
    from fractions import Fraction

    assert abs(Fraction(x) - Fraction(3, 10)) < Fraction(1, 10000)
    assert len(obj["lhs"]) == 2 and len(obj["rhs"]) == 2
    assert Fraction(obj["lhs"][0]) > Fraction(obj["rhs"][1])  # certified: lhs > rhs at the point


def test_same_seed_same_json(tmp_path):
    a = run("check", f"{KNOWN}::exp_above_tangent_plus_1e_12", "--json", "--seed", "5")
    b = run("check", f"{KNOWN}::exp_above_tangent_plus_1e_12", "--json", "--seed", "5")
    ja, jb = json.loads(a[1]), json.loads(b[1])
    assert ja[0]["counterexample"] == jb[0]["counterexample"] and ja[0]["verdict"] == "refuted"


def test_exit_status_1_when_a_verdict_does_not_match(tmp_path):
    f = tmp_path / "wrong.py"
    f.write_text(
        "from theorycheck import claim, exp\n"
        "@claim(x=(-1, 1), expect='proved')\n"
        "def exp_below_one_plus_x(x):\n"
        "    return exp(x) <= 1 + x\n"
    )
    code, out, _ = run("check", str(f), "--budget", "10")
    assert code == 1
    assert "refuted" in out


def test_refuted_without_expectation_fails(tmp_path):
    f = tmp_path / "noexp.py"
    f.write_text(
        "from theorycheck import claim, exp\n"
        "@claim(x=(-1, 1))\n"
        "def exp_below_one_plus_x(x):\n"
        "    return exp(x) <= 1 + x\n"
    )
    code, _, _ = run("check", str(f), "--budget", "10")
    assert code == 1


@pytest.mark.parametrize(
    "args",
    [
        ("check", "no/such/file.py"),
        ("check", f"{KNOWN}::no_such_claim"),
        ("check", KNOWN, "--budget", "-1"),
        ("frobnicate",),
    ],
)
def test_usage_and_input_errors_exit_2(args):
    code, _, err = run(*args)
    assert code == 2
    if "no_such_claim" in " ".join(args):
        assert "no_such_claim" in err


def test_bad_claim_definition_exits_2_with_names(tmp_path):
    f = tmp_path / "bad.py"
    f.write_text("from theorycheck import claim, exp\n@claim(x=(1, 0))\ndef backwards(x):\n    return exp(x) >= 0\n")
    code, _, err = run("check", str(f))
    assert code == 2 and "backwards" in err and "reversed" in err


def test_workers_give_the_same_verdict():
    from theorycheck.check import check
    from theorycheck.loader import load_file

    claims = {c.name: c for c in load_file(CLAIMS_DIR / "known.py")}
    for name in ("touching_along_the_line_x_equals_0", "log_lies_below_its_tangent_at_1"):
        single = check(claims[name], budget=30, workers=1)
        multi = check(claims[name], budget=30, workers=2)
        assert single.verdict == multi.verdict == "proved"


def test_report_writes_note_pages_also_for_a_file_of_notes_only(tmp_path):
    lemmas = tmp_path / "lemmas"
    lemmas.mkdir()
    (lemmas / "claims.py").write_text(
        "from theorycheck import claim, exp, note\n\n@claim(x=(-1, 1), expect='proved')\n"
        "def tangent(x):\n    return exp(x) >= 1 + x\n\n"
        "pending = note('pending', source='a paper, Lemma 2', status='statement needed', why='not available')\n")
    (lemmas / "notes_only.py").write_text(
        "from theorycheck import note\n\nrun = note('run', source='a paper, Fig. 1', status='tested', why='see the experiment')\n")
    proc = subprocess.run([sys.executable, "-m", "theorycheck.cli", "report", "--root", str(tmp_path), "--quiet"],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    index = (tmp_path / "reports" / "README.md").read_text()
    assert "[`pending`](claims/pending.md)" in index and "[`run`](notes_only/run.md)" in index
    assert "*statement needed*" in index and "*tested*" in index
    assert (tmp_path / "reports" / "notes_only" / "run.md").read_text().count("see the experiment") == 1


def test_check_lists_the_notes_of_the_files_it_checks(tmp_path):
    path = tmp_path / "lemma.py"
    path.write_text("from theorycheck import claim, exp, note\n\n@claim(x=(-1, 1), expect='proved')\n"
                    "def tangent(x):\n    return exp(x) >= 1 + x\n\n"
                    "pending = note('pending', source='a paper', status='statement needed', why='not available here')\n")
    code, out, err = run("check", str(path), "--quiet")
    assert code == 0, err
    assert "-- pending: statement needed (no claim): not available here" in out
    code, out, err = run("check", f"{path}::tangent", "--quiet")
    assert code == 0 and "pending" not in out


def test_json_lists_a_claim_that_cannot_be_loaded_as_an_error_and_checks_the_others(tmp_path):
    f = tmp_path / "some_bad.py"
    f.write_text("from theorycheck import claim, exp\n"
                 "@claim(x=(0, 1), y=(0, 1))\ndef unknown_variable(x):\n    return exp(x) >= 1\n"
                 "@claim(x=(0, 1))\ndef exp_at_least_one(x):\n    return exp(x) >= 1\n")
    code, out, err = run("check", str(f), "--json", "--budget", "5", "--quiet")
    assert code == 2 and "unknown_variable" in err and "'y'" in err
    objs = {o["claim"]: o for o in json.loads(out)}
    assert objs["unknown_variable"]["verdict"] == "error" and "'y'" in objs["unknown_variable"]["evidence"]["error"]
    assert objs["exp_at_least_one"]["verdict"] == "proved"  # exp(x) >= 1 for x >= 0
    code, out, _ = run("check", f"{f}::exp_at_least_one", "--budget", "5", "--quiet")
    assert code == 0 and "exp_at_least_one: proved" in out


def test_double_colon_picks_a_factory_made_claim_by_its_binding(tmp_path):
    f = tmp_path / "made.py"
    f.write_text("from theorycheck import claim, exp\n"
                 "def at_least(c):\n"
                 "    return claim(x=(-1, 1))(lambda x: exp(x) >= c)\n"
                 "at_least_03 = at_least(0.3)\n"      # true: exp(-1) = 0.3678... >= 0.3
                 "at_least_04 = at_least(0.4)\n")     # false at x = -1
    code, out, _ = run("check", f"{f}::at_least_04", "--budget", "5", "--quiet")
    assert code == 1 and "at_least_04: refuted" in out and "x=-1" in out
    code, out, _ = run("check", f"{f}::at_least_03", "--budget", "10", "--quiet", "--workers", "2")
    assert code == 0 and "at_least_03: proved" in out


def test_an_internal_error_on_one_claim_spares_the_others(tmp_path):
    # a body that raises an exception theorycheck does not expect from its engines (here from
    # inside a comparison, so it escapes the body's own error reporting) must not stop the run
    f = tmp_path / "one_crash.py"
    f.write_text("from theorycheck import claim, exp\n"
                 "from theorycheck.expr import Relation\n"
                 "class Boom(Relation):\n"
                 "    def leaves(self):\n"
                 "        raise MemoryError('simulated engine failure')\n"
                 "@claim(x=(0, 1))\ndef crashes(x):\n    return Boom(x, '<=', x)\n"
                 "@claim(x=(0, 1))\ndef exp_at_least_one(x):\n    return exp(x) >= 1\n")
    code, out, err = run("check", str(f), "--budget", "5", "--quiet")
    assert code == 2
    assert "internal error on claim 'crashes'" in err and "MemoryError" in err
    assert "exp_at_least_one: proved" in out  # exp(x) >= 1 for x >= 0


def test_check_prints_the_certified_gap_of_a_tiny_violation(tmp_path):
    """lhs and rhs agree to 19 digits; the gap line says by how much they differ (issue 15)."""
    f = tmp_path / "tiny.py"
    f.write_text(
        "from theorycheck import claim\n"
        "@claim(x=('1e-20', '2e-20'), expect='refuted')\n"
        "def one_plus_a_tiny_number(x):\n"
        "    return 1 + x <= 1 + 1e-30\n"
    )
    code, out, err = run("check", str(f), "--budget", "5")
    assert code == 0, err
    (gap_line,) = [ln.split("   [")[0].strip() for ln in out.splitlines() if "certified gap" in ln]
    import re

    m = re.fullmatch(r"certified gap rhs - lhs in \[(\S+), (\S+)\] \(the claim needs >= 0\)", gap_line)
    assert m, gap_line
    lo, hi = (float(g) for g in m.groups())
    assert "e-20" in m.group(1) and "e-20" in m.group(2)
    assert -2.0001e-20 <= lo <= hi < 0  # rhs - lhs = 1e-30 - x, x in [1e-20, 2e-20]
