"""Message transforms: each rewrites a message list before it goes to the LLM, and reports what it did."""

from __future__ import annotations

import copy
import sys
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Protocol, Tuple

from autogen.formatting_utils import colored
from autogen.io.base import IOStream

from ...._reexports import lazy_names
from . import transforms_util
from .text_compressors import LLMLingua, TextCompressor

if TYPE_CHECKING:
    from autogen.cache.abstract_cache_base import AbstractCache

__all__ = [
    "MessageTransform",
    "MessageHistoryLimiter",
    "MessageTokenLimiter",
    "TextMessageCompressor",
    "TextMessageContentName",
]


class MessageTransform(Protocol):
    """What TransformMessages needs from a transform (any object with these two methods works)."""

    def apply_transform(self, messages: List[Dict]) -> List[Dict]:
        """Return the transformed messages."""
        ...

    def get_logs(self, pre_transform_messages: List[Dict], post_transform_messages: List[Dict]) -> Tuple[str, bool]:
        """Describe the change; the bool says whether the transform had any effect."""
        ...


def _drop_last_if_starts_with_tool(messages: List[Dict]) -> None:
    # 0.2 pops the *last* message when the result starts with a tool response; kept for compatibility.
    if messages and not transforms_util.is_tool_call_valid(messages):
        messages.pop()


class MessageHistoryLimiter:
    """Keeps only the most recent `max_messages` messages (optionally always keeping the first one)."""

    def __init__(self, max_messages: Optional[int] = None, keep_first_message: bool = False):
        self._validate_max_messages(max_messages)
        self._max_messages = max_messages
        self._keep_first_message = keep_first_message

    def apply_transform(self, messages: List[Dict]) -> List[Dict]:
        """Truncate to the newest messages; never start the kept tail with a dangling tool response."""
        if self._max_messages is None or len(messages) <= self._max_messages:
            return messages
        result: List[Dict] = []
        remaining = self._max_messages
        insert_at = 0
        if self._keep_first_message:
            result.append(messages[0])
            remaining -= 1
            insert_at = 1
        for i in range(len(messages) - 1, 0, -1):
            if remaining > 1:
                result.insert(insert_at, messages[i])
            elif remaining == 1 and messages[i].get("role") != "tool":
                result.insert(insert_at, messages[i])
            remaining -= 1
            if remaining <= 0:
                break
        _drop_last_if_starts_with_tool(result)
        return result

    def get_logs(self, pre_transform_messages: List[Dict], post_transform_messages: List[Dict]) -> Tuple[str, bool]:
        pre, post = len(pre_transform_messages), len(post_transform_messages)
        if post < pre:
            return f"Removed {pre - post} messages. Number of messages reduced from {pre} to {post}.", True
        return "No messages were removed.", False

    @staticmethod
    def _validate_max_messages(max_messages: Optional[int]) -> None:
        if max_messages is not None and max_messages < 1:
            raise ValueError("max_messages must be None or greater than 1")


class MessageTokenLimiter:
    """Caps tokens per message and in total (newest messages kept first), once `min_tokens` is reached."""

    def __init__(
        self,
        max_tokens_per_message: Optional[int] = None,
        max_tokens: Optional[int] = None,
        min_tokens: Optional[int] = None,
        model: str = "gpt-3.5-turbo-0613",
        filter_dict: Optional[Dict] = None,
        exclude_filter: bool = True,
    ):
        self._model = model
        self._max_tokens_per_message = self._validate_max_tokens(max_tokens_per_message)
        self._max_tokens = self._validate_max_tokens(max_tokens)
        self._min_tokens = self._validate_min_tokens(min_tokens, max_tokens)
        self._filter_dict = filter_dict
        self._exclude_filter = exclude_filter

    def apply_transform(self, messages: List[Dict]) -> List[Dict]:
        """Truncate message texts, walking from the newest message back until the total budget is spent."""
        if not transforms_util.min_tokens_reached(messages, self._min_tokens):
            return messages
        work = copy.deepcopy(messages)
        result: List[Dict] = []
        used = 0
        for msg in reversed(work):
            if not transforms_util.is_content_right_type(msg.get("content")):
                result.insert(0, msg)
                continue
            if not transforms_util.should_transform_message(msg, self._filter_dict, self._exclude_filter):
                result.insert(0, msg)
                used += transforms_util.count_text_tokens(msg["content"])
                continue
            if self._max_tokens - used - self._max_tokens_per_message < 0:
                msg["content"] = self._truncate_str_to_tokens(msg["content"], self._max_tokens - used)
                result.insert(0, msg)
                break
            msg["content"] = self._truncate_str_to_tokens(msg["content"], self._max_tokens_per_message)
            used += transforms_util.count_text_tokens(msg["content"])
            result.insert(0, msg)
        _drop_last_if_starts_with_tool(result)
        return result

    def get_logs(self, pre_transform_messages: List[Dict], post_transform_messages: List[Dict]) -> Tuple[str, bool]:
        pre = sum(transforms_util.count_text_tokens(m["content"]) for m in pre_transform_messages if "content" in m)
        post = sum(transforms_util.count_text_tokens(m["content"]) for m in post_transform_messages if "content" in m)
        if post < pre:
            return f"Truncated {pre - post} tokens. Number of tokens reduced from {pre} to {post}", True
        return "No tokens were truncated.", False

    def _truncate_str_to_tokens(self, contents: Any, n_tokens: int) -> Any:
        if isinstance(contents, str):
            return self._truncate_tokens(contents, n_tokens)
        if isinstance(contents, list):
            truncated = []
            for item in contents:
                if isinstance(item, dict) and item.get("type") == "text":
                    truncated.append({"type": "text", "text": self._truncate_tokens(item["text"], n_tokens)})
                else:
                    truncated.append(item)
            return truncated
        raise ValueError(f"Contents must be a string or a list of dictionaries. Received type: {type(contents)}")

    def _truncate_tokens(self, text: str, n_tokens: int) -> str:
        encoding = _encoding_for_model(self._model)
        return encoding.decode(encoding.encode(text)[:n_tokens])

    def _validate_max_tokens(self, max_tokens: Optional[int] = None) -> int:
        if max_tokens is not None and max_tokens < 0:
            raise ValueError("max_tokens and max_tokens_per_message must be None or greater than or equal to 0")
        model_limit = self._model_token_limit()
        if max_tokens is None:
            return sys.maxsize
        if model_limit is None or max_tokens <= model_limit:
            return max_tokens
        _print_yellow(
            f"Max token was set to {max_tokens}, but {self._model} can only accept {model_limit} tokens. "
            f"Capping it to {model_limit}."
        )
        return model_limit

    def _model_token_limit(self) -> Optional[int]:
        """The context size of our model, or None (with a note) when token_count_utils does not know it."""
        from autogen import token_count_utils

        try:
            return token_count_utils.get_max_token_limit(self._model)
        except Exception:
            _print_yellow(f"Model {self._model} not found in token_count_utils.")
            return None

    def _validate_min_tokens(self, min_tokens: Optional[int], max_tokens: Optional[int]) -> int:
        if min_tokens is None:
            return 0
        if min_tokens < 0:
            raise ValueError("min_tokens must be None or greater than or equal to 0.")
        if max_tokens is not None and min_tokens > max_tokens:
            raise ValueError("min_tokens must not be more than max_tokens.")
        return min_tokens


def _encoding_for_model(model: str) -> Any:
    """The tokenizer for `model` (token_count_utils loads it offline-safely, as tiktoken would)."""
    from autogen import token_count_utils

    return token_count_utils.encoding_for_model(model)


def _print_yellow(text: str) -> None:
    IOStream.get_default().print(colored(text, "yellow"), flush=True)


class TextMessageCompressor:
    """Compresses message texts with a TextCompressor (LLMLingua by default), caching the results."""

    def __init__(
        self,
        text_compressor: Optional[TextCompressor] = None,
        min_tokens: Optional[int] = None,
        compression_params: Dict = dict(),  # noqa: B006  (0.2 signature)
        cache: Optional[AbstractCache] = None,
        filter_dict: Optional[Dict] = None,
        exclude_filter: bool = True,
    ):
        # LLMLingua is loaded first, so a missing llmlingua is reported before a bad min_tokens (as in 0.2)
        compressor = LLMLingua() if text_compressor is None else text_compressor
        self._validate_min_tokens(min_tokens)
        self._text_compressor, self._compression_args = compressor, compression_params
        self._min_tokens, self._cache = min_tokens, cache
        self._filter_dict, self._exclude_filter = filter_dict, exclude_filter
        self._recent_tokens_savings = 0

    def apply_transform(self, messages: List[Dict]) -> List[Dict]:
        """Compress each eligible message text (the caller's message dicts are updated, as in 0.2)."""
        if not messages:
            return messages
        if not transforms_util.min_tokens_reached(messages, self._min_tokens):
            return messages
        processed = messages.copy()
        savings = 0
        for message in processed:
            content = message.get("content")
            if not transforms_util.is_content_right_type(content):
                continue
            if not transforms_util.should_transform_message(message, self._filter_dict, self._exclude_filter):
                continue
            if transforms_util.is_content_text_empty(content):
                continue
            key = transforms_util.cache_key(content, self._min_tokens)
            cached = transforms_util.cache_content_get(self._cache, key)
            if cached is not None:
                message["content"], saved = cached
            else:
                message["content"], saved = self._compress(content)
            transforms_util.cache_content_set(self._cache, key, message["content"], saved)
            savings += saved
        self._recent_tokens_savings = savings
        return processed

    def get_logs(self, pre_transform_messages: List[Dict], post_transform_messages: List[Dict]) -> Tuple[str, bool]:
        if self._recent_tokens_savings > 0:
            return f"{self._recent_tokens_savings} tokens saved with text compression.", True
        return "No tokens saved with text compression.", False

    def _compress(self, content: Any) -> Tuple[Any, int]:
        if isinstance(content, str):
            return self._compress_text(content)
        if isinstance(content, list):
            return self._compress_multimodal(content)
        return content, 0

    def _compress_multimodal(self, content: List) -> Tuple[List, int]:
        return content, sum(self._compress_part(part) for part in content)

    def _compress_part(self, part: Any) -> int:
        """Compress one part of a content list in place; returns the tokens saved."""
        if isinstance(part, str):
            # 0.2 compresses bare strings but throws the result away; the saving still counts.
            return self._compress_text(part)[1]
        if not (isinstance(part, dict) and "text" in part):
            return 0
        part["text"], saved = self._compress_text(part["text"])
        return saved

    def _compress_text(self, text: str) -> Tuple[str, int]:
        result = self._text_compressor.compress_text(text, **self._compression_args)
        saved = 0
        if "origin_tokens" in result and "compressed_tokens" in result:
            saved = result["origin_tokens"] - result["compressed_tokens"]
        return result["compressed_prompt"], saved

    @staticmethod
    def _validate_min_tokens(min_tokens: Optional[int]) -> None:
        if min_tokens is not None and min_tokens <= 0:
            raise ValueError("min_tokens must be greater than 0 or None")


def _check_name_arguments(position: Any, format_string: Any, deduplicate: Any) -> None:
    """TextMessageContentName's argument checks: bare AssertionErrors, as in 0.2."""
    assert isinstance(position, str) and position in ("start", "end")
    assert isinstance(format_string, str) and "{name}" in format_string
    assert isinstance(deduplicate, bool)


class TextMessageContentName:
    """Writes each message's `name` into its text (for models that ignore the name field)."""

    def __init__(
        self,
        position: str = "start",
        format_string: str = "{name}:\n",
        deduplicate: bool = True,
        filter_dict: Optional[Dict] = None,
        exclude_filter: bool = True,
    ):
        _check_name_arguments(position, format_string, deduplicate)
        self._position, self._format_string, self._deduplicate = position, format_string, deduplicate
        self._filter_dict, self._exclude_filter = filter_dict, exclude_filter
        self._messages_changed = 0

    def apply_transform(self, messages: List[Dict]) -> List[Dict]:
        """Add the formatted name at the start or end of each eligible message text."""
        processed = copy.deepcopy(messages)
        changed = 0
        for message in processed:
            content, name = message.get("content"), message.get("name")
            if not transforms_util.is_content_right_type(content) or not transforms_util.is_content_right_type(name):
                continue
            if not transforms_util.should_transform_message(message, self._filter_dict, self._exclude_filter):
                continue
            if transforms_util.is_content_text_empty(content) or transforms_util.is_content_text_empty(name):
                continue
            tag = self._format_string.format(name=name)
            if self._position == "start":
                if not self._deduplicate or not content.startswith(tag):
                    message["content"] = f"{tag}{content}"
                    changed += 1
            elif not self._deduplicate or not content.endswith(tag):
                message["content"] = f"{content}{tag}"
                changed += 1
        self._messages_changed = changed
        return processed

    def get_logs(self, pre_transform_messages: List[Dict], post_transform_messages: List[Dict]) -> Tuple[str, bool]:
        if self._messages_changed > 0:
            return f"{self._messages_changed} message(s) changed to incorporate name.", True
        return "No messages changed to incorporate name.", False


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
