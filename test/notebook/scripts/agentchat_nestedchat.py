"""agentchat_nestedchat: a draft, the critic's review in a nested chat, the revision."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.text("Light your way with sunshine."),
    Reply.text("Nice, but say how long it lasts on a charge."),
    Reply.text("Sun-charged by day, it lights your ride for 8 hours at night."),
]


def check(run: NotebookRun) -> None:
    critic_request = run.server.chat_requests[1].messages
    assert critic_request[-1]["content"].startswith("Please review this blurb:\n\nLight your way with sunshine.")
    writer_second = run.server.chat_requests[2].messages
    assert writer_second[-1]["content"] == "Nice, but say how long it lasts on a charge."
    assert "final blurb: Sun-charged by day" in run.text
