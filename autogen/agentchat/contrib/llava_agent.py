"""LLaVAAgent: a multimodal agent answered by a LLaVA model, served locally (LLaVA worker) or on Replicate.

A `base_url` containing `localhost` or `0.0.0.0` is a local LLaVA worker (`/worker_generate_stream`); any other
is a Replicate model reference. Needs the `lmm` extra (replicate, pillow).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Tuple, Union

import requests

from ...code_utils import content_str
from ...formatting_utils import colored
from ...io.base import IOStream
from ..agent import Agent
from .img_utils import get_image_data, llava_formatter
from .multimodal_conversable_agent import MultimodalConversableAgent

try:
    import replicate
except ImportError as _exc:  # pragma: no cover - depends on the environment
    raise ImportError('LLaVAAgent needs replicate: pip install "autogen-agentchat[lmm]~=0.2"') from _exc

__all__ = ("LLaVAAgent", "llava_call", "llava_call_binary", "SEP", "DEFAULT_LLAVA_SYS_MSG")

logger = logging.getLogger(__name__)

SEP = "###"
DEFAULT_LLAVA_SYS_MSG = "You are an AI assistant who can see the images in the conversation."
_MAX_TRIES = 10


class LLaVAAgent(MultimodalConversableAgent):
    """Replies with a LLaVA model: the conversation is flattened into LLaVA's `###Human:`/`###Assistant:` prompt."""

    def __init__(
        self,
        name: str,
        system_message: Optional[Union[str, List[Any]]] = DEFAULT_LLAVA_SYS_MSG,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(name, system_message, *args, **kwargs)
        assert self.llm_config is not None, "llm_config must be provided."
        self.register_reply([Agent, None], reply_func=LLaVAAgent._image_reply, position=2)

    def _build_prompt(self, messages: List[Dict[str, Any]]) -> Tuple[str, List[Any]]:
        images: List[Any] = []
        prompt = content_str(self.system_message) + "\n"  # type: ignore[arg-type]
        for msg in messages:
            role = "Human" if msg["role"] == "user" else "Assistant"
            content = msg["content"]
            if isinstance(content, list):
                images += [part["image_url"]["url"] for part in content if part["type"] == "image_url"]
            prompt += f"{SEP}{role}: {content_str(content)}\n"
        prompt += "\n" + SEP + "Assistant: "
        return prompt, images

    def _image_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, str]:
        """Ask LLaVA (retrying empty answers) with the whole conversation and its images."""
        if messages is None and sender is None:
            error_msg = f"Either {messages=} or {sender=} must be provided."
            logger.error(error_msg)
            raise AssertionError(error_msg)
        history = self._oai_messages[sender] if messages is None else messages  # type: ignore[index]
        prompt, image_locations = self._build_prompt(history)
        images = [get_image_data(location) for location in image_locations]
        IOStream.get_default().print(colored(prompt, "blue"))
        answer = self._ask_until_answered(prompt, images)  # type: ignore[arg-type]
        assert answer != "", "Empty response from LLaVA."
        return True, answer  # type: ignore[return-value]

    def _ask_until_answered(self, prompt: str, images: List[str]) -> Optional[str]:
        """LLaVA sometimes answers with nothing: ask again, a bounded number of times."""
        config: Any = self.llm_config
        answer: Optional[str] = ""
        for _ in range(_MAX_TRIES):
            answer = llava_call_binary(
                prompt=prompt,
                images=images,
                config_list=config["config_list"],
                temperature=config.get("temperature", 0.5),
                max_new_tokens=config.get("max_new_tokens", 2000),
            )
            if answer:
                break
        return answer


def _local_call(prompt: str, images: List[str], config: Dict[str, Any], max_new_tokens: int, temperature: float) -> str:
    """Ask a LLaVA worker; it streams NUL-separated JSON chunks, each holding the whole text so far."""
    endpoint = config["base_url"].rstrip("/") + "/worker_generate_stream"
    payload = dict(model=config["model"], prompt=prompt, max_new_tokens=max_new_tokens, temperature=temperature)
    payload.update(stop=SEP, images=images)
    response = requests.post(endpoint, headers={"User-Agent": "LLaVA Client"}, json=payload, stream=False)
    chunks = response.iter_lines(chunk_size=8192, decode_unicode=False, delimiter=b"\0")
    latest = [json.loads(chunk.decode("utf-8"))["text"] for chunk in chunks if chunk]
    return latest[-1].split(SEP)[-1] if latest else ""


def _remote_call(prompt: str, images: List[str], config: Dict[str, Any], seed: Any) -> str:
    # Replicate's LLaVA takes one image only
    image = "data:image/jpeg;base64," + images[0]
    response = replicate.run(
        config["base_url"], input={"image": image, "prompt": prompt.replace("<image>", " "), "seed": seed}
    )
    return "".join(response)


def _llava_call_binary_with_config(
    prompt: str,
    images: List[str],
    config: Dict[str, Any],
    max_new_tokens: int = 1000,
    temperature: float = 0.5,
    seed: int = 1,
) -> str:
    """One LLaVA call with one config: local worker or Replicate, by `base_url`."""
    base_url = config["base_url"]
    if "0.0.0.0" in base_url or "localhost" in base_url:
        output = _local_call(prompt, images, config, max_new_tokens, temperature)
    else:
        output = _remote_call(prompt, images, config, seed)
    return output.replace(prompt, "").strip()


def llava_call_binary(
    prompt: str,
    images: List[str],
    config_list: List[Dict[str, Any]],
    max_new_tokens: int = 1000,
    temperature: float = 0.5,
    seed: int = 1,
) -> Optional[str]:
    """Try each config in turn; the first answer wins (None if every config fails)."""
    for config in config_list:
        try:
            return _llava_call_binary_with_config(prompt, images, config, max_new_tokens, temperature, seed)
        except Exception as e:
            IOStream.get_default().print(f"Error: {e}")
    return None


def llava_call(prompt: str, llm_config: Dict[str, Any]) -> Optional[str]:
    """Ask LLaVA a prompt that may contain `<img ...>` tags."""
    formatted, images = llava_formatter(prompt, order_image_tokens=False)
    if any(not image for image in images):
        raise RuntimeError("An image is empty!")
    defaults = {"max_new_tokens": 2000, "temperature": 0.5, "seed": None}
    options = {key: llm_config.get(key, value) for key, value in defaults.items()}
    return llava_call_binary(formatted, images, config_list=llm_config["config_list"], **options)
