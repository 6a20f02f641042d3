"""A real Ray cluster for tests: a head node (no CPUs, so it runs no conversation) and one worker node, each its
own set of processes on 127.0.0.1, started with `ray.cluster_utils.Cluster` and stopped by `stop`."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List

import psutil

HERE = Path(__file__).resolve().parent
NODE_PATH = [str(HERE / "_ray_node_path"), str(HERE)]  # the shim first; then the factories' module (_batch_helpers)
WORKER_RESOURCE = "autogen_test_worker"  # a custom resource only the worker node has
TASK_TITLE = "ray::_chat_on_worker"  # what Ray names a worker process while it runs a conversation


def _node_env() -> Dict[str, str]:
    """Variables the node processes (and so their workers) inherit from this process."""
    path = os.pathsep.join(NODE_PATH + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    return {
        "PYTHONPATH": path,
        "RAY_USAGE_STATS_ENABLED": "0",
        "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
        "RAY_AUTH_MODE": "disabled",  # a loopback-only test cluster: no token file written for it
    }


def start(worker_cpus: int = 2) -> Any:
    """The running cluster; raises if a node does not come up."""
    from ray.cluster_utils import Cluster

    common = {"node_ip_address": "127.0.0.1", "object_store_memory": 80 * 1024 * 1024, "include_log_monitor": False}
    saved = {k: os.environ.get(k) for k in _node_env()}
    os.environ.update(_node_env())
    try:
        cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 0, "include_dashboard": False, **common})
        try:
            cluster.add_node(num_cpus=worker_cpus, resources={WORKER_RESOURCE: 100}, **common)
        except BaseException:
            cluster.shutdown()
            raise
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return cluster


def _is_ray(proc: psutil.Process) -> bool:
    cmd = proc.cmdline()
    return bool(cmd) and (
        cmd[0].startswith("ray::") or proc.name() in ("raylet", "gcs_server") or "/site-packages/ray/" in " ".join(cmd)
    )


def descendants() -> List[psutil.Process]:
    """Live Ray processes below this one: the cluster's node services and workers."""
    alive = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if proc.status() != psutil.STATUS_ZOMBIE and _is_ray(proc):
                alive.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return alive


def conversation_workers() -> Iterator[psutil.Process]:
    """Worker processes of the cluster that are running a conversation right now."""
    for proc in descendants():
        try:
            if proc.cmdline()[:1] and proc.cmdline()[0].startswith(TASK_TITLE):
                yield proc
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass


def stop(cluster: Any) -> List[int]:
    """Disconnect, stop every node, and end any process of ours the nodes left; returns the pids so ended."""
    import ray

    ray.shutdown()
    cluster.shutdown()
    deadline = time.monotonic() + 10
    while descendants() and time.monotonic() < deadline:
        time.sleep(0.2)
    leftovers = descendants()
    for proc in leftovers:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    return [p.pid for p in leftovers]
