"""The deprecated autogen.Completion / ChatCompletion under openai>=1."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import autogen
from autogen.oai.completion import ERROR, ChatCompletion, Completion


def test_top_level_names() -> None:
    assert autogen.Completion is Completion and autogen.ChatCompletion is ChatCompletion
    assert issubclass(ChatCompletion, Completion)


@pytest.mark.parametrize("method", ["create", "tune", "test", "start_logging"])
def test_request_methods_raise_deprecation_error(method: str) -> None:
    with pytest.raises(AssertionError, match="requires openai<1"):
        getattr(ChatCompletion, method)()
    assert isinstance(ERROR, AssertionError)


def test_extract_helpers_on_response_dicts() -> None:
    chat = {"choices": [{"message": {"content": "hi"}}, {"message": {"content": None, "function_call": {"name": "f"}}}]}
    assert Completion.extract_text({"choices": [{"text": "a"}]}) == ["a"]
    assert Completion.extract_text_or_function_call(chat) == ["hi", {"content": None, "function_call": {"name": "f"}}]
    assert Completion.instantiate("x {a}", {"a": 1}, allow_format_str_template=True) == "x 1"


def test_cost_prices_the_usage_from_the_legacy_table() -> None:
    usage = {"prompt_tokens": 1000, "completion_tokens": 500}
    assert Completion.cost({"model": "gpt-4", "usage": usage}) == pytest.approx(0.06)
    assert Completion.cost({"model": "text-ada-001", "usage": {"prompt_tokens": 1000}}) == pytest.approx(0.0004)
    assert Completion.cost({"model": "not-priced", "usage": usage}) == 0


def test_clear_cache(tmp_path: Path) -> None:
    root = tmp_path / "c"
    (root / "7").mkdir(parents=True)
    (root / "8").mkdir()
    Completion.clear_cache(seed=7, cache_path_root=str(root))
    assert not (root / "7").exists() and (root / "8").exists()
    Completion.clear_cache(cache_path_root=str(root))
    assert not root.exists()


def test_usage_summary_without_logging_fails_like_02(capsys: pytest.CaptureFixture) -> None:
    # 0.2.40 prints the notice, then trips over the book-keeping flag only start_logging sets
    with pytest.raises(AttributeError, match="has no attribute '_history_compact'"):
        Completion.print_usage_summary()
    assert capsys.readouterr().out == "No usage summary available.\n"


def test_deprecated_calls_log_a_warning_first(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="autogen.oai.completion"):
        for method in (Completion.create, Completion.start_logging):
            with pytest.raises(AssertionError):
                method()
    assert caplog.messages == [
        "Completion.create is deprecated in pyautogen v0.2 and openai>=1. The new openai requires initiating a client "
        "for inference. Please refer to https://microsoft.github.io/autogen/docs/Use-Cases/enhanced_inference#api-unification",
        "logging via Completion.start_logging is deprecated in pyautogen v0.2. logging via OpenAIWrapper will be added "
        "back in a future release.",
    ]


def test_logged_history_is_read_as_an_attribute() -> None:
    Completion.stop_logging()
    assert Completion.logged_history is None


def test_class_data_matches_02(tmp_path: Path) -> None:
    assert sorted(Completion.default_search_space) == ["max_tokens", "model", "n", "prompt", "temperature_or_top_p"]
    assert ChatCompletion.default_search_space["model"] == ["gpt-3.5-turbo", "gpt-4"]
    assert {"gpt-3.5-turbo-0613", "gpt-4-32k-0613", "gpt-35-turbo-16k"} <= Completion.chat_models
    Completion.set_cache(seed=3, cache_path_root=str(tmp_path))
    assert (Completion.cache_seed, Completion.cache_path) == (3, f"{tmp_path}/3")
    Completion.set_cache()
