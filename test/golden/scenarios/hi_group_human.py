"""A human (ALWAYS / TERMINATE) inside a round-robin group chat answering from stdin, including 'exit'."""

import autogen


def make(n, text):
    return autogen.ConversableAgent(
        n, llm_config=False, human_input_mode="NEVER", default_auto_reply=text, description=n
    )


human = autogen.UserProxyAgent(
    "human", human_input_mode="ALWAYS", code_execution_config=False, default_auto_reply="human auto"
)
bot1, bot2 = make("bot1", "bot1 speaks"), make("bot2", "bot2 speaks")
g = autogen.GroupChat(agents=[human, bot1, bot2], messages=[], max_round=8, speaker_selection_method="round_robin")
m = autogen.GroupChatManager(g, llm_config=False)
r = human.initiate_chat(m, message="group with a human")
print("MSGS:", [(x["name"], x["content"]) for x in g.messages])
print("HUMAN INPUT:", r.human_input)
human2 = autogen.UserProxyAgent(
    "human2",
    human_input_mode="TERMINATE",
    code_execution_config=False,
    default_auto_reply="h2 auto",
    is_termination_msg=lambda x: "END" in (x.get("content") or ""),
)
bot3 = make("bot3", "bot3 says END")
g = autogen.GroupChat(agents=[human2, bot3], messages=[], max_round=6, speaker_selection_method="round_robin")
m = autogen.GroupChatManager(g, llm_config=False)
human2.initiate_chat(m, message="second group")
print("MSGS2:", [(x["name"], x["content"]) for x in g.messages])
