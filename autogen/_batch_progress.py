"""The progress display of a batch: tqdm when it is installed, else a plain line every tenth of the way."""

from __future__ import annotations

import sys
from typing import Any, Optional

__all__ = ("Progress", "AUTO_THRESHOLD")

AUTO_THRESHOLD = 20
"""`progress=None` shows a bar from this many tasks on: a short batch finishes before a bar says anything."""


class Progress:
    """Counts finished conversations (and failed ones) towards `total`, on stderr."""

    def __init__(self, total: int, enabled: Optional[bool], desc: str = "conversations") -> None:
        self.total, self.done, self.failed = total, 0, 0
        self._enabled = total >= AUTO_THRESHOLD if enabled is None else bool(enabled)
        self._desc = desc
        self._bar: Any = None
        self._next_line = 0
        if self._enabled:
            try:
                from tqdm.auto import tqdm
            except ImportError:
                return
            self._bar = tqdm(total=total, desc=desc, unit="chat", file=sys.stderr)

    def advance(self, failed: bool = False) -> None:
        """One more conversation is over."""
        self.done += 1
        self.failed += int(failed)
        if not self._enabled:
            return
        if self._bar is not None:
            self._bar.update(1)
            if failed:
                self._bar.set_postfix(failed=self.failed)
        elif self.done >= self._next_line or self.done == self.total:
            print(f"{self._desc}: {self.done}/{self.total} done, {self.failed} failed", file=sys.stderr, flush=True)
            self._next_line = self.done + max(1, self.total // 10)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
