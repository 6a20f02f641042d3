"""ImageGeneration: lets an agent answer requests for pictures with an image generator (DALL-E by default).

A TextAnalyzerAgent decides whether the last message asks for an image and turns it into a prompt; the
generated image is returned as a multimodal reply (text part + image_url data URI). Needs the `lmm` extra.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Literal, Optional, Protocol, Tuple, Union

from ....cache.abstract_cache_base import AbstractCache
from ....code_utils import content_str
from ...agent import Agent
from ...conversable_agent import ConversableAgent
from ..img_utils import _image_url_part, _text_part, get_pil_image, pil_to_data_uri
from ..text_analyzer_agent import TextAnalyzerAgent
from .agent_capability import AgentCapability

try:
    from PIL.Image import Image
except ImportError as _exc:  # pragma: no cover - depends on the environment
    raise ImportError('ImageGeneration needs Pillow: pip install "autogen-agentchat[lmm]~=0.2"') from _exc

__all__ = (
    "ImageGenerator",
    "DalleImageGenerator",
    "ImageGeneration",
    "SYSTEM_MESSAGE",
    "DESCRIPTION_MESSAGE",
    "PROMPT_INSTRUCTIONS",
)

SYSTEM_MESSAGE = "You are able to create pictures when someone asks for one."
DESCRIPTION_MESSAGE = "This agent can create pictures on request."

PROMPT_INSTRUCTIONS = """Describe the picture the TEXT asks for, as fully as you can: only what should be visible in it,
with no advice and no other remarks. Answer as one line of comma-separated visual descriptors, like this example:
red brick lighthouse on a rocky cliff, stormy evening sky, waves breaking on the rocks, oil painting, low angle"""

_SHOULD_GENERATE = (
    "Is the TEXT explicitly requesting that a picture be created? Only a direct request for a new image counts. "
    "Reply with a single word: yes or no."
)

_DALLE_MODELS = ("dall-e-3", "dall-e-2")
_RESOLUTION = re.compile(r"^\d+x\d+$")


class ImageGenerator(Protocol):
    """Makes images from text prompts."""

    def generate_image(self, prompt: str) -> Image:
        """An image for `prompt` (ValueError when none could be made)."""
        ...

    def cache_key(self, prompt: str) -> str:
        """A key that is equal for requests that would give the same image."""
        ...


class DalleImageGenerator:
    """Images from OpenAI's DALL-E (the first entry of `llm_config["config_list"]`)."""

    def __init__(
        self,
        llm_config: Dict[str, Any],
        resolution: Literal["256x256", "512x512", "1024x1024", "1792x1024", "1024x1792"] = "1024x1024",
        quality: Literal["standard", "hd"] = "standard",
        num_images: int = 1,
    ) -> None:
        config = llm_config["config_list"][0]
        if config["model"] not in _DALLE_MODELS:
            raise ValueError(f"Invalid DALL-E model: {config['model']}. Must be 'dall-e-3' or 'dall-e-2'")
        if not _RESOLUTION.match(resolution):
            raise ValueError(f"Invalid resolution format: {resolution}")
        from openai import OpenAI  # noqa: PLC0415 (the SDK loads only when used)

        self._model = config["model"]
        self._resolution = resolution
        self._quality = quality
        self._num_images = num_images
        # 0.2 ignores base_url here; honouring it lets DALL-E-compatible and local test endpoints work
        self._dalle_client = OpenAI(api_key=config["api_key"], base_url=config.get("base_url"))

    def generate_image(self, prompt: str) -> Image:
        request = {"model": self._model, "size": self._resolution, "quality": self._quality, "n": self._num_images}
        first = self._dalle_client.images.generate(prompt=prompt, **request).data[0]
        if first.url is None:
            raise ValueError("Failed to generate image.")
        return get_pil_image(first.url)

    def cache_key(self, prompt: str) -> str:
        keys = (prompt, self._model, self._resolution, self._quality, self._num_images)
        return ",".join(str(k) for k in keys)


class ImageGeneration(AgentCapability):
    """Answers explicit requests for images with a generated image (optionally cached by prompt)."""

    def __init__(
        self,
        image_generator: ImageGenerator,
        cache: Optional[AbstractCache] = None,
        text_analyzer_llm_config: Optional[Dict[str, Any]] = None,
        text_analyzer_instructions: str = PROMPT_INSTRUCTIONS,
        verbosity: int = 0,
        register_reply_position: int = 2,
    ) -> None:
        self._image_generator = image_generator
        self._cache = cache
        self._text_analyzer_llm_config = text_analyzer_llm_config
        self._text_analyzer_instructions = text_analyzer_instructions
        self._verbosity = verbosity
        self._register_reply_position = register_reply_position
        self._agent: Optional[ConversableAgent] = None
        self._text_analyzer: Optional[TextAnalyzerAgent] = None

    def add_to_agent(self, agent: ConversableAgent) -> None:
        """Register the image reply and tell the agent (and others, via its description) what it can do."""
        self._agent = agent
        agent.register_reply([Agent, None], self._image_gen_reply, position=self._register_reply_position)
        self._text_analyzer = self._make_text_analyzer(agent)
        agent.update_system_message(f"{agent.system_message}\n{SYSTEM_MESSAGE}")
        agent.description = f"{agent.description}\n{DESCRIPTION_MESSAGE}"

    def _make_text_analyzer(self, agent: ConversableAgent) -> TextAnalyzerAgent:
        """The analyzer that reads requests; it uses the agent's llm_config unless we were given one."""
        if not self._text_analyzer_llm_config:
            self._text_analyzer_llm_config = agent.llm_config  # type: ignore[assignment]
        return TextAnalyzerAgent(llm_config=self._text_analyzer_llm_config)

    def _image_gen_reply(
        self,
        recipient: ConversableAgent,
        messages: Optional[List[Dict[str, Any]]],
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Union[str, Dict[str, Any], None]]:
        if messages is None:
            return False, None
        last_message = content_str(messages[-1]["content"])
        if not last_message or not self._should_generate_image(last_message):
            return False, None
        prompt = self._extract_prompt(last_message)
        image = self._cached_or_generated(prompt)
        return True, self._generated_image_reply(prompt, image)

    def _cached_or_generated(self, prompt: str) -> Image:
        key = self._image_generator.cache_key(prompt)
        data_uri = self._cache.get(key) if self._cache is not None else None
        if data_uri:
            return get_pil_image(data_uri)
        image = self._image_generator.generate_image(prompt)
        if self._cache is not None:
            self._cache.set(key, pil_to_data_uri(image))
        return image

    def _should_generate_image(self, message: str) -> bool:
        """Whether `message` explicitly asks for an image (asked of the text analyzer)."""
        assert self._text_analyzer is not None, "add the capability to an agent first"
        analysis = self._text_analyzer.analyze_text(message, _SHOULD_GENERATE)
        return "yes" in self._extract_analysis(analysis).lower()

    def _extract_prompt(self, last_message: str) -> str:
        """The image prompt described by `last_message`."""
        assert self._text_analyzer is not None, "add the capability to an agent first"
        analysis = self._text_analyzer.analyze_text(last_message, self._text_analyzer_instructions)
        return self._extract_analysis(analysis)

    def _extract_analysis(self, analysis: Union[str, Dict[str, Any], None]) -> str:
        if isinstance(analysis, dict):
            return content_str(analysis["content"])
        return content_str(analysis)

    def _generated_image_reply(self, prompt: str, image: Image) -> Dict[str, Any]:
        caption = _text_part(f"I generated an image with the prompt: {prompt}")
        return {"content": [caption, _image_url_part(pil_to_data_uri(image))]}
