"""`# filename:` code blocks are saved under work_dir and can import each other; outside paths are refused."""

import os
import tempfile

import autogen

with tempfile.TemporaryDirectory() as outer:
    work = os.path.join(outer, "ws")
    runner = autogen.UserProxyAgent(
        "runner", human_input_mode="NEVER", code_execution_config={"work_dir": work, "use_docker": False}
    )
    coder = autogen.ConversableAgent("coder", llm_config=False, human_input_mode="NEVER")
    msgs = [
        "```python\n# filename: helper.py\nVALUE = 41\nprint('helper ran')\n```",
        "```python\n# filename: main.py\nfrom helper import VALUE\nprint(VALUE + 1)\n```",
        "```sh\n# filename: run.sh\necho shell file\n```",
        "```python\n# filename: sub/dir/deep.py\nprint('deep')\n```",
        "```python\n#filename:nospace.py\nprint('nospace')\n```",
    ]
    for text in msgs:
        runner.receive({"content": text, "role": "user"}, coder, request_reply=False, silent=True)
        print("REPLY:", repr(runner.generate_reply(sender=coder)))
    print("FILES:", sorted(os.path.relpath(os.path.join(d, f), outer) for d, _, fs in os.walk(outer) for f in fs))
