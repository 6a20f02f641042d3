"""The events a scripted conversation emits, in order, with spans nested as the calls are."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

from autogen import AssistantAgent, ConversableAgent, GroupChat, GroupChatManager, UserProxyAgent

# the structural events (console output and usage are checked elsewhere)
_SKIP = ("message_received", "notice", "next_speaker", "text", "function_output", "usage_summary")


def _agents(llm_config: Dict[str, Any], **user: Any) -> tuple:
    assistant = AssistantAgent("helper", llm_config=llm_config)
    settings = {"human_input_mode": "NEVER", "code_execution_config": False, **user}
    return assistant, UserProxyAgent("boss", **settings)


def test_two_agent_chat_with_code_emits_chat_reply_model_and_code_spans(
    llm_server, reply, recorder, scripted_io, tmp_path
):
    llm_server.script(reply.text("```python\nprint(6 * 7)\n```"), reply.text("42 it is. TERMINATE"))
    assistant, user = _agents(
        {"config_list": llm_server.config_list(), "cache_seed": None},
        code_execution_config={"work_dir": str(tmp_path), "use_docker": False},
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )
    user.initiate_chat(assistant, message="compute")
    assert recorder.types(skip=_SKIP) == [
        "chat_start",
        "message_sent",
        "reply_start",
        "model_call_start",
        "model_call_end",
        "reply_end",
        "message_sent",
        "reply_start",
        "code_execution_start",
        "code_execution_end",
        "reply_end",
        "message_sent",
        "reply_start",
        "model_call_start",
        "model_call_end",
        "reply_end",
        "message_sent",
        "reply_start",
        "termination",
        "reply_end",
        "chat_end",
    ]
    code_end = recorder.of("code_execution_end")[0]
    assert code_end.exit_code == 0 and "42" in code_end.output and code_end.languages == ["python"]
    assert recorder.of("termination")[0].reason == "is_termination_msg"


def test_spans_nest_model_calls_inside_replies_inside_the_chat(llm_server, reply, recorder, scripted_io):
    llm_server.script(reply.text("hello"))
    assistant, user = _agents({"config_list": llm_server.config_list(), "cache_seed": None})
    user.initiate_chat(assistant, message="hi", max_turns=1)
    chat = recorder.of("chat_start")[0]
    reply_start = recorder.of("reply_start")[0]
    model = recorder.of("model_call_start")[0]
    assert chat.parent_span_id is None
    assert reply_start.parent_span_id == chat.span_id
    assert model.parent_span_id == reply_start.span_id
    end = recorder.of("model_call_end")[0]
    assert end.span_id == model.span_id and end.usage is not None and end.finish_reasons == ["stop"]
    assert end.base_url.startswith("http://127.0.0.1") and not end.cache_hit
    assert recorder.of("termination")[0].reason == "max_turns"


def test_a_cache_hit_is_a_model_call_marked_cache_hit(llm_server, reply, recorder, scripted_io, tmp_path):
    from autogen import Cache

    llm_server.script(reply.text("cached answer"))
    with Cache.disk(cache_path_root=str(tmp_path)) as cache:
        for _ in range(2):
            assistant, user = _agents({"config_list": llm_server.config_list()})
            user.initiate_chat(assistant, message="same question", max_turns=1, cache=cache)
    hits = [e.cache_hit for e in recorder.of("model_call_end")]
    assert hits == [False, True]


def test_a_failing_entry_fails_over_to_the_next_attempt(llm_server, reply, recorder, scripted_io):
    llm_server.script(reply.error(400), reply.text("second entry"))
    config_list = llm_server.config_list() + llm_server.config_list(model="gpt-4o")
    assistant, user = _agents({"config_list": config_list, "cache_seed": None})
    user.initiate_chat(assistant, message="hi", max_turns=1)
    ends = recorder.of("model_call_end")
    assert [(e.attempt, e.failed_over) for e in ends] == [(0, True), (1, False)]


def test_tool_calls_emit_a_tool_span_with_call_id_arguments_and_result(llm_server, reply, recorder, scripted_io):
    llm_server.script(reply.tool_call("add", {"a": 2, "b": 3}), reply.text("5. TERMINATE"))
    assistant, user = _agents(
        {"config_list": llm_server.config_list(), "cache_seed": None},
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    def add(a: int, b: int) -> int:
        return a + b

    assistant.register_for_llm(description="add")(add)
    user.register_for_execution()(add)
    user.initiate_chat(assistant, message="2+3?")
    start, end = recorder.of("tool_call_start")[0], recorder.of("tool_call_end")[0]
    sent = recorder.of("message_sent")[1]
    assert start.name == "add" and start.arguments == {"a": 2, "b": 3}
    assert start.call_id == sent.message["tool_calls"][0]["id"] == end.call_id
    assert end.result == "5" and end.succeeded and end.error is None


def test_async_tool_calls_keep_each_call_id(llm_server, reply, recorder, scripted_io):
    calls = [{"name": "add", "arguments": {"a": 1, "b": 1}}, {"name": "add", "arguments": {"a": 2, "b": 2}}]
    llm_server.script(reply.tool_calls_(calls), reply.text("TERMINATE"))
    assistant, user = _agents(
        {"config_list": llm_server.config_list(), "cache_seed": None},
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    async def add(a: int, b: int) -> int:
        await asyncio.sleep(0)
        return a + b

    assistant.register_for_llm(description="add")(add)
    user.register_for_execution()(add)
    asyncio.run(user.a_initiate_chat(assistant, message="sums"))
    ids = [c["id"] for c in recorder.of("message_sent")[1].message["tool_calls"]]
    assert sorted(e.call_id for e in recorder.of("tool_call_end")) == sorted(ids)
    assert sorted(e.result for e in recorder.of("tool_call_end")) == ["2", "4"]


def test_nested_chat_span_is_inside_the_outer_reply(llm_server, reply, recorder, scripted_io):
    llm_server.script(reply.text("inner answer"), reply.text("outer answer"))
    inner = AssistantAgent("inner", llm_config={"config_list": llm_server.config_list(), "cache_seed": None})
    outer, user = _agents({"config_list": llm_server.config_list(), "cache_seed": None})
    outer.register_nested_chats([{"recipient": inner, "max_turns": 1, "summary_method": "last_msg"}], trigger=user)
    user.initiate_chat(outer, message="question", max_turns=1)
    chats = recorder.of("chat_start")
    assert [(c.sender, c.recipient) for c in chats] == [("boss", "helper"), ("helper", "inner")]
    outer_reply = [r for r in recorder.of("reply_start") if r.agent == "helper"][0]
    assert chats[1].parent_span_id == outer_reply.span_id


def _group(llm_server: Any, method: str) -> tuple:
    config = {"config_list": llm_server.config_list(), "cache_seed": None}
    alice = AssistantAgent("alice", llm_config=config)
    bob = AssistantAgent("bob", llm_config=config)
    user = UserProxyAgent("boss", human_input_mode="NEVER", code_execution_config=False, default_auto_reply="go on")
    chat = GroupChat([user, alice, bob], messages=[], max_round=4, speaker_selection_method=method)
    return user, GroupChatManager(chat, llm_config=config)


def test_round_robin_group_chat_emits_selection_spans_and_max_round(llm_server, reply, recorder, scripted_io):
    llm_server.script(reply.text("from alice"), reply.text("from bob"))
    user, manager = _group(llm_server, "round_robin")
    user.initiate_chat(manager, message="start")
    selected = [e.selected for e in recorder.of("speaker_selection_end")]
    assert selected == ["alice", "bob", "boss"]
    assert recorder.of("chat_start")[0].kind == "group_chat"
    assert [e.reason for e in recorder.of("termination")][-1] == "max_round"
    assert [e.name for e in recorder.of("next_speaker")] == selected


def test_auto_group_chat_selection_contains_the_selector_model_call(llm_server, reply, recorder, scripted_io):
    llm_server.script(reply.text("bob"), reply.text("from bob"), reply.text("alice"), reply.text("from alice"))
    user, manager = _group(llm_server, "auto")
    user.initiate_chat(manager, message="start")
    parents = {e.span_id: e.parent_span_id for e in recorder.events if e.type.endswith("_start")}
    selections: List[str] = [s.span_id for s in recorder.of("speaker_selection_start")]

    def ancestors(span: Any) -> List[str]:
        found = []
        while span is not None:
            found.append(span)
            span = parents.get(span)
        return found

    owners = [set(ancestors(m.parent_span_id)) & set(selections) for m in recorder.of("model_call_start")]
    assert set().union(*owners) == set(selections)  # every selection asked the model
    speaker_replies = {r.span_id for r in recorder.of("reply_start") if r.agent in ("alice", "bob")}
    for call, owner in zip(recorder.of("model_call_start"), owners):
        assert not (owner and call.parent_span_id in speaker_replies)


def test_a_raising_subscriber_does_not_break_the_chat(llm_server, reply, scripted_io):
    from autogen import events

    def broken(event: Any) -> None:
        raise RuntimeError("subscriber bug")

    llm_server.script(reply.text("fine"))
    unsubscribe = events.subscribe(broken)
    try:
        assistant, user = _agents({"config_list": llm_server.config_list(), "cache_seed": None})
        result = user.initiate_chat(assistant, message="hi", max_turns=1)
    finally:
        unsubscribe()
    assert result.summary == "fine"


def test_a_failing_reply_closes_its_spans_with_the_error(llm_server, reply, recorder, scripted_io):
    llm_server.script(reply.error(400, "bad request"))
    assistant, user = _agents({"config_list": llm_server.config_list(), "cache_seed": None})
    try:
        user.initiate_chat(assistant, message="hi", max_turns=1)
    except Exception:
        pass
    ends = {e.type: e for e in recorder.events if e.type.endswith("_end")}
    assert set(ends) == {"model_call_end", "reply_end", "chat_end"}
    assert all("bad request" in (e.error or "") for e in ends.values())


def test_console_output_is_unchanged_with_a_subscriber(llm_server, reply, scripted_io):
    from autogen import events

    def run() -> str:
        llm_server.script(reply.text("same words"))
        assistant, user = _agents({"config_list": llm_server.config_list(), "cache_seed": None})
        start = len(scripted_io.lines)
        user.initiate_chat(assistant, message="hi", max_turns=1)
        return "".join(scripted_io.lines[start:])

    plain = run()
    unsubscribe = events.subscribe(lambda e: None)
    try:
        assert run() == plain
    finally:
        unsubscribe()


def test_a_conversable_agent_without_llm_emits_no_model_calls(recorder, scripted_io):
    a = ConversableAgent("a", llm_config=False, human_input_mode="NEVER", default_auto_reply="ok")
    b = ConversableAgent("b", llm_config=False, human_input_mode="NEVER", default_auto_reply="ok")
    a.initiate_chat(b, message="ping", max_turns=2)
    assert not recorder.of("model_call_start")
    assert len(recorder.of("message_sent")) == 4
