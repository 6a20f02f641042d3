"""Span names and attributes for each kind of event, following OpenTelemetry's GenAI semantic conventions.

Pure functions of an event's fields (no OpenTelemetry import), so the mapping is testable on its own. Values
are cut down to what OTLP accepts (str, bool, int, float and homogeneous lists of them). Privacy: message
text, tool arguments and results, code output and chat summaries appear only when `content` is True; API
keys never do (credential-named keys are dropped, user info in URLs is removed, known secrets are masked).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any, Dict, List, Mapping, Optional, Tuple
from urllib.parse import urlsplit, urlunsplit

__all__ = (
    "Attributes",
    "PROVIDERS",
    "span_name",
    "start_attributes",
    "end_attributes",
    "message_event",
    "safe_url",
    "is_secret_name",
    "clean_value",
)

Attributes = Dict[str, Any]

# Our api_type -> the provider name of the conventions (gen_ai.provider.name / gen_ai.system).
PROVIDERS: Dict[str, str] = {
    "openai": "openai",
    "azure": "azure.ai.openai",
    "anthropic": "anthropic",
    "google": "gcp.gemini",
    "gemini": "gcp.gemini",
    "vertexai": "gcp.vertex_ai",
    "mistral": "mistral_ai",
    "groq": "groq",
    "bedrock": "aws.bedrock",
    "cohere": "cohere",
    "together": "together_ai",
    "ollama": "ollama",
    "cerebras": "cerebras",
}

# Request parameters with a name in the conventions; anything else safe goes under autogen.request.*.
_REQUEST_PARAMS: Dict[str, str] = {
    "temperature": "gen_ai.request.temperature",
    "top_p": "gen_ai.request.top_p",
    "top_k": "gen_ai.request.top_k",
    "max_tokens": "gen_ai.request.max_tokens",
    "max_completion_tokens": "gen_ai.request.max_tokens",
    "frequency_penalty": "gen_ai.request.frequency_penalty",
    "presence_penalty": "gen_ai.request.presence_penalty",
    "seed": "gen_ai.request.seed",
    "stop": "gen_ai.request.stop_sequences",
    "n": "gen_ai.request.choice.count",
}
_CONTENT_PARAMS = frozenset({"messages", "prompt", "tools", "functions", "context", "response_format"})
_SECRET_WORDS = frozenset(
    {"key", "apikey", "token", "secret", "password", "passwd", "authorization", "credential", "credentials", "cookie"}
)
_SECRET_ENDINGS = ("key", "token", "secret", "password", "credentials")
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_MAX_TEXT = 8192  # longer contents are cut: collectors drop or truncate huge attributes anyway


def is_secret_name(name: Any) -> bool:
    """Whether a field name may hold a credential (`api_key`, `x-api-key`, `azure_ad_token`, `Authorization`...).

    Token counts (`max_tokens`, `prompt_tokens`) are not credentials; words merely containing "key" are not either.
    """
    if not isinstance(name, str):
        return False
    lowered = name.lower()
    words = set(_WORD_SPLIT.split(lowered))
    return bool(words & _SECRET_WORDS) or lowered.endswith(_SECRET_ENDINGS)


def safe_url(url: Optional[str]) -> Optional[str]:
    """`url` without user info, query or fragment (they can carry keys, e.g. `?api-key=` or `user:key@host`)."""
    if not url:
        return url
    try:
        parts = urlsplit(str(url))
        host = parts.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        if parts.port is not None:
            netloc += f":{parts.port}"
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    except ValueError:
        return None


def clean_value(value: Any) -> Any:
    """An OTLP-ready attribute value: scalars kept, homogeneous scalar lists kept, the rest as JSON text."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value if len(value) <= _MAX_TEXT else value[:_MAX_TEXT] + "...(truncated)"
    if isinstance(value, (list, tuple)) and not value:
        return None
    if isinstance(value, (list, tuple)):
        kinds = {type(v) for v in value}
        if len(kinds) == 1 and kinds <= {str, bool, int, float}:
            return [clean_value(v) for v in value]
    return clean_value(_json(value))


def _json(value: Any) -> str:
    try:
        return json.dumps(_strip_secrets(value), default=str, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def _strip_secrets(value: Any, depth: int = 0) -> Any:
    """A copy of plain containers in `value` without credential-named keys."""
    if depth > 10:
        return "..."
    if isinstance(value, Mapping):
        return {k: _strip_secrets(v, depth + 1) for k, v in value.items() if not is_secret_name(k)}
    if isinstance(value, (list, tuple)):
        return [_strip_secrets(v, depth + 1) for v in value]
    return value


def _put(attrs: Attributes, key: str, value: Any) -> None:
    value = clean_value(value)
    if value is not None:
        attrs[key] = value


# --------------------------------------------------------------------------------------------- names
def span_name(kind: str, fields: Mapping[str, Any]) -> str:
    """The span name for the start/end pair `kind`: `{operation} {target}` as the conventions ask."""
    if kind == "chat":
        return "autogen.group_chat" if fields.get("kind") == "group_chat" else "autogen.chat"
    if kind == "reply":
        return f"invoke_agent {fields.get('agent')}"
    if kind == "model_call":
        model = fields.get("model")
        return f"chat {model}" if model else "chat"
    if kind == "tool_call":
        return f"execute_tool {fields.get('name')}"
    if kind == "code_execution":
        return "execute_code"
    if kind == "speaker_selection":
        return "select_speaker"
    return f"autogen.{kind}"


# --------------------------------------------------------------------------------------------- starts
def start_attributes(kind: str, fields: Mapping[str, Any], content: bool) -> Attributes:
    """What is known when the operation starts."""
    builder = _STARTS.get(kind)
    attrs: Attributes = {"autogen.span_id": fields.get("span_id")} if fields.get("span_id") else {}
    if builder is not None:
        attrs.update(builder(fields, content))
    return attrs


def _chat_start(fields: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {"autogen.operation.name": "conversation"}
    _put(attrs, "autogen.chat.kind", fields.get("kind"))
    _put(attrs, "autogen.chat.sender", fields.get("sender"))
    _put(attrs, "autogen.chat.recipient", fields.get("recipient"))
    _put(attrs, "autogen.chat.max_turns", fields.get("max_turns"))
    _put(attrs, "gen_ai.conversation.id", fields.get("span_id"))
    return attrs


def _reply_start(fields: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {"gen_ai.operation.name": "invoke_agent"}
    _put(attrs, "gen_ai.agent.name", fields.get("agent"))
    _put(attrs, "autogen.reply.sender", fields.get("sender"))
    return attrs


def _model_start(fields: Mapping[str, Any], content: bool) -> Attributes:
    api_type = str(fields.get("api_type") or "openai")
    provider = PROVIDERS.get(api_type, api_type)
    attrs: Attributes = {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": provider,
        "gen_ai.provider.name": provider,
    }
    _put(attrs, "gen_ai.request.model", fields.get("model"))
    _put(attrs, "autogen.api_type", api_type)
    _put(attrs, "autogen.model_call.attempt", fields.get("attempt"))
    base_url = fields.get("base_url")
    if base_url:
        attrs.update(_server_attributes(str(base_url)))
    attrs.update(_params(fields.get("params") or {}, content))
    return attrs


@functools.lru_cache(maxsize=64)
def _server_attributes(base_url: str) -> Attributes:
    """autogen.base_url (without secrets), server.address and server.port; cached, as a chat repeats its URLs."""
    url = safe_url(base_url)
    if not url:
        return {}
    parts = urlsplit(url)
    attrs: Attributes = {"autogen.base_url": url}
    _put(attrs, "server.address", parts.hostname)
    _put(attrs, "server.port", parts.port)
    return attrs


def _params(params: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {}
    for name, value in params.items():
        if is_secret_name(name) or value is None:
            continue
        if name in _CONTENT_PARAMS:
            if content and name == "messages":
                _put(attrs, "gen_ai.input.messages", value)
            elif content and name in ("tools", "functions"):
                _put(attrs, "gen_ai.tool.definitions", value)
            continue
        if name == "stop" and isinstance(value, str):
            value = [value]
        _put(attrs, _REQUEST_PARAMS.get(name, f"autogen.request.{name}"), value)
    return attrs


def _tool_start(fields: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.type": "function"}
    _put(attrs, "gen_ai.tool.name", fields.get("name"))
    _put(attrs, "gen_ai.tool.call.id", fields.get("call_id"))
    _put(attrs, "gen_ai.agent.name", fields.get("agent"))
    if content:
        _put(attrs, "gen_ai.tool.call.arguments", fields.get("arguments"))
    return attrs


def _code_start(fields: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {"autogen.operation.name": "execute_code"}
    languages = list(fields.get("languages") or [])
    _put(attrs, "autogen.code.languages", languages)
    _put(attrs, "autogen.code.language", languages[0] if languages else None)
    _put(attrs, "autogen.code.executor", fields.get("executor") or None)
    _put(attrs, "gen_ai.agent.name", fields.get("agent"))
    return attrs


def _selection_start(fields: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {"autogen.operation.name": "select_speaker"}
    _put(attrs, "gen_ai.agent.name", fields.get("manager"))
    _put(attrs, "autogen.speaker_selection.method", fields.get("method"))
    _put(attrs, "autogen.speaker_selection.last_speaker", fields.get("last_speaker"))
    return attrs


_STARTS = {
    "chat": _chat_start,
    "reply": _reply_start,
    "model_call": _model_start,
    "tool_call": _tool_start,
    "code_execution": _code_start,
    "speaker_selection": _selection_start,
}


# --------------------------------------------------------------------------------------------- ends
def end_attributes(kind: str, fields: Mapping[str, Any], content: bool) -> Attributes:
    """The outcome, set on the span when the operation ends."""
    builder = _ENDS.get(kind)
    attrs = builder(fields, content) if builder is not None else {}
    error = fields.get("error")
    if error:
        _put(attrs, "error.type", error_parts(str(error))[0])
    return attrs


def error_parts(error: str) -> Tuple[str, str]:
    """("ExceptionType", "message") from the events' "ExceptionType: message" text."""
    name, sep, message = error.partition(": ")
    if sep and name.replace(".", "").replace("_", "").isalnum():
        return name, message
    return "Exception", error


def _chat_end(fields: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {}
    if content:
        _put(attrs, "autogen.chat.summary", fields.get("summary"))
    return attrs


def _reply_end(fields: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {}
    _put(attrs, "autogen.reply.function", fields.get("reply_func"))
    reply = fields.get("reply")
    _put(attrs, "autogen.reply.empty", reply is None)
    if content and reply is not None:
        _put(attrs, "gen_ai.output.messages", reply)
    return attrs


def _model_end(fields: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {"autogen.cache_hit": bool(fields.get("cache_hit"))}
    _put(attrs, "gen_ai.response.model", fields.get("response_model") or fields.get("model"))
    _put(attrs, "gen_ai.response.id", fields.get("response_id"))
    _put(attrs, "autogen.cost", fields.get("cost"))
    _put(attrs, "autogen.model_call.failed_over", bool(fields.get("failed_over")))
    reasons = [str(r) for r in fields.get("finish_reasons") or [] if r is not None]
    _put(attrs, "gen_ai.response.finish_reasons", reasons)
    usage = fields.get("usage") or {}
    _put(attrs, "gen_ai.usage.input_tokens", _int(usage.get("prompt_tokens", usage.get("input_tokens"))))
    _put(attrs, "gen_ai.usage.output_tokens", _int(usage.get("completion_tokens", usage.get("output_tokens"))))
    if content and fields.get("response") is not None:
        _put(attrs, "gen_ai.output.messages", fields.get("response"))
    return attrs


def _int(value: Any) -> Optional[int]:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _tool_end(fields: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {"autogen.tool.succeeded": bool(fields.get("succeeded"))}
    if content:
        _put(attrs, "gen_ai.tool.call.result", fields.get("result"))
    return attrs


def _code_end(fields: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {}
    _put(attrs, "autogen.code.exit_code", _int(fields.get("exit_code")))
    if content:
        _put(attrs, "autogen.code.output", fields.get("output"))
    return attrs


def _selection_end(fields: Mapping[str, Any], content: bool) -> Attributes:
    attrs: Attributes = {}
    _put(attrs, "autogen.speaker_selection.selected", fields.get("selected"))
    return attrs


_ENDS = {
    "chat": _chat_end,
    "reply": _reply_end,
    "model_call": _model_end,
    "tool_call": _tool_end,
    "code_execution": _code_end,
    "speaker_selection": _selection_end,
}


# --------------------------------------------------------------------------------------------- point events
def message_event(kind: str, fields: Mapping[str, Any], content: bool) -> Optional[Tuple[str, Attributes]]:
    """A point event as a span event (name, attributes), or None for events that tracing leaves out."""
    builder = _POINTS.get(kind)
    return None if builder is None else builder(fields, content)


def _message_sent(fields: Mapping[str, Any], content: bool) -> Tuple[str, Attributes]:
    message = fields.get("message") or {}
    attrs: Attributes = {}
    _put(attrs, "autogen.message.sender", fields.get("sender"))
    _put(attrs, "autogen.message.recipient", fields.get("recipient"))
    _put(attrs, "autogen.message.role", message.get("role"))
    _put(attrs, "autogen.message.tool_calls", _tool_names(message))
    if content:
        _put(attrs, "autogen.message.content", message.get("content"))
    return "autogen.message", attrs


def _tool_names(message: Mapping[str, Any]) -> List[str]:
    names = []
    for call in message.get("tool_calls") or []:
        function = call.get("function") if isinstance(call, Mapping) else None
        if isinstance(function, Mapping) and function.get("name"):
            names.append(str(function["name"]))
    function_call = message.get("function_call")
    if isinstance(function_call, Mapping) and function_call.get("name"):
        names.append(str(function_call["name"]))
    return names


def _termination(fields: Mapping[str, Any], content: bool) -> Tuple[str, Attributes]:
    attrs: Attributes = {}
    _put(attrs, "autogen.termination.reason", fields.get("reason"))
    _put(attrs, "autogen.termination.agent", fields.get("agent"))
    return "autogen.termination", attrs


def _usage(fields: Mapping[str, Any], content: bool) -> Tuple[str, Attributes]:
    attrs: Attributes = {}
    cost = fields.get("cost") or {}
    for key, prefix in (("usage_including_cached_inference", "total"), ("usage_excluding_cached_inference", "actual")):
        summary = cost.get(key) if isinstance(cost, Mapping) else None
        if isinstance(summary, Mapping):
            _put(attrs, f"autogen.cost.{prefix}", summary.get("total_cost"))
            tokens = _token_totals(summary)
            _put(attrs, f"autogen.usage.{prefix}.input_tokens", tokens[0])
            _put(attrs, f"autogen.usage.{prefix}.output_tokens", tokens[1])
    return "autogen.usage_summary", attrs


def _token_totals(summary: Mapping[str, Any]) -> Tuple[int, int]:
    prompt = completion = 0
    for value in summary.values():
        if isinstance(value, Mapping):
            prompt += _int(value.get("prompt_tokens")) or 0
            completion += _int(value.get("completion_tokens")) or 0
    return prompt, completion


def _input_request(fields: Mapping[str, Any], content: bool) -> Tuple[str, Attributes]:
    attrs: Attributes = {}
    _put(attrs, "autogen.input.agent", fields.get("agent"))
    if content and not fields.get("password"):
        _put(attrs, "autogen.input.prompt", fields.get("prompt"))
    return "autogen.input_request", attrs


def _error(fields: Mapping[str, Any], content: bool) -> Tuple[str, Attributes]:
    attrs: Attributes = {}
    _put(attrs, "exception.type", fields.get("error_type"))
    _put(attrs, "exception.message", fields.get("error"))
    return "exception", attrs


_POINTS = {
    "message_sent": _message_sent,
    "termination": _termination,
    "usage_summary": _usage,
    "input_request": _input_request,
    "error": _error,
}


def split_kind(event_type: str) -> Tuple[Optional[str], str]:
    """("start" | "end" | None, base kind) for an event type such as "model_call_start"."""
    for side in ("start", "end"):
        suffix = f"_{side}"
        if event_type.endswith(suffix):
            return side, event_type[: -len(suffix)]
    return None, event_type


# Shapes of provider keys, masked wherever they appear (e.g. quoted back in an authentication error).
_KEY_SHAPES = re.compile(
    r"\b(?:sk-[A-Za-z0-9_\-]{6,}|sk_[A-Za-z0-9]{16,}|gsk_[A-Za-z0-9]{16,}|xai-[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_\-]{20,})"
)


def mask_keys(text: str) -> str:
    """`text` with anything shaped like a provider API key replaced by ***."""
    return _KEY_SHAPES.sub("***", text) if ("sk" in text or "_" in text or "AIza" in text) else text


def scrub_all(attrs: Attributes, scrub: Any) -> Attributes:
    """Every string (and string list) value through `scrub` (remembered secrets) and `mask_keys` (key shapes)."""
    out: Attributes = {}
    for key, value in attrs.items():
        if isinstance(value, str):
            value = mask_keys(scrub(value))
        elif isinstance(value, list) and value and isinstance(value[0], str):
            value = [mask_keys(scrub(v)) for v in value]
        out[key] = value
    return out
