"""Saving a chat after turn k and resuming it in a new process gives the uninterrupted run's messages and usage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict

import pytest

from autogen import ConversableAgent
from autogen.agentchat.state import ChatStateError, load_chat, save_chat

TOTAL_TURNS = 4

# Both agents ask the model; the answer names how many messages the request carried, so it is the same
# in every process for the same history.
_CHAT = textwrap.dedent(
    """
    import json, os, sys
    from autogen import ConversableAgent
    from autogen.agentchat.state import resume_chat, save_chat
    config = {"config_list": [{"model": "gpt-4", "api_key": "k", "base_url": os.environ["LOOPBACK_URL"]}],
              "cache_seed": None}
    alice = ConversableAgent("alice", llm_config=config, human_input_mode="NEVER")
    bob = ConversableAgent("bob", llm_config=config, human_input_mode="NEVER")
    mode, turns, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if mode == "start":
        result = alice.initiate_chat(bob, message="count with me", max_turns=turns, silent=True)
        save_chat(alice, bob, path)
    else:
        result = resume_chat(alice, bob, path, max_turns=turns, silent=True)
    print(json.dumps({"history": result.chat_history, "cost": result.cost}))
    """
)


def _responder(body: Dict[str, Any]) -> Any:
    from autogen.testing import Reply

    words = len(body["messages"])
    return Reply.text(f"I saw {words} messages", usage={"prompt_tokens": words, "completion_tokens": 4})


def _run(tmp_path: Path, server: Any, mode: str, turns: int, state: Path) -> Dict[str, Any]:
    script = tmp_path / "chat.py"
    script.write_text(_CHAT)
    env = {**os.environ, "LOOPBACK_URL": server.base_url, "PYTHONPATH": str(Path(__file__).parents[2])}
    done = subprocess.run(
        [sys.executable, str(script), mode, str(turns), str(state)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("k", range(1, TOTAL_TURNS))
def test_resuming_after_turn_k_in_a_new_process_matches_the_uninterrupted_run(llm_server, tmp_path, k):
    llm_server.responder = _responder
    whole = _run(tmp_path, llm_server, "start", TOTAL_TURNS, tmp_path / "whole.json")
    whole_requests = [r.messages for r in llm_server.chat_requests]
    llm_server.requests.clear()
    _run(tmp_path, llm_server, "start", k, tmp_path / "part.json")
    resumed = _run(tmp_path, llm_server, "resume", TOTAL_TURNS, tmp_path / "part.json")
    assert resumed["history"] == whole["history"]
    assert resumed["cost"] == whole["cost"]
    assert [r.messages for r in llm_server.chat_requests] == whole_requests


def _pair() -> tuple:
    a = ConversableAgent("alice", llm_config=False, human_input_mode="NEVER", default_auto_reply="hi")
    b = ConversableAgent("bob", llm_config=False, human_input_mode="NEVER", default_auto_reply="hello")
    return a, b


def test_a_state_of_another_version_is_refused_and_changes_nothing(tmp_path):
    a, b = _pair()
    a.initiate_chat(b, message="first", max_turns=1, silent=True)
    state = save_chat(a, b)
    state["version"] = 0
    fresh_a, fresh_b = _pair()
    fresh_a.initiate_chat(fresh_b, message="kept", max_turns=1, silent=True)
    before = json.dumps(fresh_a.chat_messages[fresh_b])
    with pytest.raises(ChatStateError, match="version 0 is not supported"):
        load_chat(state, [fresh_a, fresh_b])
    assert json.dumps(fresh_a.chat_messages[fresh_b]) == before


def test_a_corrupted_file_gives_a_clear_error_and_changes_nothing(tmp_path):
    a, b = _pair()
    a.initiate_chat(b, message="first", max_turns=1, silent=True)
    path = tmp_path / "state.json"
    save_chat(a, b, path)
    path.write_text(path.read_text()[:-40])
    with pytest.raises(ChatStateError, match="cannot read the saved chat state"):
        load_chat(path, [a, b])
    assert a.chat_messages[b][0]["content"] == "first"


def test_a_state_missing_a_field_is_reported_as_corrupted():
    a, b = _pair()
    a.initiate_chat(b, message="first", max_turns=1, silent=True)
    state = save_chat(a, b)
    del state["agents"]["bob"]["auto_reply_counter"]
    with pytest.raises(ChatStateError, match="corrupted"):
        load_chat(state, [a, b])


def test_a_state_needing_other_agents_is_refused():
    a, b = _pair()
    a.initiate_chat(b, message="first", max_turns=1, silent=True)
    state = save_chat(a, b)
    carol = ConversableAgent("carol", llm_config=False)
    with pytest.raises(ChatStateError, match="bob"):
        load_chat(state, [a, carol])


def test_a_group_chat_state_restores_the_group_messages_and_last_speaker():
    from autogen import GroupChat, GroupChatManager

    def members() -> tuple:
        x = ConversableAgent("x", llm_config=False, human_input_mode="NEVER", default_auto_reply="from x")
        y = ConversableAgent("y", llm_config=False, human_input_mode="NEVER", default_auto_reply="from y")
        chat = GroupChat([x, y], messages=[], max_round=3, speaker_selection_method="round_robin")
        return x, y, GroupChatManager(chat, llm_config=False)

    x, y, manager = members()
    x.initiate_chat(manager, message="go", silent=True)
    state = json.loads(json.dumps(save_chat(x, manager)))
    x2, y2, manager2 = members()
    load_chat(state, [x2, y2, manager2])
    assert manager2.groupchat.messages == manager.groupchat.messages
    assert manager2.last_speaker is {"x": x2, "y": y2}[manager.last_speaker.name]
    assert y2.chat_messages[manager2] == y.chat_messages[manager]


# ---------------------------------------------------------------------------------------------- group chats
GROUP_ROUNDS = 7

# A group of two model-backed members and a human proxy; the saved run is the same code with `max_round=k`.
_GROUP = textwrap.dedent(
    """
    import json, os, sys
    from autogen import ConversableAgent, GroupChat, GroupChatManager, UserProxyAgent
    from autogen.agentchat.state import resume_chat, save_chat
    config = {"config_list": [{"model": "gpt-4", "api_key": "k", "base_url": os.environ["LOOPBACK_URL"]}],
              "cache_seed": None}
    mode, rounds, method, path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    turns = int(sys.argv[5]) or None  # the initiator's max_turns (0: none given)
    boss = UserProxyAgent("boss", human_input_mode="NEVER", code_execution_config=False,
                          default_auto_reply="carry on")
    alice = ConversableAgent("alice", system_message="You are alice.", llm_config=config, human_input_mode="NEVER")
    bob = ConversableAgent("bob", system_message="You are bob.", llm_config=config, human_input_mode="NEVER")
    group = GroupChat([boss, alice, bob], messages=[], max_round=rounds, speaker_selection_method=method)
    manager = GroupChatManager(group, llm_config=config,
                               is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""))
    if mode == "start":
        result = boss.initiate_chat(manager, message="plan the trip", max_turns=turns)
        save_chat(boss, manager, path)
    else:
        result = resume_chat(boss, manager, path, max_turns=turns)
    agents = [boss, alice, bob, manager]
    print(json.dumps({
        "history": result.chat_history, "cost": result.cost, "summary": result.summary,
        "group": group.messages, "last_speaker": manager.last_speaker.name,
        "histories": {a.name: {p.name: m for p, m in a.chat_messages.items()} for a in agents},
        "counters": {a.name: {p.name: n for p, n in a._consecutive_auto_reply_counter.items()} for a in agents},
        "usage": {a.name: a.client and a.client.total_usage_summary for a in agents},
    }))
    """
)


def _group_responder(body: Dict[str, Any]) -> Any:
    """Speaker selection answers a name that depends on the transcript; members say what they saw."""
    from autogen.testing import Reply

    messages = body["messages"]
    if "role-play" in str(messages[0].get("content")):
        return Reply.text(["bob", "alice", "alice", "boss", "bob", "alice", "boss"][len(messages) % 7])
    speaker = str(messages[0].get("content")).split()[-1].rstrip(".")
    text = f"{speaker} saw {len(messages)} messages"
    if speaker == "bob" and len(messages) >= 6:
        text += " TERMINATE"
    return Reply.text(text, usage={"prompt_tokens": len(messages), "completion_tokens": 4})


def _run_group(tmp_path: Path, server: Any, mode: str, rounds: int, method: str, turns: int = 0) -> Dict[str, Any]:
    script = tmp_path / "group.py"
    script.write_text(_GROUP)
    env = {**os.environ, "LOOPBACK_URL": server.base_url, "PYTHONPATH": str(Path(__file__).parents[2])}
    args = [sys.executable, str(script), mode, str(rounds), method, str(tmp_path / "group.json"), str(turns)]
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    *console, last = done.stdout.splitlines(keepends=True)
    return {**json.loads(last), "console": "".join(console), "requests": [r.messages for r in server.chat_requests]}


_WHOLE_GROUP_RUNS: Dict[str, Dict[str, Any]] = {}


def _whole_group_run(tmp_path: Path, server: Any, method: str) -> Dict[str, Any]:
    """The uninterrupted run of `method` (made once per method: the scripted model is deterministic)."""
    if method not in _WHOLE_GROUP_RUNS:
        _WHOLE_GROUP_RUNS[method] = _run_group(tmp_path, server, "start", GROUP_ROUNDS, method)
        server.requests.clear()
    return _WHOLE_GROUP_RUNS[method]


@pytest.mark.parametrize("method", ["round_robin", "auto"])
@pytest.mark.parametrize("k", range(1, GROUP_ROUNDS))
def test_a_group_chat_saved_after_round_k_resumes_in_a_new_process_as_the_uninterrupted_run(
    llm_server, tmp_path, k, method
):
    llm_server.responder = _group_responder
    whole = _whole_group_run(tmp_path, llm_server, method)
    part = _run_group(tmp_path, llm_server, "start", k, method)
    resumed = _run_group(tmp_path, llm_server, "resume", GROUP_ROUNDS, method)
    for key in ("history", "cost", "summary", "group", "last_speaker", "histories", "counters", "usage", "requests"):
        assert resumed[key] == whole[key], key
    assert part["console"] + resumed["console"] == whole["console"]


OUTER_TURNS = 3


@pytest.mark.parametrize("k", range(1, OUTER_TURNS))
def test_a_group_chat_saved_after_outer_turn_k_resumes_its_remaining_turns_as_the_uninterrupted_run(
    llm_server, tmp_path, k
):
    # Each of the initiator's turns is a whole group run (ended by TERMINATE or max_round); resuming with
    # max_turns goes on with the initiator's next turn, not with the group run that had ended.
    llm_server.responder = _group_responder
    whole = _run_group(tmp_path, llm_server, "start", 4, "round_robin", OUTER_TURNS)
    llm_server.requests.clear()
    part = _run_group(tmp_path, llm_server, "start", 4, "round_robin", k)
    assert json.loads((tmp_path / "group.json").read_text())["turns_done"] == k
    llm_server.requests.clear()
    resumed = _run_group(tmp_path, llm_server, "resume", 4, "round_robin", OUTER_TURNS)
    assert len(part["history"]) < len(resumed["history"])
    for key in ("history", "cost", "summary", "group", "last_speaker", "histories", "counters", "usage"):
        assert resumed[key] == whole[key], key
    assert part["console"] + resumed["console"] == whole["console"]


def _plain_group(max_round: int) -> tuple:
    from autogen import GroupChat, GroupChatManager

    x = ConversableAgent("x", llm_config=False, human_input_mode="NEVER", default_auto_reply="from x")
    y = ConversableAgent("y", llm_config=False, human_input_mode="NEVER", default_auto_reply="from y")
    chat = GroupChat([x, y], messages=[], max_round=max_round, speaker_selection_method="round_robin")
    return x, y, GroupChatManager(chat, llm_config=False)


def test_an_async_group_chat_resumes_with_a_resume_chat_as_the_uninterrupted_async_run():
    import asyncio

    from autogen.agentchat.state import a_resume_chat

    x, _, manager = _plain_group(5)
    whole = asyncio.run(x.a_initiate_chat(manager, message="go", silent=True))
    x2, _, part_manager = _plain_group(2)
    asyncio.run(x2.a_initiate_chat(part_manager, message="go", silent=True))
    state = json.loads(json.dumps(save_chat(x2, part_manager)))
    x3, y3, manager3 = _plain_group(5)
    resumed = asyncio.run(a_resume_chat(x3, manager3, state, silent=True))
    assert resumed.chat_history == whole.chat_history
    assert manager3.groupchat.messages == manager.groupchat.messages


def test_resuming_a_two_agent_chat_without_max_turns_is_refused_before_loading():
    from autogen.agentchat.state import resume_chat

    a, b = _pair()
    a.initiate_chat(b, message="first", max_turns=1, silent=True)
    state = save_chat(a, b)
    fresh_a, fresh_b = _pair()
    with pytest.raises(ValueError, match="max_turns"):
        resume_chat(fresh_a, fresh_b, state)
    assert fresh_a.chat_messages == {}
