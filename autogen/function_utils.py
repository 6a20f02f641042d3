"""Turn Python functions into OpenAI tool/function schemas, and prepare their arguments and results.

``ConversableAgent.register_for_llm`` builds the schema it sends to the model with :func:`get_function_schema`;
``register_for_execution`` wraps the function with :func:`load_basemodels_if_needed` (so JSON objects the model
sends arrive as pydantic models) and turns its result into text with :func:`serialize_to_str`.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
from typing import Any, Callable, Dict, ForwardRef, List, Optional, Set, Tuple, Type, Union

from pydantic import BaseModel, Field
from typing_extensions import Annotated, Literal, get_args, get_origin

from ._pydantic import JsonSchemaValue, evaluate_forwardref, model_dump, model_dump_json, type2schema

__all__ = [
    "Function",
    "Parameters",
    "ToolFunction",
    "get_default_values",
    "get_function_schema",
    "get_load_param_if_needed_function",
    "get_missing_annotations",
    "get_param_annotations",
    "get_parameter_json_schema",
    "get_parameters",
    "get_required_params",
    "get_typed_annotation",
    "get_typed_return_annotation",
    "get_typed_signature",
    "load_basemodels_if_needed",
    "serialize_to_str",
]

logger = logging.getLogger(__name__)

_EMPTY = inspect.Parameter.empty


# ---------------------------------------------------------------------------------------------------------------------
# Signatures
# ---------------------------------------------------------------------------------------------------------------------


def get_typed_annotation(annotation: Any, globalns: Dict[str, Any]) -> Any:
    """Resolve a string annotation (as written under ``from __future__ import annotations``) in ``globalns``.

    Non-string annotations are returned unchanged; names that cannot be resolved stay an unresolved ``ForwardRef``.
    """
    if isinstance(annotation, str):
        annotation = evaluate_forwardref(ForwardRef(annotation), globalns, globalns)
    return annotation


def _globals_of(call: Callable[..., Any]) -> Dict[str, Any]:
    """The module namespace string annotations of ``call`` refer to.

    Looks through ``functools.wraps`` wrappers and partials (as ``inspect.signature`` does) and callable objects,
    so a wrapper defined in another module still resolves the wrapped function's annotations.
    """
    try:
        target: Any = inspect.unwrap(call)
    except ValueError:  # a __wrapped__ cycle
        target = call
    while isinstance(target, functools.partial):
        target = target.func
    globalns = getattr(target, "__globals__", None)
    if globalns is None and not inspect.isroutine(target) and not isinstance(target, type):
        owner = next((k for k in type(target).__mro__ if "__call__" in vars(k)), None)
        globalns = getattr(vars(owner)["__call__"], "__globals__", None) if owner is not None else None
    return globalns if globalns is not None else {}


def get_typed_signature(call: Callable[..., Any]) -> inspect.Signature:
    """The signature of ``call`` with every parameter annotation resolved (the return annotation is dropped)."""
    namespace = _globals_of(call)
    declared = inspect.signature(call).parameters.values()
    resolved = [p.replace(annotation=get_typed_annotation(p.annotation, namespace)) for p in declared]
    return inspect.Signature(resolved)


def get_typed_return_annotation(call: Callable[..., Any]) -> Any:
    """The resolved return annotation of ``call``, or None when it has none."""
    annotation = inspect.signature(call).return_annotation
    if annotation is inspect.Signature.empty:
        return None
    return get_typed_annotation(annotation, _globals_of(call))


def get_param_annotations(typed_signature: inspect.Signature) -> Dict[str, Union[Annotated[Type[Any], str], Type[Any]]]:
    """``{name: annotation}`` for the annotated parameters; ``Annotated[...]`` objects are kept whole."""
    return {k: v.annotation for k, v in typed_signature.parameters.items() if v.annotation is not _EMPTY}


def get_required_params(typed_signature: inspect.Signature) -> List[str]:
    """Names of the parameters without a default value, in signature order (keyword-only ones included)."""
    return [k for k, v in typed_signature.parameters.items() if v.default is _EMPTY]


def get_default_values(typed_signature: inspect.Signature) -> Dict[str, Any]:
    """``{name: default}`` for the parameters that have a default value."""
    return {k: v.default for k, v in typed_signature.parameters.items() if v.default is not _EMPTY}


def get_missing_annotations(typed_signature: inspect.Signature, required: List[str]) -> Tuple[Set[str], Set[str]]:
    """Split the unannotated parameters into (required ones, ones with a default value)."""
    all_missing = {k for k, v in typed_signature.parameters.items() if v.annotation is _EMPTY}
    missing = all_missing.intersection(set(required))
    unannotated_with_default = all_missing.difference(missing)
    return missing, unannotated_with_default


# ---------------------------------------------------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------------------------------------------------


class Parameters(BaseModel):
    """The JSON schema of a function's parameters, as the OpenAI API expects it."""

    type: Literal["object"] = "object"
    properties: Dict[str, JsonSchemaValue]
    required: List[str]


class Function(BaseModel):
    """A function the model may call."""

    description: Annotated[str, Field(description="Description of the function")]
    name: Annotated[str, Field(description="Name of the function")]
    parameters: Annotated[Parameters, Field(description="Parameters of the function")]


class ToolFunction(BaseModel):
    """A tool of type ``function``, as listed in ``llm_config["tools"]``."""

    type: Literal["function"] = "function"
    function: Annotated[Function, Field(description="Function under tool")]


def _parameter_description(k: str, v: Any) -> str:
    """The first ``Annotated`` metadata item (which must be a string), else the parameter's name."""
    metadata = getattr(v, "__metadata__", None)
    if metadata is None:
        return k
    description = metadata[0]
    if not isinstance(description, str):
        raise ValueError(f"Invalid description {description} for parameter {k}, should be a string.")
    return description


def get_parameter_json_schema(k: str, v: Any, default_values: Dict[str, Any]) -> JsonSchemaValue:
    """The JSON schema of parameter ``k`` annotated with ``v``, with its default value and description."""
    schema = type2schema(v)
    if k in default_values:
        schema["default"] = default_values[k]
    schema["description"] = _parameter_description(k, v)
    return schema


def get_parameters(
    required: List[str],
    param_annotations: Dict[str, Union[Annotated[Type[Any], str], Type[Any]]],
    default_values: Dict[str, Any],
) -> Parameters:
    """The ``parameters`` object of a function schema (only annotated parameters get a property)."""
    return Parameters(
        properties={
            k: get_parameter_json_schema(k, v, default_values) for k, v in param_annotations.items() if v is not _EMPTY
        },
        required=required,
    )


def _quoted_list(names: Set[str]) -> str:
    return ", ".join(f"'{k}'" for k in sorted(names))


def get_function_schema(f: Callable[..., Any], *, name: Optional[str] = None, description: str) -> Dict[str, Any]:
    """The OpenAI tool schema of ``f``: ``{"type": "function", "function": {"description", "name", "parameters"}}``.

    Parameter types, defaults and ``Annotated[type, "description"]`` descriptions come from the signature. Logs a
    warning when the return type or a parameter with a default is unannotated; raises TypeError when a parameter
    without a default is unannotated (the model could not know what to pass).
    """
    typed_signature = get_typed_signature(f)
    required = get_required_params(typed_signature)
    default_values = get_default_values(typed_signature)
    param_annotations = get_param_annotations(typed_signature)
    return_annotation = get_typed_return_annotation(f)
    missing, unannotated_with_default = get_missing_annotations(typed_signature, required)
    f_name = getattr(f, "__name__", None) or type(f).__name__  # partials and callable objects have no __name__

    if return_annotation is None:
        logger.warning(
            f"The return type of the function '{f_name}' is not annotated. Although annotating it is "
            "optional, the function should return either a string, a subclass of 'pydantic.BaseModel'."
        )

    if unannotated_with_default:
        logger.warning(
            f"The following parameters of the function '{f_name}' with default values are not annotated: "
            f"{_quoted_list(unannotated_with_default)}."
        )

    if missing:
        raise TypeError(
            f"All parameters of the function '{f_name}' without default values must be annotated. "
            f"The annotations are missing for the following parameters: {_quoted_list(missing)}"
        )

    parameters = get_parameters(required, param_annotations, default_values=default_values)
    tool = ToolFunction(function=Function(description=description, name=name or f_name, parameters=parameters))
    return model_dump(tool)


# ---------------------------------------------------------------------------------------------------------------------
# Arguments and results
# ---------------------------------------------------------------------------------------------------------------------


def _strip_annotated(t: Any) -> Any:
    while get_origin(t) is Annotated:
        t = get_args(t)[0]
    return t


def _load_base_model(v: Dict[str, Any], t: Type[BaseModel]) -> BaseModel:
    """Build the model ``t`` (possibly written as ``Annotated[Model, ...]``) from the dict ``v``."""
    model = _strip_annotated(t)
    if isinstance(v, model):  # already built, e.g. by a caller in Python
        return v
    return model(**v)


def get_load_param_if_needed_function(t: Any) -> Optional[Callable[[Dict[str, Any], Type[BaseModel]], BaseModel]]:
    """A loader ``(value, type) -> model`` when ``t`` is a pydantic model (or ``Annotated`` one), else None."""
    inner = _strip_annotated(t)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return _load_base_model
    return None


def load_basemodels_if_needed(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate ``func`` so keyword arguments annotated with a pydantic model may be passed as plain dicts.

    The model sends tool arguments as JSON; this turns each such object into the model before ``func`` runs.
    Coroutine functions get an async wrapper, so ``inspect.iscoroutinefunction`` still holds.
    """
    typed_signature = get_typed_signature(func)
    param_annotations = get_param_annotations(typed_signature)
    default_values = get_default_values(typed_signature)
    loaders = {}
    for k, t in param_annotations.items():
        loader = get_load_param_if_needed_function(t)
        if loader is not None:
            loaders[k] = loader

    def _load(kwargs: Dict[str, Any]) -> Dict[str, Any]:
        for k, loader in loaders.items():
            if k not in kwargs and k in default_values:
                continue  # not sent: the function's own default applies
            kwargs[k] = loader(kwargs[k], param_annotations[k])
        return kwargs

    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def _a_load_parameters_if_needed(*args: Any, **kwargs: Any) -> Any:
            return await func(*args, **_load(kwargs))

        return _a_load_parameters_if_needed

    @functools.wraps(func)
    def _load_parameters_if_needed(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **_load(kwargs))

    return _load_parameters_if_needed


def serialize_to_str(x: Any) -> str:
    """A function result as text: strings unchanged, pydantic models as compact JSON, anything else ``json.dumps``."""
    if isinstance(x, str):
        return x
    if isinstance(x, BaseModel):
        return model_dump_json(x)
    return json.dumps(x, ensure_ascii=False)
