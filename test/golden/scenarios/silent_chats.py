"""silent=True suppresses the printing of a chat (but not of function/code execution notices)."""

import tempfile
from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as work:
    server.script(
        Reply.tool_call("inc", {"x": 1}),
        Reply.text("```python\nprint('silent code')\n```"),
        Reply.text("TERMINATE"),
    )
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        max_consecutive_auto_reply=5,
        code_execution_config={"work_dir": work, "use_docker": False},
    )

    @user.register_for_execution()
    @assistant.register_for_llm(description="Increment.")
    def inc(x: Annotated[int, "x"]) -> int:
        return x + 1

    print("BEGIN SILENT")
    r = user.initiate_chat(assistant, message="go", silent=True)
    print("END SILENT", len(r.chat_history), repr(r.summary))
    a = autogen.ConversableAgent("a", llm_config=False, human_input_mode="NEVER", default_auto_reply="x")
    b = autogen.ConversableAgent("b", llm_config=False, human_input_mode="NEVER", default_auto_reply="y")
    r = a.initiate_chats(
        [
            {"recipient": b, "message": "m1", "max_turns": 1, "silent": True},
            {"recipient": b, "message": "m2", "max_turns": 1, "silent": False},
        ]
    )
    print("CHATS:", [x.summary for x in r])
    a.send("direct silent", b, request_reply=True, silent=True)
    print("LAST:", a.last_message(b))
