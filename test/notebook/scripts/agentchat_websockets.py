"""agentchat_websockets: a chat started by a websocket client prints its messages back to that client."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REQUIRES = ("websockets",)
REPLIES = [Reply.text("Lisbon. TERMINATE")]


def check(run: NotebookRun) -> None:
    received = run.cell_text("ws_connect(uri)")
    assert "What is the capital of Portugal?" in received
    assert "chatbot (to user_proxy):" in received and "Lisbon." in received
