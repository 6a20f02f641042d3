"""GeminiClient: auth modes, message/tool/safety conversion, cost, and `create` with the SDK's model class patched."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List
from unittest.mock import MagicMock, patch

import pytest

pytest.importorskip("google.generativeai")
pytest.importorskip("vertexai")

from _provider_helpers import SCRIPT_ANSWER, SCRIPT_CALL, error_without_sdk, openai_tool_chat_shape, shape, tool_chat  # noqa: E402
from google.auth.credentials import Credentials  # noqa: E402
from vertexai.generative_models import HarmBlockThreshold, HarmCategory, SafetySetting, ToolConfig  # noqa: E402

from autogen.oai.gemini import GeminiClient  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> GeminiClient:
    monkeypatch.delenv("GOOGLE_GEMINI_API_KEY", raising=False)
    return GeminiClient(api_key="fake_api_key")


@pytest.fixture
def vertex_client(monkeypatch: pytest.MonkeyPatch) -> GeminiClient:
    monkeypatch.delenv("GOOGLE_GEMINI_API_KEY", raising=False)
    with patch("autogen.oai.gemini.vertexai.init"):
        return GeminiClient(project_id="fake-project", location="us-central1")


def test_api_key_with_project_or_location_raises_assertion() -> None:
    with pytest.raises(AssertionError, match="cannot be set when using an API Key"):
        GeminiClient(api_key="k", project_id="p")
    with pytest.raises(AssertionError, match="cannot be set when using an API Key"):
        GeminiClient(api_key="k", location="us-central1")


def test_google_application_credentials_sets_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOOGLE_GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    with patch("autogen.oai.gemini.vertexai.init"):
        GeminiClient(google_application_credentials="credentials.json", project_id="fake-project-id")
    assert os.environ["GOOGLE_APPLICATION_CREDENTIALS"] == "credentials.json"


def test_vertexai_init_gets_project_location_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOOGLE_GEMINI_API_KEY", raising=False)
    credentials = MagicMock(Credentials)
    with patch("autogen.oai.gemini.vertexai.init") as init:
        client = GeminiClient(credentials=credentials, project_id="fake-project-id", location="us-central1")
    assert client.use_vertexai
    init.assert_called_once_with(project="fake-project-id", location="us-central1", credentials=credentials)


def test_credentials_of_wrong_type_raise_assertion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOOGLE_GEMINI_API_KEY", raising=False)
    with pytest.raises(AssertionError, match="Credentials is expected"):
        GeminiClient(credentials="not-credentials")


def test_messages_same_role_merged_into_parts(client: GeminiClient) -> None:
    messages = [
        {"role": "system", "content": "You are my personal assistant."},
        {"role": "model", "content": "How can I help you?"},
        {"role": "user", "content": "Nearest planet to the sun?"},
        {"role": "user", "content": "Farthest planet?"},
        {"role": "model", "content": "Mercury."},
        {"role": "model", "content": "Neptune."},
        {"role": "user", "content": "Mass of a black hole?"},
    ]
    expected = [
        ("user", ["You are my personal assistant."]),
        ("model", ["How can I help you?"]),
        ("user", ["Nearest planet to the sun?", "Farthest planet?"]),
        ("model", ["Mercury.", "Neptune."]),
        ("user", ["Mass of a black hole?"]),
    ]
    converted = client._oai_messages_to_gemini_messages(messages)
    assert [(c.role, [p.text for p in c.parts]) for c in converted] == expected


def test_empty_content_becomes_empty_word_and_last_is_user(client: GeminiClient) -> None:
    converted = client._oai_messages_to_gemini_messages(
        [{"role": "user", "content": "q"}, {"role": "assistant", "content": ""}]
    )
    assert [(c.role, [p.text for p in c.parts]) for c in converted] == [
        ("user", ["q"]),
        ("model", ["empty"]),
        ("user", ["continue"]),
    ]


def test_tool_call_and_response_messages(client: GeminiClient) -> None:
    call = {"id": "1", "type": "function", "function": {"name": "calc", "arguments": '{"a": 1}'}}
    messages = [
        {"role": "user", "content": "compute"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "1", "content": "2"},
    ]
    converted = client._oai_messages_to_gemini_messages(messages)
    assert [c.role for c in converted] == ["user", "model", "function"]
    assert converted[1].parts[0].function_call.name == "calc"
    assert converted[2].parts[0].function_response.name == "calc"


def test_tools_become_function_declarations_with_upper_case_types(client: GeminiClient) -> None:
    tools = [{"type": "function", "function": {"name": "calc", "description": "Calc", "parameters": {
        "type": "object", "properties": {"a": {"type": "integer", "default": 1}}}}}]  # fmt: skip
    [tool] = client._oai_tools_to_gemini_tools(tools)
    declaration = tool.function_declarations[0]
    assert declaration.name == "calc"
    assert declaration.parameters.properties["a"].type_.name == "INTEGER"


def test_any_of_parameters_rejected(client: GeminiClient) -> None:
    with pytest.raises(AssertionError, match="Union types"):
        client._oai_function_parameters_to_gemini_function_parameters({"anyOf": [{"type": "string"}]})


CATEGORIES = [
    "HARM_CATEGORY_HARASSMENT",
    "HARM_CATEGORY_HATE_SPEECH",
    "HARM_CATEGORY_SEXUALLY_EXPLICIT",
    "HARM_CATEGORY_DANGEROUS_CONTENT",
]


def test_safety_settings_dicts_converted_to_vertex() -> None:
    settings = [{"category": c, "threshold": "BLOCK_ONLY_HIGH"} for c in CATEGORIES]
    converted = GeminiClient._to_vertexai_safety_settings(settings)
    expected = [
        SafetySetting(category=HarmCategory[c], threshold=HarmBlockThreshold.BLOCK_ONLY_HIGH) for c in CATEGORIES
    ]
    assert [s.to_dict() for s in converted] == [s.to_dict() for s in expected]


def test_safety_settings_invalid_entries_skipped() -> None:
    settings = [{"category": "NOPE", "threshold": "BLOCK_ONLY_HIGH"}, {"category": CATEGORIES[0], "threshold": "NOPE"}]
    assert GeminiClient._to_vertexai_safety_settings(settings) == []


def test_safety_settings_enum_dict_and_setting_list_pass_through() -> None:
    as_dict = {HarmCategory.HARM_CATEGORY_HARASSMENT: HarmBlockThreshold.BLOCK_ONLY_HIGH}
    assert GeminiClient._to_vertexai_safety_settings(as_dict) is as_dict
    as_list = [
        SafetySetting(category=HarmCategory.HARM_CATEGORY_HARASSMENT, threshold=HarmBlockThreshold.BLOCK_ONLY_HIGH)
    ]
    assert GeminiClient._to_vertexai_safety_settings(as_list) is as_list


def test_tool_config_any_with_function_names() -> None:
    converted = GeminiClient._to_vertexai_tool_config(
        {"function_calling_config": {"mode": "ANY"}}, [{"function_name": "calculator"}]
    )
    expected = ToolConfig(
        function_calling_config=ToolConfig.FunctionCallingConfig(
            mode=ToolConfig.FunctionCallingConfig.Mode.ANY, allowed_function_names=["calculator"]
        )
    )
    assert converted._gapic_tool_config == expected._gapic_tool_config


def test_tool_config_any_without_function_names() -> None:
    converted = GeminiClient._to_vertexai_tool_config({"function_calling_config": {"mode": "ANY"}}, [])
    expected = ToolConfig(
        function_calling_config=ToolConfig.FunctionCallingConfig(mode=ToolConfig.FunctionCallingConfig.Mode.ANY)
    )
    assert converted._gapic_tool_config == expected._gapic_tool_config


def test_cost_tiers_and_fallback_warning(client: GeminiClient) -> None:
    assert client._calculate_gemini_cost(1_000_000, 0, "gemini-1.5-flash") == pytest.approx(0.70)
    assert client._calculate_gemini_cost(100, 100, "gemini-1.5-pro") == pytest.approx(3.5e-4 + 10.5e-4)
    with pytest.warns(UserWarning, match="not implemented"):
        assert client._calculate_gemini_cost(1000, 1000, "other-model") == pytest.approx(0.002)


def test_cost_returns_response_cost(client: GeminiClient) -> None:
    response = MagicMock(cost=0.5)
    assert client.cost(response) == 0.5


def test_empty_model_name_raises_value_error(client: GeminiClient) -> None:
    with pytest.raises(ValueError, match="model name"):
        client.create({"model": "", "messages": [{"role": "user", "content": "x"}]})


def _usage(prompt: Any, candidates: Any) -> MagicMock:
    return MagicMock(prompt_token_count=prompt, candidates_token_count=candidates)


def _chat_mocks(model_cls: MagicMock, parts: List[Any], usage: Any = None) -> MagicMock:
    model = MagicMock()
    model_cls.return_value = model
    chat = MagicMock()
    model.start_chat.return_value = chat
    chat.history = [MagicMock(parts=parts)]
    chat.send_message.return_value = MagicMock(usage_metadata=_usage(100, 100) if usage is None else usage)
    return chat


def _text_part(text: str) -> MagicMock:
    part = MagicMock()
    part.text, part.function_call = text, None
    return part


def test_create_text_response_api_mode(client: GeminiClient) -> None:
    with (
        patch("autogen.oai.gemini.genai.configure") as configure,
        patch("autogen.oai.gemini.genai.GenerativeModel") as model_cls,
    ):
        chat = _chat_mocks(model_cls, [_text_part("Example response")])
        response = client.create(
            {"model": "gemini-pro", "messages": [{"role": "user", "content": "Hello"}], "max_tokens": 10}
        )
    assert response.choices[0].message.content == "Example response"
    assert response.choices[0].finish_reason == "stop"
    configure.assert_called_once_with(api_key="fake_api_key")
    assert model_cls.call_args.kwargs["generation_config"] == {"max_output_tokens": 10}
    assert chat.send_message.call_args.args[0][0].text == "Hello"
    assert client.get_usage(response)["total_tokens"] == 200 and response.cost == pytest.approx(1e-4 * 0.5 + 1e-4 * 1.5)


def test_create_function_call_response_api_mode(client: GeminiClient) -> None:
    part = MagicMock()
    part.function_call.name = "calc"
    with (
        patch("autogen.oai.gemini.genai.configure"),
        patch("autogen.oai.gemini.genai.GenerativeModel") as model_cls,
        patch("autogen.oai.gemini.Part.to_dict", return_value={"function_call": {"args": {"a": 1}}}),
    ):
        _chat_mocks(model_cls, [part])
        response = client.create({"model": "gemini-1.5-flash", "messages": [{"role": "user", "content": "Hi"}]})
    call = response.choices[0].message.tool_calls[0]
    assert response.choices[0].finish_reason == "tool_calls"
    assert call.function.name == "calc" and json.loads(call.function.arguments) == {"a": 1}


def test_create_text_response_vertex_mode(vertex_client: GeminiClient) -> None:
    with patch("autogen.oai.gemini.vertexai.init"), patch("autogen.oai.gemini.GenerativeModel") as model_cls:
        chat = _chat_mocks(model_cls, [_text_part("Vertex says hi")])
        response = vertex_client.create(
            {"model": "gemini-pro", "messages": [{"role": "user", "content": "Hello"}], "response_validation": False}
        )
    assert response.choices[0].message.content == "Vertex says hi"
    assert model_cls.call_args.args[0] == "gemini-pro"
    assert model_cls.return_value.start_chat.call_args.kwargs == {"history": [], "response_validation": False}
    assert chat.send_message.called


def test_create_vision_model_api_mode(client: GeminiClient) -> None:
    with patch("autogen.oai.gemini.genai.configure"), patch("autogen.oai.gemini.genai.GenerativeModel") as model_cls:
        model = model_cls.return_value
        model.generate_content.return_value._result.candidates = [
            MagicMock(content=MagicMock(parts=[_text_part("A cat")]))
        ]
        model.generate_content.return_value.usage_metadata = _usage(5, 5)
        response = client.create(
            {"model": "gemini-pro-vision", "messages": [{"role": "user", "content": "What is this?"}]}
        )
    assert response.choices[0].message.content == "A cat"
    assert response.usage.total_tokens == 10


@pytest.mark.parametrize("usage", [MagicMock(), _usage(None, None), _usage("12", 3.0), object()])
def test_usage_fields_that_are_not_ints_count_zero_api_mode(client: GeminiClient, usage: Any) -> None:
    # A mocked or partial SDK response: its usage metadata is absent, None, or of other types.
    with patch("autogen.oai.gemini.genai.configure"), patch("autogen.oai.gemini.genai.GenerativeModel") as model_cls:
        _chat_mocks(model_cls, [_text_part("fine")], usage=usage)
        response = client.create({"model": "gemini-1.5-pro", "messages": [{"role": "user", "content": "Hi"}]})
    assert response.choices[0].message.content == "fine"
    assert (response.usage.prompt_tokens, response.usage.completion_tokens, response.cost) == (0, 0, 0)


def test_usage_fields_that_are_not_ints_count_zero_vertex_mode(vertex_client: GeminiClient) -> None:
    with patch("autogen.oai.gemini.vertexai.init"), patch("autogen.oai.gemini.GenerativeModel") as model_cls:
        _chat_mocks(model_cls, [_text_part("fine")], usage=MagicMock())
        response = vertex_client.create({"model": "gemini-1.5-flash", "messages": [{"role": "user", "content": "Hi"}]})
    assert response.usage.total_tokens == 0 and response.cost == 0


def test_usage_is_read_from_the_response_metadata(client: GeminiClient) -> None:
    with patch("autogen.oai.gemini.genai.configure"), patch("autogen.oai.gemini.genai.GenerativeModel") as model_cls:
        _chat_mocks(model_cls, [_text_part("fine")], usage=_usage(7, 3))
        response = client.create({"model": "gemini-pro", "messages": [{"role": "user", "content": "Hi"}]})
    assert (response.usage.prompt_tokens, response.usage.completion_tokens, response.usage.total_tokens) == (7, 3, 10)
    model_cls.return_value.count_tokens.assert_not_called()  # no extra round trips to count tokens


def test_sdk_error_becomes_runtime_error_naming_google(client: GeminiClient) -> None:
    with patch("autogen.oai.gemini.genai.configure"), patch("autogen.oai.gemini.genai.GenerativeModel") as model_cls:
        chat = _chat_mocks(model_cls, [])
        chat.send_message.side_effect = ValueError("API key not valid")
        with pytest.raises(RuntimeError, match="Google GenAI exception occurred.*API key not valid"):
            client.create({"model": "gemini-pro", "messages": [{"role": "user", "content": "x"}]})


# ----------------------------------------------------------------------------- real google-generativeai over REST


@pytest.fixture(scope="module")
def _server():  # type: ignore[no-untyped-def]
    from _fakes import FakeProviderServer, GeminiDialect

    with FakeProviderServer(GeminiDialect()) as server:
        yield server


@pytest.fixture
def fake(_server):  # type: ignore[no-untyped-def]
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture
def rest_client(fake, monkeypatch: pytest.MonkeyPatch) -> GeminiClient:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GOOGLE_GEMINI_API_KEY", raising=False)
    return GeminiClient(api_key="gm-fake", base_url=fake.base_url)


def test_real_sdk_plain_reply_and_request_shape(rest_client: GeminiClient, fake) -> None:  # type: ignore[no-untyped-def]
    from _fakes import FakeReply

    fake.script(FakeReply(text="Bonjour"))
    messages = [
        {"role": "system", "content": "Be brief."},
        {"role": "assistant", "content": "Hi"},
        {"role": "user", "content": "Say hello in French", "name": "u"},
    ]
    response = rest_client.create({"model": "gemini-1.5-flash", "messages": messages, "temperature": 0.1})
    assert response.choices[0].message.content == "Bonjour"
    generate = fake.requests[0]
    assert generate.path == "/v1beta/models/gemini-1.5-flash:generateContent"
    assert generate.headers.get("x-goog-api-key") == "gm-fake"
    assert [(c["role"], [p["text"] for p in c["parts"]]) for c in generate.body["contents"]] == [
        ("user", ["Be brief."]),
        ("model", ["Hi"]),
        ("user", ["Say hello in French"]),
    ]
    assert generate.body["generationConfig"] == {"temperature": 0.1}
    # usage as the server reported it in usageMetadata; no countTokens round trips
    assert (response.usage.prompt_tokens, response.usage.completion_tokens) == (11, 7)
    assert not [r for r in fake.requests if r.path.endswith(":countTokens")]
    assert response.cost == rest_client.get_usage(response)["cost"] > 0


def test_real_sdk_tool_call_then_function_response(rest_client: GeminiClient, fake) -> None:  # type: ignore[no-untyped-def]
    from _fakes import FakeReply

    tools = [{"type": "function", "function": {"name": "calc", "description": "Add", "parameters": {
        "type": "object", "properties": {"a": {"type": "integer"}}}}}]  # fmt: skip
    fake.script(FakeReply(tool_calls=[("calc", {"a": 2})]), FakeReply(text="The answer is 4"))
    messages: List[Dict[str, Any]] = [{"role": "user", "content": "double 2"}]
    first = rest_client.create({"model": "gemini-pro", "messages": messages, "tools": tools})
    call = first.choices[0].message.tool_calls[0]
    assert first.choices[0].finish_reason == "tool_calls"
    assert call.function.name == "calc" and json.loads(call.function.arguments) == {"a": 2}
    declaration = fake.bodies[0]["tools"][0]["functionDeclarations"][0]
    assert declaration["name"] == "calc" and declaration["parameters"]["properties"]["a"]["type"] in (3, "INTEGER")
    messages += [
        {"role": "assistant", "content": None, "tool_calls": [call.model_dump()]},
        {"role": "tool", "tool_call_id": call.id, "content": "4"},
    ]
    second = rest_client.create({"model": "gemini-pro", "messages": messages, "tools": tools})
    assert second.choices[0].message.content == "The answer is 4"
    contents = [r.body for r in fake.requests if r.path.endswith(":generateContent")][1]["contents"]
    assert [c["role"] for c in contents][:2] == ["user", "model"] and contents[2]["role"] in ("function", "user")
    assert contents[1]["parts"][0]["functionCall"]["name"] == "calc"
    assert contents[2]["parts"][0]["functionResponse"] == {"name": "calc", "response": {"result": 4}}


def test_real_sdk_error_is_runtime_error(rest_client: GeminiClient, fake) -> None:  # type: ignore[no-untyped-def]
    from _fakes import FakeReply

    fake.script(FakeReply.failure(400, "API key not valid. Please pass a valid API key."))
    with pytest.raises(RuntimeError, match="Google GenAI exception occurred.*API key not valid"):
        rest_client.create({"model": "gemini-pro", "messages": [{"role": "user", "content": "x"}]})


def test_two_agent_tool_chat_matches_openai_transcript_shape(fake, llm_server) -> None:  # type: ignore[no-untyped-def]
    from _fakes import FakeReply

    expected = openai_tool_chat_shape(llm_server)
    fake.script(FakeReply(tool_calls=[SCRIPT_CALL]), FakeReply(text=SCRIPT_ANSWER))
    config = {"api_type": "google", "model": "gemini-pro", "api_key": "k", "base_url": fake.base_url}
    assert shape(tool_chat({"config_list": [config], "cache_seed": None})) == expected
    assert (
        "functionResponse"
        in [r.body for r in fake.requests if r.path.endswith(":generateContent")][1]["contents"][-1]["parts"][0]
    )


def test_missing_sdk_keeps_import_working_and_names_the_extra() -> None:
    message = error_without_sdk(["google", "vertexai"], "gemini", "GeminiClient", {"api_key": "k"})
    assert 'pip install "autogen-agentchat[gemini]"' in message


def test_default_auth_vertex_mode_creates_without_init_args(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOOGLE_GEMINI_API_KEY", raising=False)
    with patch("autogen.oai.gemini.vertexai.init") as init, patch("autogen.oai.gemini.GenerativeModel") as model_cls:
        client = GeminiClient()
        _chat_mocks(model_cls, [_text_part("default credentials work")])
        response = client.create({"model": "gemini-1.5-pro", "messages": [{"role": "user", "content": "Hi"}]})
    assert client.use_vertexai
    init.assert_not_called()
    assert response.choices[0].message.content == "default credentials work"


def test_create_function_call_response_vertex_mode(vertex_client: GeminiClient) -> None:
    part = MagicMock()
    part.function_call.name = "calc"
    with (
        patch("autogen.oai.gemini.vertexai.init"),
        patch("autogen.oai.gemini.GenerativeModel") as model_cls,
        patch("autogen.oai.gemini.VertexAIPart.to_dict", return_value={"function_call": {"args": {"a": 3.0}}}),
    ):
        _chat_mocks(model_cls, [part])
        response = vertex_client.create({"model": "gemini-pro", "messages": [{"role": "user", "content": "Hi"}]})
    call = response.choices[0].message.tool_calls[0]
    assert call.function.name == "calc" and json.loads(call.function.arguments) == {"a": 3}
    assert call.id.isdigit()


def test_vertex_safety_settings_and_tool_config_reach_the_model(vertex_client: GeminiClient) -> None:
    tools = [
        {
            "type": "function",
            "function": {"name": "calc", "description": "", "parameters": {"type": "object", "properties": {}}},
        }
    ]
    settings = [{"category": CATEGORIES[0], "threshold": "BLOCK_NONE"}]
    with patch("autogen.oai.gemini.vertexai.init"), patch("autogen.oai.gemini.GenerativeModel") as model_cls:
        _chat_mocks(model_cls, [_text_part("ok")])
        vertex_client.create(
            {
                "model": "gemini-pro",
                "messages": [{"role": "user", "content": "Hi"}],
                "tools": tools,
                "safety_settings": settings,
                "tool_config": {"function_calling_config": {"mode": "AUTO"}},
            }
        )
    kwargs = model_cls.call_args.kwargs
    assert isinstance(kwargs["safety_settings"][0], SafetySetting)
    assert isinstance(kwargs["tool_config"], ToolConfig)
    assert kwargs["tools"][0].to_dict()["function_declarations"][0]["name"] == "calc"


def test_create_is_patchable(client: GeminiClient) -> None:
    with patch.object(GeminiClient, "create", return_value="patched"):
        assert client.create({}) == "patched"
