"""Pieces every non-OpenAI provider client shares: SDK-missing errors, openai-shaped responses, usage and cost.

Provider clients translate requests into their SDK's shape, then come back through `build_chat_completion`
so that the wrapper, the cache and the agents only ever see OpenAI `ChatCompletion` objects.
"""

from __future__ import annotations

import json
import time
import uuid
import warnings
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

__all__ = [
    "ProviderClientMixin",
    "build_chat_completion",
    "cost_from_table",
    "describe_provider_error",
    "drop_names",
    "missing_sdk_error",
    "move_unknown_to_extra_body",
    "sdk_client_options",
    "provider_tools_hidden",
    "table_prices",
    "tool_call_dicts",
]

ToolCallSpec = Tuple[Optional[str], str, Union[str, Mapping[str, Any], None]]


def missing_sdk_error(provider: str, package: str, extra: str, cause: Optional[BaseException] = None) -> ImportError:
    """The error raised when a provider client is used without its SDK installed."""
    detail = f" ({cause})" if cause else ""
    return ImportError(
        f"The {provider} client needs the '{package}' package, which could not be imported{detail}. "
        f'Install it with: pip install "autogen-agentchat[{extra}]"'
    )


_LABELLED_ERROR_TYPES: Dict[type, type] = {}


def _labelled_type(cls: type) -> type:
    """A subclass of an SDK error type whose str() is our provider-labelled message."""
    if cls not in _LABELLED_ERROR_TYPES:
        namespace = {"__str__": lambda self: self._provider_label, "__module__": cls.__module__}
        _LABELLED_ERROR_TYPES[cls] = type(cls.__name__, (cls,), namespace)
    return _LABELLED_ERROR_TYPES[cls]


def describe_provider_error(err: BaseException, provider: str) -> BaseException:
    """The SDK error with a message that names the provider; still an instance of the SDK's type, so callers can
    keep catching e.g. `anthropic.BadRequestError`. Raise the result inside the `except` block (chains the cause)."""
    text = str(err)
    if provider.lower() in text.lower():
        return err
    try:
        labelled_cls = _labelled_type(type(err))
        labelled = labelled_cls.__new__(labelled_cls)
        labelled.__dict__.update(getattr(err, "__dict__", {}))
        labelled.args = err.args
        labelled._provider_label = f"{provider} API request failed: {text}"
        labelled.__traceback__ = err.__traceback__
        return labelled
    except Exception:  # pragma: no cover - exception types that cannot be re-created
        return err


def tool_call_dicts(calls: Iterable[ToolCallSpec], id_prefix: str = "call") -> List[Dict[str, Any]]:
    """OpenAI tool-call dicts from (id, name, arguments) triples; arguments become a JSON string."""
    result = []
    for call_id, name, arguments in calls:
        if arguments is None:
            arguments = {}
        args = arguments if isinstance(arguments, str) else json.dumps(arguments)
        result.append(
            {
                "id": call_id or f"{id_prefix}_{uuid.uuid4().hex[:12]}",
                "type": "function",
                "function": {"name": name, "arguments": args},
            }
        )
    return result


def build_chat_completion(
    *,
    response_id: Optional[str],
    model: str,
    text: Optional[str],
    tool_calls: Optional[List[Dict[str, Any]]] = None,
    finish_reason: Optional[str] = None,
    prompt_tokens: int = 0,
    completion_tokens: int = 0,
    cost: float = 0.0,
) -> Any:
    """An `openai.types.chat.ChatCompletion` with one choice, usage and a `cost` attribute."""
    from openai.types.chat import ChatCompletion, ChatCompletionMessage, ChatCompletionMessageToolCall
    from openai.types.chat.chat_completion import Choice
    from openai.types.completion_usage import CompletionUsage

    calls = [ChatCompletionMessageToolCall(**call) for call in tool_calls] if tool_calls else None
    if finish_reason is None:
        finish_reason = "tool_calls" if calls else "stop"
    message = ChatCompletionMessage(role="assistant", content=text, function_call=None, tool_calls=calls)
    prompt_tokens = int(prompt_tokens or 0)
    completion_tokens = int(completion_tokens or 0)
    return ChatCompletion(
        id=str(response_id or f"chatcmpl-{uuid.uuid4().hex}"),
        model=model,
        created=int(time.time()),
        object="chat.completion",
        choices=[Choice(finish_reason=finish_reason, index=0, message=message, logprobs=None)],
        usage=CompletionUsage(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=prompt_tokens + completion_tokens,
        ),
        cost=cost,
    )


def _response_cost(response: Any) -> Any:
    cost = getattr(response, "cost", 0)
    return 0 if cost is None else cost


def cost_from_table(
    table: Mapping[str, Sequence[float]],
    model: str,
    input_tokens: int,
    output_tokens: int,
    unknown_warning: str,
    per: int = 1000,
) -> float:
    """Cost from a `{model: (input_price, output_price)}` table priced per `per` tokens; unknown model -> warn, 0.

    `unknown_warning` is the provider's warning text for a model missing from the table (0.2's words).
    The float operations are 0.2's, in 0.2's order (tokens scaled first, then priced), so costs match it to the bit.
    """
    prices = table_prices(table, model, unknown_warning)
    if prices is None:
        return 0.0
    return (input_tokens / per) * prices[0] + (output_tokens / per) * prices[1]


def table_prices(table: Mapping[str, Sequence[float]], model: str, unknown_warning: str) -> Optional[Sequence[float]]:
    """The (input, output) prices of `model`, or None after warning `unknown_warning` when the table lacks it."""
    prices = table.get(model)
    if prices is None:
        warnings.warn(unknown_warning, UserWarning, stacklevel=3)
    return prices


def drop_names(messages: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """Copies of the messages without the `name` key, which these providers reject."""
    return [{k: v for k, v in m.items() if k != "name"} for m in messages]


def provider_tools_hidden(params: Mapping[str, Any]) -> bool:
    """Whether the `hide_tools` setting says tools should be left out of this request."""
    from .client_utils import should_hide_tools, validate_parameter

    tools = params.get("tools")
    if not tools:
        return True
    mode = validate_parameter(params, "hide_tools", str, False, "never", None, ["if_all_run", "if_any_run", "never"])
    return bool(should_hide_tools(params.get("messages", []), tools, mode))


class ProviderClientMixin:
    """`message_retrieval`, `cost` and `get_usage` as every provider client implements them."""

    def message_retrieval(self, response: Any) -> List[Any]:
        """The message objects of the response's choices (never bare strings)."""
        return [choice.message for choice in response.choices]

    def cost(self, response: Any) -> float:
        """The cost the client computed when it built the response (kept as is: 0.0 stays a float, as in 0.2)."""
        return _response_cost(response)

    @staticmethod
    def get_usage(response: Any) -> Dict[str, Any]:
        """The five usage keys the wrapper tracks."""
        usage = getattr(response, "usage", None)
        return {
            "prompt_tokens": usage.prompt_tokens if usage is not None else 0,
            "completion_tokens": (usage.completion_tokens or 0) if usage is not None else 0,
            "total_tokens": usage.total_tokens if usage is not None else 0,
            "cost": _response_cost(response),
            "model": response.model,
        }


SDK_CLIENT_OPTIONS = ("base_url", "timeout", "max_retries", "default_headers", "default_query", "http_client")


def sdk_client_options(kwargs: Mapping[str, Any], allowed: Sequence[str] = SDK_CLIENT_OPTIONS) -> Dict[str, Any]:
    """The connection settings from a config (base_url, timeout, ...) that the provider's SDK client accepts."""
    return {k: kwargs[k] for k in allowed if kwargs.get(k) is not None}


def move_unknown_to_extra_body(method: Any, request: Dict[str, Any]) -> Dict[str, Any]:
    """Request kwargs the SDK method does not declare go into its `extra_body`, so they still reach the API.

    Newer SDK releases drop keyword arguments (e.g. sampling settings) that the HTTP API keeps accepting.
    """
    import inspect

    try:
        parameters = inspect.signature(method).parameters
    except (TypeError, ValueError):
        return request
    if "extra_body" not in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return request
    known = {k: v for k, v in request.items() if k in parameters}
    extra = {k: v for k, v in request.items() if k not in parameters}
    if extra:
        known["extra_body"] = {**(known.get("extra_body") or {}), **extra}
    return known
