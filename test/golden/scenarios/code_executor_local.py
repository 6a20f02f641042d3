"""LocalCommandLineCodeExecutor passed as {"executor": ...}: output, errors, files, and direct execute_code_blocks."""

import os
import tempfile

from _loopback_shim import LoopbackLLMServer, Reply

import autogen
from autogen.coding import CodeBlock, LocalCommandLineCodeExecutor

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as work:
    executor = LocalCommandLineCodeExecutor(timeout=10, work_dir=work)
    server.script(
        Reply.text("```python\nprint('hello from executor')\n```"),
        Reply.text("```bash\necho one\necho two >&2\n```\n```python\nraise ValueError('bad')\n```"),
        Reply.text("```python\n# filename: saved.py\nprint('saved file')\n```"),
        Reply.text("```unknownlang\nfoo\n```"),
        Reply.text("TERMINATE"),
    )
    assistant = autogen.AssistantAgent(
        "assistant", llm_config={"config_list": server.config_list(), "cache_seed": None}
    )
    user = autogen.UserProxyAgent(
        "user", human_input_mode="NEVER", max_consecutive_auto_reply=10, code_execution_config={"executor": executor}
    )
    r = user.initiate_chat(assistant, message="run")
    for m in r.chat_history:
        print("MSG:", m["role"], repr(m["content"]))
    res = executor.execute_code_blocks(
        [CodeBlock(code="print(2 + 2)", language="python"), CodeBlock(code="echo hi", language="sh")]
    )
    print("DIRECT:", res.exit_code, repr(res.output), os.path.basename(str(res.code_file)) != "")
    res = executor.execute_code_blocks([CodeBlock(code="exit 3", language="sh")])
    print("DIRECT FAIL:", res.exit_code, repr(res.output))
    print("FILES:", sorted(f for f in os.listdir(work) if not f.startswith("tmp_code_")))
    print("EXTRACT:", executor.code_extractor.extract_code_blocks("text\n```python\nx = 1\n```\n"))
