"""AgentBuilder (AutoBuild): let a builder model design a team of expert agents for a task, then create them.

`build` asks the builder model for expert names, system messages and descriptions; `build_from_library` picks
experts from a library by embedding similarity (needs the `autobuild` extra). Configurations can be saved and
loaded again without any model call.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from ...code_utils import CODE_BLOCK_PATTERN
from ...formatting_utils import colored
from ...io.base import IOStream
from ...oai.openai_utils import config_list_from_json
from ..assistant_agent import AssistantAgent
from ..conversable_agent import ConversableAgent, register_function
from ..user_proxy_agent import UserProxyAgent
from . import _agent_builder_prompts as prompts

__all__ = ("AgentBuilder",)

logger = logging.getLogger(__name__)

_CONFIG_KEYS = ("model", "name", "system_message", "description", "model_path", "tags")


def _config_check(config: Dict[str, Any]) -> None:
    """A building config must say whether to code and how, and describe every agent."""
    for key in ("coding", "default_llm_config", "code_execution_config"):
        assert config.get(key) is not None, f'Missing "{key}" in your config.'
    for agent_config in config["agent_configs"]:
        for key in ("name", "system_message", "description"):
            assert agent_config.get(key) is not None, f'Missing agent "{key}" in your agent_configs.'


def _read_saved_config(filepath: Optional[str], config_json: Optional[str]) -> Any:
    """The saved config from JSON text and/or a file (the file wins when both are given)."""
    saved = None
    if config_json is not None:
        _print("Loading config from JSON...", "green")
        saved = json.loads(config_json)
    if filepath is not None:
        _print(f"Loading config from {filepath}", "green")
        saved = json.loads(Path(filepath).read_text())
    return saved


def _retrieve_json(text: str) -> str:
    """The first fenced code block of `text`, or `text` itself when it has none."""
    blocks = re.findall(CODE_BLOCK_PATTERN, text, flags=re.DOTALL)
    return blocks[0][1] if blocks else text


def _print(text: str, color: Optional[str] = None) -> None:
    IOStream.get_default().print(colored(text, color) if color else text, flush=True)


def _as_list(value: Union[str, List[Any]]) -> List[Any]:
    return value if isinstance(value, list) else [value]


class AgentBuilder:
    """Builds (and keeps track of) a group of expert agents for a task."""

    online_server_name = "online"

    AGENT_NAME_PROMPT = prompts.AGENT_NAME_PROMPT
    AGENT_SYS_MSG_PROMPT = prompts.AGENT_SYS_MSG_PROMPT
    DEFAULT_DESCRIPTION = prompts.DEFAULT_DESCRIPTION
    AGENT_DESCRIPTION_PROMPT = prompts.AGENT_DESCRIPTION_PROMPT
    CODING_PROMPT = prompts.CODING_PROMPT
    AGENT_SEARCHING_PROMPT = prompts.AGENT_SEARCHING_PROMPT
    AGENT_SELECTION_PROMPT = prompts.AGENT_SELECTION_PROMPT
    AGENT_FUNCTION_MAP_PROMPT = prompts.AGENT_FUNCTION_MAP_PROMPT
    UPDATED_AGENT_SYSTEM_MESSAGE = prompts.UPDATED_AGENT_SYSTEM_MESSAGE
    GROUP_CHAT_DESCRIPTION = prompts.GROUP_CHAT_DESCRIPTION
    CODING_AND_TASK_SKILL_INSTRUCTION = prompts.CODING_AND_TASK_SKILL_INSTRUCTION
    DEFAULT_PROXY_AUTO_REPLY = prompts.DEFAULT_PROXY_AUTO_REPLY

    def __init__(
        self,
        config_file_or_env: Optional[str] = "OAI_CONFIG_LIST",
        config_file_location: Optional[str] = "",
        builder_model: Optional[Union[str, list]] = [],  # noqa: B006 (0.2 signature)
        agent_model: Optional[Union[str, list]] = [],  # noqa: B006
        builder_model_tags: Optional[list] = [],  # noqa: B006
        agent_model_tags: Optional[list] = [],  # noqa: B006
        max_agents: Optional[int] = 5,
    ) -> None:
        from ...oai.client import OpenAIWrapper  # noqa: PLC0415

        builder_model = _as_list(builder_model)  # type: ignore[arg-type]
        filter_dict: Dict[str, Any] = {}
        if builder_model:
            filter_dict["model"] = builder_model
        if builder_model_tags:
            filter_dict["tags"] = builder_model_tags
        # as in 0.2, the builder's config is looked up without config_file_location
        config_source: str = config_file_or_env  # type: ignore[assignment]
        builder_config_list = config_list_from_json(config_source, filter_dict=filter_dict)
        if not builder_config_list:
            raise RuntimeError(
                f"Fail to initialize build manager: {builder_model}{builder_model_tags} does not exist in "
                f'{config_file_or_env}. If you want to change this model, please specify the "builder_model" in the constructor.'
            )
        self.builder_model: Any = OpenAIWrapper(config_list=builder_config_list)
        self.agent_model = _as_list(agent_model)  # type: ignore[arg-type]
        self.agent_model_tags = agent_model_tags
        self.config_file_or_env = config_file_or_env
        self.config_file_location = config_file_location
        self.building_task: Optional[str] = None
        self.agent_configs: List[Dict[str, Any]] = []
        self.open_ports: List[str] = []
        self.agent_procs: Dict[str, Any] = {}
        self.agent_procs_assign: Dict[str, Tuple[ConversableAgent, str]] = {}
        self.cached_configs: Dict[str, Any] = {}
        self.max_agents = max_agents

    def set_builder_model(self, model: str) -> None:
        self.builder_model = model

    def set_agent_model(self, model: str) -> None:
        self.agent_model = model  # type: ignore[assignment]

    def _ask(self, content: str) -> str:
        """One question to the builder model; its text answer."""
        response = self.builder_model.create(messages=[{"role": "user", "content": content}])
        return response.choices[0].message.content

    # ------------------------------------------------------------------------------------------------- creating
    def _model_class(self, model_path: Optional[str]) -> type:
        """AssistantAgent, or the ConversableAgent subclass named by `model_path` ("pkg/mod/Class" or dotted)."""
        if not model_path:
            return AssistantAgent
        module_path, class_name = model_path.replace("/", ".").rsplit(".", 1)
        model_class = getattr(importlib.import_module(module_path), class_name)
        if not (isinstance(model_class, type) and issubclass(model_class, ConversableAgent)):
            logger.error(f"{model_class} is not a ConversableAgent. Use AssistantAgent as default")
            return AssistantAgent
        return model_class

    def _agent_llm_config(self, agent_config: Dict[str, Any], llm_config: Dict[str, Any]) -> Dict[str, Any]:
        models = _as_list(agent_config.get("model", []))
        tags = agent_config.get("tags", [])
        filter_dict: Dict[str, Any] = {}
        if models:
            filter_dict["model"] = models
        if tags:
            filter_dict["tags"] = tags
        config_list = config_list_from_json(
            self.config_file_or_env,  # type: ignore[arg-type]
            file_location=self.config_file_location,
            filter_dict=filter_dict,
        )
        if not config_list:
            raise RuntimeError(
                # 0.2's wording: scripts may show or match it
                f"Fail to initialize agent {agent_config['name']}: {models}{tags} does not exist in "
                f"{self.config_file_or_env}.\nIf you would like to change this model, please specify the "
                f'"agent_model" in the constructor.\nIf you load configs from json, make sure the model in '
                f"agent_configs is in the {self.config_file_or_env}."
            )
        current = llm_config.copy()
        current["config_list"] = config_list
        return current

    def _create_agent(
        self,
        agent_config: Dict[str, Any],
        member_name: List[str],
        llm_config: Dict[str, Any],
        use_oai_assistant: Optional[bool] = False,
    ) -> ConversableAgent:
        """Create one agent from its config; it also learns who else is in the group."""
        name, system_message = agent_config["name"], agent_config["system_message"]
        current = self._agent_llm_config(agent_config, llm_config)
        agent: ConversableAgent
        if use_oai_assistant:
            from .gpt_assistant_agent import GPTAssistantAgent  # noqa: PLC0415

            agent = GPTAssistantAgent(
                name=name,
                llm_config={**current, "assistant_id": None},
                instructions=system_message,
                overwrite_instructions=False,
            )
        else:
            extra = {k: v for k, v in agent_config.items() if k not in _CONFIG_KEYS}
            model_class = self._model_class(agent_config.get("model_path"))
            agent = model_class(name=name, llm_config=current.copy(), description=agent_config["description"], **extra)
            if system_message == "":
                system_message = agent.system_message
            else:
                system_message = f"{system_message}\n\n{self.CODING_AND_TASK_SKILL_INSTRUCTION}"
            user_proxy_desc = ""
            if self.cached_configs["coding"] is True:
                user_proxy_desc = "\nComputer_terminal, also in the group, runs the Python and shell code you write."
            agent.update_system_message(
                self.GROUP_CHAT_DESCRIPTION.format(
                    name=name, members=member_name, user_proxy_desc=user_proxy_desc, sys_msg=system_message
                )
            )
        self.agent_procs_assign[name] = (agent, self.online_server_name)
        return agent

    def clear_agent(self, agent_name: str, recycle_endpoint: Optional[bool] = True) -> None:
        """Forget an agent (agents on the online endpoint have nothing else to release)."""
        _, server_id = self.agent_procs_assign[agent_name]
        del self.agent_procs_assign[agent_name]
        if recycle_endpoint and server_id == self.online_server_name:
            return
        _print(f"Agent {agent_name} has been cleared.", "yellow")

    def clear_all_agents(self, recycle_endpoint: Optional[bool] = True) -> None:
        """Forget every agent built so far."""
        for agent_name in list(self.agent_procs_assign):
            self.clear_agent(agent_name, recycle_endpoint)
        _print("All agents have been cleared.", "yellow")

    # -------------------------------------------------------------------------------------------------- building
    def build(
        self,
        building_task: str,
        default_llm_config: Dict[str, Any],
        list_of_functions: Optional[List[Dict[str, Any]]] = None,
        coding: Optional[bool] = None,
        code_execution_config: Optional[Dict[str, Any]] = None,
        use_oai_assistant: Optional[bool] = False,
        user_proxy: Optional[ConversableAgent] = None,
        max_agents: Optional[int] = None,
        **kwargs: Any,
    ) -> Tuple[List[ConversableAgent], Dict[str, Any]]:
        """Have the builder model design experts for `building_task`; returns (agents, building config)."""
        if code_execution_config is None:
            code_execution_config = {"last_n_messages": 1, "work_dir": "groupchat", "use_docker": False, "timeout": 10}
        if max_agents is None:
            max_agents = self.max_agents
        self.building_task = building_task
        _print("==> Generating agents...", "green")
        names_text = self._ask(self.AGENT_NAME_PROMPT.format(task=building_task, max_agents=max_agents))
        names = [name.strip().replace(" ", "_") for name in names_text.split(",")]
        _print(f"{names} are generated.")
        _print("==> Generating system message...", "green")
        sys_msgs = []
        for name in names:
            _print(f"Preparing system message for {name}")
            prompt = self.AGENT_SYS_MSG_PROMPT.format(
                task=building_task, position=name, default_sys_msg=self.DEFAULT_DESCRIPTION
            )
            sys_msgs.append(self._ask(prompt))
        _print("==> Generating description...", "green")
        descriptions = []
        for name, sys_msg in zip(names, sys_msgs):
            _print(f"Preparing description for {name}")
            descriptions.append(self._ask(self.AGENT_DESCRIPTION_PROMPT.format(position=name, sys_msg=sys_msg)))
        agent_configs = [
            {"name": n, "model": self.agent_model, "tags": self.agent_model_tags, "system_message": s, "description": d}
            for n, s, d in zip(names, sys_msgs, descriptions)
        ]
        if coding is None:
            coding = self._ask(self.CODING_PROMPT.format(task=building_task)) == "YES"
        self._cache(building_task, agent_configs, coding, default_llm_config, code_execution_config)
        return self._build_agents(use_oai_assistant, list_of_functions, user_proxy=user_proxy, **kwargs)

    def _cache(
        self,
        building_task: Optional[str],
        agent_configs: List[Dict[str, Any]],
        coding: bool,
        default_llm_config: Dict[str, Any],
        code_execution_config: Dict[str, Any],
    ) -> None:
        self.cached_configs.update(
            {
                "building_task": building_task,
                "agent_configs": agent_configs,
                "coding": coding,
                "default_llm_config": default_llm_config,
                "code_execution_config": code_execution_config,
            }
        )
        _config_check(self.cached_configs)

    def build_from_library(
        self,
        building_task: str,
        library_path_or_json: str,
        default_llm_config: Dict[str, Any],
        top_k: int = 3,
        coding: Optional[bool] = None,
        code_execution_config: Optional[Dict[str, Any]] = None,
        use_oai_assistant: Optional[bool] = False,
        embedding_model: Optional[str] = "all-mpnet-base-v2",
        user_proxy: Optional[ConversableAgent] = None,
        **kwargs: Any,
    ) -> Tuple[List[ConversableAgent], Dict[str, Any]]:
        """Pick experts for `building_task` from a library (JSON text or file) of agent configs."""
        from ._agent_library import select_from_library  # noqa: PLC0415 (needs the autobuild extra)

        if code_execution_config is None:
            code_execution_config = {"last_n_messages": 1, "work_dir": "groupchat", "use_docker": False, "timeout": 120}
        self.building_task = building_task
        agent_configs = select_from_library(
            self, building_task, library_path_or_json, default_llm_config, top_k, use_oai_assistant, embedding_model
        )
        if coding is None:
            coding = self._ask(self.CODING_PROMPT.format(task=building_task)) == "YES"
        self._cache(building_task, agent_configs, coding, default_llm_config, code_execution_config)
        return self._build_agents(use_oai_assistant, user_proxy=user_proxy, **kwargs)

    def _build_agents(
        self,
        use_oai_assistant: Optional[bool] = False,
        list_of_functions: Optional[List[Dict[str, Any]]] = None,
        user_proxy: Optional[ConversableAgent] = None,
        **kwargs: Any,
    ) -> Tuple[List[ConversableAgent], Dict[str, Any]]:
        """Create the agents of `cached_configs` (plus a code-running terminal when coding)."""
        agent_configs = self.cached_configs["agent_configs"]
        _print("==> Creating agents...", "green")
        member_names = [config["name"] for config in agent_configs]
        for config in agent_configs:
            _print(f"Creating agent {config['name']}...")
            self._create_agent(
                config.copy(),
                member_names,
                self.cached_configs["default_llm_config"],
                use_oai_assistant,
                **kwargs,  # 0.2 forwards these, so unexpected keyword arguments fail here
            )
        agent_list: List[Any] = [agent for agent, _ in self.agent_procs_assign.values()]
        if self.cached_configs["coding"] is True:
            _print("Adding user console proxy...")
            if user_proxy is None:
                user_proxy = UserProxyAgent(
                    name="Computer_terminal",
                    # 0.2 compares the message (a dict) with strings here, so this never matches
                    is_termination_msg=lambda x: x == "TERMINATE" or x == "TERMINATE.",
                    code_execution_config=self.cached_configs["code_execution_config"],
                    human_input_mode="NEVER",
                    default_auto_reply=self.DEFAULT_PROXY_AUTO_REPLY,
                )
            agent_list = agent_list + [user_proxy]
            for func in list_of_functions or []:
                self._assign_function(func, agent_list, agent_configs)
        return agent_list, self.cached_configs.copy()

    def _assign_function(
        self, func: Dict[str, Any], agent_list: List[Any], agent_configs: List[Dict[str, Any]]
    ) -> None:
        """Ask which expert should call `func`; it calls it, the first agent executes it (as in 0.2)."""
        details = [{"name": agent.name, "description": agent.description} for agent in agent_list[:-1]]
        chosen = self._ask(
            self.AGENT_FUNCTION_MAP_PROMPT.format(
                function_name=func["name"],
                function_description=func["description"],
                format_agent_details='[{"name": "agent_name", "description": "agent description"}, ...]',
                agent_details=str(json.dumps(details)),
            )
        )
        caller = self.agent_procs_assign[chosen][0]
        function: Callable[..., Any] = func["function"]
        register_function(
            function, caller=caller, executor=agent_list[0], name=func["name"], description=func["description"]
        )
        config_sys_msg = [config["system_message"] for config in agent_configs if config["name"] == chosen][0]
        caller.update_system_message(
            self.UPDATED_AGENT_SYSTEM_MESSAGE.format(
                agent_system_message=config_sys_msg,
                function_name=func["name"],
                function_description=func["description"],
            )
        )
        _print(f"Function {func['name']} is registered to agent {chosen}.")

    # ------------------------------------------------------------------------------------------- save and load
    def save(self, filepath: Optional[str] = None) -> str:
        """Write the building config as JSON (default `./save_config_<md5 of the task>.json`); returns the path."""
        if filepath is None:
            task_digest = hashlib.md5(self.building_task.encode("utf-8")).hexdigest()  # type: ignore[union-attr]
            filepath = "./save_config_" + task_digest + ".json"
        Path(filepath).write_text(json.dumps(self.cached_configs, indent=4))
        _print(f"Building config saved to {filepath}", "green")
        return filepath

    def load(
        self,
        filepath: Optional[str] = None,
        config_json: Optional[str] = None,
        use_oai_assistant: Optional[bool] = False,
        **kwargs: Any,
    ) -> Tuple[List[ConversableAgent], Dict[str, Any]]:
        """Create agents from a saved building config (a file, or JSON text); no model is asked."""
        saved = _read_saved_config(filepath, config_json)
        _config_check(saved)
        # a code_execution_config given now wins over the saved one
        execution = kwargs.pop("code_execution_config", None) or saved["code_execution_config"]
        self.building_task = saved["building_task"]
        kept = {key: saved[key] for key in ("building_task", "agent_configs", "coding", "default_llm_config")}
        self.cached_configs.update(kept, code_execution_config=execution)
        return self._build_agents(use_oai_assistant, **kwargs)
