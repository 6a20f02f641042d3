"""TextAnalyzerAgent: one TEXT plus one INSTRUCTIONS message, answered with one LLM call."""

from __future__ import annotations

from typing import Any, Dict

import pytest

import autogen
from autogen.agentchat.contrib.text_analyzer_agent import TextAnalyzerAgent, system_message


def test_defaults(llm_config: Dict[str, Any]) -> None:
    analyzer = TextAnalyzerAgent(llm_config=llm_config)
    assert analyzer.name == "analyzer"
    assert analyzer.system_message == system_message
    assert analyzer.human_input_mode == "NEVER"
    assert "TEXT" in system_message and "INSTRUCTIONS" in system_message


def test_reply_is_registered_after_the_termination_checks(llm_config: Dict[str, Any]) -> None:
    analyzer = TextAnalyzerAgent(llm_config=llm_config)
    assert analyzer._reply_func_list[2]["reply_func"] == TextAnalyzerAgent._analyze_in_reply
    assert analyzer._reply_func_list[2]["trigger"] is autogen.Agent


def test_analyze_text_sends_instructions_around_the_text(
    llm_server: Any, llm_config: Dict[str, Any], reply: Any
) -> None:
    llm_server.script(reply.text("yes"))
    analyzer = TextAnalyzerAgent(llm_config=llm_config)
    assert analyzer.analyze_text("The sky is blue.", "Is a color mentioned?") == "yes"
    sent = llm_server.chat_requests[0].messages
    assert sent[0] == {"role": "system", "content": system_message}
    instructions = "# INSTRUCTIONS\nIs a color mentioned?\n"
    assert sent[1] == {
        "role": "user",
        "content": instructions + "\n" + "# TEXT\nThe sky is blue.\n" + "\n" + instructions,
    }


def test_text_then_instructions_from_another_agent(llm_server: Any, llm_config: Dict[str, Any], reply: Any) -> None:
    llm_server.script(reply.text("no"))
    analyzer = TextAnalyzerAgent(llm_config=llm_config)
    asker = autogen.ConversableAgent("asker", llm_config=False, human_input_mode="NEVER")
    asker.send("Some text.", analyzer, request_reply=False, silent=True)
    asker.send("Is it long?", analyzer, request_reply=True, silent=True)
    assert asker.last_message(analyzer)["content"] == "no"
    assert len(llm_server.chat_requests) == 1
    assert "# TEXT\nSome text.\n" in llm_server.chat_requests[0].messages[-1]["content"]


def test_more_than_two_messages_is_an_error(llm_config: Dict[str, Any]) -> None:
    analyzer = TextAnalyzerAgent(llm_config=llm_config)
    messages = [{"role": "user", "content": "a"}] * 3
    with pytest.raises(AssertionError):
        analyzer._analyze_in_reply(messages)


def test_more_than_two_messages_fails_a_bare_assertion(llm_config: Dict[str, Any]) -> None:
    analyzer = TextAnalyzerAgent(llm_config=llm_config)
    with pytest.raises(AssertionError) as info:
        analyzer._analyze_in_reply([{"role": "user", "content": "a"}] * 3)
    assert str(info.value) == ""


def test_llm_config_false_is_an_error() -> None:
    analyzer = TextAnalyzerAgent(llm_config=False)
    with pytest.raises(ValueError):
        analyzer._analyze_in_reply([{"role": "user", "content": "a"}] * 2)
