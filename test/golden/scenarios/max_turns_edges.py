"""max_turns 0, 1 and larger than the auto-reply limit; max_consecutive_auto_reply 0 on either side."""

import autogen


def make(n, text, **kw):
    return autogen.ConversableAgent(n, llm_config=False, human_input_mode="NEVER", default_auto_reply=text, **kw)


a, b = make("a", "a again"), make("b", "b again")
for mt in (0, 1, 3):
    r = a.initiate_chat(b, message=f"max_turns={mt}", max_turns=mt)
    print("MAX_TURNS", mt, [m["content"] for m in r.chat_history])
a, b = make("a", "a again", max_consecutive_auto_reply=1), make("b", "b again")
r = a.initiate_chat(b, message="limit 1 on a, max_turns 5", max_turns=5)
print("LIMITED:", [m["content"] for m in r.chat_history])
a, b = make("a", "a again"), make("b", "b again", max_consecutive_auto_reply=0)
r = a.initiate_chat(b, message="b never replies")
print("B ZERO:", [m["content"] for m in r.chat_history])
a, b = make("a", "a again", max_consecutive_auto_reply=2), make("b", "b again", max_consecutive_auto_reply=3)
r = a.initiate_chat(b, message="both limited")
print("BOTH:", len(r.chat_history), r.chat_history[-1])
