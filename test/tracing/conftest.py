"""Fixtures for the tracing tests: an SDK TracerProvider with the in-memory exporter (tracing on for one test)."""

from __future__ import annotations

import importlib.util
from typing import Iterator

import pytest

if importlib.util.find_spec("opentelemetry.sdk") is None:  # without the tracing extra only the pure mapping runs
    collect_ignore_glob = ["test_enable.py", "test_spans*.py", "test_otlp*.py", "test_tracing_*.py"]
else:
    from _tracing_helpers import Traced
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    import autogen.tracing

    def _traced(capture_content: bool) -> Iterator[Traced]:
        exporter = InMemorySpanExporter()
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        autogen.tracing.enable(provider, capture_content=capture_content)
        try:
            yield Traced(exporter, provider)
        finally:
            autogen.tracing.disable()
            provider.shutdown()

    @pytest.fixture
    def traced() -> Iterator[Traced]:
        """Tracing on, contents left out (the default)."""
        yield from _traced(False)

    @pytest.fixture
    def traced_content() -> Iterator[Traced]:
        """Tracing on with capture_content=True."""
        yield from _traced(True)
