"""Client-side request throttles, one per config entry (config key `api_rate_limit`, requests per second)."""

from __future__ import annotations

import time
from typing import Any, Protocol

__all__ = ("RateLimiter", "TimeRateLimiter")


class RateLimiter(Protocol):
    """Anything with a blocking `sleep()` called right before each request."""

    def sleep(self, *args: Any, **kwargs: Any) -> None: ...


class TimeRateLimiter:
    """Spaces calls at least `1 / rate` seconds apart; the first call never waits."""

    def __init__(self, rate: float) -> None:
        # As in 0.2, a bad rate fails here with Python's own error (0 -> ZeroDivisionError, "2" -> TypeError).
        self._time_interval_seconds = 1.0 / rate
        self._last_time_called = 0.0  # perf_counter's epoch: long enough ago that the first call never waits

    def sleep(self, *args: Any, **kwargs: Any) -> None:
        """Block until the interval since the previous call's return has passed."""
        remaining = self._time_interval_seconds - (time.perf_counter() - self._last_time_called)
        if remaining > 0:
            time.sleep(remaining)
        self._last_time_called = time.perf_counter()
