"""PodCommandLineCodeExecutor: full behaviour against a real cluster (skipped when none answers), and its error paths
through the real kubernetes client against an API server address where nothing listens."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Iterator

import pytest

from autogen.coding import CodeBlock, CodeExecutor

kubernetes = pytest.importorskip(
    "kubernetes", reason='needs the kubernetes client: pip install "autogen-agentchat[kubernetes]"'
)

from autogen.coding.kubernetes import PodCommandLineCodeExecutor  # noqa: E402


@pytest.fixture
def dead_cluster_kubeconfig(tmp_path: Path) -> str:
    """A kubeconfig whose API server address has nothing listening."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = tmp_path / "kubeconfig"
    path.write_text(
        f"""apiVersion: v1
kind: Config
clusters:
- name: dead
  cluster:
    server: http://127.0.0.1:{port}
contexts:
- name: dead
  context:
    cluster: dead
    user: nobody
    namespace: default
current-context: dead
users:
- name: nobody
  user:
    token: not-a-real-token
"""
    )
    return str(path)


def test_class_satisfies_protocol() -> None:
    assert isinstance(PodCommandLineCodeExecutor, CodeExecutor)


def test_class_policies_and_aliases() -> None:
    policy = PodCommandLineCodeExecutor.DEFAULT_EXECUTION_POLICY
    assert policy["python"] and policy["bash"] and policy["sh"] and policy["shell"]
    assert not (policy["pwsh"] or policy["powershell"] or policy["ps1"] or policy["javascript"])
    assert PodCommandLineCodeExecutor.LANGUAGE_ALIASES == {"py": "python", "js": "javascript"}
    assert PodCommandLineCodeExecutor.LANGUAGE_FILE_EXTENSION["python"] == "py"


def test_unreachable_cluster_fails_pod_creation(dead_cluster_kubeconfig: str) -> None:
    with pytest.raises(ValueError, match="Creating pod failed"):
        PodCommandLineCodeExecutor(kube_config_file=dead_cluster_kubeconfig, namespace="default", stop_container=False)


def test_timeout_below_one_raises(dead_cluster_kubeconfig: str) -> None:
    with pytest.raises(ValueError, match="Timeout must be greater than or equal to 1."):
        PodCommandLineCodeExecutor(kube_config_file=dead_cluster_kubeconfig, namespace="default", timeout=0)


def test_namespace_required_outside_a_cluster(dead_cluster_kubeconfig: str) -> None:
    if Path("/var/run/secrets/kubernetes.io/serviceaccount/namespace").is_file():
        pytest.skip("running inside a pod: the service account's namespace is used")
    with pytest.raises(ValueError, match="Namespace where the pod will be launched must be provided"):
        PodCommandLineCodeExecutor(kube_config_file=dead_cluster_kubeconfig)


def test_missing_kubeconfig_raises(tmp_path: Path) -> None:
    with pytest.raises(Exception):  # noqa: B017 - the client's ConfigException (its type varies across versions)
        PodCommandLineCodeExecutor(kube_config_file=str(tmp_path / "missing"), namespace="default")


# --- against a real cluster -----------------------------------------------------------------------------------------


@pytest.fixture
def pod_executor(kubernetes_available: None) -> Iterator[PodCommandLineCodeExecutor]:
    with PodCommandLineCodeExecutor(namespace="default") as executor:
        yield executor


def test_defaults(pod_executor: PodCommandLineCodeExecutor) -> None:
    assert pod_executor.timeout == 60
    assert pod_executor.work_dir == Path("/workspace")
    assert pod_executor._container_name == "autogen-code-exec"
    assert pod_executor._pod.metadata.name.startswith("autogen-code-exec-")


def test_python_and_bash_blocks(pod_executor: PodCommandLineCodeExecutor) -> None:
    result = pod_executor.execute_code_blocks([CodeBlock(code="print('hello world!')", language="python")])
    assert result.exit_code == 0 and "hello world!" in result.output and result.code_file is not None
    result = pod_executor.execute_code_blocks([CodeBlock(code="echo 'hello bash'", language="bash")])
    assert result.exit_code == 0 and "hello bash" in result.output


def test_filename_comment(pod_executor: PodCommandLineCodeExecutor) -> None:
    result = pod_executor.execute_code_blocks(
        [CodeBlock(code="# filename: test.py\nprint('named')", language="python")]
    )
    assert result.exit_code == 0 and "test.py" in result.code_file


def test_error_output(pod_executor: PodCommandLineCodeExecutor) -> None:
    result = pod_executor.execute_code_blocks([CodeBlock(code="raise Exception('boom')", language="python")])
    assert result.exit_code == 1 and "Traceback" in result.output


def test_empty_list_raises(pod_executor: PodCommandLineCodeExecutor) -> None:
    with pytest.raises(ValueError, match="No code blocks to execute."):
        pod_executor.execute_code_blocks([])


def test_node_image_runs_javascript(kubernetes_available: None) -> None:
    with PodCommandLineCodeExecutor(
        image="node:22-alpine",
        namespace="default",
        work_dir="./app",
        timeout=30,
        execution_policies={"javascript": True},
    ) as executor:
        assert executor.work_dir == Path("./app") and executor.timeout == 30
        result = executor.execute_code_blocks([CodeBlock(code="console.log('hello js')", language="javascript")])
        assert result.exit_code == 0 and "hello js" in result.output


def test_custom_pod_spec(kubernetes_available: None) -> None:
    from kubernetes import client

    pod = client.V1Pod(
        metadata=client.V1ObjectMeta(name="abcd", namespace="default"),
        spec=client.V1PodSpec(
            restart_policy="Never",
            containers=[
                client.V1Container(
                    args=["-c", "while true;do sleep 5; done"],
                    command=["/bin/sh"],
                    name="abcd",
                    image="python:3.11-slim",
                    env=[client.V1EnvVar(name="TEST", value="TEST")],
                )
            ],
        ),
    )
    with PodCommandLineCodeExecutor(pod_spec=pod, container_name="abcd") as executor:
        assert executor._pod.metadata.name == "abcd" and executor._pod.metadata.namespace == "default"
        result = executor.execute_code_blocks(
            [CodeBlock(code="import os\nprint(os.environ['TEST'])", language="python")]
        )
        assert result.exit_code == 0 and "TEST" in result.output


def test_timeout(kubernetes_available: None) -> None:
    with PodCommandLineCodeExecutor(namespace="default", timeout=5) as executor:
        result = executor.execute_code_blocks([CodeBlock(code="import time\ntime.sleep(10)", language="python")])
        assert result.exit_code == 124 and "Timeout" in result.output
