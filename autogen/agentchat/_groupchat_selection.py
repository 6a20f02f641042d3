"""Pure speaker-selection helpers of GroupChat: who may speak next, and which names a text mentions."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Pattern, Tuple, Union

from ..code_utils import content_str
from ..exception_utils import NoEligibleSpeaker

if TYPE_CHECKING:
    from .agent import Agent
    from .groupchat import GroupChat

logger = logging.getLogger("autogen.agentchat.groupchat")

_NO_DESCRIPTION = "The agent '{}' has an empty description, and may not work well with GroupChat."

Selection = Tuple[Optional["Agent"], Optional[List["Agent"]], Optional[List[Dict]]]


def participant_roles(agents: List[Agent]) -> str:
    """One `name: description` line per agent (warning about agents without a description)."""
    for agent in agents:
        if not agent.description.strip():
            logger.warning(_NO_DESCRIPTION.format(agent.name))
    return "\n".join(f"{agent.name}: {agent.description}".strip() for agent in agents)


@lru_cache(maxsize=1024)
def _name_pattern(name: str) -> Pattern[str]:
    # The name as written, with underscores read as spaces, or with markdown-escaped underscores,
    # bounded by non-word characters so that "sam" does not match inside "samantha".
    variants = (name, name.replace("_", " "), name.replace("_", r"\_"))
    return re.compile(r"(?<=\W)(" + "|".join(re.escape(v) for v in variants) + r")(?=\W)")


def mentioned_agents(message_content: Union[str, List, Dict, None], agents: List[Agent]) -> Dict[str, int]:
    """How many times each agent's name occurs in the content (agents not mentioned are left out).

    Names are matched whole: an occurrence of `coder` inside an occurrence of `coder-reviewer` counts for
    `coder-reviewer` only (0.2 counted it for both, so such an answer never selected anybody).
    """
    if isinstance(message_content, dict):
        message_content = message_content["content"]
    padded = f" {content_str(message_content)} "
    spans: Dict[str, List[Tuple[int, int]]] = {}
    for agent in agents:
        found = [match.span() for match in _name_pattern(agent.name).finditer(padded)]
        if found:
            spans[agent.name] = found
    if len(spans) > 1:
        spans = _drop_enclosed(spans)
    return {name: len(found) for name, found in spans.items() if found}


def _drop_enclosed(spans: Dict[str, List[Tuple[int, int]]]) -> Dict[str, List[Tuple[int, int]]]:
    """Remove each occurrence lying inside a longer occurrence of another name."""
    every = [(start, end, name) for name, found in spans.items() for start, end in found]

    def enclosed(start: int, end: int, name: str) -> bool:
        return any(
            other != name and o_start <= start and end <= o_end and o_end - o_start > end - start
            for o_start, o_end, other in every
        )

    return {name: [(s, e) for s, e in found if not enclosed(s, e, name)] for name, found in spans.items()}


def _function_call_names(message: Dict[str, Any]) -> List[str]:
    names = []
    if message.get("function_call"):
        names.append(message["function_call"]["name"])
    for call in message.get("tool_calls") or []:
        if call.get("type") == "function":
            names.append(call["function"]["name"])
    return names


def _function_call_candidates(gc: GroupChat) -> Optional[Tuple[Optional[Agent], List[Agent]]]:
    """With a pending function/tool call, only agents able to run it may speak (None: no call pending)."""
    if not gc.func_call_filter or not gc.messages:
        return None
    last = gc.messages[-1]
    if "function_call" not in last and "tool_calls" not in last:
        return None
    names = _function_call_names(last)
    agents = [agent for agent in gc.agents if agent.can_execute_function(names)]
    if len(agents) == 1:
        return agents[0], agents
    if not agents:
        agents = [agent for agent in gc.agents if agent.function_map]
        if len(agents) == 1:
            return agents[0], agents
        if not agents:
            raise ValueError(
                f"No agent can execute the function {', '.join(names)}. Please check the function_map of the agents."
            )
    return None, agents


def _allow_repeat(gc: GroupChat, last_speaker: Agent) -> Optional[bool]:
    repeat = gc.allow_repeat_speaker
    if isinstance(repeat, list):
        return last_speaker in repeat
    return repeat


def _graph_candidates(gc: GroupChat, last_speaker: Agent, agents: List[Agent]) -> List[Agent]:
    allowed = gc.allowed_speaker_transitions_dict
    if last_speaker not in allowed:
        if last_speaker in gc.agents:
            raise NoEligibleSpeaker(f"Last speaker {last_speaker.name} is not in the allowed_speaker_transitions_dict.")
        return []
    successors = allowed[last_speaker]
    return [agent for agent in agents if agent in successors]


def narrow_candidates(gc: GroupChat, last_speaker: Agent, method: str) -> Selection:
    """Apply the repeat rule, the function-call filter and the transition graph, then a simple method.

    Returns (selected agent or None, eligible agents or None for all, messages for "auto" or None).
    """
    allow_repeat = _allow_repeat(gc, last_speaker)
    count = len(gc.agents)
    if count < 2:
        raise ValueError(
            f"GroupChat is underpopulated with {count} agents. "
            "Please add more agents to the GroupChat or use direct communication instead."
        )
    if count == 2 and method != "round_robin" and allow_repeat:
        logger.warning(
            f"GroupChat is underpopulated with {count} agents. Consider setting speaker_selection_method to "
            "'round_robin' or allow_repeat_speaker to False, or use direct communication, unless repeated speaker "
            "is desired."
        )
    agents = gc.agents
    by_function = _function_call_candidates(gc)
    if by_function is not None:
        chosen, agents = by_function
        if chosen is not None:
            return chosen, agents, None
    if allow_repeat is False:
        agents = [agent for agent in agents if agent != last_speaker]
    eligible: Optional[List[Agent]] = _graph_candidates(gc, last_speaker, agents)
    if len(eligible) == 1:
        return eligible[0], eligible, None
    if not eligible:
        eligible = None
    return _apply_simple_method(gc, last_speaker, method, eligible)


def _apply_simple_method(gc: GroupChat, last_speaker: Agent, method: str, eligible: Optional[List[Agent]]) -> Selection:
    if method == "manual":
        return gc.manual_select_speaker(eligible), eligible, None
    if method == "round_robin":
        return gc.next_agent(last_speaker, eligible), eligible, None
    if method == "random":
        return gc.random_select_speaker(eligible), eligible, None
    messages = gc.messages.copy()
    last = messages[-1]  # an empty transcript raises IndexError, as in 0.2
    if last.get("function_call") or last.get("tool_calls"):
        # A call without its results would make the selection request invalid: blank it out.
        blanked = dict(last)
        if blanked.get("function_call"):
            blanked["function_call"] = None
        if blanked.get("tool_calls"):
            blanked["tool_calls"] = None
        messages[-1] = blanked
    return None, eligible, messages
