"""Run one command with a deadline, bounded output capture and whole-tree cleanup.

Every executor that starts a local process goes through `run_process`, so the guarantees live in one place:
the command runs in its own process group (POSIX session / Windows process group); on timeout or interrupt
the whole group is killed, not just the direct child; a background child that keeps the output pipes open
after the command ended is killed instead of hanging the caller (one that left the group is cut off: our ends of
the pipes are closed); stdout and stderr are read together (no pipe deadlock) and kept to a bounded size, with the
cut said plainly in the text. The call returns the moment the command has exited and its output is in: on POSIX
one selector watches both pipes and the exit (a pidfd on Linux), against one deadline; nothing polls.
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import IO, Callable, Iterable, Mapping, Optional, Sequence, Tuple, Union

__all__ = ("DEFAULT_MAX_OUTPUT_BYTES", "ProcessOutcome", "build_env", "run_process")

#: Per stream: output beyond this is dropped from the middle (the head and the tail are kept).
DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024

_CHUNK = 64 * 1024
# How long the output pipes may stay open after the command itself exited (background children holding them).
_PIPE_GRACE_SECONDS = 1.0
# After killing the group: how long to collect what is still buffered in the pipes before closing them.
_DRAIN_AFTER_KILL_SECONDS = 0.25
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

    Returns as soon as the command has exited and its output is read: nothing here sleeps or polls.
    Raises what `subprocess.Popen` raises when the command cannot be started (e.g. FileNotFoundError).
    """
    proc = _start(cmd, os.fspath(cwd) if cwd is not None else None, env)
    deadline = None if timeout is None else time.monotonic() + timeout
    out, err = _BoundedCapture(max_output_bytes), _BoundedCapture(max_output_bytes)
    collect = _collect_with_threads if _IS_WINDOWS else _collect_with_selector
    exited_in_time = collect(proc, (out, err), deadline)
    return ProcessOutcome(
        returncode=proc.returncode, stdout=out.text(), stderr=err.text(), timed_out=not exited_in_time
    )


def _exit_descriptor(proc: subprocess.Popen) -> Tuple[int, Callable[[], None]]:
    """A descriptor that turns readable the moment `proc` exits, and the function that releases it.

    Linux hands one out directly (a pidfd). Elsewhere a helper thread blocks in waitpid and writes a byte to a
    pipe when it returns; releasing joins that thread, so call the release only once the process is gone.
    """
    if hasattr(os, "pidfd_open"):
        try:
            pidfd = os.pidfd_open(proc.pid)
        except OSError:  # a kernel before 5.3
            pass
        else:
            return pidfd, lambda: os.close(pidfd)
    read_end, write_end = os.pipe()

    def wait_and_tell() -> None:
        proc.wait()
        os.write(write_end, b"!")

    waiter = threading.Thread(target=wait_and_tell, daemon=True, name="autogen-process-waiter")
    waiter.start()

    def release() -> None:
        waiter.join()
        os.close(read_end)
        os.close(write_end)

    return read_end, release


def _pump(selector: selectors.BaseSelector, limit: Optional[float], exit_fd: Optional[int]) -> bool:
    """Move output into the captures until every pipe has closed and (with `exit_fd`) the process has exited.

    `limit` is a `time.monotonic()` instant (None: no limit). Once the exit is seen, the pipes get at most
    `_PIPE_GRACE_SECONDS` more: a background child that inherited them must not hold the caller. Returns whether
    the exit was seen; without `exit_fd`, whether every pipe reached its end.
    """
    exited = exit_fd is None
    while not exited or selector.get_map():  # once the exit is seen, only pipes are registered
        wait = None if limit is None else limit - time.monotonic()
        if wait is not None and wait <= 0:
            break
        for key, _ in selector.select(wait):
            if key.fd == exit_fd:
                selector.unregister(exit_fd)
                exited = True
                limit = time.monotonic() + _PIPE_GRACE_SECONDS
                continue
            try:
                chunk = os.read(key.fd, _CHUNK)
            except BlockingIOError:  # woken without data: select again
                continue
            if chunk:
                key.data.feed(chunk)
            else:
                selector.unregister(key.fd)
    return exited if exit_fd is not None else not selector.get_map()


def _collect_with_selector(
    proc: subprocess.Popen, captures: Tuple[_BoundedCapture, _BoundedCapture], deadline: Optional[float]
) -> bool:
    """POSIX: read both pipes and watch for the exit in this thread, one deadline for all. True: exited in time.

    Out of time (or interrupted), the whole process group is killed. A group member still holding the pipes
    after the command ended is killed too; one that left the group (setsid) cannot be reached, so its end of the
    pipes is simply abandoned: we close ours. Daemons that redirected their output are left alone, as in 0.2.
    """
    exit_fd, release_exit_fd = _exit_descriptor(proc)
    pipes = [p for p in (proc.stdout, proc.stderr) if p is not None]
    exited = False
    with selectors.DefaultSelector() as selector:
        try:
            for pipe, sink in zip(pipes, captures):
                os.set_blocking(pipe.fileno(), False)
                selector.register(pipe.fileno(), selectors.EVENT_READ, sink)
            selector.register(exit_fd, selectors.EVENT_READ)
            exited = _pump(selector, deadline, exit_fd)
            if len(selector.get_map()) > (0 if exited else 1):  # out of time, or someone holds the pipes
                _kill_tree(proc)
                if not exited:
                    selector.unregister(exit_fd)
                _pump(selector, time.monotonic() + _DRAIN_AFTER_KILL_SECONDS, None)
        finally:
            if not exited:  # out of time, or an exception (KeyboardInterrupt...) while reading
                _kill_tree(proc)
            for pipe in pipes:
                pipe.close()
            proc.wait()
            release_exit_fd()
    return exited


def _drain(pipe: IO[bytes], sink: _BoundedCapture) -> None:  # pragma: no cover - Windows only
    """Read a pipe to its end (Windows pipes cannot be selected on, so each gets a thread)."""
    try:
        for chunk in iter(lambda: pipe.read1(_CHUNK), b""):
            sink.feed(chunk)
    except (OSError, ValueError):  # closed under us
        pass


def _collect_with_threads(  # pragma: no cover - Windows only
    proc: subprocess.Popen, captures: Tuple[_BoundedCapture, _BoundedCapture], deadline: Optional[float]
) -> bool:
    """Windows: one reader thread per pipe; the wait itself wakes at the exit (no polling there)."""
    pipes = [p for p in (proc.stdout, proc.stderr) if p is not None]
    readers = [threading.Thread(target=_drain, args=pair, daemon=True) for pair in zip(pipes, captures)]
    for reader in readers:
        reader.start()
    exited = False
    try:
        proc.wait(timeout=None if deadline is None else max(0.0, deadline - time.monotonic()))
        exited = True
    except subprocess.TimeoutExpired:
        pass
    finally:
        if not exited:
            _kill_tree(proc)
            proc.wait()
        limit = time.monotonic() + _PIPE_GRACE_SECONDS
        for reader in readers:
            reader.join(max(0.0, limit - time.monotonic()))
        if any(reader.is_alive() for reader in readers):
            _kill_tree(proc)
        for pipe in pipes:
            pipe.close()
    return exited
