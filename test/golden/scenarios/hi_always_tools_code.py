"""ALWAYS mode with tool calls and code blocks: empty answer runs them, typed answer replaces them, exit stops."""

import tempfile
from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as work:
    server.script(
        Reply.tool_call("square", {"n": 4}),
        Reply.text("```python\nprint('ran code')\n```"),
        Reply.tool_call("square", {"n": 5}),
        Reply.text("```python\nprint('not run')\n```"),
        Reply.text("TERMINATE"),
    )
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user", human_input_mode="ALWAYS", code_execution_config={"work_dir": work, "use_docker": False}
    )

    @user.register_for_execution()
    @assistant.register_for_llm(description="Square.")
    def square(n: Annotated[int, "n"]) -> int:
        return n * n

    r = user.initiate_chat(assistant, message="compute")
    for m in r.chat_history:
        print("MSG:", m.get("role"), repr(m.get("content")), bool(m.get("tool_calls")), bool(m.get("tool_responses")))
    print("HUMAN:", r.human_input)
