"""A small client for a Jupyter server's REST API and a kernel's websocket channel."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Dict, List, Optional, Type, cast

from .._quiet_import import import_keeping_warnings
from .base import JupyterConnectionInfo

__all__ = ("JupyterClient", "JupyterKernelClient")

_INSTALL_HINT = 'pip install "autogen-agentchat[jupyter-executor]"'


def _requests() -> Any:
    try:
        return import_keeping_warnings("requests", "requests.adapters")
    except ImportError as e:
        raise ImportError(f"The Jupyter client needs `requests`: {_INSTALL_HINT}") from e


def _websocket() -> Any:
    try:
        import websocket  # noqa: PLC0415  (the `websocket-client` package)
    except ImportError as e:
        raise ImportError(f"The Jupyter client needs `websocket-client`: {_INSTALL_HINT}") from e
    return websocket


class JupyterClient:
    """Talks to a Jupyter server: lists, starts, restarts and deletes kernels, and opens kernel channels."""

    def __init__(self, connection_info: JupyterConnectionInfo):
        requests = _requests()
        from urllib3.util import Retry  # noqa: PLC0415  (a requests dependency)

        self._connection_info = connection_info
        self._session = requests.Session()
        retries = Retry(total=5, backoff_factor=0.1)
        self._session.mount("http://", requests.adapters.HTTPAdapter(max_retries=retries))

    def _get_headers(self) -> Dict[str, str]:
        if self._connection_info.token is None:
            return {}
        return {"Authorization": f"token {self._connection_info.token}"}

    def _port_suffix(self) -> str:
        return f":{self._connection_info.port}" if self._connection_info.port else ""

    def _get_api_base_url(self) -> str:
        scheme = "https" if self._connection_info.use_https else "http"
        return f"{scheme}://{self._connection_info.host}{self._port_suffix()}"

    def _get_ws_base_url(self) -> str:
        return f"ws://{self._connection_info.host}{self._port_suffix()}"

    def list_kernel_specs(self) -> Dict[str, Dict[str, str]]:
        """The server's kernel specs, as `{"default": ..., "kernelspecs": {name: spec}}`."""
        response = self._session.get(f"{self._get_api_base_url()}/api/kernelspecs", headers=self._get_headers())
        return cast(Dict[str, Dict[str, str]], response.json())

    def list_kernels(self) -> List[Dict[str, str]]:
        """The kernels running on the server."""
        response = self._session.get(f"{self._get_api_base_url()}/api/kernels", headers=self._get_headers())
        return cast(List[Dict[str, str]], response.json())

    def start_kernel(self, kernel_spec_name: str) -> str:
        """Start a kernel of the given spec; returns its id."""
        response = self._session.post(
            f"{self._get_api_base_url()}/api/kernels",
            headers=self._get_headers(),
            json={"name": kernel_spec_name},
        )
        return cast(str, response.json()["id"])

    def delete_kernel(self, kernel_id: str) -> None:
        """Shut a kernel down."""
        response = self._session.delete(
            f"{self._get_api_base_url()}/api/kernels/{kernel_id}", headers=self._get_headers()
        )
        response.raise_for_status()

    def restart_kernel(self, kernel_id: str) -> None:
        """Restart a kernel (its state is lost)."""
        response = self._session.post(
            f"{self._get_api_base_url()}/api/kernels/{kernel_id}/restart", headers=self._get_headers()
        )
        response.raise_for_status()

    def interrupt_kernel(self, kernel_id: str) -> None:
        """Interrupt the code a kernel is running (beyond 0.2: used to stop code that ran out of time)."""
        response = self._session.post(
            f"{self._get_api_base_url()}/api/kernels/{kernel_id}/interrupt", headers=self._get_headers()
        )
        response.raise_for_status()

    def get_kernel_client(self, kernel_id: str) -> JupyterKernelClient:
        """Open the kernel's websocket channel."""
        websocket = _websocket()
        ws_url = f"{self._get_ws_base_url()}/api/kernels/{kernel_id}/channels"
        cookie = "; ".join(f"{name}={value}" for name, value in self._session.cookies.items())
        headers = [f"{name}: {value}" for name, value in self._get_headers().items()]
        ws = websocket.create_connection(ws_url, header=headers, cookie=cookie or None)
        return JupyterKernelClient(ws)

    def close(self) -> None:
        """Release the HTTP connection pool."""
        self._session.close()


class JupyterKernelClient:
    """Runs code in one kernel over its websocket channel (Jupyter messaging protocol 5.0)."""

    @dataclass
    class ExecutionResult:
        """What one execution produced: whether it succeeded, its text, and rich data (images, HTML)."""

        @dataclass
        class DataItem:
            mime_type: str
            data: str

        is_ok: bool
        output: str
        data_items: List[DataItem] = field(default_factory=list)

    def __init__(self, websocket: Any):
        self._session_id: str = uuid.uuid4().hex
        self._websocket = websocket

    def __enter__(self) -> JupyterKernelClient:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_val: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Close the websocket."""
        self._websocket.close()

    def _send_message(self, *, content: Dict[str, Any], channel: str, message_type: str) -> str:
        msg_id = uuid.uuid4().hex
        message = {
            "header": {
                "username": "autogen",
                "version": "5.0",
                "session": self._session_id,
                "msg_id": msg_id,
                "msg_type": message_type,
                "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            },
            "parent_header": {},
            "channel": channel,
            "content": content,
            "metadata": {},
            "buffers": {},
        }
        self._websocket.send_text(json.dumps(message))
        return msg_id

    def _receive_message(self, timeout_seconds: Optional[float]) -> Optional[Dict[str, Any]]:
        """The next message, or None when none arrives within `timeout_seconds` (None: wait indefinitely)."""
        websocket = _websocket()
        self._websocket.settimeout(timeout_seconds)
        try:
            data = self._websocket.recv()
        except websocket.WebSocketTimeoutException:
            return None
        if isinstance(data, bytes):
            data = data.decode("utf-8")
        return cast(Dict[str, Any], json.loads(data))

    def wait_for_ready(self, timeout_seconds: Optional[float] = None) -> bool:
        """Whether the kernel answers a kernel_info request within `timeout_seconds`."""
        message_id = self._send_message(content={}, channel="shell", message_type="kernel_info_request")
        while True:
            message = self._receive_message(timeout_seconds)
            if message is None:
                return False
            if (
                message.get("parent_header", {}).get("msg_id") == message_id
                and message["msg_type"] == "kernel_info_reply"
            ):
                return True

    def execute(self, code: str, timeout_seconds: Optional[float] = None) -> JupyterKernelClient.ExecutionResult:
        """Run `code`; waits at most `timeout_seconds` for each message. Output parts are joined with newlines."""
        message_id = self._send_message(
            content={
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
            channel="shell",
            message_type="execute_request",
        )
        text_output: List[str] = []
        data_output: List[JupyterKernelClient.ExecutionResult.DataItem] = []
        while True:
            message = self._receive_message(timeout_seconds)
            if message is None:
                return self.ExecutionResult(
                    is_ok=False, output="ERROR: Timeout waiting for output from code block.", data_items=[]
                )
            if message.get("parent_header", {}).get("msg_id") != message_id:
                continue  # output of an earlier request (e.g. one that timed out)
            msg_type = message["msg_type"]
            content = message["content"]
            if msg_type in ("execute_result", "display_data"):
                for mime_type, data in content["data"].items():
                    if mime_type == "text/plain":
                        text_output.append(data)
                    elif mime_type.startswith("image/") or mime_type == "text/html":
                        data_output.append(self.ExecutionResult.DataItem(mime_type=mime_type, data=data))
                    else:
                        text_output.append(json.dumps(data))
            elif msg_type == "stream":
                text_output.append(content["text"])
            elif msg_type == "error":
                return self.ExecutionResult(
                    is_ok=False,
                    output=f"ERROR: {content['ename']}: {content['evalue']}\n{content['traceback']}",
                    data_items=[],
                )
            if msg_type == "status" and content["execution_state"] == "idle":
                break
        return self.ExecutionResult(is_ok=True, output="\n".join(str(t) for t in text_output), data_items=data_output)
