"""Reply-function registry: how triggers are matched against the sender."""

from __future__ import annotations

import pytest

from autogen import ConversableAgent


def test_callable_trigger_returning_non_bool_names_the_trigger():
    agent = ConversableAgent("agent", llm_config=False, human_input_mode="NEVER")
    other = ConversableAgent("other", llm_config=False, human_input_mode="NEVER")

    def trigger(sender):
        return 1

    agent.register_reply(trigger, lambda *a, **k: (True, "x"))
    with pytest.raises(AssertionError, match=r"^trigger <function .*trigger.* must return a boolean value\.$"):
        agent.generate_reply(messages=[{"content": "hi"}], sender=other)
