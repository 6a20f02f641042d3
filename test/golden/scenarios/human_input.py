"""human_input_mode ALWAYS and TERMINATE with answers read from stdin."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(Reply.text("Hello human."), Reply.text("Second."), Reply.text("Done. TERMINATE"))
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent("user", human_input_mode="ALWAYS", code_execution_config=False)
    user.initiate_chat(assistant, message="Hi.")
    user2 = autogen.UserProxyAgent(
        "user2",
        human_input_mode="TERMINATE",
        code_execution_config=False,
        max_consecutive_auto_reply=1,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )
    user2.initiate_chat(assistant, message="Again.", clear_history=True)
