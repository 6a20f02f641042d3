"""CriticAgent: proposes the criteria by which a task's outcomes should be judged."""

from __future__ import annotations

from typing import Any, Optional

from ...conversable_agent import ConversableAgent

__all__ = ("CriticAgent",)


class CriticAgent(ConversableAgent):
    """Suggests evaluation criteria for a task, as JSON."""

    DEFAULT_SYSTEM_MESSAGE = """You are a helpful assistant. You suggest criteria for evaluating different tasks.
The criteria must be distinguishable from each other, quantifiable, and must not overlap.
Convert the evaluation criteria into a list where each item is a criterion of the form
{"name": name of the criterion, "description": what the criterion means, "accepted_values": the possible values}.
Each accepted value should be a fine-grained level (for example on a scale) rather than a plain yes/no where that helps.
Return only the list of criteria."""
    DEFAULT_DESCRIPTION = "An AI agent for creating list criteria for evaluating the utility of a given task."

    def __init__(
        self,
        name: str = "critic",
        system_message: Optional[str] = DEFAULT_SYSTEM_MESSAGE,
        description: Optional[str] = DEFAULT_DESCRIPTION,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name, system_message=system_message, description=description, **kwargs)
