"""Function and tool calling: executing calls the model suggested, and describing functions to the model."""

from __future__ import annotations

import asyncio
import contextvars
import functools
import inspect
import json
import logging
import warnings
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, Union

from ..events import _bus
from ..runtime_logging import log_function_use, logging_enabled
from ._effects import Call, Steps, run_coroutine_sync, run_sync
from ._messages import assert_valid_name

# the id of the tool call being executed (set per call; each concurrent async call runs in its own task context)
_call_id: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("autogen_tool_call_id", default=None)

if TYPE_CHECKING:
    from .conversable_agent import ConversableAgent

# 0.2.40 logs signature errors from the agent module; keep its logger name
logger = logging.getLogger("autogen.agentchat.conversable_agent")

__all__ = (
    "execute_function_steps",
    "function_call_reply",
    "tool_calls_reply_sync",
    "tool_calls_reply_async",
    "wrap_function",
    "register_functions",
    "update_signature",
)


def execute_function_steps(
    agent: ConversableAgent, func_call: Dict[str, Any], verbose: bool, is_async: bool
) -> Steps[Tuple[bool, Dict[str, Any]]]:
    """Run one suggested call; every failure becomes an `Error: ...` content for the model to read."""
    func_name = func_call.get("name", "")
    func = agent._function_map.get(func_name)
    succeeded, arguments, content = False, None, f"Error: Function {func_name} not found."
    if func is not None:
        arguments, content = _decode_arguments(agent, func_call)
        if content is None:
            span = _bus.open_span(
                "tool_call", agent=agent.name, name=func_name, call_id=_call_id.get(), arguments=arguments
            )
            try:
                succeeded, content, failure = yield from _invoke(func, func_name, arguments, is_async)
            except BaseException as error:
                _bus.close_span(span, error)
                raise
            _bus.close_span(span, result=content, succeeded=succeeded, error=failure)
    if verbose:
        _bus.show("function_output", arguments=arguments, content=content)
    return succeeded, {"name": func_name, "role": "function", "content": str(content)}


def _decode_arguments(agent: ConversableAgent, func_call: Dict[str, Any]) -> Tuple[Any, Optional[str]]:
    """(arguments, None), or (None, the error text for the model) when they are not JSON."""
    try:
        return json.loads(agent._format_json_str(func_call.get("arguments", "{}"))), None
    except json.JSONDecodeError as e:
        return None, f"Error: {e}\n The argument must be in JSON format."


def _invoke(
    func: Callable[..., Any], func_name: str, arguments: Any, is_async: bool
) -> Steps[Tuple[bool, Any, Optional[str]]]:
    """(True, result, None), or (False, the error text the model reads and may retry on, "Type: message")."""
    label = "EXECUTING ASYNC FUNCTION" if is_async else "EXECUTING FUNCTION"
    _bus.show("notice", text=f"{label} {func_name}...", color="magenta")
    try:
        if is_async and inspect.iscoroutinefunction(func):
            result = yield Call(None, func, **arguments)
        else:
            result = func(**arguments)
    except Exception as e:
        return False, f"Error: {e}", f"{type(e).__name__}: {e}"
    return True, result, None


def _wants_await(agent: ConversableAgent, func_call: Dict[str, Any]) -> bool:
    return inspect.iscoroutinefunction(agent._function_map.get(func_call.get("name", ""), None))


def _execute_sync(agent: ConversableAgent, func_call: Dict[str, Any]) -> Dict[str, Any]:
    """Execute from sync code; a coroutine function is awaited on a private loop."""
    if _wants_await(agent, func_call):
        _, result = run_coroutine_sync(agent.a_execute_function(func_call))
    else:
        _, result = agent.execute_function(func_call)
    return result


def function_call_reply(
    agent: ConversableAgent, messages: Optional[List[Dict[str, Any]]], sender: Any, is_async: bool
) -> Steps[Tuple[bool, Any]]:
    """Answer a legacy `function_call` message with the function's result."""
    if messages is None:
        messages = agent._oai_messages[sender]
    message = messages[-1]
    func_call = message.get("function_call")
    if not func_call:
        return False, None
    if is_async and _wants_await(agent, func_call):
        _, result = yield Call(None, agent.a_execute_function, func_call)
    elif is_async:
        _, result = agent.execute_function(func_call)
    else:
        result = _execute_sync(agent, func_call)
    return True, result


def _bundle(agent: ConversableAgent, responses: List[Dict[str, Any]]) -> Tuple[bool, Any]:
    if not responses:
        return False, None
    return True, {
        "role": "tool",
        "tool_responses": responses,
        "content": "\n\n".join(agent._str_for_tool_response(r) for r in responses),
    }


def tool_calls_reply_sync(
    agent: ConversableAgent, messages: Optional[List[Dict[str, Any]]], sender: Any
) -> Tuple[bool, Any]:
    """Run each suggested tool call in turn and answer them all in one `tool` bundle."""
    if messages is None:
        messages = agent._oai_messages[sender]
    responses = []
    for tool_call in messages[-1].get("tool_calls", []):
        token = _call_id.set(tool_call.get("id"))
        try:
            result = _execute_sync(agent, tool_call.get("function", {}))
        finally:
            _call_id.reset(token)
        content = result.get("content", "")
        response: Dict[str, Any] = {"role": "tool", "content": content if content is not None else ""}
        if tool_call.get("id") is not None:
            response = {"tool_call_id": tool_call["id"], **response}
        responses.append(response)
    return _bundle(agent, responses)


async def execute_tool_call_async(agent: ConversableAgent, tool_call: Dict[str, Any]) -> Dict[str, Any]:
    call_id = tool_call["id"]
    func_call = tool_call.get("function", {})
    _call_id.set(call_id)  # gather runs each call in its own task, so this stays local to the call
    _, result = await agent.a_execute_function(func_call)  # handles sync functions too
    return {"tool_call_id": call_id, "role": "tool", "content": result.get("content", "")}


async def tool_calls_reply_async(
    agent: ConversableAgent, messages: Optional[List[Dict[str, Any]]], sender: Any
) -> Tuple[bool, Any]:
    """Run the suggested tool calls concurrently and answer them all in one `tool` bundle."""
    if messages is None:
        messages = agent._oai_messages[sender]
    calls = messages[-1].get("tool_calls", [])
    responses = await asyncio.gather(*(agent._a_execute_tool_call(tool_call) for tool_call in calls))
    return _bundle(agent, list(responses))


def wrap_function(agent: ConversableAgent, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a tool so arguments become pydantic models where annotated and the result a string."""
    from ..function_utils import load_basemodels_if_needed, serialize_to_str

    def _finish(kwargs: Dict[str, Any], retval: Any) -> str:
        if logging_enabled():
            log_function_use(agent, func, kwargs, retval)
        return serialize_to_str(retval)

    if inspect.iscoroutinefunction(func):

        @load_basemodels_if_needed
        @functools.wraps(func)
        async def wrapper(*args: Any, **kwargs: Any) -> str:
            return _finish(kwargs, await func(*args, **kwargs))

    else:

        @load_basemodels_if_needed
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> str:  # type: ignore[misc]
            return _finish(kwargs, func(*args, **kwargs))

    wrapper._origin = func  # type: ignore[attr-defined]
    return wrapper


def register_functions(agent: ConversableAgent, function_map: Dict[str, Optional[Callable[..., Any]]]) -> None:
    """Add, replace (with a warning) or remove (value None) executable functions."""
    current = agent._function_map
    for name, func in function_map.items():
        assert_valid_name(name)
        if name in current:  # stacklevel=1 as in 0.2: the warning's location is this line
            warnings.warn(f"Function '{name}' is being overridden.", UserWarning, stacklevel=1)
        elif func is None:  # 0.2 passes the name as the category, so this raises TypeError (kept)
            warnings.warn(f"The function {name} to remove doesn't exist", name, stacklevel=1)  # type: ignore[arg-type]
    current.update(function_map)
    for name in [key for key, value in current.items() if value is None]:
        del current[name]


def _sig_name(sig: Dict[str, Any], key: str) -> Any:
    return sig["function"]["name"] if key == "tools" else sig["name"]


def _fail(error_msg: str) -> None:
    """Log the error (as 0.2.40 does, so it shows even when the AssertionError is caught) and raise it."""
    logger.error(error_msg)
    raise AssertionError(error_msg)


def update_signature(agent: ConversableAgent, sig: Union[str, Dict[str, Any]], is_remove: Any, key: str) -> None:
    """Add/replace/remove a function (key "functions") or tool (key "tools") in llm_config; rebuilds the client."""
    kind = "tool" if key == "tools" else "function"
    llm_config = agent.llm_config
    if (key == "tools" and not llm_config) or (key == "functions" and not isinstance(llm_config, dict)):
        _fail(f"To update a {kind} signature, agent must have an llm_config")
    assert isinstance(llm_config, dict)
    if is_remove:
        if key not in llm_config:
            _fail(f"The agent config doesn't have {kind} {sig}.")
        llm_config[key] = [entry for entry in llm_config[key] if _sig_name(entry, key) != sig]
    else:
        if not isinstance(sig, dict):
            raise ValueError(
                f"The {kind} signature must be of the type dict. Received {kind} signature type {type(sig)}"
            )
        name = _sig_name(sig, key)
        assert_valid_name(name)
        if key in llm_config:
            existing = llm_config[key]
            if any(_sig_name(entry, key) == name for entry in existing):
                warnings.warn(f"Function '{name}' is being overridden.", UserWarning, stacklevel=1)
            others = [e for e in existing if (e.get("function", {}) if key == "tools" else e).get("name") != name]
            llm_config[key] = others + [sig]
        else:
            llm_config[key] = [sig]
    if len(llm_config[key]) == 0:
        del llm_config[key]
    from ..oai.client import OpenAIWrapper

    agent.client = OpenAIWrapper(**llm_config)


def run_function_steps_sync(
    agent: ConversableAgent, func_call: Dict[str, Any], verbose: bool
) -> Tuple[bool, Dict[str, Any]]:
    return run_sync(execute_function_steps(agent, func_call, verbose, is_async=False))


def _set_tool_name(func: Any, name: Optional[str]) -> None:
    """The name given wins; otherwise keep a name set by an earlier decorator, else the function's own."""
    if name:
        func._name = name
    elif not hasattr(func, "_name"):
        func._name = func.__name__


def _set_tool_description(func: Any, description: Optional[str]) -> None:
    """The description given wins; otherwise one set by an earlier decorator is required."""
    if description:
        func._description = description
    elif not hasattr(func, "_description"):
        raise ValueError("Function description is required, none found.")


def register_for_llm(
    agent: ConversableAgent,
    func: Callable[..., Any],
    *,
    name: Optional[str],
    description: Optional[str],
    api_style: str,
) -> Callable[..., Any]:
    """Describe `func` (schema from its signature) in the agent's llm_config as a tool or legacy function."""
    from ..function_utils import get_function_schema

    _set_tool_name(func, name)
    _set_tool_description(func, description)
    schema = get_function_schema(func, name=func._name, description=func._description)  # type: ignore[attr-defined]
    if agent.llm_config is None:
        raise RuntimeError("LLM config must be setup before registering a function for LLM.")
    # a tool is described by the whole schema; a legacy function by its inner "function" part
    if api_style == "tool":
        agent.update_tool_signature(schema, is_remove=False)
    elif api_style == "function":
        agent.update_function_signature(schema["function"], is_remove=False)
    else:
        raise ValueError(f"Unsupported API style: {api_style}")
    return func


def register_for_execution(
    agent: ConversableAgent, func: Callable[..., Any], *, name: Optional[str]
) -> Callable[..., Any]:
    """Let the agent execute `func` (wrapped) under its tool name."""
    _set_tool_name(func, name)
    agent.register_function({func._name: agent._wrap_function(func)})  # type: ignore[attr-defined]
    return func


def register_function(
    f: Callable[..., Any],
    *,
    caller: ConversableAgent,
    executor: ConversableAgent,
    name: Optional[str] = None,
    description: str,
) -> None:
    """Let `caller`'s LLM call `f` and `executor` execute it (0.2's `conversable_agent.register_function`)."""
    caller.register_for_llm(name=name, description=description)(f)
    executor.register_for_execution(name=name)(f)
