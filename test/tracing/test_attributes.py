"""The event -> span attribute mapping on its own: GenAI convention names, OTLP-ready values, privacy."""

from __future__ import annotations

from autogen.tracing._attributes import (
    clean_value,
    end_attributes,
    error_parts,
    is_secret_name,
    mask_keys,
    message_event,
    safe_url,
    span_name,
    start_attributes,
)

MODEL_START = {
    "span_id": "s-3",
    "model": "gpt-4o",
    "api_type": "azure",
    "base_url": "https://bob:sk-in-url@example.test:8443/openai?api-key=sk-in-query#frag",
    "attempt": 1,
    "params": {
        "temperature": 0.2,
        "max_tokens": 64,
        "stop": "END",
        "stream": True,
        "api_key": "sk-param-key",
        "extra_headers": {"Authorization": "Bearer sk-header"},
        "messages": [{"role": "user", "content": "secret plans"}],
    },
}


def test_span_names_follow_operation_then_target() -> None:
    assert span_name("model_call", {"model": "gpt-4o"}) == "chat gpt-4o"
    assert span_name("tool_call", {"name": "add"}) == "execute_tool add"
    assert span_name("reply", {"agent": "coder"}) == "invoke_agent coder"
    assert span_name("chat", {"kind": "group_chat"}) == "autogen.group_chat"
    assert span_name("chat", {"kind": "two_agent"}) == "autogen.chat"
    assert span_name("code_execution", {}) == "execute_code"
    assert span_name("speaker_selection", {}) == "select_speaker"


def test_model_call_start_has_genai_request_attributes() -> None:
    attrs = start_attributes("model_call", MODEL_START, content=False)
    assert attrs["gen_ai.operation.name"] == "chat"
    assert attrs["gen_ai.provider.name"] == attrs["gen_ai.system"] == "azure.ai.openai"
    assert attrs["gen_ai.request.model"] == "gpt-4o"
    assert attrs["gen_ai.request.temperature"] == 0.2
    assert attrs["gen_ai.request.max_tokens"] == 64
    assert attrs["gen_ai.request.stop_sequences"] == ["END"]
    assert attrs["autogen.request.stream"] is True
    assert attrs["autogen.model_call.attempt"] == 1
    assert attrs["server.address"] == "example.test" and attrs["server.port"] == 8443


def test_model_call_start_never_carries_keys_from_url_params_or_headers() -> None:
    text = repr(start_attributes("model_call", MODEL_START, content=True))
    for secret in ("sk-in-url", "sk-in-query", "sk-param-key", "sk-header", "bob"):
        assert secret not in text


def test_request_messages_appear_only_with_content() -> None:
    assert "gen_ai.input.messages" not in start_attributes("model_call", MODEL_START, content=False)
    assert "secret plans" in start_attributes("model_call", MODEL_START, content=True)["gen_ai.input.messages"]


def test_model_call_end_maps_usage_finish_reasons_cost_and_cache() -> None:
    fields = {
        "model": "gpt-4o",
        "response_model": "gpt-4o-2024-08-06",
        "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17},
        "cost": 0.0021,
        "finish_reasons": ["stop", None],
        "cache_hit": True,
        "failed_over": False,
    }
    attrs = end_attributes("model_call", fields, content=False)
    assert attrs["gen_ai.usage.input_tokens"] == 12
    assert attrs["gen_ai.usage.output_tokens"] == 5
    assert attrs["gen_ai.response.finish_reasons"] == ["stop"]
    assert attrs["gen_ai.response.model"] == "gpt-4o-2024-08-06"
    assert attrs["autogen.cost"] == 0.0021
    assert attrs["autogen.cache_hit"] is True
    assert attrs["autogen.model_call.failed_over"] is False


def test_an_error_sets_error_type_from_the_exception_name() -> None:
    attrs = end_attributes("model_call", {"error": "APIConnectionError: Connection error."}, content=False)
    assert attrs["error.type"] == "APIConnectionError"
    assert error_parts("ValueError: bad: worse") == ("ValueError", "bad: worse")
    assert error_parts("no type here") == ("Exception", "no type here")


def test_tool_attributes_name_and_call_id_always_arguments_only_with_content() -> None:
    fields = {"agent": "runner", "name": "add", "call_id": "call_7", "arguments": {"a": 1, "b": 2}}
    plain = start_attributes("tool_call", fields, content=False)
    assert plain["gen_ai.tool.name"] == "add" and plain["gen_ai.tool.call.id"] == "call_7"
    assert "gen_ai.tool.call.arguments" not in plain
    assert start_attributes("tool_call", fields, content=True)["gen_ai.tool.call.arguments"] == '{"a": 1, "b": 2}'
    assert "gen_ai.tool.call.result" not in end_attributes("tool_call", {"result": "3"}, content=False)


def test_code_execution_attributes_language_executor_exit_code() -> None:
    start = start_attributes("code_execution", {"agent": "u", "languages": ["python", "sh"], "executor": "X"}, False)
    assert start["autogen.code.language"] == "python"
    assert start["autogen.code.languages"] == ["python", "sh"]
    assert start["autogen.code.executor"] == "X"
    end = end_attributes("code_execution", {"exit_code": 1, "output": "Traceback"}, content=False)
    assert end == {"autogen.code.exit_code": 1}


def test_speaker_selection_attributes() -> None:
    start = start_attributes("speaker_selection", {"manager": "m", "method": "auto", "last_speaker": "a"}, False)
    assert start["autogen.speaker_selection.method"] == "auto"
    assert start["autogen.speaker_selection.last_speaker"] == "a"
    assert end_attributes("speaker_selection", {"selected": "b"}, False)["autogen.speaker_selection.selected"] == "b"


def test_message_event_keeps_roles_and_tool_names_text_only_with_content() -> None:
    message = {"role": "assistant", "content": "hi there", "tool_calls": [{"function": {"name": "add"}}]}
    name, plain = message_event("message_sent", {"sender": "a", "recipient": "b", "message": message}, False)
    assert name == "autogen.message"
    assert plain["autogen.message.tool_calls"] == ["add"]
    assert "autogen.message.content" not in plain
    _, full = message_event("message_sent", {"sender": "a", "recipient": "b", "message": message}, True)
    assert full["autogen.message.content"] == "hi there"


def test_console_output_events_are_not_traced() -> None:
    assert message_event("text", {"objects": ["x"]}, True) is None
    assert message_event("notice", {"text": "x"}, True) is None


def test_values_become_otlp_scalars_or_json_text() -> None:
    assert clean_value(["a", "b"]) == ["a", "b"]
    assert clean_value(["a", 1]) == '["a", 1]'
    assert clean_value({"api_key": "sk-1", "x": 1}) == '{"x": 1}'
    assert clean_value("x" * 10000).endswith("...(truncated)")


def test_secret_names_are_recognised_but_token_limits_are_not() -> None:
    for name in ("api_key", "X-Api-Key", "azure_ad_token", "Authorization", "client_secret", "password"):
        assert is_secret_name(name)
    for name in ("max_tokens", "max_completion_tokens", "temperature", "model"):
        assert not is_secret_name(name)


def test_safe_url_drops_user_info_query_and_fragment() -> None:
    assert safe_url("http://u:p@127.0.0.1:9/v1?key=k#f") == "http://127.0.0.1:9/v1"
    assert safe_url(None) is None


def test_words_that_merely_contain_key_are_kept() -> None:
    assert not is_secret_name("keywords")
    assert not is_secret_name("prompt_tokens")
    assert is_secret_name("sessionToken") and is_secret_name("apiKey")


def test_empty_lists_are_left_out() -> None:
    assert "gen_ai.response.finish_reasons" not in end_attributes("model_call", {"finish_reasons": []}, False)


def test_key_shaped_text_is_masked() -> None:
    assert mask_keys("Incorrect API key provided: sk-loopback-test-key.") == "Incorrect API key provided: ***."
    assert mask_keys("max_tokens is 5") == "max_tokens is 5"
