"""AgentEval: let LLM agents propose criteria for a task, then rate test cases against them."""

from __future__ import annotations

from typing import Any, Dict, List, Literal, Optional, Union

from ...groupchat import GroupChat, GroupChatManager
from ...user_proxy_agent import UserProxyAgent
from .criterion import Criterion
from .critic_agent import CriticAgent
from .quantifier_agent import QuantifierAgent
from .subcritic_agent import SubCriticAgent
from .task import Task

__all__ = ("generate_criteria", "quantify_criteria")

LLMConfig = Optional[Union[Dict[str, Any], Literal[False]]]


def _silent_user(name: str) -> UserProxyAgent:
    """A proxy that only starts the chat (it never replies)."""
    return UserProxyAgent(
        name=name, max_consecutive_auto_reply=0, human_input_mode="NEVER", code_execution_config={"use_docker": False}
    )


def generate_criteria(
    llm_config: LLMConfig = None,
    task: Task = None,  # type: ignore[assignment]
    additional_instructions: str = "",
    max_round: int = 2,
    use_subcritic: bool = False,
) -> List[Criterion]:
    """Criteria for evaluating `task`, proposed by a CriticAgent (and refined by a SubCriticAgent if asked)."""
    critic = CriticAgent(
        system_message=CriticAgent.DEFAULT_SYSTEM_MESSAGE + "\n" + additional_instructions, llm_config=llm_config
    )
    critic_user = _silent_user("critic_user")
    agents: List[Any] = [critic_user, critic]
    if use_subcritic:
        agents.append(SubCriticAgent(llm_config=llm_config))
    groupchat = GroupChat(agents=agents, messages=[], max_round=max_round, speaker_selection_method="round_robin")
    manager = GroupChatManager(groupchat=groupchat, llm_config=llm_config)
    critic_user.initiate_chat(manager, message=task.get_sys_message())
    content = critic_user.last_message()["content"]  # type: ignore[index]
    content = content[content.find("[") : content.rfind("]") + 1]  # drop any text around the JSON list
    return Criterion.parse_json_str(content)


def quantify_criteria(
    llm_config: LLMConfig = None,
    criteria: List[Criterion] = None,  # type: ignore[assignment]
    task: Task = None,  # type: ignore[assignment]
    test_case: str = "",
    ground_truth: str = "",
) -> Dict[str, Any]:
    """A QuantifierAgent's assessment of `test_case` on each criterion, next to the known outcome."""
    request = "".join(
        [task.get_sys_message(), "Evaluation dictionary: ", Criterion.write_json(criteria)]
        + ["actual test case to evaluate: ", test_case]
    )
    quantifier = QuantifierAgent(llm_config=llm_config)
    asker = _silent_user("quantifier_user")
    asker.initiate_chat(quantifier, message=request)
    assessment: Any = asker.last_message()
    return {"actual_success": ground_truth, "estimated_performance": assessment["content"]}
