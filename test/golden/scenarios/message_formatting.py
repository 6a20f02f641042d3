"""How received messages are printed: function calls, tool calls, responses, context templates, multimodal, None."""

import autogen

a = autogen.ConversableAgent("a", llm_config=False, human_input_mode="NEVER")
b = autogen.ConversableAgent("b", llm_config=False, human_input_mode="NEVER")
msgs = [
    {"content": "plain text"},
    {"content": None, "function_call": {"name": "fn", "arguments": '{"x": 1}'}},
    {"content": "text and call", "function_call": {"name": "fn", "arguments": "{}"}},
    {"content": "function result", "role": "function", "name": "fn"},
    {
        "content": "",
        "tool_calls": [
            {"id": "t1", "type": "function", "function": {"name": "g", "arguments": '{"a": 1}'}},
            {"id": "t2", "type": "function", "function": {"name": "h", "arguments": "{}"}},
        ],
    },
    {
        "content": "r1\n\nr2",
        "role": "tool",
        "tool_responses": [
            {"tool_call_id": "t1", "role": "tool", "content": "r1"},
            {"tool_call_id": "t2", "role": "tool", "content": "r2"},
        ],
    },
    {"content": "Hello {name}!", "context": {"name": "World"}},
    {"content": "Braces {kept}", "context": {"other": 1}},
    {
        "content": [
            {"type": "text", "text": "look at"},
            {"type": "image_url", "image_url": {"url": "http://example.com/a.png"}},
        ]
    },
    {"content": "", "role": "user"},
    {"content": "multi\nline\n\ncontent   with spaces  "},
    {"content": 12345},
    {"content": "with a name", "name": "impostor"},
    {
        "content": None,
        "tool_calls": [{"id": "t3", "type": "function", "function": {"name": "no_args", "arguments": ""}}],
    },
    {"content": "done", "function_call": {"name": "f", "arguments": "not json"}},
]
for m in msgs:
    try:
        a.send(m, b, request_reply=False)
    except Exception as exc:
        print("ERR:", type(exc).__name__, exc)
templ = autogen.ConversableAgent("templ", llm_config=False, human_input_mode="NEVER")
templ.llm_config = {"allow_format_str_template": True}
a.send({"content": "Hi {who}", "context": {"who": "there"}}, templ, request_reply=False)
print("STORED:", templ.chat_messages[a][-1])
for m in b.chat_messages[a]:
    print("STORED:", m)
