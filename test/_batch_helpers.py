"""Conversations for the batch tests: a task factory Ray workers can import, and a model whose answers follow
from the request alone (so that 200 chats at once get the same answers as one at a time).

Tasks are dicts: ``{"topic": str, "config_list": [...], "turns": int}`` plus optional ``"redis_url"``,
``"cache_seed"``, ``"silent"``, ``"log_pid_to"`` (a Redis list that records which process ran the task) and ``"fail_in_factory"``.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any, Dict, List, Optional

from autogen import ConversableAgent
from autogen.agentchat.chat import ChatResult
from autogen.batch import shared_http_client
from autogen.cache import Cache
from autogen.testing import Reply

REJECT_WORD = "forbidden"  # a conversation that mentions it gets HTTP 400 from the model


def answer_for(body: Dict[str, Any], delay: float = 0.0) -> Reply:
    """The model's answer: a digest of what it was sent, so a different history gives a different answer."""
    messages = body.get("messages", [])
    last = str(messages[-1].get("content") if messages else "")
    if REJECT_WORD in last:
        return Reply.error(400, f"the model refuses to talk about {REJECT_WORD} things")
    digest = hashlib.sha256(repr([(m.get("role"), m.get("content")) for m in messages]).encode()).hexdigest()[:10]
    speaker = str(messages[0].get("content", "")).split()[-1] if messages else "?"
    return Reply.text(f"{speaker} says {digest} after {len(messages)} messages", delay=delay)


def slow_responder(delay: float) -> Any:
    """A responder that answers like `answer_for`, `delay` seconds late (to keep workers busy)."""
    return lambda body: answer_for(body, delay)


def make_chat(task: Dict[str, Any]) -> Dict[str, Any]:
    """The task factory: two LLM agents discussing the task's topic for `turns` rounds."""
    if task.get("fail_in_factory"):
        raise ValueError(f"no agents for {task['topic']!r}")
    if task.get("log_pid_to"):
        import redis

        redis.Redis.from_url(task["redis_url"]).rpush(task["log_pid_to"], os.getpid())
    config_list = [{**entry, "http_client": shared_http_client()} for entry in task["config_list"]]
    llm_config = {"config_list": config_list, "cache_seed": None}
    first = ConversableAgent("first", system_message="You are first", llm_config=llm_config, human_input_mode="NEVER")
    second = ConversableAgent(
        "second", system_message="You are second", llm_config=llm_config, human_input_mode="NEVER"
    )
    chat: Dict[str, Any] = {
        "sender": first,
        "recipient": second,
        "message": f"Let us talk about {task['topic']}.",
        "max_turns": task.get("turns", 2),
        "summary_method": "last_msg",
    }
    if "silent" in task:
        chat["silent"] = task["silent"]
    if task.get("redis_url") and task.get("cache_seed") is not None:
        chat["cache"] = Cache.redis(task["cache_seed"], task["redis_url"])
    return chat


def tasks_for(config_list: List[Dict[str, Any]], count: int, **extra: Any) -> List[Dict[str, Any]]:
    """`count` tasks on distinct topics."""
    return [{"topic": f"topic number {i}", "config_list": config_list, **extra} for i in range(count)]


def one_by_one(tasks: List[Dict[str, Any]]) -> List[Optional[ChatResult]]:
    """The 0.2 way, for reference: each chat with the plain `initiate_chat`, one after another."""
    results: List[Optional[ChatResult]] = []
    for task in tasks:
        chat = make_chat(task)
        sender, recipient = chat.pop("sender"), chat.pop("recipient")
        results.append(sender.initiate_chat(recipient, silent=True, **chat))
    return results
