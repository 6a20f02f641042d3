"""More message transforms: TextMessageContentName, token limiter with min_tokens and filters, history limiter edge cases."""

from autogen.agentchat.contrib.capabilities import transforms

msgs = [
    {"role": "system", "content": "sys prompt"},
    {"role": "user", "content": "hello there", "name": "alice"},
    {"role": "assistant", "content": "hi alice", "name": "bot"},
    {"role": "user", "content": "second from alice", "name": "alice"},
    {"role": "user", "content": "alice: already prefixed", "name": "alice"},
    {"role": "tool", "content": "tool output", "tool_call_id": "x"},
]
for kwargs in (
    {},
    {"position": "end"},
    {"format_string": "<{name}>: "},
    {"deduplicate": False},
    {"filter_dict": {"role": ["user"]}},
    {"filter_dict": {"role": ["user"]}, "exclude_filter": False},
):
    t = transforms.TextMessageContentName(**kwargs)
    out = t.apply_transform([dict(m) for m in msgs])
    print("NAME", kwargs, [m["content"] for m in out])
    print("LOG", t.get_logs(msgs, out))
long = [{"role": "user", "content": "one two three four five six seven eight nine ten"} for _ in range(3)]
for kwargs in (
    {"max_tokens_per_message": 3},
    {"max_tokens": 12},
    {"max_tokens": 100, "min_tokens": 500},
    {"max_tokens": 5, "min_tokens": 10},
    {"max_tokens": 20, "min_tokens": 10},
    {"max_tokens_per_message": 2, "filter_dict": {"role": ["assistant"]}},
):
    try:
        t = transforms.MessageTokenLimiter(model="gpt-4", **kwargs)
    except ValueError as exc:
        print("TOK", kwargs, "ERR:", exc)
        continue
    out = t.apply_transform([dict(m) for m in long])
    print("TOK", kwargs, [m["content"] for m in out], t.get_logs(long, out))
for kwargs in (
    {"max_messages": 2},
    {"max_messages": None},
    {"max_messages": 10},
    {"max_messages": 3, "keep_first_message": True},
):
    t = transforms.MessageHistoryLimiter(**kwargs)
    out = t.apply_transform([dict(m) for m in msgs])
    print("HIST", kwargs, [m["role"] for m in out], t.get_logs(msgs, out))
for bad in ({"max_tokens": -1}, {"max_tokens_per_message": 0}, {"min_tokens": -2}):
    try:
        transforms.MessageTokenLimiter(**bad)
        print("OK", bad)
    except Exception as exc:
        print("BAD", bad, type(exc).__name__, exc)
