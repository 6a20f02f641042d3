"""A loopback OTLP/HTTP trace receiver: what a collector sees, decoded with opentelemetry-proto.

Binds 127.0.0.1 on a free port; every POST to /v1/traces is decoded as an ExportTraceServiceRequest
(gzip or plain protobuf) and kept, in arrival order, with the spans flattened for assertions.
"""

from __future__ import annotations

import gzip
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)


@dataclass
class ReceivedSpan:
    """One span of an export request, with its attributes as plain Python values."""

    name: str
    span_id: str
    parent_span_id: str
    trace_id: str
    attributes: Dict[str, Any]
    status_code: int
    scope: str
    batch: int  # which export request brought it


def _value(any_value: Any) -> Any:
    kind = any_value.WhichOneof("value")
    if kind == "array_value":
        return [_value(v) for v in any_value.array_value.values]
    return None if kind is None else getattr(any_value, kind)


@dataclass
class OTLPReceiver:
    """Start with `with OTLPReceiver() as receiver:`; point an OTLPSpanExporter at `receiver.endpoint`."""

    requests: List[ExportTraceServiceRequest] = field(default_factory=list)
    content_types: List[str] = field(default_factory=list)
    _httpd: Optional[ThreadingHTTPServer] = None
    _thread: Optional[threading.Thread] = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> OTLPReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                request = ExportTraceServiceRequest()
                request.ParseFromString(body)
                with receiver._lock:
                    receiver.requests.append(request)
                    receiver.content_types.append(self.headers.get("Content-Type", ""))
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200 if self.path == "/v1/traces" else 404)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="otlp-receiver", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        assert self._httpd is not None and self._thread is not None
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    @property
    def endpoint(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1/traces"

    def spans(self) -> List[ReceivedSpan]:
        """Every span received so far, request by request."""
        found = []
        with self._lock:
            requests = list(self.requests)
        for number, request in enumerate(requests):
            for resource_spans in request.resource_spans:
                for scope_spans in resource_spans.scope_spans:
                    for span in scope_spans.spans:
                        found.append(
                            ReceivedSpan(
                                name=span.name,
                                span_id=span.span_id.hex(),
                                parent_span_id=span.parent_span_id.hex(),
                                trace_id=span.trace_id.hex(),
                                attributes={a.key: _value(a.value) for a in span.attributes},
                                status_code=span.status.code,
                                scope=scope_spans.scope.name,
                                batch=number,
                            )
                        )
        return found
