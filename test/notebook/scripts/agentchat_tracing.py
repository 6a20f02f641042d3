"""agentchat_tracing: a traced tool conversation, printed as a span tree; no message text or key on the spans."""

from autogen.testing import Reply

REQUIRES = ("opentelemetry.sdk",)
REPLIES = [
    Reply.tool_call("celsius_to_fahrenheit", {"celsius": 21.5}, id="call_lisbon"),
    Reply.text("21.5 degrees Celsius is 70.7 degrees Fahrenheit. TERMINATE"),
]


def check(run):
    tree = run.cell_text("def show(")
    assert "autogen.chat" in tree
    assert "invoke_agent assistant" in tree and "invoke_agent user_proxy" in tree
    assert tree.count("chat gpt-4") == 2
    assert "execute_tool celsius_to_fahrenheit" in tree and "call_lisbon" in tree
    assert "one trace: True" in tree
    assert "message text on the spans: False" in run.text
    assert "api key on the spans: False" in run.text
    assert "tracing on: False" in run.text
