"""Async chats: async reply functions with config, a manual a_generate_reply/a_send loop, async group chat."""

from __future__ import annotations

import asyncio

from autogen.agentchat import Agent, ConversableAgent, GroupChat, GroupChatManager


async def test_async_reply_function_with_future_config(scripted_io):
    loop = asyncio.get_running_loop()
    news_stream = loop.create_future()

    async def add_news(recipient, messages=None, sender=None, config=None):
        news = await config["news_stream"]
        return True, f"news: {news}"

    bot = ConversableAgent("bot", llm_config=False, human_input_mode="NEVER")
    bot.register_reply([Agent, None], add_news, position=2, config={"news_stream": news_stream})
    user = ConversableAgent("user", llm_config=False, human_input_mode="NEVER")
    loop.call_soon(news_stream.set_result, "markets up")
    reply = await bot.a_generate_reply(messages=[{"content": "any news?", "role": "user"}], sender=user)
    assert reply == "news: markets up"
    await bot.a_send(reply, user, request_reply=False)
    assert user.last_message(bot)["content"] == "news: markets up"


async def test_async_round_robin_group_chat(scripted_io):
    a = ConversableAgent("alice", llm_config=False, human_input_mode="NEVER", default_auto_reply="from alice")
    b = ConversableAgent("bob", llm_config=False, human_input_mode="NEVER", default_auto_reply="from bob")
    group = GroupChat([a, b], messages=[], max_round=4, speaker_selection_method="round_robin")
    manager = GroupChatManager(group, llm_config=False)
    await a.a_initiate_chat(manager, message="hello")
    assert [m["content"] for m in group.messages] == ["hello", "from bob", "from alice", "from bob"]


async def test_concurrent_async_chats_do_not_interfere(scripted_io):
    pairs = [
        (
            ConversableAgent(
                f"a{i}",
                llm_config=False,
                human_input_mode="NEVER",
                default_auto_reply=f"a{i}",
                max_consecutive_auto_reply=10,
            ),
            ConversableAgent(
                f"b{i}",
                llm_config=False,
                human_input_mode="NEVER",
                default_auto_reply=f"b{i}",
                max_consecutive_auto_reply=10,
            ),
        )
        for i in range(3)
    ]
    results = await asyncio.gather(*(a.a_initiate_chat(b, message="go", max_turns=3) for a, b in pairs))
    for i, result in enumerate(results):
        assert [m["content"] for m in result.chat_history] == ["go", f"b{i}", f"a{i}", f"b{i}", f"a{i}", f"b{i}"]
