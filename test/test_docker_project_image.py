"""The repository's Dockerfile: autogen installed in a container runs the two-agent demo to TERMINATE.

The image is built from the local Python 3 base image, offline, from the wheelhouse scripts/container-engine.sh
collects; the demo inside talks to the loopback model server on this machine (host network).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
WHEELHOUSE = Path(os.environ.get("AUTOGEN_CONTAINER_CACHE", "/var/cache/autogen-containers")) / "wheels"
PROJECT_FILES = ("Dockerfile", "pyproject.toml", "README.md", "LICENSE", "LICENSE-CODE", "test/twoagent.py")
PROBE_REPLY = (
    "Here is the code.\n```python\nimport socket\n"
    "print('container-hostname:', socket.gethostname())\n"
    "print('pid 1 runs', open('/proc/1/cmdline').read().replace(chr(0), ' ').strip())\n```"
)


def _build_context(tmp_path: Path) -> Path:
    """The files the Dockerfile copies, plus the wheelhouse (hard links where possible)."""
    context = tmp_path / "context"
    shutil.copytree(REPO / "autogen", context / "autogen", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in PROJECT_FILES:
        (context / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, context / name)
    shutil.copytree(WHEELHOUSE, context / "wheels", copy_function=_link_or_copy)
    return context


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def test_dockerfile_runs_the_demo_to_terminate(container_engine: Any, llm_server: Any, reply: Any, tmp_path: Path) -> None:
    if not any(WHEELHOUSE.glob("*.whl")):
        pytest.skip(f"no wheelhouse at {WHEELHOUSE} for an offline build: run scripts/container-engine.sh")
    image, _ = container_engine.images.build(
        path=str(_build_context(tmp_path)),
        tag="autogen-project:test",
        buildargs={"PIP_OPTIONS": "--no-index --find-links=/autogen/wheels"},
        rm=True,
    )
    llm_server.script(reply.text(PROBE_REPLY), reply.text("Done. TERMINATE"))
    container = container_engine.containers.run(
        image.id,
        detach=True,
        network_mode="host",
        environment={"OAI_CONFIG_LIST": json.dumps(llm_server.config_list())},
    )
    try:
        status = container.wait(timeout=240)
        transcript = container.logs().decode()
        container.reload()
        hostname = container.attrs["Config"]["Hostname"]
    finally:
        container.remove(force=True)
    assert status["StatusCode"] == 0, transcript
    assert "exitcode: 0 (execution succeeded)" in transcript
    assert "pid 1 runs python test/twoagent.py" in transcript
    assert f"container-hostname: {hostname}" in transcript
    assert "Done. TERMINATE" in transcript
    assert len(llm_server.requests) == 2
