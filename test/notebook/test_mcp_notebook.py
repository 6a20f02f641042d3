"""notebook/agentchat_mcp_tools.ipynb runs top to bottom in a fresh kernel against the loopback model.

The model's replies are scripted in mcp_notebook_replies.json beside this file; the MCP server, the
agents and the tool calls are real. `python test/notebook/test_mcp_notebook.py --write` reruns the
notebook the same way and saves its outputs into it (how the committed outputs were made).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("mcp", reason="the notebook needs the `mcp` extra")

from autogen.testing import LoopbackLLMServer, Reply  # noqa: E402

HERE = Path(__file__).parent
NOTEBOOK = HERE.parent.parent / "notebook" / "agentchat_mcp_tools.ipynb"
REPLIES = HERE / "mcp_notebook_replies.json"


def scripted_replies() -> List[Reply]:
    replies = []
    for entry in json.loads(REPLIES.read_text()):
        if "tool_calls" in entry:
            replies.append(Reply.tool_calls_(entry["tool_calls"]))
        else:
            replies.append(Reply.text(entry["text"]))
    return replies


def run_notebook(server: LoopbackLLMServer, workdir: str) -> Any:
    """Execute the notebook in a fresh kernel whose OAI_CONFIG_LIST points at `server`."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    previous = os.environ.get("OAI_CONFIG_LIST")
    os.environ["OAI_CONFIG_LIST"] = json.dumps(server.config_list())
    try:
        client = nbclient.NotebookClient(
            notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": workdir}}
        )
        client.execute()
    finally:
        if previous is None:
            os.environ.pop("OAI_CONFIG_LIST", None)
        else:
            os.environ["OAI_CONFIG_LIST"] = previous
    return notebook


def _tool_contents(server: LoopbackLLMServer) -> List[str]:
    return [m["content"] for r in server.chat_requests for m in r.messages if m.get("role") == "tool"]


def _schemas(server: LoopbackLLMServer) -> Dict[str, Any]:
    return {t["function"]["name"]: t["function"] for t in server.chat_requests[0].body["tools"]}


@pytest.mark.jupyter
def test_mcp_notebook_runs_its_chats_against_the_scripted_model(tmp_path):
    with LoopbackLLMServer() as server:
        server.script(*scripted_replies())
        run_notebook(server, str(tmp_path))
        assert server.pending == 0 and server.violations == []
        contents = set(_tool_contents(server))
        assert {"375 g", "204 C", "356 F"} <= contents
        assert any(c.startswith("Error: ") and "to_unit" in c for c in contents)
        assert _schemas(server)["convert_temperature"]["parameters"]["properties"]["to_unit"]["enum"] == ["C", "F"]


if __name__ == "__main__" and "--write" in sys.argv:
    with LoopbackLLMServer() as loopback, tempfile.TemporaryDirectory() as work:
        loopback.script(*scripted_replies())
        executed = run_notebook(loopback, work)
        assert loopback.pending == 0 and loopback.violations == [], loopback.violations
    for cell in executed.cells:
        cell.metadata.pop("execution", None)  # timestamps only
    nbformat.write(executed, NOTEBOOK)
    print(f"wrote {NOTEBOOK}")
