"""The Docker branch of `autogen.code_utils.execute_code`: 0.2's one-container-per-run model.

Each call starts a container from the chosen image with the work dir mounted at /workspace, runs one file, and
commits the finished container as `python:<file name>` so that the next run can start from its state.
"""

from __future__ import annotations

import os
import pathlib
import re
import time
from typing import TYPE_CHECKING, Any, List, Optional, Tuple, Union

from ..io.base import IOStream
from ._docker_engine import STOP_GRACE_SECONDS, connect, engine_errors

if TYPE_CHECKING:
    from docker.models.containers import Container

__all__ = ("run_in_docker",)

_DEFAULT_IMAGES = ["python:3-slim", "python:3", "python:3-windowsservercore"]
_POLL_SECONDS = 0.1


def _candidates(use_docker: Union[bool, str, List[str]]) -> List[str]:
    if use_docker is True:
        return list(_DEFAULT_IMAGES)
    return [use_docker] if isinstance(use_docker, str) else list(use_docker)


def _pick_image(client: Any, use_docker: Union[bool, str, List[str]]) -> str:
    """The first candidate image found locally or pulled (the last one tried when none is available)."""
    from autogen.code_utils import _docker  # noqa: PLC0415

    errors = _docker().errors
    tried = ""
    for tried in _candidates(use_docker):
        try:
            client.images.get(tried)
            return tried
        except errors.ImageNotFound:
            IOStream.get_default().print("Pulling image", tried)
        try:
            client.images.pull(tried)
            return tried
        except errors.DockerException:
            IOStream.get_default().print("Failed to pull image", tried)
    return tried


def _exit_marker_command(interpreter: str, filename: str, marker: str) -> List[str]:
    """Run the file, then print its exit status between two markers (the container's own status is the shell's)."""
    script = f'{interpreter} "{filename}"; exit_code=$?; echo -n {marker}; echo -n $exit_code; echo {marker}'
    return ["sh", "-c", script]


def _finished_within(container: Container, seconds: float) -> bool:
    """Poll until the container has exited; False when `seconds` pass first."""
    give_up = time.monotonic() + seconds
    while container.status != "exited":
        if time.monotonic() >= give_up:
            return False
        time.sleep(_POLL_SECONDS)
        container.reload()
    return True


def _split_exit_status(logs: str, marker: str) -> Tuple[int, str]:
    """The exit status the marker carries (1 when it is missing) and the logs without it."""
    framed = re.compile(re.escape(marker) + r"(\d+)" + re.escape(marker))
    found = framed.search(logs)
    if found is None:
        return 1, logs
    return int(found.group(1)), framed.sub("", logs)


def run_in_docker(
    filepath: str,
    filename: str,
    original_filename: Optional[str],
    work_dir: str,
    lang: str,
    timeout: float,
    use_docker: Union[bool, str, List[str]],
) -> Tuple[int, str, Optional[str]]:
    """Run the file in a fresh container and return `(exit_code, logs, image)` as 0.2's `execute_code` does."""
    from autogen.code_utils import TIMEOUT_MSG, _cmd, _sanitize_filename_for_docker_tag  # noqa: PLC0415

    client = connect(min_timeout=int(timeout))
    try:
        with engine_errors(f"running {filename} in a container"):
            image = _pick_image(client, use_docker)
            marker = f"exitcode{time.time()}"
            container = client.containers.run(
                image,
                command=_exit_marker_command(_cmd(lang), filename, marker),
                working_dir="/workspace",
                detach=True,
                volumes={str(pathlib.Path(work_dir).absolute()): {"bind": "/workspace", "mode": "rw"}},
            )
            if not _finished_within(container, timeout):
                container.stop(timeout=STOP_GRACE_SECONDS)
                container.remove()
                _forget_temp_file(filepath, original_filename)
                return 1, TIMEOUT_MSG, image
            logs = container.logs().decode("utf-8").rstrip()
            tag = _sanitize_filename_for_docker_tag(filename)
            container.commit(repository="python", tag=tag)
            container.remove()
    finally:
        client.close()
    exit_code = container.attrs["State"]["ExitCode"]
    if exit_code == 0:
        exit_code, logs = _split_exit_status(logs, marker)
    _forget_temp_file(filepath, original_filename)
    if exit_code:
        logs = logs.replace(f"/workspace/{filename if original_filename is None else ''}", "")
    return exit_code, logs, f"python:{tag}"


def _forget_temp_file(filepath: str, original_filename: Optional[str]) -> None:
    """Delete the file execute_code wrote for code given inline (a named file stays)."""
    if original_filename is None and os.path.exists(filepath):
        os.remove(filepath)
