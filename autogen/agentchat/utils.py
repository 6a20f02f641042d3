"""Helpers shared by chats: validating chat specs, adding up usage, parsing tags in content."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Union

from .agent import Agent

__all__ = ("consolidate_chat_info", "gather_usage_summary", "parse_tags_from_content")

_SUMMARY_METHODS = ("last_msg", "reflection_with_llm")
_UNKNOWN_SUMMARY_METHOD = (
    "summary_method must be a string chosen from 'reflection_with_llm' or 'last_msg' or a callable, or None."
)
_NO_LLM_TO_REFLECT = (
    "llm client must be set in either the recipient or sender when summary_method is reflection_with_llm."
)


def consolidate_chat_info(
    chat_info: Union[Dict[str, Any], List[Dict[str, Any]]], uniform_sender: Optional[Any] = None
) -> None:
    """Check each chat spec has a sender, a recipient and a usable summary_method (AssertionError otherwise)."""
    for chat in [chat_info] if isinstance(chat_info, dict) else chat_info:
        _check_chat_spec(chat, uniform_sender)


def _check_chat_spec(chat: Dict[str, Any], uniform_sender: Optional[Any]) -> None:
    if uniform_sender is None:
        assert "sender" in chat, "sender must be provided."
    sender = chat["sender"] if uniform_sender is None else uniform_sender
    assert "recipient" in chat, "recipient must be provided."
    method = chat.get("summary_method")
    assert method is None or callable(method) or method in _SUMMARY_METHODS, _UNKNOWN_SUMMARY_METHOD
    if method == "reflection_with_llm":
        # a reflection needs a model on one side or the other
        assert any(side.client is not None for side in (sender, chat["recipient"])), _NO_LLM_TO_REFLECT


def _fold_usage(total: Dict[str, Any], usage: Optional[Dict[str, Any]]) -> None:
    if not usage:
        return
    total["total_cost"] += usage.get("total_cost", 0)
    for model, data in usage.items():
        if model == "total_cost":
            continue
        if model not in total:
            total[model] = data.copy()
            continue
        for key in ("cost", "prompt_tokens", "completion_tokens", "total_tokens"):
            total[model][key] += data.get(key, 0)


def gather_usage_summary(agents: List[Agent]) -> Dict[str, Dict[str, Any]]:
    """Usage and cost of the agents' clients, with and without cached answers."""
    including: Dict[str, Any] = {"total_cost": 0}
    excluding: Dict[str, Any] = {"total_cost": 0}
    for agent in agents:
        client = getattr(agent, "client", None)
        if client:
            _fold_usage(including, client.total_usage_summary)
            _fold_usage(excluding, client.actual_usage_summary)
    return {"usage_including_cached_inference": including, "usage_excluding_cached_inference": excluding}


def _rebuild_pieces(inner: str) -> List[str]:
    """Split on whitespace, then glue back pieces so quoted values may contain spaces."""
    pieces: List[str] = []
    for piece in re.findall(r"\S+", inner):
        starts_attribute = re.match(r"^[^=\s]+=['\"]", piece) is not None
        if starts_attribute or not pieces:
            pieces.append(piece)
        else:
            pieces[-1] += " " + piece
    return pieces


def _parse_attrs(inner: str) -> Dict[str, str]:
    attrs: Dict[str, str] = {}
    for piece in _rebuild_pieces(inner):
        key, sep, value = piece.partition("=")
        if not sep or not value or value[0] not in "'\"":
            attrs["src"] = f"{attrs['src']} {piece}" if "src" in attrs else piece
        else:
            attrs[key] = value[1:-1]
    return attrs


def _parse_tags(tag: str, text: str) -> List[Dict[str, Any]]:
    return [
        {"tag": tag, "attr": _parse_attrs(match.group(1)), "match": match}
        for match in re.finditer(rf"<{tag} (.*?)>", text)
    ]


def parse_tags_from_content(tag: str, content: Union[str, List[Dict[str, Any]]]) -> List[Dict[str, Any]]:
    """Find `<tag attr ...>` occurrences (e.g. `<img http://...>`) in text or in multimodal text parts."""
    if isinstance(content, str):
        texts = [content]
    elif isinstance(content, list):  # multimodal: only the text parts can hold tags
        texts = [part["text"] for part in content if part.get("type") == "text"]
    else:
        raise ValueError(f"content must be str or list, but got {type(content)}")
    return [found for text in texts for found in _parse_tags(tag, text)]
