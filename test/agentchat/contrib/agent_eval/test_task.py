"""Task: fields, system message text, JSON parsing."""

from __future__ import annotations

import json

from autogen.agentchat.contrib.agent_eval.task import Task

FIELDS = {
    "name": "Math problem solving",
    "description": "Given any question, the system needs to solve the problem as consisely and accurately as possible",
    "successful_response": "The answer is 4.",
    "failed_response": "I do not know.",
}


def test_fields_are_stored_verbatim() -> None:
    task = Task(**FIELDS)
    assert task.model_dump() == FIELDS


def test_sys_message_format() -> None:
    task = Task(**FIELDS)
    indent = " " * 8
    assert task.get_sys_message() == (
        f"Task: {FIELDS['name']}.\n"
        f"{indent}Task description: {FIELDS['description']}\n"
        f"{indent}Task successful example: {FIELDS['successful_response']}\n"
        f"{indent}Task failed example: {FIELDS['failed_response']}\n"
        f"{indent}"
    )


def test_parse_json_str() -> None:
    assert Task.parse_json_str(json.dumps(FIELDS)) == Task(**FIELDS)
