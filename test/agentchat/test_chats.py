"""Chats: ChatResult, summaries, initiate_chats with carryover, a_initiate_chats with prerequisites."""

from __future__ import annotations

import linecache
import os

import pytest

from autogen.agentchat import ChatResult, ConversableAgent, GroupChat, GroupChatManager, initiate_chats
from autogen.agentchat.chat import _post_process_carryover_item, _validate_recipients, a_initiate_chats


def _bot(name: str, reply: str = "", **kwargs) -> ConversableAgent:
    return ConversableAgent(name, llm_config=False, human_input_mode="NEVER", default_auto_reply=reply, **kwargs)


def _echoing(name: str) -> ConversableAgent:
    """Replies with the text it received, prefixed by its name."""
    agent = _bot(name)
    agent.register_reply(
        [ConversableAgent, None],
        lambda r, messages=None, sender=None, config=None: (True, f"{r.name} saw: {messages[-1]['content']}"),
    )
    return agent


def test_chat_result_fields():
    result = ChatResult(chat_id=None, chat_history=[{"content": "x"}])
    assert result.summary is None and result.cost is None and result.human_input is None


def test_post_process_carryover_item():
    assert _post_process_carryover_item("s") == "s"
    assert _post_process_carryover_item({"content": 3, "role": "user"}) == "3"
    assert _post_process_carryover_item(5) == "5"


def test_chat_messages_for_summary(scripted_io):
    a, b = _bot("a"), _bot("b")
    a.send("hi", b, request_reply=False)
    assert len(b.chat_messages_for_summary(a)) == 1


def test_chat_messages_for_summary_of_group_manager(scripted_io):
    a, b = _bot("a", "from a"), _bot("b", "from b")
    group = GroupChat([a, b], messages=[], max_round=2, speaker_selection_method="round_robin")
    manager = GroupChatManager(group, llm_config=False)
    a.initiate_chat(manager, message="hello")
    assert len(manager.chat_messages_for_summary(a)) == 2 and len(b.chat_messages[manager]) == 2


def test_last_msg_summary_strips_terminate(scripted_io):
    a, b = _bot("a"), _bot("b", "All done. TERMINATE")
    result = a.initiate_chat(b, message="go", max_turns=1)
    assert result.summary == "All done. "
    assert result.chat_history is a.chat_messages[b]  # live list
    assert set(result.cost) == {"usage_including_cached_inference", "usage_excluding_cached_inference"}


def test_last_msg_summary_of_multimodal_content(scripted_io):
    a = _bot("a")
    b = _bot(
        "b", {"content": [{"type": "text", "text": "x TERMINATE"}, {"type": "image_url", "image_url": {"url": "u"}}]}
    )
    assert a.initiate_chat(b, message="go", max_turns=1).summary == "x "


def test_summary_method_none_and_callable(scripted_io):
    a, b = _bot("a"), _bot("b", "reply")
    assert a.initiate_chat(b, message="go", max_turns=1, summary_method=None).summary == ""

    def summarize(sender, recipient, summary_args):
        return f"{sender.name}->{recipient.name}:{summary_args['extra']}"

    result = a.initiate_chat(b, message="go", max_turns=1, summary_method=summarize, summary_args={"extra": 1})
    assert result.summary == "a->b:1"


def test_invalid_summary_method_is_rejected():
    a, b = _bot("a"), _bot("b")
    with pytest.raises(AssertionError, match="summary_method must be a string chosen from 'reflection_with_llm'"):
        a.initiate_chat(b, message="x", summary_method="llm")


def test_summarize_chat_rejects_unknown_method_with_02_text():
    a, b = _bot("a"), _bot("b")
    with pytest.raises(ValueError) as info:
        a._summarize_chat("bogus", {}, b)
    assert str(info.value) == (
        "If not None, the summary_method must be a string from [`reflection_with_llm`, `last_msg`] or a callable."
    )


def test_reflection_without_any_client_is_rejected():
    a, b = _bot("a"), _bot("b")
    with pytest.raises(AssertionError, match="llm client must be set in either the recipient or sender"):
        a.initiate_chat(b, message="x", summary_method="reflection_with_llm")


def test_reflection_summary_uses_recipient_client_and_prompt(llm_server, llm_config, reply, scripted_io):
    llm_server.script(reply.text("the assistant reply"), reply.text("the summary"))
    a = _bot("a")
    b = ConversableAgent("b", llm_config=llm_config, human_input_mode="NEVER")
    result = a.initiate_chat(
        b,
        message="go",
        max_turns=1,
        summary_method="reflection_with_llm",
        summary_args={"summary_prompt": "Sum up.", "summary_role": "user"},
    )
    assert result.summary == "the summary"
    last = llm_server.requests[-1].messages
    assert last[-1] == {"role": "user", "content": "Sum up."}
    assert [m["content"] for m in last[:-1]] == ["go", "the assistant reply"]  # no system message prepended


def test_reflection_summary_bad_prompt_type(llm_config, scripted_io):
    a, b = _bot("a"), ConversableAgent("b", llm_config=llm_config)
    with pytest.raises(ValueError, match="The summary_prompt must be a string."):
        a._reflection_with_llm_as_summary(a, b, {"summary_prompt": 3})


def test_initiate_chats_accumulates_carryover(scripted_io):
    a, b, c = _bot("a"), _echoing("b"), _echoing("c")
    queue = [
        {"recipient": b, "message": "first", "max_turns": 1, "carryover": "given"},
        {"recipient": c, "message": "second", "max_turns": 1, "verbose": True},
        {
            "recipient": b,
            "message": "third",
            "max_turns": 1,
            "finished_chat_indexes_to_exclude_from_carryover": [0],
            "silent": True,
        },
    ]
    with pytest.warns(UserWarning) as record:
        results = a.initiate_chats(queue)
    assert [str(w.message) for w in record if w.category is UserWarning] == [  # not a stray ResourceWarning
        "Repetitive recipients detected: The chat history will be cleared by default if a recipient appears more "
        "than once. To retain the chat history, please set 'clear_history=False' in the configuration of the "
        "repeating agent."
    ]
    assert [r.summary for r in results] == [
        "b saw: first\nContext: \ngiven",
        "c saw: second\nContext: \nb saw: first\nContext: \ngiven",
        "b saw: third\nContext: \n" + results[1].summary,
    ]
    assert queue[1]["carryover"] == [results[0].summary] and queue[0]["sender"] is a  # caller's dicts updated
    assert a.get_chat_results() is results and a.get_chat_results(-1) is results[-1]
    assert scripted_io.text.count("Starting a new chat....") == 2
    assert "Message:\nsecond" in scripted_io.text and "Carryover:\n" + results[0].summary in scripted_io.text


def test_module_initiate_chats_needs_sender():
    with pytest.raises(AssertionError, match="sender must be provided."):
        initiate_chats([{"recipient": _bot("b"), "message": "x"}])


def test_get_chat_results_before_any_multi_chat():
    with pytest.raises(AttributeError):
        _bot("a").get_chat_results()


async def test_a_initiate_chats_with_prerequisites(scripted_io):
    a, b, c, d = _bot("a"), _echoing("b"), _echoing("c"), _echoing("d")
    queue = [
        {"chat_id": 1, "recipient": b, "message": "one", "max_turns": 1},
        {"chat_id": 2, "recipient": c, "message": "two", "max_turns": 1, "prerequisites": [1]},
        {"chat_id": 3, "recipient": d, "message": "three", "max_turns": 1, "prerequisites": [1, 2]},
    ]
    results = await a.a_initiate_chats(queue)
    assert set(results) == {1, 2, 3} and all(results[i].chat_id == i for i in results)
    assert results[3].summary == "d saw: three\nContext: \n" + results[1].summary + "\n" + results[2].summary
    assert a.get_chat_results(3) is results[3]


async def test_a_initiate_chats_errors():
    a, b = _bot("a"), _bot("b")
    with pytest.raises(ValueError, match="Each chat must have a unique id"):
        await a_initiate_chats([{"sender": a, "recipient": b, "message": "x"}])
    with pytest.raises(ValueError, match="Prerequisite chat id is not int."):
        await a_initiate_chats([{"sender": a, "recipient": b, "message": "x", "chat_id": 1, "prerequisites": ["0"]}])


async def test_a_initiate_chats_cycle_runs_nothing():
    a, b, c = _bot("a"), _bot("b"), _bot("c")
    queue = [
        {"sender": a, "chat_id": 1, "recipient": b, "message": "x", "prerequisites": [2]},
        {"sender": a, "chat_id": 2, "recipient": c, "message": "y", "prerequisites": [1]},
    ]
    assert await a_initiate_chats(queue) == {}


def test_repetitive_recipients_warning_points_at_the_library(recwarn):
    """0.2 warns with the default stacklevel: the location is chat.py's own `warnings.warn(` line."""
    b = ConversableAgent("b", llm_config=False)
    _validate_recipients([{"recipient": b}, {"recipient": b}])
    [warning] = recwarn.list
    assert warning.filename.endswith(os.path.join("autogen", "agentchat", "chat.py"))
    assert "warnings.warn(" in linecache.getline(warning.filename, warning.lineno)


async def test_a_initiate_chats_missing_chat_id_is_a_key_error():
    a, b = _bot("a"), _bot("b")
    with pytest.raises(KeyError):
        await a_initiate_chats([{"sender": a, "recipient": b, "message": "x"}])


async def test_a_initiate_chats_repeated_chat_id_runs_the_last_entry_once(scripted_io):
    a, b, c = _bot("a"), _echoing("b"), _echoing("c")
    queue = [
        {"sender": a, "chat_id": 1, "recipient": b, "message": "first", "max_turns": 1},
        {"sender": a, "chat_id": 1, "recipient": c, "message": "second", "max_turns": 1},
    ]
    results = await a_initiate_chats(queue)
    assert list(results) == [1] and results[1].summary == "c saw: second"
    assert b.chat_messages[a] == [] and len(c.chat_messages[a]) == 2
