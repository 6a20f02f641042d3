"""BedrockClient: parameters, Converse message conversion, and real boto3 against a loopback Converse fake."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any, Dict, Iterator, List

import pytest

pytest.importorskip("boto3")

from _fakes import BedrockDialect, FakeProviderServer, FakeReply  # noqa: E402
from _provider_helpers import (  # noqa: E402
    SCRIPT_ANSWER,
    SCRIPT_CALL,
    error_without_sdk,
    messy_transcript,
    openai_tool_chat_shape,
    shape,
    tool_chat,
)

from autogen.oai.bedrock import BedrockClient, calculate_cost, oai_messages_to_bedrock_messages  # noqa: E402

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
MODEL = "meta.llama3-8b-instruct-v1:0"


@pytest.fixture(autouse=True)
def _aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAFAKE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "fake-secret")
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeProviderServer]:
    with FakeProviderServer(BedrockDialect()) as server:
        yield server


@pytest.fixture
def fake(_server: FakeProviderServer) -> Iterator[FakeProviderServer]:
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture
def client(fake: FakeProviderServer) -> BedrockClient:
    return BedrockClient(aws_region="us-east-1", base_url=fake.base_url)


def test_client_constructs_with_region_from_env() -> None:
    assert isinstance(BedrockClient(), BedrockClient)


def test_missing_region_raises_value_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    with pytest.raises(ValueError, match="Region is required to use the Amazon Bedrock API."):
        BedrockClient()


def test_parse_params_splits_base_and_additional() -> None:
    params = {
        "model": MODEL,
        "temperature": 0.8,
        "topP": 0.6,
        "maxTokens": 250,
        "top_p": 0.5,
        "top_k": 10,
        "k": 3,
        "seed": 42,
    }
    assert BedrockClient().parse_params(params) == (
        {"temperature": 0.8, "topP": 0.6, "maxTokens": 250},
        {"top_p": 0.5, "top_k": 10, "k": 3, "seed": 42},
    )


def test_parse_params_bad_types_become_none() -> None:
    params = {"model": MODEL, "temperature": "0.8", "maxTokens": "250", "seed": "42"}
    with pytest.warns(UserWarning, match="Config error"):
        assert BedrockClient().parse_params(params) == ({"temperature": None, "maxTokens": None}, {"seed": None})


def test_parse_params_only_model_is_empty() -> None:
    assert BedrockClient().parse_params({"model": MODEL}) == ({}, {})


def test_parse_params_no_model_raises_assertion() -> None:
    with pytest.raises(AssertionError, match="Please provide the 'model` in the config_list to use Amazon Bedrock"):
        BedrockClient().parse_params({"temperature": 0.8})


SYS_USER_ASSISTANT = [
    {"role": "system", "content": "You are a helpful AI model"},
    {"role": "user", "content": "Hello", "name": "alice"},
    {"role": "assistant", "content": "Hi"},
]


def test_messages_system_as_user_when_unsupported() -> None:
    assert oai_messages_to_bedrock_messages(SYS_USER_ASSISTANT, False, False) == [
        {"role": "user", "content": [{"text": "You are a helpful AI model"}]},
        {"role": "assistant", "content": [{"text": "Please continue."}]},
        {"role": "user", "content": [{"text": "Hello"}]},
        {"role": "assistant", "content": [{"text": "Hi"}]},
        {"role": "user", "content": [{"text": "Please continue."}]},
    ]


def test_messages_system_dropped_when_supported() -> None:
    assert oai_messages_to_bedrock_messages(SYS_USER_ASSISTANT, False, True) == [
        {"role": "user", "content": [{"text": "Hello"}]},
        {"role": "assistant", "content": [{"text": "Hi"}]},
        {"role": "user", "content": [{"text": "Please continue."}]},
    ]


def test_messages_trailing_system_becomes_user_with_fillers() -> None:
    messages = SYS_USER_ASSISTANT + [{"role": "system", "content": "Summarise"}]
    converted = oai_messages_to_bedrock_messages(messages, False, False)
    assert converted[-2:] == [
        {"role": "assistant", "content": [{"text": "Hi"}]},
        {"role": "user", "content": [{"text": "Summarise"}]},
    ]


def test_messages_tool_use_and_results() -> None:
    call = {"id": "t1", "type": "function", "function": {"name": "weather", "arguments": '{"city": "Oslo"}'}}
    messages = [
        {"role": "user", "content": "Weather?"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "t1", "content": "cold"},
    ]
    assert oai_messages_to_bedrock_messages(messages, True, True) == [
        {"role": "user", "content": [{"text": "Weather?"}]},
        {
            "role": "assistant",
            "content": [{"toolUse": {"toolUseId": "t1", "name": "weather", "input": {"city": "Oslo"}}}],
        },
        {"role": "user", "content": [{"toolResult": {"toolUseId": "t1", "content": [{"text": "cold"}]}}]},
    ]


def test_cost_table_and_unknown_model() -> None:
    assert calculate_cost(1000, 1000, MODEL) == pytest.approx(0.0009)
    with pytest.warns(UserWarning):
        assert calculate_cost(10, 10, "unknown.model") == 0


def test_plain_reply_through_real_boto3(client: BedrockClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="Hello from Bedrock", input_tokens=1000, output_tokens=1000))
    params = {"model": MODEL, "messages": SYS_USER_ASSISTANT[:2], "temperature": 0.5, "top_k": 5}
    response = client.create(params)
    assert response.choices[0].message.content == "Hello from Bedrock"
    assert response.choices[0].finish_reason == "stop"
    assert response.id == "req-1"
    assert client.cost(response) == pytest.approx(0.0009)
    assert client.get_usage(response)["total_tokens"] == 2000
    request = fake.requests[0]
    assert urllib.parse.unquote(request.path) == f"/model/{MODEL}/converse"
    assert request.headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIAFAKE/")
    assert request.body["system"] == [{"text": "You are a helpful AI model"}]
    assert request.body["messages"] == [{"role": "user", "content": [{"text": "Hello"}]}]
    assert request.body["inferenceConfig"] == {"temperature": 0.5}
    assert request.body["additionalModelRequestFields"] == {"top_k": 5}


def test_tool_call_then_result_through_real_boto3(client: BedrockClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(tool_calls=[("weather", {"city": "Oslo"})]), FakeReply(text="Cold in Oslo"))
    messages: List[Dict[str, Any]] = [{"role": "user", "content": "Weather in Oslo?"}]
    first = client.create({"model": MODEL, "messages": messages, "tools": TOOLS})
    call = first.choices[0].message.tool_calls[0]
    assert first.choices[0].finish_reason == "tool_calls"
    assert (call.function.name, json.loads(call.function.arguments)) == ("weather", {"city": "Oslo"})
    assert fake.bodies[0]["toolConfig"] == {
        "tools": [
            {
                "toolSpec": {
                    "name": "weather",
                    "description": "Weather",
                    "inputSchema": {"json": TOOLS[0]["function"]["parameters"]},
                }
            }
        ]
    }
    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "cold"},
    ]
    assert (
        client.create({"model": MODEL, "messages": messages, "tools": TOOLS}).choices[0].message.content
        == "Cold in Oslo"
    )
    sent = fake.bodies[1]["messages"]
    assert sent[2] == {
        "role": "user",
        "content": [{"toolResult": {"toolUseId": call.id, "content": [{"text": "cold"}]}}],
    }


def test_provider_error_is_runtime_error_naming_bedrock(client: BedrockClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply.failure(400, "The provided model identifier is invalid."))
    with pytest.raises(RuntimeError, match="Bedrock.*model identifier is invalid"):
        client.create({"model": "bad.model", "messages": [{"role": "user", "content": "x"}]})


def test_stream_warns_and_is_off(client: BedrockClient) -> None:
    with pytest.warns(UserWarning, match=r"^Streaming is not currently supported, streaming will be disabled\.$"):
        client.parse_params({"model": MODEL, "stream": True})


def test_two_agent_tool_chat_matches_openai_transcript_shape(fake, llm_server) -> None:  # type: ignore[no-untyped-def]
    expected = openai_tool_chat_shape(llm_server)
    fake.script(FakeReply(tool_calls=[SCRIPT_CALL]), FakeReply(text=SCRIPT_ANSWER))
    config = {"api_type": "bedrock", "model": MODEL, "aws_region": "us-east-1", "base_url": fake.base_url}
    assert shape(tool_chat({"config_list": [config], "cache_seed": None})) == expected
    assert "toolResult" in fake.bodies[1]["messages"][-1]["content"][0]


def test_missing_sdk_keeps_import_working_and_names_the_extra() -> None:
    message = error_without_sdk(["boto3", "botocore"], "bedrock", "BedrockClient", {"aws_region": "us-east-1"})
    assert 'pip install "autogen-agentchat[bedrock]"' in message


def test_create_is_a_plain_patchable_method(monkeypatch: pytest.MonkeyPatch) -> None:
    from autogen.oai.bedrock import BedrockClient

    monkeypatch.setattr(BedrockClient, "create", lambda self, params: "patched")
    assert BedrockClient.create(object.__new__(BedrockClient), {}) == "patched"


def test_messy_transcript_is_accepted_by_strict_fake(client: BedrockClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="ok"))
    response = client.create({"model": MODEL, "messages": messy_transcript(), "tools": TOOLS})
    assert response.choices[0].message.content == "ok"
    sent = fake.bodies[0]
    assert sent["system"] == [{"text": "You add numbers."}]
    assert sent["messages"][0]["role"] == "user" and sent["messages"][-1]["role"] == "user"


def test_messy_transcript_without_tools_becomes_text(client: BedrockClient, fake: FakeProviderServer) -> None:
    fake.script(FakeReply(text="ok"))
    client.create({"model": MODEL, "messages": messy_transcript(), "supports_system_prompts": False})
    sent = fake.bodies[0]
    assert "system" not in sent and "toolConfig" not in sent
    assert all("text" in block for m in sent["messages"] for block in m["content"])


def test_parse_image_reads_a_data_url() -> None:
    from autogen.oai.bedrock import parse_image

    assert parse_image("data:image/png;base64,aGVsbG8=") == (b"hello", "image/png")


def test_parse_image_fetches_a_web_image_and_defaults_to_jpeg(tmp_path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from autogen.oai.bedrock import parse_image

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/missing":
                self.send_error(404)
                return
            body = b"\x89PNG"
            self.send_response(200)
            self.send_header("Content-Type", "image/png" if self.path == "/a.png" else "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert parse_image(f"{base}/a.png") == (b"\x89PNG", "image/png")
        assert parse_image(f"{base}/blob") == (b"\x89PNG", "image/jpeg")
        with pytest.raises(RuntimeError, match="Unable to access the image url"):
            parse_image(f"{base}/missing")
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("tool_use", "tool_calls"),
        ("END_TURN", "stop"),
        ("max_tokens", "length"),
        ("guardrail_intervened", "guardrail_intervened"),
    ],
)
def test_stop_reason_mapping_passes_unlisted_reasons_through_lower_cased(reason, expected) -> None:
    from autogen.oai.bedrock import convert_stop_reason_to_finish_reason

    assert convert_stop_reason_to_finish_reason(reason) == expected


def test_missing_stop_reason_warns_and_gives_none() -> None:
    from autogen.oai.bedrock import convert_stop_reason_to_finish_reason

    with pytest.warns(UserWarning, match="^Unsupported stop reason: None$"):
        assert convert_stop_reason_to_finish_reason(None) is None
