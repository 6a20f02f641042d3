"""Loggers behind `autogen.runtime_logging`: SQLite and JSON-lines file back ends.

As in 0.2, the attribute `autogen.logger` is the stdlib Logger named "autogen", not this package. Importing a
subpackage makes Python bind it onto its parent, which would shadow that Logger; `_keep_autogen_logger` stops it.
"""

from __future__ import annotations

import logging
import sys
import types
from typing import Any


class _AutogenModule(types.ModuleType):
    """Module type for `autogen` that refuses to let the import system bind this package over `autogen.logger`."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "logger" and isinstance(value, types.ModuleType) and value.__name__ == __name__:
            value = logging.getLogger("autogen")
        super().__setattr__(name, value)


def _keep_autogen_logger() -> None:
    parent = sys.modules.get("autogen")
    if parent is None:
        return
    if type(parent) is types.ModuleType:
        parent.__class__ = _AutogenModule
    if isinstance(parent.__dict__.get("logger"), types.ModuleType):
        parent.logger = logging.getLogger("autogen")


_keep_autogen_logger()

from .file_logger import FileLogger  # noqa: E402
from .logger_factory import LoggerFactory  # noqa: E402
from .sqlite_logger import SqliteLogger  # noqa: E402

__all__ = ("LoggerFactory", "SqliteLogger", "FileLogger")
