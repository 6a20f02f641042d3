"""agentchat_lmm_multimodal: the local image reaches the model as a data URI content part."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REQUIRES = ("PIL",)
REPLIES = [Reply.text("Red, green and blue.")]


def check(run: NotebookRun) -> None:
    parts = run.server.chat_requests[0].messages[-1]["content"]
    kinds = [part["type"] for part in parts]
    assert kinds == ["text", "image_url", "text"] or kinds[:2] == ["text", "image_url"]
    assert parts[1]["image_url"]["url"].startswith("data:image/png;base64,")
    assert "Red, green and blue." in run.text
    assert any("image/png" in output.get("data", {}) for output in run.cell_outputs("picture.save"))
