"""agentchat_stream: a streamed answer printed piece by piece and delivered whole."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

STORY = (
    "Every night the keeper counted the passing ships. On the night no ship came, he finally counted the stars instead."
)
REPLIES = [Reply.text(STORY)]


def check(run: NotebookRun) -> None:
    assert run.server.chat_requests[0].body["stream"] is True
    assert "he finally counted the stars instead." in run.text
    assert "the whole message arrived too: Every night the keeper" in run.text
