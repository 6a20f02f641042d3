"""AnthropicClient: config, message conversion, cost, and the real `anthropic` SDK against a loopback fake."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List

import pytest

pytest.importorskip("anthropic")

from _fakes import AnthropicDialect, FakeProviderServer, FakeReply  # noqa: E402
from _provider_helpers import error_without_sdk, messy_transcript, openai_tool_chat_shape, shape, tool_chat  # noqa: E402

from autogen.oai.anthropic import (  # noqa: E402
    AnthropicClient,
    _calculate_cost,
    oai_messages_to_anthropic_messages,
)

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather of a city",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
        },
    }
]


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeProviderServer]:
    with FakeProviderServer(AnthropicDialect()) as server:
        yield server


@pytest.fixture
def fake(_server: FakeProviderServer) -> Iterator[FakeProviderServer]:
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture
def client(fake: FakeProviderServer) -> AnthropicClient:
    return AnthropicClient(api_key="sk-ant-fake", base_url=fake.base_url, max_retries=0)


@pytest.fixture
def no_credentials_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "ANTHROPIC_API_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_DEFAULT_REGION",
    ):
        monkeypatch.delenv(name, raising=False)


# ----------------------------------------------------------------------------- construction and config


def test_missing_api_key_and_aws_credentials_raise_value_error(no_credentials_env: None) -> None:
    with pytest.raises(ValueError, match="API key or AWS credentials are required to use the Anthropic API."):
        AnthropicClient()


def test_incomplete_aws_credentials_raise_value_error(no_credentials_env: None) -> None:
    with pytest.raises(ValueError, match="API key or AWS credentials"):
        AnthropicClient(aws_access_key="a", aws_secret_key="b")


def test_api_key_property_round_trips(no_credentials_env: None) -> None:
    client = AnthropicClient(api_key="dummy_api_key")
    assert client.api_key == "dummy_api_key"
    assert "dummy_api_key" not in repr(client)


def test_aws_properties_round_trip(no_credentials_env: None) -> None:
    client = AnthropicClient(
        aws_access_key="dummy_access_key",
        aws_secret_key="dummy_secret_key",
        aws_session_token="dummy_session_token",
        aws_region="us-west-2",
    )
    assert client.api_key is None
    assert client.aws_access_key == "dummy_access_key"
    assert client.aws_secret_key == "dummy_secret_key"
    assert client.aws_session_token == "dummy_session_token"
    assert client.aws_region == "us-west-2"


def test_calculate_cost_uses_price_table() -> None:
    assert _calculate_cost(10, 25, "claude-3-opus-20240229") == 0.002025


def test_calculate_cost_unknown_model_warns_and_is_zero() -> None:
    with pytest.warns(UserWarning, match="not-a-claude"):
        assert _calculate_cost(10, 25, "not-a-claude") == 0


def test_load_config_returns_seven_keys_with_none_kept(client: AnthropicClient) -> None:
    given = {"model": "claude-3-haiku-20240307", "temperature": 0.25, "top_k": 5, "stop_sequences": ["END"]}
    assert client.load_config(given) == {
        **given,
        "max_tokens": 4096,
        "top_p": None,
        "stream": False,
    }


@pytest.mark.parametrize(
    ("name", "bad", "default"), [("temperature", 1.5, 1.0), ("max_tokens", 0, 4096), ("top_p", -0.2, None)]
)
def test_load_config_bad_values_fall_back_with_warning(
    client: AnthropicClient, name: str, bad: Any, default: Any
) -> None:
    with pytest.warns(UserWarning, match=name):
        config = client.load_config({"model": "claude-3-opus-20240229", name: bad})
    assert config[name] == default


def test_load_config_stream_is_forced_off_with_warning(client: AnthropicClient) -> None:
    with pytest.warns(UserWarning, match=r"^Streaming is not currently supported, streaming will be disabled\.$"):
        assert client.load_config({"model": "claude-3-haiku-20240307", "stream": True})["stream"] is False


def test_load_config_without_model_raises_assertion(client: AnthropicClient) -> None:
    with pytest.raises(AssertionError, match="model"):
        client.load_config({})


# ----------------------------------------------------------------------------- message conversion


def test_messages_alternate_with_continue_fillers_and_end_with_user() -> None:
    messages = [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "one", "name": "alice"},
        {"role": "user", "content": "two"},
        {"role": "assistant", "content": "three"},
    ]
    assert oai_messages_to_anthropic_messages({"messages": messages}) == [
        {"role": "user", "content": "one"},
        {"role": "assistant", "content": "Please continue."},
        {"role": "user", "content": "two"},
        {"role": "assistant", "content": "three"},
        {"role": "user", "content": "Please continue."},
    ]


def _tool_transcript() -> List[Dict[str, Any]]:
    calls = [
        {"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}},
        {"id": "c2", "type": "function", "function": {"name": "get_weather", "arguments": '{"city": "Rome"}'}},
    ]
    return [
        {"role": "user", "content": "weather?"},
        {"role": "assistant", "content": None, "tool_calls": calls},
        {"role": "tool", "tool_call_id": "c1", "content": "sunny"},
        {"role": "tool", "tool_call_id": "c2", "content": "rainy"},
    ]


def test_tool_calls_become_tool_use_and_results_one_user_message() -> None:
    converted = oai_messages_to_anthropic_messages({"messages": _tool_transcript(), "tools": TOOLS})
    assert converted[1] == {
        "role": "assistant",
        "content": [
            {"type": "tool_use", "id": "c1", "name": "get_weather", "input": {"city": "Paris"}},
            {"type": "tool_use", "id": "c2", "name": "get_weather", "input": {"city": "Rome"}},
        ],
    }
    assert converted[2] == {
        "role": "user",
        "content": [
            {"type": "tool_result", "tool_use_id": "c1", "content": "sunny"},
            {"type": "tool_result", "tool_use_id": "c2", "content": "rainy"},
        ],
    }
    assert len(converted) == 3


def test_tool_traffic_becomes_text_without_tools_param() -> None:
    converted = oai_messages_to_anthropic_messages({"messages": _tool_transcript()})
    assert all(isinstance(m["content"], str) for m in converted)
    assert "get_weather" in converted[1]["content"] and "sunny" in converted[2]["content"]
    assert [m["role"] for m in converted] == ["user", "assistant", "user", "assistant", "user"]


def test_dangling_tool_use_is_replaced_by_continue_message() -> None:
    messages = _tool_transcript()[:3]  # c2 never answered
    converted = oai_messages_to_anthropic_messages({"messages": messages, "tools": TOOLS})
    assert converted[1] == {"role": "assistant", "content": "Please continue."}
    assert not any(isinstance(m["content"], list) for m in converted)
    assert converted[-1]["role"] == "user"


# ----------------------------------------------------------------------------- real SDK against the fake


def test_plain_reply_usage_and_cost(client: AnthropicClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="Hello there", input_tokens=10, output_tokens=25))
    response = client.create(
        {
            "model": "claude-3-opus-20240229",
            "messages": [{"role": "system", "content": "sys"}, {"role": "user", "content": "hi"}],
        }
    )
    assert response.object == "chat.completion"
    assert response.choices[0].message.content == "Hello there"
    assert response.choices[0].finish_reason == "stop"
    assert response.usage.prompt_tokens == 10 and response.usage.completion_tokens == 25
    assert response.cost == 0.002025 == client.cost(response)
    assert client.get_usage(response) == {
        "prompt_tokens": 10,
        "completion_tokens": 25,
        "total_tokens": 35,
        "cost": 0.002025,
        "model": "claude-3-opus-20240229",
    }
    assert client.message_retrieval(response) == [response.choices[0].message]
    body = fake.bodies[0]
    assert body["system"] == "sys"
    assert body["messages"] == [{"role": "user", "content": "hi"}]
    assert body["max_tokens"] == 4096 and "top_k" not in body
    headers = fake.requests[0].headers
    assert "sk-ant-fake" in (headers.get("x-api-key", "") + headers.get("authorization", ""))


def test_tool_call_then_result_round_trip(client: AnthropicClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(tool_calls=[("get_weather", {"city": "Paris"})]), FakeReply(text="It is sunny."))
    params: Dict[str, Any] = {"model": "claude-3-haiku-20240307", "tools": TOOLS}
    messages: List[Dict[str, Any]] = [{"role": "user", "content": "Weather in Paris?"}]
    first = client.create({**params, "messages": messages})
    message = first.choices[0].message
    assert first.choices[0].finish_reason == "tool_calls"
    call = message.tool_calls[0]
    assert call.type == "function" and call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Paris"}
    assert fake.bodies[0]["tools"] == [
        {"name": "get_weather", "description": "Weather of a city", "input_schema": TOOLS[0]["function"]["parameters"]}
    ]
    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "sunny"},
    ]
    second = client.create({**params, "messages": messages})
    assert second.choices[0].message.content == "It is sunny."
    sent = fake.bodies[1]["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[1]["content"][0] == {
        "type": "tool_use",
        "id": call.id,
        "name": "get_weather",
        "input": {"city": "Paris"},
    }
    assert sent[2]["content"] == [{"type": "tool_result", "tool_use_id": call.id, "content": "sunny"}]


def test_aws_credentials_use_claude_on_bedrock(fake: FakeProviderServer, no_credentials_env: None) -> None:
    client = AnthropicClient(
        aws_access_key="AKIAFAKE", aws_secret_key="secret", aws_region="us-east-1", base_url=fake.base_url
    )
    fake.script(FakeReply(text="via Bedrock", input_tokens=3, output_tokens=2))
    model = "anthropic.claude-3-haiku-20240307-v1:0"
    response = client.create({"model": model, "messages": [{"role": "user", "content": "hi"}]})
    assert response.choices[0].message.content == "via Bedrock"
    request = fake.requests[0]
    assert request.path.startswith("/model/anthropic.claude-3-haiku") and request.path.endswith("/invoke")
    assert request.headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIAFAKE/")
    assert request.body["messages"] == [{"role": "user", "content": "hi"}]


def test_provider_error_names_anthropic_and_problem(client: AnthropicClient, fake: FakeProviderServer) -> None:
    import anthropic

    fake.script(FakeReply.failure(400, "max_tokens: too large"))
    with pytest.raises(anthropic.BadRequestError) as info:
        client.create({"model": "claude-3-haiku-20240307", "messages": [{"role": "user", "content": "hi"}]})
    assert "Anthropic" in str(info.value) and "max_tokens: too large" in str(info.value)


def test_create_is_a_plain_method_that_can_be_patched(monkeypatch: pytest.MonkeyPatch, client: AnthropicClient) -> None:
    sentinel = object()
    monkeypatch.setattr(AnthropicClient, "create", lambda self, params: sentinel)
    assert client.create({"model": "claude-3-haiku-20240307", "messages": []}) is sentinel


# ----------------------------------------------------------------------------- agents on top of the provider


def test_two_agent_tool_chat_matches_openai_transcript_shape(fake: FakeProviderServer, llm_server: Any) -> None:
    expected = openai_tool_chat_shape(llm_server)
    fake.script(FakeReply(tool_calls=[("add", {"a": 2, "b": 3})]), FakeReply(text="The answer is 5. TERMINATE"))
    config = {"api_type": "anthropic", "model": "claude-3-haiku-20240307", "api_key": "k", "base_url": fake.base_url}
    assert shape(tool_chat({"config_list": [config], "cache_seed": None})) == expected
    second = fake.bodies[1]
    assert second["system"]  # the assistant's system message, outside the turns
    assert [m["role"] for m in second["messages"]] == ["user", "assistant", "user"]
    assert second["messages"][1]["content"][0]["type"] == "tool_use"
    assert second["messages"][2]["content"][0]["type"] == "tool_result"
    assert second["messages"][2]["content"][0]["content"] == "5"


def test_missing_sdk_keeps_import_working_and_names_the_extra() -> None:
    message = error_without_sdk(["anthropic"], "anthropic", "AnthropicClient", {"api_key": "k"})
    assert 'pip install "autogen-agentchat[anthropic]"' in message


def test_messy_transcript_is_accepted_by_strict_fake(client: AnthropicClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="ok"))
    tools = [{"type": "function", "function": {"name": "add", "parameters": {"type": "object", "properties": {}}}}]
    response = client.create({"model": "claude-3-haiku-20240307", "messages": messy_transcript(), "tools": tools})
    assert response.choices[0].message.content == "ok"
    sent = fake.bodies[0]
    assert sent["system"] == "You add numbers. Summarise when done."
    assert sent["messages"][-1]["role"] == "user"
    assert sum(1 for m in sent["messages"] if isinstance(m["content"], list)) == 4  # two tool rounds, c4 dropped


def test_strict_fake_rejects_non_alternating_turns(fake: FakeProviderServer) -> None:
    import anthropic

    sdk = anthropic.Anthropic(api_key="k", base_url=fake.base_url, max_retries=0)
    fake.script(FakeReply(text="never sent"))
    with pytest.raises(anthropic.BadRequestError, match="alternate"):
        sdk.messages.create(
            model="m", max_tokens=10, messages=[{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]
        )


def test_wrapper_routes_aws_credentials_to_claude_on_bedrock(
    fake: FakeProviderServer, no_credentials_env: None
) -> None:
    from autogen import OpenAIWrapper

    config = {
        "api_type": "anthropic",
        "model": "anthropic.claude-3-sonnet-20240229-v1:0",
        "aws_access_key": "AKIAFAKE",
        "aws_secret_key": "secret",
        "aws_region": "us-west-2",
        "base_url": fake.base_url,
    }
    wrapper = OpenAIWrapper(config_list=[config], cache_seed=None)
    fake.script(FakeReply(text="routed"))
    response = wrapper.create(messages=[{"role": "user", "content": "hi"}])
    assert wrapper.extract_text_or_completion_object(response)[0].content == "routed"
    assert fake.requests[0].path.endswith("/invoke") and "us-west-2" in fake.requests[0].headers["authorization"]


def test_wrapper_does_not_fail_over_on_provider_error(fake: FakeProviderServer, llm_server: Any) -> None:
    import anthropic

    from autogen import OpenAIWrapper

    config = {"api_type": "anthropic", "model": "claude-3-haiku-20240307", "api_key": "k", "base_url": fake.base_url}
    wrapper = OpenAIWrapper(config_list=[config, *llm_server.config_list()], cache_seed=None, max_retries=0)
    fake.script(FakeReply.failure(400, "prompt is too long"))
    with pytest.raises(anthropic.BadRequestError, match="prompt is too long"):
        wrapper.create(messages=[{"role": "user", "content": "hi"}])
    assert llm_server.requests == []


def test_module_exposes_sdk_version_and_tool_flag() -> None:
    import anthropic

    import autogen.oai.anthropic as module

    assert module.anthropic_version == anthropic.__version__
    assert module.TOOL_ENABLED is True  # every supported SDK has tool use (>= 0.23.1)
