"""clear_history True/False across initiate_chat calls; clear_history on the agent; chat_messages and last_message."""

import autogen

a = autogen.ConversableAgent("a", llm_config=False, human_input_mode="NEVER", default_auto_reply="a says")
b = autogen.ConversableAgent("b", llm_config=False, human_input_mode="NEVER", default_auto_reply="b says")
c = autogen.ConversableAgent("c", llm_config=False, human_input_mode="NEVER", default_auto_reply="c says")
r = a.initiate_chat(b, message="first", max_turns=1)
print("1:", len(r.chat_history), len(a.chat_messages[b]), len(b.chat_messages[a]))
r = a.initiate_chat(b, message="second", max_turns=1, clear_history=False)
print("2:", len(r.chat_history), [m["content"] for m in r.chat_history])
r = a.initiate_chat(b, message="third", max_turns=1)
print("3:", len(r.chat_history))
a.initiate_chat(c, message="to c", max_turns=1)
print("4:", sorted(x.name for x in a.chat_messages), a.last_message(c), a.last_message(b))
a.clear_history(c)
print("5:", len(a.chat_messages[b]), len(a.chat_messages[c]))
a.clear_history(b, nr_messages_to_preserve=1)
print("6:", a.chat_messages[b])
a.clear_history()
print("7:", dict(a.chat_messages))
try:
    print("8:", a.last_message())
except Exception as exc:
    print("8 ERR:", type(exc).__name__, exc)
r = a.initiate_chat(b, message="resume test", max_turns=1, clear_history=False)
print("9:", [m["content"] for m in r.chat_history])
print("10:", b.last_message())
