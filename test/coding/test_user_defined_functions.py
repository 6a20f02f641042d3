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


def fahrenheit(celsius: float) -> float:
    """Convert a Celsius reading to Fahrenheit."""
    return celsius * 9 / 5 + 32


FAHRENHEIT_SOURCE = '''
def fahrenheit(celsius: float) -> float:
    """Convert a Celsius reading to Fahrenheit."""
    return celsius * 9 / 5 + 32
'''

FAHRENHEIT_STUB = '''def fahrenheit(celsius: float) -> float:
    """Convert a Celsius reading to Fahrenheit."""
'''


@with_requirements(python_packages=["pandas"], global_imports=["pandas"])
def tide_table() -> pandas.DataFrame:
    """High water at three harbours, one row per harbour (port, high_water, metres)."""
    return pandas.DataFrame(
        [("Brest", "06:12", 6.9), ("Cuxhaven", "11:47", 3.4), ("Dover", "09:05", 6.4)],
        columns=["port", "high_water", "metres"],
    )


@with_requirements(python_packages=["numpy"], global_imports=[Alias("numpy", "np")])
def spread(values: list) -> float:
    """Peak-to-peak range of the values, via numpy."""
    return float(np.ptp(values))  # noqa: F821  (imported by the generated functions module)


@with_requirements(global_imports=[ImportFromModule("math", ["hypot", Alias("tau", "TAU")])])
def turns_to_metres(turns: float, radius: float) -> float:
    """Distance a wheel of `radius` covers in `turns` turns."""
    return turns * TAU * hypot(radius, 0)  # noqa: F821


@with_requirements(global_imports=["autogen_no_such_module_q"])
def needs_a_missing_module() -> None:
    return None


@with_requirements(python_packages=["autogen-no-such-package-q"], global_imports=[])
def needs_a_missing_package() -> None:
    return None


def run(executor: LocalCommandLineCodeExecutor, code: str):  # type: ignore[no-untyped-def]
    return executor.execute_code_blocks([CodeBlock(code=code, language="python")])


@pytest.mark.skipif(not HAS_PANDAS, reason="pandas is not installed")
def test_function_needing_a_package_runs_with_it(tmp_path: Path, env: Dict[str, str]) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[tide_table], extra_env=env)
    code = "from functions import tide_table\ntable = tide_table()\nprint(table.loc[table.metres.idxmax(), 'port'])"
    result = run(executor, code)
    assert (result.exit_code, result.output) == (0, "Brest\n")


def test_function_with_package_and_alias_import(tmp_path: Path, env: Dict[str, str]) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[spread], extra_env=env)
    result = run(executor, "from functions import spread\nprint(spread([4, -1, 7]))")
    assert (result.exit_code, result.output) == (0, "8.0\n")


def test_function_with_from_import(tmp_path: Path, env: Dict[str, str]) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[turns_to_metres], extra_env=env)
    result = run(executor, "from functions import turns_to_metres\nprint(round(turns_to_metres(2, 0.5), 3))")
    assert (result.exit_code, result.output) == (0, "6.283\n")


def test_plain_function_is_importable_from_the_module_file(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[fahrenheit])
    result = run(executor, "from functions import fahrenheit\nprint(fahrenheit(100))")
    assert (result.exit_code, result.output) == (0, "212.0\n")
    assert (tmp_path / "functions.py").exists()


def test_custom_functions_module_name(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[fahrenheit], functions_module="units")
    result = run(executor, "from units import fahrenheit\nprint(fahrenheit(-40))")
    assert (result.exit_code, result.output) == (0, "-40.0\n")


def test_missing_global_import_fails_the_setup(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[needs_a_missing_module])
    with pytest.raises(ValueError, match="Functions failed to load"):
        run(executor, "print('never runs')")


def test_uninstallable_package_fails_the_setup(tmp_path: Path, env: Dict[str, str]) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[needs_a_missing_package], extra_env=env)
    with pytest.raises(ValueError, match="Pip install failed"):
        run(executor, "print('never runs')")


def test_prompt_names_the_module_and_shows_stubs(tmp_path: Path) -> None:
    prompt = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[fahrenheit]).format_functions_for_prompt()
    assert "`functions`" in prompt and "from functions import foo" in prompt
    assert FAHRENHEIT_STUB in prompt


def test_prompt_with_a_template_of_ones_own(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[fahrenheit], functions_module="units")
    prompt = executor.format_functions_for_prompt("<$module_name>\n$functions")
    assert prompt.startswith("<units>\ndef fahrenheit(celsius: float) -> float:")


def test_prompt_shows_stub_of_function_given_as_text(tmp_path: Path) -> None:
    func = FunctionWithRequirements.from_str(FAHRENHEIT_SOURCE)
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[func])
    assert FAHRENHEIT_STUB in executor.format_functions_for_prompt()


def test_function_given_as_text_is_importable(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(
        work_dir=tmp_path, functions=[FunctionWithRequirements.from_str(FAHRENHEIT_SOURCE)]
    )
    result = run(executor, "from functions import fahrenheit\nprint(fahrenheit(37))")
    assert (result.exit_code, result.output) == (0, "98.6\n")


def test_text_that_does_not_compile_is_refused() -> None:
    with pytest.raises(ValueError, match="Could not compile function"):
        FunctionWithRequirements.from_str("def fahrenheit(celsius) -> float\n    return celsius\n")


def test_error_inside_function_given_as_text_is_reported(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(
        work_dir=tmp_path, functions=[FunctionWithRequirements.from_str(FAHRENHEIT_SOURCE)]
    )
    result = run(executor, "from functions import fahrenheit\nprint(fahrenheit('hot'))")
    assert result.exit_code == 1
    assert "TypeError: unsupported operand type(s) for /: 'str' and 'int'" in result.output


def test_setup_output_is_not_in_results(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, functions=[fahrenheit])
    assert run(executor, "print('only this')").output == "only this\n"
    assert run(executor, "print('and this')").output == "and this\n"
