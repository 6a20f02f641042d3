"""Script for notebook/agentchat_batch_ray.ipynb: many conversations locally, then on a local Ray cluster.

The conversations run at once, so the model cannot answer from a queue: agentchat_batch_ray_rules.json holds
rules (a text the last message contains -> the answer) that `responder` applies.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List

from autogen.testing import Reply

HERE = Path(__file__).parent
REPO = HERE.parent.parent.parent
RAY_NODE_PATH = REPO / "test" / "_ray_node_path"  # see the docstring of the module it holds

REQUIRES = ["ray"]
TIMEOUT = 600
REPLIES: List[Reply] = []
ENV = {
    "PYTHONPATH": os.pathsep.join([str(RAY_NODE_PATH), str(REPO)]),
    "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",  # the notebook's local cluster stays on the loopback interface
    "RAY_USAGE_STATS_ENABLED": "0",
    "RAY_AUTH_MODE": "disabled",
}

_RULES: List[Dict[str, str]] = json.loads((HERE / "agentchat_batch_ray_rules.json").read_text())
_misses: List[str] = []


def responder(body: Dict[str, Any]) -> Reply:
    """The first rule whose text the request's last message contains; a miss is recorded and refused."""
    last = str((body.get("messages") or [{}])[-1].get("content") or "")
    for rule in _RULES:
        if rule["when"] in last:
            return Reply.text(rule["reply"])
    _misses.append(last)
    return Reply.error(400, f"no scripted reply for: {last!r}")


def check(run: Any) -> None:
    assert _misses == []
    assert len(run.server.chat_requests) == 3 * 3 + 3 + 3 * 3  # the batch locally, the mixed batch's good task, Ray
    assert "rain jacket  -> Rain jacket: waxed cotton, dry inside." in run.text
    assert "task 1 failed with ValueError: a blurb needs a product name" in run.text
    assert "same results as the local run: True" in run.text
