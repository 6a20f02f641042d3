"""The "clear history" command of group chats with enable_clear_history=True."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

import pytest

from autogen import ConversableAgent, GroupChat, GroupChatManager


def offline_agent(name: str, reply: Any = None, **kwargs: Any) -> ConversableAgent:
    kwargs.setdefault("human_input_mode", "NEVER")
    kwargs.setdefault("llm_config", False)
    kwargs.setdefault("max_consecutive_auto_reply", 100)
    reply = reply if reply is not None else f"This is {name} speaking."
    return ConversableAgent(name, default_auto_reply=reply, **kwargs)


def commanding_agent(name: str, command: str) -> ConversableAgent:
    """An agent whose replies are dicts (as a human's are), so that group chats look for commands in them."""
    agent = offline_agent(name)
    agent.register_reply([ConversableAgent, None], lambda *args, **kwargs: (True, {"content": command, "role": "user"}))
    return agent


def run_with_command(command: str, max_round: int = 4) -> tuple:
    alice, bob, carl = offline_agent("alice"), commanding_agent("bob", command), offline_agent("carl")
    gc = GroupChat(
        [alice, bob, carl], [], max_round=max_round, enable_clear_history=True, speaker_selection_method="round_robin"
    )
    manager = GroupChatManager(gc, llm_config=False)
    alice.initiate_chat(manager, message="first message")
    return gc, manager, alice, bob, carl


def contents(messages: List[Dict[str, Any]]) -> List[str]:
    return [m["content"] for m in messages]


def test_human_clears_everything(scripted_io: Any) -> None:
    sam = ConversableAgent("sam", human_input_mode="ALWAYS", llm_config=False)
    alice = offline_agent("alice")
    gc = GroupChat([sam, alice], [], max_round=3, enable_clear_history=True, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    scripted_io.answers = ["clear history. How you doing?", "exit"]
    sam.initiate_chat(manager, message="first")
    expected = [{"content": "How you doing?", "name": "sam", "role": "user"}]
    assert gc.messages == expected
    assert alice.chat_messages[manager] == expected
    assert "Clearing history for all agents." in scripted_io.text


def test_clear_all_agents(scripted_io: Any) -> None:
    gc, manager, alice, bob, carl = run_with_command("clear history", max_round=3)
    assert contents(gc.messages) == ["", "This is carl speaking."]
    assert "Clearing history for all agents." in scripted_io.text
    assert contents(carl.chat_messages[manager]) == ["", "This is carl speaking."]


def test_clear_one_agent(scripted_io: Any) -> None:
    gc, manager, alice, bob, carl = run_with_command("clear history alice. Go on", max_round=3)
    assert "Clearing history for alice." in scripted_io.text
    assert contents(gc.messages) == ["first message", "Go on", "This is carl speaking."]
    assert contents(alice.chat_messages[manager]) == ["Go on", "This is carl speaking."]
    assert contents(carl.chat_messages[manager]) == ["first message", "Go on", "This is carl speaking."]


def test_clear_keeping_messages(scripted_io: Any) -> None:
    gc, manager, alice, bob, carl = run_with_command("Please CLEAR HISTORY 1 and continue", max_round=3)
    assert "Clearing history for all agents except last 1 messages." in scripted_io.text
    assert contents(gc.messages) == ["first message", "Please and continue", "This is carl speaking."]


def test_clear_one_agent_keeping_messages(scripted_io: Any) -> None:
    gc, manager, alice, bob, carl = run_with_command("clear history carl 1", max_round=3)
    assert "Clearing history for carl except last 1 messages." in scripted_io.text
    assert contents(carl.chat_messages[manager]) == ["first message", "", "This is carl speaking."]
    assert contents(gc.messages) == ["first message", "", "This is carl speaking."]


def test_clearing_disabled_by_default() -> None:
    alice, bob, carl = offline_agent("alice"), offline_agent("bob", "clear history"), offline_agent("carl")
    gc = GroupChat([alice, bob, carl], [], max_round=3, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    alice.initiate_chat(manager, message="first message")
    assert contents(gc.messages) == ["first message", "clear history", "This is carl speaking."]


def test_clear_agents_history_returns_remaining_text(scripted_io: Any) -> None:
    alice, bob = offline_agent("alice"), offline_agent("bob")
    gc = GroupChat([alice, bob], [{"content": "a"}, {"content": "b"}, {"content": "c"}])
    manager = GroupChatManager(gc, llm_config=False)
    reply = {"content": "ok, clear history alice 2. then more"}
    assert manager.clear_agents_history(reply, gc) == "ok, then more"
    assert "Clearing history for alice except last 2 messages." in scripted_io.text
    assert len(gc.messages) == 3


def test_clear_preserves_tool_call_for_tool_response(scripted_io: Any, caplog: pytest.LogCaptureFixture) -> None:
    alice, bob = offline_agent("alice"), offline_agent("bob")
    gc = GroupChat([alice, bob], [{"content": "a"}, {"content": None, "tool_calls": [{"id": "1"}]}])
    manager = GroupChatManager(gc, llm_config=False)
    reply = {"role": "tool", "content": "clear history", "tool_responses": [{"tool_call_id": "1", "content": "r"}]}
    with caplog.at_level(logging.WARNING, logger="autogen.agentchat.groupchat"):
        assert manager.clear_agents_history(reply, gc) == ""
    assert caplog.messages == [
        "The last tool call message will be saved to prevent errors caused by tool response without tool call."
    ]
    assert "Clearing history for all agents except last 1 messages." in scripted_io.text
    assert gc.messages == [{"content": None, "tool_calls": [{"id": "1"}]}]


def test_tool_call_message_survives_clear_in_chat(scripted_io: Any) -> None:
    def tool_caller_reply(recipient: Any, messages: Any = None, sender: Any = None, config: Any = None) -> Any:
        call = {"id": "call_1", "type": "function", "function": {"name": "echo", "arguments": '{"text": "hi"}'}}
        return True, {"content": None, "tool_calls": [call]}

    caller = offline_agent("caller")
    caller.register_reply([ConversableAgent, None], tool_caller_reply)
    executor = offline_agent("executor", function_map={"echo": lambda text: "clear history"})
    gc = GroupChat(
        [caller, executor], [], max_round=3, enable_clear_history=True, speaker_selection_method="round_robin"
    )
    manager = GroupChatManager(gc, llm_config=False)
    user = offline_agent("user")
    user.initiate_chat(manager, message="start")
    assert [m.get("role") for m in gc.messages][-2:] == ["assistant", "tool"]
    assert gc.messages[-2]["tool_calls"][0]["id"] == "call_1"
    assert "Clearing history for all agents except last 1 messages." in scripted_io.text
