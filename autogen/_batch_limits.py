"""Per-endpoint rate limits shared by every conversation of a batch.

0.2 throttles each `OpenAIWrapper` on its own (config key `api_rate_limit`, requests per second), so 200
conversations at once would send 200 times the rate. Here the limiters of every agent of a batch are replaced
by one schedule per endpoint (base_url and model): a request reserves the next free slot and sleeps until it.
The schedule is a `SlotBook` in this process (threads, asyncio) or one behind a Ray actor (all workers).
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, Dict, Iterable, Optional

from .oai.rate_limiters import TimeRateLimiter

__all__ = ("Reserve", "SharedRateLimiter", "SlotBook", "endpoint_key", "share_rate_limits")

Reserve = Callable[[str, float], float]
"""`reserve(endpoint, interval) -> seconds to wait` before the request may go out."""


class SlotBook:
    """Hands out request slots per endpoint, `interval` seconds apart, to any number of callers."""

    def __init__(self) -> None:
        self._next: Dict[str, float] = {}
        self._lock = threading.Lock()

    def reserve(self, endpoint: str, interval: float) -> float:
        """Book the next slot of `endpoint`; returns how long the caller waits for it (0 when free now)."""
        now = time.monotonic()
        with self._lock:
            slot = max(now, self._next.get(endpoint, now))
            self._next[endpoint] = slot + interval
        return slot - now


class SharedRateLimiter:
    """A `RateLimiter` (blocking `sleep()` before each request) that books its slots in a shared schedule."""

    def __init__(self, endpoint: str, interval: float, reserve: Reserve) -> None:
        self.endpoint = endpoint
        self.interval = interval
        self._reserve = reserve

    def sleep(self, *args: Any, **kwargs: Any) -> None:
        wait = self._reserve(self.endpoint, self.interval)
        if wait > 0:
            time.sleep(wait)


def endpoint_key(entry: Dict[str, Any], client: Any = None) -> str:
    """What one rate limit covers: the server (the SDK client's base_url, else the provider) and the model."""
    sdk = getattr(client, "_oai_client", None)
    server = str(getattr(sdk, "base_url", "") or entry.get("base_url") or entry.get("api_type") or "openai")
    return f"{server.rstrip('/')}|{entry.get('model') or ''}"


def share_rate_limits(agents: Iterable[Any], reserve: Reserve) -> None:
    """Swap each agent's per-client `api_rate_limit` throttles for ones booked through `reserve`.

    Reads the wrapper's limiters, entries and clients (`_rate_limiters`, `_config_list`, `_clients`): the only
    place the rate and server of an entry survive once the wrapper has consumed its config.
    """
    for agent in agents:
        wrapper = getattr(agent, "client", None)
        limiters: Optional[list] = getattr(wrapper, "_rate_limiters", None)
        entries: list = getattr(wrapper, "_config_list", None) or []
        clients: list = getattr(wrapper, "_clients", None) or []
        for i, limiter in enumerate(limiters or []):
            if isinstance(limiter, TimeRateLimiter) and i < len(entries):
                key = endpoint_key(entries[i], clients[i] if i < len(clients) else None)
                limiters[i] = SharedRateLimiter(key, limiter._time_interval_seconds, reserve)
