"""agentchat_multi_task_async_chats: two chats at once, a third one with both summaries carried over."""

from typing import Any, Dict, List

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES: List[Reply] = []
_ANSWERS = {
    "You forecast the weather.": "Dry and sunny until evening.",
    "You know the train timetable.": "Trains leave at 8:15 and 9:15.",
    "You plan day trips.": "Take the 8:15 train and be back before the evening.",
}


def responder(body: Dict[str, Any]) -> Reply:
    return Reply.text(_ANSWERS[body["messages"][0]["content"]])


def check(run: NotebookRun) -> None:
    assert len(run.server.chat_requests) == 3
    planner = run.server.chat_requests[-1].messages[-1]["content"]
    assert "Dry and sunny" in planner and "8:15 and 9:15" in planner
    assert "chat 3: Take the 8:15 train" in run.text
