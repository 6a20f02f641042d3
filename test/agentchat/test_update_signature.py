"""update_tool_signature / update_function_signature errors are logged as well as raised, as in 0.2.40."""

from __future__ import annotations

import logging

import pytest

from autogen.agentchat import ConversableAgent


def _agent(name: str, **kwargs) -> ConversableAgent:
    return ConversableAgent(name, llm_config=False, human_input_mode="NEVER", **kwargs)


def test_update_signature_errors_are_logged_too(caplog, llm_config):
    # 0.2.40 logs these errors before raising them, so they show even when the AssertionError is caught
    with caplog.at_level(logging.ERROR, logger="autogen.agentchat.conversable_agent"):
        with pytest.raises(AssertionError):
            _agent("a").update_tool_signature({"function": {"name": "f"}}, is_remove=False)
        with pytest.raises(AssertionError):
            ConversableAgent("b", llm_config=llm_config).update_tool_signature("f", is_remove=True)
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("autogen.agentchat.conversable_agent", "ERROR", "To update a tool signature, agent must have an llm_config"),
        ("autogen.agentchat.conversable_agent", "ERROR", "The agent config doesn't have tool f."),
    ]
