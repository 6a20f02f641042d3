"""'auto' selection parsing: case, markdown, punctuation, underscores vs spaces, repeated names, substrings."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

answers = [
    "bob",
    "**Bob**",
    "Bob.",
    "Bob's turn",
    "data_analyst",
    "data analyst",
    "Bob Bob Bob Carol",
    "Bobby",
    "Carol, not Bob",
    "[Carol]",
    "'Carol'",
    "Bob\nCarol",
    "  Carol  ",
    "The next speaker should be: data_analyst.",
]
with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    for answer in answers:
        server.requests.clear()
        server.script(Reply.text(answer), Reply.text("Alice"))  # second answer only used for a retry
        agents = [
            autogen.ConversableAgent(
                n, llm_config=False, human_input_mode="NEVER", default_auto_reply=f"{n} here", description=f"desc {n}"
            )
            for n in ("Alice", "Bob", "Carol", "data_analyst")
        ]
        g = autogen.GroupChat(agents=agents, messages=[], max_round=2, max_retries_for_selecting_speaker=1)
        m = autogen.GroupChatManager(g, llm_config=cfg)
        agents[0].initiate_chat(m, message="who next?", silent=True)
        print(repr(answer), "->", g.messages[-1]["name"], "requests:", len(server.requests))
        server.reset()
