"""Small helpers shared by the message transforms (token counting, caching, filtering)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Hashable, List, Optional, Tuple

from ...._reexports import lazy_names

if TYPE_CHECKING:
    from autogen.cache.abstract_cache_base import AbstractCache

__all__ = [
    "cache_key",
    "cache_content_get",
    "cache_content_set",
    "min_tokens_reached",
    "count_text_tokens",
    "is_content_right_type",
    "is_content_text_empty",
    "should_transform_message",
    "is_tool_call_valid",
]


def cache_key(content: Any, *args: Hashable) -> str:
    """A cache key built from the content and the settings that shaped its transformation."""
    return "".join(str(part) for part in (content, *args))


def cache_content_get(cache: Optional[AbstractCache], key: str) -> Optional[Tuple[Any, ...]]:
    """The cached tuple for `key`, or None (also when there is no cache)."""
    if cache is None:
        return None
    cached = cache.get(key)
    return cached if cached else None


def cache_content_set(cache: Optional[AbstractCache], key: str, content: Any, *extra_values: Any) -> None:
    """Store `(content, *extra_values)` under `key` when a cache is given."""
    if cache:
        cache.set(key, (content, *extra_values))


def min_tokens_reached(messages: List[Dict], min_tokens: Optional[int]) -> bool:
    """True when the text of the messages holds at least `min_tokens` tokens (always True without a minimum)."""
    if not min_tokens:
        return True
    total = sum(count_text_tokens(msg["content"]) for msg in messages if "content" in msg)
    return total >= min_tokens


def count_text_tokens(content: Any) -> int:
    """Tokens of the text in a message content (str, or list of text/image parts); other types count 0."""
    if isinstance(content, str):
        return _tokens(content)
    if isinstance(content, list):
        return sum(_part_tokens(part) for part in content)
    return 0


def _tokens(text: str) -> int:
    from autogen import token_count_utils

    return token_count_utils.count_token(text)


def _part_tokens(part: Any) -> int:
    """Tokens of one content part: a bare string, or a dict's "text" (image parts have none)."""
    if isinstance(part, str):
        return _tokens(part)
    if isinstance(part, dict):
        return _tokens(part.get("text", ""))
    return 0


def is_content_right_type(content: Any) -> bool:
    """Transforms handle only str and list contents."""
    return isinstance(content, (str, list))


def is_content_text_empty(content: Any) -> bool:
    """True when the content carries no text at all."""
    if isinstance(content, str):
        return content == ""
    if isinstance(content, list):
        for item in content:
            if isinstance(item, str) and item:
                return False
            if isinstance(item, dict) and item.get("text"):
                return False
        return True
    return True


def should_transform_message(message: Dict[str, Any], filter_dict: Optional[Dict[str, Any]], exclude: bool) -> bool:
    """Whether a message passes the transform's filter (no filter: every message does)."""
    if not filter_dict:
        return True
    from autogen.oai.openai_utils import filter_config

    return len(filter_config([message], filter_dict, exclude)) > 0


def is_tool_call_valid(messages: List[Dict[str, Any]]) -> bool:
    """A history must not start with a tool response (its tool call would be missing)."""
    return messages[0].get("role") != "tool"


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
