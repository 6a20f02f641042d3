"""SqliteLogger from several real processes, and across a SIGKILL in the middle of a run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from typing import Any

import pytest

WRITER = textwrap.dedent(
    """
    import sys
    import autogen.runtime_logging as runtime_logging

    dbname, count, tag = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    runtime_logging.start(config={"dbname": dbname})
    print("ready", flush=True)
    sys.stdin.readline()  # wait for "go", so that concurrent writers really overlap
    i = 0
    while count < 0 or i < count:
        runtime_logging.log_event(tag, "tick", i=i)
        runtime_logging.log_chat_completion(
            f"{tag}-{i}", 1, 2, tag, {"messages": []}, {"n": i}, 0, 0.0, "2024-01-01 00:00:00.000000"
        )
        i += 1
        print(i, flush=True)  # both rows above are committed when this line is printed
    runtime_logging.stop()
    """
)


def _start_writer(db: str, count: int, tag: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, db, str(count), tag],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "ready\n", proc.stderr.read() if proc.stderr else ""
    return proc


def _go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()


def test_two_processes_log_into_one_file(tmp_path: Any) -> None:
    db = str(tmp_path / "shared.db")
    writers = [_start_writer(db, 300, tag) for tag in ("proc-a", "proc-b")]
    for w in writers:
        _go(w)
    for w in writers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        assert "Error running query" not in err, err
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = dict(con.execute("SELECT source_name, count(*) FROM events GROUP BY source_name").fetchall())
        assert counts == {"proc-a": 300, "proc-b": 300}
        assert con.execute("SELECT count(*) FROM chat_completions").fetchone()[0] == 600
        assert con.execute("SELECT count(DISTINCT session_id) FROM chat_completions").fetchone()[0] == 2
        assert con.execute("SELECT * FROM version").fetchall() == [(1, 1)]
    finally:
        con.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_mid_run_keeps_every_committed_row(tmp_path: Any) -> None:
    db = str(tmp_path / "killed.db")
    writer = _start_writer(db, -1, "victim")
    _go(writer)
    assert writer.stdout is not None
    confirmed = 0
    try:
        while confirmed < 200:
            line = writer.stdout.readline()
            assert line, writer.stderr.read() if writer.stderr else "writer exited early"
            confirmed = int(line)
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=60)
        writer.stdout.close()
        if writer.stdin is not None:
            writer.stdin.close()
        if writer.stderr is not None:
            writer.stderr.close()
    assert writer.returncode == -signal.SIGKILL
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        completions = con.execute("SELECT count(*) FROM chat_completions").fetchone()[0]
        assert events >= confirmed and completions >= confirmed
        ids = [r[0] for r in con.execute("SELECT json_extract(json_state, '$.i') FROM events ORDER BY id")]
        assert ids == list(range(len(ids)))  # no gaps: every row written before the crash is there
    finally:
        con.close()
