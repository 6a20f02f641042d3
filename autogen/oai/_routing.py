"""Which model client serves a config entry, built from its `api_type`; provider modules load only when needed."""

from __future__ import annotations

import importlib
import inspect
import logging
from typing import Any, Dict, FrozenSet, NamedTuple, Optional, Set, Tuple

__all__ = ("PROVIDERS", "AWS_KEYS", "openai_client_kwargs", "load_provider_class", "provider_for", "configure_azure")

logger = logging.getLogger("autogen.oai.client")


class Provider(NamedTuple):
    prefix: str  # `api_type` values starting with this select the provider
    module: str  # autogen.oai.<module>
    cls: str
    label: str  # human name
    sdk: str  # the package the user lacks when the import fails
    extra: str  # pip extra of autogen-agentchat
    whole_config: bool = False  # built as cls(config_entry) like a custom client, not cls(**sdk_kwargs)


# Checked in this order (after "azure"), as 0.2 does.
PROVIDERS: Tuple[Provider, ...] = (
    Provider("cerebras", "cerebras", "CerebrasClient", "Cerebras", "cerebras_cloud_sdk", "cerebras"),
    Provider("google", "gemini", "GeminiClient", "Gemini", "google-generativeai", "gemini"),
    Provider("anthropic", "anthropic", "AnthropicClient", "Anthropic", "anthropic", "anthropic"),
    Provider("mistral", "mistral", "MistralAIClient", "Mistral", "mistralai", "mistral"),
    Provider("together", "together", "TogetherClient", "Together.AI", "together", "together"),
    Provider("groq", "groq", "GroqClient", "Groq", "groq", "groq"),
    Provider("cohere", "cohere", "CohereClient", "Cohere", "cohere", "cohere"),
    Provider("ollama", "ollama", "OllamaClient", "Ollama", "ollama", "ollama"),
    Provider("bedrock", "bedrock", "BedrockClient", "Amazon Bedrock", "boto3", "bedrock"),
    # Beyond 0.2: an in-process GGUF model (autogen.oai.local), configured entirely by its config entry.
    Provider("local", "local", "LocalLLMClient", "local model", "xllamacpp", "local", whole_config=True),
)
PROVIDER_BY_CLASS: Dict[str, Provider] = {p.cls: p for p in PROVIDERS}

AWS_KEYS = ("aws_region", "aws_access_key", "aws_secret_key", "aws_session_token", "aws_profile_name")
# Plain OpenAI-compatible endpoints: no note in the log for these.
_OPENAI_LIKE = ("openai", "open_ai", "aoai")
_warned_api_types: Set[str] = set()


def openai_client_kwargs(classes: Tuple[str, ...] = ("OpenAI", "AzureOpenAI")) -> FrozenSet[str]:
    """Keyword-only parameters of the installed SDK's constructors of `classes` (by default OpenAI and AzureOpenAI)."""
    try:
        import openai
    except ImportError:
        return frozenset()
    names = set()
    for cls in classes:
        for name, param in inspect.signature(getattr(openai, cls).__init__).parameters.items():
            if param.kind == inspect.Parameter.KEYWORD_ONLY:
                names.add(name)
    return frozenset(names)


def provider_for(api_type: Any) -> Optional[Provider]:
    """The provider selected by `api_type`, or None for OpenAI / Azure OpenAI / OpenAI-compatible endpoints."""
    if api_type is None:
        return None
    if not isinstance(api_type, str):
        raise TypeError(
            f"api_type must be a string such as 'openai', 'azure' or 'anthropic', got {type(api_type).__name__}"
        )
    if api_type.startswith("azure"):
        return None
    for provider in PROVIDERS:
        # "local" must match exactly: "localai" and the like are OpenAI-compatible servers.
        if api_type == provider.prefix or (not provider.whole_config and api_type.startswith(provider.prefix)):
            return provider
    if not api_type.startswith(_OPENAI_LIKE) and api_type not in _warned_api_types:
        _warned_api_types.add(api_type)  # once per value, at DEBUG: 0.2.40 prints nothing here
        logger.debug(
            f"api_type {api_type!r} is not a known provider; the config is sent to an OpenAI-compatible endpoint."
        )
    return None


def load_provider_class(provider: Provider) -> Any:
    """Import `autogen.oai.<module>` now, with an ImportError that says what to install when it cannot load."""
    try:
        module = importlib.import_module(f"autogen.oai.{provider.module}")
        return getattr(module, provider.cls)
    except ImportError as e:
        raise ImportError(
            f"Please install `{provider.sdk}` to use the {provider.label} API "
            f'(api_type "{provider.prefix}"): pip install "autogen-agentchat[{provider.extra}]" ({e})'
        ) from e


def configure_azure(config: Dict[str, Any], openai_config: Dict[str, Any]) -> None:
    """Fill Azure-specific SDK arguments: deployment from the model name, endpoint from `base_url`, token provider."""
    if openai_config.get("azure_deployment") is None and config.get("model") is not None:
        openai_config["azure_deployment"] = str(config["model"]).replace(".", "")
    base_url = openai_config.pop("base_url", None)
    if openai_config.get("azure_endpoint") is None and base_url is not None:
        openai_config["azure_endpoint"] = str(base_url)
    if openai_config.get("azure_ad_token_provider") == "DEFAULT":
        try:
            import azure.identity
        except ImportError as e:
            raise ImportError(
                'azure_ad_token_provider "DEFAULT" needs the azure-identity package: pip install azure-identity'
            ) from e
        openai_config["azure_ad_token_provider"] = azure.identity.get_bearer_token_provider(
            azure.identity.DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default"
        )
