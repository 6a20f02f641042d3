"""What every document converter shares: the result type, the converter interface and the two errors."""

from __future__ import annotations

from typing import Any, Optional

__all__ = ("DocumentConverterResult", "DocumentConverter", "FileConversionException", "UnsupportedFormatException")


class DocumentConverterResult:
    """A converted document: an optional title and its Markdown text."""

    def __init__(self, title: Optional[str] = None, text_content: str = "") -> None:
        self.title: Optional[str] = title
        self.text_content: str = text_content

    def __repr__(self) -> str:
        return f"DocumentConverterResult(title={self.title!r}, text_content={self.text_content[:40]!r}...)"


class DocumentConverter:
    """Turns one kind of local file into Markdown.

    `convert` returns None when the file (judged by the `file_extension` keyword, and for web pages by `url`)
    is not a kind this converter handles, so the next converter gets its turn.
    """

    def convert(self, local_path: str, **kwargs: Any) -> Optional[DocumentConverterResult]:
        raise NotImplementedError()


class FileConversionException(BaseException):
    """A converter that accepted a file failed to convert it.

    Derived from BaseException, as in AutoGen 0.2, so a bare `except Exception` does not swallow it.
    """


class UnsupportedFormatException(BaseException):
    """No converter accepted the file. Derived from BaseException, as in AutoGen 0.2."""


def extension_of(kwargs: dict) -> str:
    """The lower-case `file_extension` keyword ("" when absent)."""
    return str(kwargs.get("file_extension") or "").lower()
