"""CohereClient: parameters, message splitting, cost, and the real `cohere` SDK against a loopback fake."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List

import pytest

pytest.importorskip("cohere")

from _fakes import CohereDialect, FakeProviderServer, FakeReply  # noqa: E402
from _provider_helpers import SCRIPT_ANSWER, SCRIPT_CALL, error_without_sdk, openai_tool_chat_shape, shape, tool_chat  # noqa: E402

from autogen.oai.cohere import CohereClient, calculate_cohere_cost, oai_messages_to_cohere_messages  # noqa: E402

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "convert",
            "description": "Convert currency",
            "parameters": {
                "type": "object",
                "properties": {
                    "amount": {"type": "number", "description": "Amount"},
                    "unit": {"type": "string", "description": "Unit", "enum": ["USD", "EUR"]},
                },
                "required": ["amount"],
            },
        },
    }
]


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeProviderServer]:
    with FakeProviderServer(CohereDialect()) as server:
        yield server


@pytest.fixture
def fake(_server: FakeProviderServer) -> Iterator[FakeProviderServer]:
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture
def client(fake: FakeProviderServer) -> CohereClient:
    return CohereClient(api_key="co-fake", base_url=fake.base_url, max_retries=0)


def test_missing_api_key_raises_assertion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COHERE_API_KEY", raising=False)
    with pytest.raises(
        AssertionError,
        match="Please include the api_key in your config list entry for Cohere or set the COHERE_API_KEY env variable.",
    ):
        CohereClient()


def test_cost_calculation() -> None:
    assert calculate_cohere_cost(0, 0, "command-r") == 0
    assert calculate_cohere_cost(100, 200, "command-r-plus") == 0.0033


def test_parse_params_returns_exact_dict() -> None:
    params = {
        "model": "command-r-plus",
        "temperature": 0.5,
        "max_tokens": 100,
        "k": 50,
        "p": 0.8,
        "seed": 123,
        "frequency_penalty": 0.5,
        "presence_penalty": 0.2,
        "stream": False,
        "client_name": "ignored",
    }
    expected = {k: v for k, v in params.items() if k not in ("stream", "client_name")}
    assert CohereClient(api_key="k").parse_params(params) == expected


def test_parse_params_defaults() -> None:
    assert CohereClient(api_key="k").parse_params({"model": "command-r"}) == {
        "model": "command-r",
        "temperature": 0.3,
        "max_tokens": None,
        "k": 0,
        "p": 0.75,
        "seed": None,
        "frequency_penalty": 0,
        "presence_penalty": 0,
    }


def test_messages_split_into_preamble_history_and_message() -> None:
    messages = [
        {"role": "system", "content": "rule one"},
        {"role": "system", "content": "rule two"},
        {"role": "user", "content": "hi", "name": "alice"},
        {"role": "assistant", "content": "hello", "name": "bot"},
        {"role": "user", "content": "bye", "name": "alice"},
    ]
    params: Dict[str, Any] = {}
    history, preamble, message = oai_messages_to_cohere_messages(messages, {}, params)
    assert preamble == "rule one\nrule two"
    assert history == [{"role": "USER", "message": "alice:hi"}, {"role": "CHATBOT", "message": "bot:hello"}]
    assert message == "alice:bye"


def test_last_message_not_user_gives_continue_instruction() -> None:
    _, _, message = oai_messages_to_cohere_messages([{"role": "assistant", "content": "x"}], {}, {})
    assert message == "Please go ahead and follow the instructions!"


def test_tools_become_parameter_definitions() -> None:
    params: Dict[str, Any] = {}
    oai_messages_to_cohere_messages([{"role": "user", "content": "x"}], {"tools": TOOLS}, params)
    tool = params["tools"][0]
    assert tool["name"] == "convert" and tool["description"] == "Convert currency"
    assert tool["parameter_definitions"]["amount"] == {"description": "Amount", "type": "float", "required": True}
    assert "USD, EUR" in tool["parameter_definitions"]["unit"]["description"]


def test_plain_reply_usage_cost_and_request_shape(client: CohereClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="Hello!", input_tokens=100, output_tokens=200))
    messages = [{"role": "system", "content": "be nice"}, {"role": "user", "content": "hi", "name": "user"}]
    response = client.create({"model": "command-r-plus", "messages": messages})
    assert response.choices[0].message.content == "Hello!"
    assert response.cost == client.cost(response) == 0.0033
    assert client.get_usage(response) == {
        "prompt_tokens": 100,
        "completion_tokens": 200,
        "total_tokens": 300,
        "cost": 0.0033,
        "model": "command-r-plus",
    }
    body = fake.bodies[0]
    assert fake.requests[0].path == "/v1/chat"
    assert body["preamble"] == "be nice" and body["message"] == "user:hi" and body["chat_history"] == []
    assert body["temperature"] == 0.3 and body["p"] == 0.75
    assert fake.requests[0].headers.get("x-client-name") == "autogen-cohere"


def test_tool_call_then_tool_results(client: CohereClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(tool_calls=[("convert", {"amount": 5})]), FakeReply(text="5 USD is 4 EUR"))
    messages: List[Dict[str, Any]] = [{"role": "user", "content": "convert 5", "name": "user"}]
    first = client.create({"model": "command-r", "messages": messages, "tools": TOOLS})
    call = first.choices[0].message.tool_calls[0]
    assert first.choices[0].finish_reason == "tool_calls"
    assert call.function.name == "convert" and json.loads(call.function.arguments) == {"amount": 5}
    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "4 EUR"},
    ]
    second = client.create({"model": "command-r", "messages": messages, "tools": TOOLS})
    assert second.choices[0].message.content == "5 USD is 4 EUR"
    body = fake.bodies[1]
    assert body["message"] == "" and body["force_single_step"] is False
    assert body["tool_results"] == [
        {"call": {"name": "convert", "parameters": {"amount": 5}}, "outputs": [{"value": "4 EUR"}]}
    ]
    assert [m["role"] for m in body["chat_history"]] == ["USER", "CHATBOT"]


def test_streaming_text_and_usage(client: CohereClient, fake: FakeProviderServer, capsys) -> None:
    fake.script(FakeReply(text="a streamed cohere reply", input_tokens=4, output_tokens=5))
    response = client.create({"model": "command-r", "messages": [{"role": "user", "content": "x"}], "stream": True})
    assert capsys.readouterr().out == ""  # 0.2's provider clients stream silently
    assert fake.bodies[0]["stream"] is True
    assert response.choices[0].message.content == "a streamed cohere reply"
    assert response.usage.total_tokens == 9


def test_streaming_tool_call(client: CohereClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(tool_calls=[("convert", {"amount": 1})]))
    response = client.create(
        {"model": "command-r", "messages": [{"role": "user", "content": "x"}], "stream": True, "tools": TOOLS}
    )
    assert response.choices[0].finish_reason == "tool_calls"
    assert json.loads(response.choices[0].message.tool_calls[0].function.arguments) == {"amount": 1}


def test_provider_error_names_cohere(client: CohereClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply.failure(400, "invalid request: model not found"))
    with pytest.raises(Exception) as info:
        client.create({"model": "command-x", "messages": [{"role": "user", "content": "x"}]})
    assert "Cohere" in str(info.value) and "model not found" in str(info.value)


def test_two_agent_tool_chat_matches_openai_transcript_shape(fake, llm_server) -> None:  # type: ignore[no-untyped-def]
    expected = openai_tool_chat_shape(llm_server)
    fake.script(FakeReply(tool_calls=[SCRIPT_CALL]), FakeReply(text=SCRIPT_ANSWER))
    config = {"api_type": "cohere", "model": "command-r", "api_key": "k", "base_url": fake.base_url, "max_retries": 0}
    assert shape(tool_chat({"config_list": [config], "cache_seed": None})) == expected
    assert fake.bodies[1]["tool_results"][0]["outputs"] == [{"value": "5"}]


def test_missing_sdk_keeps_import_working_and_names_the_extra() -> None:
    message = error_without_sdk(["cohere"], "cohere", "CohereClient", {"api_key": "k"})
    assert 'pip install "autogen-agentchat[cohere]"' in message


def test_create_is_a_plain_patchable_method(monkeypatch: pytest.MonkeyPatch) -> None:
    from autogen.oai.cohere import CohereClient

    monkeypatch.setattr(CohereClient, "create", lambda self, params: "patched")
    assert CohereClient.create(object.__new__(CohereClient), {}) == "patched"
