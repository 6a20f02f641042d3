"""Unicode and multi-line content through tool arguments, tool results, code output and streaming."""

import tempfile
from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as work:
    server.script(
        Reply.tool_call("echo", '{"text": "héllo ✓ 日本"}'),
        Reply.tool_call("echo", '{\n  "text": "multi\\nline"\n}'),
        Reply.text("```python\nprint('naïve café ✓')\nprint('line2')\n```"),
        Reply.text("Ünïcödé streamed ✓✓✓ done. TERMINATE"),
    )
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    bot = autogen.AssistantAgent("bot", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        max_consecutive_auto_reply=6,
        code_execution_config={"work_dir": work, "use_docker": False},
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    @user.register_for_execution()
    @bot.register_for_llm(description="Echo text.")
    def echo(text: Annotated[str, "text"]) -> str:
        return f"«{text}»"

    user.initiate_chat(bot, message="ünïcode please ✓")
    for m in user.chat_messages[bot]:
        print("MSG:", m.get("content"))
