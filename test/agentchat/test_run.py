"""`run()` / `a_run()`: the events of a chat read live, its outcome, console rendering and input requests."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any, Dict, List

import pytest

from autogen import AssistantAgent, GroupChat, GroupChatManager, UserProxyAgent
from autogen.io.base import IOStream
from autogen.testing import LoopbackLLMServer


def _pair(llm_server: Any, **user: Any) -> tuple:
    config = {"config_list": llm_server.config_list(), "cache_seed": None}
    settings = {"human_input_mode": "NEVER", "code_execution_config": False, **user}
    return AssistantAgent("helper", llm_config=config), UserProxyAgent("boss", **settings)


def _collect_until(events: Any, kind: str) -> List[Any]:
    seen = []
    for event in events:
        seen.append(event)
        if event.type == kind:
            break
    return seen


def test_a_consumer_thread_reads_events_before_the_second_model_call_is_answered(llm_server, reply):
    gate = threading.Event()
    llm_server.script(reply.text("first"), reply(content="second", hold=gate))
    assistant, user = _pair(llm_server, default_auto_reply="more")
    response = user.run(assistant, message="go", max_turns=2)
    seen: List[Any] = []
    consumer = threading.Thread(target=lambda: seen.extend(_collect_until(response.events, "model_call_end")))
    consumer.start()
    consumer.join(30)
    assert not gate.is_set() and seen[-1].type == "model_call_end"
    assert [e.type for e in seen][:2] == ["chat_start", "message_sent"]
    gate.set()
    rest = [e.type for e in response.events]
    assert rest[-1] == "run_complete"
    assert response.summary == "second"


def test_an_asyncio_task_reads_a_run_events_live(llm_server, reply):
    gate = threading.Event()
    llm_server.script(reply.text("first"), reply(content="second", hold=gate))
    assistant, user = _pair(llm_server, default_auto_reply="more")

    async def main() -> List[str]:
        response = await user.a_run(assistant, message="go", max_turns=2)
        kinds = []
        async for event in response.events:
            kinds.append(event.type)
            if event.type == "model_call_end" and not gate.is_set():
                assert kinds.count("model_call_end") == 1
                gate.set()
        await response.a_wait()
        assert response.summary == "second"
        return kinds

    kinds = asyncio.run(asyncio.wait_for(main(), 60))
    assert kinds.count("model_call_end") == 2 and kinds[-1] == "run_complete"


def test_run_gives_summary_messages_cost_and_last_speaker(llm_server, reply):
    llm_server.script(reply.text("done", usage={"prompt_tokens": 3, "completion_tokens": 2}))
    assistant, user = _pair(llm_server)
    response = user.run(assistant, message="hi", max_turns=1)
    assert response.summary == "done"
    assert [m["content"] for m in response.messages] == ["hi", "done"]
    assert response.cost["usage_including_cached_inference"]["total_cost"] >= 0
    assert response.last_speaker is None or response.last_speaker == "helper"
    assert response.chat_result.chat_history == response.messages


def test_run_of_a_group_chat_names_the_last_speaker(llm_server, reply):
    llm_server.script(reply.text("alice here"), reply.text("bob here"))
    config = {"config_list": llm_server.config_list(), "cache_seed": None}
    alice, bob = AssistantAgent("alice", llm_config=config), AssistantAgent("bob", llm_config=config)
    user = UserProxyAgent("boss", human_input_mode="NEVER", code_execution_config=False)
    manager = GroupChatManager(
        GroupChat([user, alice, bob], messages=[], max_round=3, speaker_selection_method="round_robin")
    )
    response = user.run(manager, message="start")
    assert response.last_speaker == "bob"
    assert "speaker_selection_end" in [e.type for e in response.events]


def test_a_failing_chat_ends_the_stream_with_an_error_event_and_raises_on_the_result(llm_server, reply):
    llm_server.script(reply.error(400, "refused"))
    assistant, user = _pair(llm_server)
    response = user.run(assistant, message="hi", max_turns=1)
    kinds = [e.type for e in response.events]
    assert kinds[-1] == "error"
    with pytest.raises(Exception, match="refused"):
        _ = response.summary


class _Captured:
    def __init__(self, answers: List[str] | None = None) -> None:
        self.parts: List[str] = []
        self.answers = list(answers or [])
        self.prompts: List[str] = []

    def print(self, *objects: Any, sep: str = " ", end: str = "\n", flush: bool = False) -> None:
        self.parts.append(sep.join(map(str, objects)) + end)

    def input(self, prompt: str = "", *, password: bool = False) -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0) if self.answers else ""


def _tool_chat(llm_server: Any, reply: Any, tmp_path: Path) -> tuple:
    llm_server.script(
        reply.tool_call("add", {"a": 2, "b": 3}),
        reply.text("```python\nprint('code ran')\n```"),
        reply.text("all done TERMINATE"),
    )
    assistant, user = _pair(
        llm_server,
        code_execution_config={"work_dir": str(tmp_path), "use_docker": False},
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    def add(a: int, b: int) -> int:
        return a + b

    assistant.register_for_llm(description="add two numbers")(add)
    user.register_for_execution()(add)
    return assistant, user


def test_console_rendered_from_run_events_is_byte_identical_to_initiate_chat(reply, tmp_path):
    direct, rendered = _Captured(), _Captured()
    with LoopbackLLMServer() as server:  # a fresh server each time: tool-call ids count its requests
        assistant, user = _tool_chat(server, reply, tmp_path)
        with IOStream.set_default(direct):
            user.initiate_chat(assistant, message="add 2 and 3, then run code")
    with LoopbackLLMServer() as server:
        assistant, user = _tool_chat(server, reply, tmp_path)
        user.run(assistant, message="add 2 and 3, then run code").process(rendered)
    assert "".join(rendered.parts) == "".join(direct.parts)
    assert "EXECUTING FUNCTION add" in "".join(direct.parts) and "EXECUTING CODE BLOCK" in "".join(direct.parts)


def _group_responder(body: Dict[str, Any]) -> Any:
    """Speaker selection names bob when alice spoke last (else alice); members say who they are."""
    from autogen.testing import Reply

    messages = body["messages"]
    if "role-play" in str(messages[0].get("content")):
        return Reply.text("bob" if "I am alice" in str(messages) else "alice")
    return Reply.text(f"I am {str(messages[0].get('content')).split()[-1].rstrip('.')}")


def _group_chat(server: LoopbackLLMServer) -> tuple:
    server.responder = _group_responder
    config = {"config_list": server.config_list(), "cache_seed": None}
    alice = AssistantAgent("alice", llm_config=config, system_message="You are alice.")
    bob = AssistantAgent("bob", llm_config=config, system_message="You are bob.")
    user = UserProxyAgent("boss", human_input_mode="NEVER", code_execution_config=False)
    group = GroupChat([user, alice, bob], messages=[], max_round=4, speaker_selection_method="auto")
    return user, GroupChatManager(group, llm_config=config)


def test_console_of_a_group_chat_rendered_from_run_events_is_byte_identical_to_initiate_chat():
    direct, rendered = _Captured(), _Captured()
    with LoopbackLLMServer() as server:
        user, manager = _group_chat(server)
        with IOStream.set_default(direct):
            user.initiate_chat(manager, message="introduce yourselves")
    with LoopbackLLMServer() as server:
        user, manager = _group_chat(server)
        user.run(manager, message="introduce yourselves").process(rendered)
    assert "".join(rendered.parts) == "".join(direct.parts)
    assert "Next speaker: alice" in "".join(direct.parts) and "Next speaker: bob" in "".join(direct.parts)


def test_run_prints_nothing_to_the_console_while_it_runs(llm_server, reply):
    console = _Captured()
    llm_server.script(reply.text("quiet"))
    assistant, user = _pair(llm_server)
    with IOStream.set_default(console):
        response = user.run(assistant, message="hi", max_turns=1)
        response.wait(30)
    assert console.parts == []
    assert [e.type for e in response.events].count("message_received") == 2


_ALWAYS_CHAT = textwrap.dedent(
    """
    import os, sys
    from autogen import AssistantAgent, UserProxyAgent
    from autogen.events import render
    base_url = os.environ["LOOPBACK_URL"]
    config = {"config_list": [{"model": "gpt-4", "api_key": "k", "base_url": base_url}], "cache_seed": None}
    assistant = AssistantAgent("helper", llm_config=config)
    user = UserProxyAgent("boss", human_input_mode="ALWAYS", code_execution_config=False)
    if sys.argv[1] == "stdin":
        user.initiate_chat(assistant, message="start")
    else:
        answers = ["tell me more", "", "exit"]
        response = user.run(assistant, message="start")
        for event in response.events:
            if event.type == "input_request":
                print(event.prompt, end="", flush=True)
                event.respond(answers.pop(0))
            else:
                render(event)
    """
)


def _run_script(tmp_path: Path, llm_server: Any, reply: Any, mode: str, stdin: str) -> str:
    llm_server.script(reply.text("answer one"), reply.text("answer two"))
    script = tmp_path / "always_chat.py"
    script.write_text(_ALWAYS_CHAT)
    env = {**os.environ, "LOOPBACK_URL": llm_server.base_url, "PYTHONPATH": str(Path(__file__).parents[2])}
    done = subprocess.run(
        [sys.executable, str(script), mode], input=stdin, capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_always_mode_through_run_gives_the_stdin_transcript(llm_server, reply, tmp_path):
    via_stdin = _run_script(tmp_path, llm_server, reply, "stdin", "tell me more\n\nexit\n")
    stdin_requests: List[Dict[str, Any]] = [r.messages for r in llm_server.chat_requests]
    llm_server.reset()
    via_run = _run_script(tmp_path, llm_server, reply, "run", "")
    assert via_run == via_stdin
    assert [r.messages for r in llm_server.chat_requests] == stdin_requests
    assert "Replying as boss" in via_stdin
