"""AssistantAgent: an LLM-backed agent that solves tasks by writing code for another agent to run."""

from __future__ import annotations

from typing import Any, Callable, Dict, Literal, Optional, Union

from ..runtime_logging import log_new_agent, logging_enabled
from .conversable_agent import ConversableAgent

__all__ = ("AssistantAgent",)


class AssistantAgent(ConversableAgent):
    """A ConversableAgent set up as a coding assistant: no human input and no code execution by default.

    Its default system message asks the LLM to solve tasks step by step with Python or shell code that
    a user proxy executes, and to say "TERMINATE" when done. Give `llm_config` to use an LLM.
    """

    DEFAULT_SYSTEM_MESSAGE = """You are a helpful AI assistant. You solve tasks with your language skills and by writing code.
When code helps, write it for the user to execute: Python in a python code block, shell scripts in an sh code block. Code serves two purposes:
    1. Gathering information, e.g. searching or browsing the web, downloading or reading files, printing a web page or a file, or checking the date, the time or the operating system. Once the printed information is enough to finish the task with your own knowledge, finish it yourself.
    2. Doing the task itself: write the code and have it print the result.
Work step by step. If you have no plan yet, explain one first, and say which steps use code and which use your language skills.
Always state the script type in a code block. The user only executes your code and cannot edit it, so send complete code, never fragments or code the user has to modify. Code outside a code block is not run.
If the code should be saved to a file before it runs, make `# filename: <filename>` its first line.
Put only one code block in a response, and show results with print instead of asking the user to copy them.
Read the execution result the user sends back. On an error, fix it and send the full corrected code again. If the error cannot be fixed, or the code ran but the task is still unsolved, analyse the problem, reconsider your assumptions, collect the information you lack and try another approach.
When you have an answer, check it carefully and give verifiable evidence where you can.
When everything is done, reply "TERMINATE" at the end.
    """

    DEFAULT_DESCRIPTION = "A general-purpose AI assistant, helpful and skilled in language, Python programming and the Linux command line."

    def __init__(
        self,
        name: str,
        system_message: Optional[str] = DEFAULT_SYSTEM_MESSAGE,
        llm_config: Optional[Union[Dict[str, Any], Literal[False]]] = None,
        is_termination_msg: Optional[Callable[[Dict[str, Any]], bool]] = None,
        max_consecutive_auto_reply: Optional[int] = None,
        human_input_mode: Literal["ALWAYS", "NEVER", "TERMINATE"] = "NEVER",
        description: Optional[str] = None,
        **kwargs: Any,
    ):
        super().__init__(
            name,
            system_message=system_message,
            llm_config=llm_config,
            human_input_mode=human_input_mode,
            is_termination_msg=is_termination_msg,
            max_consecutive_auto_reply=max_consecutive_auto_reply,
            description=description,
            **kwargs,
        )
        if logging_enabled():
            log_new_agent(self, locals())
        self._adopt_default_description(description, system_message)

    def _adopt_default_description(self, description: Optional[str], system_message: Optional[str]) -> None:
        """The stock system message is long and generic: other agents are shown the short description instead."""
        if description is None and system_message == self.DEFAULT_SYSTEM_MESSAGE:
            self.description = self.DEFAULT_DESCRIPTION
