"""A UserProxyAgent with 0.2's legacy `code_execution_config` runs the demo's code block in a real container."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Dict

import pytest

from autogen import AssistantAgent, UserProxyAgent
from autogen.testing import Reply

pytestmark = pytest.mark.docker

DEMO_BLOCK = "Here you go:\n```python\nprint(sum(range(10)))\n```"
PROBE_BLOCK = "```python\nimport socket; print('container-hostname:', socket.gethostname())\n```"


def _chat(llm_server: Any, config: Dict[str, Any], *blocks: str) -> tuple:
    """The user proxy's replies to the scripted assistant messages (then TERMINATE), and the user proxy."""
    llm_server.script(*[Reply.text(block) for block in blocks], Reply.text("TERMINATE"))
    assistant = AssistantAgent("assistant", llm_config={"config_list": llm_server.config_list(), "cache_seed": None})
    user = UserProxyAgent(
        "user_proxy", human_input_mode="NEVER", code_execution_config=config, max_consecutive_auto_reply=len(blocks) + 1
    )
    result = user.initiate_chat(assistant, message="Sum 0..9 in Python.", silent=True)
    return [message["content"] for message in result.chat_history[2::2]], user


def test_use_docker_true_replies_exactly_as_local_execution(
    llm_server: Any, outside_container: None, legacy_images_removed: None, engine_container: Any, tmp_path: Path
) -> None:
    local, _ = _chat(llm_server, {"work_dir": str(tmp_path / "local"), "use_docker": False}, DEMO_BLOCK)
    config: Dict[str, Any] = {"work_dir": str(tmp_path / "docker"), "use_docker": True}
    since = time.time()
    in_docker, user = _chat(llm_server, config, DEMO_BLOCK, PROBE_BLOCK)
    assert in_docker[0] == local[0] == "exitcode: 0 (execution succeeded)\nCode output: \n45\n"
    engine_container(in_docker[1], since)
    # the image committed after the last run, which the next run starts from
    assert str(user._code_execution_config["use_docker"]).startswith("python:tmp_code_")


def test_default_use_docker_with_an_engine_runs_in_docker(
    llm_server: Any,
    outside_container: None,
    legacy_images_removed: None,
    engine_container: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("AUTOGEN_USE_DOCKER", raising=False)
    since = time.time()
    replies, _ = _chat(llm_server, {"work_dir": str(tmp_path)}, PROBE_BLOCK)
    assert replies[0].startswith("exitcode: 0 (execution succeeded)")
    engine_container(replies[0], since)


def test_default_use_docker_without_an_engine_raises(
    outside_container: None, monkeypatch: pytest.MonkeyPatch, unused_tcp_port: int
) -> None:
    monkeypatch.delenv("AUTOGEN_USE_DOCKER", raising=False)
    monkeypatch.setenv("DOCKER_HOST", f"tcp://127.0.0.1:{unused_tcp_port}")
    with pytest.raises(RuntimeError, match="docker is not running"):
        UserProxyAgent("user_proxy", human_input_mode="NEVER")
