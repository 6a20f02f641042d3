"""Import surface of autogen.coding / autogen.code_utils, and that optional packages load only when used."""

from __future__ import annotations

import subprocess
import sys

import autogen.coding
import autogen.coding.jupyter


def test_coding_all_names() -> None:
    assert sorted(autogen.coding.__all__) == sorted(
        [
            "CodeBlock",
            "CodeResult",
            "CodeExtractor",
            "CodeExecutor",
            "CodeExecutorFactory",
            "MarkdownCodeExtractor",
            "LocalCommandLineCodeExecutor",
            "DockerCommandLineCodeExecutor",
        ]
    )
    namespace: dict = {}
    exec("from autogen.coding import *", namespace)
    assert set(autogen.coding.__all__) <= set(namespace)


def test_jupyter_all_names() -> None:
    assert sorted(autogen.coding.jupyter.__all__) == sorted(
        [
            "JupyterConnectable",
            "JupyterConnectionInfo",
            "JupyterClient",
            "LocalJupyterServer",
            "DockerJupyterServer",
            "EmbeddedIPythonCodeExecutor",
            "JupyterCodeExecutor",
        ]
    )


def test_base_module_names() -> None:
    from autogen.coding.base import (  # noqa: F401
        CodeBlock,
        CodeExecutionConfig,
        CodeExecutor,
        CodeExtractor,
        CodeResult,
        CommandLineCodeResult,
        IPythonCodeResult,
    )

    assert CommandLineCodeResult(exit_code=0, output="").code_file is None
    assert IPythonCodeResult(exit_code=0, output="").output_files == []


def test_docker_module_names() -> None:
    from autogen.coding.docker_commandline_code_executor import DockerCommandLineCodeExecutor, _wait_for_ready

    assert callable(_wait_for_ready) and DockerCommandLineCodeExecutor.DEFAULT_EXECUTION_POLICY["python"] is True


def test_heavy_optional_packages_are_not_imported_eagerly() -> None:
    code = (
        "import sys, autogen, autogen.code_utils, autogen.coding\n"
        "from autogen.coding import LocalCommandLineCodeExecutor, CodeBlock\n"
        "heavy = ['docker', 'jupyter_client', 'requests', 'websocket', 'kubernetes', 'openai']\n"
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_submodules_are_attributes_of_the_package_after_a_plain_import() -> None:
    import subprocess
    import sys

    code = (
        "import autogen.coding as c\n"
        "print(c.base.CodeBlock.__name__, c.utils.silence_pip.__name__, c.func_with_reqs.to_stub.__name__,\n"
        "      c.factory.CodeExecutorFactory.__name__, c.markdown_code_extractor.MarkdownCodeExtractor.__name__,\n"
        "      c.local_commandline_code_executor.LocalCommandLineCodeExecutor.__name__,\n"
        "      c.docker_commandline_code_executor.DockerCommandLineCodeExecutor.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == [
        "CodeBlock",
        "silence_pip",
        "to_stub",
        "CodeExecutorFactory",
        "MarkdownCodeExtractor",
        "LocalCommandLineCodeExecutor",
        "DockerCommandLineCodeExecutor",
    ]
