"""CriticAgent: proposes the criteria by which a task's outcomes should be judged."""

from __future__ import annotations

from typing import Any, Optional

from ...conversable_agent import ConversableAgent

__all__ = ("CriticAgent",)


class CriticAgent(ConversableAgent):
    """Suggests evaluation criteria for a task, as JSON."""

    DEFAULT_SYSTEM_MESSAGE = """Your job is to work out how the results of a task should be judged.
Propose a set of evaluation criteria. Each criterion must measure something the others do not, and it must be
possible to rate a result on it.
Give the criteria as a JSON list whose items look like
{"name": "<criterion>", "description": "<what it measures>", "accepted_values": ["<level>", "<level>", ...]}.
Prefer graded accepted values (several levels, from worst to best) to a bare yes/no.
Answer with the JSON list alone: no code and no commentary."""
    DEFAULT_DESCRIPTION = "Proposes the criteria by which the outcome of a task can be measured."

    def __init__(
        self,
        name: str = "critic",
        system_message: Optional[str] = DEFAULT_SYSTEM_MESSAGE,
        description: Optional[str] = DEFAULT_DESCRIPTION,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name, system_message=system_message, description=description, **kwargs)
