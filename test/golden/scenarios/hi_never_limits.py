"""NEVER mode between two LLM-less agents: max_consecutive_auto_reply, default_auto_reply, update of the limit."""

import autogen

a = autogen.ConversableAgent(
    "a", llm_config=False, human_input_mode="NEVER", default_auto_reply="reply from a", max_consecutive_auto_reply=2
)
b = autogen.ConversableAgent(
    "b", llm_config=False, human_input_mode="NEVER", default_auto_reply={"content": "dict reply from b"}
)
res = a.initiate_chat(b, message="hello b")
print("LEN:", len(res.chat_history), repr(res.summary))
print("MAX:", a.max_consecutive_auto_reply(), a.max_consecutive_auto_reply(b), b.max_consecutive_auto_reply())
a.update_max_consecutive_auto_reply(0)
res = a.initiate_chat(b, message="again")
print("LEN:", len(res.chat_history), repr(res.summary))
b.update_max_consecutive_auto_reply(1, a)
res = b.initiate_chat(a, message="from b")
print("LEN:", len(res.chat_history), repr(res.summary))
print("MAX:", b.max_consecutive_auto_reply(), b.max_consecutive_auto_reply(a))
