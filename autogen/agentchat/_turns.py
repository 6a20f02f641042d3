"""The turn loop: send → receive → generate_reply → send back, as a flat loop instead of recursion.

In 0.2 each reply is sent from inside the `receive` that produced it, so a conversation is a chain of
nested calls that overflows Python's stack after a few hundred turns. Here `converse` walks the same
steps in the same order (hooks, storing, printing, reply functions) in a loop. An agent whose class
overrides `send`/`receive` (or `a_send`/`a_receive`) is called through its method instead, exactly as
0.2 would, so customised agents see what they expect.
"""

from __future__ import annotations

import inspect
import logging
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Set, Union

from ..events import _bus
from ..runtime_logging import log_event, logging_enabled
from ._effects import Call, Steps
from ._registry import all_messages_steps, before_send_steps, last_received_steps

if TYPE_CHECKING:
    from .agent import Agent
    from .conversable_agent import ConversableAgent

__all__ = ("converse", "reply_steps", "uses_builtin")

# 0.2.40 logs these from the agent module; keep its logger name for users who configure logging by name
logger = logging.getLogger("autogen.agentchat.conversable_agent")

Message = Union[Dict[str, Any], str]


# The built-in methods themselves (by identity: a wrapper made with functools.wraps is an override, not these)
_BUILTIN_STEPS: Set[Any] = set()


def uses_builtin(agent: Any, method: str) -> bool:
    """Whether `agent.method` is the built-in turn step (not overridden by a subclass or instance)."""
    bound = getattr(agent, method, None)
    return inspect.ismethod(bound) and bound.__func__ in _BUILTIN_STEPS


def builtin_turn_step(func: Any) -> Any:
    """Mark a ConversableAgent method whose work `converse` may do inline."""
    _BUILTIN_STEPS.add(func)
    return func


def _step_or_override(agent: Any, method: str, builtin: Steps[Any], *args: Any) -> Steps[Any]:
    """Run the built-in steps of `agent.method`, or call the method when a subclass overrides it (as 0.2 would)."""
    if uses_builtin(agent, method):
        return (yield from builtin)
    builtin.close()
    override = getattr(agent, method)
    return (yield Call(override, override, *args))


def is_silent(agent: Any, silent: Optional[bool] = False) -> Optional[bool]:
    """The sender's own `silent` setting wins over the per-call flag."""
    own = getattr(agent, "silent", None)
    return own if own is not None else silent


def send_steps(
    sender: ConversableAgent, message: Message, recipient: Agent, silent: bool, is_async: bool
) -> Steps[Message]:
    """Run the before-send hooks and store the message on the sender's side; returns the message to deliver."""
    hooks = sender.hook_lists["a_process_message_before_send" if is_async else "process_message_before_send"]
    silent_now = is_silent(sender, silent)
    message = yield from _step_or_override(
        sender,
        "_a_process_message_before_send" if is_async else "_process_message_before_send",
        before_send_steps(hooks, sender, message, recipient, silent_now, is_async),
        message,
        recipient,
        silent_now,
    )
    if not sender._append_oai_message(message, "assistant", recipient, is_sending=True):
        raise ValueError(
            "Message can't be converted into a valid ChatCompletion message. "
            "Either content or function_call must be provided."
        )
    if _bus.subscribers:
        _emit_sent(sender, recipient, message, bool(is_silent(sender, silent)))
    return message


def _emit_sent(sender: Any, recipient: Any, message: Message, silent: bool) -> None:
    from ._messages import message_to_dict

    _bus.emit_kind(
        "message_sent",
        sender=sender.name,
        recipient=getattr(recipient, "name", str(recipient)),
        message=message_to_dict(message),
        silent=silent,
        span_id=_bus.current_span.get(),
    )


def receive_steps(
    receiver: ConversableAgent,
    message: Message,
    sender: Agent,
    request_reply: Optional[bool],
    silent: bool,
    is_async: bool,
) -> Steps[Optional[Message]]:
    """Store (and print) a received message, then produce the reply to send back, or None."""
    receiver._process_received_message(message, sender, silent)
    if request_reply is False or (request_reply is None and receiver.reply_at_receive[sender] is False):
        return None
    reply = yield Call(
        lambda: receiver.generate_reply(messages=receiver.chat_messages[sender], sender=sender),
        lambda: receiver.a_generate_reply(sender=sender),
    )
    return reply


def converse(
    sender: Any,
    recipient: Any,
    message: Message,
    request_reply: Optional[bool],
    silent: bool,
    is_async: bool,
    start_with_receive: bool = False,
) -> Steps[None]:
    """Deliver `message` and keep the ping-pong going until an agent has no reply."""
    send_name, receive_name = ("a_send", "a_receive") if is_async else ("send", "receive")
    phase_receive = start_with_receive
    while True:
        if not phase_receive:
            message = yield from send_steps(sender, message, recipient, silent, is_async)
            if not uses_builtin(recipient, receive_name):
                receive_fns = (getattr(recipient, "receive", None), getattr(recipient, "a_receive", None))
                yield Call(*receive_fns, message, sender, request_reply, silent)
                return None
        phase_receive = False
        reply = yield from receive_steps(recipient, message, sender, request_reply, silent, is_async)
        if reply is None:
            return None
        if not uses_builtin(recipient, send_name):
            yield Call(
                getattr(recipient, "send", None), getattr(recipient, "a_send", None), reply, sender, silent=silent
            )
            return None
        # the reply travels back: the recipient becomes the sender, and the reply is requested as usual
        sender, recipient, message, request_reply = recipient, sender, reply, None


def _log_reply_func(agent: Any, reply_func: Any, final: bool, reply: Any) -> None:
    log_event(
        agent,
        "reply_func_executed",
        reply_func_module=reply_func.__module__,
        reply_func_name=reply_func.__name__,
        final=final,
        reply=reply,
    )


def reply_steps(
    agent: ConversableAgent,
    messages: Optional[List[Dict[str, Any]]],
    sender: Optional[Agent],
    exclude: Any,
    is_async: bool,
) -> Steps[Any]:
    """The reply chain inside a `reply` span (start/end events when someone listens)."""
    span = _bus.open_span("reply", agent=agent.name, sender=getattr(sender, "name", None))
    if span is None:
        return (yield from _reply_chain(agent, messages, sender, exclude, is_async, None))
    outcome: Dict[str, Any] = {}
    try:
        reply = yield from _reply_chain(agent, messages, sender, exclude, is_async, outcome)
    except BaseException as error:
        _bus.close_span(span, error)
        raise
    _bus.close_span(span, reply=reply, reply_func=outcome.get("reply_func"))
    return reply


def _reply_chain(
    agent: ConversableAgent,
    messages: Optional[List[Dict[str, Any]]],
    sender: Optional[Agent],
    exclude: Any,
    is_async: bool,
    outcome: Optional[Dict[str, Any]],
) -> Steps[Any]:
    """Walk the reply functions in registry order; the first final one's reply wins."""
    if messages is None and sender is None:
        error_msg = f"Either {messages=} or {sender=} must be provided."
        logger.error(error_msg)
        raise AssertionError(error_msg)
    if messages is None:
        messages = agent._oai_messages[sender]
    hooks = agent.hook_lists
    if is_async:  # 0.2 order: all-messages hooks first in async, last-received first in sync
        name = "a_process_all_messages_before_reply"
        messages = yield from _step_or_override(agent, name, all_messages_steps(hooks[name], messages, True), messages)
        name = "a_process_last_received_message"
        messages = yield from _step_or_override(agent, name, last_received_steps(hooks[name], messages, True), messages)
    else:
        name = "process_last_received_message"
        messages = yield from _step_or_override(
            agent, name, last_received_steps(hooks[name], messages, False), messages
        )
        name = "process_all_messages_before_reply"
        messages = yield from _step_or_override(agent, name, all_messages_steps(hooks[name], messages, False), messages)
    for entry in agent._reply_func_list:
        reply_func = entry["reply_func"]
        if exclude and reply_func in exclude:
            continue
        if not is_async and inspect.iscoroutinefunction(reply_func):
            continue
        if agent._match_trigger(entry["trigger"], sender):
            final, reply = yield Call(
                reply_func, reply_func, agent, messages=messages, sender=sender, config=entry["config"]
            )
            if not is_async and logging_enabled():
                _log_reply_func(agent, reply_func, final, reply)
            if final:
                if outcome is not None:
                    outcome["reply_func"] = getattr(reply_func, "__name__", repr(reply_func))
                return reply
    return agent._default_auto_reply
