"""A two-agent chat with a tool call and a cached reply, against the loopback server, with SQLite logging on."""

from __future__ import annotations

import json
import os
import sqlite3
from typing import Any, Dict, List

import pytest

import autogen
import autogen.runtime_logging as runtime_logging
from autogen import AssistantAgent, UserProxyAgent, register_function

TABLES_FILLED_BY_02 = (
    "chat_completions",
    "agents",
    "oai_wrappers",
    "oai_clients",
    "version",
    "events",
    "function_calls",
)


def add(a: int, b: int) -> int:
    """Adds two numbers."""
    return a + b


def _run_chat(llm_server: Any) -> Any:
    llm_config = {"config_list": llm_server.config_list(), "cache_seed": 42}
    assistant = AssistantAgent("assistant", llm_config=llm_config)
    user = UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        code_execution_config=False,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )
    register_function(add, caller=assistant, executor=user, description="Add two integers.")
    return user.initiate_chat(assistant, message="What is 1 + 2?")


def _rows(db: str, query: str) -> List[Dict[str, Any]]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(query).fetchall()]
    finally:
        con.close()


@pytest.fixture
def logged_chats(llm_server: Any, reply: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)  # the disk cache lives in ./.cache/<seed>
    db = str(tmp_path / "logs.db")
    runtime_logging.start(config={"dbname": db})
    try:
        llm_server.script(reply.tool_call("add", {"a": 1, "b": 2}), reply.text("The answer is 3. TERMINATE"))
        first = _run_chat(llm_server)
        second = _run_chat(llm_server)  # same conversation again: both model answers come from the cache
    finally:
        runtime_logging.stop()
    assert "3" in first.summary and first.summary == second.summary
    assert len(llm_server.requests) == 2
    return db


def test_every_02_table_gets_rows(logged_chats: str) -> None:
    for table in TABLES_FILLED_BY_02:
        assert _rows(logged_chats, f"SELECT count(*) AS n FROM {table}")[0]["n"] > 0, table


def test_completions_record_live_and_cached_calls(logged_chats: str) -> None:
    completions = _rows(logged_chats, "SELECT * FROM chat_completions ORDER BY id")
    assert [c["is_cached"] for c in completions] == [0, 0, 1, 1]
    assert {c["source_name"] for c in completions} == {"assistant"}
    request = json.loads(completions[0]["request"])
    assert request["messages"][-1]["content"] == "What is 1 + 2?"
    response = json.loads(completions[0]["response"])
    assert response["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "add"


def test_agents_wrappers_and_clients_are_recorded(logged_chats: str) -> None:
    agents = _rows(logged_chats, "SELECT name, class, init_args FROM agents")
    assert sorted((a["name"], a["class"]) for a in agents) == [
        ("assistant", "AssistantAgent"),
        ("assistant", "AssistantAgent"),
        ("user", "UserProxyAgent"),
        ("user", "UserProxyAgent"),
    ]
    wrappers = _rows(logged_chats, "SELECT init_args FROM oai_wrappers")
    assert wrappers and all("config_list" in json.loads(w["init_args"]) for w in wrappers)
    clients = _rows(logged_chats, "SELECT class FROM oai_clients")
    assert clients and {c["class"] for c in clients} == {"OpenAI"}


def test_tool_call_and_events_are_recorded(logged_chats: str) -> None:
    (call, *_) = _rows(logged_chats, "SELECT * FROM function_calls")
    assert (call["source_name"], call["function_name"]) == ("user", "add")
    assert json.loads(call["args"]) == {"a": 1, "b": 2}
    assert json.loads(call["returns"]) == 3
    events = _rows(logged_chats, "SELECT * FROM events")
    names = {e["event_name"] for e in events}
    assert {"received_message", "reply_func_executed"} <= names
    received = next(e for e in events if e["event_name"] == "received_message")
    assert received["agent_class_name"] in ("AssistantAgent", "UserProxyAgent")
    assert received["agent_module"].startswith("autogen.agentchat")


def test_no_api_key_in_the_database(logged_chats: str, llm_server: Any) -> None:
    api_key = llm_server.config_list()[0]["api_key"]
    folder = os.path.dirname(logged_chats)
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                assert api_key.encode() not in f.read(), name


def test_autogen_logger_is_still_the_stdlib_logger(logged_chats: str) -> None:
    import logging

    assert isinstance(autogen.logger, logging.Logger)
