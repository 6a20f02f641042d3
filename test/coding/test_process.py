"""Process hygiene of local execution: timeouts kill the whole tree, nothing leaks, output stays bounded."""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import List, Set, Tuple

import pytest

from autogen.code_utils import execute_code
from autogen.coding import CodeBlock, LocalCommandLineCodeExecutor
from autogen.coding._process import build_env, run_process

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="inspects processes through /proc (Linux)")


def _live_processes_with(marker: str) -> List[int]:
    """PIDs of running (not zombie) processes whose command line contains `marker`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().decode(errors="replace")
            with open(f"/proc/{entry}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state not in ("Z", "X"):
            found.append(int(entry))
    return found


def _wait_until_gone(marker: str, seconds: float = 5.0) -> List[int]:
    deadline = time.monotonic() + seconds
    while True:
        alive = _live_processes_with(marker)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def _sleeping_child_script(marker: str) -> str:
    """Bash that starts a long-sleeping python grandchild (tagged by `marker`), then sleeps itself."""
    return f"{sys.executable} -c 'import time; time.sleep(120)' {marker} &\nsleep 30"


def test_timeout_kills_child_processes_too(tmp_path: Path) -> None:
    marker = f"autogen-test-{uuid.uuid4().hex}"
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, timeout=1)
    result = executor.execute_code_blocks([CodeBlock(code=_sleeping_child_script(marker), language="bash")])
    assert (result.exit_code, result.output) == (124, "\nTimeout")
    assert _wait_until_gone(marker) == []


def test_execute_code_timeout_kills_child_processes_too(tmp_path: Path) -> None:
    marker = f"autogen-test-{uuid.uuid4().hex}"
    result = execute_code(
        _sleeping_child_script(marker), lang="bash", timeout=1, work_dir=str(tmp_path), use_docker=False
    )
    assert result == (1, "Timeout", None)
    assert _wait_until_gone(marker) == []


def test_detached_background_process_survives_like_in_02(tmp_path: Path) -> None:
    # A daemon that redirected its output is deliberate (e.g. a server for later blocks): left running, as in 0.2.
    marker = f"autogen-test-{uuid.uuid4().hex}"
    ready = tmp_path / "daemon.ready"
    daemon = f"open({str(ready)!r}, 'w').close(); import time; time.sleep(120)"
    code = f'{sys.executable} -c "{daemon}" {marker} > /dev/null 2>&1 &\nwhile [ ! -e {ready} ]; do sleep 0.02; done\necho started'
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, timeout=10)
    result = executor.execute_code_blocks([CodeBlock(code=code, language="bash")])
    try:
        assert (result.exit_code, result.output) == (0, "started\n")
        assert _live_processes_with(marker) != []
    finally:
        for pid in _live_processes_with(marker):
            os.kill(pid, signal.SIGKILL)
    assert _wait_until_gone(marker) == []


def test_background_process_holding_the_output_pipe_does_not_hang(tmp_path: Path) -> None:
    # 0.2 waited for such a child until the timeout; it is killed shortly after the command itself ended.
    marker = f"autogen-test-{uuid.uuid4().hex}"
    code = f"{sys.executable} -c 'import time; time.sleep(120)' {marker} &\necho started"
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, timeout=60)
    result = executor.execute_code_blocks([CodeBlock(code=code, language="bash")])
    assert (result.exit_code, result.output) == (0, "started\n")  # not a timeout: the child did not hang us
    assert _wait_until_gone(marker) == []


def _open_fds() -> Set[Tuple[str, str]]:
    """This process's open descriptors with what they point at (a reused number with a new pipe counts as new)."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            found.add((fd, os.readlink(f"/proc/self/fd/{fd}")))
        except OSError:  # the descriptor listdir itself used, already closed
            continue
    return found


def _child_pids() -> Set[int]:
    """Direct children of this process, zombies included (a child never waited for is a leak too)."""
    me = str(os.getpid())
    children = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            children.add(int(entry))
    return children


def _live_processes_with_env(marker: str) -> List[int]:
    """PIDs of live processes anywhere whose environment carries `marker` (escaped grandchildren included)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                environ = f.read()
        except OSError:
            continue
        if marker.encode() in environ:
            found.append(int(entry))
    return found


def test_many_executions_leave_no_processes_threads_or_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Only what this test's executions leave counts: in a full run, earlier tests' kernels, servers and
    # garbage may still be winding down, so everything is compared with a snapshot taken just before.
    marker = f"autogen-test-{uuid.uuid4().hex}"
    monkeypatch.setenv("AUTOGEN_TEST_RUN_MARKER", marker)  # inherited by every process the executor starts
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, timeout=10)
    blocks = [CodeBlock(code="print('x')", language="python")]
    executor.execute_code_blocks(blocks)  # warm up (imports, caches)
    gc.collect()
    fds, threads, children = _open_fds(), set(threading.enumerate()), _child_pids()
    for i in range(200):
        if i % 20:  # mostly quick shell runs; some interpreter starts and failures in between
            code = f"echo run {i}" if i % 7 else f"echo failing {i} >&2; exit 3"
            result = executor.execute_code_blocks([CodeBlock(code=code, language="sh")])
            assert result.exit_code == (0 if i % 7 else 3)
        else:
            result = executor.execute_code_blocks(blocks)
            assert result.exit_code == 0
    assert _open_fds() - fds == set()
    assert set(threading.enumerate()) - threads == set()
    assert _child_pids() - children == set()
    assert _live_processes_with_env(marker) == []


def test_detached_session_holding_the_pipes_is_abandoned_without_leaks(tmp_path: Path) -> None:
    # A grandchild that left the process group (setsid) cannot be killed with it; it keeps the output pipes
    # open. The execution must still end after the short grace, closing our ends: no reader left behind.
    marker = f"autogen-test-{uuid.uuid4().hex}"
    ready = tmp_path / "detached.ready"
    script = tmp_path / "detach.py"
    script.write_text(f"import os, time\nos.setsid()\nopen({str(ready)!r}, 'w').close()\ntime.sleep(120)\n")
    code = f"{sys.executable} {script} {marker} &\nwhile [ ! -e {ready} ]; do sleep 0.02; done\necho started"
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, timeout=60)
    gc.collect()
    fds, threads = _open_fds(), set(threading.enumerate())
    try:
        result = executor.execute_code_blocks([CodeBlock(code=code, language="bash")])
        assert (result.exit_code, result.output) == (0, "started\n")
        assert _live_processes_with(marker) != []  # still sleeping: the execution did not wait for it
        assert _open_fds() - fds == set()
        assert set(threading.enumerate()) - threads == set()
    finally:
        for pid in _live_processes_with(marker):
            os.kill(pid, signal.SIGKILL)


def test_huge_output_is_truncated_and_says_so(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, timeout=60)
    code = "import sys\nchunk = 'y' * (1024 * 1024)\nfor _ in range(50):\n    sys.stdout.write(chunk)\nprint('THE END')"
    result = executor.execute_code_blocks([CodeBlock(code=code, language="python")])
    assert result.exit_code == 0
    assert len(result.output) < 5 * 1024 * 1024
    assert "output truncated" in result.output and "bytes omitted" in result.output
    assert result.output.startswith("y") and result.output.endswith("THE END\n")


def test_output_limit_is_configurable(tmp_path: Path) -> None:
    executor = LocalCommandLineCodeExecutor(work_dir=tmp_path, max_output_bytes=1000)
    result = executor.execute_code_blocks([CodeBlock(code="print('z' * 5000)", language="python")])
    assert result.exit_code == 0
    assert result.output.count("z") == 999  # 500 head bytes + 500 tail bytes, the last being the newline
    assert result.output.endswith("z\n")
    assert "4001 bytes omitted out of 5001" in result.output


def test_small_output_is_untouched() -> None:
    outcome = run_process([sys.executable, "-c", "print('ok')"], timeout=10)
    assert (outcome.returncode, outcome.stdout, outcome.stderr, outcome.timed_out) == (0, "ok\n", "", False)


def test_run_process_reports_timeout() -> None:
    outcome = run_process([sys.executable, "-c", "import time; time.sleep(30)"], timeout=0.5)
    assert outcome.timed_out is True


def test_run_process_missing_program_raises() -> None:
    with pytest.raises(FileNotFoundError):
        run_process(["autogen-no-such-program-xyz"], timeout=5)


def test_build_env_variants(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOGEN_TEST_SECRET", "s")
    assert build_env()["AUTOGEN_TEST_SECRET"] == "s"
    bare = build_env(False)
    assert "AUTOGEN_TEST_SECRET" not in bare and bare.get("PATH") == os.environ.get("PATH")
    assert build_env(["AUTOGEN_TEST_SECRET"])["AUTOGEN_TEST_SECRET"] == "s"
    assert build_env(False, {"A": "1"})["A"] == "1"
