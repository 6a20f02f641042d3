"""Tests for autogen.formatting_utils: termcolor when installed, a plain-text stand-in otherwise."""

import inspect
import os
import subprocess
import sys
from typing import get_args

import pytest
import termcolor

from autogen import formatting_utils
from autogen.formatting_utils import colored


def test_colored_is_termcolor_when_installed() -> None:
    assert colored is termcolor.colored


def test_colored_forced_adds_ansi_codes() -> None:
    assert colored("hi", "red", force_color=True) == "\x1b[31mhi\x1b[0m"


def test_colored_no_color_returns_plain_text() -> None:
    assert colored("hi", "red", no_color=True) == "hi"


def test_fallback_has_termcolor_signature() -> None:
    fallback = inspect.signature(formatting_utils._plain_colored)
    assert list(fallback.parameters) == ["text", "color", "on_color", "attrs", "no_color", "force_color"]
    assert fallback.parameters["no_color"].kind is inspect.Parameter.KEYWORD_ONLY
    assert fallback.parameters["force_color"].kind is inspect.Parameter.KEYWORD_ONLY


def test_fallback_returns_str_of_text() -> None:
    assert formatting_utils._plain_colored(42, "green", "on_red", ["bold"], force_color=True) == "42"


@pytest.mark.parametrize(("literal", "table"), [("Color", "COLORS"), ("Highlight", "HIGHLIGHTS")])
def test_literal_names_are_known_to_termcolor(literal: str, table: str) -> None:
    known = set(getattr(termcolor.termcolor, table))
    assert set(get_args(getattr(formatting_utils, literal))) <= known


def test_attribute_literal_has_classic_attributes() -> None:
    classic = {"bold", "dark", "underline", "blink", "reverse", "concealed"}
    assert classic <= set(get_args(formatting_utils.Attribute))


def test_fallback_used_when_termcolor_missing() -> None:
    # A fresh interpreter in which `import termcolor` fails.
    code = (
        "import sys; sys.modules['termcolor'] = None\n"
        "from autogen.formatting_utils import colored, _plain_colored\n"
        "assert colored is _plain_colored\n"
        "print(colored('text', 'red', 'on_white', ['bold'], force_color=True))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env={**os.environ}, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "text\n"
