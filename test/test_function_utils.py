"""Tests for autogen.function_utils: signatures, tool schemas, pydantic argument loading, result serialisation."""

import asyncio
import functools
import inspect
import json
import logging
from enum import Enum
from typing import Dict, List, Optional, Tuple, Union

import pytest
from pydantic import BaseModel, Field
from typing_extensions import Annotated, Literal

from autogen.function_utils import (
    Function,
    Parameters,
    ToolFunction,
    get_default_values,
    get_function_schema,
    get_load_param_if_needed_function,
    get_missing_annotations,
    get_param_annotations,
    get_parameter_json_schema,
    get_parameters,
    get_required_params,
    get_typed_annotation,
    get_typed_return_annotation,
    get_typed_signature,
    load_basemodels_if_needed,
    serialize_to_str,
)

LOGGER_NAME = "autogen.function_utils"

RETURN_WARNING = (
    "The return type of the function '{name}' is not annotated. Although annotating it is optional, the function "
    "should return either a string, a subclass of 'pydantic.BaseModel'."
)


# --- functions under test ---------------------------------------------------------------------------------------------


def plain(a, b=2, c=0.1, *, d):  # noqa: ANN001 - deliberately unannotated
    pass


def typed(
    a: Annotated[str, "Parameter a"],
    b: int = 2,
    c: Annotated[float, "Parameter c"] = 0.1,
    *,
    d: Annotated[Dict[str, Tuple[Optional[int], List[float]]], "Parameter d"],
) -> str:
    return f"{a} {b} {c} {d}"


async def a_typed(
    a: Annotated[str, "Parameter a"],
    b: int = 2,
    c: Annotated[float, "Parameter c"] = 0.1,
    *,
    d: Annotated[Dict[str, Tuple[Optional[int], List[float]]], "Parameter d"],
) -> str:
    return f"{a} {b} {c} {d}"


TYPED_PARAMETERS = {
    "type": "object",
    "properties": {
        "a": {"type": "string", "description": "Parameter a"},
        "b": {"type": "integer", "default": 2, "description": "b"},
        "c": {"type": "number", "default": 0.1, "description": "Parameter c"},
        "d": {
            "additionalProperties": {
                "maxItems": 2,
                "minItems": 2,
                "prefixItems": [
                    {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                    {"items": {"type": "number"}, "type": "array"},
                ],
                "type": "array",
            },
            "type": "object",
            "description": "Parameter d",
        },
    },
    "required": ["a", "d"],
}

CurrencySymbol = Literal["USD", "EUR"]


class Currency(BaseModel):
    currency: Annotated[CurrencySymbol, Field(..., description="Currency symbol")]
    amount: Annotated[float, Field(100.0, description="Amount of currency", ge=0.0)]


def currency_calculator(
    base: Annotated[Currency, "Base currency: amount and currency symbol"],
    quote_currency: Annotated[CurrencySymbol, "Quote currency symbol"] = "EUR",
) -> Currency:
    return Currency(currency=quote_currency, amount=base.amount * 1.1)


CURRENCY_PARAMETERS = {
    "type": "object",
    "properties": {
        "base": {
            "properties": {
                "currency": {
                    "description": "Currency symbol",
                    "enum": ["USD", "EUR"],
                    "title": "Currency",
                    "type": "string",
                },
                "amount": {
                    "default": 100.0,
                    "description": "Amount of currency",
                    "minimum": 0.0,
                    "title": "Amount",
                    "type": "number",
                },
            },
            "required": ["currency"],
            "title": "Currency",
            "type": "object",
            "description": "Base currency: amount and currency symbol",
        },
        "quote_currency": {
            "enum": ["USD", "EUR"],
            "type": "string",
            "default": "EUR",
            "description": "Quote currency symbol",
        },
    },
    "required": ["base"],
}


class Point(BaseModel):
    x: float
    label: str


class Colour(str, Enum):
    RED = "red"
    BLUE = "blue"


def warning_messages(caplog: pytest.LogCaptureFixture) -> List[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME and r.levelno == logging.WARNING]


# --- get_typed_annotation / signatures -----------------------------------------------------------------------------------


def test_typed_annotation_returns_types_unchanged() -> None:
    assert get_typed_annotation(str, globals()) is str


def test_typed_annotation_resolves_string_annotation() -> None:
    assert get_typed_annotation("float", globals()) is float


def test_typed_annotation_resolves_generic_string_annotation() -> None:
    assert get_typed_annotation("Dict[str, int]", globals()) == Dict[str, int]


def test_typed_annotation_leaves_unknown_name_unresolved() -> None:
    result = get_typed_annotation("NoSuchTypeAnywhere", globals())
    assert getattr(result, "__forward_arg__", None) == "NoSuchTypeAnywhere"


def test_typed_signature_equals_inspect_signature_for_typed_function() -> None:
    assert get_typed_signature(typed).parameters == inspect.signature(typed).parameters


def test_typed_signature_keeps_unannotated_keyword_only_params() -> None:
    assert get_typed_signature(plain).parameters == inspect.signature(plain).parameters


def test_typed_signature_resolves_string_annotations() -> None:
    def f(a: "int", b: "Dict[str, Point]") -> "str":
        return ""

    params = get_typed_signature(f).parameters
    assert params["a"].annotation is int
    assert params["b"].annotation == Dict[str, Point]


def test_typed_return_annotation_resolves_string() -> None:
    def f() -> "Point":
        return Point(x=0, label="")

    assert get_typed_return_annotation(f) is Point


def test_function_schema_with_string_annotations() -> None:
    def f(a: "Annotated[int, 'an int']", p: "Optional[Point]" = None) -> "str":
        return ""

    props = get_function_schema(f, description="f")["function"]["parameters"]["properties"]
    assert props["a"] == {"type": "integer", "description": "an int"}
    assert props["p"]["default"] is None


def test_typed_signature_drops_return_annotation() -> None:
    assert get_typed_signature(typed).return_annotation is inspect.Signature.empty


def _function_from_other_module():
    """A function whose string annotations name a model that only its own module namespace holds."""
    namespace = {"BaseModel": BaseModel, "__name__": "elsewhere"}
    source = (
        "class Hidden(BaseModel):\n"
        "    n: int\n"
        "def use_hidden(h: 'Hidden', k: 'int' = 1) -> 'str':\n"
        "    return type(h).__name__ + str(h.n + k)\n"
    )
    exec(source, namespace)  # noqa: S102 - builds a module-like namespace for the test
    return namespace["use_hidden"], namespace["Hidden"]


def test_typed_signature_resolves_through_wraps_wrapper() -> None:
    func, hidden = _function_from_other_module()

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    assert get_typed_signature(wrapper).parameters["h"].annotation is hidden


def test_load_basemodels_through_wraps_wrapper() -> None:
    # The agent's tool wrapper pattern: load_basemodels_if_needed(functools.wraps(func)(wrapper)).
    func, _ = _function_from_other_module()

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    assert load_basemodels_if_needed(wrapper)(h={"n": 2}) == "Hidden3"


def test_typed_signature_of_partial() -> None:
    func, hidden = _function_from_other_module()
    sig = get_typed_signature(functools.partial(func, k=5))
    assert sig.parameters["h"].annotation is hidden
    assert sig.parameters["k"].default == 5


def test_typed_signature_of_callable_object() -> None:
    class Tool:
        def __call__(self, x: "Point") -> "str":
            return x.label

    assert get_typed_signature(Tool()).parameters["x"].annotation is Point


def test_typed_return_annotation_none_when_unannotated() -> None:
    assert get_typed_return_annotation(plain) is None


def test_typed_return_annotation_resolved_when_annotated() -> None:
    assert get_typed_return_annotation(typed) is str


def test_typed_return_annotation_resolves_model_type() -> None:
    assert get_typed_return_annotation(currency_calculator) is Currency


def test_param_annotations_skip_unannotated_and_keep_annotated_objects() -> None:
    def f(a: Annotated[str, "Parameter a"], b=1, c: Annotated[float, "Parameter c"] = 1.0):  # noqa: ANN001
        pass

    assert get_param_annotations(get_typed_signature(f)) == {
        "a": Annotated[str, "Parameter a"],
        "c": Annotated[float, "Parameter c"],
    }


def test_required_params_in_signature_order_with_keyword_only() -> None:
    assert get_required_params(inspect.signature(plain)) == ["a", "d"]


def test_default_values() -> None:
    assert get_default_values(inspect.signature(plain)) == {"b": 2, "c": 0.1}


def test_missing_annotations_only_defaults_unannotated() -> None:
    def f(a: str, b=2):  # noqa: ANN001
        pass

    sig = get_typed_signature(f)
    assert get_missing_annotations(sig, get_required_params(sig)) == (set(), {"b"})


def test_missing_annotations_required_unannotated() -> None:
    def f(a: str, b):  # noqa: ANN001
        pass

    assert get_missing_annotations(get_typed_signature(f), ["a", "b"]) == ({"b"}, set())


def test_missing_annotations_no_params() -> None:
    def f():
        pass

    assert get_missing_annotations(get_typed_signature(f), []) == (set(), set())


# --- get_parameter_json_schema / get_parameters --------------------------------------------------------------------------


def test_parameter_schema_plain_type_uses_name_as_description() -> None:
    assert get_parameter_json_schema("c", str, {}) == {"type": "string", "description": "c"}


def test_parameter_schema_plain_type_with_default() -> None:
    assert get_parameter_json_schema("c", str, {"c": "ccc"}) == {"type": "string", "description": "c", "default": "ccc"}


def test_parameter_schema_annotated_description() -> None:
    assert get_parameter_json_schema("a", Annotated[str, "parameter a"], {}) == {
        "type": "string",
        "description": "parameter a",
    }


def test_parameter_schema_annotated_with_default() -> None:
    assert get_parameter_json_schema("a", Annotated[str, "parameter a"], {"a": "3.14"}) == {
        "type": "string",
        "description": "parameter a",
        "default": "3.14",
    }


def test_parameter_schema_basemodel_is_full_model_schema() -> None:
    assert get_parameter_json_schema("p", Point, {}) == {
        "properties": {"x": {"title": "X", "type": "number"}, "label": {"title": "Label", "type": "string"}},
        "required": ["x", "label"],
        "title": "Point",
        "type": "object",
        "description": "p",
    }


def test_parameter_schema_basemodel_default_stays_model_instance() -> None:
    default = Point(x=1.0, label="origin")
    schema = get_parameter_json_schema("p", Point, {"p": default})
    assert schema["default"] is default


def test_parameter_schema_rejects_non_string_description() -> None:
    with pytest.raises(ValueError, match=r"Invalid description 42 for parameter x, should be a string\."):
        get_parameter_json_schema("x", Annotated[int, 42], {})


def test_parameter_schema_optional() -> None:
    assert get_parameter_json_schema("n", Optional[int], {"n": None}) == {
        "anyOf": [{"type": "integer"}, {"type": "null"}],
        "default": None,
        "description": "n",
    }


def test_parameter_schema_union() -> None:
    assert get_parameter_json_schema("n", Union[int, str], {})["anyOf"] == [{"type": "integer"}, {"type": "string"}]


def test_parameter_schema_literal() -> None:
    assert get_parameter_json_schema("cur", Literal["USD", "EUR"], {}) == {
        "enum": ["USD", "EUR"],
        "type": "string",
        "description": "cur",
    }


def test_parameter_schema_enum() -> None:
    schema = get_parameter_json_schema("colour", Colour, {})
    assert schema["enum"] == ["red", "blue"]
    assert schema["type"] == "string"


def test_parameter_schema_list() -> None:
    assert get_parameter_json_schema("xs", Annotated[List[int], "numbers"], {}) == {
        "items": {"type": "integer"},
        "type": "array",
        "description": "numbers",
    }


def test_get_parameters_skips_unannotated_defaults() -> None:
    def f(a: Annotated[str, "Parameter a"], b=1, c: Annotated[float, "Parameter c"] = 1.0):  # noqa: ANN001
        pass

    sig = get_typed_signature(f)
    params = get_parameters(get_required_params(sig), get_param_annotations(sig), get_default_values(sig))
    assert params.model_dump() == {
        "type": "object",
        "properties": {
            "a": {"type": "string", "description": "Parameter a"},
            "c": {"type": "number", "description": "Parameter c", "default": 1.0},
        },
        "required": ["a"],
    }


# --- pydantic models ------------------------------------------------------------------------------------------------------


def test_function_model_field_order() -> None:
    assert list(Function.model_fields) == ["description", "name", "parameters"]


def test_parameters_type_defaults_to_object() -> None:
    assert Parameters(properties={}, required=[]).type == "object"


def test_tool_function_type_defaults_to_function() -> None:
    tool = ToolFunction(function=Function(description="d", name="n", parameters=Parameters(properties={}, required=[])))
    assert tool.model_dump() == {
        "type": "function",
        "function": {
            "description": "d",
            "name": "n",
            "parameters": {"type": "object", "properties": {}, "required": []},
        },
    }


# --- get_function_schema ----------------------------------------------------------------------------------------------------


def test_function_schema_sync_with_custom_name() -> None:
    assert get_function_schema(typed, name="fancy name for g", description="function g") == {
        "type": "function",
        "function": {"description": "function g", "name": "fancy name for g", "parameters": TYPED_PARAMETERS},
    }


def test_function_schema_async_with_custom_name() -> None:
    assert get_function_schema(a_typed, name="fancy name for g", description="function g") == {
        "type": "function",
        "function": {"description": "function g", "name": "fancy name for g", "parameters": TYPED_PARAMETERS},
    }


def test_function_schema_name_defaults_to_function_name() -> None:
    assert get_function_schema(typed, description="function g")["function"]["name"] == "typed"


def test_function_schema_pydantic_parameter() -> None:
    assert get_function_schema(currency_calculator, description="Currency exchange calculator.") == {
        "type": "function",
        "function": {
            "description": "Currency exchange calculator.",
            "name": "currency_calculator",
            "parameters": CURRENCY_PARAMETERS,
        },
    }


def test_function_schema_single_annotated_param() -> None:
    def exec_python(cell: Annotated[str, "Valid Python cell to execute."]) -> str:
        return cell

    assert get_function_schema(exec_python, description="run")["function"]["parameters"] == {
        "type": "object",
        "properties": {"cell": {"type": "string", "description": "Valid Python cell to execute."}},
        "required": ["cell"],
    }


def test_function_schema_no_params() -> None:
    def now() -> str:
        return "noon"

    assert get_function_schema(now, description="time")["function"]["parameters"] == {
        "type": "object",
        "properties": {},
        "required": [],
    }


def test_function_schema_model_default_dumped_to_dict() -> None:
    def place(p: Point = Point(x=0.0, label="o")) -> str:  # noqa: B008
        return p.label

    schema = get_function_schema(place, description="place")
    assert schema["function"]["parameters"]["properties"]["p"]["default"] == {"x": 0.0, "label": "o"}


def test_function_schema_is_json_serialisable() -> None:
    schema = get_function_schema(currency_calculator, description="Currency exchange calculator.")
    assert json.loads(json.dumps(schema)) == schema


def test_function_schema_warns_about_missing_return_annotation(caplog: pytest.LogCaptureFixture) -> None:
    def f(a: int, b: int = 1):
        pass

    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        get_function_schema(f, description="f")
    assert warning_messages(caplog) == [RETURN_WARNING.format(name="f")]


def test_function_schema_no_warning_when_fully_annotated(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        get_function_schema(typed, description="g")
    assert warning_messages(caplog) == []


def test_function_schema_warns_about_unannotated_defaults(caplog: pytest.LogCaptureFixture) -> None:
    def f(a: int, e=3, b=1, c: int = 2, d=4) -> str:  # noqa: ANN001
        return ""

    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        get_function_schema(f, description="f")
    assert warning_messages(caplog) == [
        "The following parameters of the function 'f' with default values are not annotated: 'b', 'd', 'e'."
    ]


def test_function_schema_warning_uses_python_name_not_custom_name(caplog: pytest.LogCaptureFixture) -> None:
    def f(a: int):
        pass

    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        get_function_schema(f, name="other", description="f")
    assert warning_messages(caplog) == [RETURN_WARNING.format(name="f")]


def test_function_schema_rejects_unannotated_required_params() -> None:
    def f(a: int, b, c: int = 1) -> str:  # noqa: ANN001
        return ""

    expected = (
        "All parameters of the function 'f' without default values must be annotated. "
        "The annotations are missing for the following parameters: 'b'"
    )
    with pytest.raises(TypeError) as exc_info:
        get_function_schema(f, description="f")
    assert str(exc_info.value) == expected


def test_function_schema_lists_all_unannotated_required_params_sorted() -> None:
    def f(z, a) -> str:  # noqa: ANN001
        return ""

    with pytest.raises(TypeError, match=r"missing for the following parameters: 'a', 'z'$"):
        get_function_schema(f, description="f")


def test_function_schema_of_partial_uses_given_name() -> None:
    schema = get_function_schema(functools.partial(typed, b=3), name="typed_b3", description="g")
    assert schema["function"]["name"] == "typed_b3"
    assert schema["function"]["parameters"]["properties"]["b"]["default"] == 3


def test_function_schema_bound_method_excludes_self() -> None:
    class Calculator:
        def add(self, a: int, b: int) -> int:
            return a + b

    params = get_function_schema(Calculator().add, description="add")["function"]["parameters"]
    assert params["required"] == ["a", "b"]


# --- argument loading -------------------------------------------------------------------------------------------------------


def test_load_param_function_none_for_non_model() -> None:
    assert get_load_param_if_needed_function(CurrencySymbol) is None


def test_load_param_function_none_for_builtin() -> None:
    assert get_load_param_if_needed_function(int) is None


def test_load_param_function_builds_model() -> None:
    loader = get_load_param_if_needed_function(Currency)
    assert loader is not None
    assert loader({"currency": "USD", "amount": 123.45}, Currency) == Currency(currency="USD", amount=123.45)


def test_load_param_function_builds_annotated_model() -> None:
    t = Annotated[Currency, "amount and a symbol"]
    loader = get_load_param_if_needed_function(t)
    assert loader is not None
    assert loader({"currency": "USD", "amount": 123.45}, t) == Currency(currency="USD", amount=123.45)


def test_load_basemodels_converts_dict_keyword_arg() -> None:
    wrapped = load_basemodels_if_needed(currency_calculator)
    result = wrapped(base={"currency": "USD", "amount": 100.0}, quote_currency="EUR")
    assert isinstance(result, Currency)
    assert (result.currency, result.amount) == ("EUR", pytest.approx(110.0))


def test_load_basemodels_leaves_other_args_untouched() -> None:
    seen = {}

    def f(base: Currency, note: Dict[str, int]) -> str:
        seen.update(base=base, note=note)
        return ""

    load_basemodels_if_needed(f)(base={"currency": "USD"}, note={"k": 1})
    assert seen == {"base": Currency(currency="USD", amount=100.0), "note": {"k": 1}}


def test_load_basemodels_passes_positional_args_through() -> None:
    def f(x: int, base: Currency) -> float:
        return x + base.amount

    assert load_basemodels_if_needed(f)(1, base={"currency": "EUR", "amount": 2.0}) == 3.0


def test_load_basemodels_accepts_model_instance() -> None:
    base = Currency(currency="USD", amount=1.0)
    assert load_basemodels_if_needed(currency_calculator)(base=base).amount == pytest.approx(1.1)


def test_load_basemodels_missing_required_model_arg_raises_key_error() -> None:
    with pytest.raises(KeyError):
        load_basemodels_if_needed(currency_calculator)(quote_currency="USD")


def test_load_basemodels_missing_model_arg_with_default_uses_default() -> None:
    def f(p: Point = Point(x=5.0, label="d")) -> str:  # noqa: B008
        return p.label

    assert load_basemodels_if_needed(f)() == "d"


def test_load_basemodels_validation_error_propagates() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        load_basemodels_if_needed(currency_calculator)(base={"currency": "GBP"})


def test_load_basemodels_keeps_sync_function_sync() -> None:
    assert not inspect.iscoroutinefunction(load_basemodels_if_needed(currency_calculator))


def test_load_basemodels_preserves_metadata() -> None:
    wrapped = load_basemodels_if_needed(currency_calculator)
    assert wrapped.__name__ == "currency_calculator"
    assert wrapped.__wrapped__ is currency_calculator


def test_load_basemodels_async_stays_coroutine_function() -> None:
    async def a_calc(base: Annotated[Currency, "base"], quote_currency: CurrencySymbol = "EUR") -> Currency:
        return Currency(currency=quote_currency, amount=base.amount)

    assert inspect.iscoroutinefunction(load_basemodels_if_needed(a_calc))


async def test_load_basemodels_async_converts_dict_keyword_arg() -> None:
    async def a_calc(base: Annotated[Currency, "base"], quote_currency: CurrencySymbol = "EUR") -> Currency:
        await asyncio.sleep(0)
        return Currency(currency=quote_currency, amount=base.amount * 2)

    result = await load_basemodels_if_needed(a_calc)(base={"currency": "USD", "amount": 1.5}, quote_currency="USD")
    assert result == Currency(currency="USD", amount=3.0)


# --- serialize_to_str -------------------------------------------------------------------------------------------------------


def test_serialize_str_unchanged() -> None:
    assert serialize_to_str("abc") == "abc"


def test_serialize_non_ascii_str_unchanged() -> None:
    assert serialize_to_str("Ψ Ω → ✓ こんにちは") == "Ψ Ω → ✓ こんにちは"


def test_serialize_int() -> None:
    assert serialize_to_str(123) == "123"


def test_serialize_list() -> None:
    assert serialize_to_str([123, 456]) == "[123, 456]"


def test_serialize_dict_with_spaces() -> None:
    assert serialize_to_str({"a": 1, "b": 2.3}) == '{"a": 1, "b": 2.3}'


def test_serialize_keeps_non_ascii_in_json() -> None:
    assert serialize_to_str({"city": "Zürich"}) == '{"city": "Zürich"}'


def test_serialize_none() -> None:
    assert serialize_to_str(None) == "null"


def test_serialize_basemodel_compact_json() -> None:
    class A(BaseModel):
        a: int
        b: float
        c: str

    assert serialize_to_str(A(a=1, b=2.3, c="abc")) == '{"a":1,"b":2.3,"c":"abc"}'


def test_serialize_unserialisable_raises_type_error() -> None:
    with pytest.raises(TypeError):
        serialize_to_str(object())


def test_module_logger_name() -> None:
    import autogen.function_utils as fu

    assert fu.logger.name == "autogen.function_utils"
