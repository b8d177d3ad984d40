"""Options of the reach corpus's tests (``tests/reach/``).

By default only fast checks run (every claim loads; every expected truth agrees with its mpmath
oracle at a few points). ``--reach`` (or ``REACH_FULL=1`` in the environment, for a run from the
project root, where pytest does not read this file's options) adds the full decision run: every
claim decided in a fresh process with the default budget and a 30 s cap, failing on any wrong
verdict; the share decided is printed at the end. ``--reach-grid`` (or ``REACH_GRID=1``) adds the
dense 50-digit mpmath grid of every claim.
"""

import os

RESULTS: list = []


def pytest_addoption(parser):
    g = parser.getgroup("reach", "issue 15's reach corpus (tests/reach)")
    g.addoption("--reach", action="store_true", default=False,
                help="decide every corpus claim (fresh process each, 30 s cap): minutes")
    g.addoption("--reach-grid", action="store_true", default=False,
                help="check every corpus claim's expected truth on a dense 50-digit mpmath grid")


def option(config, name: str, env: str) -> bool:
    return bool(config.getoption(name, default=False)) or os.environ.get(env, "") not in ("", "0")


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    n = len(RESULTS)
    right = sum(o == "right" for o in RESULTS)
    wrong = sum(o == "WRONG" for o in RESULTS)
    terminalreporter.write_line(
        f"reach corpus: {right} of {n} decided right ({100 * right / n:.0f}%), {wrong} wrong, "
        f"{n - right - wrong} undecided or error")
