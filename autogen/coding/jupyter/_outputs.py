"""Saving a kernel's rich outputs (images, HTML) to files the agent can refer to."""

from __future__ import annotations

import base64
import json
import os
import uuid
from pathlib import Path
from typing import Any, List, Tuple


def save_image(output_dir: Path, image_data_base64: str) -> str:
    """Write base64 image data to `<uuid>.png` in `output_dir`; returns the absolute path."""
    path = os.path.abspath(output_dir / f"{uuid.uuid4().hex}.png")
    with open(path, "wb") as f:
        f.write(base64.b64decode(image_data_base64))
    return path


def save_html(output_dir: Path, html_data: str) -> str:
    """Write HTML to `<uuid>.html` in `output_dir`; returns the absolute path."""
    path = os.path.abspath(output_dir / f"{uuid.uuid4().hex}.html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(html_data)
    return path


def render_data(output_dir: Path, mime_type: str, data: Any, any_image_is_png: bool) -> Tuple[str, List[str]]:
    """The text line for one rich output and the files written for it.

    Images and HTML go to files (the text says where); anything else is shown as JSON.
    """
    is_image = mime_type.startswith("image/") if any_image_is_png else mime_type == "image/png"
    if is_image:
        path = save_image(output_dir, data)
        return f"Image data saved to {path}", [path]
    if mime_type == "text/html":
        path = save_html(output_dir, data)
        return f"HTML data saved to {path}", [path]
    return json.dumps(data), []
