"""Three parallel tool calls in one message (one fails), with content alongside, then a second round."""

from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.tool_calls_(
            [
                {"name": "get", "arguments": {"key": "a"}, "id": "call_A"},
                {"name": "get", "arguments": {"key": "zzz"}, "id": "call_B"},
                {"name": "put", "arguments": {"key": "c", "value": 3}, "id": "call_C"},
            ],
            content="Fetching several keys.",
        ),
        Reply.tool_calls_([{"name": "get", "arguments": {"key": "c"}}, {"name": "get", "arguments": {"key": "a"}}]),
        Reply.text("Done. TERMINATE"),
    )
    store = {"a": 1}
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        code_execution_config=False,
        max_consecutive_auto_reply=10,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    @user.register_for_execution()
    @assistant.register_for_llm(description="Get a key.")
    def get(key: Annotated[str, "the key"]) -> int:
        return store[key]

    @user.register_for_execution()
    @assistant.register_for_llm(description="Put a key.")
    def put(key: str, value: int) -> str:
        store[key] = value
        return f"stored {key}"

    r = user.initiate_chat(assistant, message="work with the store")
    for m in r.chat_history:
        print("MSG:", m)
    for req in server.requests[1:]:
        print("REQ:", [{k: v for k, v in m.items() if k != "content" or m["role"] != "system"} for m in req.messages])
