"""LocalCommandLineCodeExecutor and DockerCommandLineCodeExecutor (docker variants need a running engine)."""

from __future__ import annotations

import os
import sys
import venv
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from autogen.code_utils import WIN32, create_virtual_env
from autogen.coding import (
    CodeBlock,
    CodeExecutor,
    CodeExecutorFactory,
    DockerCommandLineCodeExecutor,
    LocalCommandLineCodeExecutor,
    MarkdownCodeExtractor,
)
from autogen.coding.base import CommandLineCodeResult

MakeExecutor = Callable[..., Any]


@pytest.fixture(params=["local", "docker"])
def make_executor(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeExecutor]:
    """Builds an executor of the parametrized kind (docker skipped without an engine); stops docker ones."""
    if request.param == "docker":
        request.getfixturevalue("docker_available")
    created = []

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("work_dir", tmp_path)
        if request.param == "local":
            return LocalCommandLineCodeExecutor(**kwargs)
        executor = DockerCommandLineCodeExecutor(**kwargs)
        created.append(executor)
        _assert_is_a_container_of_the_engine(executor, request.getfixturevalue("container_engine"))
        return executor

    yield make
    for executor in created:
        executor.stop()


def _assert_is_a_container_of_the_engine(executor: DockerCommandLineCodeExecutor, engine: Any) -> None:
    """The executor's blocks run in a container the engine knows, whose hostname is not this machine's."""
    hostname = executor._container.exec_run(["hostname"]).output.decode().strip()
    assert hostname != os.uname().nodename
    assert engine.containers.get(executor._container.id).attrs["Config"]["Hostname"] == hostname


@pytest.fixture
def docker_executor(container_engine: Any, tmp_path: Path) -> Iterator[DockerCommandLineCodeExecutor]:
    with DockerCommandLineCodeExecutor(work_dir=tmp_path, timeout=20) as executor:
        _assert_is_a_container_of_the_engine(executor, container_engine)
        yield executor


@pytest.fixture
def local(tmp_path: Path) -> LocalCommandLineCodeExecutor:
    return LocalCommandLineCodeExecutor(work_dir=tmp_path, timeout=20)


def test_executor_classes_satisfy_protocol() -> None:
    assert isinstance(LocalCommandLineCodeExecutor, CodeExecutor)
    assert isinstance(DockerCommandLineCodeExecutor, CodeExecutor)
    assert isinstance(LocalCommandLineCodeExecutor(), CodeExecutor)


def test_factory_builds_local_executor() -> None:
    executor = CodeExecutorFactory.create({"executor": "commandline-local"})
    assert isinstance(executor, LocalCommandLineCodeExecutor)


def test_factory_passes_local_options(tmp_path: Path) -> None:
    executor = CodeExecutorFactory.create(
        {"executor": "commandline-local", "commandline-local": {"timeout": 7, "work_dir": tmp_path}}
    )
    assert executor.timeout == 7 and executor.work_dir == tmp_path


def test_factory_returns_given_instance(make_executor: MakeExecutor) -> None:
    executor = make_executor()
    assert CodeExecutorFactory.create({"executor": executor}) is executor


def test_init_stores_timeout_and_work_dir(make_executor: MakeExecutor) -> None:
    executor = make_executor(timeout=10, work_dir=".")
    assert executor.timeout == 10
    assert str(executor.work_dir) == "."


def test_init_with_missing_parent_dir_raises(make_executor: MakeExecutor) -> None:
    with pytest.raises(FileNotFoundError):
        make_executor(work_dir="/invalid/directory")


def test_init_rejects_timeout_below_one(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Timeout must be greater than or equal to 1."):
        LocalCommandLineCodeExecutor(timeout=0, work_dir=tmp_path)


def test_init_rejects_bad_module_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Module name must be a valid Python identifier"):
        LocalCommandLineCodeExecutor(work_dir=tmp_path, functions_module="not-valid")


def test_local_defaults() -> None:
    executor = LocalCommandLineCodeExecutor()
    assert executor.timeout == 60 and str(executor.work_dir) == "."
    assert executor.functions == [] and executor.functions_module == "functions"
    assert isinstance(executor.code_extractor, MarkdownCodeExtractor)
    assert LocalCommandLineCodeExecutor.SUPPORTED_LANGUAGES == [
        "bash", "shell", "sh", "pwsh", "powershell", "ps1", "python", "javascript", "html", "css",
    ]  # fmt: skip
    assert executor.execution_policies == {
        "bash": True, "shell": True, "sh": True, "pwsh": True, "powershell": True, "ps1": True,
        "python": True, "javascript": False, "html": False, "css": False,
    }  # fmt: skip


@pytest.mark.parametrize("lang", ["python", "Python", "py"])
def test_python_variants_execute(make_executor: MakeExecutor, lang: str) -> None:
    result = make_executor().execute_code_blocks([CodeBlock(code="print('hello world!')", language=lang)])
    assert result.exit_code == 0 and "hello world!" in result.output
    assert result.code_file is not None


def test_two_blocks_outputs_concatenated(make_executor: MakeExecutor) -> None:
    result = make_executor().execute_code_blocks(
        [
            CodeBlock(code="print('hello world!')", language="python"),
            CodeBlock(code="a = 100 + 100\nprint(a)", language="python"),
        ]
    )
    assert result.exit_code == 0
    assert "hello world!" in result.output and "200" in result.output
    assert result.output.index("hello world!") < result.output.index("200")


def test_bash_block(make_executor: MakeExecutor) -> None:
    result = make_executor().execute_code_blocks([CodeBlock(code="echo hello world!", language="bash")])
    assert result.exit_code == 0 and "hello world!" in result.output


def test_multi_line_code_file_content(make_executor: MakeExecutor) -> None:
    code = "a = 1\nb = 2\nprint(a + b)"
    result = make_executor().execute_code_blocks([CodeBlock(code=code, language="python")])
    assert result.exit_code == 0 and "3" in result.output
    assert Path(result.code_file).read_text().split("\n") == code.split("\n")


def test_failure_stops_later_blocks(local: LocalCommandLineCodeExecutor) -> None:
    result = local.execute_code_blocks(
        [
            CodeBlock(code="raise SystemExit(3)", language="python"),
            CodeBlock(code="print('never')", language="python"),
        ]
    )
    assert result.exit_code == 3 and "never" not in result.output


def test_output_is_stderr_then_stdout(local: LocalCommandLineCodeExecutor) -> None:
    code = "import sys\nprint('out')\nsys.stdout.flush()\nprint('err', file=sys.stderr)"
    assert local.execute_code_blocks([CodeBlock(code=code, language="python")]).output == "err\nout\n"


def test_unknown_language_stops_with_message(local: LocalCommandLineCodeExecutor) -> None:
    result = local.execute_code_blocks(
        [CodeBlock(code="print('a')", language="python"), CodeBlock(code="x", language="cobol")]
    )
    assert result.exit_code == 1 and result.output == "a\n\nunknown language cobol"


def test_docker_unsupported_language(docker_executor: DockerCommandLineCodeExecutor) -> None:
    result = docker_executor.execute_code_blocks([CodeBlock(code="x", language="cobol")])
    assert result.exit_code == 1 and result.output == "Unsupported language cobol\n"


def test_docker_empty_block_list_raises(docker_executor: DockerCommandLineCodeExecutor) -> None:
    with pytest.raises(ValueError, match="No code blocks to execute."):
        docker_executor.execute_code_blocks([])


def test_docker_python_file_extension(docker_executor: DockerCommandLineCodeExecutor) -> None:
    result = docker_executor.execute_code_blocks([CodeBlock(code="print(1)", language="py")])
    assert result.exit_code == 0 and result.code_file.endswith(".python")


def test_docker_executor_without_engine_raises_sdk_error(no_docker_engine_host: None, tmp_path: Path) -> None:
    import docker

    with pytest.raises(docker.errors.DockerException):
        DockerCommandLineCodeExecutor(work_dir=tmp_path)


@pytest.mark.parametrize(
    "code, language, filename",
    [
        ("# filename: test.py\nprint('hello world!')", "python", "test.py"),
        ("# test.py\nprint('hello world!')", "python", "test.py"),
        ("// filename: test.js\nconsole.log('hello world!')", "javascript", "test.js"),
        ("// test.js\nconsole.log('hello world!')", "javascript", "test.js"),
        ("/* filename: test.css */\nh1 { color: red; }", "css", "test.css"),
        ("/* test.css */\nh1 { color: red; }", "css", "test.css"),
        ("<!-- filename: test.html -->\n<h1>hello</h1>", "html", "test.html"),
        ("<!-- test.html -->\n<h1>hello</h1>", "html", "test.html"),
    ],
)
def test_file_name_from_first_line_comment(
    make_executor: MakeExecutor, tmp_path: Path, code: str, language: str, filename: str
) -> None:
    result = make_executor(work_dir=tmp_path).execute_code_blocks([CodeBlock(code=code, language=language)])
    assert result.exit_code == 0
    assert result.code_file is not None and Path(result.code_file).name == filename
    assert (tmp_path / filename).read_text() == code


def test_all_policies_false_saves_without_running(make_executor: MakeExecutor, tmp_path: Path) -> None:
    policies = dict.fromkeys(LocalCommandLineCodeExecutor.DEFAULT_EXECUTION_POLICY, False)
    executor = make_executor(execution_policies=policies)
    blocks = [
        CodeBlock(code="print('hello python')", language="python"),
        CodeBlock(code="echo 'hello bash'", language="bash"),
        CodeBlock(code="<h1>hello html</h1>", language="html"),
        CodeBlock(code="console.log('hello javascript')", language="javascript"),
    ]
    for block in blocks:
        result = executor.execute_code_blocks([block])
        assert result.exit_code == 0
        assert "hello" not in result.output.replace("Code saved to", "")
        assert result.output.startswith("Code saved to ")
        assert result.code_file is not None and Path(result.code_file).exists()


def test_javascript_runs_when_policy_allows(tmp_path: Path) -> None:
    if sys.platform == "win32" or not any(
        os.access(os.path.join(p, "node"), os.X_OK) for p in os.environ["PATH"].split(os.pathsep)
    ):
        pytest.skip("node is not installed")
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, execution_policies={"javascript": True})
    result = executor.execute_code_blocks([CodeBlock(code="console.log('hi from node')", language="javascript")])
    assert (result.exit_code, result.output) == (0, "hi from node\n")


def test_html_policy_true_is_not_implemented(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, execution_policies={"html": True})
    with pytest.raises(NotImplementedError):
        executor.execute_code_blocks([CodeBlock(code="<p>x</p>", language="html")])


def test_timeout(make_executor: MakeExecutor) -> None:
    executor = make_executor(timeout=1)
    result = executor.execute_code_blocks(
        [CodeBlock(code="import time\ntime.sleep(10)\nprint('hi')", language="python")]
    )
    assert result.exit_code != 0 and "Timeout" in result.output


def test_local_timeout_result_is_124_and_message(local: LocalCommandLineCodeExecutor, tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, timeout=1)
    result = executor.execute_code_blocks([CodeBlock(code="sleep 10", language="bash")])
    assert (result.exit_code, result.output) == (124, "\nTimeout")


def test_local_restart_warns() -> None:
    with pytest.warns(UserWarning, match=r".*No action is taken."):
        LocalCommandLineCodeExecutor().restart()


def test_docker_restart_keeps_working(docker_executor: DockerCommandLineCodeExecutor) -> None:
    assert docker_executor.execute_code_blocks([CodeBlock(code="echo $HOME", language="sh")]).exit_code == 0
    docker_executor.restart()
    assert docker_executor.execute_code_blocks([CodeBlock(code="echo $HOME", language="sh")]).exit_code == 0


def test_docker_policy_override_class_defaults() -> None:
    # Checked on the class data: the override merge is the same code path with or without an engine.
    custom = {"python": False, "javascript": True}
    merged = {**DockerCommandLineCodeExecutor.DEFAULT_EXECUTION_POLICY, **custom}
    assert merged.keys() == DockerCommandLineCodeExecutor.DEFAULT_EXECUTION_POLICY.keys()
    assert DockerCommandLineCodeExecutor.LANGUAGE_ALIASES == {"py": "python", "js": "javascript"}


def test_docker_policy_override(make_executor: MakeExecutor) -> None:
    executor = make_executor(execution_policies={"python": False, "javascript": True})
    assert executor.execution_policies["python"] is False and executor.execution_policies["javascript"] is True
    defaults = type(executor).DEFAULT_EXECUTION_POLICY
    assert executor.execution_policies.keys() == defaults.keys()
    for lang, allowed in defaults.items():
        if lang not in ("python", "javascript"):
            assert executor.execution_policies[lang] == allowed


@pytest.mark.parametrize(
    "code, reason",
    [
        ("rm -rf /", "Use of 'rm -rf' command is not allowed."),
        ("mv myFile /dev/null", "Moving files to /dev/null is not allowed."),
        ("dd if=/dev/zero of=/dev/sda", "Use of 'dd' command is not allowed."),
        ("echo Hello > /dev/sda", "Overwriting disk blocks directly is not allowed."),
        (":(){ :|:& };:", "Fork bombs are not allowed."),
    ],
)
def test_sanitize_command_refuses_dangerous_shell(code: str, reason: str) -> None:
    with pytest.raises(ValueError) as info:
        LocalCommandLineCodeExecutor.sanitize_command("bash", code)
    assert str(info.value) == f"Potentially dangerous command detected: {reason}"


def test_sanitize_command_only_checks_shell() -> None:
    LocalCommandLineCodeExecutor.sanitize_command("python", "rm -rf /")


def test_dangerous_block_is_refused_before_running(local: LocalCommandLineCodeExecutor) -> None:
    with pytest.raises(ValueError, match="Potentially dangerous command detected"):
        local.execute_code_blocks([CodeBlock(code="rm -rf /tmp/definitely-not-here", language="sh")])


@pytest.mark.parametrize(
    "first_line",
    ["# filename: /tmp/test.py", "# filename: ../test.py", "# filename: sub/../../test.py"],
)
def test_filename_outside_workspace_is_refused(make_executor: MakeExecutor, tmp_path: Path, first_line: str) -> None:
    work_dir = tmp_path / "work"
    work_dir.mkdir()
    result = make_executor(work_dir=work_dir).execute_code_blocks(
        [CodeBlock(code=f"{first_line}\nprint('hello world')", language="python")]
    )
    assert result.exit_code == 1 and "Filename is not in the workspace" in result.output
    assert not (tmp_path / "test.py").exists()


def test_symlink_pointing_outside_workspace_is_refused(tmp_path: Path) -> None:
    work_dir = tmp_path / "work"
    work_dir.mkdir()
    outside = tmp_path / "outside.py"
    outside.write_text("original")
    (work_dir / "link.py").symlink_to(outside)
    result = LocalCommandLineCodeExecutor(work_dir=work_dir).execute_code_blocks(
        [CodeBlock(code="# filename: link.py\nprint('pwned')", language="python")]
    )
    assert (result.exit_code, result.output, result.code_file) == (1, "Filename is not in the workspace", None)
    assert outside.read_text() == "original"


def test_filename_inside_workspace(make_executor: MakeExecutor, tmp_path: Path) -> None:
    result = make_executor(work_dir=tmp_path).execute_code_blocks(
        [CodeBlock(code="# filename: test.py\nprint('hello world')", language="python")]
    )
    assert result.exit_code == 0 and "hello world" in result.output
    assert Path(result.code_file).resolve() == (tmp_path / "test.py").resolve()
    assert (tmp_path / "test.py").exists()


def test_filename_in_subdirectory_is_created(local: LocalCommandLineCodeExecutor, tmp_path: Path) -> None:
    result = local.execute_code_blocks([CodeBlock(code="# filename: pkg/mod.py\nprint('sub')", language="python")])
    assert result.exit_code == 0 and (tmp_path / "pkg" / "mod.py").exists()


@pytest.fixture
def venv_bin_first_on_path() -> dict:
    """Run code with this test environment's bin dir first on PATH, so `pip` is the venv's own."""
    return {"PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}


def test_silenced_pip_install_prints_nothing(tmp_path: Path, venv_bin_first_on_path: dict) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, extra_env=venv_bin_first_on_path)
    # Already installed in the test environment: pip checks and stays quiet (no network needed).
    result = executor.execute_code_blocks([CodeBlock(code="pip install matplotlib numpy", language="sh")])
    assert (result.exit_code, result.output) == (0, "")


def test_failing_pip_install_reports_error(tmp_path: Path, venv_bin_first_on_path: dict) -> None:
    executor = LocalCommandLineCodeExecutor(
        work_dir=tmp_path, extra_env={**venv_bin_first_on_path, "PIP_NO_INDEX": "1"}
    )
    result = executor.execute_code_blocks(
        [CodeBlock(code="pip install autogen-package-that-does-not-exist-xyz", language="sh")]
    )
    assert result.exit_code == (0 if WIN32 else 1)
    assert "ERROR: " in result.output


def test_virtual_env_context(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    context = venv.EnvBuilder(with_pip=False).ensure_directories(env_dir)
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, virtual_env_context=context)
    code = "import sys\nprint(sys.prefix != sys.base_prefix)\nprint(sys.prefix)"
    result = executor.execute_code_blocks([CodeBlock(code=code, language="python")])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "True" and Path(lines[1]).resolve() == env_dir.resolve()


def test_virtual_env_context_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    context = create_virtual_env("relative_venv", with_pip=False)
    work_dir = tmp_path / "work"
    executor = LocalCommandLineCodeExecutor(work_dir=work_dir, virtual_env_context=context)
    code = "import sys, os\nprint(os.path.dirname(sys.executable))"
    result = executor.execute_code_blocks([CodeBlock(code=code, language="python")])
    assert result.exit_code == 0
    assert Path(result.output.strip()) == Path(os.path.abspath(context.bin_path))


def test_restricted_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOGEN_TEST_SECRET", "s3cret")
    code = "import os\nprint(os.environ.get('AUTOGEN_TEST_SECRET'), os.environ.get('KEEP'), os.environ.get('EXTRA'))"
    monkeypatch.setenv("KEEP", "kept")
    default = LocalCommandLineCodeExecutor(work_dir=tmp_path)
    assert default.execute_code_blocks([CodeBlock(code=code, language="python")]).output == "s3cret kept None\n"
    restricted = LocalCommandLineCodeExecutor(work_dir=tmp_path, inherit_env=["KEEP"], extra_env={"EXTRA": "x"})
    assert restricted.execute_code_blocks([CodeBlock(code=code, language="python")]).output == "None kept x\n"
    bare = LocalCommandLineCodeExecutor(work_dir=tmp_path, inherit_env=False)
    assert bare.execute_code_blocks([CodeBlock(code=code, language="python")]).output == "None None None\n"


def test_deprecated_aliases_warn_and_build_new_classes(tmp_path: Path) -> None:
    from autogen.coding.local_commandline_code_executor import CommandlineCodeResult, LocalCommandlineCodeExecutor

    with pytest.warns(DeprecationWarning, match="LocalCommandlineCodeExecutor has been renamed"):
        executor = LocalCommandlineCodeExecutor(work_dir=tmp_path)
    assert type(executor) is LocalCommandLineCodeExecutor
    assert isinstance(executor, LocalCommandlineCodeExecutor)
    assert issubclass(LocalCommandLineCodeExecutor, LocalCommandlineCodeExecutor)
    with pytest.warns(DeprecationWarning, match="CommandlineCodeResult has been renamed"):
        result = CommandlineCodeResult(exit_code=0, output="")
    assert type(result) is CommandLineCodeResult and isinstance(result, CommandlineCodeResult)


def test_deprecated_alias_warning_says_the_alias_will_be_removed(tmp_path: Path) -> None:
    from autogen.coding.local_commandline_code_executor import CommandlineCodeResult, LocalCommandlineCodeExecutor

    with pytest.warns(DeprecationWarning) as record:
        LocalCommandlineCodeExecutor(work_dir=tmp_path)
        CommandlineCodeResult(exit_code=0, output="")
    assert [str(w.message) for w in record] == [
        "LocalCommandlineCodeExecutor has been renamed to LocalCommandLineCodeExecutor, "
        "the alias will be removed in the future",
        "CommandlineCodeResult has been renamed to CommandLineCodeResult, the alias will be removed in the future",
    ]


def _conversable_agent() -> Any:
    try:
        from autogen.agentchat import ConversableAgent
    except ImportError as e:  # the agent layer is built separately
        pytest.skip(f"autogen.agentchat is not available: {e}")
    return ConversableAgent


def test_agent_with_executor_runs_code(make_executor: MakeExecutor) -> None:
    conversable_agent = _conversable_agent()
    executor = make_executor()
    agent = conversable_agent("executor", code_execution_config={"executor": executor}, llm_config=False)
    assert agent.code_executor is executor
    message = "Run this:\n```python\nprint('hello from the executor')\n```"
    reply = agent.generate_reply(messages=[{"role": "user", "content": message}], sender=agent)
    assert "hello from the executor" in reply
    assert reply.startswith("exitcode: 0 (execution succeeded)\nCode output: ")
