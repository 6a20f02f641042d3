"""Benchmark scenarios written against the public AutoGen 0.2 API only, so they run on ours and on upstream.

Run one scenario in the current interpreter and print its metrics as JSON:
    python bench/scenarios.py two_agent --turns 40
The LLM is the loopback fake from this repository (loaded by path, so upstream's environment can use it).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Dict, List

REPO = Path(__file__).resolve().parent.parent


def _load_loopback() -> Any:
    """Import autogen/testing from this checkout under a private name (works with any installed autogen)."""
    pkg_dir = REPO / "autogen" / "testing"
    spec = importlib.util.spec_from_file_location(
        "_bench_loopback", pkg_dir / "__init__.py", submodule_search_locations=[str(pkg_dir)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["_bench_loopback"] = module
    spec.loader.exec_module(module)
    return module


_USAGE = {"prompt_tokens": 10, "completion_tokens": 2}


def _server(lb: Any, text: str = "ok, noted") -> Any:
    """The fake LLM, kept cheap: fixed usage figures and no transcript validation (it shares our process)."""
    return lb.LoopbackLLMServer(default_reply=lb.Reply.text(text, usage=_USAGE), validate_tool_messages=False)


def _cpu() -> float:
    return time.process_time()


def _now() -> float:
    return time.perf_counter()


# --------------------------------------------------------------------------------------------- scenarios
def two_agent(turns: int) -> Dict[str, float]:
    """LLM turns between two ConversableAgents; wall time per turn."""
    import autogen

    lb = _load_loopback()
    with _server(lb) as server:
        cfg = {"config_list": server.config_list(), "cache_seed": None}
        a = autogen.ConversableAgent("a", llm_config=cfg, human_input_mode="NEVER")
        b = autogen.ConversableAgent("b", llm_config=cfg, human_input_mode="NEVER")
        a.initiate_chat(b, message="warm up", max_turns=1, silent=True)
        t0, c0 = _now(), _cpu()
        a.initiate_chat(b, message="hello", max_turns=turns // 2, silent=True)
        n = len(server.chat_requests) - 2
        return {"ms_per_turn": (_now() - t0) * 1000 / n, "cpu_ms_per_turn": (_cpu() - c0) * 1000 / n}


def raw_sdk(turns: int) -> Dict[str, float]:
    """The floor: the same growing requests sent with the bare openai client."""
    import openai

    lb = _load_loopback()
    with _server(lb) as server:
        client = openai.OpenAI(api_key="sk-x", base_url=server.base_url)
        messages: List[Dict[str, Any]] = [{"role": "system", "content": "You are a helpful AI Assistant."}]
        client.chat.completions.create(model="gpt-4", messages=messages + [{"role": "user", "content": "warm"}])
        t0, c0 = _now(), _cpu()
        for i in range(turns):
            messages.append({"role": "user", "content": "hello" if i == 0 else "ok, noted"})
            r = client.chat.completions.create(model="gpt-4", messages=messages)
            messages.append({"role": "assistant", "content": r.choices[0].message.content})
        return {"ms_per_turn": (_now() - t0) * 1000 / turns, "cpu_ms_per_turn": (_cpu() - c0) * 1000 / turns}


def tool_rounds(rounds: int) -> Dict[str, float]:
    """An LLM asks for a tool, the other agent runs it, the LLM answers: time per round (two LLM calls)."""
    import autogen

    lb = _load_loopback()
    with _server(lb) as server:
        counter = {"n": 0}

        def respond(body: Dict[str, Any]) -> Any:
            counter["n"] += 1
            last = body["messages"][-1]
            if last.get("role") == "tool":
                return lb.Reply.text("the sum is known", usage=_USAGE)
            return lb.Reply.tool_call("add", {"a": counter["n"], "b": 2}, usage=_USAGE)

        server.responder = respond
        cfg = {"config_list": server.config_list(), "cache_seed": None}
        caller = autogen.ConversableAgent("caller", llm_config=cfg, human_input_mode="NEVER")
        runner = autogen.ConversableAgent(
            "runner", llm_config=False, human_input_mode="NEVER", default_auto_reply="go on"
        )

        def add(a: int, b: int) -> int:
            return a + b

        autogen.register_function(add, caller=caller, executor=runner, description="add two numbers")
        runner.initiate_chat(caller, message="warm up", max_turns=1, silent=True)
        t0, c0 = _now(), _cpu()
        runner.initiate_chat(caller, message="add things", max_turns=rounds, silent=True)
        n = max(1, len(server.chat_requests) - 1) / 2
        return {"ms_per_round": (_now() - t0) * 1000 / n, "cpu_ms_per_round": (_cpu() - c0) * 1000 / n}


def group_chat(rounds: int, method: str) -> Dict[str, float]:
    """A group chat of four LLM agents; `auto` adds an LLM speaker selection to every round."""
    import autogen

    lb = _load_loopback()
    with _server(lb, "agent_1") as server:
        cfg = {"config_list": server.config_list(), "cache_seed": None}
        agents = [
            autogen.ConversableAgent(f"agent_{i}", llm_config=cfg, human_input_mode="NEVER", description=f"agent {i}")
            for i in range(4)
        ]
        gc_ = autogen.GroupChat(agents=agents, messages=[], max_round=rounds, speaker_selection_method=method)
        manager = autogen.GroupChatManager(gc_, llm_config=cfg)
        t0, c0 = _now(), _cpu()
        agents[0].initiate_chat(manager, message="let us start", silent=True)
        return {"ms_per_round": (_now() - t0) * 1000 / rounds, "cpu_ms_per_round": (_cpu() - c0) * 1000 / rounds}


def cache_hit(calls: int, style: str) -> Dict[str, float]:
    """Repeated identical `create` calls answered from the cache (`disk`: Cache.disk, `legacy`: cache_seed)."""
    import autogen

    lb = _load_loopback()
    with (
        _server(lb, "cached answer") as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        os.chdir(tmp)
        messages = [{"role": "user", "content": "what is cached?"}]
        if style == "disk":
            client = autogen.OpenAIWrapper(config_list=server.config_list(), cache_seed=None)
            with autogen.Cache.disk(cache_seed=7, cache_path_root=os.path.join(tmp, "c")) as cache:
                client.create(messages=messages, cache=cache)
                t0 = _now()
                for _ in range(calls):
                    client.create(messages=messages, cache=cache)
                elapsed = _now() - t0
        else:
            client = autogen.OpenAIWrapper(config_list=server.config_list(), cache_seed=7)
            client.create(messages=messages)
            t0 = _now()
            for _ in range(calls):
                client.create(messages=messages)
            elapsed = _now() - t0
        assert len(server.chat_requests) == 1, "the cache was missed"
        return {"ms_per_call": elapsed * 1000 / calls}


class _TrivialClient:
    """A ModelClient that answers instantly, so timings show the framework's own cost."""

    def __init__(self, config: Dict[str, Any], **kwargs: Any) -> None:
        self.model = config.get("model", "trivial")

    def create(self, params: Dict[str, Any]) -> Any:
        message = SimpleNamespace(content="fine", role="assistant", function_call=None, tool_calls=None)
        return SimpleNamespace(choices=[SimpleNamespace(message=message)], model=self.model, cost=0.0, usage=None)

    def message_retrieval(self, response: Any) -> List[Any]:
        return [choice.message.content for choice in response.choices]

    def cost(self, response: Any) -> float:
        return 0.0

    @staticmethod
    def get_usage(response: Any) -> Dict[str, Any]:
        return {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0, "cost": 0.0, "model": "trivial"}


def _trivial_pair(autogen: Any, limit: int = 10**6) -> Any:
    """An LLM agent on the trivial client and a fixed-reply partner, each allowed `limit` auto replies."""
    cfg = {"config_list": [{"model": "trivial", "model_client_cls": "_TrivialClient"}], "cache_seed": None}
    a = autogen.ConversableAgent("a", llm_config=cfg, human_input_mode="NEVER", max_consecutive_auto_reply=limit)
    b = autogen.ConversableAgent(
        "b", llm_config=False, human_input_mode="NEVER", default_auto_reply="go on", max_consecutive_auto_reply=limit
    )
    a.register_model_client(model_client_cls=_TrivialClient)
    return a, b


def long_chat(messages: int, window: int = 100) -> Dict[str, Any]:
    """Grow one conversation to `messages` messages with a trivial client; CPU per turn at the start and end.

    The chat is driven in chunks of `window` turns (clear_history=False), so a recursive turn loop is not
    penalised by the chunking itself; a whole-chat run in one initiate_chat is `long_single`.
    """
    import autogen

    a, b = _trivial_pair(autogen)
    b.initiate_chat(a, message="start", max_turns=1, silent=True)
    first = last = 0.0
    while len(a.chat_messages[b]) < messages:
        c0 = _cpu()
        b.initiate_chat(a, message="more", max_turns=window // 2, silent=True, clear_history=False)
        per_turn = (_cpu() - c0) * 1000 / window
        first = first or per_turn
        last = per_turn
    gc.collect()
    return {
        "cpu_ms_per_turn_start": first,
        "cpu_ms_per_turn_end": last,
        "end_over_start": last / first,
        "messages": len(a.chat_messages[b]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def long_single(turns: int) -> Dict[str, Any]:
    """One initiate_chat of `turns` turns, ended by the auto-reply limit (0.2's recursive path, no max_turns)."""
    import autogen

    a, b = _trivial_pair(autogen, limit=turns // 2)
    t0 = _cpu()
    try:
        b.initiate_chat(a, message="start", silent=True)
        outcome = "completed"
    except RecursionError:
        outcome = "RecursionError"
    return {
        "outcome": outcome,
        "messages": len(a.chat_messages[b]),
        "cpu_ms_per_turn": (_cpu() - t0) * 1000 / max(1, len(a.chat_messages[b])),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def group_large(agents: int = 20, rounds: int = 500) -> Dict[str, Any]:
    """A round-robin group of `agents` agents on the trivial client for `rounds` rounds; time per round early and late."""
    import autogen

    cfg = {"config_list": [{"model": "trivial", "model_client_cls": "_TrivialClient"}], "cache_seed": None}
    stamps: List[float] = []

    def stamp(recipient: Any, messages: Any = None, sender: Any = None, config: Any = None) -> Any:
        stamps.append(_cpu())
        return False, None

    members = []
    for i in range(agents):
        agent = autogen.ConversableAgent(
            f"agent_{i}", llm_config=cfg, human_input_mode="NEVER", max_consecutive_auto_reply=10**6
        )
        agent.register_model_client(model_client_cls=_TrivialClient)
        agent.register_reply([autogen.Agent, None], stamp, position=0)
        members.append(agent)
    group = autogen.GroupChat(agents=members, messages=[], max_round=rounds, speaker_selection_method="round_robin")
    manager = autogen.GroupChatManager(group, llm_config=False)
    members[0].initiate_chat(manager, message="start", silent=True)
    window = 50
    early = (stamps[window] - stamps[0]) * 1000 / window
    late = (stamps[-1] - stamps[-1 - window]) * 1000 / window
    return {
        "cpu_ms_per_round_early": early,
        "cpu_ms_per_round_late": late,
        "late_over_early": late / early,
        "rounds": len(stamps),
    }


def import_time() -> Dict[str, float]:
    """Wall time and module count of `import autogen` in a fresh interpreter."""
    import subprocess

    code = "import sys,time;t=time.perf_counter();import autogen;print(time.perf_counter()-t, len(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tempfile.gettempdir()
    )
    seconds, modules = out.stdout.split()[-2:]
    return {"seconds": float(seconds), "modules": float(modules)}


SCENARIOS: Dict[str, Callable[[argparse.Namespace], Dict[str, Any]]] = {
    "two_agent": lambda a: two_agent(a.turns),
    "raw_sdk": lambda a: raw_sdk(a.turns),
    "tool_rounds": lambda a: tool_rounds(a.turns),
    "group_round_robin": lambda a: group_chat(a.turns, "round_robin"),
    "group_auto": lambda a: group_chat(a.turns, "auto"),
    "cache_disk": lambda a: cache_hit(a.turns, "disk"),
    "cache_legacy": lambda a: cache_hit(a.turns, "legacy"),
    "long_2000": lambda a: long_chat(2000),
    "long_single_10000": lambda a: long_single(10000),
    "group_20x500": lambda a: group_large(),
    "import": lambda a: import_time(),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--turns", type=int, default=40)
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)
    result = SCENARIOS[args.scenario](args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
