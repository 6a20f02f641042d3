"""Recognise answers that are not chat completions, and say which config entry and server sent them.

0.2 let a non-JSON body escape as a bare `JSONDecodeError` (no hint of which endpoint) and turned a JSON body
without `choices` into an `AttributeError` far from the cause. Here both name the config entry (model and
base_url, never the key) and the server, and `OpenAIWrapper.create` fails over to the next entry for them as it
does for server errors.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional
from urllib.parse import urlsplit, urlunsplit

__all__ = ("MalformedResponseError", "describe_entry", "is_malformed_body", "check_completion", "annotate")


class MalformedResponseError(ValueError):
    """The server answered 200 with JSON that is not a completion (no `choices` list)."""


def _safe_url(url: Optional[str]) -> str:
    """`url` without user info, query or fragment, which may carry credentials."""
    if not url:
        return "(the SDK's default)"
    parts = urlsplit(str(url))
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def describe_entry(index: int, config: Dict[str, Any], client: Any) -> str:
    """`config entry 1 (model 'gpt-4', base_url 'https://...')`, and the server that answered."""
    base_url = config.get("base_url")
    if base_url is None:  # the SDK's own default endpoint (or Azure's) is on the client object
        base_url = getattr(getattr(client, "_oai_client", None), "base_url", None)
    url = _safe_url(base_url).rstrip("/")
    server = urlsplit(url).netloc or url
    return f"config entry {index} (model {config.get('model')!r}, base_url {url!r}), server {server}"


def is_malformed_body(error: BaseException) -> bool:
    """Whether an exception from a model client means the response body was not JSON."""
    return isinstance(error, json.JSONDecodeError)


def annotate(error: BaseException, where: str) -> str:
    """Attach (and return) a note naming the entry: shown under the traceback, while `str(error)` stays the SDK's."""
    note = f"{where}: the response body is not valid JSON ({error})"
    if hasattr(error, "add_note"):
        error.add_note(note)
    else:  # Python < 3.11: kept where tools that know __notes__ can find it
        error.__notes__ = [*getattr(error, "__notes__", []), note]  # type: ignore[attr-defined]
    return note


def check_completion(response: Any, where: str) -> None:
    """Raise `MalformedResponseError` when an OpenAI-client response has no `choices` list."""
    choices = getattr(response, "choices", None)
    if isinstance(choices, list) and choices:
        return
    raise MalformedResponseError(f"{where}: the response is not a completion (no 'choices'; {_shape(response)})")


def _shape(response: Any) -> str:
    """What came back, by type and top-level fields only (never values, which could echo anything)."""
    fields = getattr(response, "model_fields_set", None)
    extra = getattr(response, "model_extra", None) or {}
    if fields is None:
        return f"got {type(response).__name__}"
    present = sorted(name for name in {*fields, *extra} if getattr(response, name, None) is not None)
    return f"fields present: {', '.join(present) or 'none'}"
