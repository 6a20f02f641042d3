"""The event bus: process-wide subscribers, the current span, and the console as the default output.

Kept free of pydantic so that `import autogen` and a chat nobody listens to stay cheap: call sites test
`subscribers` (a plain list) before they build any event, and console output goes straight to the
renderer unless a run() has muted it for its own context.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
from contextvars import ContextVar
from typing import Any, Callable, Dict, List, Optional, Tuple

__all__ = (
    "subscribers",
    "subscribe",
    "emit",
    "emit_kind",
    "show",
    "open_span",
    "close_span",
    "current_span",
    "console_muted",
    "current_agent",
)

logger = logging.getLogger("autogen.events")

Handler = Callable[[Any], None]

# Read by every call site before building an event; replaced (never mutated) so readers need no lock.
subscribers: Tuple[Handler, ...] = ()
# True while some subscriber asked for conversation content (model-call messages and responses): the model-call
# events carry it only then, so the default stream stays small and free of message texts.
content_wanted: bool = False
_content_handlers: Tuple[Handler, ...] = ()
_lock = threading.Lock()

current_span: ContextVar[Optional[str]] = ContextVar("autogen_current_span", default=None)
console_muted: ContextVar[bool] = ContextVar("autogen_console_muted", default=False)
current_agent: ContextVar[Optional[str]] = ContextVar("autogen_current_agent", default=None)

_ids = itertools.count(1)
_prefix = f"{os.getpid():x}"


def subscribe(handler: Handler, *, content: Optional[bool] = None) -> Callable[[], None]:
    """Call `handler(event)` for every event of the process, in the emitting thread; returns the unsubscribe.

    `content=True` asks for the request messages on `model_call_start` (`params["messages"]`) and the reply on
    `model_call_end` (`response`); by default it is the handler's own `capture_content` attribute, if any.
    """
    global subscribers
    wants = bool(getattr(handler, "capture_content", False)) if content is None else content
    with _lock:
        subscribers = (*subscribers, handler)
        if wants:
            _set_content_handlers((*_content_handlers, handler))

    def unsubscribe() -> None:
        global subscribers
        with _lock:
            subscribers = _without(subscribers, handler)
            if wants:
                _set_content_handlers(_without(_content_handlers, handler))

    return unsubscribe


def _without(handlers: Tuple[Handler, ...], handler: Handler) -> Tuple[Handler, ...]:
    """`handlers` less one occurrence of `handler` (the same handler may be subscribed twice)."""
    kept = list(handlers)
    if handler in kept:
        kept.remove(handler)
    return tuple(kept)


def _set_content_handlers(handlers: Tuple[Handler, ...]) -> None:
    global _content_handlers, content_wanted
    _content_handlers = handlers
    content_wanted = bool(handlers)


def emit(event: Any) -> None:
    """Hand `event` to every subscriber; a failing subscriber is logged and never breaks the chat."""
    for handler in subscribers:
        try:
            handler(event)
        except Exception:  # a UI or exporter bug must not end the conversation
            logger.exception("event subscriber %r failed on %s", handler, getattr(event, "type", event))


def _model(kind: str) -> Any:
    from .models import EVENT_TYPES

    return EVENT_TYPES[kind]


def emit_kind(kind: str, /, **fields: Any) -> None:
    """Build the event of type `kind` and emit it (callers check `subscribers` first when fields are costly)."""
    if subscribers:
        emit(_model(kind)(**fields))


def show(kind: str, /, **fields: Any) -> None:
    """An event that the console prints: rendered now (unless muted), and emitted to subscribers."""
    if not console_muted.get():
        from ._console import render_fields

        render_fields(kind, fields)
    if subscribers:
        emit(_model(kind)(**fields))


def new_span_id() -> str:
    return f"{_prefix}-{next(_ids)}"


class OpenSpan:
    """A started span: its id and the span that was current before it."""

    __slots__ = ("kind", "span_id", "parent", "fields")

    def __init__(self, kind: str, span_id: str, parent: Optional[str], fields: Dict[str, Any]) -> None:
        self.kind, self.span_id, self.parent, self.fields = kind, span_id, parent, fields


def open_span(span_kind: str, /, **fields: Any) -> Optional[OpenSpan]:
    """Emit `<span_kind>_start` and make it the current span; None (and nothing done) when nobody listens."""
    if not subscribers:
        return None
    span = OpenSpan(span_kind, new_span_id(), current_span.get(), fields)
    emit(_model(f"{span_kind}_start")(span_id=span.span_id, parent_span_id=span.parent, **fields))
    current_span.set(span.span_id)
    return span


def close_span(span: Optional[OpenSpan], error: Optional[BaseException] = None, /, **outcome: Any) -> None:
    """Emit `<kind>_end` with the start's fields plus the outcome, and restore the parent span."""
    if span is None:
        return
    current_span.set(span.parent)
    fields: Dict[str, Any] = {**span.fields, **outcome}
    if error is not None:
        fields["error"] = f"{type(error).__name__}: {error}"
    emit(_model(f"{span.kind}_end")(span_id=span.span_id, parent_span_id=span.parent, **fields))


class acting_as:  # noqa: N801  (used like a function: `with acting_as(name):`)
    """Within the block, input requests name this agent."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.token: Any = None

    def __enter__(self) -> None:
        self.token = current_agent.set(self.name)

    def __exit__(self, *exc: Any) -> None:
        current_agent.reset(self.token)


def handlers() -> List[Handler]:
    """The current subscribers (a copy)."""
    return list(subscribers)
