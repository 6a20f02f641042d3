"""TextAnalyzerAgent: answers one question (INSTRUCTIONS) about one piece of TEXT, used by capabilities.

A capability sends it two messages, the text and then the instructions, and reads its single reply.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple, Union

from ..agent import Agent
from ..conversable_agent import ConversableAgent

__all__ = ("TextAnalyzerAgent", "system_message")

system_message = (
    "You are an expert in text analysis.\n"
    "The user will give you TEXT to analyze.\n"
    "The user will give you analysis INSTRUCTIONS copied twice, at both the beginning and the end.\n"
    "You will follow these INSTRUCTIONS in analyzing the TEXT, then give the results of your expert analysis "
    "in the format requested."
)


class TextAnalyzerAgent(ConversableAgent):
    """Analyses a TEXT according to INSTRUCTIONS with its LLM; the pair is the whole conversation."""

    def __init__(
        self,
        name: str = "analyzer",
        system_message: Optional[str] = system_message,
        human_input_mode: str = "NEVER",
        llm_config: Optional[Union[Dict[str, Any], bool]] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            name=name,
            system_message=system_message,
            human_input_mode=human_input_mode,  # type: ignore[arg-type]
            llm_config=llm_config,  # type: ignore[arg-type]
            **kwargs,
        )
        self.register_reply(Agent, TextAnalyzerAgent._analyze_in_reply, position=2)

    def _analyze_in_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Union[str, Dict[str, Any], None]]:
        """Answer once both the TEXT and the INSTRUCTIONS have arrived (exactly two messages)."""
        if self.llm_config is False:
            raise ValueError("TextAnalyzerAgent requires self.llm_config to be set in its base class.")
        if messages is None:
            messages = self._oai_messages[sender]  # type: ignore[index]
        assert len(messages) == 2, "TextAnalyzerAgent expects exactly two messages: the text and the instructions."
        return True, self.analyze_text(messages[0]["content"], messages[1]["content"])

    def analyze_text(self, text_to_analyze: str, analysis_instructions: str) -> Union[str, Dict[str, Any], None]:
        """Ask the LLM to follow `analysis_instructions` on `text_to_analyze` (instructions before and after)."""
        text = "# TEXT\n" + text_to_analyze + "\n"
        instructions = "# INSTRUCTIONS\n" + analysis_instructions + "\n"
        msg_text = "\n".join([instructions, text, instructions])
        return self.generate_oai_reply([{"role": "user", "content": msg_text}], None, None)[1]
