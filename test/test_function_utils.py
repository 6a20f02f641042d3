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


def untyped(city, nights=3, rate=89.5, *, guest):  # noqa: ANN001 - deliberately unannotated
    pass


def booking(
    city: Annotated[str, "City to stay in"],
    nights: int = 3,
    rate: Annotated[float, "Nightly rate in euros"] = 89.5,
    *,
    rooms: Annotated[List[Tuple[str, Optional[int]]], "Room type and floor (None: any) of each room"],
) -> str:
    return f"{len(rooms)} room(s) in {city} for {nights} nights at {rate}"


async def a_booking(
    city: Annotated[str, "City to stay in"],
    nights: int = 3,
    rate: Annotated[float, "Nightly rate in euros"] = 89.5,
    *,
    rooms: Annotated[List[Tuple[str, Optional[int]]], "Room type and floor (None: any) of each room"],
) -> str:
    return f"{len(rooms)} room(s) in {city} for {nights} nights at {rate}"


BOOKING_PARAMETERS = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "description": "City to stay in"},
        "nights": {"type": "integer", "default": 3, "description": "nights"},
        "rate": {"type": "number", "default": 89.5, "description": "Nightly rate in euros"},
        "rooms": {
            "type": "array",
            "items": {
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "prefixItems": [{"type": "string"}, {"anyOf": [{"type": "integer"}, {"type": "null"}]}],
            },
            "description": "Room type and floor (None: any) of each room",
        },
    },
    "required": ["city", "rooms"],
}

Service = Literal["standard", "express", "overnight"]


class Parcel(BaseModel):
    weight_kg: Annotated[float, Field(..., description="Weight in kilograms", gt=0.0)]
    service: Annotated[Service, Field("standard", description="Delivery speed")]


def upgrade_parcel(
    parcel: Annotated[Parcel, "The parcel as booked"],
    service: Annotated[Service, "Delivery speed wanted"] = "express",
) -> Parcel:
    # repacking for the new service adds half a kilogram
    return Parcel(weight_kg=parcel.weight_kg + 0.5, service=service)


PARCEL_PARAMETERS = {
    "type": "object",
    "properties": {
        "parcel": {
            "type": "object",
            "title": "Parcel",
            "properties": {
                "weight_kg": {
                    "type": "number",
                    "title": "Weight Kg",
                    "description": "Weight in kilograms",
                    "exclusiveMinimum": 0.0,
                },
                "service": {
                    "type": "string",
                    "title": "Service",
                    "description": "Delivery speed",
                    "enum": ["standard", "express", "overnight"],
                    "default": "standard",
                },
            },
            "required": ["weight_kg"],
            "description": "The parcel as booked",
        },
        "service": {
            "type": "string",
            "enum": ["standard", "express", "overnight"],
            "default": "express",
            "description": "Delivery speed wanted",
        },
    },
    "required": ["parcel"],
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
    assert get_typed_signature(booking).parameters == inspect.signature(booking).parameters


def test_typed_signature_keeps_unannotated_keyword_only_params() -> None:
    assert get_typed_signature(untyped).parameters == inspect.signature(untyped).parameters


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
    assert get_typed_signature(booking).return_annotation is inspect.Signature.empty


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
    assert get_typed_return_annotation(untyped) is None


def test_typed_return_annotation_resolved_when_annotated() -> None:
    assert get_typed_return_annotation(booking) is str


def test_typed_return_annotation_resolves_model_type() -> None:
    assert get_typed_return_annotation(upgrade_parcel) is Parcel


def test_param_annotations_skip_unannotated_and_keep_annotated_objects() -> None:
    def greet(name: Annotated[str, "Who to greet"], times=1, pause: Annotated[float, "Seconds between"] = 0.5):  # noqa: ANN001
        pass

    assert get_param_annotations(get_typed_signature(greet)) == {
        "name": Annotated[str, "Who to greet"],
        "pause": Annotated[float, "Seconds between"],
    }


def test_required_params_in_signature_order_with_keyword_only() -> None:
    assert get_required_params(inspect.signature(untyped)) == ["city", "guest"]


def test_default_values() -> None:
    assert get_default_values(inspect.signature(untyped)) == {"nights": 3, "rate": 89.5}


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
    assert get_parameter_json_schema("street", str, {}) == {"type": "string", "description": "street"}


def test_parameter_schema_plain_type_with_default() -> None:
    assert get_parameter_json_schema("street", str, {"street": "Quai 9"}) == {
        "type": "string",
        "description": "street",
        "default": "Quai 9",
    }


def test_parameter_schema_annotated_description() -> None:
    assert get_parameter_json_schema("zip", Annotated[str, "postal code"], {}) == {
        "type": "string",
        "description": "postal code",
    }


def test_parameter_schema_annotated_with_default() -> None:
    assert get_parameter_json_schema("zip", Annotated[str, "postal code"], {"zip": "8001"}) == {
        "type": "string",
        "description": "postal code",
        "default": "8001",
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
    assert get_parameter_json_schema("unit", Literal["kg", "lb"], {}) == {
        "enum": ["kg", "lb"],
        "type": "string",
        "description": "unit",
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
    def greet(name: Annotated[str, "Who to greet"], times=1, pause: Annotated[float, "Seconds between"] = 0.5):  # noqa: ANN001
        pass

    sig = get_typed_signature(greet)
    params = get_parameters(get_required_params(sig), get_param_annotations(sig), get_default_values(sig))
    assert params.model_dump() == {
        "type": "object",
        "properties": {
            "name": {"type": "string", "description": "Who to greet"},
            "pause": {"type": "number", "description": "Seconds between", "default": 0.5},
        },
        "required": ["name"],
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
    assert get_function_schema(booking, name="reserve_rooms", description="Reserve hotel rooms.") == {
        "type": "function",
        "function": {"description": "Reserve hotel rooms.", "name": "reserve_rooms", "parameters": BOOKING_PARAMETERS},
    }


def test_function_schema_async_with_custom_name() -> None:
    assert get_function_schema(a_booking, name="reserve_rooms", description="Reserve hotel rooms.") == {
        "type": "function",
        "function": {"description": "Reserve hotel rooms.", "name": "reserve_rooms", "parameters": BOOKING_PARAMETERS},
    }


def test_function_schema_name_defaults_to_function_name() -> None:
    assert get_function_schema(booking, description="Reserve hotel rooms.")["function"]["name"] == "booking"


def test_function_schema_pydantic_parameter() -> None:
    assert get_function_schema(upgrade_parcel, description="Change a parcel's delivery speed.") == {
        "type": "function",
        "function": {
            "description": "Change a parcel's delivery speed.",
            "name": "upgrade_parcel",
            "parameters": PARCEL_PARAMETERS,
        },
    }


def test_function_schema_single_annotated_param() -> None:
    def shout(text: Annotated[str, "Words to say loudly."]) -> str:
        return text.upper()

    assert get_function_schema(shout, description="shout")["function"]["parameters"] == {
        "type": "object",
        "properties": {"text": {"type": "string", "description": "Words to say loudly."}},
        "required": ["text"],
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
    schema = get_function_schema(upgrade_parcel, description="Change a parcel's delivery speed.")
    assert json.loads(json.dumps(schema)) == schema


def test_function_schema_warns_about_missing_return_annotation(caplog: pytest.LogCaptureFixture) -> None:
    def tally(size: int, count: int = 1):
        pass

    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        get_function_schema(tally, description="tally")
    assert warning_messages(caplog) == [RETURN_WARNING.format(name="tally")]


def test_function_schema_no_warning_when_fully_annotated(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        get_function_schema(booking, description="book")
    assert warning_messages(caplog) == []


def test_function_schema_warns_about_unannotated_defaults(caplog: pytest.LogCaptureFixture) -> None:
    def mix(x: int, zeta=3, beta=1, gamma: int = 2, delta=4) -> str:  # noqa: ANN001
        return ""

    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        get_function_schema(mix, description="mix")
    assert warning_messages(caplog) == [
        "The following parameters of the function 'mix' with default values are not annotated: 'beta', 'delta', 'zeta'."
    ]


def test_function_schema_warning_uses_python_name_not_custom_name(caplog: pytest.LogCaptureFixture) -> None:
    def f(a: int):
        pass

    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        get_function_schema(f, name="other", description="f")
    assert warning_messages(caplog) == [RETURN_WARNING.format(name="f")]


def test_function_schema_rejects_unannotated_required_params() -> None:
    def paint(size: int, colour, count: int = 1) -> str:  # noqa: ANN001
        return ""

    expected = (
        "All parameters of the function 'paint' without default values must be annotated. "
        "The annotations are missing for the following parameters: 'colour'"
    )
    with pytest.raises(TypeError) as exc_info:
        get_function_schema(paint, description="paint")
    assert str(exc_info.value) == expected


def test_function_schema_lists_all_unannotated_required_params_sorted() -> None:
    def f(z, a) -> str:  # noqa: ANN001
        return ""

    with pytest.raises(TypeError, match=r"missing for the following parameters: 'a', 'z'$"):
        get_function_schema(f, description="f")


def test_function_schema_of_partial_uses_given_name() -> None:
    schema = get_function_schema(functools.partial(booking, nights=7), name="week_stay", description="A week.")
    assert schema["function"]["name"] == "week_stay"
    assert schema["function"]["parameters"]["properties"]["nights"]["default"] == 7


def test_function_schema_bound_method_excludes_self() -> None:
    class Thermostat:
        def set(self, room: str, celsius: float) -> str:
            return f"{room}: {celsius}"

    params = get_function_schema(Thermostat().set, description="set")["function"]["parameters"]
    assert params["required"] == ["room", "celsius"]


# --- argument loading -------------------------------------------------------------------------------------------------------


def test_load_param_function_none_for_non_model() -> None:
    assert get_load_param_if_needed_function(Service) is None


def test_load_param_function_none_for_builtin() -> None:
    assert get_load_param_if_needed_function(int) is None


def test_load_param_function_builds_model() -> None:
    loader = get_load_param_if_needed_function(Parcel)
    assert loader is not None
    assert loader({"weight_kg": 4.2, "service": "overnight"}, Parcel) == Parcel(weight_kg=4.2, service="overnight")


def test_load_param_function_builds_annotated_model() -> None:
    t = Annotated[Parcel, "what to ship"]
    loader = get_load_param_if_needed_function(t)
    assert loader is not None
    assert loader({"weight_kg": 0.3}, t) == Parcel(weight_kg=0.3, service="standard")


def test_load_basemodels_converts_dict_keyword_arg() -> None:
    wrapped = load_basemodels_if_needed(upgrade_parcel)
    result = wrapped(parcel={"weight_kg": 2.0, "service": "standard"}, service="overnight")
    assert isinstance(result, Parcel)
    assert (result.weight_kg, result.service) == (2.5, "overnight")


def test_load_basemodels_leaves_other_args_untouched() -> None:
    seen = {}

    def label(parcel: Parcel, stickers: Dict[str, int]) -> str:
        seen.update(parcel=parcel, stickers=stickers)
        return ""

    load_basemodels_if_needed(label)(parcel={"weight_kg": 1.0}, stickers={"fragile": 2})
    assert seen == {"parcel": Parcel(weight_kg=1.0, service="standard"), "stickers": {"fragile": 2}}


def test_load_basemodels_passes_positional_args_through() -> None:
    def total_weight(boxes: int, parcel: Parcel) -> float:
        return boxes * parcel.weight_kg

    assert load_basemodels_if_needed(total_weight)(3, parcel={"weight_kg": 2.0}) == 6.0


def test_load_basemodels_accepts_model_instance() -> None:
    parcel = Parcel(weight_kg=1.0)
    assert load_basemodels_if_needed(upgrade_parcel)(parcel=parcel).weight_kg == 1.5


def test_load_basemodels_missing_required_model_arg_raises_key_error() -> None:
    with pytest.raises(KeyError):
        load_basemodels_if_needed(upgrade_parcel)(service="standard")


def test_load_basemodels_missing_model_arg_with_default_uses_default() -> None:
    def f(p: Point = Point(x=5.0, label="d")) -> str:  # noqa: B008
        return p.label

    assert load_basemodels_if_needed(f)() == "d"


def test_load_basemodels_validation_error_propagates() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        load_basemodels_if_needed(upgrade_parcel)(parcel={"weight_kg": -1.0})


def test_load_basemodels_keeps_sync_function_sync() -> None:
    assert not inspect.iscoroutinefunction(load_basemodels_if_needed(upgrade_parcel))


def test_load_basemodels_preserves_metadata() -> None:
    wrapped = load_basemodels_if_needed(upgrade_parcel)
    assert wrapped.__name__ == "upgrade_parcel"
    assert wrapped.__wrapped__ is upgrade_parcel


def test_load_basemodels_async_stays_coroutine_function() -> None:
    async def a_resend(parcel: Annotated[Parcel, "parcel"], service: Service = "express") -> Parcel:
        return Parcel(weight_kg=parcel.weight_kg, service=service)

    assert inspect.iscoroutinefunction(load_basemodels_if_needed(a_resend))


async def test_load_basemodels_async_converts_dict_keyword_arg() -> None:
    async def a_split(parcel: Annotated[Parcel, "parcel"], service: Service = "express") -> Parcel:
        await asyncio.sleep(0)
        return Parcel(weight_kg=parcel.weight_kg / 2, service=service)

    result = await load_basemodels_if_needed(a_split)(parcel={"weight_kg": 5.0}, service="overnight")
    assert result == Parcel(weight_kg=2.5, service="overnight")


# --- serialize_to_str -------------------------------------------------------------------------------------------------------


def test_serialize_str_unchanged() -> None:
    assert serialize_to_str("already text") == "already text"


def test_serialize_non_ascii_str_unchanged() -> None:
    assert serialize_to_str("Ψ Ω → ✓ こんにちは") == "Ψ Ω → ✓ こんにちは"


def test_serialize_int() -> None:
    assert serialize_to_str(-7) == "-7"


def test_serialize_list() -> None:
    assert serialize_to_str([7, 8, 9]) == "[7, 8, 9]"


def test_serialize_dict_with_spaces() -> None:
    assert serialize_to_str({"id": 5, "score": 0.75}) == '{"id": 5, "score": 0.75}'


def test_serialize_keeps_non_ascii_in_json() -> None:
    assert serialize_to_str({"city": "Zürich"}) == '{"city": "Zürich"}'


def test_serialize_none() -> None:
    assert serialize_to_str(None) == "null"


def test_serialize_basemodel_compact_json() -> None:
    class Reading(BaseModel):
        sensor: str
        celsius: float
        ok: bool

    assert (
        serialize_to_str(Reading(sensor="attic", celsius=21.5, ok=True))
        == '{"sensor":"attic","celsius":21.5,"ok":true}'
    )


def test_serialize_unserialisable_raises_type_error() -> None:
    with pytest.raises(TypeError):
        serialize_to_str(object())


def test_module_logger_name() -> None:
    import autogen.function_utils as fu

    assert fu.logger.name == "autogen.function_utils"
