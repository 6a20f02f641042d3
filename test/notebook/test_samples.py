"""Every sample in samples/ runs to completion against the loopback model (stdin scripted where one asks a human).

The websockets app is driven by a real websocket client and by headless Chromium, whose DOM dump and screenshot
must show the chat.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, Iterator, Tuple

import pytest

from autogen.testing import LoopbackLLMServer, Reply

REPO = Path(__file__).resolve().parent.parent.parent
SAMPLES = REPO / "samples"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _env(server: LoopbackLLMServer) -> Dict[str, str]:
    env = dict(os.environ, OAI_CONFIG_LIST=json.dumps(server.config_list()), PYTHONPATH=str(REPO))
    env["PYTHONUNBUFFERED"] = "1"
    return env


def test_simple_chat_answers_the_typed_message_and_exits_on_exit(tmp_path: Path) -> None:
    with LoopbackLLMServer() as server:
        server.script(Reply.text("A group of crows is called a murder."))
        done = subprocess.run(
            [sys.executable, str(SAMPLES / "simple_chat.py")],
            input="What is a group of crows called?\nexit\n",
            capture_output=True,
            text=True,
            env=_env(server),
            timeout=120,
            cwd=tmp_path,  # the sample's response cache (.cache/<seed>) must not answer from an earlier run
        )
        assert done.returncode == 0, done.stderr
        assert "How can I help you today?" in done.stdout
        assert "A group of crows is called a murder." in done.stdout
        assert server.chat_requests[0].messages[-1]["content"] == "What is a group of crows called?"


def test_browser_chat_offline_finds_the_answer_on_the_local_page() -> None:
    pytest.importorskip("markdownify")
    done = subprocess.run(
        [sys.executable, str(SAMPLES / "browser_chat.py"), "--offline"],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "The lighthouse is open to visitors on Sundays." in done.stdout


@pytest.fixture(scope="module")
def websockets_app() -> Iterator[Tuple[str, str]]:
    """The app started with its one command (offline model, free ports): (page URL, websocket URI)."""
    pytest.importorskip("websockets")
    proc = subprocess.Popen(
        [sys.executable, str(SAMPLES / "apps" / "websockets" / "app.py"), "--offline", "--port", "0", "--ws-port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1"),
    )
    try:
        line = proc.stdout.readline()
        found = re.search(r"Open (http://\S+) \(websocket (ws://\S+)\)", line)
        assert found, f"the app did not start: {line}{proc.stdout.read() if proc.poll() is not None else ''}"
        yield found.group(1), found.group(2)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_websockets_app_answers_a_websocket_client(websockets_app: Tuple[str, str]) -> None:
    from websockets.sync.client import connect

    with connect(websockets_app[1]) as websocket:
        websocket.send("Good morning")
        received = ""
        deadline = time.monotonic() + 60
        while "(offline model)" not in received and time.monotonic() < deadline:
            received += str(websocket.recv(timeout=60))
    assert "user (to assistant):" in received
    assert "You said: Good morning (offline model)" in received


def _chromium(*args: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
    flags += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [CHROMIUM, *flags, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )


@pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason="needs Chromium (Debian package `chromium`)")
def test_websockets_app_page_shows_the_chat_in_headless_chromium(
    websockets_app: Tuple[str, str], tmp_path: Path
) -> None:
    page = f"{websockets_app[0]}?message=Hello%20from%20Chromium"
    dom = _chromium("--dump-dom", page).stdout
    assert '<p id="status">connected</p>' in dom
    assert "You said: Hello from Chromium (offline model)" in dom

    shot = tmp_path / "chat.png"
    _chromium(f"--screenshot={shot}", "--window-size=900,600", page.replace("Chromium", "a%20screenshot"))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
