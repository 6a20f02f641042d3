"""agentchat_code_executors: local and Jupyter executors run; Docker runs when an engine answers."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

FIXTURES = {"DOCKER_HOST": "container_engine_address"}
REPLIES = [
    Reply.text("```python\na, b = 0, 1\nfor _ in range(10):\n    a, b = b, a + b\nprint('fib(10) =', a)\n```"),
    Reply.text("The 10th Fibonacci number is 55."),
]


def check(run: NotebookRun) -> None:
    assert "exit code: 0" in run.text and "5050" in run.text and "shell ok" in run.text
    assert "total is 42" in run.text
    docker = run.cell_text("engine_answers")
    assert "ran in Docker: Python 3." in docker or "no container engine answers here" in docker
    assert "fib(10) = 55" in run.text
