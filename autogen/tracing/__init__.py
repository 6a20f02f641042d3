"""OpenTelemetry tracing of conversations (a feature beyond AutoGen 0.2).

    import autogen.tracing
    autogen.tracing.enable()                 # the global TracerProvider, contents left out
    autogen.tracing.enable(provider, capture_content=True)
    autogen.tracing.disable()

Once enabled, every chat becomes a tree of spans that follows OpenTelemetry's GenAI semantic conventions:
the chat (`autogen.chat` / `autogen.group_chat`) > each agent's reply (`invoke_agent <name>`) > each model
call attempt (`chat <model>`), tool run (`execute_tool <name>`), code execution (`execute_code`) and speaker
selection (`select_speaker`). Tracing is a subscriber of `autogen.events`; OpenTelemetry is imported only
here, when tracing is turned on (install the `tracing` extra). Message contents are recorded only with
`capture_content=True` (or OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true); API keys never are.
"""

from __future__ import annotations

import os
import threading
from typing import Any, Callable, Optional

__all__ = ("enable", "disable", "is_enabled", "CONTENT_ENV")

CONTENT_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"
_INSTALL_HINT = "Tracing needs OpenTelemetry: pip install 'autogen-agentchat[tracing]'"

_lock = threading.Lock()
_active: Optional[_Session] = None


class _Session:
    """What one `enable()` set up: the subscriber, how to unsubscribe it, and the provider to flush."""

    __slots__ = ("subscriber", "unsubscribe", "provider")

    def __init__(self, subscriber: Any, unsubscribe: Callable[[], None], provider: Any) -> None:
        self.subscriber, self.unsubscribe, self.provider = subscriber, unsubscribe, provider


def _content_from_env() -> bool:
    return os.environ.get(CONTENT_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def enable(tracer_provider: Any = None, capture_content: Optional[bool] = None) -> None:
    """Trace every chat of this process with `tracer_provider` (default: OpenTelemetry's global provider).

    `capture_content` records message texts, tool arguments and results, code output and summaries on the
    spans; None reads OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT. Calling it again replaces the
    previous set-up. Raises ImportError naming the extra when OpenTelemetry is not installed.
    """
    global _active
    try:
        from opentelemetry import trace
    except ImportError as exc:
        raise ImportError(_INSTALL_HINT) from exc
    from ..events import subscribe
    from ..logger._redact import remember_environment_secrets, scrub
    from ..version import __version__
    from ._spans import SpanSubscriber

    content = _content_from_env() if capture_content is None else bool(capture_content)
    remember_environment_secrets()  # keys held in OPENAI_API_KEY & co are masked wherever they would appear
    tracer = trace.get_tracer("autogen", __version__, tracer_provider=tracer_provider)
    subscriber = SpanSubscriber(tracer, content, scrub)
    with _lock:
        previous, _active = _active, None
        if previous is not None:
            _stop(previous, flush=False)
        _active = _Session(subscriber, subscribe(subscriber), tracer_provider)


def disable(flush: bool = True) -> None:
    """Stop tracing; spans still open are ended (marked incomplete) and, with `flush`, the provider flushed."""
    global _active
    with _lock:
        session, _active = _active, None
    if session is not None:
        _stop(session, flush)


def is_enabled() -> bool:
    """Whether `enable()` is in effect."""
    return _active is not None


def _stop(session: _Session, flush: bool) -> None:
    session.unsubscribe()
    session.subscriber.close_all()
    if not flush:
        return
    provider = session.provider
    if provider is None:
        from opentelemetry import trace

        provider = trace.get_tracer_provider()
    force_flush = getattr(provider, "force_flush", None)
    if callable(force_flush):
        force_flush()
