"""Mistral AI model client (`api_type: "mistral"`).

Example config entry::

    {"api_type": "mistral", "model": "open-mixtral-8x22b", "api_key": "...", "temperature": 0.5}

Messages are rebuilt as the SDK's message classes (a system message after an assistant turn becomes a user
message, tool results carry their function's name), the conversation ends with a user or tool message, and
streaming is not offered (a warning says so).
"""

from __future__ import annotations

import json
import os
import warnings
from typing import Any, Dict, List, Optional

from ._provider_common import (
    ProviderClientMixin,
    build_chat_completion,
    describe_provider_error,
    missing_sdk_error,
    provider_tools_hidden,
    table_prices,
)
from .client_utils import validate_parameter

try:
    try:  # mistralai >= 2 keeps the client in `mistralai.client`
        from mistralai.client import Mistral
        from mistralai.client.models import (
            AssistantMessage,
            Function,
            FunctionCall,
            SystemMessage,
            ToolCall,
            ToolMessage,
            UserMessage,
        )
    except ImportError:  # mistralai 1.x
        from mistralai import (
            AssistantMessage,
            Function,
            FunctionCall,
            Mistral,
            SystemMessage,
            ToolCall,
            ToolMessage,
            UserMessage,
        )
    _IMPORT_ERROR: Optional[ImportError] = None
except ImportError as _err:  # the SDK is an optional extra
    Mistral = AssistantMessage = Function = FunctionCall = SystemMessage = None  # type: ignore[assignment,misc]
    ToolCall = ToolMessage = UserMessage = None  # type: ignore[assignment,misc]
    _IMPORT_ERROR = _err

__all__ = ["MistralAIClient", "calculate_mistral_cost", "tool_def_to_mistral"]

# (input, output) US$ per 1K tokens
MISTRAL_PRICING_1K = {
    "open-mistral-7b": (0.00025, 0.00025),
    "open-mixtral-8x7b": (0.0007, 0.0007),
    "open-mixtral-8x22b": (0.002, 0.006),
    "mistral-small-latest": (0.001, 0.003),
    "mistral-medium-latest": (0.00275, 0.0081),
    "mistral-large-latest": (0.0003, 0.0003),
    "mistral-large-2407": (0.0003, 0.0003),
    "open-mistral-nemo-2407": (0.0003, 0.0003),
    "codestral-2405": (0.001, 0.003),
}


class MistralAIClient(ProviderClientMixin):
    """Client for Mistral AI's chat API."""

    def __init__(self, **kwargs: Any) -> None:
        self.api_key = kwargs.get("api_key") or os.getenv("MISTRAL_API_KEY")
        assert self.api_key, (
            "Please specify the 'api_key' in your config list entry for Mistral or set the MISTRAL_API_KEY env variable."
        )
        if Mistral is None:
            raise missing_sdk_error("Mistral AI", "mistralai", "mistral", _IMPORT_ERROR)
        self._server_url: Optional[str] = kwargs.get("base_url")
        self._timeout = kwargs.get("timeout")
        self._client: Any = None

    def __repr__(self) -> str:
        return f"MistralAIClient(base_url={self._server_url!r})"

    def parse_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """Validated request settings and the conversation as Mistral message objects."""
        assert params.get("model"), (
            "Please specify the 'model' in your config list entry to nominate the Mistral.ai model to use."
        )
        number = (int, float)
        request: Dict[str, Any] = {
            "model": params["model"],
            "temperature": validate_parameter(params, "temperature", number, True, 0.7, None, None),
            "top_p": validate_parameter(params, "top_p", number, True, None, None, None),
            "max_tokens": validate_parameter(params, "max_tokens", int, True, None, (0, None), None),
            "safe_prompt": validate_parameter(params, "safe_prompt", bool, False, False, None, [True, False]),
            "random_seed": validate_parameter(params, "random_seed", int, True, None, None, None),
        }
        if params.get("stream"):
            warnings.warn(
                "Streaming is not currently supported, streaming will be disabled.", UserWarning, stacklevel=2
            )
        request["messages"] = oai_messages_to_mistral_messages(params.get("messages", []))
        if not provider_tools_hidden(params):
            request["tools"] = tool_def_to_mistral(params["tools"])
        return request  # unset settings stay as None, as in 0.2

    def create(self, params: Dict[str, Any]) -> Any:
        """Send one chat request to Mistral and return an OpenAI-style ChatCompletion."""
        request = self.parse_params(params)
        if self._client is None:
            options: Dict[str, Any] = {"api_key": self.api_key}
            if self._server_url:
                options["server_url"] = self._server_url
            if isinstance(self._timeout, (int, float)):
                options["timeout_ms"] = int(self._timeout * 1000)
            self._client = Mistral(**options)
        try:
            response = self._client.chat.complete(**request)
        except Exception as err:
            raise describe_provider_error(err, "Mistral")
        choice = response.choices[0]
        calls = [
            {
                "id": call.id,
                "type": "function",
                "function": {"name": call.function.name, "arguments": _arguments_text(call.function.arguments)},
            }
            for call in (choice.message.tool_calls or [])
        ]
        usage = response.usage
        return build_chat_completion(
            response_id=response.id,
            model=response.model or request["model"],
            text=_content_text(choice.message.content),
            tool_calls=calls or None,
            finish_reason="tool_calls" if calls else "stop",
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            cost=calculate_mistral_cost(usage.prompt_tokens, usage.completion_tokens, request["model"]),
        )


def tool_def_to_mistral(tool_definitions: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """OpenAI-style tool definitions as Mistral tools: each function becomes a `mistralai` Function object."""
    converted = []
    for tool in tool_definitions:
        spec = tool["function"]
        function = Function(name=spec["name"], description=spec.get("description"), parameters=spec["parameters"])
        converted.append({"type": "function", "function": function})
    return converted


def _arguments_text(arguments: Any) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments)


def _content_text(content: Any) -> str:
    if content is None or isinstance(content, str):
        return content or ""
    return "".join(getattr(chunk, "text", "") or "" for chunk in content)


def oai_messages_to_mistral_messages(messages: List[Dict[str, Any]]) -> List[Any]:
    """The conversation as Mistral message objects, ending with a user or tool message."""
    converted: List[Any] = []
    tool_names: Dict[str, str] = {}
    for message in messages:
        role, content = message.get("role"), message.get("content")
        if role == "system":
            after_assistant = bool(converted) and isinstance(converted[-1], AssistantMessage)
            converted.append(UserMessage(content=content) if after_assistant else SystemMessage(content=content))
        elif role == "assistant" and message.get("tool_calls"):
            calls = []
            for call in message["tool_calls"]:
                tool_names[call["id"]] = call["function"]["name"]
                function = FunctionCall(name=call["function"]["name"], arguments=call["function"]["arguments"])
                calls.append(ToolCall(id=call["id"], function=function))
            converted.append(AssistantMessage(content=content or "", tool_calls=calls))
        elif role == "assistant":
            converted.append(AssistantMessage(content=content))
        elif role == "tool":
            name = tool_names.get(message.get("tool_call_id", ""), message.get("name", ""))
            converted.append(ToolMessage(name=name, tool_call_id=message.get("tool_call_id"), content=content))
        else:
            converted.append(UserMessage(content=content))
    if not converted or not isinstance(converted[-1], (UserMessage, ToolMessage)):
        converted.append(UserMessage(content="Please continue."))
    return converted


def calculate_mistral_cost(input_tokens: int, output_tokens: int, model_name: str) -> float:
    """US$ cost of a Mistral call; unknown models warn and cost 0."""
    prices = table_prices(
        MISTRAL_PRICING_1K, model_name, f"Cost calculation is not implemented for model {model_name}, will return $0."
    )
    if prices is None:
        return 0
    # 0.2's order of operations for Mistral: each side priced, then scaled to the 1K-token unit
    return input_tokens * prices[0] / 1000 + output_tokens * prices[1] / 1000
