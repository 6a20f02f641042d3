"""OpenAIWrapper's runtime-logging hooks, and that API keys never reach the log."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

from autogen import runtime_logging
from autogen.logger.base_logger import BaseLogger
from autogen.oai.client import OpenAIWrapper
from autogen.testing import Reply

MESSAGES = [{"role": "user", "content": "Log me."}]


class RecordingLogger(BaseLogger):
    """A user-defined logger that keeps every call."""

    def __init__(self) -> None:
        self.calls: List[Tuple[str, Any]] = []

    def start(self) -> str:
        return "session"

    def log_chat_completion(self, *args: Any) -> None:
        self.calls.append(("chat_completion", args))

    def log_new_agent(self, agent: Any, init_args: Dict[str, Any]) -> None:
        self.calls.append(("new_agent", init_args))

    def log_event(self, source: Any, name: str, **kwargs: Any) -> None:
        self.calls.append(("event", kwargs))

    def log_new_wrapper(self, wrapper: Any, init_args: Dict[str, Any]) -> None:
        self.calls.append(("new_wrapper", init_args))

    def log_new_client(self, client: Any, wrapper: Any, init_args: Dict[str, Any]) -> None:
        self.calls.append(("new_client", (client, wrapper, init_args)))

    def log_function_use(self, source: Any, function: Any, args: Dict[str, Any], returns: Any) -> None:
        self.calls.append(("function_use", args))

    def stop(self) -> None:
        pass

    def get_connection(self) -> Optional[sqlite3.Connection]:
        return None

    def of(self, kind: str) -> List[Any]:
        return [payload for name, payload in self.calls if name == kind]


class EchoClient:
    def __init__(self, config: Dict[str, Any]) -> None:
        self.config = config

    def create(self, params: Dict[str, Any]) -> Any:
        message = SimpleNamespace(content="echo", function_call=None)
        return SimpleNamespace(choices=[SimpleNamespace(message=message)], model=params["model"])

    def message_retrieval(self, response: Any) -> List[str]:
        return [c.message.content for c in response.choices]

    def cost(self, response: Any) -> float:
        return 0.0

    @staticmethod
    def get_usage(response: Any) -> Dict[str, Any]:
        return {}


@pytest.fixture
def recorder() -> Iterator[RecordingLogger]:
    logger = RecordingLogger()
    runtime_logging.start(logger=logger)
    try:
        yield logger
    finally:
        runtime_logging.stop()


def test_wrapper_client_and_completion_are_logged(llm_server, recorder: RecordingLogger, in_tmp_dir) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list())
    client.create(messages=MESSAGES)
    client.create(messages=MESSAGES)  # cache hit
    assert len(recorder.of("new_wrapper")) == 1
    (new_client,) = recorder.of("new_client")
    assert new_client[1] is client
    completions = recorder.of("chat_completion")
    assert [c[6] for c in completions] == [0, 1]  # is_cached
    invocation_id, client_id, wrapper_id, agent, request, response, is_cached, cost, start_time = completions[0]
    assert wrapper_id == id(client) and client_id == id(client._clients[0])
    assert request["messages"] == MESSAGES and cost == response.cost
    assert completions[0][0] != completions[1][0]
    assert len(start_time) == len("2024-01-01 00:00:00.000000")


def test_failed_config_is_logged_with_error_code(llm_server, recorder: RecordingLogger) -> None:
    llm_server.script(Reply.error(500), Reply.text("ok"))
    config_list = llm_server.config_list(max_retries=0) + llm_server.config_list(model="gpt-4o", max_retries=0)
    OpenAIWrapper(config_list=config_list, cache_seed=None).create(messages=MESSAGES)
    first, second = recorder.of("chat_completion")
    assert first[5] == "error_code:server_error, config 0 failed" and first[7] == 0
    assert second[4]["model"] == "gpt-4o"


def test_api_keys_are_redacted_in_log_records(llm_server, recorder: RecordingLogger) -> None:
    secret = llm_server.api_key
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None)
    client.create(messages=MESSAGES)
    custom = OpenAIWrapper(
        config_list=[{"model": "m", "model_client_cls": "EchoClient", "aws_secret_key": "aws-secret-value"}],
        cache_seed=None,
    )
    custom.register_model_client(EchoClient)
    custom.create(messages=MESSAGES)
    flat = repr([payload for name, payload in recorder.calls if name != "new_client"])
    flat += repr([payload[2] for payload in recorder.of("new_client")])
    assert secret not in flat and "aws-secret-value" not in flat
    assert "**********" in flat


def test_sqlite_log_holds_no_api_key(llm_server, tmp_path: Path) -> None:
    db = tmp_path / "runtime.db"
    runtime_logging.start(logger_type="sqlite", config={"dbname": str(db)})
    try:
        OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None).create(messages=MESSAGES)
    finally:
        runtime_logging.stop()
    dump = "\n".join(sqlite3.connect(str(db)).iterdump())
    assert "Log me." in dump
    assert llm_server.api_key not in dump


def test_nothing_logged_when_logging_is_off(llm_server, llm_config) -> None:
    logger = RecordingLogger()
    runtime_logging.start(logger=logger)
    runtime_logging.stop()
    OpenAIWrapper(**llm_config).create(messages=MESSAGES)
    assert logger.calls == []
