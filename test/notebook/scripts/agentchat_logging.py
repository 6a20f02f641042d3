"""agentchat_logging: two model calls logged to SQLite and read back with pandas."""

from notebook_harness import NotebookRun

from autogen.testing import Reply

REQUIRES = ("pandas",)
REPLIES = [
    Reply.text("Water boils at 100 degrees Celsius at sea level."),
    Reply.text("Glad to help. TERMINATE"),
]


def check(run: NotebookRun) -> None:
    assert "logging session started: True" in run.text
    assert "model calls logged: 2" in run.text
    for table in ("chat_completions", "agents", "oai_clients", "events"):
        assert table in run.cell_text("sqlite_master")
    assert "Water boils at 100 degrees Celsius" in run.text
    assert (run.workdir / "logs.db").is_file()
