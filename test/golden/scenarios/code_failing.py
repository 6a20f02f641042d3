"""Failing code: a traceback, a nonzero exit, a timeout, and stderr output."""

import tempfile

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as work:
    server.script(
        Reply.text("```python\nx = 1\nprint('before')\nraise RuntimeError('boom')\n```"),
        Reply.text("```sh\necho out; echo err 1>&2; exit 4\n```"),
        Reply.text("```python\nimport time\nprint('sleeping')\ntime.sleep(30)\n```"),
        Reply.text("```python\nprint('fine')\n```\n```python\n1/0\n```\n```python\nprint('never runs')\n```"),
        Reply.text("TERMINATE"),
    )
    assistant = autogen.AssistantAgent(
        "assistant", llm_config={"config_list": server.config_list(), "cache_seed": None}
    )
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        max_consecutive_auto_reply=10,
        code_execution_config={"work_dir": work, "use_docker": False, "timeout": 2},
    )
    r = user.initiate_chat(assistant, message="fail")
    for m in r.chat_history:
        print("MSG:", m["role"], repr(m["content"]))
