"""Carryover: a string, a list of strings, a list with a dict, and message callables; what the recipient receives."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    server.responder = lambda body: Reply.text("ack")
    user.initiate_chat(assistant, message="Task.", carryover="Some context.", max_turns=1)
    user.initiate_chat(assistant, message="Task.", carryover=["ctx one", "ctx two"], max_turns=1)
    try:
        user.initiate_chat(assistant, message="Task.", carryover=["ctx", {"content": "dict ctx"}], max_turns=1)
    except Exception as exc:
        print("DICT CARRYOVER:", type(exc).__name__, exc)
    try:
        user.initiate_chat(assistant, message="Task.", carryover=123, max_turns=1)
    except Exception as exc:
        print("INT CARRYOVER:", type(exc).__name__, exc)

    def make_message(sender, recipient, context):
        return (
            f"Made by {sender.name} for {recipient.name} with {sorted(context)} carryover={context.get('carryover')!r}"
        )

    user.initiate_chat(assistant, message=make_message, carryover="cb ctx", max_turns=1, extra_key="x")

    def make_dict(sender, recipient, context):
        return {"content": "dict message", "context": {"k": 1}}

    user.initiate_chat(assistant, message=make_dict, max_turns=1)
    user.initiate_chat(assistant, message={"content": "a dict message"}, carryover="dict ctx", max_turns=1)
    for req in server.requests:
        print("REQ:", [m.get("content") for m in req.messages if m["role"] != "system"])
