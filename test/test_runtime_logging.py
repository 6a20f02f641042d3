"""autogen.runtime_logging: the process-wide switch and its forwarders."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

import autogen
import autogen.runtime_logging as runtime_logging
from autogen.logger import FileLogger, SqliteLogger
from autogen.logger.base_logger import BaseLogger


class RecordingLogger(BaseLogger):
    """A BaseLogger that records the calls it receives."""

    def __init__(self) -> None:
        self.calls: List[Tuple[str, Tuple[Any, ...], Dict[str, Any]]] = []

    def _record(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.calls.append((name, args, kwargs))

    def start(self) -> str:
        self._record("start")
        return "session-1"

    def log_chat_completion(self, *args: Any) -> None:  # type: ignore[override]
        self._record("log_chat_completion", *args)

    def log_new_agent(self, agent: Any, init_args: Dict[str, Any]) -> None:
        self._record("log_new_agent", agent, init_args)

    def log_event(self, source: Any, name: str, **kwargs: Any) -> None:
        self._record("log_event", source, name, **kwargs)

    def log_new_wrapper(self, wrapper: Any, init_args: Dict[str, Any]) -> None:
        self._record("log_new_wrapper", wrapper, init_args)

    def log_new_client(self, client: Any, wrapper: Any, init_args: Dict[str, Any]) -> None:
        self._record("log_new_client", client, wrapper, init_args)

    def log_function_use(self, source: Any, function: Any, args: Dict[str, Any], returns: Any) -> None:
        self._record("log_function_use", source, function, args, returns)

    def stop(self) -> None:
        self._record("stop")

    def get_connection(self) -> Optional[sqlite3.Connection]:
        return None


class FailingLogger(RecordingLogger):
    def start(self) -> str:
        raise RuntimeError("cannot start")


@pytest.fixture(autouse=True)
def _logging_off() -> Iterator[None]:
    yield
    runtime_logging.stop()
    runtime_logging.autogen_logger = None


def test_disabled_by_default_state() -> None:
    runtime_logging.autogen_logger = None
    runtime_logging.is_logging = False
    assert runtime_logging.logging_enabled() is False


def test_start_with_sqlite_config_returns_session_and_enables() -> None:
    session_id = runtime_logging.start(config={"dbname": ":memory:"})
    assert uuid.UUID(session_id).version == 4
    assert runtime_logging.logging_enabled() is True
    assert isinstance(runtime_logging.autogen_logger, SqliteLogger)
    assert isinstance(runtime_logging.get_connection(), sqlite3.Connection)


def test_start_file_logger(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runtime_logging.start(logger_type="file", config={"filename": "rt.log"})
    assert isinstance(runtime_logging.autogen_logger, FileLogger)
    assert runtime_logging.get_connection() is None
    runtime_logging.autogen_logger.stop()


def test_stop_disables_but_keeps_logger() -> None:
    recorder = RecordingLogger()
    runtime_logging.start(logger=recorder)
    runtime_logging.stop()
    assert runtime_logging.logging_enabled() is False
    assert runtime_logging.autogen_logger is recorder
    assert [c[0] for c in recorder.calls] == ["start", "stop"]


def test_forwarders_pass_arguments_through() -> None:
    recorder = RecordingLogger()
    assert runtime_logging.start(logger=recorder) == "session-1"
    agent, wrapper, client = object(), object(), object()
    runtime_logging.log_chat_completion("inv", 1, 2, agent, {"r": 1}, "resp", 0, 0.1, "t0")
    runtime_logging.log_new_agent(agent, {"a": 1})
    runtime_logging.log_event(agent, "evt", x=1)
    runtime_logging.log_function_use(agent, len, {"y": 2}, 3)
    runtime_logging.log_new_wrapper(wrapper, {"w": 1})
    runtime_logging.log_new_client(client, wrapper, {"c": 1})
    assert recorder.calls[1:] == [
        ("log_chat_completion", ("inv", 1, 2, agent, {"r": 1}, "resp", 0, 0.1, "t0"), {}),
        ("log_new_agent", (agent, {"a": 1}), {}),
        ("log_event", (agent, "evt"), {"x": 1}),
        ("log_function_use", (agent, len, {"y": 2}, 3), {}),
        ("log_new_wrapper", (wrapper, {"w": 1}), {}),
        ("log_new_client", (client, wrapper, {"c": 1}), {}),
    ]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("log_chat_completion", ("i", 1, 2, None, {}, None, 0, 0.0, "t")),
        ("log_new_agent", (None, {})),
        ("log_event", (None, "e")),
        ("log_function_use", (None, len, {}, None)),
        ("log_new_wrapper", (None, {})),
        ("log_new_client", (None, None, {})),
        ("get_connection", ()),
    ],
)
def test_forwarder_without_logger_logs_error(
    name: str, args: Tuple[Any, ...], caplog: pytest.LogCaptureFixture
) -> None:
    runtime_logging.autogen_logger = None
    with caplog.at_level(logging.ERROR, logger="autogen.runtime_logging"):
        assert getattr(runtime_logging, name)(*args) is None
    assert f"[runtime logging] {name}: autogen logger is None" in caplog.text


def test_start_failure_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="autogen.runtime_logging"):
        runtime_logging.start(logger=FailingLogger())
    assert runtime_logging.logging_enabled() is False
    assert "cannot start" in caplog.text


def test_autogen_logger_attribute_stays_a_logger_after_start() -> None:
    runtime_logging.start(config={"dbname": ":memory:"})
    assert isinstance(autogen.logger, logging.Logger)
    assert autogen.logger is logging.getLogger("autogen")
    autogen.logger.info("logging still works after runtime_logging.start()")


@pytest.mark.parametrize(
    "statement",
    [
        "import autogen.runtime_logging as r; r.start(config={'dbname': ':memory:'})",
        "import autogen.logger.logger_utils",
        "import autogen.logger.sqlite_logger",
        "import autogen.logger",
        "from autogen.logger import SqliteLogger",
        "from autogen.logger.file_logger import FileLogger",
    ],
)
def test_autogen_logger_attribute_in_fresh_process(statement: str) -> None:
    script = textwrap.dedent(
        f"""
        import logging
        import autogen
        {statement}
        import sys
        assert isinstance(autogen.logger, logging.Logger), type(autogen.logger)
        assert sys.modules["autogen.logger"].SqliteLogger.__name__ == "SqliteLogger"
        autogen.logger.info("ok")
        print("fine")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "fine"
