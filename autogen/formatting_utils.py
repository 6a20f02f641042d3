"""Coloured console text: ``termcolor.colored`` when termcolor is installed, plain text otherwise.

termcolor itself honours ``NO_COLOR``/``FORCE_COLOR`` and leaves text uncoloured when output is not a terminal.
The type names below mirror termcolor's, so annotations stay valid when it is absent.
"""

from __future__ import annotations

from typing import Callable, Iterable

from typing_extensions import Literal

__all__ = ["colored", "Attribute", "Color", "Highlight"]

Attribute = Literal["bold", "dark", "italic", "underline", "blink", "reverse", "concealed", "strike"]

# The eight terminal colours (plus "grey", an old alias of black), and their light/dark variants.
_BasicColor = Literal["black", "grey", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
_ShadedColor = Literal[
    "light_grey", "dark_grey", "light_red", "light_green", "light_yellow", "light_blue", "light_magenta", "light_cyan"
]
Color = Literal[_BasicColor, _ShadedColor]

# Background colours: the same names behind "on_".
_BasicHighlight = Literal[
    "on_black", "on_grey", "on_red", "on_green", "on_yellow", "on_blue", "on_magenta", "on_cyan", "on_white"
]
_ShadedHighlight = Literal[
    "on_light_grey",
    "on_dark_grey",
    "on_light_red",
    "on_light_green",
    "on_light_yellow",
    "on_light_blue",
    "on_light_magenta",
    "on_light_cyan",
]
Highlight = Literal[_BasicHighlight, _ShadedHighlight]


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


def _pick_colored() -> Callable[..., str]:
    """termcolor's function when the optional package is importable, else the plain stand-in."""
    try:
        import termcolor
    except ImportError:
        return _plain_colored
    return termcolor.colored


colored = _pick_colored()
