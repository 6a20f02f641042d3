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


def _unroll(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Expand tool-response bundles into the separate `tool` messages the API expects."""
    unrolled: List[Dict[str, Any]] = []
    for message in messages:
        tool_responses = message.get("tool_responses")
        if not tool_responses:
            unrolled.append(message)
            continue
        unrolled.extend(tool_responses)
        if message.get("role") != "tool":  # a `tool` bundle's own content only repeats its responses
            unrolled.append({key: value for key, value in message.items() if key != "tool_responses"})
    return unrolled


def _pair_tool_messages(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Make every tool call answered right after it, and drop tool answers whose call is not in the request."""
    paired: List[Dict[str, Any]] = []
    pending: List[Any] = []

    def answer_pending() -> None:
        for call_id in pending:
            paired.append({"tool_call_id": call_id, "role": "tool", "content": UNANSWERED_TOOL_CALL})
        pending.clear()

    for message in messages:
        role = message.get("role")
        if role == "tool":
            if message.get("tool_call_id") in pending:
                pending.remove(message.get("tool_call_id"))
                paired.append(message)
            else:
                logger.debug("dropping a tool message whose call is not in the request: %s", message)
            continue
        answer_pending()
        paired.append(message)
        if role == "assistant" and message.get("tool_calls"):
            pending = [call.get("id") for call in message["tool_calls"]]
    answer_pending()
    return paired


def request_messages(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The message list sent to the model for this history (history itself is not changed)."""
    unrolled = _unroll(messages)
    if not any(m.get("role") == "tool" or m.get("tool_calls") for m in unrolled):
        return unrolled
    return _pair_tool_messages(unrolled)


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
    all_messages = request_messages(messages)
    # 0.2 takes the template context off the last stored message (it is popped, not just read)
    context = messages[-1].pop("context", None)
    response = llm_client.create(context=context, messages=all_messages, cache=cache, agent=agent)
    extracted = llm_client.extract_text_or_completion_object(response)[0]
    if extracted is None:
        warnings.warn(f"Extracted_response from {response} is None.", UserWarning, stacklevel=2)
        return None
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
