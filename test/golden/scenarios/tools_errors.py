"""Tool errors: raising, wrong argument types, missing arguments, bad JSON, unknown tool, not for execution."""

from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.tool_call("divide", {"a": 1, "b": 0}),
        Reply.tool_call("divide", {"a": "one", "b": 2}),
        Reply.tool_call("divide", {"a": 1}),
        Reply.tool_call("divide", "not json at all"),
        Reply.tool_call("llm_only", {}),
        Reply.tool_call("divide", {"a": 1, "b": 2, "c": 3}),
        Reply.text("TERMINATE"),
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
    @assistant.register_for_llm(description="Divide a by b.")
    def divide(a: Annotated[float, "numerator"], b: Annotated[float, "denominator"]) -> float:
        return a / b

    @assistant.register_for_llm(description="Only known to the LLM.")
    def llm_only() -> str:
        return "never"

    r = user.initiate_chat(assistant, message="divide")
    for m in r.chat_history:
        if m.get("tool_responses"):
            print("RESP:", m["tool_responses"])
