"""MathUserProxyAgent: runs a math assistant's python/wolfram queries and keeps Python state between them."""

from __future__ import annotations

from typing import Any, Dict

import pytest

import autogen
from autogen.agentchat.contrib._math_prompts import REVISIT_REPLY
from autogen.agentchat.contrib.math_user_proxy_agent import (
    PROMPTS,
    MathUserProxyAgent,
    WolframAlphaAPIWrapper,
    _add_print_to_last_line,
    _is_termination_msg_mathchat,
    _remove_print,
    get_from_dict_or_env,
)


@pytest.fixture
def proxy(tmp_path: Any) -> MathUserProxyAgent:
    return MathUserProxyAgent(
        name="MathChatAgent",
        human_input_mode="NEVER",
        code_execution_config={"use_docker": False, "work_dir": str(tmp_path)},
    )


def test_add_print_to_last_line() -> None:
    assert _add_print_to_last_line("w = 7\nh = 3\nw*h, w+h") == "w = 7\nh = 3\nprint(w*h, w+h)"
    assert _add_print_to_last_line("print('start')\ntotal") == "print('start')\ntotal"
    assert _add_print_to_last_line("area = 21") == "area = 21"
    assert _add_print_to_last_line("for k in range(2):\n\tk") == "for k in range(2):\n\tk"


def test_remove_print_drops_only_unindented_prints() -> None:
    assert _remove_print('print("begin")\nside = 9**2\nprint(side)') == "side = 9**2"
    assert _remove_print("while False:\n\tprint('never')") == "while False:\n\tprint('never')"


def test_no_output_without_print(proxy: MathUserProxyAgent) -> None:
    assert proxy.execute_one_python_code("total = 10 + 5") == (
        "No output found. Make sure you print the results.",
        False,
    )


def test_no_output_with_print(proxy: MathUserProxyAgent) -> None:
    assert proxy.execute_one_python_code("if 1 > 2:\n\tprint('impossible')") == ("No output found.", True)


def test_error_is_reported(proxy: MathUserProxyAgent) -> None:
    output, ok = proxy.execute_one_python_code("len(5)")
    assert output.startswith("Error:")
    assert "TypeError" in output
    assert not ok


def test_state_carries_over_between_queries(proxy: MathUserProxyAgent) -> None:
    # 0.2 quirk kept: a query without output only counts as a success when the code so far contains a print
    proxy.execute_one_python_code("if 1 > 2:\n\tprint('impossible')")
    proxy.execute_one_python_code("r = 5\narea = r*r")
    output, ok = proxy.execute_one_python_code("print(area)")
    assert output.strip() == "25"
    assert ok


def test_query_without_output_or_print_is_not_kept(proxy: MathUserProxyAgent) -> None:
    proxy.execute_one_python_code("r = 5\narea = r*r")
    assert proxy.execute_one_python_code("print(area)")[0].startswith("Error:")


def test_semicolons_become_lines(proxy: MathUserProxyAgent) -> None:
    assert proxy.execute_one_python_code("p = 4; q = 9; p+q")[0].strip() == "13"


def test_failed_query_keeps_only_its_imports(proxy: MathUserProxyAgent) -> None:
    proxy.execute_one_python_code("import fractions\nbad = int('x')")
    assert proxy.execute_one_python_code("print(fractions.Fraction(3, 6))")[0].strip() == "1/2"
    assert proxy.execute_one_python_code("print(bad)")[0].startswith("Error:")


def test_too_long_output(proxy: MathUserProxyAgent) -> None:
    assert proxy.execute_one_python_code("print('ab'*1200)") == (
        "Your requested query response is too long. You might have made a mistake. "
        "Please revise your reasoning and query.",
        False,
    )


def test_wolfram_without_app_id_raises_value_error(proxy: MathUserProxyAgent, monkeypatch: Any) -> None:
    monkeypatch.delenv("WOLFRAM_ALPHA_APPID", raising=False)
    with pytest.raises(ValueError):
        proxy.execute_one_wolfram_query("integrate x^2 from 0 to 3")
    with pytest.raises(ValueError):
        WolframAlphaAPIWrapper()


def test_get_from_dict_or_env(monkeypatch: Any) -> None:
    monkeypatch.setenv("MATH_TEST_TOKEN", "token-from-env")
    assert get_from_dict_or_env({"token": "passed"}, "token", "MATH_TEST_TOKEN") == "passed"
    assert get_from_dict_or_env({}, "token", "MATH_TEST_TOKEN") == "token-from-env"
    monkeypatch.delenv("MATH_TEST_TOKEN")
    assert get_from_dict_or_env({}, "token", "MATH_TEST_TOKEN", default="fallback") == "fallback"
    with pytest.raises(ValueError, match="MATH_TEST_TOKEN"):
        get_from_dict_or_env({}, "token", "MATH_TEST_TOKEN")


def test_message_generator(proxy: MathUserProxyAgent) -> None:
    problem = "solve 3y = 12"
    context = {"problem": problem, "prompt_type": "python", "customized_prompt": "Work this out: "}
    assert proxy.message_generator(proxy, None, context) == "Work this out: solve 3y = 12"
    assert proxy.message_generator(proxy, None, {"problem": problem}) == PROMPTS["default"] + problem
    two_tools = proxy.message_generator(proxy, None, {"problem": problem, "prompt_type": "two_tools"})
    assert two_tools == PROMPTS["two_tools"] + problem
    assert set(PROMPTS) == {"default", "python", "two_tools"}
    assert all("\\boxed{}" in prompt for prompt in PROMPTS.values())


def test_termination_needs_boxed_answer_and_no_code() -> None:
    assert _is_termination_msg_mathchat({"content": "So \\boxed{17} it is."})
    assert not _is_termination_msg_mathchat({"content": "Still working on it."})
    assert not _is_termination_msg_mathchat({"content": "\\boxed{17}\n```python\nprint(17)\n```"})
    assert not _is_termination_msg_mathchat({"content": None})


def test_math_reply_without_code_asks_to_continue(proxy: MathUserProxyAgent) -> None:
    final, reply = proxy._generate_math_reply([{"role": "user", "content": "First, a bit of algebra."}])
    assert final
    assert reply == MathUserProxyAgent.DEFAULT_REPLY


def test_math_reply_runs_blocks_and_flags_repeats(proxy: MathUserProxyAgent) -> None:
    message = [{"role": "user", "content": "```python\nprint(3*3)\n```\n```haskell\nmain = print 9\n```"}]
    final, reply = proxy._generate_math_reply(message)
    assert reply == "9\n\nError: Unknown language."  # each output keeps its own newline
    _, again = proxy._generate_math_reply(message)
    assert again.startswith(reply + "\n")
    assert again != reply


def test_too_many_invalid_queries_asks_to_revisit(tmp_path: Any) -> None:
    proxy = MathUserProxyAgent(
        human_input_mode="NEVER",
        max_invalid_q_per_step=1,
        code_execution_config={"use_docker": False, "work_dir": str(tmp_path)},
    )
    proxy._generate_math_reply([{"role": "user", "content": "```python\n[][3]\n```"}])
    _, reply = proxy._generate_math_reply([{"role": "user", "content": "```python\nmissing_variable\n```"}])
    assert reply == REVISIT_REPLY


def test_math_chat_with_assistant(
    proxy: MathUserProxyAgent, llm_server: Any, llm_config: Dict[str, Any], reply: Any
) -> None:
    llm_server.script(reply.text("```python\nprint(9**2)\n```"), reply.text("Hence \\boxed{81}."))
    assistant = autogen.AssistantAgent("assistant", llm_config=llm_config)
    result = proxy.initiate_chat(assistant, message=proxy.message_generator, problem="What is 9 squared?", silent=True)
    contents = [m["content"] for m in result.chat_history]
    assert contents[0].endswith("What is 9 squared?")
    assert contents[2] == "81"
    assert contents[-1] == "Hence \\boxed{81}."
    assert MathUserProxyAgent.MAX_CONSECUTIVE_AUTO_REPLY == 15
