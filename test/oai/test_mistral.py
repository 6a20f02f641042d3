"""MistralAIClient: message classes, cost, and the real `mistralai` SDK against a loopback fake."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List

import pytest

pytest.importorskip("mistralai")

from _fakes import FakeProviderServer, FakeReply, OpenAICompatDialect  # noqa: E402
from _provider_helpers import SCRIPT_ANSWER, SCRIPT_CALL, error_without_sdk, openai_tool_chat_shape, shape, tool_chat  # noqa: E402

from autogen.oai.mistral import MistralAIClient, calculate_mistral_cost, oai_messages_to_mistral_messages  # noqa: E402

TOOLS = [{"type": "function", "function": {"name": "add", "parameters": {"type": "object", "properties": {}}}}]


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeProviderServer]:
    with FakeProviderServer(OpenAICompatDialect()) as server:
        yield server


@pytest.fixture
def fake(_server: FakeProviderServer) -> Iterator[FakeProviderServer]:
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture
def client(fake: FakeProviderServer) -> MistralAIClient:
    return MistralAIClient(api_key="ms-fake", base_url=fake.base_url)


def test_missing_api_key_raises_assertion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    with pytest.raises(
        AssertionError,
        match="Please specify the 'api_key' in your config list entry for Mistral or set the MISTRAL_API_KEY env variable.",
    ):
        MistralAIClient()


def test_cost_mistral_large() -> None:
    assert calculate_mistral_cost(10, 5, "mistral-large-latest") == 15 / 1000 * 0.0003


def test_cost_unknown_model_warns_zero() -> None:
    with pytest.warns(UserWarning):
        assert calculate_mistral_cost(10, 5, "mistral-unknown") == 0


def test_parse_params_defaults_and_missing_model(client: MistralAIClient) -> None:
    parsed = client.parse_params({"model": "open-mistral-7b", "messages": [{"role": "user", "content": "x"}]})
    assert parsed["temperature"] == 0.7 and parsed["safe_prompt"] is False
    # unset settings are kept as None, as in 0.2
    assert parsed["top_p"] is None and parsed["max_tokens"] is None and parsed["random_seed"] is None
    with pytest.raises(AssertionError, match="model"):
        client.parse_params({"messages": []})


def test_stream_warns_unsupported(client: MistralAIClient) -> None:
    with pytest.warns(UserWarning, match=r"^Streaming is not currently supported, streaming will be disabled\.$"):
        client.parse_params({"model": "open-mistral-7b", "messages": [], "stream": True})


def test_messages_system_after_assistant_becomes_user_and_end_with_user() -> None:
    converted = oai_messages_to_mistral_messages(
        [
            {"role": "system", "content": "sys"},
            {"role": "user", "content": "u"},
            {"role": "assistant", "content": "a"},
            {"role": "system", "content": "summarise"},
            {"role": "assistant", "content": "b"},
        ]
    )
    assert [m.role for m in converted] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert converted[3].content == "summarise" and converted[-1].content == "Please continue."


def test_tool_message_gets_function_name() -> None:
    call = {"id": "c1", "type": "function", "function": {"name": "add", "arguments": "{}"}}
    converted = oai_messages_to_mistral_messages(
        [
            {"role": "user", "content": "x"},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "c1", "content": "2"},
        ]
    )
    assert converted[-1].role == "tool" and converted[-1].name == "add" and converted[-1].tool_call_id == "c1"


def test_plain_reply_usage_and_cost(client: MistralAIClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="Bonjour", input_tokens=10, output_tokens=5))
    response = client.create(
        {"model": "mistral-large-latest", "messages": [{"role": "user", "content": "hi", "name": "u"}]}
    )
    assert response.choices[0].message.content == "Bonjour"
    assert response.cost == client.cost(response) == 15 / 1000 * 0.0003
    assert client.get_usage(response)["total_tokens"] == 15
    assert fake.requests[0].path == "/v1/chat/completions"
    assert fake.bodies[0]["messages"] == [{"role": "user", "content": "hi"}]


def test_tool_call_then_result(client: MistralAIClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(tool_calls=[("add", {"a": 1})]), FakeReply(text="2"))
    messages: List[Dict[str, Any]] = [{"role": "user", "content": "add"}]
    first = client.create({"model": "open-mistral-7b", "messages": messages, "tools": TOOLS})
    call = first.choices[0].message.tool_calls[0]
    assert first.choices[0].finish_reason == "tool_calls" and json.loads(call.function.arguments) == {"a": 1}
    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "2"},
    ]
    assert (
        client.create({"model": "open-mistral-7b", "messages": messages, "tools": TOOLS}).choices[0].message.content
        == "2"
    )
    sent = fake.bodies[1]["messages"]
    assert sent[1]["tool_calls"][0]["function"]["name"] == "add"
    assert {k: sent[2][k] for k in ("role", "name", "tool_call_id", "content")} == {
        "role": "tool",
        "name": "add",
        "tool_call_id": call.id,
        "content": "2",
    }


def test_provider_error_names_mistral(client: MistralAIClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply.failure(401, "Unauthorized key"))
    with pytest.raises(Exception) as info:
        client.create({"model": "open-mistral-7b", "messages": [{"role": "user", "content": "x"}]})
    assert "Mistral" in str(info.value) and "Unauthorized key" in str(info.value)


def test_two_agent_tool_chat_matches_openai_transcript_shape(fake, llm_server) -> None:  # type: ignore[no-untyped-def]
    expected = openai_tool_chat_shape(llm_server)
    fake.script(FakeReply(tool_calls=[SCRIPT_CALL]), FakeReply(text=SCRIPT_ANSWER))
    config = {"api_type": "mistral", "model": "open-mistral-7b", "api_key": "k", "base_url": fake.base_url}
    assert shape(tool_chat({"config_list": [config], "cache_seed": None})) == expected
    assert fake.bodies[1]["messages"][-1]["name"] == "add"


def test_missing_sdk_keeps_import_working_and_names_the_extra() -> None:
    message = error_without_sdk(["mistralai"], "mistral", "MistralAIClient", {"api_key": "k"})
    assert 'pip install "autogen-agentchat[mistral]"' in message


def test_create_is_a_plain_patchable_method(monkeypatch: pytest.MonkeyPatch) -> None:
    from autogen.oai.mistral import MistralAIClient

    monkeypatch.setattr(MistralAIClient, "create", lambda self, params: "patched")
    assert MistralAIClient.create(object.__new__(MistralAIClient), {}) == "patched"


def test_tool_def_to_mistral_wraps_each_function() -> None:
    from autogen.oai.mistral import tool_def_to_mistral

    tools = [
        {"type": "function", "function": {"name": "add", "description": "Adds.", "parameters": {"type": "object"}}}
    ]
    (converted,) = tool_def_to_mistral(tools)
    assert converted["type"] == "function"
    function = converted["function"]
    assert (function.name, function.description, function.parameters) == ("add", "Adds.", {"type": "object"})


def test_parse_params_sends_tools_as_mistral_functions() -> None:
    client = MistralAIClient(api_key="k")
    request = client.parse_params({"model": "m", "messages": [{"role": "user", "content": "hi"}], "tools": TOOLS})
    assert request["tools"][0]["function"].name == "add"
