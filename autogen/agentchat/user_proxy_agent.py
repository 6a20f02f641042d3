"""UserProxyAgent: stands in for a human, asking them for input and executing code for the assistant."""

from __future__ import annotations

from typing import Any, Callable, Dict, Literal, Optional, Union

from ..runtime_logging import log_new_agent, logging_enabled
from .conversable_agent import ConversableAgent

__all__ = ("UserProxyAgent",)


class _UnknownHumanInputMode(KeyError, ValueError):
    """An unknown human_input_mode (a KeyError, as in 0.2, that says what is wrong)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else super().__str__()


class UserProxyAgent(ConversableAgent):
    """A ConversableAgent that asks a human for every reply by default and executes code blocks it receives.

    With `human_input_mode="NEVER"` it acts as a code-executing terminal. No LLM unless `llm_config` is given.
    """

    DEFAULT_USER_PROXY_AGENT_DESCRIPTIONS = {
        "ALWAYS": "A HUMAN user who pays attention, can answer questions about the task, and can run Python code or "
        "Linux terminal commands and report the results.",
        "TERMINATE": "A user who can run Python code or Linux terminal commands and report the results.",
        "NEVER": "A computer terminal that only runs Python scripts given to it in ```python code blocks or shell "
        "scripts given to it in ```sh code blocks, and reports what they print.",
    }

    def __init__(
        self,
        name: str,
        is_termination_msg: Optional[Callable[[Dict[str, Any]], bool]] = None,
        max_consecutive_auto_reply: Optional[int] = None,
        human_input_mode: Literal["ALWAYS", "TERMINATE", "NEVER"] = "ALWAYS",
        function_map: Optional[Dict[str, Callable[..., Any]]] = None,
        code_execution_config: Union[Dict[str, Any], Literal[False]] = {},  # noqa: B006  (0.2 signature)
        default_auto_reply: Optional[Union[str, Dict[str, Any]]] = "",
        llm_config: Optional[Union[Dict[str, Any], Literal[False]]] = False,
        system_message: Optional[str] = "",
        description: Optional[str] = None,
        **kwargs: Any,
    ):
        if description is None and human_input_mode not in self.DEFAULT_USER_PROXY_AGENT_DESCRIPTIONS:
            raise _UnknownHumanInputMode(
                f"human_input_mode must be 'ALWAYS', 'TERMINATE' or 'NEVER', not {human_input_mode!r}"
            )
        super().__init__(
            name=name,
            system_message=system_message,
            is_termination_msg=is_termination_msg,
            max_consecutive_auto_reply=max_consecutive_auto_reply,
            human_input_mode=human_input_mode,
            function_map=function_map,
            code_execution_config=code_execution_config,
            llm_config=llm_config,
            default_auto_reply=default_auto_reply,
            description=(
                description if description is not None else self.DEFAULT_USER_PROXY_AGENT_DESCRIPTIONS[human_input_mode]
            ),
            **kwargs,
        )
        if logging_enabled():
            log_new_agent(self, locals())
