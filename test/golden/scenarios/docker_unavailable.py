"""use_docker=True without a running docker: the errors raised by execute_code and by a UserProxyAgent."""

import tempfile

import autogen
from autogen.code_utils import check_can_use_docker_or_throw, decide_use_docker, execute_code, is_docker_running

print("RUNNING:", is_docker_running())
print("DECIDE:", decide_use_docker(None), decide_use_docker(False))
for arg in (True, "python:3-slim", ["python:3-slim"]):
    try:
        check_can_use_docker_or_throw(arg)
        print("CAN:", arg)
    except Exception as exc:
        print("CANNOT:", arg, type(exc).__name__, exc)
with tempfile.TemporaryDirectory() as work:
    try:
        execute_code("print(1)", work_dir=work, use_docker=True)
    except Exception as exc:
        print("EXEC:", type(exc).__name__, exc)
    try:
        runner = autogen.UserProxyAgent(
            "runner", human_input_mode="NEVER", code_execution_config={"work_dir": work, "use_docker": True}
        )
        coder = autogen.ConversableAgent("coder", llm_config=False)
        runner.receive({"content": "```python\nprint(1)\n```", "role": "user"}, coder, request_reply=False, silent=True)
        print("REPLY:", runner.generate_reply(sender=coder))
    except Exception as exc:
        print("AGENT:", type(exc).__name__, exc)
