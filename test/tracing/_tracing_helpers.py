"""The span-tree view used by the tracing tests (finished spans of the SDK's in-memory exporter)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional

from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


@dataclass
class Traced:
    """The finished spans of a test, with helpers to walk their tree."""

    exporter: InMemorySpanExporter
    provider: TracerProvider

    @property
    def spans(self) -> List[ReadableSpan]:
        return list(self.exporter.get_finished_spans())

    def named(self, prefix: str) -> List[ReadableSpan]:
        """Spans whose name starts with `prefix`, in start order."""
        return sorted((s for s in self.spans if s.name.startswith(prefix)), key=lambda s: s.start_time or 0)

    def one(self, prefix: str) -> ReadableSpan:
        found = self.named(prefix)
        assert len(found) == 1, [s.name for s in self.spans]
        return found[0]

    def parent_of(self, span: ReadableSpan) -> Optional[ReadableSpan]:
        if span.parent is None:
            return None
        for other in self.spans:
            if other.context.span_id == span.parent.span_id:
                return other
        return None

    def children(self, span: ReadableSpan) -> List[ReadableSpan]:
        kids = [s for s in self.spans if s.parent is not None and s.parent.span_id == span.context.span_id]
        return sorted(kids, key=lambda s: s.start_time or 0)

    def tree(self, span: Optional[ReadableSpan] = None) -> Any:
        """(name, [subtrees]) from `span`, or the list of root trees."""
        if span is None:
            return [self.tree(root) for root in sorted(self.roots(), key=lambda s: s.start_time or 0)]
        return (span.name, [self.tree(kid) for kid in self.children(span)])

    def roots(self) -> List[ReadableSpan]:
        return [s for s in self.spans if self.parent_of(s) is None]

    def all_attribute_text(self) -> str:
        """Every attribute and span-event attribute value of every span, as one string (to look for secrets)."""
        parts: List[str] = []
        for span in self.spans:
            parts.extend(f"{k}={v}" for k, v in (span.attributes or {}).items())
            for event in span.events:
                parts.extend(f"{k}={v}" for k, v in (event.attributes or {}).items())
            parts.append(str(span.status.description))
        return "\n".join(parts)


def attrs(span: ReadableSpan) -> Dict[str, Any]:
    return dict(span.attributes or {})
