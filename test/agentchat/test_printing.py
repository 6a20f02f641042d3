"""What received messages look like on the console."""

from __future__ import annotations

from autogen.agentchat import ConversableAgent

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
