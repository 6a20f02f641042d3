"""agentchat_groupchat: the model picks the writer, then the proofreader."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.text("poster_writer"),
    Reply.text("BOOK SWAP! Bring a book, take a book.\nSaturday 10:00, library garden."),
    Reply.text("proofreader"),
    Reply.text("Clear and correct. Maybe add: free for everyone."),
]


def check(run: NotebookRun) -> None:
    assert "Next speaker: poster_writer" in run.text and "Next speaker: proofreader" in run.text
    assert "speakers in order: ['organizer', 'poster_writer', 'proofreader']" in run.text
    selection = run.server.chat_requests[0].messages[0]["content"]
    assert "Checks texts for mistakes" in selection  # the descriptions reach the selection prompt
