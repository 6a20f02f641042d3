"""Run code blocks in an IPython kernel started and owned by this process (via jupyter_client)."""

from __future__ import annotations

import os
from pathlib import Path
from queue import Empty
from types import TracebackType
from typing import Any, Dict, Iterator, List, Optional, Type

from pydantic import BaseModel, Field, PrivateAttr

try:
    from pydantic import field_validator as _field_validator
except ImportError:  # pragma: no cover - pydantic 1
    from pydantic import validator as _field_validator

from ..base import CodeBlock, CodeExtractor, IPythonCodeResult
from ..markdown_code_extractor import MarkdownCodeExtractor
from ..utils import silence_pip
from ._outputs import render_data

__all__ = ("EmbeddedIPythonCodeExecutor",)

_INSTALL_HINT = 'pip install "autogen-agentchat[jupyter-executor]"'


def _jupyter_client() -> Any:
    try:
        import jupyter_client  # noqa: PLC0415
        import jupyter_client.kernelspec  # noqa: F401, PLC0415
    except ImportError as e:
        raise ImportError(f"EmbeddedIPythonCodeExecutor needs jupyter_client and ipykernel: {_INSTALL_HINT}") from e
    return jupyter_client


def _require_kernel(name: str) -> None:
    """Fail early, with the install command, when no kernel spec of that name is installed."""
    if name not in _jupyter_client().kernelspec.KernelSpecManager().find_kernel_specs():
        raise ValueError(
            f"Kernel {name} is not installed. Please first install it with "
            f"`python -m ipykernel install --user --name {name}`."
        )


class EmbeddedIPythonCodeExecutor(BaseModel):
    """A kernel per executor: state (variables, imports) carries over between blocks until `restart()`.

    Every block runs in the kernel whatever its language tag, so shell commands need IPython's `!cmd`. Images are
    saved as PNG and HTML as .html files in `output_dir`; the output names the files.
    """

    timeout: int = Field(default=60, ge=1, description="The timeout for code execution.")
    kernel_name: str = Field(default="python3", description="The kernel name to use. Make sure it is installed.")
    output_dir: str = Field(default=".", description="The directory to save output files.")

    _timeout: int = PrivateAttr()
    _kernel_name: str = PrivateAttr()
    _output_dir: Path = PrivateAttr()
    _kernel_manager: Any = PrivateAttr(default=None)
    _kernel_client: Any = PrivateAttr(default=None)

    @_field_validator("output_dir")
    @classmethod
    def _output_dir_must_exist(cls, value: str) -> str:
        if not os.path.exists(value):
            raise ValueError(f"Output directory {value} does not exist.")
        return value

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)  # the pydantic fields validate the arguments
        _require_kernel(self.kernel_name)
        self._timeout, self._kernel_name, self._output_dir = self.timeout, self.kernel_name, Path(self.output_dir)
        self._start_kernel()

    def _start_kernel(self, attempts: int = 3) -> None:
        """Start a kernel and connect to it; retried because a kernel can lose a race for the ports it was given."""
        jupyter_client = _jupyter_client()
        for attempt in range(attempts):
            self._kernel_manager = jupyter_client.KernelManager(kernel_name=self.kernel_name)
            self._kernel_manager.start_kernel()
            self._kernel_client = self._kernel_manager.client()
            # No heartbeat channel: liveness comes from the manager (it owns the process), and a heartbeat thread
            # that starts after a quick stop() would try to open a socket on the destroyed zmq context.
            self._kernel_client.start_channels(hb=False)
            try:
                self._kernel_client.wait_for_ready(timeout=60)
                return
            except RuntimeError:  # the kernel died (e.g. "Address already in use") or never answered
                self.stop()
                if attempt == attempts - 1:
                    raise

    @property
    def code_extractor(self) -> CodeExtractor:
        return MarkdownCodeExtractor()

    def execute_code_blocks(self, code_blocks: List[CodeBlock]) -> IPythonCodeResult:
        """Run the blocks in the kernel in order; the first error or timeout ends the run with exit code 1."""
        self._kernel_client.wait_for_ready()
        outputs: List[str] = []
        output_files: List[str] = []
        for block in code_blocks:
            code = silence_pip(block.code, "python")
            failure = self._run_one(code, outputs, output_files)
            if failure is not None:
                return failure
        return IPythonCodeResult(exit_code=0, output="\n".join(str(o) for o in outputs), output_files=output_files)

    def _iopub_replies(self, msg_id: str) -> Iterator[Optional[Dict[str, Any]]]:
        """The kernel's broadcast messages answering `msg_id`, then one None if it goes silent for the timeout."""
        while True:
            try:
                message = self._kernel_client.get_iopub_msg(timeout=self._timeout)
            except Empty:
                yield None
                return
            if message.get("parent_header", {}).get("msg_id") == msg_id:  # not a leftover of an earlier request
                yield message

    def _run_one(self, code: str, outputs: List[str], output_files: List[str]) -> Optional[IPythonCodeResult]:
        """Run one block, appending its outputs; returns a result only when the block failed or timed out."""
        for reply in self._iopub_replies(self._kernel_client.execute(code, store_history=True)):
            if reply is None:
                # Beyond 0.2: stop the runaway code (the kernel and its state survive an interrupt).
                self._kernel_manager.interrupt_kernel()
                return IPythonCodeResult(
                    exit_code=1, output=f"ERROR: Timeout waiting for output from code block: {code}"
                )
            kind, body = reply["msg_type"], reply["content"]
            if kind == "error":
                return IPythonCodeResult(
                    exit_code=1, output=f"ERROR: {body['ename']}: {body['evalue']}\n{body['traceback']}"
                )
            if kind == "status" and body["execution_state"] == "idle":
                return None
            if kind == "stream":
                outputs.append(body["text"])
            elif kind in ("execute_result", "display_data"):
                self._keep_bundle(body["data"], outputs, output_files)
        return None

    def _keep_bundle(self, bundle: Dict[str, Any], outputs: List[str], output_files: List[str]) -> None:
        """Plain text joins the output; images and HTML go to files named in it; other data is shown as JSON."""
        for mime_type, data in bundle.items():
            if mime_type == "text/plain":
                outputs.append(data)
                continue
            line, files = render_data(self._output_dir, mime_type, data, any_image_is_png=True)
            outputs.append(line)
            output_files.extend(files)

    def restart(self) -> None:
        """Replace the kernel with a fresh one (all state is lost)."""
        self.stop()
        self._start_kernel()

    def stop(self) -> None:
        """Shut the kernel down (beyond 0.2, which leaves that to interpreter exit)."""
        if self._kernel_client is not None:
            self._kernel_client.stop_channels()
            self._kernel_client = None
        if self._kernel_manager is not None:
            self._kernel_manager.shutdown_kernel(now=True)
            self._kernel_manager = None

    def __enter__(self) -> EmbeddedIPythonCodeExecutor:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_val: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        self.stop()
