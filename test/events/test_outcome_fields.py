"""What end events say about the outcome: failover reasons, the response's model and id, a tool's exception,
and the conversation content that only a subscriber asking for it receives."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List

import pytest

from autogen import AssistantAgent, UserProxyAgent, events


def _pair(llm_config: Dict[str, Any], **user: Any) -> tuple:
    assistant = AssistantAgent("helper", llm_config=llm_config)
    settings = {"human_input_mode": "NEVER", "code_execution_config": False, **user}
    return assistant, UserProxyAgent("boss", **settings)


def _ask(llm_config: Dict[str, Any], message: str = "hi") -> None:
    assistant, user = _pair(llm_config)
    user.initiate_chat(assistant, message=message, max_turns=1)


def test_a_failed_over_attempt_carries_the_exception_type_and_message(llm_server, reply, recorder, scripted_io):
    llm_server.script(reply.error(500, "primary is down"), reply.text("from the backup"))
    primary = llm_server.config_list(max_retries=0)[0]
    _ask({"config_list": [primary, *llm_server.config_list(model="gpt-4o")], "cache_seed": None})
    failed, answered = recorder.of("model_call_end")
    assert failed.failed_over and failed.error.startswith("InternalServerError: ")
    assert "primary is down" in failed.error
    assert not answered.failed_over and answered.error is None


def test_model_call_end_carries_the_response_model_and_id(llm_server, reply, recorder, scripted_io):
    body = {
        "id": "chatcmpl-dated-1",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o-2024-08-06",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
    }
    llm_server.script(reply(raw_body=json.dumps(body).encode()))
    _ask({"config_list": llm_server.config_list(model="gpt-4o"), "cache_seed": None})
    (end,) = recorder.of("model_call_end")
    assert (end.model, end.response_model, end.response_id) == ("gpt-4o", "gpt-4o-2024-08-06", "chatcmpl-dated-1")


def test_a_raising_tool_ends_with_the_exception_type_while_the_model_reads_0_2_text(
    llm_server, reply, recorder, scripted_io
):
    llm_server.script(reply.tool_call("scale", {"x": 4}), reply.text("TERMINATE"))
    assistant, user = _pair(
        {"config_list": llm_server.config_list(), "cache_seed": None},
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    def scale(x: int) -> int:
        raise ValueError("scale refuses to work today")

    assistant.register_for_llm(description="scale")(scale)
    user.register_for_execution()(scale)
    user.initiate_chat(assistant, message="scale 4")
    (end,) = recorder.of("tool_call_end")
    assert not end.succeeded and end.error == "ValueError: scale refuses to work today"
    tool_message = user.chat_messages[assistant][2]
    assert tool_message["content"] == "Error: scale refuses to work today"


def test_model_calls_leave_messages_and_response_out_by_default(llm_server, reply, recorder, scripted_io):
    llm_server.script(reply.text("plain answer"))
    _ask({"config_list": llm_server.config_list(), "cache_seed": None}, "secret plans")
    (start,), (end,) = recorder.of("model_call_start"), recorder.of("model_call_end")
    assert "messages" not in start.params and end.response is None


class _ContentRecorder:
    """A subscriber that asks for content the way tracing does: a `capture_content` attribute."""

    capture_content = True

    def __init__(self) -> None:
        self.events: List[Any] = []

    def __call__(self, event: Any) -> None:
        self.events.append(event)


@pytest.fixture
def content_recorder() -> Iterator[_ContentRecorder]:
    rec = _ContentRecorder()
    unsubscribe = events.subscribe(rec)
    yield rec
    unsubscribe()


def test_a_subscriber_asking_for_content_gets_request_messages_and_the_reply(
    llm_server, reply, content_recorder, scripted_io
):
    llm_server.script(reply.text("plain answer"))
    _ask({"config_list": llm_server.config_list(), "cache_seed": None}, "secret plans")
    start = next(e for e in content_recorder.events if e.type == "model_call_start")
    end = next(e for e in content_recorder.events if e.type == "model_call_end")
    assert start.params["messages"][-1] == {"content": "secret plans", "role": "user", "name": "boss"}
    assert end.response == {"role": "assistant", "content": "plain answer"}


def test_content_stops_once_the_content_subscriber_leaves(llm_server, reply, recorder, scripted_io):
    unsubscribe = events.subscribe(lambda event: None, content=True)
    unsubscribe()
    llm_server.script(reply.text("plain answer"))
    _ask({"config_list": llm_server.config_list(), "cache_seed": None})
    (start,) = recorder.of("model_call_start")
    assert "messages" not in start.params
