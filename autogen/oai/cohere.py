"""Cohere model client (`api_type: "cohere"`), using Cohere's v1 chat API.

Example config entry::

    {"api_type": "cohere", "model": "command-r-plus", "api_key": "...", "client_name": "autogen-cohere"}

Cohere's chat takes a `preamble` (our system messages), a `chat_history` with roles USER / CHATBOT / TOOL,
the latest user `message` on its own, and the results of the tools it just asked for as `tool_results`.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, List, Optional, Tuple

from ._provider_common import (
    ProviderClientMixin,
    build_chat_completion,
    cost_from_table,
    describe_provider_error,
    missing_sdk_error,
    sdk_client_options,
    tool_call_dicts,
)
from ._provider_turns import tool_call_input
from .client_utils import validate_parameter

try:
    from cohere import Client as Cohere

    try:
        from cohere.core.api_error import ApiError as CohereError
    except ImportError:  # pragma: no cover - older SDK layout
        from cohere.core import ApiError as CohereError
    try:
        from cohere.errors import TooManyRequestsError as CohereRateLimitError
    except ImportError:  # pragma: no cover - older SDK layout
        CohereRateLimitError = CohereError  # type: ignore[misc,assignment]
    _IMPORT_ERROR: Optional[ImportError] = None
except ImportError as _err:  # the SDK is an optional extra
    Cohere = None  # type: ignore[assignment,misc]

    class CohereError(Exception):  # type: ignore[no-redef]
        """Stand-in so `except CohereError` works without the SDK."""

    class CohereRateLimitError(CohereError):  # type: ignore[no-redef]
        """Stand-in so `except CohereRateLimitError` works without the SDK."""

    _IMPORT_ERROR = _err

__all__ = [
    "COHERE_PRICING_1K",
    "CohereClient",
    "CohereError",
    "CohereRateLimitError",
    "calculate_cohere_cost",
    "oai_messages_to_cohere_messages",
]

logger = logging.getLogger(__name__)

CONTINUE_MESSAGE = "Please go ahead and follow the instructions!"

# (input, output) US$ per 1K tokens
COHERE_PRICING_1K = {
    "command-r-plus": (0.003, 0.015),
    "command-r": (0.0005, 0.0015),
    "command-nightly": (0.00025, 0.00125),
    "command": (0.015, 0.075),
    "command-light": (0.008, 0.024),
    "command-light-nightly": (0.008, 0.024),
}


class CohereClient(ProviderClientMixin):
    """Client for Cohere's chat API."""

    def __init__(self, **kwargs: Any) -> None:
        self.api_key = kwargs.get("api_key") or os.getenv("COHERE_API_KEY")
        assert self.api_key, (
            "Please include the api_key in your config list entry for Cohere or set the COHERE_API_KEY env variable."
        )
        if Cohere is None:
            raise missing_sdk_error("Cohere", "cohere", "cohere", _IMPORT_ERROR)
        self._sdk_options = sdk_client_options(kwargs, ("base_url", "timeout", "max_retries"))

    def __repr__(self) -> str:
        return f"CohereClient(base_url={self._sdk_options.get('base_url')!r})"

    def parse_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """The sampling settings Cohere accepts, validated; invalid values fall back to defaults with a warning."""
        assert params.get("model"), (
            "Please specify the 'model' in your config list entry to nominate the Cohere model to use."
        )
        number = (int, float)
        return {
            "model": params["model"],
            "temperature": validate_parameter(params, "temperature", number, False, 0.3, (0, None), None),
            "max_tokens": validate_parameter(params, "max_tokens", int, True, None, (0, None), None),
            "k": validate_parameter(params, "k", int, False, 0, (0, 500), None),
            "p": validate_parameter(params, "p", number, False, 0.75, (0.01, 0.99), None),
            "seed": validate_parameter(params, "seed", int, True, None, None, None),
            "frequency_penalty": validate_parameter(params, "frequency_penalty", number, True, 0, (0, 1), None),
            "presence_penalty": validate_parameter(params, "presence_penalty", number, True, 0, (0, 1), None),
        }

    def create(self, params: Dict[str, Any]) -> Any:
        """Send one chat request to Cohere and return an OpenAI-style ChatCompletion."""
        request = {k: v for k, v in self.parse_params(params).items() if v is not None}
        history, preamble, message = oai_messages_to_cohere_messages(params.get("messages", []), params, request)
        request.update(chat_history=history, message=message)
        if preamble:
            request["preamble"] = preamble
        sdk = Cohere(
            api_key=self.api_key, client_name=params.get("client_name") or "autogen-cohere", **self._sdk_options
        )
        streaming = bool(params.get("stream"))
        try:
            if streaming:
                text, calls, final = _read_stream(sdk.chat_stream(**request))
            else:
                final = sdk.chat(**request)
                text, calls = final.text or "", final.tool_calls or []
        except Exception as err:
            raise describe_provider_error(err, "Cohere")
        prompt_tokens, completion_tokens = _token_counts(final)
        tool_calls = (
            tool_call_dicts([(None, c.name, c.parameters) for c in calls], id_prefix="cohere") if calls else None
        )
        return build_chat_completion(
            response_id=getattr(final, "response_id", None) or getattr(final, "generation_id", None),
            model=request["model"],
            text=text,
            tool_calls=tool_calls,
            finish_reason="tool_calls" if tool_calls else "stop",
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost=calculate_cohere_cost(prompt_tokens, completion_tokens, request["model"]),
        )


def _read_stream(events: Any) -> Tuple[str, List[Any], Any]:
    """Text, tool calls and the final response object from Cohere's stream events (read silently, as in 0.2)."""
    text, calls, final = "", [], None
    for event in events:
        kind = getattr(event, "event_type", None)
        if kind == "text-generation":
            text += event.text
        elif kind == "tool-calls-generation":
            calls = list(event.tool_calls or [])
            text = event.text or text
        elif kind == "stream-end":
            final = event.response
    return text, calls, final


def _token_counts(response: Any) -> Tuple[int, int]:
    """Input and output tokens from a response's `meta.tokens` (or `meta.billed_units`)."""
    meta = getattr(response, "meta", None)
    for part in ("tokens", "billed_units"):
        counts = getattr(meta, part, None) if meta is not None else None
        if counts is not None and counts.input_tokens is not None:
            return int(counts.input_tokens or 0), int(counts.output_tokens or 0)
    return 0, 0


_TYPE_NAMES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "array": "List",
    "object": "Dict",
}


def _cohere_tool(tool: Dict[str, Any]) -> Dict[str, Any]:
    """An OpenAI tool as a Cohere v1 tool with `parameter_definitions`; enum values go into the description."""
    function = tool["function"]
    schema = function.get("parameters") or {}
    required = set(schema.get("required", list((schema.get("properties") or {}).keys())))
    definitions = {}
    for name, spec in (schema.get("properties") or {}).items():
        description = spec.get("description", "")
        if "enum" in spec:
            description = f"{description}. Possible values are {', '.join(str(v) for v in spec['enum'])}."
        definitions[name] = {
            "description": description,
            "type": _TYPE_NAMES.get(spec.get("type", "string"), spec.get("type", "str")),
            "required": name in required,
        }
    return {
        "name": function["name"],
        "description": function.get("description", ""),
        "parameter_definitions": definitions,
    }


def _tool_result(message: Dict[str, Any], calls: Dict[str, Dict[str, Any]]) -> Dict[str, Any]:
    call = calls.get(message.get("tool_call_id", ""), {"name": "", "parameters": {}})
    return {"call": call, "outputs": [{"value": str(message.get("content") or "")}]}


def oai_messages_to_cohere_messages(
    messages: List[Dict[str, Any]], params: Dict[str, Any], cohere_params: Dict[str, Any]
) -> Tuple[List[Dict[str, Any]], str, str]:
    """Split the conversation into Cohere's (chat_history, preamble, message); sets `tools`/`tool_results` in
    `cohere_params`. Results of the latest tool calls become `tool_results` (and the message is empty)."""
    if params.get("tools"):
        cohere_params["tools"] = [_cohere_tool(t) for t in params["tools"]]
    last_calls = max((i for i, m in enumerate(messages) if m.get("tool_calls")), default=-1)
    calls: Dict[str, Dict[str, Any]] = {}
    history: List[Dict[str, Any]] = []
    preamble_parts: List[str] = []
    pending_results: List[Dict[str, Any]] = []
    for index, message in enumerate(messages):
        role, content = message.get("role"), message.get("content")
        if role == "system":
            if content:
                preamble_parts.append(str(content))
        elif message.get("tool_calls"):
            turn_calls = []
            for call in message["tool_calls"]:
                entry = {"name": call["function"]["name"], "parameters": tool_call_input(call["function"]["arguments"])}
                calls[call["id"]] = entry
                turn_calls.append(entry)
            history.append({"role": "CHATBOT", "message": str(content or ""), "tool_calls": turn_calls})
        elif role == "tool" or message.get("tool_call_id"):
            result = _tool_result(message, calls)
            if index > last_calls >= 0:
                pending_results.append(result)
            else:
                history.append({"role": "TOOL", "tool_results": [result]})
        elif content:
            text = f"{message['name']}:{content}" if message.get("name") else str(content)
            history.append({"role": "USER" if role == "user" else "CHATBOT", "message": text})
    preamble = "\n".join(preamble_parts)
    if pending_results:
        cohere_params["tool_results"] = pending_results
        cohere_params["force_single_step"] = False
        if history and history[-1]["role"] == "USER":
            history.append({"role": "CHATBOT", "message": CONTINUE_MESSAGE})
        return history, preamble, ""
    if history and history[-1]["role"] == "USER":
        return history[:-1], preamble, history[-1]["message"]
    return history, preamble, CONTINUE_MESSAGE


def calculate_cohere_cost(input_tokens: int, output_tokens: int, model: str) -> float:
    """US$ cost of a Cohere call; unknown models warn and cost 0."""
    return cost_from_table(
        COHERE_PRICING_1K, model, input_tokens, output_tokens, f"Cost calculation not available for {model} model"
    )
