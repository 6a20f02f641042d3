"""UserProxyAgent: stands in for a human, asking them for input and executing code for the assistant."""

from __future__ import annotations

from typing import Any, Callable, Dict, Literal, Optional, Union

from ..runtime_logging import log_new_agent, logging_enabled
from .conversable_agent import ConversableAgent

__all__ = ("UserProxyAgent",)

# What the other agents (e.g. a group chat's speaker selection) are told about a user proxy, per input mode.
_HUMAN = (
    "A HUMAN user who pays attention, can answer questions about the task, and can run Python code or "
    "Linux terminal commands and report the results."
)
_HUMAN_ON_TERMINATION = "A user who can run Python code or Linux terminal commands and report the results."
_TERMINAL = (
    "A computer terminal that only runs Python scripts given to it in ```python code blocks or shell "
    "scripts given to it in ```sh code blocks, and reports what they print."
)


class _UnknownHumanInputMode(KeyError, ValueError):
    """An unknown human_input_mode (a KeyError, as in 0.2, that says what is wrong)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else super().__str__()


class UserProxyAgent(ConversableAgent):
    """A ConversableAgent that asks a human for every reply by default and executes code blocks it receives.

    With `human_input_mode="NEVER"` it acts as a code-executing terminal. It has no LLM unless `llm_config`
    is given, and no system message of its own. Its default description depends on the input mode.
    """

    DEFAULT_USER_PROXY_AGENT_DESCRIPTIONS = {"ALWAYS": _HUMAN, "TERMINATE": _HUMAN_ON_TERMINATION, "NEVER": _TERMINAL}

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
        # ConversableAgent takes these in the same order; only the description gets a mode-specific default.
        super().__init__(
            name,
            system_message,
            is_termination_msg,
            max_consecutive_auto_reply,
            human_input_mode,
            function_map,
            code_execution_config,
            llm_config,
            default_auto_reply,
            self._description_or_default(description, human_input_mode),
            **kwargs,
        )
        if logging_enabled():
            log_new_agent(self, locals())

    @classmethod
    def _description_or_default(cls, description: Optional[str], human_input_mode: str) -> str:
        if description is not None:
            return description
        try:
            return cls.DEFAULT_USER_PROXY_AGENT_DESCRIPTIONS[human_input_mode]
        except KeyError:
            raise _UnknownHumanInputMode(
                f"human_input_mode must be 'ALWAYS', 'TERMINATE' or 'NEVER', not {human_input_mode!r}"
            ) from None
