"""Termination and human input: the one place that decides whether to stop, ask a human, or auto-reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from ..events import _bus
from ._effects import Call, Steps
from ._printing import print_notice

if TYPE_CHECKING:
    from .agent import Agent
    from .conversable_agent import ConversableAgent

__all__ = ("termination_and_human_reply_steps", "interrupted_reply")

EXIT = "exit"  # what a human types (or what is decided) to end the conversation


def _prompt_always(agent: ConversableAgent, sender_name: str) -> str:
    return (
        f"Replying as {agent.name}. Provide feedback to {sender_name}. "
        "Press enter to skip and use auto-reply, or type 'exit' to end the conversation: "
    )


def _prompt_terminate(sender_name: str) -> str:
    return f"Please give feedback to {sender_name}. Press enter or type 'exit' to stop the conversation: "


def _prompt_skip(sender_name: str) -> str:
    return (
        f"Please give feedback to {sender_name}. "
        "Press enter to skip and use auto-reply, or type 'exit' to stop the conversation: "
    )


def interrupted_reply(reply: str, message: Dict[str, Any]) -> Dict[str, Any]:
    """A human's reply; pending function/tool calls in `message` are answered 'USER INTERRUPTED'."""
    response: Dict[str, Any] = {"role": "user", "content": reply}
    tool_responses: List[Dict[str, Any]] = []
    if message.get("function_call"):
        name = message["function_call"].get("name", "")
        tool_responses.append({"role": "function", "name": name, "content": "USER INTERRUPTED"})
    for tool_call in message.get("tool_calls") or []:
        tool_responses.append({"role": "tool", "tool_call_id": tool_call.get("id", ""), "content": "USER INTERRUPTED"})
    if tool_responses:
        response["tool_responses"] = tool_responses
    return response


def _ask(agent: ConversableAgent, prompt: str) -> Call:
    return Call(agent.get_human_input, agent.a_get_human_input, prompt)


def _decide(
    agent: ConversableAgent, message: Dict[str, Any], sender: Optional[Agent], sender_name: str
) -> Steps[Tuple[str, bool]]:
    """Returns (reply, nobody_answered): the human's text, `exit`, or "" for auto-reply."""
    mode = agent.human_input_mode
    if mode == "ALWAYS":
        reply = yield _ask(agent, _prompt_always(agent, sender_name))
        if not reply and agent._is_termination_msg(message):
            return EXIT, True
        return reply, not reply
    # any mode other than ALWAYS and NEVER behaves as TERMINATE (the mode string is not validated, as in 0.2)
    if agent._consecutive_auto_reply_counter[sender] >= agent._max_consecutive_auto_reply_dict[sender]:
        if mode == "NEVER":
            return EXIT, False
        terminate = agent._is_termination_msg(message)
        reply = yield _ask(agent, _prompt_terminate(sender_name) if terminate else _prompt_skip(sender_name))
        if not reply and terminate:
            return EXIT, True
        return reply, not reply
    if agent._is_termination_msg(message):
        if mode == "NEVER":
            return EXIT, False
        reply = yield _ask(agent, _prompt_terminate(sender_name))
        return (reply or EXIT), not reply
    return "", False


def _emit_termination(
    agent: ConversableAgent, message: Dict[str, Any], sender: Optional[Agent], nobody_answered: bool
) -> None:
    """Why the agent stops: the human typed exit, the message said so, or the auto-reply limit was reached."""
    if agent.human_input_mode == "NEVER":
        at_limit = agent._consecutive_auto_reply_counter[sender] >= agent._max_consecutive_auto_reply_dict[sender]
        reason = "max_consecutive_auto_reply" if at_limit else "is_termination_msg"
    else:
        reason = "is_termination_msg" if nobody_answered else "human_exit"
    _bus.emit_kind("termination", agent=agent.name, reason=reason, span_id=_bus.current_span.get())


def termination_and_human_reply_steps(
    agent: ConversableAgent, messages: Optional[List[Dict[str, Any]]], sender: Optional[Agent], empty_ok: bool
) -> Steps[Tuple[bool, Any]]:
    """Stop on `exit`, answer with the human's text, or let the next reply function auto-reply."""
    if messages is None:
        messages = agent._oai_messages[sender] if sender else []
    message = messages[-1] if (messages or not empty_ok) else {}
    sender_name = "the sender" if sender is None else sender.name
    reply, nobody_answered = yield from _decide(agent, message, sender, sender_name)
    if nobody_answered:
        print_notice("NO HUMAN INPUT RECEIVED.", "red")
    if reply == EXIT:
        if _bus.subscribers:
            _emit_termination(agent, message, sender, nobody_answered)
        agent._consecutive_auto_reply_counter[sender] = 0
        return True, None
    if reply or agent._max_consecutive_auto_reply_dict[sender] == 0:
        agent._consecutive_auto_reply_counter[sender] = 0
        return True, interrupted_reply(reply, message)
    agent._consecutive_auto_reply_counter[sender] += 1
    if agent.human_input_mode != "NEVER":
        print_notice("USING AUTO REPLY...", "red")
    return False, None
