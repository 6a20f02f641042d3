"""Code execution reply functions: legacy execute_code path and the code-executor path."""

from __future__ import annotations

import pytest

from autogen.agentchat import ConversableAgent
from autogen.coding import LocalCommandLineCodeExecutor

HELLO = "```python\nprint('hello world')\n```"


def _agent(tmp_path, **config):
    return ConversableAgent(
        "runner",
        llm_config=False,
        human_input_mode="NEVER",
        code_execution_config={"work_dir": str(tmp_path), "use_docker": False, **config},
    )


def test_disabled_config_gives_no_reply():
    agent = ConversableAgent("a", llm_config=False)
    assert agent.generate_code_execution_reply([{"content": HELLO, "role": "user"}], config=False) == (False, None)


def test_no_code_gives_no_reply(tmp_path):
    assert _agent(tmp_path).generate_code_execution_reply([{"content": "no code", "role": "user"}]) == (False, None)


def test_runs_code_and_restores_last_n_messages(tmp_path, scripted_io):
    agent = _agent(tmp_path, last_n_messages=1)
    result = agent.generate_code_execution_reply([{"content": HELLO, "role": "user"}])
    assert result == (True, "exitcode: 0 (execution succeeded)\nCode output: \nhello world\n")
    assert agent._code_execution_config["last_n_messages"] == 1
    assert "EXECUTING CODE BLOCK 0 (inferred language is python)..." in scripted_io.text


def test_code_outside_last_n_is_ignored(tmp_path):
    agent = _agent(tmp_path, last_n_messages=1)
    messages = [{"content": HELLO, "role": "user"}, {"content": "text", "role": "user"}]
    assert agent.generate_code_execution_reply(messages) == (False, None)


def test_auto_scans_messages_since_the_agent_last_spoke(tmp_path, scripted_io):
    agent = _agent(tmp_path)
    with_own = [
        {"content": HELLO, "role": "user"},
        {"content": "mine", "role": "assistant"},
        {"content": "x", "role": "user"},
    ]
    assert agent.generate_code_execution_reply(with_own) == (False, None)
    without_own = [{"content": HELLO, "role": "user"}, {"content": "x", "role": "user"}]
    assert agent.generate_code_execution_reply(without_own)[0] is True
    assert agent._code_execution_config["last_n_messages"] == "auto"


@pytest.mark.parametrize("bad", [-1, "hello world"])
def test_invalid_last_n_messages(tmp_path, bad):
    agent = _agent(tmp_path, last_n_messages=bad)
    with pytest.raises(
        ValueError, match="last_n_messages must be either a non-negative integer, or the string 'auto'."
    ):
        agent.generate_code_execution_reply([{"content": HELLO, "role": "user"}])


def test_failing_code_reports_failure_and_unknown_language(tmp_path, scripted_io):
    agent = _agent(tmp_path)
    exitcode, logs = agent.execute_code_blocks([("python", "raise SystemExit(3)"), ("python", "print('not run')")])
    assert exitcode != 0 and "not run" not in logs
    assert agent.execute_code_blocks([("cobol", "DISPLAY 'x'.")]) == (1, "\nunknown language cobol")


def test_filename_comment_saves_code(tmp_path, scripted_io):
    agent = _agent(tmp_path)
    exitcode, logs = agent.execute_code_blocks([("python", "# filename: saved.py\nprint('saved')")])
    assert exitcode == 0 and (tmp_path / "saved.py").exists()


def test_executor_path(tmp_path, scripted_io):
    executor = LocalCommandLineCodeExecutor(work_dir=str(tmp_path))
    agent = ConversableAgent("runner", llm_config=False, code_execution_config={"executor": executor})
    assert agent.code_executor is executor
    assert agent._reply_func_list[6]["reply_func"].__name__ == "_generate_code_execution_reply_using_executor"
    final, text = agent._generate_code_execution_reply_using_executor([{"content": HELLO, "role": "user"}])
    assert final and text.startswith("exitcode: 0 (execution succeeded)\nCode output: hello world")
    assert "EXECUTING CODE BLOCK (inferred language is python)..." in scripted_io.text
    two = HELLO + "\n```sh\necho hi\n```"
    agent._generate_code_execution_reply_using_executor([{"content": two, "role": "user"}])
    assert "EXECUTING 2 CODE BLOCKS (inferred languages are [python, sh])..." in scripted_io.text
    with pytest.raises(ValueError):
        agent._generate_code_execution_reply_using_executor([{"content": HELLO}], config={})


def test_run_code_is_an_override_point(tmp_path, scripted_io):
    class Recording(ConversableAgent):
        def run_code(self, code, **kwargs):
            return 0, f"ran {kwargs['lang']}", None

    agent = Recording("r", llm_config=False, code_execution_config={"use_docker": False})
    assert agent.generate_code_execution_reply([{"content": "```sh\necho x\n```", "role": "user"}]) == (
        True,
        "exitcode: 0 (execution succeeded)\nCode output: \nran sh",
    )


def test_use_docker_settings(monkeypatch):
    assert ConversableAgent("a", code_execution_config=False)._code_execution_config is False
    assert ConversableAgent("b", code_execution_config={"use_docker": False}).use_docker is False
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "False")
    assert ConversableAgent("c", code_execution_config={}).use_docker is False


def test_none_config_deprecation_warning_points_at_the_agents_creator(monkeypatch):
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "False")
    with pytest.warns(UserWarning, match="Using None to signal a default code_execution_config") as record:
        ConversableAgent("agent", llm_config=False, code_execution_config=None)
    assert record[0].filename == __file__
