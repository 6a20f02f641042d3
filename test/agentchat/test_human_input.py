"""human_input_mode decisions, prompts and printed notices; human input through the IOStream."""

from __future__ import annotations

from typing import List

import pytest

from autogen.agentchat import ConversableAgent, UserProxyAgent


def _pair(mode: str, **kwargs):
    human = ConversableAgent("human", llm_config=False, human_input_mode=mode, **kwargs)
    bot = ConversableAgent("bot", llm_config=False, human_input_mode="NEVER", default_auto_reply="bot says")
    return human, bot


def test_always_mode_asks_with_exact_prompt(scripted_io):
    scripted_io.answers = ["my feedback", "exit"]
    human, bot = _pair("ALWAYS")
    result = human.initiate_chat(bot, message="start")
    assert (
        scripted_io.prompts
        == [
            "Replying as human. Provide feedback to bot. Press enter to skip and use auto-reply, "
            "or type 'exit' to end the conversation: "
        ]
        * 2
    )
    assert [m["content"] for m in result.chat_history] == ["start", "bot says", "my feedback", "bot says"]
    assert result.human_input == ["my feedback", "exit"]


def test_always_mode_empty_input_auto_replies_and_prints_notices(scripted_io):
    scripted_io.answers = ["", "exit"]
    human, bot = _pair("ALWAYS", default_auto_reply="auto")
    human.initiate_chat(bot, message="start")
    assert "\n>>>>>>>> NO HUMAN INPUT RECEIVED." in scripted_io.text
    assert "\n>>>>>>>> USING AUTO REPLY..." in scripted_io.text
    assert human.chat_messages[bot][2]["content"] == "auto"


def test_always_mode_empty_input_on_termination_message_exits(scripted_io):
    human, bot = _pair("ALWAYS")
    bot._default_auto_reply = "TERMINATE"
    result = human.initiate_chat(bot, message="start")
    assert len(result.chat_history) == 2 and "NO HUMAN INPUT RECEIVED." in scripted_io.text


def test_terminate_mode_asks_only_on_termination(scripted_io):
    human, bot = _pair("TERMINATE")
    bot._default_auto_reply = "TERMINATE"
    human.initiate_chat(bot, message="start")
    assert scripted_io.prompts == ["Please give feedback to bot. Press enter or type 'exit' to stop the conversation: "]


def test_terminate_mode_at_limit_asks_with_skip_prompt(scripted_io):
    scripted_io.answers = ["", "exit"]
    human, bot = _pair("TERMINATE", max_consecutive_auto_reply=1, default_auto_reply="again")
    human.initiate_chat(bot, message="start")
    skip = (
        "Please give feedback to bot. Press enter to skip and use auto-reply, or type 'exit' to stop the conversation: "
    )
    assert scripted_io.prompts == [skip, skip]
    assert human._consecutive_auto_reply_counter[bot] == 0  # reset by "exit"


def test_never_mode_exits_at_limit_without_asking(scripted_io):
    human, bot = _pair("NEVER", max_consecutive_auto_reply=2, default_auto_reply="x")
    result = human.initiate_chat(bot, message="start")
    assert scripted_io.prompts == [] and len(result.chat_history) == 6


def test_max_consecutive_auto_reply_zero_sends_empty_user_message(scripted_io):
    human, bot = _pair("ALWAYS", max_consecutive_auto_reply=0)
    scripted_io.answers = ["", "exit"]
    human.initiate_chat(bot, message="start")
    assert human.chat_messages[bot][2] == {"content": "", "role": "assistant", "name": "human"}


def test_human_reply_to_tool_calls_answers_them_user_interrupted(scripted_io):
    scripted_io.answers = ["stop that"]
    human = ConversableAgent("human", llm_config=False, human_input_mode="ALWAYS")
    msg = {
        "content": None,
        "tool_calls": [{"id": "x1", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
        "function_call": {"name": "g", "arguments": "{}"},
    }
    final, reply = human.check_termination_and_human_reply(messages=[msg], sender=None)
    assert final and reply == {
        "role": "user",
        "content": "stop that",
        "tool_responses": [
            {"role": "function", "name": "g", "content": "USER INTERRUPTED"},
            {"role": "tool", "tool_call_id": "x1", "content": "USER INTERRUPTED"},
        ],
    }
    assert scripted_io.prompts[0].startswith("Replying as human. Provide feedback to the sender.")


def test_exit_is_case_sensitive(scripted_io):
    scripted_io.answers = ["EXIT"]
    human = ConversableAgent("human", llm_config=False, human_input_mode="ALWAYS")
    assert human.check_termination_and_human_reply(messages=[{"content": "x"}]) == (
        True,
        {"role": "user", "content": "EXIT"},
    )


def test_sync_check_on_empty_history_raises_index_error_async_does_not():
    import asyncio

    agent = ConversableAgent("a", llm_config=False, human_input_mode="NEVER")
    with pytest.raises(IndexError):
        agent.check_termination_and_human_reply(messages=[])
    assert asyncio.run(agent.a_check_termination_and_human_reply(messages=[])) == (False, None)


def test_overriding_get_human_input(scripted_io):
    class Scripted(ConversableAgent):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.asked: List[str] = []

        def get_human_input(self, prompt: str) -> str:
            self.asked.append(prompt)
            return "exit"

    human = Scripted("human", llm_config=False, human_input_mode="ALWAYS")
    bot = ConversableAgent("bot", llm_config=False, human_input_mode="NEVER", default_auto_reply="x")
    human.initiate_chat(bot, message="hi")
    assert len(human.asked) == 1 and scripted_io.prompts == []


def test_get_human_input_uses_console_input_by_default(monkeypatch):
    from autogen.io import IOConsole
    from autogen.io.base import IOStream

    monkeypatch.setattr("builtins.input", lambda prompt="": "typed")
    with IOStream.set_default(IOConsole()):
        agent = ConversableAgent("a", llm_config=False)
        assert agent.get_human_input("?") == "typed" and agent._human_input == ["typed"]


def test_user_proxy_defaults():
    proxy = UserProxyAgent("u")
    assert proxy.human_input_mode == "ALWAYS" and proxy.llm_config is False
    assert proxy.use_docker is False  # AUTOGEN_USE_DOCKER=False here
    assert proxy.description == UserProxyAgent.DEFAULT_USER_PROXY_AGENT_DESCRIPTIONS["ALWAYS"]
    assert UserProxyAgent("n", human_input_mode="NEVER").description.startswith("A computer terminal")


def test_unknown_mode_on_conversable_agent_behaves_like_terminate(scripted_io):
    scripted_io.answers = ["exit"]
    human, bot = _pair("SOMETIMES", max_consecutive_auto_reply=1, default_auto_reply="x")
    human.initiate_chat(bot, message="start")
    assert len(scripted_io.prompts) == 1 and scripted_io.prompts[0].startswith("Please give feedback to bot.")
