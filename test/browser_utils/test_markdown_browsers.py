"""One behaviour suite for the three Markdown browsers: requests, Selenium (Chromium) and Playwright (Chromium).

Each browser kind is started once for this module and reused; every test begins with a fresh visit.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from loopback_site import SECRET_PHRASE, LoopbackSite, closed_port_url

from autogen.browser_utils import (
    PlaywrightMarkdownBrowser,
    RequestsMarkdownBrowser,
    SeleniumMarkdownBrowser,
)


def _make(kind: str, downloads: Path, search: Any) -> RequestsMarkdownBrowser:
    kwargs = {"downloads_folder": str(downloads), "search_engine": search}
    if kind == "requests":
        return RequestsMarkdownBrowser(**kwargs)
    if not shutil.which("chromium") and not shutil.which("chromium-browser"):
        pytest.skip("no Chromium on PATH (apt-get install chromium chromium-driver)")
    if kind == "selenium":
        pytest.importorskip("selenium")
        return SeleniumMarkdownBrowser(**kwargs)
    pytest.importorskip("playwright")
    return PlaywrightMarkdownBrowser(**kwargs)


@pytest.fixture(scope="module", params=["requests", "selenium", "playwright"])
def browser(request: Any, tmp_path_factory: Any, site_search: Any) -> Iterator[RequestsMarkdownBrowser]:
    made = _make(request.param, tmp_path_factory.mktemp(f"downloads-{request.param}"), site_search)
    yield made
    close = getattr(made, "close", None)
    if close:
        close()


def test_starts_on_about_blank(browser: RequestsMarkdownBrowser) -> None:
    browser.visit_page("about:blank")
    assert browser.address == "about:blank"
    assert browser.viewport == ""
    assert browser.viewport_pages == [(0, 0)]


def test_visit_shows_title_and_markdown(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    viewport = browser.visit_page(site.url("/"))
    assert browser.address == site.url("/")
    assert browser.page_title == "Loopback Home"
    assert "# Welcome to the loopback site" in viewport
    assert "[About us](about.html)" in viewport


def test_scripts_and_non_web_links_are_dropped(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    browser.visit_page(site.url("/"))
    assert "never shown" not in browser.page_content
    assert "Do nothing" in browser.page_content
    assert "javascript:" not in browser.page_content


def test_relative_address_resolves_against_previous_page(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    browser.visit_page(site.url("/"))
    viewport = browser.visit_page("about.html")
    assert browser.address == site.url("/about.html")
    assert browser.history[-1][0] == site.url("/about.html")
    assert "About this site" in viewport


def test_long_page_splits_into_viewports_that_cover_it(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    browser.visit_page(site.url("/long.html"))
    pages = browser.viewport_pages
    assert len(pages) >= 3
    assert "".join(browser.page_content[a:b] for a, b in pages) == browser.page_content
    assert all(browser.page_content[b - 1].isspace() for _, b in pages[:-1])


def test_paging_moves_and_stops_at_both_ends(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    first = browser.visit_page(site.url("/long.html"))
    last = len(browser.viewport_pages) - 1
    browser.page_up()
    assert browser.viewport_current_page == 0
    browser.page_down()
    assert browser.viewport_current_page == 1
    assert browser.viewport != first
    for _ in range(last + 3):
        browser.page_down()
    assert browser.viewport_current_page == last
    browser.page_up()
    assert browser.viewport_current_page == last - 1


def test_find_on_page_scrolls_to_the_phrase(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    browser.visit_page(site.url("/long.html"))
    viewport = browser.find_on_page("brass key under the BLUE stone")
    assert viewport is not None and SECRET_PHRASE in viewport
    assert browser.viewport_current_page == len(browser.viewport_pages) - 1


def test_find_supports_wildcards_and_reports_misses(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    browser.visit_page(site.url("/long.html"))
    assert browser.find_on_page("lighthouse * stone") is not None
    assert browser.find_on_page("zebra crossing") is None


def test_find_next_walks_through_matches_and_wraps(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    browser.visit_page(site.url("/long.html"))
    assert browser.find_next() is None  # nothing searched yet
    browser.find_on_page("tides rose")
    visited = [browser.viewport_current_page]
    for _ in range(len(browser.viewport_pages)):
        browser.find_next()
        visited.append(browser.viewport_current_page)
    assert visited[0] == 0
    assert set(visited) == set(range(len(browser.viewport_pages)))
    assert visited[len(browser.viewport_pages)] == 0  # wrapped around to the top


def test_redirect_lands_on_the_target_page(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    viewport = browser.visit_page(site.url("/moved"))
    assert "About this site" in viewport


def test_pdf_is_saved_to_downloads_and_read(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    viewport = browser.visit_page(site.url("/docs/report.pdf"))
    assert "Quarterly falcon migration report" in viewport
    assert browser.address.startswith("file://")
    saved = Path(browser.downloads_folder or "")
    assert any(p.name.startswith("report") and p.suffix == ".pdf" for p in saved.iterdir())


def test_docx_is_read_as_markdown(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    viewport = browser.visit_page(site.url("/docs/notes.docx"))
    assert "# Orchard meeting" in viewport
    assert "orchard budget for apple trees was approved" in viewport


def test_plain_text_is_shown_as_is(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    assert browser.visit_page(site.url("/plain.txt")) == "Just some plain text.\nSecond line."


def test_http_error_shows_status_and_body(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    viewport = browser.visit_page(site.url("/missing"))
    assert browser.page_title == "Error 404"
    assert viewport.startswith("## Error 404")
    assert "No such page on this site." in viewport


def test_server_error_with_text_body(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    assert browser.visit_page(site.url("/broken")) == "Internal trouble."
    assert browser.page_title == "Error 500"


def test_unreachable_url_gives_a_request_exception_page(browser: RequestsMarkdownBrowser) -> None:
    viewport = browser.visit_page(closed_port_url())
    assert browser.page_title == "Request Exception"
    assert viewport.startswith("## Unhandled Request Exception:")
    assert "ConnectionError" in browser.page_content


def test_search_address_shows_results_in_one_viewport(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    viewport = browser.visit_page("search: field notes")
    assert browser.page_title == "field notes - Search"
    assert browser.viewport_pages == [(0, len(browser.page_content))]
    assert f"[Field notes]({site.url('/long.html')})" in viewport


def test_scripts_run_only_in_real_browsers(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    viewport = browser.visit_page(site.url("/script.html"))
    expected = "Static text." if type(browser) is RequestsMarkdownBrowser else "Rendered by script."
    assert expected in viewport
