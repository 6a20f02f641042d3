"""agentchat_society_of_mind: two inner speakers, then one prepared answer outside."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.text("Friday meetings could draw more people, since nobody has work the next day."),
    Reply.text("But two members have choir practice on Fridays."),
    Reply.text("Move to Friday only if the choir members can join another way."),
]


def check(run: NotebookRun) -> None:
    assert "inner messages: 3" in run.text
    assert "outer answer: Move to Friday only if the choir members" in run.text
    preparer = run.server.chat_requests[-1].messages
    assert any("choir practice" in (m.get("content") or "") for m in preparer)
