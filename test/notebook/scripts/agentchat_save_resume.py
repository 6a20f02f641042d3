"""agentchat_save_resume: a two-agent chat saved after turn 2 and resumed to turn 4 with rebuilt agents, a group chat
cut by max_round and resumed, a broken state file refused."""

from autogen.testing import Reply

REPLIES = [
    Reply.text("Day one: the Ribeira and a port cellar."),
    Reply.text("And on day two?"),
    Reply.text("Day two: Livraria Lello and the Majestic cafe."),
    Reply.text("What about the last day?"),
    Reply.text("Day three: a boat on the Douro."),
    Reply.text("Anything for the evening?"),
    Reply.text("Fado in a small tavern by the river."),
    Reply.text("Try a francesinha near the Bolhao market."),
    Reply.text("I will cook a bacalhau at home instead."),
]


def check(run):
    assert "saved after turn 2 - format autogen.chat_state version 1" in run.text
    resumed = run.cell_text("resume_chat(traveller, planner")
    assert "messages: 8" in resumed and "tokens so far:" in resumed
    assert "traveller (to planner):\n\nWhat about the last day?" in resumed
    group = run.cell_text("def build_group")
    assert "['host', 'guide', 'cook', 'host']" in group and "host (to chat_manager):\n\nThank you both." in group
    assert group.index("resumed with fresh agents") < group.index("Next speaker: cook")
    assert "ChatStateError: cannot read the saved chat state broken.json" in run.text
    assert "history untouched: True" in run.text
    # the resumed chat asked the model with the whole history of the first two turns
    assert len(run.server.chat_requests[3].messages) == 5
