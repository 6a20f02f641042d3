"""Helpers shared by the loggers: timestamps and turning arbitrary objects into JSON-ready data."""

from __future__ import annotations

import datetime
import inspect
from typing import Any, Dict, List, Set, Tuple, Union

__all__ = ("get_current_ts", "to_dict")

_MAX_DEPTH = 64  # deeper structures are summarised with str(); protects against pathological object graphs


def get_current_ts() -> str:
    """UTC now, formatted as SQLite's DATETIME text with microseconds."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def to_dict(
    obj: Union[int, float, str, bool, Dict[Any, Any], List[Any], Tuple[Any, ...], Any],
    exclude: Tuple[str, ...] = (),
    no_recursive: Any = (),
) -> Any:
    """Convert `obj` into dicts, lists and scalars that `json.dumps` can mostly handle.

    Keys named in `exclude` are dropped at every depth; values that are instances of `no_recursive` (a type or
    tuple of types) become `str(value)` instead of being walked. Callables become their source code.
    """
    return _convert(obj, exclude, no_recursive, set(), 0)


def _convert(obj: Any, exclude: Any, no_recursive: Any, seen: Set[int], depth: int) -> Any:
    if isinstance(obj, (int, float, str, bool)):
        return obj
    if callable(obj):
        return _source_of(obj)
    if not isinstance(obj, (dict, list, tuple)) and not hasattr(obj, "__dict__"):
        return obj
    if id(obj) in seen or depth >= _MAX_DEPTH:  # a cycle (or absurd depth): summarise instead of recursing forever
        return str(obj)
    seen.add(id(obj))
    try:
        if isinstance(obj, dict):
            return {str(k): _child(v, exclude, no_recursive, seen, depth) for k, v in obj.items() if k not in exclude}
        if isinstance(obj, (list, tuple)):
            return [_child(v, exclude, no_recursive, seen, depth) for v in obj]
        return {k: _child(v, exclude, no_recursive, seen, depth) for k, v in vars(obj).items() if k not in exclude}
    finally:
        seen.discard(id(obj))


def _child(value: Any, exclude: Any, no_recursive: Any, seen: Set[int], depth: int) -> Any:
    if _is_instance(value, no_recursive):
        return str(value)
    return _convert(value, exclude, no_recursive, seen, depth + 1)


def _is_instance(value: Any, types_: Any) -> bool:
    try:
        return isinstance(value, types_)
    except TypeError:  # e.g. a Protocol with data members used with an old Python
        return False


def _source_of(func: Any) -> str:
    """The source text of a function or class; objects without retrievable source fall back to `str()`."""
    try:
        return inspect.getsource(func).strip()
    except (OSError, TypeError):
        return str(func)
