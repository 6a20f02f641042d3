"""Amazon Bedrock model client (`api_type: "bedrock"`), using Bedrock's Converse API through boto3.

Example config entry::

    {"api_type": "bedrock", "model": "meta.llama3-1-8b-instruct-v1:0", "aws_region": "us-east-1",
     "aws_access_key": "...", "aws_secret_key": "...", "temperature": 0.5, "supports_system_prompts": True}

Converse needs alternating user/assistant turns whose content is a list of blocks (`{"text": ...}`,
`{"toolUse": ...}`, `{"toolResult": ...}`, images); the first system message goes into `system`.
Settings are passed only when present in the config: `temperature`, `topP`, `maxTokens` as the inference
config, and `top_p`, `top_k`, `k`, `seed` as model-specific fields.
"""

from __future__ import annotations

import base64
import os
import re
import warnings
from typing import Any, Dict, List, Optional, Tuple

from ._provider_common import ProviderClientMixin, build_chat_completion, cost_from_table, missing_sdk_error
from ._provider_turns import TurnFormat, alternate_turns, convert_content
from .client_utils import validate_parameter

try:
    import boto3
    from botocore.config import Config

    _IMPORT_ERROR: Optional[ImportError] = None
except ImportError as _err:  # the SDK is an optional extra
    boto3 = None  # type: ignore[assignment]
    Config = None  # type: ignore[assignment,misc]
    _IMPORT_ERROR = _err

__all__ = [
    "PRICES_PER_K_TOKENS",
    "BedrockClient",
    "calculate_cost",
    "convert_stop_reason_to_finish_reason",
    "extract_system_messages",
    "format_tools",
    "oai_messages_to_bedrock_messages",
    "parse_content_parts",
    "parse_image",
]

# (input, output) US$ per 1K tokens
PRICES_PER_K_TOKENS = {
    "meta.llama3-8b-instruct-v1:0": (0.0003, 0.0006),
    "meta.llama3-70b-instruct-v1:0": (0.00265, 0.0035),
    "mistral.mistral-7b-instruct-v0:2": (0.00015, 0.0002),
    "mistral.mixtral-8x7b-instruct-v0:1": (0.00045, 0.0007),
    "mistral.mistral-large-2402-v1:0": (0.004, 0.012),
    "mistral.mistral-small-2402-v1:0": (0.001, 0.003),
}

_FINISH_REASONS = {
    "tool_use": "tool_calls",
    "finished": "stop",
    "end_turn": "stop",
    "stop_sequence": "stop",
    "complete": "stop",
    "max_tokens": "length",
    "content_filtered": "content_filter",
}


class BedrockClient(ProviderClientMixin):
    """Client for Amazon Bedrock's Converse API."""

    _retries = 5

    def __init__(self, **kwargs: Any) -> None:
        self._aws_access_key = kwargs.get("aws_access_key") or os.getenv("AWS_ACCESS_KEY_ID")
        self._aws_secret_key = kwargs.get("aws_secret_key") or os.getenv("AWS_SECRET_ACCESS_KEY")
        self._aws_session_token = kwargs.get("aws_session_token") or os.getenv("AWS_SESSION_TOKEN")
        self._aws_region = kwargs.get("aws_region") or os.getenv("AWS_DEFAULT_REGION") or os.getenv("AWS_REGION")
        self._aws_profile_name = kwargs.get("aws_profile_name")
        if not self._aws_region:
            raise ValueError("Region is required to use the Amazon Bedrock API.")
        if boto3 is None:
            raise missing_sdk_error("Amazon Bedrock", "boto3", "bedrock", _IMPORT_ERROR)
        config = Config(
            region_name=self._aws_region,
            signature_version="v4",
            retries={"max_attempts": self._retries, "mode": "standard"},
        )
        session = boto3.Session(
            aws_access_key_id=self._aws_access_key,
            aws_secret_access_key=self._aws_secret_key,
            aws_session_token=self._aws_session_token,
            profile_name=self._aws_profile_name,
        )
        endpoint = kwargs.get("base_url") or kwargs.get("endpoint_url")
        extra = {"endpoint_url": str(endpoint)} if endpoint else {}
        self.bedrock_runtime = session.client(service_name="bedrock-runtime", config=config, **extra)
        self._supports_system_prompts = True
        self._model_id: Optional[str] = None
        self._streaming = False

    def __repr__(self) -> str:
        return f"BedrockClient(region={self._aws_region!r})"

    def parse_custom_params(self, params: Dict[str, Any]) -> None:
        """Client settings from the config: whether the model takes a system prompt (default True)."""
        self._supports_system_prompts = params.get("supports_system_prompts", True)

    def parse_params(self, params: Dict[str, Any]) -> Tuple[Dict[str, Any], Dict[str, Any]]:
        """(inference config, model-specific fields) from the settings present; a value of the wrong type -> None."""
        self._model_id = params.get("model")
        assert self._model_id, "Please provide the 'model` in the config_list to use Amazon Bedrock"
        number = (float, int)
        base = {
            name: validate_parameter(params, name, types, False, None, None, None)
            for name, types in (("temperature", number), ("topP", number), ("maxTokens", int))
            if name in params
        }
        additional = {
            name: validate_parameter(params, name, types, False, None, None, None)
            for name, types in (("top_p", number), ("top_k", int), ("k", int), ("seed", int))
            if name in params
        }
        self._streaming = False
        if params.get("stream"):
            warnings.warn(
                "Streaming is not currently supported, streaming will be disabled.", UserWarning, stacklevel=2
            )
        return base, additional

    def create(self, params: Dict[str, Any]) -> Any:
        """Run one Converse request and return an OpenAI-style ChatCompletion."""
        self.parse_custom_params(params)
        base, additional = self.parse_params(params)
        has_tools = "tools" in params
        request: Dict[str, Any] = {
            "messages": oai_messages_to_bedrock_messages(params["messages"], has_tools, self._supports_system_prompts),
            "modelId": self._model_id,
        }
        if base:
            request["inferenceConfig"] = base
        if additional:
            request["additionalModelRequestFields"] = additional
        if self._supports_system_prompts:
            request["system"] = extract_system_messages(params["messages"])
        tool_config = format_tools(params["tools"] if has_tools else [])
        if tool_config["tools"]:
            request["toolConfig"] = tool_config
        try:
            response = self.bedrock_runtime.converse(**request)
        except Exception as err:
            raise RuntimeError(f"Failed to get response from Bedrock: {err}") from err
        return self._to_chat_completion(response)

    def _to_chat_completion(self, response: Dict[str, Any]) -> Any:
        finish_reason = convert_stop_reason_to_finish_reason(response.get("stopReason", "end_turn"))
        if finish_reason not in ("stop", "length", "tool_calls", "content_filter"):
            finish_reason = "stop"  # a reason OpenAI's ChatCompletion cannot carry
        content = response["output"]["message"]["content"]
        text = next((block["text"] for block in reversed(content) if "text" in block), "")
        tool_calls = format_tool_calls(content) if finish_reason == "tool_calls" else None
        usage = response.get("usage", {})
        prompt_tokens, completion_tokens = usage.get("inputTokens", 0), usage.get("outputTokens", 0)
        return build_chat_completion(
            response_id=response.get("ResponseMetadata", {}).get("RequestId"),
            model=str(self._model_id),
            text=text,
            tool_calls=tool_calls,
            finish_reason=finish_reason,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost=calculate_cost(prompt_tokens, completion_tokens, str(self._model_id), warn=False),
        )

    def cost(self, response: Any) -> float:
        """Cost from `PRICES_PER_K_TOKENS` (set `price` in the config for other models)."""
        return calculate_cost(response.usage.prompt_tokens, response.usage.completion_tokens, response.model)


def extract_system_messages(messages: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    """The first system message as Converse `system` blocks (Converse takes one system prompt)."""
    for message in messages:
        if message.get("role") == "system":
            content = message.get("content")
            text = content if isinstance(content, str) else (content or [{}])[0].get("text", "")
            return [{"text": text}]
    return []


def _image_block(url: str) -> Optional[Dict[str, Any]]:
    """A Converse image block from a data URL or an http(s) URL."""
    match = re.match(r"data:image/(\w+);base64,(.*)", url, re.DOTALL)
    if match:
        return {
            "image": {
                "format": match.group(1).replace("jpg", "jpeg"),
                "source": {"bytes": base64.b64decode(match.group(2))},
            }
        }
    if url.startswith(("http://", "https://")):
        import urllib.request

        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - user-supplied image URL
            data = answer.read()
            kind = answer.headers.get_content_subtype() or "png"
        return {"image": {"format": kind.replace("jpg", "jpeg"), "source": {"bytes": data}}}
    return None


def parse_image(image_url: str) -> Tuple[bytes, str]:
    """The bytes and MIME type of an image given as a base64 data URL or a web address.

    A fetched image whose Content-Type is not an image type is taken to be JPEG; a failed fetch raises
    `RuntimeError("Unable to access the image url")`.
    """
    inline = re.match(r"^data:(image/[a-z]*);base64,\s*", image_url)
    if inline:
        return base64.b64decode(image_url[inline.end() :]), inline.group(1)
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(image_url, timeout=30) as answer:  # noqa: S310 - user-supplied image URL
            data = answer.read()
            mime = answer.headers.get("Content-Type") or ""
    except urllib.error.HTTPError as e:
        raise RuntimeError("Unable to access the image url") from e
    return data, mime if mime.startswith("image") else "image/jpeg"


BEDROCK_FORMAT = TurnFormat(
    text=lambda text: [{"text": text}],
    tool_use=lambda call_id, name, args: {"toolUse": {"toolUseId": call_id, "name": name, "input": args}},
    tool_result=lambda call_id, text: {"toolResult": {"toolUseId": call_id, "content": [{"text": text}]}},
    text_block=lambda text: {"text": text},
    image_block=_image_block,
)


def parse_content_parts(message: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The Converse content blocks of one message's text or multimodal content."""
    return convert_content(message.get("content"), BEDROCK_FORMAT)


def oai_messages_to_bedrock_messages(
    messages: List[Dict[str, Any]], has_tools: bool, supports_system_prompts: bool
) -> List[Dict[str, Any]]:
    """Alternating Converse messages; system messages dropped (or sent as user turns if the model has no
    system prompt), tool traffic as toolUse/toolResult blocks when tools are given, last turn from the user."""
    if supports_system_prompts:
        kept = [m for m in messages if m.get("role") != "system"]
    else:
        kept = [{**m, "role": "user"} if m.get("role") == "system" else m for m in messages]
    return alternate_turns(kept, has_tools, BEDROCK_FORMAT)


def format_tools(tools: List[Dict[str, Any]]) -> Dict[str, List[Dict[str, Any]]]:
    """OpenAI tools as a Converse `toolConfig`."""
    specs = []
    for tool in tools:
        function = tool["function"]
        schema = function.get("parameters") or {"type": "object", "properties": {}}
        specs.append(
            {
                "toolSpec": {
                    "name": function["name"],
                    "description": function.get("description", ""),
                    "inputSchema": {"json": schema},
                }
            }
        )
    return {"tools": specs}


def format_tool_calls(content: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The toolUse blocks of an answer as OpenAI tool-call dicts."""
    from ._provider_common import tool_call_dicts

    uses = [block["toolUse"] for block in content if "toolUse" in block]
    return tool_call_dicts([(u["toolUseId"], u["name"], u.get("input") or {}) for u in uses])


def convert_stop_reason_to_finish_reason(stop_reason: str) -> Optional[str]:
    """Converse's stop reason as an OpenAI finish reason; an unlisted reason comes back lower-cased, and a missing
    one warns and gives None (as in 0.2)."""
    if not stop_reason:
        warnings.warn(f"Unsupported stop reason: {stop_reason}", UserWarning, stacklevel=2)
        return None
    return _FINISH_REASONS.get(stop_reason.lower(), stop_reason.lower())


def calculate_cost(input_tokens: int, output_tokens: int, model_id: str, warn: bool = True) -> float:
    """US$ cost from `PRICES_PER_K_TOKENS`; other models warn (set `price` in the config) and cost 0."""
    if model_id not in PRICES_PER_K_TOKENS:
        if warn:
            warnings.warn(
                f"Cannot get the costs for {model_id}. The cost will be 0. In your config_list, add field "
                '{"price" : [prompt_price_per_1k, completion_token_price_per_1k]} for customized pricing.',
                UserWarning,
                stacklevel=2,
            )
        return 0
    return cost_from_table(PRICES_PER_K_TOKENS, model_id, input_tokens, output_tokens, "")
