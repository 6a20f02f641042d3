"""A Jupyter kernel gateway started as a child process on this machine."""

from __future__ import annotations

import atexit
import json
import secrets
import subprocess
import sys
import threading
from types import TracebackType
from typing import IO, List, Optional, Type, Union

from .base import JupyterConnectable, JupyterConnectionInfo
from .jupyter_client import JupyterClient

__all__ = ("LocalJupyterServer",)

# How long a stopping gateway may take to shut its kernels down cleanly before it is killed.
_STOP_GRACE_SECONDS = 1.5


def _discard(stream: IO[str]) -> None:
    try:
        for _ in stream:
            pass
    except (OSError, ValueError):
        pass


class LocalJupyterServer(JupyterConnectable):
    """Runs `jupyter kernelgateway` on `ip` (a free port unless `port` is given) until `stop()` or exit."""

    class GenerateToken:
        """Marker default: generate a random token for the server."""

    def __init__(
        self,
        ip: str = "127.0.0.1",
        port: Optional[int] = None,
        token: Union[str, GenerateToken] = GenerateToken(),
        log_file: str = "jupyter_gateway.log",
        log_level: str = "INFO",
        log_max_bytes: int = 1048576,
        log_backup_count: int = 3,
    ):
        if sys.platform == "win32":
            raise ValueError("LocalJupyterServer is not supported on Windows due to kernelgateway bug.")
        self._check_gateway_installed()
        self.ip = ip
        self.token = secrets.token_hex(32) if isinstance(token, LocalJupyterServer.GenerateToken) else token
        self._subprocess = subprocess.Popen(
            self._command(port, log_file, log_level, log_max_bytes, log_backup_count),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.port = self._wait_until_listening()
        atexit.register(self.stop)

    @staticmethod
    def _check_gateway_installed() -> None:
        try:
            subprocess.run(
                [sys.executable, "-m", "jupyter", "kernelgateway", "--version"],
                check=True,
                capture_output=True,
                text=True,
            )
        except subprocess.CalledProcessError as e:
            raise ValueError(
                "Jupyter gateway server is not installed. Please install it with `pip install jupyter_kernel_gateway`."
            ) from e

    def _command(
        self, port: Optional[int], log_file: str, log_level: str, log_max_bytes: int, log_backup_count: int
    ) -> List[str]:
        """The gateway command line: auth token, kernel listing on, logs to a rotating file."""
        logging_config = {
            "handlers": {
                "file": {
                    "class": "logging.handlers.RotatingFileHandler",
                    "level": log_level,
                    "maxBytes": log_max_bytes,
                    "backupCount": log_backup_count,
                    "filename": log_file,
                }
            },
            "loggers": {"KernelGatewayApp": {"level": log_level, "handlers": ["file", "console"]}},
        }
        args = [
            sys.executable,
            "-m",
            "jupyter",
            "kernelgateway",
            "--KernelGatewayApp.ip",
            self.ip,
            "--KernelGatewayApp.auth_token",
            self.token,
            "--JupyterApp.answer_yes",
            "true",
            "--JupyterApp.logging_config",
            json.dumps(logging_config),
            "--JupyterWebsocketPersonality.list_kernels",
            "true",
        ]
        if port is not None:
            args += ["--KernelGatewayApp.port", str(port), "--KernelGatewayApp.port_retries", "0"]
        return args

    def _wait_until_listening(self) -> int:
        """Read the gateway's log on stderr until it says where it listens; returns the port."""
        assert self._subprocess.stderr is not None
        while True:
            if self._subprocess.poll() is not None:
                rest = self._subprocess.stderr.read()
                raise ValueError(f"Jupyter gateway server failed to start: {rest}")
            line = self._subprocess.stderr.readline()
            if "ERROR:" in line:
                self._subprocess.kill()
                self._subprocess.wait()
                raise ValueError(f"Jupyter gateway server failed to start: {line}")
            if "is available at" in line:
                # "... Jupyter Kernel Gateway 3.0.1 is available at http://127.0.0.1:8888"
                port = int(line.strip().split(":")[-1].strip("/"))
                # Keep draining the log so a chatty gateway never blocks on a full pipe.
                threading.Thread(target=_discard, args=(self._subprocess.stderr,), daemon=True).start()
                return port

    @property
    def connection_info(self) -> JupyterConnectionInfo:
        return JupyterConnectionInfo(host=self.ip, use_https=False, port=self.port, token=self.token)

    def stop(self) -> None:
        """Stop the gateway: SIGTERM (it shuts its kernels down), and SIGKILL when it is not gone within a short grace.

        0.2 sent SIGINT, which the gateway answers with an interactive "shut down?" prompt, so a server left running
        held the interpreter's exit for 30 s. The kernels of a killed gateway see their parent go and exit too.
        """
        gateway = self._subprocess
        if gateway.poll() is None:
            gateway.terminate()
            try:
                gateway.wait(timeout=_STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                gateway.kill()
                gateway.wait()
        atexit.unregister(self.stop)

    def get_client(self) -> JupyterClient:
        return JupyterClient(self.connection_info)

    def __enter__(self) -> LocalJupyterServer:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_val: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        self.stop()
