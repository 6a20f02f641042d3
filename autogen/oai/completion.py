"""The deprecated `autogen.Completion` / `autogen.ChatCompletion` (openai<1 era) kept importable.

With openai>=1 (the only supported line) making requests or tuning raises `ERROR`; the pure helpers still work on
0.1-style response dicts so old code that only post-processes saved responses keeps running.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections import defaultdict
from typing import Any, Callable, Dict, List, Optional, Union

from .._reexports import lazy_names
from .client_utils import logger_formatter, upstream_line

__all__ = ("Completion", "ChatCompletion", "ERROR")

ERROR: Optional[AssertionError] = AssertionError(
    "(Deprecated) The autogen.Completion class requires openai<1 and diskcache. "
)

# Like 0.2.40, the deprecation warnings of this module go to stdout in autogen's log format.
logger = logging.getLogger(__name__)
if not logger.handlers:
    _handler = logging.StreamHandler(sys.stdout)
    _handler.setFormatter(logger_formatter)
    logger.addHandler(_handler)

_CREATE_DEPRECATED = (
    "Completion.create is deprecated in pyautogen v0.2 and openai>=1. "
    "The new openai requires initiating a client for inference. "
    "Please refer to https://microsoft.github.io/autogen/docs/Use-Cases/enhanced_inference#api-unification"
)
_TUNE_DEPRECATED = (
    "tuning via Completion.tune is deprecated in pyautogen v0.2 and openai>=1. "
    "flaml.tune supports tuning more generically."
)
_LOGGING_DEPRECATED = (
    "logging via Completion.start_logging is deprecated in pyautogen v0.2. "
    "logging via OpenAIWrapper will be added back in a future release."
)


class _ClassProperty:
    """A read-only attribute computed from the class (0.2 stacked @classmethod on @property)."""

    def __init__(self, getter: Callable[[Any], Any]) -> None:
        self._getter = getter
        self.__doc__ = getter.__doc__

    def __get__(self, instance: Any, owner: Any) -> Any:
        return self._getter(owner)


def _search_space(models: List[str], full: bool) -> Dict[str, Any]:
    """0.2's default tuning space, keys and ranges; plain data instead of flaml domains (flaml is not imported)."""
    if not full:
        return {"model": list(models)}
    return {
        "model": list(models),
        "temperature_or_top_p": [{"temperature": (0, 2)}, {"top_p": (0, 1)}],
        "max_tokens": (50, 1000),
        "n": (1, 100),
        "prompt": "{prompt}",
    }


_COMPLETION_MODELS = ["text-ada-001", "text-babbage-001", "text-davinci-003", "gpt-3.5-turbo", "gpt-4"]


class Completion:
    """Deprecated: use `autogen.OpenAIWrapper`."""

    # 0.2's legacy per-1K-token prices: one number for both directions, or (prompt, completion)
    price1K: Dict[str, Any] = {
        **dict.fromkeys(["text-ada-001"], 0.0004),
        **dict.fromkeys(["text-babbage-001"], 0.0005),
        **dict.fromkeys(["text-curie-001"], 0.002),
        **dict.fromkeys(["code-cushman-001"], 0.024),
        **dict.fromkeys(["code-davinci-002"], 0.1),
        **dict.fromkeys(["text-davinci-002", "text-davinci-003"], 0.02),
        **dict.fromkeys(
            ["gpt-3.5-turbo", "gpt-3.5-turbo-instruct", "gpt-3.5-turbo-0301", "gpt-3.5-turbo-0613"], (0.0015, 0.002)
        ),
        **dict.fromkeys(["gpt-3.5-turbo-16k", "gpt-3.5-turbo-16k-0613"], (0.003, 0.004)),
        **dict.fromkeys(["gpt-35-turbo", "gpt-35-turbo-instruct"], (0.0015, 0.002)),
        **dict.fromkeys(["gpt-35-turbo-16k"], (0.003, 0.004)),
        **dict.fromkeys(["gpt-4", "gpt-4-0314", "gpt-4-0613"], (0.03, 0.06)),
        **dict.fromkeys(["gpt-4-32k", "gpt-4-32k-0314", "gpt-4-32k-0613"], (0.06, 0.12)),
    }
    chat_models = {
        "gpt-3.5-turbo",
        "gpt-3.5-turbo-0301",
        "gpt-3.5-turbo-0613",
        "gpt-3.5-turbo-16k",
        "gpt-3.5-turbo-16k-0613",
        "gpt-35-turbo",
        "gpt-35-turbo-16k",
        "gpt-4",
        "gpt-4-32k",
        "gpt-4-32k-0314",
        "gpt-4-0314",
        "gpt-4-0613",
        "gpt-4-32k-0613",
    }
    default_search_space: Dict[str, Any] = _search_space(_COMPLETION_MODELS, full=True)
    cache_seed = 41
    cache_path = f".cache/{cache_seed}"
    retry_wait_time = 10
    max_retry_period = 120
    request_timeout = 60
    openai_completion_class: Any = None
    optimization_budget: Optional[float] = None
    # `_history_compact` only exists once start_logging ran (never under openai>=1), as in 0.2.40
    _history_dict: Optional[Dict[Any, Any]] = None
    _count_create: Optional[int] = None

    @classmethod
    def set_cache(cls, seed: Optional[int] = 41, cache_path_root: Optional[str] = ".cache") -> None:
        """Remember where responses would be cached."""
        cls.cache_seed = seed
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
        """Deprecated; warns and raises under openai>=1."""
        logger.warning(_CREATE_DEPRECATED, extra=upstream_line(788))
        raise ERROR  # type: ignore[misc]

    @classmethod
    def tune(cls, *args: Any, **kwargs: Any) -> Any:
        """Deprecated; warns and raises under openai>=1."""
        logger.warning(_TUNE_DEPRECATED, extra=upstream_line(576))
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
        """Deprecated; warns and raises under openai>=1."""
        logger.warning(_LOGGING_DEPRECATED, extra=upstream_line(1179))
        raise ERROR  # type: ignore[misc]

    @classmethod
    def stop_logging(cls) -> None:
        cls._history_dict = cls._count_create = None

    @_ClassProperty
    def logged_history(cls) -> Optional[Dict[Any, Any]]:
        """The book-keeping dict of start_logging (None when not logging)."""
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
        """The US$ cost of a legacy response dict from `price1K` (0 for a model not listed there)."""
        price = cls.price1K.get(response.get("model"))
        if price is None:
            return 0
        usage = response["usage"]
        prompt_tokens, completion_tokens = usage["prompt_tokens"], usage.get("completion_tokens", 0)
        if isinstance(price, tuple):
            return (price[0] * prompt_tokens + price[1] * completion_tokens) / 1000
        return price * (prompt_tokens + completion_tokens) / 1000

    @staticmethod
    def _choice_outputs(response: Dict[str, Any], keep_calls: bool) -> List[Any]:
        """One output per choice: the legacy `text`, else the message content (or the message itself for a call)."""
        outputs: List[Any] = []
        choices = response["choices"]
        legacy = "text" in choices[0]
        for choice in choices:
            if legacy:
                outputs.append(choice["text"])
                continue
            message = choice["message"]
            outputs.append(message if keep_calls and "function_call" in message else message.get("content", ""))
        return outputs

    @classmethod
    def extract_text(cls, response: Dict[str, Any]) -> List[str]:
        """The text of each choice of a response dict."""
        return cls._choice_outputs(response, keep_calls=False)

    @classmethod
    def extract_text_or_function_call(cls, response: Dict[str, Any]) -> List[Any]:
        """Each choice's text, or its message dict when it calls a function."""
        return cls._choice_outputs(response, keep_calls=True)

    @classmethod
    def print_usage_summary(cls) -> None:
        """Print cost and token counts of the logged history (0.2.40's output, through plain `print`)."""
        if cls._history_dict is None:
            print("No usage summary available.", flush=True)
        compact = cls._history_compact  # AttributeError when start_logging never ran, as in 0.2.40
        history = cls._history_dict or {}
        counts: Dict[str, Dict[str, int]] = defaultdict(
            lambda: {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
        )
        if compact:
            total_cost = sum(sum(entry["cost"]) for entry in history.values())
            usages = [(usage["model"], usage) for entry in history.values() for usage in entry["token_count"]]
        else:
            total_cost = sum(entry["response"]["cost"] for entry in history.values())
            usages = [(entry["response"]["model"], entry["response"]["usage"]) for entry in history.values()]
        for model, usage in usages:
            for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
                counts[model][key] += usage[key]
        print(f"Total cost: {total_cost}", flush=True)
        for model, c in counts.items():
            print(
                f"Token count summary for model {model}: prompt_tokens: {c['prompt_tokens']}, "
                f"completion_tokens: {c['completion_tokens']}, total_tokens: {c['total_tokens']}",
                flush=True,
            )


class ChatCompletion(Completion):
    """Deprecated: use `autogen.OpenAIWrapper`."""

    default_search_space = {**Completion.default_search_space, **_search_space(["gpt-3.5-turbo", "gpt-4"], False)}


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
