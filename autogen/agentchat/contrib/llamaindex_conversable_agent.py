"""LLamaIndexConversableAgent: a conversable agent whose replies come from a LlamaIndex agent or chat engine."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Tuple, Union

from ..agent import Agent
from ..conversable_agent import ConversableAgent

__all__ = ("LLamaIndexConversableAgent",)

logger = logging.getLogger(__name__)

try:
    from llama_index.core.base.llms.types import ChatMessage
except ImportError as _exc:
    logger.fatal("LLamaIndexConversableAgent needs llama-index: pip install llama-index-core (or llama-index)")
    raise _exc

try:  # llama-index < 0.13 has the runner class that 0.2's signature names; newer releases do not
    from llama_index.core.agent.runner.base import AgentRunner
except ImportError:  # any object with chat()/achat() (agents, chat engines) will do
    AgentRunner = Any  # type: ignore[misc,assignment]


def _check_arguments(agent: Any, description: Optional[str]) -> None:
    """0.2's two constructor errors: the agent and a non-blank description are both required."""
    if agent is None:
        raise ValueError("llama_index_agent must be provided")
    if not (description and description.strip()):
        raise ValueError("description must be provided")


class LLamaIndexConversableAgent(ConversableAgent):
    """Replies by asking a LlamaIndex agent (or chat engine): the last message is the question, the rest history.

    `llama_index_agent` needs `chat(message=..., chat_history=...)` and, for async chats, `achat(...)`, each
    returning an object with a `.response` string, as LlamaIndex's agents and chat engines do.
    """

    def __init__(
        self, name: str, llama_index_agent: AgentRunner, description: Optional[str] = None, **kwargs: Any
    ) -> None:
        _check_arguments(llama_index_agent, description)
        super().__init__(name, description=description, **kwargs)
        self._llama_index_agent = llama_index_agent
        # The LlamaIndex agent takes the LLM's place; every other reply function stays as ConversableAgent has it.
        swaps = (
            (ConversableAgent.generate_oai_reply, LLamaIndexConversableAgent._generate_oai_reply),
            (ConversableAgent.a_generate_oai_reply, LLamaIndexConversableAgent._a_generate_oai_reply),
        )
        for theirs, ours in swaps:
            self.replace_reply_func(theirs, ours)

    def _generate_oai_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Union[str, Dict, None]]:
        question, history = self._split(messages)
        if question is None:
            return "", []  # type: ignore[return-value]  # 0.2 returns this odd pair for an empty history
        answer = self._llama_index_agent.chat(message=question, chat_history=history)
        return True, answer.response

    async def _a_generate_oai_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Union[str, Dict, None]]:
        question, history = self._split(messages)
        if question is None:
            return "", []  # type: ignore[return-value]
        answer = await self._llama_index_agent.achat(message=question, chat_history=history)
        return True, answer.response

    @staticmethod
    def _split(messages: Optional[List[Dict[str, Any]]]) -> Tuple[Optional[str], List[ChatMessage]]:
        """The last message's text, and the earlier user/assistant messages as LlamaIndex chat messages."""
        if not messages:
            return None, []
        question = messages[-1].get("content") or ""
        history = [
            ChatMessage(content=m.get("content") or "", role=m["role"], additional_kwargs={})
            for m in messages[:-1]
            if m.get("role") in ("user", "assistant")
        ]
        return question, history
