"""Async group chats (a_run_chat / a_select_speaker)."""

from __future__ import annotations

from typing import Any, Dict, List

from autogen import ConversableAgent, GroupChat, GroupChatManager


def offline_agent(name: str, reply: Any = None, **kwargs: Any) -> ConversableAgent:
    kwargs.setdefault("human_input_mode", "NEVER")
    kwargs.setdefault("llm_config", False)
    kwargs.setdefault("max_consecutive_auto_reply", 100)
    reply = reply if reply is not None else f"This is {name} speaking."
    return ConversableAgent(name, default_auto_reply=reply, **kwargs)


def names(messages: List[Dict[str, Any]]) -> List[str]:
    return [m.get("name") for m in messages]


async def test_async_round_robin() -> None:
    alice, bob, sam = offline_agent("alice"), offline_agent("bob"), offline_agent("sam")
    gc = GroupChat([alice, bob, sam], [], max_round=5, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    await alice.a_initiate_chat(manager, message="hello")
    assert names(gc.messages) == ["alice", "bob", "sam", "alice", "bob"]
    assert len(sam.chat_messages[manager]) == 5


async def test_async_auto_without_llm_falls_back_to_round_robin() -> None:
    alice, bob, sam = offline_agent("alice"), offline_agent("bob"), offline_agent("sam")
    gc = GroupChat([alice, bob, sam], [], max_round=4)
    manager = GroupChatManager(gc, llm_config=False)
    await alice.a_initiate_chat(manager, message="hello")
    assert names(gc.messages) == ["alice", "bob", "sam", "alice"]


async def test_async_termination_message_is_not_broadcast() -> None:
    alice, bob, sam = offline_agent("alice"), offline_agent("bob", "TERMINATE"), offline_agent("sam")
    gc = GroupChat([alice, bob, sam], [], max_round=10, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    await alice.a_initiate_chat(manager, message="hello")
    assert names(gc.messages) == ["alice", "bob"]
    assert [m["content"] for m in sam.chat_messages[manager]] == ["hello"]


def test_sync_termination_message_is_broadcast() -> None:
    alice, bob, sam = offline_agent("alice"), offline_agent("bob", "TERMINATE"), offline_agent("sam")
    gc = GroupChat([alice, bob, sam], [], max_round=10, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    alice.initiate_chat(manager, message="hello")
    assert [m["content"] for m in sam.chat_messages[manager]] == ["hello", "TERMINATE"]


async def test_async_introductions() -> None:
    alice, bob = offline_agent("alice", description="A"), offline_agent("bob", description="B")
    gc = GroupChat([alice, bob], [], max_round=2, send_introductions=True, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    await alice.a_initiate_chat(manager, message="hello")
    assert bob.chat_messages[manager][0]["content"] == gc.introductions_msg()
    assert len(gc.messages) == 2


async def test_async_sink_ends_gracefully() -> None:
    a1, a2, a3 = offline_agent("a1"), offline_agent("a2"), offline_agent("a3")
    gc = GroupChat(
        [a1, a2, a3],
        [],
        max_round=10,
        allowed_or_disallowed_speaker_transitions={a1: [a2], a2: [a3]},
        speaker_transitions_type="allowed",
    )
    manager = GroupChatManager(gc, llm_config=False)
    await a1.a_initiate_chat(manager, message="start")
    assert names(gc.messages) == ["a1", "a2", "a3"]


async def test_async_custom_selection() -> None:
    a1, a2, a3 = offline_agent("a1"), offline_agent("a2"), offline_agent("a3")
    order = iter([a3, a2, None])
    gc = GroupChat([a1, a2, a3], [], max_round=10, speaker_selection_method=lambda last, groupchat: next(order))
    manager = GroupChatManager(gc, llm_config=False)
    await a1.a_initiate_chat(manager, message="start")
    assert names(gc.messages) == ["a1", "a3", "a2"]


async def test_async_prints_no_next_speaker_line(scripted_io: Any) -> None:
    alice, bob = offline_agent("alice"), offline_agent("bob")
    gc = GroupChat([alice, bob], [], max_round=2, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    await alice.a_initiate_chat(manager, message="hello")
    assert "Next speaker" not in scripted_io.text
    assert "bob (to chat_manager):" in scripted_io.text
