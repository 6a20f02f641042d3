"""DockerCommandLineCodeExecutor against a real engine: every test checks that its code ran in the container."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator, List

import pytest

from autogen.code_utils import TIMEOUT_MSG
from autogen.coding import CodeBlock, DockerCommandLineCodeExecutor
from autogen.coding.func_with_reqs import _build_python_functions_file, with_requirements

pytestmark = pytest.mark.docker

PROBE = "import socket; print('container-hostname:', socket.gethostname())"

Make = Callable[..., DockerCommandLineCodeExecutor]


@pytest.fixture
def make(container_engine: Any, tmp_path: Path) -> Iterator[Make]:
    """Builds executors on tmp_path (unless told otherwise) and makes sure none of their containers outlive the test."""
    created: List[DockerCommandLineCodeExecutor] = []

    def build(**kwargs: Any) -> DockerCommandLineCodeExecutor:
        kwargs.setdefault("work_dir", tmp_path)
        kwargs.setdefault("timeout", 30)
        executor = DockerCommandLineCodeExecutor(**kwargs)
        created.append(executor)
        return executor

    yield build
    for executor in created:
        executor.stop()
        try:
            container_engine.containers.get(executor._container.id).remove(force=True)
        except Exception:  # already removed (auto_remove)
            pass


def in_container_of(executor: DockerCommandLineCodeExecutor, engine: Any, output: str) -> None:
    """The hostname the code printed is the executor's container, as the engine knows it, and not this machine."""
    hostname = output.split("container-hostname:", 1)[1].split()[0]
    container = engine.containers.get(executor._container.id)
    assert container.attrs["Config"]["Hostname"] == hostname
    assert container.id.startswith(hostname)
    assert hostname != os.uname().nodename


def run(executor: DockerCommandLineCodeExecutor, *blocks: str, lang: str = "python") -> Any:
    return executor.execute_code_blocks([CodeBlock(code=code, language=lang) for code in blocks])


def test_python_block_runs_in_the_container(make: Make, container_engine: Any) -> None:
    executor = make()
    result = run(executor, PROBE + "\nprint('sum', 2 + 3)")
    assert result.exit_code == 0
    assert "sum 5\n" in result.output
    in_container_of(executor, container_engine, result.output)


def test_sh_block_runs_in_the_container(make: Make, container_engine: Any) -> None:
    executor = make()
    result = run(executor, "echo container-hostname: $(hostname)\necho shell $((6 * 7))", lang="sh")
    assert result.exit_code == 0
    assert "shell 42\n" in result.output
    in_container_of(executor, container_engine, result.output)


def test_named_file_and_its_output_land_in_the_host_work_dir(make: Make, container_engine: Any, tmp_path: Path) -> None:
    executor = make()
    code = f"# filename: pkg/writer.py\n{PROBE}\nopen('made_inside.txt', 'w').write('from the container')"
    result = run(executor, code)
    assert result.exit_code == 0
    assert result.code_file == str(tmp_path / "pkg" / "writer.py")
    assert (tmp_path / "pkg" / "writer.py").read_text() == code
    assert (tmp_path / "made_inside.txt").read_text() == "from the container"
    in_container_of(executor, container_engine, result.output)


def test_failing_block_stops_the_run_with_its_exit_code(make: Make, container_engine: Any) -> None:
    executor = make()
    result = run(executor, PROBE, "raise SystemExit(3)", "print('never')")
    assert result.exit_code == 3
    assert "never" not in result.output
    in_container_of(executor, container_engine, result.output)


def test_python_error_output_is_the_traceback(make: Make, container_engine: Any) -> None:
    executor = make()
    result = run(executor, PROBE + "\n1 / 0")
    assert result.exit_code == 1
    assert "Traceback" in result.output and "ZeroDivisionError: division by zero" in result.output
    in_container_of(executor, container_engine, result.output)


def test_timeout_returns_124_and_leaves_no_process(make: Make, container_engine: Any) -> None:
    executor = make(timeout=2)
    code = f"echo container-hostname: $(hostname)\nsleep 300 &\nsleep 301\necho {uuid.uuid4().hex}"
    result = run(executor, code, lang="sh")
    assert result.exit_code == 124
    assert result.output.endswith(f"\n{TIMEOUT_MSG}")
    in_container_of(executor, container_engine, result.output)
    listing = executor._container.exec_run(["sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '"]).output.decode()
    assert "sleep 30" not in listing


def test_stop_with_auto_remove_leaves_no_container(make: Make, container_engine: Any) -> None:
    executor = make()
    assert "container-hostname:" in run(executor, PROBE).output
    executor.stop()
    assert executor._container.id not in {c.id for c in container_engine.containers.list(all=True, sparse=True)}


def test_stop_without_auto_remove_leaves_a_stopped_container(make: Make, container_engine: Any) -> None:
    executor = make(auto_remove=False)
    in_container_of(executor, container_engine, run(executor, PROBE).output)
    executor.stop()
    assert container_engine.containers.get(executor._container.id).status == "exited"


def _executor_script(tmp_path: Path, stop_container: bool) -> str:
    return textwrap.dedent(
        f"""
        from autogen.coding import CodeBlock, DockerCommandLineCodeExecutor
        executor = DockerCommandLineCodeExecutor(work_dir={str(tmp_path)!r}, stop_container={stop_container})
        result = executor.execute_code_blocks([CodeBlock(code={PROBE!r}, language="python")])
        print(executor._container.id, result.output)
        """
    )


@pytest.mark.parametrize("stop_container", [True, False])
def test_container_at_interpreter_exit_follows_stop_container(
    stop_container: bool, container_engine: Any, tmp_path: Path
) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _executor_script(tmp_path, stop_container)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    container_id, output = proc.stdout.split(" ", 1)
    assert output.split("container-hostname:", 1)[1].split()[0] == container_id[:12]
    alive = {c.id for c in container_engine.containers.list(all=True, sparse=True)}
    try:
        assert (container_id in alive) is (not stop_container)
    finally:
        if container_id in alive:
            container_engine.containers.get(container_id).remove(force=True)


def test_restart_ends_processes_and_keeps_files(make: Make, container_engine: Any, tmp_path: Path) -> None:
    executor = make()
    run(executor, "# filename: kept.py\nprint('kept')")
    run(executor, "nohup sleep 600 >/dev/null 2>&1 &", lang="sh")
    executor.restart()
    result = run(executor, PROBE + "\nimport os\nprint('files', sorted(os.listdir('.')))")
    assert result.exit_code == 0
    assert "kept.py" in result.output
    listing = executor._container.exec_run(["sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '"]).output.decode()
    assert "sleep 600" not in listing
    in_container_of(executor, container_engine, result.output)


def test_second_executor_on_the_same_work_dir_sees_the_files(make: Make, container_engine: Any) -> None:
    first, second = make(), make()
    run(first, "open('shared.txt', 'w').write('written by the first')")
    result = run(second, PROBE + "\nprint(open('shared.txt').read())")
    assert "written by the first" in result.output
    assert first._container.id != second._container.id
    in_container_of(second, container_engine, result.output)


def test_execution_policy_false_saves_without_running(make: Make, container_engine: Any, tmp_path: Path) -> None:
    executor = make(execution_policies={"python": False})
    result = run(executor, "open('ran.txt', 'w').write('x')")
    assert result.exit_code == 0
    assert result.output == f"Code saved to {result.code_file}\n"
    assert not (tmp_path / "ran.txt").exists()
    probe = run(executor, f"echo container-hostname: $(hostname); ls {Path(result.code_file).name}", lang="sh")
    in_container_of(executor, container_engine, probe.output)


@with_requirements(python_packages=[], global_imports=["math"])
def hypotenuse(a: float, b: float) -> float:
    return math.sqrt(a * a + b * b)  # noqa: F821  (imported by the functions module)


def test_functions_with_requirements_are_importable_in_the_container(
    make: Make, container_engine: Any, tmp_path: Path
) -> None:
    (tmp_path / "functions.py").write_text(_build_python_functions_file([hypotenuse]))
    executor = make()
    result = run(executor, PROBE + "\nfrom functions import hypotenuse\nprint(hypotenuse(3, 4))")
    assert result.exit_code == 0, result.output
    assert "5.0\n" in result.output
    in_container_of(executor, container_engine, result.output)


def test_missing_work_dir_is_created(make: Make, container_engine: Any, tmp_path: Path) -> None:
    executor = make(work_dir=tmp_path / "new")
    result = run(executor, PROBE + "\nopen('here.txt', 'w').write('x')")
    assert (tmp_path / "new" / "here.txt").exists()
    in_container_of(executor, container_engine, result.output)


def test_unknown_image_error_names_it(container_engine: Any, tmp_path: Path) -> None:
    import docker

    image = f"autogen-no-such-image-{uuid.uuid4().hex[:8]}:1"
    with pytest.raises(docker.errors.DockerException, match=image):
        DockerCommandLineCodeExecutor(image=image, work_dir=tmp_path)
    assert not [c for c in container_engine.api.containers(all=True) if image in str(c.get("Image"))]


def test_engine_gone_mid_run_raises_a_clear_error(
    container_engine: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import requests

    service, socket_path = _private_engine_service(tmp_path)
    monkeypatch.setenv("DOCKER_HOST", f"unix://{socket_path}")
    executor = DockerCommandLineCodeExecutor(work_dir=tmp_path / "work", timeout=60, stop_container=False)
    try:
        threading_kill_after(service, seconds=3)
        with pytest.raises(requests.exceptions.ConnectionError, match="container engine stopped answering"):
            run(executor, PROBE + "\nimport time\ntime.sleep(50)")
    finally:
        service.kill()
        service.wait()
        container_engine.containers.get(executor._container.id).remove(force=True)


def threading_kill_after(process: subprocess.Popen, seconds: float) -> None:
    import threading

    threading.Timer(seconds, process.kill).start()


def _private_engine_service(tmp_path: Path) -> tuple:
    """A second API service over the same store, which this test may kill without disturbing anyone else."""
    conf = os.environ.get("CONTAINERS_CONF", "/var/cache/autogen-containers/containers.conf")
    podman = subprocess.run(["sh", "-c", "command -v podman"], capture_output=True, text=True).stdout.strip()
    if not podman or not os.path.exists(conf):
        pytest.skip("killing the engine needs the podman service that scripts/container-engine.sh sets up")
    socket_path = tmp_path / "engine.sock"
    service = subprocess.Popen(
        [podman, "system", "service", "--time=0", f"unix://{socket_path}"],
        env={**os.environ, "CONTAINERS_CONF": conf},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not socket_path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return service, socket_path
