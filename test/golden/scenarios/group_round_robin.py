"""A round-robin group chat of three agents with fixed LLM replies and a termination message."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.text("I am Alice."),
        Reply.text("I am Bob."),
        Reply.text("I am Carol."),
        Reply.text("Alice again. TERMINATE"),
    )
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    agents = [
        autogen.AssistantAgent(name, llm_config=cfg, system_message=f"You are {name}.", description=f"{name} the agent")
        for name in ("Alice", "Bob", "Carol")
    ]
    user = autogen.UserProxyAgent("Admin", human_input_mode="NEVER", code_execution_config=False)
    group = autogen.GroupChat(agents=[user, *agents], messages=[], max_round=8, speaker_selection_method="round_robin")
    manager = autogen.GroupChatManager(group, llm_config=cfg)
    result = user.initiate_chat(manager, message="Introduce yourselves.")
    print("MESSAGES:", [(m.get("name"), m["content"]) for m in group.messages])
    print("SUMMARY:", repr(result.summary))
