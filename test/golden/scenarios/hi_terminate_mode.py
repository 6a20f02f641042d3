"""TERMINATE mode: no prompt mid-chat, a prompt at the termination message and at the auto-reply limit."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.text("One."),
        Reply.text("Two."),
        Reply.text("Three."),  # limit reached after 2 auto replies
        Reply.text("Four TERMINATE"),  # termination message: human answers with text, chat goes on
        Reply.text("Five TERMINATE"),  # termination message: empty answer ends the chat
    )
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="TERMINATE",
        code_execution_config=False,
        max_consecutive_auto_reply=2,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )
    result = user.initiate_chat(assistant, message="Count.")
    print("HUMAN INPUT:", result.human_input)
    print("SUMMARY:", repr(result.summary))
    print("COUNTS:", user._consecutive_auto_reply_counter[assistant], len(result.chat_history))
