"""'auto' selection edge cases: no name found twice (falls back), max_retries 0, role_for_select_speaker_messages, repeat speaker off."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None}

    def members():
        return [
            autogen.ConversableAgent(
                n, llm_config=False, human_input_mode="NEVER", default_auto_reply=f"{n} talks", description=f"desc {n}"
            )
            for n in ("Ann", "Ben", "Cid")
        ]

    server.script(Reply.text("nobody in particular"), Reply.text("still no name"), Reply.text("Cid"))
    A, B, C = members()
    g = autogen.GroupChat(agents=[A, B, C], messages=[], max_round=3, max_retries_for_selecting_speaker=1)
    m = autogen.GroupChatManager(g, llm_config=cfg)
    A.initiate_chat(m, message="start")
    print("1:", [x["name"] for x in g.messages], len(server.requests))
    server.requests.clear()
    server.script(Reply.text("Ann and Ben"), Reply.text("Ann"))
    A, B, C = members()
    g = autogen.GroupChat(agents=[A, B, C], messages=[], max_round=2, max_retries_for_selecting_speaker=0)
    m = autogen.GroupChatManager(g, llm_config=cfg)
    A.initiate_chat(m, message="start")
    print("2:", [x["name"] for x in g.messages], len(server.requests))
    server.requests.clear()
    server.script(Reply.text("Cid"), Reply.text("Ben"))
    A, B, C = members()
    g = autogen.GroupChat(
        agents=[A, B, C],
        messages=[],
        max_round=3,
        allow_repeat_speaker=False,
        role_for_select_speaker_messages="system",
    )
    m = autogen.GroupChatManager(g, llm_config=cfg)
    A.initiate_chat(m, message="start")
    print("3:", [x["name"] for x in g.messages], [[mm["role"] for mm in r.messages] for r in server.requests])
    server.requests.clear()
    # two agents, repeat disallowed: no LLM call needed
    A, B, C = members()
    g = autogen.GroupChat(agents=[A, B], messages=[], max_round=4, allow_repeat_speaker=False)
    m = autogen.GroupChatManager(g, llm_config=cfg)
    A.initiate_chat(m, message="start")
    print("4:", [x["name"] for x in g.messages], len(server.requests))
    # select_speaker_auto_llm_config and a manager without llm
    server.script(Reply.text("Ben"))
    A, B, C = members()
    g = autogen.GroupChat(agents=[A, B, C], messages=[], max_round=2, select_speaker_auto_llm_config=cfg)
    m = autogen.GroupChatManager(g, llm_config=False)
    A.initiate_chat(m, message="start")
    print("5:", [x["name"] for x in g.messages], len(server.requests))
