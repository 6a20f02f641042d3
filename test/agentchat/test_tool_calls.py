"""Receiving a tool-call message from any Agent: the reply bundle it gets back."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

from autogen.agentchat import ConversableAgent
from autogen.agentchat.agent import Agent


class FakeAgent(Agent):
    """A bare Agent: records what it receives."""

    def __init__(self, name: str) -> None:
        self._name = name
        self.received: List[Any] = []
        self.silent = False

    @property
    def name(self) -> str:
        return self._name

    @property
    def description(self) -> str:
        return "fake"

    def receive(self, message: Any, sender: Agent, request_reply: Any = None, silent: Any = False) -> None:
        self.received.append(message)

    async def a_receive(self, message: Any, sender: Agent, request_reply: Any = None, silent: Any = False) -> None:
        self.received.append(message)


def _multi_call_message() -> Dict[str, Any]:
    calls = [("echo", '{"param": "hello world"}'), ("echo", '{"param": "goodbye"}'), ("multi_tool_call_echo", "{}")]
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": f"tool_{i}", "type": "function", "function": {"name": n, "arguments": a}}
            for i, (n, a) in enumerate(calls)
        ],
    }


EXPECTED = {
    "role": "tool",
    "tool_responses": [
        {"tool_call_id": "tool_0", "role": "tool", "content": "hello world"},
        {"tool_call_id": "tool_1", "role": "tool", "content": "goodbye"},
        {"tool_call_id": "tool_2", "role": "tool", "content": "Error: Function multi_tool_call_echo not found."},
    ],
    "content": "hello world\n\ngoodbye\n\nError: Function multi_tool_call_echo not found.",
}


def test_receive_tool_calls_from_a_bare_agent(scripted_io):
    fake = FakeAgent("fake")
    user = ConversableAgent(
        "user", llm_config=False, human_input_mode="NEVER", function_map={"echo": lambda param: param}
    )
    user.receive(_multi_call_message(), fake, request_reply=True)
    assert fake.received == [EXPECTED]
    assert user.chat_messages[fake][-1]["name"] == "user"  # the bundle carries the executor's name


async def test_a_receive_tool_calls_with_mixed_sync_and_async_functions(scripted_io):
    async def a_echo(param):
        await asyncio.sleep(0)
        return param

    fake = FakeAgent("fake")
    user = ConversableAgent("user", llm_config=False, human_input_mode="NEVER")
    user.register_function({"echo": a_echo})
    await user.a_receive(_multi_call_message(), fake, request_reply=True)
    assert fake.received == [EXPECTED]
    user.register_function({"echo": lambda param: param})
    fake.received.clear()
    await user.a_receive(_multi_call_message(), fake, request_reply=True)
    assert fake.received == [EXPECTED]


def test_tool_call_and_response_are_printed(scripted_io):
    fake = FakeAgent("fake")
    user = ConversableAgent(
        "user", llm_config=False, human_input_mode="NEVER", function_map={"echo": lambda param: param}
    )
    user.receive(_multi_call_message(), fake, request_reply=False)
    assert "***** Suggested tool call (tool_0): echo *****" in scripted_io.text
    assert 'Arguments: \n{"param": "hello world"}' in scripted_io.text
