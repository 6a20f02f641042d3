"""Serialisation and source-identification helpers used by both loggers."""

from __future__ import annotations

import functools
import json
import logging
import sys
from typing import Any, Callable, Dict, Tuple, TypeVar

from ._redact import EXCLUDED_INIT_ARGS, redact, remember_secrets, scrub
from .logger_utils import to_dict

F = TypeVar("F", bound=Callable[..., Any])

__all__ = (
    "agent_types",
    "never_raises",
    "dumps_json",
    "init_args_json_data",
    "is_agent",
    "non_serializable",
    "safe_serialize",
    "scrub",
)


def non_serializable(obj: Any) -> str:
    """The placeholder 0.2 writes for values JSON cannot encode."""
    return f"<<non-serializable: {type(obj).__qualname__}>>"


def dumps_json(obj: Any, **kwargs: Any) -> str:
    """`json.dumps` that never raises: unencodable values become a placeholder, then secrets are masked."""
    return scrub(json.dumps(obj, default=non_serializable, **kwargs))


def safe_serialize(obj: Any) -> str:
    """JSON text of `obj`; objects with `to_json()` use it, other unencodable values become a placeholder."""

    def default(o: Any) -> str:
        if hasattr(o, "to_json"):
            try:
                return str(o.to_json())
            except Exception:
                return non_serializable(o)
        return non_serializable(o)

    return scrub(json.dumps(obj, default=default))


def agent_types() -> Tuple[type, ...]:
    """The `Agent` protocol, if the agent layer is loaded (this layer must not import it)."""
    module = sys.modules.get("autogen.agentchat.agent")
    agent = getattr(module, "Agent", None)
    return (agent,) if isinstance(agent, type) else ()


def is_agent(obj: Any) -> bool:
    types_ = agent_types()
    if not types_:
        return False
    try:
        return isinstance(obj, types_)
    except TypeError:
        return False


def init_args_json_data(init_args: Any) -> Any:
    """Init args as JSON-ready data without self, credentials or endpoints; agents become their `str()`."""
    remember_secrets(init_args)
    return redact(to_dict(init_args, exclude=EXCLUDED_INIT_ARGS, no_recursive=agent_types()))


def source_name_of(source: Any) -> Any:
    """The agent's name, or the source itself when it is a plain string (None otherwise)."""
    if isinstance(source, str):
        return source
    name = getattr(source, "name", None)
    return name if name is None or isinstance(name, (str, int, float)) else str(name)


def describe_source(source: Any) -> Dict[str, Any]:
    """Module and class name of an agent source (empty for other sources)."""
    if not is_agent(source):
        return {}
    return {"agent_module": source.__module__, "agent_class": type(source).__name__}


def never_raises(prefix: str, what: str) -> Callable[[F], F]:
    """Decorate a log method so that a failure while building its record is logged instead of raised."""

    def decorate(method: F) -> F:
        @functools.wraps(method)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except Exception as e:
                logging.getLogger(method.__module__).error(f"{prefix} Failed to log {what}: {e}")
                return None

        return wrapper  # type: ignore[return-value]

    return decorate
