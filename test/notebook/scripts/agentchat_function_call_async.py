"""agentchat_function_call_async: two async tool calls run concurrently, then a sync tool."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.tool_calls_(
        [
            {"name": "boil", "arguments": {"kettle": "red", "seconds": 1}},
            {"name": "boil", "arguments": {"kettle": "blue", "seconds": 1}},
        ]
    ),
    Reply.tool_call("water_level", {"kettle": "red"}),
    Reply.text("Both kettles boiled; the red one is 30% full.\n\nTERMINATE"),
]


def check(run: NotebookRun) -> None:
    assert "red boiled after 1 s" in run.text and "blue boiled after 1 s" in run.text
    assert "red is 30% full" in run.text
    assert "EXECUTING ASYNC FUNCTION boil" in run.text
    assert "two 1-second boils ran concurrently: True" in run.text
