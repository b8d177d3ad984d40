from pathlib import Path

CLAIMS_DIR = Path(__file__).parent / "claims"
DATA_DIR = Path(__file__).parent / "data"  # small files the tests need (provenance: data/README.md)


# -- long runs behind an option ------------------------------------------------------------------
# Test modules marked ``pytest.mark.slow`` (the library decided again from scratch, the adversarial
# sweeps of the soundness reviews: minutes) run only with ``--slow`` or THEORYCHECK_SLOW=1; the
# default run stays within CI's time (15 minutes on 2 cores).

import os

import pytest

# Verification records (theorycheck.records) are off in the test suite: every certificate a test
# hands to the pytest plugin (or to `theorycheck verify --use-records`) is re-checked by the kernel
# and nothing is recorded; tests/test_verification_records.py turns them on in a tmp directory.
os.environ["THEORYCHECK_RECORDS_DIR"] = "off"


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the long tests (marked slow): the library decided again, adversarial sweeps")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a long test, run with --slow (or THEORYCHECK_SLOW=1)")


# Single tests of 6 s or more in the default run (measured with --durations on the session-22
# merge), whose property another default test also covers in a smaller case: long, so behind --slow.
LONG = (
    "tests/test_along.py::test_the_true_claims_are_proved_across_their_set[exp_midpoint_convex]",
    "tests/soundness/test_soundness.py::test_verdict_is_not_wrong[adversary::adv_all_of_two_hundred_parts]",
    "tests/soundness/test_soundness.py::test_verdict_is_not_wrong[adversary::adv_chain_of_forty_steps]",
    "tests/soundness/test_soundness.py::test_file_level_case[cache: claims_cache.py in one process]",
    "tests/soundness/test_soundness.py::test_file_level_case[cache: cache_b.py then cache_a.py in one process]",
    "tests/soundness/test_soundness.py::test_verdict_is_not_wrong[integrals::gauss_square_above]",
    "tests/test_plugin.py::test_reports_under_xdist_are_whole_and_equal_to_a_serial_run",
    "tests/test_divergences.py::test_enclosures_contain_40_digit_values[2]",
    "tests/test_divergences.py::test_enclosures_contain_40_digit_values[1]",
    "tests/test_experiments_li.py::test_li_thm31_depends_on_the_seed_only_through_random_rows",
    "tests/test_dynamics.py::test_experiment_cli_quick[mixture-fig4]",
    "tests/test_high_order.py::test_true_claims_are_proved_and_certified[atan_above_cubic]",
)


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow", default=False) or os.environ.get("THEORYCHECK_SLOW", "") not in ("", "0"):
        return
    skip = pytest.mark.skip(reason="long: run with --slow (or THEORYCHECK_SLOW=1)")
    for item in items:
        if "slow" in item.keywords or item.nodeid in LONG:
            item.add_marker(skip)
