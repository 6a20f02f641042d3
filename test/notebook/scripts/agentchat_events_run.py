"""agentchat_events_run: events of run() read live and from another thread, process(), a process-wide subscriber."""

from autogen.testing import Reply

REPLIES = [
    Reply.text("Waves fold the light\ninto small blue letters."),
    Reply.text("Salt on the wind,\nthe tide keeps its promise."),
    Reply.text("Rain taps the roof\nlike a patient friend."),
    Reply.text("Moon on still water,\na silver coin nobody spends."),
    Reply.text("A sailor from Crete\nhad remarkably sandy feet."),
]


def check(run):
    live = run.cell_text("for event in response.events:")
    assert "editor -> poet: 'A poem about the sea, please.'" in live
    assert "poet -> editor: 'Waves fold the light" in live and "editor -> poet: 'Another one, please.'" in live
    assert live.count("model call: gpt-4") == 2 and "the chat ends: max_turns" in live
    outcome = run.cell_text('print("summary:"')
    assert "summary: Salt on the wind" in outcome and "messages: 4" in outcome
    assert "last speaker: poet" in outcome and "cost: True" in outcome
    assert '"type": "message_sent"' in run.cell_text("model_dump_json")
    threaded = run.cell_text("threading.Thread")
    assert "['chat_start'" in threaded and "run_complete" in threaded and "Rain taps the roof" in threaded
    console = run.cell_text(".process()")
    assert "editor (to poet):\n\nLast one: a haiku about the moon." in console
    assert "poet (to editor):\n\nMoon on still water," in console and "ChatResult Moon on still water" in console
    counts = run.cell_text("Counter()")
    assert "{'chat_start': 1, 'message_sent': 2, 'model_call_end': 1, 'chat_end': 1}" in counts
    assert "A sailor from Crete" in counts  # the console output of initiate_chat is still printed
