"""Groq model client (`api_type: "groq"`).

Example config entry::

    {"api_type": "groq", "model": "llama3-70b-8192", "api_key": "...", "temperature": 0.5, "hide_tools": "if_any_run"}

Groq's API follows OpenAI's chat-completions shape, so requests mostly pass through; `name` is removed from
messages, tools may be hidden once they have run, and cost comes from `GROQ_PRICING_1K`.
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
    from groq import Groq

    _IMPORT_ERROR: Optional[ImportError] = None
except ImportError as _err:  # the SDK is an optional extra
    Groq = None  # type: ignore[assignment,misc]
    _IMPORT_ERROR = _err

__all__ = ["GROQ_PRICING_1K", "GroqClient", "calculate_groq_cost", "oai_messages_to_groq_messages"]

# (input, output) US$ per 1K tokens
GROQ_PRICING_1K = {
    "llama3-70b-8192": (0.00059, 0.00079),
    "mixtral-8x7b-32768": (0.00024, 0.00024),
    "llama3-8b-8192": (0.00005, 0.00008),
    "gemma-7b-it": (0.00007, 0.00007),
}


class GroqClient(ProviderClientMixin):
    """Client for Groq's chat-completions API."""

    def __init__(self, **kwargs: Any) -> None:
        self.api_key = kwargs.get("api_key") or os.getenv("GROQ_API_KEY")
        assert self.api_key, (
            "Please include the api_key in your config list entry for Groq or set the GROQ_API_KEY env variable."
        )
        if Groq is None:
            raise missing_sdk_error("Groq", "groq", "groq", _IMPORT_ERROR)
        self._sdk: Any = None
        self._sdk_options = sdk_client_options(kwargs)

    def __repr__(self) -> str:
        return f"GroqClient(base_url={self._sdk_options.get('base_url')!r})"

    def parse_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """The request settings Groq accepts, validated; invalid values fall back to defaults with a warning."""
        assert params.get("model"), (
            "Please specify the 'model' in your config list entry to nominate the Groq model to use."
        )
        number = (int, float)
        return {
            "model": params["model"],
            "frequency_penalty": validate_parameter(params, "frequency_penalty", number, True, None, (-2, 2), None),
            "max_tokens": validate_parameter(params, "max_tokens", int, True, None, (0, None), None),
            "presence_penalty": validate_parameter(params, "presence_penalty", number, True, None, (-2, 2), None),
            "seed": validate_parameter(params, "seed", int, True, None, None, None),
            "stream": validate_parameter(params, "stream", bool, True, False, None, None),
            "temperature": validate_parameter(params, "temperature", number, True, 1, (0, 2), None),
            "top_p": validate_parameter(params, "top_p", number, True, None, None, None),
        }

    def create(self, params: Dict[str, Any]) -> Any:
        """Send one chat request to Groq and return an OpenAI-style ChatCompletion."""
        request = {k: v for k, v in self.parse_params(params).items() if v is not None}
        request["messages"] = oai_messages_to_groq_messages(params.get("messages", []))
        if not provider_tools_hidden(params):
            request["tools"] = params["tools"]
        if self._sdk is None:  # built once: each SDK client loads TLS certificates and opens its own pool
            self._sdk = Groq(api_key=self.api_key, **{"max_retries": 5, **self._sdk_options})
        sdk = self._sdk
        try:
            answer, _ = call_chat_completions(sdk, request)
        except Exception as err:
            raise describe_provider_error(err, "Groq")
        return build_chat_completion(
            response_id=answer.id,
            model=request["model"],
            text=answer.text,
            tool_calls=answer.tool_calls or None,
            finish_reason="tool_calls" if answer.tool_calls else "stop",
            prompt_tokens=answer.prompt_tokens,
            completion_tokens=answer.completion_tokens,
            cost=calculate_groq_cost(answer.prompt_tokens, answer.completion_tokens, request["model"]),
        )


def oai_messages_to_groq_messages(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """OpenAI messages as Groq takes them: the same, without `name`."""
    return drop_names(messages)


def calculate_groq_cost(input_tokens: int, output_tokens: int, model: str) -> float:
    """US$ cost of a Groq call; unknown models warn and cost 0."""
    return cost_from_table(
        GROQ_PRICING_1K, model, input_tokens, output_tokens, f"Cost calculation not available for model {model}"
    )
