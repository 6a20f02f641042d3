"""The fields of model-call events, kept out of `OpenAIWrapper.create` so the call site stays two lines."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

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
    return {
        "model": params.get("model", entry.get("model")),
        "api_type": entry.get("api_type", "openai"),
        "base_url": _base_url(entry, wrapper._clients[index]),
        "attempt": index,
        "params": safe,
    }


def _finish_reasons(response: Any) -> List[Optional[str]]:
    return [getattr(choice, "finish_reason", None) for choice in getattr(response, "choices", None) or []]


def end_fields(wrapper: Any, index: int, response: Any, cache_hit: bool, failed_over: bool) -> Dict[str, Any]:
    """The outcome: usage, cost, finish reasons, whether it came from the cache or the next entry is tried."""
    if failed_over:
        return {"failed_over": True}
    client = wrapper._clients[index]
    try:
        usage = client.get_usage(response)
    except Exception:  # a custom client may not report usage
        usage = None
    return {
        "cache_hit": cache_hit,
        "usage": usage,
        "cost": getattr(response, "cost", None),
        "finish_reasons": _finish_reasons(response),
    }
