"""PlaywrightMarkdownBrowser: the Markdown browser, with HTML pages loaded and rendered by Chromium via Playwright."""

from __future__ import annotations

from typing import Any, Dict, Optional

import requests

from ._chromium import CHROMIUM_FLAGS, find_chromium, render_html, should_render
from .mdconvert import DocumentConverterResult
from .requests_markdown_browser import RequestsMarkdownBrowser

__all__ = ("PlaywrightMarkdownBrowser",)


class PlaywrightMarkdownBrowser(RequestsMarkdownBrowser):
    """Like `RequestsMarkdownBrowser`, but HTML pages are run in a headless Chromium driven by Playwright.

    `launch_args` go to `playwright.chromium.launch`. When they name no `executable_path`, the system Chromium
    (PATH or `$AUTOGEN_CHROMIUM`) is used if there is one, so Playwright's own browser download is not needed.
    Uses Playwright's sync API: create and use it outside a running event loop. Call `close()` when done.
    """

    def __init__(self, launch_args: Dict[str, Any] = {}, **kwargs: Any) -> None:  # noqa: B006 (0.2's signature)
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:
            raise ModuleNotFoundError("PlaywrightMarkdownBrowser needs playwright: pip install playwright") from exc
        args = dict(launch_args)
        args.setdefault("headless", True)
        args.setdefault("args", [flag for flag in CHROMIUM_FLAGS if flag != "--headless"])
        if "executable_path" not in args and find_chromium():
            args["executable_path"] = find_chromium()
        self._playwright: Optional[Any] = sync_playwright().start()
        self._browser: Optional[Any] = None
        try:
            self._browser = self._playwright.chromium.launch(**args)
            self._page: Any = self._browser.new_page()
            super().__init__(**kwargs)
        except BaseException:
            self.close()
            raise

    def _text_page(self, url: str, response: requests.Response) -> DocumentConverterResult:
        if not should_render(response, self.max_page_bytes):
            return super()._text_page(url, response)
        response.close()
        self._page.goto(url, timeout=self.default_timeout * 1000, wait_until="load")
        return render_html(self._markdown_converter, self._page.content(), url)

    def close(self) -> None:
        """Close Chromium and stop Playwright."""
        browser, self._browser = getattr(self, "_browser", None), None
        if browser is not None:
            browser.close()
        playwright, self._playwright = getattr(self, "_playwright", None), None
        if playwright is not None:
            playwright.stop()

    def __enter__(self) -> PlaywrightMarkdownBrowser:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
