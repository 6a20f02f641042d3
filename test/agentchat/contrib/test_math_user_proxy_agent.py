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
    assert _add_print_to_last_line("a = 4\nb = 5\na,b") == "a = 4\nb = 5\nprint(a,b)"
    assert _add_print_to_last_line("print(1)\nx") == "print(1)\nx"
    assert _add_print_to_last_line("x = 1") == "x = 1"
    assert _add_print_to_last_line("if x:\n\ty") == "if x:\n\ty"


def test_remove_print_drops_only_unindented_prints() -> None:
    assert _remove_print('print("hello")\na = 4*5\nprint("world")') == "a = 4*5"
    assert _remove_print("if 4 > 5:\n\tprint('True')") == "if 4 > 5:\n\tprint('True')"


def test_no_output_without_print(proxy: MathUserProxyAgent) -> None:
    assert proxy.execute_one_python_code("x=3") == ("No output found. Make sure you print the results.", False)


def test_no_output_with_print(proxy: MathUserProxyAgent) -> None:
    assert proxy.execute_one_python_code("if 4 > 5:\n\tprint('True')") == ("No output found.", True)


def test_error_is_reported(proxy: MathUserProxyAgent) -> None:
    output, ok = proxy.execute_one_python_code("2+'2'")
    assert output.startswith("Error:")
    assert "TypeError" in output
    assert not ok


def test_state_carries_over_between_queries(proxy: MathUserProxyAgent) -> None:
    # 0.2 quirk kept: a query without output only counts as a success when the code so far contains a print
    proxy.execute_one_python_code("if 4 > 5:\n\tprint('True')")
    proxy.execute_one_python_code("x=3\ny=x*2")
    output, ok = proxy.execute_one_python_code("print(y)")
    assert output.strip() == "6"
    assert ok


def test_query_without_output_or_print_is_not_kept(proxy: MathUserProxyAgent) -> None:
    proxy.execute_one_python_code("x=3\ny=x*2")
    assert proxy.execute_one_python_code("print(y)")[0].startswith("Error:")


def test_semicolons_become_lines(proxy: MathUserProxyAgent) -> None:
    assert proxy.execute_one_python_code("a = 2; b = 3; a*b")[0].strip() == "6"


def test_failed_query_keeps_only_its_imports(proxy: MathUserProxyAgent) -> None:
    proxy.execute_one_python_code("import math\nz = 1/0")
    assert proxy.execute_one_python_code("print(math.floor(2.5))")[0].strip() == "2"
    assert proxy.execute_one_python_code("print(z)")[0].startswith("Error:")


def test_too_long_output(proxy: MathUserProxyAgent) -> None:
    assert proxy.execute_one_python_code("print('*'*2001)") == (
        "Your requested query response is too long. You might have made a mistake. "
        "Please revise your reasoning and query.",
        False,
    )


def test_wolfram_without_app_id_raises_value_error(proxy: MathUserProxyAgent, monkeypatch: Any) -> None:
    monkeypatch.delenv("WOLFRAM_ALPHA_APPID", raising=False)
    with pytest.raises(ValueError):
        proxy.execute_one_wolfram_query("2x=3")
    with pytest.raises(ValueError):
        WolframAlphaAPIWrapper()


def test_get_from_dict_or_env(monkeypatch: Any) -> None:
    monkeypatch.setenv("MY_TEST_KEY", "from-env")
    assert get_from_dict_or_env({"k": "given"}, "k", "MY_TEST_KEY") == "given"
    assert get_from_dict_or_env({}, "k", "MY_TEST_KEY") == "from-env"
    monkeypatch.delenv("MY_TEST_KEY")
    assert get_from_dict_or_env({}, "k", "MY_TEST_KEY", default="d") == "d"
    with pytest.raises(ValueError, match="MY_TEST_KEY"):
        get_from_dict_or_env({}, "k", "MY_TEST_KEY")


def test_message_generator(proxy: MathUserProxyAgent) -> None:
    context = {"problem": "2x=4", "prompt_type": "python", "customized_prompt": "customized "}
    assert proxy.message_generator(proxy, None, context) == "customized 2x=4"
    assert proxy.message_generator(proxy, None, {"problem": "2x=4"}) == PROMPTS["default"] + "2x=4"
    assert proxy.message_generator(proxy, None, {"problem": "2x=4", "prompt_type": "two_tools"}).endswith("2x=4")
    assert set(PROMPTS) == {"default", "python", "two_tools"}
    assert all("\\boxed{}" in prompt for prompt in PROMPTS.values())


def test_termination_needs_boxed_answer_and_no_code() -> None:
    assert _is_termination_msg_mathchat({"content": "The answer is \\boxed{2}."})
    assert not _is_termination_msg_mathchat({"content": "No answer yet."})
    assert not _is_termination_msg_mathchat({"content": "\\boxed{2}\n```python\nprint(2)\n```"})
    assert not _is_termination_msg_mathchat({"content": None})


def test_math_reply_without_code_asks_to_continue(proxy: MathUserProxyAgent) -> None:
    final, reply = proxy._generate_math_reply([{"role": "user", "content": "Let me think."}])
    assert final
    assert reply == MathUserProxyAgent.DEFAULT_REPLY


def test_math_reply_runs_blocks_and_flags_repeats(proxy: MathUserProxyAgent) -> None:
    message = [{"role": "user", "content": "```python\nprint(1+1)\n```\n```rust\nfn main(){}\n```"}]
    final, reply = proxy._generate_math_reply(message)
    assert reply == "2\n\nError: Unknown language."  # each output keeps its own newline
    _, again = proxy._generate_math_reply(message)
    assert again.startswith(reply + "\n")
    assert again != reply


def test_too_many_invalid_queries_asks_to_revisit(tmp_path: Any) -> None:
    proxy = MathUserProxyAgent(
        human_input_mode="NEVER",
        max_invalid_q_per_step=1,
        code_execution_config={"use_docker": False, "work_dir": str(tmp_path)},
    )
    proxy._generate_math_reply([{"role": "user", "content": "```python\n1/0\n```"}])
    _, reply = proxy._generate_math_reply([{"role": "user", "content": "```python\nundefined_name\n```"}])
    assert reply == REVISIT_REPLY


def test_math_chat_with_assistant(
    proxy: MathUserProxyAgent, llm_server: Any, llm_config: Dict[str, Any], reply: Any
) -> None:
    llm_server.script(reply.text("```python\nprint(2+2)\n```"), reply.text("So the answer is \\boxed{4}."))
    assistant = autogen.AssistantAgent("assistant", llm_config=llm_config)
    result = proxy.initiate_chat(assistant, message=proxy.message_generator, problem="What is 2+2?", silent=True)
    contents = [m["content"] for m in result.chat_history]
    assert contents[0].endswith("What is 2+2?")
    assert contents[2] == "4"
    assert contents[-1] == "So the answer is \\boxed{4}."
    assert MathUserProxyAgent.MAX_CONSECUTIVE_AUTO_REPLY == 15
