"""Saving a conversation to JSON and resuming it later, in another process (a feature beyond AutoGen 0.2).

The state holds what the next turn depends on: every agent's histories (by partner name), consecutive
auto-reply counters, `reply_at_receive` flags, human inputs, usage so far, and for group chats the
group's messages, last speaker and rounds run. Agents are rebuilt by the user's code and matched by name. Loading
checks the whole file first, so an old-format or corrupted file raises `ChatStateError` and changes
nothing. `chat_messages=` and `GroupChatManager.resume` of 0.2 are untouched and keep working.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Union

from ._chat_flow import count_turn

if TYPE_CHECKING:
    from .chat import ChatResult

__all__ = ("ChatStateError", "FORMAT", "VERSION", "save_chat", "load_chat", "resume_chat", "a_resume_chat")

FORMAT = "autogen.chat_state"
VERSION = 1


class ChatStateError(ValueError):
    """A saved chat state that cannot be used (wrong format or version, corrupted, or other agents)."""


def _agent_state(agent: Any) -> Dict[str, Any]:
    client = getattr(agent, "client", None)
    return {
        "chat_messages": {peer.name: copy.deepcopy(msgs) for peer, msgs in agent.chat_messages.items()},
        "auto_reply_counter": {peer.name: n for peer, n in agent._consecutive_auto_reply_counter.items()},
        "reply_at_receive": {peer.name: flag for peer, flag in agent.reply_at_receive.items()},
        "human_input": list(agent._human_input),
        "usage": {
            "total": copy.deepcopy(getattr(client, "total_usage_summary", None)),
            "actual": copy.deepcopy(getattr(client, "actual_usage_summary", None)),
        },
    }


def _members(recipient: Any) -> List[Any]:
    groupchat = getattr(recipient, "groupchat", None) if hasattr(recipient, "run_chat") else None
    return list(groupchat.agents) if groupchat is not None else []


def _group_state(manager: Any) -> Dict[str, Any]:
    """The group's transcript, who spoke last, how many rounds ran and whether only `max_round` stopped them."""
    last = getattr(manager, "last_speaker", None)
    rounds_done, open_ended = getattr(manager, "_group_progress", (0, False))
    return {
        "messages": copy.deepcopy(manager.groupchat.messages),
        "last_speaker": last and last.name,
        "rounds_done": rounds_done,
        "open": open_ended,
    }


def save_chat(sender: Any, recipient: Any, path: Union[str, Path, None] = None) -> Dict[str, Any]:
    """The state of the chat between `sender` and `recipient` (a GroupChatManager for group chats), as a
    JSON-ready dict; also written to `path` when given."""
    agents = {a.name: a for a in [sender, recipient, *_members(recipient)]}
    kind = "group_chat" if _members(recipient) else "two_agent"
    if kind == "group_chat":  # the initiator's turns; its messages inside the group are not turns
        turns_done = getattr(sender, "_turns_begun", {}).get(recipient, 1 if sender.chat_messages.get(recipient) else 0)
    else:
        turns_done = sum(m.get("role") == "assistant" for m in sender.chat_messages.get(recipient, []))
    state: Dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        "sender": sender.name,
        "recipient": recipient.name,
        "turns_done": turns_done,
        "agents": {name: _agent_state(agent) for name, agent in agents.items()},
    }
    if state["kind"] == "group_chat":
        state["group"] = _group_state(recipient)
    json.dumps(state)  # fails here, not at load time, when a message holds something JSON cannot carry
    if path is not None:
        Path(path).write_text(json.dumps(state, indent=1), encoding="utf-8")
    return state


def _read(state: Union[Dict[str, Any], str, Path]) -> Dict[str, Any]:
    if isinstance(state, dict):
        return state
    try:
        return json.loads(Path(state).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ChatStateError(f"cannot read the saved chat state {state}: {error}") from error


def _check(state: Any, agents: Dict[str, Any]) -> None:
    """Raise ChatStateError unless `state` is a complete state of this version for exactly these agents."""
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise ChatStateError(f"not a saved chat state (expected format {FORMAT!r})")
    if state.get("version") != VERSION:
        raise ChatStateError(
            f"saved chat state version {state.get('version')!r} is not supported (this autogen reads version {VERSION})"
        )
    try:
        saved = state["agents"]
        for name, entry in saved.items():
            for key in ("chat_messages", "auto_reply_counter", "reply_at_receive", "human_input", "usage"):
                if not isinstance(entry[key], (dict, list)):
                    raise TypeError(f"{name}.{key}")
            unknown = set(entry["chat_messages"]) - set(agents)
            if unknown:
                raise ChatStateError(f"saved chat state refers to agents not given: {sorted(unknown)}")
        int(state["turns_done"])
        if state["kind"] == "group_chat":
            group = state["group"]
            list(group["messages"])
            int(group["rounds_done"])
            if not isinstance(group["open"], bool) or (group["last_speaker"] or state["sender"]) not in agents:
                raise TypeError("group")
    except ChatStateError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ChatStateError(f"saved chat state is corrupted (bad or missing {error})") from error
    missing = set(saved) - set(agents)
    if missing:
        raise ChatStateError(f"saved chat state needs the agents {sorted(missing)}, which were not given")


def _apply(agent: Any, entry: Dict[str, Any], agents: Dict[str, Any]) -> None:
    agent.chat_messages.clear()
    for peer, messages in entry["chat_messages"].items():
        agent.chat_messages[agents[peer]] = copy.deepcopy(messages)
    agent._consecutive_auto_reply_counter.clear()
    agent._consecutive_auto_reply_counter.update({agents[p]: n for p, n in entry["auto_reply_counter"].items()})
    agent.reply_at_receive.clear()
    agent.reply_at_receive.update({agents[p]: flag for p, flag in entry["reply_at_receive"].items()})
    agent._human_input = list(entry["human_input"])
    client = getattr(agent, "client", None)
    if client is not None:
        client.total_usage_summary = copy.deepcopy(entry["usage"]["total"])
        client.actual_usage_summary = copy.deepcopy(entry["usage"]["actual"])


def load_chat(state: Union[Dict[str, Any], str, Path], agents: Sequence[Any]) -> Dict[str, Any]:
    """Put a saved state into rebuilt `agents` (matched by name); returns the state. Checks everything first."""
    data = _read(state)
    by_name = {agent.name: agent for agent in agents}
    _check(data, by_name)
    for name, entry in data["agents"].items():
        _apply(by_name[name], entry, by_name)
    if data["kind"] == "group_chat":
        manager = by_name[data["recipient"]]
        manager.groupchat.messages[:] = copy.deepcopy(data["group"]["messages"])
        last = data["group"]["last_speaker"]
        manager._last_speaker = by_name.get(last) if last else None
        manager._group_progress = (int(data["group"]["rounds_done"]), data["group"]["open"])
        count_turn(by_name[data["sender"]], manager, int(data["turns_done"]))
    return data


def _resume_kwargs(
    sender: Any, recipient: Any, state: Union[Dict[str, Any], str, Path], max_turns: Optional[int], agents: Any
) -> Dict[str, Any]:
    """Load the state and say how `initiate_chat` continues it (checked before anything is loaded)."""
    data = _read(state)
    if isinstance(data, dict) and data.get("kind") == "two_agent" and max_turns is None:
        raise ValueError("resuming a two-agent chat needs the max_turns of the whole chat")
    data = load_chat(data, agents if agents is not None else [sender, recipient, *_members(recipient)])
    if data["kind"] == "group_chat" and max_turns is None:
        return {"_resume_group_rounds": True, "max_turns": None}
    return {"_resume_at_turn": data["turns_done"], "max_turns": max_turns}


def resume_chat(
    sender: Any,
    recipient: Any,
    state: Union[Dict[str, Any], str, Path],
    max_turns: Optional[int] = None,
    agents: Optional[Sequence[Any]] = None,
    **chat_kwargs: Any,
) -> ChatResult:
    """Load `state` into the rebuilt agents and continue the chat where it was saved.

    Two-agent chats: `max_turns` counts the whole conversation, so a chat saved after turn k and resumed
    with `max_turns=n` sends and receives exactly what an uninterrupted `initiate_chat(..., max_turns=n)`
    would have. Group chats (`recipient` is the GroupChatManager): without `max_turns`, a run cut after round k
    by its `max_round` goes on from round k+1 up to the rebuilt GroupChat's `max_round`, as one uninterrupted
    run; with `max_turns=n`, the initiator takes its next turns (each a new group run) up to n in all, as
    `initiate_chat(manager, ..., max_turns=n)` would have.
    """
    how = _resume_kwargs(sender, recipient, state, max_turns, agents)
    return sender.initiate_chat(recipient, clear_history=False, **how, **chat_kwargs)


async def a_resume_chat(
    sender: Any,
    recipient: Any,
    state: Union[Dict[str, Any], str, Path],
    max_turns: Optional[int] = None,
    agents: Optional[Sequence[Any]] = None,
    **chat_kwargs: Any,
) -> ChatResult:
    """`resume_chat` for chats run with `a_initiate_chat`."""
    how = _resume_kwargs(sender, recipient, state, max_turns, agents)
    return await sender.a_initiate_chat(recipient, clear_history=False, **how, **chat_kwargs)
