"""Kernel-backed executors on real kernels: EmbeddedIPythonCodeExecutor (jupyter_client) and JupyterCodeExecutor on a
LocalJupyterServer (jupyter-kernel-gateway, REST + websocket); the DockerJupyterServer variant needs a docker engine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import pytest

from autogen.coding import CodeBlock, CodeExecutor, CodeExecutorFactory
from autogen.coding.base import IPythonCodeResult
from autogen.coding.jupyter import (
    DockerJupyterServer,
    EmbeddedIPythonCodeExecutor,
    JupyterCodeExecutor,
    JupyterConnectable,
    JupyterConnectionInfo,
    LocalJupyterServer,
)

pytestmark = pytest.mark.jupyter

Make = Callable[..., Any]


@pytest.fixture(scope="module")
def local_jupyter_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalJupyterServer]:
    log_file = str(tmp_path_factory.mktemp("gateway") / "jupyter_gateway.log")
    with LocalJupyterServer(log_file=log_file) as server:
        yield server


@pytest.fixture(scope="module")
def docker_jupyter_server(container_engine_address: Optional[str]) -> Iterator[DockerJupyterServer]:
    with pytest.MonkeyPatch.context() as env:
        if container_engine_address:
            env.setenv("DOCKER_HOST", container_engine_address)
        with DockerJupyterServer() as server:
            yield server


@pytest.fixture(params=["embedded", "local-jupyter", "docker-jupyter"])
def make_executor(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Make]:
    """Builds an executor of the parametrized kind (output files go to tmp_path by default) and stops it after."""
    created: list = []

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("output_dir", tmp_path)
        if request.param == "embedded":
            kwargs["output_dir"] = str(kwargs["output_dir"])
            executor = EmbeddedIPythonCodeExecutor(**kwargs)
        elif request.param == "local-jupyter":
            executor = JupyterCodeExecutor(request.getfixturevalue("local_jupyter_server"), **kwargs)
        else:
            executor = JupyterCodeExecutor(request.getfixturevalue("docker_jupyter_server"), **kwargs)
        created.append(executor)
        return executor

    if request.param == "docker-jupyter":
        request.getfixturevalue("docker_jupyter_server")
    yield make
    for executor in created:
        executor.stop()


def run(executor: Any, *codes: str, language: str = "python") -> IPythonCodeResult:
    return executor.execute_code_blocks([CodeBlock(code=code, language=language) for code in codes])


def test_classes_satisfy_protocol() -> None:
    assert isinstance(EmbeddedIPythonCodeExecutor, CodeExecutor)
    assert isinstance(JupyterCodeExecutor, CodeExecutor)


def test_factory_builds_embedded_executor(tmp_path: Path) -> None:
    executor = CodeExecutorFactory.create({"executor": "ipython-embedded", "ipython-embedded": {"timeout": 5}})
    try:
        assert isinstance(executor, EmbeddedIPythonCodeExecutor) and executor.timeout == 5
    finally:
        executor.stop()


def test_factory_passes_instances_through(make_executor: Make) -> None:
    executor = make_executor()
    assert CodeExecutorFactory.create({"executor": executor}) is executor


def test_init_stores_settings(make_executor: Make) -> None:
    executor = make_executor(timeout=10, kernel_name="python3", output_dir=".")
    assert executor._timeout == 10
    assert executor._kernel_name == "python3"
    assert executor._output_dir == Path(".")


def test_missing_output_dir_raises(make_executor: Make) -> None:
    with pytest.raises(ValueError, match="Output directory .* does not exist."):
        make_executor(output_dir="/invalid/directory")


def test_unknown_kernel_raises(make_executor: Make) -> None:
    with pytest.raises(ValueError, match="Kernel .* is not installed."):
        make_executor(kernel_name="invalid_kernel_name")


def test_timeout_below_one_raises(tmp_path: Path, local_jupyter_server: LocalJupyterServer) -> None:
    with pytest.raises(ValueError):
        EmbeddedIPythonCodeExecutor(timeout=0)
    with pytest.raises(ValueError, match="Timeout must be greater than or equal to 1."):
        JupyterCodeExecutor(local_jupyter_server, timeout=0)


def test_single_block_prints(make_executor: Make) -> None:
    result = run(make_executor(), "print('hello world!')")
    assert result.exit_code == 0 and "hello world!" in result.output


def test_state_is_shared_across_blocks(make_executor: Make) -> None:
    executor = make_executor()
    result = run(executor, "a = 123 + 123", "print(a)")
    assert result.exit_code == 0 and "246" in result.output
    result = run(executor, "def test_function(a, b):\n    return a + b", "test_function(431, 423)")
    assert result.exit_code == 0 and "854" in result.output


def test_bang_command_in_bash_block_runs_in_kernel(make_executor: Make) -> None:
    result = run(make_executor(), '!echo "hello world!"', language="bash")
    assert result.exit_code == 0 and "hello world!" in result.output


def test_error_is_reported(make_executor: Make) -> None:
    result = run(make_executor(), "raise ValueError('bad value')")
    assert result.exit_code == 1
    assert result.output.startswith("ERROR: ") and "ValueError: bad value" in result.output


def test_error_stops_later_blocks(make_executor: Make) -> None:
    result = run(make_executor(), "1/0", "print('never')")
    assert result.exit_code == 1 and "ZeroDivisionError" in result.output and "never" not in result.output


def test_timeout(make_executor: Make) -> None:
    executor = make_executor(timeout=1)
    result = run(executor, "import time; time.sleep(10); print('hello world!')")
    assert result.exit_code != 0 and "Timeout" in result.output


def test_timeout_preserves_kernel_state(make_executor: Make) -> None:
    executor = make_executor(timeout=1)
    assert run(executor, "x = 123").exit_code == 0
    assert run(executor, "import time; time.sleep(10)").exit_code != 0
    result = run(executor, "print(x)")
    assert result.exit_code == 0 and "123" in result.output


def test_silent_pip_install(make_executor: Make) -> None:
    result = run(make_executor(timeout=60), "!pip install matplotlib numpy")
    assert result.exit_code == 0 and result.output.strip() == ""


def test_failing_pip_install_reports_error(make_executor: Make) -> None:
    result = run(make_executor(timeout=60), "!PIP_NO_INDEX=1 pip install autogen-package-that-does-not-exist-xyz")
    assert result.exit_code == 0 and "ERROR: " in result.output


def test_restart_clears_state(make_executor: Make) -> None:
    executor = make_executor()
    assert run(executor, "x = 123").exit_code == 0
    executor.restart()
    result = run(executor, "print(x)")
    assert result.exit_code != 0 and "NameError" in result.output


def test_matplotlib_figure_is_saved_as_image(make_executor: Make, tmp_path: Path) -> None:
    code = "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [4, 1, 9])\nplt.title('test')\nplt.show()"
    result = run(make_executor(output_dir=tmp_path), code)
    assert result.exit_code == 0
    assert len(result.output_files) == 1
    image = Path(result.output_files[0])
    assert image.exists() and image.suffix == ".png" and image.parent.resolve() == tmp_path.resolve()
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"Image data saved to {result.output_files[0]}" in result.output


def test_html_output_is_saved(make_executor: Make, tmp_path: Path) -> None:
    result = run(make_executor(output_dir=tmp_path), "from IPython.display import HTML\nHTML('<div>hello</div>')")
    assert result.exit_code == 0 and len(result.output_files) == 1
    html = Path(result.output_files[0])
    assert html.suffix == ".html" and html.read_text() == "<div>hello</div>"
    assert f"HTML data saved to {result.output_files[0]}" in result.output


def test_execute_result_and_stream_are_joined_by_newlines(make_executor: Make) -> None:
    result = run(make_executor(), "print('first')\n'second'")
    assert result.exit_code == 0 and result.output == "first\n\n'second'"


def test_agent_runs_two_blocks_in_one_message(make_executor: Make) -> None:
    try:
        from autogen.agentchat import ConversableAgent
    except ImportError as e:
        pytest.skip(f"autogen.agentchat is not available: {e}")
    executor = make_executor()
    agent = ConversableAgent("executor", llm_config=False, code_execution_config={"executor": executor})
    message = "```python\na = 100 + 100\n```\nthen\n```python\nprint(a + 292)\n```"
    reply = agent.generate_reply(messages=[{"role": "user", "content": message}], sender=agent)
    assert "492" in reply


# --- the gateway and its client directly ----------------------------------------------------------------------------


def test_local_server_is_connectable(local_jupyter_server: LocalJupyterServer) -> None:
    info = local_jupyter_server.connection_info
    assert isinstance(local_jupyter_server, JupyterConnectable)
    assert info == JupyterConnectionInfo(
        host="127.0.0.1", use_https=False, port=local_jupyter_server.port, token=local_jupyter_server.token
    )
    assert len(local_jupyter_server.token) == 64
    assert local_jupyter_server.token not in repr(info)


def test_client_manages_kernels(local_jupyter_server: LocalJupyterServer) -> None:
    client = local_jupyter_server.get_client()
    assert "python3" in client.list_kernel_specs()["kernelspecs"]
    kernel_id = client.start_kernel("python3")
    try:
        assert kernel_id in [k["id"] for k in client.list_kernels()]
        with client.get_kernel_client(kernel_id) as kernel:
            assert kernel.wait_for_ready(timeout_seconds=60) is True
            result = kernel.execute("print('via websocket')\n21 * 2", timeout_seconds=30)
            assert result.is_ok and result.output == "via websocket\n\n42" and result.data_items == []
            error = kernel.execute("undefined_name", timeout_seconds=30)
            assert not error.is_ok and error.output.startswith("ERROR: NameError: name 'undefined_name' is not defined")
        client.restart_kernel(kernel_id)
    finally:
        client.delete_kernel(kernel_id)
    assert kernel_id not in [k["id"] for k in client.list_kernels()]


def test_client_collects_image_data_items(local_jupyter_server: LocalJupyterServer) -> None:
    client = local_jupyter_server.get_client()
    kernel_id = client.start_kernel("python3")
    try:
        with client.get_kernel_client(kernel_id) as kernel:
            kernel.wait_for_ready(timeout_seconds=60)
            code = "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()"
            result = kernel.execute(code, timeout_seconds=60)
            assert result.is_ok and [item.mime_type for item in result.data_items] == ["image/png"]
            timeout = kernel.execute("import time; time.sleep(5)", timeout_seconds=0.5)
            assert (timeout.is_ok, timeout.output) == (False, "ERROR: Timeout waiting for output from code block.")
    finally:
        client.delete_kernel(kernel_id)


def test_client_rejects_wrong_token(local_jupyter_server: LocalJupyterServer) -> None:
    import requests

    from autogen.coding.jupyter import JupyterClient

    bad = JupyterConnectionInfo(host="127.0.0.1", use_https=False, port=local_jupyter_server.port, token="wrong")
    with pytest.raises(requests.HTTPError):
        JupyterClient(bad).delete_kernel("no-such-kernel")


def test_executor_accepts_connection_info(local_jupyter_server: LocalJupyterServer, tmp_path: Path) -> None:
    with JupyterCodeExecutor(local_jupyter_server.connection_info, output_dir=tmp_path) as executor:
        assert run(executor, "print(6 * 7)").output.strip() == "42"


def test_executor_rejects_other_server_types() -> None:
    with pytest.raises(ValueError):
        JupyterCodeExecutor("http://127.0.0.1:8888")  # type: ignore[arg-type]


def test_local_server_fails_clearly_on_taken_port(local_jupyter_server: LocalJupyterServer, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Jupyter gateway server failed to start"):
        LocalJupyterServer(port=local_jupyter_server.port, log_file=str(tmp_path / "gw.log"))


def test_stopping_embedded_executor_ends_its_kernel(tmp_path: Path) -> None:
    executor = EmbeddedIPythonCodeExecutor(output_dir=str(tmp_path))
    kernel_pid = int(run(executor, "import os; print(os.getpid())").output.strip())
    executor.stop()
    import time

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _pid_alive(kernel_pid):
        time.sleep(0.1)
    assert not _pid_alive(kernel_pid)


def _pid_alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False if os.path.isdir("/proc") else True


def test_docker_jupyter_server_without_engine_raises_sdk_error(no_docker_engine_host: None) -> None:
    import docker

    with pytest.raises(docker.errors.DockerException):
        DockerJupyterServer()


def test_docker_jupyter_server_dockerfile_runs_the_gateway() -> None:
    dockerfile = DockerJupyterServer.DEFAULT_DOCKERFILE
    assert dockerfile.startswith("FROM quay.io/jupyter/docker-stacks-foundation")
    for needed in ("jupyter_kernel_gateway", "ipykernel", "kernelgateway", "${TOKEN}", "EXPOSE 8888"):
        assert needed in dockerfile
