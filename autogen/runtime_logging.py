"""Process-wide runtime logging: a switch plus forwarders to the active logger.

Call sites check `logging_enabled()` first, so a disabled logger costs one function call.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING, Any, Callable, Dict, Literal, Optional

from ._reexports import lazy_names

if TYPE_CHECKING:
    from autogen.logger.base_logger import BaseLogger

logger = logging.getLogger(__name__)

autogen_logger: Optional[BaseLogger] = None
is_logging = False


def start(
    logger: Optional[BaseLogger] = None,
    logger_type: Literal["sqlite", "file", "opentelemetry"] = "sqlite",
    config: Optional[Dict[str, Any]] = None,
) -> str:
    """Start logging to `logger` (or a new one of `logger_type`) and return the session id.

    `"opentelemetry"` turns on `autogen.tracing` (config: `tracer_provider`, `capture_content`).
    """
    global autogen_logger, is_logging
    from autogen.logger.logger_factory import LoggerFactory

    autogen_logger = logger if logger is not None else LoggerFactory.get_logger(logger_type=logger_type, config=config)
    session_id = ""
    try:
        session_id = autogen_logger.start()
        is_logging = True
    except Exception as e:  # a broken logger must not break the program that asked for logging
        logging.getLogger(__name__).error(f"[runtime logging] Failed to start logging: {e}")
    return session_id


def _forward(name: str) -> Optional[Callable[..., Any]]:
    if autogen_logger is None:
        logging.getLogger(__name__).error(f"[runtime logging] {name}: autogen logger is None")
        return None
    return getattr(autogen_logger, name)


def log_chat_completion(
    invocation_id: Any,
    client_id: int,
    wrapper_id: int,
    agent: Any,
    request: Dict[str, Any],
    response: Any,
    is_cached: int,
    cost: float,
    start_time: str,
) -> None:
    fn = _forward("log_chat_completion")
    if fn is not None:
        fn(invocation_id, client_id, wrapper_id, agent, request, response, is_cached, cost, start_time)


def log_new_agent(agent: Any, init_args: Dict[str, Any]) -> None:
    fn = _forward("log_new_agent")
    if fn is not None:
        fn(agent, init_args)


def log_event(source: Any, name: str, **kwargs: Any) -> None:
    fn = _forward("log_event")
    if fn is not None:
        fn(source, name, **kwargs)


def log_function_use(agent: Any, function: Any, args: Dict[str, Any], returns: Any) -> None:
    fn = _forward("log_function_use")
    if fn is not None:
        fn(agent, function, args, returns)


def log_new_wrapper(wrapper: Any, init_args: Dict[str, Any]) -> None:
    fn = _forward("log_new_wrapper")
    if fn is not None:
        fn(wrapper, init_args)


def log_new_client(client: Any, wrapper: Any, init_args: Dict[str, Any]) -> None:
    fn = _forward("log_new_client")
    if fn is not None:
        fn(client, wrapper, init_args)


def stop() -> None:
    global is_logging
    if autogen_logger is not None:
        autogen_logger.stop()
    is_logging = False


def get_connection() -> Optional[sqlite3.Connection]:
    fn = _forward("get_connection")
    return fn() if fn is not None else None


def logging_enabled() -> bool:
    return is_logging


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
