"""The protocols every agent follows: what a conversation partner must offer."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Protocol, Union, runtime_checkable

__all__ = ("Agent", "LLMAgent")


@runtime_checkable
class Agent(Protocol):
    """Anything that can take part in a conversation: it has a name and exchanges messages.

    The bodies are no-ops so that a class may subclass `Agent` and implement only what it uses.
    """

    @property
    def name(self) -> str:
        """The agent's name, used to address it and to label its messages."""
        ...

    @property
    def description(self) -> str:
        """What the agent does, e.g. for a group chat manager choosing the next speaker."""
        ...

    def send(self, message: Union[Dict[str, Any], str], recipient: Agent, request_reply: Optional[bool] = None) -> None:
        """Send `message` to `recipient`."""
        ...

    async def a_send(
        self, message: Union[Dict[str, Any], str], recipient: Agent, request_reply: Optional[bool] = None
    ) -> None:
        """Send `message` to `recipient` (async)."""
        ...

    def receive(self, message: Union[Dict[str, Any], str], sender: Agent, request_reply: Optional[bool] = None) -> None:
        """Take in `message` from `sender`, possibly answering it."""
        ...

    async def a_receive(
        self, message: Union[Dict[str, Any], str], sender: Agent, request_reply: Optional[bool] = None
    ) -> None:
        """Take in `message` from `sender` (async)."""
        ...

    def generate_reply(
        self, messages: Optional[List[Dict[str, Any]]] = None, sender: Optional[Agent] = None, **kwargs: Any
    ) -> Union[str, Dict[str, Any], None]:
        """Produce the reply to a conversation, or None for no reply."""
        ...

    async def a_generate_reply(
        self, messages: Optional[List[Dict[str, Any]]] = None, sender: Optional[Agent] = None, **kwargs: Any
    ) -> Union[str, Dict[str, Any], None]:
        """Produce the reply to a conversation (async)."""
        ...


@runtime_checkable
class LLMAgent(Agent, Protocol):
    """An agent driven by a language model, and so with a system message."""

    @property
    def system_message(self) -> str:
        """The system message sent first in every model request."""
        ...

    def update_system_message(self, system_message: str) -> None:
        """Replace the system message."""
        ...
