"""Web search for the Markdown browsers: `AbstractMarkdownSearch` and the Bing Web Search API implementation."""

from __future__ import annotations

import logging
import os
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import quote, unquote, urlparse, urlunparse

import requests

from .mdconvert import MarkdownConverter

__all__ = ("AbstractMarkdownSearch", "BingMarkdownSearch", "BING_SEARCH_API_URL", "BING_SEARCH_PAGE_URL")

logger = logging.getLogger(__name__)

# Where the searches go. Tests and private deployments may point them elsewhere, either by setting these
# module attributes or through the environment variables read here.
BING_SEARCH_API_URL = os.environ.get("AUTOGEN_BING_SEARCH_API_URL", "https://api.bing.microsoft.com/v7.0/search")
BING_SEARCH_PAGE_URL = os.environ.get("AUTOGEN_BING_SEARCH_PAGE_URL", "https://www.bing.com/search")

_REQUEST_TIMEOUT = 30
_NO_KEY_WARNING = (
    "Warning: No Bing API key provided. BingMarkdownSearch will submit an HTTP request to the Bing landing page, but "
    "results may be missing or low quality. To resolve this warning, provide a Bing API key by setting the "
    "BING_API_KEY environment variable, or using the 'bing_api_key' parameter in by BingMarkdownSearch's "
    "constructor. Bing API keys can be obtained via https://www.microsoft.com/en-us/bing/apis/bing-web-search-api\n"
)
_NO_KEY_NO_INTERLEAVE = (
    "No Bing API key was provided. This is incompatible with setting `interleave_results` to False. Please provide "
    "a key, or set `interleave_results` to True."
)
_DESKTOP_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 "
    "Safari/537.36 Edg/119.0.0.0"
)
_POSITION = "\x00#\x00"  # stands for an entry's number until the final order is known


class AbstractMarkdownSearch(ABC):
    """A search engine whose results come back as one Markdown page."""

    @abstractmethod
    def __init__(self) -> None:
        pass

    @abstractmethod
    def search(self, query: str) -> str:
        """The results for `query`, as Markdown."""


class BingMarkdownSearch(AbstractMarkdownSearch):
    """Bing web search rendered as Markdown.

    The key comes from `bing_api_key` or the `BING_API_KEY` environment variable. Without one, the public
    results page is fetched and converted instead (worse results; a warning says so), which only works with
    `interleave_results=True`.
    """

    def __init__(self, bing_api_key: Optional[str] = None, interleave_results: bool = True) -> None:
        super().__init__()
        self._mdconvert = MarkdownConverter()
        self._interleave_results = interleave_results
        key = bing_api_key if bing_api_key is not None and bing_api_key.strip() else os.environ.get("BING_API_KEY")
        self._bing_api_key = key
        if key is None:
            if not interleave_results:
                raise ValueError(_NO_KEY_NO_INTERLEAVE)
            logger.warning(_NO_KEY_WARNING)

    def search(self, query: str) -> str:
        if self._bing_api_key is None:
            return self._fallback_search(query)
        return self._api_search(query)

    # ------------------------------------------------------------------ API
    def _bing_api_call(self, query: str) -> Dict[str, Any]:
        """The parsed JSON answer of the Web Search API for `query`."""
        if not self._bing_api_key:
            raise ValueError("Missing Bing API key.")
        response = requests.get(
            BING_SEARCH_API_URL,
            headers={"Ocp-Apim-Subscription-Key": self._bing_api_key},
            params={"q": query, "textDecorations": False, "textFormat": "raw"},
            stream=False,
            timeout=_REQUEST_TIMEOUT,
        )
        response.raise_for_status()
        return response.json()

    def _api_search(self, query: str) -> str:
        results = self._bing_api_call(query)
        sections = _Sections(results, self._markdown_link)
        if self._interleave_results:
            entries = sections.in_ranking_order(results)
        else:
            entries = sections.by_category()
        numbered, count = _number(entries)
        return f"## A Bing search for '{query}' found {count} results:\n\n" + numbered.strip()

    # ------------------------------------------------------------------ results page
    def _fallback_search(self, query: str) -> str:
        """Without a key: fetch Bing's own results page and convert it."""
        page = requests.get(
            BING_SEARCH_PAGE_URL,
            params={"q": query, "FORM": "QBLH"},
            headers={"User-Agent": _DESKTOP_EDGE},
            timeout=_REQUEST_TIMEOUT,
        )
        page.raise_for_status()
        return self._mdconvert.convert_response(page).text_content

    def _markdown_link(self, anchor: str, href: str) -> str:
        """`[anchor](href)`; Bing's URLs may be half-quoted, so the path is re-quoted from scratch."""
        text = anchor.replace("[", " ").replace("]", " ")
        try:
            url = urlparse(href)
            target = urlunparse(url._replace(path=quote(unquote(url.path))))
        except ValueError:
            target = href
        return "[" + text + "](" + target + ")"


def _facts(items: List[Dict[str, Any]]) -> str:
    lines = []
    for fact in items:
        values = " ".join(entry["text"] for entry in fact["items"])
        lines.append(f"{fact['label']['text']}: {values}")
    return "\n".join(lines)


def _extras(entry: Dict[str, Any], dated: bool) -> str:
    """Date, rich facts and mentions that Bing attaches to some results."""
    extra = ""
    if dated and "datePublished" in entry:
        extra += "\nDate published: " + entry["datePublished"].split("T")[0]
    if "richFacts" in entry:
        extra += "\n" + _facts(entry["richFacts"])
    if "mentions" in entry:
        extra += "\nMentions: " + ", ".join(m["name"] for m in entry["mentions"])
    return extra


class _Sections:
    """The API answer's web, news, video and related-search results, rendered, and grouped by answer id."""

    def __init__(self, results: Dict[str, Any], link: Any) -> None:
        self.by_id: Dict[str, List[str]] = {}
        self.web: List[str] = []
        for page in results.get("webPages", {}).get("value", []):
            rendered = [f"{_POSITION}. {link(page['name'], page['url'])}\n{page['snippet']}" + _extras(page, False)]
            for deep in page.get("deepLinks", []):
                rendered.append(f"{_POSITION}. {link(deep['name'], deep['url'])}\n{deep.get('snippet', '')}")
            self.by_id.setdefault(page["id"], []).extend(rendered)
            self.web.extend(rendered)
        self.news = self._media(results.get("news"), "url", link, lambda page: True)
        self.videos = self._media(
            results.get("videos"),
            "contentUrl",
            link,
            lambda p: p["contentUrl"].startswith("https://www.youtube.com/watch?v="),
        )
        self.related = ""
        if "relatedSearches" in results:
            related = results["relatedSearches"]
            self.related = "## Related Searches:\n" + "".join(f"- {s['text']}\n" for s in related["value"])
            self.by_id[related["id"]] = [self.related.strip()]

    def _media(self, block: Optional[Dict[str, Any]], url_key: str, link: Any, keep: Any) -> List[str]:
        if not block:
            return []
        rendered = []
        for page in block["value"]:
            if not keep(page):
                continue
            head = f"{_POSITION}. {link(page['name'], page[url_key])}\n{page.get('description', '')}".strip()
            rendered.append(head + _extras(page, True))
        if rendered:
            self.by_id[block["id"]] = rendered
        return rendered

    def in_ranking_order(self, results: Dict[str, Any]) -> List[str]:
        entries: List[str] = []
        for item in results["rankingResponse"]["mainline"]["items"]:
            entries.extend(self.by_id.get(item["value"]["id"], []))
        return entries

    def by_category(self) -> List[str]:
        entries: List[str] = []
        for heading, group in (("Web", self.web), ("News", self.news), ("Video", self.videos)):
            if group:
                entries.append(f"## {heading} Results")
                entries.extend(group)
        if self.related:
            entries.append(self.related)
        return entries


def _number(entries: List[str]) -> Tuple[str, int]:
    """Join entries with blank lines, numbering those that carry a position marker; return text and count."""
    text, count = "", 0
    for entry in entries:
        if _POSITION in entry:
            count += 1
            entry = entry.replace(_POSITION, str(count))
        text += entry + "\n\n"
    return text, count
