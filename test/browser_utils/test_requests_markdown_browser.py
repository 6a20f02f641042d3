"""RequestsMarkdownBrowser specifics: downloads, local files, and bad input (each ends in a clear page, not a hang)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Set

import pytest
from loopback_site import LoopbackSite

from autogen.browser_utils import RequestsMarkdownBrowser


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(downloads: Path, site_search: Any) -> RequestsMarkdownBrowser:
    return RequestsMarkdownBrowser(downloads_folder=str(downloads), search_engine=site_search)


def _all_files(root: Path) -> Set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_defaults_match_0_2(site_search: Any) -> None:
    browser = RequestsMarkdownBrowser(search_engine=site_search)
    assert browser.start_page == "about:blank"
    assert browser.viewport_size == 8192
    assert browser.downloads_folder is None
    assert [uri for uri, _ in browser.history] == ["about:blank"]


def test_start_page_is_visited_at_construction(site: LoopbackSite, site_search: Any) -> None:
    browser = RequestsMarkdownBrowser(start_page=site.url("/about.html"), search_engine=site_search)
    assert browser.page_title == "About"


def test_binary_file_is_saved_and_reported_as_download(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    viewport = browser.visit_page(site.url("/files/blob.bin"))
    saved = Path(browser.downloads_folder or "") / "blob.bin"
    assert saved.is_file()
    assert browser.page_title == ("Download complete.",)  # 0.2's 1-tuple title, kept
    assert viewport == f"# Download complete\n\nSaved file to '{saved}'"
    assert browser.address == saved.as_uri()


def test_second_download_of_a_name_gets_a_numbered_suffix(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    browser.visit_page(site.url("/files/blob.bin"))
    browser.visit_page(site.url("/files/blob.bin"))
    names = sorted(p.name for p in Path(browser.downloads_folder or "").iterdir())
    assert names == ["blob.bin", "blob__1.bin"]


def test_download_names_cannot_escape_the_downloads_folder(
    browser: RequestsMarkdownBrowser, site: LoopbackSite, tmp_path: Path, downloads: Path
) -> None:
    before = _all_files(tmp_path)
    browser.visit_page(site.url("/files/..%2F..%2F..%2Fescape.bin"))
    browser.visit_page(site.url("/files/%2E%2E"))
    new_files = _all_files(tmp_path) - before
    assert new_files and all(downloads in p.parents for p in new_files)


def test_download_without_a_folder_writes_nothing(site: LoopbackSite, site_search: Any, tmp_path: Path) -> None:
    browser = RequestsMarkdownBrowser(search_engine=site_search)
    viewport = browser.visit_page(site.url("/files/blob.bin"))
    assert browser.page_title == "Download not saved"
    assert "no downloads folder" in viewport
    assert not _all_files(tmp_path)


def test_oversized_download_is_stopped_and_removed(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    browser.max_download_bytes = 1000
    viewport = browser.visit_page(site.url("/files/blob.bin"))
    assert browser.page_title == "Download stopped"
    assert "larger than" in viewport
    assert not list(Path(browser.downloads_folder or "").iterdir())


def test_twenty_megabyte_page_is_cut_off_with_a_note(browser: RequestsMarkdownBrowser, site: LoopbackSite) -> None:
    browser.visit_page(site.url("/huge.html"))
    assert browser.viewport.startswith("(This page is longer than 5 MB; only its beginning is shown.)\n\n")
    assert "lorem ipsum" in browser.viewport
    assert len(browser.page_content) < 6 * 1024 * 1024


def test_slow_server_hits_the_timeout(site: LoopbackSite, site_search: Any) -> None:
    browser = RequestsMarkdownBrowser(search_engine=site_search, requests_get_kwargs={"timeout": 0.3})
    browser.visit_page(site.url("/slow"))
    assert browser.page_title == "Request Exception"
    assert "Timeout" in browser.page_content


def test_requests_get_kwargs_are_sent(site: LoopbackSite, site_search: Any) -> None:
    browser = RequestsMarkdownBrowser(search_engine=site_search, requests_get_kwargs={"headers": {"X-Probe": "surfer"}})
    browser.visit_page(site.url("/about.html?probe=1"))
    assert any(
        query.get("probe") == ["1"] and headers.get("X-Probe") == "surfer" for _, query, headers in site.requests
    )


def test_local_text_file_opens_as_file_uri(browser: RequestsMarkdownBrowser, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("A local note.\n")
    assert browser.open_local_file(str(note)) == "A local note.\n"
    assert browser.address == note.as_uri()


def test_local_folder_is_listed_with_links(browser: RequestsMarkdownBrowser, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    viewport = browser.open_local_file(str(tmp_path))
    assert "[.. (parent directory)](../)" in viewport
    assert "<a.txt>" in viewport and "[sub](sub/)" in viewport
    assert browser.visit_page("a.txt") == "x"  # links in the listing resolve against the folder


def test_missing_local_file_is_a_404_page(browser: RequestsMarkdownBrowser, tmp_path: Path) -> None:
    viewport = browser.open_local_file(str(tmp_path / "nope.txt"))
    assert browser.page_title == "Error 404"
    assert viewport == f"## Error 404\n\nFile not found: {tmp_path / 'nope.txt'}"


def test_local_file_roots_confine_file_visits(site_search: Any, tmp_path: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "ok.txt").write_text("fine")
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read")
    browser = RequestsMarkdownBrowser(search_engine=site_search, local_file_roots=[str(allowed)])
    assert browser.open_local_file(str(allowed / "ok.txt")) == "fine"
    viewport = browser.open_local_file(str(allowed / ".." / "secret.txt"))
    assert browser.page_title == "Access denied"
    assert "outside the folders this browser may open" in viewport
    assert "do not read" not in browser.page_content


def test_device_files_are_refused_instead_of_read_forever(browser: RequestsMarkdownBrowser) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    viewport = browser.open_local_file("/dev/zero")
    assert browser.page_title == "Access denied"
    assert "not a regular file" in viewport


def test_unsupported_local_file_reports_download_complete(browser: RequestsMarkdownBrowser, tmp_path: Path) -> None:
    blob = tmp_path / "data.weird"
    blob.write_bytes(os.urandom(64))
    assert browser.open_local_file(str(blob)) == f"# Download complete\n\nSaved file to '{blob}'"


def test_small_viewport_pages_end_at_whitespace(site_search: Any) -> None:
    browser = RequestsMarkdownBrowser(search_engine=site_search, viewport_size=10)
    browser._set_page_content("alpha beta gamma delta epsilon")
    assert [browser.page_content[a:b] for a, b in browser.viewport_pages] == ["alpha beta ", "gamma delta ", "epsilon"]
