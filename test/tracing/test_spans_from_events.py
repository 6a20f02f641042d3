"""The subscriber's mechanics on events emitted through the real bus: parents, outcomes, span events."""

from __future__ import annotations

import threading

from _tracing_helpers import Traced, attrs
from opentelemetry import trace
from opentelemetry.trace import SpanKind, StatusCode

from autogen.events import _bus


def test_nested_starts_become_child_spans(traced: Traced) -> None:
    chat = _bus.open_span("chat", sender="user", recipient="bot")
    reply = _bus.open_span("reply", agent="bot", sender="user")
    call = _bus.open_span("model_call", model="gpt-4", api_type="openai", base_url="http://127.0.0.1:1/v1")
    _bus.close_span(call, usage={"prompt_tokens": 3, "completion_tokens": 1}, finish_reasons=["stop"])
    _bus.close_span(reply)
    _bus.close_span(chat)
    assert traced.tree() == [("autogen.chat", [("invoke_agent bot", [("chat gpt-4", [])])])]
    model = traced.one("chat gpt-4")
    assert model.kind == SpanKind.CLIENT
    assert attrs(model)["gen_ai.usage.input_tokens"] == 3


def test_a_failed_operation_ends_with_status_error_and_an_exception_event(traced: Traced) -> None:
    call = _bus.open_span("model_call", model="gpt-4", attempt=0)
    _bus.close_span(call, TimeoutError("the model took too long"), failed_over=True)
    span = traced.one("chat gpt-4")
    assert span.status.status_code == StatusCode.ERROR
    assert attrs(span)["error.type"] == "TimeoutError"
    assert attrs(span)["autogen.model_call.failed_over"] is True
    (event,) = [e for e in span.events if e.name == "exception"]
    assert event.attributes["exception.message"] == "the model took too long"


def test_root_chat_nests_under_the_callers_current_span(traced: Traced) -> None:
    tracer = traced.provider.get_tracer("app")
    with tracer.start_as_current_span("handle request"):
        _bus.close_span(_bus.open_span("chat", sender="a", recipient="b"))
    chat = traced.one("autogen.chat")
    assert traced.parent_of(chat).name == "handle request"


def test_message_and_termination_become_events_of_the_span_they_happen_in(traced: Traced) -> None:
    chat = _bus.open_span("chat", sender="a", recipient="b")
    _bus.emit_kind("message_sent", sender="a", recipient="b", message={"role": "user", "content": "hi"})
    _bus.emit_kind("termination", agent="b", reason="max_turns")
    _bus.close_span(chat)
    names = [e.name for e in traced.one("autogen.chat").events]
    assert names == ["autogen.message", "autogen.termination"]


def test_usage_summary_sets_cost_on_the_chat_span(traced: Traced) -> None:
    chat = _bus.open_span("chat", sender="a", recipient="b")
    summary = {"total_cost": 0.5, "gpt-4": {"cost": 0.5, "prompt_tokens": 10, "completion_tokens": 4}}
    _bus.emit_kind("usage_summary", cost={"usage_including_cached_inference": summary})
    _bus.close_span(chat)
    chat_attrs = attrs(traced.one("autogen.chat"))
    assert chat_attrs["autogen.cost.total"] == 0.5
    assert chat_attrs["autogen.usage.total.input_tokens"] == 10


def test_spans_opened_in_a_thread_with_a_copied_context_keep_their_parent(traced: Traced) -> None:
    import contextvars

    chat = _bus.open_span("chat", sender="a", recipient="b")
    ctx = contextvars.copy_context()

    def work() -> None:
        _bus.close_span(_bus.open_span("tool_call", agent="b", name="add", call_id="c1"), succeeded=True)

    worker = threading.Thread(target=ctx.run, args=(work,))
    worker.start()
    worker.join()
    _bus.close_span(chat)
    assert traced.parent_of(traced.one("execute_tool add")).name == "autogen.chat"


def test_an_open_span_is_current_in_opentelemetry_so_user_spans_nest_inside(traced: Traced) -> None:
    tracer = traced.provider.get_tracer("app")
    with tracer.start_as_current_span("handle request") as outer:
        tool = _bus.open_span("tool_call", agent="b", name="lookup", call_id="c9")
        with tracer.start_as_current_span("database query"):
            pass
        _bus.close_span(tool, succeeded=True)
        assert trace.get_current_span() is outer
    assert traced.parent_of(traced.one("database query")).name == "execute_tool lookup"
