"""TimeRateLimiter spacing (lower bounds only: a limiter may never be faster than its rate)."""

from __future__ import annotations

import time

import pytest

from autogen.oai.rate_limiters import TimeRateLimiter


def test_first_sleep_does_not_wait_and_second_waits_the_interval() -> None:
    limiter = TimeRateLimiter(10)
    limiter.sleep()
    start = time.perf_counter()
    limiter.sleep()
    assert time.perf_counter() - start >= 0.09


def test_two_calls_at_one_per_second_take_a_second() -> None:
    limiter = TimeRateLimiter(1)
    start = time.perf_counter()
    limiter.sleep()
    limiter.sleep()
    assert time.perf_counter() - start >= 1


@pytest.mark.parametrize(("rate", "error"), [(0, ZeroDivisionError), ("fast", TypeError), (None, TypeError)])
def test_invalid_rate_fails_with_pythons_error_as_in_0_2(rate: object, error: type) -> None:
    with pytest.raises(error):
        TimeRateLimiter(rate)  # type: ignore[arg-type]


def test_first_call_never_waits() -> None:
    start = time.perf_counter()
    limiter = TimeRateLimiter(2 / start)  # an interval of half the clock's age
    limiter.sleep()
    assert time.perf_counter() - start < 1
