"""agentchat_function_call: two parallel calculator calls, then the answer."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.tool_calls_(
        [
            {"name": "calculator", "arguments": {"a": 24, "b": 17, "operator": "*"}},
            {"name": "calculator", "arguments": {"a": 408, "b": 6, "operator": "/"}},
        ]
    ),
    Reply.text("You have 408 jars, which is 68 jars per day over 6 days.\n\nTERMINATE"),
]


def check(run: NotebookRun) -> None:
    assert "tool result: 408" in run.text and "tool result: 68" in run.text
    schema = run.server.chat_requests[0].body["tools"][0]["function"]
    assert schema["parameters"]["properties"]["operator"]["enum"] == ["+", "-", "*", "/"]
    assert "408 jars" in run.text
