"""Code execution in Kubernetes pods (needs the `kubernetes` extra, imported when used)."""

from typing import Any, List

__all__: List[str] = ["PodCommandLineCodeExecutor"]


def __getattr__(name: str) -> Any:
    if name == "PodCommandLineCodeExecutor":
        from .pod_commandline_code_executor import PodCommandLineCodeExecutor

        globals()[name] = PodCommandLineCodeExecutor
        return PodCommandLineCodeExecutor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
