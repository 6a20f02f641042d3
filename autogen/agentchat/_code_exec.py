"""Code execution as a reply function: find code blocks in recent messages and run them."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from ..events import _bus

if TYPE_CHECKING:
    from .conversable_agent import ConversableAgent

__all__ = ("setup_code_execution", "legacy_code_reply", "executor_code_reply", "execute_legacy_blocks")

_LAST_N_ERROR = "last_n_messages must be either a non-negative integer, or the string 'auto'."
_FORBIDDEN_WITH_EXECUTOR = ("use_docker", "work_dir", "timeout")


def setup_code_execution(agent: ConversableAgent, config: Any) -> Optional[str]:
    """Validate `code_execution_config`; returns which reply function to use: "executor", "legacy" or None."""
    if config is None:
        warnings.warn(
            "Using None to signal a default code_execution_config is deprecated. "
            "Use {} to use default or False to disable code execution.",
            stacklevel=4,  # attributed to whoever called ConversableAgent.__init__, as in 0.2
        )
        config = {}
    if config is False:
        agent._code_execution_config = False
        return None
    if not isinstance(config, dict):
        raise ValueError("code_execution_config must be a dict or False.")
    agent._code_execution_config = config
    if config.get("executor") is not None:
        for key in _FORBIDDEN_WITH_EXECUTOR:
            if key in config:
                raise ValueError(
                    f"'{key}' in code_execution_config is not valid when 'executor' is set. "
                    "Use the appropriate arg in the chosen executor instead."
                )
        from ..coding.factory import CodeExecutorFactory

        agent._code_executor = CodeExecutorFactory.create(config)
        return "executor"
    from ..code_utils import check_can_use_docker_or_throw, decide_use_docker

    use_docker = decide_use_docker(config.get("use_docker"))
    check_can_use_docker_or_throw(use_docker)
    config["use_docker"] = use_docker
    return "legacy"


def _checked_last_n(value: Any) -> Any:
    if (isinstance(value, (int, float)) and value >= 0) or value == "auto":
        return value
    raise ValueError(_LAST_N_ERROR)


def _messages_to_scan(messages: List[Dict[str, Any]], last_n: Any) -> int:
    """How many trailing messages to look at; "auto" = those since this agent last spoke."""
    if last_n != "auto":
        return int(min(len(messages), last_n))
    count = 0
    for message in reversed(messages):
        if message.get("role") != "user":
            break
        count += 1
    return count


def _result_text(exitcode: int, output: str) -> str:
    outcome = "execution succeeded" if exitcode == 0 else "execution failed"
    return f"exitcode: {exitcode} ({outcome})\nCode output: {output}"


def legacy_code_reply(
    agent: ConversableAgent, messages: Optional[List[Dict[str, Any]]], sender: Any, config: Any
) -> Tuple[bool, Any]:
    """Run the newest code found in the scanned messages with `code_utils.execute_code`."""
    from ..code_utils import UNKNOWN, extract_code

    cfg = config if config is not None else agent._code_execution_config
    if cfg is False:
        return False, None
    if messages is None:
        messages = agent._oai_messages[sender]
    last_n = _checked_last_n(cfg.pop("last_n_messages", "auto"))
    try:
        for message in reversed(messages[len(messages) - _messages_to_scan(messages, last_n) :]):
            if not message["content"]:
                continue
            code_blocks = extract_code(message["content"])
            if len(code_blocks) == 1 and code_blocks[0][0] == UNKNOWN:
                continue
            languages = [block[0] for block in code_blocks]
            span = _bus.open_span("code_execution", agent=agent.name, languages=languages, executor="execute_code")
            try:
                exitcode, logs = agent.execute_code_blocks(code_blocks)
            except BaseException as error:
                _bus.close_span(span, error)
                raise
            _bus.close_span(span, exit_code=exitcode, output=logs)
            return True, _result_text(exitcode, logs)
        return False, None
    finally:
        cfg["last_n_messages"] = last_n  # popped above so it is not passed on to execute_code


def executor_code_reply(
    agent: ConversableAgent, messages: Optional[List[Dict[str, Any]]], sender: Any, config: Any
) -> Tuple[bool, Any]:
    """Run the newest code blocks found in the scanned messages with the agent's code executor."""
    if config is not None:
        raise ValueError("config is not supported for _generate_code_execution_reply_using_executor.")
    if agent._code_execution_config is False:
        return False, None
    if messages is None:
        messages = agent._oai_messages[sender]
    last_n = _checked_last_n(agent._code_execution_config.get("last_n_messages", "auto"))
    to_scan = _messages_to_scan(messages, last_n)
    for message in reversed(messages[-to_scan:]):  # quirk kept from 0.2: 0 scans everything
        if not message["content"]:
            continue
        code_blocks = agent._code_executor.code_extractor.extract_code_blocks(message["content"])
        if not code_blocks:
            continue
        if len(code_blocks) == 1:
            text = f"EXECUTING CODE BLOCK (inferred language is {code_blocks[0].language})..."
        else:
            languages = ", ".join(block.language for block in code_blocks)
            text = f"EXECUTING {len(code_blocks)} CODE BLOCKS (inferred languages are [{languages}])..."
        _bus.show("notice", text=text, color="red")
        result = _run_with_executor(agent, code_blocks)
        return True, _result_text(result.exit_code, result.output)
    return False, None


def _run_with_executor(agent: ConversableAgent, code_blocks: List[Any]) -> Any:
    """The executor's result, inside a `code_execution` span when someone listens."""
    executor = agent._code_executor
    languages = [block.language for block in code_blocks]
    span = _bus.open_span("code_execution", agent=agent.name, languages=languages, executor=type(executor).__name__)
    try:
        result = executor.execute_code_blocks(code_blocks)
    except BaseException as error:
        _bus.close_span(span, error)
        raise
    _bus.close_span(span, exit_code=result.exit_code, output=result.output)
    return result


def execute_legacy_blocks(agent: ConversableAgent, code_blocks: List[Any]) -> Tuple[int, str]:
    """Run `(language, code)` blocks in order, stopping at the first failure; logs are concatenated."""
    cfg = agent._code_execution_config
    outputs = [""]  # joined with newlines: every block's logs start on a new line
    exitcode = 0
    for index, (lang, code) in enumerate(code_blocks):
        exitcode, logs, image = _run_legacy_block(agent, index, lang, code, cfg)
        if image is not None:  # the container image used is kept for the next blocks
            cfg["use_docker"] = image
        outputs.append(logs)
        if exitcode != 0:
            break
    return exitcode, "\n".join(outputs)


def _run_legacy_block(
    agent: ConversableAgent, index: int, lang: str, code: str, cfg: Dict[str, Any]
) -> Tuple[int, str, Any]:
    from ..code_utils import PYTHON_VARIANTS, infer_lang

    lang = lang or infer_lang(code)
    _bus.show("notice", text=f"EXECUTING CODE BLOCK {index} (inferred language is {lang})...", color="red")
    if lang in ("bash", "shell", "sh"):
        return agent.run_code(code, lang=lang, **cfg)
    if lang not in PYTHON_VARIANTS:
        return 1, f"unknown language {lang}", None
    filename = code[11 : code.find("\n")].strip() if code.startswith("# filename: ") else None
    return agent.run_code(code, lang="python", filename=filename, **cfg)
