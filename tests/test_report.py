"""Reports (theorycheck/report.py, theorycheck/plots.py) and `theorycheck report`.

The statement rendering, the page and JSON twin of each verdict, that the refutation's figure
shows the violation where the certificate says it is, deterministic and atomic writes, the index,
pruning, and the command line.
"""

import json
import math
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from theorycheck import Phi, claim, exp, sqrt
from theorycheck.check import check
from theorycheck.loader import load_file
from theorycheck.report import (
    deterministic_search,
    render_statement,
    write_atomic,
    write_index,
    write_report,
)

from .conftest import CLAIMS_DIR

KNOWN = {c.name: c for c in load_file(CLAIMS_DIR / "known.py")}


def decide(c, budget=10.0, seed=0):
    with deterministic_search():
        return check(c, budget=budget, seed=seed)


@pytest.mark.parametrize(
    "name, latex",
    [
        ("exp_lies_above_its_tangent", r"e^{x} \ge 1 + x \qquad \text{for all } x \in [-5, 5]"),
        ("exp_above_tangent_plus_1e_12", r"e^{x} \ge 1 + x + 10^{-12}"),
        ("log_lies_below_its_tangent_at_1", r"\log{\left(x \right)} \le x - 1 \qquad \text{for all } x \in [0.1, 10]"),
        ("normal_cdf_is_symmetric", r"\Phi{\left(x \right)} + \Phi{\left(- x \right)} = 1"),
        ("narrow_spike_below_its_peak", r"\varphi{\left(\left(x - 0.3\right) 10000 \right)} \le 0.3989"),
    ],
)
def test_statement_is_rendered_from_the_body_as_written(name, latex):
    st = render_statement(KNOWN[name])
    assert latex in st["latex"]
    assert st["given"] is False
    assert f"def {name}(" in st["python"]


def test_given_statement_is_used_and_constants_stay_symbolic():
    @claim(delta=(0, 12), statement=r"\mathrm{TV} \le \Delta / \sqrt{2\pi}")
    def given(delta):
        return 2 * Phi(delta / 2) - 1 <= delta / sqrt(2 * 3.141592653589793)

    assert render_statement(given)["latex"] == r"\mathrm{TV} \le \Delta / \sqrt{2\pi}"
    assert render_statement(given)["given"] is True

    from theorycheck import pi

    @claim(delta=(0, "0.5"))
    def rendered(delta):
        return 2 * Phi(delta / 2) - 1 <= delta / sqrt(2 * pi)

    latex = render_statement(rendered)["latex"]
    assert r"\frac{\delta}{\sqrt{2 \pi}}" in latex and r"\delta \in [0, 0.5]" in latex


def test_refutation_report_has_point_enclosures_gap_figure_and_command(tmp_path):
    c = KNOWN["narrow_spike_below_its_peak"]
    v = decide(c, seed=3)
    assert v.verdict == "refuted"
    md = write_report(c, v, reports_dir=tmp_path / "reports", root=CLAIMS_DIR.parent.parent)
    assert md == tmp_path / "reports" / "known" / "narrow_spike_below_its_peak.md"
    data = json.loads(md.with_suffix(".json").read_text())
    page = md.read_text()
    x = v.counterexample["x"]
    assert data["counterexample"] == {"x": x} and f"| `x` | `{x}` |" in page
    for side in ("lhs", "rhs", "gap"):
        assert data[side] == getattr(v, side)
    assert f"`[{v.gap[0]}, {v.gap[1]}]`" in page and "gap = rhs − lhs (the claim needs ≥ 0)" in page
    assert data["file"] == "tests/claims/known.py" and "/work" not in json.dumps(data)
    assert data["reproduce"] == "theorycheck check tests/claims/known.py::narrow_spike_below_its_peak --seed 3 --budget 10"
    assert data["reproduce"] in page
    import re

    link = re.search(r"\| Lemma file \| \[`tests/claims/known.py`\]\(([^)]+)\) \|", page).group(1)
    assert (md.parent / link).resolve() == (CLAIMS_DIR / "known.py").resolve()  # a relative link that works
    assert "![the margin through the counterexample](narrow_spike_below_its_peak.png)" in page

    # the figure: the float margin is negative exactly around the certified point, a window of
    # about +-1.46e-6 (npdf(u) > 0.3989 for |u| < 0.01456), and the zoom panel shows it
    prof = data["figure_profile"]
    (line,) = prof["lines"]
    a, b = (float(t) for t in line["fails_on"])
    assert a <= float(Fraction(x)) <= b
    assert 2.5e-6 < b - a < 3.3e-6 and abs((a + b) / 2 - 0.3) < 1e-7
    assert line["zoomed"] and float(line["margin_at_counterexample"]) < 0
    png = md.with_suffix(".png").read_bytes()
    assert png[:4] == b"\x89PNG"
    # there is red shading in the picture (the violated region), and no metadata chunk
    import io

    import matplotlib.image as mpimg
    import numpy as np

    img = mpimg.imread(io.BytesIO(png))[..., :3]
    reddish = (img[..., 0] > 0.85) & (img[..., 1] < 0.75) & (img[..., 2] < 0.75)
    assert reddish.sum() > 500
    assert b"tEXt" not in png and b"Software" not in png


def test_proved_and_undecided_pages(tmp_path):
    root = CLAIMS_DIR.parent.parent
    c = KNOWN["exp_lies_above_its_tangent"]
    md = write_report(c, decide(c), reports_dir=tmp_path, root=root)
    page = md.read_text()
    assert "## Proved" in page and "| part | relation | verdict |" in page
    assert not md.with_suffix(".png").exists()

    @claim(x=(-1, 1), y=(-1, 1))
    def product_rule_as_inequality(x, y):
        return exp(x) * exp(y) - exp(x + y) >= 0  # as one margin: the log rule proves the two-sided form

    v = decide(product_rule_as_inequality, budget=2)
    assert v.verdict == "undecided"
    md = write_report(product_rule_as_inequality, v, reports_dir=tmp_path, root=root)
    page = md.read_text()
    assert "## Undecided: the budget ran out" in page and "This is not a proof." in page
    assert "the largest boxes left" in page and "| x | y |" in page
    assert "**Next step**" in page and "--budget 20" in page


def test_regenerating_rewrites_only_when_something_but_the_time_changed(tmp_path):
    root = CLAIMS_DIR.parent.parent
    c = KNOWN["exp_above_tangent_plus_1e_12"]
    v = decide(c)
    md = write_report(c, v, reports_dir=tmp_path, root=root)
    files = [md, md.with_suffix(".json"), md.with_suffix(".png")]
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}

    v.seconds += 3.21  # a slower machine, same verdict
    write_report(c, v, reports_dir=tmp_path, root=root)
    assert {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files} == before

    v.counterexample = {"x": "0.0000001"}  # a different point: the report changes
    write_report(c, v, reports_dir=tmp_path, root=root)
    assert md.read_bytes() != before[md][0] and "0.0000001" in md.read_text()


def _hammer(args):
    path, text, n = args
    for _ in range(n):
        write_atomic(path, text)
    return True


def test_atomic_writes_from_parallel_processes_never_tear(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    target = tmp_path / "r.json"
    texts = [json.dumps({"writer": k, "pad": "x" * 200_000}) for k in range(4)]
    with ProcessPoolExecutor(4) as pool:
        futures = [pool.submit(_hammer, (target, t, 30)) for t in texts]
        seen = set()
        while not all(f.done() for f in futures):
            if target.exists():
                seen.add(json.loads(target.read_text())["writer"])  # always whole JSON
    assert all(f.result() for f in futures)
    assert target.read_text() in texts
    assert not list(tmp_path.glob("*.tmp"))


def test_index_lists_every_lemma_and_drops_stale_ones(tmp_path):
    lemmas = tmp_path / "lemmas"
    lemmas.mkdir()
    f = lemmas / "pair.py"
    f.write_text(
        '"""Two claims about exp."""\n'
        "from theorycheck import claim, exp\n\n"
        "@claim(x=(-1, 1), source='folklore', reading='tangent')\n"
        "def above(x):\n    return exp(x) >= 1 + x\n\n"
        "@claim(x=(-1, 1), expect='refuted', source='nobody')\n"
        "def below(x):\n    return exp(x) <= 1 + x\n"
    )
    for c in load_file(f):
        write_report(c, decide(c, budget=5), reports_dir=tmp_path / "reports", root=tmp_path)
    index = write_index(tmp_path / "reports", tmp_path).read_text()
    assert "## [`lemmas/pair.py`](../lemmas/pair.py)" in index and "Two claims about exp." in index
    assert "| ✅ | [`above`](pair/above.md) | folklore | tangent | — | **proved** |" in index
    assert "| ✅ | [`below`](pair/below.md) | nobody | — | refuted | **refuted** |" in index
    assert index.index("`above`") < index.index("`below`")  # definition order
    assert "2 claims: 1 proved, 1 refuted. Every verdict is the expected one." in index

    f.write_text(f.read_text().replace("def below(", "def renamed("))
    index = write_index(tmp_path / "reports", tmp_path).read_text()
    assert "`below`" not in index and "1 claims: 1 proved" in index


def run_cli(cwd, *args):
    env = dict(os.environ, THEORYCHECK_PROGRESS="0")
    return subprocess.run([sys.executable, "-m", "theorycheck.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_report_command_writes_prunes_and_is_deterministic_across_processes(tmp_path):
    (tmp_path / "lemmas").mkdir()
    f = tmp_path / "lemmas" / "tv.py"
    f.write_text(
        "from theorycheck import Phi, claim\n\n"
        "@claim(delta=(0, 12), expect='refuted', source='Li et al. 2018, Lemma B.2')\n"
        "def tv_third(delta):\n    return 2 * Phi(delta / 2) - 1 <= delta / 3\n\n"
        "@claim(delta=(0, 12), expect='proved')\n"
        "def tv_half(delta):\n    return 2 * Phi(delta / 2) - 1 <= delta / 2\n"
    )
    r = run_cli(tmp_path, "report", "--budget", "10")
    assert r.returncode == 0, r.stderr
    assert "report: reports/tv/tv_third.md" in r.stdout and "index: reports/README.md" in r.stdout
    files = sorted(p for p in (tmp_path / "reports").rglob("*") if p.is_file())
    assert [p.name for p in files] == ["README.md", "tv_half.json", "tv_half.md", "tv_third.json", "tv_third.md", "tv_third.png"]
    first = {p: p.read_bytes() for p in files}

    r = run_cli(tmp_path, "report", "--budget", "10")  # a new process: the same bytes
    assert r.returncode == 0
    assert {p: p.read_bytes() for p in files} == first

    # a claim removed from its file: its report goes; a verdict that breaks: exit status 1
    f.write_text(f.read_text().replace("expect='proved')\ndef tv_half", "expect='refuted')\ndef tv_half_renamed"))
    r = run_cli(tmp_path, "report", "--budget", "10")
    assert r.returncode == 1
    assert "removed the stale report reports/tv/tv_half.md" in r.stdout
    assert not (tmp_path / "reports" / "tv" / "tv_half.md").exists()
    index = (tmp_path / "reports" / "README.md").read_text()
    assert "| ❌ | [`tv_half_renamed`]" in index and "1 not as expected" in index


def test_report_command_without_lemmas_directory_is_a_usage_error(tmp_path):
    r = run_cli(tmp_path, "report")
    assert r.returncode == 2 and "no lemmas/ directory" in r.stderr


# -- helpers by name, and no artefacts of unevaluated arithmetic (issue 15) -------------------------

from theorycheck import d, integral, log, npdf  # noqa: E402
from theorycheck.divergences import Mixture, kl  # noqa: E402


def R(x):
    return exp(-x) / (1 + x * x)


def tv(a, b):
    return 2 * Phi(abs(a - b) / 2) - 1


def d_opt(p, q):
    return p / (p + q)


@claim(x=(0, 1))
def derivative_of_a_helper_by_name(x):
    return d(R, "x")(x) <= 0


@claim(a=(0, 1), b=(0, 1))
def helper_of_two_arguments_by_name(a, b):
    return tv(a, b) <= 1


@claim(a=(-1, 1), b=(-1, 1))
def partial_derivative_of_a_helper(a, b):
    return d(d(tv, "a"), "a")(a, b) >= -1


@claim(s=(1, 2))
def reciprocals_without_artefacts(s):
    return 1 / s**2 + 1 * s - (-s) / (s / 2) - (-0.5) <= 0 * s + 10


@claim(b=(0, 1))
def integral_rendered(b):
    return integral(lambda t: npdf(t), 0, b) <= b


@claim(b=(-1, 1))
def library_helper_by_name(b):
    return kl(Mixture([1], [b], [1]), Mixture([1], [0], [2])) >= 0


@pytest.mark.parametrize(
    "body, latex, where",
    [
        (derivative_of_a_helper_by_name, r"R'{\left(x \right)} \le 0",
         [r"R{\left(x \right)} = \frac{e^{- x}}{1 + x x}"]),
        (helper_of_two_arguments_by_name, r"\operatorname{tv}{\left(a,b \right)} \le 1",
         [r"\operatorname{tv}{\left(a,b \right)} = 2 \Phi{\left(\frac{\left|{a - b}\right|}{2} \right)} - 1"]),
        (partial_derivative_of_a_helper,
         r"\frac{\partial^{2} \operatorname{tv}}{\partial a^{2}}{\left(a,b \right)} \ge -1", None),
        (reciprocals_without_artefacts, r"\frac{1}{s^{2}} + s + \frac{2 s}{s} + 0.5 \le 10", []),
        (integral_rendered, r"\int_{0}^{b} \varphi{\left(t \right)} \, dt \le b", []),
        (library_helper_by_name,
         r"\operatorname{kl}{\left(\mathcal{N}\left(b, 1\right),\mathcal{N}\left(0, 4\right) \right)} \ge 0", []),
    ],
)
def test_helpers_are_rendered_by_name(body, latex, where):
    st = render_statement(body)
    assert st["latex"].split(r" \qquad")[0] == latex
    if where is not None:
        assert st.get("where", []) == where


def test_d_opt_is_a_subscripted_name():
    @claim(p=(1, 2), q=(1, 2))
    def ratio(p, q):
        return log(d_opt(p, q)) <= 0

    assert render_statement(ratio)["latex"].startswith(r"\log{\left(d_{\mathrm{opt}}{\left(p,q \right)} \right)} \le 0")


ARTEFACTS = [
    (r"(?<![0-9.}])1 \\frac", "a factor 1 before a fraction"),
    (r"\\cdot 1(?![0-9.])", "a factor 1"),
    (r"\\left\(-1\\right\)", "a factor (-1)"),
    (r"(?<![0-9.])0 (?:[a-z](?![a-zA-Z])|\\cdot)", "a factor 0"),
    (r"\+ 0(?![0-9.])", "a term 0"),
    (r"\\partial\^\{0", "a derivative of order 0 + 1"),
    (r"- -", "a double sign"),
]


def test_no_artefacts_in_any_lemma_statement():
    """Every claim of the lemma library renders (the few that cannot are listed) and no
    rendering contains the artefacts of unevaluated sympy arithmetic."""
    import re

    root = Path(__file__).resolve().parents[1] / "lemmas"
    problems, unrendered, total = [], [], 0
    for f in sorted(root.glob("*.py")):
        for c in load_file(f):
            if not hasattr(c, "variables"):
                continue
            total += 1
            st = render_statement(c)
            texts = [st["latex"]] + list(st.get("where") or []) if st["latex"] else []
            if not texts:
                unrendered.append(c.name)
            for text in texts:
                for pattern, what in ARTEFACTS:
                    if re.search(pattern, text):
                        problems.append(f"{f.name}::{c.name}: {what}: {text[:200]}")
    assert total > 50
    assert not problems, "\n".join(problems)
    assert len(unrendered) <= 0.05 * total, unrendered


def test_gap_text_is_scientific_and_rounded_outward():
    from theorycheck.report import gap_text, render_markdown

    data = {"relation": "<=", "gap": ["-1.23456789e-226", "-1.23456781e-226"]}
    assert gap_text(data, plain=True) == "certified gap rhs - lhs in [-1.235e-226, -1.234e-226] (the claim needs >= 0)"
    assert gap_text({"relation": "==", "gap": ["0.5", "0.75"]}, plain=True) == (
        "certified gap lhs - rhs in [5.000e-1, 7.500e-1] (an identity needs exactly 0)")
    assert gap_text({"relation": "<=", "gap": ["-1", "-1"], "undefined": "log of 0"}) is None
    page = render_markdown({"claim": "c", "file": "f.py", "verdict": "refuted", "expected": "refuted",
                            "matches_expectation": True, "counterexample": {"x": "0.5"}, "relation": ">=",
                            "lhs": ["1", "1"], "rhs": ["1.0000000001", "1.0000000001"],
                            "gap": ["-1e-10", "-1e-10"], "reproduce": "theorycheck check f.py::c"})
    assert "certified gap lhs − rhs in [-1.000e-10, -1.000e-10] (the claim needs ≥ 0)" in page


# -- the figure's axes, chosen from the data (issue 15) -------------------------------------------


@claim(x=(0, 40), expect="refuted")
def tail_violation_below_1e_12(x):
    """exp(-x) - 1e-12 is 1 at x = 0 and fails, by less than 1e-12, for x > 27.6."""
    return exp(-x) >= 1e-12


@claim(x=(-2, 2), y=(-2, 2), expect="refuted")
def outside_the_unit_disk(x, y):
    return x * x + y * y >= 1


def test_plot_rule_symlog_for_a_tail_violation_linear_otherwise():
    from theorycheck import plots

    assert plots.choose_scale([1.0, -2e-14, 0.5], -2e-14) == ("symlog", 5e-15)
    assert plots.choose_scale([1.0, -0.5, 0.5], -0.5) == ("linear", None)
    assert plots.choose_scale([1.0, -1e-3], -1e-3) == ("linear", None)  # exactly 1/1000: visible enough
    prof = plots.margin_profile(tail_violation_below_1e_12, {"x": "30"})
    (line,) = prof.lines
    assert line.y_scale == "symlog" and 0 < line.linthresh < abs(line.m0)
    assert prof.heatmap is None  # one variable
    fig = plots.build_figure(prof)
    assert [ax.get_yscale() for ax in fig.axes] == ["symlog"]
    disk = plots.margin_profile(outside_the_unit_disk, {"x": "0.1", "y": "0.2"})
    assert [ln.y_scale for ln in disk.lines] == ["linear", "linear"]


def test_two_variable_refutation_gets_a_heat_map_of_the_failing_set(tmp_path):
    v = decide(outside_the_unit_disk, budget=5)
    assert v.verdict == "refuted"
    md = write_report(outside_the_unit_disk, v, reports_dir=tmp_path / "reports", root=Path(__file__).resolve().parents[1])
    data = json.loads(md.with_suffix(".json").read_text())
    heat = data["figure_profile"]["heatmap"]
    assert heat["variables"] == ["x", "y"] and heat["window"] == "whole ranges"
    # the failing set is the open unit disk: pi/16 of the square [-2, 2]^2 (on a 161 x 161 grid)
    assert abs(float(heat["failing_fraction"]) - math.pi / 16) < 0.01
    assert md.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"
    assert "the last panel is the sign of `lhs - rhs`" in md.read_text()
    from theorycheck import plots

    prof = plots.margin_profile(outside_the_unit_disk, data["counterexample"])
    fig = plots.build_figure(prof)
    heat_ax = fig.axes[-1]
    assert heat_ax.get_xlabel() == "x" and heat_ax.get_ylabel() == "y" and heat_ax.collections  # the mesh
    (star,) = [ln for ln in heat_ax.get_lines() if ln.get_marker() == "*"]
    cx, cy = (float(Fraction(data["counterexample"][k])) for k in ("x", "y"))
    assert star.get_xdata()[0] == pytest.approx(cx) and star.get_ydata()[0] == pytest.approx(cy)
    assert cx * cx + cy * cy < 1


def test_tail_violation_report_says_the_axis_is_symlog(tmp_path):
    v = decide(tail_violation_below_1e_12, budget=5)
    assert v.verdict == "refuted"
    md = write_report(tail_violation_below_1e_12, v, reports_dir=tmp_path / "reports",
                      root=Path(__file__).resolve().parents[1])
    data = json.loads(md.with_suffix(".json").read_text())
    (line,) = data["figure_profile"]["lines"]
    assert line["y_scale"] == "symlog"
    assert "is symmetric-log" in md.read_text() and md.with_suffix(".png").exists()


# -- an undecided page says where the boxes left cluster (issue 15) --------------------------------


@claim(x=(0, 1), y=(0, 1))
def exp_lies_above_its_tangents(x, y):
    """Convexity: equality exactly on x = y, which no bisection decides (the margin is not a
    function of x - y, so translation invariance does not apply)."""
    return exp(x) >= exp(y) + (x - y) * exp(y)


@claim(x=(-1, 1), y=(-1, 1), z=(-1, 1))
def exp_jensen_three_points(x, y, z):
    """Jensen for exp at three points: equality exactly on the line x = y = z, a set of two
    equations, which neither bisection nor theorycheck.along decides (exp_lies_above_its_tangents,
    equal on x = y only, is proved across that line now)."""
    return exp(x) + exp(y) + exp(z) >= 3 * exp((x + y + z) / 3)


def test_undecided_page_says_the_boxes_lie_along_the_diagonal(tmp_path):
    v = decide(exp_jensen_three_points, budget=8)
    assert v.verdict == "undecided"
    (part,) = v.evidence["parts"]
    summary = part["left_summary"]
    assert summary["n"] == part["boxes_left"] > 20  # all the boxes, not the 20 kept
    assert all(summary["diagonal"][pair]["near"] >= 0.9 * summary["n"] for pair in ("0,1", "0,2", "1,2"))
    md = write_report(exp_jensen_three_points, v, reports_dir=tmp_path / "reports",
                      root=Path(__file__).resolve().parents[1])
    page = md.read_text()
    assert f"The {part['boxes_left']} boxes left lie along the diagonal `" in page
    assert "substitute `" in page
    assert "**Next step**: the rewrite above" in page


def test_where_left_rules():
    from theorycheck.report import where_left

    dom = {"x": ["-1", "1"], "y": ["0", "2"]}
    # pinned near an interior point of x, y spread
    part = {"boxes_left": 40, "left_summary": {"n": 40, "hull": [[-1e-7, 0.0], [1e-7, 2.0]],
                                                "diagonal": {"0,1": {"max_gap": 1.0, "near": 3}}}}
    findings, advice = where_left(part, dom)
    assert findings == ["The 40 boxes left lie within 1e-07 of `x` = 0; `y` spread over [0, 2]."]
    assert advice[0].startswith("The sides probably touch at `x` = 0")
    # at a corner
    part = {"boxes_left": 7, "left_summary": {"n": 7, "hull": [[0.9999999, 0.0], [1.0, 1e-9]]}}
    findings, _ = where_left(part, dom)
    assert findings == ["The 7 boxes left lie within 1e-07 of the corner `x` = 1, `y` = 0."]
    # at a face of y only
    part = {"boxes_left": 5, "left_summary": {"n": 5, "hull": [[-0.5, 1.9999], [0.5, 2.0]]}}
    findings, advice = where_left(part, dom)
    assert findings == ["The 5 boxes left lie within 0.0001 of the face `y` = 2; `x` spread over [-0.5, 0.5]."]
    assert "face `y` = 2" in advice[0]
    # spread: more work
    part = {"boxes_left": 9, "left_summary": {"n": 9, "hull": [[-1.0, 0.0], [1.0, 2.0]],
                                               "diagonal": {"0,1": {"max_gap": 1.5, "near": 2}}}}
    findings, advice = where_left(part, dom)
    assert "spread, not clustered" in findings[0] and advice == ["No touching set stands out: more work is the likely remedy."]
    # without the prover's summary: the largest boxes kept
    part = {"boxes_left": 300, "left": [([0.1, 0.1], [0.2, 0.2]), ([0.5, 0.45], [0.55, 0.5])]}
    findings, _ = where_left(part, {"x": ["0", "1"], "y": ["0", "1"]})
    assert findings[0].startswith("The 300 boxes left (the 2 largest kept) lie along the diagonal `x = y`")


# -- a clearer counterexample (issue 15) -----------------------------------------------------------


@claim(x=("1e-12", 1), expect="refuted")
def pole_next_to_a_wide_violation(x):
    """Fails by up to 1000 next to the pole at 0, and by about 0.5 on the whole of [0.6, 1]."""
    return 1e-9 / x + x <= 0.5


def test_counterexample_is_clarified_away_from_the_pole():
    v = decide(pole_next_to_a_wide_violation, budget=5)
    assert v.verdict == "refuted"
    assert v.counterexample == {"x": "1"}  # the shortest decimal where it fails, not 1.0000000000000002e-12
    assert Fraction(v.lhs[0]) > Fraction(v.rhs[1])  # still certified by intervals at the exact point
    assert Fraction(v.gap[1]) < 0


def test_clarify_keeps_a_certificate_and_prefers_short_decimals():
    from theorycheck.certify import certify, clarify

    tv = KNOWN.get("tv_at_most_a_third_of_the_gap")
    if tv is None:
        @claim(delta=(0, 12))
        def tv(delta):
            return 2 * Phi(delta / 2) - 1 <= delta / 3

    cert = certify(tv, {"delta": "1.1989120244979863"})
    assert cert is not None
    clearer = clarify(tv, cert, [(-0.05, [1.1989120244979863])])
    assert clearer.point == {"delta": "1"} and clearer.gap.hi < 0
    # nothing shorter fails: the certificate is kept as it is
    assert clarify(tv, clearer, [(-0.05, [1.0])]) is clearer


def test_clarify_ranks_by_one_array_evaluation_as_by_single_points():
    # the batch ranking (one evaluation of the body on numpy arrays) must give, point by point,
    # the relative violations of the scalar evaluation it replaced
    from theorycheck import log
    from theorycheck.certify import _float_relative_violation, _float_relative_violations, _simple_grid

    @claim(p=(0, 1), t=(-5, 5))
    def hoeffding_tenth(p, t):
        return t**2 / 10 - log(1 - p + p * exp(t)) + p * t >= 0

    pts = _simple_grid(hoeffding_tenth)
    batch = _float_relative_violations(hoeffding_tenth, pts)
    single = [_float_relative_violation(hoeffding_tenth, p) for p in pts]
    assert len(pts) > 100 and sum(r is not None for r in single) > 10
    for b, s in zip(batch, single):
        assert (b is None) == (s is None) and (b is None or abs(b - s) <= 1e-12 * max(1.0, abs(s)))


def test_clarify_without_the_grid_coarsens_the_point_found():
    from theorycheck.certify import certify, clarify

    @claim(x=(0, 10))
    def below_a_tenth_of_the_square(x):
        return x**2 / 10 >= x - 1  # fails on (1.13, 8.87) (mpmath: the roots of x^2 - 10x + 10)

    cert = certify(below_a_tenth_of_the_square, {"x": "4.6875"})
    assert cert is not None
    clearer = clarify(below_a_tenth_of_the_square, cert, [], grid=False)
    assert clearer.point == {"x": "5"} and clearer.gap.hi < 0
