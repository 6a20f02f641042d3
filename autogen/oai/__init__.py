"""Model clients and config-list utilities: `OpenAIWrapper`, `ModelClient`, `config_list_from_json`, ...

Provider SDKs (anthropic, google, boto3, ...), redis and azure load only when a config uses them.
"""

from ..cache import Cache
from ._structured import StructuredOutputError  # noqa: F401  (ours, beyond 0.2: kept out of __all__)
from .client import ModelClient, OpenAIWrapper
from .completion import ChatCompletion, Completion
from .openai_utils import (
    config_list_from_dotenv,
    config_list_from_json,
    config_list_from_models,
    config_list_gpt4_gpt35,
    config_list_openai_aoai,
    filter_config,
    get_config_list,
)

__all__ = [
    "OpenAIWrapper",
    "ModelClient",
    "Completion",
    "ChatCompletion",
    "get_config_list",
    "config_list_gpt4_gpt35",
    "config_list_openai_aoai",
    "config_list_from_models",
    "config_list_from_json",
    "config_list_from_dotenv",
    "filter_config",
    "Cache",
]
