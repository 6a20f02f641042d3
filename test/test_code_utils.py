"""autogen.code_utils: extraction, language inference, docker decisions and the legacy execute_code."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import autogen.code_utils as code_utils
from autogen.code_utils import (
    CODE_BLOCK_PATTERN,
    DEFAULT_MODEL,
    DEFAULT_TIMEOUT,
    FAST_MODEL,
    PATH_SEPARATOR,
    PYTHON_VARIANTS,
    SENTINEL,
    TIMEOUT_MSG,
    UNKNOWN,
    WIN32,
    WORKING_DIR,
    _cmd,
    _sanitize_filename_for_docker_tag,
    check_can_use_docker_or_throw,
    content_str,
    create_virtual_env,
    decide_use_docker,
    execute_code,
    extract_code,
    get_powershell_command,
    in_docker_container,
    infer_lang,
    is_docker_running,
    timeout_handler,
)

DOCKER_RUNTIME_ERROR = (
    "Code execution is set to be run in docker (default behaviour) but docker is not running.\n"
    "The options available are:\n"
    "- Make sure docker is running (advised approach for code execution)\n"
    '- Set "use_docker": False in code_execution_config\n'
    '- Set AUTOGEN_USE_DOCKER to "0/False/no" in your environment variables'
)


@pytest.fixture
def no_docker_engine(monkeypatch: pytest.MonkeyPatch, unused_port: int) -> None:
    """A host without a docker engine, even on machines that have one: the SDK is pointed at a closed port, and the
    test process is treated as running outside a container (this sandbox itself has /.dockerenv)."""
    monkeypatch.setenv("DOCKER_HOST", f"tcp://127.0.0.1:{unused_port}")
    monkeypatch.setattr(code_utils, "in_docker_container", lambda: False)


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- constants ---------------------------------------------------------------------------------------------------


def test_constants_have_their_02_values() -> None:
    assert DEFAULT_MODEL == "gpt-4"
    assert FAST_MODEL == "gpt-3.5-turbo"
    assert UNKNOWN == "unknown"
    assert TIMEOUT_MSG == "Timeout"
    assert DEFAULT_TIMEOUT == 600
    assert WIN32 == (sys.platform == "win32")
    assert PATH_SEPARATOR == ("\\" if WIN32 else "/")
    assert PYTHON_VARIANTS == ["python", "Python", "py"]
    assert WORKING_DIR == os.path.join(os.path.dirname(os.path.realpath(code_utils.__file__)), "extensions")
    assert SENTINEL is code_utils.SENTINEL and SENTINEL is not None


def test_code_utils_docker_attribute_is_the_docker_sdk() -> None:
    import docker

    assert code_utils.docker is docker
    assert code_utils.docker.errors.DockerException is docker.errors.DockerException


def test_timeout_handler_raises_timeout_error() -> None:
    with pytest.raises(TimeoutError, match="Timed out!"):
        timeout_handler(0, None)


# --- infer_lang / extract_code -------------------------------------------------------------------------------------


def test_infer_lang() -> None:
    assert infer_lang("print('hello world')") == "python"
    assert infer_lang("pip install autogen") == "sh"
    assert infer_lang("python3 script.py") == "sh"
    assert infer_lang("python script.py") == "sh"
    assert infer_lang("this is not valid code :(") == UNKNOWN


def test_extract_code_single_block_same_in_both_modes() -> None:
    text = "Run this:\n```python\nprint('hello world')\n```\nthanks"
    assert extract_code(text) == [("python", "print('hello world')")]
    assert extract_code(text, detect_single_line_code=True) == [("python", "print('hello world')")]


def test_extract_code_two_tagged_blocks() -> None:
    text = "```python\nprint('a')\n```\nand\n```python\nprint('b')\n```"
    assert extract_code(text) == [("python", "print('a')"), ("python", "print('b')")]


def test_extract_code_language_after_spaces() -> None:
    assert extract_code("``` python\nprint(1)\n```") == [("python", "print(1)")]


def test_extract_code_indented_fences() -> None:
    text = "Example:\n    ```python\n    print('x')\n    ```\n"
    assert extract_code(text) == [("python", "    print('x')")]


def test_extract_code_crlf_line_endings() -> None:
    assert extract_code("```python\r\nprint('x')\r\n```") == [("python", "print('x')")]


def test_extract_code_untagged_block_has_empty_language() -> None:
    assert extract_code("```\nprint(1)\n```") == [("", "print(1)")]


def test_extract_code_without_block_returns_whole_text_as_unknown() -> None:
    assert extract_code("no code here") == [(UNKNOWN, "no code here")]


def test_extract_code_ignores_inline_code_by_default() -> None:
    text = "Run `source setup.sh` first"
    assert extract_code(text) == [(UNKNOWN, text)]


def test_extract_code_single_line_mode_finds_inline_code() -> None:
    assert extract_code("Run `source setup.sh` first", detect_single_line_code=True) == [("", "source setup.sh")]


def test_extract_code_single_line_mode_without_code_is_empty() -> None:
    assert extract_code("nothing", detect_single_line_code=True) == []


def test_extract_code_one_line_fence_is_not_a_block() -> None:
    assert extract_code("```print(1)```") == [(UNKNOWN, "```print(1)```")]


def test_extract_code_accepts_content_parts() -> None:
    content = [{"type": "text", "text": "```python\nprint(1)\n```"}, {"type": "image_url", "image_url": {"url": "x"}}]
    assert extract_code(content) == [("python", "print(1)")]


def test_code_block_pattern_groups() -> None:
    import re

    match = re.search(CODE_BLOCK_PATTERN, "```sh\necho hi\n```", flags=re.DOTALL)
    assert match is not None and match.groups() == ("sh", "echo hi")


# --- content_str ----------------------------------------------------------------------------------------------------


def test_content_str_passes_strings_through() -> None:
    assert content_str("hello") == "hello"
    assert content_str(None) == ""
    assert content_str([]) == ""


def test_content_str_concatenates_text_and_marks_images() -> None:
    content = [
        {"type": "text", "text": "a "},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,xx"}},
        {"type": "text", "text": " b"},
    ]
    assert content_str(content) == "a <image> b"


def test_content_str_rejects_unknown_part_type() -> None:
    with pytest.raises(ValueError, match="Wrong content format"):
        content_str([{"type": "audio", "audio": "..."}])


def test_content_str_rejects_non_dict_items() -> None:
    with pytest.raises(TypeError):
        content_str(["text"])


def test_content_str_rejects_part_without_type() -> None:
    with pytest.raises(AssertionError):
        content_str([{"text": "x"}])


def test_content_str_rejects_other_types() -> None:
    with pytest.raises(TypeError):
        content_str(42)  # type: ignore[arg-type]


# --- docker decisions -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "yes", "t", "TRUE", "Yes"])
def test_decide_use_docker_truthy_env(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", value)
    assert decide_use_docker(None) is True


@pytest.mark.parametrize("value", ["0", "false", "no", "f", "False"])
def test_decide_use_docker_falsy_env(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", value)
    assert decide_use_docker(None) is False


def test_decide_use_docker_none_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "None")
    assert decide_use_docker(None) is None


def test_decide_use_docker_defaults_to_true_without_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AUTOGEN_USE_DOCKER", raising=False)
    assert decide_use_docker(None) is True


def test_decide_use_docker_invalid_env_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "invalid")
    with pytest.raises(ValueError, match="Invalid value for AUTOGEN_USE_DOCKER: invalid"):
        decide_use_docker(None)


def test_decide_use_docker_explicit_value_wins_over_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "invalid")
    assert decide_use_docker(True) is True
    assert decide_use_docker(False) is False


def test_check_can_use_docker_none_and_false_never_raise(no_docker_engine: None) -> None:
    check_can_use_docker_or_throw(None)
    check_can_use_docker_or_throw(False)


def test_check_can_use_docker_true_without_engine_raises(no_docker_engine: None) -> None:
    with pytest.raises(RuntimeError) as info:
        check_can_use_docker_or_throw(True)
    assert str(info.value) == DOCKER_RUNTIME_ERROR


def test_is_docker_running_false_without_engine(no_docker_engine: None) -> None:
    assert is_docker_running() is False


def test_in_docker_container_follows_dockerenv_file() -> None:
    assert in_docker_container() == os.path.exists("/.dockerenv")


def test_execute_code_default_without_engine_raises_instead_of_running_locally(
    no_docker_engine: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("AUTOGEN_USE_DOCKER", raising=False)
    marker = tmp_path / "ran.txt"
    code = f"open({str(marker)!r}, 'w').write('x')"
    with pytest.raises(RuntimeError) as info:
        execute_code(code, work_dir=str(tmp_path))
    assert str(info.value) == DOCKER_RUNTIME_ERROR
    assert not marker.exists()


def test_execute_code_env_false_runs_locally(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "False")
    assert execute_code("print('local')", work_dir=str(tmp_path)) == (0, "local\n", None)


def test_execute_code_explicit_use_docker_true_without_engine_raises(no_docker_engine: None, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="docker is not running"):
        execute_code("print(1)", work_dir=str(tmp_path), use_docker=True)


# --- execute_code (local) -------------------------------------------------------------------------------------------


def test_execute_code_requires_code_or_filename() -> None:
    with pytest.raises(AssertionError):
        execute_code(code=None, filename=None)


def test_execute_code_named_file_is_written_and_run(tmp_path: Path) -> None:
    exit_code, logs, image = execute_code(
        "print('hello world')", filename="codetest.py", work_dir=str(tmp_path), use_docker=False
    )
    assert (exit_code, logs, image) == (0, "hello world\n", None)
    assert (tmp_path / "codetest.py").read_text() == "print('hello world')"


def test_execute_code_can_read_the_saved_file(tmp_path: Path) -> None:
    execute_code("print('hello world')", filename="codetest.py", work_dir=str(tmp_path), use_docker=False)
    exit_code, logs, _ = execute_code(
        "with open('codetest.py') as f: print(f.read())", work_dir=str(tmp_path), use_docker=False
    )
    assert exit_code == 0 and "print('hello world')" in logs


def test_execute_code_runs_existing_file_by_name(tmp_path: Path) -> None:
    (tmp_path / "existing.py").write_text("print('from file')")
    assert execute_code(filename="existing.py", work_dir=str(tmp_path), use_docker=False) == (0, "from file\n", None)


def test_execute_code_shell_runs_python_file(tmp_path: Path) -> None:
    (tmp_path / "codetest.py").write_text("print('hello world')")
    exit_code, logs, _ = execute_code(
        f"{sys.executable} codetest.py", lang="sh", work_dir=str(tmp_path), use_docker=False
    )
    assert (exit_code, logs) == (0, "hello world\n")


def test_execute_code_failure_returns_stderr_without_temp_path(tmp_path: Path) -> None:
    exit_code, logs, image = execute_code("assert 1==2", work_dir=str(tmp_path), use_docker=False)
    assert exit_code != 0 and image is None
    assert "AssertionError" in logs and 'File ""' in logs
    assert str(tmp_path) not in logs and "tmp_code_" not in logs


def test_execute_code_temp_file_is_removed(tmp_path: Path) -> None:
    execute_code("print(1)", work_dir=str(tmp_path), use_docker=False)
    assert list(tmp_path.iterdir()) == []


def test_execute_code_named_file_failure_strips_work_dir(tmp_path: Path) -> None:
    exit_code, logs, _ = execute_code(
        "raise ValueError('x')", filename="named.py", work_dir=str(tmp_path), use_docker=False
    )
    assert exit_code == 1 and 'File "named.py"' in logs


def test_execute_code_timeout_returns_timeout_and_kills_the_code(tmp_path: Path) -> None:
    marker = tmp_path / "finished.txt"
    code = f"import time\ntime.sleep(2)\nopen({str(marker)!r}, 'w').write('done')"
    assert execute_code(code, timeout=1, work_dir=str(tmp_path), use_docker=False) == (1, TIMEOUT_MSG, None)
    import time

    time.sleep(2)  # had the code survived the timeout, it would have written the marker by now
    assert not marker.exists()


def _refused(result: tuple, filename: str) -> bool:
    return result == (1, f"Filename is not in the workspace: {filename}", None)


def test_execute_code_refuses_filename_with_dotdot(tmp_path: Path) -> None:
    work = tmp_path / "work"
    result = execute_code("print('escaped')", filename="../escape.py", work_dir=str(work), use_docker=False)
    assert _refused(result, "../escape.py")
    assert list(tmp_path.rglob("*.py")) == []


def test_execute_code_refuses_absolute_filename_outside_work_dir(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "planted.py"
    result = execute_code("print(1)", filename=str(outside), work_dir=str(tmp_path / "work"), use_docker=False)
    assert _refused(result, str(outside))
    assert not outside.parent.exists()


def test_execute_code_refuses_filename_through_symlink_leading_out(tmp_path: Path) -> None:
    work, outside = tmp_path / "work", tmp_path / "outside"
    work.mkdir()
    outside.mkdir()
    (work / "link").symlink_to(outside, target_is_directory=True)
    result = execute_code("print(1)", filename="link/planted.py", work_dir=str(work), use_docker=False)
    assert _refused(result, "link/planted.py")
    assert list(outside.iterdir()) == []


def test_execute_code_accepts_absolute_filename_inside_work_dir(tmp_path: Path) -> None:
    inside = tmp_path / "sub" / "ok.py"
    result = execute_code("print('inside')", filename=str(inside), work_dir=str(tmp_path), use_docker=False)
    assert result == (0, "inside\n", None)
    assert inside.read_text() == "print('inside')"


def test_execute_code_does_not_reshow_a_warning_already_shown(tmp_path: Path) -> None:
    # In a fresh interpreter, the first execution imports the docker SDK (and requests/urllib3, which add warning
    # filters). A warning shown before must stay "already shown", and the user's own filters must stay in place.
    script = f"""
import warnings
from autogen.code_utils import execute_code

def nag():
    warnings.warn("nag-once", UserWarning)

warnings.filterwarnings("ignore", message="never-shown")
mine = list(warnings.filters)
nag()
assert execute_code("print(7)", work_dir={str(tmp_path)!r}, use_docker=False) == (0, "7\\n", None)
nag()
assert [f for f in warnings.filters if f in mine] == mine
print("done")
"""
    env = {**os.environ, "PYTHONWARNINGS": ""}
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, "done\n"), proc.stderr
    assert proc.stderr.count("UserWarning: nag-once") == 1


def test_execute_code_restricted_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AUTOGEN_TEST_SECRET", "s3cret")
    code = "import os; print(os.environ.get('AUTOGEN_TEST_SECRET'), os.environ.get('EXTRA'))"
    assert execute_code(code, work_dir=str(tmp_path), use_docker=False)[1] == "s3cret None\n"
    restricted = execute_code(
        code, work_dir=str(tmp_path), use_docker=False, inherit_env=False, extra_env={"EXTRA": "1"}
    )
    assert restricted[1] == "None 1\n"


# --- docker helpers -------------------------------------------------------------------------------------------------


def test_sanitize_filename_for_docker_tag() -> None:
    assert _sanitize_filename_for_docker_tag("codetest.py") == "codetest.py"
    assert _sanitize_filename_for_docker_tag("codetest.py (some extra information)") == (
        "codetest.py__some_extra_information_"
    )
    assert _sanitize_filename_for_docker_tag(".hidden") == "_hidden"
    assert len(_sanitize_filename_for_docker_tag("x" * 300)) == 128


def test_cmd_maps_languages() -> None:
    assert _cmd("python") == "python" and _cmd("Python") == "python" and _cmd("py") == "python"
    assert _cmd("python3") == "python3"
    assert _cmd("bash") == "bash" and _cmd("sh") == "sh" and _cmd("shell") == "sh"
    assert _cmd("javascript") == "node"
    with pytest.raises(NotImplementedError, match="cobol not recognized in code execution"):
        _cmd("cobol")


# --- powershell discovery (real programs on a controlled PATH) ------------------------------------------------------


def _fake_program(directory: Path, name: str, exit_code: int = 0, executable: bool = True) -> None:
    path = directory / name
    path.write_text(f"#!/bin/sh\nexit {exit_code}\n")
    if executable:
        path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.mark.skipif(WIN32, reason="uses POSIX shell scripts as stand-in programs")
def test_get_powershell_command_prefers_powershell(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_program(tmp_path, "powershell")
    _fake_program(tmp_path, "pwsh")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert get_powershell_command() == "powershell"


@pytest.mark.skipif(WIN32, reason="uses POSIX shell scripts as stand-in programs")
def test_get_powershell_command_falls_back_to_pwsh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_program(tmp_path, "pwsh")
    monkeypatch.setenv("PATH", str(tmp_path))
    assert get_powershell_command() == "pwsh"


@pytest.mark.skipif(WIN32, reason="uses POSIX shell scripts as stand-in programs")
def test_get_powershell_command_missing_raises_file_not_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(FileNotFoundError):
        get_powershell_command()


@pytest.mark.skipif(WIN32, reason="uses POSIX shell scripts as stand-in programs")
def test_get_powershell_command_missing_reports_the_os_error_for_pwsh(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(FileNotFoundError) as info:
        get_powershell_command()
    assert info.value.filename == "pwsh"
    assert str(info.value) == "[Errno 2] No such file or directory: 'pwsh'"


@pytest.mark.skipif(WIN32 or os.geteuid() == 0, reason="root may execute anything; POSIX permissions needed")
def test_get_powershell_command_permission_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_program(tmp_path, "powershell", executable=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PermissionError, match="No permission to run powershell."):
        get_powershell_command()


@pytest.mark.skipif(WIN32, reason="uses a directory named like the program")
def test_get_powershell_command_permission_error_for_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A directory where the program should be cannot be executed, even by root: PermissionError.
    (tmp_path / "powershell").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PermissionError, match="No permission to run powershell."):
        get_powershell_command()


# --- create_virtual_env ---------------------------------------------------------------------------------------------


def _prefix_seen_by(python: str) -> str:
    """The installation prefix an interpreter reports: for a virtual environment's python, that environment."""
    out = subprocess.run([python, "-c", "import sys; print(sys.prefix)"], capture_output=True, text=True, check=True)
    return os.path.realpath(out.stdout.strip())


def test_create_virtual_env_returns_a_context_naming_the_environment(tmp_path: Path) -> None:
    target = tmp_path / "scratch-env"
    context = create_virtual_env(str(target), with_pip=False)
    assert isinstance(context, SimpleNamespace)
    assert context.env_name == "scratch-env"
    assert _prefix_seen_by(context.env_exe) == os.path.realpath(target)


def test_create_virtual_env_without_pip_has_no_pip(tmp_path: Path) -> None:
    context = create_virtual_env(str(tmp_path / "bare"), with_pip=False)
    assert not any(Path(context.bin_path).glob("pip*"))


def test_create_virtual_env_context_runs_executor_code_in_that_environment(tmp_path: Path) -> None:
    from autogen.coding import CodeBlock, LocalCommandLineCodeExecutor

    context = create_virtual_env(str(tmp_path / "for-executor"), with_pip=False)
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, virtual_env_context=context)
    result = executor.execute_code_blocks([CodeBlock(code="import sys; print(sys.prefix)", language="python")])
    assert result.exit_code == 0
    assert os.path.realpath(result.output.strip()) == os.path.realpath(tmp_path / "for-executor")


@pytest.mark.slow
def test_create_virtual_env_installs_pip_by_default(tmp_path: Path) -> None:
    context = create_virtual_env(str(tmp_path / "with-pip"))
    assert subprocess.run([context.env_exe, "-m", "pip", "--version"], capture_output=True).returncode == 0


# --- legacy LLM helpers ---------------------------------------------------------------------------------------------


def _legacy_completion_raises() -> bool:
    try:
        from autogen.oai import Completion
    except ImportError:
        return False
    try:
        Completion.create(prompt="x")
    except AssertionError:
        return True
    except Exception:
        return False
    return False


def test_legacy_llm_helpers_raise_like_02_under_openai_1(tmp_path: Path) -> None:
    if not _legacy_completion_raises():
        pytest.skip("autogen.oai.Completion is not available (or is not the openai<1 stub) in this checkout")
    source = tmp_path / "f.py"
    source.write_text("def f():\n    return 1\n")
    with pytest.raises(AssertionError):
        code_utils.generate_code(prompt="write code")
    with pytest.raises(AssertionError):
        code_utils.improve_function(str(source), "f", "return 2")
    with pytest.raises(AssertionError):
        code_utils.improve_code([str(source)], "be faster")
    with pytest.raises(AssertionError):
        code_utils.generate_assertions("def f(): ...")
    with pytest.raises(AssertionError):
        code_utils.implement("def f(): ...", configs=[{"model": "gpt-4"}], assertions="assert f() == 1")


def test_eval_function_completions_with_test(tmp_path: Path) -> None:
    definition = 'def add(a, b):\n    """Add two numbers."""\n'
    test = "def check(candidate):\n    assert candidate(1, 2) == 3\n"
    good, bad = "    return a + b\n", "    return a - b\n"
    metrics = code_utils.eval_function_completions(
        [bad, good], definition, test=test, entry_point="add", use_docker=False
    )
    assert metrics == {"expected_success": 1 - (1 - 1 / 2) ** 2, "success": True}


def test_eval_function_completions_selects_first_passing_assertions() -> None:
    definition = 'def add(a, b):\n    """Add two numbers."""\n'
    responses = ["    return a - b\n", "    return a + b\n"]
    metrics = code_utils.eval_function_completions(
        responses, definition, assertions="assert add(1, 2) == 3", use_docker=False
    )
    # A string of assertions is only used as a generator when callable; with n > 1 the given string is dropped.
    assert metrics["index_selected"] == 0 and metrics["gen_cost"] == 0


def test_eval_function_completions_with_assertion_generator_and_test() -> None:
    definition = 'def add(a, b):\n    """Add two numbers."""\n'
    responses = ["    return a - b\n", "def add(a, b):\n    return a + b\ndef check(x):\n    pass\n"]
    test = "def check(candidate):\n    assert candidate(2, 2) == 4\n"
    metrics = code_utils.eval_function_completions(
        responses,
        definition,
        test=test,
        entry_point="add",
        assertions=lambda d: ("assert add(1, 2) == 3", 0.5),
        use_docker=False,
    )
    assert metrics == {
        "index_selected": 1,
        "succeed_assertions": True,
        "success": True,
        "gen_cost": 0.5,
        "assertions": "assert add(1, 2) == 3",
    }
