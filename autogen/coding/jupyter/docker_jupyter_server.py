"""A Jupyter kernel gateway running in a container, published on a port of this machine."""

from __future__ import annotations

import io
import logging
import secrets
import socket
import time
import uuid
from types import TracebackType
from typing import TYPE_CHECKING, Any, Dict, Optional, Type, Union

from .._docker_engine import ContainerStopper, connect, docker_sdk, wait_until_running
from .base import JupyterConnectable, JupyterConnectionInfo
from .jupyter_client import JupyterClient

if TYPE_CHECKING:
    from docker import DockerClient

__all__ = ("DockerJupyterServer",)

logger = logging.getLogger(__name__)

_DEFAULT_IMAGE = "autogen-jupyterkernelgateway"
_GATEWAY_PORT = "8888/tcp"
_GATEWAY_STARTUP_SECONDS = 60.0
_GATEWAY_STOP_SECONDS = 5  # the gateway shuts its kernels down on SIGTERM, promptly


def _image_for(client: DockerClient, custom_image_name: Optional[str], dockerfile: str) -> str:
    """The image to run: the custom one, which must exist, or the default one, built on first use."""
    not_found = docker_sdk().errors.ImageNotFound
    wanted = custom_image_name or _DEFAULT_IMAGE
    try:
        client.images.get(wanted)
        return wanted
    except not_found:
        if custom_image_name is not None:
            raise ValueError(f"Custom image {custom_image_name} does not exist") from None
    logger.info("Building image %s (first use)...", wanted)
    client.images.build(fileobj=io.BytesIO(dockerfile.encode("utf-8")), tag=wanted)
    return wanted


def _wait_for_port(port: int, deadline_seconds: float) -> None:
    """Give the gateway time to listen, so the first REST call does not race its start-up."""
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)


class DockerJupyterServer(JupyterConnectable):
    """Runs the kernel gateway image with a token and connects executors to it through a published port."""

    DEFAULT_DOCKERFILE = """FROM quay.io/jupyter/docker-stacks-foundation

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

USER ${NB_UID}
RUN pip install --no-cache-dir jupyter_kernel_gateway ipykernel && \\
    fix-permissions "${CONDA_DIR}" && fix-permissions "/home/${NB_USER}"

ENV TOKEN="UNSET"
CMD python -m jupyter kernelgateway --KernelGatewayApp.ip=0.0.0.0 \\
    --KernelGatewayApp.port=8888 \\
    --KernelGatewayApp.auth_token="${TOKEN}" \\
    --JupyterApp.answer_yes=true \\
    --JupyterWebsocketPersonality.list_kernels=true

EXPOSE 8888

WORKDIR "${HOME}"
"""

    class GenerateToken:
        """Marker default: generate a random token for the server."""

    def __init__(
        self,
        *,
        custom_image_name: Optional[str] = None,
        container_name: Optional[str] = None,
        auto_remove: bool = True,
        stop_container: bool = True,
        docker_env: Dict[str, str] = {},  # noqa: B006  (0.2's signature; never mutated)
        token: Union[str, GenerateToken] = GenerateToken(),
        **docker_kwargs: Any,
    ):
        client = connect()
        image = _image_for(client, custom_image_name, self.DEFAULT_DOCKERFILE)
        self._token = token if isinstance(token, str) else secrets.token_hex(32)
        settings = {"environment": {"TOKEN": self._token, **docker_env}, "publish_all_ports": True, **docker_kwargs}
        name = container_name or f"autogen-jupyterkernelgateway-{uuid.uuid4()}"
        container = client.containers.run(image, detach=True, auto_remove=auto_remove, name=name, **settings)
        self._container_id: str = container.id
        self._cleanup_func = ContainerStopper(client, container.id, at_exit=stop_container, grace=_GATEWAY_STOP_SECONDS)
        self._stop_container = stop_container
        try:
            wait_until_running(container, timeout=60, poll=0.1)
            container.reload()
            self._port = int(container.ports[_GATEWAY_PORT][0]["HostPort"])
        except BaseException:
            self._cleanup_func()
            raise
        _wait_for_port(self._port, _GATEWAY_STARTUP_SECONDS)

    @property
    def connection_info(self) -> JupyterConnectionInfo:
        """The published gateway on this machine's loopback interface."""
        return JupyterConnectionInfo(host="127.0.0.1", use_https=False, port=self._port, token=self._token)

    def stop(self) -> None:
        """Stop the container (and so the gateway and its kernels)."""
        self._cleanup_func()

    def get_client(self) -> JupyterClient:
        """A REST/websocket client for this gateway."""
        return JupyterClient(self.connection_info)

    def __enter__(self) -> DockerJupyterServer:
        return self

    def __exit__(
        self, exc_type: Optional[Type[BaseException]], exc_val: Optional[BaseException], exc_tb: Optional[TracebackType]
    ) -> None:
        self.stop()
