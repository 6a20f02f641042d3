"""The reply-function registry and the hooks: which functions answer whom, and what may transform messages."""

from __future__ import annotations

import copy
import inspect
import warnings
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Union

from ..exception_utils import SenderRequired
from ._effects import Call
from .agent import Agent

if TYPE_CHECKING:
    from .conversable_agent import ConversableAgent

__all__ = ("HOOKABLE_METHODS", "make_reply_entry", "match_trigger", "check_hook", "async_reply_func_names")

HOOKABLE_METHODS = (
    "process_last_received_message",
    "a_process_last_received_message",
    "process_all_messages_before_reply",
    "a_process_all_messages_before_reply",
    "process_message_before_send",
    "a_process_message_before_send",
)


_TRIGGER_KINDS = (type, str, Agent, Callable, list)
_ENTRY_KEYS = ("trigger", "reply_func", "config", "init_config", "reset_config", "ignore_async_in_sync_chat")


def make_reply_entry(
    trigger: Any,
    reply_func: Callable[..., Any],
    config: Optional[Any],
    reset_config: Optional[Callable[..., Any]],
    ignore_async_in_sync_chat: bool,
) -> Dict[str, Any]:
    """Validate `trigger` and build the registry entry (the dict shape 0.2 code reads)."""
    if not isinstance(trigger, _TRIGGER_KINDS):
        raise ValueError("trigger must be a class, a string, an agent, a callable or a list.")
    # the working config is a shallow copy, so that `reset` can go back to the registered one
    skipped_in_sync = ignore_async_in_sync_chat and inspect.iscoroutinefunction(reply_func)
    return dict(zip(_ENTRY_KEYS, (trigger, reply_func, copy.copy(config), config, reset_config, skipped_in_sync)))


def restore_configs(entries: List[Dict[str, Any]]) -> None:
    """Give each reply function its registered config back (through its `reset_config` when it has one)."""
    for entry in entries:
        reset = entry["reset_config"]
        if reset is None:
            entry["config"] = copy.copy(entry["init_config"])
        else:
            reset(entry["config"])


def _is_agent(obj: Any) -> bool:
    return Agent in type(obj).__mro__ or isinstance(obj, Agent)


def match_trigger(trigger: Any, sender: Optional[Agent]) -> bool:
    """Whether a reply function registered with `trigger` answers `sender`."""
    if trigger is None:
        return sender is None
    if isinstance(trigger, str):
        if sender is None:
            raise SenderRequired()
        return trigger == sender.name
    if isinstance(trigger, type):
        # nominal subclasses first: a runtime Protocol isinstance check is slow and runs every turn
        return trigger in type(sender).__mro__ or isinstance(sender, trigger)
    if isinstance(trigger, list):  # (checked before the slower Agent/callable checks; a list is neither)
        return any(match_trigger(item, sender) for item in trigger)
    if not inspect.isfunction(trigger) and not inspect.ismethod(trigger) and _is_agent(trigger):
        return trigger == sender
    if callable(trigger):
        matched = trigger(sender)
        assert isinstance(matched, bool), f"trigger {trigger} must return a boolean value."
        return matched
    raise ValueError(f"Unsupported trigger type: {type(trigger)}")


def async_reply_func_names(agent: ConversableAgent) -> List[str]:
    """Names of the coroutine reply functions a sync chat would have to skip (and so must refuse)."""
    return [
        entry["reply_func"].__name__
        for entry in agent._reply_func_list
        if not entry.get("ignore_async_in_sync_chat") and inspect.iscoroutinefunction(entry["reply_func"])
    ]


def check_hook(hook_lists: Dict[str, List[Callable[..., Any]]], hookable_method: str, hook: Callable[..., Any]) -> None:
    """Refuse unknown methods and duplicates; warn when a hook's (a)sync kind does not match the method's."""
    assert hookable_method in hook_lists, f"{hookable_method} is not a hookable method."
    assert hook not in hook_lists[hookable_method], f"{hook!r} is already registered as a hook."
    wants_async = hookable_method.startswith("a_")
    is_async = inspect.iscoroutinefunction(hook)
    if wants_async != is_async:
        kind = "asynchronous" if is_async else "synchronous"
        context = "asynchronous" if wants_async else "synchronous"
        warnings.warn(
            f"Hook '{hook.__name__}' is {kind}, but it's being registered in a {context} context "
            f"('{hookable_method}'). Ensure the hook matches the expected execution context.",
            UserWarning,
            stacklevel=1,
        )


def _last_content_hookable(messages: Optional[List[Dict[str, Any]]]) -> Union[str, List[Any], None]:
    """The last message's content if hooks may rewrite it, else None."""
    if not messages:
        return None
    last = messages[-1]
    if "function_call" in last or "context" in last or "content" not in last:
        return None
    content = last["content"]
    if not isinstance(content, (str, list)) or content == "exit":
        return None
    return content


def last_received_steps(hooks: List[Callable[..., Any]], messages: Any, is_async: bool) -> Any:
    """Generator: pass the last message's content through the hooks of one kind; see `process_last_received_message`."""
    active = [h for h in hooks if inspect.iscoroutinefunction(h) == is_async]
    if not active:
        return messages
    content = _last_content_hookable(messages)
    if content is None:
        return messages
    new_content = content
    for hook in active:
        new_content = yield Call(hook, hook, new_content)
    if new_content == content:
        return messages
    messages = messages.copy()  # shallow on purpose: the stored last message itself is rewritten (as in 0.2)
    messages[-1]["content"] = new_content
    return messages


def all_messages_steps(hooks: List[Callable[..., Any]], messages: Any, is_async: bool) -> Any:
    """Generator: pass the message list through the hooks of one kind."""
    if messages is None:
        return messages
    for hook in hooks:
        if inspect.iscoroutinefunction(hook) == is_async:
            messages = yield Call(hook, hook, messages)
    return messages


def before_send_steps(
    hooks: List[Callable[..., Any]], sender: Agent, message: Any, recipient: Agent, silent: bool, is_async: bool
) -> Any:
    """Generator: pass an outgoing message through the send hooks of one kind."""
    for hook in hooks:
        if inspect.iscoroutinefunction(hook) == is_async:
            message = yield Call(hook, hook, sender=sender, message=message, recipient=recipient, silent=silent)
    return message
