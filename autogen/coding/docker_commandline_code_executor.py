"""Run code blocks inside one long-lived container that mounts the work directory at /workspace."""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field
from hashlib import md5
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Dict, List, Optional, Tuple, Type, Union

from ..code_utils import TIMEOUT_MSG, _cmd
from ._docker_engine import (
    STOP_GRACE_SECONDS,
    ContainerStopper,
    connect,
    docker_sdk,
    engine_errors,
    ensure_image,
    wait_until_running,
)
from .base import CodeBlock, CodeExecutor, CodeExtractor, CommandLineCodeResult
from .markdown_code_extractor import MarkdownCodeExtractor
from .utils import _COMMANDLINE_EXECUTION_POLICY, _get_file_name_from_content, silence_pip

if TYPE_CHECKING:
    from docker import DockerClient
    from docker.models.containers import Container

__all__ = ("DockerCommandLineCodeExecutor", "_wait_for_ready")

_MOUNT_POINT = "/workspace"
_TIMED_OUT = 124  # exit status of coreutils `timeout` when it had to stop the command


def _wait_for_ready(container: Container, timeout: int = 60, stop_time: float = 0.1) -> None:
    """Block until `container` runs; ValueError("Container failed to start") after `timeout` seconds."""
    wait_until_running(container, timeout=timeout, poll=stop_time)


class _Sandbox:
    """The idle container the blocks are exec'ed in, and the means to stop or renew it."""

    def __init__(self, client: DockerClient, spec: Dict[str, Any], stopper: ContainerStopper) -> None:
        self.client = client
        self.spec = spec
        self.stop = stopper
        self.container = self._start()

    @classmethod
    def launch(
        cls, image: str, name: str, host_dir: Path, auto_remove: bool, stop_at_exit: bool, timeout: int
    ) -> _Sandbox:
        client = connect(min_timeout=timeout)
        ensure_image(client, image)
        spec: Dict[str, Any] = {
            "image": image,
            "name": name,
            "entrypoint": "/bin/sh",
            "tty": True,
            "auto_remove": auto_remove,
            "volumes": {str(host_dir.resolve()): {"bind": _MOUNT_POINT, "mode": "rw"}},
            "working_dir": _MOUNT_POINT,
        }
        return cls(client, spec, ContainerStopper(client, name, at_exit=stop_at_exit))

    def _start(self) -> Container:
        container = self.client.containers.create(**self.spec)
        try:
            container.start()
            _wait_for_ready(container)
        except BaseException:
            with contextlib.suppress(docker_sdk().errors.NotFound):
                container.remove(force=True)  # never leave a half-started container behind
            self.stop()
            raise
        return container

    def run(self, argv: List[str]) -> Tuple[int, str]:
        with engine_errors(f"running {argv[2:]} in container {self.container.name}"):
            result = self.container.exec_run(argv)
        return result.exit_code, result.output.decode("utf-8")

    def restart(self) -> None:
        """Restart in place; an auto-removed container that the engine deleted on stop (Podman) is created anew."""
        errors = docker_sdk().errors
        with engine_errors(f"restarting container {self.container.name}"):
            try:
                self.container.restart(timeout=STOP_GRACE_SECONDS)
                self.container.reload()
            except errors.APIError:
                if not self.spec["auto_remove"] or self._still_exists():
                    raise
                self.container = self._start()
        if self.container.status != "running":
            raise ValueError(f"Failed to restart container. Logs: {self.container.logs()}")

    def _still_exists(self) -> bool:
        try:
            self.client.containers.get(self.container.id)
            return True
        except docker_sdk().errors.NotFound:
            return False


@dataclass
class _Transcript:
    """What a sequence of blocks produced: their outputs in order, the last exit code, the files written."""

    outputs: List[str] = field(default_factory=list)
    exit_code: int = 0
    files: List[Path] = field(default_factory=list)

    def stop_with(self, text: str) -> bool:
        self.outputs.append(text)
        self.exit_code = 1
        return False

    def result(self) -> CommandLineCodeResult:
        first_file = str(self.files[0]) if self.files else None
        return CommandLineCodeResult(exit_code=self.exit_code, output="".join(self.outputs), code_file=first_file)


class DockerCommandLineCodeExecutor(CodeExecutor):
    """Each block is saved to the mounted work directory and run there by the container, under `timeout`.

    The container starts with the executor and is stopped by `stop()`, by leaving a `with` block, or at
    interpreter exit (`stop_container=True`). Blocks of one call run in order until one fails.
    """

    DEFAULT_EXECUTION_POLICY: ClassVar[Dict[str, bool]] = dict(_COMMANDLINE_EXECUTION_POLICY)
    LANGUAGE_ALIASES: ClassVar[Dict[str, str]] = {"py": "python", "js": "javascript"}

    def __init__(  # API-forced: 0.2's parameters, names and defaults
        self,
        image: str = "python:3-slim",
        container_name: Optional[str] = None,
        timeout: int = 60,
        work_dir: Union[Path, str] = Path("."),
        bind_dir: Optional[Union[Path, str]] = None,
        auto_remove: bool = True,
        stop_container: bool = True,
        execution_policies: Optional[Dict[str, bool]] = None,
    ):
        if timeout < 1:
            raise ValueError("Timeout must be greater than or equal to 1.")
        self._timeout = timeout
        self._work_dir = Path(work_dir)
        self._work_dir.mkdir(exist_ok=True)
        self._bind_dir = self._work_dir if bind_dir is None else Path(bind_dir)
        self.execution_policies: Dict[str, bool] = {**self.DEFAULT_EXECUTION_POLICY, **(execution_policies or {})}
        name = container_name or f"autogen-code-exec-{uuid.uuid4()}"
        self._sandbox = _Sandbox.launch(image, name, self._bind_dir, auto_remove, stop_container, timeout)

    @property
    def _container(self) -> Container:
        """The container now in use (a restart may replace it)."""
        return self._sandbox.container

    @property
    def timeout(self) -> int:
        """Seconds each block may run before it is stopped."""
        return self._timeout

    @property
    def work_dir(self) -> Path:
        """Where code files are written on this machine."""
        return self._work_dir

    @property
    def bind_dir(self) -> Path:
        """The host directory mounted at /workspace (the work dir unless the engine sees paths differently)."""
        return self._bind_dir

    @property
    def code_extractor(self) -> CodeExtractor:
        """Blocks come from markdown fences."""
        return MarkdownCodeExtractor()

    def execute_code_blocks(self, code_blocks: List[CodeBlock]) -> CommandLineCodeResult:
        """Run the blocks in the container one after another; the first failing block ends the run."""
        if not code_blocks:
            raise ValueError("No code blocks to execute.")
        transcript = _Transcript()
        for block in code_blocks:
            if not self._execute_one(block, transcript):
                break
        return transcript.result()

    def _execute_one(self, block: CodeBlock, transcript: _Transcript) -> bool:
        """Save and (policy permitting) run one block; False when the run must not go on."""
        language = block.language.lower()
        language = self.LANGUAGE_ALIASES.get(language, language)
        if language not in self.DEFAULT_EXECUTION_POLICY:
            return transcript.stop_with(f"Unsupported language {language}\n")
        code = silence_pip(block.code, language)
        try:
            relative = _get_file_name_from_content(code, self._work_dir)
        except ValueError:
            return transcript.stop_with("Filename is not in the workspace")
        relative = relative or f"tmp_code_{md5(code.encode()).hexdigest()}.{language}"
        host_file = self._work_dir / relative
        host_file.parent.mkdir(parents=True, exist_ok=True)
        host_file.write_text(code, encoding="utf-8")
        transcript.files.append(host_file)
        if not self.execution_policies[language]:
            transcript.outputs.append(f"Code saved to {host_file}\n")
            return True
        status, text = self._sandbox.run(["timeout", str(self._timeout), _cmd(language), relative])
        transcript.outputs.append(text + f"\n{TIMEOUT_MSG}" if status == _TIMED_OUT else text)
        transcript.exit_code = status
        return status == 0

    def restart(self) -> None:
        """Restart the container: processes and memory are lost, files in the work dir stay."""
        self._sandbox.restart()

    def stop(self) -> None:
        """Stop the container (removed as well when `auto_remove`)."""
        self._sandbox.stop()

    def __enter__(self) -> DockerCommandLineCodeExecutor:
        return self

    def __exit__(
        self, exc_type: Optional[Type[BaseException]], exc_val: Optional[BaseException], exc_tb: Optional[TracebackType]
    ) -> None:
        self.stop()


# The SDK stays importable from here for code written against 0.2's module.
def __getattr__(name: str) -> object:
    if name == "docker":
        return docker_sdk()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
