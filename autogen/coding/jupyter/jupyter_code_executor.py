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
from .jupyter_client import JupyterClient

__all__ = ("JupyterCodeExecutor",)


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
        if isinstance(output_dir, str):
            output_dir = Path(output_dir)
        if not output_dir.exists():
            raise ValueError(f"Output directory {output_dir} does not exist.")
        if isinstance(jupyter_server, JupyterConnectable):
            self._connection_info = jupyter_server.connection_info
        elif isinstance(jupyter_server, JupyterConnectionInfo):
            self._connection_info = jupyter_server
        else:
            raise ValueError("jupyter_server must be a JupyterConnectable or JupyterConnectionInfo.")

        self._jupyter_client = JupyterClient(self._connection_info)
        available_kernels = self._jupyter_client.list_kernel_specs()
        if kernel_name not in available_kernels["kernelspecs"]:
            raise ValueError(f"Kernel {kernel_name} is not installed.")
        self._kernel_id = self._jupyter_client.start_kernel(kernel_name)
        self._kernel_name = kernel_name
        self._jupyter_kernel_client = self._jupyter_client.get_kernel_client(self._kernel_id)
        self._timeout = timeout
        self._output_dir = output_dir

    @property
    def code_extractor(self) -> CodeExtractor:
        return MarkdownCodeExtractor()

    def execute_code_blocks(self, code_blocks: List[CodeBlock]) -> IPythonCodeResult:
        """Run the blocks in the kernel in order; the first error or timeout ends the run with exit code 1."""
        self._jupyter_kernel_client.wait_for_ready()
        outputs: List[str] = []
        output_files: List[str] = []
        for block in code_blocks:
            code = silence_pip(block.code, block.language)
            result = self._jupyter_kernel_client.execute(code, timeout_seconds=self._timeout)
            if not result.is_ok:
                if "Timeout waiting for output" in result.output:
                    self._interrupt()  # beyond 0.2: stop the runaway code; the kernel's state is kept
                return IPythonCodeResult(exit_code=1, output=f"ERROR: {result.output}")
            outputs.append(result.output)
            for item in result.data_items:
                text, files = render_data(self._output_dir, item.mime_type, item.data, any_image_is_png=False)
                outputs.append(text)
                output_files.extend(files)
        return IPythonCodeResult(
            exit_code=0, output="\n".join(str(o) for o in outputs), output_files=[os.fspath(f) for f in output_files]
        )

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
