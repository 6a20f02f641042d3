"""code_execution_config={"executor": "commandline-local"} (string spec) and executor objects with a work_dir."""

import os
import tempfile

import autogen
from autogen.coding import LocalCommandLineCodeExecutor, MarkdownCodeExtractor

with tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)
    runner = autogen.UserProxyAgent(
        "runner", human_input_mode="NEVER", code_execution_config={"executor": "commandline-local"}
    )
    coder = autogen.ConversableAgent("coder", llm_config=False, human_input_mode="NEVER")
    print(
        "EXECUTOR:",
        type(runner.code_executor).__name__,
        runner.code_executor.timeout,
        str(runner.code_executor.work_dir),
    )
    runner.receive(
        {"content": "```python\nprint('string spec')\n```", "role": "user"}, coder, request_reply=False, silent=True
    )
    print("REPLY:", repr(runner.generate_reply(sender=coder)))
    ex = LocalCommandLineCodeExecutor(work_dir=os.path.join(tmp, "sub"), timeout=5)
    print("WORK DIR EXISTS:", os.path.isdir(os.path.join(tmp, "sub")))
    print(
        "POLICY:",
        {k: v for k, v in sorted(ex.execution_policies.items())} if hasattr(ex, "execution_policies") else "n/a",
    )
    runner2 = autogen.UserProxyAgent(
        "runner2", human_input_mode="NEVER", code_execution_config={"executor": ex, "last_n_messages": 2}
    )
    runner2.receive({"content": "```js\nconsole.log(1)\n```", "role": "user"}, coder, request_reply=False, silent=True)
    print("REPLY2:", repr(runner2.generate_reply(sender=coder)))
    runner2.receive({"content": "```html\n<p>x</p>\n```", "role": "user"}, coder, request_reply=False, silent=True)
    print("REPLY3:", repr(runner2.generate_reply(sender=coder)))
    runner2.receive(
        {"content": "```python\nimport time\ntime.sleep(10)\n```", "role": "user"},
        coder,
        request_reply=False,
        silent=True,
    )
    print("REPLY4:", repr(runner2.generate_reply(sender=coder)))
    print("EXTRACT:", MarkdownCodeExtractor().extract_code_blocks("```sh\nls\n```\n```\nnaked\n```"))
    try:
        LocalCommandLineCodeExecutor(timeout=0)
    except Exception as exc:
        print("TIMEOUT 0:", type(exc).__name__, exc)
    print(
        "FILES:",
        sorted(f for f in os.listdir(tmp) if not f.startswith("tmp_code_")),
        len([f for f in os.listdir(tmp) if f.startswith("tmp_code_")]),
    )
