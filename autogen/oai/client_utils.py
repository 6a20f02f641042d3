"""Helpers shared by the provider clients: parameter validation, tool hiding, log formatting."""

from __future__ import annotations

import logging
import warnings
from typing import Any, Dict, List, Optional, Tuple

__all__ = ("validate_parameter", "should_hide_tools", "logger_formatter")


class _Formatter(logging.Formatter):
    """0.2's format. Its `{lineno}` showed 0.2's own source lines, which users' transcripts and log filters
    contain; a call site passes `extra=upstream_line(N)` to show the line 0.2 showed for the same message."""

    def format(self, record: logging.LogRecord) -> str:
        line = getattr(record, "upstream_lineno", None)
        if line is None:
            return super().format(record)
        own = record.lineno
        record.lineno = line
        try:
            return super().format(record)
        finally:
            record.lineno = own


def upstream_line(line: int) -> Dict[str, int]:
    """`extra` for a log call: the line number 0.2.40 printed for this message."""
    return {"upstream_lineno": line}


logger_formatter = _Formatter(
    fmt="[%(name)s: %(asctime)s] {%(lineno)d} %(levelname)s - %(message)s", datefmt="%m-%d %H:%M:%S"
)


def _problem(
    value: Any,
    allowed_types: Tuple[Any, ...],
    allow_None: bool,
    numerical_bound: Optional[Tuple[Any, Any]],
    allowed_values: Optional[list],
) -> Optional[str]:
    """Why `value` is not acceptable (worded as 0.2 words it), or None when it is."""
    or_none = ", or can be None" if allow_None else ""
    if value is None:
        return None if allow_None else "cannot be None"
    if not isinstance(value, allowed_types):
        if isinstance(allowed_types, tuple):
            names = "(" + ", ".join(t.__name__ for t in allowed_types) + ")"
        else:
            names = allowed_types.__name__
        return f"must be of type {names}" + (" or None" if allow_None else "")
    if numerical_bound:
        lower, upper = numerical_bound
        if (lower is not None and value < lower) or (upper is not None and value > upper):
            reason = "has numerical bounds" + (f", >= {lower}" if lower is not None else "")
            if upper is not None:
                reason += (" and" if lower is not None else "") + f" <= {upper}"
            return reason + or_none
    elif allowed_values and value not in allowed_values:
        return f"must be one of these values [{allowed_values}]{or_none}"
    return None


def validate_parameter(
    params: Dict[str, Any],
    param_name: str,
    allowed_types: Tuple[Any, ...],
    allow_None: bool,  # noqa: N803  (public keyword name)
    default_value: Any,
    numerical_bound: Optional[Tuple[Any, Any]],
    allowed_values: Optional[list],
) -> Any:
    """Return `params[param_name]` if it is valid, else warn and return `default_value`.

    A provider gets a sane value instead of an API error for a typo in a config entry.
    """
    if allowed_values is not None and not isinstance(allowed_values, list):
        raise TypeError(f"allowed_values should be a list or None, got {type(allowed_values).__name__}")
    value = params.get(param_name, default_value)
    problem = _problem(value, allowed_types, allow_None, numerical_bound, allowed_values)
    if problem is None:
        return value
    warnings.warn(f"Config error - {param_name} {problem}, defaulting to {default_value}.", UserWarning, stacklevel=2)
    return default_value


def should_hide_tools(
    messages: List[Dict[str, Any]], tools: Optional[List[Dict[str, Any]]], hide_tools_param: str
) -> bool:
    """Whether to leave `tools` out of a request, so a model stops calling tools it has already run.

    Modes: "never"; "if_any_run" (some tool result is in the history); "if_all_run" (every tool has a result).
    """
    if hide_tools_param == "never" or not tools:
        return False
    if hide_tools_param == "if_any_run":
        return any("tool_call_id" in message for message in messages)
    if hide_tools_param == "if_all_run":
        call_names: Dict[str, str] = {}
        for message in messages:
            for call in message.get("tool_calls") or []:
                call_names[call["id"]] = call["function"]["name"]
        run = {call_names.get(m["tool_call_id"]) for m in messages if "tool_call_id" in m}
        return all(tool["function"]["name"] in run for tool in tools)
    raise TypeError(f"hide_tools_param must be one of 'if_all_run', 'if_any_run' or 'never', got {hide_tools_param!r}")
