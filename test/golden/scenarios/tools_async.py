"""An async tool used in a_initiate_chat and in a sync initiate_chat."""

import asyncio
from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        code_execution_config=False,
        max_consecutive_auto_reply=5,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    @user.register_for_execution()
    @assistant.register_for_llm(name="slow_double", description="Double a number, slowly.")
    async def double(x: Annotated[int, "the number"]) -> str:
        await asyncio.sleep(0)
        return str(2 * x)

    @user.register_for_execution()
    @assistant.register_for_llm(description="Sync echo.")
    def echo(text: Annotated[str, "what to echo"] = "default") -> str:
        return text

    print("TOOLS:", assistant.llm_config["tools"])

    async def main():
        server.script(Reply.tool_call("slow_double", {"x": 21}), Reply.tool_call("echo", {}), Reply.text("TERMINATE"))
        r = await user.a_initiate_chat(assistant, message="async please")
        print("ASYNC:", [m.get("content") for m in r.chat_history])

    asyncio.run(main())
    server.script(Reply.tool_call("slow_double", {"x": 5}), Reply.text("TERMINATE"))
    r = user.initiate_chat(assistant, message="sync please")
    print("SYNC:", [m.get("content") for m in r.chat_history])
