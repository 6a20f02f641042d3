"""autogen: the AutoGen 0.2 API.

Names are loaded on first use (PEP 562) rather than at import time, so `import autogen` stays fast and
pulls in no optional package; `from autogen import X`, `autogen.X` and `from autogen import *` behave as
in 0.2, as do the submodules that 0.2 loads as a side effect (`autogen.runtime_logging`, `autogen.io`, ...).
"""

import importlib
import logging
import sys
import types as _types  # not `types`: autogen.types is our submodule
from typing import Dict, List

from .exception_utils import (  # noqa: F401  (cheap, and 0.2 exposes `Any` through them)
    AgentNameConflict,
    Any,
    InvalidCarryOverType,
    NoEligibleSpeaker,
    SenderRequired,
    UndefinedNextAgent,
)
from .version import __version__

# Where each lazily loaded public name lives.
_LAZY_NAMES: Dict[str, str] = {
    **dict.fromkeys(
        (
            "Agent",
            "ConversableAgent",
            "AssistantAgent",
            "UserProxyAgent",
            "GroupChat",
            "GroupChatManager",
            "register_function",
            "initiate_chats",
            "gather_usage_summary",
            "ChatResult",
        ),
        "autogen.agentchat",
    ),
    "DEFAULT_MODEL": "autogen.code_utils",
    "FAST_MODEL": "autogen.code_utils",
    **dict.fromkeys(
        (
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
        ),
        "autogen.oai",
    ),
}

# Submodules that `import autogen` makes available as attributes in 0.2.
_LAZY_SUBMODULES = frozenset(
    {
        "agentchat",
        "cache",
        "code_utils",
        "coding",
        "formatting_utils",
        "function_utils",
        "graph_utils",
        "io",
        "oai",
        "runtime_logging",
        "token_count_utils",
        "types",
        "_pydantic",
        "testing",
        # beyond 0.2: reachable after a plain `import autogen`, loaded only when touched
        "batch",
        "events",
        "mcp",
        "tracing",
    }
)

__all__: List[str] = [
    *_LAZY_NAMES,
    "AgentNameConflict",
    "NoEligibleSpeaker",
    "SenderRequired",
    "InvalidCarryOverType",
    "UndefinedNextAgent",
    "Any",
    "__version__",
    "logger",
    "logging",
]


def __getattr__(name: str) -> Any:
    module_name = _LAZY_NAMES.get(name)
    if module_name is not None:
        value = getattr(importlib.import_module(module_name), name)
    elif name in _LAZY_SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(_LAZY_NAMES) | _LAZY_SUBMODULES)


# As in 0.2, `autogen.logger` is this Logger, not the `autogen.logger` subpackage. 0.2 got that from import
# order; here subpackages load lazily, and Python binds a subpackage onto its parent when it is imported,
# so the module refuses that one binding.
logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)


class _AutogenModule(_types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        if name == "logger" and isinstance(value, _types.ModuleType):
            value = logging.getLogger(__name__)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _AutogenModule
