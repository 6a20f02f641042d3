"""Starting a chat and ending it: first message (with carryover), turn limits, summary, result."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, Union

from ..events import _bus
from ..exception_utils import InvalidCarryOverType
from ._effects import Call, Steps

if TYPE_CHECKING:
    from .chat import ChatResult
    from .conversable_agent import ConversableAgent

__all__ = (
    "chat_steps",
    "handle_carryover",
    "process_carryover",
    "process_multimodal_carryover",
    "summarize_chat",
    "last_msg_summary",
)


def process_carryover(content: str, kwargs: Dict[str, Any]) -> str:
    """Append the carried-over context (a str or a list of str/message items) to `content`."""
    from .chat import _post_process_carryover_item

    carryover = kwargs.get("carryover")
    if not carryover:  # nothing to carry over (None, "", []): as in 0.2, the content stays as it is
        return content
    if isinstance(carryover, str):
        return content + "\nContext: \n" + carryover
    if isinstance(carryover, list):
        return content + "\nContext: \n" + "\n".join(_post_process_carryover_item(item) for item in carryover)
    raise InvalidCarryOverType(
        "Carryover should be a string or a list of strings. Not adding carryover to the message."
    )


def process_multimodal_carryover(agent: ConversableAgent, content: List[Any], kwargs: Dict[str, Any]) -> List[Any]:
    """A multimodal first message: the carryover goes in front, as a text part."""
    if not kwargs.get("carryover"):
        return content
    return [{"type": "text", "text": agent._process_carryover("", kwargs)}, *content]


def handle_carryover(agent: ConversableAgent, message: Any, kwargs: Dict[str, Any]) -> Any:
    """The first message with `kwargs["carryover"]` added (text messages) or prepended (multimodal ones).

    Goes through the agent's `_process_carryover` / `_process_multimodal_carryover`, so subclasses can override them.
    """
    if not kwargs.get("carryover"):
        return message
    if isinstance(message, str):
        return agent._process_carryover(message, kwargs)
    if isinstance(message, dict):
        content = message.get("content")
        if isinstance(content, str):
            return {**message, "content": agent._process_carryover(content, kwargs)}
        if isinstance(content, list):
            return {**message, "content": agent._process_multimodal_carryover(content, kwargs)}
        return message
    raise InvalidCarryOverType("Carryover should be a string or a list of strings.")


def _first_message(agent: ConversableAgent, recipient: Any, message: Any, kwargs: Dict[str, Any]) -> Call:
    if callable(message):
        return Call(message, message, agent, recipient, kwargs)
    return Call(agent.generate_init_message, agent.a_generate_init_message, message, **kwargs)


def count_turn(agent: Any, recipient: Any, turns: int) -> None:
    """Note how many turns `agent` has begun in its chat with `recipient`, for `state.save_chat`.

    A two-agent chat's turns can be counted from the history; a group chat's cannot, since the initiator's
    own group messages go to the manager too.
    """
    agent.__dict__.setdefault("_turns_begun", {})[recipient] = turns


def _turns_steps(
    agent: ConversableAgent,
    recipient: Any,
    message: Any,
    silent: bool,
    max_turns: int,
    kwargs: Dict[str, Any],
    start_turn: int = 0,
) -> Steps[None]:
    """A fixed number of exchanges: each turn the initiator speaks once and the recipient answers once.

    A resumed chat (see `state.resume_chat`) starts at `start_turn`, with the histories already restored.
    """
    for turn in range(start_turn, max_turns):
        if turn == 0:
            to_send = yield _first_message(agent, recipient, message, kwargs)
        else:
            to_send = yield Call(
                lambda: agent.generate_reply(messages=agent.chat_messages[recipient], sender=recipient),
                lambda: agent.a_generate_reply(messages=agent.chat_messages[recipient], sender=recipient),
            )
        if to_send is None:
            break
        count_turn(agent, recipient, turn + 1)
        yield Call(agent.send, agent.a_send, to_send, recipient, request_reply=True, silent=silent)
    else:
        if _bus.subscribers:
            _bus.emit_kind("termination", agent=agent.name, reason="max_turns", span_id=_bus.current_span.get())


def chat_steps(
    agent: ConversableAgent,
    recipient: ConversableAgent,
    clear_history: bool,
    silent: bool,
    cache: Any,
    max_turns: Optional[int],
    summary_method: Any,
    summary_args: Dict[str, Any],
    message: Any,
    kwargs: Dict[str, Any],
    is_async: bool,
) -> Steps[ChatResult]:
    """The body of `initiate_chat` / `a_initiate_chat`, inside a `chat` span when someone listens."""
    span = _bus.open_span(
        "chat", sender=agent.name, recipient=recipient.name, kind=_kind(recipient), max_turns=max_turns
    )
    try:
        result = yield from _chat_body(
            agent,
            recipient,
            (clear_history, silent, cache, max_turns),
            summary_method,
            summary_args,
            message,
            kwargs,
            is_async,
        )
    except BaseException as error:
        _bus.close_span(span, error)
        raise
    if span is not None:
        _bus.emit_kind("usage_summary", cost=result.cost, span_id=span.span_id)
        _bus.close_span(span, summary=result.summary)
    return result


def _kind(recipient: Any) -> str:
    return "group_chat" if hasattr(recipient, "groupchat") and hasattr(recipient, "run_chat") else "two_agent"


def _exchanges(
    agent: ConversableAgent,
    recipient: Any,
    clear_history: bool,
    silent: bool,
    max_turns: Optional[int],
    message: Any,
    kwargs: Dict[str, Any],
    is_async: bool,
) -> Steps[None]:
    """The messages of the chat: `max_turns` turns, one open-ended exchange, or the rest of a resumed chat.

    `state.resume_chat` passes `_resume_at_turn` (a two-agent chat, or a group chat resumed for more turns) or
    `_resume_group_rounds` (a group chat cut by its `max_round`), with every history already restored.
    """
    start_turn = kwargs.pop("_resume_at_turn", 0)
    if kwargs.pop("_resume_group_rounds", False):
        from ._groupchat_manager import continue_rounds

        yield from continue_rounds(recipient, agent, is_async)
    elif isinstance(max_turns, int):
        if not start_turn:
            agent._prepare_chat(recipient, clear_history, reply_at_receive=False)
        yield from _turns_steps(agent, recipient, message, silent, max_turns, kwargs, start_turn)
    else:
        agent._prepare_chat(recipient, clear_history)
        to_send = yield _first_message(agent, recipient, message, kwargs)
        count_turn(agent, recipient, 1)
        yield Call(agent.send, agent.a_send, to_send, recipient, silent=silent)


def _chat_body(
    agent: ConversableAgent,
    recipient: ConversableAgent,
    settings: Tuple[bool, bool, Any, Optional[int]],
    summary_method: Any,
    summary_args: Dict[str, Any],
    message: Any,
    kwargs: Dict[str, Any],
    is_async: bool,
) -> Steps[ChatResult]:
    from .chat import ChatResult
    from .utils import gather_usage_summary

    clear_history, silent, cache, max_turns = settings
    for each in (agent, recipient):
        if not is_async:
            each._raise_exception_on_async_reply_functions()
        each.previous_cache = each.client_cache
        each.client_cache = cache
    try:
        yield from _exchanges(agent, recipient, clear_history, silent, max_turns, message, kwargs, is_async)
        summary = agent._summarize_chat(summary_method, summary_args, recipient, cache=cache)
    finally:
        for each in (agent, recipient):
            each.client_cache = each.previous_cache
            each.previous_cache = None
    return ChatResult(
        chat_history=agent.chat_messages[recipient],
        summary=summary,
        cost=gather_usage_summary([agent, recipient]),
        human_input=agent._human_input,
        structured_output=_structured_output(agent, recipient),
    )


def _structured_output(agent: Any, recipient: Any) -> Any:
    """The typed value of the chat's last message, when an agent produced it as a structured reply."""
    history = agent.chat_messages.get(recipient) or []
    if not history:
        return None
    content = history[-1].get("content")
    for each in (recipient, agent):
        text, value = each.__dict__.get("_last_structured", (None, None))
        if text is not None and text == content:
            return value
    return None


_BAD_SUMMARY_METHOD = (
    "If not None, the summary_method must be a string from [`reflection_with_llm`, `last_msg`] or a callable."
)


def summarize_chat(
    agent: ConversableAgent,
    summary_method: Union[str, Callable[..., Any], None],
    summary_args: Dict[str, Any],
    recipient: Any,
    cache: Any,
) -> str:
    """The chat's summary by the chosen method."""
    if summary_method is None:
        return ""
    summary_args.setdefault("cache", cache)  # mutates the caller's (possibly default) dict, as 0.2 does
    by_name = {"reflection_with_llm": "_reflection_with_llm_as_summary", "last_msg": "_last_msg_as_summary"}
    if isinstance(summary_method, str) and summary_method in by_name:
        summarizer = getattr(agent, by_name[summary_method])
    elif callable(summary_method):
        summarizer = summary_method
    else:
        raise ValueError(_BAD_SUMMARY_METHOD)
    return summarizer(agent, recipient, summary_args)


def last_msg_summary(sender: Any, recipient: Any) -> str:
    """The last message of the chat without "TERMINATE"."""
    try:
        content = recipient.last_message(sender)["content"]
    except (IndexError, AttributeError) as e:
        warnings.warn(f"Cannot extract summary using last_msg: {e}. Using an empty str as summary.", stacklevel=1)
        return ""
    if isinstance(content, list):  # multimodal: the text parts, one per line
        content = "\n".join(part["text"] for part in content if isinstance(part, dict) and part.get("type") == "text")
    return content.replace("TERMINATE", "") if isinstance(content, str) else ""


def _reflection_settings(summary_args: Dict[str, Any], default_prompt: str) -> Tuple[str, Optional[str]]:
    """The (prompt, role) of a reflection summary, checked."""
    prompt = summary_args.get("summary_prompt")
    if prompt is None:
        prompt = default_prompt
    elif not isinstance(prompt, str):
        raise ValueError("The summary_prompt must be a string.")
    role = summary_args.get("summary_role")
    if role and not isinstance(role, str):
        raise ValueError("The summary_role in summary_arg must be a string.")
    return prompt, role


def _is_openai_bad_request(error: Exception) -> bool:
    kind = type(error)
    return kind.__name__ == "BadRequestError" and kind.__module__.startswith("openai")


def reflection_summary_of(sender: Any, recipient: Any, summary_args: Dict[str, Any], default_prompt: str) -> str:
    """Ask the model for a summary of the chat as the recipient saw it ("" when the server refuses the request)."""
    prompt, role = _reflection_settings(summary_args, default_prompt)
    history = recipient.chat_messages_for_summary(sender)
    try:
        return sender._reflection_with_llm(
            prompt, history, llm_agent=recipient, cache=summary_args.get("cache"), role=role
        )
    except Exception as error:  # imported lazily, the SDK's BadRequestError is recognised by name
        if not _is_openai_bad_request(error):
            raise
        warnings.warn(
            f"Cannot extract summary using reflection_with_llm: {error}. Using an empty str as summary.",
            UserWarning,
            stacklevel=1,
        )
        return ""
