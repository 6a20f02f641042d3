"""Jupyter-kernel code executors and the servers they talk to.

Names load on first use (PEP 562): the optional Jupyter packages are imported only when one is used.
"""

import importlib
from typing import Any, Dict, List

_NAMES: Dict[str, str] = {
    "JupyterConnectable": ".base",
    "JupyterConnectionInfo": ".base",
    "JupyterClient": ".jupyter_client",
    "LocalJupyterServer": ".local_jupyter_server",
    "DockerJupyterServer": ".docker_jupyter_server",
    "EmbeddedIPythonCodeExecutor": ".embedded_ipython_code_executor",
    "JupyterCodeExecutor": ".jupyter_code_executor",
}

__all__: List[str] = list(_NAMES)


def __getattr__(name: str) -> Any:
    module_name = _NAMES.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module_name, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))
