"""`auto` speaker selection: exact name, name with extra words, two names (retry), then a termination."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.text("Bob"),  # selection: exact
        Reply.text("Bob speaking."),
        Reply.text("I think Carol should speak next."),  # selection: one name with extra words
        Reply.text("Carol here."),
        Reply.text("Either Alice or Bob"),  # selection: two names -> retry
        Reply.text("Alice"),  # retry answer
        Reply.text("Alice says TERMINATE"),
    )
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    agents = [
        autogen.AssistantAgent(name, llm_config=cfg, system_message=f"You are {name}.", description=f"{name} the agent")
        for name in ("Alice", "Bob", "Carol")
    ]
    group = autogen.GroupChat(agents=agents, messages=[], max_round=5, speaker_selection_method="auto")
    manager = autogen.GroupChatManager(
        group, llm_config=cfg, is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or "")
    )
    agents[0].initiate_chat(manager, message="Start.")
    print("MESSAGES:", [(m.get("name"), m["content"]) for m in group.messages])
    print("REQUESTS:", len(server.requests))
    for r in server.requests:  # roles only: the selection prompts are ours, in our own words
        print("REQ:", [(m["role"], m.get("name")) for m in r.messages])
