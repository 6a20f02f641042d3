"""Loggers behind `autogen.runtime_logging`: SQLite and JSON-lines file back ends.

As in 0.2, the attribute `autogen.logger` is the stdlib Logger named "autogen", not this package
(autogen/__init__.py keeps it so).
"""

from .file_logger import FileLogger
from .logger_factory import LoggerFactory
from .sqlite_logger import SqliteLogger

__all__ = ("LoggerFactory", "SqliteLogger", "FileLogger")
