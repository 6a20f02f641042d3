"""Structured outputs (beyond 0.2): `response_format` in llm_config as a pydantic model or a JSON schema.

`prepare` turns it into the body the OpenAI API expects (`{"type": "json_schema", "json_schema": {...,
"strict": true}}`) before the cache key is computed, and refuses providers that cannot pass it on;
`attach` validates every choice of the reply and sets `response.parsed` (a clear error when the reply
does not match, never a silent string).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

__all__ = ("StructuredOutputError", "prepare", "attach")

_PASS_THROUGH = ("json_schema", "json_object", "text")


class StructuredOutputError(ValueError):
    """The model's reply does not match the requested `response_format`."""


def _strict(schema: Any) -> Any:
    """Strict mode wants every object closed and every property required."""
    if isinstance(schema, dict):
        schema = {key: _strict(value) for key, value in schema.items()}
        if schema.get("type") == "object" and "properties" in schema:
            schema.setdefault("additionalProperties", False)
            schema["required"] = list(schema["properties"])
        return schema
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


def _is_model(fmt: Any) -> bool:
    return isinstance(fmt, type) and hasattr(fmt, "model_json_schema") and hasattr(fmt, "model_validate_json")


def prepare(params: Dict[str, Any], client: Any, provider: Optional[str]) -> Tuple[Dict[str, Any], Any]:
    """(params with the wire form of `response_format`, what to validate replies with) — or a clear error."""
    fmt = params.get("response_format")
    if fmt is None:
        return params, None
    from .client import OpenAIClient

    if not isinstance(client, OpenAIClient):
        name = provider or type(client).__name__
        raise ValueError(f"response_format (structured outputs) is not supported by the {name!r} client")
    if _is_model(fmt):
        schema = _strict(fmt.model_json_schema())
        wire = {"type": "json_schema", "json_schema": {"name": fmt.__name__, "schema": schema, "strict": True}}
        return {**params, "response_format": wire}, fmt
    if isinstance(fmt, dict) and fmt.get("type") in _PASS_THROUGH:
        return params, (fmt.get("json_schema") or {}).get("schema") if fmt["type"] == "json_schema" else None
    if isinstance(fmt, dict):
        name = str(fmt.get("title", "response")).replace(" ", "_")
        wire = {"type": "json_schema", "json_schema": {"name": name, "schema": _strict(fmt), "strict": True}}
        return {**params, "response_format": wire}, fmt
    raise TypeError(f"response_format must be a pydantic model class or a JSON schema dict, not {type(fmt).__name__}")


def _check_schema(data: Any, schema: Dict[str, Any]) -> None:
    """The checks a JSON schema makes most often: the type, and required properties of objects."""
    kinds = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float), "boolean": bool}
    expected = kinds.get(schema.get("type", ""))
    if expected is not None and not isinstance(data, expected):
        raise StructuredOutputError(f"expected {schema['type']}, got {type(data).__name__}")
    if isinstance(data, dict):
        missing = [key for key in schema.get("required", []) if key not in data]
        if missing:
            raise StructuredOutputError(f"missing required properties {missing}")
        for key, sub in (schema.get("properties") or {}).items():
            if key in data and isinstance(sub, dict):
                _check_schema(data[key], sub)


def _parse(content: str, validator: Any) -> Any:
    if _is_model(validator):
        from pydantic import ValidationError

        try:
            return validator.model_validate_json(content)
        except ValidationError as error:
            raise StructuredOutputError(f"the reply does not match {validator.__name__}: {error}") from error
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        raise StructuredOutputError(f"the reply is not the JSON the response_format asks for: {error}") from error
    _check_schema(data, validator)
    return data


def attach(response: Any, validator: Any) -> Any:
    """Validate each choice's content against `validator`; the parsed values go to `response.parsed`."""
    if validator is None:
        return response
    parsed: List[Any] = []
    for choice in getattr(response, "choices", None) or []:
        content = getattr(getattr(choice, "message", None), "content", None)
        parsed.append(None if content is None else _parse(content, validator))
    response.parsed = parsed
    return response
