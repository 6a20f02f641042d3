"""A thin layer over pydantic v1 and v2, so the rest of autogen can build JSON schemas and dump models the same way.

Both branches are always defined (the v1 one as ``_v1_*`` helpers that also work against ``pydantic.v1`` under
pydantic 2, which is how they are tested); the public names are bound to the branch of the installed pydantic.
"""

from __future__ import annotations

import typing
from types import ModuleType
from typing import Any, Callable, Dict, ForwardRef, Optional, Tuple, Union

from pydantic import BaseModel
from pydantic.version import VERSION as PYDANTIC_VERSION
from typing_extensions import Annotated, get_args, get_origin

__all__ = ("JsonSchemaValue", "model_dump", "model_dump_json", "type2schema", "evaluate_forwardref", "PYDANTIC_V1")

PYDANTIC_V1: bool = PYDANTIC_VERSION.startswith("1.")

Namespace = Optional[Dict[str, Any]]


# ---------------------------------------------------------------------------------------------------------------------
# Forward references: shared by both branches, lenient (a name that cannot be resolved stays a ForwardRef).
# ---------------------------------------------------------------------------------------------------------------------


def _pydantic_v2_evaluator() -> Optional[Callable[[Any, Namespace, Namespace], Any]]:
    """pydantic v2's own lenient evaluator, which knows the typing quirks of every Python it supports."""
    try:
        from pydantic._internal import _typing_extra
    except ImportError:  # pragma: no cover - pydantic v1
        return None
    try_eval_type = getattr(_typing_extra, "try_eval_type", None)
    if try_eval_type is not None:
        return lambda value, globalns, localns: try_eval_type(value, globalns, localns)[0]
    return getattr(_typing_extra, "eval_type_lenient", None)  # pragma: no cover - pydantic < 2.10


_V2_EVALUATOR = None if PYDANTIC_V1 else _pydantic_v2_evaluator()


def _fallback_evaluate(value: Any, globalns: Namespace, localns: Namespace) -> Any:
    """Evaluate with the standard library; used when pydantic offers no lenient evaluator (v1)."""
    if isinstance(value, str):
        value = ForwardRef(value)
    try:
        return typing._eval_type(value, globalns, localns)  # type: ignore[attr-defined]
    except NameError:
        return value


def evaluate_forwardref(value: Any, globalns: Namespace = None, localns: Namespace = None) -> Any:
    """Resolve a forward reference (or a string, or a type containing forward references) in the given namespaces.

    Names that cannot be resolved are left as they are instead of raising, as annotations of tool functions may
    mention names that only exist under ``TYPE_CHECKING``.
    """
    if _V2_EVALUATOR is not None:
        try:
            return _V2_EVALUATOR(value, globalns, localns)
        except NameError:  # pragma: no cover - the evaluator is lenient already
            return value
    return _fallback_evaluate(value, globalns, localns)  # pragma: no cover - pydantic v1


# ---------------------------------------------------------------------------------------------------------------------
# pydantic v1 branch (kept working by design; exercised against pydantic.v1 in the tests).
# ---------------------------------------------------------------------------------------------------------------------


def _v1_module() -> ModuleType:
    """The pydantic v1 API: pydantic itself under v1, its ``pydantic.v1`` compatibility package under v2."""
    if PYDANTIC_V1:  # pragma: no cover
        import pydantic

        return pydantic
    import pydantic.v1

    return pydantic.v1


def _v1_type2schema(t: Any) -> Dict[str, Any]:
    """JSON schema of a type with pydantic v1, shaped like pydantic v2's output (anyOf, prefixItems, no titles)."""
    if t is None:
        return {"type": "null"}
    origin = get_origin(t)
    if origin is Annotated:
        inner = get_args(t)[0]
        if inner is None or get_origin(inner) in (Union, tuple, Tuple):
            return _v1_type2schema(inner)
    elif origin is Union:
        return {"anyOf": [_v1_type2schema(arg) for arg in get_args(t)]}
    elif origin in (tuple, Tuple):
        items = [_v1_type2schema(arg) for arg in get_args(t)]
        return {"maxItems": len(items), "minItems": len(items), "prefixItems": items, "type": "array"}
    schema: Dict[str, Any] = _v1_module().schema_of(t)
    schema.pop("title", None)
    schema.pop("description", None)
    return _v1_inline_model_ref(schema)


def _v1_inline_model_ref(schema: Dict[str, Any]) -> Dict[str, Any]:
    """v1 describes a model as ``{"$ref": ..., "definitions": ...}``; inline the model like v2 does."""
    ref = schema.get("$ref")
    definitions = schema.get("definitions")
    if set(schema) != {"$ref", "definitions"} or not isinstance(ref, str) or not ref.startswith("#/definitions/"):
        return schema
    others = dict(definitions)
    inlined = dict(others.pop(ref[len("#/definitions/") :]))
    if others:
        inlined["definitions"] = others
    return inlined


def _v1_model_dump(model: Any) -> Dict[str, Any]:
    return model.dict()


def _v1_model_dump_json(model: Any) -> str:
    return model.json()


# ---------------------------------------------------------------------------------------------------------------------
# pydantic v2 branch.
# ---------------------------------------------------------------------------------------------------------------------


def _v2_type2schema(t: Any) -> Dict[str, Any]:
    """JSON schema of a type, as pydantic v2's TypeAdapter produces it."""
    from pydantic import TypeAdapter

    return TypeAdapter(t).json_schema()


def _v2_model_dump(model: BaseModel) -> Dict[str, Any]:
    return model.model_dump()


def _v2_model_dump_json(model: BaseModel) -> str:
    return model.model_dump_json()


if PYDANTIC_V1:  # pragma: no cover
    JsonSchemaValue = Dict[str, Any]
else:
    from pydantic.json_schema import JsonSchemaValue  # noqa: F401  (re-exported)


def type2schema(t: Any) -> JsonSchemaValue:
    """Convert a Python type (including ``None``, Optional/Union, tuples and ``Annotated``) to a JSON schema."""
    return _v1_type2schema(t) if PYDANTIC_V1 else _v2_type2schema(t)


def model_dump(model: BaseModel) -> Dict[str, Any]:
    """A model's fields as a dict (``model_dump()`` on v2, ``dict()`` on v1)."""
    return _v1_model_dump(model) if PYDANTIC_V1 else _v2_model_dump(model)


def model_dump_json(model: BaseModel) -> str:
    """A model as a JSON string (compact ``model_dump_json()`` on v2, ``json()`` on v1)."""
    return _v1_model_dump_json(model) if PYDANTIC_V1 else _v2_model_dump_json(model)
