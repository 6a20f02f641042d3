"""The repository's Dockerfile: autogen installed in a container runs the two-agent demo to TERMINATE.

The image is built from the local Python 3 base image, offline, from the wheelhouse scripts/container-engine.sh
collects; the demo inside talks to the loopback model server on this machine (host network). The image is tagged
with a digest of its build context, so an unchanged checkout reuses the image built from identical files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.docker

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


def _context_digest(context: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in context.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(context)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _project_image(engine: Any, tmp_path: Path) -> Any:
    """The image the Dockerfile builds from this checkout (built unless one from identical files exists)."""
    import docker

    context = _build_context(tmp_path)
    tag = f"autogen-project:{_context_digest(context)}"
    try:
        return engine.images.get(tag)
    except docker.errors.ImageNotFound:
        pass
    for stale in engine.images.list(name="autogen-project"):  # built from an older checkout
        engine.images.remove(stale.id, force=True)
    buildargs = {"PIP_OPTIONS": "--no-index --find-links=/autogen/wheels"}
    image, _ = engine.images.build(path=str(context), tag=tag, buildargs=buildargs, rm=True)
    return image


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def test_dockerfile_runs_the_demo_to_terminate(
    container_engine: Any, llm_server: Any, reply: Any, tmp_path: Path
) -> None:
    if not any(WHEELHOUSE.glob("*.whl")):
        pytest.skip(f"no wheelhouse at {WHEELHOUSE} for an offline build: run scripts/container-engine.sh")
    image = _project_image(container_engine, tmp_path)
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
