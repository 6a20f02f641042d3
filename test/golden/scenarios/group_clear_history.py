"""enable_clear_history: a 'clear history' message (with and without agent names / a number) clears the group."""

import autogen


def make(n, text):
    return autogen.ConversableAgent(
        n, llm_config=False, human_input_mode="NEVER", default_auto_reply=text, description=n
    )


for first in (
    "Please clear history now.",
    "clear history 1",
    "CLEAR HISTORY Bob",
    "clear history Bob 1",
    "clear history Cat 2",
):
    A, B, C = make("Alice", "Alice talks"), make("Bob", "Bob talks"), make("Cat", {"content": first})
    g = autogen.GroupChat(
        agents=[A, B, C], messages=[], max_round=5, speaker_selection_method="round_robin", enable_clear_history=True
    )
    m = autogen.GroupChatManager(g, llm_config=False)
    A.initiate_chat(m, message=first)
    print("MSGS:", [(x["name"], x["content"]) for x in g.messages])
    print("BOB SEES:", [x["content"] for x in B.chat_messages[m]])
A, B = make("Alice", "clear history"), make("Bob", "Bob talks")
g = autogen.GroupChat(
    agents=[A, B], messages=[], max_round=3, speaker_selection_method="round_robin", enable_clear_history=False
)
m = autogen.GroupChatManager(g, llm_config=False)
A.initiate_chat(m, message="clear history")
print("DISABLED:", [(x["name"], x["content"]) for x in g.messages])
