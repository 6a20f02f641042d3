"""MessageHistoryLimiter, MessageTokenLimiter, TextMessageCompressor and TextMessageContentName."""

from __future__ import annotations

import copy
from typing import Any, Dict, List

import pytest

from autogen.agentchat.contrib.capabilities.text_compressors import IMPORT_ERROR, TextCompressor
from autogen.agentchat.contrib.capabilities.transforms import (
    MessageHistoryLimiter,
    MessageTokenLimiter,
    MessageTransform,
    TextMessageCompressor,
    TextMessageContentName,
)
from autogen.agentchat.contrib.capabilities.transforms_util import count_text_tokens


def long_messages() -> List[Dict[str, Any]]:
    """A weather chat: system, named user, multimodal assistant, a repetitive user message, a one-word reply."""
    return [
        {"role": "system", "content": "Answer questions about the weather in short sentences."},
        {"role": "user", "content": "what will the weather be like in Lisbon tomorrow", "name": "traveller"},
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "sunny with a light breeze all day"},
                {"type": "image_url", "image_url": {"url": "forecast.png"}},
            ],
        },
        {"role": "user", "content": "rain rain rain rain rain rain rain rain later"},
        {"role": "assistant", "content": "dry"},
    ]


def tool_messages() -> List[Dict[str, Any]]:
    return [
        {"role": "user", "content": "multiply 6 by 7, then add 8"},
        {"role": "assistant", "content": None, "tool_calls": [_call("mul-1", "multiply")]},
        {"role": "tool", "tool_call_id": "mul-1", "content": "42"},
        {"role": "assistant", "content": None, "tool_calls": [_call("add-2", "add")]},
        {"role": "tool", "tool_call_id": "add-2", "content": "50"},
    ]


def _call(call_id: str, name: str) -> Dict[str, Any]:
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": "{}"}}


def no_content_messages() -> List[Dict[str, Any]]:
    return [
        {"role": "assistant", "function_call": {"name": "lookup_forecast", "arguments": "{}"}},
        {"role": "user", "content": None},
    ]


def total_tokens(messages: List[Dict[str, Any]]) -> int:
    return sum(count_text_tokens(m["content"]) for m in messages if "content" in m)


class HalvingCompressor:
    """A TextCompressor that keeps the first half of the text and reports a fixed saving."""

    def __init__(self) -> None:
        self.calls = 0

    def compress_text(self, text: str, **compression_params: Any) -> Dict[str, Any]:
        self.calls += 1
        return {"compressed_prompt": text[: len(text) // 2], "origin_tokens": 10, "compressed_tokens": 4}


# --------------------------------------------------------------------------- MessageHistoryLimiter


def test_history_limiter_keeps_newest_messages() -> None:
    messages = long_messages()
    result = MessageHistoryLimiter(max_messages=3).apply_transform(messages)
    assert result == messages[-3:]


def test_history_limiter_returns_same_list_when_short_enough() -> None:
    messages = long_messages()[:3]
    assert MessageHistoryLimiter(max_messages=3).apply_transform(messages) is messages
    assert MessageHistoryLimiter().apply_transform(messages) is messages


def test_history_limiter_keep_first_message() -> None:
    messages = long_messages()
    result = MessageHistoryLimiter(max_messages=3, keep_first_message=True).apply_transform(messages)
    assert result == [messages[0], messages[3], messages[4]]


def test_history_limiter_never_starts_with_tool_response() -> None:
    result = MessageHistoryLimiter(max_messages=2).apply_transform(tool_messages())
    assert [m["role"] for m in result] == ["assistant", "tool"]
    assert result[0]["tool_calls"][0]["id"] == "add-2"


def test_history_limiter_drops_last_when_result_starts_with_tool() -> None:
    # The kept first message is a tool response: 0.2 then pops the *last* message (kept quirk).
    messages = [{"role": "tool", "tool_call_id": "t0", "content": "stale result"}] + [
        {"role": "user", "content": word} for word in ("north", "east", "south")
    ]
    result = MessageHistoryLimiter(max_messages=3, keep_first_message=True).apply_transform(messages)
    assert result == [messages[0], messages[2]]


def test_history_limiter_logs() -> None:
    limiter = MessageHistoryLimiter(max_messages=3)
    messages = long_messages()
    assert limiter.get_logs(messages, limiter.apply_transform(messages)) == (
        "Removed 2 messages. Number of messages reduced from 5 to 3.",
        True,
    )
    short = long_messages()[:2]
    assert limiter.get_logs(short, limiter.apply_transform(short)) == ("No messages were removed.", False)


@pytest.mark.parametrize("bad", [0, -1])
def test_history_limiter_rejects_non_positive(bad: int) -> None:
    with pytest.raises(ValueError, match="max_messages must be None or greater than 1"):
        MessageHistoryLimiter(max_messages=bad)


# --------------------------------------------------------------------------- MessageTokenLimiter


def test_token_limiter_caps_each_message() -> None:
    limiter = MessageTokenLimiter(max_tokens_per_message=3)
    result = limiter.apply_transform(long_messages())
    assert [m["content"] for m in result][:2] == ["Answer questions about", "what will the"]
    assert result[2]["content"] == [
        {"type": "text", "text": "sunny with"},
        {"type": "image_url", "image_url": {"url": "forecast.png"}},
    ]
    assert result[4]["content"] == "dry"
    assert total_tokens(result) == 13


def test_token_limiter_does_not_touch_input() -> None:
    messages = long_messages()
    before = copy.deepcopy(messages)
    MessageTokenLimiter(max_tokens_per_message=1).apply_transform(messages)
    assert messages == before


def test_token_limiter_leaves_messages_without_text() -> None:
    messages = no_content_messages()
    result = MessageTokenLimiter(max_tokens_per_message=1).apply_transform(messages)
    assert result == messages
    assert total_tokens(result) == 0


def test_token_limiter_total_budget_drops_older_messages() -> None:
    result = MessageTokenLimiter(max_tokens=7, max_tokens_per_message=3).apply_transform(long_messages())
    assert [m["content"] for m in result][2:] == ["rain rain rain", "dry"]
    assert result[1]["content"][0]["text"] == "sunny with"
    assert result[0]["content"] == ""
    assert total_tokens(result) == 7


def test_token_limiter_min_tokens_gate() -> None:
    limiter = MessageTokenLimiter(max_tokens_per_message=1, min_tokens=10)
    assert total_tokens(limiter.apply_transform(long_messages())) == 5
    few = [{"role": "user", "content": "Lunch is at noon."}]
    assert limiter.apply_transform(few) is few


def test_token_limiter_filter_excludes_matching_messages() -> None:
    limiter = MessageTokenLimiter(max_tokens_per_message=0, filter_dict={"role": "user"}, exclude_filter=True)
    messages = long_messages()
    result = limiter.apply_transform(messages)
    for before, after in zip(messages, result):
        if before["role"] == "user":
            assert after["content"] == before["content"]
        else:
            assert count_text_tokens(after["content"]) == 0


def test_token_limiter_filter_includes_only_matching_messages() -> None:
    limiter = MessageTokenLimiter(max_tokens_per_message=0, filter_dict={"role": "user"}, exclude_filter=False)
    messages = long_messages()
    result = limiter.apply_transform(messages)
    for before, after in zip(messages, result):
        if before["role"] == "user":
            assert after["content"] == ""
        else:
            assert after["content"] == before["content"]


def test_token_limiter_logs() -> None:
    limiter = MessageTokenLimiter(max_tokens_per_message=3)
    messages = long_messages()
    assert limiter.get_logs(messages, limiter.apply_transform(messages)) == (
        "Truncated 23 tokens. Number of tokens reduced from 36 to 13",
        True,
    )
    assert limiter.get_logs(no_content_messages(), no_content_messages()) == ("No tokens were truncated.", False)


def test_token_limiter_caps_max_tokens_to_model_limit(capsys: pytest.CaptureFixture[str]) -> None:
    limiter = MessageTokenLimiter(max_tokens=10**9, model="gpt-4")
    assert limiter._max_tokens == 8192
    assert "8192" in capsys.readouterr().out


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"max_tokens": -1}, "max_tokens and max_tokens_per_message must be None or greater than or equal to 0"),
        ({"max_tokens_per_message": -2}, "max_tokens and max_tokens_per_message must be None or greater"),
        ({"min_tokens": -1}, "min_tokens must be None or greater than or equal to 0"),
        ({"min_tokens": 5, "max_tokens": 3}, "min_tokens must not be more than max_tokens."),
    ],
)
def test_token_limiter_validation(kwargs: Dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MessageTokenLimiter(**kwargs)


# --------------------------------------------------------------------------- TextMessageCompressor


def test_compressor_shortens_text_without_role() -> None:
    text = "the forecast for the coast promises three more days of sunshine"
    result = TextMessageCompressor(text_compressor=HalvingCompressor()).apply_transform([{"content": text}])
    assert len(result[0]["content"]) < len(text)


def test_compressor_shortens_text_parts_of_list_content() -> None:
    messages = [{"role": "user", "content": [{"type": "text", "text": "pack light for the trip"}]} for _ in range(3)]
    result = TextMessageCompressor(text_compressor=HalvingCompressor()).apply_transform(messages)
    assert all(len(m["content"][0]["text"]) < len("pack light for the trip") for m in result)


def test_compressor_filter() -> None:
    messages = long_messages()
    excluded = TextMessageCompressor(text_compressor=HalvingCompressor(), filter_dict={"role": "user"})
    result = excluded.apply_transform(copy.deepcopy(messages))
    assert result[1]["content"] == messages[1]["content"]
    assert result[0]["content"] != messages[0]["content"]
    included = TextMessageCompressor(
        text_compressor=HalvingCompressor(), filter_dict={"role": "user"}, exclude_filter=False
    )
    result = included.apply_transform(copy.deepcopy(messages))
    assert result[1]["content"] != messages[1]["content"]
    assert result[0]["content"] == messages[0]["content"]


def test_compressor_logs_savings() -> None:
    compressor = TextMessageCompressor(text_compressor=HalvingCompressor())
    messages = [{"role": "user", "content": "umbrella"}, {"role": "user", "content": "sunscreen"}]
    out = compressor.apply_transform(messages)
    assert compressor.get_logs(messages, out) == ("12 tokens saved with text compression.", True)
    quiet = TextMessageCompressor(text_compressor=HalvingCompressor(), min_tokens=10_000)
    assert quiet.apply_transform(messages) is messages
    assert quiet.get_logs(messages, messages) == ("No tokens saved with text compression.", False)


def test_compressor_uses_cache(tmp_path: Any) -> None:
    from autogen.cache.cache import Cache

    compressor_impl = HalvingCompressor()
    with Cache.disk(cache_path_root=str(tmp_path)) as cache:
        compressor = TextMessageCompressor(text_compressor=compressor_impl, cache=cache)
        compressor.apply_transform([{"role": "user", "content": "hourly forecast"}])
        second = compressor.apply_transform([{"role": "user", "content": "hourly forecast"}])
    assert compressor_impl.calls == 1
    assert second[0]["content"] == "hourly "


def test_compressor_rejects_non_positive_min_tokens() -> None:
    with pytest.raises(ValueError, match="min_tokens must be greater than 0 or None"):
        TextMessageCompressor(text_compressor=HalvingCompressor(), min_tokens=0)


@pytest.mark.skipif(IMPORT_ERROR is None, reason="llmlingua is installed")
def test_compressor_default_needs_llmlingua() -> None:
    with pytest.raises(ImportError, match="long-context"):
        TextMessageCompressor()


def test_custom_classes_satisfy_protocols() -> None:
    compressor: TextCompressor = HalvingCompressor()
    transform: MessageTransform = MessageHistoryLimiter(max_messages=1)
    assert compressor.compress_text("fog")["compressed_prompt"] == "f"
    assert transform.apply_transform([{"content": "hail"}]) == [{"content": "hail"}]


# --------------------------------------------------------------------------- TextMessageContentName


def named_messages() -> List[Dict[str, Any]]:
    """A small debate; the last speaker's message already carries the name prefix."""
    return [
        {"role": "system", "content": "Moderate the debate on indentation."},
        {"role": "user", "name": "ana", "content": "Tabs are easier to read."},
        {"role": "user", "name": "ben", "content": "Spaces look the same everywhere."},
        {"role": "user", "name": "cleo", "content": "'cleo' said:\nFollow the project's style."},
    ]


def test_content_name_start() -> None:
    result = TextMessageContentName(format_string="'{name}' said:\n").apply_transform(named_messages())
    assert [m["content"] for m in result] == [
        "Moderate the debate on indentation.",
        "'ana' said:\nTabs are easier to read.",
        "'ben' said:\nSpaces look the same everywhere.",
        "'cleo' said:\nFollow the project's style.",
    ]


def test_content_name_end_and_logs() -> None:
    transform = TextMessageContentName(position="end", format_string="\n(said '{name}')")
    messages = named_messages()
    result = transform.apply_transform(messages)
    assert result[2]["content"] == "Spaces look the same everywhere.\n(said 'ben')"
    assert messages[2]["content"] == "Spaces look the same everywhere."
    assert transform.get_logs(messages, result) == ("3 message(s) changed to incorporate name.", True)


def test_content_name_without_deduplication_repeats_the_name() -> None:
    transform = TextMessageContentName(format_string="'{name}' said:\n", deduplicate=False)
    result = transform.apply_transform(named_messages())
    assert result[3]["content"] == "'cleo' said:\n'cleo' said:\nFollow the project's style."


def test_content_name_filters_are_equivalent() -> None:
    excluded = TextMessageContentName(filter_dict={"name": ["ana"]}, exclude_filter=True)
    included = TextMessageContentName(filter_dict={"name": ["ben", "cleo"]}, exclude_filter=False)
    first = excluded.apply_transform(named_messages())
    assert first == included.apply_transform(named_messages())
    assert first[1]["content"] == "Tabs are easier to read."


def test_content_name_no_change_logs() -> None:
    transform = TextMessageContentName()
    messages = [{"role": "system", "content": "nobody has spoken yet"}]
    assert transform.get_logs(messages, transform.apply_transform(messages)) == (
        "No messages changed to incorporate name.",
        False,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"position": 123},
        {"position": "middle"},
        {"format_string": 123},
        {"format_string": "Agent:\n"},
        {"deduplicate": "yes"},
    ],
)
def test_content_name_rejects_bad_arguments(kwargs: Dict[str, Any]) -> None:
    with pytest.raises(AssertionError):
        TextMessageContentName(**kwargs)


def test_content_name_argument_errors_are_bare_assertions() -> None:
    with pytest.raises(AssertionError) as info:
        TextMessageContentName(position="middle")
    assert str(info.value) == ""
