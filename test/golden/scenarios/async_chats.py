"""Async: a_initiate_chat with an ALWAYS human, async group chat, async nested chats, a_send/a_receive."""

import asyncio

import autogen


def make(n, text, **kw):
    return autogen.ConversableAgent(
        n, llm_config=False, default_auto_reply=text, description=n, **{"human_input_mode": "NEVER", **kw}
    )


async def main():
    human = make("human", "human default", human_input_mode="ALWAYS")
    bot = make("bot", "bot reply")
    r = await human.a_initiate_chat(bot, message="async hello")
    print("1:", r.human_input, [m["content"] for m in r.chat_history])
    a, b, c = make("A", "A async"), make("B", "B async"), make("C", "C async")
    g = autogen.GroupChat(agents=[a, b, c], messages=[], max_round=4, speaker_selection_method="round_robin")
    m = autogen.GroupChatManager(g, llm_config=False)
    r = await a.a_initiate_chat(m, message="async group")
    print("2:", [x["name"] for x in g.messages], repr(r.summary))
    host, inner = make("host", "host"), make("inner", "inner async answer")
    try:
        host.register_nested_chats([{"recipient": inner, "max_turns": 1}], trigger=[a], use_async=True)
    except ValueError as exc:
        print("NO CHAT ID:", exc)
    host.register_nested_chats(
        [{"chat_id": 7, "recipient": inner, "max_turns": 1, "summary_method": "last_msg"}], trigger=[a], use_async=True
    )
    r = await a.a_initiate_chat(host, message="nest async", max_turns=1)
    print("3:", repr(r.summary))
    await a.a_send("a_send message", b, request_reply=True)
    print("4:", a.last_message(b))
    await b.a_receive("a_receive message", a, request_reply=False)
    print("5:", b.last_message(a))
    r = await a.a_initiate_chats(
        [
            {"chat_id": 0, "recipient": b, "message": "q1", "max_turns": 1},
            {"chat_id": 1, "recipient": c, "message": "q2", "max_turns": 1, "prerequisites": [0]},
        ]
    )
    print("6:", {k: v.summary for k, v in r.items()})


asyncio.run(main())
