"""agentchat_custom_model: the custom client answers the configured model."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [Reply.text("Seven words? I counted five.")]


def check(run: NotebookRun) -> None:
    assert "Your message had 7 words." in run.text
    assert "Your message had 5 words." in run.text  # "Seven words? I counted five."
    assert len(run.server.chat_requests) == 1
