"""Base class for capabilities: pluggable behaviour that attaches itself to an existing agent."""

from __future__ import annotations

from typing import Any

from ...._reexports import lazy_names


class AgentCapability:
    """Something that can be added to a ConversableAgent (usually by registering hooks or replies)."""

    def __init__(self) -> None:
        pass

    def add_to_agent(self, agent: Any) -> None:
        """Attach this capability to `agent`; subclasses must implement it."""
        raise NotImplementedError


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
