"""The interface every Markdown browser offers: an address, a paged viewport of Markdown, and find-on-page."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Optional, Union

__all__ = ("AbstractMarkdownBrowser",)


class AbstractMarkdownBrowser(ABC):
    """A text-based browser for agents: pages are Markdown and are read one viewport at a time."""

    @abstractmethod
    def __init__(self, start_page: Optional[str] = None, viewport_size: Optional[int] = 1024 * 8, **kwargs: object):
        pass

    @property
    @abstractmethod
    def address(self) -> str:
        """The address of the page being shown."""

    @abstractmethod
    def set_address(self, uri_or_path: str) -> None:
        """Go to an address (a URL, `file://` URI, `search: <query>`, `about:blank`, or a relative path)."""

    @property
    @abstractmethod
    def viewport(self) -> str:
        """The part of the page currently in view."""

    @property
    @abstractmethod
    def page_content(self) -> str:
        """The whole page as Markdown."""

    @abstractmethod
    def page_down(self) -> None:
        """Move the viewport one page down (stays on the last page)."""

    @abstractmethod
    def page_up(self) -> None:
        """Move the viewport one page up (stays on the first page)."""

    @abstractmethod
    def visit_page(self, path_or_uri: str) -> str:
        """Go to an address and return the first viewport."""

    @abstractmethod
    def open_local_file(self, local_path: str) -> str:
        """Open a file on this machine and return the first viewport."""

    @abstractmethod
    def find_on_page(self, query: str) -> Union[str, None]:
        """Scroll to the first viewport (from the current one on) that contains `query`; None if none does."""

    @abstractmethod
    def find_next(self) -> Union[str, None]:
        """Scroll to the next viewport that contains the last query; None if none does."""
