"""MathUserProxyAgent (MathChat): a user proxy that runs the Python and Wolfram Alpha queries of a math solver.

The assistant reasons step by step and writes ```python or ```wolfram blocks; this agent runs them, keeps the
state of earlier Python code between queries, and stops once a \\boxed{} answer arrives without code.
"""

from __future__ import annotations

import os
import re
from time import sleep
from typing import Any, Callable, Dict, List, Literal, Optional, Tuple, Union

from pydantic import BaseModel

from ..._reexports import lazy_names
from ...code_utils import UNKNOWN, execute_code, extract_code, infer_lang
from ...math_utils import get_answer
from ..agent import Agent
from ..user_proxy_agent import UserProxyAgent
from ._math_prompts import DEFAULT_REPLY, PROMPTS, REVISIT_REPLY, SAME_REPLY_NOTE

__all__ = (
    "MathUserProxyAgent",
    "PROMPTS",
    "WolframAlphaAPIWrapper",
    "get_from_dict_or_env",
)

_TOO_LONG = (
    "Your requested query response is too long. You might have made a mistake. Please revise your reasoning and query."
)
_FILE_LINE = re.compile(r'File "/[^"]+\.py", line \d+, in .+\n')
_EXEC_KEYS = ("work_dir", "use_docker")  # the parts of code_execution_config that execute_code understands


def _is_termination_msg_mathchat(message: Union[Dict[str, Any], str, None]) -> bool:
    """Done when the message has a \\boxed{} answer and no python/wolfram query left to run."""
    if isinstance(message, dict):
        message = message.get("content")
        if message is None:
            return False
    blocks = extract_code(message)  # type: ignore[arg-type]
    if any(lang in ("python", "wolfram") for lang, _ in blocks):
        return False
    answer = get_answer(message)  # type: ignore[arg-type]
    return answer is not None and answer != ""


def _add_print_to_last_line(code: str) -> str:
    """Print the value of a bare last-line expression (as a notebook would show it)."""
    lines = code.splitlines()
    keep = "print(" in code or not lines or "\t" in lines[-1] or "=" in lines[-1]
    return code if keep else "\n".join([*lines[:-1], f"print({lines[-1]})"])


def _remove_print(code: str) -> str:
    """Drop top-level print lines (indented ones are kept, since removing them could break the code)."""
    return "\n".join(line for line in code.splitlines() if not line.startswith("print("))


def get_from_dict_or_env(data: Dict[str, Any], key: str, env_key: str, default: Optional[str] = None) -> str:
    """`data[key]` if set, else the environment variable `env_key`, else `default`; ValueError when none is."""
    if data.get(key):
        return data[key]
    if os.environ.get(env_key):
        return os.environ[env_key]
    if default is not None:
        return default
    raise ValueError(
        f"Did not find {key}: set the environment variable `{env_key}`, or pass `{key}` as a named parameter."
    )


class WolframAlphaAPIWrapper(BaseModel):
    """A small client for Wolfram Alpha queries (needs `WOLFRAM_ALPHA_APPID` and the `wolframalpha` package)."""

    wolfram_client: Any = None
    wolfram_alpha_appid: Optional[str] = None

    def __init__(self, **data: Any) -> None:
        appid = get_from_dict_or_env(data, "wolfram_alpha_appid", "WOLFRAM_ALPHA_APPID")
        try:
            import wolframalpha  # noqa: PLC0415 (optional)
        except ImportError as e:
            raise ImportError(
                'wolframalpha is not installed: pip install wolframalpha (or "autogen-agentchat[mathchat]~=0.2")'
            ) from e
        data["wolfram_client"] = wolframalpha.Client(appid)
        data["wolfram_alpha_appid"] = appid
        super().__init__(**data)

    def _query(self, query: str) -> Tuple[Any, Optional[str]]:
        """The raw result, retrying HTTP errors; or (None, message) when the query cannot be made."""
        from urllib.error import HTTPError  # noqa: PLC0415

        for _ in range(20):
            try:
                return self.wolfram_client.query(query), None
            except HTTPError:
                sleep(1)
            except Exception:
                return None, "Wolfram Alpha could not answer this. Please try another wolfram query, or use python."
        return None, "Wolfram Alpha could not answer this (possibly a web error). Try again, or use python."

    def run(self, query: str) -> Tuple[str, bool]:
        """Run a query; returns (text, is_success)."""
        res, problem = self._query(query)
        if problem is not None:
            return problem, False
        try:
            if not res["@success"]:
                return "Your Wolfram query is invalid. Please try another wolfram query, or use python.", False
            assumption = next(res.pods).text
            answer = ""
            for pod in res["pod"]:
                if pod["@title"] == "Solution":
                    answer = pod["subpod"]["plaintext"]
                if pod["@title"] in ("Results", "Solutions"):
                    for i, sub in enumerate(pod["subpod"]):
                        answer += f"ans {i}: " + sub["plaintext"] + "\n"
                    break
            if answer == "":
                answer = next(res.results).text
        except Exception:
            return "Wolfram Alpha could not answer this. Please try another wolfram query, or use python.", False
        if not answer:
            return "No good Wolfram Alpha result was found.", False
        return f"Assumption: {assumption} \nAnswer: {answer}", True


class MathUserProxyAgent(UserProxyAgent):
    """Runs the queries of a MathChat conversation and decides when the problem is solved."""

    MAX_CONSECUTIVE_AUTO_REPLY = 15
    DEFAULT_REPLY = DEFAULT_REPLY

    def __init__(
        self,
        name: Optional[str] = "MathChatAgent",
        is_termination_msg: Optional[Callable[[Dict[str, Any]], bool]] = _is_termination_msg_mathchat,
        human_input_mode: Literal["ALWAYS", "NEVER", "TERMINATE"] = "NEVER",
        default_auto_reply: Optional[Union[str, Dict[str, Any], None]] = DEFAULT_REPLY,
        max_invalid_q_per_step: int = 3,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            name=name,  # type: ignore[arg-type]
            is_termination_msg=is_termination_msg,
            human_input_mode=human_input_mode,
            default_auto_reply=default_auto_reply,
            **kwargs,
        )
        self.register_reply([Agent, None], MathUserProxyAgent._generate_math_reply, position=2)
        self._max_invalid_q_per_step = max_invalid_q_per_step
        self._reset()

    @staticmethod
    def message_generator(sender: MathUserProxyAgent, recipient: Agent, context: Dict[str, Any]) -> str:
        """The first message of a MathChat: a prompt (by `prompt_type` or `customized_prompt`) plus the problem."""
        sender._reset()
        problem = context.get("problem")
        customized_prompt = context.get("customized_prompt", None)
        if customized_prompt is not None:
            return customized_prompt + problem
        return PROMPTS[context.get("prompt_type", "default")] + problem

    def _reset(self) -> None:
        self._valid_q_count = 0
        self._total_q_count = 0
        self._accum_invalid_q_per_step = 0
        self._previous_code = ""
        self.last_reply: Optional[str] = None

    def _exec_config(self) -> Dict[str, Any]:
        config = self._code_execution_config or {}
        return {key: config[key] for key in _EXEC_KEYS if key in config}

    def execute_one_python_code(self, pycode: str) -> Tuple[str, bool]:
        """Run one query on top of the earlier successful ones; returns (output or error text, is_success)."""
        pycode = pycode.replace("; ", "\n").replace(";", "\n")  # so the last line is a whole statement
        pycode = self._previous_code + _add_print_to_last_line(pycode)
        return_code, output, _ = execute_code(pycode, **self._exec_config(), timeout=5)
        is_success = return_code == 0
        if not is_success:
            if isinstance(output, str):
                output = _FILE_LINE.sub("", output)
            output = "Error: " + output
        elif output == "":
            is_success = "print" in pycode
            output = "No output found." if is_success else "No output found. Make sure you print the results."
        if len(output) > 2000:
            output, is_success = _TOO_LONG, False
        self._keep_state(pycode, is_success)
        return output, is_success

    def _keep_state(self, pycode: str, is_success: bool) -> None:
        """Remember the code's definitions (without its prints; only its imports if it failed) when they run."""
        if is_success:
            state = self._previous_code + "\n" + _remove_print(pycode) + "\n"
        else:
            state = self._previous_code + "\n"
            state += "".join(line + "\n" for line in pycode.split("\n") if "import" in line)
        return_code, _, _ = execute_code(state, **self._exec_config())
        if return_code == 0:
            self._previous_code = state

    def execute_one_wolfram_query(self, query: str) -> Tuple[str, bool]:
        """Ask Wolfram Alpha (ValueError when no app id is configured)."""
        output, is_success = WolframAlphaAPIWrapper().run(query)
        if output == "":
            return "Error: The wolfram query is invalid.", False
        return output, is_success

    def _run_block(self, lang: str, code: str) -> Tuple[str, bool]:
        if not lang:
            lang = infer_lang(code)
        if lang == "python":
            return self.execute_one_python_code(code)
        if lang == "wolfram":
            return self.execute_one_wolfram_query(code)
        return "Error: Unknown language.", False

    def _generate_math_reply(
        self,
        messages: Optional[List[Dict[str, Any]]] = None,
        sender: Optional[Agent] = None,
        config: Optional[Any] = None,
    ) -> Tuple[bool, Union[str, Dict[str, Any], None]]:
        """Run the queries in the last message; without any, ask the assistant to go on."""
        if messages is None:
            messages = self._oai_messages[sender]  # type: ignore[index]
        content = messages[-1].get("content", "")
        code_blocks = extract_code(content)
        if len(code_blocks) == 1 and code_blocks[0][0] == UNKNOWN:
            return True, self._default_auto_reply
        reply = ""
        all_success = True
        for lang, code in code_blocks:
            output, is_success = self._run_block(lang, code)
            reply += output + "\n"
            if not is_success:
                all_success = False
                self._valid_q_count -= 1
        reply = reply.strip()
        if self.last_reply == reply:
            return True, reply + SAME_REPLY_NOTE
        self.last_reply = reply
        if not all_success:
            self._accum_invalid_q_per_step += 1
            if self._accum_invalid_q_per_step > self._max_invalid_q_per_step:
                self._accum_invalid_q_per_step = 0
                reply = REVISIT_REPLY
        return True, reply


__getattr__ = lazy_names(__name__)  # names 0.2 imported into this module, see autogen._reexports
