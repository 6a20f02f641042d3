"""GroqClient: parameter validation, cost, and the real `groq` SDK against a loopback fake."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List

import pytest

pytest.importorskip("groq")

from _fakes import FakeProviderServer, FakeReply, OpenAICompatDialect  # noqa: E402
from _provider_helpers import SCRIPT_ANSWER, SCRIPT_CALL, error_without_sdk, openai_tool_chat_shape, shape, tool_chat  # noqa: E402

from autogen.oai.groq import GroqClient, calculate_groq_cost  # noqa: E402

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "add",
            "description": "Add",
            "parameters": {"type": "object", "properties": {"a": {"type": "integer"}}},
        },
    }
]


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeProviderServer]:
    with FakeProviderServer(OpenAICompatDialect(groq_usage=True)) as server:
        yield server


@pytest.fixture
def fake(_server: FakeProviderServer) -> Iterator[FakeProviderServer]:
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture
def client(fake: FakeProviderServer) -> GroqClient:
    return GroqClient(api_key="gsk-fake", base_url=fake.base_url, max_retries=0)


def test_missing_api_key_raises_assertion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    with pytest.raises(
        AssertionError,
        match="Please include the api_key in your config list entry for Groq or set the GROQ_API_KEY env variable.",
    ):
        GroqClient()


def test_api_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROQ_API_KEY", "env-key")
    assert GroqClient().api_key == "env-key"


GROQ_MODEL = "gemma-7b-it"
GROQ_SETTINGS = {
    "frequency_penalty": -0.75,
    "presence_penalty": 0.4,
    "max_tokens": 64,
    "seed": 2024,
    "stream": True,
    "temperature": 0.2,
    "top_p": 0.5,
}
GROQ_DEFAULTS = {k: None for k in GROQ_SETTINGS} | {"stream": False, "temperature": 1}


def test_parse_params_keeps_valid_settings() -> None:
    request = {"model": GROQ_MODEL, **GROQ_SETTINGS}
    assert GroqClient(api_key="k").parse_params(request) == request


def test_parse_params_defaults() -> None:
    assert GroqClient(api_key="k").parse_params({"model": GROQ_MODEL}) == {"model": GROQ_MODEL, **GROQ_DEFAULTS}


@pytest.mark.parametrize("name", list(GROQ_SETTINGS))
def test_parse_params_value_as_text_falls_back_to_default(name: str) -> None:
    with pytest.warns(UserWarning, match="Config error"):
        parsed = GroqClient(api_key="k").parse_params({"model": GROQ_MODEL, name: str(GROQ_SETTINGS[name])})
    assert parsed[name] == GROQ_DEFAULTS[name]


@pytest.mark.parametrize(
    ("name", "outside"),
    [("frequency_penalty", 2.5), ("presence_penalty", -3), ("max_tokens", -1), ("temperature", 2.01)],
)
def test_parse_params_out_of_bounds_falls_back(name: str, outside: Any) -> None:
    with pytest.warns(UserWarning):
        parsed = GroqClient(api_key="k").parse_params({"model": GROQ_MODEL, name: outside})
    assert parsed[name] == GROQ_DEFAULTS[name]


def test_parse_params_without_model_raises_assertion() -> None:
    with pytest.raises(AssertionError, match="model"):
        GroqClient(api_key="k").parse_params({"temperature": 1})


def test_cost_from_price_table() -> None:
    assert calculate_groq_cost(500, 300, "llama3-70b-8192") == 0.000532


def test_cost_unknown_model_warns_zero() -> None:
    with pytest.warns(UserWarning):
        assert calculate_groq_cost(500, 300, "unknown-model") == 0


def test_plain_reply_usage_cost_and_messages(client: GroqClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="Hi there", input_tokens=500, output_tokens=300))
    messages = [{"role": "system", "content": "sys"}, {"role": "user", "content": "hello", "name": "bob"}]
    response = client.create({"model": "llama3-70b-8192", "messages": messages, "temperature": 0.5})
    assert response.choices[0].message.content == "Hi there"
    assert response.cost == 0.000532
    assert client.get_usage(response) == {
        "prompt_tokens": 500,
        "completion_tokens": 300,
        "total_tokens": 800,
        "cost": 0.000532,
        "model": "llama3-70b-8192",
    }
    request = fake.requests[0]
    assert request.path == "/openai/v1/chat/completions"
    assert request.body["messages"] == [{"role": "system", "content": "sys"}, {"role": "user", "content": "hello"}]
    assert request.body["temperature"] == 0.5 and "top_p" not in request.body
    assert request.headers["authorization"] == "Bearer gsk-fake"


def test_tool_call_then_result(client: GroqClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(tool_calls=[("add", {"a": 1})]), FakeReply(text="done"))
    messages: List[Dict[str, Any]] = [{"role": "user", "content": "add 1"}]
    first = client.create({"model": "llama3-70b-8192", "messages": messages, "tools": TOOLS})
    call = first.choices[0].message.tool_calls[0]
    assert first.choices[0].finish_reason == "tool_calls"
    assert first.choices[0].message.content is None  # the server's null content is kept, as in 0.2
    assert (call.function.name, json.loads(call.function.arguments)) == ("add", {"a": 1})
    assert fake.bodies[0]["tools"] == TOOLS
    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "2"},
    ]
    second = client.create(
        {"model": "llama3-70b-8192", "messages": messages, "tools": TOOLS, "hide_tools": "if_any_run"}
    )
    assert second.choices[0].message.content == "done"
    assert "tools" not in fake.bodies[1]
    assert fake.bodies[1]["messages"][2] == {"role": "tool", "tool_call_id": call.id, "content": "2"}


def test_unknown_model_cost_is_a_float_zero(client: GroqClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="hi"))
    with pytest.warns(UserWarning):
        response = client.create({"model": "not-priced", "messages": [{"role": "user", "content": "x"}]})
    assert repr(client.cost(response)) == "0.0" and repr(client.get_usage(response)["cost"]) == "0.0"


def test_streaming_text_and_usage(client: GroqClient, fake: FakeProviderServer, capsys) -> None:
    fake.script(FakeReply(text="streamed reply text", input_tokens=5, output_tokens=3))
    response = client.create(
        {"model": "llama3-8b-8192", "messages": [{"role": "user", "content": "hi"}], "stream": True}
    )
    assert capsys.readouterr().out == ""  # 0.2's provider clients stream silently
    assert fake.bodies[0]["stream"] is True
    assert response.choices[0].message.content == "streamed reply text"
    assert (response.usage.prompt_tokens, response.usage.completion_tokens) == (5, 3)


def test_streaming_tool_call(client: GroqClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(tool_calls=[("add", {"a": 2})]))
    response = client.create(
        {"model": "llama3-8b-8192", "messages": [{"role": "user", "content": "x"}], "stream": True, "tools": TOOLS}
    )
    call = response.choices[0].message.tool_calls[0]
    assert response.choices[0].finish_reason == "tool_calls"
    assert json.loads(call.function.arguments) == {"a": 2}


def test_provider_error_names_groq(client: GroqClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply.failure(400, "model_not_found: llama-99"))
    with pytest.raises(Exception) as info:
        client.create({"model": "llama-99", "messages": [{"role": "user", "content": "x"}]})
    assert "Groq" in str(info.value) and "model_not_found" in str(info.value)


def test_create_is_patchable(monkeypatch: pytest.MonkeyPatch, client: GroqClient) -> None:
    monkeypatch.setattr(GroqClient, "create", lambda self, params: "patched")
    assert client.create({}) == "patched"


def test_two_agent_tool_chat_matches_openai_transcript_shape(fake, llm_server) -> None:  # type: ignore[no-untyped-def]
    expected = openai_tool_chat_shape(llm_server)
    fake.script(FakeReply(tool_calls=[SCRIPT_CALL]), FakeReply(text=SCRIPT_ANSWER))
    config = {
        "api_type": "groq",
        "model": "llama3-70b-8192",
        "api_key": "k",
        "base_url": fake.base_url,
        "max_retries": 0,
    }
    assert shape(tool_chat({"config_list": [config], "cache_seed": None})) == expected
    assert fake.bodies[1]["messages"][-1]["role"] == "tool"


def test_missing_sdk_keeps_import_working_and_names_the_extra() -> None:
    message = error_without_sdk(["groq"], "groq", "GroqClient", {"api_key": "k"})
    assert 'pip install "autogen-agentchat[groq]"' in message
