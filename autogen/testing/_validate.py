"""Checks a request's message list the way the OpenAI API does, so tests catch invalid transcripts."""

from __future__ import annotations

from typing import Any, Dict, List, Optional


def tool_message_problem(messages: List[Dict[str, Any]]) -> Optional[str]:
    """Return why `messages` would be rejected by the OpenAI API for tool-call pairing, or None.

    Every assistant message with `tool_calls` must be followed, before any other role, by one `tool`
    message per call id; every `tool` message must answer such an id.
    """
    pending: Dict[str, int] = {}
    for index, msg in enumerate(messages):
        role = msg.get("role")
        if role == "tool":
            call_id = msg.get("tool_call_id")
            if call_id not in pending:
                return (
                    f"messages[{index}]: messages with role 'tool' must be a response to a preceding message "
                    f"with 'tool_calls' (tool_call_id {call_id!r} is not pending)"
                )
            del pending[call_id]
            continue
        if pending:
            ids = ", ".join(sorted(pending))
            return (
                f"messages[{index}]: an assistant message with 'tool_calls' must be followed by tool messages "
                f"responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: {ids}"
            )
        if role == "assistant" and msg.get("tool_calls"):
            pending = {call.get("id"): index for call in msg["tool_calls"]}
    if pending:
        ids = ", ".join(sorted(pending))
        return (
            "the last assistant message with 'tool_calls' must be followed by tool messages responding to each "
            f"'tool_call_id'. The following tool_call_ids did not have response messages: {ids}"
        )
    return None
