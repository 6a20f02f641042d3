"""Human input in async chats: a_get_human_input runs get_human_input off the event loop."""

from __future__ import annotations

from autogen.agentchat import Agent, ConversableAgent


async def test_a_get_human_input_runs_get_human_input(scripted_io):
    scripted_io.answers = ["from thread"]
    agent = ConversableAgent("a", llm_config=False)
    assert await agent.a_get_human_input("prompt?") == "from thread"
    assert scripted_io.prompts == ["prompt?"] and agent._human_input == ["from thread"]


async def test_overridden_a_get_human_input_drives_async_chat(scripted_io):
    class AsyncHuman(ConversableAgent):
        answers = ["first", "exit"]

        async def a_get_human_input(self, prompt: str) -> str:
            return self.answers.pop(0)

    human = AsyncHuman("human", llm_config=False, human_input_mode="ALWAYS")
    human.register_reply([Agent, None], ConversableAgent.a_check_termination_and_human_reply)
    bot = ConversableAgent("bot", llm_config=False, human_input_mode="NEVER", default_auto_reply="ok")
    result = await human.a_initiate_chat(bot, message="go")
    assert [m["content"] for m in result.chat_history] == ["go", "ok", "first", "ok"]


async def test_async_chat_without_message_asks_human(scripted_io):
    scripted_io.answers = ["typed first message"]
    human = ConversableAgent("human", llm_config=False, human_input_mode="NEVER")
    bot = ConversableAgent("bot", llm_config=False, human_input_mode="NEVER", default_auto_reply="ok")
    result = await human.a_initiate_chat(bot, max_turns=1)
    assert scripted_io.prompts == [">"] and result.chat_history[0]["content"] == "typed first message"


async def test_always_mode_with_max_turns_three_gives_six_messages(scripted_io):
    scripted_io.answers = ["a", "b", "c"]
    human = ConversableAgent("human", llm_config=False, human_input_mode="ALWAYS")
    bot = ConversableAgent("bot", llm_config=False, human_input_mode="NEVER", default_auto_reply="ok")
    result = await human.a_initiate_chat(bot, message="go", max_turns=3)
    assert len(result.chat_history) == 6
