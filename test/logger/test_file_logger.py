"""FileLogger: JSON lines in ./autogen_logs, secrets kept out, lines on disk as soon as they are logged."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import uuid
from typing import Any, Dict, Iterator, List

import pytest

from autogen.logger import FileLogger

SECRET_KEY = "sk-TOPSECRET-0123456789abcdefXYZ"
SECRET_TOKEN = "eyJhbGciOiJIUzI1NiJ9.TOPSECRET-token-value"


class Named:
    def __init__(self, name: str) -> None:
        self.name = name


def dummy_function(foo: str) -> bool:
    return True


@pytest.fixture
def file_logger(in_tmp_cwd: Any) -> Iterator[FileLogger]:
    lg = FileLogger({"filename": "test.log"})
    lg.start()
    yield lg
    lg.stop()


def records(lg: FileLogger) -> List[Dict[str, Any]]:
    with open(lg.log_file, encoding="utf-8") as f:
        lines = f.read().splitlines()
    return [json.loads(line) for line in lines[1:]]


def test_file_lives_in_autogen_logs_of_cwd(in_tmp_cwd: Any) -> None:
    lg = FileLogger({})
    try:
        assert lg.log_file == os.path.join(str(in_tmp_cwd), "autogen_logs", "runtime.log")
        assert os.path.isfile(lg.log_file)
    finally:
        lg.stop()


def test_start_writes_session_line(file_logger: FileLogger) -> None:
    with open(file_logger.log_file, encoding="utf-8") as f:
        first = f.readline()
    assert first == f"Started new session with Session ID: {file_logger.session_id}\n"
    assert uuid.UUID(file_logger.session_id).version == 4


def test_chat_completion_line(file_logger: FileLogger) -> None:
    invocation_id = uuid.uuid4()
    request = {"model": "gpt-4", "messages": [{"role": "user", "content": "hi"}]}
    file_logger.log_chat_completion(invocation_id, 1, 2, Named("TestAgent"), request, {"a": 1}, 1, 0.25, "t0")
    file_logger.log_chat_completion(invocation_id, 1, 2, "a string", request, "error", 0, 0.0, "t0")
    first, second = records(file_logger)
    assert set(first) == {
        "invocation_id",
        "client_id",
        "wrapper_id",
        "request",
        "response",
        "is_cached",
        "cost",
        "start_time",
        "end_time",
        "thread_id",
        "source_name",
    }
    assert first["invocation_id"] == str(invocation_id)
    assert first["request"] == request
    assert first["response"] == str({"a": 1})
    assert (first["is_cached"], first["cost"], first["start_time"]) == (1, 0.25, "t0")
    assert first["thread_id"] == threading.get_ident()
    assert first["source_name"] == "TestAgent"
    assert second["source_name"] == "unknown"


def test_new_agent_line(file_logger: FileLogger) -> None:
    agent = Named("alice")
    file_logger.log_new_agent(agent, {"self": agent, "name": "alice", "llm_config": {"api_key": SECRET_KEY}})
    (rec,) = records(file_logger)
    assert rec["id"] == id(agent)
    assert rec["agent_name"] == "alice"
    assert rec["agent_type"] == "Named"
    assert rec["session_id"] == file_logger.session_id
    assert rec["args"] == {"name": "alice", "llm_config": {}}
    assert {"wrapper_id", "current_time", "thread_id"} <= set(rec)


def test_new_agent_init_args_are_optional(file_logger: FileLogger, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR):
        file_logger.log_new_agent(Named("bob"))
    (rec,) = records(file_logger)
    assert (rec["agent_name"], rec["args"]) == ("bob", {})
    assert "Failed" not in caplog.text


def test_event_line(file_logger: FileLogger) -> None:
    source = Named("src")
    file_logger.log_event(source, "received_message", message="hi", valid=True)
    (rec,) = records(file_logger)
    assert (rec["source_id"], rec["source_name"], rec["event_name"]) == (id(source), "src", "received_message")
    assert json.loads(rec["json_state"]) == {"message": "hi", "valid": True}
    assert {"timestamp", "thread_id"} <= set(rec)


def test_wrapper_line_without_init_args(file_logger: FileLogger) -> None:
    wrapper = object()
    file_logger.log_new_wrapper(wrapper)  # init_args is optional, as in 0.2
    (record,) = records(file_logger)
    assert (record["wrapper_id"], json.loads(record["json_state"])) == (id(wrapper), {})


def test_wrapper_and_client_lines(file_logger: FileLogger) -> None:
    wrapper, client = object(), Named("client")
    config = {"model": "gpt-4", "api_key": SECRET_KEY, "api_version": "v1"}
    file_logger.log_new_wrapper(wrapper, {"self": wrapper, "config_list": [config], "base_config": {}})
    file_logger.log_new_client(client, wrapper, config)
    wrapper_rec, client_rec = records(file_logger)
    assert wrapper_rec["wrapper_id"] == id(wrapper)
    assert json.loads(wrapper_rec["json_state"]) == {
        "config_list": [{"model": "gpt-4", "api_version": "v1"}],
        "base_config": {},
    }
    assert (client_rec["client_id"], client_rec["wrapper_id"], client_rec["class"]) == (
        id(client),
        id(wrapper),
        "Named",
    )
    assert json.loads(client_rec["json_state"]) == {"model": "gpt-4", "api_version": "v1"}


def test_function_use_line(file_logger: FileLogger) -> None:
    agent = Named("TestAgent")
    file_logger.log_function_use(agent, dummy_function, {"foo": "bar"}, True)
    (rec,) = records(file_logger)
    assert rec["source_id"] == id(agent) and rec["source_name"] == "TestAgent"
    assert rec["input_args"] == json.dumps({"foo": "bar"})
    assert rec["returns"] == json.dumps(True)
    assert {"agent_module", "agent_class", "timestamp", "thread_id"} <= set(rec)


def test_no_secret_reaches_the_file(file_logger: FileLogger) -> None:
    headers = {"Authorization": f"Bearer {SECRET_TOKEN}"}
    config = {"model": "gpt-4", "api_key": SECRET_KEY, "default_headers": headers}
    wrapper, agent = object(), Named("a")
    file_logger.log_new_wrapper(wrapper, {"config_list": [config], "base_config": {}})
    file_logger.log_new_client(object(), wrapper, config)
    file_logger.log_new_agent(agent, {"llm_config": {"config_list": [config]}})
    file_logger.log_event(agent, "e", message=f"key {SECRET_KEY}")
    file_logger.log_function_use(agent, dummy_function, {"x": SECRET_KEY}, SECRET_TOKEN)
    file_logger.log_chat_completion("i", 1, 2, agent, {"extra_headers": headers}, f"401 {SECRET_KEY}", 0, 0, "t")
    with open(file_logger.log_file, encoding="utf-8") as f:
        content = f.read()
    assert SECRET_KEY not in content and SECRET_TOKEN not in content
    assert len(content.splitlines()) == 7


def test_two_file_loggers_write_only_their_own_files(in_tmp_cwd: Any) -> None:
    first, second = FileLogger({"filename": "one.log"}), FileLogger({"filename": "two.log"})
    first.start()
    second.start()
    first.log_event("x", "only-in-one")
    second.log_event("y", "only-in-two")
    first.stop()
    second.stop()
    assert [r["event_name"] for r in records(first)] == ["only-in-one"]
    assert [r["event_name"] for r in records(second)] == ["only-in-two"]


def test_stop_detaches_the_handler(in_tmp_cwd: Any) -> None:
    lg = FileLogger({"filename": "stopped.log"})
    lg.start()
    handlers_before = list(lg.logger.handlers)
    lg.stop()
    assert len(lg.logger.handlers) == len(handlers_before) - 1
    assert lg.get_connection() is None
    lg.stop()  # idempotent


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_lines_survive_sigkill(in_tmp_cwd: Any) -> None:
    script = textwrap.dedent(
        """
        import autogen.runtime_logging as runtime_logging

        runtime_logging.start(logger_type="file", config={"filename": "killed.log"})
        i = 0
        while True:
            runtime_logging.log_event("victim", "tick", i=i)
            i += 1
            print(i, flush=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    confirmed = 0
    try:
        while confirmed < 100:
            line = proc.stdout.readline()
            assert line, "writer exited early"
            confirmed = int(line)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        proc.stdout.close()
    with open(os.path.join("autogen_logs", "killed.log"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    ticks = [json.loads(line) for line in lines[1:] if line.startswith("{")]
    assert len(ticks) >= confirmed
    assert [json.loads(t["json_state"])["i"] for t in ticks[:confirmed]] == list(range(confirmed))


class BrokenName:
    @property
    def name(self) -> str:
        raise RuntimeError("name unavailable")


def test_failure_while_building_a_line_is_logged_not_raised(
    file_logger: FileLogger, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="autogen.logger.file_logger"):
        file_logger.log_new_agent(BrokenName(), {})
        file_logger.log_function_use(BrokenName(), dummy_function, {}, None)
    assert caplog.text.count("[file_logger] Failed to log") == 2
    assert records(file_logger) == []
