"""A tool registered for the LLM on one agent and for execution on the other; parallel calls; errors."""

from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.tool_call("add", {"a": 2, "b": 3}),
        Reply.tool_calls_([{"name": "add", "arguments": {"a": 1, "b": 1}}, {"name": "fail", "arguments": {}}]),
        Reply.tool_call("add", '{"a": 1, "b": '),
        Reply.tool_call("missing_tool", {}),
        Reply.text("All done. TERMINATE"),
    )
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        code_execution_config=False,
        max_consecutive_auto_reply=10,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    @user.register_for_execution()
    @assistant.register_for_llm(description="Add two integers.")
    def add(a: Annotated[int, "first"], b: Annotated[int, "second"]) -> int:
        return a + b

    @user.register_for_execution()
    @assistant.register_for_llm(description="Always fails.")
    def fail() -> str:
        raise ValueError("this tool always fails")

    print("TOOLS:", assistant.llm_config["tools"])
    result = user.initiate_chat(assistant, message="Add 2 and 3.")
    for m in result.chat_history:
        print(
            "MSG:", {k: v for k, v in m.items() if k != "tool_calls"}, [c["function"] for c in m.get("tool_calls", [])]
        )
    print("REQUESTS:", len(server.requests))
