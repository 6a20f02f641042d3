"""Viewport arithmetic and find-on-page matching for the Markdown browsers (pure functions)."""

from __future__ import annotations

import re
from typing import Iterator, List, Optional, Pattern, Tuple

__all__ = ("split_pages", "query_pattern", "page_order", "page_matches")

_WHITESPACE = re.compile(r"\s")
_WORD_OR_STAR = re.compile(r"\w+|\*")


def split_pages(content: str, viewport_size: Optional[int]) -> List[Tuple[int, int]]:
    """(start, end) offsets of the viewports: about `viewport_size` characters each, never ending mid-word."""
    if not content:
        return [(0, 0)]
    if not viewport_size or viewport_size <= 0:
        return [(0, len(content))]
    pages: List[Tuple[int, int]] = []
    start = 0
    while start < len(content):
        end = min(start + viewport_size, len(content))
        if end < len(content):
            gap = _WHITESPACE.search(content, end - 1)
            end = gap.end() if gap else len(content)
        pages.append((start, end))
        start = end
    return pages


def query_pattern(query: str) -> Pattern[str]:
    """A regex over normalised text (`_words`) for `query`; `*` matches anything, glued to the word before it."""
    segments: List[str] = []
    for token in _WORD_OR_STAR.findall(query.lower()):
        if token == "*":
            if segments:
                segments[-1] += ".*"
            else:
                segments.append(".*")
        else:
            segments.append(re.escape(token))
    return re.compile(" " + " ".join(segments) + " ")


def _words(text: str) -> str:
    """Text as ' word word ... ' in lower case, so matching ignores punctuation, markup and line breaks."""
    return " " + " ".join(re.findall(r"\w+", text)).lower() + " "


def page_order(start: int, count: int) -> Iterator[int]:
    """Page indexes from `start` to the end, then from the top back to just before `start`."""
    for offset in range(count):
        yield (start + offset) % count


def page_matches(pattern: Pattern[str], text: str) -> bool:
    return pattern.search(_words(text)) is not None
