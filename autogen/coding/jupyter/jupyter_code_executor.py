"""Run code blocks in a kernel of a Jupyter server (local gateway, docker gateway, or any reachable server)."""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType
from typing import List, Optional, Type, Union

from ..base import CodeBlock, CodeExecutor, CodeExtractor, IPythonCodeResult
from ..markdown_code_extractor import MarkdownCodeExtractor
from ..utils import silence_pip
from ._outputs import render_data
from .base import JupyterConnectable, JupyterConnectionInfo
from .jupyter_client import JupyterClient, JupyterKernelClient

__all__ = ("JupyterCodeExecutor",)


def _existing_dir(output_dir: Union[Path, str]) -> Path:
    path = Path(output_dir)
    if not path.exists():
        raise ValueError(f"Output directory {output_dir} does not exist.")
    return path


def _where(jupyter_server: Union[JupyterConnectable, JupyterConnectionInfo]) -> JupyterConnectionInfo:
    """The connection info of a server object, or the info itself."""
    if isinstance(jupyter_server, JupyterConnectionInfo):
        return jupyter_server
    if isinstance(jupyter_server, JupyterConnectable):
        return jupyter_server.connection_info
    raise ValueError("jupyter_server must be a JupyterConnectable or JupyterConnectionInfo.")


class JupyterCodeExecutor(CodeExecutor):
    """Keeps one kernel for its lifetime, so variables and imports carry over between blocks.

    Every block runs in the kernel whatever its language tag (shell commands need IPython's `!cmd`). Images and
    HTML the code displays are saved in `output_dir` and named in the output.
    """

    def __init__(
        self,
        jupyter_server: Union[JupyterConnectable, JupyterConnectionInfo],
        kernel_name: str = "python3",
        timeout: int = 60,
        output_dir: Union[Path, str] = Path("."),
    ):
        if timeout < 1:
            raise ValueError("Timeout must be greater than or equal to 1.")
        self._output_dir = _existing_dir(output_dir)
        self._connection_info = _where(jupyter_server)
        self._timeout, self._kernel_name = timeout, kernel_name
        self._jupyter_client = JupyterClient(self._connection_info)
        if kernel_name not in self._jupyter_client.list_kernel_specs()["kernelspecs"]:
            raise ValueError(f"Kernel {kernel_name} is not installed.")
        self._kernel_id = self._jupyter_client.start_kernel(kernel_name)
        self._jupyter_kernel_client: JupyterKernelClient = self._jupyter_client.get_kernel_client(self._kernel_id)

    @property
    def code_extractor(self) -> CodeExtractor:
        return MarkdownCodeExtractor()

    def execute_code_blocks(self, code_blocks: List[CodeBlock]) -> IPythonCodeResult:
        """Run the blocks in the kernel in order; the first error or timeout ends the run with exit code 1."""
        self._jupyter_kernel_client.wait_for_ready()
        texts: List[str] = []
        saved: List[str] = []
        for block in code_blocks:
            outcome = self._jupyter_kernel_client.execute(
                silence_pip(block.code, block.language), timeout_seconds=self._timeout
            )
            if not outcome.is_ok:
                if "Timeout waiting for output" in outcome.output:
                    self._interrupt()  # beyond 0.2: stop the runaway code; the kernel's state is kept
                return IPythonCodeResult(exit_code=1, output=f"ERROR: {outcome.output}")
            texts.append(outcome.output)
            for item in outcome.data_items:
                line, files = render_data(self._output_dir, item.mime_type, item.data, any_image_is_png=False)
                texts.append(line)
                saved.extend(os.fspath(f) for f in files)
        return IPythonCodeResult(exit_code=0, output="\n".join(map(str, texts)), output_files=saved)

    def _interrupt(self) -> None:
        try:
            self._jupyter_client.interrupt_kernel(self._kernel_id)
        except Exception:  # noqa: BLE001 - best effort: the caller already reports the timeout
            pass

    def restart(self) -> None:
        """Restart the kernel (all state is lost) and reconnect to it."""
        self._jupyter_client.restart_kernel(self._kernel_id)
        self._jupyter_kernel_client.stop()
        self._jupyter_kernel_client = self._jupyter_client.get_kernel_client(self._kernel_id)

    def stop(self) -> None:
        """Shut the kernel down and close the connections."""
        try:
            self._jupyter_kernel_client.stop()
        finally:
            self._jupyter_client.delete_kernel(self._kernel_id)
            self._jupyter_client.close()

    def __enter__(self) -> JupyterCodeExecutor:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_val: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        self.stop()
