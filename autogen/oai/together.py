"""Together.AI model client (`api_type: "together"`).

Example config entry::

    {"api_type": "together", "model": "mistralai/Mixtral-8x7B-Instruct-v0.1", "api_key": "...", "max_tokens": 1000}

Together's API follows OpenAI's chat-completions shape. Tool results are sent with role `user`, streaming is
turned off when tools are given, and cost is estimated from the model's size as read from its name.
"""

from __future__ import annotations

import copy
import os
import re
import warnings
from typing import Any, Dict, List, Optional

from ._provider_common import (
    ProviderClientMixin,
    build_chat_completion,
    describe_provider_error,
    missing_sdk_error,
    sdk_client_options,
)
from ._provider_openai_compat import call_chat_completions
from .client_utils import validate_parameter

try:
    from together import Together

    _IMPORT_ERROR: Optional[ImportError] = None
except ImportError as _err:  # the SDK is an optional extra
    Together = None  # type: ignore[assignment,misc]
    _IMPORT_ERROR = _err

__all__ = [
    "TogetherClient",
    "calculate_together_cost",
    "chat_lang_code_model_sizes",
    "mixture_model_sizes",
    "oai_messages_to_together_messages",
]

# Upper size bound in billions of parameters -> US$ per million tokens (input and output alike)
chat_lang_code_model_sizes = {4: 0.1, 8: 0.2, 21: 0.3, 41: 0.8, 80: 0.9, 110: 1.8}
mixture_model_sizes = {56: 0.6, 176: 1.2, 480: 2.4}


class TogetherClient(ProviderClientMixin):
    """Client for Together.AI's chat-completions API."""

    def __init__(self, **kwargs: Any) -> None:
        self.api_key = kwargs.get("api_key") or os.getenv("TOGETHER_API_KEY")
        assert self.api_key, (
            "Please include the api_key in your config list entry for Together.AI or set the TOGETHER_API_KEY env variable."
        )
        if Together is None:
            raise missing_sdk_error("Together.AI", "together", "together", _IMPORT_ERROR)
        self._sdk: Any = None
        self._sdk_options = sdk_client_options(kwargs)

    def __repr__(self) -> str:
        return f"TogetherClient(base_url={self._sdk_options.get('base_url')!r})"

    def parse_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """The request settings Together accepts, validated; invalid values fall back to defaults with a warning."""
        assert params.get("model"), (
            "Please specify the 'model' in your config list entry to nominate the Together.AI model to use."
        )
        number = (int, float)
        parsed = {
            "model": params["model"],
            "max_tokens": validate_parameter(params, "max_tokens", int, True, 512, (0, None), None),
            "stream": validate_parameter(params, "stream", bool, False, False, None, None),
            "temperature": validate_parameter(params, "temperature", number, True, None, None, None),
            "top_p": validate_parameter(params, "top_p", number, True, None, None, None),
            "top_k": validate_parameter(params, "top_k", int, True, None, None, None),
            "repetition_penalty": validate_parameter(params, "repetition_penalty", float, True, None, None, None),
            "presence_penalty": validate_parameter(params, "presence_penalty", number, True, None, (-2, 2), None),
            "frequency_penalty": validate_parameter(params, "frequency_penalty", number, True, None, (-2, 2), None),
            "min_p": validate_parameter(params, "min_p", number, True, None, (0, 1), None),
            "safety_model": validate_parameter(params, "safety_model", str, True, None, None, None),
        }
        if parsed["stream"] and params.get("tools"):
            warnings.warn(
                "Streaming is not supported by Together.AI together with tools; streaming is turned off.",
                UserWarning,
                stacklevel=2,
            )
            parsed["stream"] = False
        return parsed

    def create(self, params: Dict[str, Any]) -> Any:
        """Send one chat request to Together.AI and return an OpenAI-style ChatCompletion."""
        request = {k: v for k, v in self.parse_params(params).items() if v is not None}
        request["messages"] = oai_messages_to_together_messages(params.get("messages", []))
        if params.get("tools"):
            request["tools"] = params["tools"]
            request["tool_choice"] = params.get("tool_choice", "auto")
        if self._sdk is None:  # built once: each SDK client loads TLS certificates and opens its own pool
            self._sdk = Together(api_key=self.api_key, **{"max_retries": 5, **self._sdk_options})
        sdk = self._sdk
        try:
            answer, _ = call_chat_completions(sdk, request)
        except Exception as err:
            raise describe_provider_error(err, "Together.AI")
        return build_chat_completion(
            response_id=answer.id,
            model=request["model"],
            text=answer.text,
            tool_calls=answer.tool_calls or None,
            finish_reason="tool_calls" if answer.tool_calls else "stop",
            prompt_tokens=answer.prompt_tokens,
            completion_tokens=answer.completion_tokens,
            cost=calculate_together_cost(answer.prompt_tokens, answer.completion_tokens, request["model"]),
        )


def oai_messages_to_together_messages(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Copies of the messages in which tool results carry role `user`, as Together's models expect."""
    converted = copy.deepcopy(messages)
    for message in converted:
        if message.get("role") == "tool":
            message["role"] = "user"
    return converted


def _price_for(size: float, table: Dict[int, float]) -> Optional[float]:
    for bound in sorted(table):
        if size <= bound:
            return table[bound]
    return None


def calculate_together_cost(input_tokens: int, output_tokens: int, model_name: str) -> float:
    """US$ cost estimated from the parameter count in the model's name (e.g. `70B`, `8x22B`); unknown -> warn, 0."""
    price: Optional[float] = None
    mixture = re.search(r"(\d+)x(\d+(?:\.\d+)?)[bB]", model_name)
    if mixture:
        price = _price_for(int(mixture.group(1)) * float(mixture.group(2)), mixture_model_sizes)
    else:
        plain = re.search(r"(\d+(?:\.\d+)?)[bB]", model_name)
        if plain:
            price = _price_for(float(plain.group(1)), chat_lang_code_model_sizes)
    if price is None:
        warnings.warn(
            f"Cost calculation is not available for Together.AI model {model_name!r}: its size is unknown.",
            UserWarning,
            stacklevel=2,
        )
        return 0.0
    return price * ((input_tokens + output_tokens) / 1e6)  # 0.2's order of operations
