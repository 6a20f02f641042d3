"""`OpenAIWrapper`: one `create()` over a list of model configs, with failover, caching, cost and usage tracking.

Each config entry gets its model client once, at construction (an OpenAI/Azure SDK client object that is reused
for every call, a provider client, or a registered custom client). `create()` tries the entries in order.
"""

from __future__ import annotations

import json
import logging
import sys
import uuid
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from .. import runtime_logging
from .._reexports import lazy_names
from ..events import _bus
from ..events._model_calls import end_fields, start_fields
from . import _structured, _usage
from ._http import client_options
from ._legacy_cache import get_legacy_cache
from ._model_client import ModelClient, PlaceHolderClient
from ._response_check import MalformedResponseError, annotate, check_completion, describe_entry
from ._routing import (
    AWS_KEYS,
    PROVIDER_BY_CLASS,
    configure_azure,
    load_provider_class,
    openai_client_kwargs,
    provider_for,
)
from ._secrets import has_secret, redact
from .client_utils import logger_formatter, upstream_line
from .openai_utils import get_key
from .rate_limiters import RateLimiter, TimeRateLimiter

__all__ = (
    "OpenAIWrapper",
    "ModelClient",
    "OpenAIClient",
    "PlaceHolderClient",
    "LEGACY_DEFAULT_CACHE_SEED",
    "LEGACY_CACHE_DIR",
    "OPEN_API_BASE_URL_PREFIX",
    "TOOL_ENABLED",
    "ERROR",
)

TOOL_ENABLED = False
ERROR: Optional[ImportError] = None
try:
    import openai
    from openai import APIError, APITimeoutError, AzureOpenAI, OpenAI
    from packaging.version import Version

    from ._openai_client import OpenAIClient

    TOOL_ENABLED = Version(openai.__version__) >= Version("1.1.0")
except ImportError:  # pragma: no cover - openai is a core dependency
    ERROR = ImportError("Please install openai>=1 and diskcache to use autogen.OpenAIWrapper.")
    OpenAI = AzureOpenAI = None  # type: ignore[assignment,misc]

    class APIError(Exception):  # type: ignore[no-redef]
        """Stand-in so the `except` clauses below stay valid without openai."""

    class APITimeoutError(APIError):  # type: ignore[no-redef]
        pass

    class OpenAIClient:  # type: ignore[no-redef]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise ERROR  # type: ignore[misc]


logger = logging.getLogger(__name__)
if not logger.handlers:
    _handler = logging.StreamHandler(sys.stdout)
    _handler.setFormatter(logger_formatter)
    logger.addHandler(_handler)

LEGACY_DEFAULT_CACHE_SEED = 41
LEGACY_CACHE_DIR = ".cache"
OPEN_API_BASE_URL_PREFIX = "https://api.openai.com"

_TIMEOUT_ADVICE = (
    "OpenAI API call timed out. This could be due to congestion or too small a timeout value. The timeout can be "
    "specified by setting the 'timeout' value (in seconds) in the llm_config (if you are using agents) or the "
    "OpenAIWrapper constructor (if you are using the OpenAIWrapper directly)."
)


def _now_ts() -> str:
    """The request time as the runtime loggers record it."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def _normalise_price(price: Any) -> Any:
    """A config's `price` as 0.2 reads it: a list becomes a tuple, one number prices both token kinds.

    Anything else is kept as given and indexed when the cost is computed (so a 3-item price uses its first two).
    """
    if isinstance(price, list):
        return tuple(price)
    if isinstance(price, (int, float)):
        logger.warning(
            "Input price is a float/int. Using the same price for prompt and completion tokens. "
            "Use a list/tuple if prompt and completion token prices are different.",
            extra=upstream_line(716),
        )
        return (price, price)
    return price


class OpenAIWrapper:
    """A chat-completion client over a list of model configs, tried in order until one succeeds (or passes the filter)."""

    extra_kwargs = {
        "agent",
        "cache",
        "cache_seed",
        "filter_func",
        "allow_format_str_template",
        "context",
        "api_version",
        "api_type",
        "tags",
        "price",
    }
    openai_kwargs = set(openai_client_kwargs())
    aopenai_kwargs = set(openai_client_kwargs(("AzureOpenAI",)))  # 0.2 keeps the Azure-only set too
    total_usage_summary: Optional[Dict[str, Any]] = None
    actual_usage_summary: Optional[Dict[str, Any]] = None

    def __init__(self, *, config_list: Optional[List[Dict[str, Any]]] = None, **base_config: Any) -> None:
        """Build one model client per entry of `config_list` (or one from `base_config` alone).

        `base_config` holds settings shared by every entry (an agent's llm_config minus `config_list`); an entry's
        own values win. SDK-client settings (`api_key`, `base_url`, `timeout`, `max_retries`, ...) configure the
        client; the rest are request parameters or wrapper options (`cache_seed`, `filter_func`, `price`, ...).
        """
        if runtime_logging.logging_enabled():
            runtime_logging.log_new_wrapper(self, redact({"config_list": config_list, "base_config": base_config}))
        if config_list is not None and not isinstance(config_list, (list, tuple)):  # 0.2 takes a tuple too
            raise TypeError(f"config_list must be a list of dicts, got {type(config_list).__name__}")
        for i, entry in enumerate(config_list or []):
            if not isinstance(entry, dict):
                raise TypeError(f"config_list[{i}] must be a dict, got {type(entry).__name__}")
        openai_config, extra = self._separate_openai_config(base_config)
        self._clients: List[ModelClient] = []
        self._config_list: List[Dict[str, Any]] = []
        if config_list:
            self._rate_limiters: List[Optional[RateLimiter]] = self._initialize_rate_limiters(config_list)
            for entry in [config.copy() for config in config_list]:
                self._register_default_client(entry, openai_config)
                self._config_list.append({**extra, **{k: v for k, v in entry.items() if k not in self.openai_kwargs}})
        else:
            self._rate_limiters = [None]
            self._register_default_client(extra, openai_config)
            self._config_list = [extra]
        self.wrapper_id = id(self)

    def __repr__(self) -> str:
        models = [c.get("model") for c in self._config_list]
        return f"OpenAIWrapper(models={models!r}, clients={[type(c).__name__ for c in self._clients]})"

    # ------------------------------------------------------------------------------------------ construction
    def _separate_openai_config(self, config: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        openai_config = {k: v for k, v in config.items() if k in self.openai_kwargs}
        extra = {k: v for k, v in config.items() if k not in self.openai_kwargs}
        return openai_config, extra

    def _separate_create_config(self, config: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        create_config = {k: v for k, v in config.items() if k not in self.extra_kwargs}
        extra = {k: v for k, v in config.items() if k in self.extra_kwargs}
        return create_config, extra

    @staticmethod
    def _initialize_rate_limiters(config_list: List[Dict[str, Any]]) -> List[Optional[RateLimiter]]:
        """One limiter per entry with `api_rate_limit` (the key is removed from the caller's dict, as in 0.2)."""
        limiters: List[Optional[RateLimiter]] = []
        for config in config_list:
            if "api_rate_limit" in config:
                limiters.append(TimeRateLimiter(config["api_rate_limit"]))
                del config["api_rate_limit"]
            else:
                limiters.append(None)
        return limiters

    def _register_default_client(self, config: Dict[str, Any], openai_config: Dict[str, Any]) -> None:
        """Build and append the client for one config entry (a placeholder for a custom `model_client_cls`)."""
        openai_config = {**openai_config, **{k: v for k, v in config.items() if k in self.openai_kwargs}}
        model_client_cls_name = config.get("model_client_cls")
        if model_client_cls_name is not None:
            self._clients.append(PlaceHolderClient(config))
            logger.info(
                f"Detected custom model client in config: {model_client_cls_name}, model client can not be used "
                "until register_model_client is called.",
                extra=upstream_line(509),
            )
            return
        if ERROR is not None:
            raise ERROR
        api_type = config.get("api_type")
        provider = provider_for(api_type)
        if provider is None:
            if api_type is not None and api_type.startswith("azure"):
                self._configure_azure_openai(config, openai_config)
                sdk_client = AzureOpenAI(**client_options(openai_config))
            else:
                sdk_client = OpenAI(**client_options(openai_config))
            client: Any = OpenAIClient(sdk_client)
            logged: Any = sdk_client
        else:
            if provider.prefix == "bedrock" or (provider.prefix == "anthropic" and "api_key" not in config):
                self._configure_openai_config_for_bedrock(config, openai_config)
            provider_cls = load_provider_class(provider)
            client = provider_cls(config) if provider.whole_config else provider_cls(**openai_config)
            logged = client
        if runtime_logging.logging_enabled():
            runtime_logging.log_new_client(logged, self, redact(openai_config))
        self._clients.append(client)

    def _configure_azure_openai(self, config: Dict[str, Any], openai_config: Dict[str, Any]) -> None:
        """Azure SDK arguments from a config entry (kept under 0.2's name)."""
        configure_azure(config, openai_config)

    def _configure_openai_config_for_bedrock(self, config: Dict[str, Any], openai_config: Dict[str, Any]) -> None:
        """Copy the AWS credentials of a config entry into the client arguments (kept under 0.2's name)."""
        openai_config.update({k: config[k] for k in AWS_KEYS if k in config})

    def register_model_client(self, model_client_cls: type, **kwargs: Any) -> None:
        """Replace the first placeholder naming `model_client_cls` with `model_client_cls(config, **kwargs)`."""
        cls_name = model_client_cls.__name__
        waiting = [
            slot
            for slot, entry in enumerate(self._clients)
            if isinstance(entry, PlaceHolderClient) and entry.config.get("model_client_cls") == cls_name
        ]
        if waiting:
            slot = waiting[0]
            self._clients[slot] = model_client_cls(self._clients[slot].config, **kwargs)
        elif any(isinstance(entry, model_client_cls) for entry in self._clients):
            logger.warning(
                f"Model client {cls_name} is already registered. Add more entries in the config_list to use multiple model clients.",
                extra=upstream_line(592),
            )
        else:
            raise ValueError(
                f'Model client "{cls_name}" is being registered but was not found in the config_list. '
                f'Please make sure to include an entry in the config_list with "model_client_cls": "{cls_name}"'
            )

    # ------------------------------------------------------------------------------------------ templates
    @classmethod
    def instantiate(
        cls,
        template: Optional[Union[str, Callable[[Dict[str, Any]], str]]],
        context: Optional[Dict[str, Any]] = None,
        allow_format_str_template: Optional[bool] = False,
    ) -> Optional[str]:
        """Fill a prompt template from `context`: a callable gets the context; a str is formatted only if allowed."""
        if not context or template is None:
            return template  # type: ignore[return-value]
        if isinstance(template, str):
            return template.format(**context) if allow_format_str_template else template
        return template(context)

    def _construct_create_params(self, create_config: Dict[str, Any], extra_kwargs: Dict[str, Any]) -> Dict[str, Any]:
        """The request parameters, with templates in the prompt or messages filled from `context`."""
        prompt = create_config.get("prompt")
        messages = create_config.get("messages")
        if (prompt is None) == (messages is None):
            raise ValueError("Either prompt or messages should be in create config but not both.")
        context = extra_kwargs.get("context")
        if context is None:
            return create_config
        allow = extra_kwargs.get("allow_format_str_template", False)

        def fill(template: Any) -> Any:
            return self.instantiate(template, context, allow)

        if prompt is not None:
            return {**create_config, "prompt": fill(prompt)}
        if not context:
            return dict(create_config)
        filled = []
        for message in messages:
            content = message.get("content")
            filled.append({**message, "content": fill(content)} if content else message)
        return {**create_config, "messages": filled}

    # ------------------------------------------------------------------------------------------ create
    def create(self, **config: Any) -> ModelClient.ModelClientResponseProtocol:
        """Make a completion for `messages` (or legacy `prompt`), trying each config entry in order.

        Wrapper options: `context`, `allow_format_str_template`, `cache` (a Cache), `cache_seed` (legacy disk cache,
        default 41, None disables), `filter_func(context=, response=) -> bool`, `agent`, `price`. Values in the
        config list and the constructor take precedence over those passed here. Returns the client's response
        with `cost`, `config_id`, `pass_filter` and `message_retrieval_function` set.
        """
        if ERROR is not None:
            raise ERROR
        invocation_id = str(uuid.uuid4())
        pending = [c.config.get("model_client_cls") for c in self._clients if isinstance(c, PlaceHolderClient)]
        if pending:
            raise RuntimeError(
                f"Model client(s) {pending} are not activated. Please register the custom model clients using "
                "`register_model_client` or filter them out form the config list."
            )
        last = len(self._clients) - 1
        for i, client in enumerate(self._clients):
            create_config, extra_kwargs = self._separate_create_config({**config, **self._config_list[i]})
            api_type = extra_kwargs.get("api_type")
            if isinstance(api_type, str) and api_type.startswith("azure") and "model" in create_config:
                create_config["model"] = create_config["model"].replace(".", "")
            params = self._construct_create_params(create_config, extra_kwargs)
            params, validator = _structured.prepare(params, client, api_type)
            call = _Call(self, client, i, i == last, params, extra_kwargs, invocation_id)
            span = _bus.open_span("model_call", **start_fields(self, i, params)) if _bus.subscribers else None
            try:
                response = call.from_cache()
                cache_hit = response is not None
                if response is None:
                    response = call.from_api()
            except BaseException as error:
                _bus.close_span(span, error)
                raise
            if span is not None:
                outcome = end_fields(self, i, response, cache_hit, response is _NEXT, call.failover_error)
                _bus.close_span(span, **outcome)
            if response is _NEXT:
                continue
            return _structured.attach(response, validator)
        raise RuntimeError("Should not reach here.")

    # ------------------------------------------------------------------------------------------ helpers
    def _throttle_api_calls(self, idx: int) -> None:
        limiter = self._rate_limiters[idx] if idx < len(self._rate_limiters) else None
        if limiter is not None:
            limiter.sleep()

    @staticmethod
    def _cost_with_customized_price(
        response: ModelClient.ModelClientResponseProtocol, price_1k: Tuple[float, float]
    ) -> float:
        """Cost from the config's `price` (dollars per 1K prompt and completion tokens)."""
        return _usage.cost_with_customized_price(response, price_1k)

    def _update_usage(self, actual_usage: Optional[Dict[str, Any]], total_usage: Optional[Dict[str, Any]]) -> None:
        if total_usage is not None:
            self.total_usage_summary = _usage.add_usage(self.total_usage_summary, total_usage)
        if actual_usage is not None:
            self.actual_usage_summary = _usage.add_usage(self.actual_usage_summary, actual_usage)

    def print_usage_summary(self, mode: Union[str, List[str]] = ["actual", "total"]) -> None:  # noqa: B006
        """Print the usage summary: "actual" (API calls made), "total" (incl. cache hits), or both."""
        _usage.print_usage_summary(self.actual_usage_summary, self.total_usage_summary, mode)

    def clear_usage_summary(self) -> None:
        """Forget the recorded usage."""
        self.total_usage_summary = None
        self.actual_usage_summary = None

    @staticmethod
    def _update_dict_from_chunk(chunk: Any, d: Dict[str, Any], field: str) -> int:
        """Merge one streamed field into `d` (0.2's streaming tests call it on the wrapper); 1 if it held a value."""
        from ._stream import update_dict_from_chunk

        return update_dict_from_chunk(chunk, d, field)

    @staticmethod
    def _update_function_call_from_chunk(
        function_call_chunk: Any, full_function_call: Optional[Dict[str, Any]], completion_tokens: int
    ) -> Tuple[Dict[str, Any], int]:
        """Merge one streamed function-call delta (0.2 keeps this helper on the wrapper; its tests call it here)."""
        from ._stream import update_function_call_from_chunk

        return update_function_call_from_chunk(function_call_chunk, full_function_call, completion_tokens)

    @staticmethod
    def _update_tool_calls_from_chunk(
        tool_calls_chunk: Any, full_tool_call: Optional[Dict[str, Any]], completion_tokens: int
    ) -> Tuple[Dict[str, Any], int]:
        """Merge one streamed tool-call delta into the call at its index (also on the wrapper, as in 0.2)."""
        from ._stream import update_tool_calls_from_chunk

        return update_tool_calls_from_chunk(tool_calls_chunk, full_tool_call, completion_tokens)

    @classmethod
    def extract_text_or_completion_object(
        cls, response: ModelClient.ModelClientResponseProtocol
    ) -> Union[List[str], List[ModelClient.ModelClientResponseProtocol.Choice.Message]]:
        """The replies in a response from `create`: strings, or message objects when they carry tool/function calls."""
        return response.message_retrieval_function(response)


_NEXT = object()  # "this config entry is done; go on with the next one"


def _with_cache(cache: Any, use: Callable[[Any], Any]) -> Any:
    """Apply `use` to a cache. Our own backends are used directly (they stay open between calls); any other
    cache object is entered and left around each use, and `use` gets what its `__enter__` returned, as in 0.2."""
    if type(cache).__module__.startswith("autogen.cache."):
        return use(cache)
    with cache as entered:
        return use(entered)


class _Call:
    """One attempt of `create` on one config entry: cache lookup, API call, cost, usage, logging and filtering."""

    def __init__(
        self,
        wrapper: OpenAIWrapper,
        client: Any,
        index: int,
        is_last: bool,
        params: Dict[str, Any],
        extra: Dict[str, Any],
        invocation_id: str,
    ) -> None:
        self.wrapper, self.client, self.index, self.is_last = wrapper, client, index, is_last
        self.params, self.invocation_id = params, invocation_id
        self.filter_func = extra.get("filter_func")
        self.context = extra.get("context")
        self.agent = extra.get("agent")
        self.price = _normalise_price(extra.get("price"))
        cache = extra.get("cache")
        cache_seed = extra.get("cache_seed", LEGACY_DEFAULT_CACHE_SEED)
        # Both stay open across calls: 0.2 entered and left a user's cache around each use, which closed and
        # reopened its connection every call (~1 ms for a disk cache); the owner's `with` block closes it.
        self.user_cache = cache
        self.legacy_cache = (
            get_legacy_cache(cache_seed, LEGACY_CACHE_DIR) if cache is None and cache_seed is not None else None
        )
        self.key: Optional[str] = None
        # why this attempt handed over to the next entry ("Type: message"), for the model-call end event
        self.failover_error: Optional[str] = None

    def _cache_get(self) -> Any:
        self.key = get_key(self.params)
        cache = self.user_cache if self.user_cache is not None else self.legacy_cache
        return _with_cache(cache, lambda c: c.get(self.key, None))

    def _cache_set(self, response: Any) -> None:
        cache = self.user_cache if self.user_cache is not None else self.legacy_cache
        if cache is not None:
            _with_cache(cache, lambda c: c.set(self.key, response))

    def _log(self, response: Any, is_cached: int, cost: float, request_ts: str) -> None:
        request = redact(self.params) if has_secret(self.params) else self.params
        runtime_logging.log_chat_completion(
            invocation_id=self.invocation_id,
            client_id=id(self.client),
            wrapper_id=id(self.wrapper),
            agent=self.agent,
            request=request,
            response=response,
            is_cached=is_cached,
            cost=cost,
            start_time=request_ts,
        )

    def _finish(self, response: Any, actual: Optional[Dict[str, Any]], total: Optional[Dict[str, Any]]) -> Any:
        """Apply the filter: return the response (recording usage) or `_NEXT` to try the next config."""
        pass_filter = self.filter_func is None or self.filter_func(context=self.context, response=response)
        if not (pass_filter or self.is_last):
            return _NEXT
        response.config_id = self.index
        response.pass_filter = pass_filter
        self.wrapper._update_usage(actual_usage=actual, total_usage=total)
        return response

    def _where(self) -> str:
        return describe_entry(self.index, self.wrapper._config_list[self.index], self.client)

    def _bad_body(self, err: ValueError, request_ts: str) -> Any:
        """A body that is not a completion: fail over like a server error, or raise naming the entry."""
        if runtime_logging.logging_enabled():
            self._log(f"error_code:invalid_response, config {self.index} failed", 0, 0, request_ts)
        reason = str(err)
        if isinstance(err, json.JSONDecodeError):
            reason = annotate(err, self._where())  # type and message stay the SDK's (0.2 raised this same error)
        if self.is_last:
            raise err
        logger.warning(f"{reason}; trying the next config entry")
        self.failover_error = f"{type(err).__name__}: {err}"
        return _NEXT

    def from_cache(self) -> Any:
        """The cached response (or `_NEXT` if it fails the filter); None on a miss or without a cache."""
        if self.user_cache is None and self.legacy_cache is None:
            return None
        request_ts = _now_ts() if runtime_logging.logging_enabled() else ""
        response = self._cache_get()
        if response is None:
            return None
        if not hasattr(response, "cost"):
            response.cost = self.client.cost(response)
            self._cache_set(response)
        response.message_retrieval_function = self.client.message_retrieval
        total = self.client.get_usage(response)
        if runtime_logging.logging_enabled():
            self._log(response, 1, response.cost, request_ts)
        return self._finish(response, None, total)

    def from_api(self) -> Any:
        """Call the model; returns the response, `_NEXT` to fail over, or raises."""
        wrapper, i = self.wrapper, self.index
        wrapper._throttle_api_calls(i)
        request_ts = _now_ts() if runtime_logging.logging_enabled() else ""
        try:
            response = self.client.create(self.params)
            if isinstance(self.client, OpenAIClient):
                check_completion(response, self._where())
        except (json.JSONDecodeError, MalformedResponseError) as err:
            return self._bad_body(err, request_ts)
        except APITimeoutError as err:
            logger.debug(f"config {i} timed out", exc_info=True)
            if self.is_last:
                raise TimeoutError(_TIMEOUT_ADVICE) from err
            self.failover_error = f"{type(err).__name__}: {err}"
            return _NEXT
        except APIError as err:
            error_code = getattr(err, "code", None)
            if runtime_logging.logging_enabled():
                self._log(f"error_code:{error_code}, config {i} failed", 0, 0, request_ts)
            if error_code == "content_filter" or self.is_last:
                raise
            logger.debug(f"config {i} failed", exc_info=True)
            self.failover_error = f"{type(err).__name__}: {err}"
            return _NEXT
        if self.price is not None:
            response.cost = wrapper._cost_with_customized_price(response, self.price)
        else:
            response.cost = self.client.cost(response)
        actual = self.client.get_usage(response)
        # The call was paid for: it counts even if the filter then rejects the response.
        wrapper._update_usage(actual_usage=actual, total_usage=actual.copy() if actual is not None else None)
        if self.key is not None:
            self._cache_set(response)  # before the attributes below, which do not pickle
        if runtime_logging.logging_enabled():
            self._log(response, 0, response.cost, request_ts)
        response.message_retrieval_function = self.client.message_retrieval
        return self._finish(response, None, None)


def _provider_class(name: str) -> Any:
    """Provider client classes (`from autogen.oai.client import GeminiClient`), loaded on first use."""
    provider = PROVIDER_BY_CLASS.get(name)
    if provider is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return load_provider_class(provider)


# 0.2's other names in this module (see autogen._reexports), then the provider classes
__getattr__ = lazy_names(__name__, _provider_class)
