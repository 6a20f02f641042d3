"""Keep credentials out of reprs, log records and error messages."""

from __future__ import annotations

from typing import Any, Dict, FrozenSet

__all__ = ("SECRET_KEYS", "redact", "has_secret")

SECRET_KEYS: FrozenSet[str] = frozenset(
    {
        "api_key",
        "azure_ad_token",
        "azure_ad_token_provider",
        "aws_access_key",
        "aws_secret_key",
        "aws_session_token",
        "credentials",
        "admin_api_key",
        "webhook_secret",
    }
)
_MASK = "**********"


def has_secret(config: Dict[str, Any]) -> bool:
    return any(key in config for key in SECRET_KEYS)


def redact(value: Any) -> Any:
    """A copy of `value` with every secret-named field of every nested dict masked (inputs are not changed)."""
    if isinstance(value, dict):
        return {k: (_MASK if k in SECRET_KEYS and v is not None else redact(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(redact(v) for v in value)
    return value
