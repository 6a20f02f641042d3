"""Finding and starting a headless Chromium for the Selenium and Playwright browsers."""

from __future__ import annotations

import os
import shutil
from typing import List, Optional

import requests

from .mdconvert import DocumentConverterResult, MarkdownConverter

__all__ = ("CHROMIUM_FLAGS", "find_chromium", "find_chromedriver", "should_render", "render_html")

# Flags that let Chromium run headless as root in a container, without reaching out to Google services.
CHROMIUM_FLAGS: List[str] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _first_program(env_var: str, names: List[str]) -> Optional[str]:
    chosen = os.environ.get(env_var)
    if chosen:
        return chosen
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def find_chromium() -> Optional[str]:
    """The Chromium to drive: `$AUTOGEN_CHROMIUM`, else `chromium`/`chromium-browser`/`google-chrome` on PATH."""
    return _first_program("AUTOGEN_CHROMIUM", ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"])


def find_chromedriver() -> Optional[str]:
    """The ChromeDriver for Selenium: `$AUTOGEN_CHROMEDRIVER`, else `chromedriver` on PATH."""
    return _first_program("AUTOGEN_CHROMEDRIVER", ["chromedriver"])


def should_render(response: requests.Response, max_bytes: int) -> bool:
    """Only successful HTML pages of sensible size go to the real browser; the rest take the plain path."""
    if "text/html" not in response.headers.get("content-type", "").lower():
        return False
    length = response.headers.get("content-length")
    return not (length and length.isdigit() and int(length) > max_bytes)


def render_html(converter: MarkdownConverter, html: str, url: str) -> DocumentConverterResult:
    """Convert the DOM a browser rendered, as if it had been fetched from `url`."""
    return converter.convert_bytes(html.encode("utf-8"), [".html"], url=url)
