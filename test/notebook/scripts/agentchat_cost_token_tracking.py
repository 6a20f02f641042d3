"""agentchat_cost_token_tracking: usage printed per client and per agent, a custom price applied."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [
    Reply.text("13", usage={"prompt_tokens": 20, "completion_tokens": 1}),
    Reply.text("23", usage={"prompt_tokens": 30, "completion_tokens": 1}),
    Reply.text("Hi!", usage={"prompt_tokens": 1000, "completion_tokens": 1000}),
    Reply.text("Fresh bread, warm hearts.", usage={"prompt_tokens": 40, "completion_tokens": 5}),
]


def check(run: NotebookRun) -> None:
    assert "answer: 13" in run.text
    assert "cost of this call: $0.00066" in run.text  # gpt-4: $0.03 per 1K prompt, $0.06 per 1K completion tokens
    assert "Usage summary excluding cached usage:" in run.text
    assert "prompt_tokens: 50, completion_tokens: 2" in run.text
    assert "cost with the custom price: $1.5000" in run.text
    assert "total cost of both agents: 0.0015" in run.text
