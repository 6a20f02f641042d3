"""agentchat_groupchat_customized: the function routes a failed run back to the coder, then ends the chat."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.text("1. Parse both dates.\n2. Subtract them.\n3. Print the number of days."),
    Reply.text("```python\nfrom datetime import date\nprint((date(2024, 12, 25) - date(2024, 3, 1)).day)\n```"),
    Reply.text("```python\nfrom datetime import date\nprint((date(2024, 12, 25) - date(2024, 3, 1)).days)\n```"),
]


def check(run: NotebookRun) -> None:
    assert "AttributeError" in run.text
    assert "exitcode: 0 (execution succeeded)" in run.text and "299" in run.text
    assert "speakers in order: ['requester', 'planner', 'coder', 'executor', 'coder', 'executor']" in run.text
