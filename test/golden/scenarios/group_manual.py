"""Manual speaker selection with stdin: a number, a bad entry, an out-of-range number, empty (auto), 'q'."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.responder = lambda body: Reply.text("Bob")  # used if 'auto' is needed
    a = autogen.ConversableAgent(
        "Alice", llm_config=False, human_input_mode="NEVER", default_auto_reply="Alice talks", description="A"
    )
    b = autogen.ConversableAgent(
        "Bob", llm_config=False, human_input_mode="NEVER", default_auto_reply="Bob talks", description="B"
    )
    c = autogen.ConversableAgent(
        "Carol", llm_config=False, human_input_mode="NEVER", default_auto_reply="Carol talks", description="C"
    )
    group = autogen.GroupChat(agents=[a, b, c], messages=[], max_round=6, speaker_selection_method="manual")
    manager = autogen.GroupChatManager(group, llm_config={"config_list": server.config_list(), "cache_seed": None})
    a.initiate_chat(manager, message="Let's start.")
    print("SPEAKERS:", [m.get("name") for m in group.messages])
