"""A chat web app: a static page talks to an autogen agent over a websocket (IOWebsockets).

Run it (needs `pip install "autogen-agentchat[websockets]~=0.2"`):

    python samples/apps/websockets/app.py              # your model from OAI_CONFIG_LIST (see OAI_CONFIG_LIST_sample)
    python samples/apps/websockets/app.py --offline    # no key: a local loopback model that answers by itself

then open http://127.0.0.1:8000 and type. Each message you send is one turn of a chat that keeps its history for
as long as the page stays open; everything the agents print is streamed to the page.
"""

from __future__ import annotations

import argparse
import http.server
import threading
import time
from pathlib import Path
from typing import Any, Dict, List

from autogen import ConversableAgent, UserProxyAgent, config_list_from_json
from autogen.io.websockets import IOWebsockets
from autogen.testing import LoopbackLLMServer, Reply

PAGE = Path(__file__).with_name("index.html")


def offline_model() -> LoopbackLLMServer:
    """A key-less model for trying the app: it answers every message by quoting it."""
    model = LoopbackLLMServer()
    model.responder = lambda body: Reply.text(f"You said: {body['messages'][-1]['content']} (offline model)")
    return model.start()


def chat_session(config_list: List[Dict[str, Any]], answered: threading.Condition):
    """The websocket handler: one agent pair per connection, one chat turn per message from the page."""

    def on_connect(iostream: IOWebsockets) -> None:
        assistant = ConversableAgent(
            "assistant",
            system_message="You are a friendly assistant. Answer in a few sentences.",
            llm_config={"config_list": config_list, "cache_seed": None},
        )
        user = UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
        first = True
        while True:
            try:
                message = iostream.input()
            except Exception:  # the page was closed
                return
            user.initiate_chat(assistant, message=message, max_turns=1, clear_history=first)
            first = False
            with answered:
                answered.notify_all()

    return on_connect


def page_server(host: str, port: int, ws_url: str, answered: threading.Condition) -> http.server.ThreadingHTTPServer:
    """Serves index.html with the websocket address filled in, and /settle (answers after the next chat turn)."""
    body = PAGE.read_text().replace("{{WS_URL}}", ws_url).encode()

    class PageHandler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path.startswith("/settle"):  # holds the page's load event until an answer was sent
                with answered:
                    answered.wait(timeout=15)  # the next answer sent to any page
                time.sleep(0.2)
                self.send_response(204)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer((host, port), PageHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offline", action="store_true", help="a local loopback model; no key needed")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="the page's HTTP port (0: any free port)")
    parser.add_argument("--ws-port", type=int, default=8080, help="the websocket port (0: any free port)")
    args = parser.parse_args()

    model = offline_model() if args.offline else None
    config_list = model.config_list() if model else config_list_from_json(env_or_file="OAI_CONFIG_LIST")
    answered = threading.Condition()
    session = chat_session(config_list, answered)
    with IOWebsockets.run_server_in_thread(host=args.host, port=args.ws_port, on_connect=session) as ws:
        pages = page_server(args.host, args.port, ws, answered)
        print(f"Open http://{args.host}:{pages.server_address[1]}/ (websocket {ws}); Ctrl-C stops.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            pages.shutdown()
            if model:
                model.stop()


if __name__ == "__main__":
    main()
