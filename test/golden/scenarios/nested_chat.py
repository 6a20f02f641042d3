"""A nested chat triggered by a message, whose summary becomes the reply."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(Reply.text("inner draft"), Reply.text("inner review"))
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    outer = autogen.AssistantAgent("outer", llm_config=False)
    drafter = autogen.AssistantAgent("drafter", llm_config=cfg)
    reviewer = autogen.AssistantAgent("reviewer", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user", human_input_mode="NEVER", code_execution_config=False, max_consecutive_auto_reply=0
    )
    outer.register_nested_chats(
        [
            {"recipient": drafter, "max_turns": 1, "summary_method": "last_msg"},
            {"recipient": reviewer, "message": "Review the draft.", "max_turns": 1, "summary_method": "last_msg"},
        ],
        trigger=user,
    )
    result = user.initiate_chat(outer, message="Please write something.", max_turns=1)
    print("SUMMARY:", repr(result.summary))
    print("HISTORY:", result.chat_history)
