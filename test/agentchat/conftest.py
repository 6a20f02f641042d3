"""Fixtures for agent tests: a scripted IOStream that records prints and answers input() from a list."""

from __future__ import annotations

from typing import Any, Iterator, List

import pytest

from autogen.io.base import IOStream


class ScriptedIO:
    """An IOStream: `print` output is collected as text; `input` pops scripted answers ("" when none left)."""

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
    """Agents print to and read from a ScriptedIO for the test; set `.answers` for human input."""
    stream = ScriptedIO()
    with IOStream.set_default(stream):
        yield stream
