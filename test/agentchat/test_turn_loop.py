"""The turn loop: long chats without recursion, 0.2's order of events, overridden send/receive respected."""

from __future__ import annotations

import sys
from typing import Any, List

import pytest

from autogen.agentchat import Agent, ConversableAgent


def _pair(limit: int):
    a = ConversableAgent(
        "a", llm_config=False, human_input_mode="NEVER", default_auto_reply="ping", max_consecutive_auto_reply=limit
    )
    b = ConversableAgent(
        "b", llm_config=False, human_input_mode="NEVER", default_auto_reply="pong", max_consecutive_auto_reply=limit
    )
    return a, b


@pytest.fixture
def low_recursion_limit():
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(300)
    yield
    sys.setrecursionlimit(old)


def test_ten_thousand_turn_chat_does_not_recurse(low_recursion_limit):
    a, b = _pair(5000)
    result = a.initiate_chat(b, message="start", silent=True)
    assert len(result.chat_history) == 10001


async def test_ten_thousand_turn_async_chat_does_not_recurse(low_recursion_limit):
    a, b = _pair(10000)  # the async chain counts each auto reply twice
    result = await a.a_initiate_chat(b, message="start", silent=True)
    assert len(result.chat_history) == 10001


def test_ten_thousand_turn_max_turns_chat(low_recursion_limit):
    a, b = _pair(100000)
    assert len(a.initiate_chat(b, message="start", silent=True, max_turns=5000).chat_history) == 10000


def _recording_pair(events: List[str]):
    a, b = _pair(1)
    for agent in (a, b):

        def before_send(sender, message, recipient, silent, _who=agent.name):
            events.append(f"{_who}:send {message}")
            return message

        def last_received(content, _who=agent.name):
            events.append(f"{_who}:last {content}")
            return content

        def reply(recipient, messages=None, sender=None, config=None):
            events.append(f"{recipient.name}:reply_func")
            return False, None

        agent.register_hook("process_message_before_send", before_send)
        agent.register_hook("process_last_received_message", last_received)
        agent.register_reply([Agent, None], reply)
    return a, b


def test_order_of_events_matches_nested_send_receive(scripted_io):
    events: List[str] = []
    a, b = _recording_pair(events)
    a.initiate_chat(b, message="m")
    assert events == [
        "a:send m",
        "b:last m",
        "b:reply_func",
        "b:send pong",
        "a:last pong",
        "a:reply_func",
        "a:send ping",
        "b:last ping",
        "b:reply_func",  # b is at its limit now: the chat ends
    ]
    assert scripted_io.text.index("a (to b):") < scripted_io.text.index("b (to a):")


def test_overridden_receive_and_send_are_called(scripted_io):
    calls: List[str] = []

    class Custom(ConversableAgent):
        def receive(self, message: Any, sender: Agent, request_reply: Any = None, silent: Any = False) -> None:
            calls.append(f"receive {message}")
            super().receive(message, sender, request_reply, silent)

        def send(self, message: Any, recipient: Agent, request_reply: Any = None, silent: Any = False) -> None:
            calls.append(f"send {message}")
            super().send(message, recipient, request_reply, silent)

    a = ConversableAgent(
        "a", llm_config=False, human_input_mode="NEVER", default_auto_reply="a", max_consecutive_auto_reply=1
    )
    c = Custom("c", llm_config=False, human_input_mode="NEVER", default_auto_reply="c", max_consecutive_auto_reply=1)
    a.initiate_chat(c, message="hi")
    assert calls == ["receive hi", "send c", "receive a"]
    assert [m["content"] for m in a.chat_messages[c]] == ["hi", "c", "a"]


def test_send_inside_a_reply_function_completes_before_it_returns(scripted_io):
    a, b = _pair(1)
    helper = ConversableAgent("helper", llm_config=False, human_input_mode="NEVER", default_auto_reply="helped")
    seen = []

    def consult(recipient, messages=None, sender=None, config=None):
        recipient.send("question", helper, request_reply=True)
        seen.append(recipient.last_message(helper)["content"])
        return True, f"after consulting: {seen[-1]}"

    b.register_reply(a, consult)
    a.initiate_chat(b, message="hi", max_turns=1)
    assert seen == ["helped"]
    assert a.last_message(b)["content"] == "after consulting: helped"


def test_history_is_kept_when_a_reply_function_raises(scripted_io):
    a, b = _pair(5)

    def boom(recipient, messages=None, sender=None, config=None):
        if len(messages) >= 3:
            raise RuntimeError("reply failed")
        return False, None

    b.register_reply(a, boom)
    with pytest.raises(RuntimeError, match="reply failed"):
        a.initiate_chat(b, message="hi")
    assert [m["content"] for m in a.chat_messages[b]] == ["hi", "pong", "ping"]
    assert [m["content"] for m in b.chat_messages[a]] == ["hi", "pong", "ping"]
    assert a.client_cache is None and a.previous_cache is None


def test_sync_chat_works_inside_a_running_event_loop(scripted_io):
    import asyncio

    async def main():
        a, b = _pair(2)
        return a.initiate_chat(b, message="inside a loop")

    assert len(asyncio.run(main()).chat_history) == 5


def test_silent_comes_from_the_sender(scripted_io):
    a, b = _pair(1)
    a.silent = True
    a.send("quiet", b, request_reply=False)
    assert scripted_io.text == ""
    b.send("loud", a, request_reply=False, silent=True)
    assert scripted_io.text == ""
    b.send("loud", a, request_reply=False)
    assert "b (to a):\n\nloud\n\n" + "-" * 80 in scripted_io.text


def test_instance_level_receive_replacement_is_called(scripted_io):
    a, b = _pair(1)
    calls = []
    b.receive = lambda *args: calls.append(args)  # an instance attribute replacing the method
    a.send("hi", b, request_reply=True)
    assert calls == [("hi", a, True, False)]
    assert b.chat_messages[a] == []  # the replacement did not store anything


def test_receive_wrapped_with_functools_wraps_is_still_called():
    import functools

    calls: List[str] = []

    def logged(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            calls.append(method.__name__)
            return method(self, *args, **kwargs)

        return wrapper

    class Logged(ConversableAgent):
        receive = logged(ConversableAgent.receive)

    a, _ = _pair(1)
    b = Logged("b", llm_config=False, human_input_mode="NEVER", default_auto_reply="pong", max_consecutive_auto_reply=1)
    a.initiate_chat(b, message="start", silent=True)
    assert calls == ["receive", "receive"]


def test_overridden_hook_methods_run_in_a_chat():
    calls: List[str] = []

    class Custom(ConversableAgent):
        def _process_message_before_send(self, message, recipient, silent):
            calls.append("before_send")
            return super()._process_message_before_send(message, recipient, silent)

        def process_last_received_message(self, messages):
            calls.append("last_received")
            return super().process_last_received_message(messages)

        def process_all_messages_before_reply(self, messages):
            calls.append("all_messages")
            return [*messages[:-1], {**messages[-1], "content": "rewritten"}]

    a = ConversableAgent("a", llm_config=False, human_input_mode="NEVER")
    b = Custom("b", llm_config=False, human_input_mode="NEVER")
    b.register_reply([Agent, None], lambda r, messages=None, sender=None, config=None: (True, messages[-1]["content"]))
    result = a.initiate_chat(b, message="start", max_turns=1, silent=True)
    assert calls == ["last_received", "all_messages", "before_send"]
    assert result.chat_history[-1]["content"] == "rewritten"


async def test_overridden_async_hook_methods_run_in_an_async_chat():
    calls: List[str] = []

    class Custom(ConversableAgent):
        async def _a_process_message_before_send(self, message, recipient, silent):
            calls.append("before_send")
            return await super()._a_process_message_before_send(message, recipient, silent)

        async def a_process_last_received_message(self, messages):
            calls.append("last_received")
            return messages

        async def a_process_all_messages_before_reply(self, messages):
            calls.append("all_messages")
            return messages

    a = ConversableAgent("a", llm_config=False, human_input_mode="NEVER")
    b = Custom("b", llm_config=False, human_input_mode="NEVER", default_auto_reply="ok")
    await a.a_initiate_chat(b, message="start", max_turns=1, silent=True)
    assert calls == ["all_messages", "last_received", "before_send"]
