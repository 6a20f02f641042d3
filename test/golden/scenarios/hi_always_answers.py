"""ALWAYS mode: an empty answer (auto-reply), a typed answer, then 'exit'; chat result afterwards."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(Reply.text("First reply."), Reply.text("Second reply."), Reply.text("Third reply."))
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user", human_input_mode="ALWAYS", code_execution_config=False, default_auto_reply="auto!"
    )
    result = user.initiate_chat(assistant, message="Start.")
    print("SUMMARY:", repr(result.summary))
    print("HUMAN INPUT:", result.human_input)
    print("HISTORY:", [(m["role"], m.get("name"), m["content"]) for m in result.chat_history])
    print("REQUESTS:", len(server.requests))
