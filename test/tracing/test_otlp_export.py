"""The real OTLP/HTTP exporter behind a BatchSpanProcessor, sending to a loopback receiver started by the test."""

from __future__ import annotations

from typing import Any, Dict, Iterator

import pytest

pytest.importorskip("opentelemetry.exporter.otlp.proto.http")

from _otlp_receiver import OTLPReceiver  # noqa: E402
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter  # noqa: E402
from opentelemetry.sdk.resources import Resource  # noqa: E402
from opentelemetry.sdk.trace import TracerProvider  # noqa: E402
from opentelemetry.sdk.trace.export import BatchSpanProcessor  # noqa: E402

import autogen  # noqa: E402
import autogen.tracing  # noqa: E402
from autogen.testing import LoopbackLLMServer, Reply  # noqa: E402


@pytest.fixture
def receiver() -> Iterator[OTLPReceiver]:
    with OTLPReceiver() as found:
        yield found


def _two_agent_chat(llm_config: Dict[str, Any]) -> None:
    user = autogen.ConversableAgent("user", llm_config=False, human_input_mode="NEVER", default_auto_reply="go on")
    bot = autogen.ConversableAgent("bot", llm_config=llm_config, human_input_mode="NEVER")
    user.initiate_chat(bot, message="What is 2 + 2?", max_turns=2, silent=True)


def test_spans_of_a_chat_arrive_batched_after_it_ends(
    receiver: OTLPReceiver, llm_server: LoopbackLLMServer, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(Reply.text("4"), Reply.text("Still 4."))
    provider = TracerProvider(resource=Resource.create({"service.name": "autogen-test"}))
    # A long delay: nothing leaves before the flush, so the chat's spans travel together.
    provider.add_span_processor(
        BatchSpanProcessor(OTLPSpanExporter(endpoint=receiver.endpoint), schedule_delay_millis=60_000)
    )
    autogen.tracing.enable(provider)
    try:
        _two_agent_chat(llm_config)
        assert receiver.requests == []  # batched: nothing sent while the chat ran
    finally:
        autogen.tracing.disable()  # flushes the provider
        provider.shutdown()
    spans = receiver.spans()
    assert {s.batch for s in spans} == {0}
    assert receiver.content_types == ["application/x-protobuf"]
    names = sorted(s.name for s in spans)
    assert names.count("chat gpt-4") == 2 and names.count("autogen.chat") == 1
    chat = next(s for s in spans if s.name == "autogen.chat")
    model_calls = [s for s in spans if s.name == "chat gpt-4"]
    assert {s.trace_id for s in spans} == {chat.trace_id}
    by_id = {s.span_id: s for s in spans}
    for call in model_calls:
        assert by_id[call.parent_span_id].name == "invoke_agent bot"
        assert by_id[by_id[call.parent_span_id].parent_span_id] is chat
        assert call.attributes["gen_ai.request.model"] == "gpt-4"
        assert call.attributes["gen_ai.usage.output_tokens"] >= 1
    assert all(s.scope == "autogen" for s in spans)
    request = receiver.requests[0]
    resource = {a.key: a.value.string_value for a in request.resource_spans[0].resource.attributes}
    assert resource["service.name"] == "autogen-test"
