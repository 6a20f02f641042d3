"""ConversableAgent(chat_messages=...) preloads a conversation that later chats continue."""

import autogen

a = autogen.ConversableAgent("a", llm_config=False, human_input_mode="NEVER", default_auto_reply="a continues")
b = autogen.ConversableAgent(
    "b",
    llm_config=False,
    human_input_mode="NEVER",
    default_auto_reply="b continues",
    chat_messages={
        a: [{"content": "old from a", "role": "user", "name": "a"}, {"content": "old from b", "role": "assistant"}]
    },
)
print("PRELOADED:", b.chat_messages[a], len(a.chat_messages[b]))
r = a.initiate_chat(b, message="new message", max_turns=1, clear_history=False)
print("HISTORY:", [m["content"] for m in r.chat_history])
print("B SEES:", [m["content"] for m in b.chat_messages[a]])
