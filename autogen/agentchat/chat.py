"""Chat results and running a queue of chats, sequentially or (async) by prerequisites."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Dict, List, Set, Tuple

from ..formatting_utils import colored
from ..io.base import IOStream
from .utils import consolidate_chat_info

__all__ = ("ChatResult", "Prerequisite", "initiate_chats", "a_initiate_chats")

logger = logging.getLogger(__name__)
Prerequisite = Tuple[int, int]


@dataclass
class ChatResult:
    """What a finished chat leaves behind."""

    chat_id: int = None  # type: ignore[assignment]
    """id of the chat (set for async multi-chats)"""
    chat_history: List[Dict[str, Any]] = None  # type: ignore[assignment]
    """the messages of the chat (the sender's live history list)"""
    summary: str = None  # type: ignore[assignment]
    """summary of the chat"""
    cost: Dict[str, dict] = None  # type: ignore[assignment]
    """usage and cost with and without cached inference"""
    human_input: List[str] = None  # type: ignore[assignment]
    """what humans typed during the chat"""
    # out of repr and == so a 0.2 user's printed or compared results stay exactly 0.2's
    structured_output: Any = field(default=None, repr=False, compare=False)
    """beyond 0.2: the parsed value of the last message when it was a structured reply (`response_format`)"""


_REPEATED_RECIPIENT = (
    "Repetitive recipients detected: The chat history will be cleared by default if a recipient appears "
    "more than once. To retain the chat history, please set 'clear_history=False' in the configuration "
    "of the repeating agent."
)


def _validate_recipients(chat_queue: List[Dict[str, Any]]) -> None:
    """Every chat needs a recipient; chatting with the same recipient twice clears its history by default."""
    for chat in chat_queue:
        assert "recipient" in chat, "recipient must be provided."
    if len({id(chat["recipient"]) for chat in chat_queue}) < len(chat_queue):
        warnings.warn(_REPEATED_RECIPIENT, UserWarning, stacklevel=1)  # 0.2's location: this line, not the caller


def _post_process_carryover_item(carryover_item: Any) -> str:
    """A carryover item as text: strings as is, messages by their content."""
    if isinstance(carryover_item, str):
        return carryover_item
    if isinstance(carryover_item, dict) and "content" in carryover_item:
        return str(carryover_item["content"])
    return str(carryover_item)


def _describe_message(message: Any) -> str:
    if isinstance(message, str):
        return message
    if callable(message):
        return f"Callable: {message.__name__}"
    if isinstance(message, dict):
        return f"Dict: {message}"
    return "None"


def _print_chat_banner(chat_info: Dict[str, Any]) -> None:
    """Announce the next chat of a queue (and, verbose, its message and carryover)."""
    iostream = IOStream.get_default()
    if "message" not in chat_info:
        warnings.warn(
            "message is not provided in a chat_queue entry. input() will be called to get the initial message.",
            UserWarning,
            stacklevel=1,
        )
    iostream.print(colored("\n" + "*" * 80, "blue"), flush=True, sep="")
    iostream.print(colored("Starting a new chat....", "blue"), flush=True)
    if chat_info.get("verbose", False):
        iostream.print(colored("Message:\n" + _describe_message(chat_info.get("message")), "blue"), flush=True)
        carryover = chat_info.get("carryover", [])
        carryover_text = carryover
        if isinstance(carryover, list):
            carryover_text = "\n".join(_post_process_carryover_item(item) for item in carryover)
        iostream.print(colored("Carryover:\n" + str(carryover_text), "blue"), flush=True)
    iostream.print(colored("\n" + "*" * 80, "blue"), flush=True, sep="")


def _carryover_list(chat_info: Dict[str, Any]) -> List[Any]:
    carryover = chat_info.get("carryover", [])
    return [carryover] if isinstance(carryover, str) else list(carryover)


def initiate_chats(chat_queue: List[Dict[str, Any]]) -> List[ChatResult]:
    """Run the chats in order; each one's carryover gets the summaries of the chats before it."""
    consolidate_chat_info(chat_queue)
    _validate_recipients(chat_queue)
    finished: List[ChatResult] = []
    for chat_info in chat_queue.copy():
        exclude = chat_info.get("finished_chat_indexes_to_exclude_from_carryover", [])
        summaries = [result.summary for i, result in enumerate(finished) if i not in exclude]
        chat_info["carryover"] = _carryover_list(chat_info) + summaries  # updates the caller's dict, as 0.2 does
        if not chat_info.get("silent", False):
            _print_chat_banner(chat_info)
        finished.append(chat_info["sender"].initiate_chat(**chat_info))
    return finished


def _chat_order(chat_ids: List[int], prerequisites: List[Prerequisite]) -> List[int]:
    """Topological order (Kahn); a cycle leaves chats out."""
    waiting_on: Dict[int, Set[int]] = defaultdict(set)
    unlocks: Dict[int, Set[int]] = defaultdict(set)
    for chat_id, pre_id in prerequisites:
        waiting_on[chat_id].add(pre_id)
        unlocks[pre_id].add(chat_id)
    ready = [chat_id for chat_id in chat_ids if not waiting_on[chat_id]]
    order: List[int] = []
    while ready:
        current = ready.pop(0)
        order.append(current)
        for follower in sorted(unlocks[current]):
            waiting_on[follower].discard(current)
            if not waiting_on[follower]:
                ready.append(follower)
    if len(order) < len(chat_ids):
        logger.warning("The chat prerequisites contain a cycle or an unknown chat id; no chat will run.")
        return []
    return order


class _MissingChatId(KeyError, ValueError):
    """A chat_queue entry without "chat_id": a KeyError as in 0.2, also a ValueError that says what is missing."""

    def __str__(self) -> str:
        return str(self.args[0])


def _prerequisites(chat_queue: List[Dict[str, Any]]) -> List[Prerequisite]:
    pairs = []
    for chat in chat_queue:
        for pre_id in chat.get("prerequisites", []):
            if not isinstance(pre_id, int):
                raise ValueError("Prerequisite chat id is not int.")
            pairs.append((chat["chat_id"], pre_id))
    return pairs


async def _dependent_chat_future(chat_id: int, chat_info: Dict[str, Any], prerequisite_futures: Dict[int, Any]) -> Any:
    """Wait for the prerequisites, then start this chat with their summaries as carryover."""
    finished: Dict[int, ChatResult] = {}
    for pre_id, future in prerequisite_futures.items():
        if future.cancelled():
            raise RuntimeError(f"Chat {pre_id} is cancelled.")
        finished[pre_id] = await future
    exclude = chat_info.get("finished_chat_indexes_to_exclude_from_carryover", [])
    summaries = [result.summary for pre_id, result in finished.items() if pre_id not in exclude]
    chat_info["carryover"] = _carryover_list(chat_info) + summaries
    if not chat_info.get("silent", False):
        _print_chat_banner(chat_info)

    def _set_id(task: asyncio.Task[ChatResult]) -> None:
        if not task.cancelled() and task.exception() is None:
            task.result().chat_id = chat_id

    task = asyncio.create_task(chat_info["sender"].a_initiate_chat(**chat_info))
    task.add_done_callback(_set_id)
    return task


async def a_initiate_chats(chat_queue: List[Dict[str, Any]]) -> Dict[int, ChatResult]:
    """Run chats concurrently where their prerequisites allow; results keyed by chat_id."""
    consolidate_chat_info(chat_queue)
    _validate_recipients(chat_queue)
    if any("chat_id" not in chat for chat in chat_queue):
        raise _MissingChatId("Each chat must have a unique id for async multi-chat execution.")
    chat_book = {chat["chat_id"]: chat for chat in chat_queue}  # a repeated id: the last entry runs, once
    order = _chat_order(list(chat_book), _prerequisites(chat_queue))
    tasks: Dict[int, Any] = {}
    for chat_id in order:
        chat_info = chat_book[chat_id]
        pre_futures = {pre_id: tasks[pre_id] for pre_id in chat_info.get("prerequisites", [])}
        tasks[chat_id] = await _dependent_chat_future(chat_id, chat_info, pre_futures)
    results = await asyncio.gather(*tasks.values())
    return dict(zip(tasks.keys(), results))
