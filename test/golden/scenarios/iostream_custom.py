"""A custom IOStream as the default: every print call (with its sep/end/flush) and input goes through it."""

import tempfile
from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen
from autogen.io import IOStream


class Recording:
    def __init__(self):
        self.answers = ["", "typed", "exit"]

    def print(self, *objects, sep=" ", end="\n", flush=False):
        print(f"PRINT{objects!r} sep={sep!r} end={end!r} flush={flush}")

    def input(self, prompt="", *, password=False):
        print(f"INPUT({prompt!r}, password={password})")
        return self.answers.pop(0)


with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as work:
    server.script(
        Reply.tool_call("inc", {"x": 1}),
        Reply.text("```python\nprint('hi')\n```"),
        Reply.text(
            "streamed words here",
        ),
    )
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user", human_input_mode="ALWAYS", code_execution_config={"work_dir": work, "use_docker": False}
    )

    @user.register_for_execution()
    @assistant.register_for_llm(description="Increment.")
    def inc(x: Annotated[int, "x"]) -> int:
        return x + 1

    with IOStream.set_default(Recording()):
        user.initiate_chat(assistant, message="go")
        streaming = autogen.ConversableAgent(
            "streamer", llm_config={**cfg, "stream": True}, system_message="You stream."
        )
        server.script(Reply.text("streamed words here"))
        plain = autogen.ConversableAgent("plain", llm_config=False, human_input_mode="NEVER", default_auto_reply="x")
        plain.initiate_chat(streaming, message="stream", max_turns=1)
        plain.initiate_chats([{"recipient": streaming, "message": "s2", "max_turns": 1}])
        plain.initiate_chat(
            streaming, message="s3", max_turns=1, summary_method="last_msg", silent=True
        ) if False else None
        streaming.print_usage_summary()
