"""Fixtures for event tests: a recorder subscribed for the test (the scripted IOStream is in test/conftest.py)."""

from __future__ import annotations

from typing import Any, Iterator, List

import pytest

from autogen import events


class Recorder:
    """Collects every event of the process while subscribed."""

    def __init__(self) -> None:
        self.events: List[Any] = []

    def __call__(self, event: Any) -> None:
        self.events.append(event)

    def types(self, *, skip: tuple = ()) -> List[str]:
        return [e.type for e in self.events if e.type not in skip]

    def of(self, kind: str) -> List[Any]:
        return [e for e in self.events if e.type == kind]


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    rec = Recorder()
    unsubscribe = events.subscribe(rec)
    yield rec
    unsubscribe()


__all__ = ("Recorder",)
