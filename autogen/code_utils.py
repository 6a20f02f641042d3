"""Finding code in messages and running it: the legacy (0.2) `code_execution_config` path.

Agents without an `executor` in their `code_execution_config` call `extract_code` and `execute_code` from here.
The docker SDK is imported only when docker is actually consulted; `autogen.code_utils.docker` still resolves
to the SDK module as in 0.2.
"""

from __future__ import annotations

import logging
import os
import pathlib
import re
import string
import subprocess
import sys
import venv
from hashlib import md5
from types import ModuleType, SimpleNamespace
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from ._reexports import lazy_names
from .coding._legacy_llm import (  # noqa: F401  (0.2 exposes these here, private ones included)
    _FUNC_COMPLETION_PROMPT,
    _FUNC_COMPLETION_STOP,
    _GENERATE_ASSERTIONS_CONFIG,
    _IMPLEMENT_CONFIGS,
    _IMPROVE_CODE_CONFIG,
    _IMPROVE_FUNCTION_CONFIG,
    PassAssertionFilter,
    _remove_check,
    eval_function_completions,
    generate_assertions,
    generate_code,
    implement,
    improve_code,
    improve_function,
)

__all__ = (
    "SENTINEL",
    "DEFAULT_MODEL",
    "FAST_MODEL",
    "CODE_BLOCK_PATTERN",
    "WORKING_DIR",
    "UNKNOWN",
    "TIMEOUT_MSG",
    "DEFAULT_TIMEOUT",
    "WIN32",
    "PATH_SEPARATOR",
    "PYTHON_VARIANTS",
    "content_str",
    "infer_lang",
    "extract_code",
    "timeout_handler",
    "get_powershell_command",
    "is_docker_running",
    "in_docker_container",
    "decide_use_docker",
    "check_can_use_docker_or_throw",
    "execute_code",
    "create_virtual_env",
    "generate_code",
    "improve_function",
    "improve_code",
    "generate_assertions",
    "eval_function_completions",
    "implement",
    "PassAssertionFilter",
)

# Marks "argument not given" where None is itself a meaningful value.
SENTINEL = object()
DEFAULT_MODEL = "gpt-4"
FAST_MODEL = "gpt-3.5-turbo"
# A fenced block: three backticks, an optional language word (group 1) that may be surrounded by spaces or
# tabs, a line break, the code (group 2), a line break, optional indentation and the closing backticks.
CODE_BLOCK_PATTERN = r"```[ \t]*(\w+)?[ \t]*\r?\n(.*?)\r?\n[ \t]*```"
WORKING_DIR = os.path.join(os.path.dirname(os.path.realpath(__file__)), "extensions")
UNKNOWN = "unknown"
TIMEOUT_MSG = "Timeout"
DEFAULT_TIMEOUT = 600
WIN32 = sys.platform == "win32"
PATH_SEPARATOR = "\\" if WIN32 else "/"
PYTHON_VARIANTS = ["python", "Python", "py"]

logger = logging.getLogger(__name__)

_DEFAULT_DOCKER_IMAGES = ["python:3-slim", "python:3", "python:3-windowsservercore"]


def _docker_attr(name: str) -> Any:
    """`autogen.code_utils.docker` is the docker SDK, imported on first use."""
    if name == "docker":
        return _docker()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _docker() -> ModuleType:
    """The docker SDK module (cached as this module's `docker` global, so it can be replaced in tests)."""
    module = globals().get("docker")
    if module is None:
        from ._quiet_import import import_keeping_warnings  # noqa: PLC0415

        # Heavy and optional, so imported on first use; without resetting which warnings were already shown.
        module = globals()["docker"] = import_keeping_warnings("docker", "docker.errors")
    return module


# How each kind of content part reads as text.
_PART_AS_TEXT: Dict[str, Callable[[Dict[str, Any]], str]] = {
    "text": lambda part: part["text"],
    "image_url": lambda part: "<image>",
}


def content_str(content: Union[str, List[Union[Dict[str, Any], Any]], None]) -> str:
    """Flatten message content (None, text, or a list of text/image parts) into one string.

    Images become the placeholder `<image>` so that text processing (code extraction, termination checks) can
    treat multimodal messages like plain ones.
    """
    if isinstance(content, str) or content is None:
        return content or ""
    if not isinstance(content, list):
        raise TypeError(f"content must be None, str, or list, but got {type(content)}")
    return "".join(map(_part_text, content))


def _part_text(part: Any) -> str:
    """One content part as text; malformed parts raise as in 0.2 (TypeError, AssertionError, ValueError)."""
    if not isinstance(part, dict):
        raise TypeError("Wrong content format: every element should be dict if the content is a list.")
    assert "type" in part, "Wrong content format. Missing 'type' key in content's dict."
    render = _PART_AS_TEXT.get(part["type"])
    if render is None:
        raise ValueError(f"Wrong content format: unknown type {part['type']} within the content")
    return render(part)


def infer_lang(code: str) -> str:
    """Guess the language of an untagged block: shell for `python x`/`pip ...` lines, Python if it compiles."""
    if code.startswith("python ") or code.startswith("pip") or code.startswith("python3 "):
        return "sh"
    try:
        compile(code, "test", "exec")
    except (SyntaxError, ValueError):
        return UNKNOWN
    return "python"


def extract_code(
    text: Union[str, List], pattern: str = CODE_BLOCK_PATTERN, detect_single_line_code: bool = False
) -> List[Tuple[str, str]]:
    """Return `(language, code)` pairs for the code in `text`.

    By default only fenced blocks count, and text without any is returned whole as `[(UNKNOWN, text)]`. With
    `detect_single_line_code`, inline `code` spans count too and the result is `[]` when nothing is found.
    """
    text = content_str(text)
    if not detect_single_line_code:
        found = re.findall(pattern, text, flags=re.DOTALL)
        return found if found else [(UNKNOWN, text)]
    combined = re.compile(CODE_BLOCK_PATTERN + r"|`([^`]+)`", flags=re.DOTALL)
    extracted: List[Tuple[str, str]] = []
    for lang, block, inline in combined.findall(text):
        if block:
            extracted.append((lang.strip(), block.strip()))
        elif inline:
            extracted.append(("", inline.strip()))
    return extracted


def timeout_handler(signum: int, frame: Any) -> None:
    """A SIGALRM handler that turns the alarm into an exception."""
    raise TimeoutError("Timed out!")


def get_powershell_command() -> Optional[str]:
    """Which PowerShell is available: `"powershell"` (Windows PowerShell) or `"pwsh"` (PowerShell 7+)."""
    probe = "$PSVersionTable.PSVersion.Major"
    try:
        result = subprocess.run(["powershell", probe], capture_output=True, text=True)
        if result.returncode == 0:
            return "powershell"
    except (FileNotFoundError, NotADirectoryError):
        # A missing pwsh surfaces as the OS's own FileNotFoundError, as in 0.2.
        try:
            result = subprocess.run(["pwsh", "-Command", probe], capture_output=True, text=True)
        except NotADirectoryError as e:
            raise NotADirectoryError(
                "PowerShell is not installed, or a PATH entry that should hold it is not a directory."
            ) from e
        if result.returncode == 0:
            return "pwsh"
    except PermissionError as e:
        raise PermissionError("No permission to run powershell.") from e
    return None


# Interpreters by language name, for the names that are not Python or PowerShell.
_INTERPRETER_BY_LANG = {"bash": "bash", "sh": "sh", "shell": "sh", "javascript": "node"}
_POWERSHELL_LANGS = ("ps1", "pwsh", "powershell")


def _cmd(lang: str) -> str:
    """The interpreter command for a language name (`python3.11` and the like are run as named)."""
    if lang in PYTHON_VARIANTS:
        return "python"
    if lang.startswith("python"):
        return lang
    if lang in _POWERSHELL_LANGS:
        return get_powershell_command()
    interpreter = _INTERPRETER_BY_LANG.get(lang)
    if interpreter is None:
        raise NotImplementedError(f"{lang} not recognized in code execution")
    return interpreter


def is_docker_running() -> bool:
    """Whether a docker engine answers (False as well when the docker SDK is not installed)."""
    try:
        docker = _docker()
    except ImportError:
        return False
    try:
        # A ping needs no API version; naming one skips negotiating it, a round trip that takes seconds on Podman.
        client = docker.from_env(version=docker.constants.MINIMUM_DOCKER_API_VERSION)
        try:
            client.ping()
        finally:
            client.close()
        return True
    except (docker.errors.DockerException, OSError):  # OSError: also the engine vanishing between the calls
        return False


def in_docker_container() -> bool:
    """Whether this process itself runs inside a docker container."""
    return os.path.exists("/.dockerenv")


# AUTOGEN_USE_DOCKER values (lower-cased) and what they mean.
_USE_DOCKER_WORDS: Dict[str, Optional[bool]] = {
    **dict.fromkeys(("1", "true", "yes", "t"), True),
    **dict.fromkeys(("0", "false", "no", "f"), False),
    "none": None,
}

_DOCKER_NOT_RUNNING = (
    "Code execution is set to be run in docker (default behaviour) but docker is not running.\n"
    "The options available are:\n"
    "- Make sure docker is running (advised approach for code execution)\n"
    '- Set "use_docker": False in code_execution_config\n'
    '- Set AUTOGEN_USE_DOCKER to "0/False/no" in your environment variables'
)


def decide_use_docker(use_docker: Optional[bool]) -> Optional[bool]:
    """An explicit `use_docker` wins; otherwise the AUTOGEN_USE_DOCKER environment variable decides (default on)."""
    if use_docker is not None:
        return use_docker
    setting = os.environ.get("AUTOGEN_USE_DOCKER", "True")
    try:
        return _USE_DOCKER_WORDS[setting.lower()]
    except KeyError:
        raise ValueError(
            f'Invalid value for AUTOGEN_USE_DOCKER: {setting}. Please set AUTOGEN_USE_DOCKER to "1/True/yes", '
            '"0/False/no", or "None".'
        ) from None


def check_can_use_docker_or_throw(use_docker: Any) -> None:
    """Refuse to go on when docker is wanted but no engine answers (and we are not already in a container)."""
    wanted = bool(use_docker)  # None, False and empty image lists all mean "run locally"
    if wanted and not (in_docker_container() or is_docker_running()):
        raise RuntimeError(_DOCKER_NOT_RUNNING)


def _sanitize_filename_for_docker_tag(filename: str) -> str:
    """Turn a file name into a valid docker image tag (allowed characters only, no leading `.`/`-`, ≤128)."""
    allowed = set(string.ascii_letters + string.digits + "_.-")
    tag = "".join(ch if ch in allowed else "_" for ch in filename)
    if tag[:1] in (".", "-"):
        tag = "_" + tag[1:]
    return tag[:128]


def execute_code(
    code: Optional[str] = None,
    timeout: Optional[int] = None,
    filename: Optional[str] = None,
    work_dir: Optional[str] = None,
    use_docker: Union[List[str], str, bool] = SENTINEL,
    lang: Optional[str] = "python",
    *,
    inherit_env: Union[bool, Iterable[str]] = True,
    extra_env: Optional[Mapping[str, str]] = None,
) -> Tuple[int, str, Optional[str]]:
    """Run `code` (or the file `filename`) and return `(exit_code, logs, docker_image_or_None)`.

    `use_docker` left unset follows AUTOGEN_USE_DOCKER (default: docker); docker wanted but not running raises
    RuntimeError rather than running the code on this machine. A timeout returns `(1, "Timeout", image)` and, for a
    local run, kills everything the code started. Beyond 0.2, code is never written outside `work_dir`: a `filename`
    that leads out of it (absolute, `..`, a symlink) gives `(1, "Filename is not in the workspace: ...", None)`. `inherit_env`/`extra_env` (beyond 0.2) restrict the environment
    a local run sees: see `autogen.coding._process.build_env`.
    """
    if code is None and filename is None:
        error_msg = f"Either code={code} or filename={filename} must be provided."
        logger.error(error_msg)
        raise AssertionError(error_msg)

    running_inside_docker = in_docker_container()
    docker_running = is_docker_running()
    if use_docker is SENTINEL:
        use_docker = decide_use_docker(use_docker=None)
    check_can_use_docker_or_throw(use_docker)

    timeout = timeout or DEFAULT_TIMEOUT
    original_filename = filename
    if WIN32 and lang in ["sh", "shell"] and not use_docker:
        lang = "ps1"
    if filename is None:
        code_hash = md5(code.encode()).hexdigest()
        filename = f"tmp_code_{code_hash}.{'py' if lang.startswith('python') else lang}"
    if work_dir is None:
        work_dir = WORKING_DIR
    if code is not None and not _stays_in(work_dir, filename):
        # Beyond 0.2 (which wrote there): the name usually comes from a model's `# filename:` line.
        logger.warning("execute_code: refused to write %r outside the work directory %s", filename, work_dir)
        return 1, f"Filename is not in the workspace: {filename}", None
    filepath = os.path.join(work_dir, filename)
    os.makedirs(os.path.dirname(filepath), exist_ok=True)
    if code is not None:
        with open(filepath, "w", encoding="utf-8") as fout:
            fout.write(code)

    if not use_docker or running_inside_docker:
        return _execute_locally(filepath, filename, original_filename, work_dir, lang, timeout, inherit_env, extra_env)
    if not docker_running:
        raise RuntimeError(
            "Docker package is missing or docker is not running. Please make sure docker is running or set "
            "use_docker=False."
        )
    from .coding._legacy_docker import run_in_docker  # noqa: PLC0415

    return run_in_docker(filepath, filename, original_filename, work_dir, lang, timeout, use_docker)


def _stays_in(work_dir: str, filename: str) -> bool:
    """Whether `work_dir/filename` lands inside `work_dir` once `..`, absolute names and symlinks are followed."""
    base = pathlib.Path(work_dir).resolve()
    target = (base / filename).resolve()
    return base in target.parents


def _execute_locally(
    filepath: str,
    filename: str,
    original_filename: Optional[str],
    work_dir: str,
    lang: str,
    timeout: float,
    inherit_env: Union[bool, Iterable[str]],
    extra_env: Optional[Mapping[str, str]],
) -> Tuple[int, str, None]:
    """The local branch of `execute_code`: run, then scrub the temp file's path from error output."""
    from .coding._process import build_env, run_process  # noqa: PLC0415

    cmd = [sys.executable if lang.startswith("python") else _cmd(lang), f".\\{filename}" if WIN32 else filename]
    try:
        outcome = run_process(cmd, cwd=work_dir, env=build_env(inherit_env, extra_env), timeout=timeout)
    finally:
        if original_filename is None and os.path.exists(filepath):
            os.remove(filepath)
    if outcome.timed_out:
        return 1, TIMEOUT_MSG, None
    if outcome.returncode:
        logs = outcome.stderr
        if original_filename is None:
            logs = logs.replace(str(pathlib.Path(filepath).absolute()), "").replace(filename, "")
        else:
            logs = logs.replace(str(pathlib.Path(work_dir).absolute()) + PATH_SEPARATOR, "")
    else:
        logs = outcome.stdout
    return outcome.returncode, logs, None


def create_virtual_env(dir_path: str, **env_args: Any) -> SimpleNamespace:
    """Create a virtual environment at `dir_path` (with pip unless told otherwise) and describe it.

    The returned context (`env_name`, `bin_path`, `env_exe`, ...) is what `LocalCommandLineCodeExecutor` takes as
    `virtual_env_context`.
    """
    builder = venv.EnvBuilder(**(env_args or {"with_pip": True}))
    builder.create(dir_path)
    return builder.ensure_directories(dir_path)


# 0.2's other names in this module (see autogen._reexports), then `docker`
__getattr__ = lazy_names(__name__, _docker_attr)
