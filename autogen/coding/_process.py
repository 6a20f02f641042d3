"""Run one command with a deadline, bounded output capture and whole-tree cleanup.

Every executor that starts a local process goes through `run_process`, so the guarantees live in one place:
the command runs in its own process group (POSIX session / Windows process group); on timeout or interrupt
the whole group is killed, not just the direct child; a background child that keeps the output pipes open
after the command ended is killed instead of hanging the caller; stdout and stderr are drained concurrently
(no pipe deadlock) and kept to a bounded size, with the cut said plainly in the text.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import IO, Iterable, List, Mapping, Optional, Sequence, Union

__all__ = ("DEFAULT_MAX_OUTPUT_BYTES", "ProcessOutcome", "build_env", "run_process")

#: Per stream: output beyond this is dropped from the middle (the head and the tail are kept).
DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024

_CHUNK = 64 * 1024
# How long the output pipes may stay open after the command itself exited (background children holding them).
_PIPE_GRACE_SECONDS = 1.0
_IS_WINDOWS = sys.platform == "win32"
# Environment variables kept even when the caller restricts the environment: without them interpreters and
# shells cannot start or find their tools.
_ESSENTIAL_ENV = (
    "PATH",
    "HOME",
    "USER",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TMPDIR",
    "TEMP",
    "TMP",
    "SYSTEMROOT",
    "SYSTEMDRIVE",
    "COMSPEC",
    "PATHEXT",
    "WINDIR",
)


@dataclass
class ProcessOutcome:
    """What a finished (or killed) command produced."""

    returncode: int
    stdout: str
    stderr: str
    timed_out: bool


def build_env(inherit_env: Union[bool, Iterable[str]] = True, extra_env: Optional[Mapping[str, str]] = None) -> dict:
    """The environment for executed code.

    `inherit_env=True` copies this process's environment (0.2's behaviour); `False` keeps only the few variables
    interpreters need (PATH, HOME, locale, temp dirs); an iterable of names keeps those names plus that minimum.
    `extra_env` is laid on top.
    """
    if inherit_env is True:
        env = dict(os.environ)
    else:
        keep = set(_ESSENTIAL_ENV)
        if inherit_env is not False:
            keep.update(inherit_env)
        env = {k: v for k, v in os.environ.items() if k in keep}
    if extra_env:
        env.update({str(k): str(v) for k, v in extra_env.items()})
    return env


class _BoundedCapture:
    """Collects a byte stream keeping at most `limit` bytes: the first half and the most recent half."""

    def __init__(self, limit: int) -> None:
        self._head_limit = limit // 2
        self._tail_limit = limit - self._head_limit
        self._head = bytearray()
        self._tail = bytearray()
        self.total = 0

    def feed(self, data: bytes) -> None:
        self.total += len(data)
        room = self._head_limit - len(self._head)
        if room > 0:
            self._head += data[:room]
            data = data[room:]
        if data:
            self._tail += data
            excess = len(self._tail) - self._tail_limit
            if excess > 0:
                del self._tail[:excess]

    def text(self) -> str:
        head = self._head.decode("utf-8", errors="replace")
        dropped = self.total - len(self._head) - len(self._tail)
        if dropped <= 0:
            return head + self._tail.decode("utf-8", errors="replace")
        note = (
            f"\n[... output truncated: {dropped} bytes omitted out of {self.total}; "
            f"only the first and last {self._head_limit} bytes are kept ...]\n"
        )
        return head + note + self._tail.decode("utf-8", errors="replace")


def _drain(pipe: IO[bytes], sink: _BoundedCapture) -> None:
    """Read a pipe to its end so the child never blocks on a full pipe."""
    try:
        while True:
            chunk = pipe.read1(_CHUNK) if hasattr(pipe, "read1") else pipe.read(_CHUNK)
            if not chunk:
                break
            sink.feed(chunk)
    except (OSError, ValueError):  # pipe closed under us: nothing more to read
        pass


def _kill_tree(proc: subprocess.Popen) -> None:
    """Kill the process group the command runs in (the child and everything it started)."""
    if _IS_WINDOWS:  # pragma: no cover - exercised on Windows only
        subprocess.run(
            ["taskkill", "/F", "/T", "/PID", str(proc.pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        proc.kill()
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _start(cmd: Sequence[str], cwd: Optional[str], env: Optional[Mapping[str, str]]) -> subprocess.Popen:
    kwargs: dict = {}
    if _IS_WINDOWS:  # pragma: no cover
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        kwargs["start_new_session"] = True
    return subprocess.Popen(
        list(cmd),
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def run_process(
    cmd: Sequence[str],
    *,
    cwd: Optional[Union[str, os.PathLike]] = None,
    env: Optional[Mapping[str, str]] = None,
    timeout: Optional[float] = None,
    max_output_bytes: int = DEFAULT_MAX_OUTPUT_BYTES,
) -> ProcessOutcome:
    """Run `cmd` to completion or until `timeout` seconds pass, whichever comes first.

    Raises what `subprocess.Popen` raises when the command cannot be started (e.g. FileNotFoundError).
    """
    proc = _start(cmd, os.fspath(cwd) if cwd is not None else None, env)
    captures = [_BoundedCapture(max_output_bytes), _BoundedCapture(max_output_bytes)]
    readers: List[threading.Thread] = []
    for pipe, sink in zip((proc.stdout, proc.stderr), captures):
        reader = threading.Thread(target=_drain, args=(pipe, sink), daemon=True, name="autogen-output-reader")
        reader.start()
        readers.append(reader)
    timed_out = False
    finished = False
    try:
        proc.wait(timeout=timeout)
        finished = True
    except subprocess.TimeoutExpired:
        timed_out = True
    finally:
        if not finished:  # out of time, or interrupted (KeyboardInterrupt...): the whole tree goes
            _kill_tree(proc)
            proc.wait()
        _finish_reading(proc, readers)
    stdout, stderr = (c.text() for c in captures)
    return ProcessOutcome(returncode=proc.returncode, stdout=stdout, stderr=stderr, timed_out=timed_out)


def _finish_reading(proc: subprocess.Popen, readers: List[threading.Thread]) -> None:
    """Wait for the readers to reach end of file, then close the pipes.

    A background process that still holds the output pipes after the command ended would keep us waiting
    forever (0.2 then hung until its timeout): after a short grace it is killed with the rest of the group.
    Background processes that redirected their output (deliberate daemons) are left alone, as in 0.2.
    """
    deadline = time.monotonic() + _PIPE_GRACE_SECONDS
    for reader in readers:
        reader.join(timeout=max(0.0, deadline - time.monotonic()))
    if any(reader.is_alive() for reader in readers):
        _kill_tree(proc)
    for reader, pipe in zip(readers, (proc.stdout, proc.stderr)):
        reader.join(timeout=10)
        # Still blocked: a process escaped the group (e.g. its own setsid) and holds the pipe. Closing under a
        # blocked read would hang, so that pipe is left to the garbage collector.
        if pipe is not None and not reader.is_alive():
            pipe.close()
