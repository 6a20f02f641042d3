"""Streaming replies: printed chunks for text, then a streamed tool call, with the usage summary."""

from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.text("This reply arrives in several streamed chunks of text."),
        Reply.tool_call("add", {"a": 40, "b": 2}),
        Reply.text("Forty-two.\nTERMINATE"),
    )
    cfg = {"config_list": server.config_list(), "cache_seed": None, "stream": True}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        code_execution_config=False,
        max_consecutive_auto_reply=5,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    @user.register_for_execution()
    @assistant.register_for_llm(description="Add.")
    def add(a: Annotated[int, "a"], b: Annotated[int, "b"]) -> int:
        return a + b

    r = user.initiate_chat(assistant, message="stream please", max_turns=1)
    print("SUMMARY:", repr(r.summary))
    r = user.initiate_chat(assistant, message="add")
    for m in r.chat_history:
        print("MSG:", m)
    print("STREAM FLAGS:", [req.body.get("stream") for req in server.requests])
