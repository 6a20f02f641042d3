"""A group chat where one member calls a tool and another executes it; round robin order; chat history."""

from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(Reply.tool_call("lookup", {"key": "x"}), Reply.text("x is 10. TERMINATE"))
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    planner = autogen.AssistantAgent("planner", llm_config=cfg, description="plans")
    executor = autogen.UserProxyAgent(
        "executor", human_input_mode="NEVER", code_execution_config=False, description="runs tools"
    )

    @executor.register_for_execution()
    @planner.register_for_llm(description="Look up a key.")
    def lookup(key: Annotated[str, "key"]) -> str:
        return {"x": "10"}[key]

    group = autogen.GroupChat(
        agents=[executor, planner], messages=[], max_round=6, speaker_selection_method="round_robin"
    )
    manager = autogen.GroupChatManager(
        group, llm_config=False, is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or "")
    )
    executor.initiate_chat(manager, message="What is x?")
    for m in group.messages:
        print("MSG:", m)
    print("REQS:", [[(m["role"], m.get("name")) for m in r.messages if m["role"] != "system"] for r in server.requests])
