"""SqliteLogger: 0.2's schema and rows, secrets kept out, robustness of the file under concurrency and crashes."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import uuid
from typing import Any, Dict, Iterator, List

import pytest

from autogen.logger import SqliteLogger

# Credentials that must never show up in any log written by these tests.
SECRET_KEY = "sk-TOPSECRET-0123456789abcdefXYZ"
SECRET_TOKEN = "eyJhbGciOiJIUzI1NiJ9.TOPSECRET-token-value"

EXPECTED_SCHEMA = {
    "chat_completions": [
        ("id", "INTEGER"),
        ("invocation_id", "TEXT"),
        ("client_id", "INTEGER"),
        ("wrapper_id", "INTEGER"),
        ("session_id", "TEXT"),
        ("source_name", "TEXT"),
        ("request", "TEXT"),
        ("response", "TEXT"),
        ("is_cached", "INEGER"),
        ("cost", "REAL"),
        ("start_time", "DATETIME"),
        ("end_time", "DATETIME"),
    ],
    "agents": [
        ("id", "INTEGER"),
        ("agent_id", "INTEGER"),
        ("wrapper_id", "INTEGER"),
        ("session_id", "TEXT"),
        ("name", "TEXT"),
        ("class", "TEXT"),
        ("init_args", "TEXT"),
        ("timestamp", "DATETIME"),
    ],
    "oai_wrappers": [
        ("id", "INTEGER"),
        ("wrapper_id", "INTEGER"),
        ("session_id", "TEXT"),
        ("init_args", "TEXT"),
        ("timestamp", "DATETIME"),
    ],
    "oai_clients": [
        ("id", "INTEGER"),
        ("client_id", "INTEGER"),
        ("wrapper_id", "INTEGER"),
        ("session_id", "TEXT"),
        ("class", "TEXT"),
        ("init_args", "TEXT"),
        ("timestamp", "DATETIME"),
    ],
    "version": [("id", "INTEGER"), ("version_number", "INTEGER")],
    "events": [
        ("event_name", "TEXT"),
        ("source_id", "INTEGER"),
        ("source_name", "TEXT"),
        ("agent_module", "TEXT"),
        ("agent_class_name", "TEXT"),
        ("id", "INTEGER"),
        ("json_state", "TEXT"),
        ("timestamp", "DATETIME"),
    ],
    "function_calls": [
        ("source_id", "INTEGER"),
        ("source_name", "TEXT"),
        ("function_name", "TEXT"),
        ("args", "TEXT"),
        ("returns", "TEXT"),
        ("timestamp", "DATETIME"),
    ],
}


class Named:
    """Any object with a `name`, the way an agent looks to the logger."""

    def __init__(self, name: str, wrapper_id: Any = None) -> None:
        self.name = name
        if wrapper_id is not None:
            self.client = type("Client", (), {"wrapper_id": wrapper_id})()


def dummy_function(foo: str) -> bool:
    return True


@pytest.fixture
def logger() -> Iterator[SqliteLogger]:
    lg = SqliteLogger({"dbname": ":memory:"})
    lg.start()
    yield lg
    lg.stop()


@pytest.fixture
def db_file(tmp_path: Any) -> str:
    return str(tmp_path / "logs.db")


def rows(con: sqlite3.Connection, query: str) -> List[sqlite3.Row]:
    con.row_factory = sqlite3.Row
    return con.execute(query).fetchall()


def log_chat(lg: SqliteLogger, response: Any, source: Any = "TestAgent", **overrides: Any) -> None:
    args: Dict[str, Any] = {
        "invocation_id": uuid.uuid4(),
        "client_id": 123,
        "wrapper_id": 456,
        "source": source,
        "request": {"model": "gpt-4", "messages": [{"role": "user", "content": "hi"}]},
        "response": response,
        "is_cached": 0,
        "cost": 0.5,
        "start_time": "2024-01-01 00:00:00.000000",
    }
    args.update(overrides)
    lg.log_chat_completion(**args)


def test_schema_matches_02_exactly(logger: SqliteLogger) -> None:
    con = logger.get_connection()
    assert con is not None
    for table, columns in EXPECTED_SCHEMA.items():
        info = con.execute(f"PRAGMA table_info({table})").fetchall()
        assert [(c[1], c[2]) for c in info] == columns, table


def test_version_row_is_one(logger: SqliteLogger) -> None:
    assert logger.get_connection().execute("SELECT id, version_number FROM version").fetchall() == [(1, 1)]


def test_start_returns_uuid4_session_id() -> None:
    lg = SqliteLogger({"dbname": ":memory:"})
    session_id = lg.start()
    lg.stop()
    assert uuid.UUID(session_id).version == 4
    assert session_id == lg.session_id


def test_start_on_unopenable_path_still_returns_session_id(tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    lg = SqliteLogger({"dbname": str(tmp_path / "missing_dir" / "x.db")})
    assert lg.start() == lg.session_id
    log_chat(lg, "ignored")  # logging into a logger that could not start is a no-op, not an error


def test_chat_completion_with_dict_response(logger: SqliteLogger) -> None:
    response = {"id": "chatcmpl-1", "choices": [{"message": {"content": "hello"}}], "usage": {"total_tokens": 3}}
    invocation_id = uuid.uuid4()
    log_chat(logger, response, invocation_id=invocation_id)
    (row,) = rows(logger.get_connection(), "SELECT * FROM chat_completions")
    assert json.loads(row["response"]) == response
    assert row["invocation_id"] == str(invocation_id)
    assert (row["client_id"], row["wrapper_id"], row["is_cached"], row["cost"]) == (123, 456, 0, 0.5)
    assert json.loads(row["request"]) == {"model": "gpt-4", "messages": [{"role": "user", "content": "hi"}]}
    assert row["start_time"] == "2024-01-01 00:00:00.000000"
    assert row["end_time"] >= row["start_time"]
    assert row["session_id"] == logger.session_id
    assert row["source_name"] == "TestAgent"


@pytest.mark.parametrize(
    ("response", "stored"), [(None, {"response": None}), ("error in response", {"response": "error in response"})]
)
def test_chat_completion_with_none_or_text_response(logger: SqliteLogger, response: Any, stored: Any) -> None:
    log_chat(logger, response)
    (row,) = rows(logger.get_connection(), "SELECT response FROM chat_completions")
    assert json.loads(row["response"]) == stored


def test_chat_completion_with_sdk_object_response(logger: SqliteLogger) -> None:
    from openai.types.chat import ChatCompletion

    completion = ChatCompletion.model_validate(
        {
            "id": "c1",
            "object": "chat.completion",
            "created": 1,
            "model": "gpt-4",
            "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hello there"}}
            ],
        }
    )
    log_chat(logger, completion)
    (row,) = rows(logger.get_connection(), "SELECT response FROM chat_completions")
    stored = json.loads(row["response"])
    assert stored["choices"][0]["message"]["content"] == "hello there"
    assert "\n    " in row["response"]  # indented like 0.2


def test_chat_completion_source_name_from_agent_or_none(logger: SqliteLogger) -> None:
    log_chat(logger, "x", source=Named("TestAgent"))
    log_chat(logger, "x", source=None)
    names = [r["source_name"] for r in rows(logger.get_connection(), "SELECT source_name FROM chat_completions")]
    assert names == ["TestAgent", None]


def test_function_use_row(logger: SqliteLogger) -> None:
    agent = Named("TestAgent")
    logger.log_function_use(agent, dummy_function, {"foo": "bar"}, True)
    (row,) = rows(logger.get_connection(), "SELECT * FROM function_calls")
    assert row["source_id"] == id(agent)
    assert row["source_name"] == "TestAgent"
    assert row["function_name"] == "dummy_function"
    assert row["args"] == json.dumps({"foo": "bar"})
    assert row["returns"] == json.dumps(True)


def test_function_use_with_unserialisable_values(logger: SqliteLogger) -> None:
    class HasJson:
        def to_json(self) -> str:
            return '{"a": 1}'

    logger.log_function_use(Named("A"), dummy_function, {"obj": HasJson()}, threading.Lock())
    (row,) = rows(logger.get_connection(), "SELECT args, returns FROM function_calls")
    assert json.loads(row["args"]) == {"obj": '{"a": 1}'}
    assert json.loads(row["returns"]).startswith("<<non-serializable: ")


def test_new_agent_row_and_upsert(logger: SqliteLogger) -> None:
    agent = Named("alice", wrapper_id=789)
    logger.log_new_agent(agent, {"name": "alice", "system_message": "first", "llm_config": False})
    init_args = {"name": "alice", "system_message": "second", "description": None}
    logger.log_new_agent(agent, init_args)
    (row,) = rows(logger.get_connection(), "SELECT * FROM agents")
    assert row["agent_id"] == id(agent)
    assert row["wrapper_id"] == 789
    assert row["name"] == "alice"
    assert row["class"] == "Named"
    assert row["init_args"] == json.dumps(init_args)
    assert uuid.UUID(row["session_id"]).version == 4


def test_new_agent_without_client_or_name(logger: SqliteLogger) -> None:
    nameless = object()
    logger.log_new_agent(nameless, {})
    (row,) = rows(logger.get_connection(), "SELECT wrapper_id, name, class FROM agents")
    assert (row["wrapper_id"], row["name"], row["class"]) == ("", "", "object")


def test_new_agent_drops_self_and_credentials_at_any_depth(logger: SqliteLogger) -> None:
    agent = Named("a")
    llm_config = {
        "config_list": [{"model": "gpt-4", "api_key": SECRET_KEY, "base_url": "http://x", "organization": "org"}],
        "temperature": 0,
    }
    logger.log_new_agent(agent, {"self": agent, "__class__": Named, "name": "a", "llm_config": llm_config})
    (row,) = rows(logger.get_connection(), "SELECT init_args FROM agents")
    assert json.loads(row["init_args"]) == {
        "name": "a",
        "llm_config": {"config_list": [{"model": "gpt-4"}], "temperature": 0},
    }


def test_new_wrapper_is_inserted_once(logger: SqliteLogger) -> None:
    wrapper = object()
    logger.log_new_wrapper(wrapper, {"config_list": [{"model": "m1", "api_key": SECRET_KEY}], "base_config": {}})
    logger.log_new_wrapper(wrapper, {"config_list": [{"model": "other"}], "base_config": {}})
    (row,) = rows(logger.get_connection(), "SELECT * FROM oai_wrappers")
    assert row["wrapper_id"] == id(wrapper)
    assert json.loads(row["init_args"]) == {"config_list": [{"model": "m1"}], "base_config": {}}


def test_new_client_row_for_azure_client(logger: SqliteLogger) -> None:
    from openai import AzureOpenAI

    config = {"api_key": SECRET_KEY, "api_version": "2024-02-01", "azure_endpoint": "https://example.invalid"}
    client = AzureOpenAI(**config)
    wrapper = object()
    logger.log_new_client(client, wrapper, config)
    (row,) = rows(logger.get_connection(), "SELECT * FROM oai_clients")
    assert row["class"] == "AzureOpenAI"
    assert (row["client_id"], row["wrapper_id"]) == (id(client), id(wrapper))
    assert json.loads(row["init_args"]) == {"api_version": "2024-02-01"}


def test_event_from_plain_source(logger: SqliteLogger) -> None:
    source = Named("src")
    logger.log_event(source, "received_message", message={"content": "hi"}, sender="bob", valid=True)
    logger.log_event("a string source", "custom", obj=threading.Lock())
    first, second = rows(logger.get_connection(), "SELECT * FROM events ORDER BY id")
    assert (first["event_name"], first["source_id"], first["source_name"]) == ("received_message", id(source), "src")
    assert first["agent_module"] is None and first["agent_class_name"] is None
    assert json.loads(first["json_state"]) == {"message": {"content": "hi"}, "sender": "bob", "valid": True}
    assert second["source_name"] == "a string source"
    assert json.loads(second["json_state"]) == {"obj": "<<non-serializable: lock>>"}


def test_unbindable_value_logs_error_and_does_not_raise(logger: SqliteLogger, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="autogen.logger.sqlite_logger"):
        log_chat(logger, "x", is_cached={"not": "bindable"})
    assert any(r.msg.startswith("[sqlite logger]Error running query with query") for r in caplog.records)
    assert rows(logger.get_connection(), "SELECT count(*) AS n FROM chat_completions")[0]["n"] == 0


def test_no_secret_reaches_any_table(db_file: str) -> None:
    lg = SqliteLogger({"dbname": db_file})
    lg.start()
    headers = {"Authorization": f"Bearer {SECRET_TOKEN}", "X-Trace": "t"}
    config = {"model": "gpt-4", "api_key": SECRET_KEY, "default_headers": headers, "azure_ad_token": SECRET_TOKEN}
    wrapper, client, agent = object(), object(), Named("agent")
    lg.log_new_wrapper(wrapper, {"self": wrapper, "config_list": [config], "base_config": {"api_key": SECRET_KEY}})
    lg.log_new_client(client, wrapper, dict(config))
    lg.log_new_agent(agent, {"llm_config": {"config_list": [config]}, "name": "agent"})
    lg.log_event(agent, "received_message", message={"content": f"my key is {SECRET_KEY}"})
    lg.log_function_use(agent, dummy_function, {"foo": SECRET_KEY}, f"Bearer {SECRET_TOKEN}")
    log_chat(lg, f"Error code: 401 - Incorrect API key provided: {SECRET_KEY}", request={"extra_headers": headers})
    log_chat(lg, {"choices": [{"message": {"content": SECRET_TOKEN}}]})
    dump = "\n".join(lg.get_connection().iterdump())
    lg.stop()
    assert "X-Trace" in dump
    assert SECRET_KEY not in dump and SECRET_TOKEN not in dump
    for name in os.listdir(os.path.dirname(db_file)):
        with open(os.path.join(os.path.dirname(db_file), name), "rb") as f:
            content = f.read()
        assert SECRET_KEY.encode() not in content and SECRET_TOKEN.encode() not in content, name


def test_file_database_uses_wal(db_file: str) -> None:
    lg = SqliteLogger({"dbname": db_file})
    lg.start()
    try:
        assert lg.get_connection().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        lg.stop()


def test_rows_are_committed_immediately(db_file: str) -> None:
    lg = SqliteLogger({"dbname": db_file})
    lg.start()
    try:
        log_chat(lg, "x")
        other = sqlite3.connect(db_file)
        assert other.execute("SELECT count(*) FROM chat_completions").fetchone()[0] == 1
        other.close()
    finally:
        lg.stop()


def test_threads_share_one_logger(db_file: str) -> None:
    lg = SqliteLogger({"dbname": db_file})
    lg.start()

    def work(n: int) -> None:
        for i in range(50):
            lg.log_event(f"thread-{n}", "tick", i=i)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    count = lg.get_connection().execute("SELECT count(*) FROM events").fetchone()[0]
    lg.stop()
    assert count == 200


def test_two_loggers_in_one_file_keep_separate_sessions(db_file: str) -> None:
    first, second = SqliteLogger({"dbname": db_file}), SqliteLogger({"dbname": db_file})
    first.start()
    second.start()
    agent = Named("same")
    first.log_new_agent(agent, {})
    second.log_new_agent(agent, {})
    first.stop()
    second.stop()
    con = sqlite3.connect(db_file)
    sessions = {r[0] for r in con.execute("SELECT session_id FROM agents")}
    assert sessions == {first.session_id, second.session_id}
    assert con.execute("SELECT count(*) FROM version").fetchone()[0] == 1
    con.close()


def test_stop_closes_the_connection(db_file: str) -> None:
    lg = SqliteLogger({"dbname": db_file})
    lg.start()
    con = lg.get_connection()
    lg.stop()
    assert lg.get_connection() is None
    with pytest.raises(sqlite3.ProgrammingError):
        con.execute("SELECT 1")
    log_chat(lg, "after stop")  # ignored, no error


def test_migrations_newer_than_the_stored_version_run(tmp_path: Any) -> None:
    folder = tmp_path / "schema_steps"
    folder.mkdir()
    (folder / "001_ignored.sql").write_text("CREATE TABLE should_not_exist (x INTEGER);")
    (folder / "002_add_notes.sql").write_text("CREATE TABLE notes (note TEXT);")
    (folder / "README.md").write_text("not a migration")
    lg = SqliteLogger({"dbname": str(tmp_path / "logs.db")})
    lg.start()
    lg._apply_migrations(str(folder))
    con = lg.get_connection()
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    version = con.execute("SELECT version_number FROM version").fetchone()[0]
    lg.stop()
    assert "notes" in tables and "should_not_exist" not in tables
    assert version == 2


def test_sql_planted_in_cwd_migrations_is_not_executed(in_tmp_cwd: Any) -> None:
    os.makedirs("migrations")
    for name in ("002_planted.sql", "x.sql"):
        with open(os.path.join("migrations", name), "w") as f:
            f.write(f"CREATE TABLE planted_{name[0]} (x INTEGER); DROP TABLE agents;")
    lg = SqliteLogger({"dbname": "logs.db"})
    lg.start()
    con = lg.get_connection()
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    version = con.execute("SELECT version_number FROM version").fetchone()[0]
    lg.stop()
    assert "agents" in tables
    assert not any(t.startswith("planted") for t in tables)
    assert version == 1


def test_start_without_migrations_logs_0_2s_info_line(tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    lg = SqliteLogger({"dbname": str(tmp_path / "logs.db")})
    with caplog.at_level(logging.INFO, logger="autogen.logger.sqlite_logger"):
        lg.start()
    lg.stop()
    assert "no migration scripts, skip..." in caplog.messages


def test_new_agent_init_args_are_optional(logger: SqliteLogger) -> None:
    logger.log_new_agent(Named("solo"))
    row = rows(logger.con, "SELECT name, init_args FROM agents")[0]
    assert (row["name"], row["init_args"]) == ("solo", "{}")


class BrokenName:
    @property
    def name(self) -> str:
        raise RuntimeError("name unavailable")


def test_failure_while_building_a_row_is_logged_not_raised(
    logger: SqliteLogger, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="autogen.logger.sqlite_logger"):
        logger.log_new_agent(BrokenName(), {})
        logger.log_event(BrokenName(), "e")
    assert caplog.text.count("[sqlite logger] Failed to log") == 2
    assert "name unavailable" in caplog.text
