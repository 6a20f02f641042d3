"""Nested chats: a reply function that runs other chats and answers with the last summary."""

from __future__ import annotations

import pytest

from autogen.agentchat import Agent, ConversableAgent, GroupChat, GroupChatManager


class MockAgentReplies:
    """Registers scripted replies (position 2, as a list `[True, msg]`) on an agent."""

    def __init__(self, replies):
        self.replies = list(replies)

    def register(self, agent: ConversableAgent) -> None:
        def reply(recipient, messages=None, sender=None, config=None):
            return [True, self.replies.pop(0)] if self.replies else [True, None]

        agent.register_reply([Agent, None], reply, position=2)


def _agents():
    user = ConversableAgent("user", llm_config=False, human_input_mode="NEVER")
    assistant = ConversableAgent("assistant", llm_config=False, human_input_mode="NEVER")
    inner_a = ConversableAgent("inner_a", llm_config=False, human_input_mode="NEVER")
    inner_b = ConversableAgent("inner_b", llm_config=False, human_input_mode="NEVER")
    MockAgentReplies(["Start chat", None]).register(user)
    MockAgentReplies(["Inner reply", "FINAL_RESULT"]).register(inner_a)
    MockAgentReplies(["Inner b", None]).register(inner_b)
    return user, assistant, inner_a, inner_b


def test_sync_nested_chat_answers_with_inner_summary(scripted_io):
    user, assistant, inner_a, inner_b = _agents()
    assistant.register_nested_chats(
        [{"sender": inner_b, "recipient": inner_a, "summary_method": "last_msg", "max_turns": 2}], trigger=user
    )
    user.initiate_chat(assistant, message="Start chat", max_turns=1)
    assert [m["content"] for m in user.chat_messages[assistant]] == ["Start chat", "FINAL_RESULT"]
    assert "Starting a new chat...." in scripted_io.text
    assert assistant._reply_func_list[2]["reply_func"].__name__ == "_summary_from_nested_chats"


async def test_async_nested_chat_gives_same_result(scripted_io):
    user, assistant, inner_a, inner_b = _agents()
    assistant.register_nested_chats(
        [{"sender": inner_b, "recipient": inner_a, "summary_method": "last_msg", "max_turns": 2, "chat_id": 1}],
        trigger=user,
        use_async=True,
    )
    await user.a_initiate_chat(assistant, message="Start chat", max_turns=1)
    assert [m["content"] for m in user.chat_messages[assistant]] == ["Start chat", "FINAL_RESULT"]


def test_async_nested_chat_needs_chat_id():
    _, assistant, inner_a, inner_b = _agents()
    with pytest.raises(ValueError, match="chat_id is required for async nested chats"):
        assistant.register_nested_chats([{"sender": inner_b, "recipient": inner_a}], trigger=Agent, use_async=True)


def test_async_nested_chat_in_sync_chat_raises(scripted_io):
    user, assistant, inner_a, inner_b = _agents()
    assistant.register_nested_chats(
        [{"sender": inner_b, "recipient": inner_a, "chat_id": 1}], trigger=user, use_async=True
    )
    assistant._reply_func_list[2]["ignore_async_in_sync_chat"] = False
    with pytest.raises(RuntimeError, match="Async reply functions can only be used"):
        user.initiate_chat(assistant, message="x")


def test_callable_message_and_default_sender_and_skipped_chats(scripted_io):
    user, assistant, inner_a, _ = _agents()
    seen = {}

    def message(recipient, messages, sender, config):
        seen.update(recipient=recipient, sender=sender, last=messages[-1]["content"])
        return "computed"

    assistant.register_nested_chats(
        [
            {"recipient": inner_a, "message": message, "max_turns": 1, "silent": True},
            {"recipient": inner_a, "max_turns": 1},  # no message and not first: skipped
        ],
        trigger=user,
    )
    user.initiate_chat(assistant, message="Start chat", max_turns=1)
    assert seen == {"recipient": assistant, "sender": user, "last": "Start chat"}
    assert inner_a.chat_messages[assistant][0]["content"] == "computed"
    assert user.chat_messages[assistant][-1]["content"] == "Inner reply"
    assert "Starting a new chat" not in scripted_io.text


def test_get_chats_to_run_uses_last_message_for_first_chat():
    chats = ConversableAgent._get_chats_to_run(
        [{"recipient": "r"}, {"recipient": "s", "message": "m"}], "owner", [{"content": "last"}], None, None
    )
    assert chats == [
        {"recipient": "r", "sender": "owner", "message": "last"},
        {"recipient": "s", "sender": "owner", "message": "m"},
    ]


def _group(inner_a, inner_b):
    group_member = ConversableAgent("Assistant_In_Group_1", llm_config=False, human_input_mode="NEVER")
    MockAgentReplies(["Assistant_In_Group_1 message 1"]).register(group_member)
    writer = ConversableAgent("Writer", llm_config=False, human_input_mode="NEVER")
    writer.register_nested_chats(
        [{"sender": inner_b, "recipient": inner_a, "summary_method": "last_msg", "max_turns": 2, "chat_id": 1}],
        trigger=lambda sender: True,
    )
    user = ConversableAgent("User", llm_config=False, human_input_mode="NEVER")
    MockAgentReplies([]).register(user)
    group = GroupChat([user, group_member, writer], messages=[], speaker_selection_method="round_robin", max_round=3)
    return user, GroupChatManager(group, llm_config=False)


def test_nested_chat_inside_round_robin_group_chat(scripted_io):
    _, _, inner_a, inner_b = _agents()
    user, manager = _group(inner_a, inner_b)
    user.initiate_chat(manager, message="Start chat")
    assert [m["content"] for m in manager.groupchat.messages] == [
        "Start chat",
        "Assistant_In_Group_1 message 1",
        "FINAL_RESULT",
    ]


async def test_nested_chat_inside_async_round_robin_group_chat(scripted_io):
    _, _, inner_a, inner_b = _agents()
    user, manager = _group(inner_a, inner_b)
    await user.a_initiate_chat(manager, message="Start chat")
    assert [m["content"] for m in manager.groupchat.messages] == [
        "Start chat",
        "Assistant_In_Group_1 message 1",
        "FINAL_RESULT",
    ]


def test_nested_reply_entry_keeps_unset_ignore_async_flag_as_none():
    user, assistant, inner_a, _ = _agents()
    assistant.register_nested_chats([{"recipient": inner_a, "max_turns": 1}], trigger=user)
    entry = assistant._reply_func_list[2]
    assert entry["reply_func"].__name__ == "_summary_from_nested_chats"
    assert entry["ignore_async_in_sync_chat"] is None


def test_nested_chats_need_a_history_even_when_every_chat_has_a_message():
    user, assistant, inner_a, _ = _agents()
    assistant.register_nested_chats([{"recipient": inner_a, "message": "go", "max_turns": 1}], trigger=user)
    with pytest.raises(IndexError):
        assistant.generate_reply(messages=[], sender=user)
