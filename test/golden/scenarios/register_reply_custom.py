"""register_reply: custom reply functions, positions, triggers of several kinds, fall-through, config."""

import autogen

a = autogen.ConversableAgent("a", llm_config=False, human_input_mode="NEVER", default_auto_reply="default from a")
b = autogen.ConversableAgent("b", llm_config=False, human_input_mode="NEVER", default_auto_reply="default from b")
log = []


def passes(recipient, messages=None, sender=None, config=None):
    log.append(("passes", recipient.name, sender.name if sender else None, len(messages or []), config))
    return False, None


def answers(recipient, messages=None, sender=None, config=None):
    log.append(("answers", recipient.name, messages[-1]["content"]))
    return True, f"custom answer to {messages[-1]['content']!r}"


def final_none(recipient, messages=None, sender=None, config=None):
    return True, None


b.register_reply(autogen.Agent, passes, position=0, config={"k": 1})
b.register_reply([a, "nobody"], answers, position=1)
r = a.initiate_chat(b, message="q1", max_turns=2)
print("R1:", [m["content"] for m in r.chat_history])
print("LOG:", log)
log.clear()
# a callable trigger that refuses: the default reply comes back
c = autogen.ConversableAgent("c", llm_config=False, human_input_mode="NEVER", default_auto_reply="default from c")
c.register_reply(lambda s: s.name == "zzz", answers)
r = a.initiate_chat(c, message="q2", max_turns=1)
print("R2:", [m["content"] for m in r.chat_history])
# a final reply of None ends the chat
d = autogen.ConversableAgent("d", llm_config=False, human_input_mode="NEVER", default_auto_reply="never seen")
try:
    d.register_reply(None, final_none)
except ValueError as exc:
    print("NONE TRIGGER:", exc)
d.register_reply([autogen.Agent, None], final_none)
r = a.initiate_chat(d, message="q3", max_turns=3)
print("R3:", [m["content"] for m in r.chat_history], repr(r.summary))
# a reply function returning a dict
e = autogen.ConversableAgent("e", llm_config=False, human_input_mode="NEVER")
e.register_reply(
    autogen.ConversableAgent,
    lambda recipient, messages, sender, config: (True, {"content": "dict", "role": "assistant"}),
)
r = a.initiate_chat(e, message="q4", max_turns=1)
print("R4:", r.chat_history)
# string trigger by name
f = autogen.ConversableAgent("f", llm_config=False, human_input_mode="NEVER", default_auto_reply="f default")
f.register_reply("a", lambda recipient, messages, sender, config: (True, "by name"))
print(
    "R5:",
    f.generate_reply(messages=[{"role": "user", "content": "x"}], sender=a),
    f.generate_reply(messages=[{"role": "user", "content": "x"}], sender=b),
)
try:
    print("R6:", f.generate_reply(messages=[{"role": "user", "content": "x"}]))
except Exception as exc:
    print("R6 ERR:", type(exc).__name__, exc)
# replace_reply_func and reply_func_list length change
before = len(f._reply_func_list)
f.register_reply("b", passes, remove_other_reply_funcs=True)
print("R7:", before, len(f._reply_func_list), f.generate_reply(messages=[{"role": "user", "content": "x"}], sender=b))
try:
    f.register_reply(42, passes)
except Exception as exc:
    print("ERR:", type(exc).__name__, exc)
