"""Image helpers for multimodal messages: load images from anywhere, encode them, and turn `<img ...>` tags into parts.

An image may be given as a PIL image, an http(s) URL, a `data:image/...;base64,` URI, a local path, or raw
base64 text. Pillow is needed (the `lmm` extra); it is imported when this module is.
"""

from __future__ import annotations

import base64
import copy
import os
import re
from io import BytesIO
from typing import Any, Dict, List, Tuple, Union

from ...formatting_utils import colored
from ...io.base import IOStream
from ..utils import parse_tags_from_content

try:
    from PIL import Image
except ImportError as _exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        'autogen.agentchat.contrib.img_utils needs Pillow: pip install "autogen-agentchat[lmm]~=0.2"'
    ) from _exc

__all__ = (
    "get_pil_image",
    "get_image_data",
    "llava_formatter",
    "pil_to_data_uri",
    "convert_base64_to_data_uri",
    "gpt4v_formatter",
    "extract_img_paths",
    "message_formatter_pil_to_b64",
)

_DATA_URI = re.compile(r"data:image/(?:png|jpeg);base64,")
_LLAVA_TAG = re.compile(r"<img ([^>]+)>")
_IMG_PATH = re.compile(
    r"\bhttps?://[^\s]+\.(?:jpg|jpeg|png|gif|bmp)\b|\S+\.(?:jpg|jpeg|png|gif|bmp)\b", flags=re.IGNORECASE
)


def _strip_quotes(text: str) -> str:
    """Drop one pair of matching surrounding quotes (tags often quote their paths)."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _fetch(url: str) -> bytes:
    import requests  # noqa: PLC0415 (only needed for URLs)

    response = requests.get(url)
    return response.content


def get_pil_image(image_file: Union[str, Image.Image]) -> Image.Image:
    """Load an image (PIL image, URL, data URI, local path or raw base64) as an RGB PIL image."""
    if isinstance(image_file, Image.Image):
        return image_file
    image_file = _strip_quotes(os.fspath(image_file))  # a pathlib.Path works too
    if image_file.startswith("http://") or image_file.startswith("https://"):
        image = Image.open(BytesIO(_fetch(image_file)))
    elif _DATA_URI.match(image_file):
        image = _to_pil(_DATA_URI.sub("", image_file, count=1))
    elif os.path.exists(image_file):
        image = Image.open(image_file)
    else:
        image = _to_pil(image_file)  # raw base64, or an error that says what went wrong
    return image.convert("RGB")


def get_image_data(image_file: Union[str, Image.Image], use_b64: bool = True) -> Union[str, bytes]:
    """The image as PNG: base64 text (default) or raw bytes."""
    image = get_pil_image(image_file)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    content = buffer.getvalue()
    return base64.b64encode(content).decode("utf-8") if use_b64 else content


def llava_formatter(prompt: str, order_image_tokens: bool = False) -> Tuple[str, List[str]]:
    """Replace each `<img X>` by an `<image>` token (`<image i>` when ordered) and return the base64 images.

    A tag whose image cannot be loaded is removed, with a warning.
    """
    new_prompt = prompt
    images: List[str] = []
    index = 0
    for match in _LLAVA_TAG.finditer(prompt):
        location = match.group(1)
        try:
            data = get_image_data(location)
        except Exception as e:
            IOStream.get_default().print(
                colored(f"Warning! Unable to load image from {location}, because of {e}", "red")
            )
            new_prompt = new_prompt.replace(match.group(0), "", 1)
            continue
        images.append(data)  # type: ignore[arg-type]
        token = f"<image {index}>" if order_image_tokens else "<image>"
        new_prompt = new_prompt.replace(match.group(0), token, 1)
        index += 1
    return new_prompt, images


def pil_to_data_uri(image: Image.Image) -> str:
    """A PIL image as a `data:image/png;base64,...` URI."""
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return convert_base64_to_data_uri(base64.b64encode(buffer.getvalue()).decode("utf-8"))


# Leading bytes of the image formats we recognise; anything else is taken for JPEG, the likeliest.
_MAGIC_NUMBERS: Tuple[Tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def _mime_of(data: bytes) -> str:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((mime for magic, mime in _MAGIC_NUMBERS if data.startswith(magic)), "image/jpeg")


def convert_base64_to_data_uri(base64_image: str) -> str:
    """Wrap base64 image data in a data URI whose MIME type is sniffed from the decoded bytes."""
    mime = _mime_of(base64.b64decode(base64_image))
    return f"data:{mime};base64,{base64_image}"


def _text_part(text: str) -> Dict[str, Any]:
    return {"type": "text", "text": text}


def _image_url_part(url: Any) -> Dict[str, Any]:
    """An image content part; `url` is a URL, a data URI, or (inside multimodal agents) a PIL image."""
    return {"type": "image_url", "image_url": {"url": url}}


def _image_part(location: str, img_format: str) -> Dict[str, Any]:
    if img_format == "pil":
        return _image_url_part(get_pil_image(location))
    if img_format == "uri":
        return _image_url_part(convert_base64_to_data_uri(get_image_data(location)))  # type: ignore[arg-type]
    return _image_url_part(location)


def gpt4v_formatter(prompt: str, img_format: str = "uri") -> List[Union[str, Dict[str, Any]]]:
    """Split text with `<img X>` tags into alternating text and image_url parts (OpenAI vision format).

    `img_format`: "uri" (data URI), "url" (the tag's location as written) or "pil" (a PIL image). A tag
    whose image cannot be loaded stays in the text, with a warning. The result always ends with a text part.
    """
    assert img_format in ["uri", "url", "pil"]
    parts: List[Union[str, Dict[str, Any]]] = []
    last_end = 0
    for tag in parse_tags_from_content("img", prompt):
        location = tag["attr"]["src"]
        match = tag["match"]
        try:
            image_part = _image_part(location, img_format)
        except Exception as e:
            IOStream.get_default().print(colored(f"Warning! Unable to load image from {location}, because {e}", "red"))
            continue
        parts.append(_text_part(prompt[last_end : match.start()]))
        parts.append(image_part)
        last_end = match.end()
    parts.append(_text_part(prompt[last_end:]))
    return parts


def extract_img_paths(paragraph: str) -> list:
    """Image URLs and file names (jpg, jpeg, png, gif, bmp; any case) in `paragraph`, in order."""
    return _IMG_PATH.findall(paragraph)


def _to_pil(data: str) -> Image.Image:
    """Decode base64 text into a PIL image (mode unchanged)."""
    return Image.open(BytesIO(base64.b64decode(data)))


def _encoded_part(part: Any) -> Any:
    """A copy of one content part, its PIL image (if it is an image part) turned into a data URI."""
    if not (isinstance(part, dict) and "image_url" in part):
        return copy.deepcopy(part)
    image_url = copy.copy(part["image_url"])
    image_url["url"] = pil_to_data_uri(part["image_url"]["url"])
    return {key: image_url if key == "image_url" else copy.deepcopy(value) for key, value in part.items()}


def message_formatter_pil_to_b64(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Copies of `messages` in which PIL images in image_url parts become data URIs (ready to send to the API).

    Messages without a content list are passed through as they are; the others are copied (without copying the
    images, which are replaced anyway).
    """
    return [_with_encoded_images(message) for message in messages]


def _with_encoded_images(message: Any) -> Any:
    if not isinstance(message, dict) or not isinstance(message.get("content"), list):
        return message
    encoded = {key: copy.deepcopy(value) for key, value in message.items() if key != "content"}
    encoded["content"] = [_encoded_part(part) for part in message["content"]]
    return {key: encoded[key] for key in message}
