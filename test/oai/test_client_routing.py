"""Which client each config entry gets: Azure fix-ups, provider modules loaded lazily, and their construction kwargs."""

from __future__ import annotations

import subprocess
import sys
import types
from typing import Any, Dict, List

import pytest
from openai import AzureOpenAI

from autogen.oai._routing import PROVIDERS
from autogen.oai.client import OpenAIClient, OpenAIWrapper

AZURE = {
    "model": "gpt-4.1",
    "api_key": "azure-key",
    "base_url": "https://res.openai.azure.com",
    "api_type": "azure",
    "api_version": "2024-02-01",
}


class RecordingProvider:
    """A provider client that records how the wrapper built it."""

    built: List[Dict[str, Any]] = []

    def __init__(self, **kwargs: Any) -> None:
        RecordingProvider.built.append(kwargs)


@pytest.fixture
def fake_provider(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Install a stand-in module for one provider (its real SDK is not installed here)."""
    RecordingProvider.built = []

    def install(module: str, cls_name: str) -> None:
        mod = types.ModuleType(f"autogen.oai.{module}")
        setattr(mod, cls_name, RecordingProvider)
        monkeypatch.setitem(sys.modules, f"autogen.oai.{module}", mod)

    return install


def test_azure_deployment_defaults_to_model_without_dots(no_openai_env) -> None:
    sdk = OpenAIWrapper(config_list=[AZURE])._clients[0]._oai_client
    assert isinstance(sdk, AzureOpenAI)
    assert str(sdk.base_url).startswith("https://res.openai.azure.com/openai/deployments/gpt-41")


def test_azure_explicit_deployment_and_endpoint_win(no_openai_env) -> None:
    config = {**AZURE, "azure_deployment": "my-deploy", "azure_endpoint": "https://other.openai.azure.com"}
    sdk = OpenAIWrapper(config_list=[config])._clients[0]._oai_client
    assert str(sdk.base_url).startswith("https://other.openai.azure.com/openai/deployments/my-deploy")


def test_azure_config_list_entry_keeps_no_sdk_keys(no_openai_env) -> None:
    client = OpenAIWrapper(config_list=[AZURE], temperature=0)
    assert client._config_list == [{"temperature": 0, "model": "gpt-4.1", "api_type": "azure"}]


def test_azure_default_token_provider_needs_azure_identity(monkeypatch, no_openai_env) -> None:
    monkeypatch.setitem(sys.modules, "azure.identity", None)
    config = {k: v for k, v in AZURE.items() if k != "api_key"}
    with pytest.raises(ImportError, match="azure-identity"):
        OpenAIWrapper(config_list=[{**config, "azure_ad_token_provider": "DEFAULT"}])


@pytest.mark.parametrize("api_type", ["openai", "aoai", None])
def test_openai_api_types_use_openai_client(llm_server, api_type) -> None:
    config = llm_server.config_list()[0]
    if api_type is not None:
        config["api_type"] = api_type
    assert isinstance(OpenAIWrapper(config_list=[config])._clients[0], OpenAIClient)


def test_provider_gets_only_sdk_kwargs(fake_provider) -> None:
    fake_provider("groq", "GroqClient")
    client = OpenAIWrapper(
        config_list=[{"model": "llama3-8b-8192", "api_key": "gk", "api_type": "groq", "temperature": 0.5}],
        timeout=30,
    )
    assert RecordingProvider.built == [{"timeout": 30, "api_key": "gk"}]
    assert client._config_list[0] == {"model": "llama3-8b-8192", "api_type": "groq", "temperature": 0.5}


def test_bedrock_always_gets_aws_keys(fake_provider) -> None:
    fake_provider("bedrock", "BedrockClient")
    OpenAIWrapper(
        config_list=[
            {
                "model": "m",
                "api_type": "bedrock",
                "aws_region": "us-east-1",
                "aws_access_key": "a",
                "aws_secret_key": "s",
            }
        ]
    )
    assert RecordingProvider.built == [{"aws_region": "us-east-1", "aws_access_key": "a", "aws_secret_key": "s"}]


def test_anthropic_gets_aws_keys_only_without_api_key(fake_provider) -> None:
    fake_provider("anthropic", "AnthropicClient")
    aws = {"aws_region": "us-east-1", "aws_profile_name": "p"}
    OpenAIWrapper(config_list=[{"model": "claude", "api_type": "anthropic", **aws}])
    OpenAIWrapper(config_list=[{"model": "claude", "api_type": "anthropic", "api_key": "ak", **aws}])
    assert RecordingProvider.built == [aws, {"api_key": "ak"}]


@pytest.mark.parametrize("provider", PROVIDERS, ids=[p.prefix for p in PROVIDERS])
def test_missing_provider_names_its_extra(monkeypatch, provider) -> None:
    monkeypatch.setitem(sys.modules, f"autogen.oai.{provider.module}", None)
    with pytest.raises(ImportError) as info:
        OpenAIWrapper(config_list=[{"model": "m", "api_key": "sk-routing-secret", "api_type": provider.prefix}])
    assert f'pip install "autogen-agentchat[{provider.extra}]"' in str(info.value)
    assert "sk-routing-secret" not in str(info.value)


def test_provider_modules_load_only_when_used() -> None:
    code = (
        "import sys\n"
        "from autogen.oai import OpenAIWrapper\n"
        "OpenAIWrapper(config_list=[{'model': 'gpt-4', 'api_key': 'sk-x', 'base_url': 'http://127.0.0.1:9/v1'}])\n"
        "print(sorted(m for m in sys.modules if m.startswith('autogen.oai.') and not m.split('.')[-1].startswith('_')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert (
        out.strip()
        == "['autogen.oai.client', 'autogen.oai.client_utils', 'autogen.oai.completion', 'autogen.oai.openai_utils', 'autogen.oai.rate_limiters']"
    )


def test_provider_class_available_from_client_module(fake_provider) -> None:
    fake_provider("cohere", "CohereClient")
    from autogen.oai import client as client_module

    assert client_module.CohereClient is RecordingProvider
    with pytest.raises(AttributeError):
        client_module.NoSuchClient  # noqa: B018


def test_local_api_type_builds_client_from_whole_config(monkeypatch) -> None:
    built: List[Dict[str, Any]] = []

    class LocalLLMClient:
        def __init__(self, config: Dict[str, Any]) -> None:
            built.append(config)

    mod = types.ModuleType("autogen.oai.local")
    mod.LocalLLMClient = LocalLLMClient  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "autogen.oai.local", mod)
    config = {"model": "tiny", "api_type": "local", "model_path": "/m.gguf", "n_ctx": 2048}
    OpenAIWrapper(config_list=[config])
    assert built == [config]


def test_localai_is_an_openai_compatible_api_type(llm_server) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list(api_type="localai"))
    assert isinstance(client._clients[0], OpenAIClient)
