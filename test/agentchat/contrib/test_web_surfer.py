"""WebSurferAgent on a scripted model (loopback LLM server) browsing the loopback test site."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

from autogen import UserProxyAgent
from autogen.agentchat.contrib.web_surfer import WebSurferAgent
from autogen.browser_utils import AbstractMarkdownSearch, BingMarkdownSearch, RequestsMarkdownBrowser
from autogen.testing import LoopbackLLMServer, Reply


def _load_site_module() -> Any:
    path = Path(__file__).parents[2] / "browser_utils" / "loopback_site.py"
    spec = importlib.util.spec_from_file_location("_surfer_loopback_site", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


site_module = _load_site_module()
RULE = "\n=======================\n"


class _NoSearch(AbstractMarkdownSearch):
    def __init__(self) -> None:
        pass

    def search(self, query: str) -> str:
        return f"No results for '{query}'."


@pytest.fixture(scope="module")
def site() -> Iterator[Any]:
    server = site_module.LoopbackSite().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: Any) -> Path:
    return tmp_path_factory.mktemp("surfer-downloads")


@pytest.fixture(scope="module")
def _module_surfer(_session_llm_server: LoopbackLLMServer, downloads: Path) -> WebSurferAgent:
    """One agent for the module (building one registers ten tools, each rebuilding the LLM client)."""
    browser = RequestsMarkdownBrowser(
        downloads_folder=str(downloads), search_engine=_NoSearch(), local_file_roots=[str(downloads)]
    )
    config = {"config_list": _session_llm_server.config_list(), "cache_seed": None}
    return WebSurferAgent("surfer", llm_config=config, browser=browser)


@pytest.fixture
def surfer(_module_surfer: WebSurferAgent, llm_server: LoopbackLLMServer) -> WebSurferAgent:
    """The module's agent back on about:blank; `llm_server` is the same (reset) server it talks to."""
    _module_surfer.browser.visit_page("about:blank")
    return _module_surfer


def _tool(surfer: WebSurferAgent, name: str) -> Any:
    return surfer._user_proxy.function_map[name]


def test_visit_page_reports_address_title_and_position(surfer: WebSurferAgent, site: Any) -> None:
    out = _tool(surfer, "visit_page")(url=site.url("/long.html"))
    header, viewport = out.split(RULE, 1)
    total = len(surfer.browser.viewport_pages)
    assert (
        header
        == f"Address: {site.url('/long.html')}\nTitle: Field Notes\nViewport position: Showing page 1 of {total}."
    )
    assert viewport.startswith("# Field notes from the coast")


def test_paging_tools_move_and_clamp(surfer: WebSurferAgent, site: Any) -> None:
    _tool(surfer, "visit_page")(url=site.url("/long.html"))
    total = len(surfer.browser.viewport_pages)
    assert f"Showing page 2 of {total}." in _tool(surfer, "page_down")()
    assert f"Showing page 1 of {total}." in _tool(surfer, "page_up")()
    assert f"Showing page 1 of {total}." in _tool(surfer, "page_up")()
    for _ in range(total + 2):
        out = _tool(surfer, "page_down")()
    assert f"Showing page {total} of {total}." in out


def test_find_tools_report_misses_plainly(surfer: WebSurferAgent, site: Any) -> None:
    _tool(surfer, "visit_page")(url=site.url("/long.html"))
    assert site_module.SECRET_PHRASE in _tool(surfer, "find_on_page_ctrl_f")(search_string="brass key")
    missing = _tool(surfer, "find_on_page_ctrl_f")(search_string="zebra")
    assert missing.endswith(RULE + "The search string 'zebra' was not found on this page.")
    surfer.browser.visit_page(site.url("/about.html"))
    assert _tool(surfer, "find_next")().endswith(RULE + "The search string was not found on this page.")


def test_navigational_search_opens_the_first_result(llm_config: Dict[str, Any], site: Any) -> None:
    class OneHit(_NoSearch):
        def search(self, query: str) -> str:
            return f"1. [About]({site.url('/about.html')})\nThe about page."

    surfer = WebSurferAgent("surfer", llm_config=llm_config, browser=RequestsMarkdownBrowser(search_engine=OneHit()))
    assert "About this site" in _tool(surfer, "navigational_web_search")(query="about")
    info = _tool(surfer, "informational_web_search")(query="about")
    assert info.startswith("Address: search: about\nTitle: about - Search\nViewport position: Showing page 1 of 1.")


def test_tools_are_offered_to_the_inner_assistant(surfer: WebSurferAgent) -> None:
    names = [tool["function"]["name"] for tool in surfer._assistant.llm_config["tools"]]
    assert names == [
        "informational_web_search",
        "navigational_web_search",
        "visit_page",
        "download_file",
        "page_up",
        "page_down",
        "find_on_page_ctrl_f",
        "find_next",
        "read_page_and_answer",
        "summarize_page",
    ]


def test_read_page_and_answer_asks_the_summarizer_with_the_page(
    surfer: WebSurferAgent, site: Any, llm_server: LoopbackLLMServer
) -> None:
    llm_server.script(Reply.text("The tides rose and fell."))
    answer = _tool(surfer, "read_page_and_answer")(question="What did the tides do?", url=site.url("/long.html"))
    assert answer == "The tides rose and fell."
    prompt = llm_server.chat_requests[-1].messages[-1]["content"]
    assert "What did the tides do?" in prompt and "Paragraph 1." in prompt
    assert site_module.SECRET_PHRASE not in prompt  # the page's end does not fit gpt-4's 8k context


def test_summarize_empty_page_needs_no_model(surfer: WebSurferAgent, llm_server: LoopbackLLMServer) -> None:
    surfer.browser.visit_page("about:blank")
    assert _tool(surfer, "summarize_page")() == "Nothing to summarize."
    assert not llm_server.chat_requests


def test_summarizer_with_empty_config_list_raises_index_error(
    llm_config: Dict[str, Any], site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-never-used")  # an empty list falls back to a default OpenAI client
    surfer = WebSurferAgent(
        "surfer",
        llm_config=llm_config,
        summarizer_llm_config={"config_list": []},
        browser=RequestsMarkdownBrowser(search_engine=_NoSearch()),
    )
    surfer.browser.visit_page(site.url("/about.html"))
    with pytest.raises(IndexError):
        _tool(surfer, "read_page_and_answer")(question="What?")
    with pytest.raises(IndexError):
        _tool(surfer, "summarize_page")()


def test_browser_and_browser_config_together_are_rejected(llm_config: Dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="cannot accept both"):
        WebSurferAgent(
            "surfer",
            llm_config=llm_config,
            browser_config={"viewport_size": 100},
            browser=RequestsMarkdownBrowser(search_engine=_NoSearch()),
        )


def test_browser_config_builds_a_requests_browser(llm_config: Dict[str, Any], tmp_path: Path) -> None:
    config = {"viewport_size": 2048, "bing_api_key": "k", "request_kwargs": {"timeout": 5}, "downloads_folder": "d"}
    with pytest.warns(DeprecationWarning, match="browser_config"):
        surfer = WebSurferAgent("surfer", llm_config=llm_config, browser_config=config)
    browser = surfer.browser
    assert isinstance(browser, RequestsMarkdownBrowser)
    assert browser.viewport_size == 2048 and browser.downloads_folder == "d"
    assert browser._requests_get_kwargs == {"timeout": 5}
    assert isinstance(browser._search_engine, BingMarkdownSearch)
    assert browser._search_engine._interleave_results is False


def test_without_llm_no_tools_and_no_summarizer(site: Any) -> None:
    surfer = WebSurferAgent("surfer", llm_config=False, browser=RequestsMarkdownBrowser(search_engine=_NoSearch()))
    assert surfer.summarization_client is None
    assert surfer._user_proxy.function_map == {}


def _chat(surfer: WebSurferAgent, message: str, turns: int = 1) -> Any:
    user = UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False, default_auto_reply="Go on.")
    return user.initiate_chat(surfer, message=message, max_turns=turns, silent=True)


def test_each_turn_runs_one_browser_step_and_replies_with_the_page(
    surfer: WebSurferAgent, site: Any, llm_server: LoopbackLLMServer
) -> None:
    llm_server.script(Reply.tool_call("visit_page", {"url": site.url("/about.html")}))
    result = _chat(surfer, "Open the about page.")
    assert result.chat_history[-1]["content"].startswith(f"Address: {site.url('/about.html')}\nTitle: About\n")
    request = llm_server.chat_requests[0].messages
    assert request[-2]["content"] == "Your browser is currently open to the page 'None' at the address 'about:blank'."
    assert request[-1]["content"] == "Open the about page."


def test_chat_visits_pages_through_finds_and_answers(
    surfer: WebSurferAgent, site: Any, llm_server: LoopbackLLMServer
) -> None:
    llm_server.script(
        Reply.tool_call("visit_page", {"url": site.url("/long.html")}),
        Reply.tool_call("page_down"),
        Reply.tool_call("find_on_page_ctrl_f", {"search_string": "brass key"}),
        Reply.text("The keeper hid the brass key under the blue stone."),
    )
    result = _chat(surfer, "Where did the lighthouse keeper hide the key? Read the field notes.", turns=4)
    replies = [m["content"] for m in result.chat_history if m["name"] == "surfer"]
    total = len(surfer.browser.viewport_pages)
    assert f"Showing page 1 of {total}." in replies[0]
    assert f"Showing page 2 of {total}." in replies[1]
    assert site_module.SECRET_PHRASE in replies[2]
    assert replies[3] == "The keeper hid the brass key under the blue stone."
    last_request = llm_server.chat_requests[-1].messages
    assert site_module.SECRET_PHRASE in json.dumps(last_request)  # the model answered from the page it saw
    assert f"at the address '{site.url('/long.html')}'" in json.dumps(last_request)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("unreachable", "## Unhandled Request Exception:"),
        ("/missing", "## Error 404"),
        ("/files/blob.bin", "# Download complete"),
        ("/huge.html", "only its beginning is shown"),
        ("outside", "## Access denied"),
    ],
)
def test_bad_input_gives_a_clear_reply(
    surfer: WebSurferAgent,
    site: Any,
    llm_server: LoopbackLLMServer,
    tmp_path: Path,
    downloads: Path,
    target: str,
    expected: str,
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    url = {"unreachable": site_module.closed_port_url(), "outside": secret.as_uri()}.get(target, site.url(target))
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    tool = "download_file" if target.startswith("/files") else "visit_page"
    llm_server.script(Reply.tool_call(tool, {"url": url}))
    result = _chat(surfer, f"Please read {url}", turns=1)
    replies = " ".join(m["content"] for m in result.chat_history if m["name"] == "surfer")
    assert expected in replies
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - before
    assert all(downloads in p.parents for p in written)
    assert "private" not in replies
