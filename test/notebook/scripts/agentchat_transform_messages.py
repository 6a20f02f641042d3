"""agentchat_transform_messages: history and token limits shrink what the model receives, not the history."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [Reply.text("Words.")]


def check(run: NotebookRun) -> None:
    assert "messages kept: 3 of 10" in run.text
    assert "first kept message starts with: note 7:" in run.text
    sent = run.server.chat_requests[0].messages
    assert len(sent) <= 4  # the system message and at most three others
    assert sent[-1]["content"] == "In one word: what were all these notes made of?"
    assert "stored history is intact: 12 messages" in run.text
    assert "Removed 8 messages." in run.text
