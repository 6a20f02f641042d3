"""agentchat_function_call_currency_calculator: a call with a pydantic argument, its result serialised back."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.tool_call("currency_calculator", {"base": {"currency": "EUR", "amount": 90}, "quote_currency": "CHF"}),
    Reply.text("90 EUR is 100 CHF.\n\nTERMINATE"),
]


def check(run: NotebookRun) -> None:
    tool_results = [m["content"] for r in run.server.chat_requests for m in r.messages if m.get("role") == "tool"]
    assert tool_results and '"amount":100.0' in tool_results[0].replace(" ", "")
    schema = run.server.chat_requests[0].body["tools"][0]["function"]["parameters"]
    assert "base" in schema["required"] and "Money" in str(schema)
    assert "90 EUR is 100 CHF" in run.text
