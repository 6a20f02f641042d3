"""Text browsers for agents: fetch pages and files, turn them into Markdown, read them a viewport at a time.

Needs the `websurfer` extra (`pip install "autogen-agentchat[websurfer]~=0.2"`); the Selenium and Playwright
browsers also need `selenium` / `playwright` and a Chromium.
"""

from .abstract_markdown_browser import AbstractMarkdownBrowser
from .markdown_search import AbstractMarkdownSearch, BingMarkdownSearch
from .mdconvert import DocumentConverterResult, FileConversionException, MarkdownConverter, UnsupportedFormatException
from .playwright_markdown_browser import PlaywrightMarkdownBrowser
from .requests_markdown_browser import RequestsMarkdownBrowser
from .selenium_markdown_browser import SeleniumMarkdownBrowser

__all__ = (
    "AbstractMarkdownBrowser",
    "RequestsMarkdownBrowser",
    "SeleniumMarkdownBrowser",
    "PlaywrightMarkdownBrowser",
    "AbstractMarkdownSearch",
    "BingMarkdownSearch",
    "MarkdownConverter",
    "DocumentConverterResult",
    "FileConversionException",
    "UnsupportedFormatException",
)
