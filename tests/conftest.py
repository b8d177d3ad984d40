from pathlib import Path

CLAIMS_DIR = Path(__file__).parent / "claims"
DATA_DIR = Path(__file__).parent / "data"  # small files the tests need (provenance: data/README.md)


# -- long runs behind an option ------------------------------------------------------------------
# Test modules marked ``pytest.mark.slow`` (the library decided again from scratch, the adversarial
# sweeps of the soundness reviews: minutes) run only with ``--slow`` or THEORYCHECK_SLOW=1; the
# default run stays within CI's time (15 minutes on 2 cores).

import os

import pytest


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the long tests (marked slow): the library decided again, adversarial sweeps")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a long test, run with --slow (or THEORYCHECK_SLOW=1)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow", default=False) or os.environ.get("THEORYCHECK_SLOW", "") not in ("", "0"):
        return
    skip = pytest.mark.skip(reason="long: run with --slow (or THEORYCHECK_SLOW=1)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
