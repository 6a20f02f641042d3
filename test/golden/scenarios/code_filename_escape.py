"""Legacy code execution with a `# filename:` that points outside work_dir (0.2 writes and runs it there)."""

import os
import tempfile

import autogen

with tempfile.TemporaryDirectory() as outer:
    work = os.path.join(outer, "ws")
    runner = autogen.UserProxyAgent(
        "runner", human_input_mode="NEVER", code_execution_config={"work_dir": work, "use_docker": False}
    )
    coder = autogen.ConversableAgent("coder", llm_config=False, human_input_mode="NEVER")
    runner.receive(
        {"content": "```python\n# filename: ../escape.py\nprint('escaped')\n```", "role": "user"},
        coder,
        request_reply=False,
        silent=True,
    )
    print("REPLY:", repr(runner.generate_reply(sender=coder)))
    print("FILES:", sorted(os.path.relpath(os.path.join(d, f), outer) for d, _, fs in os.walk(outer) for f in fs))
