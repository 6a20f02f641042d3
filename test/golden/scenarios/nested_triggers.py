"""Nested chats with several trigger kinds, a callable message, reply_func_from_nested_chats, position."""

import autogen


def make(name, text, **kw):
    return autogen.ConversableAgent(name, llm_config=False, human_input_mode="NEVER", default_auto_reply=text, **kw)


host = make("host", "host default")
inner1, inner2 = make("inner1", "inner1 says"), make("inner2", "inner2 says")
alice, bob, carol = make("alice", "alice"), make("bob", "bob"), make("carol", "carol")


def second_message(recipient, messages, sender, config):
    return (
        f"Second step; first said: {recipient.chat_messages_for_summary(sender)[-1]['content']!r}; {len(messages)} msgs"
    )


chats = [
    {"recipient": inner1, "max_turns": 1, "summary_method": "last_msg"},
    {"recipient": inner2, "message": second_message, "max_turns": 1, "summary_method": "last_msg"},
]
host.register_nested_chats(chats, trigger=[alice, "bob"])
host.register_nested_chats(
    [{"recipient": inner2, "max_turns": 2, "summary_method": lambda s, r, a: "carol summary"}],
    trigger=lambda sender: sender.name == "carol",
    position=0,
)
for sender in (alice, bob, carol):
    r = sender.initiate_chat(host, message=f"hello from {sender.name}", max_turns=1)
    print("RESULT:", sender.name, repr(r.summary))
print("INNER1 HISTORY:", {k.name: [m["content"] for m in v] for k, v in inner1.chat_messages.items()})
other = make("other", "other")
r = other.initiate_chat(host, message="not a trigger", max_turns=1)
print("OTHER:", repr(r.summary))
