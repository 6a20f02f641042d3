"""speaker_selection_method callable: returning an agent, a method name string, None (ends the chat)."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(Reply.text("Y"))
    names = ("X", "Y", "Z")
    X, Y, Z = [
        autogen.ConversableAgent(
            n, llm_config=False, human_input_mode="NEVER", default_auto_reply=f"{n} here", description=f"agent {n}"
        )
        for n in names
    ]
    calls = []

    def choose(last_speaker, groupchat):
        calls.append((last_speaker.name, len(groupchat.messages)))
        step = len(groupchat.messages)
        if step == 1:
            return Z
        if step == 2:
            return "round_robin"
        if step == 3:
            return "auto"
        if step == 4:
            return "random" if False else X
        return None

    group = autogen.GroupChat(agents=[X, Y, Z], messages=[], max_round=10, speaker_selection_method=choose)
    manager = autogen.GroupChatManager(group, llm_config={"config_list": server.config_list(), "cache_seed": None})
    r = X.initiate_chat(manager, message="begin")
    print("SPEAKERS:", [m["name"] for m in group.messages])
    print("CALLS:", calls)
    print("SUMMARY:", repr(r.summary))

    def bad(last_speaker, groupchat):
        return "nobody"

    group = autogen.GroupChat(agents=[X, Y, Z], messages=[], max_round=3, speaker_selection_method=bad)
    manager = autogen.GroupChatManager(group, llm_config=False)
    try:
        X.initiate_chat(manager, message="begin")
    except Exception as exc:
        print("BAD:", type(exc).__name__, exc)
