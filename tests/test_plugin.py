"""The pytest plugin (theorycheck/pytest_plugin.py), run on small lemma files through pytester.

Each outcome of the plugin's table: passes (proved, expected refutation), failures (unexpected
refutation, refutation gone, proof not reached, refutation not found, body error), undecided as
its own outcome and as a failure under --strict-proofs; options from the command line and the ini
file; what is collected and what is not; reports under pytest-xdist.
"""

import json
import textwrap

import pytest

pytest_plugins = ["pytester"]

HEADER = "from theorycheck import claim, exp, log, Phi\n\n"

VERDICTS = '''
@claim(x=(-2, 2))
def exp_above_tangent(x):
    return exp(x) >= 1 + x


@claim(x=(-2, 2), expect="proved", source="folklore")
def exp_above_tangent_expected(x):
    return exp(x) >= 1 + x


@claim(delta=(0, 12), expect="refuted", source="Li et al. 2018, Lemma B.2", reading="constant 1/3")
def tv_at_most_a_third(delta):
    return 2 * Phi(delta / 2) - 1 <= delta / 3


@claim(x=(-1, 1), expect="proved", source="a paper", reading="exp below its tangent")
def exp_below_tangent(x):
    return exp(x) <= 1 + x


@claim(x=(-1, 1), expect="refuted")
def refutation_gone(x):
    return exp(x) >= 1 + x
'''

UNDECIDED = '''
@claim(x=(-1, 1), y=(-1, 1){expect})
def product_rule_as_inequality(x, y):
    return exp(x) * exp(y) - exp(x + y) >= 0  # as one margin: the log rule proves the two-sided form
'''


@pytest.fixture(scope="module", autouse=True)
def warm_imports(tmp_path_factory):
    """In-process pytester runs drop the modules first imported inside them, and numpy's and
    scipy's extension modules cannot be imported twice; so everything a check and a report
    import lazily is imported here first, by deciding one claim of each verdict."""
    from theorycheck import Phi, claim, exp
    from theorycheck.check import check
    from theorycheck.report import deterministic_search, write_report

    @claim(x=(-1, 1))
    def warm_proved(x):
        return exp(x) >= 1 + x

    @claim(delta=(0, 12))
    def warm_refuted(delta):
        return 2 * Phi(delta / 2) - 1 <= delta / 3

    @claim(x=(-1, 1), y=(-1, 1))
    def warm_undecided(x, y):
        return exp(x) * exp(y) - exp(x + y) >= 0  # as one margin: the log rule proves the two-sided form

    out = tmp_path_factory.mktemp("warm")
    for c, budget in ((warm_proved, 5), (warm_refuted, 5), (warm_undecided, 2)):
        with deterministic_search():
            v = check(c, budget=budget)
        write_report(c, v, reports_dir=out, root=out)


def lemma(pytester, name, body, ini=""):
    pytester.makefile(".ini", pytest="[pytest]\n" + textwrap.dedent(ini))
    path = pytester.path / "lemmas" / f"{name}.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(HEADER + textwrap.dedent(body))
    return path


def test_each_verdict_gives_its_outcome_and_a_refutation_shows_its_evidence(pytester):
    lemma(pytester, "verdicts", VERDICTS)
    result = pytester.runpytest("lemmas", "-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=2)
    out = result.stdout.str()
    result.stdout.fnmatch_lines([
        "*verdicts.py::exp_above_tangent PROVED*",
        "*verdicts.py::exp_above_tangent_expected PROVED*",
        "*verdicts.py::tv_at_most_a_third REFUTED (as expected)*",
        "*verdicts.py::exp_below_tangent FAILED*",
        "*verdicts.py::refutation_gone FAILED*",
    ])
    # the unexpected refutation: the certified point, both sides, the gap, report and command
    result.stdout.fnmatch_lines([
        "exp_below_tangent is FALSE: refuted with a certified counterexample (expected proved)",
        "  source:  a paper",
        "  reading: exp below its tangent",
        "  certified counterexample (exact decimals):",
        "    x = *",
        "  rigorous enclosures there (rounded outward) of `lhs <= rhs`:",
        "    lhs in [[]*, *[]]",
        "    rhs in [[]*, *[]]",
        "    gap in [[]-*, -*[]]   (rhs - lhs; the claim needs >= 0)",
        "  report:    reports/verdicts/exp_below_tangent.md",
        "  reproduce: theorycheck check lemmas/verdicts.py::exp_below_tangent --seed 0 --budget 20",
    ])
    assert "Traceback" not in out and "def runtest" not in out  # the message, not a traceback
    result.stdout.fnmatch_lines(["refutation_gone: expected a refutation, but the claim was PROVED*"])
    # the failure's numbers are the report's
    data = json.loads((pytester.path / "reports/verdicts/exp_below_tangent.json").read_text())
    cex = data["counterexample"]["x"]
    assert f"    x = {cex}" in out
    assert f"lhs in [{data['lhs'][0]}, {data['lhs'][1]}]" in out
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_undecided_is_its_own_outcome_with_boxes_left_and_progress(pytester, monkeypatch):
    # progress shows from the first report on (by default after a second of wall clock, which a
    # budget of work units may or may not last on this machine)
    monkeypatch.setattr("theorycheck.pytest_plugin.PROGRESS_DELAY", 0.0)
    lemma(pytester, "hard", UNDECIDED.format(expect=""),
          ini="theorycheck_budget = 8\ntheorycheck_progress = lines\n")
    result = pytester.runpytest("lemmas", "-p", "no:cacheprovider")
    result.assert_outcomes(skipped=0, passed=0, failed=0, errors=0)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines([
        "u*[[]100%[]]",
        "*undecided lemmas*",
        "UNDECIDED lemmas/hard.py::product_rule_as_inequality - undecided within 8 work units: part 1: * boxes "
        "left (*% of the volume); report: reports/hard/product_rule_as_inequality.md",
        "*1 undecided*",
    ])
    # progress showed while the claim ran
    result.stdout.fnmatch_lines(["[[]theorycheck[]] product_rule_as_inequality: * (* s)"])
    data = json.loads((pytester.path / "reports/hard/product_rule_as_inequality.json").read_text())
    assert data["verdict"] == "undecided" and data["evidence"]["parts"][0]["boxes_left"] > 0
    page = (pytester.path / "reports/hard/product_rule_as_inequality.md").read_text()
    assert "Undecided: the budget ran out" in page and "**Next step**" in page


def test_strict_proofs_fails_an_undecided_claim(pytester):
    lemma(pytester, "hard", UNDECIDED.format(expect=""), ini="theorycheck_budget = 2\n")
    result = pytester.runpytest("lemmas", "--strict-proofs", "--no-reports", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["product_rule_as_inequality: undecided within 2 work units (--strict-proofs): part 1: *"])
    assert not (pytester.path / "reports").exists()


@pytest.mark.parametrize(
    "expect, message",
    [
        ("proved", "product_rule_as_inequality: expected proved, but the proof was not reached within 2 work units: part 1: *"),
        ("refuted", "product_rule_as_inequality: expected a refutation, but no counterexample was certified within 2 work units*"),
    ],
)
def test_undecided_fails_when_a_verdict_was_expected(pytester, expect, message):
    lemma(pytester, "hard", UNDECIDED.format(expect=f', expect="{expect}"'))
    result = pytester.runpytest("lemmas", "--theorycheck-budget", "2", "--no-reports", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([message])


def test_a_body_that_raises_fails_with_the_error(pytester):
    lemma(pytester, "bad", '''
        @claim(x=(-1, 1))
        def calls_a_missing_method(x):
            return x.no_such_method() <= 1
    ''')
    result = pytester.runpytest("lemmas", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["calls_a_missing_method: the claim could not be evaluated:", "*no_such_method*"])
    data = json.loads((pytester.path / "reports/bad/calls_a_missing_method.json").read_text())
    assert data["verdict"] == "error"


def test_a_body_undefined_on_the_box_is_refuted_with_the_reason(pytester):
    # log(x - 5) with x in [-1, 1]: the log of a negative number, undefined at every point
    lemma(pytester, "bad", '''
        @claim(x=(-1, 1))
        def log_of_a_negative(x):
            return log(x - 5) <= 1
    ''')
    result = pytester.runpytest("lemmas", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*log_of_a_negative is FALSE*", "*the body is undefined there*log*"])
    data = json.loads((pytester.path / "reports/bad/log_of_a_negative.json").read_text())
    assert data["verdict"] == "refuted" and "log" in data["undefined"]
    page = (pytester.path / "reports/bad/log_of_a_negative.md").read_text()
    assert "the body is undefined at a certified point" in page


def test_a_bad_lemma_file_is_a_collection_error_without_traceback(pytester):
    lemma(pytester, "broken", '''
        @claim(x=(1, -1))
        def reversed_range(x):
            return exp(x) >= 0
    ''')
    result = pytester.runpytest("lemmas", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*theorycheck could not load the lemma file*reversed (empty) range*"])
    assert "Traceback" not in result.stdout.str()


def test_budget_seed_and_thorough_from_ini_and_command_line(pytester):
    body = '''
        @claim(x=(-1, 1), expect="refuted")
        def below_tangent(x):
            return exp(x) <= 1 + x
    '''
    lemma(pytester, "opts", body, ini="theorycheck_seed = 7\ntheorycheck_budget = 3\ntheorycheck_thorough_budget = 4\n")
    path = pytester.path / "reports/opts/below_tangent.json"

    pytester.runpytest("lemmas", "-p", "no:cacheprovider").assert_outcomes(passed=1)
    data = json.loads(path.read_text())
    assert (data["seed"], data["budget"]) == (7, 3.0)
    assert data["reproduce"] == "theorycheck check lemmas/opts.py::below_tangent --seed 7 --budget 3"

    # the claim's committed certificate matches it: it is re-checked, not proved again, and its
    # report (made with budget 3) stays as it is
    pytester.runpytest("lemmas", "--thorough", "-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert json.loads(path.read_text())["budget"] == 3.0
    # proved afresh, the settings of the run apply
    pytester.runpytest("lemmas", "--thorough", "--reprove", "-p", "no:cacheprovider").assert_outcomes(passed=1)
    assert json.loads(path.read_text())["budget"] == 4.0

    pytester.runpytest("lemmas", "--theorycheck-seed", "2", "--theorycheck-budget", "5", "--reprove",
                       "-p", "no:cacheprovider").assert_outcomes(passed=1)
    data = json.loads(path.read_text())
    assert (data["seed"], data["budget"]) == (2, 5.0)

    result = pytester.runpytest("lemmas", "--theorycheck-budget", "0", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_collects_lemma_files_and_explicit_claim_files_only(pytester):
    lemma(pytester, "one", '''
        @claim(x=(-1, 1))
        def exp_positive(x):
            return exp(x) > 0
    ''')
    # a normal test module inside lemmas/ stays a normal test (collected once)
    (pytester.path / "lemmas" / "test_helpers.py").write_text("def test_plain():\n    assert True\n")
    # a helper without theorycheck inside lemmas/: not imported
    (pytester.path / "lemmas" / "notes.py").write_text("raise SystemExit('must not be imported')\n")
    # a claim file outside lemmas/: only when named explicitly
    (pytester.path / "mine.py").write_text(HEADER + "@claim(x=(0, 1))\ndef exp_at_least_one(x):\n    return exp(x) >= 1\n")

    result = pytester.runpytest("--collect-only", "-q", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["lemmas/one.py::exp_positive", "lemmas/test_helpers.py::test_plain"])
    assert "mine.py" not in result.stdout.str()
    assert "notes" not in result.stdout.str()
    assert result.stdout.str().count("test_plain") == 1

    result = pytester.runpytest("mine.py", "-q", "--no-reports", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)

    # and -m selects lemmas
    result = pytester.runpytest("-q", "-m", "not theorycheck", "--no-reports", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, deselected=1)


def test_no_ini_file_rootdir_is_lemmas(pytester):
    """`pytest lemmas/` in a project without an ini file: the rootdir is lemmas/ itself; the
    claims are still collected and the reports still go beside it."""
    path = pytester.path / "lemmas" / "solo.py"
    path.parent.mkdir()
    path.write_text(HEADER + "@claim(x=(0, 1))\ndef exp_at_least_one(x):\n    return exp(x) >= 1\n")
    result = pytester.runpytest("lemmas", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert (pytester.path / "reports" / "solo" / "exp_at_least_one.md").exists()
    assert (pytester.path / "reports" / "README.md").exists()


def test_reports_under_xdist_are_whole_and_equal_to_a_serial_run(pytester):
    pytest.importorskip("xdist")
    lemma(pytester, "verdicts", VERDICTS)
    files = ["reports/README.md"] + [
        f"reports/verdicts/{n}.{ext}"
        for n in ("exp_above_tangent", "tv_at_most_a_third", "exp_below_tangent", "refutation_gone")
        for ext in ("md", "json")
    ] + ["reports/verdicts/tv_at_most_a_third.png", "reports/verdicts/exp_below_tangent.png"]

    def snapshot():
        out = {}
        for f in files:
            raw = (pytester.path / f).read_bytes()
            if f.endswith(".json"):
                d = json.loads(raw)
                d.pop("seconds")
                out[f] = d
            elif f.endswith(".md"):
                out[f] = [ln for ln in raw.decode().splitlines() if "when this report last changed" not in ln]
            else:
                out[f] = raw
        return out

    result = pytester.runpytest_subprocess("lemmas", "-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=2)
    parallel = snapshot()
    assert b"\x89PNG" == parallel["reports/verdicts/tv_at_most_a_third.png"][:4]
    assert not list(pytester.path.glob("reports/**/*.tmp"))
    index = "\n".join(parallel["reports/README.md"])
    assert index.count("| ✅ |") == 3 and index.count("| ❌ |") == 2

    import shutil

    shutil.rmtree(pytester.path / "reports")
    result = pytester.runpytest_subprocess("lemmas", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3, failed=2)
    assert snapshot() == parallel


NOTES = '''
from theorycheck import note


@claim(x=(-1, 1), expect="proved")
def tangent(x):
    return exp(x) >= 1 + x


lemma_4_2 = note("lemma_4_2", source="Li et al. 2018, Lemma 4.2", status="statement needed",
                 why="not in the reference", next_step="type it in", see=(("the template", "lemmas/notes.py"),))
theorem = note("theorem", source="a paper, Theorem 1", status="tested", why="an experiment decides it")
'''


def test_notes_are_listed_as_noted_with_a_page_and_an_index_row(pytester):
    lemma(pytester, "notes", NOTES)
    result = pytester.runpytest("lemmas", "-v", "-p", "no:cacheprovider")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*notes.py::tangent PROVED*", "*notes.py::lemma_4_2 STATEMENT NEEDED*",
                                 "*notes.py::theorem TESTED*", "*NOTED lemmas/notes.py::lemma_4_2 - statement needed: "
                                 "not in the reference*", "*1 passed, 2 noted*"])
    page = (pytester.path / "reports" / "notes" / "lemma_4_2.md").read_text()
    assert "**statement needed**" in page and "type it in" in page and "(../../lemmas/notes.py)" in page
    index = (pytester.path / "reports" / "README.md").read_text()
    assert "1 claims: 1 proved" in index and "2 items without a claim of their own" in index
    assert "| 📝 | [`lemma_4_2`](notes/lemma_4_2.md) | Li et al. 2018, Lemma 4.2 | not in the reference | — | " \
           "*statement needed* |" in index
    # a note that is gone from its file leaves the index
    path = pytester.path / "lemmas" / "notes.py"
    path.write_text(path.read_text().replace('lemma_4_2 = note(', 'gone = dict('))
    from theorycheck.report import write_index

    write_index(pytester.path / "reports", pytester.path)
    assert "lemma_4_2" not in (pytester.path / "reports" / "README.md").read_text()


# -- claim identity, claims that cannot be loaded, claims without variables (issue 12) ---------

TWINS = '''
def exp_above(c):
    @claim(x=(-1, 1))
    def exp_above_const(x):
        return exp(x) >= c
    return exp_above_const


# the least value of exp on [-1, 1] is exp(-1) = 0.36787944... (exp increasing; mpmath)
high_const = exp_above(0.4)   # false
low_const = exp_above(0.3)    # true
'''


def test_factory_twins_are_items_of_their_own_with_their_own_reports(pytester):
    lemma(pytester, "twins", TWINS, ini="theorycheck_budget = 10\n")
    result = pytester.runpytest("lemmas", "-v", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["*twins.py::high_const FAILED*", "*twins.py::low_const PROVED*"])
    result.stdout.fnmatch_lines(["*high_const is FALSE*", "*reproduce: theorycheck check lemmas/twins.py::high_const*"])
    high = json.loads((pytester.path / "reports/twins/high_const.json").read_text())
    low = json.loads((pytester.path / "reports/twins/low_const.json").read_text())
    assert (high["verdict"], low["verdict"]) == ("refuted", "proved")
    index = (pytester.path / "reports" / "README.md").read_text()
    assert "(twins/high_const.md)" in index and "(twins/low_const.md)" in index


BROKEN_AND_SHADOWED = '''
@claim(x=(-1, 1))
def twice(x):
    return exp(x) >= 0.3


@claim(x=(-1, 1))
def twice(x):
    return exp(x) >= 0.3


@claim(x=(1, -1))
def reversed_range(x):
    return exp(x) >= 0


@claim(x=(0, 1))
def fine(x):
    return exp(x) >= 1
'''


def test_a_bad_claim_is_an_error_item_and_the_file_s_other_claims_still_run(pytester):
    lemma(pytester, "mixed", BROKEN_AND_SHADOWED, ini="theorycheck_budget = 5\n")
    result = pytester.runpytest("lemmas", "-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, errors=2)  # twice (the reachable one) and fine pass
    result.stdout.fnmatch_lines(["*claim 'twice' made at line * is unreachable*'twice' (line *)*"])
    result.stdout.fnmatch_lines(["*reversed_range*reversed (empty) range*"])
    assert "Traceback" not in result.stdout.str()
    result = pytester.runpytest("lemmas/mixed.py::fine", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


ZERO = '''
@claim()
def e_above():          # e = 2.71828... > 2.718
    return exp(1) > 2.718


@claim()
def e_below():          # false: e > 2.718
    return exp(1) <= 2.718
'''


def test_a_claim_without_variables_through_the_plugin(pytester):
    lemma(pytester, "zero", ZERO, ini="theorycheck_budget = 5\n")
    result = pytester.runpytest("lemmas", "-v", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*e_below is FALSE*", "*(the claim has no variables: its single point)*",
                                 "*lhs in [[]2.71828182845904*"])
    data = json.loads((pytester.path / "reports/zero/e_below.json").read_text())
    assert data["verdict"] == "refuted" and data["counterexample"] == {}
