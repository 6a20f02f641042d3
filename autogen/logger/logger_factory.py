"""Builds a logger from its type name."""

from __future__ import annotations

from typing import Any, Dict, Literal, Optional

from .._reexports import lazy_names
from .base_logger import BaseLogger

__all__ = ("LoggerFactory",)


class LoggerFactory:
    @staticmethod
    def get_logger(
        logger_type: Literal["sqlite", "file", "opentelemetry"] = "sqlite", config: Optional[Dict[str, Any]] = None
    ) -> BaseLogger:
        """Return a new SqliteLogger, FileLogger or OpenTelemetry tracing logger configured with `config`."""
        if config is None:
            config = {}
        if logger_type == "sqlite":
            from .sqlite_logger import SqliteLogger

            return SqliteLogger(config)
        if logger_type == "file":
            from .file_logger import FileLogger

            return FileLogger(config)
        if logger_type in ("opentelemetry", "otel"):
            from ..tracing._logger import OpenTelemetryLogger  # spans of the event stream (beyond 0.2)

            return OpenTelemetryLogger(config)
        raise ValueError(f"[logger_factory] Unknown logger type: {logger_type}")


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
