"""The "auto" speaker selection: a short internal chat between a checking agent and an LLM-backed selector.

The selector agent sees the group transcript and answers with a name; the checking agent's only reply
function validates that answer and, when it names no agent or several, asks again (up to the retry
limit). 0.2 built two new agents (and a new OpenAI client) for every selection; here the pair is built once
per GroupChat and reconfigured for each round, unless building it is observable (see `_silent_to_build`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, Union

from ..code_utils import content_str
from ..formatting_utils import colored
from ..io.base import IOStream
from ..runtime_logging import logging_enabled
from . import _groupchat_prompts as prompts
from .conversable_agent import ConversableAgent

if TYPE_CHECKING:
    from .agent import Agent
    from .groupchat import GroupChat

Validator = Callable[..., Tuple[bool, Union[str, Dict, None]]]


def create_internal_agents(
    gc: GroupChat,
    agents: List[Agent],
    max_attempts: int,
    messages: List[Dict],
    validate_speaker_name: Validator,
    selector: Optional[ConversableAgent],
) -> Tuple[ConversableAgent, ConversableAgent]:
    """A fresh (checking agent, speaker-selection agent) pair."""
    # the checker's only reply function is the validator; the transcript so far is the picker's history with it
    checker = ConversableAgent("checking_agent", default_auto_reply=max_attempts)
    checker.register_reply([ConversableAgent, None], validate_speaker_name, remove_other_reply_funcs=True)
    picker = ConversableAgent(
        name="speaker_selection_agent",
        human_input_mode="NEVER",
        llm_config=gc.select_speaker_auto_llm_config or selector.llm_config,
        system_message=gc.select_speaker_msg(agents),
        chat_messages={checker: messages},
    )
    gc._register_custom_model_clients(picker)
    return checker, picker


def register_custom_model_clients(gc: GroupChat, agent: ConversableAgent) -> None:
    """Register the custom client classes that `select_speaker_auto_llm_config` names."""
    config = gc.select_speaker_auto_llm_config
    if not config:
        return
    if "config_list" in config:
        for entry in config["config_list"]:
            gc._register_client_from_config(agent, entry)
    else:
        gc._register_client_from_config(agent, config)


def register_client_from_config(gc: GroupChat, agent: Any, config: Dict) -> None:
    """Register the class named by `config["model_client_cls"]`, taken from `select_speaker_auto_model_client_cls`."""
    wanted = config.get("model_client_cls")
    if not wanted:
        return
    available = gc.select_speaker_auto_model_client_cls
    if not available:
        raise ValueError(
            "A custom model was detected in the config but no 'model_client_cls' "
            "was supplied for registration in GroupChat."
        )
    if isinstance(available, list):
        matching = [cls for cls in available if cls.__name__ == wanted]
        if len(set(matching)) > 1:
            raise RuntimeError(f"More than one unique 'model_client_cls' with __name__ '{wanted}'.")
        if not matching:
            raise ValueError(
                f"No model's __name__ matches the model client class '{wanted}' "
                "specified in select_speaker_auto_llm_config."
            )
        chosen = matching[0]
    else:
        chosen = available
    agent.register_model_client(chosen)


def validate_speaker_name(
    gc: GroupChat, messages: List[Dict], attempts_left: int, attempt: int, agents: List[Agent]
) -> Tuple[bool, Union[str, Dict, None]]:
    """Accept an answer naming exactly one agent; otherwise ask again, or record the failure when out of tries."""
    content = messages[-1].get("content")
    name = (content if isinstance(content, str) else content_str(content)).strip()
    mentions = gc._mentioned_agents(name, agents)
    total = attempt + attempts_left
    verbose = gc.select_speaker_auto_verbose
    iostream = IOStream.get_default()
    if len(mentions) == 1:
        selected = next(iter(mentions))
        messages.append({"role": "user", "content": f"{prompts.SELECTED_MARKER}{selected}"})
        if verbose:
            iostream.print(
                colored(
                    f">>>>>>>> Select speaker attempt {attempt} of {total} successfully selected: {selected}", "green"
                ),
                flush=True,
            )
        return True, None
    if len(mentions) > 1:
        if verbose:
            iostream.print(
                colored(
                    f">>>>>>>> Select speaker attempt {attempt} of {total} failed as it included multiple agent names.",
                    "red",
                ),
                flush=True,
            )
        if attempts_left:
            return True, _retry_message(gc, gc.select_speaker_auto_multiple_template, agents)
        failure = f"Select speaker attempt #{attempt} of {total} failed as it returned multiple names."
    else:
        if verbose:
            iostream.print(
                colored(
                    f">>>>>>>> Select speaker attempt #{attempt} failed as it did not include any agent names.", "red"
                ),
                flush=True,
            )
        if attempts_left:
            return True, _retry_message(gc, gc.select_speaker_auto_none_template, agents)
        failure = f"Select speaker attempt #{attempt} of {total} failed as it did not include any agent names."
    messages.append({"role": "user", "content": f"{prompts.FAILED_MARKER}{failure}"})
    return True, None


def _retry_message(gc: GroupChat, template: str, agents: List[Agent]) -> Dict[str, Any]:
    return {
        "content": template.format(agentlist=f"{[agent.name for agent in agents]}"),
        "name": "checking_agent",
        "override_role": gc.role_for_select_speaker_messages,
    }


class SelectionAgents:
    """The reusable internal pair of one GroupChat, with the validator of the selection in progress."""

    def __init__(self, llm_config: Any, transforms: Any) -> None:
        self.llm_config = llm_config
        self.transforms = transforms
        self.validator: Optional[Validator] = None
        self.busy = False
        self.checking_agent: Optional[ConversableAgent] = None
        self.speaker_selection_agent: Optional[ConversableAgent] = None

    def dispatch(
        self, recipient: ConversableAgent, messages: Optional[List[Dict]] = None, sender: Any = None, config: Any = None
    ) -> Tuple[bool, Union[str, Dict, None]]:
        """The checking agent's reply function: forwards to the current round's validator."""
        return self.validator(recipient, messages, sender, config)

    def fits(self, llm_config: Any, transforms: Any) -> bool:
        return not self.busy and self.llm_config is llm_config and self.transforms is transforms

    def prepare_round(self, gc: GroupChat, agents: List[Agent], max_attempts: int, messages: List[Dict]) -> None:
        """Point the pair at this round's candidates and transcript, dropping the previous round's exchange."""
        checking, selector = self.checking_agent, self.speaker_selection_agent
        selector.update_system_message(gc.select_speaker_msg(agents))
        selector.chat_messages[checking] = messages
        checking.clear_history(selector)
        checking._default_auto_reply = max_attempts


class SelectionCache:
    """Holds a GroupChat's reusable pair; shared by shallow copies, emptied by deep copies and pickling."""

    def __init__(self) -> None:
        self.pair: Optional[SelectionAgents] = None

    def __deepcopy__(self, memo: Dict[int, Any]) -> SelectionCache:
        return SelectionCache()

    def __getstate__(self) -> Dict[str, Any]:
        return {}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.pair = None


def _silent_to_build(llm_config: Any) -> bool:
    """Whether building the pair has no visible effect, so that one pair may serve every round.

    0.2 builds a new pair each round. That shows when runtime logging records each new agent, wrapper and
    client, and when a config entry names a custom model client (its class is instantiated and the wrapper
    logs that it found it) or a provider whose client may warn when created: then the pair is built anew.
    """
    if logging_enabled():
        return False
    if not isinstance(llm_config, dict):
        return True
    entries = llm_config.get("config_list") or [llm_config]
    return all(
        isinstance(entry, dict)
        and not entry.get("model_client_cls")
        and entry.get("api_type", "openai") in ("openai", "azure")
        for entry in entries
    )


def _cache_of(gc: GroupChat) -> SelectionCache:
    cache = getattr(gc, "_selection_cache", None)
    if cache is None:  # e.g. a GroupChat subclass that skipped __post_init__
        cache = gc._selection_cache = SelectionCache()
    return cache


def acquire(
    gc: GroupChat,
    agents: List[Agent],
    max_attempts: int,
    messages: List[Dict],
    validator: Validator,
    selector: Optional[ConversableAgent],
) -> SelectionAgents:
    """The group's internal pair set up for this round (built on first use or when the config changed)."""
    llm_config = gc.select_speaker_auto_llm_config or (selector.llm_config if selector is not None else None)
    transforms = gc._speaker_selection_transforms
    cache = _cache_of(gc)
    pair = cache.pair
    reusable = _silent_to_build(llm_config)
    if pair is not None and reusable and pair.fits(llm_config, transforms):
        pair.prepare_round(gc, agents, max_attempts, messages)
    else:
        pair = SelectionAgents(llm_config, transforms)
        pair.checking_agent, pair.speaker_selection_agent = gc._create_internal_agents(
            agents, max_attempts, messages, pair.dispatch, selector
        )
        if transforms is not None:
            transforms.add_to_agent(pair.speaker_selection_agent)
        if not reusable:
            cache.pair = None
        elif cache.pair is None or not cache.pair.busy:  # a concurrent selection keeps its own pair
            cache.pair = pair
    pair.validator = validator
    pair.busy = True
    return pair


class SelectionRun:
    """One auto selection: counts the attempts, and holds the group's internal pair while it runs.

    Use as a context manager: entering claims the pair (building it on first use), leaving releases it.
    """

    def __init__(
        self,
        gc: GroupChat,
        last_speaker: Agent,
        selector: ConversableAgent,
        messages: Optional[List[Dict]],
        agents: Optional[List[Agent]],
        include_name: bool,
    ) -> None:
        self.agents = gc.agents if agents is None else agents
        self._max_attempts = 1 + gc.max_retries_for_selecting_speaker
        self.max_turns = 2 * max(1, self._max_attempts)
        self._attempts_left = self._max_attempts
        self._attempt = 0
        self._gc = gc
        self._selector = selector
        self._messages = messages
        self.start_message = self._start_message(gc, messages, include_name)
        self._pair: Optional[SelectionAgents] = None

    def _start_message(self, gc: GroupChat, messages: Optional[List[Dict]], include_name: bool) -> Any:
        if gc.select_speaker_prompt_template is None:
            return messages[-1]
        message = {
            "content": gc.select_speaker_prompt(self.agents),
            "override_role": gc.role_for_select_speaker_messages,
        }
        if include_name:
            message["name"] = "checking_agent"
        return message

    def _validate(
        self, recipient: ConversableAgent, messages: List[Dict], sender: Any, config: Any
    ) -> Tuple[bool, Union[str, Dict, None]]:
        self._attempt += 1
        self._attempts_left -= 1
        return self._gc._validate_speaker_name(
            recipient, messages, sender, config, self._attempts_left, self._attempt, self.agents
        )

    def __enter__(self) -> Tuple[ConversableAgent, ConversableAgent]:
        """Claim the pair; returns (checking agent, speaker-selection agent)."""
        self._pair = acquire(self._gc, self.agents, self._max_attempts, self._messages, self._validate, self._selector)
        return self._pair.checking_agent, self._pair.speaker_selection_agent

    def __exit__(self, *exc: Any) -> None:
        if self._pair is not None:
            self._pair.busy = False
            self._pair.validator = None
