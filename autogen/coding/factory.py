"""Build a code executor from an agent's `code_execution_config`."""

from __future__ import annotations

import importlib
from typing import Dict, Tuple

from .base import CodeExecutionConfig, CodeExecutor

__all__ = ("CodeExecutorFactory",)

# The executors a config may name: where each class lives (imported only when asked for) and its name. The
# options for one are read from the config key of the same name, e.g. {"executor": "commandline-local",
# "commandline-local": {"timeout": 30}}.
_NAMED_EXECUTORS: Dict[str, Tuple[str, str]] = {
    "ipython-embedded": (".jupyter.embedded_ipython_code_executor", "EmbeddedIPythonCodeExecutor"),
    "commandline-local": (".local_commandline_code_executor", "LocalCommandLineCodeExecutor"),
}


class CodeExecutorFactory:
    """Turns `{"executor": ...}` into an executor instance."""

    @staticmethod
    def create(code_execution_config: CodeExecutionConfig) -> CodeExecutor:
        """An executor instance is returned as is; a known name builds that executor from its options."""
        chosen = code_execution_config.get("executor")
        if isinstance(chosen, CodeExecutor):
            return chosen
        location = _NAMED_EXECUTORS.get(chosen) if isinstance(chosen, str) else None
        if location is None:
            raise ValueError(f"Unknown code executor {chosen}")
        module_name, class_name = location
        executor_class = getattr(importlib.import_module(module_name, __package__), class_name)
        return executor_class(**code_execution_config.get(chosen, {}))
