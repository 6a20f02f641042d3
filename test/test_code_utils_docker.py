"""The Docker branch of the legacy `execute_code`, against a real engine (one container per run, as in 0.2)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from autogen.code_utils import TIMEOUT_MSG, execute_code

pytestmark = pytest.mark.docker

PROBE = "import socket; print('container-hostname:', socket.gethostname())"


@pytest.fixture
def docker_run(outside_container: None, legacy_images_removed: None, tmp_path: Path) -> Callable[..., Any]:
    """execute_code in tmp_path, with the container detection answering "outside" so that Docker is used."""

    def run(code: str, **kwargs: Any) -> Any:
        kwargs.setdefault("work_dir", str(tmp_path))
        return execute_code(code, **kwargs)

    return run


def test_use_docker_true_runs_in_a_container_of_the_default_image(docker_run: Any, engine_container: Any) -> None:
    since = time.time()
    exit_code, logs, image = docker_run(PROBE + "\nprint('done')", use_docker=True)
    assert exit_code == 0
    assert logs.endswith("done\n")
    assert image.startswith("python:tmp_code_") and image.endswith(".py")
    engine_container(logs, since)


def test_use_docker_image_name_runs_in_that_image(
    docker_run: Any, engine_container: Any, container_engine: Any
) -> None:
    since = time.time()
    exit_code, logs, image = docker_run(PROBE, use_docker="python:3-slim")
    assert exit_code == 0
    engine_container(logs, since)
    assert container_engine.images.get(image)  # the finished run, committed


def test_use_docker_false_runs_here(docker_run: Any) -> None:
    exit_code, logs, image = docker_run(PROBE, use_docker=False)
    assert (exit_code, image) == (0, None)
    assert logs.split("container-hostname:", 1)[1].split()[0] == os.uname().nodename


def test_env_switch_chooses_docker_when_use_docker_is_not_given(
    docker_run: Any, engine_container: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "1")
    since = time.time()
    exit_code, logs, image = docker_run(PROBE)
    assert exit_code == 0 and image is not None
    engine_container(logs, since)


def test_named_file_is_written_to_the_work_dir_and_tags_the_image(
    docker_run: Any, engine_container: Any, tmp_path: Path
) -> None:
    since = time.time()
    exit_code, logs, image = docker_run(PROBE, filename="codetest.py", use_docker=True)
    assert (exit_code, image) == (0, "python:codetest.py")
    assert (tmp_path / "codetest.py").read_text() == PROBE
    engine_container(logs, since)


def test_malformed_file_name_is_sanitized_into_the_tag(docker_run: Any, engine_container: Any) -> None:
    since = time.time()
    exit_code, logs, image = docker_run(PROBE, filename="codetest.py (some extra information)", use_docker=True)
    assert (exit_code, image) == (0, "python:codetest.py__some_extra_information_")
    engine_container(logs, since)


def test_failing_code_returns_its_traceback_without_the_container_path(docker_run: Any, engine_container: Any) -> None:
    since = time.time()
    exit_code, logs, _ = docker_run(PROBE + "\nassert 1 == 2", use_docker=True)
    assert exit_code == 1
    assert "AssertionError" in logs and 'File "' in logs
    assert "/workspace/" not in logs
    engine_container(logs, since)


def test_timeout_returns_0_2s_result_and_removes_the_container(
    docker_run: Any, container_engine: Any, engine_events: Any
) -> None:
    since = time.time()
    assert docker_run(PROBE + "\nimport time\ntime.sleep(60)", timeout=3, use_docker=True) == (
        1,
        TIMEOUT_MSG,
        "python:3-slim",
    )
    events = engine_events(since)
    created = {e["id"] for e in events if e.get("Type") == "container" and e.get("Action") == "create"}
    assert created, "no container was started"
    assert not created & {c.id for c in container_engine.containers.list(all=True, sparse=True)}


def test_inside_a_container_the_legacy_path_runs_here(legacy_images_removed: None, tmp_path: Path) -> None:
    if not os.path.exists("/.dockerenv"):
        pytest.skip("this machine has no /.dockerenv: 0.2's in-container rule does not apply")
    exit_code, logs, image = execute_code(PROBE, work_dir=str(tmp_path), use_docker=True)
    assert (exit_code, image) == (0, None)
    assert logs.split("container-hostname:", 1)[1].split()[0] == os.uname().nodename
