"""agentchat_human_feedback: the person's first answer reaches the model, the second ends the chat."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.text("Grey clouds gather low,\nthe garden drinks slow."),
    Reply.text("Rain taps the pane in the night,\nand the garden grows green by the light."),
]


def check(run: NotebookRun) -> None:
    assert run.server.chat_requests[1].messages[-1]["content"] == "Make it rhyme, please."
    assert "human inputs: ['Make it rhyme, please.', 'exit']" in run.text
