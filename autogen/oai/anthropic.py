"""Anthropic Claude model client (`api_type: "anthropic"`), direct or through Amazon Bedrock.

Example config entries::

    {"api_type": "anthropic", "model": "claude-3-5-sonnet-20240620", "api_key": "..."}
    {"api_type": "anthropic", "model": "anthropic.claude-3-sonnet-20240229-v1:0",
     "aws_access_key": "...", "aws_secret_key": "...", "aws_region": "us-east-1"}

System messages go into Anthropic's `system` field, the rest into alternating user/assistant turns with tool
uses and tool results as content blocks; the answer comes back as an OpenAI ChatCompletion.
"""

from __future__ import annotations

import copy
import os
import warnings
from typing import Any, Dict, List, Optional

from packaging.version import Version

from ._provider_common import (
    ProviderClientMixin,
    build_chat_completion,
    cost_from_table,
    describe_provider_error,
    missing_sdk_error,
    move_unknown_to_extra_body,
    sdk_client_options,
    tool_call_dicts,
)
from ._provider_turns import TurnFormat, alternate_turns
from .client_utils import validate_parameter

try:
    from anthropic import Anthropic, AnthropicBedrock
    from anthropic import __version__ as anthropic_version

    _IMPORT_ERROR: Optional[ImportError] = None
except ImportError as _err:  # the SDK is an optional extra
    Anthropic = AnthropicBedrock = None  # type: ignore[assignment,misc]
    anthropic_version = None  # type: ignore[assignment]
    _IMPORT_ERROR = _err

# Tool use needs anthropic >= 0.23.1 (0.2 exposes both names here).
TOOL_ENABLED = anthropic_version is not None and Version(anthropic_version) >= Version("0.23.1")

__all__ = ["ANTHROPIC_PRICING_1k", "AnthropicClient", "oai_messages_to_anthropic_messages"]

# (input, output) US$ per 1K tokens
ANTHROPIC_PRICING_1k = {
    "claude-3-5-sonnet-20240620": (0.003, 0.015),
    "claude-3-sonnet-20240229": (0.003, 0.015),
    "claude-3-opus-20240229": (0.015, 0.075),
    "claude-3-haiku-20240307": (0.00025, 0.00125),
    "claude-2.1": (0.008, 0.024),
    "claude-2.0": (0.008, 0.024),
    "claude-instant-1.2": (0.008, 0.024),
}


class AnthropicClient(ProviderClientMixin):
    """Client for Anthropic's Messages API (api key) or Claude on Amazon Bedrock (AWS credentials)."""

    def __init__(self, **kwargs: Any) -> None:
        self._api_key = kwargs.get("api_key") or os.getenv("ANTHROPIC_API_KEY")
        self._aws_access_key = kwargs.get("aws_access_key") or os.getenv("AWS_ACCESS_KEY_ID")
        self._aws_secret_key = kwargs.get("aws_secret_key") or os.getenv("AWS_SECRET_ACCESS_KEY")
        self._aws_session_token = kwargs.get("aws_session_token") or os.getenv("AWS_SESSION_TOKEN")
        self._aws_region = kwargs.get("aws_region") or os.getenv("AWS_DEFAULT_REGION")
        if self._api_key is None and None in (self._aws_access_key, self._aws_secret_key, self._aws_region):
            raise ValueError("API key or AWS credentials are required to use the Anthropic API.")
        if Anthropic is None:
            raise missing_sdk_error("Anthropic", "anthropic", "anthropic", _IMPORT_ERROR)
        options = sdk_client_options(kwargs)
        if self._api_key is not None:
            self._client = Anthropic(api_key=self._api_key, **options)
        else:
            self._client = AnthropicBedrock(
                aws_access_key=self._aws_access_key,
                aws_secret_key=self._aws_secret_key,
                aws_session_token=self._aws_session_token,
                aws_region=self._aws_region,
                **options,
            )

    def __repr__(self) -> str:
        return f"AnthropicClient(bedrock={self._api_key is None}, region={self._aws_region!r})"

    @property
    def api_key(self) -> Optional[str]:
        return self._api_key

    @property
    def aws_access_key(self) -> Optional[str]:
        return self._aws_access_key

    @property
    def aws_secret_key(self) -> Optional[str]:
        return self._aws_secret_key

    @property
    def aws_session_token(self) -> Optional[str]:
        return self._aws_session_token

    @property
    def aws_region(self) -> Optional[str]:
        return self._aws_region

    def load_config(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """The request settings Anthropic accepts, validated; invalid values fall back to defaults with a warning."""
        assert params.get("model"), "Please provide a `model` in the config_list to use the Anthropic API."
        number = (float, int)
        config = {
            "model": params["model"],
            "temperature": validate_parameter(params, "temperature", number, False, 1.0, (0.0, 1.0), None),
            "max_tokens": validate_parameter(params, "max_tokens", int, False, 4096, (1, None), None),
            "top_k": validate_parameter(params, "top_k", int, True, None, (1, None), None),
            "top_p": validate_parameter(params, "top_p", number, True, None, (0.0, 1.0), None),
            "stop_sequences": validate_parameter(params, "stop_sequences", list, True, None, None, None),
            "stream": validate_parameter(params, "stream", bool, False, False, None, None),
        }
        if config["stream"]:
            warnings.warn(
                "Streaming is not currently supported, streaming will be disabled.", UserWarning, stacklevel=2
            )
            config["stream"] = False
        return config

    def create(self, params: Dict[str, Any]) -> Any:
        """Send one Messages API request and return an OpenAI-style ChatCompletion."""
        params = dict(params)
        request = {k: v for k, v in self.load_config(params).items() if v is not None}
        if "tools" in params:
            params["functions"] = list(params.get("functions") or []) + self.convert_tools_to_functions(params["tools"])
        request["messages"] = oai_messages_to_anthropic_messages(params)
        system = " ".join(str(m.get("content") or "") for m in params.get("messages", []) if m.get("role") == "system")
        if system:
            request["system"] = system
        if params.get("functions"):
            request["tools"] = [self.openai_func_to_anthropic(f) for f in params["functions"]]
        try:
            create = self._client.messages.create
            response = create(**move_unknown_to_extra_body(create, request))
        except Exception as err:
            raise describe_provider_error(err, "Anthropic")
        return self._to_chat_completion(response, request["model"])

    @staticmethod
    def _to_chat_completion(response: Any, model: str) -> Any:
        text = next((b.text for b in response.content if getattr(b, "type", None) == "text"), "")
        calls = [(b.id, b.name, b.input) for b in response.content if getattr(b, "type", None) == "tool_use"]
        tool_calls = tool_call_dicts(calls) if calls and response.stop_reason == "tool_use" else None
        usage = response.usage
        return build_chat_completion(
            response_id=response.id,
            model=model,
            text=text,
            tool_calls=tool_calls,
            finish_reason="tool_calls" if tool_calls else "stop",
            prompt_tokens=usage.input_tokens,
            completion_tokens=usage.output_tokens,
            cost=_calculate_cost(usage.input_tokens, usage.output_tokens, model),
        )

    @staticmethod
    def openai_func_to_anthropic(openai_func: Dict[str, Any]) -> Dict[str, Any]:
        """An OpenAI function schema as an Anthropic tool: `parameters` becomes `input_schema`."""
        tool = {k: v for k, v in openai_func.items() if k != "parameters"}
        tool["input_schema"] = openai_func.get("parameters") or {"type": "object", "properties": {}}
        return tool

    @staticmethod
    def convert_tools_to_functions(tools: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """The function schemas inside OpenAI `tools` entries."""
        return [tool["function"] for tool in tools or [] if "function" in tool]


def _calculate_cost(input_tokens: int, output_tokens: int, model: str) -> float:
    """US$ cost of an Anthropic call; unknown models warn and cost 0."""
    return cost_from_table(
        ANTHROPIC_PRICING_1k, model, input_tokens, output_tokens, f"Cost calculation not available for model {model}"
    )


def _image_block(url: str) -> Optional[Dict[str, Any]]:
    if url.startswith("data:") and ";base64," in url:
        media_type, data = url[5:].split(";base64,", 1)
        return {"type": "image", "source": {"type": "base64", "media_type": media_type, "data": data}}
    if url.startswith(("http://", "https://")):
        return {"type": "image", "source": {"type": "url", "url": url}}
    return None


ANTHROPIC_FORMAT = TurnFormat(
    text=lambda text: text,
    tool_use=lambda call_id, name, args: {"type": "tool_use", "id": call_id, "name": name, "input": args},
    tool_result=lambda call_id, text: {"type": "tool_result", "tool_use_id": call_id, "content": text},
    text_block=lambda text: {"type": "text", "text": text},
    image_block=_image_block,
)


def oai_messages_to_anthropic_messages(params: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The non-system messages of `params` as alternating Anthropic turns (tool blocks only when tools are given)."""
    messages = [m for m in copy.deepcopy(params.get("messages", [])) if m.get("role") != "system"]
    return alternate_turns(messages, bool(params.get("tools")), ANTHROPIC_FORMAT)
