"""VisionCapability: lets a text-only agent "see" images by replacing them with captions from a multimodal model."""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Union

from ....code_utils import content_str
from ....io.base import IOStream
from ...conversable_agent import ConversableAgent
from ..img_utils import (
    _image_url_part,
    _text_part,
    convert_base64_to_data_uri,
    get_image_data,
    get_pil_image,
    gpt4v_formatter,
)
from .agent_capability import AgentCapability

__all__ = ("VisionCapability", "DEFAULT_DESCRIPTION_PROMPT")

DEFAULT_DESCRIPTION_PROMPT = (
    "Describe this image in a thorough caption. Bring out whatever details in it could matter "
    "for the conversation that is going on."
)

# Appended to the agent's system message.
_VISION_NOTE = "You can understand images: each image you receive comes with a description in text."

CaptionFunc = Callable[[str, Any, Any], str]


_SKIPPED_PART = "Warning: the input type should either be `test` or `image_url`. Skip {kind} here."


class VisionCapability(AgentCapability):
    """Before the agent replies, each image in the last received message is described in text.

    Captions come from `custom_caption_func(image_url, pil_image, lmm_client)` when given, else from the
    multimodal model configured by `lmm_config`. The image tag is kept so the agent can still refer to it.
    """

    def __init__(
        self,
        lmm_config: Dict[str, Any],
        description_prompt: Optional[str] = DEFAULT_DESCRIPTION_PROMPT,
        custom_caption_func: Optional[CaptionFunc] = None,
    ) -> None:
        self._lmm_config = lmm_config
        self._description_prompt = description_prompt
        self._parent_agent: Optional[ConversableAgent] = None
        if lmm_config:
            from ....oai.client import OpenAIWrapper  # noqa: PLC0415 (the openai SDK loads only when needed)

            self._lmm_client: Any = OpenAIWrapper(**lmm_config)
        else:
            self._lmm_client = None
        self._custom_caption_func = custom_caption_func
        assert self._lmm_config or custom_caption_func, (
            "Vision Capability requires a valid lmm_config or custom_caption_func."
        )

    def add_to_agent(self, agent: ConversableAgent) -> None:
        """Tell the agent it can understand images, and caption images in what it receives."""
        self._parent_agent = agent
        agent.update_system_message(f"{agent.system_message}\n{_VISION_NOTE}")
        agent.register_hook(hookable_method="process_last_received_message", hook=self.process_last_received_message)

    def process_last_received_message(self, content: Union[str, List[Dict[str, Any]]]) -> str:
        """The message as text, every image followed by its caption."""
        parts = gpt4v_formatter(content, img_format="url") if isinstance(content, str) else content
        return "".join(self._part_as_text(part) for part in parts)

    def _part_as_text(self, part: Any) -> str:
        """One content part as text: text as is, an image as its tag and caption, anything else dropped."""
        assert isinstance(part, dict)
        kind = part["type"]
        if kind == "text":
            return part["text"]
        if kind != "image_url":
            # 0.2's console note, typo ("test") included
            IOStream.get_default().print(_SKIPPED_PART.format(kind=kind))
            return ""
        location = part["image_url"]["url"]
        return f"<img {location}> in case you can not see, the caption of this image is: {self._caption(location)}\n"

    def _caption(self, url: str) -> str:
        if self._custom_caption_func is not None:
            return self._custom_caption_func(url, get_pil_image(url), self._lmm_client)
        if self._lmm_client is not None:
            return self._get_image_caption(get_image_data(url))  # type: ignore[arg-type]
        return ""

    def _get_image_caption(self, img_data: str) -> str:
        """Ask the multimodal model to caption one base64 image."""
        question = [_text_part(self._description_prompt), _image_url_part(convert_base64_to_data_uri(img_data))]
        answer = self._lmm_client.create(context=None, messages=[{"role": "user", "content": question}])
        return content_str(answer.choices[0].message.content)
