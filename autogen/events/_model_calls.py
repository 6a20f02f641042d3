"""The fields of model-call events, kept out of `OpenAIWrapper.create` so the call site stays two lines."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from . import _bus

__all__ = ("start_fields", "end_fields")

# request parameters that describe the call without carrying the conversation or secrets
_SAFE_PARAMS = ("temperature", "top_p", "max_tokens", "n", "stream", "seed", "stop", "response_format", "tool_choice")


def _base_url(entry: Dict[str, Any], client: Any) -> Optional[str]:
    url = entry.get("base_url")
    if url is None:
        inner = getattr(client, "_oai_client", None)
        url = getattr(inner, "base_url", None)
    return str(url).split("?")[0] if url is not None else None


def start_fields(wrapper: Any, index: int, params: Dict[str, Any]) -> Dict[str, Any]:
    """model, api_type, base_url (never the key), attempt index and the safe request parameters."""
    entry = wrapper._config_list[index] if index < len(wrapper._config_list) else {}
    safe = {key: params[key] for key in _SAFE_PARAMS if key in params}
    if "response_format" in safe and not isinstance(safe["response_format"], dict):
        safe["response_format"] = getattr(safe["response_format"], "__name__", str(safe["response_format"]))
    if _bus.content_wanted and "messages" in params:
        safe["messages"] = params["messages"]
    return {
        "model": params.get("model", entry.get("model")),
        "api_type": entry.get("api_type", "openai"),
        "base_url": _base_url(entry, wrapper._clients[index]),
        "attempt": index,
        "params": safe,
    }


def _finish_reasons(response: Any) -> List[Optional[str]]:
    return [getattr(choice, "finish_reason", None) for choice in getattr(response, "choices", None) or []]


def _optional_str(value: Any) -> Optional[str]:
    return None if value is None else str(value)


def _first_message(response: Any) -> Optional[Dict[str, Any]]:
    """The first choice's message as a plain dict (role, content, tool or function calls), for content capture."""
    choices = getattr(response, "choices", None) or []
    message = getattr(choices[0], "message", None) if choices else None
    if message is None:
        return None
    if isinstance(message, dict):
        return dict(message)
    if hasattr(message, "model_dump"):
        return message.model_dump(exclude_none=True)
    keys = ("role", "content", "tool_calls", "function_call")
    return {key: getattr(message, key) for key in keys if getattr(message, key, None) is not None}


def end_fields(
    wrapper: Any, index: int, response: Any, cache_hit: bool, failed_over: bool, error: Optional[str] = None
) -> Dict[str, Any]:
    """The outcome: usage, cost, finish reasons, the response's model and id, or why the next entry is tried."""
    if failed_over:
        return {"failed_over": True, "error": error}
    client = wrapper._clients[index]
    try:
        usage = client.get_usage(response)
    except Exception:  # a custom client may not report usage
        usage = None
    fields = {
        "cache_hit": cache_hit,
        "usage": usage,
        "cost": getattr(response, "cost", None),
        "finish_reasons": _finish_reasons(response),
        "response_model": _optional_str(getattr(response, "model", None)),
        "response_id": _optional_str(getattr(response, "id", None)),
    }
    if _bus.content_wanted:
        fields["response"] = _first_message(response)
    return fields
