"""Build a code executor from an agent's `code_execution_config`."""

from __future__ import annotations

from .base import CodeExecutionConfig, CodeExecutor

__all__ = ("CodeExecutorFactory",)


class CodeExecutorFactory:
    """Turns `{"executor": ...}` into an executor instance."""

    @staticmethod
    def create(code_execution_config: CodeExecutionConfig) -> CodeExecutor:
        """An executor instance is returned as is; "ipython-embedded"/"commandline-local" build one from the
        options under the key of the same name."""
        executor = code_execution_config.get("executor")
        if isinstance(executor, CodeExecutor):
            return executor
        if executor == "ipython-embedded":
            from .jupyter.embedded_ipython_code_executor import EmbeddedIPythonCodeExecutor  # noqa: PLC0415

            return EmbeddedIPythonCodeExecutor(**code_execution_config.get("ipython-embedded", {}))
        if executor == "commandline-local":
            from .local_commandline_code_executor import LocalCommandLineCodeExecutor  # noqa: PLC0415

            return LocalCommandLineCodeExecutor(**code_execution_config.get("commandline-local", {}))
        raise ValueError(f"Unknown code executor {executor}")
