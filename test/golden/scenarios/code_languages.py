"""Code blocks in several languages (python, sh, bash, shell, unknown, no tag) in one message and apart."""

import tempfile

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as work:
    server.script(
        Reply.text("```bash\necho from bash\n```\n```shell\necho from shell\n```"),
        Reply.text("```\nprint('untagged python')\n```"),
        Reply.text("```\necho untagged shell\n```"),
        Reply.text("```ruby\nputs 'hi'\n```"),
        Reply.text("```Python\nprint('Capital P')\n```\n```py\nprint('py tag')\n```"),
        Reply.text("```javascript\nconsole.log(1)\n```\n```python\nprint('after js')\n```"),
        Reply.text("TERMINATE"),
    )
    assistant = autogen.AssistantAgent(
        "assistant", llm_config={"config_list": server.config_list(), "cache_seed": None}
    )
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        max_consecutive_auto_reply=10,
        code_execution_config={"work_dir": work, "use_docker": False},
    )
    r = user.initiate_chat(assistant, message="run things")
    for m in r.chat_history:
        print("MSG:", m["role"], repr(m["content"]))
