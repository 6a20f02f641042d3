"""Async group chat with 'auto' selection, tools executed asynchronously, and code execution in an async chat."""

import asyncio
import tempfile
from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen


async def main(server, work):
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    server.script(
        Reply.text("Planner"),
        Reply.tool_call("fetch", {"key": "k"}),
        Reply.text("Worker"),
        Reply.text("Planner"),
        Reply.text("Got v. TERMINATE"),
    )
    planner = autogen.ConversableAgent(
        "Planner", llm_config=cfg, system_message="You plan.", description="plans", human_input_mode="NEVER"
    )
    worker = autogen.UserProxyAgent(
        "Worker", human_input_mode="NEVER", code_execution_config=False, description="works"
    )

    @worker.register_for_execution()
    @planner.register_for_llm(description="Fetch.")
    async def fetch(key: Annotated[str, "key"]) -> str:
        await asyncio.sleep(0)
        return "v"

    g = autogen.GroupChat(agents=[planner, worker], messages=[], max_round=6)
    m = autogen.GroupChatManager(
        g, llm_config=cfg, is_termination_msg=lambda x: "TERMINATE" in (x.get("content") or "")
    )
    await worker.a_initiate_chat(m, message="fetch k")
    print("GROUP:", [(x.get("name"), x.get("content")) for x in g.messages], len(server.requests))
    coder = autogen.ConversableAgent(
        "coder", llm_config=False, human_input_mode="NEVER", default_auto_reply="```python\nprint('async code')\n```"
    )
    runner = autogen.UserProxyAgent(
        "runner", human_input_mode="NEVER", code_execution_config={"work_dir": work, "use_docker": False}
    )
    r = await coder.a_initiate_chat(runner, message="```sh\necho async sh\n```", max_turns=2)
    print("CODE:", [m["content"] for m in r.chat_history])


with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as work:
    asyncio.run(main(server, work))
