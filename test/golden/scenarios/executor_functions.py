"""LocalCommandLineCodeExecutor(functions=[...]): code blocks import the generated functions module."""

import tempfile

from autogen.coding import CodeBlock, LocalCommandLineCodeExecutor
from autogen.coding.func_with_reqs import with_requirements


def add_two_numbers(a: int, b: int) -> int:
    """Add two numbers together."""
    return a + b


@with_requirements(python_packages=[], global_imports=["math"])
def circle_area(r: float) -> float:
    """Area of a circle."""
    return math.pi * r * r  # noqa: F821


with tempfile.TemporaryDirectory() as work:
    ex = LocalCommandLineCodeExecutor(work_dir=work, functions=[add_two_numbers, circle_area])
    print("MODULE:", ex.functions_module, [getattr(f, "name", getattr(f, "__name__", "?")) for f in ex.functions])
    res = ex.execute_code_blocks(
        [CodeBlock(language="python", code="from functions import add_two_numbers\nprint(add_two_numbers(1, 2))")]
    )
    print("ADD:", res.exit_code, repr(res.output))
    res = ex.execute_code_blocks(
        [CodeBlock(language="python", code="from functions import circle_area\nprint(round(circle_area(2), 3))")]
    )
    print("AREA:", res.exit_code, repr(res.output))
    res = ex.execute_code_blocks([CodeBlock(language="python", code="from functions import nope")])
    print("MISSING:", res.exit_code, res.output.strip().splitlines()[-1])
    ex2 = LocalCommandLineCodeExecutor(work_dir=work, functions=[add_two_numbers], functions_module="my_funcs")
    res = ex2.execute_code_blocks(
        [CodeBlock(language="python", code="import my_funcs\nprint(my_funcs.add_two_numbers(5, 5))")]
    )
    print("CUSTOM MODULE:", res.exit_code, repr(res.output))
    try:
        LocalCommandLineCodeExecutor(work_dir=work, functions_module="bad name")
    except Exception as exc:
        print("BAD MODULE:", type(exc).__name__, exc)
