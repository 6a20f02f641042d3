"""AgentBuilder: a builder model (the loopback LLM server) designs expert agents; configs save and load."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest
from fake_assistants_api import FakeAssistantsAPI

import autogen
from autogen.agentchat.contrib.agent_builder import AgentBuilder
from autogen.agentchat.contrib.gpt_assistant_agent import GPTAssistantAgent
from autogen.testing import Reply


def _config_check(config: Dict[str, Any], max_agents: int = 5) -> None:
    assert len(config["agent_configs"]) <= max_agents
    for agent_config in config["agent_configs"]:
        for key in ("name", "model", "system_message", "description"):
            assert agent_config.get(key) is not None


class BuilderLLM:
    """Answers the builder's questions by recognising its prompts."""

    def __init__(self, names: str = "Python_Expert, Math Expert", coding: str = "YES", chosen: str = "Python_Expert"):
        self.names, self.coding, self.chosen = names, coding, chosen
        self.prompts: List[str] = []

    def __call__(self, body: Dict[str, Any]) -> Reply:
        prompt = body["messages"][-1]["content"]
        self.prompts.append(prompt)
        if prompt.startswith("# Assemble a team\n"):
            return Reply.text(self.names)
        if prompt.startswith("# Write a system message\n"):
            position = prompt.split("The expert ", 1)[1].split(" ", 1)[0]
            return Reply.text(f"## Who you are\n{position} solves problems.")
        if prompt.startswith("# Describe an expert\n"):
            return Reply.text("An expert who solves problems.")
        if "Would writing and running code" in prompt:
            return Reply.text(self.coding)
        if prompt.startswith("A function is to be handed"):
            return Reply.text(self.chosen)
        return Reply.text("TERMINATE")


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path: Path, monkeypatch: Any) -> None:
    """The builder model caches answers in ./.cache (cache_seed 41, as in 0.2): keep each test's cache apart."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def config_file(tmp_path: Path, llm_server: Any) -> str:
    path = tmp_path / "OAI_CONFIG_LIST"
    entries = [
        {**llm_server.config_list(model="gpt-4")[0], "tags": ["builder"]},
        {**llm_server.config_list(model="gpt-4-agents")[0], "tags": ["agents"]},
    ]
    path.write_text(json.dumps(entries))
    return str(path)


@pytest.fixture
def builder(config_file: str) -> AgentBuilder:
    return AgentBuilder(config_file_or_env=config_file, builder_model="gpt-4", agent_model="gpt-4-agents")


@pytest.fixture
def default_llm_config() -> Dict[str, Any]:
    return {"temperature": 0, "cache_seed": None}


def test_missing_builder_model_raises(config_file: str) -> None:
    with pytest.raises(RuntimeError, match="Fail to initialize build manager"):
        AgentBuilder(config_file_or_env=config_file, builder_model="no-such-model")


def test_missing_builder_model_message_is_0_2s(config_file: str) -> None:
    with pytest.raises(RuntimeError) as info:
        AgentBuilder(config_file_or_env=config_file, builder_model="no-such-model")
    assert str(info.value) == (
        f"Fail to initialize build manager: ['no-such-model'][] does not exist in {config_file}. "
        'If you want to change this model, please specify the "builder_model" in the constructor.'
    )


def test_builder_model_by_tags(config_file: str) -> None:
    builder = AgentBuilder(config_file_or_env=config_file, builder_model_tags=["builder"])
    assert [c["model"] for c in builder.builder_model._config_list] == ["gpt-4"]


def test_build(builder: AgentBuilder, llm_server: Any, default_llm_config: Dict[str, Any], scripted_io: Any) -> None:
    llm = BuilderLLM()
    llm_server.responder = llm
    agents, config = builder.build("Find the roots of x^2 - 4.", default_llm_config)
    _config_check(config)
    assert [a["name"] for a in config["agent_configs"]] == ["Python_Expert", "Math_Expert"]
    assert config["coding"] is True
    assert config["code_execution_config"] == {
        "last_n_messages": 1,
        "work_dir": "groupchat",
        "use_docker": False,
        "timeout": 10,
    }
    assert [a.name for a in agents] == ["Python_Expert", "Math_Expert", "Computer_terminal"]
    assert len(llm.prompts) == 1 + 2 + 2 + 1  # names, system messages, descriptions, coding
    expert = agents[0]
    assert isinstance(expert, autogen.AssistantAgent)
    assert expert.description == "An expert who solves problems."
    assert "['Python_Expert', 'Math_Expert']" in expert.system_message
    assert "Python_Expert solves problems." in expert.system_message
    assert "Computer_terminal" in expert.system_message
    assert expert.llm_config["config_list"][0]["model"] == "gpt-4-agents"
    assert expert.llm_config["temperature"] == 0


def test_build_without_coding_has_no_terminal(
    builder: AgentBuilder, llm_server: Any, default_llm_config: Dict[str, Any], scripted_io: Any
) -> None:
    llm_server.responder = BuilderLLM(names="Writer_Expert", coding="NO")
    agents, config = builder.build("Write a haiku.", default_llm_config, max_agents=1)
    assert config["coding"] is False
    assert [a.name for a in agents] == ["Writer_Expert"]


def test_build_with_functions(
    builder: AgentBuilder, llm_server: Any, default_llm_config: Dict[str, Any], scripted_io: Any
) -> None:
    llm_server.responder = BuilderLLM(chosen="Math_Expert")

    def count_stars(repo: str) -> int:
        return 123

    functions = [{"name": "count_stars", "description": "Stars of a repository.", "function": count_stars}]
    agents, _ = builder.build("Count stars.", default_llm_config, list_of_functions=functions)
    caller = builder.agent_procs_assign["Math_Expert"][0]
    assert [t["function"]["name"] for t in caller.llm_config["tools"]] == ["count_stars"]
    assert "count_stars" in agents[0].function_map  # 0.2 makes the first expert the executor
    assert caller.system_message.startswith("## Who you are\nMath_Expert solves problems.")
    assert "count_stars" in caller.system_message


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the SDK deprecates the Assistants API
def test_build_with_oai_assistant(
    builder: AgentBuilder,
    config_file: str,
    llm_server: Any,
    default_llm_config: Dict[str, Any],
    scripted_io: Any,
) -> None:
    api = FakeAssistantsAPI()
    try:
        entries = json.loads(Path(config_file).read_text())
        entries.append({**api.config(model="gpt-4-assistants")})
        Path(config_file).write_text(json.dumps(entries))
        builder.set_agent_model(["gpt-4-assistants"])  # type: ignore[arg-type]
        llm_server.responder = BuilderLLM(coding="NO")
        agents, _ = builder.build("Find the roots of x^2 - 4.", default_llm_config, use_oai_assistant=True)
        assert all(isinstance(a, GPTAssistantAgent) for a in agents)
        assert len(api.assistants) == 2
    finally:
        api.close()


def test_save_and_load_without_model_calls(
    builder: AgentBuilder, config_file: str, llm_server: Any, default_llm_config: Dict[str, Any], tmp_path: Path
) -> None:
    llm_server.responder = BuilderLLM()
    builder.build("Find the roots of x^2 - 4.", default_llm_config)
    path = builder.save(str(tmp_path / "saved.json"))
    saved = json.loads(Path(path).read_text())
    _config_check(saved)
    requests_before = len(llm_server.requests)

    fresh = AgentBuilder(config_file_or_env=config_file, builder_model="gpt-4")
    exec_config = {"work_dir": str(tmp_path), "use_docker": False}
    agents, config = fresh.load(path, code_execution_config=exec_config)
    assert [a.name for a in agents] == ["Python_Expert", "Math_Expert", "Computer_terminal"]
    assert config["code_execution_config"] == exec_config
    assert len(llm_server.requests) == requests_before

    again = AgentBuilder(config_file_or_env=config_file, builder_model="gpt-4")
    agents, _ = again.load(config_json=json.dumps(saved))
    assert len(agents) == 3


def test_save_default_path(builder: AgentBuilder, llm_server: Any, default_llm_config: Dict[str, Any]) -> None:
    llm_server.responder = BuilderLLM(coding="NO")
    builder.build("A task.", default_llm_config)
    path = builder.save()
    assert Path(path).name.startswith("save_config_") and Path(path).exists()


def test_load_rejects_incomplete_config(builder: AgentBuilder) -> None:
    config = {"building_task": "x", "agent_configs": [{"name": "a"}], "coding": False, "default_llm_config": {}}
    with pytest.raises(AssertionError, match="code_execution_config"):
        builder.load(config_json=json.dumps(config))


def test_clear_all_agents(
    builder: AgentBuilder, llm_server: Any, default_llm_config: Dict[str, Any], scripted_io: Any
) -> None:
    llm_server.responder = BuilderLLM()
    builder.build("A task.", default_llm_config)
    assert len(builder.agent_procs_assign) == 2
    builder.clear_all_agents()
    assert builder.agent_procs_assign == {}
    assert "All agents have been cleared." in scripted_io.text


def test_custom_agent_class_and_extra_settings(builder: AgentBuilder, default_llm_config: Dict[str, Any]) -> None:
    config = {
        "building_task": "x",
        "agent_configs": [
            {
                "name": "Custom",
                "model": ["gpt-4-agents"],
                "system_message": "",
                "description": "A user proxy.",
                "model_path": "autogen/agentchat/user_proxy_agent/UserProxyAgent",
                "human_input_mode": "NEVER",
            }
        ],
        "coding": False,
        "default_llm_config": default_llm_config,
        "code_execution_config": {"use_docker": False},
    }
    agents, _ = builder.load(config_json=json.dumps(config))
    assert isinstance(agents[0], autogen.UserProxyAgent)
    assert agents[0].human_input_mode == "NEVER"


def _unknown_model_config(default_llm_config: Dict[str, Any]) -> str:
    """A saved team whose only agent names a model that is not in the config list."""
    return json.dumps(
        {
            "building_task": "x",
            "agent_configs": [{"name": "A", "model": ["nope"], "system_message": "s", "description": "d"}],
            "coding": False,
            "default_llm_config": default_llm_config,
            "code_execution_config": {"use_docker": False},
        }
    )


def test_unknown_agent_model_raises(builder: AgentBuilder, default_llm_config: Dict[str, Any]) -> None:
    with pytest.raises(RuntimeError, match="Fail to initialize agent A"):
        builder.load(config_json=_unknown_model_config(default_llm_config))


def test_unknown_agent_model_message_is_0_2s(builder: AgentBuilder, default_llm_config: Dict[str, Any]) -> None:
    with pytest.raises(RuntimeError) as info:
        builder.load(config_json=_unknown_model_config(default_llm_config))
    where = builder.config_file_or_env
    assert str(info.value) == (
        f"Fail to initialize agent A: ['nope'][] does not exist in {where}.\n"
        'If you would like to change this model, please specify the "agent_model" in the constructor.\n'
        f"If you load configs from json, make sure the model in agent_configs is in the {where}."
    )


def test_extra_build_kwargs_fail_as_in_02(
    builder: AgentBuilder, llm_server: Any, default_llm_config: Dict[str, Any]
) -> None:
    llm_server.responder = BuilderLLM()
    with pytest.raises(TypeError):
        builder.build("A task.", default_llm_config, unexpected_option=1)


def test_build_from_library_needs_autobuild_extra(
    builder: AgentBuilder, default_llm_config: Dict[str, Any], monkeypatch: Any
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "sentence_transformers", None)
    library = json.dumps([{"name": "A", "description": "d", "system_message": "s"}])
    with pytest.raises(ImportError, match="autobuild"):
        builder.build_from_library("task", library, default_llm_config)
