"""SeleniumMarkdownBrowser: the Markdown browser, with HTML pages loaded and rendered by a headless Chromium."""

from __future__ import annotations

import shutil
import tempfile
from typing import Any, Optional

import requests

from ._chromium import CHROMIUM_FLAGS, find_chromedriver, find_chromium, render_html, should_render
from .mdconvert import DocumentConverterResult
from .requests_markdown_browser import RequestsMarkdownBrowser

__all__ = ("SeleniumMarkdownBrowser",)


class SeleniumMarkdownBrowser(RequestsMarkdownBrowser):
    """Like `RequestsMarkdownBrowser`, but HTML pages are run (scripts included) in Chromium through Selenium.

    Files, error pages and anything that is not HTML still go through `requests`. Chromium and ChromeDriver
    are looked up on PATH (or `$AUTOGEN_CHROMIUM` / `$AUTOGEN_CHROMEDRIVER`). Call `close()` when done.
    """

    def __init__(self, **kwargs: Any) -> None:
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service
        except ImportError as exc:
            raise ModuleNotFoundError(
                "SeleniumMarkdownBrowser needs selenium: pip install selenium (and a Chromium with its ChromeDriver)"
            ) from exc
        self._profile_dir: Optional[str] = tempfile.mkdtemp(prefix="autogen-selenium-")
        options = webdriver.ChromeOptions()
        for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={self._profile_dir}"]:
            options.add_argument(flag)
        binary = find_chromium()
        if binary:
            options.binary_location = binary
        driver_path = find_chromedriver()
        service = Service(executable_path=driver_path) if driver_path else Service()
        try:
            self._driver: Any = webdriver.Chrome(options=options, service=service)
            self._driver.set_page_load_timeout(self.default_timeout)
            super().__init__(**kwargs)
        except BaseException:
            self.close()
            raise

    def _text_page(self, url: str, response: requests.Response) -> DocumentConverterResult:
        if not should_render(response, self.max_page_bytes):
            return super()._text_page(url, response)
        response.close()
        self._driver.get(url)
        html = self._driver.execute_script("return document.documentElement.outerHTML;")
        return render_html(self._markdown_converter, html, url)

    def close(self) -> None:
        """Quit Chromium and remove its temporary profile."""
        driver = getattr(self, "_driver", None)
        if driver is not None:
            self._driver = None
            driver.quit()
        if getattr(self, "_profile_dir", None):
            shutil.rmtree(self._profile_dir, ignore_errors=True)
            self._profile_dir = None

    def __enter__(self) -> SeleniumMarkdownBrowser:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
