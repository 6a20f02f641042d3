"""MarkdownConverter: turn web pages and files (HTML, text, PDF, Office, media) into Markdown for a text browser.

The converters live in private modules and are re-exported here under the names AutoGen 0.2 uses.
"""

from __future__ import annotations

import mimetypes
import os
import re
import tempfile
from typing import Any, Iterable, List, Optional, Union
from urllib.parse import urlparse

import requests

from ._converter_base import (
    DocumentConverter,
    DocumentConverterResult,
    FileConversionException,
    UnsupportedFormatException,
)
from ._html import BingSerpConverter, HtmlConverter, PlainTextConverter, WikipediaConverter, YouTubeConverter
from ._media import ImageConverter, MediaConverter, Mp3Converter, WavConverter
from ._office import DocxConverter, PdfConverter, PptxConverter, XlsxConverter

__all__ = (
    "MarkdownConverter",
    "DocumentConverter",
    "DocumentConverterResult",
    "FileConversionException",
    "UnsupportedFormatException",
    "PlainTextConverter",
    "HtmlConverter",
    "WikipediaConverter",
    "YouTubeConverter",
    "BingSerpConverter",
    "PdfConverter",
    "DocxConverter",
    "XlsxConverter",
    "PptxConverter",
    "MediaConverter",
    "WavConverter",
    "Mp3Converter",
    "ImageConverter",
)

_FILENAME_IN_DISPOSITION = re.compile(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)\"?", re.IGNORECASE)
_BROWSER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)


class MarkdownConverter:
    """Converts a path, URL, stream or `requests.Response` to a `DocumentConverterResult`.

    Converters are tried newest-registered first; each is offered every plausible file extension in turn
    (given, from the name, the content type, the download name, the URL, the content's magic bytes), then none.
    """

    def __init__(self, requests_session: Optional[requests.Session] = None, mlm_client: Optional[Any] = None) -> None:
        self._requests_session = requests_session if requests_session is not None else requests.Session()
        self._mlm_client = mlm_client
        self._page_converters: List[DocumentConverter] = []
        for converter in (
            PlainTextConverter(),
            HtmlConverter(),
            WikipediaConverter(),
            YouTubeConverter(),
            BingSerpConverter(),
            DocxConverter(),
            XlsxConverter(),
            PptxConverter(),
            WavConverter(),
            Mp3Converter(),
            ImageConverter(),
            PdfConverter(),
        ):
            self.register_page_converter(converter)

    def register_page_converter(self, converter: DocumentConverter) -> None:
        """Add a converter; it is tried before the ones already registered."""
        self._page_converters.insert(0, converter)

    # ------------------------------------------------------------------ entry points
    def convert(self, source: Union[str, requests.Response], **kwargs: Any) -> DocumentConverterResult:
        """Dispatch on the source: an http(s)/file URL, a local path, or a response already fetched."""
        if isinstance(source, requests.Response):
            return self.convert_response(source, **kwargs)
        if isinstance(source, str) and source.split(":", 1)[0].lower() in ("http", "https", "file"):
            return self.convert_url(source, **kwargs)
        return self.convert_local(source, **kwargs)

    def convert_local(self, path: str, **kwargs: Any) -> DocumentConverterResult:
        """Convert a file on disk."""
        hints = [kwargs.pop("file_extension", None), os.path.splitext(path)[1]]
        return self._convert(path, hints, **kwargs)

    def convert_stream(self, stream: Any, **kwargs: Any) -> DocumentConverterResult:
        """Convert the bytes of a binary stream (copied to a temporary file that is removed afterwards)."""
        hints = [kwargs.pop("file_extension", None)]
        return self.convert_bytes(stream.read(), hints, **kwargs)

    def convert_url(self, url: str, **kwargs: Any) -> DocumentConverterResult:
        """Fetch `url` with a browser-like User-Agent and convert what comes back."""
        if url.lower().startswith("file://"):
            from ._local_files import file_uri_to_path

            return self.convert_local(file_uri_to_path(url), **kwargs)
        response = self._requests_session.get(url, stream=True, headers={"User-Agent": _BROWSER_USER_AGENT})
        response.raise_for_status()
        return self.convert_response(response, **kwargs)

    def convert_response(self, response: requests.Response, **kwargs: Any) -> DocumentConverterResult:
        """Convert a fetched response, using its headers and URL to tell what it holds."""
        hints = [kwargs.pop("file_extension", None), *self.response_extensions(response)]
        kwargs.setdefault("url", response.url)
        return self.convert_bytes(response.content, hints, **kwargs)

    def convert_bytes(self, data: bytes, hints: Iterable[Optional[str]], **kwargs: Any) -> DocumentConverterResult:
        """Convert raw content whose kind is suggested by `hints` (file extensions, best first)."""
        fd, temp_path = tempfile.mkstemp()
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            return self._convert(temp_path, list(hints), **kwargs)
        finally:
            os.unlink(temp_path)

    # ------------------------------------------------------------------ internals
    @staticmethod
    def response_extensions(response: requests.Response) -> List[str]:
        """File extensions a response suggests: content type, download name, then the URL's own."""
        found: List[str] = []
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        if content_type:
            found.append(mimetypes.guess_extension(content_type) or "")
        disposition = _FILENAME_IN_DISPOSITION.search(response.headers.get("content-disposition", ""))
        if disposition:
            found.append(os.path.splitext(disposition.group(1).strip())[1])
        found.append(os.path.splitext(urlparse(response.url or "").path)[1])
        return found

    def _convert(self, local_path: str, hints: List[Optional[str]], **kwargs: Any) -> DocumentConverterResult:
        candidates: List[str] = []
        for ext in [*hints, _sniff_extension(local_path)]:
            ext = _normalise_extension(ext)
            if ext and ext not in candidates:
                candidates.append(ext)
        if self._mlm_client is not None:
            kwargs.setdefault("mlm_client", self._mlm_client)
        failure: Optional[BaseException] = None
        for ext in [*candidates, None]:
            for converter in self._page_converters:
                try:
                    result = converter.convert(local_path, **{**kwargs, "file_extension": ext})
                except FileConversionException as exc:
                    failure = exc
                    continue
                except Exception as exc:  # the converter accepted the file but could not read it
                    failure = exc
                    continue
                if result is not None:
                    result.text_content = _tidy(result.text_content)
                    return result
        if failure is not None:
            raise FileConversionException(
                f"Could not convert '{local_path}' to Markdown: {type(failure).__name__}: {failure}"
            )
        raise UnsupportedFormatException(
            f"Could not convert '{local_path}' to Markdown. The formats {candidates} are not supported."
        )


def _normalise_extension(ext: Optional[str]) -> str:
    if not ext:
        return ""
    ext = ext.strip().lower()
    if ext in (".htm", ".shtml", ".xhtml"):
        return ".html"
    if ext == ".jpe":
        return ".jpg"
    return ext if ext.startswith(".") else "." + ext


def _sniff_extension(local_path: str) -> str:
    """The extension puremagic reads from the content's first bytes ("" when unknown or not installed)."""
    try:
        import puremagic
    except ImportError:
        return ""
    try:
        guesses = puremagic.magic_file(local_path)
    except (puremagic.PureError, OSError, ValueError):
        return ""
    for guess in guesses:
        if getattr(guess, "extension", ""):
            return guess.extension
    return ""


def _tidy(text: str) -> str:
    """Trailing spaces off every line, and no run of more than one empty line."""
    text = "\n".join(line.rstrip() for line in re.split(r"\r?\n", text))
    return re.sub(r"\n{3,}", "\n\n", text)
