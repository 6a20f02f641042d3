"""The two-agent demo (test/twoagent.py) runs end to end against the loopback server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "twoagent.py"

CODE_REPLY = "I will compute it.\n```python\n# filename: answer.py\nprint('demo value', 6 * 7)\n```"


def test_twoagent_demo_executes_model_code_and_terminates(llm_server, reply, tmp_path):
    llm_server.script(reply.text(CODE_REPLY), reply.text("The output shows 42. TERMINATE"))
    (tmp_path / "OAI_CONFIG_LIST").write_text(json.dumps(llm_server.config_list()))
    env = {k: v for k, v in os.environ.items() if k != "OAI_CONFIG_LIST"}
    env["AUTOGEN_USE_DOCKER"] = "False"
    proc = subprocess.run(
        [sys.executable, str(DEMO)],
        cwd=tmp_path,
        env=env,
        input="\n" * 10,  # a human pressing enter, should the demo ask
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    transcript = proc.stdout
    assert "exitcode: 0 (execution succeeded)" in transcript
    assert "demo value 42" in transcript
    assert "The output shows 42. TERMINATE" in transcript
    assert (tmp_path / "coding" / "answer.py").exists()
    # the second request carried the execution output back to the model
    assert "demo value 42" in llm_server.requests[1].messages[-1]["content"]
    assert len(llm_server.requests) == 2
