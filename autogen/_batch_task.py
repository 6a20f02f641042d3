"""One conversation of a batch: build it with the task factory, run it, and turn any error into a value.

Every backend (threads, asyncio, Ray workers) runs tasks through this module, so the rules that decide what a
slot of the result list holds live in one place: `prepare`, then a sync or async `initiate_chat`, then `settle`.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Union

from ._batch_limits import Reserve, share_rate_limits
from .agentchat.chat import ChatResult

__all__ = ("ChatFailure", "ChatFactory", "Slot", "a_run_task", "run_task")

ChatFactory = Callable[[Any], Dict[str, Any]]
"""`factory(task) -> {"sender": agent, "recipient": agent, **initiate_chat kwargs}`, as an `initiate_chats` entry."""


@dataclass
class ChatFailure:
    """Stands in a batch's result list for a conversation that raised instead of finishing.

    Kept apart from the exception itself because exceptions and tracebacks do not always pickle (Ray sends
    results between processes); `exception` is the original object when it could travel, else None.
    """

    index: int
    """position of the task in the input list"""
    error_type: str
    """qualified name of the exception's class, e.g. ``openai.APIConnectionError``"""
    message: str
    """``str(exception)``"""
    traceback: str = ""
    """the formatted traceback, from the process that ran the task"""
    exception: Optional[BaseException] = field(default=None, compare=False, repr=False)

    def __bool__(self) -> bool:
        """False, so that ``[r for r in results if r]`` keeps the finished chats."""
        return False

    def reraise(self) -> None:
        """Raise the original exception (or a RuntimeError that names it, when it could not travel)."""
        if self.exception is not None:
            raise self.exception
        raise RuntimeError(f"task {self.index} failed with {self.error_type}: {self.message}\n{self.traceback}")


Slot = Union[ChatResult, ChatFailure]


def failure_from(index: int, exc: BaseException) -> ChatFailure:
    """The ChatFailure describing `exc` raised by task `index`."""
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    text = "".join(traceback.format_exception(kind, exc, exc.__traceback__))
    return ChatFailure(index=index, error_type=name, message=str(exc), traceback=text, exception=exc)


@dataclass
class _Prepared:
    """A built conversation: who starts it, with whom, and the remaining `initiate_chat` arguments."""

    sender: Any
    recipient: Any
    kwargs: Dict[str, Any]


def prepare(factory: ChatFactory, task: Any, reserve: Optional[Reserve]) -> _Prepared:
    """Call the factory and check its answer; quiet by default, since many chats at once would interleave."""
    spec = factory(task)
    if not isinstance(spec, dict) or "sender" not in spec or "recipient" not in spec:
        raise TypeError(
            "a batch task factory must return a dict with 'sender' and 'recipient' plus initiate_chat arguments, "
            f"got {type(spec).__name__}"
        )
    kwargs = dict(spec)
    sender, recipient = kwargs.pop("sender"), kwargs.pop("recipient")
    kwargs.setdefault("silent", True)
    if reserve is not None:
        share_rate_limits(_agents_of(sender, recipient), reserve)
    return _Prepared(sender, recipient, kwargs)


def _agents_of(sender: Any, recipient: Any) -> List[Any]:
    """The agents whose model clients a chat may use: both ends and, for a group chat, its members."""
    agents = [sender, recipient]
    group = getattr(recipient, "groupchat", None)
    agents.extend(getattr(group, "agents", None) or [])
    return agents


def _close_cache(prepared: Optional[_Prepared]) -> None:
    """Close the cache the factory built for this task (each task owns its own connection)."""
    cache = prepared.kwargs.get("cache") if prepared is not None else None
    close = getattr(cache, "close", None)
    if callable(close):
        try:
            close()
        except Exception:  # a failed close must not turn a finished chat into a failure
            pass


def run_task(factory: ChatFactory, task: Any, index: int, reserve: Optional[Reserve] = None) -> Slot:
    """Run task `index` to its ChatResult with the sync `initiate_chat`; an error becomes a ChatFailure."""
    prepared: Optional[_Prepared] = None
    try:
        prepared = prepare(factory, task, reserve)
        return prepared.sender.initiate_chat(prepared.recipient, **prepared.kwargs)
    except Exception as exc:
        return failure_from(index, exc)
    finally:
        _close_cache(prepared)


async def a_run_task(factory: ChatFactory, task: Any, index: int, reserve: Optional[Reserve] = None) -> Slot:
    """`run_task` with `a_initiate_chat` (async reply functions allowed)."""
    prepared: Optional[_Prepared] = None
    try:
        prepared = prepare(factory, task, reserve)
        return await prepared.sender.a_initiate_chat(prepared.recipient, **prepared.kwargs)
    except Exception as exc:
        return failure_from(index, exc)
    finally:
        _close_cache(prepared)
