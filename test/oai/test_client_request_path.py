"""Chat requests are posted as plain JSON through the SDK's own transport (no per-message re-validation)."""

import pytest

from autogen import OpenAIWrapper
from autogen.testing import Reply


def test_request_body_reaches_the_server_unchanged(llm_server):
    llm_server.script(Reply.text("ok"))
    messages = [{"role": "user", "content": "hi", "name": "bob"}, {"role": "assistant", "content": "yo"}]
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None)
    client.create(messages=messages, temperature=0.5)
    body = llm_server.requests[0].body
    assert body["messages"] == messages
    assert body["temperature"] == 0.5 and body["stream"] is False and body["model"] == "gpt-4"


def test_extra_body_and_headers_are_request_options_not_body_keys(llm_server):
    llm_server.script(Reply.text("ok"))
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None)
    client.create(
        messages=[{"role": "user", "content": "hi"}],
        extra_body={"top_k": 3},
        extra_headers={"X-Test": "yes"},
    )
    request = llm_server.requests[0]
    assert request.body["top_k"] == 3 and "extra_body" not in request.body and "extra_headers" not in request.body
    assert {k.lower(): v for k, v in request.headers.items()}.get("x-test") == "yes"


def test_response_is_a_chat_completion_with_usage(llm_server):
    llm_server.script(Reply.text("counted", usage={"prompt_tokens": 7, "completion_tokens": 2}))
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None)
    response = client.create(messages=[{"role": "user", "content": "hi"}])
    assert type(response).__name__ == "ChatCompletion"
    assert (response.usage.prompt_tokens, response.usage.completion_tokens) == (7, 2)
    assert client.extract_text_or_completion_object(response) == ["counted"]


def test_non_json_parameter_falls_back_to_the_sdk_create(llm_server):
    import openai

    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None)
    with pytest.raises((TypeError, openai.OpenAIError)):
        client.create(messages=[{"role": "user", "content": "hi"}], response_format=object())
    assert llm_server.requests == []  # nothing half-sent
