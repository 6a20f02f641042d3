"""Chat with a WebSurferAgent that browses for you.

Run it:

    pip install "autogen-agentchat[websurfer]~=0.2"
    python samples/browser_chat.py                 # your models from OAI_CONFIG_LIST (see OAI_CONFIG_LIST_sample)
    python samples/browser_chat.py --offline       # no key, no internet: a scripted model browses a local page

Web search uses the Bing Web Search API when BING_API_KEY is set. Add `--browser selenium` or
`--browser playwright` to render pages in a headless Chromium (needs `selenium` or `playwright` and a Chromium,
e.g. Debian's `chromium` and `chromium-driver` packages).
"""

from __future__ import annotations

import argparse
import http.server
import tempfile
import threading
from pathlib import Path
from typing import Any, Dict, List

from autogen import UserProxyAgent, config_list_from_json
from autogen.agentchat.contrib.web_surfer import WebSurferAgent
from autogen.browser_utils import (
    PlaywrightMarkdownBrowser,
    RequestsMarkdownBrowser,
    SeleniumMarkdownBrowser,
)
from autogen.testing import LoopbackLLMServer, Reply

_PAGE = """<html><head><title>Harbour notes</title></head><body><h1>Harbour notes</h1>
<p>The ferry leaves at 9:40 every morning.</p><p>The lighthouse is open to visitors on Sundays.</p></body></html>"""


def _make_browser(kind: str, downloads: str) -> RequestsMarkdownBrowser:
    browsers = {"requests": RequestsMarkdownBrowser, "selenium": SeleniumMarkdownBrowser}
    browsers["playwright"] = PlaywrightMarkdownBrowser
    return browsers[kind](viewport_size=4096, downloads_folder=downloads)


def _serve_page(folder: Path) -> http.server.ThreadingHTTPServer:
    """A local web site with one page, so the offline run needs no internet."""
    (folder / "index.html").write_text(_PAGE)
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(folder))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _offline_config(model: LoopbackLLMServer, url: str) -> List[Dict[str, Any]]:
    """A scripted model: open the page, look for the lighthouse, then answer."""
    model.script(
        Reply.tool_call("visit_page", {"url": url}),
        Reply.tool_call("find_on_page_ctrl_f", {"search_string": "lighthouse"}),
        Reply.text("The lighthouse is open to visitors on Sundays."),
    )
    return model.config_list()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offline", action="store_true", help="scripted model and a local page; no key needed")
    parser.add_argument("--browser", choices=["requests", "selenium", "playwright"], default="requests")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        downloads = str(Path(workdir) / "downloads")
        browser = _make_browser(args.browser, downloads)
        if args.offline:
            site = _serve_page(Path(workdir))
            model = LoopbackLLMServer().start()
            config_list = _offline_config(model, f"http://127.0.0.1:{site.server_address[1]}/index.html")
            question = "When can I visit the lighthouse? The harbour notes page should say."
        else:
            config_list = config_list_from_json(env_or_file="OAI_CONFIG_LIST")
            question = input("What should the web surfer look up? ")

        surfer = WebSurferAgent(
            "web_surfer", llm_config={"config_list": config_list, "cache_seed": None}, browser=browser
        )
        user = UserProxyAgent(
            "user",
            human_input_mode="NEVER" if args.offline else "ALWAYS",
            code_execution_config=False,
            default_auto_reply="Continue.",
        )
        user.initiate_chat(surfer, message=question, max_turns=3 if args.offline else None)

        if args.offline:
            model.stop()
            site.shutdown()
        close = getattr(browser, "close", None)
        if close is not None:
            close()


if __name__ == "__main__":
    main()
