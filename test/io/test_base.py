"""IOStream defaults: global fallback, context-local override, per-thread view."""

from __future__ import annotations

import threading
from typing import Any, List

import pytest

from autogen.io import InputStream, IOConsole, IOStream, OutputStream


class RecordingStream(IOStream):
    """A minimal IOStream that remembers what was printed and answers inputs from a list."""

    def __init__(self, answers: List[str] = ()) -> None:  # type: ignore[assignment]
        self.printed: List[str] = []
        self.answers = list(answers)

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.printed.append(sep.join(map(str, objects)) + end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return self.answers.pop(0)


def test_default_stream_is_console() -> None:
    assert isinstance(IOStream.get_default(), IOConsole)
    assert isinstance(IOStream.get_global_default(), IOConsole)


def test_custom_stream_satisfies_protocols() -> None:
    stream = RecordingStream()
    assert isinstance(stream, IOStream)
    assert isinstance(stream, InputStream)
    assert isinstance(stream, OutputStream)


def test_plain_object_with_print_is_an_output_stream() -> None:
    class Printer:
        def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
            pass

    assert isinstance(Printer(), OutputStream)
    assert not isinstance(Printer(), InputStream)


def test_nested_set_default_swaps_and_restores() -> None:
    outer, inner = RecordingStream(), RecordingStream()
    before = IOStream.get_default()
    with IOStream.set_default(outer):
        assert IOStream.get_default() is outer
        with IOStream.set_default(inner):
            assert IOStream.get_default() is inner
        assert IOStream.get_default() is outer
    assert IOStream.get_default() is before


def test_prints_go_to_the_context_default() -> None:
    stream = RecordingStream(answers=["yes"])
    with IOStream.set_default(stream):
        IOStream.get_default().print("a", 1, sep="-")
        assert IOStream.get_default().input("ok?") == "yes"
    assert stream.printed == ["a-1\n"]


def test_new_thread_sees_the_global_default() -> None:
    seen: List[Any] = []
    with IOStream.set_default(RecordingStream()):
        thread = threading.Thread(target=lambda: seen.append(IOStream.get_default()))
        thread.start()
        thread.join()
    assert isinstance(seen[0], IOConsole)


def test_get_global_default_without_one_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(IOStream, "_global_default", None)
    with pytest.raises(RuntimeError, match="No global default IOStream has been set"):
        IOStream.get_global_default()


def test_set_global_default_changes_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = RecordingStream()
    monkeypatch.setattr(IOStream, "_global_default", IOStream.get_global_default())
    IOStream.set_global_default(stream)
    assert IOStream.get_global_default() is stream
