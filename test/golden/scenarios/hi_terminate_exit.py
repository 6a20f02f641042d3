"""TERMINATE mode answered with 'exit' at the auto-reply limit, and ALWAYS mode on the replying side."""

import autogen

bot = autogen.ConversableAgent("bot", llm_config=False, human_input_mode="NEVER", default_auto_reply="bot line")
user = autogen.ConversableAgent(
    "user", llm_config=False, human_input_mode="TERMINATE", max_consecutive_auto_reply=1, default_auto_reply="user auto"
)
r = user.initiate_chat(bot, message="start")
print("1:", r.human_input, len(r.chat_history))
# the recipient asks its human
responder = autogen.ConversableAgent(
    "responder", llm_config=False, human_input_mode="ALWAYS", default_auto_reply="responder auto"
)
asker = autogen.ConversableAgent(
    "asker", llm_config=False, human_input_mode="NEVER", default_auto_reply="asker again", max_consecutive_auto_reply=5
)
r = asker.initiate_chat(responder, message="question for a human")
print("2:", r.human_input, [m["content"] for m in r.chat_history])
r = asker.initiate_chat(responder, message="with max_turns", max_turns=2)
print("3:", r.human_input, [m["content"] for m in r.chat_history])
