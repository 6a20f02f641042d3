"""Legacy function_call replies executed through function_map, including bad args and an unknown name."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen


def multiply(a, b):
    return a * b


def shout(text):
    return {"loud": text.upper()}


with LoopbackLLMServer() as server:
    server.script(
        Reply.function("multiply", {"a": 6, "b": 7}),
        Reply.function("shout", {"text": "hey"}),
        Reply.function("multiply", '{"a": 1,'),
        Reply.function("unknown_fn", {}),
        Reply.function("multiply", {"a": 1}),
        Reply.text("TERMINATE"),
    )
    functions = [
        {
            "name": "multiply",
            "description": "Multiply.",
            "parameters": {
                "type": "object",
                "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
                "required": ["a", "b"],
            },
        },
        {
            "name": "shout",
            "description": "Shout.",
            "parameters": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]},
        },
    ]
    cfg = {"config_list": server.config_list(), "cache_seed": None, "functions": functions}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        code_execution_config=False,
        max_consecutive_auto_reply=10,
        function_map={"multiply": multiply, "shout": shout},
    )
    result = user.initiate_chat(assistant, message="Compute.")
    for m in result.chat_history:
        print("MSG:", m)
    print("FUNCS:", sorted(user.function_map))
    print("REQ FUNCS:", [f["name"] for f in server.requests[0].body.get("functions", [])])
