"""autogen.coding.func_with_reqs: imports, wrappers, generated module source and stubs."""

from __future__ import annotations

import pytest

from autogen.coding.func_with_reqs import (
    Alias,
    FunctionWithRequirements,
    FunctionWithRequirementsStr,
    ImportFromModule,
    _build_python_functions_file,
    _import_to_str,
    _to_code,
    to_stub,
    with_requirements,
)


def test_import_rendering() -> None:
    assert _import_to_str("os") == "import os"
    assert _import_to_str(Alias("numpy", "np")) == "import numpy as np"
    assert _import_to_str(ImportFromModule("math", ["sqrt", Alias("pi", "PI")])) == "from math import sqrt, pi as PI"


@with_requirements(python_packages=["x"], global_imports=["os"])
def documented(a: int) -> int:
    """Double a."""
    return a * 2


def test_with_requirements_wraps_and_keeps_metadata() -> None:
    assert isinstance(documented, FunctionWithRequirements)
    assert documented(3) == 6
    assert documented.__name__ == "documented" and documented.__doc__ == "Double a."
    assert documented.__wrapped__ is documented.func
    assert documented.python_packages == ["x"] and documented.global_imports == ["os"]


def test_from_callable() -> None:
    def f() -> int:
        return 1

    wrapped = FunctionWithRequirements.from_callable(f, ["pkg"], [Alias("a", "b")])
    assert wrapped() == 1 and wrapped.python_packages == ["pkg"]


def test_to_code_drops_the_decorator() -> None:
    code = _to_code(documented)
    assert code.startswith("def documented(a: int) -> int:")
    assert "with_requirements" not in code


def test_to_code_dedents_nested_functions() -> None:
    def inner(x: int) -> int:
        return x

    assert _to_code(inner).startswith("def inner(x: int) -> int:")


def test_from_str_checks_source() -> None:
    func = FunctionWithRequirements.from_str("def f(a):\n    return a\n", python_packages=["p"])
    assert isinstance(func, FunctionWithRequirementsStr)
    assert func._func_name == "f" and func._compiled_func(2) == 2
    with pytest.raises(NotImplementedError, match="^String based function with requirement objects are not directly"):
        func(1)
    with pytest.raises(ValueError, match="Could not compile function"):
        FunctionWithRequirements.from_str("def broken(:\n  pass")
    with pytest.raises(ValueError, match="exactly one function"):
        FunctionWithRequirements.from_str("def a(): pass\ndef b(): pass\n")
    with pytest.raises(ValueError, match="exactly one function"):
        FunctionWithRequirements.from_str("x = 1\n")


def test_from_str_counts_imported_python_functions() -> None:
    # os.path.join is a Python function, so the text holds two; math.sqrt is a builtin and does not count
    with pytest.raises(ValueError, match="^The string must contain exactly one function$"):
        FunctionWithRequirements.from_str("from os.path import join\ndef f(a):\n    return join(a, a)\n")
    assert FunctionWithRequirements.from_str("from math import sqrt\ndef f(a):\n    return sqrt(a)\n")._func_name == "f"


def test_from_str_syntax_error_names_func_module() -> None:
    with pytest.raises(ValueError) as info:
        FunctionWithRequirements.from_str("def f(:\n  pass")
    assert str(info.value) == "Could not compile function: invalid syntax (func_module.py, line 1)"


def test_from_str_object_is_a_dataclass_with_0_2_fields() -> None:
    import dataclasses

    func = FunctionWithRequirements.from_str("def f():\n    return 1\n")
    assert [f.name for f in dataclasses.fields(func)] == [
        "func",
        "_compiled_func",
        "_func_name",
        "python_packages",
        "global_imports",
    ]
    assert repr(func).startswith(
        "FunctionWithRequirementsStr(func='def f():\\n    return 1\\n', _compiled_func=<function f"
    )
    assert repr(func).endswith("_func_name='f', python_packages=[], global_imports=[])")
    assert func == func


def test_build_python_functions_file() -> None:
    str_func = FunctionWithRequirements.from_str("def g():\n    return 2\n", global_imports=["sys"])
    source = _build_python_functions_file([documented, str_func])
    head, body = source.split("\n\n", 1)
    assert set(head.split("\n")) == {"import os", "import sys"}
    assert "def documented(a: int) -> int:" in body and "def g():" in body
    namespace: dict = {}
    exec(compile(source, "functions.py", "exec"), namespace)
    assert namespace["documented"](2) == 4 and namespace["g"]() == 2


def test_to_stub() -> None:
    def add_two_numbers(a: int, b: int) -> int:
        """Add two numbers together."""
        return a + b

    assert to_stub(add_two_numbers) == (
        'def add_two_numbers(a: int, b: int) -> int:\n    """Add two numbers together."""\n    ...'
    )


def test_to_stub_without_docstring() -> None:
    def bare(x):  # type: ignore[no-untyped-def]
        return x

    assert to_stub(bare) == "def bare(x):\n    ..."
