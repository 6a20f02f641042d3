"""Names that 0.2 modules imported from elsewhere, served from those modules on first access.

Scripts written for 0.2 import helpers from wherever 0.2 happened to import them (for example
`from autogen.agentchat.conversable_agent import OpenAIWrapper`), and tests patch them there. Our modules
do not use most of these names, and importing them eagerly would cost start-up time or create import
cycles. So each such module ends with `__getattr__ = lazy_names(__name__)` (PEP 562): a name listed for it
in `REEXPORTS` is imported from its real home the first time it is asked for, and then kept as an
ordinary module global.
"""

from __future__ import annotations

import functools
import importlib
import sys
from typing import Any, Callable, Dict, Optional, Tuple, Union

__all__ = ("REEXPORTS", "lazy_names")

# Where a name comes from: (module, attribute there), or a function that computes the value.
Source = Union[Tuple[str, str], Callable[[], Any]]


def _from(module: str, names: str, as_name: Optional[str] = None) -> Dict[str, Source]:
    """Entries for the space-separated `names` of `module` (one name, renamed to `as_name`, when given)."""
    if as_name is not None:
        return {as_name: (module, names)}
    return {name: (module, name) for name in names.split()}


def _import_error(module: str) -> Optional[ImportError]:
    """0.2's `<module>_import_exception`: None when `autogen.oai.<module>`'s client loads, else the ImportError."""
    from .oai._routing import PROVIDERS, load_provider_class

    try:
        load_provider_class(next(p for p in PROVIDERS if p.module == module))
    except ImportError as exc:
        return exc
    return None


REEXPORTS: Dict[str, Dict[str, Source]] = {
    "autogen.agentchat.contrib.capabilities.agent_capability": {
        **_from("autogen.agentchat.conversable_agent", "ConversableAgent"),
    },
    "autogen.agentchat.contrib.capabilities.transform_messages": {
        **_from("autogen.agentchat.conversable_agent", "ConversableAgent"),
    },
    "autogen.agentchat.contrib.capabilities.transforms": {
        **_from("autogen.cache.abstract_cache_base", "AbstractCache"),
        **_from("autogen.cache.cache", "Cache"),
    },
    "autogen.agentchat.contrib.capabilities.transforms_util": {
        **_from("autogen.cache.abstract_cache_base", "AbstractCache"),
        **_from("autogen.oai.openai_utils", "filter_config"),
    },
    "autogen.agentchat.contrib.gpt_assistant_agent": {
        **_from("autogen.oai.client", "OpenAIWrapper"),
    },
    "autogen.agentchat.contrib.math_user_proxy_agent": {
        **_from("autogen._pydantic", "PYDANTIC_V1"),
    },
    "autogen.agentchat.contrib.retrieve_user_proxy_agent": {
        **_from(
            "autogen.retrieve_utils",
            "TEXT_FORMATS create_vector_db_from_dir get_files_from_dir query_vector_db split_files_to_chunks",
        ),
    },
    "autogen.agentchat.contrib.society_of_mind_agent": {
        **_from("autogen.oai.client", "OpenAIWrapper"),
    },
    "autogen.agentchat.conversable_agent": {
        **_from("autogen._pydantic", "model_dump"),
        **_from("autogen.agentchat.utils", "gather_usage_summary"),
        **_from("autogen.cache.abstract_cache_base", "AbstractCache"),
        **_from(
            "autogen.code_utils",
            "PYTHON_VARIANTS UNKNOWN check_can_use_docker_or_throw decide_use_docker execute_code extract_code infer_lang",
        ),
        **_from("autogen.coding.base", "CodeExecutor"),
        **_from("autogen.coding.factory", "CodeExecutorFactory"),
        **_from("autogen.exception_utils", "InvalidCarryOverType SenderRequired"),
        **_from("autogen.function_utils", "get_function_schema load_basemodels_if_needed serialize_to_str"),
        **_from("autogen.oai.client", "ModelClient OpenAIWrapper"),
        **_from("autogen.runtime_logging", "log_function_use"),
    },
    "autogen.agentchat.groupchat": {
        **_from("autogen.oai.client", "ModelClient"),
        **_from("autogen.runtime_logging", "log_new_agent logging_enabled"),
    },
    "autogen.code_utils": {
        **_from("autogen.types", "UserMessageImageContentPart UserMessageTextContentPart"),
        **_from("concurrent.futures", "ThreadPoolExecutor TimeoutError"),
        **_from("types", "SimpleNamespace"),
        "oai": functools.partial(importlib.import_module, "autogen.oai"),
        "time": functools.partial(importlib.import_module, "time"),
    },
    "autogen.coding.base": {
        **_from("autogen.types", "UserMessageImageContentPart UserMessageTextContentPart"),
    },
    "autogen.coding.markdown_code_extractor": {
        **_from("autogen.types", "UserMessageImageContentPart UserMessageTextContentPart"),
    },
    "autogen.io.websockets": {
        **_from("websockets.sync.server", "ServerConnection WebSocketServer"),
    },
    "autogen.logger.logger_factory": {
        **_from("autogen.logger.file_logger", "FileLogger"),
        **_from("autogen.logger.sqlite_logger", "SqliteLogger"),
    },
    "autogen.oai.client": {
        **_from("autogen.cache.cache", "Cache"),
        **_from("autogen.io.base", "IOStream"),
        **_from("autogen.logger.logger_utils", "get_current_ts"),
        **_from("autogen.oai.openai_utils", "OAI_PRICE1K"),
        **_from("autogen.runtime_logging", "log_chat_completion log_new_client log_new_wrapper logging_enabled"),
        **_from("autogen.token_count_utils", "count_token"),
        **_from("openai", "__version__", as_name="OPENAIVERSION"),
        # the openai and pydantic types 0.2's client module imported (custom clients import them from there)
        **_from("openai.resources", "Completions"),
        **_from("openai.types.chat", "ChatCompletion"),
        **_from("openai.types.chat.chat_completion", "ChatCompletionMessage Choice"),
        **_from(
            "openai.types.chat.chat_completion_chunk",
            "ChoiceDeltaFunctionCall ChoiceDeltaToolCall ChoiceDeltaToolCallFunction",
        ),
        **_from("openai.types.completion", "Completion"),
        **_from("openai.types.completion_usage", "CompletionUsage"),
        **_from("pydantic", "BaseModel"),
        **{
            f"{module}_import_exception": functools.partial(_import_error, module)
            for module in "anthropic bedrock cerebras cohere gemini groq mistral ollama together".split()
        },
    },
    "autogen.oai.completion": {
        **_from("autogen.oai.openai_utils", "get_key"),
    },
    "autogen.runtime_logging": {
        **_from("autogen.logger.base_logger", "BaseLogger"),
        **_from("autogen.logger.logger_factory", "LoggerFactory"),
    },
}


def _resolve(source: Source) -> Any:
    if callable(source):
        return source()
    module, attr = source
    return getattr(importlib.import_module(module), attr)


def lazy_names(module_name: str, fallback: Optional[Callable[[str], Any]] = None) -> Callable[[str], Any]:
    """A module-level `__getattr__` for `module_name` serving its `REEXPORTS`, then deferring to `fallback`."""
    sources = REEXPORTS.get(module_name, {})

    def __getattr__(name: str) -> Any:
        source = sources.get(name)
        if source is None:
            if fallback is not None:
                return fallback(name)
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        value = _resolve(source)
        setattr(sys.modules[module_name], name, value)  # later lookups do not come here
        return value

    return __getattr__
