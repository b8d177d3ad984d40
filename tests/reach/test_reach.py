"""Issue 15's reach corpus (``corpus.py``): fast consistency checks by default; the full decision
run behind ``--reach`` and the dense mpmath grid behind ``--reach-grid`` (see ``conftest.py``)."""

from fractions import Fraction

import mpmath as mp
import pytest

from . import conftest, oracle, run

ENTRIES = oracle.entries()
NAMES = list(ENTRIES)


def test_corpus_size_and_shape():
    assert len(ENTRIES) >= 60
    false = [e for e in ENTRIES.values() if not e.truth]
    assert 15 <= len(false) <= len(ENTRIES) // 2
    assert {"core_npdf_peak", "core_tv_pinsker"} <= set(ENTRIES)
    for e in ENTRIES.values():
        assert e.citation and len(e.citation) > 10, e.name
        assert e.reason, e.name
        assert e.claim.expect == ("proved" if e.truth else "refuted")


def test_every_claim_loads_under_its_name():
    """The CLI's loader sees exactly the corpus's claims (no load problem, no unnamed claim)."""
    from theorycheck.loader import load_file, load_problems

    claims = load_file(oracle.CORPUS)
    assert [c.name for c in claims] == NAMES
    assert load_problems(oracle.CORPUS) == []


def test_core_claims_are_the_issue_s():
    """The two held-out core claims of issue 15, as the issue states them."""
    import inspect

    src = inspect.getsource(ENTRIES["core_tv_pinsker"].claim.func)
    assert "2 * Phi(abs(a - b) / 2) - 1 <= abs(a - b) / 2" in src
    assert "npdf(x - mu) <= 1 / sqrt(2 * pi)" in inspect.getsource(ENTRIES["core_npdf_peak"].claim.func)


@pytest.mark.parametrize("name", NAMES)
def test_expected_truth_agrees_with_mpmath_at_a_few_points(name):
    e = ENTRIES[name]
    points = list(oracle.few_points(e))
    if name in oracle.QUAD_NAMES:  # its oracle integrates over the real line: two points are enough here
        points = points[1:3]
    ok, msg = oracle.check_entry(e, points, dense=False)
    assert ok, f"{name}: {msg}"


def test_oracle_is_not_vacuous():
    """The oracle's judgement can go both ways: a true claim's oracle, fed the relation reversed,
    fails; a false claim's holds somewhere (it is not simply always negative)."""
    e = ENTRIES["exp_above_tangent"]
    (lhs, rel, rhs), = oracle.evaluate(e, {"x": "1"})
    assert oracle.holds([(lhs, rel, rhs)]) and oracle.clearly_fails([(rhs, rel, lhs)])
    f = ENTRIES["tanh_below_identity_all_reals"]
    assert oracle.holds(oracle.evaluate(f, {"x": "1"}))
    assert oracle.clearly_fails(oracle.evaluate(f, {"x": "-1"}))


@pytest.mark.parametrize("d", ["0.3", "1", "2.5"])
def test_gaussian_closed_forms(d):
    """The divergence closed forms the corpus uses (N(d, 1) vs N(0, 1)), by mpmath quadrature."""
    d = mp.mpf(d)
    with mp.workdps(30):
        p = lambda x: mp.npdf(x - d)  # noqa: E731
        q = mp.npdf
        pts = [-mp.inf, -10, 0, d / 2, d, 10 + d, mp.inf]  # |p - q| has its kink at d/2
        tv = mp.quad(lambda x: abs(p(x) - q(x)), pts) / 2
        kl = mp.quad(lambda x: p(x) * mp.log(p(x) / q(x)), pts)
        h2 = mp.quad(lambda x: (mp.sqrt(p(x)) - mp.sqrt(q(x)))**2, pts)
        chi2 = mp.quad(lambda x: (p(x) - q(x))**2 / q(x), [-mp.inf, -10, 0, d, 2 * d, 10 + 2 * d, mp.inf])
        assert abs(tv - (2 * mp.ncdf(d / 2) - 1)) < mp.mpf("1e-20")
        assert abs(kl - d**2 / 2) < mp.mpf("1e-20")
        assert abs(h2 - 2 * (1 - mp.exp(-d**2 / 8))) < mp.mpf("1e-20")
        assert abs(chi2 - (mp.exp(d**2) - 1)) < mp.mpf("1e-20")


def test_judge_flags_wrong_verdicts():
    """The full run's judge: a true claim refuted, a false one proved, a counterexample the oracle
    does not confirm or outside the box are WRONG; undecided is not."""
    t, f = ENTRIES["exp_above_tangent"], ENTRIES["exp_above_quadratic_all_reals"]
    refuted = lambda cex: {"verdict": "refuted", "seconds": 1, "json": {"counterexample": cex}}  # noqa: E731
    assert run.judge(t, {"verdict": "proved", "seconds": 1})[0] == "right"
    assert run.judge(t, refuted({"x": "1"}))[0] == "WRONG"
    assert run.judge(f, {"verdict": "proved", "seconds": 1})[0] == "WRONG"
    assert run.judge(f, refuted({"x": "-1"}))[0] == "right"
    assert run.judge(f, refuted({"x": "1"}))[0] == "WRONG"      # holds at x = 1
    assert run.judge(f, refuted({"x": "-6"}))[0] == "WRONG"     # outside [-5, 5]
    assert run.judge(f, {"verdict": "undecided", "seconds": 30, "capped": True})[0] == "undecided"


# -- opt-in: the dense grid and the full decision run ---------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_expected_truth_on_dense_grid(name, request):
    if not conftest.option(request.config, "--reach-grid", "REACH_GRID"):
        pytest.skip("dense mpmath grid: run with --reach-grid (or REACH_GRID=1)")
    e = ENTRIES[name]
    ok, msg = oracle.check_entry(e, list(oracle.grid(e)))
    assert ok, f"{name}: {msg}"


@pytest.mark.parametrize("name", NAMES)
def test_no_wrong_verdict(name, request):
    if not conftest.option(request.config, "--reach", "REACH_FULL"):
        pytest.skip("full decision run: run with --reach (or REACH_FULL=1)")
    e = ENTRIES[name]
    result = run.run_one(name)
    outcome, note = run.judge(e, result)
    conftest.RESULTS.append(outcome)
    assert outcome != "WRONG", (f"WRONG verdict on {name} ({'true' if e.truth else 'false'}): "
                                f"{result['verdict']}: {note}; reproduce: {' '.join(run.command(name)[1:])}")
    if outcome != "right":
        pytest.skip(f"{outcome.upper()}: {name} ({result['verdict']}, {result['seconds']:.0f} s) {note}")


def test_peer_benchmark_problems_have_the_stated_truth():
    """benchmarks/bench_peers.py flags a tool's verdict WRONG against each problem's stated truth:
    that truth is checked here with mpmath at 30 digits (true: g >= 0 on a grid; false: g < 0 at
    some grid point), independently of every tool the benchmark measures."""
    import importlib.util
    import itertools

    path = oracle.HERE.parent.parent / "benchmarks" / "bench_peers.py"
    spec = importlib.util.spec_from_file_location("bench_peers_for_test", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    ns = {"exp": mp.exp, "log": mp.log, "sqrt": mp.sqrt, "erf": mp.erf, "erfc": mp.erfc, "tanh": mp.tanh,
          "npdf": mp.npdf, "Phi": mp.ncdf, "pi": mp.pi, "abs": abs}
    per_axis = {1: 201, 2: 21, 3: 9, 4: 5}  # each false problem's failing point lies on its grid
    assert len(bench.PROBLEMS) >= 20
    with mp.workdps(30):
        for p in bench.PROBLEMS:
            code = compile(p.g, "<g>", "eval")
            n = per_axis[len(p.vars)]
            axes = [[Fraction(lo) + (Fraction(hi) - Fraction(lo)) * Fraction(i, n - 1) for i in range(n)]
                    for lo, hi in p.box.values()]
            worst = min(eval(code, {"__builtins__": {}}, {**ns, **{v: oracle.mpf(c) for v, c in zip(p.vars, pt)}})
                        for pt in itertools.product(*axes))
            if p.truth:
                assert worst >= -mp.mpf("1e-25"), (p.name, worst)
            else:
                assert worst < -mp.mpf("1e-12"), (p.name, worst)
