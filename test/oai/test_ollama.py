"""OllamaClient: parameters, message conversion, tool-call parsing, and the real `ollama` SDK against a loopback fake."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List

import pytest

pytest.importorskip("ollama")
pytest.importorskip("fix_busted_json")

from _fakes import FakeProviderServer, FakeReply, OllamaDialect  # noqa: E402
from _provider_helpers import SCRIPT_ANSWER, SCRIPT_CALL, error_without_sdk, openai_tool_chat_shape, shape, tool_chat  # noqa: E402

from autogen.oai.ollama import OllamaClient, oai_messages_to_ollama_messages, response_to_tool_call  # noqa: E402

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "weather",
            "description": "Weather",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    }
]


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeProviderServer]:
    with FakeProviderServer(OllamaDialect()) as server:
        yield server


@pytest.fixture
def fake(_server: FakeProviderServer) -> Iterator[FakeProviderServer]:
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture
def client() -> OllamaClient:
    return OllamaClient()


def _base(fake: FakeProviderServer, **extra: Any) -> Dict[str, Any]:
    return {"model": "llama3.1:8b", "client_host": fake.base_url, **extra}


def test_client_constructs_without_key() -> None:
    assert isinstance(OllamaClient(), OllamaClient)


# The sampling options OllamaClient moves under "options", and the defaults it puts in place of invalid ones.
OLLAMA_OPTIONS = {"temperature": 0.15, "num_predict": 300, "repeat_penalty": 1.3, "seed": 99, "top_k": 8, "top_p": 0.6}
OLLAMA_OPTION_DEFAULTS = {
    "temperature": 0.8,
    "num_predict": 128,
    "repeat_penalty": 1.1,
    "seed": 42,
    "top_k": 40,
    "top_p": 0.9,
}


def test_parse_params_moves_sampling_settings_into_options(client: OllamaClient) -> None:
    parsed = client.parse_params({"model": "qwen2:1.5b", "stream": True, **OLLAMA_OPTIONS})
    assert parsed == {"model": "qwen2:1.5b", "options": OLLAMA_OPTIONS, "stream": True}


@pytest.mark.parametrize("name", list(OLLAMA_OPTIONS))
def test_parse_params_invalid_option_takes_its_default(client: OllamaClient, name: str) -> None:
    with pytest.warns(UserWarning, match="Config error"):
        parsed = client.parse_params({"model": "qwen2:1.5b", name: [OLLAMA_OPTIONS[name]]})
    assert parsed["options"] == {name: OLLAMA_OPTION_DEFAULTS[name]}


def test_parse_params_invalid_stream_is_off(client: OllamaClient) -> None:
    with pytest.warns(UserWarning, match="Config error"):
        assert client.parse_params({"model": "qwen2:1.5b", "stream": "on"})["stream"] is False


def test_parse_params_only_model(client: OllamaClient) -> None:
    assert client.parse_params({"model": "llama3.1:8b"}) == {"model": "llama3.1:8b", "stream": False}


def test_parse_params_no_model_raises_assertion(client: OllamaClient) -> None:
    with pytest.raises(AssertionError, match="model"):
        client.parse_params({"temperature": 0.8})


def test_response_to_tool_call_full_string() -> None:
    text = '[{"name": "next_train", "arguments":{"from": "Bern", "to": "Basel"}},{"name": "to_miles", "arguments":{"km": 12.5}}]'
    assert response_to_tool_call(text) == [
        {"name": "next_train", "arguments": {"from": "Bern", "to": "Basel"}},
        {"name": "to_miles", "arguments": {"km": 12.5}},
    ]


def test_response_to_tool_call_embedded_in_text_and_repaired() -> None:
    text = "Sure, here you go: [{'name': 'weather', 'arguments': {'city': 'Paris',}}] hope it helps"
    assert response_to_tool_call(text) == [{"name": "weather", "arguments": {"city": "Paris"}}]


def test_response_to_tool_call_wrong_keys_is_none() -> None:
    assert response_to_tool_call('[{"function": "weather", "args": {"city": "Paris"}}]') is None
    assert response_to_tool_call('[{"name": "weather", "arguments": {}, "extra": 1}]') is None


def test_response_to_tool_call_plain_text_is_none() -> None:
    assert response_to_tool_call("The weather in Paris is sunny.") is None


def test_messages_name_removed_and_unchanged_otherwise() -> None:
    messages = [{"role": "system", "content": "sys"}, {"role": "user", "content": "Capital of France?", "name": "u"}]
    assert oai_messages_to_ollama_messages(messages, None) == [
        {"role": "system", "content": "sys"},
        {"role": "user", "content": "Capital of France?"},
    ]


def test_messages_trailing_system_becomes_user() -> None:
    messages = [
        {"role": "system", "content": "sys"},
        {"role": "user", "content": "q"},
        {"role": "assistant", "content": "a"},
        {"role": "system", "content": "Summarise"},
    ]
    assert oai_messages_to_ollama_messages(messages, None)[-1] == {"role": "user", "content": "Summarise"}


def test_messages_trailing_assistant_gets_continue(client: OllamaClient) -> None:
    messages = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    assert client.oai_messages_to_ollama_messages(messages, None)[-1] == {"role": "user", "content": "Please continue."}


def test_client_method_injects_tools_only_in_manual_mode(client: OllamaClient) -> None:
    messages = [{"role": "system", "content": "sys"}, {"role": "user", "content": "Weather?"}]
    assert client.oai_messages_to_ollama_messages(messages, TOOLS) == messages  # native mode: unchanged
    client._native_tool_calls = False
    converted = client.oai_messages_to_ollama_messages(messages, TOOLS)
    assert '"weather"' in converted[0]["content"] and converted[1]["content"].endswith(" (proceed with step 1)")


def test_plain_reply_usage_cost_zero(fake: FakeProviderServer, client: OllamaClient) -> None:
    fake.script(FakeReply(text="Paris", input_tokens=12, output_tokens=3))
    response = client.create(
        {**_base(fake, temperature=0.2), "messages": [{"role": "user", "content": "Capital?", "name": "u"}]}
    )
    assert response.choices[0].message.content == "Paris"
    assert client.get_usage(response) == {
        "prompt_tokens": 12,
        "completion_tokens": 3,
        "total_tokens": 15,
        "cost": 0,
        "model": "llama3.1:8b",
    }
    body = fake.bodies[0]
    assert fake.requests[0].path == "/api/chat"
    assert body["messages"] == [{"role": "user", "content": "Capital?"}]
    assert body["options"] == {"temperature": 0.2} and body["stream"] is False


def test_native_tool_call_then_result(fake: FakeProviderServer, client: OllamaClient) -> None:
    fake.script(FakeReply(tool_calls=[("weather", {"city": "Paris"})]), FakeReply(text="Sunny in Paris"))
    messages: List[Dict[str, Any]] = [{"role": "user", "content": "Weather?"}]
    first = client.create({**_base(fake, stream=True), "messages": messages, "tools": TOOLS})
    call = first.choices[0].message.tool_calls[0]
    assert first.choices[0].finish_reason == "tool_calls" and call.id.startswith("ollama_func_")
    assert (call.function.name, json.loads(call.function.arguments)) == ("weather", {"city": "Paris"})
    assert fake.bodies[0]["tools"] == TOOLS and fake.bodies[0]["stream"] is False
    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "sunny"},
    ]
    second = client.create({**_base(fake), "messages": messages, "tools": TOOLS, "hide_tools": "if_any_run"})
    assert second.choices[0].message.content == "Sunny in Paris"
    sent = fake.bodies[1]
    assert not sent.get("tools")
    assert [m["role"] for m in sent["messages"]] == ["user", "assistant", "user"]
    assert "sunny" in sent["messages"][-1]["content"]


def test_manual_tool_call_mode_parses_json_reply(fake: FakeProviderServer, client: OllamaClient) -> None:
    fake.script(FakeReply(text='[{"name": "weather", "arguments": {"city": "Rome"}}]'))
    messages = [{"role": "system", "content": "You help."}, {"role": "user", "content": "Weather in Rome?"}]
    response = client.create({**_base(fake, native_tool_calls=False), "messages": messages, "tools": TOOLS})
    call = response.choices[0].message.tool_calls[0]
    assert call.id.startswith("ollama_manual_func_") and call.function.name == "weather"
    assert response.choices[0].message.content == ""  # the JSON that asked for the call is not the reply's text
    sent = fake.bodies[0]
    assert not sent.get("tools") and sent["format"] == ""
    assert '"weather"' in sent["messages"][0]["content"]
    assert sent["messages"][-1]["content"].endswith(" (proceed with step 1)")


def test_streaming_plain_reply(fake: FakeProviderServer, client: OllamaClient, capsys) -> None:
    fake.script(FakeReply(text="a long streamed answer", input_tokens=2, output_tokens=6))
    response = client.create({**_base(fake, stream=True), "messages": [{"role": "user", "content": "x"}]})
    assert capsys.readouterr().out == ""  # 0.2's provider clients stream silently
    assert fake.bodies[0]["stream"] is True
    assert response.choices[0].message.content == "a long streamed answer"
    assert response.usage.total_tokens == 8


def test_provider_error_names_ollama(fake: FakeProviderServer, client: OllamaClient) -> None:
    fake.script(FakeReply.failure(404, "model 'llama9' not found"))
    with pytest.raises(Exception) as info:
        client.create({**_base(fake), "model": "llama9", "messages": [{"role": "user", "content": "x"}]})
    assert "Ollama" in str(info.value) and "llama9" in str(info.value)


def test_two_agent_tool_chat_matches_openai_transcript_shape(fake, llm_server) -> None:  # type: ignore[no-untyped-def]
    expected = openai_tool_chat_shape(llm_server)
    fake.script(FakeReply(tool_calls=[SCRIPT_CALL]), FakeReply(text=SCRIPT_ANSWER))
    config = {"api_type": "ollama", "model": "llama3.1:8b", "client_host": fake.base_url}
    assert shape(tool_chat({"config_list": [config], "cache_seed": None})) == expected
    assert fake.bodies[1]["messages"][-1]["role"] == "user"


def test_missing_sdk_keeps_import_working_and_names_the_extra() -> None:
    message = error_without_sdk(["ollama", "fix_busted_json"], "ollama", "OllamaClient", {})
    assert 'pip install "autogen-agentchat[ollama]"' in message


def test_create_is_a_plain_patchable_method(monkeypatch: pytest.MonkeyPatch) -> None:
    from autogen.oai.ollama import OllamaClient

    monkeypatch.setattr(OllamaClient, "create", lambda self, params: "patched")
    assert OllamaClient.create(object.__new__(OllamaClient), {}) == "patched"


def test_manual_tool_call_mode_step_two_after_results(fake: FakeProviderServer, client: OllamaClient) -> None:
    fake.script(FakeReply(text='It is sunny in Rome. [{"name": "weather"}]'))
    call = {
        "id": "ollama_manual_func_1",
        "type": "function",
        "function": {"name": "weather", "arguments": '{"city": "Rome"}'},
    }
    messages = [
        {"role": "user", "content": "Weather in Rome?"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "ollama_manual_func_1", "content": "sunny"},
    ]
    response = client.create({**_base(fake, native_tool_calls=False), "messages": messages, "tools": TOOLS})
    assert response.choices[0].message.tool_calls is None  # step 2 answers are never parsed as calls
    sent = fake.bodies[0]["messages"]
    assert sent[0]["role"] == "system" and '"weather"' in sent[0]["content"]
    assert sent[-1]["role"] == "user" and "sunny" in sent[-1]["content"]
    assert sent[-1]["content"].endswith(" (proceed with step 2)")


@pytest.mark.parametrize(
    ("item", "valid"),
    [
        ({"name": "f"}, True),
        ({"name": "f", "arguments": {"a": 1}}, True),
        ({"name": 3}, False),
        ({"arguments": {}}, False),
        ({"name": "f", "extra": 1}, False),
    ],
)
def test_is_valid_tool_call_item(item, valid) -> None:
    from autogen.oai.ollama import is_valid_tool_call_item

    assert is_valid_tool_call_item(item) is valid
