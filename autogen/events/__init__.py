"""Everything a conversation does, as typed events (a feature beyond AutoGen 0.2).

`subscribe(handler)` receives every event of the process (message sent, reply, model call, tool and code
execution, speaker selection, termination, usage, input request, error, and the console output). The
console printing is itself the default subscriber of the output events; `ConversableAgent.run()` gives
the events of one chat as an iterator instead. The models live in `autogen.events.models` (imported on
first use, so `import autogen` stays light).
"""

from __future__ import annotations

from typing import Any

from ._bus import current_span, emit, subscribe

__all__ = ("subscribe", "emit", "current_span", "render", "models")


def render(event: Any, iostream: Any = None) -> None:
    """Print `event` the way the console prints it during a chat (no-op for events without console form)."""
    from ._console import render as _render

    _render(event, iostream)


def __getattr__(name: str) -> Any:
    if name == "models":
        from . import models

        return models
    from . import models as _models

    if name in _models.__all__:
        return getattr(_models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
