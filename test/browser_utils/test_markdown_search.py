"""BingMarkdownSearch against a loopback fake of the Bing Web Search API (real HTTP)."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from loopback_site import BING_KEY, LoopbackSite

from autogen.browser_utils import BingMarkdownSearch, markdown_search


@pytest.fixture
def bing_on_site(site: LoopbackSite, monkeypatch: pytest.MonkeyPatch) -> LoopbackSite:
    """Point the module's endpoints at the loopback site (the documented way to redirect them)."""
    monkeypatch.setattr(markdown_search, "BING_SEARCH_API_URL", site.url("/v7.0/search"))
    monkeypatch.setattr(markdown_search, "BING_SEARCH_PAGE_URL", site.url("/about.html"))
    monkeypatch.delenv("BING_API_KEY", raising=False)
    return site


def test_request_carries_key_query_and_raw_text_format(bing_on_site: LoopbackSite) -> None:
    BingMarkdownSearch(bing_api_key=BING_KEY).search("lighthouse keeper")
    path, query, headers = bing_on_site.requests[-1]
    assert path == "/v7.0/search"
    assert headers["Ocp-Apim-Subscription-Key"] == BING_KEY
    assert query == {"q": ["lighthouse keeper"], "textDecorations": ["False"], "textFormat": ["raw"]}


def test_interleaved_results_follow_the_ranking(bing_on_site: LoopbackSite) -> None:
    text = BingMarkdownSearch(bing_api_key=BING_KEY).search("keeper")
    assert text == (
        "## A Bing search for 'keeper' found 5 results:\n\n"
        "1. [Lighthouses  guide ](https://example.org/light%20houses)\nAll about lighthouses.\n\n"
        "2. [Keepers](https://example.org/keepers)\nWho kept them.\n\n"
        "3. [Keeper retires](https://news.example.org/keeper)\nAfter 40 years.\nDate published: 2024-05-01\n\n"
        "4. [Brass keys](https://example.org/keys)\nKeys.\n\n"
        "5. [Lamp tour](https://www.youtube.com/watch?v=abc)\nA tour.\n\n"
        "## Related Searches:\n- lighthouse history"
    )


def test_grouped_results_have_category_headings(bing_on_site: LoopbackSite) -> None:
    text = BingMarkdownSearch(bing_api_key=BING_KEY, interleave_results=False).search("keeper")
    assert text.startswith("## A Bing search for 'keeper' found 5 results:\n\n## Web Results\n\n1. [Lighthouses")
    assert "## News Results\n\n4. [Keeper retires]" in text
    assert "## Video Results\n\n5. [Lamp tour]" in text
    assert text.endswith("## Related Searches:\n- lighthouse history")
    assert "Elsewhere" not in text  # only YouTube videos are listed


def test_key_is_read_from_the_environment(bing_on_site: LoopbackSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BING_API_KEY", BING_KEY)
    assert BingMarkdownSearch().search("keeper").startswith("## A Bing search for 'keeper' found 5 results:")


def test_wrong_key_raises_the_http_error(bing_on_site: LoopbackSite) -> None:
    import requests

    with pytest.raises(requests.HTTPError):
        BingMarkdownSearch(bing_api_key="wrong").search("keeper")


def test_no_key_without_interleaving_is_a_value_error(bing_on_site: LoopbackSite) -> None:
    with pytest.raises(ValueError, match="incompatible with setting `interleave_results` to False"):
        BingMarkdownSearch(interleave_results=False)


def test_api_call_without_key_is_a_value_error(bing_on_site: LoopbackSite) -> None:
    search = BingMarkdownSearch()
    with pytest.raises(ValueError, match="^Missing Bing API key.$"):
        search._bing_api_call("keeper")


def test_no_key_warns_and_converts_the_results_page(bing_on_site: LoopbackSite, caplog: Any) -> None:
    with caplog.at_level(logging.WARNING, logger="autogen.browser_utils.markdown_search"):
        search = BingMarkdownSearch()
    assert "No Bing API key provided" in caplog.text
    assert "About this site" in search.search("keeper")
    path, query, headers = bing_on_site.requests[-1]
    assert query["q"] == ["keeper"] and "Mozilla/5.0" in headers["User-Agent"]
