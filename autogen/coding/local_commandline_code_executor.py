"""Run code blocks as scripts on this machine, in a work directory."""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import warnings
from hashlib import md5
from pathlib import Path
from string import Template
from types import SimpleNamespace
from typing import Any, Callable, ClassVar, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from ..code_utils import PYTHON_VARIANTS, TIMEOUT_MSG, WIN32, _cmd
from ._process import DEFAULT_MAX_OUTPUT_BYTES, build_env, run_process
from .base import CodeBlock, CodeExecutor, CodeExtractor, CommandLineCodeResult
from .func_with_reqs import (
    FunctionWithRequirements,
    FunctionWithRequirementsStr,
    _build_python_functions_file,
    to_stub,
)
from .markdown_code_extractor import MarkdownCodeExtractor
from .utils import _COMMANDLINE_EXECUTION_POLICY, _get_file_name_from_content, silence_pip

__all__ = ("LocalCommandLineCodeExecutor", "LocalCommandlineCodeExecutor", "CommandlineCodeResult")

logger = logging.getLogger(__name__)

FunctionSpec = Union[FunctionWithRequirements[Any, Any], Callable[..., Any], FunctionWithRequirementsStr]

# Shell code that is refused before it runs, with the reason reported.
_DANGEROUS_SHELL_PATTERNS = [
    (r"\brm\s+-rf\b", "Use of 'rm -rf' command is not allowed."),
    (r"\bmv\b.*?\s+/dev/null", "Moving files to /dev/null is not allowed."),
    (r"\bdd\b", "Use of 'dd' command is not allowed."),
    (r">\s*/dev/sd[a-z][1-9]?", "Overwriting disk blocks directly is not allowed."),
    (r":\(\)\s*\{\s*:\|:&\s*\};:", "Fork bombs are not allowed."),
]


class LocalCommandLineCodeExecutor(CodeExecutor):
    """Writes each code block to a file in `work_dir` and runs it with the matching interpreter.

    The code runs with this process's rights: use it only for trusted code, or inside a container/VM. A timeout
    kills the block's whole process tree; output is captured up to `max_output_bytes` per stream. Beyond 0.2,
    `inherit_env=False` (or a list of variable names) and `extra_env` restrict the environment the code sees.
    """

    SUPPORTED_LANGUAGES: ClassVar[List[str]] = [
        "bash",
        "shell",
        "sh",
        "pwsh",
        "powershell",
        "ps1",
        "python",
        "javascript",
        "html",
        "css",
    ]
    DEFAULT_EXECUTION_POLICY: ClassVar[Dict[str, bool]] = dict(_COMMANDLINE_EXECUTION_POLICY)
    FUNCTION_PROMPT_TEMPLATE: ClassVar[str] = """You have access to the following user defined functions. They can be \
accessed from the module called `$module_name` by their function names.

For example, if there was a function called `foo` you could import it by writing `from $module_name import foo`

$functions"""

    def __init__(
        self,
        timeout: int = 60,
        virtual_env_context: Optional[SimpleNamespace] = None,
        work_dir: Union[Path, str] = Path("."),
        functions: List[FunctionSpec] = [],  # noqa: B006  (0.2's signature; never mutated)
        functions_module: str = "functions",
        execution_policies: Optional[Dict[str, bool]] = None,
        *,
        inherit_env: Union[bool, Iterable[str]] = True,
        extra_env: Optional[Mapping[str, str]] = None,
        max_output_bytes: int = DEFAULT_MAX_OUTPUT_BYTES,
    ):
        if timeout < 1:
            raise ValueError("Timeout must be greater than or equal to 1.")
        work_dir = Path(work_dir)  # kept as given (relative stays relative): `work_dir` reports it back
        if not functions_module.isidentifier():
            raise ValueError("Module name must be a valid Python identifier")
        work_dir.mkdir(exist_ok=True)
        self._work_dir: Path = work_dir
        self._timeout = timeout
        self._functions, self._functions_module = functions, functions_module
        self._virtual_env_context = virtual_env_context
        # Writing the functions module (and installing its packages) waits for the first execution.
        self._setup_functions_complete = not functions
        self.execution_policies = {**self.DEFAULT_EXECUTION_POLICY, **(execution_policies or {})}
        # Beyond 0.2: what the executed code's environment and output capture are limited to.
        self._inherit_env = inherit_env if isinstance(inherit_env, bool) else list(inherit_env)
        self._extra_env = dict(extra_env) if extra_env else None
        self._max_output_bytes = max_output_bytes

    def format_functions_for_prompt(self, prompt_template: str = FUNCTION_PROMPT_TEMPLATE) -> str:
        """Describe the user functions (as stubs) for the model's prompt."""
        return Template(prompt_template).substitute(
            module_name=self._functions_module,
            functions="\n\n".join(to_stub(func) for func in self._functions),
        )

    @property
    def functions_module(self) -> str:
        return self._functions_module

    @property
    def functions(self) -> List[FunctionSpec]:
        return self._functions

    @property
    def timeout(self) -> int:
        return self._timeout

    @property
    def work_dir(self) -> Path:
        return self._work_dir

    @property
    def code_extractor(self) -> CodeExtractor:
        return MarkdownCodeExtractor()

    @staticmethod
    def sanitize_command(lang: str, code: str) -> None:
        """Refuse shell code with obviously destructive commands (a seatbelt, not a sandbox)."""
        if lang not in ("bash", "shell", "sh"):
            return
        for pattern, reason in _DANGEROUS_SHELL_PATTERNS:
            if re.search(pattern, code):
                raise ValueError(f"Potentially dangerous command detected: {reason}")

    def _env(self) -> Dict[str, str]:
        """The environment for executed code, with the virtual environment's bin directory first on PATH."""
        env = build_env(self._inherit_env, self._extra_env)
        if self._virtual_env_context is not None:
            bin_path = os.path.abspath(self._virtual_env_context.bin_path)
            env["PATH"] = bin_path + os.pathsep + env.get("PATH", "")
            env["VIRTUAL_ENV"] = os.path.abspath(os.path.dirname(bin_path))
        return env

    def _program(self, lang: str, env: Mapping[str, str]) -> str:
        """The interpreter for `lang`, resolved on the code's PATH (so a virtual env's python wins)."""
        name = _cmd(lang) or "powershell"  # `_cmd` gives None when PowerShell answers with an error
        found = shutil.which(name, path=env.get("PATH"))
        if found is not None:
            return found
        if name == "python":  # e.g. Debian without python-is-python3: this interpreter is the best stand-in
            return sys.executable
        return name

    def _setup_functions(self) -> None:
        """Write the functions module, install its packages and check that it imports."""
        source = _build_python_functions_file(self._functions)
        (self._work_dir / f"{self._functions_module}.py").write_text(source, encoding="utf-8")
        packages = sorted(
            {
                pkg
                for func in self._functions
                if isinstance(func, (FunctionWithRequirements, FunctionWithRequirementsStr))
                for pkg in func.python_packages
            }
        )
        if packages:
            python = self._virtual_env_context.env_exe if self._virtual_env_context else sys.executable
            outcome = run_process(
                [python, "-m", "pip", "install", *packages],
                cwd=self._work_dir,
                env=self._env(),
                timeout=float(self._timeout),
            )
            if outcome.timed_out:
                raise ValueError("Pip install timed out")
            if outcome.returncode != 0:
                raise ValueError(f"Pip install failed. {outcome.stdout}, {outcome.stderr}")
        result = self._execute_code_dont_check_setup([CodeBlock(code=source, language="python")])
        if result.exit_code != 0:
            raise ValueError(f"Functions failed to load: {result.output}")
        self._setup_functions_complete = True

    def execute_code_blocks(self, code_blocks: List[CodeBlock]) -> CommandLineCodeResult:
        """Run the blocks in order, stopping at the first failure; output is each block's stderr then stdout."""
        if not self._setup_functions_complete:
            self._setup_functions()
        return self._execute_code_dont_check_setup(code_blocks)

    def _execute_code_dont_check_setup(self, code_blocks: List[CodeBlock]) -> CommandLineCodeResult:
        logs_all = ""
        exitcode = 0
        file_names: List[Path] = []
        env = self._env()
        for block in code_blocks:
            lang = block.language.lower()
            self.sanitize_command(lang, block.code)
            code = silence_pip(block.code, lang)
            if lang in PYTHON_VARIANTS:
                lang = "python"
            if WIN32 and lang in ("sh", "shell"):
                lang = "ps1"
            if lang not in self.SUPPORTED_LANGUAGES:
                exitcode = 1
                logs_all += "\n" + f"unknown language {lang}"
                break
            try:
                filename = _get_file_name_from_content(code, self._work_dir)
            except ValueError:
                return CommandLineCodeResult(exit_code=1, output="Filename is not in the workspace")
            if filename is None:
                filename = f"tmp_code_{md5(code.encode()).hexdigest()}.{'py' if lang == 'python' else lang}"
            written_file = (self._work_dir / filename).resolve()
            written_file.parent.mkdir(parents=True, exist_ok=True)
            written_file.write_text(code, encoding="utf-8")
            file_names.append(written_file)
            if not self.execution_policies.get(lang, False):
                logs_all += f"Code saved to {written_file}\n"
                exitcode = 0
                continue
            exitcode, output = self._run_file(lang, written_file, env)
            logs_all += output
            if exitcode != 0:
                break
        code_file = str(file_names[0]) if file_names else None
        return CommandLineCodeResult(exit_code=exitcode, output=logs_all, code_file=code_file)

    def _run_file(self, lang: str, path: Path, env: Dict[str, str]) -> Tuple[int, str]:
        """Run one written file; returns (exit code, stderr + stdout), or (124, "\\nTimeout")."""
        cmd = [self._program(lang, env), str(path.absolute())]
        outcome = run_process(
            cmd, cwd=self._work_dir, env=env, timeout=float(self._timeout), max_output_bytes=self._max_output_bytes
        )
        if outcome.timed_out:
            return 124, "\n" + TIMEOUT_MSG
        return outcome.returncode, outcome.stderr + outcome.stdout

    def restart(self) -> None:
        """Nothing to restart: every block runs in a fresh process."""
        warnings.warn("Restarting local command line code executor is not supported. No action is taken.", stacklevel=2)


class _RenamedClass(type):
    """Metaclass of a class's old name: building one warns and builds the new class; type checks defer to it."""

    _new_class: type

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        new = cls._new_class
        warnings.warn(
            f"{cls.__name__} has been renamed to {new.__name__}, the alias will be removed in the future",
            DeprecationWarning,
            stacklevel=2,
        )
        return new(*args, **kwargs)

    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, cls._new_class)

    def __subclasscheck__(cls, subclass: type) -> bool:
        return subclass is cls or issubclass(subclass, cls._new_class)

    def __getattr__(cls, name: str) -> Any:
        return getattr(cls._new_class, name)


def _renamed(old_name: str, new_class: type) -> type:
    return _RenamedClass(old_name, (), {"_new_class": new_class, "__module__": __name__})


LocalCommandlineCodeExecutor = _renamed("LocalCommandlineCodeExecutor", LocalCommandLineCodeExecutor)
CommandlineCodeResult = _renamed("CommandlineCodeResult", CommandLineCodeResult)
