"""Ollama model client (`api_type: "ollama"`) for locally served models.

Example config entry::

    {"api_type": "ollama", "model": "llama3.1:8b", "client_host": "http://127.0.0.1:11434",
     "native_tool_calls": True, "hide_tools": "if_any_run"}

With `native_tool_calls` (the default) tools go to Ollama's own tool-calling API. Without it, the tools are
described in the system message and the model is asked to answer in two steps: first a JSON list of calls
(which we parse, repairing broken JSON), then a plain-text summary of the results.
"""

from __future__ import annotations

import copy
import json
import random
import warnings
from typing import Any, Dict, List, Optional, Tuple

from ._provider_common import (
    ProviderClientMixin,
    build_chat_completion,
    describe_provider_error,
    missing_sdk_error,
    tool_call_dicts,
)
from .client_utils import should_hide_tools, validate_parameter

try:
    import ollama
    from fix_busted_json import repair_json

    _IMPORT_ERROR: Optional[ImportError] = None
except ImportError as _err:  # the SDK is an optional extra
    ollama = None  # type: ignore[assignment]
    repair_json = None  # type: ignore[assignment]
    _IMPORT_ERROR = _err

__all__ = ["OllamaClient", "is_valid_tool_call_item", "oai_messages_to_ollama_messages", "response_to_tool_call"]

CONTINUE_TEXT = "Please continue."

# (name, allowed types, default) of the settings that go into Ollama's `options`
_OPTIONS: Tuple[Tuple[str, Any, Any], ...] = (
    ("num_predict", int, 128),
    ("repeat_penalty", (int, float), 1.1),
    ("seed", int, 42),
    ("temperature", (int, float), 0.8),
    ("top_k", int, 40),
    ("top_p", (int, float), 0.9),
)


class OllamaClient(ProviderClientMixin):
    """Client for a (usually local) Ollama server."""

    TOOL_CALL_MANUAL_INSTRUCTION = (
        "You can call functions. Work in two steps and only do the step you are on. "
        "Step 1: when a request needs one or more of the functions below, answer with nothing but a JSON list of "
        'the calls, e.g. [{"name": "function_name", "arguments": {"argument_name": "value"}}]; numbers must not be '
        "quoted and the keys must be exactly 'name' and 'arguments'. "
        "Step 2: once you are given the functions' results, answer with a short plain-text summary of them, "
        "with no JSON, Python or Markdown. The functions you can call are: "
    )
    TOOL_CALL_MANUAL_STEP1 = " (proceed with step 1)"
    TOOL_CALL_MANUAL_STEP2 = " (proceed with step 2)"

    def __init__(self, **kwargs: Any) -> None:
        if ollama is None:
            raise missing_sdk_error("Ollama", "ollama and fix_busted_json", "ollama", _IMPORT_ERROR)
        # Ollama needs no key. These flags are set per request by `create` and read by `parse_params`.
        self._native_tool_calls = True
        self._tools_in_conversation = False
        self._should_hide_tools = False
        self._manual_texts = (
            self.TOOL_CALL_MANUAL_INSTRUCTION,
            self.TOOL_CALL_MANUAL_STEP1,
            self.TOOL_CALL_MANUAL_STEP2,
        )
        self._default_host: Optional[str] = _host_from_base_url(kwargs.get("base_url"))

    def __repr__(self) -> str:
        return f"OllamaClient(host={self._default_host!r})"

    def parse_params(self, params: Dict[str, Any]) -> Dict[str, Any]:
        """Model, stream flag, `options` (only when a sampling setting is given) and tools for one request."""
        assert params.get("model"), (
            "Please specify the 'model' in your config list entry to nominate the Ollama model to use."
        )
        request: Dict[str, Any] = {
            "model": params["model"],
            "stream": validate_parameter(params, "stream", bool, True, False, None, None),
        }
        options = {
            name: validate_parameter(params, name, types, False, default, None, None)
            for name, types, default in _OPTIONS
            if name in params
        }
        if options:
            request["options"] = options
        if self._native_tool_calls and self._tools_in_conversation and not self._should_hide_tools:
            request["tools"] = params["tools"]
            if request["stream"]:
                warnings.warn(
                    "Streaming is not supported when using tools and 'Native' tool calling, streaming will be disabled.",
                    UserWarning,
                    stacklevel=2,
                )
                request["stream"] = False
        if not self._native_tool_calls and self._tools_in_conversation:
            request["format"] = ""  # free text: the JSON list of calls is found inside the answer
        return request

    def oai_messages_to_ollama_messages(
        self, messages: List[Dict[str, Any]], tools: Optional[List[Dict[str, Any]]]
    ) -> List[Dict[str, Any]]:
        """Messages for Ollama under this client's tool-calling mode (tools are written into the prompt only in
        manual mode, while they are not hidden)."""
        manual = bool(tools) and not self._native_tool_calls and not self._should_hide_tools
        return oai_messages_to_ollama_messages(messages, tools if manual else None, self._manual_texts)

    def create(self, params: Dict[str, Any]) -> Any:
        """Send one chat request to Ollama and return an OpenAI-style ChatCompletion."""
        messages = params.get("messages", [])
        tools = params.get("tools") or None
        self._native_tool_calls = validate_parameter(params, "native_tool_calls", bool, False, True, None, None)
        self._tools_in_conversation = bool(tools)
        hide = validate_parameter(
            params, "hide_tools", str, False, "never", None, ["if_all_run", "if_any_run", "never"]
        )
        self._should_hide_tools = bool(tools) and should_hide_tools(messages, tools, hide)
        self._apply_manual_texts(params)
        request = self.parse_params(params)
        manual = bool(tools) and not self._native_tool_calls and not self._should_hide_tools
        request["messages"] = self.oai_messages_to_ollama_messages(messages, tools)
        host = params.get("client_host") or self._default_host
        try:
            chat = ollama.Client(host=host).chat if host else ollama.chat
            text, native_calls, final = _call(chat, request)
        except Exception as err:
            raise describe_provider_error(err, "Ollama")
        calls = [
            (f"ollama_func_{random.randint(0, 10000)}", c.function.name, c.function.arguments) for c in native_calls
        ]
        if manual and not calls and not _last_is_tool_result(messages):
            parsed = response_to_tool_call(text) or []
            calls = [
                (f"ollama_manual_func_{random.randint(0, 10000)}", c["name"], c.get("arguments", {})) for c in parsed
            ]
            if calls:
                text = ""  # as in 0.2, the JSON that asked for the calls is not kept as the reply's text
        prompt_tokens = int(_get(final, "prompt_eval_count") or 0)
        completion_tokens = int(_get(final, "eval_count") or 0)
        return build_chat_completion(
            response_id=f"ollama-{random.randint(0, 10**9)}",
            model=request["model"],
            text=text,
            tool_calls=tool_call_dicts(calls) if calls else None,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost=0,  # Ollama runs locally: an int 0, as 0.2 reports it
        )

    def _apply_manual_texts(self, params: Dict[str, Any]) -> None:
        """The instruction and step texts of manual tool calling, overridable from the config."""
        self._manual_texts = (
            params.get("manual_tool_call_instruction", self.TOOL_CALL_MANUAL_INSTRUCTION),
            params.get("manual_tool_call_step1", self.TOOL_CALL_MANUAL_STEP1),
            params.get("manual_tool_call_step2", self.TOOL_CALL_MANUAL_STEP2),
        )


def _host_from_base_url(base_url: Optional[str]) -> Optional[str]:
    if not base_url:
        return None
    base = str(base_url).rstrip("/")
    return base[: -len("/v1")] if base.endswith("/v1") else base


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _call(chat: Any, request: Dict[str, Any]) -> Tuple[str, List[Any], Any]:
    """Text, native tool calls and the last response object, streamed or not."""
    if not request.get("stream"):
        response = chat(**request)
        message = _get(response, "message")
        return _get(message, "content") or "", list(_get(message, "tool_calls") or []), response
    text, final = "", None
    for chunk in chat(**request):  # read silently, as 0.2 does
        text += _get(_get(chunk, "message"), "content") or ""
        final = chunk
    return text, [], final


def _last_is_tool_result(messages: List[Dict[str, Any]]) -> bool:
    return bool(messages) and ("tool_call_id" in messages[-1] or messages[-1].get("role") == "tool")


def _tool_call_text(message: Dict[str, Any]) -> str:
    calls = [
        {"name": c["function"]["name"], "arguments": c["function"].get("arguments")} for c in message["tool_calls"]
    ]
    return "Run the following function(s):\n" + json.dumps(calls)


def oai_messages_to_ollama_messages(
    messages: List[Dict[str, Any]],
    tools: Optional[List[Dict[str, Any]]],
    manual_texts: Optional[Tuple[str, str, str]] = None,
) -> List[Dict[str, Any]]:
    """Messages as Ollama takes them: no `name`, tool traffic as plain text, ending with a user or system message.

    `tools` is given only in manual tool-call mode: the tools are then described in the first system message and
    the step texts are appended to the last message.
    """
    instruction, step1, step2 = manual_texts or (
        OllamaClient.TOOL_CALL_MANUAL_INSTRUCTION,
        OllamaClient.TOOL_CALL_MANUAL_STEP1,
        OllamaClient.TOOL_CALL_MANUAL_STEP2,
    )
    converted: List[Dict[str, Any]] = []
    for message in copy.deepcopy(messages):
        message.pop("name", None)
        if message.get("tool_calls"):
            converted.append({"role": "assistant", "content": _tool_call_text(message)})
        elif message.get("role") == "tool" or "tool_call_id" in message:
            converted.append({"role": "user", "content": f"The function returned: {message.get('content')}"})
        else:
            converted.append({"role": message.get("role", "user"), "content": message.get("content") or ""})
    if tools:
        listing = json.dumps([t.get("function", t) for t in tools])
        system = next((m for m in converted if m["role"] == "system"), None)
        if system is None:
            converted.insert(0, {"role": "system", "content": instruction + listing})
        else:
            system["content"] = f"{system['content']}\n\n{instruction}{listing}"
        if converted and converted[-1]["role"] == "user":
            converted[-1]["content"] += step2 if _last_is_tool_result(messages) else step1
    if len(converted) > 1 and converted[-1]["role"] == "system":
        converted[-1]["role"] = "user"
    if not converted or converted[-1]["role"] not in ("user", "system"):
        converted.append({"role": "user", "content": CONTINUE_TEXT})
    return converted


def _balanced_json(text: str) -> Optional[str]:
    """The first bracket-balanced `[...]` or `{...}` in text (brackets inside strings ignored)."""
    starts = [i for i in (text.find("["), text.find("{")) if i >= 0]
    if not starts:
        return None
    start = min(starts)
    depth, in_string, escaped = 0, None, False
    for i in range(start, len(text)):
        ch = text[i]
        if in_string:
            escaped = (ch == "\\") and not escaped
            if ch == in_string and not escaped:
                in_string = None
            continue
        if ch in "\"'":
            in_string = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return text[start : i + 1]
    return text[start:]


def _parse_json(candidate: str) -> Any:
    try:
        return json.loads(candidate)
    except ValueError:
        pass
    if repair_json is None:
        return None
    try:  # the repairer only takes objects: wrap a list in one
        wrapped = json.loads(repair_json('{"value": ' + candidate + "}"))
        return wrapped.get("value")
    except Exception:
        return None


def response_to_tool_call(response_string: str) -> Optional[List[Dict[str, Any]]]:
    """The function calls written as JSON in a model's text answer, or None when there are none.

    Each call must be a dict with a string `name` and optionally `arguments`, and no other keys.
    """
    candidate = _balanced_json(response_string or "")
    if candidate is None:
        return None
    value = _parse_json(candidate)
    calls = [value] if isinstance(value, dict) else value
    if not isinstance(calls, list) or not calls:
        return None
    if not all(isinstance(call, dict) and is_valid_tool_call_item(call) for call in calls):
        return None
    return calls


def is_valid_tool_call_item(call_item: Dict[str, Any]) -> bool:
    """Whether a dict reads as one function call: a string `name`, maybe `arguments`, and nothing else."""
    return isinstance(call_item.get("name"), str) and set(call_item) <= {"name", "arguments"}
