"""A small web site on 127.0.0.1 for browser tests: real HTML, a long page, PDF, DOCX, redirects, errors,
a binary file, a 20 MB page, a slow page, and a fake of the Bing Web Search API.

Loaded by the browser tests' conftest and, by file path, by the WebSurferAgent tests.
"""

from __future__ import annotations

import io
import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urlparse

SECRET_PHRASE = "The lighthouse keeper hid the brass key under the blue stone."
LONG_PAGE_PARAGRAPHS = 60
HUGE_PAGE_BYTES = 20 * 1024 * 1024
BING_KEY = "test-bing-key"


def _page(title: str, body: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def long_page() -> bytes:
    """About 25 KB of numbered paragraphs; the secret phrase sits in the second to last one."""
    paragraphs = []
    for n in range(1, LONG_PAGE_PARAGRAPHS + 1):
        words = " ".join(f"word{n}x{i}" for i in range(40))
        extra = f" {SECRET_PHRASE}" if n == LONG_PAGE_PARAGRAPHS - 1 else ""
        paragraphs.append(f"<p>Paragraph {n}. The tides rose and fell along the coast. {words}.{extra}</p>")
    return _page("Field Notes", "<h1>Field notes from the coast</h1>" + "".join(paragraphs))


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` in Helvetica, with a correct cross-reference table."""
    content = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(bodies) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(bodies) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def small_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Orchard meeting", level=1)
    document.add_paragraph("The orchard budget for apple trees was approved.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bing_answer(query: str) -> Dict[str, Any]:
    """A Web Search API answer with web pages (one with a deep link), news, videos and related searches."""
    base = "https://api.bing.microsoft.com/api/v7/"
    return {
        "_type": "SearchResponse",
        "queryContext": {"originalQuery": query},
        "webPages": {
            "id": base + "#WebPages",
            "value": [
                {
                    "id": base + "#WebPages.0",
                    "name": "Lighthouses [guide]",
                    "url": "https://example.org/light houses",
                    "snippet": "All about lighthouses.",
                    "deepLinks": [
                        {"name": "Keepers", "url": "https://example.org/keepers", "snippet": "Who kept them."}
                    ],
                },
                {
                    "id": base + "#WebPages.1",
                    "name": "Brass keys",
                    "url": "https://example.org/keys",
                    "snippet": "Keys.",
                },
            ],
        },
        "news": {
            "id": base + "#News",
            "value": [
                {
                    "name": "Keeper retires",
                    "url": "https://news.example.org/keeper",
                    "description": "After 40 years.",
                    "datePublished": "2024-05-01T10:00:00.0000000Z",
                }
            ],
        },
        "videos": {
            "id": base + "#Videos",
            "value": [
                {"name": "Lamp tour", "contentUrl": "https://www.youtube.com/watch?v=abc", "description": "A tour."},
                {"name": "Elsewhere", "contentUrl": "https://video.example.org/1", "description": "Not YouTube."},
            ],
        },
        "relatedSearches": {"id": base + "#RelatedSearches", "value": [{"text": "lighthouse history"}]},
        "rankingResponse": {
            "mainline": {
                "items": [
                    {"answerType": "WebPages", "resultIndex": 0, "value": {"id": base + "#WebPages.0"}},
                    {"answerType": "News", "value": {"id": base + "#News"}},
                    {"answerType": "WebPages", "resultIndex": 1, "value": {"id": base + "#WebPages.1"}},
                    {"answerType": "Videos", "value": {"id": base + "#Videos"}},
                    {"answerType": "RelatedSearches", "value": {"id": base + "#RelatedSearches"}},
                ]
            }
        },
    }


class LoopbackSite:
    """The site on a free 127.0.0.1 port; `requests` records (path, query, headers) of every request."""

    def __init__(self) -> None:
        self.requests: List[Tuple[str, Dict[str, List[str]], Dict[str, str]]] = []
        self._pages: Dict[str, Tuple[int, str, bytes]] = {}
        self._httpd: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    def start(self) -> LoopbackSite:
        handler = type("_SiteHandler", (_Handler,), {"site": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._build()
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def _build(self) -> None:
        html, pdf = "text/html; charset=utf-8", "application/pdf"
        docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        index = (
            "<h1>Welcome to the loopback site</h1><p>Start here.</p><ul>"
            '<li><a href="about.html">About us</a></li><li><a href="/long.html">Field notes</a></li>'
            '<li><a href="/docs/report.pdf">Report</a></li><li><a href="javascript:void(0)">Do nothing</a></li></ul>'
            "<script>var hidden = 'never shown';</script>"
        )
        script_body = '<div id="out">Static text.</div><script>document.getElementById("out").textContent = '
        script_body += '"Rendered by script.";</script>'
        self._pages = {
            "/": (200, html, _page("Loopback Home", index)),
            "/about.html": (200, html, _page("About", "<h2>About this site</h2><p>It runs on 127.0.0.1.</p>")),
            "/long.html": (200, html, long_page()),
            "/script.html": (200, html, _page("Scripted", script_body)),
            "/plain.txt": (200, "text/plain; charset=utf-8", b"Just some plain text.\nSecond line."),
            "/docs/report.pdf": (200, pdf, tiny_pdf("Quarterly falcon migration report")),
            "/docs/notes.docx": (200, docx_type, small_docx()),
            "/files/blob.bin": (200, "application/octet-stream", bytes(range(256)) * 64 + os.urandom(512)),
            "/missing": (404, html, _page("Not here", "<p>No such page on this site.</p>")),
            "/broken": (500, "text/plain", b"Internal trouble."),
        }

    def huge_page(self) -> bytes:
        if "/huge.html" not in self._pages:
            line = b"<p>" + b"lorem ipsum dolor sit amet " * 37 + b"</p>\n"
            body = line * (HUGE_PAGE_BYTES // len(line) + 1)
            self._pages["/huge.html"] = (200, "text/html", b"<html><body>" + body + b"</body></html>")
        return self._pages["/huge.html"][2]


class _Handler(BaseHTTPRequestHandler):
    site: LoopbackSite
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _send(self, status: int, content_type: str, body: bytes, extra: Optional[Dict[str, str]] = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading (size limits)
            pass

    def do_GET(self) -> None:  # noqa: N802
        parsed = urlparse(self.path)
        self.site.requests.append((parsed.path, parse_qs(parsed.query), dict(self.headers)))
        path = parsed.path
        if path == "/moved":
            self._send(302, "text/plain", b"", {"Location": "/about.html"})
        elif path == "/slow":
            time.sleep(3)
            self._send(200, "text/html", _page("Slow", "<p>Finally.</p>"))
        elif path == "/huge.html":
            self._send(200, "text/html", self.site.huge_page())
        elif path == "/v7.0/search":
            self._bing()
        elif path.startswith("/files/") and path not in self.site._pages:
            self._send(200, "application/octet-stream", b"\x00\x01binary payload\xff")
        elif path in self.site._pages:
            status, content_type, body = self.site._pages[path]
            self._send(status, content_type, body)
        else:
            self._send(404, "text/html", _page("Not found", f"<p>Nothing at {path}.</p>"))

    def _bing(self) -> None:
        query = parse_qs(urlparse(self.path).query).get("q", [""])[0]
        if self.headers.get("Ocp-Apim-Subscription-Key") != BING_KEY:
            body = json.dumps({"error": {"code": "401", "message": "Access denied due to invalid subscription key."}})
            self._send(401, "application/json", body.encode())
            return
        self._send(200, "application/json", json.dumps(bing_answer(query)).encode())


def closed_port_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
