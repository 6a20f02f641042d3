"""parse_tags_from_content and gather_usage_summary."""

from __future__ import annotations

import pytest

from autogen.agentchat import ConversableAgent, gather_usage_summary
from autogen.agentchat.utils import parse_tags_from_content

CASES = [
    ("img", "<img http://example.com/image.png>", {"src": "http://example.com/image.png"}),
    ("audio", "<audio http://example.com/au=dio.mp3>", {"src": "http://example.com/au=dio.mp3"}),
    ("img", "<img url='http://example.com/=image.png'>", {"url": "http://example.com/=image.png"}),
    ("audio", "<audio text='Hello I'm a robot' prompt='whisper'>", {"text": "Hello I'm a robot", "prompt": "whisper"}),
    ("img", "<img http://example.com/image.png width='100'>", {"src": "http://example.com/image.png", "width": "100"}),
]


@pytest.mark.parametrize("tag, text, attrs", CASES)
def test_parse_tags_from_str_and_multimodal_content(tag, text, attrs):
    for content in (text, [{"type": "text", "text": text}]):
        found = parse_tags_from_content(tag, content)
        assert len(found) == 1 and found[0]["tag"] == tag and found[0]["attr"] == attrs
        assert found[0]["match"].group(0) == text


def test_parse_tags_needs_space_after_tag_and_valid_content():
    assert parse_tags_from_content("img", "<img>") == []
    with pytest.raises(ValueError, match="content must be str or list"):
        parse_tags_from_content("img", 3)


def test_gather_usage_summary_without_clients():
    agents = [ConversableAgent("a", llm_config=False)]
    assert gather_usage_summary(agents) == {
        "usage_including_cached_inference": {"total_cost": 0},
        "usage_excluding_cached_inference": {"total_cost": 0},
    }


def test_gather_usage_summary_adds_models():
    class FakeClient:
        def __init__(self, cost):
            usage = {
                "total_cost": cost,
                "gpt-4": {"cost": cost, "prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
            }
            self.total_usage_summary = usage
            self.actual_usage_summary = None

    class Holder:
        def __init__(self, cost):
            self.client = FakeClient(cost)

    summary = gather_usage_summary([Holder(1), Holder(2)])
    assert summary["usage_including_cached_inference"] == {
        "total_cost": 3,
        "gpt-4": {"cost": 3, "prompt_tokens": 2, "completion_tokens": 4, "total_tokens": 6},
    }
    assert summary["usage_excluding_cached_inference"] == {"total_cost": 0}
