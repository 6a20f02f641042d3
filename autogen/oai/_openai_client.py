"""`OpenAIClient`: the model client for OpenAI and Azure OpenAI, over one reused SDK client object."""

from __future__ import annotations

import functools
import inspect
import logging
from typing import Any, Dict, FrozenSet, List, Optional, Tuple, Union

from openai._base_client import make_request_options
from openai.types.chat import ChatCompletion
from openai.types.chat.chat_completion import Choice
from openai.types.completion import Completion
from openai.types.completion_usage import CompletionUsage

from ..io.base import IOStream
from . import _stream
from .client_utils import upstream_line
from .openai_utils import OAI_PRICE1K

__all__ = ("OpenAIClient",)

# Per-request options of the SDK's create methods that are not part of the JSON body.
_REQUEST_OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout")

logger = logging.getLogger("autogen.oai.client")


class OpenAIClient:
    """Sends requests through an `openai.OpenAI` / `openai.AzureOpenAI` object built once per config entry."""

    def __init__(self, client: Any) -> None:
        self._oai_client = client

    def __repr__(self) -> str:
        base_url = getattr(self._oai_client, "base_url", None)
        return f"OpenAIClient({type(self._oai_client).__name__}, base_url={str(base_url)!r})"

    # ------------------------------------------------------------------------------------------ requests
    def create(self, params: Dict[str, Any]) -> Union[ChatCompletion, Completion]:
        """Chat completion when `messages` is given (streamed if `stream`), else a legacy text completion."""
        if "messages" in params:
            if params.get("stream", False):
                return self._create_streamed(params)
            return self._post_chat(params)
        return self._oai_client.completions.create(**{**params, "stream": False})

    def _post_chat(self, params: Dict[str, Any]) -> ChatCompletion:
        """POST the request as it is: it is plain JSON already.

        `chat.completions.create` would first rebuild every message from the SDK's type hints, which costs
        about 0.3 ms per message per call and dominates long conversations. The SDK's own `post` still does
        the auth, retries, Azure routing, error types and response parsing. Anything that is not plain JSON
        (e.g. a pydantic class as `response_format`) goes through `create` as before.
        """
        if not _accepted_by_create(self._oai_client.chat.completions.create, params):
            # the SDK rejects an unknown argument with a TypeError before sending anything, as 0.2.40 shows it
            return self._oai_client.chat.completions.create(**{**params, "stream": False})
        body = {k: v for k, v in params.items() if k not in _REQUEST_OPTIONS}
        body["stream"] = False
        options = make_request_options(**{k: params[k] for k in _REQUEST_OPTIONS if k in params})
        try:
            return self._oai_client.post("/chat/completions", body=body, cast_to=ChatCompletion, options=options)
        except TypeError:
            return self._oai_client.chat.completions.create(**{**params, "stream": False})

    def _create_streamed(self, params: Dict[str, Any]) -> ChatCompletion:
        """Print the content as it arrives (in green) and return the assembled completion."""
        iostream = IOStream.get_default()
        state = _stream.StreamState(int(params.get("n") or 1))
        iostream.print("\033[32m", end="")
        try:
            for chunk in self._oai_client.chat.completions.create(**params):
                for text in state.add_chunk(chunk):
                    iostream.print(text, end="", flush=True)
        finally:
            iostream.print("\033[0m\n")
        return _assemble_stream(state, params["messages"])

    # ------------------------------------------------------------------------------------------ reading
    def message_retrieval(self, response: Union[ChatCompletion, Completion]) -> List[Any]:
        """Each choice's text, or its message object when it carries a function or tool call."""
        choices = response.choices
        if isinstance(response, Completion):
            return [choice.text for choice in choices]
        return [
            choice.message
            if choice.message.function_call is not None or getattr(choice.message, "tool_calls", None) is not None
            else choice.message.content
            for choice in choices
        ]

    def cost(self, response: Union[ChatCompletion, Completion]) -> float:
        """The response's price from `OAI_PRICE1K` (by the model name the API returned); 0 with a warning if unknown."""
        model = response.model
        price = OAI_PRICE1K.get(model)
        if price is None:
            # logged for every response, as 0.2.40 does
            logger.warning(
                f'Model {model} is not found. The cost will be 0. In your config_list, add field {{"price" : '
                f"[prompt_price_per_1k, completion_token_price_per_1k]}} for customized pricing.",
                extra=upstream_line(351),
            )
            return 0
        usage = response.usage
        prompt_tokens = (usage.prompt_tokens or 0) if usage is not None else 0
        completion_tokens = (usage.completion_tokens or 0) if usage is not None else 0
        if isinstance(price, tuple):
            return (price[0] * prompt_tokens + price[1] * completion_tokens) / 1000
        return price * (prompt_tokens + completion_tokens) / 1000

    @staticmethod
    def get_usage(response: Union[ChatCompletion, Completion]) -> Dict[str, Any]:
        counted = response.usage
        summary: Dict[str, Any] = {
            name: 0 if counted is None else getattr(counted, name)
            for name in ("prompt_tokens", "completion_tokens", "total_tokens")
        }
        summary["cost"] = getattr(response, "cost", 0)
        summary["model"] = response.model
        return summary

    # ------------------------------------------------------------------------------------------ stream merging
    @staticmethod
    def _update_dict_from_chunk(chunk: Any, d: Dict[str, Any], field: str) -> int:
        return _stream.update_dict_from_chunk(chunk, d, field)

    @staticmethod
    def _update_function_call_from_chunk(
        function_call_chunk: Any, full_function_call: Any, completion_tokens: int
    ) -> Tuple[Dict[str, Any], int]:
        return _stream.update_function_call_from_chunk(function_call_chunk, full_function_call, completion_tokens)

    @staticmethod
    def _update_tool_calls_from_chunk(
        tool_calls_chunk: Any, full_tool_call: Any, completion_tokens: int
    ) -> Tuple[Dict[str, Any], int]:
        return _stream.update_tool_calls_from_chunk(tool_calls_chunk, full_tool_call, completion_tokens)


@functools.lru_cache(maxsize=8)
def _create_parameters(create_function: Any) -> Optional[FrozenSet[str]]:
    """The keyword names an SDK `create` method declares (None when it takes any `**kwargs`)."""
    parameters = inspect.signature(create_function).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return None
    return frozenset(p.name for p in parameters)


def _accepted_by_create(create_method: Any, params: Dict[str, Any]) -> bool:
    names = _create_parameters(getattr(create_method, "__func__", create_method))
    return names is None or all(key in names for key in params)


def _count_prompt_tokens(messages: List[Dict[str, Any]], model: str) -> int:
    try:
        from ..token_count_utils import count_token

        return count_token(messages, model.replace("gpt-35", "gpt-3.5"))
    except (NotImplementedError, ImportError, KeyError, ValueError) as e:
        logger.warning(
            str(e), extra=upstream_line(296)
        )  # 0.2.40 logs just the reason (e.g. an unknown model) and counts 0
        return 0


def _assemble_stream(state: _stream.StreamState, messages: List[Dict[str, Any]]) -> ChatCompletion:
    """The `ChatCompletion` a non-streamed request would have returned (usage estimated as 0.2.40 does)."""
    last = state.last_chunk
    if last is None:
        raise RuntimeError("The streamed chat completion ended before any chunk arrived.")
    prompt_tokens = _count_prompt_tokens(messages, last.model)
    usage = CompletionUsage(
        prompt_tokens=prompt_tokens,
        completion_tokens=state.completion_tokens,
        total_tokens=prompt_tokens + state.completion_tokens,
    )
    message: Dict[str, Any] = {"role": "assistant", "function_call": state.function_call}
    # like 0.2.40, each assembled tool call keeps the `index` of its deltas (the API accepts it back)
    calls = state.tool_calls
    message["tool_calls"] = None if calls is None else [c for c in calls if c is not None]
    choices = [
        Choice.model_validate(
            {
                "index": i,
                "finish_reason": state.finish_reasons[i] or "stop",
                "logprobs": None,
                "message": {**message, "content": content},
            }
        )
        for i, content in enumerate(state.contents)
    ]
    return ChatCompletion(
        id=last.id, model=last.model, created=last.created, object="chat.completion", choices=choices, usage=usage
    )
