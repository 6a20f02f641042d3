"""oai_openai_utils: loading, filtering and building config lists; one call through the list."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REPLIES = [Reply.text("ready")]


def check(run: NotebookRun) -> None:
    assert "entries in OAI_CONFIG_LIST: 1 - models: ['gpt-4']" in run.text
    assert "gpt-4 only: [{'model': 'gpt-4', 'api_key': 'sk-example-2', 'tags': ['careful']}]" in run.text
    assert "tagged fast: ['gpt-4o', 'my-llama']" in run.text
    assert "2 entries, api_type: {'openai'}" in run.text
    assert run.texts[-1].strip() == "ready"
