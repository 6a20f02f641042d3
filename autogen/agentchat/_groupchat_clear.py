"""The "clear history" command of group chats (`GroupChat(enable_clear_history=True)`).

A reply containing `clear history [agent] [n]` wipes the history of one agent or of everyone (keeping the
last `n` messages); the command words are then cut out of the reply before it is posted.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from ..io.base import IOStream

if TYPE_CHECKING:
    from .agent import Agent
    from .groupchat import GroupChat

logger = logging.getLogger("autogen.agentchat.groupchat")


def _parse_arguments(words: List[str], agents: List[Agent]) -> Tuple[Optional[int], bool, Optional[Agent]]:
    """Read up to two words after "clear history": a message count and/or an agent name (one trailing
    character such as "." is tolerated on either)."""
    keep: Optional[int] = None
    keep_given = False
    target: Optional[Agent] = None
    for word in words:
        if word.isdigit():
            keep, keep_given = int(word), True
        elif word[:-1].isdigit():
            keep, keep_given = int(word[:-1]), True
        else:
            for agent in agents:
                if agent.name == word or agent.name == word[:-1]:
                    target = agent
                    break
    return keep, keep_given, target


def clear_agents_history(reply: Dict[str, Any], groupchat: GroupChat) -> str:
    """Apply the command found in `reply["content"]` and return the content without it."""
    iostream = IOStream.get_default()
    words = reply["content"].split()
    clear_at = next(i for i in reversed(range(len(words))) if words[i].upper() == "CLEAR")
    keep, keep_given, target = _parse_arguments(words[clear_at + 2 : clear_at + 4], groupchat.agents)
    if "tool_responses" in reply and not keep:
        keep = 1
        logger.warning(
            "The last tool call message will be saved to prevent errors caused by tool response without tool call."
        )
    if target is not None:
        if keep:
            iostream.print(f"Clearing history for {target.name} except last {keep} messages.")
        else:
            iostream.print(f"Clearing history for {target.name}.")
        target.clear_history(nr_messages_to_preserve=keep)
    else:
        if keep:
            iostream.print(f"Clearing history for all agents except last {keep} messages.")
            kept = groupchat.messages[-keep:]
            groupchat.messages.clear()
            groupchat.messages.extend(kept)
        else:
            iostream.print("Clearing history for all agents.")
            groupchat.messages.clear()
        for agent in groupchat.agents:
            agent.clear_history(nr_messages_to_preserve=keep)
    consumed = 2 + int(target is not None) + int(keep_given)
    return " ".join(words[:clear_at] + words[clear_at + consumed :])
