"""Fixtures for the browser tests: the loopback site (one per session) and a search engine over it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from loopback_site import LoopbackSite  # noqa: E402

from autogen.browser_utils import AbstractMarkdownSearch  # noqa: E402


class SiteSearch(AbstractMarkdownSearch):
    """A search engine that lists the loopback site's pages whose name contains a query word."""

    def __init__(self, site: LoopbackSite) -> None:
        self.site = site

    def search(self, query: str) -> str:
        pages = {"About": "/about.html", "Field notes": "/long.html", "Report": "/docs/report.pdf"}
        hits = [f"{i}. [{name}]({self.site.url(path)})" for i, (name, path) in enumerate(pages.items(), start=1)]
        return f"## Results for '{query}'\n\n" + "\n\n".join(hits)


@pytest.fixture(scope="session")
def site() -> Iterator[LoopbackSite]:
    server = LoopbackSite().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def site_search(site: LoopbackSite) -> SiteSearch:
    return SiteSearch(site)
