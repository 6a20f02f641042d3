"""execute_function / a_execute_function called directly; register_function to add, replace and remove."""

import asyncio

import autogen


def add(a, b):
    return a + b


async def aadd(a, b):
    return a + b


def boom():
    raise RuntimeError("exploded")


agent = autogen.ConversableAgent("agent", llm_config=False)
agent.register_function({"add": add, "aadd": aadd, "boom": boom})
print(
    "CAN:",
    agent.can_execute_function("add"),
    agent.can_execute_function(["add", "zzz"]),
    agent.can_execute_function("zzz"),
)
calls = [
    {"name": "add", "arguments": '{"a": 1, "b": 2}'},
    {"name": "add", "arguments": '{"a": 1}'},
    {"name": "add", "arguments": "{bad"},
    {"name": "boom", "arguments": "{}"},
    {"name": "zzz", "arguments": "{}"},
    {"name": "add", "arguments": '{"a": "x", "b": "y"}'},
]
for call in calls:
    print("SYNC:", agent.execute_function(call))
for call in [{"name": "aadd", "arguments": '{"a": 2, "b": 3}'}, {"name": "add", "arguments": '{"a": 2, "b": 3}'}]:
    print("ASYNC:", asyncio.run(agent.a_execute_function(call)))
print("SYNC ON ASYNC FN:", agent.execute_function({"name": "aadd", "arguments": '{"a": 2, "b": 3}'}))
agent.register_function({"add": None})
print("REMOVED:", sorted(agent.function_map))
