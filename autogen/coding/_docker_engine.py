"""What the Docker code paths share: the SDK import, finding images, waiting for containers, stopping them.

Kept apart from the executors so that the command-line executor, the Jupyter server and the legacy
`execute_code` branch meet the engine's failure modes (missing image, engine gone) in one place.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import time
from types import ModuleType
from typing import TYPE_CHECKING, Any, Dict, Iterator

from .._quiet_import import import_keeping_warnings

if TYPE_CHECKING:
    from docker import DockerClient
    from docker.models.containers import Container

__all__ = ("docker_sdk", "connect", "ensure_image", "wait_until_running", "engine_errors", "ContainerStopper")

logger = logging.getLogger(__name__)

# How long a stopping code container gets before it is killed. Code containers run a shell as PID 1, which ignores
# SIGTERM, so any grace (the engine's default is 10 s) would only ever be spent waiting.
STOP_GRACE_SECONDS = 0


def docker_sdk() -> ModuleType:
    """The `docker` SDK (a core dependency, imported on first use because it is slow to import)."""
    try:
        # requests/urllib3 come with it and add warning filters: keep the warnings already shown as shown
        docker = import_keeping_warnings("docker", "docker.errors")
    except ImportError as e:  # pragma: no cover - only when installed without its dependencies
        raise ImportError("Docker code execution needs the docker SDK: pip install docker") from e
    return docker


# API version negotiated per engine address. Negotiating asks the engine's /version, which Podman answers only after
# querying the package manager for its components (seconds); once per process and engine is enough.
_negotiated: Dict[str, str] = {}


def connect(min_timeout: int = 0) -> DockerClient:
    """A client for the engine named by DOCKER_HOST (or the default socket).

    Its HTTP timeout outlasts `min_timeout`, so a long-running exec is ended by the container's `timeout`
    command and reported as 0.2 does, not cut off by the client first.
    """
    docker = docker_sdk()
    timeout = max(docker.constants.DEFAULT_TIMEOUT_SECONDS, min_timeout + 30)
    address = os.environ.get("DOCKER_HOST", "")
    known = _negotiated.get(address)
    if known is not None:
        return docker.from_env(timeout=timeout, version=known)
    client = docker.from_env(timeout=timeout)
    _negotiated[address] = client.api.api_version
    return client


@contextlib.contextmanager
def engine_errors(doing: str) -> Iterator[None]:
    """Say what we were doing when the engine stopped answering (the SDK raises a bare connection error)."""
    import requests  # noqa: PLC0415  (the docker SDK's transport)

    try:
        yield
    except requests.exceptions.ConnectionError as e:
        raise type(e)(f"The container engine stopped answering while {doing}: {e}") from e


def ensure_image(client: DockerClient, image: str) -> None:
    """Make `image` available locally, pulling it when missing; failures name the image."""
    errors = docker_sdk().errors
    try:
        client.images.get(image)
        return
    except errors.ImageNotFound:
        pass
    logger.info("Pulling image %s...", image)
    try:
        client.images.pull(image)
    except errors.APIError as e:
        detail = e.explanation or str(e)
        raise type(e)(f"Image {image} is not available locally and could not be pulled: {detail}") from e


def wait_until_running(container: Container, timeout: float, poll: float) -> None:
    """Poll the container's state until it runs; ValueError when it has not started within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while container.status != "running":
        if time.monotonic() >= deadline:
            raise ValueError("Container failed to start")
        time.sleep(poll)
        container.reload()


class ContainerStopper:
    """Stops one container at most once: when called, or at interpreter exit if registered for it."""

    def __init__(
        self, client: DockerClient, container_ref: str, at_exit: bool, grace: int = STOP_GRACE_SECONDS
    ) -> None:
        self._client = client
        self._ref = container_ref
        self._grace = grace
        self._done = False
        if at_exit:
            atexit.register(self)

    def __call__(self) -> None:
        atexit.unregister(self)
        if self._done:
            return
        self._done = True
        errors = docker_sdk().errors
        try:
            found: Any = self._client.containers.get(self._ref)
            found.stop(timeout=self._grace)
        except errors.NotFound:
            pass  # already gone (auto-removed, or removed by hand)
