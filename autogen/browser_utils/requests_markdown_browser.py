"""RequestsMarkdownBrowser: a text browser for agents that fetches with `requests` and reads pages as Markdown."""

from __future__ import annotations

import os
import pathlib
import re
import time
import traceback
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union
from urllib.parse import unquote, urljoin, urlparse

import requests

from ._local_files import directory_listing_html, file_uri_to_path, local_path_problem
from ._pages import page_matches, page_order, query_pattern, split_pages
from .abstract_markdown_browser import AbstractMarkdownBrowser
from .markdown_search import AbstractMarkdownSearch, BingMarkdownSearch
from .mdconvert import DocumentConverterResult, FileConversionException, MarkdownConverter, UnsupportedFormatException

__all__ = ("RequestsMarkdownBrowser",)

_MB = 1024 * 1024
_ABSOLUTE = re.compile(r"^(https?:|file:|search:|about:blank$)", re.IGNORECASE)


class RequestsMarkdownBrowser(AbstractMarkdownBrowser):
    """Fetches pages with a `requests.Session`, converts them to Markdown, and shows them a viewport at a time.

    Pages whose content type is not text are saved to `downloads_folder` and then opened from there. Beyond
    AutoGen 0.2, requests get a default timeout, text pages are cut off after `max_page_bytes` and downloads
    after `max_download_bytes`, and `local_file_roots` can confine `file://` visits to some folders.
    """

    default_timeout: float = 30.0
    max_page_bytes: int = 5 * _MB
    max_download_bytes: int = 200 * _MB

    def __init__(
        self,
        start_page: Optional[str] = None,
        viewport_size: Optional[int] = 1024 * 8,
        downloads_folder: Optional[Union[str, None]] = None,
        search_engine: Optional[Union[AbstractMarkdownSearch, None]] = None,
        markdown_converter: Optional[Union[MarkdownConverter, None]] = None,
        requests_session: Optional[Union[requests.Session, None]] = None,
        requests_get_kwargs: Optional[Union[Dict[str, Any], None]] = None,
        *,
        local_file_roots: Optional[Sequence[str]] = None,
    ) -> None:
        self.start_page: str = start_page if start_page else "about:blank"
        self.viewport_size = viewport_size
        self.downloads_folder = downloads_folder
        self.history: List[Tuple[str, float]] = []
        self.page_title: Optional[Union[str, Tuple[str]]] = None
        self.viewport_current_page = 0
        self.viewport_pages: List[Tuple[int, int]] = []
        self._page_content = ""
        self._search_engine = search_engine if search_engine is not None else BingMarkdownSearch()
        self._markdown_converter = markdown_converter if markdown_converter is not None else MarkdownConverter()
        self._requests_session = requests_session if requests_session is not None else requests.Session()
        self._requests_get_kwargs: Dict[str, Any] = dict(requests_get_kwargs or {})
        self._local_file_roots = list(local_file_roots) if local_file_roots is not None else None
        self._find_last_query: Optional[str] = None
        self._find_last_result: Optional[int] = None
        self.set_address(self.start_page)

    # ------------------------------------------------------------------ address and history
    @property
    def address(self) -> str:
        return self.history[-1][0]

    def set_address(self, uri_or_path: str) -> None:
        """Go to `uri_or_path`; a relative path is resolved against the previous address."""
        target = uri_or_path
        if self.history and not _ABSOLUTE.match(target):
            target = urljoin(self.history[-1][0], target)
        self.history.append((target, time.time()))
        self._load(target)
        self.viewport_current_page = 0
        self._find_last_query = self._find_last_result = None

    def _load(self, address: str) -> None:
        if address == "about:blank":
            self._show(None, "")
        elif address.startswith("search:"):
            query = address[len("search:") :].strip()
            results = self._search_engine.search(query)
            self._show(f"{query} - Search", results, split_pages=False)
        else:
            self._fetch_page(address)

    def visit_page(self, path_or_uri: str) -> str:
        self.set_address(path_or_uri)
        return self.viewport

    def open_local_file(self, local_path: str) -> str:
        return self.visit_page(pathlib.Path(os.path.abspath(local_path)).as_uri())

    # ------------------------------------------------------------------ viewport
    @property
    def viewport(self) -> str:
        start, end = self.viewport_pages[self.viewport_current_page]
        return self._page_content[start:end]

    @property
    def page_content(self) -> str:
        return self._page_content

    def page_down(self) -> None:
        self.viewport_current_page = min(self.viewport_current_page + 1, len(self.viewport_pages) - 1)

    def page_up(self) -> None:
        self.viewport_current_page = max(self.viewport_current_page - 1, 0)

    def _set_page_content(self, content: str, split_pages: bool = True) -> None:
        self._page_content = content
        self.viewport_pages = _split(content, self.viewport_size if split_pages else None)
        self.viewport_current_page = min(self.viewport_current_page, len(self.viewport_pages) - 1)

    # ------------------------------------------------------------------ find on page
    def find_on_page(self, query: str) -> Union[str, None]:
        if query == self._find_last_query and self.viewport_current_page == self._find_last_result:
            return self.find_next()
        self._find_last_query = query
        return self._scroll_to_match(self.viewport_current_page)

    def find_next(self) -> Union[str, None]:
        if self._find_last_query is None:
            return None
        start = self.viewport_current_page + 1
        return self._scroll_to_match(start if start < len(self.viewport_pages) else 0)

    def _scroll_to_match(self, start: int) -> Union[str, None]:
        pattern = query_pattern(self._find_last_query or "")
        for index in page_order(start, len(self.viewport_pages)):
            first, last = self.viewport_pages[index]
            if page_matches(pattern, self._page_content[first:last]):
                self.viewport_current_page = index
                self._find_last_result = index
                return self.viewport
        self._find_last_result = None
        return None

    # ------------------------------------------------------------------ fetching
    def _fetch_page(self, url: str) -> None:
        if url.lower().startswith("file:"):
            self._fetch_local(file_uri_to_path(url))
        else:
            self._fetch_remote(url)

    def _show(self, title: Any, content: str, split_pages: bool = True) -> None:
        self.page_title = title
        self._set_page_content(content, split_pages=split_pages)

    def _fetch_local(self, path: str) -> None:
        problem = local_path_problem(path, self._local_file_roots)
        if problem is not None:
            self._show("Access denied", f"## Access denied\n\n{problem}")
            return
        try:
            if os.path.isdir(path):
                uri, stamp = self.history[-1]
                if not uri.endswith("/"):  # so that the listing's relative links stay inside the folder
                    self.history[-1] = (uri + "/", stamp)
                listing = directory_listing_html(path).encode("utf-8")
                result = self._markdown_converter.convert_bytes(listing, [".html"])
                self._show(result.title, result.text_content, split_pages=False)
                return
            with open(path, "rb") as fh:
                data = fh.read(self.max_page_bytes + 1)
            hints = [os.path.splitext(path)[1]]
            if len(data) <= self.max_page_bytes:
                result = self._markdown_converter.convert_local(path)
            else:  # too big to read whole: convert the beginning (only useful for text formats)
                result = self._markdown_converter.convert_bytes(data[: self.max_page_bytes], hints)
                result.text_content = _cut_off_note(self.max_page_bytes) + result.text_content
            self._show(result.title, result.text_content)
        except FileNotFoundError:
            self._show("Error 404", f"## Error 404\n\nFile not found: {path}")
        except (UnsupportedFormatException, FileConversionException):
            self._show(("Download complete.",), f"# Download complete\n\nSaved file to '{path}'")

    def _get(self, url: str) -> requests.Response:
        kwargs = dict(self._requests_get_kwargs)
        kwargs.setdefault("timeout", self.default_timeout)
        return self._requests_session.get(url, stream=True, **kwargs)

    def _fetch_remote(self, url: str) -> None:
        response: Optional[requests.Response] = None
        try:
            response = self._get(url)
            response.raise_for_status()
            if "text/" in response.headers.get("content-type", "").lower():
                result = self._text_page(url, response)
                self._show(result.title, result.text_content)
            else:
                self._download(url, response)
        except (UnsupportedFormatException, FileConversionException):
            self._show(("Download complete.",), "# Download complete\n\nThe file could not be converted to text.")
        except requests.exceptions.RequestException:
            if response is None or response.status_code < 400:
                self._show("Request Exception", "## Unhandled Request Exception:\n\n" + traceback.format_exc())
            else:
                self._show_error_page(response)
        finally:
            if response is not None:
                response.close()

    def _text_page(self, url: str, response: requests.Response) -> DocumentConverterResult:
        """Convert a text response, reading at most `max_page_bytes` of it."""
        data, cut = _read_at_most(response, self.max_page_bytes)
        hints = self._markdown_converter.response_extensions(response)
        try:
            result = self._markdown_converter.convert_bytes(data, hints, url=url)
        except UnsupportedFormatException:  # some text/* type no converter knows: show it as it is
            result = DocumentConverterResult(title=None, text_content=data.decode("utf-8", errors="replace"))
        if cut:
            result.text_content = _cut_off_note(self.max_page_bytes) + result.text_content
        return result

    def _show_error_page(self, response: requests.Response) -> None:
        status = response.status_code
        try:
            data, _ = _read_at_most(response, self.max_page_bytes)
            if "text/html" in response.headers.get("content-type", "").lower():
                text = self._markdown_converter.convert_bytes(data, [".html"], url=response.url).text_content
                self._show(f"Error {status}", f"## Error {status}\n\n{text}")
            else:
                self._show(f"Error {status}", data.decode("utf-8", errors="replace"))
        except (requests.exceptions.RequestException, UnsupportedFormatException, FileConversionException):
            self._show(f"Error {status}", f"## Error {status}")

    def _download(self, url: str, response: requests.Response) -> None:
        """Save a non-text response into `downloads_folder` and open the saved file."""
        if not self.downloads_folder:
            self._show(
                "Download not saved",
                f"# Download not saved\n\n'{url}' is a file ({response.headers.get('content-type', 'unknown type')}),"
                " and this browser has no downloads folder to save it in.",
            )
            return
        path = _unused_path(self.downloads_folder, _download_name(url))
        written = 0
        with open(path, "wb") as fh:
            for chunk in response.iter_content(chunk_size=512 * 1024):
                written += len(chunk)
                if written > self.max_download_bytes:
                    break
                fh.write(chunk)
        if written > self.max_download_bytes:
            os.unlink(path)
            limit = self.max_download_bytes // _MB
            self._show("Download stopped", f"# Download stopped\n\n'{url}' is larger than {limit} MB; not saved.")
            return
        self.set_address(pathlib.Path(path).as_uri())


def _split(content: str, viewport_size: Optional[int]) -> List[Tuple[int, int]]:
    return split_pages(content, viewport_size)


def _read_at_most(response: requests.Response, limit: int) -> Tuple[bytes, bool]:
    """Up to `limit` bytes of the body, and whether there was more."""
    parts: List[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=256 * 1024):
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            return b"".join(parts)[:limit], True
    return b"".join(parts), False


def _cut_off_note(limit: int) -> str:
    return f"(This page is longer than {limit // _MB} MB; only its beginning is shown.)\n\n"


def _download_name(url: str) -> str:
    """A safe file name from the last part of the URL's path."""
    name = os.path.basename(unquote(urlparse(url).path)) or "download"
    try:
        from pathvalidate import sanitize_filename

        name = sanitize_filename(name)
    except ImportError:
        name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name)
    name = name.lstrip(".")
    return name or "download"


def _unused_path(folder: str, name: str) -> str:
    """`folder/name`, or `folder/stem__N.ext` for the first N not taken yet."""
    os.makedirs(folder, exist_ok=True)
    stem, ext = os.path.splitext(name)
    candidate, n = os.path.join(folder, name), 1
    while os.path.exists(candidate):
        candidate = os.path.join(folder, f"{stem}__{n}{ext}")
        n += 1
    return os.path.abspath(candidate)
