"""User-defined functions made importable by executed code (LocalCommandLineCodeExecutor functions=...)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Dict

import pytest

from autogen.coding import CodeBlock, LocalCommandLineCodeExecutor
from autogen.coding.func_with_reqs import Alias, FunctionWithRequirements, ImportFromModule, with_requirements

try:
    import pandas  # noqa: F401

    HAS_PANDAS = True
except ImportError:
    HAS_PANDAS = False


@pytest.fixture
def env() -> Dict[str, str]:
    """Executed code finds this test environment's python (and its packages) first on PATH; pip stays offline."""
    return {"PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""), "PIP_NO_INDEX": "1"}


def add_two_numbers(a: int, b: int) -> int:
    """Add two numbers together."""
    return a + b


@with_requirements(python_packages=["pandas"], global_imports=["pandas"])
def load_data() -> pandas.DataFrame:
    """Load some sample data.

    Returns:
        pandas.DataFrame: A DataFrame with the following columns: name(str), location(str), age(int)
    """
    data = {
        "name": ["John", "Anna", "Peter", "Linda"],
        "location": ["New York", "Paris", "Berlin", "London"],
        "age": [24, 13, 53, 33],
    }
    return pandas.DataFrame(data)


@with_requirements(python_packages=["numpy"], global_imports=[Alias("numpy", "np")])
def numpy_sum(values: list) -> int:
    """Sum with numpy."""
    return int(np.sum(values))  # noqa: F821  (imported by the generated functions module)


@with_requirements(global_imports=[ImportFromModule("math", ["sqrt", Alias("pi", "PI")])])
def circle_area(r: float) -> float:
    """Area of a circle."""
    return PI * r * r + sqrt(0)  # noqa: F821


@with_requirements(global_imports=["NOT_A_REAL_PACKAGE"])
def function_incorrect_import() -> pandas.DataFrame:
    return 1


@with_requirements(python_packages=["NOT_A_REAL_PACKAGE"], global_imports=[])
def function_incorrect_dep() -> pandas.DataFrame:
    return 1


def run(executor: LocalCommandLineCodeExecutor, code: str):  # type: ignore[no-untyped-def]
    return executor.execute_code_blocks([CodeBlock(code=code, language="python")])


@pytest.mark.skipif(not HAS_PANDAS, reason="pandas is not installed")
def test_can_load_function_with_reqs(tmp_path: Path, env: Dict[str, str]) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[load_data], extra_env=env)
    result = run(executor, "from functions import load_data\nimport pandas\ndata = load_data()\nprint(data['name'][0])")
    assert (result.exit_code, result.output) == (0, "John\n")


def test_function_with_package_and_alias_import(tmp_path: Path, env: Dict[str, str]) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[numpy_sum], extra_env=env)
    result = run(executor, "from functions import numpy_sum\nprint(numpy_sum([1, 2, 3]))")
    assert (result.exit_code, result.output) == (0, "6\n")


def test_function_with_from_import(tmp_path: Path, env: Dict[str, str]) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[circle_area], extra_env=env)
    result = run(executor, "from functions import circle_area\nprint(round(circle_area(1.0), 2))")
    assert (result.exit_code, result.output) == (0, "3.14\n")


def test_can_load_function(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[add_two_numbers])
    result = run(executor, "from functions import add_two_numbers\nprint(add_two_numbers(1, 2))")
    assert (result.exit_code, result.output) == (0, "3\n")
    assert (tmp_path / "functions.py").exists()


def test_custom_functions_module_name(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[add_two_numbers], functions_module="tools")
    result = run(executor, "from tools import add_two_numbers\nprint(add_two_numbers(2, 2))")
    assert (result.exit_code, result.output) == (0, "4\n")


def test_fails_for_function_incorrect_import(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[function_incorrect_import])
    with pytest.raises(ValueError, match="Functions failed to load"):
        run(executor, "from functions import function_incorrect_import\nfunction_incorrect_import()")


def test_fails_for_function_incorrect_dep(tmp_path: Path, env: Dict[str, str]) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[function_incorrect_dep], extra_env=env)
    with pytest.raises(ValueError, match="Pip install failed"):
        run(executor, "from functions import function_incorrect_dep\nfunction_incorrect_dep()")


def test_formatted_prompt(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[add_two_numbers])
    prompt = executor.format_functions_for_prompt()
    assert "`functions`" in prompt and "from functions import foo" in prompt
    assert (
        '''def add_two_numbers(a: int, b: int) -> int:
    """Add two numbers together."""
'''
        in prompt
    )


def test_formatted_prompt_custom_template(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[add_two_numbers], functions_module="tools")
    assert executor.format_functions_for_prompt("[$module_name]\n$functions").startswith(
        "[tools]\ndef add_two_numbers(a: int, b: int) -> int:"
    )


def test_formatted_prompt_str_func(tmp_path: Path) -> None:
    func = FunctionWithRequirements.from_str(
        '''
def add_two_numbers(a: int, b: int) -> int:
    """Add two numbers together."""
    return a + b
'''
    )
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[func])
    assert '''def add_two_numbers(a: int, b: int) -> int:
    """Add two numbers together."""
''' in executor.format_functions_for_prompt()


def test_can_load_str_function_with_reqs(tmp_path: Path) -> None:
    func = FunctionWithRequirements.from_str(
        '''
def add_two_numbers(a: int, b: int) -> int:
    """Add two numbers together."""
    return a + b
'''
    )
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[func])
    result = run(executor, "from functions import add_two_numbers\nprint(add_two_numbers(1, 2))")
    assert (result.exit_code, result.output) == (0, "3\n")


def test_cant_load_broken_str_function() -> None:
    with pytest.raises(ValueError):
        FunctionWithRequirements.from_str(
            """
invaliddef add_two_numbers(a: int, b: int) -> int:
    return a + b
"""
        )


def test_cant_run_broken_str_function_with_reqs(tmp_path: Path) -> None:
    func = FunctionWithRequirements.from_str(
        '''
def add_two_numbers(a: int, b: int) -> int:
    """Add two numbers together."""
    return a + b
'''
    )
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[func])
    result = run(executor, "from functions import add_two_numbers\nprint(add_two_numbers(object(), False))")
    assert result.exit_code == 1
    assert "TypeError: unsupported operand type(s) for +:" in result.output


def test_setup_output_is_not_in_results(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[add_two_numbers])
    assert run(executor, "print('only this')").output == "only this\n"
    assert run(executor, "print('and this')").output == "and this\n"
