"""theorycheck against the peers a user would try instead, on the same problems (issue 15).

    python benchmarks/bench_peers.py [--quick] [--only NAME ...] [--tools T ...] [--out FILE]

Every problem is "g(v) >= 0 for every v of a closed box", with its truth settled beforehand (the
same statements as ``tests/reach/corpus.py``, or elementary ones: a first-interval-pass claim, a
claim false by 2^-30). Each tool decides it in a **fresh process** (``--worker``), with a
wall-clock cap enforced from outside, repeated and summarised by the median time to its verdict:

* ``theorycheck``: ``theorycheck.check.check`` on a claim file written for the problem (literals
  exact), budget :data:`THEORYCHECK_BUDGET` (the one place to change it);
* ``mpmath.iv``: plain interval bisection with mpmath's ``iv`` (no interval erf: problems with
  erf/erfc/Phi are not expressible);
* ``arb``: the same bisection on python-flint Arb balls (erf and erfc included);
* ``codac``: HC4-revise contractors (``CtcInverse``) inside a bisection paver; a box whose
  contraction of {g <= 0} is empty is proved, and a counterexample is certified either at a box's
  midpoint or on the part of a box that the inner contractor of {g >= 0} cuts away;
* ``z3``: nonlinear real arithmetic (nlsat) on polynomial and rational problems: unsat of
  ``box and g < 0`` proves, a model refutes (exp, log and erf are not expressible);
* ``dreal``: used only if ``import dreal`` works (the PyPI wheel needs a system libibex); it can
  only answer delta-sat, which is never counted as a refutation.

The bisection tools prove a box when the enclosure of g is >= 0 there and refute at an exact
point where it is < 0; they give up (``undecided``) on boxes below a relative width of 1e-9.
A peer that is not installed is skipped, and the output says so. A verdict that contradicts the
problem's truth is flagged **WRONG**. Times are in-process (after imports, from the problem's
construction to the verdict); the process's whole wall-clock time is kept in the JSON output.
Output: per problem each tool's verdict and median time, and its ratio to the fastest correct
tool; per tool the geometric mean of those ratios over the problems it decided correctly.

Install the peers with ``python3 -m pip install '.[peers]'`` (codac, z3-solver).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("theorycheck", "mpmath.iv", "arb", "codac", "z3", "dreal")
# theorycheck's budget per problem, in work units (theorycheck.work). None: the default of check()
# (20 units); the outside wall-clock cap below still applies.
THEORYCHECK_BUDGET = None
CAP_FULL, CAP_QUICK = 60.0, 20.0
REPEATS_FULL, REPEATS_QUICK = 3, 1
MIN_REL_WIDTH = 1e-9


class Problem:
    def __init__(self, name, box, g, truth, why):
        self.name, self.box, self.g, self.truth, self.why = name, box, g, truth, why

    @property
    def vars(self):
        return list(self.box)


def P(name, box, g, truth, why):
    return Problem(name, {k: (str(lo), str(hi)) for k, (lo, hi) in box.items()}, g, truth, why)


SQ = dict(x=(-2, 2), y=(-2, 2))
CUBE = dict(x=(0, 2), y=(0, 2), z=(0, 2))
PROBLEMS = [
    P("easy_exp_sum", dict(x=(-2, 2)), "exp(x) + exp(-x) - 0.2", True, "a first interval pass decides it"),
    P("easy_log", dict(x=(0, 5)), "log(2 + x) - 0.5", True, "a first interval pass decides it (log 2 > 0.69)"),
    P("exp_tangent", dict(x=(-5, 5)), "exp(x) - 1 - x", True, "convexity; touches at 0"),
    P("exp_tangent_minus_2e-30", dict(x=(-1, 1)), "exp(x) - 1 - x - 2**-30", False, "fails at x = 0 by 2^-30"),
    P("exp_quadratic_all_reals", dict(x=(-5, 5)), "exp(x) - 1 - x - x**2/2", False, "fails at x = -1"),
    P("log1p_pade", dict(x=(0, 5)), "log(1 + x) - 2*x/(2 + x)", True, "Love 1980; touches at 0 (3rd order)"),
    P("tanh_below_x", dict(x=(0, 5)), "x - tanh(x)", True, "tanh' <= 1; touches at 0"),
    P("cosh_below_gauss", dict(x=(-5, 5)), "exp(x**2/2) - (exp(x) + exp(-x))/2", True, "termwise; touches at 0"),
    P("gordon_lower", dict(x=(0, 10)), "erfc(x/sqrt(2))/2 - x/(1 + x**2)*npdf(x)", True, "Gordon 1941"),
    P("chernoff_half", dict(x=(0, 10)), "exp(-x**2/2)/2 - erfc(x/sqrt(2))/2", True, "touches at 0"),
    P("gordon_reversed", dict(x=("0.1", 10)), "erfc(x/sqrt(2))/2 - npdf(x)/x", False, "fails at x = 1"),
    P("npdf_peak", dict(x=(-5, 5), mu=(-5, 5)), "1/sqrt(2*pi) - npdf(x - mu)", True, "issue 15 core; touches on x = mu"),
    P("pinsker_core", dict(a=(-5, 5), b=(-5, 5)), "abs(a - b)/2 - 2*Phi(abs(a - b)/2) + 1", True,
      "issue 15 core; touches on a = b"),
    P("hoeffding", dict(p=(0, 1), t=(-5, 5)), "t**2/8 - log(1 - p + p*exp(t)) + p*t", True, "touches on t = 0"),
    P("hoeffding_too_tight", dict(p=(0, 1), t=(-5, 5)), "t**2/10 - log(1 - p + p*exp(t)) + p*t", False,
      "fails at (1/2, 1/2)"),
    P("exp_sum_3d", dict(x=(-2, 2), y=(-2, 2), z=(-2, 2)), "exp(x) + exp(y) + exp(z) - 3*exp((x + y + z)/3)", True,
      "Jensen; touches on the diagonal"),
    P("quadratic_form_3d", dict(x=(-2, 2), y=(-2, 2), z=(-2, 2)), "x**2 + y**2 + z**2 - x*y - y*z - z*x + 0.1", True,
      "a PSD form plus 0.1; repeated variables make plain enclosures loose"),
    P("motzkin", SQ, "x**4*y**2 + x**2*y**4 - 3*x**2*y**2 + 1", True, "Motzkin 1967; touches at (+-1, +-1)"),
    P("motzkin_perturbed", SQ, "x**4*y**2 + x**2*y**4 - 3.1*x**2*y**2 + 1", False, "fails at (1, 1)"),
    P("schur", CUBE, "x*(x - y)*(x - z) + y*(y - x)*(y - z) + z*(z - x)*(z - y)", True, "Schur t = 1; diagonal"),
    P("schur_all_reals", dict(x=(-1, 1), y=(-1, 1), z=(-1, 1)),
      "x*(x - y)*(x - z) + y*(y - x)*(y - z) + z*(z - x)*(z - y)", False, "fails at (-1, 0, 0)"),
    P("am_gm_3", CUBE, "((x + y + z)/3)**3 - x*y*z", True, "AM-GM; touches on the diagonal"),
    P("am_gm_3_wrong", CUBE, "(x + y + z)**3/30 - x*y*z", False, "fails at (1, 1, 1)"),
    P("cauchy_schwarz_2", dict(a=(-2, 2), b=(-2, 2), c=(-2, 2), d=(-2, 2)),
      "(a**2 + b**2)*(c**2 + d**2) - (a*c + b*d)**2", True, "gap (ad - bc)^2; touches on a 3-D set"),
    P("bernoulli_all_reals", dict(x=(-5, 5)), "(1 + x)**3 - 1 - 3*x", False, "fails below x = -3"),
    P("nesbitt", dict(a=("0.1", 10), b=("0.1", 10), c=("0.1", 10)), "a/(b + c) + b/(a + c) + c/(a + b) - 1.5", True,
      "Nesbitt 1903; touches on the diagonal"),
]
BY_NAME = {p.name: p for p in PROBLEMS}


class NotExpressible(Exception):
    pass


def _require(p: Problem, supported) -> None:
    """Raise NotExpressible when g uses a function or constant the tool does not have."""
    names = set(compile(p.g, "<g>", "eval").co_names) - set(p.vars)
    missing = sorted(names - set(supported))
    if missing:
        raise NotExpressible(", ".join(missing))


def _missing(name):
    def f(*args):
        raise NotExpressible(name)
    return f


# -- the tools (each runs in its own worker process) ---------------------------------------------

_CPU0 = [None]  # this thread's CPU time when the tool's clock started (see _start)


def _start() -> float:
    """Start a tool's clock: its wall-clock time (returned) and this thread's CPU time (kept in
    _CPU0, read by :func:`worker` when the tool returns). CPU time does not grow while other
    processes hold the cores, so its ratios stay meaningful on a loaded machine, where a
    millisecond verdict's wall time is often a scheduler's time slice."""
    _CPU0[0] = time.thread_time()
    return time.perf_counter()


def run_theorycheck(p: Problem, cap: float):
    from theorycheck.check import check
    from theorycheck.loader import load_file

    ranges = ", ".join(f'{v}=("{lo}", "{hi}")' for v, (lo, hi) in p.box.items())
    src = ("from theorycheck import claim, exp, log, sqrt, erf, erfc, tanh, npdf, Phi, pi\n\n"
           f"@claim({ranges})\ndef {p.name.replace('-', '_')}({', '.join(p.vars)}):\n    return {p.g} >= 0\n")
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"peer_{p.name.replace('-', '_')}.py"
        path.write_text(src)
        (c,) = load_file(path)
        budget = THEORYCHECK_BUDGET if THEORYCHECK_BUDGET is not None else min(20.0, cap - 5)
        t0 = _start()
        v = check(c, budget=budget, seed=0)
        dt = time.perf_counter() - t0
    return v.verdict, dt, str(v.counterexample or "")


def _bisect(p, enclose, point_margin, cap):
    """Breadth-first interval bisection: prove boxes where the enclosure of g is >= 0, refute at an
    exact midpoint where g < 0. ``enclose(box)`` -> (certainly >= 0, possibly < 0)."""
    t0 = _start()
    box0 = [(Fraction(lo), Fraction(hi)) for lo, hi in p.box.values()]
    widths = [hi - lo for lo, hi in box0]
    queue, tiny = deque([box0]), 0
    while queue:
        if time.perf_counter() - t0 > cap:
            return "timeout", time.perf_counter() - t0, ""
        box = queue.popleft()
        if enclose(box):
            continue
        mid = [(lo + hi) / 2 for lo, hi in box]
        if point_margin(mid):
            return "refuted", time.perf_counter() - t0, str([str(m) for m in mid])
        rel = [(hi - lo) / w if w else 0 for (lo, hi), w in zip(box, widths)]
        i = max(range(len(box)), key=lambda k: rel[k])
        if rel[i] < MIN_REL_WIDTH:
            tiny += 1
            continue
        lo, hi = box[i]
        m = (lo + hi) / 2
        for half in ((lo, m), (m, hi)):
            b = list(box)
            b[i] = half
            queue.append(b)
    return ("undecided" if tiny else "proved"), time.perf_counter() - t0, f"{tiny} boxes below 1e-9" if tiny else ""


def arb_namespace() -> dict:
    """The functions of a problem's expression on python-flint Arb balls (the ``arb`` peer's)."""
    from flint import arb

    ns = {"exp": lambda v: arb(v).exp(), "log": lambda v: arb(v).log(), "sqrt": lambda v: arb(v).sqrt(),
          "erf": lambda v: arb(v).erf(), "erfc": lambda v: arb(v).erfc(), "tanh": lambda v: arb(v).tanh(),
          "pi": arb.pi(), "abs": abs}
    ns["npdf"] = lambda v: (-arb(v) ** 2 / 2).exp() / (2 * arb.pi()).sqrt()
    ns["Phi"] = lambda v: (1 + (arb(v) / arb(2).sqrt()).erf()) / 2
    return ns


def run_arb(p: Problem, cap: float):
    from flint import arb, ctx, fmpq

    ctx.prec = 64
    ns = arb_namespace()
    code = compile(p.g, "<g>", "eval")

    def a(q):
        return arb(fmpq(q.numerator, q.denominator))

    def g(vals):
        return eval(code, {"__builtins__": {}}, {**ns, **dict(zip(p.vars, vals))})

    def enclose(box):
        v = g([a(lo).union(a(hi)) for lo, hi in box])
        return bool(v >= 0)

    def point(mid):
        return bool(g([a(m) for m in mid]) < 0)

    return _bisect(p, enclose, point, cap)


def run_iv(p: Problem, cap: float):
    from mpmath import iv

    iv.prec = 53
    ns = {"exp": iv.exp, "log": iv.log, "sqrt": iv.sqrt, "pi": iv.pi, "abs": abs,
          "tanh": lambda v: (1 - iv.exp(-2 * v)) / (1 + iv.exp(-2 * v)),
          "npdf": lambda v: iv.exp(-v ** 2 / 2) / iv.sqrt(2 * iv.pi),
          "erf": _missing("erf"), "erfc": _missing("erfc"), "Phi": _missing("Phi")}
    code = compile(p.g, "<g>", "eval")

    def I(q_lo, q_hi):
        lo = iv.mpf(q_lo.numerator) / q_lo.denominator  # outward rounded: contains the rational
        hi = iv.mpf(q_hi.numerator) / q_hi.denominator
        return iv.mpf([lo.a, hi.b])

    def g(vals):
        return eval(code, {"__builtins__": {}}, {**ns, **dict(zip(p.vars, vals))})

    g([I(Fraction(lo), Fraction(lo)) for lo, _ in p.box.values()])  # NotExpressible early

    def enclose(box):
        return bool(g([I(lo, hi) for lo, hi in box]).a >= 0)

    def point(mid):
        return bool(g([I(m, m) for m in mid]).b < 0)

    return _bisect(p, enclose, point, cap)


def run_codac(p: Problem, cap: float):
    import codac
    from codac import AnalyticFunction, CtcInverse, Interval, IntervalVector, VectorVar, oo

    t0 = _start()
    x = VectorVar(len(p.vars))
    ns = {"exp": codac.exp, "log": codac.log, "sqrt": codac.sqrt, "tanh": codac.tanh, "pi": math.pi,
          "erf": _missing("erf"), "erfc": _missing("erfc"), "Phi": _missing("Phi"), "abs": _missing("abs")}
    ns["npdf"] = lambda v: codac.exp(-v * v / 2) / math.sqrt(2 * math.pi)
    expr = eval(compile(p.g, "<g>", "eval"), {"__builtins__": {}}, {**ns, **{v: x[i] for i, v in enumerate(p.vars)}})
    f = AnalyticFunction([x], expr)
    outer = CtcInverse(f, Interval(-oo, 0))      # contracts onto {g <= 0}: empty proves g > 0
    inner = CtcInverse(f, Interval(0, oo))       # contracts onto {g >= 0}: what it cuts away violates
    box0 = [(float(Fraction(lo)), float(Fraction(hi))) for lo, hi in p.box.values()]
    widths = [hi - lo for lo, hi in box0]
    queue, tiny = deque([IntervalVector([list(b) for b in box0])]), 0

    def violates(b):
        return b.is_empty() is False and f.eval(b).ub() < 0

    while queue:
        if time.perf_counter() - t0 > cap:
            return "timeout", time.perf_counter() - t0, ""
        b = queue.popleft()
        keep = IntervalVector(b)
        outer.contract(b)
        if b.is_empty():
            continue
        mid = IntervalVector([[m, m] for m in keep.mid()])
        if f.eval(mid).ub() < 0:
            return "refuted", time.perf_counter() - t0, str(list(keep.mid()))
        inb = IntervalVector(keep)
        inner.contract(inb)
        for i in range(len(p.vars)):  # a slab cut away by the inner contractor violates everywhere
            if inb.is_empty():
                break
            for lo, hi in ((keep[i].lb(), inb[i].lb()), (inb[i].ub(), keep[i].ub())):
                if hi > lo:
                    s = IntervalVector(keep)
                    s[i] = Interval(lo, hi)
                    if violates(s):
                        return "refuted", time.perf_counter() - t0, str(list(s.mid()))
        rel = [b[i].diam() / w if w else 0 for i, w in enumerate(widths)]
        i = max(range(len(rel)), key=lambda k: rel[k])
        if rel[i] < MIN_REL_WIDTH:
            tiny += 1
            continue
        queue.extend(b.bisect(i, 0.5))
    return ("undecided" if tiny else "proved"), time.perf_counter() - t0, f"{tiny} boxes below 1e-9" if tiny else ""


def run_z3(p: Problem, cap: float):
    import z3

    _require(p, ())  # polynomial and rational terms only
    t0 = _start()
    vs = {v: z3.Real(v) for v in p.vars}
    g = eval(compile(p.g, "<g>", "eval"), {"__builtins__": {}}, vs)
    if not isinstance(g, z3.ArithRef):
        raise NotExpressible("not an arithmetic term")
    s = z3.SolverFor("QF_NRA")
    s.set("timeout", int(cap * 1000))
    for v, (lo, hi) in p.box.items():
        s.add(vs[v] >= z3.RealVal(lo), vs[v] <= z3.RealVal(hi))
    s.add(g < 0)
    r = s.check()
    dt = time.perf_counter() - t0
    if r == z3.unsat:
        return "proved", dt, ""
    if r == z3.sat:
        m = s.model()
        assert z3.is_true(m.eval(g < 0, model_completion=True))
        return "refuted", dt, str(m)
    return "undecided", dt, str(s.reason_unknown())


def run_dreal(p: Problem, cap: float):
    import dreal

    t0 = _start()
    vs = {v: dreal.Variable(v) for v in p.vars}
    ns = {"exp": dreal.exp, "log": dreal.log, "sqrt": dreal.sqrt, "tanh": dreal.tanh, "pi": math.pi,
          "erf": _missing("erf"), "erfc": _missing("erfc"), "Phi": _missing("Phi"), "abs": _missing("abs")}
    ns["npdf"] = lambda v: dreal.exp(-v * v / 2) / math.sqrt(2 * math.pi)
    g = eval(compile(p.g, "<g>", "eval"), {"__builtins__": {}}, {**ns, **vs})
    cons = [c for v, (lo, hi) in p.box.items() for c in (vs[v] >= float(Fraction(lo)), vs[v] <= float(Fraction(hi)))]
    r = dreal.CheckSatisfiability(dreal.And(*cons, g < 0), 1e-9)
    dt = time.perf_counter() - t0
    # unsat is a proof; a delta-sat box is not a counterexample (the constraint may hold only by delta)
    return ("proved", dt, "") if r is None else ("undecided", dt, "delta-sat")


RUNNERS = {"theorycheck": run_theorycheck, "mpmath.iv": run_iv, "arb": run_arb, "codac": run_codac,
           "z3": run_z3, "dreal": run_dreal}
IMPORTS = {"codac": "codac", "z3": "z3", "dreal": "dreal", "arb": "flint", "mpmath.iv": "mpmath",
           "theorycheck": "theorycheck"}


def worker(problem: str, tool: str, cap: float) -> int:
    """One (problem, tool) in this process; prints one JSON line."""
    p = BY_NAME[problem]
    try:
        __import__(IMPORTS[tool])
    except Exception as exc:  # noqa: BLE001 -- a peer that does not import is skipped, saying why
        print(json.dumps({"verdict": "not installed", "note": f"{type(exc).__name__}: {exc}"[:200]}))
        return 0
    # the garbage of the imports is collected before any clock starts, for every tool alike (a
    # full collection over sympy's and scipy's objects, due at a moment that depends on the
    # allocations before it, otherwise lands in the first milliseconds of whichever tool imports most)
    gc.collect()
    try:
        verdict, seconds, note = RUNNERS[tool](p, cap)
    except NotExpressible as exc:
        print(json.dumps({"verdict": "n/a", "note": f"not expressible ({exc})"}))
        return 0
    except Exception as exc:  # noqa: BLE001 -- a crash of a peer is a result, not a benchmark failure
        print(json.dumps({"verdict": "error", "note": f"{type(exc).__name__}: {exc}"[:300]}))
        return 0
    cpu = time.thread_time() - _CPU0[0] if _CPU0[0] is not None else None
    print(json.dumps({"verdict": verdict, "seconds": seconds, "cpu": cpu, "note": note[:200]}))
    return 0


# -- the driver -----------------------------------------------------------------------------------

def run_cell(p: Problem, tool: str, cap: float, repeats: int) -> dict:
    runs = []
    for _ in range(repeats):
        t0 = time.monotonic()
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", p.name, tool, "--cap", str(cap)]
        try:
            out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=cap + 30,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
            r = json.loads(out.stdout.strip().splitlines()[-1]) if out.stdout.strip() else {
                "verdict": "error", "note": out.stderr.strip()[-300:]}
        except subprocess.TimeoutExpired:
            r = {"verdict": "timeout", "seconds": cap, "note": "killed"}
        r["wall"] = time.monotonic() - t0
        runs.append(r)
        if r["verdict"] in ("timeout", "n/a", "not installed", "error") or r.get("seconds", 0) >= cap:
            break  # a repeat would give the same: capped, or nothing to time
    verdicts = [r["verdict"] for r in runs]
    verdict = max(set(verdicts), key=verdicts.count)
    secs = [r["seconds"] for r in runs if "seconds" in r]
    cpus = [r["cpu"] for r in runs if r.get("cpu") is not None]
    return {"verdict": verdict, "seconds": statistics.median(secs) if secs else None,
            "cpu": statistics.median(cpus) if cpus else None,
            "wall": statistics.median(r["wall"] for r in runs), "note": runs[-1].get("note", ""),
            "verdicts": verdicts}


def correct(p: Problem, verdict: str):
    if verdict == "proved":
        return p.truth
    if verdict == "refuted":
        return not p.truth
    return None


def report(results: dict, tools, cap, repeats) -> str:
    lines = [f"Fresh process per (problem, tool); median of {repeats} run(s); {cap:.0f} s cap; times in seconds "
             "in-process (after imports); `x N` is the ratio to the fastest correct tool; **WRONG** flags a "
             "verdict contradicting the problem's truth.", ""]
    missing = sorted({t for t in tools for r in results.values() if r[t]["verdict"] == "not installed"})
    for t in missing:
        note = next(r[t]["note"] for r in results.values() if r[t]["verdict"] == "not installed")
        lines.append(f"- `{t}` skipped: not installed or not importable ({note})")
    if missing:
        lines.append("")
    shown = [t for t in tools if t not in missing]
    lines.append("| problem | truth | " + " | ".join(shown) + " |")
    lines.append("|---|---|" + "---|" * len(shown))
    ratios = {t: [] for t in shown}
    wall_ratios = {t: [] for t in shown}   # the same, on the whole process (start-up and imports included)
    decided = {t: [0, 0, 0] for t in shown}   # right, wrong, expressible
    for name, row in results.items():
        p = BY_NAME[name]
        ok_times = [row[t]["seconds"] for t in shown if correct(p, row[t]["verdict"]) and row[t]["seconds"]]
        best = min(ok_times) if ok_times else None
        ok_walls = [row[t]["wall"] for t in shown if correct(p, row[t]["verdict"])]
        for t in shown:
            if correct(p, row[t]["verdict"]):
                wall_ratios[t].append(row[t]["wall"] / min(ok_walls))
        cells = []
        for t in shown:
            r = row[t]
            c = correct(p, r["verdict"])
            if r["verdict"] not in ("n/a",):
                decided[t][2] += 1
            if c is False:
                decided[t][1] += 1
                cells.append(f"**WRONG** {r['verdict']}")
                continue
            if c:
                decided[t][0] += 1
                ratio = max(r["seconds"], 1e-6) / max(best, 1e-6)
                ratios[t].append(ratio)
                cells.append(f"{r['verdict']} {r['seconds']:.3g} (x{ratio:.3g})")
            elif r["verdict"] in ("n/a",):
                cells.append("n/a")
            else:
                s = f" {r['seconds']:.3g}" if r.get("seconds") is not None else ""
                cells.append(f"{r['verdict']}{s}")
        lines.append(f"| `{name}` | {'true' if p.truth else 'false'} | " + " | ".join(cells) + " |")
    lines += ["", "| tool | correct | wrong | expressible | geometric mean of ratios, in-process time | "
              "the same, whole process (start-up and imports included) |", "|---|---|---|---|---|---|"]

    def gmean(rs):
        return math.exp(sum(math.log(r) for r in rs) / len(rs)) if rs else float("nan")

    for t in shown:
        lines.append(f"| {t} | {decided[t][0]} | {decided[t][1]} | {decided[t][2]} | {gmean(ratios[t]):.3g} | "
                     f"{gmean(wall_ratios[t]):.3g} |")
    # theorycheck against the fastest correct *other* tool, where both are correct
    tc, tc_cpu = [], []
    for name, row in results.items():
        p = BY_NAME[name]
        if "theorycheck" not in shown or not correct(p, row["theorycheck"]["verdict"]):
            continue
        others = [t for t in shown if t != "theorycheck" and correct(p, row[t]["verdict"])]
        if others:
            best = min(row[t]["seconds"] for t in others)
            best_wall = min(row[t]["wall"] for t in others)
            tc.append((name, row["theorycheck"]["seconds"] / max(best, 1e-6), row["theorycheck"]["wall"] / best_wall))
            cpus = [row[t].get("cpu") for t in others]
            if row["theorycheck"].get("cpu") is not None and all(c is not None for c in cpus):
                tc_cpu.append((name, row["theorycheck"]["cpu"] / max(min(cpus), 1e-6)))
    if tc_cpu:
        lines += ["", f"The same by CPU time in-process (this thread's, unaffected by the machine's load): "
                  f"geometric mean x{gmean([r for _, r in tc_cpu]):.3g} ("
                  + ", ".join(f"{n} x{r:.3g}" for n, r in tc_cpu) + ")."]
    if tc:
        lines += ["", f"theorycheck / fastest correct peer, on the {len(tc)} problems both decide: geometric mean "
                  f"x{gmean([r for _, r, _ in tc]):.3g} in-process (" + ", ".join(f"{n} x{r:.3g}" for n, r, _ in tc)
                  + f"); x{gmean([w for _, _, w in tc]):.3g} on the whole process."]
    only_tc = [n for n, row in results.items() if correct(BY_NAME[n], row.get("theorycheck", {}).get("verdict", ""))
               and not any(correct(BY_NAME[n], row[t]["verdict"]) for t in shown if t != "theorycheck")]
    none = [n for n, row in results.items() if not any(correct(BY_NAME[n], row[t]["verdict"]) for t in shown)]
    peer_only = [n for n, row in results.items() if "theorycheck" in shown
                 and not correct(BY_NAME[n], row["theorycheck"]["verdict"])
                 and any(correct(BY_NAME[n], row[t]["verdict"]) for t in shown)]
    lines += ["", f"Decided only by theorycheck: {', '.join(only_tc) or 'none'}.",
              f"Decided by a peer but not by theorycheck: {', '.join(peer_only) or 'none'}.",
              f"Decided by no tool: {', '.join(none) or 'none'}.", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="theorycheck against mpmath.iv, Arb, codac, z3 (and dReal).")
    ap.add_argument("--quick", action="store_true", help=f"{REPEATS_QUICK} run, {CAP_QUICK:.0f} s cap")
    ap.add_argument("--only", nargs="*", help="problem names")
    ap.add_argument("--tools", nargs="*", default=list(TOOLS), help=f"subset of {', '.join(TOOLS)}")
    ap.add_argument("--cap", type=float, default=None, help="wall-clock cap per run, seconds")
    ap.add_argument("--repeats", type=int, default=None)
    ap.add_argument("--out", default=None, help="also write the Markdown table and the JSON results (FILE.json)")
    ap.add_argument("--render", metavar="FILE.json", help="print the tables of a saved run (its --out JSON) again")
    ap.add_argument("--worker", nargs=2, metavar=("PROBLEM", "TOOL"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    cap = args.cap or (CAP_QUICK if args.quick else CAP_FULL)
    if args.worker:
        return worker(*args.worker, cap)
    repeats = args.repeats or (REPEATS_QUICK if args.quick else REPEATS_FULL)
    if args.render:
        saved = json.loads(Path(args.render).read_text())
        order = {p.name: i for i, p in enumerate(PROBLEMS)}
        saved = dict(sorted(saved.items(), key=lambda kv: order[kv[0]]))
        tools = [t for t in TOOLS if all(t in row for row in saved.values())]
        print(report(saved, tools, cap, repeats))
        return 0
    bad = [t for t in args.tools if t not in TOOLS]
    if bad:
        ap.error(f"unknown tool(s) {bad}")
    results = {}
    for p in PROBLEMS:
        if args.only and p.name not in args.only:
            continue
        results[p.name] = {}
        for t in args.tools:
            r = run_cell(p, t, cap, repeats)
            results[p.name][t] = r
            flag = " WRONG" if correct(p, r["verdict"]) is False else ""
            s = f"{r['seconds']:.3g} s" if r["seconds"] is not None else ""
            print(f"{p.name:26s} {t:12s} {r['verdict']:14s} {s}{flag}", file=sys.stderr, flush=True)
    text = report(results, args.tools, cap, repeats)
    print(text)
    if args.out:
        Path(args.out).write_text(text)
        Path(args.out).with_suffix(".json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    # exit status 1 when theorycheck gave a wrong verdict (a peer's wrong verdict is only flagged)
    wrong = any(correct(BY_NAME[n], row["theorycheck"]["verdict"]) is False for n, row in results.items()
                if "theorycheck" in row)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
