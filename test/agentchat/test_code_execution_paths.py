"""The demo's code block gives the same result through a code executor and through the legacy dict."""

from __future__ import annotations

from autogen import AssistantAgent, UserProxyAgent
from autogen.coding import LocalCommandLineCodeExecutor
from autogen.testing import Reply

DEMO_BLOCK = "Here you go:\n```python\nprint(sum(range(10)))\n```"


def _run(llm_server, code_execution_config):
    llm_server.script(Reply.text(DEMO_BLOCK), Reply.text("TERMINATE"))
    assistant = AssistantAgent("assistant", llm_config={"config_list": llm_server.config_list(), "cache_seed": None})
    user = UserProxyAgent(
        "user_proxy",
        human_input_mode="NEVER",
        code_execution_config=code_execution_config,
        max_consecutive_auto_reply=2,
    )
    result = user.initiate_chat(assistant, message="Sum 0..9 in Python.", silent=True)
    return result.chat_history[2]["content"]


def test_executor_and_legacy_dict_run_the_demo_block_alike(llm_server, tmp_path):
    legacy = _run(llm_server, {"work_dir": str(tmp_path / "legacy"), "use_docker": False})
    executor = LocalCommandLineCodeExecutor(work_dir=str(tmp_path / "executor"))
    via_executor = _run(llm_server, {"executor": executor})
    # 0.2's two paths word the output slightly differently ("Code output: \n45" vs "Code output: 45"); same result.
    assert legacy == "exitcode: 0 (execution succeeded)\nCode output: \n45\n"
    assert via_executor == "exitcode: 0 (execution succeeded)\nCode output: 45\n"
