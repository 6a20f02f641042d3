"""QuantifierAgent: rates one test case against a set of criteria."""

from __future__ import annotations

from typing import Any, Optional

from ...conversable_agent import ConversableAgent

__all__ = ("QuantifierAgent",)


class QuantifierAgent(ConversableAgent):
    """Assesses a test case on each criterion, answering with a criterion -> accepted value dictionary."""

    DEFAULT_SYSTEM_MESSAGE = """Your job is to rate one result of a task against a set of evaluation criteria.
The criteria come as JSON: each one has a name, a description, and the values it accepts.
Read the task and the result (the test case), then pick, for every criterion, the accepted value that fits the
result best.
Answer with a JSON object alone, mapping each criterion's name to the value you picked: no code and no commentary."""
    DEFAULT_DESCRIPTION = "Rates how well a result performs on each of a given set of criteria."

    def __init__(
        self,
        name: str = "quantifier",
        system_message: Optional[str] = DEFAULT_SYSTEM_MESSAGE,
        description: Optional[str] = DEFAULT_DESCRIPTION,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name, system_message=system_message, description=description, **kwargs)
