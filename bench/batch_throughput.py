"""Many conversations at once: the 0.2 way (one after another) against `autogen.batch` locally and on Ray.

    .venv/bin/python bench/batch_throughput.py [--conversations 200] [--turns 4] [--latency 0.05]
        [--concurrency 64] [--ray-workers 2] [--ray-address ADDRESS] [--skip-ray] [--json out.json]

Each conversation is a user agent (fixed auto-reply, no model) and an LLM agent; `--turns` model answers per
conversation. The model is the loopback server in a separate process, answering every request after `--latency`
seconds, like a remote API would. Prints conversations per second for each way, the speed-up over sequential,
and memory per conversation: for local runs, the growth of this process's RSS while the batch runs divided by
the conversations in flight; for Ray, the RSS of the worker processes divided by the conversations they hold.
Without `--ray-address`, a local cluster is started: a head node without CPUs and one worker node with
`--ray-workers` CPUs (so that many worker processes, one conversation each).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RAY_NODE_PATH = [str(ROOT / "test" / "_ray_node_path"), str(HERE), str(ROOT)]


def make_chat(task: Dict[str, Any]) -> Dict[str, Any]:
    """The task factory: a user agent and an LLM agent, `turns` model answers."""
    from autogen import ConversableAgent
    from autogen.batch import shared_http_client

    config_list = [{**entry, "http_client": shared_http_client()} for entry in task["config_list"]]
    user = ConversableAgent(
        "user",
        llm_config=False,
        human_input_mode="NEVER",
        default_auto_reply="Please go on.",
        max_consecutive_auto_reply=100,
    )
    helper = ConversableAgent(
        "helper", llm_config={"config_list": config_list, "cache_seed": None}, human_input_mode="NEVER"
    )
    return {"sender": user, "recipient": helper, "message": task["message"], "max_turns": task["turns"]}


def serve(latency: float) -> None:
    """Run the loopback model in this process until stdin closes; print its config list first."""
    from autogen.testing import LoopbackLLMServer, Reply

    with LoopbackLLMServer(default_reply=Reply.text("Noted; here is the next step.", delay=latency)) as server:
        print(json.dumps(server.config_list()), flush=True)
        sys.stdin.read()


class RssSampler:
    """Peak summed RSS of some processes, sampled every 20 ms in a thread."""

    def __init__(self, processes: Callable[[], List[psutil.Process]]) -> None:
        self._processes = processes
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for proc in self._processes():
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.02)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()


def run_sequential(tasks: List[Dict[str, Any]]) -> Dict[str, Any]:
    me = psutil.Process()
    base = me.memory_info().rss
    start = time.perf_counter()
    with RssSampler(lambda: [me]) as rss:
        for task in tasks:
            chat = make_chat(task)
            chat["sender"].initiate_chat(
                chat["recipient"], message=task["message"], max_turns=task["turns"], silent=True
            )
    return {"seconds": time.perf_counter() - start, "mb_per_conversation": (rss.peak - base) / 2**20}


def run_local(tasks: List[Dict[str, Any]], concurrency: int) -> Dict[str, Any]:
    from autogen.batch import run_chats

    me = psutil.Process()
    base = me.memory_info().rss
    start = time.perf_counter()
    with RssSampler(lambda: [me]) as rss:
        results = run_chats(make_chat, tasks, max_concurrency=concurrency, progress=False)
    seconds = time.perf_counter() - start
    assert all(results), [r for r in results if not r][:1]
    in_flight = min(concurrency, len(tasks))
    return {"seconds": seconds, "mb_per_conversation": (rss.peak - base) / 2**20 / in_flight}


def _ray_workers() -> List[psutil.Process]:
    """Ray worker processes on this machine (idle or running a conversation)."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info.get("cmdline") or []
        if cmd and cmd[0] in ("ray::IDLE", "ray::_chat_on_worker"):
            found.append(proc)
    return found


def start_ray(workers: int) -> Any:
    """A local cluster on 127.0.0.1: a head without CPUs and a worker node with `workers` CPUs."""
    os.environ["PYTHONPATH"] = os.pathsep.join(RAY_NODE_PATH + [os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    from ray.cluster_utils import Cluster

    common = {"node_ip_address": "127.0.0.1", "object_store_memory": 100 * 2**20, "include_log_monitor": False}
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 0, "include_dashboard": False, **common})
    cluster.add_node(num_cpus=workers, **common)
    return cluster


def run_ray(tasks: List[Dict[str, Any]], workers: int, address: Optional[str]) -> Dict[str, Any]:
    import ray

    from autogen.batch import RayBackend, run_chats

    cluster = None if address else start_ray(workers)
    ray.init(address=address or cluster.address, log_to_driver=False)
    try:
        # warm the worker processes first (imports), as a long-running cluster would be
        run_chats(make_chat, tasks[:workers], backend=RayBackend(), progress=False)
        start = time.perf_counter()
        with RssSampler(_ray_workers) as rss:
            results = run_chats(make_chat, tasks, backend=RayBackend(), progress=False)
        seconds = time.perf_counter() - start
        assert all(results), [r for r in results if not r][:1]
        return {"seconds": seconds, "mb_per_conversation": rss.peak / 2**20 / workers}
    finally:
        ray.shutdown()
        if cluster is not None:
            cluster.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--turns", type=int, default=4)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--ray-workers", type=int, default=2)
    parser.add_argument("--ray-address", default=None)
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--json", default="")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.latency)
    if not args.ray_address:  # keep a local cluster on the loopback interface (read when ray is imported)
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
        os.environ.setdefault("RAY_AUTH_MODE", "disabled")
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--latency", str(args.latency)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        config_list = json.loads(server.stdout.readline())
        tasks = [
            {"config_list": config_list, "turns": args.turns, "message": f"Plan step {i} of the job."}
            for i in range(args.conversations)
        ]
        report = measure(args, tasks)
    finally:
        server.stdin.close()
        server.wait(timeout=10)
    print_report(report, args.conversations)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))


class _Quiet:
    """An IOStream that drops what the agents print (the auto-reply notices of 200 chats)."""

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        pass

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        return ""


def measure(args: argparse.Namespace, tasks: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    from autogen.io import IOStream

    report: Dict[str, Dict[str, Any]] = {}
    with IOStream.set_default(_Quiet()):
        run_sequential(tasks[:2])  # warm-up: imports and first connections
        report["sequential (0.2 style)"] = run_sequential(tasks)
        print(f"sequential: {report['sequential (0.2 style)']}", file=sys.stderr, flush=True)
        report[f"autogen.batch local, {args.concurrency} at once"] = run_local(tasks, args.concurrency)
    if not args.skip_ray:
        report[f"autogen.batch ray, {args.ray_workers} workers"] = run_ray(tasks, args.ray_workers, args.ray_address)
    return report


def print_report(report: Dict[str, Dict[str, Any]], conversations: int) -> None:
    base = report["sequential (0.2 style)"]["seconds"]
    print(f"{'way':<38} {'seconds':>8} {'conv/s':>8} {'speed-up':>9} {'MB/conv':>8}")
    for name, row in report.items():
        row["conversations_per_second"] = conversations / row["seconds"]
        row["speedup"] = base / row["seconds"]
        print(
            f"{name:<38} {row['seconds']:>8.2f} {row['conversations_per_second']:>8.1f} "
            f"{row['speedup']:>8.1f}x {row['mb_per_conversation']:>8.2f}"
        )


if __name__ == "__main__":
    main()
