"""Async chat with a streaming agent and tools; a group chat summarised by reflection_with_llm (roles only)."""

import asyncio
from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen


async def main(server):
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    server.script(Reply.tool_call("neg", {"x": 3}), Reply.text("Minus three, streamed asynchronously."))
    bot = autogen.ConversableAgent(
        "bot", llm_config={**cfg, "stream": True}, system_message="Stream.", human_input_mode="NEVER"
    )
    user = autogen.ConversableAgent("user", llm_config=False, human_input_mode="NEVER", default_auto_reply="")

    @user.register_for_execution()
    @bot.register_for_llm(description="Negate.")
    def neg(x: Annotated[int, "x"]) -> int:
        return -x

    r = await user.a_initiate_chat(bot, message="negate 3", max_turns=2)
    print("ASYNC STREAM:", [m.get("content") for m in r.chat_history])
    server.script(Reply.text("A group summary."))
    a = autogen.ConversableAgent(
        "A", llm_config=False, human_input_mode="NEVER", default_auto_reply="A says hi", description="A"
    )
    b = autogen.ConversableAgent(
        "B", llm_config=False, human_input_mode="NEVER", default_auto_reply="B says hi", description="B"
    )
    g = autogen.GroupChat(agents=[a, b], messages=[], max_round=3, speaker_selection_method="round_robin")
    m = autogen.GroupChatManager(g, llm_config=cfg)
    r = a.initiate_chat(m, message="group start", summary_method="reflection_with_llm")
    print("GROUP SUMMARY:", repr(r.summary))
    print("SUMMARY REQ:", [(x["role"], x.get("name")) for x in server.requests[-1].messages])


with LoopbackLLMServer() as server:
    asyncio.run(main(server))
