"""The docker branch of `autogen.code_utils.execute_code` (0.2's one-container-per-run model)."""

from __future__ import annotations

import os
import pathlib
import re
import time
from typing import List, Optional, Tuple, Union

from ..io.base import IOStream

__all__ = ("run_in_docker",)

_DEFAULT_IMAGES = ["python:3-slim", "python:3", "python:3-windowsservercore"]


def _pick_image(client: object, use_docker: Union[bool, str, List[str]]) -> str:
    """The first image of the candidates present locally or pullable (the last candidate otherwise)."""
    from autogen.code_utils import _docker  # noqa: PLC0415

    errors = _docker().errors
    candidates = _DEFAULT_IMAGES if use_docker is True else [use_docker] if isinstance(use_docker, str) else use_docker
    image = candidates[0]
    for image in candidates:
        try:
            client.images.get(image)
            break
        except errors.ImageNotFound:
            IOStream.get_default().print("Pulling image", image)
            try:
                client.images.pull(image)
                break
            except errors.DockerException:
                IOStream.get_default().print("Failed to pull image", image)
    return image


def run_in_docker(
    filepath: str,
    filename: str,
    original_filename: Optional[str],
    work_dir: str,
    lang: str,
    timeout: float,
    use_docker: Union[bool, str, List[str]],
) -> Tuple[int, str, Optional[str]]:
    """Run the file in a fresh container with `work_dir` mounted at /workspace; commit the result as an image."""
    from autogen.code_utils import TIMEOUT_MSG, _cmd, _docker, _sanitize_filename_for_docker_tag  # noqa: PLC0415

    client = _docker().from_env()
    try:
        image = _pick_image(client, use_docker)
        marker = f"exitcode{time.time()}"
        cmd = [
            "sh",
            "-c",
            f'{_cmd(lang)} "{filename}"; exit_code=$?; echo -n {marker}; echo -n $exit_code; echo {marker}',
        ]
        container = client.containers.run(
            image,
            command=cmd,
            working_dir="/workspace",
            detach=True,
            volumes={str(pathlib.Path(work_dir).absolute()): {"bind": "/workspace", "mode": "rw"}},
        )
        start = time.time()
        while container.status != "exited" and time.time() - start < timeout:
            time.sleep(0.05)
            container.reload()
        if container.status != "exited":
            container.stop()
            container.remove()
            _remove_temp(filepath, original_filename)
            return 1, TIMEOUT_MSG, image
        logs = container.logs().decode("utf-8").rstrip()
        tag = _sanitize_filename_for_docker_tag(filename)
        container.commit(repository="python", tag=tag)
        container.remove()
        exit_code = container.attrs["State"]["ExitCode"]
        if exit_code == 0:
            pattern = re.compile(f"{re.escape(marker)}(\\d+){re.escape(marker)}")
            match = pattern.search(logs)
            exit_code = 1 if match is None else int(match.group(1))
            logs = logs if match is None else pattern.sub("", logs)
        _remove_temp(filepath, original_filename)
        if exit_code:
            logs = logs.replace(f"/workspace/{filename if original_filename is None else ''}", "")
        return exit_code, logs, f"python:{tag}"
    finally:
        client.close()


def _remove_temp(filepath: str, original_filename: Optional[str]) -> None:
    if original_filename is None and os.path.exists(filepath):
        os.remove(filepath)
