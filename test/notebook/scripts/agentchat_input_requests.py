"""agentchat_input_requests: a human_input_mode="ALWAYS" chat answered through input_request events (sync, async,
and an unanswered request the chat waits on)."""

from autogen.testing import Reply

REPLIES = [
    Reply.text("Wake up to the best coffee in town, brewed fresh for you every morning."),
    Reply.text("Great coffee. Three euros."),
    Reply.text("Calm in a cup."),
    Reply.text("Fresh bread, warm hearts."),
]


def check(run):
    text = run.cell_text("answers = [")
    assert "[asked human] Replying as human. Provide feedback to writer." in text
    assert "-> 'Shorter, please, and mention the price.'" in text and "-> 'exit'" in text
    assert "writer: Great coffee. Three euros." in text
    assert "the human typed: ['Shorter, please, and mention the price.', 'exit']" in text
    transcript = run.cell_text("for message in response.messages")
    assert transcript.count("assistant:") == 2 and transcript.count("     user:") == 2
    assert "summary: Calm in a cup." in run.cell_text("async def chat")
    waiting = run.cell_text("A slogan for a bakery.")
    assert "chat finished without an answer: False" in waiting
    assert "chat finished after the answer: True" in waiting
    assert len(run.server.chat_requests) == 4
