"""Import optional libraries lazily without making Python forget which warnings it has already shown.

requests and urllib3 call `warnings.simplefilter` at import time for their own warning classes. Each such call
marks every module's record of shown warnings as stale, so a warning printed once before the import is printed
again after it. 0.2 imported the docker SDK (and with it requests/urllib3) with `import autogen`, before user code
warned anything; we import it on first use, so the import must not reset those records.
"""

from __future__ import annotations

import importlib
import warnings
from contextlib import contextmanager
from types import ModuleType
from typing import Iterator

__all__ = ("import_keeping_warnings", "warning_records_kept")

# The hook `_add_filter` calls after changing the filter list (its name differs across Python versions).
_MUTATION_HOOKS = ("_filters_mutated", "_filters_mutated_lock_held")


def _no_reset() -> None:
    """Stands in for the hook while a library is imported."""


@contextmanager
def warning_records_kept() -> Iterator[None]:
    """While active, filters added by `warnings.simplefilter`/`filterwarnings` do not invalidate shown-warning records.

    The libraries' filters concern warning classes they have just defined, which nothing can have recorded yet,
    so keeping the records is exact. The user's filters are not touched. Not thread-safe against other threads
    adding filters at the same moment (their change would not reset the records either): imports are rare.
    """
    hook = next((name for name in _MUTATION_HOOKS if hasattr(warnings, name)), None)
    if hook is None:  # a Python whose warnings module works differently: nothing to protect
        yield
        return
    original = getattr(warnings, hook)
    setattr(warnings, hook, _no_reset)
    try:
        yield
    finally:
        setattr(warnings, hook, original)


def import_keeping_warnings(*names: str) -> ModuleType:
    """Import each named module (in order) under `warning_records_kept`; returns the first one."""
    with warning_records_kept():
        modules = [importlib.import_module(name) for name in names]
    return modules[0]
