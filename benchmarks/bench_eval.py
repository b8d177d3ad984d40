"""One body evaluation on a box against raw Arb on the same expression (issue 15).

    python benchmarks/bench_eval.py [--repeats N] [--only NAME ...]

For each problem of ``benchmarks/bench_peers.py`` that a first interval pass decides, the claim is
made exactly as ``bench_peers`` makes it (a claim file, literals exact) and three things are timed
in this warm process, each the **median of N runs** of this thread's CPU time
(``time.thread_time_ns``: the machine's load does not inflate it the way it inflates wall time):

* ``arb``: the expression evaluated once with python-flint Arb balls over the whole box (what the
  ``arb`` peer of ``bench_peers`` does per box: no decoration, no exact constants, no relation);
* ``body``: one evaluation of the claim's body on the box with theorycheck's scalar intervals and
  the enclosure of its margin (``Claim.evaluate`` + ``decide.leaf_enclosure``: the first step of
  the fast path, with the decorations and the exact constants);
* ``check``: the whole ``check()`` of a fresh copy of the claim (its verdict and certificate).

The ratios ``body / arb`` and ``check / arb`` are printed per problem, with their geometric means.
A warm process measures the fixed cost of the layers; ``bench_peers`` measures a fresh process
per run (a first call, colder and slower).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_peers  # noqa: E402

EASY = ("easy_exp_sum", "easy_log", "exp_tangent_minus_2e-30", "exp_quadratic_all_reals", "gordon_reversed",
        "am_gm_3_wrong", "bernoulli_all_reals")


def _claim(p, directory: Path, k: int):
    """The claim of problem ``p`` as bench_peers.run_theorycheck writes it (a fresh module each time)."""
    from theorycheck.loader import load_file

    ranges = ", ".join(f'{v}=("{lo}", "{hi}")' for v, (lo, hi) in p.box.items())
    name = p.name.replace("-", "_")
    src = ("from theorycheck import claim, exp, log, sqrt, erf, erfc, tanh, npdf, Phi, pi\n\n"
           f"@claim({ranges})\ndef {name}({', '.join(p.vars)}):\n    return {p.g} >= 0\n")
    path = directory / f"bench_eval_{name}_{k}.py"
    path.write_text(src)
    (c,) = load_file(path)
    return c


def _median_us(fn, repeats: int) -> float:
    for _ in range(min(20, repeats)):  # warm: the first calls of a code path are slower
        fn()
    times = []
    for _ in range(repeats):
        t = time.thread_time_ns()
        fn()
        times.append(time.thread_time_ns() - t)
    return statistics.median(times) / 1000


def _arb_evaluator(p):
    """The expression over the whole box with Arb balls, as the ``arb`` peer evaluates a box."""
    from flint import arb, fmpq

    ns = bench_peers.arb_namespace()
    code = compile(p.g, "<g>", "eval")

    def a(text):
        from fractions import Fraction

        q = Fraction(text)
        return arb(fmpq(q.numerator, q.denominator))

    box = [a(lo).union(a(hi)) for lo, hi in p.box.values()]

    def run():
        return eval(code, {"__builtins__": {}}, {**ns, **dict(zip(p.vars, box))})

    return run


def bench(names, repeats: int) -> list:
    from theorycheck.check import check
    from theorycheck.decide import leaf_enclosure
    from theorycheck.fastpath import box_values

    rows = []
    with tempfile.TemporaryDirectory() as d:
        for name in names:
            p = bench_peers.BY_NAME[name]
            c = _claim(p, Path(d), 0)
            values = box_values(c)

            def body():
                relation = c.evaluate(values)
                return [leaf_enclosure(leaf, values[0]) for leaf in relation.leaves()]

            fresh = [_claim(p, Path(d), k + 1) for k in range(min(repeats, 200) + 20)]
            it = iter(fresh)
            verdict = check(fresh[0], budget=20, seed=0).verdict
            t_arb = _median_us(_arb_evaluator(p), repeats)
            t_body = _median_us(body, repeats)
            # a fresh copy of the claim per run: nothing a check may keep on its claim is reused
            t_check = _median_us(lambda: check(next(it), budget=20, seed=0), min(repeats, 200))
            rows.append((name, verdict, t_arb, t_body, t_check))
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=1000, help="runs per median (check: at most 200)")
    ap.add_argument("--only", nargs="*", help=f"problem names (default: {', '.join(EASY)})")
    args = ap.parse_args(argv)
    rows = bench(args.only or EASY, args.repeats)
    print(f"medians of {args.repeats} runs (check: {min(args.repeats, 200)}), this thread's CPU time, microseconds")
    print(f"{'problem':28s} {'verdict':9s} {'arb':>8s} {'body':>8s} {'check':>9s} {'body/arb':>9s} {'check/arb':>10s}")
    for name, verdict, a, b, c in rows:
        print(f"{name:28s} {verdict:9s} {a:8.1f} {b:8.1f} {c:9.1f} {b / a:9.1f} {c / a:10.1f}")

    def gmean(xs):
        return math.exp(sum(math.log(x) for x in xs) / len(xs))

    print(f"{'geometric mean':38s} {'':8s} {'':8s} {'':9s} {gmean([b / a for _, _, a, b, _ in rows]):9.1f} "
          f"{gmean([c / a for _, _, a, _, c in rows]):10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
