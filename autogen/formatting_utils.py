"""Coloured console text: ``termcolor.colored`` when termcolor is installed, plain text otherwise.

termcolor itself honours ``NO_COLOR``/``FORCE_COLOR`` and leaves text uncoloured when output is not a terminal.
"""

from __future__ import annotations

from typing import Iterable

from typing_extensions import Literal

__all__ = ["colored", "Attribute", "Color", "Highlight"]

# termcolor's names, repeated here so that annotations work without it.
Attribute = Literal["bold", "dark", "italic", "underline", "blink", "reverse", "concealed", "strike"]

Highlight = Literal[
    "on_black",
    "on_grey",
    "on_red",
    "on_green",
    "on_yellow",
    "on_blue",
    "on_magenta",
    "on_cyan",
    "on_light_grey",
    "on_dark_grey",
    "on_light_red",
    "on_light_green",
    "on_light_yellow",
    "on_light_blue",
    "on_light_magenta",
    "on_light_cyan",
    "on_white",
]

Color = Literal[
    "black",
    "grey",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "light_grey",
    "dark_grey",
    "light_red",
    "light_green",
    "light_yellow",
    "light_blue",
    "light_magenta",
    "light_cyan",
    "white",
]


def _plain_colored(
    text: object,
    color: Color | None = None,
    on_color: Highlight | None = None,
    attrs: Iterable[Attribute] | None = None,
    *,
    no_color: bool | None = None,
    force_color: bool | None = None,
) -> str:
    """Stand-in for ``termcolor.colored`` with the same signature: the text, uncoloured."""
    return str(text)


try:
    from termcolor import colored
except ImportError:
    colored = _plain_colored
