"""SocietyOfMindAgent: an inner group chat answers for one outer agent."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

import pytest

import autogen
from autogen.agentchat.contrib.society_of_mind_agent import SocietyOfMindAgent


def _agent(name: str, reply: str) -> autogen.ConversableAgent:
    return autogen.ConversableAgent(
        name, max_consecutive_auto_reply=10, llm_config=False, human_input_mode="NEVER", default_auto_reply=reply
    )


def _inner_team(
    **soc_kwargs: Any,
) -> Tuple[SocietyOfMindAgent, autogen.GroupChat, List[autogen.ConversableAgent], autogen.GroupChatManager]:
    planner = _agent("planner", "Planner: let us split the work.")
    researcher = _agent("researcher", "Researcher: I found three sources.")
    editor = _agent("editor", "Editor: the draft is ready. TERMINATE")
    groupchat = autogen.GroupChat(
        agents=[planner, researcher, editor], messages=[], speaker_selection_method="round_robin", max_round=10
    )
    manager = autogen.GroupChatManager(
        groupchat=groupchat,
        llm_config=False,
        is_termination_msg=lambda m: (m.get("content") or "").rstrip().endswith("TERMINATE"),
    )
    soc = SocietyOfMindAgent("team_voice", chat_manager=manager, **soc_kwargs)
    return soc, groupchat, [planner, researcher, editor], manager


@pytest.fixture
def external() -> autogen.ConversableAgent:
    return _agent("client", "Client here, thanks.")


def test_first_message_runs_the_inner_chat(external: autogen.ConversableAgent, scripted_io: Any) -> None:
    soc, groupchat, (planner, researcher, editor), manager = _inner_team()
    external.initiate_chat(soc, message="Draft a short note about tides.", max_turns=1)
    assert len(external.chat_messages[soc]) == 2
    assert external.chat_messages[soc][-1]["content"] == "Editor: the draft is ready."
    assert len(groupchat.messages) == 4
    assert groupchat.messages[0]["name"] == "team_voice"
    assert groupchat.messages[0]["content"] == "Draft a short note about tides."
    for inner in (planner, researcher, editor):
        assert len(inner.chat_messages[manager]) == 4
        assert len(manager.chat_messages[inner]) == 4


def test_second_message_replays_the_outer_history(external: autogen.ConversableAgent, scripted_io: Any) -> None:
    soc, groupchat, (planner, researcher, editor), manager = _inner_team()
    external.initiate_chat(soc, message="Draft a short note about tides.", max_turns=1)
    external.initiate_chat(soc, message="Now make it shorter.", max_turns=1, clear_history=False)
    assert len(external.chat_messages[soc]) == 4
    assert len(groupchat.messages) == 4  # the inner group chat starts afresh
    for inner in (planner, researcher, editor):
        assert len(inner.chat_messages[manager]) == 6
    roles = [m["role"] for m in planner.chat_messages[manager]]
    assert roles == ["user", "user", "user", "assistant", "user", "user"]
    history = [m["content"] for m in editor.chat_messages[manager]]
    assert history[:3] == ["Draft a short note about tides.", "Editor: the draft is ready.", "Now make it shorter."]
    assert [m["content"] for m in planner.chat_messages[manager]][:5] == history[:5]
    assert history[5] == "Editor: the draft is ready. TERMINATE"
    assert external.chat_messages[soc][-1]["content"] == "Editor: the draft is ready."


def test_custom_response_preparer(external: autogen.ConversableAgent, scripted_io: Any) -> None:
    seen: Dict[str, Any] = {}

    def preparer(agent: Any, messages: List[Dict[str, Any]]) -> str:
        seen["agent"], seen["messages"] = agent, list(messages)
        return "Note delivered."

    soc, _, _, _ = _inner_team(response_preparer=preparer)
    external.initiate_chat(soc, message="Draft a short note about tides.", max_turns=1)
    assert seen["agent"] is soc
    assert len(seen["messages"]) == 4
    assert external.chat_messages[soc][-1]["content"] == "Note delivered."


def test_reply_order_is_termination_function_code_monologue() -> None:
    soc, _, _, _ = _inner_team()
    funcs = [entry["reply_func"] for entry in soc._reply_func_list]
    assert funcs == [
        autogen.ConversableAgent.check_termination_and_human_reply,
        autogen.ConversableAgent.generate_function_call_reply,
        autogen.ConversableAgent.generate_code_execution_reply,
        SocietyOfMindAgent.generate_inner_monologue_reply,
    ]


def test_chat_manager_property_and_group_chat_lookup() -> None:
    soc, groupchat, _, manager = _inner_team()
    assert soc.chat_manager is manager
    assert soc._group_chat.agents == groupchat.agents  # the manager holds a shallow copy of the GroupChat
    soc.update_chat_manager(None)
    assert soc.chat_manager is None
    assert soc.generate_inner_monologue_reply([{"role": "user", "content": "x"}]) == (False, None)


def test_llm_response_preparer_asks_the_model_with_the_transcript(
    external: autogen.ConversableAgent, llm_server: Any, llm_config: Dict[str, Any], reply: Any, scripted_io: Any
) -> None:
    llm_server.script(reply.text("Tides follow the moon."))
    soc, _, _, _ = _inner_team(llm_config=llm_config)
    external.initiate_chat(soc, message="Draft a short note about tides.", max_turns=1)
    assert external.chat_messages[soc][-1]["content"] == "Tides follow the moon."
    sent = llm_server.chat_requests[0].messages
    assert sent[0]["role"] == "system"
    assert [m["role"] for m in sent[1:-1]] == ["user"] * 4
    assert sent[1]["content"] == "Draft a short note about tides."
    assert sent[-1]["role"] == "system"
    assert "TERMINATE" in sent[-1]["content"]  # the default prompt tells the model to leave it out


def test_llm_response_preparer_spells_out_calls(llm_server: Any, llm_config: Dict[str, Any], reply: Any) -> None:
    llm_server.script(reply.text("ok"))
    soc, _, _, _ = _inner_team(llm_config=llm_config)
    messages = [
        {"role": "assistant", "content": None, "function_call": {"name": "f", "arguments": '{"a": 1}'}, "name": "a"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "1", "type": "function"}], "name": "a"},
        {"role": "tool", "content": "3", "tool_responses": [{"tool_call_id": "1"}], "tool_call_id": "1"},
    ]
    assert soc._llm_response_preparer("Answer.", messages) == "ok"
    sent = llm_server.chat_requests[0].messages
    assert sent[1]["content"] == 'f({"a": 1})'
    assert sent[2]["content"] == ""
    assert all(key not in m for m in sent for key in ("tool_calls", "tool_responses", "function_call"))
    assert messages[0]["content"] is None  # the inner messages themselves are untouched


def test_inner_chat_error_is_reported_on_stderr_not_raised(
    external: autogen.ConversableAgent, scripted_io: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    soc, groupchat, (planner, _, _), _ = _inner_team()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the planner crashed")

    planner.register_reply([autogen.Agent, None], broken)
    external.initiate_chat(soc, message="Draft a short note about tides.", max_turns=1)
    # as 0.2's traceback.print_exc(): the traceback goes to stderr, the console transcript stays clean
    assert "RuntimeError: the planner crashed" in capsys.readouterr().err
    assert "the planner crashed" not in scripted_io.text
    assert external.chat_messages[soc][-1]["content"] == "Draft a short note about tides."


def test_inner_chat_with_tool_use(llm_server: Any, llm_config: Dict[str, Any], reply: Any) -> None:
    assistant = autogen.AssistantAgent("inner_assistant", llm_config=llm_config)
    executor = autogen.UserProxyAgent(
        "inner_executor", human_input_mode="NEVER", code_execution_config=False, default_auto_reply=""
    )

    @executor.register_for_execution()
    @assistant.register_for_llm(description="Add two numbers.")
    def add(a: int, b: int) -> int:
        return a + b

    groupchat = autogen.GroupChat(
        agents=[assistant, executor], messages=[], speaker_selection_method="round_robin", max_round=6
    )
    manager = autogen.GroupChatManager(
        groupchat=groupchat,
        llm_config=False,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )
    soc = SocietyOfMindAgent("team_voice", chat_manager=manager, llm_config=llm_config)
    llm_server.script(
        reply.tool_call("add", {"a": 2, "b": 3}),
        reply.text("The sum is 5. TERMINATE"),
        reply.text("2 + 3 = 5."),
    )
    external = _agent("client", "ok")
    external.initiate_chat(soc, message="What is 2 + 3?", max_turns=1, silent=True)
    assert external.chat_messages[soc][-1]["content"] == "2 + 3 = 5."
    transcript = llm_server.chat_requests[-1].messages
    assert any(m["content"] == "5" for m in transcript)  # the tool result, as plain text
    assert all(m["role"] in ("system", "user") for m in transcript)
