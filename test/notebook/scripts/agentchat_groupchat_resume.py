"""agentchat_groupchat_resume: the chat goes on with the next round-robin speaker after the saved messages."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [Reply.text("Drink: a dry white wine, or apple cider for a sober table.")]


def check(run: NotebookRun) -> None:
    assert "resumed after: chef - Dish: mushroom risotto with thyme." in run.text
    assert "speakers in order: ['host', 'chef', 'sommelier', 'host']" in run.text
    assert "Sounds perfect, thank you both." in run.text
    asked = run.server.chat_requests[0].messages
    assert any("mushroom risotto" in (m.get("content") or "") for m in asked)
