"""Custom model clients: `model_client_cls` placeholders, `register_model_client`, usage of custom responses."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any, Dict, List

import pytest

from autogen.oai.client import OpenAIWrapper, PlaceHolderClient

MESSAGES = [{"role": "user", "content": "hello"}]


class CustomModel:
    """A model client that answers locally and records what it was built with."""

    def __init__(self, config: Dict[str, Any], **kwargs: Any) -> None:
        self.config = config
        self.kwargs = kwargs
        self.requests: List[Dict[str, Any]] = []
        hook = kwargs.get("test_hook")
        if hook is not None:
            hook["called"] = True
            hook["config"] = config

    def create(self, params: Dict[str, Any]) -> SimpleNamespace:
        self.requests.append(params)
        message = SimpleNamespace(content=f"echo: {params['messages'][-1]['content']}", function_call=None)
        return SimpleNamespace(choices=[SimpleNamespace(message=message)], model=params.get("model", "custom"))

    def message_retrieval(self, response: Any) -> List[str]:
        return [choice.message.content for choice in response.choices]

    def cost(self, response: Any) -> float:
        return 20000000

    @staticmethod
    def get_usage(response: Any) -> Dict[str, Any]:
        return {}


class UsageModel(CustomModel):
    @staticmethod
    def get_usage(response: Any) -> Dict[str, Any]:
        return {
            "prompt_tokens": 2,
            "completion_tokens": 3,
            "total_tokens": 5,
            "cost": response.cost,
            "model": response.model,
        }


def _config(cls_name: str = "CustomModel", **extra: Any) -> Dict[str, Any]:
    return {
        "model": "local-model",
        "model_client_cls": cls_name,
        "device": "cpu",
        "params": {"max_length": 10},
        **extra,
    }


def test_registered_client_is_built_with_config_and_kwargs(in_tmp_dir) -> None:
    hook: Dict[str, Any] = {}
    client = OpenAIWrapper(config_list=[_config()], cache_seed=None)
    assert isinstance(client._clients[0], PlaceHolderClient)
    client.register_model_client(CustomModel, test_hook=hook)
    assert hook["called"] is True
    assert hook["config"]["device"] == "cpu" and hook["config"]["model"] == "local-model"
    assert hook["config"]["params"] == {"max_length": 10}
    response = client.create(messages=MESSAGES)
    assert client.extract_text_or_completion_object(response) == ["echo: hello"]
    assert response.cost == 20000000


def test_custom_client_receives_model_client_cls_in_params() -> None:
    client = OpenAIWrapper(config_list=[_config()], cache_seed=None)
    client.register_model_client(CustomModel)
    client.create(messages=MESSAGES, temperature=0)
    params = client._clients[0].requests[0]
    assert params["model_client_cls"] == "CustomModel"
    assert params["temperature"] == 0 and params["device"] == "cpu"
    assert "cache_seed" not in params


def test_registering_an_unlisted_class_is_a_value_error() -> None:
    class OtherModel(CustomModel):
        pass

    client = OpenAIWrapper(config_list=[_config()], cache_seed=None)
    with pytest.raises(ValueError, match='"model_client_cls": "OtherModel"'):
        client.register_model_client(OtherModel)


def test_two_placeholders_need_two_registrations() -> None:
    client = OpenAIWrapper(config_list=[_config(), _config()], cache_seed=None)
    client.register_model_client(CustomModel)
    with pytest.raises(RuntimeError, match=r"\['CustomModel'\] are not activated"):
        client.create(messages=MESSAGES)
    client.register_model_client(CustomModel)
    assert client.create(messages=MESSAGES).config_id == 0


def test_registering_again_only_warns(caplog) -> None:
    client = OpenAIWrapper(config_list=[_config()], cache_seed=None)
    client.register_model_client(CustomModel)
    with caplog.at_level("WARNING", logger="autogen.oai.client"):
        client.register_model_client(CustomModel)
    assert "already registered" in caplog.text


def test_empty_usage_is_tolerated() -> None:
    client = OpenAIWrapper(config_list=[_config()], cache_seed=None)
    client.register_model_client(CustomModel)
    client.create(messages=MESSAGES)
    assert client.total_usage_summary is None and client.actual_usage_summary is None


def test_custom_usage_is_recorded() -> None:
    client = OpenAIWrapper(config_list=[_config("UsageModel")], cache_seed=None)
    client.register_model_client(UsageModel)
    client.create(messages=MESSAGES)
    assert client.total_usage_summary == {
        "total_cost": 20000000,
        "local-model": {"cost": 20000000, "prompt_tokens": 2, "completion_tokens": 3, "total_tokens": 5},
    }


def test_custom_client_responses_are_cached(in_tmp_dir) -> None:
    client = OpenAIWrapper(config_list=[_config()], cache_seed=3)
    client.register_model_client(CustomModel)
    client.create(messages=MESSAGES)
    response = client.create(messages=MESSAGES)
    assert len(client._clients[0].requests) == 1
    assert client.extract_text_or_completion_object(response) == ["echo: hello"]


def test_timeout_in_custom_config_is_accepted() -> None:
    client = OpenAIWrapper(config_list=[_config(timeout=60)], cache_seed=None)
    client.register_model_client(CustomModel)
    assert client.create(messages=MESSAGES).config_id == 0


def test_custom_and_openai_configs_mix(llm_server) -> None:
    client = OpenAIWrapper(config_list=[_config(), *llm_server.config_list()], cache_seed=None)
    client.register_model_client(CustomModel)
    response = client.create(messages=MESSAGES, filter_func=lambda context, response: response.model == "gpt-4")
    assert response.config_id == 1 and len(llm_server.requests) == 1


def test_api_rate_limit_throttles_calls() -> None:
    config = _config(api_rate_limit=20.0)
    client = OpenAIWrapper(config_list=[config], cache_seed=None)
    assert "api_rate_limit" not in config  # consumed from the caller's dict, as in 0.2
    client.register_model_client(CustomModel)
    start = time.perf_counter()
    for _ in range(3):
        client.create(messages=MESSAGES)
    assert time.perf_counter() - start >= 0.09
    assert "api_rate_limit" not in client._clients[0].requests[0]
