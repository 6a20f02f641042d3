"""The Ray backend: one conversation per Ray task, spread over a cluster (the `ray` extra).

Only the factory and the task travel to a worker (cloudpickle: a module-level factory goes by reference, so its
module must be importable there; one defined in a notebook goes by value). The worker builds the agents, runs
the chat and sends back the ChatResult or a ChatFailure. A task whose worker process dies is run again from its
start by Ray (`max_retries`); the conversation's own errors are not retried. Rate limits are booked through one
actor per batch that holds a `SlotBook`, so they hold across all workers.
"""

from __future__ import annotations

import pickle
import uuid
from typing import Any, Dict, List, Optional, Sequence

from ._batch_limits import SlotBook
from ._batch_progress import Progress
from ._batch_task import ChatFactory, ChatFailure, Slot, failure_from, run_task

__all__ = ("RayBackend",)

_NAMESPACE = "autogen-batch"


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise ImportError("The Ray backend needs the `ray` extra: pip install 'autogen-agentchat[ray]'") from exc
    return ray


def _travels(slot: Slot) -> Slot:
    """Drop a failure's exception object when it would not pickle (the rest of the failure always does)."""
    if isinstance(slot, ChatFailure) and slot.exception is not None:
        try:
            pickle.loads(pickle.dumps(slot.exception))
        except Exception:
            slot.exception = None
    return slot


class _ActorSlots:
    """`reserve` for a worker: books slots in the batch's SlotBook actor, made by the first worker that needs it.

    Created on demand (a batch without `api_rate_limit` starts no actor) and detached, so that it does not die
    with the worker that happened to create it; the driver removes it when the batch ends.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._actor: Any = None

    def __call__(self, endpoint: str, interval: float) -> float:
        ray = _import_ray()
        if self._actor is None:
            options = {"name": self.name, "namespace": _NAMESPACE, "get_if_exists": True, "lifetime": "detached"}
            self._actor = ray.remote(num_cpus=0)(SlotBook).options(**options).remote()
        return ray.get(self._actor.reserve.remote(endpoint, interval))


def _chat_on_worker(factory: ChatFactory, task: Any, index: int, slots_name: str) -> Slot:
    """Body of the Ray task (named so in `ps`: ray::_chat_on_worker)."""
    return _travels(run_task(factory, task, index, _ActorSlots(slots_name)))


def _remove_slot_book(ray: Any, name: str) -> None:
    try:
        ray.kill(ray.get_actor(name, namespace=_NAMESPACE))
    except ValueError:  # no task of the batch needed it
        pass


class RayBackend:
    """Runs each conversation as a Ray task on a cluster.

    `address`: the cluster to join (``"auto"``, ``"ray://host:10001"``, ``"127.0.0.1:6379"``); None joins the
    cluster `RAY_ADDRESS` names or starts a local one, as `ray.init()` does. Ignored when Ray is already
    initialised in this process. `num_cpus_per_task` and `resources` (custom node resources, e.g.
    ``{"docker": 1}`` to keep code execution on nodes started with ``--resources='{"docker": 8}'``) are what each
    conversation asks of the scheduler; `max_retries` is how often a task lost with its worker or node is run
    again; `runtime_env` is Ray's (e.g. ``{"py_modules": [my_factories]}`` to ship the factory's module);
    `init_kwargs` go to `ray.init`.
    """

    def __init__(
        self,
        address: Optional[str] = None,
        num_cpus_per_task: float = 1,
        resources: Optional[Dict[str, float]] = None,
        max_retries: int = 3,
        runtime_env: Optional[Dict[str, Any]] = None,
        init_kwargs: Optional[Dict[str, Any]] = None,
    ) -> None:
        self.address = address
        self.num_cpus_per_task = num_cpus_per_task
        self.resources = dict(resources or {})
        self.max_retries = max_retries
        self.runtime_env = runtime_env
        self.init_kwargs = dict(init_kwargs or {})

    def _connect(self) -> Any:
        ray = _import_ray()
        if not ray.is_initialized():
            ray.init(address=self.address, runtime_env=self.runtime_env, **self.init_kwargs)
        return ray

    def _task_function(self, ray: Any) -> Any:
        options: Dict[str, Any] = {
            "num_cpus": self.num_cpus_per_task,
            "max_retries": self.max_retries,
            "retry_exceptions": False,
        }
        if self.resources:
            options["resources"] = self.resources
        return ray.remote(_chat_on_worker).options(**options)

    def run(
        self, factory: ChatFactory, tasks: Sequence[Any], max_concurrency: Optional[int], progress: Progress
    ) -> List[Slot]:
        """Every task's slot, in input order; at most `max_concurrency` tasks submitted at a time (None: all)."""
        ray = self._connect()
        remote = self._task_function(ray)
        slots_name = f"rate-limits-{uuid.uuid4().hex}"
        factory_ref = ray.put(factory)
        limit = len(tasks) if not max_concurrency else max_concurrency
        slots: List[Optional[Slot]] = [None] * len(tasks)
        running: Dict[Any, int] = {}
        queue = iter(enumerate(tasks))
        try:
            while True:
                while len(running) < limit:
                    item = next(queue, None)
                    if item is None:
                        break
                    running[remote.remote(factory_ref, item[1], item[0], slots_name)] = item[0]
                if not running:
                    break
                done, _ = ray.wait(list(running), num_returns=1)
                for ref in done:
                    index = running.pop(ref)
                    slots[index] = self._collect(ray, ref, index)
                    progress.advance(isinstance(slots[index], ChatFailure))
        except BaseException:
            for ref in running:
                ray.cancel(ref)
            raise
        finally:
            _remove_slot_book(ray, slots_name)
        return slots  # type: ignore[return-value]  (every index is filled once the queue is drained)

    @staticmethod
    def _collect(ray: Any, ref: Any, index: int) -> Slot:
        """The task's slot; a task Ray gave up on (worker lost after all retries) becomes its failure."""
        try:
            return ray.get(ref)
        except Exception as exc:
            return _travels(failure_from(index, exc))
