"""CerebrasClient: parameter validation, cost, and the real `cerebras_cloud_sdk` against a loopback fake."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List

import pytest

pytest.importorskip("cerebras.cloud.sdk")

from _fakes import FakeProviderServer, FakeReply, OpenAICompatDialect  # noqa: E402
from _provider_helpers import SCRIPT_ANSWER, SCRIPT_CALL, error_without_sdk, openai_tool_chat_shape, shape, tool_chat  # noqa: E402

from autogen.oai.cerebras import CerebrasClient, calculate_cerebras_cost  # noqa: E402

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
def client(fake: FakeProviderServer) -> CerebrasClient:
    return CerebrasClient(api_key="csk-fake", base_url=fake.base_url, max_retries=0)


def test_missing_api_key_raises_assertion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CEREBRAS_API_KEY", raising=False)
    with pytest.raises(
        AssertionError,
        match="Please include the api_key in your config list entry for Cerebras or set the CEREBRAS_API_KEY env variable.",
    ):
        CerebrasClient()


CEREBRAS_SETTINGS = {"max_tokens": 48, "seed": 7, "stream": True, "temperature": 1.25, "top_p": 0.3}
CEREBRAS_DEFAULTS = {"max_tokens": None, "seed": None, "stream": False, "temperature": 1, "top_p": None}


def test_parse_params_keeps_valid_settings() -> None:
    request = {"model": "llama3.1-70b", **CEREBRAS_SETTINGS}
    assert CerebrasClient(api_key="k").parse_params(request) == request


def test_parse_params_defaults() -> None:
    parsed = CerebrasClient(api_key="k").parse_params({"model": "llama3.1-70b"})
    assert parsed == {"model": "llama3.1-70b", **CEREBRAS_DEFAULTS}


@pytest.mark.parametrize(("name", "wrong_type"), [("max_tokens", 4.8), ("seed", "7"), ("stream", 1), ("top_p", "high")])
def test_parse_params_wrong_type_falls_back(name: str, wrong_type: Any) -> None:
    with pytest.warns(UserWarning, match="Config error"):
        parsed = CerebrasClient(api_key="k").parse_params({"model": "llama3.1-70b", name: wrong_type})
    assert parsed == {"model": "llama3.1-70b", **CEREBRAS_DEFAULTS}


@pytest.mark.parametrize("outside", [-0.1, 1.51, 9.5])
def test_parse_params_temperature_outside_0_to_1_5_defaults_to_one(outside: float) -> None:
    with pytest.warns(UserWarning):
        assert CerebrasClient(api_key="k").parse_params({"model": "m", "temperature": outside})["temperature"] == 1


def test_parse_params_without_model_raises_assertion() -> None:
    with pytest.raises(AssertionError, match="model"):
        CerebrasClient(api_key="k").parse_params({})


# 0.2.40 scales tokens to thousands and multiplies by the per-1K price, with no rounding: this exact float.
CEREBRAS_70B_500_300 = 0.00047999999999999996


def test_cost_is_02s_unrounded_float() -> None:
    assert calculate_cerebras_cost(500, 300, "llama3.1-70b") == CEREBRAS_70B_500_300
    assert calculate_cerebras_cost(500, 300, "llama3.1-70b") != 0.00048


def test_plain_reply_names_stripped_usage_cost(client: CerebrasClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="Hi", input_tokens=500, output_tokens=300))
    response = client.create({"model": "llama3.1-70b", "messages": [{"role": "user", "content": "hey", "name": "u"}]})
    assert response.choices[0].message.content == "Hi"
    assert response.cost == client.cost(response) == CEREBRAS_70B_500_300
    assert client.get_usage(response)["total_tokens"] == 800
    assert fake.requests[0].path == "/v1/chat/completions"
    assert fake.bodies[0]["messages"] == [{"role": "user", "content": "hey"}]


def test_tool_call_then_result(client: CerebrasClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(tool_calls=[("add", {"a": 1})]), FakeReply(text="2"))
    messages: List[Dict[str, Any]] = [{"role": "user", "content": "add"}]
    first = client.create({"model": "llama3.1-8b", "messages": messages, "tools": TOOLS})
    call = first.choices[0].message.tool_calls[0]
    assert first.choices[0].finish_reason == "tool_calls" and json.loads(call.function.arguments) == {"a": 1}
    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "2"},
    ]
    assert (
        client.create({"model": "llama3.1-8b", "messages": messages, "tools": TOOLS}).choices[0].message.content == "2"
    )
    assert fake.bodies[1]["messages"][-1] == {"role": "tool", "tool_call_id": call.id, "content": "2"}
    assert fake.bodies[1]["tools"] == TOOLS


def test_streaming(client: CerebrasClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="a streamed answer", input_tokens=3, output_tokens=4))
    response = client.create({"model": "llama3.1-8b", "messages": [{"role": "user", "content": "x"}], "stream": True})
    assert fake.bodies[0]["stream"] is True
    assert response.choices[0].message.content == "a streamed answer"
    assert response.usage.total_tokens == 7


def test_provider_error_names_cerebras(client: CerebrasClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply.failure(401, "invalid api key"))
    with pytest.raises(Exception) as info:
        client.create({"model": "llama3.1-8b", "messages": [{"role": "user", "content": "x"}]})
    assert "Cerebras" in str(info.value) and "invalid api key" in str(info.value)


def test_two_agent_tool_chat_matches_openai_transcript_shape(fake, llm_server) -> None:  # type: ignore[no-untyped-def]
    expected = openai_tool_chat_shape(llm_server)
    fake.script(FakeReply(tool_calls=[SCRIPT_CALL]), FakeReply(text=SCRIPT_ANSWER))
    config = {
        "api_type": "cerebras",
        "model": "llama3.1-8b",
        "api_key": "k",
        "base_url": fake.base_url,
        "max_retries": 0,
    }
    assert shape(tool_chat({"config_list": [config], "cache_seed": None})) == expected
    assert fake.bodies[1]["messages"][-1]["role"] == "tool"


def test_missing_sdk_keeps_import_working_and_names_the_extra() -> None:
    message = error_without_sdk(["cerebras"], "cerebras", "CerebrasClient", {"api_key": "k"})
    assert 'pip install "autogen-agentchat[cerebras]"' in message


def test_create_is_a_plain_patchable_method(monkeypatch: pytest.MonkeyPatch) -> None:
    from autogen.oai.cerebras import CerebrasClient

    monkeypatch.setattr(CerebrasClient, "create", lambda self, params: "patched")
    assert CerebrasClient.create(object.__new__(CerebrasClient), {}) == "patched"
