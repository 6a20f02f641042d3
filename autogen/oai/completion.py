"""The deprecated `autogen.Completion` / `autogen.ChatCompletion` (openai<1 era) kept importable.

With openai>=1 (the only supported line) making requests or tuning raises `ERROR`; the pure helpers still work on
0.1-style response dicts so old code that only post-processes saved responses keeps running.
"""

from __future__ import annotations

import os
import shutil
from typing import Any, Callable, Dict, List, Optional, Union

__all__ = ("Completion", "ChatCompletion", "ERROR")

ERROR: Optional[AssertionError] = AssertionError(
    "(Deprecated) The autogen.Completion class requires openai<1 and diskcache. "
)


class Completion:
    """Deprecated: use `autogen.OpenAIWrapper`."""

    price1K: Dict[str, Any] = {}
    chat_models = {"gpt-3.5-turbo", "gpt-35-turbo", "gpt-4", "gpt-4-32k", "gpt-4-32k-0314", "gpt-4-0314"}
    default_search_space: Dict[str, Any] = {}
    seed = 41
    cache_path = f".cache/{seed}"
    retry_wait_time = 10
    max_retry_period = 120
    request_timeout = 60
    openai_completion_class: Any = None
    _history_dict: Optional[Dict[Any, Any]] = None
    _history_compact = True
    _count_create = 0

    @classmethod
    def set_cache(cls, seed: Optional[int] = 41, cache_path_root: Optional[str] = ".cache") -> None:
        """Remember where responses would be cached."""
        cls.seed = seed
        cls.cache_path = f"{cache_path_root}/{seed}"

    @classmethod
    def clear_cache(cls, seed: Optional[int] = None, cache_path_root: Optional[str] = ".cache") -> None:
        """Delete the cache of `seed`, or the whole cache directory when `seed` is None."""
        if seed is None:
            shutil.rmtree(cache_path_root or ".cache", ignore_errors=True)
            return
        shutil.rmtree(os.path.join(cache_path_root or ".cache", str(seed)), ignore_errors=True)

    @classmethod
    def create(cls, *args: Any, **kwargs: Any) -> Any:
        """Deprecated; raises under openai>=1."""
        raise ERROR  # type: ignore[misc]

    @classmethod
    def tune(cls, *args: Any, **kwargs: Any) -> Any:
        """Deprecated; raises under openai>=1."""
        raise ERROR  # type: ignore[misc]

    @classmethod
    def test(cls, *args: Any, **kwargs: Any) -> Any:
        """Deprecated; raises under openai>=1."""
        raise ERROR  # type: ignore[misc]

    @classmethod
    def start_logging(
        cls,
        history_dict: Optional[Dict[Any, Any]] = None,
        compact: Optional[bool] = True,
        reset_counter: Optional[bool] = True,
    ) -> None:
        """Deprecated; raises under openai>=1."""
        raise ERROR  # type: ignore[misc]

    @classmethod
    def stop_logging(cls) -> None:
        cls._history_dict = None
        cls._count_create = 0

    @classmethod
    def logged_history(cls) -> Optional[Dict[Any, Any]]:
        return cls._history_dict

    @classmethod
    def instantiate(
        cls,
        template: Union[str, None, Callable[[Dict[str, Any]], str]],
        context: Optional[Dict[str, Any]] = None,
        allow_format_str_template: Optional[bool] = False,
    ) -> Optional[str]:
        if not context or template is None:
            return template  # type: ignore[return-value]
        if isinstance(template, str):
            return template.format(**context) if allow_format_str_template else template
        return template(context)

    @classmethod
    def cost(cls, response: Dict[str, Any]) -> float:
        """The `cost` recorded in a response dict."""
        return response.get("cost", 0)

    @classmethod
    def extract_text(cls, response: Dict[str, Any]) -> List[str]:
        """The text of each choice of a response dict."""
        choices = response["choices"]
        if "text" in choices[0]:
            return [choice["text"] for choice in choices]
        return [choice["message"].get("content", "") for choice in choices]

    @classmethod
    def extract_text_or_function_call(cls, response: Dict[str, Any]) -> List[Any]:
        """Each choice's text, or its message dict when it calls a function."""
        choices = response["choices"]
        if "text" in choices[0]:
            return [choice["text"] for choice in choices]
        return [
            choice["message"] if "function_call" in choice["message"] else choice["message"].get("content", "")
            for choice in choices
        ]

    @classmethod
    def print_usage_summary(cls) -> None:
        """Deprecated: usage is tracked by `OpenAIWrapper.print_usage_summary`."""
        from ..io.base import IOStream

        IOStream.get_default().print("No usage summary available: autogen.Completion is deprecated.", flush=True)


class ChatCompletion(Completion):
    """Deprecated: use `autogen.OpenAIWrapper`."""

    default_search_space = {**Completion.default_search_space}
