"""Run code blocks inside a Kubernetes pod."""

from __future__ import annotations

import atexit
import textwrap
import time
import uuid
from hashlib import md5
from pathlib import Path
from types import TracebackType
from typing import Any, Callable, ClassVar, Dict, List, Optional, Tuple, Type, Union

from ...code_utils import TIMEOUT_MSG, _cmd
from ..base import CodeBlock, CodeExecutor, CodeExtractor, CommandLineCodeResult
from ..markdown_code_extractor import MarkdownCodeExtractor
from ..utils import _COMMANDLINE_EXECUTION_POLICY, _get_file_name_from_content, silence_pip

__all__ = ("PodCommandLineCodeExecutor",)

_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"


def _kubernetes() -> Any:
    try:
        import kubernetes  # noqa: PLC0415
        import kubernetes.client  # noqa: F401, PLC0415
        import kubernetes.config  # noqa: F401, PLC0415
        import kubernetes.stream  # noqa: F401, PLC0415
    except ImportError as e:
        raise ImportError(
            'PodCommandLineCodeExecutor needs the kubernetes client: pip install "autogen-agentchat[kubernetes]"'
        ) from e
    return kubernetes


def _pod_name_and_namespace(pod: Any) -> Tuple[str, str]:
    """Name and namespace of a pod given as a `V1Pod` or as a manifest dict."""
    if isinstance(pod, dict):
        meta = pod.get("metadata", {})
        return meta.get("name"), meta.get("namespace")
    return pod.metadata.name, pod.metadata.namespace


class PodCommandLineCodeExecutor(CodeExecutor):
    """Creates (or takes a spec for) a pod whose container idles, then runs each block in it with `timeout`.

    Code files are written into `work_dir` inside the container. The pod is deleted by `stop()`, on leaving a
    `with` block, or at interpreter exit (`stop_container=True`).
    """

    DEFAULT_EXECUTION_POLICY: ClassVar[Dict[str, bool]] = {
        **_COMMANDLINE_EXECUTION_POLICY,
        **dict.fromkeys(("pwsh", "powershell", "ps1"), False),  # the default images have no PowerShell
    }
    LANGUAGE_ALIASES: ClassVar[Dict[str, str]] = {"py": "python", "js": "javascript"}
    LANGUAGE_FILE_EXTENSION: ClassVar[Dict[str, str]] = {
        "python": "py",
        "javascript": "js",
        "bash": "sh",
        "shell": "sh",
        "sh": "sh",
    }

    def __init__(
        self,
        image: str = "python:3-slim",
        pod_name: Optional[str] = None,
        namespace: Optional[str] = None,
        pod_spec: Optional[Any] = None,
        container_name: Optional[str] = "autogen-code-exec",
        timeout: int = 60,
        work_dir: Union[Path, str] = Path("/workspace"),
        kube_config_file: Optional[str] = None,
        stop_container: bool = True,
        execution_policies: Optional[Dict[str, bool]] = None,
    ):
        k8s = _kubernetes()
        if kube_config_file is None:
            k8s.config.load_config()
        else:
            k8s.config.load_config(config_file=kube_config_file)
        self._api_client = k8s.client.CoreV1Api()
        if timeout < 1:
            raise ValueError("Timeout must be greater than or equal to 1.")
        self._timeout = timeout
        self._work_dir: Path = Path(work_dir)
        self._container_name = container_name if container_name is not None else "autogen-code-exec"
        pod = pod_spec if pod_spec is not None else self._default_pod(k8s, image, pod_name, namespace)
        pod_name, namespace = _pod_name_and_namespace(pod)
        try:
            self._pod = self._api_client.create_namespaced_pod(namespace=namespace, body=pod)
        except Exception as e:  # ApiException, or the cluster cannot be reached
            raise ValueError(f"Creating pod failed: {e}") from e
        self._pod_name, self._namespace = pod_name, namespace
        self._wait_for_ready()

        def cleanup() -> None:
            try:
                self._api_client.delete_namespaced_pod(self._pod_name, self._namespace)
            except k8s.client.exceptions.ApiException:
                pass
            atexit.unregister(cleanup)

        self._cleanup: Callable[[], None] = cleanup
        if stop_container:
            atexit.register(cleanup)
        self.execution_policies = self.DEFAULT_EXECUTION_POLICY.copy()
        if execution_policies is not None:
            self.execution_policies.update(execution_policies)

    def _default_pod(self, k8s: Any, image: str, pod_name: Optional[str], namespace: Optional[str]) -> Any:
        """A pod with one container that idles until code is sent to it."""
        if pod_name is None:
            pod_name = f"autogen-code-exec-{uuid.uuid4()}"
        if namespace is None:
            if not Path(_NAMESPACE_FILE).is_file():
                raise ValueError("Namespace where the pod will be launched must be provided")
            namespace = Path(_NAMESPACE_FILE).read_text().strip()
        client = k8s.client
        return client.V1Pod(
            metadata=client.V1ObjectMeta(name=pod_name, namespace=namespace),
            spec=client.V1PodSpec(
                restart_policy="Never",
                containers=[
                    client.V1Container(
                        args=["-c", "while true;do sleep 5; done"],
                        command=["/bin/sh"],
                        name=self._container_name,
                        image=image,
                    )
                ],
            ),
        )

    def _wait_for_ready(self, stop_time: float = 0.1) -> None:
        """Wait (at most `timeout` seconds) for the pod to reach phase Running."""
        elapsed = 0.0
        while True:
            pod = self._api_client.read_namespaced_pod(self._pod_name, self._namespace)
            if pod.status.phase == "Running":
                return
            if elapsed >= self._timeout:
                raise ValueError(f"Pod {self._pod_name} did not become ready in {self._timeout} seconds")
            time.sleep(stop_time)
            elapsed += stop_time

    @property
    def timeout(self) -> int:
        return self._timeout

    @property
    def work_dir(self) -> Path:
        return self._work_dir

    @property
    def code_extractor(self) -> CodeExtractor:
        return MarkdownCodeExtractor()

    def _exec(self, command: List[str]) -> Tuple[int, str]:
        """Run a command in the container; returns (exit code, stdout chunks then stderr chunks)."""
        k8s = _kubernetes()
        resp = k8s.stream.stream(
            self._api_client.connect_get_namespaced_pod_exec,
            self._pod_name,
            self._namespace,
            command=command,
            container=self._container_name,
            stderr=True,
            stdin=False,
            stdout=True,
            tty=False,
            _preload_content=False,
        )
        stdout: List[str] = []
        stderr: List[str] = []
        try:
            while resp.is_open():
                resp.update(timeout=1)
                if resp.peek_stdout():
                    stdout.append(resp.read_stdout())
                if resp.peek_stderr():
                    stderr.append(resp.read_stderr())
            exit_code = resp.returncode
        finally:
            resp.close()
        return (exit_code if exit_code is not None else 1), "".join(stdout) + "".join(stderr)

    def execute_code_blocks(self, code_blocks: List[CodeBlock]) -> CommandLineCodeResult:
        """Write each block into the pod and run it there, stopping at the first failure."""
        if len(code_blocks) == 0:
            raise ValueError("No code blocks to execute.")
        outputs: List[str] = []
        files: List[Path] = []
        last_exit_code = 0
        for block in code_blocks:
            lang = self.LANGUAGE_ALIASES.get(block.language.lower(), block.language.lower())
            if lang not in self.DEFAULT_EXECUTION_POLICY:
                outputs.append(f"Unsupported language {lang}\n")
                last_exit_code = 1
                break
            code = silence_pip(block.code, lang)
            if lang in ("bash", "shell", "sh"):
                code = "#!/bin/bash\n" + code
            try:
                filename = _get_file_name_from_content(code, self._work_dir)
            except ValueError:
                outputs.append("Filename is not in the workspace")
                last_exit_code = 1
                break
            if not filename:
                filename = f"tmp_code_{md5(code.encode()).hexdigest()}.{self.LANGUAGE_FILE_EXTENSION.get(lang, lang)}"
            code_path = self._work_dir / filename
            self._write_file(code_path, code)
            files.append(code_path)
            if not self.execution_policies[lang]:
                outputs.append(f"Code saved to {code_path}\n")
                continue
            last_exit_code, output = self._exec(["timeout", str(self._timeout), _cmd(lang), str(code_path)])
            if last_exit_code == 124:
                output += "\n" + TIMEOUT_MSG
            outputs.append(output)
            if last_exit_code != 0:
                break
        code_file = str(files[0]) if files else None
        return CommandLineCodeResult(exit_code=last_exit_code, output="".join(outputs), code_file=code_file)

    def _write_file(self, path: Path, code: str) -> None:
        """Write `code` to `path` inside the container through a quoted heredoc (no shell expansion)."""
        marker = f"AUTOGEN_EOF_{uuid.uuid4().hex}"
        script = textwrap.dedent(
            f"""\
            mkdir -p "{path.parent}" && cat > "{path}" <<'{marker}'
            """
        )
        script += f"{code}\n{marker}\n"
        exit_code, output = self._exec(["/bin/sh", "-c", script])
        if exit_code != 0:
            raise RuntimeError(f"Could not write {path} in pod {self._pod_name}: {output}")

    def restart(self) -> None:
        """Pods cannot be restarted in place."""
        raise NotImplementedError("Restart is not supported")

    def stop(self) -> None:
        """Delete the pod."""
        self._cleanup()

    def __enter__(self) -> PodCommandLineCodeExecutor:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_val: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        self.stop()
