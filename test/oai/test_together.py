"""TogetherClient: parameter validation, message shape, cost, and the real `together` SDK against a loopback fake."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List

import pytest

pytest.importorskip("together")

from _fakes import FakeProviderServer, FakeReply, OpenAICompatDialect  # noqa: E402
from _provider_helpers import SCRIPT_ANSWER, SCRIPT_CALL, error_without_sdk, openai_tool_chat_shape, shape, tool_chat  # noqa: E402

from autogen.oai.together import TogetherClient, calculate_together_cost  # noqa: E402

TOOLS = [{"type": "function", "function": {"name": "add", "parameters": {"type": "object", "properties": {}}}}]
MODEL = "mistralai/Mixtral-8x22B-Instruct-v0.1"


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeProviderServer]:
    with FakeProviderServer(OpenAICompatDialect(check_tool_messages=False)) as server:
        yield server


@pytest.fixture
def fake(_server: FakeProviderServer) -> Iterator[FakeProviderServer]:
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture
def client(fake: FakeProviderServer) -> TogetherClient:
    return TogetherClient(api_key="tg-fake", base_url=fake.base_url, max_retries=0)


def test_missing_api_key_raises_assertion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOGETHER_API_KEY", raising=False)
    with pytest.raises(
        AssertionError,
        match="Please include the api_key in your config list entry for Together.AI or set the TOGETHER_API_KEY env variable.",
    ):
        TogetherClient()


# Every setting TogetherClient passes on, with values chosen inside their allowed ranges.
TOGETHER_SETTINGS = {
    "max_tokens": 256,
    "stream": True,
    "temperature": 0.3,
    "top_p": 0.95,
    "top_k": 12,
    "repetition_penalty": 1.15,
    "presence_penalty": -0.5,
    "frequency_penalty": 0.25,
    "min_p": 0.05,
    "safety_model": "meta-llama/LlamaGuard-2-8b",
}
TOGETHER_DEFAULTS = {"max_tokens": 512, "stream": False, **{k: None for k in list(TOGETHER_SETTINGS)[2:]}}


def test_parse_params_keeps_valid_settings() -> None:
    request = {"model": MODEL, **TOGETHER_SETTINGS}
    assert TogetherClient(api_key="k").parse_params(request) == request


def test_parse_params_defaults_max_tokens_512() -> None:
    assert TogetherClient(api_key="k").parse_params({"model": MODEL}) == {"model": MODEL, **TOGETHER_DEFAULTS}


@pytest.mark.parametrize(
    ("name", "wrong_type"),
    [("max_tokens", "256"), ("stream", "yes"), ("temperature", "warm"), ("top_k", 12.5), ("min_p", "0.05"),
     ("safety_model", 7), ("repetition_penalty", 2)],
)  # fmt: skip
def test_parse_params_wrong_type_falls_back_to_default(name: str, wrong_type: Any) -> None:
    with pytest.warns(UserWarning, match="Config error"):
        parsed = TogetherClient(api_key="k").parse_params({"model": MODEL, name: wrong_type})
    assert parsed[name] == TOGETHER_DEFAULTS[name]


@pytest.mark.parametrize(
    ("name", "outside"), [("max_tokens", -1), ("presence_penalty", -2.5), ("frequency_penalty", 3), ("min_p", 1.5)]
)
def test_parse_params_out_of_bounds_falls_back_to_default(name: str, outside: Any) -> None:
    with pytest.warns(UserWarning):
        parsed = TogetherClient(api_key="k").parse_params({"model": MODEL, name: outside})
    assert parsed[name] == TOGETHER_DEFAULTS[name]


def test_stream_with_tools_is_turned_off_with_warning() -> None:
    with pytest.warns(
        UserWarning, match=r"^Streaming is not supported when using tools, streaming will be disabled\.$"
    ):
        assert (
            TogetherClient(api_key="k").parse_params({"model": MODEL, "stream": True, "tools": TOOLS})["stream"]
            is False
        )


def test_cost_by_model_size() -> None:
    assert calculate_together_cost(10, 5, MODEL) == 0.000018


def test_cost_unknown_size_warns_zero() -> None:
    with pytest.warns(UserWarning, match="'price' key"):
        assert calculate_together_cost(10, 5, "some/unsized-model") == 0


def test_cost_is_looked_up_by_model_name_not_read_from_it() -> None:
    # dbrx has no size in its name but is a known 132B mixture; an unlisted "70B" name is not guessed at
    assert calculate_together_cost(500_000, 500_000, "databricks/dbrx-instruct") == 1.2
    with pytest.warns(UserWarning, match="isn't catered for costing"):
        assert calculate_together_cost(10, 5, "acme/Unlisted-70B-Chat") == 0


def test_cost_of_a_small_mixture_model_uses_the_mixture_prices() -> None:
    assert calculate_together_cost(1_000_000, 0, "NousResearch/Nous-Hermes-2-Mistral-7B-DPO") == 0.6


def test_plain_reply_usage_and_cost(client: TogetherClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="Hello", input_tokens=10, output_tokens=5))
    response = client.create({"model": MODEL, "messages": [{"role": "user", "content": "hi"}]})
    assert response.choices[0].message.content == "Hello"
    assert response.cost == client.cost(response) == 0.000018
    assert client.get_usage(response)["prompt_tokens"] == 10
    assert fake.bodies[0]["max_tokens"] == 512 and fake.requests[0].path.endswith("/chat/completions")


def test_tool_call_then_result_sent_as_user_role(client: TogetherClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(tool_calls=[("add", {"a": 1})]), FakeReply(text="2"))
    messages: List[Dict[str, Any]] = [{"role": "user", "content": "add"}]
    first = client.create({"model": MODEL, "messages": messages, "tools": TOOLS})
    call = first.choices[0].message.tool_calls[0]
    assert first.choices[0].finish_reason == "tool_calls" and json.loads(call.function.arguments) == {"a": 1}
    assert fake.bodies[0]["tools"] == TOOLS and fake.bodies[0]["tool_choice"] == "auto"
    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "2"},
    ]
    assert client.create({"model": MODEL, "messages": messages, "tools": TOOLS}).choices[0].message.content == "2"
    assert fake.bodies[1]["messages"][-1]["role"] == "user"
    assert fake.bodies[1]["messages"][-1]["content"] == "2"


def test_streaming_plain_reply(client: TogetherClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="streaming works", input_tokens=2, output_tokens=2))
    response = client.create({"model": MODEL, "messages": [{"role": "user", "content": "x"}], "stream": True})
    assert fake.bodies[0]["stream"] is True
    assert response.choices[0].message.content == "streaming works"
    assert response.usage.total_tokens == 4


def test_provider_error_names_together(client: TogetherClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply.failure(400, "unknown model"))
    with pytest.raises(Exception) as info:
        client.create({"model": MODEL, "messages": [{"role": "user", "content": "x"}]})
    assert "Together" in str(info.value) and "unknown model" in str(info.value)


def test_two_agent_tool_chat_matches_openai_transcript_shape(fake, llm_server) -> None:  # type: ignore[no-untyped-def]
    expected = openai_tool_chat_shape(llm_server)
    fake.script(FakeReply(tool_calls=[SCRIPT_CALL]), FakeReply(text=SCRIPT_ANSWER))
    config = {"api_type": "together", "model": MODEL, "api_key": "k", "base_url": fake.base_url, "max_retries": 0}
    assert shape(tool_chat({"config_list": [config], "cache_seed": None})) == expected
    assert fake.bodies[1]["messages"][-1]["role"] == "user"


def test_missing_sdk_keeps_import_working_and_names_the_extra() -> None:
    message = error_without_sdk(["together"], "together", "TogetherClient", {"api_key": "k"})
    assert 'pip install "autogen-agentchat[together]"' in message


def test_create_is_a_plain_patchable_method(monkeypatch: pytest.MonkeyPatch) -> None:
    from autogen.oai.together import TogetherClient

    monkeypatch.setattr(TogetherClient, "create", lambda self, params: "patched")
    assert TogetherClient.create(object.__new__(TogetherClient), {}) == "patched"
