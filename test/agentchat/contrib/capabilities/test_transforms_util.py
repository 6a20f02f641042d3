"""Helpers shared by the transforms."""

from __future__ import annotations

from typing import Any

import pytest

from autogen.agentchat.contrib.capabilities import transforms_util

IMAGE = {"type": "image_url", "image_url": {"url": "https://images.test/harbour.jpg"}}

CONTENTS = [
    ("text part with an image", [{"type": "text", "text": "Good morning"}, IMAGE], 2),
    ("image only", [IMAGE], 0),
    ("two text parts", [{"type": "text", "text": "red"}, {"type": "text", "text": "green"}], 2),
    ("none", None, 0),
    ("plain string", "Lunch is at noon.", 6),
    ("list of strings", ["Lunch is at noon.", "ok"], 7),
    ("empty string", "", 0),
]


@pytest.mark.parametrize("label, content, tokens", CONTENTS)
def test_count_text_tokens(label: str, content: Any, tokens: int) -> None:
    assert transforms_util.count_text_tokens(content) == tokens


@pytest.mark.parametrize("label, content, tokens", CONTENTS)
def test_text_is_empty_exactly_when_it_has_no_tokens(label: str, content: Any, tokens: int) -> None:
    assert transforms_util.is_content_text_empty(content) == (tokens == 0)


def test_min_tokens_reached() -> None:
    messages = [{"content": "Lunch is at noon."}, {"role": "tool"}, {"content": ["red", "green"]}]
    assert transforms_util.min_tokens_reached(messages, None)
    assert transforms_util.min_tokens_reached(messages, 0)
    assert transforms_util.min_tokens_reached(messages, 8)
    assert not transforms_util.min_tokens_reached(messages, 9)


@pytest.mark.parametrize("content", [None, "some text", [{"type": "text", "text": "x"}, IMAGE], ["a", "b"]])
def test_cache_key_equal_iff_content_equal(content: Any) -> None:
    assert transforms_util.cache_key(content, 10) == transforms_util.cache_key(content, 10)
    assert transforms_util.cache_key(content, 10) != transforms_util.cache_key("other", 10)
    assert transforms_util.cache_key(content, 10) != transforms_util.cache_key(content, 11)


def test_cache_round_trip_with_disk_cache(tmp_path: Any) -> None:
    from autogen.cache.cache import Cache

    with Cache.disk(cache_path_root=str(tmp_path)) as cache:
        transforms_util.cache_content_set(cache, "one", "content")
        assert transforms_util.cache_content_get(cache, "one") == ("content",)
        transforms_util.cache_content_set(cache, "many", "content", 3, [1, 2], {"k": "v"})
        assert transforms_util.cache_content_get(cache, "many") == ("content", 3, [1, 2], {"k": "v"})
        assert transforms_util.cache_content_get(cache, "missing") is None


def test_cache_helpers_without_cache() -> None:
    transforms_util.cache_content_set(None, "key", "content")
    assert transforms_util.cache_content_get(None, "key") is None


def test_content_type_and_tool_validity() -> None:
    assert transforms_util.is_content_right_type("x")
    assert transforms_util.is_content_right_type([])
    assert not transforms_util.is_content_right_type(None)
    assert not transforms_util.is_tool_call_valid([{"role": "tool"}])
    assert transforms_util.is_tool_call_valid([{"role": "user"}])


def test_should_transform_message_filter() -> None:
    message = {"role": "user", "content": "x"}
    assert transforms_util.should_transform_message(message, None, True)
    assert not transforms_util.should_transform_message(message, {"role": "user"}, True)
    assert transforms_util.should_transform_message(message, {"role": "user"}, False)
    assert transforms_util.should_transform_message(message, {"role": "assistant"}, True)
