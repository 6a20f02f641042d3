"""Usage and cost summaries of an `OpenAIWrapper`: accumulate them and print them."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from ..io.base import IOStream

__all__ = ("USAGE_KEYS", "add_usage", "print_usage_summary", "cost_with_customized_price")

USAGE_KEYS = ("prompt_tokens", "completion_tokens", "total_tokens", "cost", "model")
_RULE = "-" * 100


def add_usage(summary: Optional[Dict[str, Any]], usage: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """`summary` with one response's usage added; unchanged when the usage lacks any of the five keys."""
    if not usage or any(key not in usage for key in USAGE_KEYS):
        return summary
    cost = 0 if usage["cost"] is None else usage["cost"]  # a float 0.0 stays 0.0 (printed "0.0", as in 0.2)
    if summary is None:
        summary = {"total_cost": cost}
    else:
        summary["total_cost"] += cost
    old = summary.get(usage["model"], {})
    # A fresh per-model dict each time: callers holding an earlier snapshot's nested dicts keep their values.
    summary[usage["model"]] = {
        "cost": old.get("cost", 0) + cost,
        "prompt_tokens": old.get("prompt_tokens", 0) + (usage["prompt_tokens"] or 0),
        "completion_tokens": old.get("completion_tokens", 0) + (usage["completion_tokens"] or 0),
        "total_tokens": old.get("total_tokens", 0) + (usage["total_tokens"] or 0),
    }
    return summary


def cost_with_customized_price(response: Any, price_1k: Any) -> float:
    """Cost from a config's own `price`: (prompt, completion) dollars per 1K tokens."""
    usage = getattr(response, "usage", None)  # custom clients' responses may have none
    prompt_tokens = (getattr(usage, "prompt_tokens", 0) or 0) if usage is not None else 0
    completion_tokens = (getattr(usage, "completion_tokens", 0) or 0) if usage is not None else 0
    return (prompt_tokens * price_1k[0] + completion_tokens * price_1k[1]) / 1000


def _print_block(iostream: IOStream, summary: Optional[Dict[str, Any]], kind: str) -> None:
    if summary is None:
        iostream.print("No actual cost incurred (all completions are using cache).", flush=True)
        return
    lines = [
        f"Usage summary {'including' if kind == 'total' else 'excluding'} cached usage: ",
        f"Total cost: {round(summary['total_cost'], 5)}",
    ]
    lines.extend(_model_line(model, counts) for model, counts in summary.items() if model != "total_cost")
    for line in lines:
        iostream.print(line, flush=True)


def _model_line(model: str, counts: Dict[str, Any]) -> str:
    tokens = ", ".join(f"{name}: {counts[name]}" for name in ("prompt_tokens", "completion_tokens", "total_tokens"))
    return f"* Model '{model}': cost: {round(counts['cost'], 5)}, {tokens}"


def _invalid_mode(mode: Any) -> ValueError:
    return ValueError(f'Invalid mode: {mode}, choose from "actual", "total", ["actual", "total"]')


def _list_mode(mode: Union[str, List[str]]) -> Union[str, List[str]]:
    """A list mode as "both"/"actual"/"total" (an empty or over-long list is rejected before anything prints)."""
    if not isinstance(mode, list):  # as in 0.2, a tuple is an unknown mode
        return mode
    if len(mode) == 0 or len(mode) > 2:
        raise _invalid_mode(mode)
    if "actual" in mode and "total" in mode:
        return "both"
    for kind in ("actual", "total"):
        if kind in mode:
            return kind
    return mode


def print_usage_summary(
    actual: Optional[Dict[str, Any]], total: Optional[Dict[str, Any]], mode: Union[str, List[str]]
) -> None:
    """Print the summaries through the default IOStream, in 0.2's layout."""
    iostream = IOStream.get_default()
    if total is None:
        iostream.print('No usage summary. Please call "create" first.', flush=True)
        return
    mode = _list_mode(mode)
    iostream.print(_RULE, flush=True)  # as in 0.2.40, an unknown mode is only rejected after the opening rule
    if mode == "both":
        _print_block(iostream, actual, "actual")
        iostream.print()
        if total != actual:
            _print_block(iostream, total, "total")
        else:
            iostream.print(
                "All completions are non-cached: the total cost with cached completions is the same as actual cost.",
                flush=True,
            )
    elif mode in ("actual", "total"):
        _print_block(iostream, total if mode == "total" else actual, mode)
    else:
        raise _invalid_mode(mode)
    iostream.print(_RULE, flush=True)
