"""The sympy time limit (theorycheck/symbolic.py): a timeout is never lost."""

import gc
import time

import pytest

from theorycheck.symbolic import _time_limit


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_timeout_that_fires_inside_a_gc_callback_still_stops_the_work():
    """Hypothesis registers a gc callback; an exception raised in one is swallowed by Python (and
    reported as unraisable), so the alarm does not raise there and fires again outside it."""
    def slow_callback(phase, info):
        if phase == "start":
            time.sleep(0.3)

    gc.callbacks.append(slow_callback)
    try:
        start = time.monotonic()
        with pytest.raises(TimeoutError):
            with _time_limit(0.1):
                gc.collect()  # the first alarm fires inside slow_callback
                time.sleep(2)  # the repeat must interrupt this
        assert time.monotonic() - start < 1.5
    finally:
        gc.callbacks.remove(slow_callback)


def test_no_timeout_when_the_work_is_quick():
    with _time_limit(1.0):
        x = sum(range(1000))
    assert x == 499500
