"""Web page converters: plain text, HTML, Wikipedia articles, YouTube watch pages and Bing result pages."""

from __future__ import annotations

import base64
import binascii
import json
import mimetypes
import re
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qs, urlparse

from ._converter_base import DocumentConverter, DocumentConverterResult, extension_of

try:
    import markdownify
    from bs4 import BeautifulSoup
except ImportError as _exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        'autogen.browser_utils needs beautifulsoup4 and markdownify: pip install "autogen-agentchat[websurfer]~=0.2"'
    ) from _exc

__all__ = (
    "PlainTextConverter",
    "HtmlConverter",
    "WikipediaConverter",
    "YouTubeConverter",
    "BingSerpConverter",
    "html_to_markdown",
)

_HTML_EXTENSIONS = (".html", ".htm")
_LINK_SCHEMES = ("http", "https", "file")


class _Markdownify(markdownify.MarkdownConverter):
    """markdownify with ATX headings, links only for navigable schemes, and data-URI images cut short."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("heading_style", markdownify.ATX)
        super().__init__(**options)

    def convert_a(self, el: Any, text: str, *args: Any, **kwargs: Any) -> str:
        href = el.get("href")
        if href:
            scheme = urlparse(href).scheme.lower()
            if scheme and scheme not in _LINK_SCHEMES:
                return text  # javascript:, mailto: and the like are of no use to a text browser
        return super().convert_a(el, text, *args, **kwargs)

    def convert_img(self, el: Any, text: str, *args: Any, **kwargs: Any) -> str:
        src = el.get("src") or ""
        if src.startswith("data:"):
            el["src"] = src.split(",", 1)[0] + "..."
        return super().convert_img(el, text, *args, **kwargs)


def html_to_markdown(html: str) -> DocumentConverterResult:
    """Scripts and styles dropped, the body (or the whole document) as Markdown, the <title> as title."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style", "noscript"]):
        node.extract()
    body = soup.find("body")
    markdown = _Markdownify().convert_soup(body if body is not None else soup)
    title = soup.title.string.strip() if soup.title and soup.title.string else None
    return DocumentConverterResult(title=title, text_content=markdown.strip())


def _read_text(path: str) -> str:
    with open(path, "rb") as fh:
        raw = fh.read()
    return raw.decode("utf-8", errors="replace")


class PlainTextConverter(DocumentConverter):
    """Any text/* file, as it is."""

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        ext = extension_of(kwargs)
        mime, _ = mimetypes.guess_type("file" + ext) if ext else (None, None)
        if mime is None or not (mime.startswith("text/") or mime in ("application/json", "application/xml")):
            return None
        return DocumentConverterResult(title=None, text_content=_read_text(local_path))


class HtmlConverter(DocumentConverter):
    """Any HTML page."""

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        if extension_of(kwargs) not in _HTML_EXTENSIONS:
            return None
        return html_to_markdown(_read_text(local_path))


class WikipediaConverter(DocumentConverter):
    """A Wikipedia article: its title as heading, then the article body without the site chrome."""

    _SITE = re.compile(r"^https?://[a-zA-Z]{2,3}\.wikipedia\.org/")

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        if extension_of(kwargs) not in _HTML_EXTENSIONS or not self._SITE.search(str(kwargs.get("url") or "")):
            return None
        soup = BeautifulSoup(_read_text(local_path), "html.parser")
        for node in soup(["script", "style"]):
            node.extract()
        content = soup.find("div", {"id": "mw-content-text"})
        heading = soup.find("span", {"class": "mw-page-title-main"})
        title = heading.get_text().strip() if heading else (soup.title.string.strip() if soup.title else "")
        if content is None:
            return html_to_markdown(str(soup))
        markdown = f"# {title}\n\n" + _Markdownify().convert_soup(content)
        return DocumentConverterResult(title=soup.title.string if soup.title else title, text_content=markdown)


class YouTubeConverter(DocumentConverter):
    """A YouTube watch page: title, view count, keywords, run time, description and (if available) transcript."""

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        url = str(kwargs.get("url") or "")
        if extension_of(kwargs) not in _HTML_EXTENSIONS or not url.startswith("https://www.youtube.com/watch?"):
            return None
        soup = BeautifulSoup(_read_text(local_path), "html.parser")
        meta = _meta_values(soup)
        title = meta.get("og:title") or meta.get("title") or (soup.title.string if soup.title else "")
        parts: List[str] = ["# YouTube", f"## {title}"]
        facts = [
            ("Views", meta.get("interactionCount")),
            ("Keywords", meta.get("keywords")),
            ("Runtime", meta.get("duration")),
        ]
        listed = [f"- **{label}:** {value}" for label, value in facts if value]
        if listed:
            parts.append("### Video Metadata\n" + "\n".join(listed))
        description = _initial_data_description(soup) or meta.get("og:description") or meta.get("description")
        if description:
            parts.append("### Description\n" + description)
        transcript = _youtube_transcript(parse_qs(urlparse(url).query).get("v", [""])[0])
        if transcript:
            parts.append("### Transcript\n" + transcript)
        return DocumentConverterResult(
            title=soup.title.string if soup.title else title, text_content="\n\n".join(parts)
        )


def _meta_values(soup: Any) -> Dict[str, str]:
    """<meta> tags by name, property or itemprop (the first of each wins)."""
    found: Dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("name") or tag.get("property") or tag.get("itemprop")
        if key and tag.get("content") and key not in found:
            found[key] = tag["content"]
    return found


def _initial_data_description(soup: Any) -> str:
    """The full description YouTube embeds in its `ytInitialData` script, when it is there."""
    for script in soup.find_all("script"):
        text = script.string or ""
        start = text.find("ytInitialData = ")
        if start < 0:
            continue
        try:
            data = json.loads(text[start + len("ytInitialData = ") :].rstrip().rstrip(";"))
        except ValueError:
            return ""
        return _find_key(data, "attributedDescriptionBodyText").get("content", "") if data else ""
    return ""


def _find_key(data: Any, key: str) -> Dict[str, Any]:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get(key), dict):
                return item[key]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return {}


def _youtube_transcript(video_id: str) -> str:
    """The transcript text via youtube_transcript_api (optional; needs the network), "" otherwise."""
    try:
        from youtube_transcript_api import YouTubeTranscriptApi
    except ImportError:
        return ""
    try:
        pieces = YouTubeTranscriptApi.get_transcript(video_id)
    except Exception:  # no transcript, no network, or an API change: the page is still useful without it
        return ""
    return " ".join(piece.get("text", "") for piece in pieces)


class BingSerpConverter(DocumentConverter):
    """A Bing results page: the organic results, with Bing's redirect links turned back into real ones."""

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        url = str(kwargs.get("url") or "")
        if extension_of(kwargs) not in _HTML_EXTENSIONS or not re.search(r"^https://www\.bing\.com/search\?q=", url):
            return None
        query = parse_qs(urlparse(url).query).get("q", [""])[0]
        soup = BeautifulSoup(_read_text(local_path), "html.parser")
        for hidden in soup.find_all(class_="tptt"):
            hidden.string = (hidden.string or "") + " "
        for icon in soup.find_all(class_="algoSlug_icon"):
            icon.extract()
        results = []
        for result in soup.find_all(class_="b_algo"):
            for link in result.find_all("a", href=True):
                link["href"] = _unwrap_bing_link(link["href"])
            markdown = _Markdownify().convert_soup(result).strip()
            results.append("\n".join(line.rstrip() for line in markdown.splitlines() if line.strip()))
        text = f"## A Bing search for '{query}' found the following results:\n\n" + "\n\n".join(results)
        return DocumentConverterResult(title=soup.title.string if soup.title else None, text_content=text)


def _unwrap_bing_link(href: str) -> str:
    """Bing's `/ck/a?...&u=a1<base64url>` tracking links carry the real address in `u`."""
    wrapped = parse_qs(urlparse(href).query).get("u", [""])[0]
    if len(wrapped) < 3:
        return href
    encoded = wrapped[2:]
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return href
