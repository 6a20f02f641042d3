"""Code executors and extractors.

Names load on first use (PEP 562), so `import autogen.coding` stays cheap and `autogen.code_utils` can use the
private helpers here without import cycles; `from autogen.coding import X` works as in 0.2.
"""

import importlib
from typing import Any, Dict, List

_NAMES: Dict[str, str] = {
    "CodeBlock": ".base",
    "CodeResult": ".base",
    "CodeExtractor": ".base",
    "CodeExecutor": ".base",
    "CodeExecutorFactory": ".factory",
    "MarkdownCodeExtractor": ".markdown_code_extractor",
    "LocalCommandLineCodeExecutor": ".local_commandline_code_executor",
    "DockerCommandLineCodeExecutor": ".docker_commandline_code_executor",
}

__all__: List[str] = [
    "CodeBlock",
    "CodeResult",
    "CodeExtractor",
    "CodeExecutor",
    "CodeExecutorFactory",
    "MarkdownCodeExtractor",
    "LocalCommandLineCodeExecutor",
    "DockerCommandLineCodeExecutor",
]


# Submodules that 0.2's eager imports left as attributes of the package (`autogen.coding.base.CodeBlock` after a
# plain `import autogen.coding`).
_SUBMODULES = frozenset(
    {
        "base",
        "factory",
        "markdown_code_extractor",
        "local_commandline_code_executor",
        "docker_commandline_code_executor",
        "utils",
        "func_with_reqs",
    }
)


def __getattr__(name: str) -> Any:
    module_name = _NAMES.get(name)
    if module_name is not None:
        value = getattr(importlib.import_module(module_name, __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)
