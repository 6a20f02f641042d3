"""Nested chats whose recipient is a group chat manager; reflection summary in a nested chat; chat queue carryover."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    server.script(Reply.text("inner summary by llm"))

    def make(n, text):
        return autogen.ConversableAgent(
            n, llm_config=False, human_input_mode="NEVER", default_auto_reply=text, description=n
        )

    w1, w2 = make("w1", "w1 works"), make("w2", "w2 works")
    g = autogen.GroupChat(agents=[w1, w2], messages=[], max_round=3, speaker_selection_method="round_robin")
    gm = autogen.GroupChatManager(g, llm_config=False, name="team")
    boss = autogen.ConversableAgent(
        "boss", llm_config=cfg, system_message="You are the boss.", human_input_mode="NEVER"
    )
    solo = make("solo", "solo answer")
    boss.register_nested_chats(
        [
            {"recipient": solo, "max_turns": 1, "summary_method": "reflection_with_llm"},
            {"recipient": gm, "sender": w1, "message": "team, go", "summary_method": "last_msg"},
        ],
        trigger=lambda s: s.name == "client",
    )
    client = make("client", "client again")
    r = client.initiate_chat(boss, message="please handle", max_turns=1)
    print("SUMMARY:", repr(r.summary))
    print("TEAM:", [(x["name"], x["content"]) for x in g.messages])
    print("SOLO GOT:", [x["content"] for x in solo.chat_messages[boss]])
    print("REQ ROLES:", [[m["role"] for m in req.messages] for req in server.requests])
