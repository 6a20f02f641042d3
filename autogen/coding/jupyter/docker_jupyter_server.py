"""A Jupyter kernel gateway running in a docker container."""

from __future__ import annotations

import atexit
import io
import logging
import secrets
import uuid
from pathlib import Path
from types import TracebackType
from typing import Any, Dict, Optional, Type, Union

from ..docker_commandline_code_executor import _import_docker, _wait_for_ready
from .base import JupyterConnectable, JupyterConnectionInfo
from .jupyter_client import JupyterClient

__all__ = ("DockerJupyterServer",)

logger = logging.getLogger(__name__)


class DockerJupyterServer(JupyterConnectable):
    """Starts a kernel gateway container (building the default image on first use) and exposes it on a host port."""

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
        docker = _import_docker()
        if container_name is None:
            container_name = f"autogen-jupyterkernelgateway-{uuid.uuid4()}"
        client = docker.from_env()
        if custom_image_name is None:
            image_name = "autogen-jupyterkernelgateway"
            try:
                client.images.get(image_name)
            except docker.errors.ImageNotFound:
                here = Path(__file__).parent
                logger.info("Building image %s from %s...", image_name, here)
                client.images.build(fileobj=io.BytesIO(self.DEFAULT_DOCKERFILE.encode("utf-8")), tag=image_name)
        else:
            image_name = custom_image_name
            try:
                client.images.get(image_name)
            except docker.errors.ImageNotFound:
                raise ValueError(f"Custom image {image_name} does not exist")

        self._token = secrets.token_hex(32) if isinstance(token, DockerJupyterServer.GenerateToken) else token
        container = client.containers.run(
            image_name,
            detach=True,
            auto_remove=auto_remove,
            environment={"TOKEN": self._token, **docker_env},
            publish_all_ports=True,
            name=container_name,
            **docker_kwargs,
        )
        _wait_for_ready(container)
        container.reload()
        self._port = int(container.ports["8888/tcp"][0]["HostPort"])
        self._container_id = container.id

        def cleanup() -> None:
            try:
                client.containers.get(container.id).stop()
            except docker.errors.NotFound:
                pass
            atexit.unregister(cleanup)

        if stop_container:
            atexit.register(cleanup)
        self._cleanup_func = cleanup
        self._stop_container = stop_container

    @property
    def connection_info(self) -> JupyterConnectionInfo:
        return JupyterConnectionInfo(host="127.0.0.1", use_https=False, port=self._port, token=self._token)

    def stop(self) -> None:
        """Stop the container."""
        self._cleanup_func()

    def get_client(self) -> JupyterClient:
        return JupyterClient(self.connection_info)

    def __enter__(self) -> DockerJupyterServer:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_val: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        self.stop()
