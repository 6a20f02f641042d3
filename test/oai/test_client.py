"""OpenAIWrapper against the loopback server: config merging, routing, templates, filters, cost and usage."""

from __future__ import annotations

import logging
import subprocess
import sys
from typing import Any, Dict, List

import pytest
from openai import AzureOpenAI, OpenAI

from autogen.io import IOStream
from autogen.oai import OpenAIWrapper as ExportedWrapper
from autogen.oai.client import (
    LEGACY_CACHE_DIR,
    LEGACY_DEFAULT_CACHE_SEED,
    OPEN_API_BASE_URL_PREFIX,
    TOOL_ENABLED,
    OpenAIClient,
    OpenAIWrapper,
    PlaceHolderClient,
)
from autogen.oai.openai_utils import OAI_PRICE1K
from autogen.testing import Reply

MESSAGES = [{"role": "user", "content": "What is two plus two?"}]


class Recorder:
    """An IOStream that keeps what is printed."""

    def __init__(self) -> None:
        self.lines: List[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.lines.append(sep.join(map(str, objects)) + end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return ""

    @property
    def text(self) -> str:
        return "".join(self.lines)


def test_constants_are_importable() -> None:
    assert LEGACY_CACHE_DIR == ".cache"
    assert LEGACY_DEFAULT_CACHE_SEED == 41
    assert OPEN_API_BASE_URL_PREFIX == "https://api.openai.com"
    assert TOOL_ENABLED is True
    assert ExportedWrapper is OpenAIWrapper


def test_create_returns_the_server_answer(llm_server, llm_config) -> None:
    llm_server.script(Reply.text("Four."))
    client = OpenAIWrapper(**llm_config)
    response = client.create(messages=MESSAGES)
    assert client.extract_text_or_completion_object(response) == ["Four."]
    assert response.config_id == 0 and response.pass_filter is True
    assert llm_server.requests[0].body["messages"] == MESSAGES


def test_wrapper_only_kwargs_never_reach_the_endpoint(llm_server, llm_config) -> None:
    client = OpenAIWrapper(**llm_config, temperature=0.5, tags=["x"], price=[1, 2])
    client.create(messages=MESSAGES, context={"a": 1}, agent=None, filter_func=None, allow_format_str_template=False)
    body = llm_server.requests[0].body
    assert body["temperature"] == 0.5
    for key in OpenAIWrapper.extra_kwargs:
        assert key not in body
    assert "api_key" not in body and "base_url" not in body


def test_config_list_entry_overrides_create_kwargs(llm_server) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list(model="gpt-4", temperature=0.1), cache_seed=None)
    client.create(messages=MESSAGES, model="gpt-3.5-turbo", temperature=0.9)
    body = llm_server.requests[0].body
    assert body["model"] == "gpt-4"
    assert body["temperature"] == 0.1


def test_config_entry_overrides_base_config(llm_server) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list(max_tokens=5), max_tokens=50, seed=7, cache_seed=None)
    client.create(messages=MESSAGES)
    body = llm_server.requests[0].body
    assert body["max_tokens"] == 5 and body["seed"] == 7


def test_model_can_be_given_at_create_time(llm_server) -> None:
    config = llm_server.config_list()[0]
    del config["model"]
    client = OpenAIWrapper(config_list=[config], cache_seed=None)
    client.create(messages=MESSAGES, model="gpt-4o")
    assert llm_server.requests[0].body["model"] == "gpt-4o"


def test_base_config_only_builds_one_client(llm_server) -> None:
    client = OpenAIWrapper(api_key="sk-test", base_url=llm_server.base_url, model="gpt-4", cache_seed=None)
    assert len(client._clients) == 1 and isinstance(client._clients[0], OpenAIClient)
    assert client._config_list == [{"model": "gpt-4", "cache_seed": None}]
    response = client.create(messages=MESSAGES)
    assert response.model == "gpt-4"


def test_sdk_client_is_reused_across_calls(llm_server, llm_config) -> None:
    client = OpenAIWrapper(**llm_config)
    sdk = client._clients[0]._oai_client
    client.create(messages=MESSAGES)
    client.create(messages=MESSAGES)
    assert client._clients[0]._oai_client is sdk
    assert isinstance(sdk, OpenAI)


def test_messages_passed_in_are_not_mutated(llm_server, llm_config) -> None:
    messages = [{"role": "user", "content": "Hi {name}"}]
    client = OpenAIWrapper(**llm_config)
    client.create(messages=messages, context={"name": "Bob"}, allow_format_str_template=True)
    assert messages == [{"role": "user", "content": "Hi {name}"}]


def test_format_str_template_filled_only_when_allowed(llm_server, llm_config) -> None:
    client = OpenAIWrapper(**llm_config)
    client.create(messages=[{"role": "user", "content": "Hi {name}"}], context={"name": "Bob"})
    client.create(
        messages=[{"role": "user", "content": "Hi {name}"}], context={"name": "Bob"}, allow_format_str_template=True
    )
    assert llm_server.requests[0].messages[0]["content"] == "Hi {name}"
    assert llm_server.requests[1].messages[0]["content"] == "Hi Bob"


def test_callable_template_gets_the_context(llm_server, llm_config) -> None:
    client = OpenAIWrapper(**llm_config)
    client.create(messages=[{"role": "user", "content": lambda ctx: f"Hello {ctx['who']}"}], context={"who": "you"})
    assert llm_server.requests[0].messages[0]["content"] == "Hello you"


def test_instantiate_rules() -> None:
    assert OpenAIWrapper.instantiate("a {x}", {"x": 1}) == "a {x}"
    assert OpenAIWrapper.instantiate("a {x}", {"x": 1}, True) == "a 1"
    assert OpenAIWrapper.instantiate("a {x}", None, True) == "a {x}"
    assert OpenAIWrapper.instantiate(None, {"x": 1}) is None
    assert OpenAIWrapper.instantiate(lambda c: str(c["x"]), {"x": 2}) == "2"


def test_prompt_and_messages_together_are_rejected(llm_server, llm_config) -> None:
    client = OpenAIWrapper(**llm_config)
    with pytest.raises(ValueError, match="Either prompt or messages"):
        client.create(messages=MESSAGES, prompt="hi")
    with pytest.raises(ValueError, match="Either prompt or messages"):
        client.create()
    assert llm_server.requests == []


def test_filter_func_rejection_moves_to_next_config(llm_server) -> None:
    llm_server.script(Reply.text("bad answer"), Reply.text("good answer"))
    config_list = llm_server.config_list() + llm_server.config_list(model="gpt-4o")
    seen = []

    def only_good(context: Any, response: Any) -> bool:
        seen.append(context)
        return "good" in OpenAIWrapper.extract_text_or_completion_object(response)[0]

    client = OpenAIWrapper(config_list=config_list, cache_seed=None)
    response = client.create(messages=MESSAGES, filter_func=only_good, context={"k": 1})
    assert client.extract_text_or_completion_object(response) == ["good answer"]
    assert response.config_id == 1 and response.pass_filter is True
    assert [r.body["model"] for r in llm_server.requests] == ["gpt-4", "gpt-4o"]
    assert seen == [{"k": 1}, {"k": 1}]


def test_filter_func_rejecting_last_config_still_returns_it(llm_server, llm_config) -> None:
    client = OpenAIWrapper(**llm_config)
    response = client.create(messages=MESSAGES, filter_func=lambda context, response: False)
    assert response.pass_filter is False and response.config_id == 0


def test_tool_call_reply_is_a_message_object(llm_server, llm_config) -> None:
    llm_server.script(Reply.tool_call("add", {"a": 1, "b": 2}, id="call_1"))
    tools = [{"type": "function", "function": {"name": "add", "parameters": {"type": "object", "properties": {}}}}]
    client = OpenAIWrapper(**llm_config)
    response = client.create(messages=MESSAGES, tools=tools)
    (message,) = client.extract_text_or_completion_object(response)
    assert message.tool_calls[0].id == "call_1"
    assert message.tool_calls[0].function.name == "add"
    assert message.tool_calls[0].function.arguments == '{"a": 1, "b": 2}'
    assert message.model_dump()["tool_calls"][0]["type"] == "function"
    assert llm_server.requests[0].body["tools"] == tools


def test_function_call_reply_is_a_message_object(llm_server, llm_config) -> None:
    llm_server.script(Reply.function("lookup", {"q": "x"}))
    client = OpenAIWrapper(**llm_config)
    (message,) = client.extract_text_or_completion_object(client.create(messages=MESSAGES))
    assert message.function_call.name == "lookup"
    assert message.content is None


def test_several_choices_give_several_texts(llm_server, llm_config) -> None:
    llm_server.script(Reply.text("same", n=3))
    client = OpenAIWrapper(**llm_config)
    assert client.extract_text_or_completion_object(client.create(messages=MESSAGES, n=3)) == ["same"] * 3


# ---------------------------------------------------------------------------------------------- cost and usage
def test_cost_comes_from_the_price_table(llm_server, llm_config) -> None:
    llm_server.script(Reply.text("ok", usage={"prompt_tokens": 100, "completion_tokens": 50}))
    response = OpenAIWrapper(**llm_config).create(messages=MESSAGES)
    prompt_price, completion_price = OAI_PRICE1K["gpt-4"]
    assert response.cost == pytest.approx((100 * prompt_price + 50 * completion_price) / 1000)


def test_custom_price_overrides_the_table(llm_server) -> None:
    llm_server.script(Reply.text("ok", usage={"prompt_tokens": 3, "completion_tokens": 2}))
    client = OpenAIWrapper(config_list=llm_server.config_list(price=[1000, 1000]), cache_seed=None)
    response = client.create(messages=MESSAGES)
    assert response.cost == pytest.approx(5.0)
    assert client.actual_usage_summary["total_cost"] == pytest.approx(5.0)


def test_scalar_price_is_used_for_both_directions(llm_server) -> None:
    llm_server.script(Reply.text("ok", usage={"prompt_tokens": 3, "completion_tokens": 2}))
    client = OpenAIWrapper(config_list=llm_server.config_list(price=2), cache_seed=None)
    assert client.create(messages=MESSAGES).cost == pytest.approx(0.01)


def test_price_with_more_than_two_items_uses_the_first_two(llm_server) -> None:
    llm_server.script(Reply.text("ok", usage={"prompt_tokens": 3, "completion_tokens": 2}))
    client = OpenAIWrapper(config_list=llm_server.config_list(price=[1, 2, 3]), cache_seed=None)
    assert client.create(messages=MESSAGES).cost == pytest.approx(0.007)


def test_price_that_is_a_string_fails_when_indexed(llm_server) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list(price="x"), cache_seed=None)
    with pytest.raises(IndexError):
        client.create(messages=MESSAGES)


def test_unknown_model_costs_zero(llm_server) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list(model="my-local-model"), cache_seed=None)
    response = client.create(messages=MESSAGES)
    assert response.cost == 0
    assert client.total_usage_summary["my-local-model"]["cost"] == 0


def test_unknown_model_warns_on_every_response(llm_server, caplog) -> None:
    llm_server.responder = lambda body: Reply.text("ok")
    client = OpenAIWrapper(config_list=llm_server.config_list(model="my-local-model"), cache_seed=None)
    with caplog.at_level(logging.WARNING, logger="autogen.oai.client"):
        client.create(messages=MESSAGES)
        client.create(messages=MESSAGES)
    warning = (
        'Model my-local-model is not found. The cost will be 0. In your config_list, add field {"price" : '
        "[prompt_price_per_1k, completion_token_price_per_1k]} for customized pricing."
    )
    assert caplog.messages == [warning, warning]


def test_unknown_request_parameter_is_rejected_by_the_sdk(llm_server) -> None:
    entry = {**llm_server.config_list()[0], "tags": ["a"], "unknown_field": 1}
    client = OpenAIWrapper(config_list=[entry], cache_seed=None)
    with pytest.raises(TypeError, match="got an unexpected keyword argument 'unknown_field'"):
        client.create(messages=MESSAGES)
    assert llm_server.requests == []


def test_usage_summaries_accumulate_server_usage(llm_server, llm_config) -> None:
    usages = [{"prompt_tokens": 10, "completion_tokens": 5}, {"prompt_tokens": 7, "completion_tokens": 3}]
    llm_server.script(*[Reply.text("ok", usage=u) for u in usages])
    client = OpenAIWrapper(**llm_config)
    costs = [client.create(messages=MESSAGES).cost for _ in usages]
    expected = {
        "total_cost": pytest.approx(sum(costs)),
        "gpt-4": {
            "cost": pytest.approx(sum(costs)),
            "prompt_tokens": 17,
            "completion_tokens": 8,
            "total_tokens": 25,
        },
    }
    assert client.actual_usage_summary == expected
    assert client.total_usage_summary == expected


def test_usage_is_kept_per_model(llm_server) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None)
    client.create(messages=MESSAGES)
    client.create(messages=MESSAGES, model="ignored-because-config-wins")
    other = OpenAIWrapper(config_list=llm_server.config_list(model="gpt-4o"), cache_seed=None)
    other.create(messages=MESSAGES)
    assert set(client.total_usage_summary) == {"total_cost", "gpt-4"}
    assert set(other.total_usage_summary) == {"total_cost", "gpt-4o"}


def test_clear_usage_summary(llm_server, llm_config) -> None:
    client = OpenAIWrapper(**llm_config)
    client.create(messages=MESSAGES)
    client.clear_usage_summary()
    assert client.total_usage_summary is None and client.actual_usage_summary is None


def test_print_usage_summary_before_create(llm_config) -> None:
    rec = Recorder()
    with IOStream.set_default(rec):
        OpenAIWrapper(**llm_config).print_usage_summary()
    assert rec.text == 'No usage summary. Please call "create" first.\n'


def test_print_usage_summary_non_cached_text(llm_server, llm_config) -> None:
    llm_server.script(Reply.text("ok", usage={"prompt_tokens": 1000, "completion_tokens": 1000}))
    client = OpenAIWrapper(**llm_config)
    client.create(messages=MESSAGES)
    rec = Recorder()
    with IOStream.set_default(rec):
        client.print_usage_summary()
    rule = "-" * 100
    assert rec.text == (
        f"{rule}\n"
        "Usage summary excluding cached usage: \n"
        "Total cost: 0.09\n"
        "* Model 'gpt-4': cost: 0.09, prompt_tokens: 1000, completion_tokens: 1000, total_tokens: 2000\n"
        "\n"
        "All completions are non-cached: the total cost with cached completions is the same as actual cost.\n"
        f"{rule}\n"
    )


def test_print_usage_summary_keeps_a_float_zero_cost(llm_server) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list(price=[0.0, 0.0]), cache_seed=None)
    client.create(messages=MESSAGES)
    assert repr(client.total_usage_summary["total_cost"]) == "0.0"
    rec = Recorder()
    with IOStream.set_default(rec):
        client.print_usage_summary(mode="total")
    assert "Total cost: 0.0\n* Model 'gpt-4': cost: 0.0, " in rec.text


def test_print_usage_summary_modes(llm_server, in_tmp_dir) -> None:
    llm_server.script(Reply.text("ok", usage={"prompt_tokens": 1000, "completion_tokens": 0}))
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=5)
    client.create(messages=MESSAGES)
    client.create(messages=MESSAGES)  # cache hit
    rec = Recorder()
    with IOStream.set_default(rec):
        client.print_usage_summary(mode="total")
    assert "Usage summary including cached usage: \nTotal cost: 0.06\n" in rec.text
    assert "excluding" not in rec.text
    rec = Recorder()
    with IOStream.set_default(rec):
        client.print_usage_summary()
    assert "Total cost: 0.03\n" in rec.text and "Total cost: 0.06\n" in rec.text
    client.clear_usage_summary()
    client.create(messages=MESSAGES)  # only cached usage now
    rec = Recorder()
    with IOStream.set_default(rec):
        client.print_usage_summary(mode=["actual"])
    assert "No actual cost incurred (all completions are using cache).\n" in rec.text


@pytest.mark.parametrize(
    ("mode", "printed"),
    [
        ([], ""),  # a list of the wrong length is rejected before anything prints
        (["actual", "total", "actual"], ""),
        ("everything", "-" * 100 + "\n"),  # an unknown mode only after the opening rule, as in 0.2.40
        (["bogus"], "-" * 100 + "\n"),
        (("actual", "total"), "-" * 100 + "\n"),  # only a list is read as a list of modes
    ],
)
def test_print_usage_summary_rejects_bad_modes(llm_server, llm_config, mode, printed) -> None:
    client = OpenAIWrapper(**llm_config)
    client.create(messages=MESSAGES)
    rec = Recorder()
    with IOStream.set_default(rec), pytest.raises(ValueError) as info:
        client.print_usage_summary(mode=mode)
    assert str(info.value) == f'Invalid mode: {mode}, choose from "actual", "total", ["actual", "total"]'
    assert rec.text == printed


# ---------------------------------------------------------------------------------------------- routing
def test_azure_config_builds_azure_client(no_openai_env) -> None:
    client = OpenAIWrapper(
        config_list=[
            {
                "model": "gpt-3.5-turbo",
                "api_key": "azure-key",
                "base_url": "https://example-resource.openai.azure.com",
                "api_type": "azure",
                "api_version": "2024-02-01",
            }
        ]
    )
    sdk = client._clients[0]._oai_client
    assert isinstance(sdk, AzureOpenAI)
    assert "/openai/deployments/gpt-35-turbo" in str(sdk.base_url)
    assert client._config_list[0]["api_type"] == "azure"


def test_azure_model_dots_removed_in_requests(llm_server) -> None:
    config = {
        "model": "gpt-3.5-turbo",
        "api_key": "azure-key",
        "azure_endpoint": f"http://127.0.0.1:{llm_server.port}",
        "api_type": "azure",
        "api_version": "2024-02-01",
        "cache_seed": None,
    }
    client = OpenAIWrapper(config_list=[config])
    client.create(messages=MESSAGES)
    request = llm_server.requests[0]
    assert request.path.startswith("/openai/deployments/gpt-35-turbo/chat/completions")
    assert request.body["model"] == "gpt-35-turbo"
    assert request.headers.get("api-key") == "azure-key"


def test_unknown_api_type_uses_openai_compatible_client(llm_server, caplog) -> None:
    with caplog.at_level("WARNING", logger="autogen.oai.client"):
        client = OpenAIWrapper(config_list=llm_server.config_list(api_type="my-gateway"), cache_seed=None)
    assert caplog.messages == []  # silent, as in 0.2.40
    with caplog.at_level("DEBUG", logger="autogen.oai.client"):
        OpenAIWrapper(config_list=llm_server.config_list(api_type="my-gateway-2"), cache_seed=None)
        OpenAIWrapper(config_list=llm_server.config_list(api_type="my-gateway-2"), cache_seed=None)
    assert caplog.text.count("'my-gateway-2' is not a known provider") == 1  # a debug note, once per value
    assert isinstance(client._clients[0], OpenAIClient)
    client.create(messages=MESSAGES)
    assert "api_type" not in llm_server.requests[0].body


def test_non_string_api_type_is_rejected(llm_server) -> None:
    with pytest.raises(TypeError, match="api_type"):
        OpenAIWrapper(config_list=llm_server.config_list(api_type=5))


def test_config_entry_must_be_a_dict(llm_server) -> None:
    with pytest.raises(TypeError, match=r"config_list\[1\] must be a dict"):
        OpenAIWrapper(config_list=[llm_server.config_list()[0], "sk-secret-key-in-wrong-place"])


def test_config_list_may_be_a_tuple(llm_server) -> None:
    client = OpenAIWrapper(config_list=tuple(llm_server.config_list()), cache_seed=None)
    assert client.create(messages=MESSAGES).config_id == 0


def test_config_list_must_be_a_list(llm_server) -> None:
    with pytest.raises(TypeError, match="config_list must be a list"):
        OpenAIWrapper(config_list=llm_server.config_list()[0])


def test_missing_provider_module_names_pip_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "autogen.oai.cerebras", None)  # importing it now raises ImportError
    with pytest.raises(ImportError, match=r'pip install "autogen-agentchat\[cerebras\]"'):
        OpenAIWrapper(config_list=[{"model": "llama3.1-8b", "api_key": "k", "api_type": "cerebras"}])


def test_no_config_and_no_key_raises_sdk_error(no_openai_env) -> None:
    import openai

    with pytest.raises(openai.OpenAIError):
        OpenAIWrapper(model="gpt-4")


def test_placeholder_until_registered(llm_config) -> None:
    client = OpenAIWrapper(config_list=[{"model": "local", "model_client_cls": "NeverRegistered"}])
    assert isinstance(client._clients[0], PlaceHolderClient)
    with pytest.raises(RuntimeError) as info:
        client.create(messages=MESSAGES)
    assert str(info.value) == (
        "Model client(s) ['NeverRegistered'] are not activated. Please register the custom model clients using "
        "`register_model_client` or filter them out form the config list."
    )


# ---------------------------------------------------------------------------------------------- secrets and imports
def test_api_key_not_in_repr(llm_server) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None)
    assert llm_server.api_key not in repr(client)
    assert llm_server.api_key not in repr(client._clients[0])


def test_import_loads_no_optional_package() -> None:
    code = (
        "import sys, autogen.oai, autogen.oai.client\n"
        "loaded = [m for m, mod in list(sys.modules.items()) if getattr(mod, '__file__', None)]\n"  # not bare namespaces
        "bad = [m for m in loaded if m.split('.')[0] in "
        "('redis', 'azure', 'anthropic', 'boto3', 'mistralai', 'groq', 'cohere', 'together', 'ollama', "
        "'cerebras', 'vertexai', 'google')]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_import_autogen_does_not_import_openai() -> None:
    code = "import sys, autogen\nprint('openai' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_response_usage_keys_of_openai_client(llm_server, llm_config) -> None:
    llm_server.script(Reply.text("ok", usage={"prompt_tokens": 4, "completion_tokens": 2}))
    client = OpenAIWrapper(**llm_config)
    response = client.create(messages=MESSAGES)
    usage: Dict[str, Any] = OpenAIClient.get_usage(response)
    assert usage == {
        "prompt_tokens": 4,
        "completion_tokens": 2,
        "total_tokens": 6,
        "cost": response.cost,
        "model": "gpt-4",
    }


def test_prompt_uses_legacy_completions_endpoint_without_streaming(llm_server) -> None:
    import openai

    client = OpenAIWrapper(
        config_list=llm_server.config_list(model="gpt-3.5-turbo-instruct", max_retries=0), cache_seed=None
    )
    with pytest.raises(openai.NotFoundError):  # the loopback server only serves chat completions
        client.create(prompt="Say hi", stream=True)
    request = llm_server.requests[0]
    assert request.path.endswith("/completions") and not request.path.endswith("/chat/completions")
    assert request.body["prompt"] == "Say hi" and request.body["stream"] is False


def test_custom_client_from_base_config_only() -> None:
    class Echo:
        def __init__(self, config: Dict[str, Any]) -> None:
            self.config = config

        def create(self, params: Dict[str, Any]) -> Any:
            from types import SimpleNamespace

            message = SimpleNamespace(content=params["model"], function_call=None)
            return SimpleNamespace(choices=[SimpleNamespace(message=message)], model=params["model"])

        def message_retrieval(self, response: Any) -> List[str]:
            return [c.message.content for c in response.choices]

        def cost(self, response: Any) -> float:
            return 0.0

        @staticmethod
        def get_usage(response: Any) -> Dict[str, Any]:
            return {}

    client = OpenAIWrapper(model="echo-model", model_client_cls="Echo", cache_seed=None)
    client.register_model_client(Echo)
    assert client.extract_text_or_completion_object(client.create(messages=MESSAGES)) == ["echo-model"]


def test_filter_rejected_fresh_call_still_counts_usage(llm_server) -> None:
    llm_server.script(
        Reply.text("bad", usage={"prompt_tokens": 10, "completion_tokens": 1}),
        Reply.text("good", usage={"prompt_tokens": 20, "completion_tokens": 2}),
    )
    config_list = llm_server.config_list() + llm_server.config_list(model="gpt-4o")
    client = OpenAIWrapper(config_list=config_list, cache_seed=None)
    client.create(messages=MESSAGES, filter_func=lambda context, response: response.model == "gpt-4o")
    assert client.actual_usage_summary["gpt-4"]["prompt_tokens"] == 10
    assert client.actual_usage_summary["gpt-4o"]["prompt_tokens"] == 20
