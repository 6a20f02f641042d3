"""send_introductions (roles only), resume from messages / JSON string, messages_to_string, remove_termination_string."""

import json

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    server.script(Reply.text("Bob"), Reply.text("Bob answers."))
    A = autogen.ConversableAgent(
        "Alice",
        llm_config=False,
        human_input_mode="NEVER",
        default_auto_reply="Alice answers.",
        description="Alice desc",
    )
    B = autogen.AssistantAgent("Bob", llm_config=cfg, description="Bob desc")
    group = autogen.GroupChat(agents=[A, B], messages=[], max_round=2, send_introductions=True)
    manager = autogen.GroupChatManager(group, llm_config=cfg)
    A.initiate_chat(manager, message="Hello group.")
    print("REQS:", [[(m["role"], m.get("name")) for m in r.messages] for r in server.requests])
    print("BOB SAW:", [m["role"] for m in B.chat_messages[manager]])
    text = manager.messages_to_string(group.messages)
    print("TO STRING:", text)
    # resume a fresh group from a list of messages and from the string
    C = autogen.ConversableAgent(
        "Carol", llm_config=False, human_input_mode="NEVER", default_auto_reply="Carol here.", description="c"
    )
    D = autogen.ConversableAgent(
        "Dave", llm_config=False, human_input_mode="NEVER", default_auto_reply="Dave here.", description="d"
    )
    prior = [
        {"content": "Earlier from Carol.", "name": "Carol", "role": "user"},
        {"content": "Earlier from Dave. DONE", "name": "Dave", "role": "user"},
    ]
    g2 = autogen.GroupChat(agents=[C, D], messages=[], max_round=5, speaker_selection_method="round_robin")
    m2 = autogen.GroupChatManager(g2, llm_config=False)
    last_agent, last_msg = m2.resume(messages=prior, remove_termination_string="DONE")
    print("RESUMED:", last_agent.name, last_msg)
    print("G2 MSGS:", g2.messages)
    r = last_agent.initiate_chat(recipient=m2, message=last_msg, clear_history=False)
    print("AFTER:", [m["name"] for m in g2.messages])
    g3 = autogen.GroupChat(agents=[C, D], messages=[], max_round=3, speaker_selection_method="round_robin")
    m3 = autogen.GroupChatManager(g3, llm_config=False)
    last_agent, last_msg = m3.resume(messages=json.dumps(prior))
    print("RESUMED STR:", last_agent.name, last_msg, len(C.chat_messages[m3]), len(D.chat_messages[m3]))
    try:
        m3.resume(messages=[{"content": "x", "name": "Nobody", "role": "user"}])
    except Exception as exc:
        print("UNKNOWN:", type(exc).__name__, exc)
    g4 = autogen.GroupChat(agents=[C, D], messages=[], max_round=3)
    m4 = autogen.GroupChatManager(g4, llm_config=False, is_termination_msg=lambda m: "END" in (m.get("content") or ""))
    try:
        m4.resume(messages=[{"content": "over END", "name": "Carol", "role": "user"}])
    except Exception as exc:
        print("TERMINATED RESUME:", type(exc).__name__, exc)
