"""OpenAIWrapper caching: legacy `cache_seed` directories, Cache objects (disk, redis), cache_seed=None."""

from __future__ import annotations

import shutil

import pytest

from autogen.cache import Cache
from autogen.oai.client import LEGACY_CACHE_DIR, LEGACY_DEFAULT_CACHE_SEED, OpenAIWrapper
from autogen.testing import Reply

MESSAGES = [{"role": "user", "content": "Cache me if you can."}]


def test_default_seed_caches_in_dot_cache_41(llm_server, in_tmp_dir) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list())
    cold = client.create(messages=MESSAGES)
    warm = client.create(messages=MESSAGES)
    assert len(llm_server.requests) == 1
    assert warm == cold
    assert client.extract_text_or_completion_object(warm) == client.extract_text_or_completion_object(cold)
    assert (in_tmp_dir / LEGACY_CACHE_DIR / str(LEGACY_DEFAULT_CACHE_SEED)).is_dir()


def test_constructor_cache_seed_selects_directory(llm_server, in_tmp_dir) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=13)
    client.create(messages=MESSAGES)
    client.create(messages=MESSAGES)
    assert len(llm_server.requests) == 1
    assert (in_tmp_dir / ".cache" / "13").is_dir()
    assert not (in_tmp_dir / ".cache" / "41").exists()


def test_create_time_cache_seed_selects_directory(llm_server, in_tmp_dir) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list())
    client.create(messages=MESSAGES, cache_seed=17)
    assert (in_tmp_dir / ".cache" / "17").is_dir()
    client.create(messages=MESSAGES, cache_seed=18)  # a new seed is cold again
    assert len(llm_server.requests) == 2
    client.create(messages=MESSAGES, cache_seed=17)
    assert len(llm_server.requests) == 2


def test_cache_seed_none_disables_caching(llm_server, in_tmp_dir) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None)
    client.create(messages=MESSAGES)
    client.create(messages=MESSAGES)
    assert len(llm_server.requests) == 2
    assert not (in_tmp_dir / ".cache").exists()


def test_cache_is_shared_between_wrappers_and_ignores_api_key(llm_server, in_tmp_dir) -> None:
    OpenAIWrapper(config_list=llm_server.config_list()).create(messages=MESSAGES)
    config = llm_server.config_list()[0]
    other = OpenAIWrapper(config_list=[{**config, "api_key": "sk-another-key"}])
    other.create(messages=MESSAGES)
    assert len(llm_server.requests) == 1


def test_different_params_are_different_entries(llm_server, in_tmp_dir) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list())
    client.create(messages=MESSAGES)
    client.create(messages=MESSAGES, temperature=0.3)
    assert len(llm_server.requests) == 2


def test_legacy_cache_survives_directory_removal(llm_server, in_tmp_dir) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list())
    client.create(messages=MESSAGES)
    shutil.rmtree(in_tmp_dir / ".cache")
    client.create(messages=MESSAGES)
    assert len(llm_server.requests) == 2
    assert (in_tmp_dir / ".cache" / "41").is_dir()
    client.create(messages=MESSAGES)
    assert len(llm_server.requests) == 2


def test_legacy_cache_follows_working_directory(llm_server, in_tmp_dir, monkeypatch) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list())
    client.create(messages=MESSAGES)
    other_dir = in_tmp_dir / "elsewhere"
    other_dir.mkdir()
    monkeypatch.chdir(other_dir)
    client.create(messages=MESSAGES)
    assert len(llm_server.requests) == 2
    assert (other_dir / ".cache" / "41").is_dir()


def test_disk_cache_object_in_constructor(llm_server, in_tmp_dir) -> None:
    cache = Cache.disk(cache_seed=49, cache_path_root=".cache_test")
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache=cache)
    first = client.create(messages=MESSAGES)
    second = client.create(messages=MESSAGES)
    assert len(llm_server.requests) == 1
    assert second == first
    assert (in_tmp_dir / ".cache_test" / "49").is_dir()
    assert not (in_tmp_dir / ".cache_test" / "41").exists()
    assert not (in_tmp_dir / ".cache").exists()


def test_disk_cache_object_at_create(llm_server, in_tmp_dir) -> None:
    client = OpenAIWrapper(config_list=llm_server.config_list())
    with Cache.disk(cache_seed=49, cache_path_root=".cache_test") as cache:
        first = client.create(messages=MESSAGES, cache=cache)
        second = client.create(messages=MESSAGES, cache=cache)
    assert len(llm_server.requests) == 1
    assert second == first
    assert not (in_tmp_dir / ".cache").exists()


@pytest.mark.redis
def test_redis_cache_object(llm_server, in_tmp_dir, redis_url) -> None:
    pytest.importorskip("redis")
    client = OpenAIWrapper(config_list=llm_server.config_list())
    seed = f"oai-test-{id(client)}"
    first = client.create(messages=MESSAGES, cache=Cache.redis(seed, redis_url))
    second = client.create(messages=MESSAGES, cache=Cache.redis(seed, redis_url))
    assert len(llm_server.requests) == 1
    assert second == first
    assert client.extract_text_or_completion_object(second) == client.extract_text_or_completion_object(first)
    assert not (in_tmp_dir / ".cache").exists()


def test_cache_hits_count_in_total_usage_only(llm_server, in_tmp_dir) -> None:
    llm_server.script(Reply.text("ok", usage={"prompt_tokens": 10, "completion_tokens": 10}))
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=42)
    response = client.create(messages=MESSAGES)
    assert client.actual_usage_summary["total_cost"] > 0
    assert client.total_usage_summary == client.actual_usage_summary
    client.clear_usage_summary()
    cached = client.create(messages=MESSAGES)
    assert client.actual_usage_summary is None
    assert client.total_usage_summary["total_cost"] == pytest.approx(response.cost)
    client.create(messages=MESSAGES)
    assert client.total_usage_summary["total_cost"] == pytest.approx(cached.cost * 2)
    assert client.total_usage_summary["gpt-4"]["prompt_tokens"] == 20


def test_cached_response_failing_filter_tries_next_config(llm_server, in_tmp_dir) -> None:
    config_list = llm_server.config_list() + llm_server.config_list(model="gpt-4o")
    OpenAIWrapper(config_list=config_list[:1]).create(messages=MESSAGES)  # warm the first config's entry
    llm_server.script(Reply.text("fresh"))
    client = OpenAIWrapper(config_list=config_list)
    response = client.create(messages=MESSAGES, filter_func=lambda context, response: response.model == "gpt-4o")
    assert response.config_id == 1
    assert [r.body["model"] for r in llm_server.requests] == ["gpt-4", "gpt-4o"]


def test_streamed_response_is_cached(llm_server, in_tmp_dir) -> None:
    llm_server.script(Reply.text("streamed words"))
    client = OpenAIWrapper(config_list=llm_server.config_list(), stream=True)
    first = client.create(messages=MESSAGES)
    second = client.create(messages=MESSAGES)
    assert len(llm_server.requests) == 1
    assert client.extract_text_or_completion_object(second) == ["streamed words"]
    assert second.cost == first.cost


def test_a_users_own_cache_is_entered_around_each_use(llm_server, in_tmp_dir) -> None:
    events = []

    class Store:
        def __init__(self) -> None:
            self.data = {}

        def get(self, key, default=None):
            events.append("get")
            return self.data.get(key, default)

        def set(self, key, value) -> None:
            events.append("set")
            self.data[key] = value

    class MyCache:  # what __enter__ returns is what gets used, as with 0.2's `with cache as c:`
        def __init__(self) -> None:
            self.store = Store()

        def __enter__(self):
            events.append("enter")
            return self.store

        def __exit__(self, *exc) -> None:
            events.append("exit")

    cache = MyCache()
    client = OpenAIWrapper(config_list=llm_server.config_list())
    client.create(messages=MESSAGES, cache=cache)
    client.create(messages=MESSAGES, cache=cache)
    assert events == ["enter", "get", "exit", "enter", "set", "exit", "enter", "get", "exit"]
    assert len(llm_server.requests) == 1
