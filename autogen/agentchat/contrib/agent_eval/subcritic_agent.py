"""SubCriticAgent: breaks each evaluation criterion into sub-criteria."""

from __future__ import annotations

from typing import Any, Optional

from ...conversable_agent import ConversableAgent

__all__ = ("SubCriticAgent",)


class SubCriticAgent(ConversableAgent):
    """Adds finer sub-criteria to the critic's criteria, returning the whole list as JSON."""

    DEFAULT_SYSTEM_MESSAGE = """Your job is to make a set of evaluation criteria finer.
You receive a JSON list of criteria, each with a name, a description and accepted values. Give each criterion a
"sub_criteria" list of narrower criteria, written in the same form
({"name": ..., "description": ..., "accepted_values": [...]}), which do not overlap one another.
Keep everything the original criteria say. Answer with the complete, valid JSON list alone: no code."""
    DEFAULT_DESCRIPTION = "Breaks each criterion of a given list down into finer sub-criteria."

    def __init__(
        self,
        name: str = "subcritic",
        system_message: Optional[str] = DEFAULT_SYSTEM_MESSAGE,
        description: Optional[str] = DEFAULT_DESCRIPTION,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name, system_message=system_message, description=description, **kwargs)
