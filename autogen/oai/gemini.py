"""Google Gemini model client (`api_type: "google"`): the Gemini API (api key) or Vertex AI (Google Cloud auth).

Example config entries::

    {"api_type": "google", "model": "gemini-1.5-flash", "api_key": "..."}
    {"api_type": "google", "model": "gemini-1.5-pro", "project_id": "my-project", "location": "us-west1",
     "google_application_credentials": "key.json"}

Messages become Gemini `Content`s with roles `user` / `model` that alternate, consecutive texts of one role
merged into one content; tools become `FunctionDeclaration`s. The SDK names below are module attributes so
tests can patch them (e.g. `autogen.oai.gemini.GenerativeModel`).
"""

from __future__ import annotations

import base64
import copy
import json
import logging
import os
import random
import re
import time
import warnings
from io import BytesIO
from typing import Any, Dict, List, Optional, Tuple

from ._provider_common import ProviderClientMixin, build_chat_completion, missing_sdk_error

try:
    import google.generativeai as genai
    from google.ai.generativelanguage import Content, FunctionCall, FunctionDeclaration, FunctionResponse, Part, Tool
    from google.api_core.exceptions import InternalServerError
    from google.auth.credentials import Credentials

    _IMPORT_ERROR: Optional[ImportError] = None
except ImportError as _err:  # the SDK is an optional extra
    genai = Content = FunctionCall = FunctionDeclaration = FunctionResponse = Part = Tool = None  # type: ignore[assignment]
    Credentials = None  # type: ignore[assignment,misc]

    class InternalServerError(Exception):  # type: ignore[no-redef]
        """Stand-in so the retry loop's `except` clause is valid without the SDK."""

    _IMPORT_ERROR = _err

try:
    import vertexai
    from vertexai.generative_models import Content as VertexAIContent
    from vertexai.generative_models import FunctionDeclaration as VertexAIFunctionDeclaration
    from vertexai.generative_models import GenerationConfig, GenerativeModel
    from vertexai.generative_models import HarmBlockThreshold as VertexAIHarmBlockThreshold
    from vertexai.generative_models import HarmCategory as VertexAIHarmCategory
    from vertexai.generative_models import Part as VertexAIPart
    from vertexai.generative_models import SafetySetting as VertexAISafetySetting
    from vertexai.generative_models import Tool as VertexAITool
    from vertexai.generative_models import ToolConfig as VertexAIToolConfig

    _VERTEX_IMPORT_ERROR: Optional[ImportError] = None
except ImportError as _verr:  # Vertex AI is optional too
    vertexai = VertexAIContent = VertexAIFunctionDeclaration = GenerationConfig = GenerativeModel = None  # type: ignore[assignment]
    VertexAIHarmBlockThreshold = VertexAIHarmCategory = VertexAIPart = VertexAISafetySetting = None  # type: ignore[assignment]
    VertexAITool = VertexAIToolConfig = None  # type: ignore[assignment]
    _VERTEX_IMPORT_ERROR = _verr

__all__ = ["GeminiClient"]

logger = logging.getLogger(__name__)


class GeminiClient(ProviderClientMixin):
    """Client for Google's Gemini models through the Gemini API or Vertex AI."""

    # config key -> Gemini generation-config key
    PARAMS_MAPPING = {
        "max_tokens": "max_output_tokens",
        "stop_sequences": "stop_sequences",
        "temperature": "temperature",
        "top_p": "top_p",
        "top_k": "top_k",
        "max_output_tokens": "max_output_tokens",
    }

    def __init__(self, **kwargs: Any) -> None:
        self.api_key = kwargs.get("api_key") or os.getenv("GOOGLE_GEMINI_API_KEY")
        self.use_vertexai = not self.api_key
        self._base_url: Optional[str] = kwargs.get("base_url")  # Gemini API mode: a REST endpoint to use instead
        if self.use_vertexai:
            self._initialize_vertexai(**kwargs)
        else:
            if genai is None:
                raise missing_sdk_error("Gemini", "google-generativeai", "gemini", _IMPORT_ERROR)
            assert ("project_id" not in kwargs) and ("location" not in kwargs), (
                "Google Cloud project and compute location cannot be set when using an API Key!"
            )

    def __repr__(self) -> str:
        return f"GeminiClient(use_vertexai={self.use_vertexai})"

    def _initialize_vertexai(self, **params: Any) -> None:
        """Point Vertex AI at the configured project, location and credentials."""
        if vertexai is None:
            raise missing_sdk_error("Gemini (Vertex AI)", "google-cloud-aiplatform", "gemini", _VERTEX_IMPORT_ERROR)
        if "google_application_credentials" in params:
            os.environ["GOOGLE_APPLICATION_CREDENTIALS"] = params["google_application_credentials"]
        init_args: Dict[str, Any] = {}
        if "project_id" in params:
            init_args["project"] = params["project_id"]
        if "location" in params:
            init_args["location"] = params["location"]
        if "credentials" in params:
            assert isinstance(params["credentials"], Credentials), (
                "Object type google.auth.credentials.Credentials is expected!"
            )
            init_args["credentials"] = params["credentials"]
        if init_args:
            vertexai.init(**init_args)

    def create(self, params: Dict[str, Any]) -> Any:
        """Run one Gemini request and return an OpenAI-style ChatCompletion."""
        if self.use_vertexai:
            self._initialize_vertexai(**params)
        else:
            assert ("project_id" not in params) and ("location" not in params), (
                "Google Cloud project and compute location cannot be set when using an API Key!"
            )
        model_name = params.get("model", "gemini-pro")
        if not model_name:
            raise ValueError(
                "Please provide a model name for the Gemini Client. You can configure it in the OAI Config List file."
            )
        messages = params.get("messages", [])
        tools = params.get("tools", []) or []
        generation_config = {g: params[a] for a, g in self.PARAMS_MAPPING.items() if a in params}
        safety_settings = params.get("safety_settings", {})
        tool_config = params.get("tool_config", {})
        if self.use_vertexai:
            safety_settings = GeminiClient._to_vertexai_safety_settings(safety_settings)
            tool_config = GeminiClient._to_vertexai_tool_config(tool_config, tools)
        if params.get("stream", False):
            warnings.warn(
                "Streaming is not supported for Gemini yet, and it will have no effect. Please set stream=False.",
                UserWarning,
                stacklevel=2,
            )
        if params.get("n", 1) > 1:
            warnings.warn(
                "Gemini only supports `n=1` for now. We only generate one response.", UserWarning, stacklevel=2
            )
        options = {
            "generation_config": generation_config,
            "safety_settings": safety_settings,
            "system_instruction": params.get("system_instruction"),
        }
        if "vision" in model_name:
            answer, prompt_tokens, completion_tokens = self._generate_vision(model_name, messages, options, params)
        else:
            answer, prompt_tokens, completion_tokens = self._chat(
                model_name, messages, tools, tool_config, options, params
            )
        text, tool_calls = self._gemini_content_to_oai_message_parts(answer)
        return build_chat_completion(
            response_id=str(random.randint(0, 1000)),
            model=model_name,
            text=text,
            tool_calls=tool_calls,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            cost=self._calculate_gemini_cost(prompt_tokens, completion_tokens, model_name),
        )

    def _model(self, model_name: str, options: Dict[str, Any], **extra: Any) -> Any:
        if self.use_vertexai:
            return GenerativeModel(model_name, **options, **extra)
        extra.pop("tool_config", None)
        model = genai.GenerativeModel(model_name, **options, **extra)
        if self._base_url:
            genai.configure(
                api_key=self.api_key, transport="rest", client_options={"api_endpoint": str(self._base_url)}
            )
        else:
            genai.configure(api_key=self.api_key)
        return model

    def _chat(self, model_name: str, messages: List[Dict[str, Any]], tools: List[Dict[str, Any]], tool_config: Any,
              options: Dict[str, Any], params: Dict[str, Any]) -> Any:  # fmt: skip
        """Chat with history = all converted messages but the last, which is sent; retries server errors."""
        contents = self._oai_messages_to_gemini_messages(messages)
        model = self._model(model_name, options, tools=self._oai_tools_to_gemini_tools(tools), tool_config=tool_config)
        if self.use_vertexai:
            chat = model.start_chat(history=contents[:-1], response_validation=params.get("response_validation", True))
        else:
            chat = model.start_chat(history=contents[:-1])
        answer = sent = None
        for attempt in range(5):
            try:
                sent = chat.send_message(contents[-1].parts, stream=False, safety_settings=options["safety_settings"])
            except InternalServerError:
                delay = 5 * (2**attempt)
                warnings.warn(
                    f"InternalServerError `500` occurs when calling Gemini's chat model. Retry in {delay} seconds...",
                    UserWarning,
                    stacklevel=2,
                )
                time.sleep(delay)
            except Exception as err:
                raise RuntimeError(f"Google GenAI exception occurred while calling Gemini API: {err}") from err
            else:
                answer = chat.history[-1]
                break
        if answer is None:
            raise RuntimeError("Google GenAI exception occurred: no response from Gemini after 5 attempts.")
        return (answer, *_usage_counts(sent))

    def _generate_vision(self, model_name: str, messages: List[Dict[str, Any]], options: Dict[str, Any],
                         params: Dict[str, Any]) -> Any:  # fmt: skip
        """Single-turn generation from the last message (vision models keep no chat history)."""
        model = self._model(model_name, options)
        prompt = self._oai_content_to_gemini_content(messages[-1])
        if len(messages) > 2:
            warnings.warn(
                "Gemini's vision model keeps no chat history; only the last message is sent.", UserWarning, stacklevel=2
            )
        try:
            response = model.generate_content(prompt, stream=False)
        except Exception as err:
            raise RuntimeError(f"Google GenAI exception occurred while calling Gemini API: {err}") from err
        answer = response.candidates[0].content if self.use_vertexai else response._result.candidates[0].content
        return (answer, *_usage_counts(response))

    # ------------------------------------------------------------------------------------------ conversions
    def _part_from_text(self, text: str) -> Any:
        return VertexAIPart.from_text(text) if self.use_vertexai else Part(text=text)

    def _oai_content_to_gemini_content(self, message: Dict[str, Any]) -> List[Any]:
        """The Gemini parts of one OpenAI message (text, function calls, a function response, or images)."""
        content = message.get("content")
        if message.get("tool_calls"):
            parts = []
            for call in message["tool_calls"]:
                name, args = call["function"]["name"], json.loads(call["function"]["arguments"] or "{}")
                if self.use_vertexai:
                    parts.append(VertexAIPart.from_dict({"function_call": {"name": name, "args": args}}))
                else:
                    parts.append(Part(function_call=FunctionCall(name=name, args=args)))
            return parts
        if message.get("role") == "tool":
            response = {"result": _json_or_text(content)}
            if self.use_vertexai:
                return [VertexAIPart.from_function_response(name=message["name"], response=response)]
            return [Part(function_response=FunctionResponse(name=message["name"], response=response))]
        if not isinstance(content, list):
            text = "" if content is None else str(content)
            return [self._part_from_text(text if text != "" else "empty")]  # Gemini rejects empty text
        parts = []
        for item in content:
            if not isinstance(item, dict) or "type" not in item:
                raise ValueError(f"Unsupported message content: {item!r}")
            if item["type"] == "text":
                parts.append(self._part_from_text(item["text"]))
            elif item["type"] == "image_url":
                url = item["image_url"]["url"] if isinstance(item["image_url"], dict) else item["image_url"]
                if self.use_vertexai:
                    parts.append(VertexAIPart.from_data(get_image_data(url, use_b64=False), mime_type="image/png"))
                else:
                    parts.append(_to_pil(get_image_data(url)))
            else:
                raise ValueError(f"Unsupported message type: {item['type']}")
        return parts

    def _new_content(self, parts: List[Any], role: str) -> Any:
        return VertexAIContent(parts=parts, role=role) if self.use_vertexai else Content(parts=parts, role=role)

    def _oai_messages_to_gemini_messages(self, messages: List[Dict[str, Any]]) -> List[Any]:
        """Alternating user/model contents; same-role texts merged; ends with a user (or function) content."""
        names = {c["id"]: c["function"]["name"] for m in messages for c in m.get("tool_calls") or []}
        result: List[Any] = []
        last_kind: Optional[str] = None  # "text", "call" or "response" of the previous content
        for message in messages:
            message = dict(message)
            if message.get("role") == "tool":
                message["name"] = names.get(message.get("tool_call_id"), message.get("name", ""))
                kind, role = "response", "function"
            elif message.get("tool_calls"):
                kind, role = "call", "model"
            else:
                kind = "text"
                role = "user" if message.get("role") in ("user", "system") else "model"
            parts = self._oai_content_to_gemini_content(message)
            if kind == "call" and result and result[-1].role == "model":
                result.append(self._new_content([self._part_from_text("continue")], "user"))
            if kind == "text" and last_kind == "text" and result and result[-1].role == role:
                result[-1] = self._new_content([*result[-1].parts, *parts], role)
            elif kind == "text" and result and result[-1].role == "function" and role == "user":
                result.append(self._new_content([self._part_from_text("continue")], "model"))
                result.append(self._new_content(parts, role))
            else:
                result.append(self._new_content(parts, role))
            last_kind = kind
        if not result or result[-1].role not in ("user", "function"):
            result.append(self._new_content([self._part_from_text("continue")], "user"))
        return result

    def _oai_tools_to_gemini_tools(self, tools: List[Dict[str, Any]]) -> Optional[List[Any]]:
        """OpenAI tools as one Gemini Tool of function declarations (None when there are none)."""
        if not tools:
            return None
        declarations = []
        for tool in tools:
            function = tool["function"]
            if self.use_vertexai:
                declarations.append(
                    VertexAIFunctionDeclaration(
                        name=function["name"],
                        description=function.get("description", ""),
                        parameters=function["parameters"],
                    )
                )
            else:
                parameters = self._oai_function_parameters_to_gemini_function_parameters(
                    copy.deepcopy(function["parameters"])
                )
                declarations.append(
                    FunctionDeclaration(
                        name=function["name"], description=function.get("description", ""), parameters=parameters
                    )
                )
        return (
            [VertexAITool(function_declarations=declarations)]
            if self.use_vertexai
            else [Tool(function_declarations=declarations)]
        )

    def _oai_function_parameters_to_gemini_function_parameters(self, schema: Dict[str, Any]) -> Dict[str, Any]:
        """A JSON schema in the Gemini API's spelling: `type` -> upper-case `type_`, no `default`, no `anyOf`."""
        assert "anyOf" not in schema, "Union types are not supported for function parameter in Gemini."
        schema.pop("default", None)
        if "type" in schema:
            schema["type_"] = str(schema.pop("type")).upper()
        for key, value in list((schema.get("properties") or {}).items()):
            schema["properties"][key] = self._oai_function_parameters_to_gemini_function_parameters(value)
        if "items" in schema:
            schema["items"] = self._oai_function_parameters_to_gemini_function_parameters(schema["items"])
        return schema

    def _gemini_content_to_oai_message_parts(self, content: Any) -> Any:
        """(text, tool-call dicts or None) from a Gemini answer content."""
        text: Optional[str] = None
        calls: List[Dict[str, Any]] = []
        for part in content.parts:
            if part.function_call:
                args = _restore_ints(
                    (VertexAIPart if self.use_vertexai else Part).to_dict(part)["function_call"]["args"]
                )
                calls.append(
                    {
                        "id": str(random.randint(0, 1000)),
                        "type": "function",
                        "function": {"name": part.function_call.name, "arguments": json.dumps(args)},
                    }
                )
            elif part.text:
                text = part.text
        return text, (calls or None)

    @staticmethod
    def _to_vertexai_safety_settings(safety_settings: Any) -> Any:
        """A list of `{category, threshold}` dicts as Vertex `SafetySetting`s (invalid entries logged and
        skipped); anything else (enum dicts, SafetySetting lists) is returned unchanged."""
        if not (isinstance(safety_settings, list) and all(isinstance(s, dict) for s in safety_settings)):
            return safety_settings
        converted = []
        for setting in safety_settings:
            if setting.get("category") not in VertexAIHarmCategory.__members__:
                logger.error("Safety setting category %s is invalid", setting.get("category"))
            elif setting.get("threshold") not in VertexAIHarmBlockThreshold.__members__:
                logger.error("Safety threshold %s is invalid", setting.get("threshold"))
            else:
                converted.append(
                    VertexAISafetySetting(
                        category=VertexAIHarmCategory[setting["category"]],
                        threshold=VertexAIHarmBlockThreshold[setting["threshold"]],
                    )
                )
        return converted

    @staticmethod
    def _to_vertexai_tool_config(tool_config: Any, tools: List[Dict[str, Any]]) -> Any:
        """`{"function_calling_config": {"mode": ...}}` as a Vertex ToolConfig; with mode ANY and tools that all
        carry `function_name`, those names become the allowed functions."""
        if VertexAIToolConfig is not None and isinstance(tool_config, VertexAIToolConfig):
            return tool_config
        if not isinstance(tool_config, dict) or not tool_config:
            if tool_config:
                logger.error("Invalid VertexAI tool config!")
            return None
        calling = tool_config.get("function_calling_config")
        modes = VertexAIToolConfig.FunctionCallingConfig.Mode
        if not isinstance(calling, dict) or calling.get("mode") not in modes.__members__:
            logger.error("Function calling mode %s is invalid", calling)
            return None
        kwargs: Dict[str, Any] = {"mode": modes[calling["mode"]]}
        if kwargs["mode"] == modes.ANY and tools and all("function_name" in t for t in tools):
            kwargs["allowed_function_names"] = [t["function_name"] for t in tools]
        return VertexAIToolConfig(function_calling_config=VertexAIToolConfig.FunctionCallingConfig(**kwargs))

    @staticmethod
    def _calculate_gemini_cost(input_tokens: int, output_tokens: int, model_name: str) -> float:
        """US$ cost from Gemini's per-million prices (long prompts over 128K tokens cost double)."""
        # The size tier is only looked at for the 1.5 models, as in 0.2.
        if "1.5-pro" in model_name:
            prices = (3.5, 10.5) if (input_tokens + output_tokens) <= 128000 else (7.0, 21.0)
        elif "1.5-flash" in model_name:
            prices = (0.35, 1.05) if (input_tokens + output_tokens) <= 128000 else (0.70, 2.10)
        else:
            if "gemini-pro" not in model_name and "gemini-1.0-pro" not in model_name:
                warnings.warn(f"Cost calculation is not implemented for model {model_name}. Using Gemini-1.0-Pro.",
                              UserWarning, stacklevel=2)  # fmt: skip
            prices = (0.5, 1.5)
        return prices[0] * input_tokens / 1e6 + prices[1] * output_tokens / 1e6


def _usage_counts(response: Any) -> Tuple[int, int]:
    """(prompt, completion) tokens from the usage metadata the SDK's response carries, as 0.2 reads them.

    A field that is missing or not a whole number (a partial or mocked response) counts as 0.
    """
    metadata = getattr(response, "usage_metadata", None)
    counts = (getattr(metadata, "prompt_token_count", 0), getattr(metadata, "candidates_token_count", 0))
    return tuple(n if isinstance(n, int) and not isinstance(n, bool) else 0 for n in counts)  # type: ignore[return-value]


def _restore_ints(value: Any) -> Any:
    """Whole numbers back as ints: protobuf's Struct returns every number as a float (2 -> 2.0), which would
    reach a tool declared with `a: int` as 2.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _restore_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore_ints(v) for v in value]
    return value


def _json_or_text(text: Any) -> Any:
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def _to_pil(data: str) -> Any:
    """A PIL image from base64 data."""
    from PIL import Image

    return Image.open(BytesIO(base64.b64decode(data)))


def get_image_data(image_file: str, use_b64: bool = True) -> Any:
    """Image bytes (or base64 text) from a data URL, an http(s) URL or a local path."""
    data_url = re.match(r"data:image/(?:png|jpeg|jpg|gif|webp);base64,", image_file)
    if data_url:
        b64 = image_file[data_url.end() :]
        return b64 if use_b64 else base64.b64decode(b64)
    if image_file.startswith(("http://", "https://")):
        import urllib.request

        with urllib.request.urlopen(image_file, timeout=30) as answer:  # noqa: S310 - user-supplied image URL
            content = answer.read()
    else:
        from PIL import Image

        buffer = BytesIO()
        Image.open(image_file).convert("RGB").save(buffer, format="PNG")
        content = buffer.getvalue()
    return base64.b64encode(content).decode("utf-8") if use_b64 else content
