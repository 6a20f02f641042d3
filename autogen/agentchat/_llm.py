"""Asking the model: build a valid request from history, call the client, and tidy the answer."""

from __future__ import annotations

import logging
import warnings
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

from ._messages import normalize_name

if TYPE_CHECKING:
    from .conversable_agent import ConversableAgent

__all__ = ("request_messages", "reply_from_client", "reflection_summary")

logger = logging.getLogger(__name__)

# What the model sees for a tool call the conversation moved past without answering (e.g. a chat that
# stopped right after the call). The OpenAI API rejects a request with an unanswered call.
UNANSWERED_TOOL_CALL = "No result: the conversation continued before this tool call was answered."


def _unroll_one(message: Dict[str, Any]) -> List[Dict[str, Any]]:
    """A tool-response bundle becomes the separate `tool` messages the API expects; others pass through."""
    tool_responses = message.get("tool_responses")
    if not tool_responses:
        return [message]
    unrolled = list(tool_responses)
    if message.get("role") != "tool":  # a `tool` bundle's own content only repeats its responses
        unrolled.append({key: value for key, value in message.items() if key != "tool_responses"})
    return unrolled


class _RequestBuilder:
    """The request for one conversation, extended message by message as the history grows.

    Every tool call is answered right after it (a call the conversation moved past gets a placeholder
    answer) and tool answers whose call is not in the request are dropped, so the request is valid for the
    OpenAI API. Extending instead of rebuilding keeps a turn's cost flat as the history grows.
    """

    __slots__ = ("items", "count", "out", "pending")

    def __init__(self) -> None:
        self.items: List[Dict[str, Any]] = []  # the history messages fed so far (for the identity check)
        self.count = 0
        self.out: List[Dict[str, Any]] = []
        self.pending: List[Any] = []

    def extends(self, messages: List[Dict[str, Any]]) -> bool:
        """True if `messages` starts with exactly the messages fed so far (checked by identity at 3 points)."""
        n = self.count
        if n == 0 or len(messages) < n:
            return n == 0
        return (
            messages[0] is self.items[0]
            and messages[n - 1] is self.items[n - 1]
            and messages[n // 2] is self.items[n // 2]
        )

    def feed(self, messages: List[Dict[str, Any]]) -> None:
        for message in messages:
            self.items.append(message)
            for part in _unroll_one(message):
                self._add(part)
        self.count = len(self.items)

    def _add(self, message: Dict[str, Any]) -> None:
        if message.get("role") == "tool":
            if message.get("tool_call_id") in self.pending:
                self.pending.remove(message.get("tool_call_id"))
                self.out.append(message)
            else:
                logger.debug("dropping a tool message whose call is not in the request: %s", message)
            return
        self.out.extend(self._placeholders())
        self.pending = []
        self.out.append(message)
        if message.get("role") == "assistant" and message.get("tool_calls"):
            self.pending = [call.get("id") for call in message["tool_calls"]]

    def _placeholders(self) -> List[Dict[str, Any]]:
        return [{"tool_call_id": i, "role": "tool", "content": UNANSWERED_TOOL_CALL} for i in self.pending]

    def result(self) -> List[Dict[str, Any]]:
        """A fresh list (callers may change it) of the request so far."""
        return self.out + self._placeholders()


_MAX_BUILDERS = 32  # conversations remembered per agent


def request_messages(messages: List[Dict[str, Any]], builders: Optional[Dict[int, Any]] = None) -> List[Dict[str, Any]]:
    """The message list sent to the model for this history (history itself is not changed).

    With `builders` (a per-agent dict), the work done for earlier turns of the same conversation is reused.
    """
    if builders is None or not messages:
        builder = _RequestBuilder()
        builder.feed(messages)
        return builder.result()
    anchor = messages[1] if len(messages) > 1 else messages[0]  # the conversation's first message
    key = id(anchor)
    entry = builders.get(key)
    if entry is None or entry[0] is not anchor or not entry[1].extends(messages):
        if len(builders) >= _MAX_BUILDERS:
            builders.pop(next(iter(builders)))
        entry = (anchor, _RequestBuilder())
        builders[key] = entry
    builder = entry[1]
    builder.feed(messages[builder.count :])
    return builder.result()


def _as_plain(extracted: Any) -> Any:
    """An SDK message object becomes a dict; names the model made up are made valid."""
    if not isinstance(extracted, str) and hasattr(extracted, "model_dump"):
        extracted = extracted.model_dump()
    if isinstance(extracted, dict):
        if extracted.get("function_call"):
            extracted["function_call"]["name"] = normalize_name(extracted["function_call"]["name"])
        for tool_call in extracted.get("tool_calls") or []:
            tool_call["function"]["name"] = normalize_name(tool_call["function"]["name"])
            for key in ("id", "type"):  # providers such as Mistral omit them
                if key in tool_call and tool_call[key] is None:
                    tool_call.pop(key)
    return extracted


def reply_from_client(
    agent: ConversableAgent, llm_client: Any, messages: List[Dict[str, Any]], cache: Any
) -> Union[str, Dict[str, Any], None]:
    """Call `llm_client.create` for `messages` and return the text or message dict, or None."""
    all_messages = request_messages(messages, agent.__dict__.setdefault("_request_builders", {}))
    # 0.2 takes the template context off the last stored message (it is popped, not just read)
    context = messages[-1].pop("context", None)
    response = llm_client.create(context=context, messages=all_messages, cache=cache, agent=agent)
    extracted = llm_client.extract_text_or_completion_object(response)[0]
    if extracted is None:
        warnings.warn(f"Extracted_response from {response} is None.", UserWarning, stacklevel=1)
        return None
    parsed = getattr(response, "parsed", None)
    if parsed:  # structured outputs: remember the typed value of this reply for ChatResult
        agent.__dict__["_last_structured"] = (extracted if isinstance(extracted, str) else None, parsed[0])
    return _as_plain(extracted)


def reflection_summary(
    agent: ConversableAgent,
    prompt: str,
    messages: List[Dict[str, Any]],
    llm_agent: Optional[ConversableAgent],
    cache: Any,
    role: Optional[str],
) -> Any:
    """Ask the model (the llm_agent's client first, else the agent's own) to summarise `messages`."""
    request = messages + [{"role": role or "system", "content": prompt}]
    if llm_agent and llm_agent.client is not None:
        llm_client = llm_agent.client
    elif agent.client is not None:
        llm_client = agent.client
    else:
        raise ValueError("No OpenAIWrapper client is found.")
    return agent._generate_oai_reply_from_client(llm_client=llm_client, messages=request, cache=cache)
