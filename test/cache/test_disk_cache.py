"""DiskCache: diskcache-backed directory cache, its layout, reuse, and safety across processes."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import diskcache
import pytest

from autogen.cache.disk_cache import DiskCache


def test_creates_diskcache_directory_at_seed_path(tmp_path: Path) -> None:
    directory = tmp_path / "seed_dir"
    cache = DiskCache(str(directory))
    assert isinstance(cache.cache, diskcache.Cache)
    assert (directory / "cache.db").is_file()


def test_get_missing_returns_default(tmp_path: Path) -> None:
    cache = DiskCache(str(tmp_path))
    assert cache.get("nope") is None
    assert cache.get("nope", "dflt") == "dflt"


def test_set_then_get_round_trips(tmp_path: Path) -> None:
    cache = DiskCache(str(tmp_path))
    cache.set("k", {"a": [1, 2, 3]})
    assert cache.get("k") == {"a": [1, 2, 3]}


def test_set_overwrites(tmp_path: Path) -> None:
    cache = DiskCache(str(tmp_path))
    cache.set("k", 1)
    cache.set("k", 2)
    assert cache.get("k") == 2


def test_context_manager_yields_itself_and_reopens_after_exit(tmp_path: Path) -> None:
    cache = DiskCache(str(tmp_path))
    with cache as c:
        assert c is cache
        c.set("k", "v")
    assert cache.get("k") == "v"


def test_reusable_after_close(tmp_path: Path) -> None:
    cache = DiskCache(str(tmp_path))
    cache.set("k", 1)
    cache.close()
    cache.close()
    assert cache.get("k") == 1


def test_entries_are_readable_by_plain_diskcache(tmp_path: Path) -> None:
    """The layout is diskcache's own, so caches from pyautogen 0.2 and ours are interchangeable."""
    DiskCache(str(tmp_path)).set('{"model": "gpt-4"}', "reply")
    with diskcache.Cache(str(tmp_path)) as plain:
        assert plain.get('{"model": "gpt-4"}') == "reply"


def test_openai_response_with_cost_round_trips(tmp_path: Path) -> None:
    from openai.types.chat import ChatCompletion

    response = ChatCompletion.model_validate(
        {
            "id": "x",
            "object": "chat.completion",
            "created": 1,
            "model": "gpt-4",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hi"}}],
        }
    )
    response.cost = 0.5  # type: ignore[attr-defined]
    DiskCache(str(tmp_path)).set("k", response)
    loaded = DiskCache(str(tmp_path)).get("k")
    assert loaded.choices[0].message.content == "hi"
    assert loaded.cost == 0.5


def test_unpicklable_value_raises_and_writes_nothing(tmp_path: Path) -> None:
    cache = DiskCache(str(tmp_path))
    with pytest.raises((pickle.PicklingError, TypeError, AttributeError)):
        cache.set("k", lambda: None)
    assert cache.get("k", "absent") == "absent"
    assert len(cache.cache) == 0


def test_large_value_stored_outside_sqlite_round_trips(tmp_path: Path) -> None:
    big = "x" * 200_000
    DiskCache(str(tmp_path)).set("big", big)
    assert DiskCache(str(tmp_path)).get("big") == big


def test_pickled_disk_cache_reopens_same_directory(tmp_path: Path) -> None:
    cache = DiskCache(str(tmp_path))
    cache.set("k", 1)
    clone = pickle.loads(pickle.dumps(cache))
    assert clone.get("k") == 1


_WORKER = textwrap.dedent(
    """
    import sys
    from autogen.cache.disk_cache import DiskCache

    directory, worker, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    cache = DiskCache(directory)
    for i in range(n):
        cache.set(f"w{worker}-k{i}", {"worker": worker, "i": i, "pad": "p" * (i % 7) * 10000})
        cache.set("shared", (worker, i))
        for other in range(4):
            value = cache.get(f"w{other}-k{i // 2}")
            assert value is None or value["i"] == i // 2, value
    cache.close()
    print("ok")
    """
)


def test_concurrent_processes_share_one_directory_without_corruption(tmp_path: Path) -> None:
    directory = str(tmp_path / "shared")
    n = 150
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, directory, str(w), str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    cache = DiskCache(directory)
    for w in range(4):
        for i in range(n):
            assert cache.get(f"w{w}-k{i}") == {"worker": w, "i": i, "pad": "p" * (i % 7) * 10000}
    worker, last = cache.get("shared")
    assert last == n - 1 and worker in range(4)
    assert cache.cache.check() == []
