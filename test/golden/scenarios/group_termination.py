"""Group chat endings: max_round, manager is_termination_msg, a member's None reply, max_consecutive_auto_reply."""

import autogen


def make(n, text, **kw):
    return autogen.ConversableAgent(
        n, llm_config=False, human_input_mode="NEVER", default_auto_reply=text, description=f"agent {n}", **kw
    )


P, Q = make("P", "P talks"), make("Q", "Q says STOP")
group = autogen.GroupChat(agents=[P, Q], messages=[], max_round=10, speaker_selection_method="round_robin")
manager = autogen.GroupChatManager(
    group, llm_config=False, is_termination_msg=lambda m: "STOP" in (m.get("content") or "")
)
r = P.initiate_chat(manager, message="hi all")
print("TERM:", [m["name"] for m in group.messages], repr(r.summary))
P, Q = make("P", "P talks"), make("Q", "Q talks")
group = autogen.GroupChat(agents=[P, Q], messages=[], max_round=4, speaker_selection_method="round_robin")
manager = autogen.GroupChatManager(group, llm_config=False)
r = P.initiate_chat(manager, message="hi all")
print("MAXROUND:", [m["name"] for m in group.messages], repr(r.summary), len(r.chat_history))
P, Q = make("P", "P talks"), make("Q", "Q talks")
group = autogen.GroupChat(agents=[P, Q], messages=[], max_round=10, speaker_selection_method="round_robin")
manager = autogen.GroupChatManager(group, llm_config=False, max_consecutive_auto_reply=2)
r = P.initiate_chat(manager, message="hi all")
print("MANAGER LIMIT:", [m["name"] for m in group.messages])
P, Q = (
    make("P", "P talks"),
    autogen.ConversableAgent("Q", llm_config=False, human_input_mode="NEVER", description="silent Q"),
)
Q.register_reply([autogen.Agent, None], lambda recipient, messages, sender, config: (True, None))
group = autogen.GroupChat(agents=[P, Q], messages=[], max_round=5, speaker_selection_method="round_robin")
manager = autogen.GroupChatManager(group, llm_config=False)
r = P.initiate_chat(manager, message="hi all")
print("NONE REPLY:", [m["name"] for m in group.messages])
P, Q = make("P", "P talks"), make("Q", "Q talks")
group = autogen.GroupChat(agents=[P, Q], messages=[], max_round=1, speaker_selection_method="round_robin")
manager = autogen.GroupChatManager(group, llm_config=False)
r = P.initiate_chat(manager, message="only one round")
print("ONE ROUND:", [m["name"] for m in group.messages])
