"""agentchat_multi_task_chats: the first chat's summary is carried into the second; the second is reflected on."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.text("Cherry tomatoes and zucchini."),
    Reply.text("Try a zucchini and cherry tomato gratin."),
    Reply.text("A zucchini and cherry tomato gratin."),
]


def check(run: NotebookRun) -> None:
    second = run.server.chat_requests[1].messages[-1]["content"]
    assert second.startswith("Suggest one dish") and "Cherry tomatoes and zucchini." in second
    assert "chat 1 summary: Cherry tomatoes and zucchini." in run.text
    assert "chat 2 summary: A zucchini and cherry tomato gratin." in run.text
