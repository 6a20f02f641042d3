"""autogen.batch on the local backend: many real conversations against the loopback model at once."""

from __future__ import annotations

import pickle
from typing import Any, Dict, List

import pytest
from _batch_helpers import REJECT_WORD, answer_for, make_chat, one_by_one, tasks_for

from autogen.agentchat.chat import ChatResult
from autogen.batch import ChatFailure, LocalBackend, a_run_chats, run_chats
from autogen.testing import LoopbackLLMServer


@pytest.fixture
def model(llm_server: LoopbackLLMServer) -> LoopbackLLMServer:
    llm_server.responder = answer_for
    return llm_server


def test_two_hundred_conversations_match_running_them_one_by_one(model: LoopbackLLMServer) -> None:
    tasks = tasks_for(model.config_list(), 200)
    expected = one_by_one(tasks)
    results = run_chats(make_chat, tasks, max_concurrency=16, progress=False)
    assert all(isinstance(r, ChatResult) for r in results)
    assert results == expected
    assert len(model.chat_requests) == 2 * 200 * 3  # both runs, three model calls per two-turn chat


def test_a_failing_task_reports_its_error_in_its_slot_and_the_others_complete(model: LoopbackLLMServer) -> None:
    tasks = tasks_for(model.config_list(), 6)
    tasks[2]["topic"] = f"{REJECT_WORD} matters"
    results = run_chats(make_chat, tasks, max_concurrency=3, progress=False)
    failure = results[2]
    assert isinstance(failure, ChatFailure) and not failure
    assert failure.index == 2 and failure.error_type == "openai.BadRequestError"
    assert REJECT_WORD in failure.message and "Traceback" in failure.traceback
    assert [type(r) for i, r in enumerate(results) if i != 2] == [ChatResult] * 5


def test_a_factory_error_becomes_a_failure_that_reraises_the_original(model: LoopbackLLMServer) -> None:
    tasks = tasks_for(model.config_list(), 3)
    tasks[1]["fail_in_factory"] = True
    results = run_chats(make_chat, tasks, progress=False)
    assert isinstance(results[1], ChatFailure) and results[1].error_type == "ValueError"
    with pytest.raises(ValueError, match="no agents for 'topic number 1'"):
        results[1].reraise()


def test_a_factory_must_return_a_sender_and_a_recipient(model: LoopbackLLMServer) -> None:
    results = run_chats(lambda task: {"message": task}, ["hi"], progress=False)
    assert isinstance(results[0], ChatFailure) and results[0].error_type == "TypeError"


def test_results_come_back_in_input_order_whatever_finishes_first(model: LoopbackLLMServer) -> None:
    tasks = tasks_for(model.config_list(), 8)
    for i, task in enumerate(tasks):
        task["turns"] = 1 + (7 - i) % 4  # early tasks run longer
    results = run_chats(make_chat, tasks, max_concurrency=8, progress=False)
    assert [r.chat_history[0]["content"] for r in results] == [f"Let us talk about topic number {i}." for i in range(8)]


def test_max_concurrency_bounds_the_conversations_in_flight(model: LoopbackLLMServer) -> None:
    import threading

    inside, peak, lock = [0], [0], threading.Lock()

    def counting(body: Dict[str, Any]) -> Any:
        with lock:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        try:
            return answer_for(body, delay=0.02)
        finally:
            with lock:
                inside[0] -= 1

    model.responder = counting
    run_chats(make_chat, tasks_for(model.config_list(), 12), max_concurrency=3, progress=False)
    assert 1 <= peak[0] <= 3


def test_chat_results_pickle_with_their_history_and_cost(model: LoopbackLLMServer) -> None:
    (result,) = run_chats(make_chat, tasks_for(model.config_list(), 1), progress=False)
    assert pickle.loads(pickle.dumps(result)) == result


def test_failures_pickle(model: LoopbackLLMServer) -> None:
    tasks = tasks_for(model.config_list(), 1, fail_in_factory=True)
    (failure,) = run_chats(make_chat, tasks, progress=False)
    again = pickle.loads(pickle.dumps(failure))
    assert again == failure and isinstance(again.exception, ValueError)


def test_rate_limit_of_an_endpoint_holds_across_all_conversations(model: LoopbackLLMServer) -> None:
    arrivals: List[float] = []

    def timed(body: Dict[str, Any]) -> Any:
        import time

        arrivals.append(time.monotonic())
        return answer_for(body)

    model.responder = timed
    rate = 20.0  # requests per second, for the endpoint as a whole
    tasks = tasks_for(model.config_list(api_rate_limit=rate), 4, turns=1)
    results = run_chats(make_chat, tasks, max_concurrency=4, progress=False)
    assert all(isinstance(r, ChatResult) for r in results) and len(arrivals) == 4
    # each agent alone would let its first request go at once; shared, the 4 first requests are spaced
    assert arrivals[-1] - arrivals[0] >= 3 / rate - 0.02


def test_progress_bar_counts_finished_and_failed_conversations(model: LoopbackLLMServer, capsys: Any) -> None:
    tasks = tasks_for(model.config_list(), 4)
    tasks[0]["fail_in_factory"] = True
    run_chats(make_chat, tasks, progress=True)
    err = capsys.readouterr().err
    assert "4/4" in err and "failed=1" in err


def test_an_unknown_backend_name_is_refused(model: LoopbackLLMServer) -> None:
    with pytest.raises(ValueError, match="unknown batch backend 'celery'"):
        run_chats(make_chat, [], backend="celery")


async def test_async_batch_matches_the_sync_one(model: LoopbackLLMServer) -> None:
    tasks = tasks_for(model.config_list(), 20)
    results = await a_run_chats(make_chat, tasks, backend=LocalBackend(max_concurrency=5), progress=False)
    assert results == one_by_one(tasks)


def test_agents_built_with_the_shared_http_client_all_use_that_one_client(model: LoopbackLLMServer) -> None:
    from autogen.batch import shared_http_client

    chats = [make_chat(task) for task in tasks_for(model.config_list(), 2)]
    transports = {id(c[side].client._clients[0]._oai_client._client) for c in chats for side in ("sender", "recipient")}
    assert transports == {id(shared_http_client())}


class _Collect:
    """An IOStream that keeps what is printed."""

    def __init__(self) -> None:
        self.lines: List[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.lines.append(sep.join(map(str, objects)) + end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return ""


def test_conversations_print_to_the_iostream_the_caller_set(model: LoopbackLLMServer) -> None:
    from autogen.io import IOStream

    stream = _Collect()
    with IOStream.set_default(stream):
        run_chats(make_chat, tasks_for(model.config_list(), 3, silent=False), progress=False)
    printed = "".join(stream.lines)
    assert all(f"Let us talk about topic number {i}." in printed for i in range(3))


def test_chats_are_silent_unless_the_factory_says_otherwise(model: LoopbackLLMServer) -> None:
    from autogen.io import IOStream

    stream = _Collect()
    with IOStream.set_default(stream):
        run_chats(make_chat, tasks_for(model.config_list(), 2), progress=False)
    assert "Let us talk about" not in "".join(stream.lines)
