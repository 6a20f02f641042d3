"""Reading and trimming an agent's conversation histories."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional

from ..formatting_utils import colored
from ..io.base import IOStream

if TYPE_CHECKING:
    from .conversable_agent import ConversableAgent

__all__ = ("clear_history", "last_message")

_PRESERVE_IGNORED = "WARNING: `nr_preserved_messages` is ignored when clearing chat history with a specific agent."


def clear_history(agent: ConversableAgent, recipient: Any, nr_messages_to_preserve: Optional[int]) -> None:
    """Clear one conversation, or all of them keeping the last `nr_messages_to_preserve` of each.

    A kept part never starts with tool responses: their tool call is kept too.
    """
    histories = agent._oai_messages
    if recipient is not None:
        histories[recipient].clear()
        if nr_messages_to_preserve:
            IOStream.get_default().print(colored(_PRESERVE_IGNORED, "yellow"), flush=True)
    elif not nr_messages_to_preserve:
        histories.clear()
    else:
        _keep_tails(agent, histories, nr_messages_to_preserve)


def _keep_tails(agent: ConversableAgent, histories: Dict[Any, List[Dict[str, Any]]], keep: int) -> None:
    for partner, history in histories.items():
        if "tool_responses" in history[-keep]:
            keep += 1  # as in 0.2, the widened count also applies to the conversations after this one
            IOStream.get_default().print(
                f"Preserving one more message for {agent.name} to not divide history between tool call and "
                "tool response."
            )
        histories[partner] = history[-keep:]


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
