"""A small client for a Jupyter server: kernels over its REST API, code over a kernel's websocket channel."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Dict, Iterator, List, Optional, Tuple, Type

from ..._quiet_import import import_keeping_warnings
from .base import JupyterConnectionInfo

__all__ = ("JupyterClient", "JupyterKernelClient")

_INSTALL_HINT = 'pip install "autogen-agentchat[jupyter-executor]"'
_TIMEOUT_OUTPUT = "ERROR: Timeout waiting for output from code block."


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
        # A server that is still starting refuses connections for a moment: retry briefly instead of failing.
        patience = Retry(total=5, backoff_factor=0.1)
        self._session.mount("http://", requests.adapters.HTTPAdapter(max_retries=patience))

    def _auth(self) -> Dict[str, str]:
        token = self._connection_info.token
        return {} if token is None else {"Authorization": f"token {token}"}

    def _url(self, scheme: str, path: str) -> str:
        """`scheme://host[:port]path`; the websocket scheme is always plain `ws`, as in 0.2."""
        info = self._connection_info
        port = f":{info.port}" if info.port else ""
        return f"{scheme}://{info.host}{port}{path}"

    def _call(self, method: str, path: str, *, check: bool = False, **kwargs: Any) -> Any:
        """One REST call with the token; `check` raises for HTTP error statuses."""
        scheme = "https" if self._connection_info.use_https else "http"
        response = self._session.request(method, self._url(scheme, path), headers=self._auth(), **kwargs)
        if check:
            response.raise_for_status()
        return response

    def list_kernel_specs(self) -> Dict[str, Dict[str, str]]:
        """The server's kernel specs, as `{"default": ..., "kernelspecs": {name: spec}}`."""
        return self._call("GET", "/api/kernelspecs").json()

    def list_kernels(self) -> List[Dict[str, str]]:
        """The kernels running on the server."""
        return self._call("GET", "/api/kernels").json()

    def start_kernel(self, kernel_spec_name: str) -> str:
        """Start a kernel of the given spec; returns its id."""
        return self._call("POST", "/api/kernels", json={"name": kernel_spec_name}).json()["id"]

    def delete_kernel(self, kernel_id: str) -> None:
        """Shut a kernel down."""
        self._call("DELETE", f"/api/kernels/{kernel_id}", check=True)

    def restart_kernel(self, kernel_id: str) -> None:
        """Restart a kernel (its state is lost)."""
        self._call("POST", f"/api/kernels/{kernel_id}/restart", check=True)

    def interrupt_kernel(self, kernel_id: str) -> None:
        """Interrupt the code a kernel is running (beyond 0.2: used to stop code that ran out of time)."""
        self._call("POST", f"/api/kernels/{kernel_id}/interrupt", check=True)

    def get_kernel_client(self, kernel_id: str) -> JupyterKernelClient:
        """Open the kernel's websocket channel, authenticated like the REST calls (token header, session cookies)."""
        cookie = "; ".join(f"{name}={value}" for name, value in self._session.cookies.items())
        headers = [f"{name}: {value}" for name, value in self._auth().items()]
        url = self._url("ws", f"/api/kernels/{kernel_id}/channels")
        return JupyterKernelClient(_websocket().create_connection(url, header=headers, cookie=cookie or None))

    def close(self) -> None:
        """Release the HTTP connection pool."""
        self._session.close()


def _shell_frame(session: str, msg_type: str, content: Dict[str, Any]) -> Tuple[str, str]:
    """A shell-channel request of the Jupyter messaging protocol 5.0, as JSON text, with its new message id."""
    msg_id = uuid.uuid4().hex
    now = datetime.datetime.now(datetime.timezone.utc).isoformat()
    header = {"msg_id": msg_id, "msg_type": msg_type, "session": session, "date": now}
    header.update(username="autogen", version="5.0")
    frame = {"channel": "shell", "header": header, "parent_header": {}, "metadata": {}, "buffers": {}}
    frame["content"] = content
    return msg_id, json.dumps(frame)


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

    def _request(self, msg_type: str, content: Dict[str, Any]) -> str:
        """Send a shell request; returns its message id, which the kernel's answers name as their parent."""
        msg_id, text = _shell_frame(self._session_id, msg_type, content)
        self._websocket.send_text(text)
        return msg_id

    def _next(self, timeout_seconds: Optional[float]) -> Optional[Dict[str, Any]]:
        """The next frame from the kernel, decoded; None when nothing comes within `timeout_seconds`."""
        self._websocket.settimeout(timeout_seconds)
        try:
            raw = self._websocket.recv()
        except _websocket().WebSocketTimeoutException:
            return None
        return json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)

    def _answers_to(self, msg_id: str, timeout_seconds: Optional[float]) -> Iterator[Dict[str, Any]]:
        """The kernel's messages in reply to `msg_id` (others, e.g. from a request that timed out, are skipped).

        Ends when the kernel stays silent for `timeout_seconds`.
        """
        while (message := self._next(timeout_seconds)) is not None:
            if message.get("parent_header", {}).get("msg_id") == msg_id:
                yield message

    def wait_for_ready(self, timeout_seconds: Optional[float] = None) -> bool:
        """Whether the kernel answers a kernel_info request before going silent for `timeout_seconds`."""
        asked = self._request("kernel_info_request", {})
        return any(reply["msg_type"] == "kernel_info_reply" for reply in self._answers_to(asked, timeout_seconds))

    def execute(self, code: str, timeout_seconds: Optional[float] = None) -> JupyterKernelClient.ExecutionResult:
        """Run `code`; waits at most `timeout_seconds` for each message. Output parts are joined with newlines."""
        request = {"code": code, "silent": False, "store_history": True, "user_expressions": {}}
        request.update(allow_stdin=False, stop_on_error=True)
        texts: List[str] = []
        rich: List[JupyterKernelClient.ExecutionResult.DataItem] = []
        for reply in self._answers_to(self._request("execute_request", request), timeout_seconds):
            kind, body = reply["msg_type"], reply["content"]
            if kind == "error":
                failure = f"ERROR: {body['ename']}: {body['evalue']}\n{body['traceback']}"
                return self.ExecutionResult(is_ok=False, output=failure, data_items=[])
            if kind == "stream":
                texts.append(body["text"])
            elif kind in ("execute_result", "display_data"):
                self._sort_bundle(body["data"], texts, rich)
            elif kind == "status" and body["execution_state"] == "idle":
                return self.ExecutionResult(is_ok=True, output="\n".join(map(str, texts)), data_items=rich)
        return self.ExecutionResult(is_ok=False, output=_TIMEOUT_OUTPUT, data_items=[])

    @classmethod
    def _sort_bundle(cls, bundle: Dict[str, Any], texts: List[str], rich: List[Any]) -> None:
        """Plain text joins the output; images and HTML become data items; anything else is shown as JSON."""
        for mime_type, data in bundle.items():
            if mime_type == "text/plain":
                texts.append(data)
            elif mime_type == "text/html" or mime_type.startswith("image/"):
                rich.append(cls.ExecutionResult.DataItem(mime_type=mime_type, data=data))
            else:
                texts.append(json.dumps(data))
