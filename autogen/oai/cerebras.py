"""Cerebras model client (`api_type: "cerebras"`).

Example config entry::

    {"api_type": "cerebras", "model": "llama3.1-70b", "api_key": "...", "temperature": 0.5}

The Cerebras Cloud SDK speaks OpenAI's chat-completions shape: `name` is removed from messages, tools may be
hidden once they have run (`hide_tools`), and cost comes from `CEREBRAS_PRICING_1K`.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional

from ._provider_common import (
    ProviderClientMixin,
    build_chat_completion,
    cost_from_table,
    describe_provider_error,
    drop_names,
    missing_sdk_error,
    provider_tools_hidden,
    sdk_client_options,
)
from ._provider_openai_compat import call_chat_completions
from .client_utils import validate_parameter

try:
    from cerebras.cloud.sdk import Cerebras

    _IMPORT_ERROR: Optional[ImportError] = None
except ImportError as _err:  # the SDK is an optional extra
    Cerebras = None  # type: ignore[assignment,misc]
    _IMPORT_ERROR = _err

__all__ = ["CEREBRAS_PRICING_1K", "CerebrasClient", "calculate_cerebras_cost", "oai_messages_to_cerebras_messages"]

# (input, output) US$ per 1K tokens (US$ 0.10 and 0.60 per million)
CEREBRAS_PRICING_1K = {
    "llama3.1-8b": (0.10 / 1000, 0.10 / 1000),
    "llama3.1-70b": (0.60 / 1000, 0.60 / 1000),
}


class CerebrasClient(ProviderClientMixin):
    """Client for the Cerebras inference API."""

    def __init__(self, api_key: Optional[str] = None, **kwargs: Any) -> None:
        self.api_key = api_key or os.getenv("CEREBRAS_API_KEY")
        assert self.api_key, (
            "Please include the api_key in your config list entry for Cerebras or set the CEREBRAS_API_KEY env variable."
        )
        if Cerebras is None:
            raise missing_sdk_error("Cerebras", "cerebras_cloud_sdk", "cerebras", _IMPORT_ERROR)
        self._sdk: Any = None
        self._sdk_options = sdk_client_options(kwargs)

    def __repr__(self) -> str:
        return f"CerebrasClient(base_url={self._sdk_options.get('base_url')!r})"

    def parse_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """The request settings Cerebras accepts, validated; invalid values fall back to defaults with a warning."""
        assert params.get("model"), (
            "Please specify the 'model' in your config list entry to nominate the Cerebras model to use."
        )
        number = (int, float)
        return {
            "model": params["model"],
            "max_tokens": validate_parameter(params, "max_tokens", int, True, None, (0, None), None),
            "seed": validate_parameter(params, "seed", int, True, None, None, None),
            "stream": validate_parameter(params, "stream", bool, True, False, None, None),
            "temperature": validate_parameter(params, "temperature", number, True, 1, (0, 1.5), None),
            "top_p": validate_parameter(params, "top_p", number, True, None, None, None),
        }

    def create(self, params: Dict[str, Any]) -> Any:
        """Send one chat request to Cerebras and return an OpenAI-style ChatCompletion."""
        request = {k: v for k, v in self.parse_params(params).items() if v is not None}
        request["messages"] = oai_messages_to_cerebras_messages(params.get("messages", []))
        if not provider_tools_hidden(params):
            request["tools"] = params["tools"]
        if self._sdk is None:  # built once: each SDK client loads TLS certificates and opens its own pool
            self._sdk = Cerebras(api_key=self.api_key, **_connection_options(self._sdk_options))
        sdk = self._sdk
        try:
            answer, _ = call_chat_completions(sdk, request)
        except Exception as err:
            raise describe_provider_error(err, "Cerebras")
        return build_chat_completion(
            response_id=answer.id,
            model=request["model"],
            text=answer.text,
            tool_calls=answer.tool_calls or None,
            finish_reason="tool_calls" if answer.tool_calls else "stop",
            prompt_tokens=answer.prompt_tokens,
            completion_tokens=answer.completion_tokens,
            cost=calculate_cerebras_cost(answer.prompt_tokens, answer.completion_tokens, request["model"]),
        )


def oai_messages_to_cerebras_messages(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """OpenAI messages as Cerebras takes them: the same, without `name`."""
    return drop_names(messages)


def _connection_options(options: Dict[str, Any]) -> Dict[str, Any]:
    """SDK options; the SDK's eager TCP warm-up is switched off so building a client never touches the network."""
    result: Dict[str, Any] = {"max_retries": 2, **options}
    try:
        import inspect

        if "warm_tcp_connection" in inspect.signature(Cerebras.__init__).parameters:
            result["warm_tcp_connection"] = False
    except (TypeError, ValueError):  # pragma: no cover - unintrospectable SDK
        pass
    return result


def calculate_cerebras_cost(input_tokens: int, output_tokens: int, model: str) -> float:
    """US$ cost of a Cerebras call; unknown models warn and cost 0."""
    return cost_from_table(
        CEREBRAS_PRICING_1K, model, input_tokens, output_tokens, f"Cost calculation not available for model {model}"
    )
