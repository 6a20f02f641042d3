"""Async reply functions in sync chats (error / ignored), sync+async twins in a_initiate_chat, verbose execute_function."""

import asyncio

import autogen


async def async_reply(recipient, messages, sender, config):
    return True, "async reply wins"


a = autogen.ConversableAgent(
    "a", llm_config=False, human_input_mode="NEVER", default_auto_reply="a default", max_consecutive_auto_reply=3
)
b = autogen.ConversableAgent(
    "b", llm_config=False, human_input_mode="NEVER", default_auto_reply="b default", max_consecutive_auto_reply=3
)
b.register_reply([autogen.Agent, None], async_reply, ignore_async_in_sync_chat=False)
try:
    a.initiate_chat(b, message="sync with async func")
except Exception as exc:
    print("SYNC ERR:", type(exc).__name__, str(exc).split(": ")[0])
c = autogen.ConversableAgent(
    "c", llm_config=False, human_input_mode="NEVER", default_auto_reply="c default", max_consecutive_auto_reply=3
)
c.register_reply([autogen.Agent, None], async_reply, ignore_async_in_sync_chat=True)
r = a.initiate_chat(c, message="sync with ignored async func")
print("IGNORED:", [m["content"] for m in r.chat_history])
r = asyncio.run(a.a_initiate_chat(c, message="async chat"))
print("ASYNC:", [m["content"] for m in r.chat_history])
x = autogen.ConversableAgent(
    "x", llm_config=False, human_input_mode="NEVER", default_auto_reply="x default", max_consecutive_auto_reply=3
)
y = autogen.ConversableAgent(
    "y", llm_config=False, human_input_mode="NEVER", default_auto_reply="y default", max_consecutive_auto_reply=3
)
print("SYNC COUNT:", len(x.initiate_chat(y, message="count").chat_history))
print("ASYNC COUNT:", len(asyncio.run(x.a_initiate_chat(y, message="count")).chat_history))


def mul(a, b):
    return a * b


x.register_function({"mul": mul})
print("VERBOSE:", x.execute_function({"name": "mul", "arguments": '{\n"a": 3,\n"b": "ab"\n}'}, verbose=True))
print("VERBOSE ERR:", x.execute_function({"name": "mul", "arguments": '{"a": 3}'}, verbose=True))
