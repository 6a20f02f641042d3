"""SocietyOfMindAgent: one outward-facing agent whose thinking is a whole group chat ("inner monologue").

Each message it receives is handed to an inner group chat; when that chat ends, a response preparer turns the
inner transcript into a single answer for the outside conversation.
"""

from __future__ import annotations

import copy
import traceback
from typing import Any, Callable, Dict, List, Literal, Optional, Tuple, Union

from ..._reexports import lazy_names
from ..agent import Agent
from ..conversable_agent import ConversableAgent
from ..groupchat import GroupChat, GroupChatManager

__all__ = ("SocietyOfMindAgent",)

ResponsePreparer = Callable[["SocietyOfMindAgent", List[Dict[str, Any]]], str]

_DEFAULT_RESPONSE_PROMPT = (
    "Answer the original request directly, in a self-contained way, using what was learned in the transcript above. "
    "Do not mention the team, the discussion or any intermediate steps: your reply must read as if you had worked "
    "it all out yourself. If the request could not be fully met, say so plainly and give the best partial answer. "
    "Do not include the word TERMINATE."
)

_TRANSCRIPT_INTRO = (
    "You received a request and handled it by talking it over with a team. The record of that team discussion follows:"
)


def _strip_terminate(agent: SocietyOfMindAgent, messages: List[Dict[str, Any]]) -> str:
    """Without an LLM: the inner chat's last message, minus the TERMINATE keyword."""
    return messages[-1]["content"].replace("TERMINATE", "").strip()


def _as_transcript_message(message: Dict[str, Any]) -> Dict[str, Any]:
    """An inner-chat message as a plain user message (tool and function calls spelled out as text)."""
    message = copy.deepcopy(message)
    message["role"] = "user"
    if message.get("content") is None:
        message["content"] = ""
    for key in ("tool_calls", "tool_responses", "tool_call_id"):
        message.pop(key, None)
    if "function_call" in message:
        if message["content"] == "":
            call = message["function_call"]
            try:
                message["content"] = call["name"] + "(" + call["arguments"] + ")"
            except KeyError:
                pass
        del message["function_call"]
    return message


class SocietyOfMindAgent(ConversableAgent):
    """An agent that answers by running an inner group chat (`chat_manager`) and summarising its outcome.

    `response_preparer` may be a prompt (the LLM writes the answer from the inner transcript) or a callable
    `(agent, inner_messages) -> str`. Async chats are not supported.
    """

    def __init__(
        self,
        name: str,
        chat_manager: GroupChatManager,
        response_preparer: Optional[Union[str, ResponsePreparer]] = None,
        is_termination_msg: Optional[Callable[[Dict[str, Any]], bool]] = None,
        max_consecutive_auto_reply: Optional[int] = None,
        human_input_mode: Literal["ALWAYS", "NEVER", "TERMINATE"] = "TERMINATE",
        function_map: Optional[Dict[str, Callable[..., Any]]] = None,
        code_execution_config: Union[Dict[str, Any], Literal[False]] = False,
        llm_config: Optional[Union[Dict[str, Any], Literal[False]]] = False,
        default_auto_reply: Optional[Union[str, Dict[str, Any]]] = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(
            name=name,
            system_message="",
            is_termination_msg=is_termination_msg,
            max_consecutive_auto_reply=max_consecutive_auto_reply,
            human_input_mode=human_input_mode,
            function_map=function_map,
            code_execution_config=code_execution_config,
            llm_config=llm_config,
            default_auto_reply=default_auto_reply,  # type: ignore[arg-type]
            **kwargs,
        )
        self.update_chat_manager(chat_manager)
        self.response_preparer: ResponsePreparer = self._preparer_from(response_preparer)
        # Only sync replies; registering each first gives the order: termination/human, function, code, inner chat.
        self._reply_func_list = []
        self.register_reply([Agent, None], SocietyOfMindAgent.generate_inner_monologue_reply)
        self.register_reply([Agent, None], ConversableAgent.generate_code_execution_reply)
        self.register_reply([Agent, None], ConversableAgent.generate_function_call_reply)
        self.register_reply([Agent, None], ConversableAgent.check_termination_and_human_reply)

    def _preparer_from(self, response_preparer: Optional[Union[str, ResponsePreparer]]) -> ResponsePreparer:
        """A callable preparer: a prompt is answered by our LLM; without prompt or LLM, the last inner message."""
        if callable(response_preparer):
            return response_preparer
        if response_preparer is None and self.client is None:
            return _strip_terminate
        prompt = _DEFAULT_RESPONSE_PROMPT if response_preparer is None else response_preparer
        return lambda agent, messages: agent._llm_response_preparer(prompt, messages)

    @property
    def chat_manager(self) -> Union[GroupChatManager, None]:
        """The manager of the inner group chat."""
        return self._chat_manager

    def update_chat_manager(self, chat_manager: Union[GroupChatManager, None]) -> None:
        """Use `chat_manager` (and the GroupChat it runs) for the inner monologue."""
        self._chat_manager = chat_manager
        self._group_chat: Optional[GroupChat] = None
        if chat_manager is None:
            return
        for entry in chat_manager._reply_func_list:
            if isinstance(entry["config"], GroupChat):
                self._group_chat = entry["config"]
                break

    def _llm_response_preparer(self, prompt: str, messages: List[Dict[str, Any]]) -> str:
        """Ask this agent's LLM to answer from the inner transcript, following `prompt`."""
        request = [{"role": "system", "content": _TRANSCRIPT_INTRO}]
        request.extend(_as_transcript_message(m) for m in messages)
        request.append({"role": "system", "content": prompt})
        client: Any = self.client
        response = client.create(context=None, messages=request, cache=self.client_cache)
        extracted = client.extract_text_or_completion_object(response)[0]
        if not isinstance(extracted, str):
            return str(extracted.model_dump(mode="dict"))
        return extracted

    def _replay_history(self, external_history: List[Dict[str, Any]], sender: Optional[Agent]) -> None:
        """Reset the inner agents and give each the outer conversation so far (attributed by name)."""
        for agent in self._group_chat.agents:  # type: ignore[union-attr]
            agent.reset()
            for message in external_history:
                attributed = message.copy()
                if "name" not in attributed:
                    is_own = attributed.get("role") == "assistant"
                    attributed["name"] = self.name if is_own else sender.name  # type: ignore[union-attr]
                self._chat_manager.send(attributed, agent, request_reply=False, silent=True)  # type: ignore[union-attr]

    def generate_inner_monologue_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Union[str, Dict[str, Any], None]]:
        """Run the inner group chat on the last message and answer with the prepared response."""
        if self._chat_manager is None:
            return False, None
        if messages is None:
            messages = self._oai_messages[sender]  # type: ignore[index]
        self._chat_manager.reset()
        self.update_chat_manager(self._chat_manager)
        self._replay_history(messages[:-1], sender)
        try:
            self.initiate_chat(self._chat_manager, message=messages[-1], clear_history=False)
        except Exception:  # the inner chat failing must not break the outer one; reported on stderr as in 0.2
            traceback.print_exc()
        return True, self.response_preparer(self, self._group_chat.messages)  # type: ignore[union-attr]


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
