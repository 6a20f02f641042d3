"""notebook/agentchat_batch_ray.ipynb runs top to bottom in a fresh kernel against the loopback model.

The conversations run at once, so the model cannot answer from a queue: batch_notebook_replies.json beside this file
holds rules (a text the last message contains -> the answer), applied by a responder. The agents, the threads and
the local Ray cluster the notebook starts are real. `python test/notebook/test_batch_ray_notebook.py --write`
reruns the notebook the same way and saves its outputs into it (how the committed outputs were made).
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
pytest.importorskip("ray", reason="the notebook needs the `ray` extra")

from autogen.testing import LoopbackLLMServer, Reply  # noqa: E402

HERE = Path(__file__).parent
NOTEBOOK = HERE.parent.parent / "notebook" / "agentchat_batch_ray.ipynb"
RULES = HERE / "batch_notebook_replies.json"
RAY_NODE_PATH = HERE.parent / "_ray_node_path"  # see the docstring of the module it holds


class RuleResponder:
    """Answers each request by the first rule whose text its last message contains; records misses."""

    def __init__(self) -> None:
        self.rules: List[Dict[str, str]] = json.loads(RULES.read_text())
        self.misses: List[str] = []

    def __call__(self, body: Dict[str, Any]) -> Reply:
        last = str((body.get("messages") or [{}])[-1].get("content") or "")
        for rule in self.rules:
            if rule["when"] in last:
                return Reply.text(rule["reply"])
        self.misses.append(last)
        return Reply.error(400, f"no scripted reply for: {last!r}")


def run_notebook(server: LoopbackLLMServer, workdir: str) -> Any:
    """Execute the notebook in a fresh kernel whose OAI_CONFIG_LIST points at `server`."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    env = {
        "OAI_CONFIG_LIST": json.dumps(server.config_list()),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(RAY_NODE_PATH), os.environ.get("PYTHONPATH")])),
        "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",  # the notebook's local cluster stays on the loopback interface
        "RAY_USAGE_STATS_ENABLED": "0",
        "RAY_AUTH_MODE": "disabled",
    }
    previous = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        client = nbclient.NotebookClient(
            notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": workdir}}
        )
        client.execute()
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return notebook


def _outputs(notebook: Any) -> str:
    return "".join(out.get("text", "") for cell in notebook.cells for out in cell.get("outputs", []))


@pytest.mark.jupyter
def test_batch_notebook_runs_its_conversations_locally_and_on_ray(tmp_path: Path) -> None:
    responder = RuleResponder()
    with LoopbackLLMServer() as server:
        server.responder = responder
        executed = run_notebook(server, str(tmp_path))
        asked = len(server.chat_requests)
    assert responder.misses == []
    assert asked == 3 * 3 + 3 + 3 * 3  # the batch locally, the mixed batch's good task, the batch on Ray
    printed = _outputs(executed)
    assert "rain jacket  -> Rain jacket: waxed cotton, dry inside." in printed
    assert "task 1 failed with ValueError: a blurb needs a product name" in printed
    assert "same results as the local run: True" in printed


if __name__ == "__main__" and "--write" in sys.argv:
    with LoopbackLLMServer() as loopback, tempfile.TemporaryDirectory() as work:
        rules = RuleResponder()
        loopback.responder = rules
        executed = run_notebook(loopback, work)
        assert rules.misses == [], rules.misses
    for cell in executed.cells:
        cell.metadata.pop("execution", None)  # timestamps only
    nbformat.write(executed, NOTEBOOK)
    print(f"wrote {NOTEBOOK}")
