"""Run code blocks inside one long-lived docker container that mounts the work directory."""

from __future__ import annotations

import atexit
import logging
import time
import uuid
from hashlib import md5
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Dict, List, Optional, Type, Union

from ..code_utils import TIMEOUT_MSG, _cmd
from .base import CodeBlock, CodeExecutor, CodeExtractor, CommandLineCodeResult
from .markdown_code_extractor import MarkdownCodeExtractor
from .utils import _COMMANDLINE_EXECUTION_POLICY, _get_file_name_from_content, silence_pip

if TYPE_CHECKING:  # the SDK itself is imported when an executor is built
    from docker.models.containers import Container

__all__ = ("DockerCommandLineCodeExecutor", "_wait_for_ready")

logger = logging.getLogger(__name__)


def _import_docker() -> Any:
    try:
        import docker  # noqa: PLC0415
        import docker.errors  # noqa: F401, PLC0415
    except ImportError as e:  # pragma: no cover - docker is a core dependency, but may be left out
        raise ImportError("Docker code execution needs the docker SDK: pip install docker") from e
    return docker


def _wait_for_ready(container: Container, timeout: int = 60, stop_time: float = 0.1) -> None:
    """Poll the container until it runs; ValueError if it does not within `timeout` seconds."""
    elapsed = 0.0
    while container.status != "running" and elapsed < timeout:
        time.sleep(stop_time)
        elapsed += stop_time
        container.reload()
    if container.status != "running":
        raise ValueError("Container failed to start")


def _start_container(client: Any, image: str, name: str, auto_remove: bool, bind_dir: Path) -> Container:
    """Create and start an idle container with `bind_dir` mounted at /workspace (pulling the image if needed)."""
    docker = _import_docker()
    try:
        client.images.get(image)
    except docker.errors.ImageNotFound:
        logger.info("Pulling image %s...", image)
        client.images.pull(image)  # errors propagate
    container = client.containers.create(
        image,
        name=name,
        entrypoint="/bin/sh",
        tty=True,
        auto_remove=auto_remove,
        volumes={str(bind_dir.resolve()): {"bind": "/workspace", "mode": "rw"}},
        working_dir="/workspace",
    )
    container.start()
    _wait_for_ready(container)
    return container


class DockerCommandLineCodeExecutor(CodeExecutor):
    """Writes each block into the mounted work directory and runs it in the container with `timeout`.

    The container is created at construction and stopped by `stop()`, on leaving a `with` block, or at interpreter
    exit (`stop_container=True`).
    """

    DEFAULT_EXECUTION_POLICY: ClassVar[Dict[str, bool]] = dict(_COMMANDLINE_EXECUTION_POLICY)
    LANGUAGE_ALIASES: ClassVar[Dict[str, str]] = {"py": "python", "js": "javascript"}

    def __init__(
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
        if isinstance(work_dir, str):
            work_dir = Path(work_dir)
        work_dir.mkdir(exist_ok=True)
        if bind_dir is None:
            bind_dir = work_dir
        elif isinstance(bind_dir, str):
            bind_dir = Path(bind_dir)

        docker = _import_docker()
        client = docker.from_env()
        if container_name is None:
            container_name = f"autogen-code-exec-{uuid.uuid4()}"
        self._container = _start_container(client, image, container_name, auto_remove, bind_dir)

        def cleanup() -> None:
            try:
                client.containers.get(container_name).stop()
            except docker.errors.NotFound:
                pass
            atexit.unregister(cleanup)

        if stop_container:
            atexit.register(cleanup)
        self._cleanup: Callable[[], None] = cleanup

        if self._container.status != "running":
            raise ValueError(f"Failed to start container from image {image}. Logs: {self._container.logs()}")

        self._timeout = timeout
        self._work_dir: Path = work_dir
        self._bind_dir: Path = bind_dir
        self.execution_policies = self.DEFAULT_EXECUTION_POLICY.copy()
        if execution_policies is not None:
            self.execution_policies.update(execution_policies)

    @property
    def timeout(self) -> int:
        return self._timeout

    @property
    def work_dir(self) -> Path:
        return self._work_dir

    @property
    def bind_dir(self) -> Path:
        return self._bind_dir

    @property
    def code_extractor(self) -> CodeExtractor:
        return MarkdownCodeExtractor()

    def execute_code_blocks(self, code_blocks: List[CodeBlock]) -> CommandLineCodeResult:
        """Run the blocks in the container in order, stopping at the first failure."""
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
            try:
                filename = _get_file_name_from_content(code, self._work_dir)
            except ValueError:
                outputs.append("Filename is not in the workspace")
                last_exit_code = 1
                break
            if not filename:
                filename = f"tmp_code_{md5(code.encode()).hexdigest()}.{lang}"
            code_path = self._work_dir / filename
            code_path.parent.mkdir(parents=True, exist_ok=True)
            code_path.write_text(code, encoding="utf-8")
            files.append(code_path)
            if not self.execution_policies[lang]:
                outputs.append(f"Code saved to {code_path}\n")
                continue
            command = ["timeout", str(self._timeout), _cmd(lang), filename]
            result = self._container.exec_run(command)
            output = result.output.decode("utf-8")
            if result.exit_code == 124:
                output += "\n" + TIMEOUT_MSG
            outputs.append(output)
            last_exit_code = result.exit_code
            if last_exit_code != 0:
                break
        code_file = str(files[0]) if files else None
        return CommandLineCodeResult(exit_code=last_exit_code, output="".join(outputs), code_file=code_file)

    def restart(self) -> None:
        """Restart the container (state in the container's memory is lost; files in the work dir stay)."""
        self._container.restart()
        self._container.reload()
        if self._container.status != "running":
            raise ValueError(f"Failed to restart container. Logs: {self._container.logs()}")

    def stop(self) -> None:
        """Stop the container."""
        self._cleanup()

    def __enter__(self) -> DockerCommandLineCodeExecutor:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc_val: Optional[BaseException],
        exc_tb: Optional[TracebackType],
    ) -> None:
        self.stop()
