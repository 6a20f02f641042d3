"""GroupChatManager: the agent that runs a GroupChat round by round (re-exported by `groupchat`)."""

from __future__ import annotations

import copy
import json
import logging
import sys
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Literal, Optional, Tuple, Union

from ..events import _bus
from ..exception_utils import NoEligibleSpeaker
from ..formatting_utils import colored
from ..runtime_logging import log_new_agent, logging_enabled
from . import _groupchat_clear
from ._effects import Call, Steps, run_async, run_sync
from .agent import Agent
from .conversable_agent import ConversableAgent

if TYPE_CHECKING:
    from .groupchat import GroupChat

logger = logging.getLogger("autogen.agentchat.groupchat")

_NOTHING_TO_RESUME = (
    "Cannot resume group chat as no messages were provided. Use GroupChatManager.run_chat or "
    "ConversableAgent.initiate_chat to start a new chat."
)


def _swap_in_cache(manager: Any, groupchat: GroupChat) -> None:
    """During a group chat, members use the manager's cache (their own is restored afterwards)."""
    if manager.client_cache is not None:
        for agent in groupchat.agents:
            agent.previous_cache = agent.client_cache
            agent.client_cache = manager.client_cache


def _swap_out_cache(manager: Any, groupchat: GroupChat) -> None:
    if manager.client_cache is not None:
        for agent in groupchat.agents:
            agent.client_cache = agent.previous_cache
            agent.previous_cache = None


def _refuse_tool_config(llm_config: Any) -> None:
    """A manager only routes messages: an llm_config offering functions or tools is a mistake."""
    if isinstance(llm_config, dict) and any(llm_config.get(key) for key in ("functions", "tools")):
        raise ValueError(
            "GroupChatManager is not allowed to make function/tool calls. Please remove the 'functions' or "
            "'tools' config in 'llm_config' you passed in."
        )


def _wants_clear_history(groupchat: GroupChat, reply: Any) -> bool:
    return (
        groupchat.enable_clear_history
        and isinstance(reply, dict)
        and bool(reply["content"])
        and "CLEAR HISTORY" in reply["content"].upper()
    )


def _emit_round_end(manager: Any, max_round: bool) -> None:
    reason = "max_round" if max_round else "is_termination_msg"
    _bus.emit_kind("termination", agent=manager.name, reason=reason, span_id=_bus.current_span.get())


def _select_speaker(manager: Any, groupchat: GroupChat, last_speaker: Any) -> Steps[Agent]:
    """`select_speaker` inside a `speaker_selection` span when someone listens."""
    span = _bus.open_span(
        "speaker_selection",
        manager=manager.name,
        method=str(
            groupchat.speaker_selection_method if isinstance(groupchat.speaker_selection_method, str) else "custom"
        ),
        last_speaker=getattr(last_speaker, "name", None),
    )
    try:
        speaker = yield Call(groupchat.select_speaker, groupchat.a_select_speaker, last_speaker, manager)
    except BaseException as error:
        _bus.close_span(span, error)
        raise
    _bus.close_span(span, selected=getattr(speaker, "name", None))
    return speaker


def _chat_rounds(
    manager: Any, messages: Optional[List[Dict]], sender: Optional[Agent], groupchat: GroupChat, is_async: bool
) -> Steps[Tuple[bool, None]]:
    """The rounds of a group chat, written once for the sync and the async driver."""
    if groupchat is None:  # called directly rather than as a registered reply function
        groupchat = manager._groupchat
    if messages is None:
        messages = manager._oai_messages[sender]
    first = messages[-1]  # read before the introductions, which may land in this same history
    if getattr(groupchat, "send_introductions", False):
        intro = groupchat.introductions_msg()
        for agent in groupchat.agents:
            yield Call(manager.send, manager.a_send, intro, agent, request_reply=False, silent=True)
    yield from _rounds(manager, groupchat, (first, sender), 0, is_async)
    return True, None


def continue_rounds(manager: Any, sender: Any, is_async: bool) -> Steps[None]:
    """Go on with a group chat restored from a saved state (`state.resume_chat`) where its `max_round` cut it.

    The saved run stopped right after posting round k's message; an uninterrupted run would have gone on
    to select the next speaker, so the rounds restart there, inside the manager's reply as they ran before.
    """
    rounds_done, open_ended = getattr(manager, "_group_progress", (0, False))
    if not open_ended:
        return
    span = _bus.open_span("reply", agent=manager.name, sender=getattr(sender, "name", None))
    try:
        yield from _rounds(manager, manager._groupchat, None, rounds_done - 1, is_async)
    except BaseException as error:
        _bus.close_span(span, error)
        raise
    _bus.close_span(span, reply=None, reply_func="run_chat")


def _rounds(
    manager: Any, groupchat: GroupChat, first: Optional[Tuple[Dict, Any]], index: int, is_async: bool
) -> Steps[None]:
    """Post `first` (message, speaker) as round `index`, then let speakers reply until the chat ends.

    Without `first` (a resumed chat) round `index` was already posted by the saved run.
    """
    speaker = manager._last_speaker if first is None else first[1]
    _swap_in_cache(manager, groupchat)
    try:
        # max_round=0: 0.2's round loop (a range) does not run at all; a non-int fails as range() does
        if index not in range(groupchat.max_round):
            return
        done = first is not None and (yield from _post(manager, groupchat, first[0], speaker, index, is_async))
        while not done:
            spoken = yield from _next_message(manager, groupchat, speaker, is_async)
            if spoken is None:
                break
            speaker, message = spoken
            index += 1
            done = yield from _post(manager, groupchat, message, speaker, index, is_async)
    finally:
        _swap_out_cache(manager, groupchat)


def _post(manager: Any, groupchat: GroupChat, message: Dict, speaker: Any, index: int, is_async: bool) -> Steps[bool]:
    """Round `index`: record `message` and pass it to every other member; True when the chat ends here.

    `manager._group_progress` (rounds done, whether only `max_round` ended it) is what a saved state records.
    """
    manager._last_speaker = speaker
    groupchat.append(message, speaker)
    manager._group_progress = (index + 1, False)
    if is_async and manager._is_termination_msg(message):
        if _bus.subscribers:
            _emit_round_end(manager, False)
        return True
    for agent in groupchat.agents:
        if agent != speaker:
            yield Call(manager.send, manager.a_send, message, agent, request_reply=False, silent=True)
    terminated = not is_async and manager._is_termination_msg(message)
    if terminated or index == groupchat.max_round - 1:
        manager._group_progress = (index + 1, not terminated)
        if _bus.subscribers:
            _emit_round_end(manager, not terminated)
        return True
    return False


def _next_message(
    manager: Any, groupchat: GroupChat, speaker: Any, is_async: bool
) -> Steps[Optional[Tuple[Any, Dict]]]:
    """Select the next speaker and post its reply to the manager: (speaker, message), or None to stop."""
    try:
        speaker = yield from _select_speaker(manager, groupchat, speaker)
        if not getattr(manager, "_silent", False) and not is_async:
            _bus.show("next_speaker", name=speaker.name)
        reply = yield Call(speaker.generate_reply, speaker.a_generate_reply, sender=manager)
    except KeyboardInterrupt:
        if groupchat.admin_name not in groupchat.agent_names:
            raise
        speaker = groupchat.agent_by_name(groupchat.admin_name)
        reply = yield Call(speaker.generate_reply, speaker.a_generate_reply, sender=manager)
    except NoEligibleSpeaker:
        logger.warning("No eligible speaker found. Terminating the conversation.")
        return None
    if reply is None:
        return None
    if not is_async and _wants_clear_history(groupchat, reply):
        # a plain agent running run_chat as a plugin has no clear_agents_history method
        clear = getattr(manager, "clear_agents_history", None) or _groupchat_clear.clear_agents_history
        reply["content"] = clear(reply, groupchat)
    silent = getattr(manager, "_silent", False)
    yield Call(speaker.send, speaker.a_send, reply, manager, request_reply=False, silent=silent)
    return speaker, manager.last_message(speaker)


class GroupChatManager(ConversableAgent):
    """An agent that runs a group chat: it posts each message to every member and asks the chosen
    next speaker to reply, until a termination message, `max_round`, or no reply."""

    # 0.2 defines the class in `groupchat`, which re-exports it: repr, type() and pickles name that module.
    __module__ = "autogen.agentchat.groupchat"

    def __init__(
        self,
        groupchat: GroupChat,
        name: Optional[str] = "chat_manager",
        max_consecutive_auto_reply: Optional[int] = sys.maxsize,
        human_input_mode: Literal["ALWAYS", "NEVER", "TERMINATE"] = "NEVER",
        system_message: Optional[Union[str, List]] = "Group chat manager.",
        silent: bool = False,
        **kwargs: Any,
    ):
        _refuse_tool_config(kwargs.get("llm_config"))
        super().__init__(
            name=name,
            system_message=system_message,
            human_input_mode=human_input_mode,
            max_consecutive_auto_reply=max_consecutive_auto_reply,
            **kwargs,
        )
        if logging_enabled():
            log_new_agent(self, locals())
        self._attach(groupchat, silent)

    def _attach(self, groupchat: GroupChat, silent: bool) -> None:
        """Take charge of `groupchat`: its rounds become this agent's first reply functions."""
        from .groupchat import GroupChat

        self._groupchat, self._silent, self._last_speaker = groupchat, silent, None
        for run, skip_when_sync in ((GroupChatManager.run_chat, False), (GroupChatManager.a_run_chat, True)):
            self.register_reply(
                Agent, run, config=groupchat, reset_config=GroupChat.reset, ignore_async_in_sync_chat=skip_when_sync
            )

    @property
    def groupchat(self) -> GroupChat:
        """The group chat this manager runs."""
        return self._groupchat

    @property
    def last_speaker(self) -> Optional[Agent]:
        """The member whose message the manager handled last (members receive everything from the
        manager, so this tells them who really spoke)."""
        return self._last_speaker

    def chat_messages_for_summary(self, agent: Agent) -> List[Dict]:
        """Summaries of a group chat are made from the group transcript (`agent` is ignored)."""
        return self._groupchat.messages

    def _prepare_chat(
        self,
        recipient: ConversableAgent,
        clear_history: bool,
        prepare_recipient: bool = True,
        reply_at_receive: bool = True,
    ) -> None:
        super()._prepare_chat(recipient, clear_history, prepare_recipient, reply_at_receive)
        group = self._groupchat
        if clear_history:
            group.reset()
        # every member gets ready for messages from the manager; the recipient only when asked to
        members = [a for a in group.agents if isinstance(a, ConversableAgent)]
        for member in members:
            if prepare_recipient or member != recipient:
                member._prepare_chat(self, clear_history, False, reply_at_receive)

    def _raise_exception_on_async_reply_functions(self) -> None:
        super()._raise_exception_on_async_reply_functions()
        for agent in self._groupchat.agents:
            agent._raise_exception_on_async_reply_functions()

    # ------------------------------------------------------------------ running the chat

    def run_chat(
        self,
        messages: Optional[List[Dict]] = None,
        sender: Optional[Agent] = None,
        config: Optional[GroupChat] = None,
    ) -> Tuple[bool, Optional[str]]:
        """Reply function: run the group chat started by `sender`'s last message (always final, no reply)."""
        return run_sync(_chat_rounds(self, messages, sender, config, is_async=False))

    async def a_run_chat(
        self,
        messages: Optional[List[Dict]] = None,
        sender: Optional[Agent] = None,
        config: Optional[GroupChat] = None,
    ) -> Tuple[bool, Optional[str]]:
        """Async reply function: as `run_chat`, except that (as in 0.2) a termination message is not
        broadcast, no "Next speaker" line is printed and "clear history" commands are not handled."""
        return await run_async(_chat_rounds(self, messages, sender, config, is_async=True))

    def clear_agents_history(self, reply: dict, groupchat: GroupChat) -> str:
        """Handle a "clear history [agent] [n]" command in `reply`; return the reply text without it."""
        return _groupchat_clear.clear_agents_history(reply, groupchat)

    # ------------------------------------------------------------------ resuming

    def resume(
        self,
        messages: Union[List[Dict], str],
        remove_termination_string: Union[str, Callable[[str], str]] = None,
        silent: Optional[bool] = False,
    ) -> Tuple[ConversableAgent, Dict]:
        """Load a saved transcript into the group and its members; return (last speaker, last message).

        Continue with `last_agent.initiate_chat(manager, message=last_message, clear_history=False)`.
        """
        return run_sync(self._resume_steps(messages, remove_termination_string, silent))

    async def a_resume(
        self,
        messages: Union[List[Dict], str],
        remove_termination_string: Union[str, Callable[[str], str]] = None,
        silent: Optional[bool] = False,
    ) -> Tuple[ConversableAgent, Dict]:
        """Async version of `resume`."""
        return await run_async(self._resume_steps(messages, remove_termination_string, silent))

    def _resume_steps(
        self,
        messages: Union[List[Dict], str],
        remove_termination_string: Union[str, Callable[[str], str], None],
        silent: Optional[bool],
    ) -> Steps[Tuple[ConversableAgent, Dict]]:
        messages = self._resume_messages(messages)
        for index, message in enumerate(messages):
            speaker = self._resume_speaker(message)
            if index != len(messages) - 1:
                for agent in self._groupchat.agents:
                    member = self._groupchat.agent_by_name(agent.name)
                    yield Call(self.send, self.a_send, message, member, request_reply=False, silent=True)
                self._resume_append(message, speaker)
        return self._finish_resume(messages, remove_termination_string, silent)

    def _resume_messages(self, messages: Union[List[Dict], str]) -> List[Dict]:
        """Parse/copy the saved messages, reset every history, and check the names."""
        if isinstance(messages, str):
            messages = self.messages_from_string(messages)
        elif isinstance(messages, list) and all(isinstance(item, dict) for item in messages):
            messages = copy.deepcopy(messages)
        else:
            raise Exception("Messages is not of type str or List[Dict]")
        for agent in self._groupchat.agents:
            if isinstance(agent, ConversableAgent):
                agent.clear_history()
        self.clear_history()
        self._groupchat.reset()
        self._valid_resume_messages(messages)
        return messages

    def _resume_speaker(self, message: Dict) -> Optional[Agent]:
        if "name" in message:
            speaker = self._groupchat.agent_by_name(message["name"])
        else:
            speaker = self
            message["name"] = self.name
        if not speaker and message["name"] == self.name:
            speaker = self
        return speaker

    def _resume_append(self, message: Dict, speaker: Optional[Agent]) -> None:
        if speaker:
            self._groupchat.append(message, speaker)
        else:  # e.g. the admin, who is not a member
            self._groupchat.messages.append(message)

    def _finish_resume(
        self, messages: List[Dict], remove_termination_string: Union[str, Callable[[str], str], None], silent: bool
    ) -> Tuple[ConversableAgent, Dict]:
        last_message = messages[-1]
        last_name = last_message["name"]
        last_agent = self._groupchat.agent_by_name(name=last_name)
        if not last_agent and (last_name == self._groupchat.admin_name or last_name == self.name):
            last_agent = self
        self._process_resume_termination(remove_termination_string, messages)
        if not silent:
            prepared = f"Prepared group chat with {len(messages)} messages, the last speaker is"
            _bus.show("text", objects=[prepared, colored(last_name, "yellow")])
        self._groupchat.send_introductions = False
        return last_agent, last_message

    def _valid_resume_messages(self, messages: List[Dict]) -> None:
        """Raise when there is nothing to resume or a message names an agent outside the group."""
        if not messages:
            raise Exception(_NOTHING_TO_RESUME)
        outside_members = (self._groupchat.admin_name, self.name)
        unknown = [
            m["name"]
            for m in messages
            if m.get("name") and m["name"] not in outside_members and not self._groupchat.agent_by_name(m["name"])
        ]
        if unknown:
            raise Exception(f"Agent name in message doesn't exist as agent in group chat: {unknown[0]}")

    def _process_resume_termination(
        self, remove_termination_string: Union[str, Callable[[str], str], None], messages: List[Dict]
    ) -> None:
        """Strip the termination text from the last message if asked, and warn if it would still end the chat."""
        last_message = messages[-1]
        if isinstance(remove_termination_string, str):
            text = remove_termination_string

            def remove(content: str) -> str:
                return content.replace(text, "")

        else:
            remove = remove_termination_string
        if remove and last_message.get("content"):
            last_message["content"] = remove(last_message["content"])
        if self._is_termination_msg and self._is_termination_msg(last_message):
            logger.warning("WARNING: Last message meets termination criteria and this may terminate the chat.")

    def messages_from_string(self, message_string: str) -> List[Dict]:
        """Parse messages saved with `messages_to_string`."""
        try:
            return json.loads(message_string)
        except json.JSONDecodeError:
            raise Exception("Messages string is not a valid JSON string")

    def messages_to_string(self, messages: List[Dict]) -> str:
        """Serialise messages (JSON) so that a chat can be resumed later, even in another process."""
        return json.dumps(messages)
