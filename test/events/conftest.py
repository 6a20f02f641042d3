"""Fixtures for event tests: a recorder subscribed for the test, and the scripted IOStream of agent tests."""

from __future__ import annotations

from typing import Any, Iterator, List

import pytest

from autogen import events
from autogen.io.base import IOStream


class ScriptedIO:
    """An IOStream collecting printed text; `input` pops scripted answers ("" when none are left)."""

    def __init__(self, answers: List[str] | None = None) -> None:
        self.answers = list(answers or [])
        self.prompts: List[str] = []
        self.lines: List[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.lines.append(sep.join(map(str, objects)) + end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0) if self.answers else ""

    @property
    def text(self) -> str:
        return "".join(self.lines)


@pytest.fixture
def scripted_io() -> Iterator[ScriptedIO]:
    stream = ScriptedIO()
    with IOStream.set_default(stream):
        yield stream


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


__all__ = ("Recorder", "ScriptedIO")
