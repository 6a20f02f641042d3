"""Reading and trimming an agent's conversation histories."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Optional

from ..formatting_utils import colored
from ..io.base import IOStream

if TYPE_CHECKING:
    from .conversable_agent import ConversableAgent

__all__ = ("clear_history", "last_message")


def clear_history(agent: ConversableAgent, recipient: Any, nr_messages_to_preserve: Optional[int]) -> None:
    """Clear one conversation, or all of them keeping the last `nr_messages_to_preserve` of each.

    A kept part never starts with tool responses: their tool call is kept too.
    """
    iostream = IOStream.get_default()
    if recipient is not None:
        agent._oai_messages[recipient].clear()
        if nr_messages_to_preserve:
            iostream.print(
                colored(
                    "WARNING: `nr_preserved_messages` is ignored when clearing chat history with a specific agent.",
                    "yellow",
                ),
                flush=True,
            )
        return
    if not nr_messages_to_preserve:
        agent._oai_messages.clear()
        return
    for key in agent._oai_messages:
        if "tool_responses" in agent._oai_messages[key][-nr_messages_to_preserve]:
            nr_messages_to_preserve += 1  # (0.2: the extra message stays counted for later conversations too)
            iostream.print(
                f"Preserving one more message for {agent.name} to not divide history between tool call and "
                "tool response."
            )
        agent._oai_messages[key] = agent._oai_messages[key][-nr_messages_to_preserve:]


def last_message(agent: ConversableAgent, partner: Any) -> Optional[Dict[str, Any]]:
    """The last message with `partner`; without a partner, of the only conversation (None when there is none)."""
    if partner is None:
        if len(agent._oai_messages) == 0:
            return None
        if len(agent._oai_messages) == 1:
            return next(iter(agent._oai_messages.values()))[-1]
        raise ValueError("More than one conversation is found. Please specify the sender to get the last message.")
    if partner not in agent._oai_messages.keys():
        raise KeyError(
            f"The agent '{partner.name}' is not present in any conversation. No history available for this agent."
        )
    return agent._oai_messages[partner][-1]
