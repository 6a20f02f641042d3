"""Runtime logging with real agents and OpenAIWrapper (the 0.2 test_logging behaviours)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any, Iterator

import pytest

import autogen.runtime_logging as runtime_logging
from autogen import Agent, AssistantAgent, ConversableAgent, OpenAIWrapper
from autogen.logger.logger_utils import to_dict

CONFIG_LIST = [{"model": "gpt-4", "api_key": "sk-never-logged-12345", "base_url": "http://127.0.0.1:9/v1"}]


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    runtime_logging.start(config={"dbname": ":memory:"})
    con = runtime_logging.get_connection()
    assert con is not None
    con.row_factory = sqlite3.Row
    yield con
    runtime_logging.stop()


def test_explicit_log_new_agent_overwrites_constructor_row(db: sqlite3.Connection) -> None:
    agent = AssistantAgent("some_assistant", llm_config={"config_list": CONFIG_LIST})
    init_args = {"foo": "bar", "baz": {"other_key": "other_val"}, "a": None}
    runtime_logging.log_new_agent(agent, init_args)
    (row,) = db.execute("SELECT * FROM agents WHERE agent_id = ?", (id(agent),)).fetchall()
    assert uuid.UUID(row["session_id"]).version == 4
    assert (row["name"], row["class"]) == ("some_assistant", "AssistantAgent")
    assert row["init_args"] == json.dumps(init_args)
    assert row["wrapper_id"] == agent.client.wrapper_id


def test_constructor_row_has_no_credentials(db: sqlite3.Connection) -> None:
    agent = AssistantAgent("a", llm_config={"config_list": CONFIG_LIST})
    (row,) = db.execute("SELECT init_args FROM agents WHERE agent_id = ?", (id(agent),)).fetchall()
    saved = json.loads(row["init_args"])
    assert saved["name"] == "a"
    assert saved["llm_config"]["config_list"] == [{"model": "gpt-4"}]
    assert "sk-never-logged-12345" not in row["init_args"]


def test_wrapper_row_drops_key_and_url_and_is_not_replaced(db: sqlite3.Connection) -> None:
    wrapper = OpenAIWrapper(config_list=CONFIG_LIST)
    runtime_logging.log_new_wrapper(wrapper, {"config_list": [{"model": "replaced"}], "base_config": {}})
    (row,) = db.execute("SELECT * FROM oai_wrappers WHERE wrapper_id = ?", (id(wrapper),)).fetchall()
    saved = json.loads(row["init_args"])
    assert "config_list" in saved and "base_config" in saved
    assert saved["config_list"][0] == {"model": "gpt-4"}
    clients = db.execute("SELECT class FROM oai_clients WHERE wrapper_id = ?", (id(wrapper),)).fetchall()
    assert [c["class"] for c in clients] == ["OpenAI"]


def test_chat_completion_source_is_the_agent_name(db: sqlite3.Connection) -> None:
    agent = ConversableAgent("TestAgent", llm_config=False)
    runtime_logging.log_chat_completion(uuid.uuid4(), 1, 2, agent, {"messages": []}, {"x": 1}, 0, 0.1, "t")
    (row,) = db.execute("SELECT source_name FROM chat_completions").fetchall()
    assert row["source_name"] == "TestAgent"


def test_event_from_agent_records_module_and_class(db: sqlite3.Connection) -> None:
    agent = ConversableAgent("TestAgent", llm_config=False)
    runtime_logging.log_event(agent, "custom", detail=1)
    (row,) = db.execute("SELECT * FROM events WHERE event_name = 'custom'").fetchall()
    assert (row["agent_module"], row["agent_class_name"]) == ("autogen.agentchat.conversable_agent", "ConversableAgent")


def test_to_dict_turns_agents_into_strings() -> None:
    class Holder:
        def __init__(self) -> None:
            self.agent = ConversableAgent("x", llm_config=False)
            self.agents = [ConversableAgent("y", llm_config=False)]
            self.extra_key = "dropped"

    result = to_dict(Holder(), exclude=("extra_key",), no_recursive=(Agent))
    assert "autogen.agentchat.conversable_agent.ConversableAgent" in result["agent"]
    assert "autogen.agentchat.conversable_agent.ConversableAgent" in result["agents"][0]
    assert "extra_key" not in result


def test_function_use_by_agent(db: sqlite3.Connection) -> None:
    agent = ConversableAgent("TestAgent", llm_config=False)

    def dummy_function() -> None:
        pass

    runtime_logging.log_function_use(agent=agent, function=dummy_function, args={"foo": "bar"}, returns=True)
    (row,) = db.execute("SELECT * FROM function_calls").fetchall()
    assert (row["source_name"], row["args"], row["returns"]) == ("TestAgent", '{"foo": "bar"}', "true")


def test_file_logger_with_agent(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    from autogen.logger import FileLogger

    lg = FileLogger({"filename": str(tmp_path / "abs.log")})
    agent = AssistantAgent("TestAgent", code_execution_config=False, llm_config=False)
    lg.log_event(source=agent, name="TestEvent", key="value")
    lg.log_chat_completion(uuid.uuid4(), 1, 2, agent, {"messages": []}, "resp", 0, 0.5, "t")
    lg.stop()
    with open(tmp_path / "abs.log", encoding="utf-8") as f:
        event, completion = [json.loads(line) for line in f]
    assert event["source_name"] == "TestAgent" and event["json_state"] == json.dumps({"key": "value"})
    assert (event["agent_module"], event["agent_class"]) == ("autogen.agentchat.assistant_agent", "AssistantAgent")
    assert completion["source_name"] == "TestAgent"
