"""Every module path that AutoGen 0.2.40 ships exists here and imports (a 0.2 script's imports must not break).

A path that is missing fails. A module that exists but needs an optional package that is not installed is
skipped with the package's name (the test extra installs them all, so CI imports every one).
"""

from __future__ import annotations

import importlib
import importlib.util

import pytest

CORE = [
    "autogen",
    "autogen._pydantic",
    "autogen.code_utils",
    "autogen.exception_utils",
    "autogen.formatting_utils",
    "autogen.function_utils",
    "autogen.graph_utils",
    "autogen.math_utils",
    "autogen.runtime_logging",
    "autogen.token_count_utils",
    "autogen.types",
    "autogen.version",
    "autogen.extensions",
]
AGENTCHAT = [
    "autogen.agentchat",
    "autogen.agentchat.agent",
    "autogen.agentchat.assistant_agent",
    "autogen.agentchat.chat",
    "autogen.agentchat.conversable_agent",
    "autogen.agentchat.groupchat",
    "autogen.agentchat.user_proxy_agent",
    "autogen.agentchat.utils",
]
CONTRIB = [
    "autogen.agentchat.contrib",
    "autogen.agentchat.contrib.capabilities",
    "autogen.agentchat.contrib.capabilities.agent_capability",
    "autogen.agentchat.contrib.capabilities.generate_images",
    "autogen.agentchat.contrib.capabilities.teachability",
    "autogen.agentchat.contrib.capabilities.text_compressors",
    "autogen.agentchat.contrib.capabilities.transform_messages",
    "autogen.agentchat.contrib.capabilities.transforms",
    "autogen.agentchat.contrib.capabilities.transforms_util",
    "autogen.agentchat.contrib.capabilities.vision_capability",
    "autogen.agentchat.contrib.agent_eval",
    "autogen.agentchat.contrib.agent_eval.agent_eval",
    "autogen.agentchat.contrib.agent_eval.criterion",
    "autogen.agentchat.contrib.agent_eval.critic_agent",
    "autogen.agentchat.contrib.agent_eval.quantifier_agent",
    "autogen.agentchat.contrib.agent_eval.subcritic_agent",
    "autogen.agentchat.contrib.agent_eval.task",
    "autogen.agentchat.contrib.graph_rag",
    "autogen.agentchat.contrib.graph_rag.document",
    "autogen.agentchat.contrib.graph_rag.graph_query_engine",
    "autogen.agentchat.contrib.graph_rag.graph_rag_capability",
    "autogen.agentchat.contrib.agent_builder",
    "autogen.agentchat.contrib.agent_optimizer",
    "autogen.agentchat.contrib.gpt_assistant_agent",
    "autogen.agentchat.contrib.img_utils",
    "autogen.agentchat.contrib.llamaindex_conversable_agent",
    "autogen.agentchat.contrib.llava_agent",
    "autogen.agentchat.contrib.math_user_proxy_agent",
    "autogen.agentchat.contrib.multimodal_conversable_agent",
    "autogen.agentchat.contrib.society_of_mind_agent",
    "autogen.agentchat.contrib.text_analyzer_agent",
    "autogen.agentchat.contrib.web_surfer",
]
RETRIEVECHAT = [  # issue 14
    "autogen.retrieve_utils",
    "autogen.agentchat.contrib.retrieve_user_proxy_agent",
    "autogen.agentchat.contrib.retrieve_assistant_agent",
    "autogen.agentchat.contrib.qdrant_retrieve_user_proxy_agent",
    "autogen.agentchat.contrib.vectordb",
    "autogen.agentchat.contrib.vectordb.base",
    "autogen.agentchat.contrib.vectordb.utils",
    "autogen.agentchat.contrib.vectordb.chromadb",
    "autogen.agentchat.contrib.vectordb.pgvectordb",
    "autogen.agentchat.contrib.vectordb.qdrant",
    "autogen.agentchat.contrib.vectordb.mongodb",
    "autogen.agentchat.contrib.vectordb.couchbase",
]
BROWSER = [
    "autogen.browser_utils",
    "autogen.browser_utils.abstract_markdown_browser",
    "autogen.browser_utils.markdown_search",
    "autogen.browser_utils.mdconvert",
    "autogen.browser_utils.playwright_markdown_browser",
    "autogen.browser_utils.requests_markdown_browser",
    "autogen.browser_utils.selenium_markdown_browser",
]
OAI = [
    "autogen.oai",
    "autogen.oai.client",
    "autogen.oai.client_utils",
    "autogen.oai.completion",
    "autogen.oai.openai_utils",
    "autogen.oai.rate_limiters",
    "autogen.oai.anthropic",
    "autogen.oai.bedrock",
    "autogen.oai.cerebras",
    "autogen.oai.cohere",
    "autogen.oai.gemini",
    "autogen.oai.groq",
    "autogen.oai.mistral",
    "autogen.oai.ollama",
    "autogen.oai.together",
]
CACHE = [
    "autogen.cache",
    "autogen.cache.abstract_cache_base",
    "autogen.cache.cache",
    "autogen.cache.cache_factory",
    "autogen.cache.cosmos_db_cache",
    "autogen.cache.disk_cache",
    "autogen.cache.in_memory_cache",
    "autogen.cache.redis_cache",
]
CODING = [
    "autogen.coding",
    "autogen.coding.base",
    "autogen.coding.docker_commandline_code_executor",
    "autogen.coding.factory",
    "autogen.coding.func_with_reqs",
    "autogen.coding.local_commandline_code_executor",
    "autogen.coding.markdown_code_extractor",
    "autogen.coding.utils",
    "autogen.coding.jupyter",
    "autogen.coding.jupyter.base",
    "autogen.coding.jupyter.docker_jupyter_server",
    "autogen.coding.jupyter.embedded_ipython_code_executor",
    "autogen.coding.jupyter.jupyter_client",
    "autogen.coding.jupyter.jupyter_code_executor",
    "autogen.coding.jupyter.local_jupyter_server",
    "autogen.coding.kubernetes",
    "autogen.coding.kubernetes.pod_commandline_code_executor",
]
IO_AND_LOGGING = [
    "autogen.io",
    "autogen.io.base",
    "autogen.io.console",
    "autogen.io.websockets",
    "autogen.logger",
    "autogen.logger.base_logger",
    "autogen.logger.file_logger",
    "autogen.logger.logger_factory",
    "autogen.logger.logger_utils",
    "autogen.logger.sqlite_logger",
]

ALL_PATHS = CORE + AGENTCHAT + CONTRIB + RETRIEVECHAT + BROWSER + OAI + CACHE + CODING + IO_AND_LOGGING


def test_no_path_is_listed_twice() -> None:
    assert len(ALL_PATHS) == len(set(ALL_PATHS))


@pytest.mark.parametrize("path", ALL_PATHS)
def test_module_path_exists_and_imports(path: str) -> None:
    parent = path.rpartition(".")[0]
    try:
        if parent:
            importlib.import_module(parent)
        found = importlib.util.find_spec(path)
    except ImportError as exc:
        _skip_if_optional(path, exc)
        raise
    assert found is not None, f"{path} is missing: AutoGen 0.2.40 ships it"
    try:
        importlib.import_module(path)
    except ImportError as exc:
        _skip_if_optional(path, exc)
        raise


def _skip_if_optional(path: str, exc: ImportError) -> None:
    """A missing third-party package is an environment matter; a missing autogen module is not."""
    missing = getattr(exc, "name", None) or ""
    if missing and not missing.startswith("autogen"):
        pytest.skip(f"{path} needs the optional package {missing!r}: {exc}")
