"""Type aliases for message content, shared by agents and clients (text, or a list of text and image parts)."""

from typing import Dict, List, Union

from typing_extensions import Literal, TypedDict

__all__ = ["MessageContentType", "UserMessageTextContentPart", "UserMessageImageContentPart"]

MessageContentType = Union[str, List[Union[Dict, str]], None]


class UserMessageTextContentPart(TypedDict):
    """A text part of a multimodal user message: ``{"type": "text", "text": "..."}``."""

    type: Literal["text"]
    text: str


class UserMessageImageContentPart(TypedDict):
    """An image part of a multimodal user message: ``{"type": "image_url", "image_url": {"url": "..."}}``."""

    type: Literal["image_url"]
    # Only "url" is modelled; the API's optional "detail" key is not.
    image_url: Dict[Literal["url"], str]
