"""agentchat_surfer: the model visits the local page, then searches it, then answers from what it read."""

import re
from typing import Any, Dict, List

from notebook_harness import NotebookRun

from autogen.testing import Reply

REQUIRES = ("markdownify", "bs4")
REPLIES: List[Reply] = []


def responder(body: Dict[str, Any]) -> Reply:
    """Visit the URL named in the task (its port changes per run), then search the page, then answer."""
    transcript = " ".join(str(m.get("content")) for m in body["messages"])
    if "Viewport position" not in transcript:
        return Reply.tool_call("visit_page", {"url": re.search(r"http://\S+\.html", transcript).group(0)})
    if "for the word free" in body["messages"][-1]["content"] and transcript.count("Viewport position") == 1:
        return Reply.tool_call("find_on_page_ctrl_f", {"search_string": "free"})
    return Reply.text("Entry is free on the first Sunday of each month.")


def check(run: NotebookRun) -> None:
    assert "EXECUTING FUNCTION visit_page" in run.text and "EXECUTING FUNCTION find_on_page_ctrl_f" in run.text
    assert "Title: Town museum" in run.text
    assert run.text.rstrip("-\n ").endswith("Entry is free on the first Sunday of each month.")
