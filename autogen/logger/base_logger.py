"""The interface every runtime logger implements (`autogen.runtime_logging` forwards to it)."""

from __future__ import annotations

import sqlite3
import uuid
from abc import ABC, abstractmethod
from typing import Any, Callable, Dict, List, Optional, TypeVar, Union

__all__ = ("BaseLogger", "ConfigItem", "LLMConfig")

F = TypeVar("F", bound=Callable[..., Any])
ConfigItem = Dict[str, Union[str, List[str]]]
LLMConfig = Dict[str, Union[None, float, int, ConfigItem, List[ConfigItem]]]


class BaseLogger(ABC):
    """A sink for agent, client and chat-completion records; implementations must never raise from a log call."""

    @abstractmethod
    def start(self) -> str:
        """Open the sink and return the id of the new logging session."""

    @abstractmethod
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
        """Record one model call: the request, the response (or error text), whether it came from the cache."""

    @abstractmethod
    def log_new_agent(self, agent: Any, init_args: Dict[str, Any]) -> None:
        """Record an agent and the arguments it was built with."""

    @abstractmethod
    def log_event(self, source: Any, name: str, **kwargs: Dict[str, Any]) -> None:
        """Record a named event raised by an agent (or any other source)."""

    @abstractmethod
    def log_new_wrapper(self, wrapper: Any, init_args: Dict[str, Any]) -> None:
        """Record an OpenAIWrapper and its configuration."""

    @abstractmethod
    def log_new_client(self, client: Any, wrapper: Any, init_args: Dict[str, Any]) -> None:
        """Record a model client created by a wrapper."""

    @abstractmethod
    def log_function_use(self, source: Any, function: Any, args: Dict[str, Any], returns: Any) -> None:
        """Record a tool/function call made by an agent."""

    @abstractmethod
    def stop(self) -> None:
        """Flush and close the sink."""

    @abstractmethod
    def get_connection(self) -> Optional[sqlite3.Connection]:
        """The database connection, for loggers that have one."""
