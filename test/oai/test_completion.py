"""The deprecated autogen.Completion / ChatCompletion under openai>=1."""

from __future__ import annotations

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
    assert Completion.cost({"cost": 1.5}) == 1.5
    assert Completion.instantiate("x {a}", {"a": 1}, allow_format_str_template=True) == "x 1"


def test_clear_cache(tmp_path: Path) -> None:
    root = tmp_path / "c"
    (root / "7").mkdir(parents=True)
    (root / "8").mkdir()
    Completion.clear_cache(seed=7, cache_path_root=str(root))
    assert not (root / "7").exists() and (root / "8").exists()
    Completion.clear_cache(cache_path_root=str(root))
    assert not root.exists()
