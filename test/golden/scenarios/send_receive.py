"""send/receive directly: request_reply True/False/None, dict messages, invalid messages, silent."""

import autogen

a = autogen.ConversableAgent(
    "a", llm_config=False, human_input_mode="NEVER", default_auto_reply="reply of a", max_consecutive_auto_reply=2
)
b = autogen.ConversableAgent(
    "b", llm_config=False, human_input_mode="NEVER", default_auto_reply="reply of b", max_consecutive_auto_reply=1
)
a.send("no reply wanted", b, request_reply=False)
print("AFTER 1:", [m["content"] for m in b.chat_messages[a]])
a.send("reply wanted", b, request_reply=True)
print("AFTER 2:", [m["content"] for m in b.chat_messages[a]])
a.send({"content": "dict with name", "name": "someone", "role": "user"}, b, request_reply=False)
print("AFTER 3:", b.chat_messages[a][-1])
a.send({"content": "with context", "context": {"x": 1}}, b, request_reply=False)
print("AFTER 4:", b.chat_messages[a][-1], a.chat_messages[b][-1])
try:
    a.send({"no_content": True}, b)
except Exception as exc:
    print("INVALID:", type(exc).__name__, exc)
try:
    a.send({"content": None}, b, request_reply=False)
    print("NONE CONTENT OK:", b.chat_messages[a][-1])
except Exception as exc:
    print("NONE CONTENT:", type(exc).__name__, exc)
b.receive("received directly", a, request_reply=False)
print("AFTER 5:", b.chat_messages[a][-1])
b.reply_at_receive[a] = True
b.receive("received with default request_reply", a)
print("AFTER 6:", a.chat_messages[b][-1])
a.send({"content": "function message", "role": "function", "name": "fn"}, b, request_reply=False)
a.send(
    {"content": "tool", "role": "tool", "tool_responses": [{"tool_call_id": "x", "role": "tool", "content": "r"}]},
    b,
    request_reply=False,
)
a.send({"content": None, "function_call": {"name": "f", "arguments": "{}"}}, b, request_reply=False)
a.send(
    {
        "content": "x",
        "tool_calls": [{"id": "t1", "type": "function", "function": {"name": "g", "arguments": '{"a": 1}'}}],
    },
    b,
    request_reply=False,
)
a.send(
    {
        "content": [
            {"type": "text", "text": "multimodal text"},
            {"type": "image_url", "image_url": {"url": "http://x/y.png"}},
        ]
    },
    b,
    request_reply=False,
)
a.send(["list", "message"], b, request_reply=False) if False else None
print("B MSGS:", len(b.chat_messages[a]))
