"""Budgets count work, not seconds (issue 13: reproducible verdicts).

The same claim, seed and budget give the identical verdict, counterexample and evidence however
fast the machine's clock runs and whatever else the machine does; the wall clock is only an outer
safety limit, and reaching it gives "undecided" with "time limit" in the evidence."""

import subprocess
import sys
import time

import pytest

from theorycheck import Phi, claim, exp, gamma, log, npdf, sqrt, work
from theorycheck.check import check


@claim(delta=(0, 12))
def tv_at_most_a_third_of_the_gap(delta):  # false on (0, 2.5) or so: at the centres of sub-boxes
    return 2 * Phi(delta / 2) - 1 <= delta / 3


# (the factor gamma(2) = 1 keeps the fast path's contractor out: it traces no gamma, so these
#  two are decided by the search and by branch and bound, as this test needs)
@claim(x=(-1, 1))
def narrow_spike(x):  # false only within ~1e-4 of x = 0.1234567: between the fast path's grid points
    return exp(-((x - 0.1234567) ** 2) * 10**8) * gamma(2) <= 1 / 2


@claim(x=(-1, 1))
def no_spike(x):  # false only within ~1e-8 of x = 0.1234567: the float search misses it
    return exp(-((x - 0.1234567) ** 2) * 10**16) * gamma(2) <= 1 / 2


@claim(x=(-5, 5), y=(-1, 1))
def exp_above_its_tangent_plus(x, y):  # true: proved by branch and bound
    return exp(x) + y**2 >= 1 + x


@claim(x=("0.001", 3), y=("0.5", 2))
def log_below_its_cubic_taylor(x, y):  # true (alternating series), but not within a small budget
    return log(1 + x * y) <= x * y - (x * y) ** 2 / 2 + (x * y) ** 3 / 3


CASES = [  # (claim, budget, the verdict, how it is reached)
    (tv_at_most_a_third_of_the_gap, 2.0, "refuted", "fast path: corners + certify"),
    (narrow_spike, 2.0, "refuted", "search + certify"),
    (no_spike, 2.0, "refuted", "branch and bound + certify"),
    (exp_above_its_tangent_plus, 3.0, "proved", "symbolic / branch and bound"),
    (log_below_its_cubic_taylor, 0.3, "undecided", "symbolic / branch and bound"),
]


def _comparable(v) -> dict:
    out = v.to_json()
    out.pop("seconds")  # the one measured quantity: informative, never part of a verdict
    return out


SAFE = 1200  # seconds: the safety limit out of the way (this tests the work count, not the limit)


@pytest.fixture(scope="module")
def normal_runs():
    return {c.name: _comparable(check(c, budget=b, time_limit=SAFE)) for c, b, _, _ in CASES}


REGRESSED: dict = {}  # known regressions, kept failing here until mended (strict xfails): name -> why
# (session 22's two are mended: the log rule is no longer tried first on one varying factor, where
#  it took a third of no_spike's work; the plain prover's Taylor, series and touching-point stages
#  stop at the part's deadline, which log_below_its_cubic_taylor overran by 55%)


def _cases():
    return [pytest.param(*case, id=case[0].name, marks=[pytest.mark.xfail(strict=True, reason=REGRESSED[case[0].name])]
                         if case[0].name in REGRESSED else []) for case in CASES]


@pytest.mark.parametrize("c,budget,verdict,method", _cases())
def test_each_kind_of_verdict_is_reached_by_work(normal_runs, c, budget, verdict, method):
    v = normal_runs[c.name]
    assert v["verdict"] == verdict, v
    assert method in v["evidence"]["methods"]
    assert "time_limit" not in v["evidence"]
    assert 0 < v["evidence"]["work_units"]
    if verdict == "undecided":  # the budget ran out: the work used is the budget (and a little)
        assert budget <= v["evidence"]["work_units"] <= 1.5 * budget


@pytest.mark.parametrize("c,budget,verdict,method", CASES, ids=[c.name for c, *_ in CASES])
def test_a_clock_20_times_fast_changes_nothing(normal_runs, monkeypatch, c, budget, verdict, method):
    real = time.monotonic
    t0 = real()
    monkeypatch.setattr(time, "monotonic", lambda: t0 + 20 * (real() - t0))
    # the safety limit far away: nothing else may read the clock
    fast = _comparable(check(c, budget=budget, time_limit=20 * SAFE))
    monkeypatch.undo()
    assert fast == normal_runs[c.name]


def test_a_busy_machine_changes_nothing(normal_runs):
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        loaded = {c.name: _comparable(check(c, budget=b, time_limit=SAFE)) for c, b, _, _ in CASES}
    finally:
        hog.kill()
        hog.wait()
    assert loaded == normal_runs


@claim(p=("0.05", "0.95"), q=("0.05", "0.95"))
def pinsker_two_point(p, q):  # true (Pinsker for Bernoulli laws; equality on p = q): expanded logs, sets
    return p * log(p / q) + (1 - p) * log((1 - p) / (1 - q)) >= 2 * (p - q) ** 2


@claim(x=(-4, 4), y=(-4, 4))
def npdf_log_concave_midpoint(x, y):  # true (the log margin is (x - y)^2/8): the log rule, then sets
    return npdf((x + y) / 2) >= sqrt(npdf(x) * npdf(y))


@pytest.mark.parametrize("c", [pinsker_two_point, npdf_log_concave_midpoint], ids=lambda c: c.name)
def test_the_stages_of_the_log_rule_and_of_sets_stop_at_their_deadlines(c):
    # a budget spent long before a proof: every stage (the log form's proof, the expanded logs, the
    # search for sets where the margin vanishes with its sympy identity and interval cross-check,
    # the float probes of a derived claim) stops at its deadline: the work used stays within 1.5x
    budget = 0.3
    v = check(c, budget=budget, time_limit=SAFE).to_json()
    assert v["verdict"] == "undecided", v
    assert budget <= v["evidence"]["work_units"] <= 1.5 * budget, v["evidence"]["work_units"]


def test_the_same_budget_in_a_chain_step_and_alone_is_the_same_work():
    # a nested check (a calc chain's step) charges its own meter and the chain's
    with work.metered(5.0) as outer:
        with work.metered(1.0) as inner:
            work.charge(0.25)
        assert inner.used == 0.25 and outer.used == 0.25
        assert work.clock() == 0.25


def test_the_time_limit_gives_undecided_with_time_limit_in_the_evidence(monkeypatch):
    real = time.monotonic
    t0 = real()
    # a clock that runs a thousand times fast: the safety limit (30 s per unit) passes at once
    monkeypatch.setattr(time, "monotonic", lambda: t0 + 10**4 * (real() - t0))
    v = check(exp_above_its_tangent_plus, budget=3.0)
    monkeypatch.undo()
    assert v.verdict == "undecided"
    assert "time limit" in v.evidence["time_limit"]
    assert v.counterexample is None

    from theorycheck.cli import _human_line

    assert "undecided: time limit" in _human_line(v.to_json())


def test_a_refutation_cut_by_the_time_limit_is_undecided_too(monkeypatch):
    # a verdict reached after the safety limit passed is not kept: another machine would have
    # stopped earlier, and a verdict must not depend on the machine
    calls = []
    real = time.monotonic

    def late_clock():
        calls.append(1)
        return real() + (0 if len(calls) < 50 else 10**6)

    monkeypatch.setattr(time, "monotonic", late_clock)
    v = check(narrow_spike, budget=2.0)  # (refuted by the search: after many readings of the clock)
    monkeypatch.undo()
    assert v.verdict == "undecided" and "time limit" in v.evidence["time_limit"]


def test_cli_workers_give_the_same_verdicts_and_evidence_as_one_worker(tmp_path):
    # --workers N decides N claims at a time, each wholly in one process
    import json

    f = tmp_path / "three.py"
    f.write_text(
        "from theorycheck import Phi, claim, exp, log\n\n"
        "@claim(x=(-5, 5), expect='proved')\ndef tangent(x):\n    return exp(x) >= 1 + x\n\n"
        "@claim(delta=(0, 12), expect='refuted')\ndef tv_third(delta):\n"
        "    return 2 * Phi(delta / 2) - 1 <= delta / 3\n\n"
        "@claim(x=(0, 2), expect='refuted')\ndef log_tangent(x):\n    return log(x) <= x - 1\n")
    runs = []
    for workers in ("1", "2"):
        proc = subprocess.run([sys.executable, "-m", "theorycheck.cli", "check", str(f), "--json", "--quiet",
                               "--budget", "2", "--time-limit", str(SAFE), "--workers", workers],
                              capture_output=True, text=True, timeout=SAFE)
        assert proc.returncode == 0, proc.stderr
        out = json.loads(proc.stdout)
        for v in out:
            v.pop("seconds")
        runs.append(out)
    assert [v["verdict"] for v in runs[0]] == ["proved", "refuted", "refuted"]
    assert runs[0] == runs[1]


def test_the_hypothesis_pass_is_derandomised_and_counted():
    # the same seed gives the same search in two runs of one process (no example database,
    # no deadline, a fixed number of examples within the work budget)
    from theorycheck.search import search

    a = search(tv_at_most_a_third_of_the_gap, seed=3)
    b = search(tv_at_most_a_third_of_the_gap, seed=3)
    assert a.evaluations == b.evaluations and a.candidates[:5] == b.candidates[:5]
