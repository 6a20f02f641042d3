"""LocalJupyterServer's lifetime: a server nobody stopped goes away with the interpreter, promptly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import List

import pytest

pytestmark = [
    pytest.mark.jupyter,
    pytest.mark.skipif(not os.path.isdir("/proc"), reason="inspects processes through /proc (Linux)"),
]


def _running_with(marker: str) -> List[int]:
    """PIDs of live (not zombie) processes whose command line contains `marker`."""
    pids = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state not in ("Z", "X"):
            pids.append(int(entry))
    return pids


def _gone_within(marker: str, seconds: float) -> bool:
    limit = time.monotonic() + seconds
    while _running_with(marker):
        if time.monotonic() > limit:
            return False
        time.sleep(0.1)
    return True


_LEAVE_A_SERVER_RUNNING = """
from autogen.coding.jupyter import LocalJupyterServer

server = LocalJupyterServer(log_file={log!r})
kernel_id = server.get_client().start_kernel("python3")
print(server.token, kernel_id, flush=True)
"""


def test_server_left_running_does_not_hold_interpreter_exit(tmp_path: Path) -> None:
    # The script ends with its gateway and a kernel running: the atexit stop must end both, well within the
    # 30 s the old SIGINT path took (the gateway answers SIGINT with an interactive prompt). Starting the
    # gateway and kernel is not part of the bound: it counts from the script's last line.
    script = _LEAVE_A_SERVER_RUNNING.format(log=str(tmp_path / "gateway.log"))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        token, kernel_id = proc.stdout.readline().split()  # printed once both run; the interpreter then exits
        assert proc.wait(timeout=20) == 0, proc.stderr.read()
    finally:
        proc.kill()
        proc.communicate()
    assert _running_with(token) == []  # the gateway was stopped (and reaped) before the interpreter left
    assert _gone_within(kernel_id, seconds=10)  # and its kernel followed it
