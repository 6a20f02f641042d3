"""Keeping secrets out of logs.

Three layers, all applied before a record is written:
1. 0.2's exclusion list (`EXCLUDED_INIT_ARGS`) drops keys such as `api_key` from logged init args.
2. `redact` drops any other key that names a credential (headers like `Authorization`, provider keys, tokens).
3. `scrub` replaces every credential value seen so far (and bearer tokens) wherever it appears in the final text,
   e.g. inside an error message or a nested structure that escaped 1 and 2.
"""

from __future__ import annotations

import os
import re
import threading
from typing import Any, Iterable, Set

__all__ = ("EXCLUDED_INIT_ARGS", "is_secret_key", "redact", "remember_secrets", "scrub", "MASK")

# 0.2's exclude list for init args (applied at every nesting level).
EXCLUDED_INIT_ARGS = (
    "self",
    "__class__",
    "api_key",
    "organization",
    "base_url",
    "azure_endpoint",
    "azure_ad_token",
    "azure_ad_token_provider",
)

MASK = "***"
_MIN_SECRET_LEN = 8  # shorter values (e.g. the placeholder key "ollama") are too likely to occur in ordinary text
_SECRET_NAMES = frozenset(
    {
        "api_key",
        "apikey",
        "x_api_key",
        "api_token",
        "authorization",
        "proxy_authorization",
        "password",
        "passwd",
        "secret",
        "token",
        "access_token",
        "refresh_token",
        "credentials",
        "azure_ad_token",
        "azure_ad_token_provider",
        "aws_access_key",
        "aws_secret_key",
        "aws_session_token",
        "client_secret",
        "private_key",
    }
)
_SECRET_SUFFIXES = ("_api_key", "_apikey", "_secret", "_secret_key", "_password", "_token", "_credentials")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=\-]{6,}")

_lock = threading.Lock()
_known: Set[str] = set()
_ordered: tuple = ()


def is_secret_key(key: Any) -> bool:
    """Whether a mapping key names a credential (case-insensitive; `-` and `_` treated alike)."""
    if not isinstance(key, str):
        return False
    name = key.lower().replace("-", "_")
    return name in _SECRET_NAMES or name.endswith(_SECRET_SUFFIXES) or "secret" in name or "password" in name


def redact(value: Any) -> Any:
    """Copy of JSON-ready `value` without credential-named keys (at any depth); their values are remembered."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if is_secret_key(k):
                _collect(v, 0)
            else:
                out[k] = redact(v)
        return out
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def remember_secrets(value: Any) -> None:
    """Walk plain containers in `value` and remember the values stored under credential-named keys."""
    _walk(value, 0)


def scrub(text: str) -> str:
    """Mask every remembered secret and every bearer/basic token in `text`."""
    for secret in _ordered:
        if secret in text:
            text = text.replace(secret, MASK)
    if "earer" in text or "asic" in text:
        text = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)
    return text


def remember_environment_secrets(environ: Any = None) -> None:
    """Remember credentials held in environment variables such as OPENAI_API_KEY (read at logger start)."""
    env = os.environ if environ is None else environ
    _add(v for k, v in env.items() if is_secret_key(k))


def _walk(value: Any, depth: int) -> None:
    if depth > 8:
        return
    if isinstance(value, dict):
        for k, v in value.items():
            if is_secret_key(k):
                _collect(v, depth + 1)
            else:
                _walk(v, depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _walk(v, depth + 1)


def _collect(value: Any, depth: int) -> None:
    """Remember `value` (a string, or strings nested in it) as a secret."""
    if depth > 8:
        return
    if isinstance(value, str):
        parts = [value]
        match = re.match(r"(?i)\s*(bearer|basic)\s+(\S+)", value)
        if match:
            parts.append(match.group(2))
        _add(parts)
    elif isinstance(value, dict):
        for v in value.values():
            _collect(v, depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _collect(v, depth + 1)


def _add(values: Iterable[Any]) -> None:
    global _ordered
    new = {v for v in values if isinstance(v, str) and len(v.strip()) >= _MIN_SECRET_LEN} - _known
    if not new:
        return
    with _lock:
        _known.update(new)
        # Longest first, so a secret that contains another is masked whole.
        _ordered = tuple(sorted(_known, key=len, reverse=True))
