"""User functions made importable by executed code, with the packages and imports they need."""

# ruff: noqa: B006  (list defaults are part of 0.2's signatures; they are never mutated here)

from __future__ import annotations

import ast
import functools
import inspect
import sys
from dataclasses import dataclass, field
from textwrap import dedent, indent
from typing import Any, Callable, Dict, Generic, List, Sequence, Tuple, TypeVar, Union

if sys.version_info >= (3, 10):
    from typing import ParamSpec
else:  # pragma: no cover
    from typing_extensions import ParamSpec

__all__ = (
    "Alias",
    "ImportFromModule",
    "Import",
    "FunctionWithRequirements",
    "FunctionWithRequirementsStr",
    "with_requirements",
    "to_stub",
    "_build_python_functions_file",
    "_to_code",
    "_import_to_str",
)

T = TypeVar("T")
P = ParamSpec("P")


def _to_code(func: Union[FunctionWithRequirements[T, P], Callable[P, T], FunctionWithRequirementsStr]) -> str:
    """The source of a function, dedented and without its decorator lines (which name the requirements)."""
    if isinstance(func, FunctionWithRequirementsStr):
        return func.func
    code = dedent(inspect.getsource(func))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    node = tree.body[0] if tree.body else None
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.decorator_list:
        # `lineno` of a decorated def is the `def` line itself (the decorators sit above it).
        code = "\n".join(code.split("\n")[node.lineno - 1 :])
    return code


@dataclass
class Alias:
    """`import name as alias`."""

    name: str
    alias: str


@dataclass
class ImportFromModule:
    """`from module import a, b as c`."""

    module: str
    imports: List[Union[str, Alias]]


Import = Union[str, ImportFromModule, Alias]


def _import_to_str(im: Import) -> str:
    """The import statement for one import spec."""
    if isinstance(im, str):
        return f"import {im}"
    if isinstance(im, Alias):
        return f"import {im.name} as {im.alias}"

    def one(name: Union[str, Alias]) -> str:
        return name if isinstance(name, str) else f"{name.name} as {name.alias}"

    return f"from {im.module} import {', '.join(one(i) for i in im.imports)}"


# The file name compiled source reports in tracebacks and syntax errors (0.2's: a module named func_module).
_SOURCE_FILENAME = "<not a real path>/func_module.py"


def _only_function_in(source: str) -> Tuple[str, Callable[..., Any]]:
    """Run `source` in a scratch namespace and return its one function (name and object); ValueError otherwise.

    As in 0.2, every Python function the text leaves in its namespace counts, imported ones included.
    """
    scratch: Dict[str, Any] = {"__name__": "func_module"}
    try:
        exec(compile(source, _SOURCE_FILENAME, "exec", dont_inherit=True), scratch)  # noqa: S102  (the user's own source)
    except Exception as e:
        raise ValueError(f"Could not compile function: {e}") from e
    found = sorted((k, v) for k, v in scratch.items() if inspect.isfunction(v))
    if len(found) != 1:
        raise ValueError("The string must contain exactly one function")
    return found[0]


@dataclass(init=False)
class FunctionWithRequirementsStr:
    """A function given as source text, with its requirements.

    The text is compiled at construction to catch mistakes early; the function itself only ever runs inside the
    executed code, so calling this object raises NotImplementedError.
    """

    func: str
    _compiled_func: Callable[..., Any]
    _func_name: str
    python_packages: List[str] = field(default_factory=list)
    global_imports: List[Import] = field(default_factory=list)

    def __init__(self, func: str, python_packages: List[str] = [], global_imports: List[Import] = []):
        self.func = func
        self.python_packages = python_packages
        self.global_imports = global_imports
        self._func_name, self._compiled_func = _only_function_in(func)

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        # executed code imports it instead; the text is 0.2.40's
        raise NotImplementedError("String based function with requirement objects are not directly callable")


@dataclass
class FunctionWithRequirements(Generic[T, P]):
    """A callable plus the pip packages and global imports the generated functions module needs for it."""

    func: Callable[P, T]
    python_packages: List[str] = field(default_factory=list)
    global_imports: List[Import] = field(default_factory=list)

    @classmethod
    def from_callable(
        cls,
        func: Callable[P, T],
        python_packages: List[str] = [],
        global_imports: List[Import] = [],
    ) -> FunctionWithRequirements[T, P]:
        return cls(python_packages=python_packages, global_imports=global_imports, func=func)

    @staticmethod
    def from_str(
        func: str,
        python_packages: List[str] = [],
        global_imports: List[Import] = [],
    ) -> FunctionWithRequirementsStr:
        return FunctionWithRequirementsStr(func=func, python_packages=python_packages, global_imports=global_imports)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return self.func(*args, **kwargs)


def with_requirements(
    python_packages: List[str] = [],
    global_imports: List[Import] = [],
) -> Callable[[Callable[P, T]], FunctionWithRequirements[T, P]]:
    """Decorate a function with the packages and imports it needs when executed code imports it."""

    def wrapper(func: Callable[P, T]) -> FunctionWithRequirements[T, P]:
        wrapped = FunctionWithRequirements(func=func, python_packages=python_packages, global_imports=global_imports)
        functools.update_wrapper(wrapped, func)
        return wrapped

    return wrapper


AnyFunction = Union[FunctionWithRequirements[Any, Any], Callable[..., Any], FunctionWithRequirementsStr]


def _build_python_functions_file(funcs: Sequence[AnyFunction]) -> str:
    """The source of the functions module: every needed global import (once, sorted), then every function."""
    with_requirements = [f for f in funcs if isinstance(f, (FunctionWithRequirements, FunctionWithRequirementsStr))]
    statements = sorted({_import_to_str(spec) for f in with_requirements for spec in f.global_imports})
    return "\n".join(statements) + "\n\n" + "".join(_to_code(f) + "\n\n" for f in funcs)


class _AsWritten:
    """Shows a string annotation as the code it was written as (`int`, not `'int'`)."""

    def __init__(self, text: str) -> None:
        self._text = text

    def __repr__(self) -> str:
        return self._text


def _signature_as_written(func: Callable[..., Any]) -> inspect.Signature:
    """The signature with string annotations (`from __future__ import annotations`) shown unquoted."""
    signature = inspect.signature(func)

    def unquote(annotation: Any) -> Any:
        return _AsWritten(annotation) if isinstance(annotation, str) else annotation

    params = [p.replace(annotation=unquote(p.annotation)) for p in signature.parameters.values()]
    return signature.replace(parameters=params, return_annotation=unquote(signature.return_annotation))


def to_stub(func: Union[Callable[..., Any], FunctionWithRequirementsStr]) -> str:
    """A `def name(signature):` stub with the docstring and `...`, to show the model what it can call."""
    real_func = func._compiled_func if isinstance(func, FunctionWithRequirementsStr) else func
    content = f"def {real_func.__name__}{_signature_as_written(real_func)}:\n"
    docstring = real_func.__doc__
    if docstring:
        content += indent('"""' + dedent(docstring) + '"""', "    ") + "\n"
    return content + "    ..."
