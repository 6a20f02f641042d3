"""Resuming group chats: messages_to_string / messages_from_string, resume() and a_resume()."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List

import pytest

from autogen import ConversableAgent, GroupChat, GroupChatManager


def offline_agent(name: str, reply: Any = None, **kwargs: Any) -> ConversableAgent:
    kwargs.setdefault("human_input_mode", "NEVER")
    kwargs.setdefault("llm_config", False)
    kwargs.setdefault("max_consecutive_auto_reply", 100)
    reply = reply if reply is not None else f"This is {name} speaking."
    return ConversableAgent(name, default_auto_reply=reply, **kwargs)


def team(max_round: int = 4, **kwargs: Any) -> tuple:
    alice, bob, sam = offline_agent("alice"), offline_agent("bob"), offline_agent("sam")
    gc = GroupChat([alice, bob, sam], [], max_round=max_round, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False, **kwargs)
    return gc, manager, alice, bob, sam


SAVED = [
    {"content": "Let us plan.", "role": "user", "name": "alice"},
    {"content": "This is bob speaking.", "role": "user", "name": "bob"},
    {"content": "This is sam speaking.", "role": "user", "name": "sam"},
]


def test_messages_round_trip() -> None:
    gc, manager, *_ = team()
    text = manager.messages_to_string(SAVED)
    assert text == json.dumps(SAVED)
    assert manager.messages_from_string(text) == SAVED


def test_messages_from_invalid_string() -> None:
    gc, manager, *_ = team()
    with pytest.raises(Exception, match="Messages string is not a valid JSON string"):
        manager.messages_from_string("{not json")


def test_resume_returns_last_speaker_and_message() -> None:
    gc, manager, alice, bob, sam = team()
    last_agent, last_message = manager.resume(messages=SAVED)
    assert last_agent is sam
    assert last_message == SAVED[-1]
    assert last_message is not SAVED[-1]
    assert gc.messages == SAVED[:2]
    assert [m["content"] for m in alice.chat_messages[manager]] == ["Let us plan.", "This is bob speaking."]
    assert [m["role"] for m in manager.chat_messages[alice]] == ["assistant", "assistant"]


def test_resume_loads_every_member_including_the_speaker() -> None:
    gc, manager, alice, bob, sam = team()
    manager.resume(messages=SAVED)
    assert len(bob.chat_messages[manager]) == 2
    assert len(sam.chat_messages[manager]) == 2


def test_resume_and_continue_without_duplicates() -> None:
    gc, manager, alice, bob, sam = team(max_round=3)
    last_agent, last_message = manager.resume(messages=manager.messages_to_string(SAVED))
    last_agent.initiate_chat(manager, message=last_message, clear_history=False)
    assert [m["name"] for m in gc.messages] == ["alice", "bob", "sam", "alice", "bob"]
    assert len(alice.chat_messages[manager]) == 5


def test_resume_message_without_name_belongs_to_manager(scripted_io: Any) -> None:
    gc, manager, *_ = team()
    last_agent, last_message = manager.resume(messages=SAVED + [{"content": "Summary so far.", "role": "user"}])
    assert last_agent is manager
    assert last_message["name"] == "chat_manager"
    assert "Prepared group chat with 4 messages, the last speaker is" in scripted_io.text
    assert "chat_manager" in scripted_io.text


def test_resume_admin_messages_are_kept_raw() -> None:
    gc, manager, alice, *_ = team()
    messages = [{"content": "Admin here.", "role": "user", "name": "Admin"}, SAVED[1]]
    last_agent, _ = manager.resume(messages=messages, silent=True)
    assert last_agent is gc.agents[1]
    assert gc.messages == [{"content": "Admin here.", "role": "user", "name": "Admin"}]


def test_resume_last_message_from_admin_returns_manager() -> None:
    gc, manager, *_ = team()
    last_agent, _ = manager.resume(messages=[SAVED[0], {"content": "Go on.", "role": "user", "name": "Admin"}])
    assert last_agent is manager


def test_resume_silent(scripted_io: Any) -> None:
    gc, manager, *_ = team()
    manager.resume(messages=SAVED, silent=True)
    assert "Prepared group chat" not in scripted_io.text


def test_resume_rejects_empty_and_unknown_names() -> None:
    gc, manager, *_ = team()
    with pytest.raises(Exception, match="Cannot resume group chat as no messages were provided"):
        manager.resume(messages=[])
    with pytest.raises(Exception, match="Agent name in message doesn't exist as agent in group chat: mallory"):
        manager.resume(messages=[{"content": "hi", "role": "user", "name": "mallory"}])


@pytest.mark.parametrize("bad", [42, [1, 2], ["a"], None])
def test_resume_rejects_bad_types(bad: Any) -> None:
    gc, manager, *_ = team()
    with pytest.raises(Exception, match="Messages is not of type str or List\\[Dict\\]"):
        manager.resume(messages=bad)


def test_resume_rejects_bad_string() -> None:
    gc, manager, *_ = team()
    with pytest.raises(Exception, match="Messages string is not a valid JSON string"):
        manager.resume(messages="not json")


def test_resume_removes_termination_string() -> None:
    gc, manager, *_ = team()
    messages = SAVED[:2] + [{"content": "Done. TERMINATE", "role": "user", "name": "sam"}]
    _, last = manager.resume(messages=messages, remove_termination_string="TERMINATE")
    assert last["content"] == "Done. "
    _, last = manager.resume(messages=messages, remove_termination_string=lambda text: text.replace("Done.", "Fine."))
    assert last["content"] == "Fine. TERMINATE"


def test_resume_warns_when_last_message_terminates(caplog: pytest.LogCaptureFixture) -> None:
    gc, manager, *_ = team()
    with caplog.at_level(logging.WARNING):
        manager.resume(messages=SAVED[:2] + [{"content": "TERMINATE", "role": "user", "name": "sam"}])
    assert "WARNING: Last message meets termination criteria and this may terminate the chat." in caplog.text


def test_resume_disables_introductions() -> None:
    alice, bob = offline_agent("alice"), offline_agent("bob")
    gc = GroupChat([alice, bob], [], send_introductions=True)
    manager = GroupChatManager(gc, llm_config=False)
    manager.resume(messages=SAVED[:2])
    assert gc.send_introductions is False


def test_a_resume() -> None:
    gc, manager, alice, bob, sam = team(max_round=2)

    async def go() -> None:
        last_agent, last_message = await manager.a_resume(messages=SAVED)
        assert last_agent is sam
        await last_agent.a_initiate_chat(manager, message=last_message, clear_history=False)

    asyncio.run(go())
    assert [m["name"] for m in gc.messages] == ["alice", "bob", "sam", "alice"]


_CONTINUE_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from autogen import ConversableAgent, GroupChat, GroupChatManager

    def member(name):
        return ConversableAgent(name, llm_config=False, human_input_mode="NEVER",
                                default_auto_reply=f"This is {name} speaking.")

    agents = [member("alice"), member("bob"), member("sam")]
    gc = GroupChat(agents, [], max_round=3, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    saved = open(sys.argv[1]).read()
    last_agent, last_message = manager.resume(messages=saved, silent=True)
    print(json.dumps({"last": last_agent.name}))
    last_agent.initiate_chat(manager, message=last_message, clear_history=False, silent=True)
    print(json.dumps({"messages": gc.messages}))
    """
)


def test_resume_in_a_new_process(tmp_path: Path) -> None:
    gc, manager, alice, bob, sam = team(max_round=4)
    alice.initiate_chat(manager, message="Let us plan.", silent=True)
    saved = manager.messages_to_string(gc.messages)
    state = tmp_path / "chat.json"
    state.write_text(saved)
    script = tmp_path / "continue_chat.py"
    script.write_text(_CONTINUE_SCRIPT)
    done = subprocess.run(
        [sys.executable, str(script), str(state)], capture_output=True, text=True, timeout=120, check=True
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines[0] == {"last": gc.messages[-1]["name"]}
    continued = lines[1]["messages"]
    assert continued[: len(gc.messages)] == json.loads(saved)
    assert [m["name"] for m in continued] == ["alice", "bob", "sam", "alice", "bob", "sam"]
    contents: List[Dict[str, Any]] = continued
    assert len(contents) == len(gc.messages) + 2  # the resumed last message appears once, then 2 new rounds
