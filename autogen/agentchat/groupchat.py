"""Group chat: several agents share one conversation, and a policy picks who speaks next.

`GroupChat` holds the shared transcript and the speaker-selection settings; `GroupChatManager` (an agent)
runs the rounds. The "auto" policy asks an LLM, through a small internal two-agent chat (see
`_groupchat_auto`), whose agents and client are reused from round to round.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Literal, Optional, Tuple, Union

from .._reexports import lazy_names
from ..code_utils import content_str
from ..exception_utils import AgentNameConflict, NoEligibleSpeaker, UndefinedNextAgent
from ..graph_utils import check_graph_validity, invert_disallowed_to_allowed
from ..io.base import IOStream
from . import _groupchat_auto, _groupchat_prompts
from ._groupchat_selection import mentioned_agents, narrow_candidates, participant_roles
from .agent import Agent
from .conversable_agent import ConversableAgent

try:  # 0.2 loads the capability at import time and tolerates its absence.
    from .contrib.capabilities import transform_messages
except ImportError:
    transform_messages = None

if TYPE_CHECKING:
    from ..oai.client import ModelClient

__all__ = ["GroupChat", "GroupChatManager"]

logger = logging.getLogger(__name__)

_UNRESOLVED_SPEAKER = (
    "GroupChat select_speaker failed to resolve the next speaker's name. "
    "This is because the speaker selection OAI call returned:\n"
)


@dataclass
class GroupChat:
    """The state and rules of a group conversation (transcript, members, speaker selection).

    `messages` is the live transcript, appended to in place. Speaker selection may be "auto" (an LLM
    picks), "manual" (a human picks), "random", "round_robin", or a callable
    `(last_speaker, groupchat) -> Agent | str | None`.
    """

    agents: List[Agent]
    messages: List[Dict]
    max_round: int = 10
    admin_name: str = "Admin"
    func_call_filter: bool = True
    speaker_selection_method: Union[Literal["auto", "manual", "random", "round_robin"], Callable] = "auto"
    max_retries_for_selecting_speaker: int = 2
    allow_repeat_speaker: Optional[Union[bool, List[Agent]]] = None
    allowed_or_disallowed_speaker_transitions: Optional[Dict] = None
    speaker_transitions_type: Literal["allowed", "disallowed", None] = None
    enable_clear_history: bool = False
    send_introductions: bool = False
    select_speaker_message_template: str = _groupchat_prompts.SELECT_SPEAKER_MESSAGE_TEMPLATE
    select_speaker_prompt_template: str = _groupchat_prompts.SELECT_SPEAKER_PROMPT_TEMPLATE
    select_speaker_auto_multiple_template: str = _groupchat_prompts.SELECT_SPEAKER_AUTO_MULTIPLE_TEMPLATE
    select_speaker_auto_none_template: str = _groupchat_prompts.SELECT_SPEAKER_AUTO_NONE_TEMPLATE
    select_speaker_transform_messages: Optional[Any] = None
    select_speaker_auto_verbose: Optional[bool] = False
    select_speaker_auto_model_client_cls: Optional[Union[ModelClient, List[ModelClient]]] = None
    select_speaker_auto_llm_config: Optional[Union[Dict, Literal[False]]] = None
    role_for_select_speaker_messages: Optional[str] = "system"

    _VALID_SPEAKER_SELECTION_METHODS = ["auto", "manual", "random", "round_robin"]
    _VALID_SPEAKER_TRANSITIONS_TYPE = ["allowed", "disallowed", None]

    DEFAULT_INTRO_MSG = _groupchat_prompts.DEFAULT_INTRO_MSG

    allowed_speaker_transitions_dict: Dict = field(init=False)

    # ------------------------------------------------------------------ construction and validation

    def __post_init__(self) -> None:
        self._validate_transition_settings()
        self.allowed_speaker_transitions_dict = self._build_transitions_dict()
        check_graph_validity(allowed_speaker_transitions_dict=self.allowed_speaker_transitions_dict, agents=self.agents)
        self._validate_templates()
        self._validate_retries()
        self._speaker_selection_transforms = self._validated_transforms()
        if self.select_speaker_auto_verbose is None or not isinstance(self.select_speaker_auto_verbose, bool):
            raise ValueError("select_speaker_auto_verbose cannot be None or non-bool")
        # Shared with the shallow copy that register_reply keeps as run_chat's config.
        self._selection_cache = _groupchat_auto.SelectionCache()

    def _validate_transition_settings(self) -> None:
        if self.allow_repeat_speaker is not None and not isinstance(self.allow_repeat_speaker, (bool, list)):
            raise ValueError("GroupChat allow_repeat_speaker should be a bool or a list of Agents.")
        if self.speaker_transitions_type is not None:
            self.speaker_transitions_type = self.speaker_transitions_type.lower()
        if self.speaker_transitions_type not in self._VALID_SPEAKER_TRANSITIONS_TYPE:
            raise ValueError(
                f"GroupChat speaker_transitions_type is set to '{self.speaker_transitions_type}'. "
                f"It should be one of {self._VALID_SPEAKER_TRANSITIONS_TYPE} (case insensitive). "
            )
        transitions = self.allowed_or_disallowed_speaker_transitions
        if transitions is None and self.allow_repeat_speaker is None:
            self.allow_repeat_speaker = True
        if transitions is not None and self.allow_repeat_speaker is not None:
            raise ValueError(
                "Don't provide both allowed_or_disallowed_speaker_transitions and allow_repeat_speaker in group chat. "
                "Please set one of them to None."
            )
        if transitions is not None and self.speaker_transitions_type is None:
            raise ValueError(
                "GroupChat allowed_or_disallowed_speaker_transitions is not None, but speaker_transitions_type is "
                "None. Please set speaker_transitions_type to either 'allowed' or 'disallowed'."
            )

    def _build_transitions_dict(self) -> Dict:
        transitions = self.allowed_or_disallowed_speaker_transitions
        if transitions is None:
            graph = {agent: [other for other in self.agents if other != agent] for agent in self.agents}
            repeat = self.allow_repeat_speaker
            for agent in self.agents:
                if repeat is True or (isinstance(repeat, list) and agent in repeat):
                    graph[agent].append(agent)
            return graph
        if self.speaker_transitions_type == "allowed":
            return transitions
        return invert_disallowed_to_allowed(transitions, self.agents)

    def _validate_templates(self) -> None:
        if not self.select_speaker_message_template:
            raise ValueError("select_speaker_message_template cannot be empty or None.")
        if self.select_speaker_prompt_template == "":
            self.select_speaker_prompt_template = None
        if not self.role_for_select_speaker_messages:
            raise ValueError("role_for_select_speaker_messages cannot be empty or None.")
        if not self.select_speaker_auto_multiple_template:
            raise ValueError("select_speaker_auto_multiple_template cannot be empty or None.")
        if not self.select_speaker_auto_none_template:
            raise ValueError("select_speaker_auto_none_template cannot be empty or None.")

    def _validate_retries(self) -> None:
        retries = self.max_retries_for_selecting_speaker
        if retries is None:  # 0.2 reports this case with the role message
            raise ValueError("role_for_select_speaker_messages cannot be empty or None.")
        if not isinstance(retries, int):
            raise ValueError("max_retries_for_selecting_speaker cannot be None or non-int")
        if retries < 0:
            raise ValueError("max_retries_for_selecting_speaker must be greater than or equal to zero")

    def _validated_transforms(self) -> Optional[Any]:
        transforms = self.select_speaker_transform_messages
        if transforms is None:
            return None
        if transform_messages is None:
            # 0.2.40's text, missing space included
            logger.warning(
                "TransformMessages could not be loaded, the 'select_speaker_transform_messages' transformwill not apply."
            )
            return None
        if not isinstance(transforms, transform_messages.TransformMessages):
            raise ValueError("select_speaker_transform_messages must be None or MessageTransforms.")
        return transforms

    # ------------------------------------------------------------------ simple members

    @property
    def agent_names(self) -> List[str]:
        """Names of the member agents, in order."""
        return [agent.name for agent in self.agents]

    def reset(self) -> None:
        """Forget the transcript."""
        self.messages.clear()

    def append(self, message: Dict, speaker: Agent) -> None:
        """Add `message` (the same dict, stamped with the speaker's name) to the transcript."""
        if message["role"] != "function":
            message["name"] = speaker.name
        message["content"] = content_str(message["content"])
        self.messages.append(message)

    def agent_by_name(
        self, name: str, recursive: bool = False, raise_on_name_conflict: bool = False
    ) -> Optional[Agent]:
        """The member called `name` (searching nested group chats when `recursive`), or None."""
        candidates = self.nested_agents() if recursive else self.agents
        matches = [agent for agent in candidates if agent.name == name]
        if raise_on_name_conflict and len(matches) > 1:
            raise AgentNameConflict()
        return matches[0] if matches else None

    def nested_agents(self) -> List[Agent]:
        """Members, plus the members of group chats run by member managers (recursively)."""
        found = self.agents.copy()
        for agent in found:  # grows while iterating, which makes the search reach every depth
            if isinstance(agent, GroupChatManager):
                found.extend(agent.groupchat.nested_agents())
        return found

    def next_agent(self, agent: Agent, agents: Optional[List[Agent]] = None) -> Agent:
        """The agent after `agent` in member order, restricted to `agents` when given."""
        if agents is None:
            agents = self.agents
        if not set(map(id, agents)).issubset(map(id, self.agents)):
            raise UndefinedNextAgent()
        names = self.agent_names
        idx = names.index(agent.name) if agent.name in names else -1
        if agents == self.agents:
            return agents[(idx + 1) % len(agents)]
        count = len(self.agents)
        for offset in range(1, count + 1):
            candidate = self.agents[(idx + offset) % count]
            if candidate in agents:
                return candidate
        raise UndefinedNextAgent()

    def select_speaker_msg(self, agents: Optional[List[Agent]] = None) -> str:
        """System message of the LLM that picks the next speaker."""
        if agents is None:
            agents = self.agents
        return self.select_speaker_message_template.format(
            roles=self._participant_roles(agents), agentlist=f"{[agent.name for agent in agents]}"
        )

    def select_speaker_prompt(self, agents: Optional[List[Agent]] = None) -> Optional[str]:
        """Final instruction to the LLM that picks the next speaker (None when disabled)."""
        if self.select_speaker_prompt_template is None:
            return None
        if agents is None:
            agents = self.agents
        return self.select_speaker_prompt_template.format(agentlist=f"{[agent.name for agent in agents]}")

    def introductions_msg(self, agents: Optional[List[Agent]] = None) -> str:
        """The greeting that presents every member, sent at the start when `send_introductions`."""
        if agents is None:
            agents = self.agents
        return f"{self.DEFAULT_INTRO_MSG}\n\n{self._participant_roles(agents)}"

    def manual_select_speaker(self, agents: Optional[List[Agent]] = None) -> Optional[Agent]:
        """Ask a human for the next speaker; None means 'choose automatically'."""
        iostream = IOStream.get_default()
        if agents is None:
            agents = self.agents
        iostream.print("Please select the next speaker from the following list:")
        for number, agent in enumerate(agents, start=1):
            iostream.print(f"{number}: {agent.name}")
        try_count = 0
        while try_count <= 3:
            try_count += 1
            if try_count >= 3:
                iostream.print(f"You have tried {try_count} times. The next speaker will be selected automatically.")
                break
            answer = iostream.input(
                "Enter the number of the next speaker (enter nothing or `q` to use auto selection): "
            )
            if answer == "" or answer == "q":
                break
            try:
                number = int(answer)
            except ValueError:
                number = 0
            if 0 < number <= len(agents):
                return agents[number - 1]
            iostream.print(f"Invalid input. Please enter a number between 1 and {len(agents)}.")
        return None

    def random_select_speaker(self, agents: Optional[List[Agent]] = None) -> Union[Agent, None]:
        """A uniformly random member of `agents` (all members by default)."""
        if agents is None:
            agents = self.agents
        return random.choice(agents)

    def _participant_roles(self, agents: Optional[List[Agent]] = None) -> str:
        return participant_roles(self.agents if agents is None else agents)

    def _mentioned_agents(self, message_content: Union[str, List], agents: Optional[List[Agent]]) -> Dict[str, int]:
        return mentioned_agents(message_content, self.agents if agents is None else agents)

    def _finalize_speaker(self, last_speaker: Agent, final: bool, name: str, agents: Optional[List[Agent]]) -> Agent:
        """Map an LLM's free-text choice to an agent (kept for 0.2 compatibility; selection no longer uses it)."""
        if final:
            named = list(self._mentioned_agents(name, agents))
            if len(named) != 1:
                logger.warning(_UNRESOLVED_SPEAKER + name)
            found = self.agent_by_name(named[0] if len(named) == 1 else name)
            if found:
                return found
        # no LLM answer (or an unknown name): fall back to round robin
        return self.next_agent(last_speaker, agents)

    # ------------------------------------------------------------------ speaker selection

    def _prepare_and_select_agents(
        self, last_speaker: Agent
    ) -> Tuple[Optional[Agent], Optional[List[Agent]], Optional[List[Dict]]]:
        method = self.speaker_selection_method
        if callable(method):
            chosen = method(last_speaker, self)
            if chosen is None:
                raise NoEligibleSpeaker("Custom speaker selection function returned None. Terminating conversation.")
            if isinstance(chosen, Agent):
                if chosen in self.agents:
                    return chosen, self.agents, None
                raise ValueError(
                    f"Custom speaker selection function returned an agent {chosen.name} not in the group chat."
                )
            if isinstance(chosen, str):
                method = chosen
            else:
                raise ValueError(
                    f"Custom speaker selection function returned an object of type {type(chosen)} "
                    "instead of Agent or str."
                )
        if method.lower() not in self._VALID_SPEAKER_SELECTION_METHODS:
            raise ValueError(
                f"GroupChat speaker_selection_method is set to '{method}'. "
                f"It should be one of {self._VALID_SPEAKER_SELECTION_METHODS} (case insensitive). "
            )
        return narrow_candidates(self, last_speaker, method.lower())

    def select_speaker(self, last_speaker: Agent, selector: ConversableAgent) -> Agent:
        """Choose the next speaker after `last_speaker`; `selector` lends its llm_config to "auto"."""
        selected, agents, messages = self._prepare_and_select_agents(last_speaker)
        if selected:
            return selected
        if self.speaker_selection_method == "manual":
            return self.next_agent(last_speaker)
        return self._auto_select_speaker(last_speaker, selector, messages, agents)

    async def a_select_speaker(self, last_speaker: Agent, selector: ConversableAgent) -> Agent:
        """Async version of `select_speaker`."""
        selected, agents, messages = self._prepare_and_select_agents(last_speaker)
        if selected:
            return selected
        if self.speaker_selection_method == "manual":
            return self.next_agent(last_speaker)
        return await self.a_auto_select_speaker(last_speaker, selector, messages, agents)

    def _auto_select_speaker(
        self,
        last_speaker: Agent,
        selector: ConversableAgent,
        messages: Optional[List[Dict]],
        agents: Optional[List[Agent]],
    ) -> Agent:
        """Let an LLM pick, validating its answer and retrying up to `max_retries_for_selecting_speaker`."""
        run = _groupchat_auto.SelectionRun(self, last_speaker, selector, messages, agents, include_name=True)
        with run as (checking_agent, speaker_selection_agent):
            result = checking_agent.initiate_chat(
                speaker_selection_agent,
                cache=None,
                message=run.start_message,
                max_turns=run.max_turns,
                clear_history=False,
                silent=not self.select_speaker_auto_verbose,
            )
            return self._process_speaker_selection_result(result, last_speaker, run.agents)

    async def a_auto_select_speaker(
        self,
        last_speaker: Agent,
        selector: ConversableAgent,
        messages: Optional[List[Dict]],
        agents: Optional[List[Agent]],
    ) -> Agent:
        """Async version of `_auto_select_speaker`."""
        run = _groupchat_auto.SelectionRun(self, last_speaker, selector, messages, agents, include_name=False)
        with run as (checking_agent, speaker_selection_agent):
            result = await checking_agent.a_initiate_chat(
                speaker_selection_agent,
                cache=None,
                message=run.start_message,
                max_turns=run.max_turns,
                clear_history=False,
                silent=not self.select_speaker_auto_verbose,
            )
            return self._process_speaker_selection_result(result, last_speaker, run.agents)

    def _create_internal_agents(
        self,
        agents: List[Agent],
        max_attempts: int,
        messages: List[Dict],
        validate_speaker_name: Callable,
        selector: Optional[ConversableAgent] = None,
    ) -> Tuple[ConversableAgent, ConversableAgent]:
        """Build the checking agent and the speaker-selection agent of the internal selection chat."""
        return _groupchat_auto.create_internal_agents(
            self, agents, max_attempts, messages, validate_speaker_name, selector
        )

    def _register_custom_model_clients(self, agent: ConversableAgent) -> None:
        """Register the custom model client classes named in `select_speaker_auto_llm_config`."""
        _groupchat_auto.register_custom_model_clients(self, agent)

    def _register_client_from_config(self, agent: Agent, config: Dict) -> None:
        _groupchat_auto.register_client_from_config(self, agent, config)

    def _validate_speaker_name(
        self,
        recipient: ConversableAgent,
        messages: List[Dict],
        sender: ConversableAgent,
        config: Any,
        attempts_left: int,
        attempt: int,
        agents: List[Agent],
    ) -> Tuple[bool, Union[str, Dict, None]]:
        """Reply function of the checking agent: accept one named agent, or ask the LLM to try again."""
        return _groupchat_auto.validate_speaker_name(self, messages, attempts_left, attempt, agents)

    def _process_speaker_selection_result(
        self, result: Any, last_speaker: Agent, agents: Optional[List[Agent]]
    ) -> Optional[Agent]:
        """The agent chosen by the internal chat, or the next agent in order when selection failed."""
        if len(result.chat_history) > 0:
            final = result.chat_history[-1]["content"]
            if _groupchat_prompts.SELECTED_MARKER in final:
                return self.agent_by_name(final.replace(_groupchat_prompts.SELECTED_MARKER, ""))
            return self.next_agent(last_speaker, agents)
        return None


from ._groupchat_manager import GroupChatManager  # noqa: E402  (the manager module uses GroupChat)

__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
