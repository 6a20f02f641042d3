"""QuantifierAgent: rates one test case against a set of criteria."""

from __future__ import annotations

from typing import Any, Optional

from ...conversable_agent import ConversableAgent

__all__ = ("QuantifierAgent",)


class QuantifierAgent(ConversableAgent):
    """Assesses a test case on each criterion, answering with a criterion -> accepted value dictionary."""

    DEFAULT_SYSTEM_MESSAGE = """You are a helpful assistant. You quantify the output of different tasks based on the
given criteria. The criteria come as a dictionary whose keys are criteria names and whose values hold each criterion's description
and its accepted values. You will be given a test case of the task to evaluate.
For each criterion, choose the accepted value that best describes the test case.
Return only a dictionary whose keys are the criteria names and whose values are the chosen accepted values.
Do not write code."""
    DEFAULT_DESCRIPTION = "An AI agent for quantifing the performance of a system using the provided criteria."

    def __init__(
        self,
        name: str = "quantifier",
        system_message: Optional[str] = DEFAULT_SYSTEM_MESSAGE,
        description: Optional[str] = DEFAULT_DESCRIPTION,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=name, system_message=system_message, description=description, **kwargs)
