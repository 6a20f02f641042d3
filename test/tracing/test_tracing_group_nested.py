"""Span trees of group chats (speaker selection) and nested chats against the loopback model."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from _tracing_helpers import Traced, attrs
from opentelemetry.sdk.trace import ReadableSpan

import autogen
from autogen.testing import LoopbackLLMServer, Reply


def _ancestors(traced: Traced, span: ReadableSpan) -> List[str]:
    names = []
    parent: Optional[ReadableSpan] = traced.parent_of(span)
    while parent is not None:
        names.append(parent.name)
        parent = traced.parent_of(parent)
    return names


def _team(llm_config: Dict[str, Any]) -> List[autogen.ConversableAgent]:
    return [
        autogen.ConversableAgent(name, llm_config=llm_config, human_input_mode="NEVER", description=f"the {name}")
        for name in ("planner", "writer")
    ]


def test_group_chat_run_holds_speaker_selections_and_the_speakers_replies(
    traced: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(Reply.text("Plan: two steps."), Reply.text("Draft written."))
    planner, writer = _team(llm_config)
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    group = autogen.GroupChat([user, planner, writer], messages=[], max_round=3, speaker_selection_method="round_robin")
    manager = autogen.GroupChatManager(group, llm_config=llm_config)
    user.initiate_chat(manager, message="Write a haiku about tests.", silent=True)
    (run,) = traced.roots()
    assert run.name == "autogen.group_chat"
    assert attrs(run)["autogen.chat.kind"] == "group_chat"
    (manager_reply,) = traced.children(run)
    assert manager_reply.name == "invoke_agent chat_manager"
    assert [s.name for s in traced.children(manager_reply)] == [
        "select_speaker",
        "invoke_agent planner",
        "select_speaker",
        "invoke_agent writer",
    ]
    selections = traced.named("select_speaker")
    assert [attrs(s)["autogen.speaker_selection.selected"] for s in selections] == ["planner", "writer"]
    assert [attrs(s)["autogen.speaker_selection.last_speaker"] for s in selections] == ["user", "planner"]
    assert all(attrs(s)["autogen.speaker_selection.method"] == "round_robin" for s in selections)
    for call in traced.named("chat gpt-4"):
        assert traced.parent_of(call).name in ("invoke_agent planner", "invoke_agent writer")
    assert "autogen.termination" in [e.name for e in manager_reply.events]


def test_auto_speaker_selection_has_its_model_call_inside_the_selection_span(
    traced: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(Reply.text("writer"), Reply.text("Draft written."))
    planner, writer = _team(llm_config)
    group = autogen.GroupChat([planner, writer], messages=[], max_round=2, speaker_selection_method="auto")
    manager = autogen.GroupChatManager(group, llm_config=llm_config)
    planner.initiate_chat(manager, message="Who writes?", silent=True)
    (selection,) = traced.named("select_speaker")
    assert attrs(selection)["autogen.speaker_selection.selected"] == "writer"
    inside = [s for s in traced.named("chat gpt-4") if "select_speaker" in _ancestors(traced, s)]
    assert len(inside) == 1


def test_nested_chat_span_is_a_child_of_the_reply_that_started_it(
    traced: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(Reply.text("Looks right to me."))
    host = autogen.ConversableAgent("host", llm_config=False, human_input_mode="NEVER")
    critic = autogen.ConversableAgent("critic", llm_config=llm_config, human_input_mode="NEVER")
    host.register_nested_chats(
        [{"recipient": critic, "max_turns": 1, "summary_method": "last_msg"}], trigger=lambda s: True
    )
    user = autogen.ConversableAgent("user", llm_config=False, human_input_mode="NEVER")
    user.initiate_chat(host, message="Check 2 + 2 = 4.", max_turns=1, silent=True)
    outer, inner = traced.named("autogen.chat")
    assert attrs(inner)["autogen.chat.sender"] == "host" and attrs(inner)["autogen.chat.recipient"] == "critic"
    assert traced.parent_of(inner).name == "invoke_agent host"
    assert _ancestors(traced, inner)[-1] == "autogen.chat" and traced.roots() == [outer]
    assert traced.parent_of(traced.one("chat gpt-4")).name == "invoke_agent critic"


def test_initiate_chats_gives_one_chat_span_per_item(
    traced: Traced, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(Reply.text("First answer."), Reply.text("Second answer."))
    user = autogen.ConversableAgent("user", llm_config=False, human_input_mode="NEVER")
    first = autogen.ConversableAgent("first", llm_config=llm_config, human_input_mode="NEVER")
    second = autogen.ConversableAgent("second", llm_config=llm_config, human_input_mode="NEVER")
    user.initiate_chats(
        [
            {"recipient": first, "message": "one", "max_turns": 1, "silent": True},
            {"recipient": second, "message": "two", "max_turns": 1, "silent": True},
        ]
    )
    chats = [s for s in traced.named("autogen.chat") if attrs(s)["autogen.chat.sender"] == "user"]
    assert [attrs(s)["autogen.chat.recipient"] for s in chats] == ["first", "second"]
