"""Streaming agents in a two-agent chat: content plus tool calls, parallel tool calls, fixed-prompt usage."""

from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.tool_calls_(
            [{"name": "up", "arguments": {"s": "ab"}}, {"name": "up", "arguments": {"s": "cd"}}],
            content="Calling both.",
        ),
        Reply.text("Results: AB and CD. Finished."),
    )
    cfg = {"config_list": server.config_list(model="gpt-4"), "cache_seed": None, "stream": True}
    bot = autogen.ConversableAgent(
        "bot", llm_config=cfg, system_message="Fixed system prompt.", human_input_mode="NEVER"
    )
    user = autogen.ConversableAgent("user", llm_config=False, human_input_mode="NEVER", default_auto_reply="")

    @user.register_for_execution()
    @bot.register_for_llm(description="Uppercase.")
    def up(s: Annotated[str, "text"]) -> str:
        return s.upper()

    r = user.initiate_chat(bot, message="uppercase ab and cd", max_turns=2)
    for m in r.chat_history:
        print("MSG:", m)
    bot.print_usage_summary()
