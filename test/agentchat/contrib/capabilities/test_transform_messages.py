"""TransformMessages: transforms applied to what an agent sends to its LLM, not to what it stores."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

import pytest

from autogen import AssistantAgent, ConversableAgent
from autogen.agentchat.contrib.capabilities.agent_capability import AgentCapability
from autogen.agentchat.contrib.capabilities.transform_messages import TransformMessages
from autogen.agentchat.contrib.capabilities.transforms import MessageHistoryLimiter, MessageTokenLimiter
from autogen.testing import Reply


class Redact:
    """A user-written transform (duck-typed MessageTransform) that hides a secret word."""

    def apply_transform(self, messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        redacted = []
        for message in messages:
            message = dict(message)
            if isinstance(message.get("content"), str):
                message["content"] = message["content"].replace("s3cret", "[REDACTED]")
            redacted.append(message)
        return redacted

    def get_logs(self, pre: List[Dict[str, Any]], post: List[Dict[str, Any]]) -> Tuple[str, bool]:
        changed = pre != post
        return ("Redacted a secret." if changed else "Nothing to redact."), changed


def test_long_history_is_limited_before_the_request(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.responder = lambda body: Reply.text("ok")
    assistant = AssistantAgent("assistant", llm_config=llm_config, max_consecutive_auto_reply=1)
    user = ConversableAgent("user", llm_config=False, human_input_mode="NEVER", max_consecutive_auto_reply=0)
    TransformMessages(
        transforms=[
            MessageHistoryLimiter(max_messages=6),
            MessageTokenLimiter(max_tokens=24, max_tokens_per_message=4),
        ]
    ).add_to_agent(assistant)
    minutes = "agenda item discussed at length " * 150
    for turn in range(600):
        speaker, listener = (assistant, user) if turn % 2 else (user, assistant)
        speaker.send(minutes, listener, request_reply=False, silent=True)
    user.initiate_chat(assistant, message="book a room", clear_history=False, silent=True)
    sent = llm_server.chat_requests[0].messages
    assert sent[0]["role"] == "system" and sent[0]["content"] == assistant.system_message
    assert len(sent) <= 7
    assert sent[-1]["content"] == "book a room"
    assert all(len(m["content"]) < 40 for m in sent[1:])  # every old message was cut to a few tokens
    assert len(assistant.chat_messages[user]) == 602  # the stored history is untouched


def test_system_message_is_kept_and_input_not_mutated() -> None:
    capability = TransformMessages(transforms=[MessageHistoryLimiter(max_messages=1)], verbose=False)
    messages = [
        {"role": "system", "content": "Keep answers under fifty words."},
        {"role": "user", "content": "draft the invitation"},
        {"role": "user", "content": "make it friendlier"},
    ]
    result = capability._transform_messages(messages)
    assert result == [
        {"role": "system", "content": "Keep answers under fifty words."},
        {"role": "user", "content": "make it friendlier"},
    ]
    assert len(messages) == 3


def test_transforms_run_in_order_and_log(scripted_io: Any) -> None:
    capability = TransformMessages(transforms=[Redact(), MessageHistoryLimiter(max_messages=5)])
    result = capability._transform_messages([{"role": "user", "content": "my s3cret"}])
    assert result == [{"role": "user", "content": "my [REDACTED]"}]
    assert "Redacted a secret." in scripted_io.text
    assert "No messages were removed." not in scripted_io.text


def test_quiet_transforms_print_nothing(scripted_io: Any) -> None:
    capability = TransformMessages(transforms=[Redact()], verbose=False)
    capability._transform_messages([{"role": "user", "content": "my s3cret"}])
    assert scripted_io.text == ""


def test_empty_message_list_is_an_error() -> None:
    with pytest.raises(IndexError):
        TransformMessages(transforms=[])._transform_messages([])


def test_capability_registers_hook(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("fine"))
    agent = ConversableAgent("agent", llm_config=llm_config, human_input_mode="NEVER")
    capability = TransformMessages(transforms=[Redact()], verbose=False)
    capability.add_to_agent(agent)
    assert capability._transform_messages in agent.hook_lists["process_all_messages_before_reply"]
    reply = agent.generate_reply(messages=[{"role": "user", "content": "the s3cret plan"}])
    assert reply == "fine"
    assert llm_server.chat_requests[0].messages[-1]["content"] == "the [REDACTED] plan"


def test_agent_capability_base() -> None:
    with pytest.raises(NotImplementedError):
        AgentCapability().add_to_agent(ConversableAgent("a", llm_config=False))

    class Greeter(AgentCapability):
        def add_to_agent(self, agent: ConversableAgent) -> None:
            agent.register_reply([ConversableAgent, None], lambda *a, **k: (True, "hello"), position=2)

    agent = ConversableAgent("a", llm_config=False, human_input_mode="NEVER")
    Greeter().add_to_agent(agent)
    assert agent.generate_reply(messages=[{"role": "user", "content": "hi"}], sender=None) == "hello"
