"""`runtime_logging.start(logger_type="opentelemetry")`: tracing turned on beside the SQLite and file loggers.

The spans come from the event stream, so the logger's record methods have nothing to do; start and stop
turn tracing on and off. Config keys: `tracer_provider` (default: the global one) and `capture_content`.
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any, Dict, Optional

from ..logger.base_logger import BaseLogger

__all__ = ("OpenTelemetryLogger",)


class OpenTelemetryLogger(BaseLogger):
    """A runtime logger whose output is OpenTelemetry spans."""

    def __init__(self, config: Optional[Dict[str, Any]] = None) -> None:
        self.config = dict(config or {})
        self.session_id = str(uuid.uuid4())

    def start(self) -> str:
        from . import enable

        enable(self.config.get("tracer_provider"), self.config.get("capture_content"))
        return self.session_id

    def log_chat_completion(self, *args: Any, **kwargs: Any) -> None:
        """Model calls are traced from their events (one span per attempt)."""

    def log_new_agent(self, agent: Any, init_args: Dict[str, Any]) -> None:
        """Agents appear as span attributes; nothing to record at creation."""

    def log_event(self, source: Any, name: str, **kwargs: Any) -> None:
        """Agent events reach the trace through the event stream."""

    def log_new_wrapper(self, wrapper: Any, init_args: Dict[str, Any]) -> None:
        """Wrappers are not traced on their own."""

    def log_new_client(self, client: Any, wrapper: Any, init_args: Dict[str, Any]) -> None:
        """Clients are not traced on their own."""

    def log_function_use(self, source: Any, function: Any, args: Dict[str, Any], returns: Any) -> None:
        """Tool runs are traced from their events."""

    def stop(self) -> None:
        from . import disable

        disable()

    def get_connection(self) -> Optional[sqlite3.Connection]:
        return None
