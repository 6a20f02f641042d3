"""What received messages look like on the console."""

from __future__ import annotations

import pytest

from autogen.agentchat import ConversableAgent
from autogen.testing import Reply

RULE = "\n" + "-" * 80 + "\n"


def _pair():
    return ConversableAgent("alice", llm_config=False), ConversableAgent("bob", llm_config=False)


def test_text_message(scripted_io):
    alice, bob = _pair()
    alice.send("hello", bob, request_reply=False)
    assert scripted_io.text == "alice (to bob):\n\nhello" + "\n" + RULE


def test_function_call_and_function_response(scripted_io):
    alice, bob = _pair()
    alice.send({"content": None, "function_call": {"name": "f", "arguments": '{"a": 1}'}}, bob, request_reply=False)
    alice.send({"content": "42", "role": "function", "name": "f"}, bob, request_reply=False)
    title = "***** Suggested function call: f *****"
    response = "***** Response from calling function (f) *****"
    assert scripted_io.text == (
        f'alice (to bob):\n\n{title}\nArguments: \n{{"a": 1}}\n{"*" * len(title)}\n{RULE}'
        f"alice (to bob):\n\n{response}\n42\n{'*' * len(response)}\n{RULE}"
    )


def test_tool_response_bundle_prints_each_response_then_stops(scripted_io):
    alice, bob = _pair()
    bundle = {
        "role": "tool",
        "content": "x\n\ny",
        "tool_responses": [
            {"tool_call_id": "t1", "role": "tool", "content": "x"},
            {"role": "tool", "content": "y"},
        ],
    }
    alice.send(bundle, bob, request_reply=False)
    first = "***** Response from calling tool (t1) *****"
    second = "***** Response from calling tool (No id found) *****"
    assert scripted_io.text == (
        f"alice (to bob):\n\nalice (to bob):\n\n{first}\nx\n{'*' * len(first)}\n{RULE}"
        f"alice (to bob):\n\n{second}\ny\n{'*' * len(second)}\n{RULE}"
    )


def test_human_reply_with_tool_responses_prints_responses_and_content(scripted_io):
    alice, bob = _pair()
    reply = {
        "role": "user",
        "content": "stop",
        "tool_responses": [{"tool_call_id": "t1", "role": "tool", "content": "USER INTERRUPTED"}],
    }
    alice.send(reply, bob, request_reply=False)
    title = "***** Response from calling tool (t1) *****"
    assert scripted_io.text == (
        f"alice (to bob):\n\nalice (to bob):\n\n{title}\nUSER INTERRUPTED\n{'*' * len(title)}\n{RULE}stop\n{RULE}"
    )


def test_multimodal_content_is_printed_as_text(scripted_io):
    alice, bob = _pair()
    content = [{"type": "text", "text": "see "}, {"type": "image_url", "image_url": {"url": "http://x"}}]
    alice.send({"content": content}, bob, request_reply=False)
    assert "see <image>" in scripted_io.text


HOSTILE = "\x1b[2J\x1b[H\x1b]0;owned\x07Hello\tworld\x1b[31m!\x1b[0m\r\x08\x9b1m done\x00\nbye\x7f"
CLEAN = "Hello\tworld! done\nbye"


@pytest.fixture
def forced_colours(monkeypatch):
    """termcolor colours even though stdout is captured (it caches its terminal check: reset it around the test)."""
    from termcolor import termcolor

    check = getattr(termcolor, "can_colorize", None) or getattr(termcolor, "_can_do_colour", None)
    clear = getattr(check, "cache_clear", lambda: None)
    monkeypatch.setenv("FORCE_COLOR", "1")
    clear()
    yield
    monkeypatch.delenv("FORCE_COLOR")
    clear()


def test_control_sequences_in_model_reply_are_not_printed(llm_server, llm_config, capsys, forced_colours):
    llm_server.script(Reply.text(HOSTILE))
    assistant = ConversableAgent("assistant", llm_config=llm_config, human_input_mode="NEVER")
    user = ConversableAgent("user", llm_config=False, human_input_mode="NEVER")
    user.initiate_chat(assistant, message="hi", max_turns=1)
    out = capsys.readouterr().out
    assert f"\x1b[33massistant\x1b[0m (to user):\n\n{CLEAN}\n" in out
    assert "owned" not in out and "\x1b[2J" not in out and "\r" not in out and "\x9b" not in out
    # what the agents keep is the model's text as it came
    assert user.last_message(assistant)["content"] == HOSTILE


def test_control_sequences_in_tool_calls_and_responses_are_not_printed(scripted_io):
    alice, bob = _pair()
    call = {"id": "c\x1b[1A1", "type": "function", "function": {"name": "f\x1b[8m", "arguments": '{"a": "\x1b[5m1"}'}}
    alice.send({"content": None, "tool_calls": [call]}, bob, request_reply=False)
    alice.send({"role": "tool", "tool_call_id": "c1", "content": "out\x1b]0;t\x07put"}, bob, request_reply=False)
    assert "\x1b" not in scripted_io.text and "\x07" not in scripted_io.text
    assert '***** Suggested tool call (c1): f *****\nArguments: \n{"a": "1"}' in scripted_io.text
    assert "***** Response from calling tool (c1) *****\noutput\n" in scripted_io.text
