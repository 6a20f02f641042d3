"""Runtime logging as JSON lines in `<cwd>/autogen_logs/<filename>` (one object per line, flushed per line)."""

from __future__ import annotations

import logging
import os
import threading
import uuid
from typing import Any, Dict, Optional

from ._common import (
    describe_source,
    dumps_json,
    init_args_json_data,
    never_raises,
    safe_serialize,
    source_name_of,
)
from ._redact import redact, remember_environment_secrets
from .base_logger import BaseLogger
from .logger_utils import get_current_ts, to_dict

__all__ = ("FileLogger",)

logger = logging.getLogger(__name__)

_OWNER_ATTR = "autogen_file_logger_owner"


class _OwnerFilter(logging.Filter):
    """Lets a FileLogger's handler write only that logger's records (all instances share one named logger)."""

    def __init__(self, owner: int) -> None:
        super().__init__()
        self.owner = owner

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, _OWNER_ATTR, None) == self.owner


def _touch(path: str) -> None:
    """Create the log file up front, so a bad path is reported once, at construction."""
    try:
        open(path, "a").close()
    except Exception as e:
        logger.error(f"[file_logger] Failed to create logging file: {e}")


def _own_handler(path: str, owner: int) -> logging.Handler:
    """A handler writing bare message lines to `path`, and only the records of the FileLogger `owner`."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(_OwnerFilter(owner))
    return handler


class FileLogger(BaseLogger):
    """Writes runtime records as JSON lines to `autogen_logs/<config["filename"]>` (default `runtime.log`)."""

    def __init__(self, config: Dict[str, Any]) -> None:
        self.config, self.session_id = config, str(uuid.uuid4())
        self.log_dir = os.path.join(os.getcwd(), "autogen_logs")
        os.makedirs(self.log_dir, exist_ok=True)
        self.log_file = os.path.join(self.log_dir, config.get("filename", "runtime.log"))
        _touch(self.log_file)
        self.logger = logging.getLogger(__name__)
        self.logger.setLevel(logging.INFO)
        self._handler = _own_handler(self.log_file, id(self))
        self.logger.addHandler(self._handler)

    def _write(self, line: str) -> None:
        self.logger.info(line, extra={_OWNER_ATTR: id(self)})

    def _write_record(self, what: str, record: Dict[str, Any]) -> None:
        try:
            self._write(dumps_json(record))
        except Exception as e:
            self.logger.error(f"[file_logger] Failed to log {what}: {e}")

    def start(self) -> str:
        """Write the session header line and return the session id."""
        remember_environment_secrets()
        try:
            self._write(f"Started new session with Session ID: {self.session_id}")
        except Exception as e:
            self.logger.error(f"[file_logger] Failed to create logging file: {e}")
        return self.session_id

    @never_raises("[file_logger]", "chat completion")
    def log_chat_completion(
        self,
        invocation_id: uuid.UUID,
        client_id: int,
        wrapper_id: int,
        source: Any,
        request: Dict[str, Any],
        response: Any,
        is_cached: int,
        cost: float,
        start_time: str,
    ) -> None:
        name = getattr(source, "name", None)
        record = {
            "invocation_id": str(invocation_id),
            "client_id": client_id,
            "wrapper_id": wrapper_id,
            "request": redact(to_dict(request)),
            "response": str(response),
            "is_cached": is_cached,
            "cost": cost,
            "start_time": start_time,
            "end_time": get_current_ts(),
            "thread_id": threading.get_ident(),
            "source_name": name if isinstance(name, str) else "unknown",
        }
        self._write_record("chat completion", record)

    @never_raises("[file_logger]", "new agent")
    def log_new_agent(self, agent: Any, init_args: Optional[Dict[str, Any]] = None) -> None:
        """Record an agent and its constructor arguments (optional, as in 0.2: then logged as `{}`)."""
        init_args = {} if init_args is None else init_args
        client = getattr(agent, "client", None)
        record = {
            "id": id(agent),
            "agent_name": getattr(agent, "name", ""),
            "wrapper_id": getattr(client, "wrapper_id", "") if client is not None else "",
            "session_id": self.session_id,
            "current_time": get_current_ts(),
            "agent_type": type(agent).__name__,
            "args": init_args_json_data(init_args),
            "thread_id": threading.get_ident(),
        }
        self._write_record("new agent", record)

    @never_raises("[file_logger]", "event")
    def log_event(self, source: Any, name: str, **kwargs: Dict[str, Any]) -> None:
        record: Dict[str, Any] = {
            "source_id": id(source),
            "source_name": str(source_name_of(source)),
            "event_name": name,
        }
        record.update(describe_source(source))
        record.update(
            {
                "json_state": dumps_json(redact(kwargs)),
                "timestamp": get_current_ts(),
                "thread_id": threading.get_ident(),
            }
        )
        self._write_record("event", record)

    @never_raises("[file_logger]", "new wrapper")
    def log_new_wrapper(self, wrapper: Any, init_args: Optional[Dict[str, Any]] = None) -> None:
        record = {
            "wrapper_id": id(wrapper),
            "session_id": self.session_id,
            "json_state": dumps_json(init_args_json_data(init_args or {})),
            "timestamp": get_current_ts(),
            "thread_id": threading.get_ident(),
        }
        self._write_record("new wrapper", record)

    @never_raises("[file_logger]", "new client")
    def log_new_client(self, client: Any, wrapper: Any, init_args: Dict[str, Any]) -> None:
        record = {
            "client_id": id(client),
            "wrapper_id": id(wrapper),
            "session_id": self.session_id,
            "class": type(client).__name__,
            "json_state": dumps_json(init_args_json_data(init_args)),
            "timestamp": get_current_ts(),
            "thread_id": threading.get_ident(),
        }
        self._write_record("new client", record)

    @never_raises("[file_logger]", "function use")
    def log_function_use(self, source: Any, function: Any, args: Dict[str, Any], returns: Any) -> None:
        record = {
            "source_id": id(source),
            "source_name": str(source_name_of(source)),
            "agent_module": getattr(source, "__module__", None),
            "agent_class": type(source).__name__,
            "timestamp": get_current_ts(),
            "thread_id": threading.get_ident(),
            "input_args": safe_serialize(redact(args)),
            "returns": safe_serialize(returns),
        }
        self._write_record("function use", record)

    def get_connection(self) -> None:
        """File logs have no database connection."""
        return None

    def stop(self) -> None:
        """Detach and close this logger's file handler."""
        handler: Optional[logging.Handler] = self._handler
        if handler is None:
            return
        self.logger.removeHandler(handler)
        handler.close()
        self._handler = None  # type: ignore[assignment]
