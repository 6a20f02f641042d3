"""The typed events of a conversation: one pydantic model per kind, each with a `type` literal.

Start/end pairs share a `span_id`; `parent_span_id` is the span that was current when the start was
emitted (a chat contains replies, a reply contains model calls and tool runs, ...). End events carry the
outcome and, when the operation raised, `error` ("ExceptionType: message"). Agents appear by name, so
every event can be serialised with `model_dump_json()`.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Dict, List, Literal, Optional, Type

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

__all__ = [
    "BaseEvent",
    "SpanEvent",
    "ChatStartEvent",
    "ChatEndEvent",
    "ReplyStartEvent",
    "ReplyEndEvent",
    "ModelCallStartEvent",
    "ModelCallEndEvent",
    "ToolCallStartEvent",
    "ToolCallEndEvent",
    "CodeExecutionStartEvent",
    "CodeExecutionEndEvent",
    "SpeakerSelectionStartEvent",
    "SpeakerSelectionEndEvent",
    "MessageSentEvent",
    "MessageReceivedEvent",
    "TerminationEvent",
    "UsageSummaryEvent",
    "InputRequestEvent",
    "InputResponseEvent",
    "ErrorEvent",
    "NoticeEvent",
    "NextSpeakerEvent",
    "FunctionOutputEvent",
    "TextEvent",
    "RunCompleteEvent",
    "EVENT_TYPES",
]


class BaseEvent(BaseModel):
    """What every event has: its kind and when it happened."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    type: str
    timestamp: float = Field(default_factory=time.time)


class SpanEvent(BaseEvent):
    """One side of a start/end pair."""

    span_id: str
    parent_span_id: Optional[str] = None


class _EndMixin(BaseModel):
    error: Optional[str] = None


# ---------------------------------------------------------------------------------------------- chats
class _ChatFields(BaseModel):
    sender: str
    recipient: str
    kind: Literal["two_agent", "group_chat"] = "two_agent"
    max_turns: Optional[int] = None


class ChatStartEvent(SpanEvent, _ChatFields):
    """A chat begins: `initiate_chat` (also each chat of `initiate_chats` and nested chats) or a group chat run."""

    type: Literal["chat_start"] = "chat_start"


class ChatEndEvent(SpanEvent, _ChatFields, _EndMixin):
    type: Literal["chat_end"] = "chat_end"
    summary: Any = None


# ---------------------------------------------------------------------------------------------- replies
class _ReplyFields(BaseModel):
    agent: str
    sender: Optional[str] = None


class ReplyStartEvent(SpanEvent, _ReplyFields):
    """An agent's `generate_reply` begins."""

    type: Literal["reply_start"] = "reply_start"


class ReplyEndEvent(SpanEvent, _ReplyFields, _EndMixin):
    type: Literal["reply_end"] = "reply_end"
    reply: Any = None
    reply_func: Optional[str] = None


# ---------------------------------------------------------------------------------------------- model calls
class _ModelFields(BaseModel):
    model: Optional[str] = None
    api_type: Optional[str] = None
    base_url: Optional[str] = None
    attempt: int = 0
    params: Dict[str, Any] = Field(default_factory=dict)


class ModelCallStartEvent(SpanEvent, _ModelFields):
    """One attempt of `OpenAIWrapper.create` against one config-list entry."""

    type: Literal["model_call_start"] = "model_call_start"


class ModelCallEndEvent(SpanEvent, _ModelFields, _EndMixin):
    type: Literal["model_call_end"] = "model_call_end"
    cache_hit: bool = False
    usage: Optional[Dict[str, Any]] = None
    cost: Optional[float] = None
    finish_reasons: List[Optional[str]] = Field(default_factory=list)
    failed_over: bool = False
    response_model: Optional[str] = None
    response_id: Optional[str] = None
    # the first choice's message, only when a subscriber asked for content (`subscribe(..., content=True)`)
    response: Optional[Dict[str, Any]] = None


# ---------------------------------------------------------------------------------------------- tools
class _ToolFields(BaseModel):
    agent: str
    name: str
    call_id: Optional[str] = None
    arguments: Any = None


class ToolCallStartEvent(SpanEvent, _ToolFields):
    """A function or tool the model asked for is executed."""

    type: Literal["tool_call_start"] = "tool_call_start"


class ToolCallEndEvent(SpanEvent, _ToolFields, _EndMixin):
    type: Literal["tool_call_end"] = "tool_call_end"
    result: Any = None
    succeeded: bool = False


# ---------------------------------------------------------------------------------------------- code
class _CodeFields(BaseModel):
    agent: str
    languages: List[str] = Field(default_factory=list)
    executor: str = ""


class CodeExecutionStartEvent(SpanEvent, _CodeFields):
    """Code blocks found in a message are executed."""

    type: Literal["code_execution_start"] = "code_execution_start"


class CodeExecutionEndEvent(SpanEvent, _CodeFields, _EndMixin):
    type: Literal["code_execution_end"] = "code_execution_end"
    exit_code: Optional[int] = None
    output: Optional[str] = None


# ---------------------------------------------------------------------------------------------- speakers
class _SelectionFields(BaseModel):
    manager: str
    method: str
    last_speaker: Optional[str] = None


class SpeakerSelectionStartEvent(SpanEvent, _SelectionFields):
    """A group chat picks its next speaker."""

    type: Literal["speaker_selection_start"] = "speaker_selection_start"


class SpeakerSelectionEndEvent(SpanEvent, _SelectionFields, _EndMixin):
    type: Literal["speaker_selection_end"] = "speaker_selection_end"
    selected: Optional[str] = None


# ---------------------------------------------------------------------------------------------- point events
class MessageSentEvent(BaseEvent):
    """A message was stored on the sender's side and goes to the recipient (text, tool calls, function calls)."""

    type: Literal["message_sent"] = "message_sent"
    sender: str
    recipient: str
    message: Dict[str, Any]
    silent: bool = False
    span_id: Optional[str] = None  # the span it was sent in


class TerminationEvent(BaseEvent):
    """The conversation (or one side of it) stops, and why."""

    type: Literal["termination"] = "termination"
    agent: Optional[str] = None
    reason: Literal[
        "max_turns", "is_termination_msg", "human_exit", "max_consecutive_auto_reply", "no_reply", "max_round"
    ]
    span_id: Optional[str] = None


class UsageSummaryEvent(BaseEvent):
    """Usage and cost of the agents of a chat when it ended (`gather_usage_summary`'s shape)."""

    type: Literal["usage_summary"] = "usage_summary"
    cost: Dict[str, Any]
    span_id: Optional[str] = None


class InputRequestEvent(BaseEvent):
    """A human is asked for input; answer with `respond(text)` (the chat waits until then)."""

    type: Literal["input_request"] = "input_request"
    prompt: str
    password: bool = False
    agent: Optional[str] = None
    _answer: Optional[str] = PrivateAttr(default=None)
    _answered: threading.Event = PrivateAttr(default_factory=threading.Event)

    def respond(self, text: str) -> None:
        """Give the answer; the waiting chat goes on (callable from any thread or event loop)."""
        self._answer = text
        self._answered.set()

    def wait_answer(self, timeout: Optional[float] = None) -> Optional[str]:
        """Block until answered; the answer, or None after `timeout` seconds."""
        return self._answer if self._answered.wait(timeout) else None


class InputResponseEvent(BaseEvent):
    type: Literal["input_response"] = "input_response"
    text: str
    agent: Optional[str] = None


class ErrorEvent(BaseEvent):
    """A chat ended with an exception."""

    type: Literal["error"] = "error"
    error: str
    error_type: str


class RunCompleteEvent(BaseEvent):
    """The last event of a `run()`: the chat's outcome."""

    type: Literal["run_complete"] = "run_complete"
    summary: Any = None
    last_speaker: Optional[str] = None
    cost: Dict[str, Any] = Field(default_factory=dict)


# ---------------------------------------------------------------------------------------------- console output
class MessageReceivedEvent(BaseEvent):
    """A received message as the console shows it (`sender (to recipient):`, the message, a rule)."""

    type: Literal["message_received"] = "message_received"
    sender: str
    recipient: str
    message: Dict[str, Any]
    allow_format: bool = False


class NoticeEvent(BaseEvent):
    """A `>>>>>>>> ...` status line (auto reply, no human input, executing a function or code)."""

    type: Literal["notice"] = "notice"
    text: str
    color: str


class NextSpeakerEvent(BaseEvent):
    type: Literal["next_speaker"] = "next_speaker"
    name: str


class FunctionOutputEvent(BaseEvent):
    """The arguments and output of a function, printed in verbose mode."""

    type: Literal["function_output"] = "function_output"
    arguments: Any = None
    content: Any = None


class TextEvent(BaseEvent):
    """Any other console output: the arguments of one `IOStream.print` call."""

    type: Literal["text"] = "text"
    objects: List[Any] = Field(default_factory=list)
    sep: str = " "
    end: str = "\n"


def _collect() -> Dict[str, Type[BaseEvent]]:
    found: Dict[str, Type[BaseEvent]] = {}
    for name in __all__:
        cls = globals().get(name)
        if isinstance(cls, type) and issubclass(cls, BaseEvent) and "type" in cls.model_fields:
            default = cls.model_fields["type"].default
            if isinstance(default, str):
                found[default] = cls
    return found


EVENT_TYPES: Dict[str, Type[BaseEvent]] = _collect()
