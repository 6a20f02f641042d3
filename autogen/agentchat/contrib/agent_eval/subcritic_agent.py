"""SubCriticAgent: breaks each evaluation criterion into sub-criteria."""

from __future__ import annotations

from typing import Any, Optional

from ...conversable_agent import ConversableAgent

__all__ = ("SubCriticAgent",)


class SubCriticAgent(ConversableAgent):
    """Adds finer sub-criteria to the critic's criteria, returning the whole list as JSON."""

    DEFAULT_SYSTEM_MESSAGE = """You are a helpful assistant who refines evaluation criteria into sub-criteria.
For each criterion you are given, add a "sub_criteria" list of finer criteria, each of the form
{"name": ..., "description": ..., "accepted_values": [...]}; the sub-criteria must not overlap.
Keep all of the original content. Return only the resulting list, as valid JSON."""
    DEFAULT_DESCRIPTION = "An AI agent for creating subcriteria from a given list of criteria."

    def __init__(
        self,
        name: str = "subcritic",
        system_message: Optional[str] = DEFAULT_SYSTEM_MESSAGE,
        description: Optional[str] = DEFAULT_DESCRIPTION,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name, system_message=system_message, description=description, **kwargs)
