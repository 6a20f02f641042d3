"""Nested chats: a reply function that runs a queue of chats and answers with the last one's summary."""

from __future__ import annotations

import functools
import inspect
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, Union

if TYPE_CHECKING:
    from .conversable_agent import ConversableAgent

__all__ = ("chats_to_run", "summary_from_nested_chats", "a_summary_from_nested_chats", "make_nested_reply_func")


def chats_to_run(
    chat_queue: List[Dict[str, Any]], recipient: Any, messages: Any, sender: Any, config: Any
) -> List[Dict[str, Any]]:
    """The chats to start now: each with a sender and a (computed) first message; chats without one are skipped."""
    last_content = messages[-1].get("content")  # read up front: no history is an error even if unused
    runnable = []
    for index, spec in enumerate(chat_queue):
        chat = spec.copy()
        if chat.get("sender") is None:
            chat["sender"] = recipient
        opening = chat.get("message")
        if opening is None and index == 0:
            opening = last_content  # the first chat continues from what was just said
        if callable(opening):
            opening = opening(recipient, messages, sender, config)
        if opening:
            runnable.append({**chat, "message": opening})
    return runnable


def summary_from_nested_chats(
    chat_queue: List[Dict[str, Any]], recipient: Any, messages: Any = None, sender: Any = None, config: Any = None
) -> Tuple[bool, Union[str, None]]:
    from .chat import initiate_chats

    chats = chats_to_run(chat_queue, recipient, messages, sender, config)
    if not chats:
        return True, None
    results = initiate_chats(chats)
    return True, results[-1].summary


async def a_summary_from_nested_chats(
    chat_queue: List[Dict[str, Any]], recipient: Any, messages: Any = None, sender: Any = None, config: Any = None
) -> Tuple[bool, Union[str, None]]:
    from .chat import a_initiate_chats

    chats = chats_to_run(chat_queue, recipient, messages, sender, config)
    if not chats:
        return True, None
    results = await a_initiate_chats(chats)
    return True, results[chats[-1]["chat_id"]].summary


def make_nested_reply_func(
    agent: ConversableAgent,
    chat_queue: List[Dict[str, Any]],
    reply_func_from_nested_chats: Union[str, Callable[..., Any]],
    use_async: Optional[bool],
) -> Callable[..., Any]:
    """Wrap the nested-chat runner as a reply function (named like the runner)."""
    if use_async:
        for chat in chat_queue:
            if chat.get("chat_id") is None:
                raise ValueError("chat_id is required for async nested chats")
        if reply_func_from_nested_chats == "summary_from_nested_chats":
            reply_func_from_nested_chats = agent._a_summary_from_nested_chats
        if not inspect.iscoroutinefunction(reply_func_from_nested_chats):
            raise ValueError("reply_func_from_nested_chats must be a callable and a coroutine")
        inner = reply_func_from_nested_chats

        async def wrapped_reply_func(
            recipient: Any, messages: Any = None, sender: Any = None, config: Any = None
        ) -> Any:
            return await inner(chat_queue, recipient, messages, sender, config)

    else:
        if reply_func_from_nested_chats == "summary_from_nested_chats":
            reply_func_from_nested_chats = agent._summary_from_nested_chats
        if not callable(reply_func_from_nested_chats):
            raise ValueError("reply_func_from_nested_chats must be a callable")
        inner = reply_func_from_nested_chats

        def wrapped_reply_func(recipient: Any, messages: Any = None, sender: Any = None, config: Any = None) -> Any:  # type: ignore[misc]
            return inner(chat_queue, recipient, messages, sender, config)

    functools.update_wrapper(wrapped_reply_func, inner)
    return wrapped_reply_func
