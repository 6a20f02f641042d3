"""Turning tracing on and off: lazy import, the public switch, runtime_logging's "opentelemetry" logger."""

from __future__ import annotations

import subprocess
import sys

import pytest
from _tracing_helpers import Traced
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import autogen.tracing
from autogen import runtime_logging
from autogen.events import _bus


def _modules_after(code: str) -> str:
    probe = f"{code}; import sys; print(sorted({{m.split('.')[0] for m in sys.modules}}))"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout


def test_import_autogen_loads_neither_opentelemetry_nor_tracing() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import autogen, sys; print([m for m in sys.modules if 'opentelemetry' in m or m == 'autogen.tracing'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "[]"


def test_importing_the_tracing_package_does_not_load_opentelemetry() -> None:
    assert "opentelemetry" not in _modules_after("import autogen.tracing")


def test_enable_without_opentelemetry_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['opentelemetry'] = None\n"
        "import autogen.tracing\n"
        "try:\n    autogen.tracing.enable()\nexcept ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "autogen-agentchat[tracing]" in out


def test_enable_subscribes_once_and_disable_unsubscribes() -> None:
    before = len(_bus.subscribers)
    provider = TracerProvider()
    autogen.tracing.enable(provider)
    autogen.tracing.enable(provider)  # a second call replaces the first
    assert autogen.tracing.is_enabled() and len(_bus.subscribers) == before + 1
    autogen.tracing.disable()
    assert not autogen.tracing.is_enabled() and len(_bus.subscribers) == before


def test_disable_ends_spans_left_open_and_marks_them_incomplete(traced: Traced) -> None:
    span = _bus.open_span("chat", sender="a", recipient="b")
    autogen.tracing.disable()
    _bus.close_span(span)
    (chat,) = traced.spans
    assert chat.attributes["autogen.span.incomplete"] is True


def test_runtime_logging_opentelemetry_logger_turns_tracing_on_and_off() -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    session = runtime_logging.start(logger_type="opentelemetry", config={"tracer_provider": provider})
    try:
        assert session and autogen.tracing.is_enabled()
        _bus.close_span(_bus.open_span("chat", sender="a", recipient="b"))
    finally:
        runtime_logging.stop()
    assert not autogen.tracing.is_enabled()
    assert [s.name for s in exporter.get_finished_spans()] == ["autogen.chat"]


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False), ("", False)])
def test_capture_content_default_comes_from_the_genai_environment_variable(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv(autogen.tracing.CONTENT_ENV, value)
    autogen.tracing.enable(TracerProvider())
    try:
        subscriber = _bus.subscribers[-1]
        assert subscriber.capture_content is expected
    finally:
        autogen.tracing.disable()
