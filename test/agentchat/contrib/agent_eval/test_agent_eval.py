"""generate_criteria and quantify_criteria with the loopback LLM server."""

from __future__ import annotations

import json
from typing import Any, Dict

from autogen.agentchat.contrib.agent_eval.agent_eval import generate_criteria, quantify_criteria
from autogen.agentchat.contrib.agent_eval.criterion import Criterion
from autogen.agentchat.contrib.agent_eval.critic_agent import CriticAgent
from autogen.agentchat.contrib.agent_eval.quantifier_agent import QuantifierAgent
from autogen.agentchat.contrib.agent_eval.subcritic_agent import SubCriticAgent
from autogen.agentchat.contrib.agent_eval.task import Task

TASK = Task(
    name="Math problem solving",
    description="Solve the problem.",
    successful_response="The answer is 4.",
    failed_response="I do not know.",
)
CRITERIA = [{"name": "Accuracy", "description": "Correct answer.", "accepted_values": ["correct", "wrong"]}]


def test_agent_defaults() -> None:
    assert CriticAgent(llm_config=False).name == "critic"
    assert QuantifierAgent(llm_config=False).name == "quantifier"
    assert SubCriticAgent(llm_config=False).name == "subcritic"
    assert CriticAgent(llm_config=False).description == CriticAgent.DEFAULT_DESCRIPTION


def test_generate_criteria(llm_server: Any, llm_config: Dict[str, Any], reply: Any, scripted_io: Any) -> None:
    llm_server.script(reply.text("Here they are:\n```json\n" + json.dumps(CRITERIA) + "\n```"))
    criteria = generate_criteria(llm_config=llm_config, task=TASK, additional_instructions="Be strict.")
    assert [c.name for c in criteria] == ["Accuracy"]
    assert criteria[0].accepted_values == ["correct", "wrong"]
    request = llm_server.chat_requests[0].messages
    assert request[0]["content"].endswith("\nBe strict.")
    assert TASK.get_sys_message() in request[1]["content"]


def test_generate_criteria_with_subcritic(
    llm_server: Any, llm_config: Dict[str, Any], reply: Any, scripted_io: Any
) -> None:
    refined = [{**CRITERIA[0], "sub_criteria": [{"name": "Units", "description": "d", "accepted_values": ["y"]}]}]
    llm_server.script(reply.text(json.dumps(CRITERIA)), reply.text(json.dumps(refined)))
    criteria = generate_criteria(llm_config=llm_config, task=TASK, max_round=3, use_subcritic=True)
    assert criteria[0].sub_criteria[0].name == "Units"


def test_quantify_criteria(llm_server: Any, llm_config: Dict[str, Any], reply: Any, scripted_io: Any) -> None:
    llm_server.script(reply.text('{"Accuracy": "correct"}'))
    criteria = [Criterion(**c) for c in CRITERIA]
    result = quantify_criteria(
        llm_config=llm_config, criteria=criteria, task=TASK, test_case="2+2=4", ground_truth="true"
    )
    assert result == {"actual_success": "true", "estimated_performance": '{"Accuracy": "correct"}'}
    sent = llm_server.chat_requests[0].messages[-1]["content"]
    assert sent == (
        TASK.get_sys_message()
        + "Evaluation dictionary: "
        + Criterion.write_json(criteria)
        + "actual test case to evaluate: 2+2=4"
    )
