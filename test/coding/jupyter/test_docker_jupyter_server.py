"""DockerJupyterServer + JupyterCodeExecutor against a real engine: kernels run in the gateway's container."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from autogen.coding import CodeBlock
from autogen.coding.jupyter import DockerJupyterServer, JupyterCodeExecutor

pytestmark = [pytest.mark.docker, pytest.mark.jupyter]

PROBE = "import socket; print('container-hostname:', socket.gethostname())"


@pytest.fixture(scope="module")
def server(container_engine_address: Optional[str]) -> Iterator[DockerJupyterServer]:
    with pytest.MonkeyPatch.context() as env:
        if container_engine_address:
            env.setenv("DOCKER_HOST", container_engine_address)
        with DockerJupyterServer() as gateway:
            yield gateway


@pytest.fixture
def executor(server: DockerJupyterServer, tmp_path: Path) -> Iterator[JupyterCodeExecutor]:
    with JupyterCodeExecutor(server, output_dir=tmp_path, timeout=30) as kernel:
        yield kernel


def run(executor: JupyterCodeExecutor, *codes: str) -> Any:
    return executor.execute_code_blocks([CodeBlock(code=code, language="python") for code in codes])


def in_gateway_container(server: DockerJupyterServer, engine: Any, output: str) -> None:
    hostname = output.split("container-hostname:", 1)[1].split()[0]
    assert engine.containers.get(server._container_id).attrs["Config"]["Hostname"] == hostname
    assert server._container_id.startswith(hostname)


def test_state_is_kept_across_blocks(
    executor: JupyterCodeExecutor, server: DockerJupyterServer, container_engine: Any
) -> None:
    run(executor, "total = 40")
    result = run(executor, PROBE, "total += 2\nprint(total)")
    assert result.exit_code == 0
    assert "42" in result.output
    in_gateway_container(server, container_engine, result.output)


def test_matplotlib_figure_comes_back_as_an_image_file(
    executor: JupyterCodeExecutor, server: DockerJupyterServer, container_engine: Any, tmp_path: Path
) -> None:
    code = PROBE + "\nimport matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [1, 4, 9])\nplt.show()"
    result = run(executor, code)
    assert result.exit_code == 0, result.output
    assert len(result.output_files) == 1
    image = Path(result.output_files[0])
    assert image.parent == tmp_path.resolve() and image.read_bytes().startswith(b"\x89PNG")
    assert f"Image data saved to {image}" in result.output
    in_gateway_container(server, container_engine, result.output)


def test_restart_clears_the_kernel_state(
    executor: JupyterCodeExecutor, server: DockerJupyterServer, container_engine: Any
) -> None:
    run(executor, "forgotten = 1")
    executor.restart()
    result = run(executor, "print(forgotten)")
    assert result.exit_code == 1
    assert "NameError" in result.output
    in_gateway_container(server, container_engine, run(executor, PROBE).output)


def test_leaving_the_with_block_stops_and_removes_the_container(container_engine: Any, tmp_path: Path) -> None:
    with DockerJupyterServer() as gateway, JupyterCodeExecutor(gateway, output_dir=tmp_path) as kernel:
        in_gateway_container(gateway, container_engine, run(kernel, PROBE).output)
    assert gateway._container_id not in {c.id for c in container_engine.containers.list(all=True, sparse=True)}


def test_interpreter_exit_stops_and_removes_the_container(container_engine: Any, tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        from autogen.coding import CodeBlock
        from autogen.coding.jupyter import DockerJupyterServer, JupyterCodeExecutor
        server = DockerJupyterServer()
        executor = JupyterCodeExecutor(server, output_dir={str(tmp_path)!r})
        print(server._container_id, executor.execute_code_blocks([CodeBlock(code={PROBE!r}, language="python")]).output)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    container_id, output = proc.stdout.split(" ", 1)
    assert output.split("container-hostname:", 1)[1].split()[0] == container_id[:12]
    assert container_id not in {c.id for c in container_engine.containers.list(all=True, sparse=True)}


def test_missing_custom_image_is_refused(container_engine: Any) -> None:
    with pytest.raises(ValueError, match="Custom image autogen-no-such-gateway does not exist"):
        DockerJupyterServer(custom_image_name="autogen-no-such-gateway")


def test_custom_image_built_from_a_users_dockerfile_runs_the_kernels(container_engine: Any, tmp_path: Path) -> None:
    import io

    dockerfile = "FROM autogen-jupyterkernelgateway\nENV AUTOGEN_TEST_MARKER=from-the-custom-image\n"
    image, _ = container_engine.images.build(fileobj=io.BytesIO(dockerfile.encode()), tag="autogen-test-custom-gateway")
    try:
        with DockerJupyterServer(custom_image_name="autogen-test-custom-gateway") as gateway:
            with JupyterCodeExecutor(gateway, output_dir=tmp_path) as kernel:
                result = run(kernel, PROBE + "\nimport os\nprint(os.environ['AUTOGEN_TEST_MARKER'])")
                in_gateway_container(gateway, container_engine, result.output)
            assert container_engine.containers.get(gateway._container_id).image.id == image.id
        assert "from-the-custom-image" in result.output
    finally:
        _remove_image_once_unused(container_engine, image.id)


def _remove_image_once_unused(engine: Any, image_id: str) -> None:
    """The engine deletes an auto-removed container in the background: the image is in use until it is gone."""
    import docker

    for _ in range(50):
        try:
            engine.images.remove(image_id, force=True)
            return
        except docker.errors.APIError:
            time.sleep(0.2)
