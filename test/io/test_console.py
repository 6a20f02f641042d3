"""IOConsole: the builtin print/input and getpass."""

from __future__ import annotations

import getpass
import io
from typing import List

import pytest

from autogen.io import IOConsole


def test_print_writes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    IOConsole().print("Hello, World!", flush=True)
    assert capsys.readouterr().out == "Hello, World!\n"


def test_print_honours_sep_and_end(capsys: pytest.CaptureFixture[str]) -> None:
    IOConsole().print("a", 2, None, sep="|", end="!")
    assert capsys.readouterr().out == "a|2|None!"


def test_input_reads_a_line_from_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Hello back\n"))
    assert IOConsole().input("Hi!") == "Hello back"
    assert capsys.readouterr().out == "Hi!"


@pytest.mark.parametrize(("prompt", "shown"), [("", "Password: "), ("Secret please: ", "Secret please: ")])
def test_password_input_uses_getpass(monkeypatch: pytest.MonkeyPatch, prompt: str, shown: str) -> None:
    prompts: List[str] = []

    def fake_getpass(p: str = "Password: ", stream: object = None) -> str:
        prompts.append(p)
        return "hunter22"

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    assert IOConsole().input(prompt, password=True) == "hunter22"
    assert prompts == [shown]
