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


def __getattr__(name: str) -> Any:
    module_name = _NAMES.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))
