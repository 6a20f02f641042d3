"""Tests for autogen._pydantic: JSON schemas of types, model dumping, forward references, and the v1 branch."""

import json
from typing import Dict, ForwardRef, List, Optional, Tuple, Union

import pydantic
import pytest
from pydantic import BaseModel
from typing_extensions import Annotated, Literal

from autogen import _pydantic
from autogen._pydantic import (
    PYDANTIC_V1,
    JsonSchemaValue,
    evaluate_forwardref,
    model_dump,
    model_dump_json,
    type2schema,
)


class A(BaseModel):
    a: str
    b: int = 2


# --- flags and aliases ------------------------------------------------------------------------------------------------------


def test_pydantic_v1_flag_matches_installed_version() -> None:
    assert PYDANTIC_V1 == pydantic.VERSION.startswith("1.")


def test_json_schema_value_is_pydantic_alias() -> None:
    from pydantic.json_schema import JsonSchemaValue as PydanticJsonSchemaValue

    assert JsonSchemaValue is PydanticJsonSchemaValue


# --- type2schema (v2) -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (str, {"type": "string"}),
        (int, {"type": "integer"}),
        (float, {"type": "number"}),
        (bool, {"type": "boolean"}),
        (None, {"type": "null"}),
        (Optional[int], {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        (List[int], {"items": {"type": "integer"}, "type": "array"}),
        (
            Tuple[int, float, str],
            {
                "maxItems": 3,
                "minItems": 3,
                "prefixItems": [{"type": "integer"}, {"type": "number"}, {"type": "string"}],
                "type": "array",
            },
        ),
        (Dict[str, int], {"additionalProperties": {"type": "integer"}, "type": "object"}),
        (Annotated[str, "some text"], {"type": "string"}),
        (Union[int, float], {"anyOf": [{"type": "integer"}, {"type": "number"}]}),
        (Literal["USD", "EUR"], {"enum": ["USD", "EUR"], "type": "string"}),
    ],
    ids=["str", "int", "float", "bool", "None", "Optional", "List", "Tuple", "Dict", "Annotated", "Union", "Literal"],
)
def test_type2schema(t: object, expected: dict) -> None:
    assert type2schema(t) == expected


def test_type2schema_model_has_titles() -> None:
    assert type2schema(A) == {
        "properties": {"a": {"title": "A", "type": "string"}, "b": {"default": 2, "title": "B", "type": "integer"}},
        "required": ["a"],
        "title": "A",
        "type": "object",
    }


def test_type2schema_returns_fresh_dict() -> None:
    first = type2schema(int)
    first["description"] = "changed"
    assert type2schema(int) == {"type": "integer"}


# --- model_dump / model_dump_json -----------------------------------------------------------------------------------------


def test_model_dump() -> None:
    assert model_dump(A(a="aaa")) == {"a": "aaa", "b": 2}


def test_model_dump_json_is_compact() -> None:
    assert model_dump_json(A(a="aaa")) == '{"a":"aaa","b":2}'


# --- evaluate_forwardref ----------------------------------------------------------------------------------------------------


def test_evaluate_forwardref_resolves_builtin() -> None:
    assert evaluate_forwardref(ForwardRef("float"), {}, {}) is float


def test_evaluate_forwardref_resolves_from_globals() -> None:
    assert evaluate_forwardref(ForwardRef("List[A]"), globals(), globals()) == List[A]


def test_evaluate_forwardref_leaves_unknown_name() -> None:
    ref = ForwardRef("Missing")
    result = evaluate_forwardref(ref, {}, {})
    assert isinstance(result, ForwardRef)
    assert result.__forward_arg__ == "Missing"


def test_fallback_evaluator_resolves_and_is_lenient() -> None:
    # The stdlib path used when pydantic offers no lenient evaluator (pydantic v1).
    assert _pydantic._fallback_evaluate("Dict[str, A]", globals(), None) == Dict[str, A]
    assert _pydantic._fallback_evaluate(ForwardRef("Nope"), {}, None).__forward_arg__ == "Nope"


# --- the pydantic v1 branch, run against pydantic.v1 ----------------------------------------------------------------------


@pytest.fixture
def v1() -> object:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _pydantic._v1_module()
        except ImportError:  # pragma: no cover
            pytest.skip("pydantic.v1 compatibility package not available")


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (str, {"type": "string"}),
        (int, {"type": "integer"}),
        (None, {"type": "null"}),
        (Optional[int], {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
        (Union[int, float], {"anyOf": [{"type": "integer"}, {"type": "number"}]}),
        (
            Tuple[int, str],
            {"maxItems": 2, "minItems": 2, "prefixItems": [{"type": "integer"}, {"type": "string"}], "type": "array"},
        ),
        (List[int], {"items": {"type": "integer"}, "type": "array"}),
        (Dict[str, int], {"additionalProperties": {"type": "integer"}, "type": "object"}),
        (Annotated[str, "text"], {"type": "string"}),
        (Annotated[Optional[int], "maybe"], {"anyOf": [{"type": "integer"}, {"type": "null"}]}),
    ],
    ids=["str", "int", "None", "Optional", "Union", "Tuple", "List", "Dict", "Annotated", "AnnotatedOptional"],
)
def test_v1_type2schema_matches_v2_shape(v1: object, t: object, expected: dict) -> None:
    assert _pydantic._v1_type2schema(t) == expected


def test_v1_type2schema_strips_wrapper_title(v1: object) -> None:
    assert "title" not in _pydantic._v1_type2schema(List[int])


def test_v1_type2schema_inlines_model_like_v2(v1: object) -> None:
    class M(v1.BaseModel):  # type: ignore[attr-defined, name-defined, misc]
        x: int
        y: str = "a"

    assert _pydantic._v1_type2schema(M) == {
        "title": "M",
        "type": "object",
        "properties": {"x": {"title": "X", "type": "integer"}, "y": {"title": "Y", "default": "a", "type": "string"}},
        "required": ["x"],
    }


def test_v1_type2schema_keeps_nested_definitions(v1: object) -> None:
    class Inner(v1.BaseModel):  # type: ignore[attr-defined, name-defined, misc]
        n: int

    class Outer(v1.BaseModel):  # type: ignore[attr-defined, name-defined, misc]
        inner: Inner

    schema = _pydantic._v1_type2schema(Outer)
    assert schema["title"] == "Outer"
    assert schema["properties"]["inner"] == {"$ref": "#/definitions/Inner"}
    assert set(schema["definitions"]) == {"Inner"}


def test_v1_model_dump(v1: object) -> None:
    class M(v1.BaseModel):  # type: ignore[attr-defined, name-defined, misc]
        a: str
        b: int = 2

    assert _pydantic._v1_model_dump(M(a="aaa")) == {"a": "aaa", "b": 2}


def test_v1_model_dump_json(v1: object) -> None:
    class M(v1.BaseModel):  # type: ignore[attr-defined, name-defined, misc]
        a: str
        b: int = 2

    assert json.loads(_pydantic._v1_model_dump_json(M(a="aaa"))) == {"a": "aaa", "b": 2}
