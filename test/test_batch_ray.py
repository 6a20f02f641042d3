"""autogen.batch on a real local Ray cluster (a head node and a worker node, separate processes on 127.0.0.1).

One cluster serves the whole module and is stopped at its end; the model is the loopback server of this process,
which the workers reach over HTTP.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from typing import Any, Dict, Iterator, List

import pytest

# Ray's switch that keeps a cluster on the loopback interface (read when ray is imported; its nodes inherit it):
# otherwise Ray swaps 127.0.0.1 for the machine's outward address when a driver connects.
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # the driver's side of _ray_cluster's setting
ray = pytest.importorskip("ray", reason="the Ray backend needs the `ray` extra")

import _ray_cluster  # noqa: E402
from _batch_helpers import REJECT_WORD, answer_for, make_chat, one_by_one, slow_responder, tasks_for  # noqa: E402

from autogen.agentchat.chat import ChatResult  # noqa: E402
from autogen.batch import ChatFailure, RayBackend, run_chats  # noqa: E402
from autogen.testing import LoopbackLLMServer  # noqa: E402


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    started = _ray_cluster.start(worker_cpus=2)
    try:
        ray.init(address=started.address, log_to_driver=False)
        yield started
    finally:
        leftovers = _ray_cluster.stop(started)
        assert leftovers == [], f"Ray processes outlived the cluster's shutdown: {leftovers}"


@pytest.fixture
def model(llm_server: LoopbackLLMServer) -> LoopbackLLMServer:
    llm_server.responder = answer_for
    return llm_server


def on_worker_node(cluster: Any, **kw: Any) -> RayBackend:
    """A backend for the test cluster whose tasks may only run where the worker node's custom resource is."""
    return RayBackend(address=cluster.address, resources={_ray_cluster.WORKER_RESOURCE: 1}, **kw)


def test_two_hundred_conversations_on_ray_match_running_them_one_by_one(cluster: Any, model: Any) -> None:
    tasks = tasks_for(model.config_list(), 200)
    expected = one_by_one(tasks)
    results = run_chats(make_chat, tasks, backend=on_worker_node(cluster), progress=False)
    assert all(isinstance(r, ChatResult) for r in results)
    assert results == expected


def test_a_conversation_whose_worker_is_killed_is_run_again_and_the_batch_completes(cluster: Any, model: Any) -> None:
    tasks = tasks_for(model.config_list(), 10)
    expected = one_by_one(tasks)
    model.responder = slow_responder(0.15)  # same answers, late enough to catch a worker mid-conversation
    outcome: Dict[str, List[Any]] = {}
    runner = threading.Thread(
        target=lambda: outcome.setdefault("results", run_chats(make_chat, tasks, backend=on_worker_node(cluster)))
    )
    runner.start()
    victim = _wait_for_a_busy_worker(model, timeout=120)
    os.kill(victim, signal.SIGKILL)
    runner.join(timeout=300)
    assert not runner.is_alive()
    assert outcome["results"] == expected
    assert victim not in [p.pid for p in _ray_cluster.descendants()]


def _wait_for_a_busy_worker(model: LoopbackLLMServer, timeout: float) -> int:
    """Pid of a worker that is inside a conversation the model has already answered part of."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = list(_ray_cluster.conversation_workers())
        if busy and model.chat_requests:
            return busy[0].pid
        time.sleep(0.05)
    raise AssertionError("no worker started a conversation")


def test_a_conversation_error_on_a_worker_comes_back_in_its_slot(cluster: Any, model: Any) -> None:
    tasks = tasks_for(model.config_list(), 4)
    tasks[1]["topic"] = f"{REJECT_WORD} things"
    results = run_chats(make_chat, tasks, backend=on_worker_node(cluster), progress=False)
    failure = results[1]
    assert isinstance(failure, ChatFailure) and failure.error_type == "openai.BadRequestError"
    assert REJECT_WORD in failure.message and "Traceback" in failure.traceback
    assert [type(r) for i, r in enumerate(results) if i != 1] == [ChatResult] * 3


@pytest.mark.redis
def test_a_shared_redis_cache_answers_workers_from_what_another_process_cached(
    cluster: Any, model: Any, redis_url: str
) -> None:
    pids_key = f"batch-test-pids-{uuid.uuid4().hex}"
    tasks = tasks_for(model.config_list(), 6, redis_url=redis_url, cache_seed=uuid.uuid4().hex, log_pid_to=pids_key)
    first = run_chats(make_chat, tasks, progress=False)  # in this process: fills the cache
    asked = len(model.chat_requests)
    again = run_chats(make_chat, tasks, backend=on_worker_node(cluster), progress=False)
    assert asked == 6 * 3 and len(model.chat_requests) == asked  # the workers never reached the model
    assert [r.chat_history for r in again] == [r.chat_history for r in first]
    import redis

    pids = {int(p) for p in redis.Redis.from_url(redis_url).lrange(pids_key, 0, -1)}
    assert os.getpid() in pids and len(pids - {os.getpid()}) >= 1  # the second batch ran in worker processes


def test_an_endpoint_rate_limit_holds_across_ray_workers(cluster: Any, model: Any) -> None:
    arrivals: List[float] = []

    def timed(body: Dict[str, Any]) -> Any:
        arrivals.append(time.monotonic())
        return answer_for(body)

    model.responder = timed
    rate = 10.0
    tasks = tasks_for(model.config_list(api_rate_limit=rate), 4, turns=1)
    results = run_chats(make_chat, tasks, backend=on_worker_node(cluster), progress=False)
    assert all(isinstance(r, ChatResult) for r in results) and len(arrivals) == 4
    assert arrivals[-1] - arrivals[0] >= 3 / rate - 0.03


async def test_async_batch_on_ray_with_a_concurrency_cap_matches_one_by_one(cluster: Any, model: Any) -> None:
    from autogen.batch import a_run_chats

    tasks = tasks_for(model.config_list(), 6)
    results = await a_run_chats(make_chat, tasks, backend=on_worker_node(cluster), max_concurrency=2, progress=False)
    assert results == one_by_one(tasks)
