"""The tracing subscriber: turns autogen's start/end events into OpenTelemetry spans.

Imported only by `autogen.tracing.enable()`, so OpenTelemetry is loaded only when tracing is on. Every
`<kind>_start` event opens a span whose parent is the span of the event's `parent_span_id` (or, for a
chat's root, whatever span is current in OpenTelemetry, e.g. the caller's request span); the matching
`<kind>_end` event sets the outcome and ends it. Point events (messages, termination, usage, input requests)
become span events on the span they happened in.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, List, Optional

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from ..events._bus import current_span
from ._attributes import (
    Attributes,
    end_attributes,
    error_parts,
    mask_keys,
    message_event,
    scrub_all,
    span_name,
    split_kind,
    start_attributes,
)

__all__ = ("SpanSubscriber",)

_CLIENT_KINDS = frozenset({"model_call"})


def _ns(event: Any) -> Optional[int]:
    stamp = getattr(event, "timestamp", None)
    return int(stamp * 1_000_000_000) if isinstance(stamp, (int, float)) else None


def _fields(event: Any) -> Dict[str, Any]:
    """The event's fields, read-only: a pydantic model keeps them in its __dict__ (no copy needed)."""
    fields = getattr(event, "__dict__", None)
    return fields if isinstance(fields, dict) else dict(event)


class SpanSubscriber:
    """Keeps the open spans by autogen span id; called synchronously in the thread that emits each event."""

    def __init__(self, tracer: trace.Tracer, capture_content: bool, scrub: Callable[[str], str]) -> None:
        self.tracer = tracer
        self.capture_content = capture_content
        self.scrub = scrub
        self.open: Dict[str, Span] = {}
        self.before: Dict[str, otel_context.Context] = {}  # the OpenTelemetry context each span replaced
        self._lock = threading.Lock()

    def __call__(self, event: Any) -> None:
        event_type = getattr(event, "type", None)
        if not isinstance(event_type, str):
            return
        side, kind = split_kind(event_type)
        if side == "start":
            self._start(kind, event)
        elif side == "end":
            self._end(kind, event)
        else:
            self._point(kind, event)

    def _start(self, kind: str, event: Any) -> None:
        fields = _fields(event)
        parent = self.open.get(fields.get("parent_span_id") or "")
        context = trace.set_span_in_context(parent) if parent is not None else None
        attrs = scrub_all(start_attributes(kind, fields, self.capture_content), self.scrub)
        span = self.tracer.start_span(
            span_name(kind, fields),
            context=context,
            kind=SpanKind.CLIENT if kind in _CLIENT_KINDS else SpanKind.INTERNAL,
            attributes=attrs,
            start_time=_ns(event),
        )
        with self._lock:
            self.open[fields["span_id"]] = span
            self.before[fields["span_id"]] = otel_context.get_current()
        # Current in OpenTelemetry too, so spans made inside (a traced tool, an HTTP instrumentation) nest here.
        otel_context.attach(trace.set_span_in_context(span))

    def _end(self, kind: str, event: Any) -> None:
        fields = _fields(event)
        with self._lock:
            span = self.open.pop(fields.get("span_id") or "", None)
            before = self.before.pop(fields.get("span_id") or "", None)
        if span is None:  # its start came before tracing was turned on
            return
        if before is not None and trace.get_current_span() is span:
            otel_context.attach(before)  # a plain set: start and end may run in different contexts
        span.set_attributes(scrub_all(end_attributes(kind, fields, self.capture_content), self.scrub))
        error = fields.get("error")
        if error:
            _record_error(span, mask_keys(self.scrub(str(error))), _ns(event))
        elif kind == "tool_call" and fields.get("succeeded") is False:
            span.set_status(Status(StatusCode.ERROR, "the tool did not succeed"))
        elif kind == "model_call" and fields.get("failed_over"):
            span.set_status(Status(StatusCode.ERROR, "this attempt failed; the next config entry was tried"))
        span.end(end_time=_ns(event))

    def _point(self, kind: str, event: Any) -> None:
        fields = _fields(event)
        found = message_event(kind, fields, self.capture_content)
        if found is None:
            return
        span = self.open.get(fields.get("span_id") or "") or self.open.get(current_span.get() or "")
        if span is None:
            return
        name, attrs = found
        span.add_event(name, scrub_all(attrs, self.scrub), timestamp=_ns(event))
        if kind == "usage_summary":
            _copy_usage(span, attrs)

    def close_all(self) -> None:
        """End the spans still open (tracing is turned off mid-chat), marked so a viewer can tell."""
        with self._lock:
            spans: List[Span] = list(self.open.values())
            self.open.clear()
            self.before.clear()
        for span in spans:
            span.set_attribute("autogen.span.incomplete", True)
            span.end()


def _record_error(span: Span, error: str, when: Optional[int]) -> None:
    kind, message = error_parts(error)
    span.set_status(Status(StatusCode.ERROR, error))
    attrs: Attributes = {"exception.type": kind, "exception.message": message}
    span.add_event("exception", attrs, timestamp=when)


def _copy_usage(span: Span, attrs: Attributes) -> None:
    """The chat's cost summary also as attributes of the chat span (the figures a trace view shows)."""
    for key, value in attrs.items():
        if key.startswith("autogen.cost.") or key.startswith("autogen.usage."):
            span.set_attribute(key, value)
