"""Client-side request throttles, one per config entry (config key `api_rate_limit`, requests per second)."""

from __future__ import annotations

import time
from typing import Any, Optional, Protocol

__all__ = ("RateLimiter", "TimeRateLimiter")


class RateLimiter(Protocol):
    """Anything with a blocking `sleep()` called right before each request."""

    def sleep(self, *args: Any, **kwargs: Any) -> None: ...


class TimeRateLimiter:
    """Spaces calls at least `1 / rate` seconds apart; the first call never waits."""

    def __init__(self, rate: float) -> None:
        if not isinstance(rate, (int, float)) or isinstance(rate, bool) or rate <= 0:
            raise ValueError(f"api_rate_limit must be a positive number of requests per second, got {rate!r}")
        self._time_interval_seconds = 1.0 / rate
        self._last_time_called: Optional[float] = None

    def sleep(self, *args: Any, **kwargs: Any) -> None:
        """Block until the interval since the previous call's return has passed."""
        if self._last_time_called is not None:
            elapsed = time.perf_counter() - self._last_time_called
            remaining = self._time_interval_seconds - elapsed
            if remaining > 0:
                time.sleep(remaining)
        self._last_time_called = time.perf_counter()
