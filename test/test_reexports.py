"""Names that 0.2 modules imported from elsewhere can still be imported (and patched) from those modules."""

from __future__ import annotations

import importlib
import subprocess
import sys
from unittest import mock

import pytest

from autogen._reexports import REEXPORTS

# A sample a 0.2 script could plausibly write, each checked against the object at its real home.
SAMPLE = [
    ("autogen.agentchat.conversable_agent", "OpenAIWrapper", "autogen.oai.client"),
    ("autogen.agentchat.conversable_agent", "execute_code", "autogen.code_utils"),
    ("autogen.agentchat.conversable_agent", "gather_usage_summary", "autogen.agentchat.utils"),
    ("autogen.agentchat.conversable_agent", "SenderRequired", "autogen.exception_utils"),
    ("autogen.agentchat.groupchat", "logging_enabled", "autogen.runtime_logging"),
    ("autogen.agentchat.contrib.retrieve_user_proxy_agent", "split_files_to_chunks", "autogen.retrieve_utils"),
    ("autogen.oai.client", "OAI_PRICE1K", "autogen.oai.openai_utils"),
    ("autogen.oai.client", "count_token", "autogen.token_count_utils"),
    ("autogen.oai.client", "ChatCompletion", "openai.types.chat"),
    ("autogen.runtime_logging", "LoggerFactory", "autogen.logger.logger_factory"),
    ("autogen.logger.logger_factory", "SqliteLogger", "autogen.logger.sqlite_logger"),
    ("autogen.code_utils", "UserMessageTextContentPart", "autogen.types"),
    ("autogen.code_utils", "TimeoutError", "concurrent.futures"),
]


def test_code_utils_offers_the_modules_0_2_imported_into_it() -> None:
    import time

    import autogen.code_utils as code_utils
    import autogen.oai

    assert (code_utils.oai, code_utils.time) == (autogen.oai, time)


@pytest.mark.parametrize(("module", "name", "home"), SAMPLE)
def test_zero_two_import_location_gives_the_same_object(module: str, name: str, home: str) -> None:
    if module.endswith("retrieve_user_proxy_agent"):
        pytest.importorskip("chromadb")
    value = getattr(importlib.import_module(module), name)
    assert value is getattr(importlib.import_module(home), name)


@pytest.mark.parametrize(
    ("module", "name"), [(module, name) for module, names in sorted(REEXPORTS.items()) for name in sorted(names)]
)
def test_every_listed_name_resolves(module: str, name: str) -> None:
    try:
        target = importlib.import_module(module)
    except ImportError as exc:  # a module whose optional package is missing: its own import test reports it
        pytest.skip(f"{module} needs an optional package: {exc}")
    assert hasattr(target, name)


def test_openai_version_is_the_installed_sdks() -> None:
    import openai

    from autogen.oai.client import OPENAIVERSION

    assert OPENAIVERSION == openai.__version__


def test_import_exception_is_none_for_an_installed_provider() -> None:
    pytest.importorskip("together")
    from autogen.oai.client import together_import_exception

    assert together_import_exception is None


def test_unknown_name_still_raises_attribute_error() -> None:
    import autogen.agentchat.conversable_agent as module

    with pytest.raises(AttributeError, match="no_such_name"):
        module.no_such_name  # noqa: B018


def test_patching_a_reexported_name_is_undone_on_exit() -> None:
    import autogen.agentchat.conversable_agent as module

    with mock.patch("autogen.agentchat.conversable_agent.execute_code") as patched:
        assert module.execute_code is patched
    from autogen.code_utils import execute_code

    assert module.execute_code is execute_code


def test_importing_conversable_agent_does_not_load_the_reexported_modules() -> None:
    probe = (
        "import sys, autogen.agentchat.conversable_agent\n"
        "print(sorted(m for m in ('autogen.retrieve_utils', 'autogen.logger.sqlite_logger') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_wrapper_keeps_the_azure_only_constructor_arguments() -> None:
    from autogen.oai.client import OpenAIWrapper

    assert "azure_endpoint" in OpenAIWrapper.aopenai_kwargs
    assert OpenAIWrapper.aopenai_kwargs <= OpenAIWrapper.openai_kwargs


def test_legacy_completion_has_no_optimization_budget_by_default() -> None:
    from autogen.oai.completion import ChatCompletion, Completion

    assert Completion.optimization_budget is None and ChatCompletion.optimization_budget is None
