"""The sympy safety limit (theorycheck/symbolic.py): the claim's wall-clock safety limit is never
lost, even when its alarm fires where Python swallows exceptions."""

import gc
import time

import pytest

from theorycheck import work
from theorycheck.symbolic import _time_limit


def test_a_timeout_that_fires_inside_a_gc_callback_still_stops_the_work():
    """Hypothesis registers a gc callback; an exception raised in one (or in a weakref callback,
    or a __del__) is swallowed by Python, so the alarm repeats until it lands outside. (Inside a
    gc callback it does not even raise; elsewhere pytest may report the swallowed one.)"""
    def slow_callback(phase, info):
        if phase == "start":
            time.sleep(0.3)

    gc.callbacks.append(slow_callback)
    try:
        start = time.monotonic()
        with work.metered(1.0, seconds=0.1) as meter:  # the safety limit: 0.1 s of wall clock
            with pytest.raises(TimeoutError):
                with _time_limit(1.0):
                    gc.collect()  # the first alarm fires inside slow_callback
                    time.sleep(2)  # the repeat must interrupt this
        assert time.monotonic() - start < 1.5
        assert meter.timed_out  # the claim's verdict will say "time limit"
    finally:
        gc.callbacks.remove(slow_callback)


def test_no_timeout_when_the_work_is_quick():
    with _time_limit(1.0):
        x = sum(range(1000))
    assert x == 499500
