"""TextAnalyzerAgent: answers one question (INSTRUCTIONS) about one piece of TEXT, used by capabilities.

A capability sends it two messages, the text and then the instructions, and reads its single reply.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple, Union

from ..agent import Agent
from ..conversable_agent import ConversableAgent

__all__ = ("TextAnalyzerAgent", "system_message")

system_message = (
    "You analyse texts carefully and precisely.\n"
    "Each request holds a TEXT and a set of INSTRUCTIONS; the INSTRUCTIONS appear twice, once before the TEXT "
    "and once after it.\n"
    "Apply the INSTRUCTIONS to the TEXT, and give your answer in exactly the form they ask for."
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
        pair = self._oai_messages[sender] if messages is None else messages  # type: ignore[index]
        assert len(pair) == 2  # bare, as in 0.2
        text_message, instructions_message = pair
        return True, self.analyze_text(text_message["content"], instructions_message["content"])

    def analyze_text(self, text_to_analyze: str, analysis_instructions: str) -> Union[str, Dict[str, Any], None]:
        """Ask the LLM to follow `analysis_instructions` on `text_to_analyze` (instructions before and after)."""
        instructions = "# INSTRUCTIONS\n" + analysis_instructions + "\n"
        request = instructions + "\n# TEXT\n" + text_to_analyze + "\n\n" + instructions
        return self.generate_oai_reply([{"role": "user", "content": request}], None, None)[1]
