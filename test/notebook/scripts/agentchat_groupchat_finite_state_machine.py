"""agentchat_groupchat_finite_state_machine: selection offers only the allowed speakers; forced hand-backs."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.text("counter_a"),
    Reply.text("There are 12 red marbles."),
    Reply.text("Thanks. Now the blue ones, please."),
    Reply.text("counter_b"),
    Reply.text("There are 9 blue marbles."),
]


def check(run: NotebookRun) -> None:
    assert "speakers in order: ['lead', 'counter_a', 'lead', 'counter_b']" in run.text
    first_selection = run.server.chat_requests[0].messages[0]["content"]
    assert "counter_a" in first_selection and "counter_b" in first_selection
    graph = run.cell_outputs("visualize_speaker_transitions_dict(")  # the transition graph is drawn
    assert any("image/png" in output.get("data", {}) for output in graph)
