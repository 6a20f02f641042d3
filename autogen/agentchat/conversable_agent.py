"""ConversableAgent: an agent that converses by message passing, answering with its chain of reply functions.

The class holds the agent's state and its public API; the machinery lives in private modules:
`_turns` (the turn loop and the reply chain), `_human` (termination and human input), `_tools`
(function/tool calls), `_code_exec`, `_llm`, `_chat_flow` (starting chats, carryover, summaries),
`_nested`, `_registry` (reply functions and hooks), `_messages` and `_printing`.
"""

from __future__ import annotations

import asyncio
import contextvars
import copy
import functools
import logging
from collections import defaultdict
from typing import Any, Callable, Dict, List, Literal, Optional, Tuple, Type, TypeVar, Union

from .._reexports import lazy_names
from ..code_utils import content_str
from ..events import _bus
from ..io.base import IOStream
from ..runtime_logging import log_event, log_new_agent, logging_enabled
from . import _chat_flow, _code_exec, _history, _human, _llm, _messages, _nested, _registry, _run, _tools
from ._effects import run_async, run_sync
from ._printing import print_received_message
from ._turns import builtin_turn_step, converse, is_silent, reply_steps
from .agent import Agent, LLMAgent
from .chat import ChatResult, a_initiate_chats, initiate_chats
from .utils import consolidate_chat_info

__all__ = ("ConversableAgent",)

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
Message = Union[Dict[str, Any], str]


_NO_LLM = (None, False)
# configs that cannot name a model; refused at construction rather than at the first request
_MODELLESS_CONFIGS = ({}, {"config_list": []}, {"config_list": [{"model": ""}]})
_MODEL_REQUIRED = (
    "When using OpenAI or Azure OpenAI endpoints, specify a non-empty 'model' either in 'llm_config' or "
    "in each config of 'config_list'."
)
_UNUSABLE_MESSAGE = (
    "Received message can't be converted into a valid ChatCompletion message. "
    "Either content or function_call must be provided."
)


def _openai_wrapper(config: Dict[str, Any]) -> Any:
    from ..oai.client import OpenAIWrapper  # imported on demand: `import autogen` stays light

    return OpenAIWrapper(**config)


class ConversableAgent(LLMAgent):
    """An agent that can converse: it sends and receives messages and replies through its reply functions.

    By default it replies, in this order of checks: stop or ask a human (`human_input_mode`), run a
    requested function or tool, run code (when `code_execution_config` enables it), ask the LLM (when
    `llm_config` is given); else it answers `default_auto_reply`. Add your own with `register_reply`.
    """

    DEFAULT_CONFIG = False  # the llm_config used when none is given: no LLM
    MAX_CONSECUTIVE_AUTO_REPLY = 100
    DEFAULT_SUMMARY_PROMPT = "Summarize the key takeaway of this conversation, without any introductory phrases."
    DEFAULT_SUMMARY_METHOD = "last_msg"
    llm_config: Union[Dict[str, Any], Literal[False]]

    def __init__(
        self,
        name: str,
        system_message: Optional[Union[str, List[Any]]] = "You are a helpful AI Assistant.",
        is_termination_msg: Optional[Callable[[Dict[str, Any]], bool]] = None,
        max_consecutive_auto_reply: Optional[int] = None,
        human_input_mode: Literal["ALWAYS", "NEVER", "TERMINATE"] = "TERMINATE",
        function_map: Optional[Dict[str, Callable[..., Any]]] = None,
        code_execution_config: Union[Dict[str, Any], Literal[False]] = False,
        llm_config: Optional[Union[Dict[str, Any], Literal[False]]] = None,
        default_auto_reply: Union[str, Dict[str, Any]] = "",
        description: Optional[str] = None,
        chat_messages: Optional[Dict[Agent, List[Dict[str, Any]]]] = None,
        silent: Optional[bool] = None,
    ):
        # never mutate the caller's config dict
        code_execution_config = (
            code_execution_config.copy() if hasattr(code_execution_config, "copy") else code_execution_config
        )
        self._name = name
        self._oai_messages: Dict[Agent, List[Dict[str, Any]]] = (
            defaultdict(list) if chat_messages is None else chat_messages
        )
        self._oai_system_message = [{"content": system_message, "role": "system"}]
        self._description = description if description is not None else system_message
        self._is_termination_msg = is_termination_msg if is_termination_msg is not None else _is_terminate_text
        self.silent = silent
        if isinstance(llm_config, dict):
            try:
                llm_config = copy.deepcopy(llm_config)
            except TypeError as e:
                raise TypeError(
                    "Please implement __deepcopy__ method for each value class in llm_config to support deepcopy. "
                    "Refer to the docs for more details: "
                    "https://microsoft.github.io/autogen/docs/topics/llm_configuration#adding-http-client-in-llm_config-for-proxy"
                ) from e
        self._validate_llm_config(llm_config)
        if logging_enabled():
            log_new_agent(self, locals())
        self.client_cache: Any = None
        self.previous_cache: Any = None
        self.human_input_mode = human_input_mode
        self._max_consecutive_auto_reply = (
            max_consecutive_auto_reply if max_consecutive_auto_reply is not None else self.MAX_CONSECUTIVE_AUTO_REPLY
        )
        self._consecutive_auto_reply_counter: Dict[Any, int] = defaultdict(int)
        self._max_consecutive_auto_reply_dict: Dict[Any, int] = defaultdict(self.max_consecutive_auto_reply)
        self._function_map = (
            {} if function_map is None else {n: f for n, f in function_map.items() if self._assert_valid_name(n)}
        )
        self._default_auto_reply = default_auto_reply
        self._reply_func_list: List[Dict[str, Any]] = []
        self._human_input: List[str] = []
        self.reply_at_receive: Dict[Any, bool] = defaultdict(bool)
        self._code_executor: Any = None
        self._register_default_replies(code_execution_config)
        self.hook_lists: Dict[str, List[Callable[..., Any]]] = {name: [] for name in _registry.HOOKABLE_METHODS}

    def _register_default_replies(self, code_execution_config: Any) -> None:
        """Each registration goes first, so the chain runs termination → function → tool → code → LLM."""
        cls = ConversableAgent
        self.register_reply([Agent, None], cls.generate_oai_reply)
        self.register_reply([Agent, None], cls.a_generate_oai_reply, ignore_async_in_sync_chat=True)
        code_path = _code_exec.setup_code_execution(self, code_execution_config)
        if code_path == "executor":
            self.register_reply([Agent, None], cls._generate_code_execution_reply_using_executor)
        elif code_path == "legacy":
            self.register_reply([Agent, None], cls.generate_code_execution_reply)
        self.register_reply([Agent, None], cls.generate_tool_calls_reply)
        self.register_reply([Agent, None], cls.a_generate_tool_calls_reply, ignore_async_in_sync_chat=True)
        self.register_reply([Agent, None], cls.generate_function_call_reply)
        self.register_reply([Agent, None], cls.a_generate_function_call_reply, ignore_async_in_sync_chat=True)
        self.register_reply([Agent, None], cls.check_termination_and_human_reply)
        self.register_reply([Agent, None], cls.a_check_termination_and_human_reply, ignore_async_in_sync_chat=True)

    def _validate_llm_config(self, llm_config: Any) -> None:
        assert llm_config in _NO_LLM or isinstance(llm_config, dict), "llm_config must be a dict or False or None."
        config = self.DEFAULT_CONFIG if llm_config is None else llm_config
        self.llm_config = config
        if config in _MODELLESS_CONFIGS:
            raise ValueError(_MODEL_REQUIRED)
        self.client = _openai_wrapper(config) if config is not False else None

    # ------------------------------------------------------------------ properties
    @property
    def name(self) -> str:
        return self._name

    @property
    def description(self) -> str:
        return self._description

    @description.setter
    def description(self, description: str) -> None:
        self._description = description

    @property
    def code_executor(self) -> Any:
        """The code executor of the `executor` config path, else None."""
        return self._code_executor

    @property
    def system_message(self) -> str:
        return self._oai_system_message[0]["content"]

    @property
    def chat_messages(self) -> Dict[Agent, List[Dict[str, Any]]]:
        """The live history: partner → list of messages."""
        return self._oai_messages

    @property
    def function_map(self) -> Dict[str, Callable[..., Any]]:
        return self._function_map

    @property
    def use_docker(self) -> Union[bool, str, None]:
        return None if self._code_execution_config is False else self._code_execution_config.get("use_docker")

    def update_system_message(self, system_message: str) -> None:
        self._oai_system_message[0]["content"] = system_message

    def update_max_consecutive_auto_reply(self, value: int, sender: Optional[Agent] = None) -> None:
        """Set the limit for one partner, or (sender None) the default and every partner's."""
        if sender is None:
            self._max_consecutive_auto_reply = value
            for key in self._max_consecutive_auto_reply_dict:
                self._max_consecutive_auto_reply_dict[key] = value
        else:
            self._max_consecutive_auto_reply_dict[sender] = value

    def max_consecutive_auto_reply(self, sender: Optional[Agent] = None) -> int:
        if sender is None:
            return self._max_consecutive_auto_reply
        return self._max_consecutive_auto_reply_dict[sender]

    def chat_messages_for_summary(self, agent: Agent) -> List[Dict[str, Any]]:
        """The messages a reflection summary of the chat with `agent` is based on."""
        return self._oai_messages[agent]

    def last_message(self, agent: Optional[Agent] = None) -> Optional[Dict[str, Any]]:
        """The last message exchanged with `agent` (may be omitted when there is only one conversation)."""
        return _history.last_message(self, agent)

    # ------------------------------------------------------------------ reply-function registry
    def register_reply(
        self,
        trigger: Union[Type[Agent], str, Agent, Callable[[Agent], bool], List[Any]],
        reply_func: Callable[..., Any],
        position: int = 0,
        config: Optional[Any] = None,
        reset_config: Optional[Callable[..., Any]] = None,
        *,
        ignore_async_in_sync_chat: bool = False,
        remove_other_reply_funcs: bool = False,
    ) -> None:
        """Add `reply_func(agent, messages=, sender=, config=) -> (final, reply)`, tried for senders matching `trigger`.

        Position 0 (default) is checked first. Triggers: a class, an agent name, an agent, a callable
        `sender -> bool`, None (no sender), or a list of these.
        """
        entry = _registry.make_reply_entry(trigger, reply_func, config, reset_config, ignore_async_in_sync_chat)
        if remove_other_reply_funcs:
            self._reply_func_list.clear()
        self._reply_func_list.insert(position, entry)

    def replace_reply_func(self, old_reply_func: Callable[..., Any], new_reply_func: Callable[..., Any]) -> None:
        for entry in self._reply_func_list:
            if entry["reply_func"] == old_reply_func:
                entry["reply_func"] = new_reply_func

    def _match_trigger(self, trigger: Any, sender: Optional[Agent]) -> bool:
        if isinstance(trigger, list):  # each element through this method, so an override sees them too
            return any(self._match_trigger(item, sender) for item in trigger)
        return _registry.match_trigger(trigger, sender)

    def _raise_exception_on_async_reply_functions(self) -> None:
        names = list(dict.fromkeys(_registry.async_reply_func_names(self)))
        if names:
            raise RuntimeError(
                "Async reply functions can only be used with ConversableAgent.a_initiate_chat(). "
                "The following async reply functions are found: " + ", ".join(names)
            )

    def register_nested_chats(
        self,
        chat_queue: List[Dict[str, Any]],
        trigger: Any,
        reply_func_from_nested_chats: Union[str, Callable[..., Any]] = "summary_from_nested_chats",
        position: int = 2,
        use_async: Optional[bool] = None,
        **kwargs: Any,
    ) -> None:
        """Answer messages from `trigger` senders by running `chat_queue`; the last chat's summary is the reply."""
        wrapped = _nested.make_nested_reply_func(self, chat_queue, reply_func_from_nested_chats, use_async)
        ignore = (not use_async) if use_async is not None else kwargs.get("ignore_async_in_sync_chat")
        self.register_reply(
            trigger,
            wrapped,
            position,
            kwargs.get("config"),
            kwargs.get("reset_config"),
            ignore_async_in_sync_chat=ignore,  # None stays None in the entry, as in 0.2
        )

    @staticmethod
    def _get_chats_to_run(
        chat_queue: List[Dict[str, Any]], recipient: Agent, messages: Any, sender: Any, config: Any
    ) -> List[Dict[str, Any]]:
        return _nested.chats_to_run(chat_queue, recipient, messages, sender, config)

    @staticmethod
    def _summary_from_nested_chats(
        chat_queue: List[Dict[str, Any]], recipient: Agent, messages: Any = None, sender: Any = None, config: Any = None
    ) -> Tuple[bool, Any]:
        return _nested.summary_from_nested_chats(chat_queue, recipient, messages, sender, config)

    @staticmethod
    async def _a_summary_from_nested_chats(
        chat_queue: List[Dict[str, Any]], recipient: Agent, messages: Any = None, sender: Any = None, config: Any = None
    ) -> Tuple[bool, Any]:
        return await _nested.a_summary_from_nested_chats(chat_queue, recipient, messages, sender, config)

    # ------------------------------------------------------------------ messages
    @staticmethod
    def _message_to_dict(message: Any) -> Dict[str, Any]:
        return _messages.message_to_dict(message)

    @staticmethod
    def _normalize_name(name: str) -> str:
        return _messages.normalize_name(name)

    @staticmethod
    def _assert_valid_name(name: str) -> str:
        return _messages.assert_valid_name(name)

    @staticmethod
    def _format_json_str(jstr: str) -> str:
        return _messages.format_json_str(jstr)

    @staticmethod
    def _is_silent(agent: Agent, silent: Optional[bool] = False) -> Optional[bool]:
        return is_silent(agent, silent)

    def _append_oai_message(self, message: Message, role: str, conversation_id: Agent, is_sending: bool) -> bool:
        """Store `message` in the conversation with `conversation_id`; False if it is not a valid message."""
        name = self.name if is_sending else conversation_id.name
        return _messages.append_oai_message(self._oai_messages, message, role, conversation_id, name)

    def _print_received_message(self, message: Message, sender: Agent) -> None:
        print_received_message(self, message, sender, self.llm_config)

    def _process_received_message(self, message: Message, sender: Agent, silent: bool) -> None:
        # a received message is stored with the "user" role (a "function" role is kept)
        stored = self._append_oai_message(message, "user", sender, False)
        if logging_enabled():
            log_event(self, "received_message", **{"message": message, "sender": sender.name, "valid": stored})
        if not stored:
            raise ValueError(_UNUSABLE_MESSAGE)
        if is_silent(sender, silent):
            return
        self._print_received_message(message, sender)

    @builtin_turn_step
    def _process_message_before_send(self, message: Message, recipient: Agent, silent: bool) -> Message:
        hooks = self.hook_lists["process_message_before_send"]
        return run_sync(_registry.before_send_steps(hooks, self, message, recipient, is_silent(self, silent), False))

    @builtin_turn_step
    async def _a_process_message_before_send(self, message: Message, recipient: Agent, silent: bool) -> Message:
        hooks = self.hook_lists["a_process_message_before_send"]
        return await run_async(
            _registry.before_send_steps(hooks, self, message, recipient, is_silent(self, silent), True)
        )

    # ------------------------------------------------------------------ sending and receiving
    @builtin_turn_step
    def send(
        self, message: Message, recipient: Agent, request_reply: Optional[bool] = None, silent: Optional[bool] = False
    ) -> None:
        """Send `message` to `recipient`; unless `request_reply` is False, the conversation goes on until no reply."""
        run_sync(converse(self, recipient, message, request_reply, silent, is_async=False))

    @builtin_turn_step
    async def a_send(
        self, message: Message, recipient: Agent, request_reply: Optional[bool] = None, silent: Optional[bool] = False
    ) -> None:
        """Async `send`."""
        await run_async(converse(self, recipient, message, request_reply, silent, is_async=True))

    @builtin_turn_step
    def receive(
        self, message: Message, sender: Agent, request_reply: Optional[bool] = None, silent: Optional[bool] = False
    ) -> None:
        """Store `message` from `sender` and, if a reply is wanted, answer it (and so on, until no reply)."""
        run_sync(converse(sender, self, message, request_reply, silent, is_async=False, start_with_receive=True))

    @builtin_turn_step
    async def a_receive(
        self, message: Message, sender: Agent, request_reply: Optional[bool] = None, silent: Optional[bool] = False
    ) -> None:
        """Async `receive`."""
        await run_async(converse(sender, self, message, request_reply, silent, is_async=True, start_with_receive=True))

    def generate_reply(
        self, messages: Optional[List[Dict[str, Any]]] = None, sender: Optional[Agent] = None, **kwargs: Any
    ) -> Any:
        """The reply of the first reply function that says it is final, else `default_auto_reply`."""
        return run_sync(reply_steps(self, messages, sender, kwargs.get("exclude"), is_async=False))

    async def a_generate_reply(
        self, messages: Optional[List[Dict[str, Any]]] = None, sender: Optional[Agent] = None, **kwargs: Any
    ) -> Any:
        """Async `generate_reply`: runs both sync and async reply functions."""
        return await run_async(reply_steps(self, messages, sender, kwargs.get("exclude"), is_async=True))

    # ------------------------------------------------------------------ starting chats
    def _prepare_chat(
        self,
        recipient: ConversableAgent,
        clear_history: bool,
        prepare_recipient: bool = True,
        reply_at_receive: bool = True,
    ) -> None:
        self.reset_consecutive_auto_reply_counter(recipient)
        self.reply_at_receive[recipient] = reply_at_receive
        if clear_history:
            self.clear_history(recipient)
            self._human_input = []
        if prepare_recipient:
            recipient._prepare_chat(self, clear_history, False, reply_at_receive)

    def initiate_chat(
        self,
        recipient: ConversableAgent,
        clear_history: bool = True,
        silent: Optional[bool] = False,
        cache: Optional[Any] = None,
        max_turns: Optional[int] = None,
        summary_method: Optional[Union[str, Callable[..., Any]]] = DEFAULT_SUMMARY_METHOD,
        summary_args: Optional[Dict[str, Any]] = {},  # noqa: B006  (0.2 signature; the shared default is a documented quirk)
        message: Optional[Union[Dict[str, Any], str, Callable[..., Any]]] = None,
        **kwargs: Any,
    ) -> ChatResult:
        """Start a chat with `recipient` by sending `message` (asked from a human when None); returns a ChatResult.

        `max_turns` limits the exchanges; `summary_method` is "last_msg", "reflection_with_llm", a callable
        `(sender, recipient, summary_args) -> str` or None; extra kwargs (e.g. `carryover`) are context.
        """
        chat_info = {**locals(), "sender": self}
        consolidate_chat_info(chat_info, uniform_sender=self)
        steps = _chat_flow.chat_steps(
            self,
            recipient,
            clear_history,
            silent,
            cache,
            max_turns,
            summary_method,
            summary_args,
            message,
            kwargs,
            False,
        )
        return run_sync(steps)

    async def a_initiate_chat(
        self,
        recipient: ConversableAgent,
        clear_history: bool = True,
        silent: Optional[bool] = False,
        cache: Optional[Any] = None,
        max_turns: Optional[int] = None,
        summary_method: Optional[Union[str, Callable[..., Any]]] = DEFAULT_SUMMARY_METHOD,
        summary_args: Optional[Dict[str, Any]] = {},  # noqa: B006  (0.2 signature; the shared default is a documented quirk)
        message: Optional[Union[str, Callable[..., Any]]] = None,
        **kwargs: Any,
    ) -> ChatResult:
        """Async `initiate_chat` (async reply functions allowed)."""
        chat_info = {**locals(), "sender": self}
        consolidate_chat_info(chat_info, uniform_sender=self)
        steps = _chat_flow.chat_steps(
            self,
            recipient,
            clear_history,
            silent,
            cache,
            max_turns,
            summary_method,
            summary_args,
            message,
            kwargs,
            True,
        )
        return await run_async(steps)

    def _summarize_chat(
        self, summary_method: Any, summary_args: Dict[str, Any], recipient: Optional[Agent] = None, cache: Any = None
    ) -> str:
        return _chat_flow.summarize_chat(self, summary_method, summary_args, recipient, cache)

    @staticmethod
    def _last_msg_as_summary(sender: Agent, recipient: Agent, summary_args: Optional[Dict[str, Any]]) -> str:
        return _chat_flow.last_msg_summary(sender, recipient)

    @staticmethod
    def _reflection_with_llm_as_summary(sender: Agent, recipient: Agent, summary_args: Dict[str, Any]) -> str:
        default = ConversableAgent.DEFAULT_SUMMARY_PROMPT
        return _chat_flow.reflection_summary_of(sender, recipient, summary_args, default)

    def _reflection_with_llm(
        self,
        prompt: str,
        messages: List[Dict[str, Any]],
        llm_agent: Optional[Agent] = None,
        cache: Any = None,
        role: Optional[str] = None,
    ) -> Any:
        return _llm.reflection_summary(self, prompt, messages, llm_agent, cache, role)

    def _check_chat_queue_for_sender(self, chat_queue: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        for chat_info in chat_queue:
            if chat_info.get("sender") is None:
                chat_info["sender"] = self
        return chat_queue

    def initiate_chats(self, chat_queue: List[Dict[str, Any]]) -> List[ChatResult]:
        """Run a queue of chats started by this agent (see `autogen.initiate_chats`)."""
        self._finished_chats = initiate_chats(self._check_chat_queue_for_sender(chat_queue))
        return self._finished_chats

    async def a_initiate_chats(self, chat_queue: List[Dict[str, Any]]) -> Dict[int, ChatResult]:
        self._finished_chats = await a_initiate_chats(self._check_chat_queue_for_sender(chat_queue))
        return self._finished_chats

    def get_chat_results(self, chat_index: Optional[int] = None) -> Union[List[ChatResult], ChatResult]:
        return self._finished_chats if chat_index is None else self._finished_chats[chat_index]

    def generate_init_message(self, message: Optional[Message], **kwargs: Any) -> Message:
        """The first message of a chat: `message` (asked from a human when None) plus any carryover."""
        if message is None:
            message = self.get_human_input(">")
        return self._handle_carryover(message, kwargs)

    async def a_generate_init_message(self, message: Optional[Message], **kwargs: Any) -> Message:
        if message is None:
            message = await self.a_get_human_input(">")
        return self._handle_carryover(message, kwargs)

    def _handle_carryover(self, message: Message, kwargs: Dict[str, Any]) -> Message:
        return _chat_flow.handle_carryover(self, message, kwargs)

    def _process_carryover(self, content: str, kwargs: Dict[str, Any]) -> str:
        return _chat_flow.process_carryover(content, kwargs)

    def _process_multimodal_carryover(self, content: List[Any], kwargs: Dict[str, Any]) -> List[Any]:
        return _chat_flow.process_multimodal_carryover(self, content, kwargs)

    def run(self, recipient: ConversableAgent, **chat_kwargs: Any) -> Any:
        """Start `initiate_chat(recipient, **chat_kwargs)` on a worker thread and return a `RunResponse` at once.

        Beyond 0.2: iterate `response.events` while the chat runs (answer `input_request` events with
        `respond()`), then read `summary`, `messages`, `cost`, `last_speaker`; `process()` prints to the console.
        """
        return _run.start_run(self, recipient, chat_kwargs, use_async=False)

    async def a_run(self, recipient: ConversableAgent, **chat_kwargs: Any) -> Any:
        """`run()` for `a_initiate_chat` (async reply functions); iterate with `async for event in response.events`."""
        return _run.start_run(self, recipient, chat_kwargs, use_async=True)

    # ------------------------------------------------------------------ state
    def reset(self) -> None:
        """Forget histories, counters and usage; restore every reply function's config."""
        self.clear_history()
        self.reset_consecutive_auto_reply_counter()
        self.stop_reply_at_receive()
        if self.client is not None:
            self.client.clear_usage_summary()
        _registry.restore_configs(self._reply_func_list)

    def stop_reply_at_receive(self, sender: Optional[Agent] = None) -> None:
        if sender is None:
            self.reply_at_receive.clear()
        else:
            self.reply_at_receive[sender] = False

    def reset_consecutive_auto_reply_counter(self, sender: Optional[Agent] = None) -> None:
        if sender is None:
            self._consecutive_auto_reply_counter.clear()
        else:
            self._consecutive_auto_reply_counter[sender] = 0

    def clear_history(self, recipient: Optional[Agent] = None, nr_messages_to_preserve: Optional[int] = None) -> None:
        """Clear the history with `recipient`, or every history (optionally keeping the last messages)."""
        _history.clear_history(self, recipient, nr_messages_to_preserve)

    # ------------------------------------------------------------------ default reply functions
    def generate_oai_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Any]:
        """Ask the LLM (system message first, then the history)."""
        llm = config if config is not None else self.client
        if llm is None:
            return False, None
        history = self._oai_messages[sender] if messages is None else messages
        answer = self._generate_oai_reply_from_client(llm, [*self._oai_system_message, *history], self.client_cache)
        return answer is not None, answer

    def _generate_oai_reply_from_client(self, llm_client: Any, messages: List[Dict[str, Any]], cache: Any) -> Any:
        return _llm.reply_from_client(self, llm_client, messages, cache)

    async def a_generate_oai_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Any]:
        """`generate_oai_reply` on a worker thread, printing to the caller's IOStream."""
        if (
            config is None
            and self.client is None
            and type(self).generate_oai_reply is ConversableAgent.generate_oai_reply
        ):
            return False, None  # nothing to ask: skip the thread hop
        iostream = IOStream.get_default()

        def _in_thread() -> Tuple[bool, Any]:
            with IOStream.set_default(iostream):
                return self.generate_oai_reply(messages=messages, sender=sender, config=config)

        context = contextvars.copy_context()
        return await asyncio.get_running_loop().run_in_executor(None, context.run, _in_thread)

    def generate_code_execution_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Any]:
        """Run code blocks found in recent messages (legacy `execute_code` path)."""
        return _code_exec.legacy_code_reply(self, messages, sender, config)

    def _generate_code_execution_reply_using_executor(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Any]:
        return _code_exec.executor_code_reply(self, messages, sender, config)

    def generate_function_call_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Any]:
        """Answer a `function_call` message with the function's result."""
        return run_sync(_tools.function_call_reply(self, messages, sender, is_async=False))

    async def a_generate_function_call_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Any]:
        return await run_async(_tools.function_call_reply(self, messages, sender, is_async=True))

    def generate_tool_calls_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Any]:
        """Answer a `tool_calls` message with one tool response per call."""
        return _tools.tool_calls_reply_sync(self, messages, sender)

    async def a_generate_tool_calls_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Any]:
        return await _tools.tool_calls_reply_async(self, messages, sender)

    async def _a_execute_tool_call(self, tool_call: Dict[str, Any]) -> Dict[str, Any]:
        return await _tools.execute_tool_call_async(self, tool_call)

    def _str_for_tool_response(self, tool_response: Dict[str, Any]) -> str:
        return str(tool_response.get("content", ""))

    def check_termination_and_human_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Any]:
        """Stop, take a human's reply, or let the chain auto-reply (per `human_input_mode` and the reply limit)."""
        return run_sync(_human.termination_and_human_reply_steps(self, messages, sender, empty_ok=False))

    async def a_check_termination_and_human_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Any]:
        return await run_async(_human.termination_and_human_reply_steps(self, messages, sender, empty_ok=True))

    # ------------------------------------------------------------------ human input
    def get_human_input(self, prompt: str) -> str:
        """Ask the human through the current IOStream (override to get input elsewhere)."""
        with _bus.acting_as(self.name):
            reply = IOStream.get_default().input(prompt)
        self._human_input.append(reply)
        return reply

    async def a_get_human_input(self, prompt: str) -> str:
        """`get_human_input` on a worker thread, so the event loop keeps running."""
        context = contextvars.copy_context()
        call = functools.partial(self.get_human_input, prompt)
        return await asyncio.get_running_loop().run_in_executor(None, context.run, call)

    # ------------------------------------------------------------------ code and function execution
    def run_code(self, code: str, **kwargs: Any) -> Tuple[int, str, Any]:
        """Run code (override point); returns (exitcode, logs, docker image or None)."""
        from ..code_utils import execute_code

        return execute_code(code, **kwargs)

    def execute_code_blocks(self, code_blocks: List[Any]) -> Tuple[int, str]:
        """Run `(language, code)` blocks in order; stops at the first failure."""
        return _code_exec.execute_legacy_blocks(self, code_blocks)

    def execute_function(self, func_call: Dict[str, Any], verbose: bool = False) -> Tuple[bool, Dict[str, Any]]:
        """Call a function from `function_map`; returns (succeeded, a `function` role message with the result)."""
        return run_sync(_tools.execute_function_steps(self, func_call, verbose, is_async=False))

    async def a_execute_function(self, func_call: Dict[str, Any]) -> Tuple[bool, Dict[str, Any]]:
        return await run_async(_tools.execute_function_steps(self, func_call, False, is_async=True))

    def can_execute_function(self, name: Union[List[str], str]) -> bool:
        names = name if isinstance(name, list) else [name]
        return all(n in self._function_map for n in names)

    def register_function(self, function_map: Dict[str, Optional[Callable[..., Any]]]) -> None:
        """Add functions this agent executes (a None value removes one)."""
        _tools.register_functions(self, function_map)

    def update_function_signature(self, func_sig: Union[str, Dict[str, Any]], is_remove: Any) -> None:
        """Add/replace (dict) or remove (name, `is_remove=True`) a function the LLM may call (legacy API)."""
        _tools.update_signature(self, func_sig, is_remove, "functions")

    def update_tool_signature(self, tool_sig: Union[str, Dict[str, Any]], is_remove: Any) -> None:
        """Add/replace (dict) or remove (name, `is_remove=True`) a tool the LLM may call."""
        _tools.update_signature(self, tool_sig, is_remove, "tools")

    def _wrap_function(self, func: F) -> F:
        return _tools.wrap_function(self, func)  # type: ignore[return-value]

    def register_for_llm(
        self,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        api_style: Literal["function", "tool"] = "tool",
    ) -> Callable[[F], F]:
        """Decorator: describe the function to this agent's LLM (schema from its signature and annotations)."""
        return functools.partial(_tools.register_for_llm, self, name=name, description=description, api_style=api_style)

    def register_for_execution(self, name: Optional[str] = None) -> Callable[[F], F]:
        """Decorator: let this agent execute the function when the LLM calls it."""
        return functools.partial(_tools.register_for_execution, self, name=name)

    def register_model_client(self, model_client_cls: Any, **kwargs: Any) -> None:
        """Register a custom model client class for configs naming it in `model_client_cls`."""
        self.client.register_model_client(model_client_cls, **kwargs)

    # ------------------------------------------------------------------ hooks
    def register_hook(self, hookable_method: str, hook: Callable[..., Any]) -> None:
        """Add `hook` to one of the hookable methods (see `hook_lists`)."""
        _registry.check_hook(self.hook_lists, hookable_method, hook)
        self.hook_lists[hookable_method].append(hook)

    @builtin_turn_step
    def process_all_messages_before_reply(self, messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        hooks = self.hook_lists["process_all_messages_before_reply"]
        return run_sync(_registry.all_messages_steps(hooks, messages, False))

    @builtin_turn_step
    async def a_process_all_messages_before_reply(self, messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        hooks = self.hook_lists["a_process_all_messages_before_reply"]
        return await run_async(_registry.all_messages_steps(hooks, messages, True))

    @builtin_turn_step
    def process_last_received_message(self, messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        hooks = self.hook_lists["process_last_received_message"]
        return run_sync(_registry.last_received_steps(hooks, messages, False))

    @builtin_turn_step
    async def a_process_last_received_message(self, messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        hooks = self.hook_lists["a_process_last_received_message"]
        return await run_async(_registry.last_received_steps(hooks, messages, True))

    # ------------------------------------------------------------------ usage
    def print_usage_summary(self, mode: Union[str, List[str]] = ["actual", "total"]) -> None:  # noqa: B006
        say = IOStream.get_default().print
        client = self.client
        if client is not None:
            say(f"Agent '{self.name}':")
            client.print_usage_summary(mode)
            return
        say(f"No cost incurred from agent '{self.name}'.")

    def get_actual_usage(self) -> Union[None, Dict[str, Any]]:
        return None if self.client is None else self.client.actual_usage_summary

    def get_total_usage(self) -> Union[None, Dict[str, Any]]:
        return None if self.client is None else self.client.total_usage_summary


def _is_terminate_text(message: Dict[str, Any]) -> bool:
    """The default termination test: the content is exactly "TERMINATE"."""
    return content_str(message.get("content")) == "TERMINATE"


register_function = _tools.register_function
register_function.__module__ = __name__  # where 0.2 defines it


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
