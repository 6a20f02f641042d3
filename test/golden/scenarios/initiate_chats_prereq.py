"""a_initiate_chats with chat_id and prerequisites; sync initiate_chats with a finished-chat queue and summaries."""

import asyncio

import autogen


def make(name, text):
    return autogen.ConversableAgent(name, llm_config=False, human_input_mode="NEVER", default_auto_reply=text)


user = make("user", "user says ok")
a, b, c = make("a", "a result"), make("b", "b result"), make("c", "c result")


async def main():
    res = await user.a_initiate_chats(
        [
            {"chat_id": 1, "recipient": a, "message": "task a", "max_turns": 1, "summary_method": "last_msg"},
            {"chat_id": 2, "prerequisites": [1], "recipient": b, "message": "task b", "max_turns": 1},
            {"chat_id": 3, "prerequisites": [1, 2], "recipient": c, "message": "task c", "max_turns": 1},
        ]
    )
    for k in sorted(res):
        print("ASYNC RESULT:", k, repr(res[k].summary), [m["content"] for m in res[k].chat_history])


asyncio.run(main())
res = user.initiate_chats(
    [
        {"recipient": a, "message": "one", "max_turns": 1},
        {"recipient": b, "message": "two", "max_turns": 2, "summary_method": lambda s, r, args: "custom"},
        {"recipient": c, "message": "three", "max_turns": 1, "carryover": "extra"},
    ]
)
for r in res:
    print("SYNC RESULT:", repr(r.summary), [m["content"] for m in r.chat_history])
try:
    user.initiate_chats([{"message": "no recipient"}])
except Exception as exc:
    print("NO RECIPIENT:", type(exc).__name__, exc)
