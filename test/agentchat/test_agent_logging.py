"""Runtime logging of agents: new agents, received messages, executed reply functions, function calls."""

from __future__ import annotations

import sqlite3

import autogen.runtime_logging as runtime_logging
from autogen.agentchat import ConversableAgent


def test_agent_events_are_logged_to_sqlite(tmp_path, scripted_io):
    db = tmp_path / "log.db"
    runtime_logging.start(config={"dbname": str(db)})
    try:
        a = ConversableAgent(
            "a", llm_config=False, human_input_mode="NEVER", default_auto_reply="x", max_consecutive_auto_reply=1
        )
        b = ConversableAgent(
            "b", llm_config=False, human_input_mode="NEVER", default_auto_reply="y", max_consecutive_auto_reply=1
        )

        @b.register_for_execution()
        def tool(n: int) -> int:
            return n * 2

        b.execute_function({"name": "tool", "arguments": '{"n": 2}'})
        a.initiate_chat(b, message="hi")
    finally:
        runtime_logging.stop()
    with sqlite3.connect(db) as conn:
        agents = {row[0] for row in conn.execute("SELECT name FROM agents")}
        events = [row[0] for row in conn.execute("SELECT event_name FROM events")]
        functions = conn.execute("SELECT function_name FROM function_calls").fetchall()
    assert {"a", "b"} <= agents
    assert "received_message" in events and "reply_func_executed" in events
    assert functions == [("tool",)]
