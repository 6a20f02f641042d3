"""'auto' speaker selection: the internal checking/selector chat against the loopback LLM server."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

import pytest

from autogen import ConversableAgent, GroupChat, GroupChatManager
from autogen.agentchat.contrib.capabilities import transform_messages, transforms
from autogen.testing import Reply


def offline_agent(name: str, reply: Any = None, **kwargs: Any) -> ConversableAgent:
    kwargs.setdefault("human_input_mode", "NEVER")
    kwargs.setdefault("llm_config", False)
    kwargs.setdefault("max_consecutive_auto_reply", 100)
    reply = reply if reply is not None else f"This is {name} speaking."
    return ConversableAgent(name, default_auto_reply=reply, description=f"{name} is a team member.", **kwargs)


def names(messages: List[Dict[str, Any]]) -> List[str]:
    return [m.get("name") for m in messages]


def group(llm_config: Dict[str, Any], max_round: int = 2, **kwargs: Any) -> tuple:
    alice, bob, sam = offline_agent("alice"), offline_agent("bob"), offline_agent("sam")
    gc = GroupChat([alice, bob, sam], [], max_round=max_round, **kwargs)
    manager = GroupChatManager(gc, llm_config=llm_config)
    return gc, manager, alice, bob, sam


def test_reply_with_exact_name_selects_it(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("sam"))
    gc, manager, alice, bob, sam = group(llm_config)
    alice.initiate_chat(manager, message="Who should go next?")
    assert names(gc.messages) == ["alice", "sam"]
    assert len(llm_server.chat_requests) == 1


def test_selection_request_contents(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("sam"))
    gc, manager, alice, bob, sam = group(llm_config)
    alice.initiate_chat(manager, message="Who should go next?")
    sent = llm_server.chat_requests[0].messages
    assert sent[0] == {"role": "system", "content": gc.select_speaker_msg([alice, bob, sam])}
    assert sent[1]["content"] == "Who should go next?" and sent[1]["name"] == "alice"
    assert sent[-1]["role"] == "system"
    assert sent[-1]["content"] == gc.select_speaker_prompt([alice, bob, sam])
    assert sent[-1]["name"] == "checking_agent"
    assert "sam is a team member." in sent[0]["content"]


def test_reply_with_extra_words_selects_the_named_agent(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("I believe bob should speak next."))
    gc, manager, alice, bob, sam = group(llm_config)
    alice.initiate_chat(manager, message="Who should go next?")
    assert names(gc.messages) == ["alice", "bob"]
    assert len(llm_server.chat_requests) == 1


def test_reply_naming_two_agents_is_retried(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("bob or sam"), Reply.text("sam"))
    gc, manager, alice, bob, sam = group(llm_config)
    alice.initiate_chat(manager, message="Who should go next?")
    assert names(gc.messages) == ["alice", "sam"]
    requests = llm_server.chat_requests
    assert len(requests) == 2
    retry = requests[1].messages
    assert retry[-2] == {"role": "assistant", "content": "bob or sam", "name": "speaker_selection_agent"}
    assert retry[-1]["content"] == gc.select_speaker_auto_multiple_template
    assert retry[-1]["role"] == "system"
    assert retry[-1]["name"] == "checking_agent"


def test_reply_naming_nobody_retries_then_falls_back(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("nobody"), Reply.text("still nobody"), Reply.text("no idea"))
    gc, manager, alice, bob, sam = group(llm_config)
    alice.initiate_chat(manager, message="Who should go next?")
    assert names(gc.messages) == ["alice", "bob"]  # next agent after alice
    requests = llm_server.chat_requests
    assert len(requests) == 3
    assert requests[1].messages[-1]["content"] == gc.select_speaker_auto_none_template.format(
        agentlist="['alice', 'bob', 'sam']"
    )


def test_retries_follow_max_retries(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.responder = lambda body: Reply.text("alice and bob")
    gc, manager, alice, bob, sam = group(llm_config, max_retries_for_selecting_speaker=0)
    alice.initiate_chat(manager, message="Who should go next?")
    assert len(llm_server.chat_requests) == 1
    assert names(gc.messages) == ["alice", "bob"]
    llm_server.reset()
    llm_server.responder = lambda body: Reply.text("alice and bob")
    gc, manager, alice, bob, sam = group(llm_config, max_retries_for_selecting_speaker=4)
    alice.initiate_chat(manager, message="Who should go next?")
    assert len(llm_server.chat_requests) == 5


def test_retry_success_after_none(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("hmm"), Reply.text("As the next speaker, alice."))
    gc, manager, alice, bob, sam = group(llm_config)
    bob.initiate_chat(manager, message="Over to someone.")
    assert names(gc.messages) == ["bob", "alice"]
    assert len(llm_server.chat_requests) == 2


def test_auto_llm_config_overrides_manager(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("sam"))
    gc, manager, alice, bob, sam = group(False, select_speaker_auto_llm_config=llm_config)
    alice.initiate_chat(manager, message="Who should go next?")
    assert names(gc.messages) == ["alice", "sam"]
    assert manager.client is None


def test_role_for_select_speaker_messages(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("bob and sam"), Reply.text("sam"))
    gc, manager, alice, bob, sam = group(llm_config, role_for_select_speaker_messages="user")
    alice.initiate_chat(manager, message="Who should go next?")
    assert llm_server.chat_requests[0].messages[-1]["role"] == "user"
    assert llm_server.chat_requests[1].messages[-1]["role"] == "user"


def test_without_prompt_template_last_message_is_resent(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("bob"))
    gc, manager, alice, bob, sam = group(llm_config, select_speaker_prompt_template=None)
    alice.initiate_chat(manager, message="Who should go next?")
    sent = llm_server.chat_requests[0].messages
    assert [m["content"] for m in sent[1:]] == ["Who should go next?", "Who should go next?"]


def test_verbose_prints_selection_attempts(llm_server: Any, llm_config: Dict[str, Any], scripted_io: Any) -> None:
    llm_server.script(Reply.text("nobody"), Reply.text("bob"))
    gc, manager, alice, bob, sam = group(llm_config, select_speaker_auto_verbose=True)
    alice.initiate_chat(manager, message="Who should go next?")
    assert ">>>>>>>> Select speaker attempt #1 failed as it did not include any agent names." in scripted_io.text
    assert ">>>>>>>> Select speaker attempt 2 of 3 successfully selected: bob" in scripted_io.text
    assert "checking_agent (to speaker_selection_agent):" in scripted_io.text


def test_quiet_selection_prints_no_internal_chat(llm_server: Any, llm_config: Dict[str, Any], scripted_io: Any) -> None:
    llm_server.script(Reply.text("bob"))
    gc, manager, alice, bob, sam = group(llm_config)
    alice.initiate_chat(manager, message="Who should go next?")
    assert "speaker_selection_agent" not in scripted_io.text
    assert "\nNext speaker: bob\n" in scripted_io.text


def test_internal_agents_and_client_are_reused(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.responder = lambda body: Reply.text("sam" if body["messages"][-2].get("name") == "bob" else "bob")
    gc, manager, alice, bob, sam = group(llm_config, max_round=6, allow_repeat_speaker=False)
    alice.initiate_chat(manager, message="Let us start.")
    assert names(gc.messages) == ["alice", "bob", "sam", "bob", "sam", "bob"]
    pair = gc._selection_cache.pair
    selector = pair.speaker_selection_agent
    wrapper = selector.client
    openai_client = wrapper._clients[0]
    bob.initiate_chat(manager, message="Again.")
    assert gc._selection_cache.pair is pair
    assert pair.speaker_selection_agent is selector
    assert selector.client is wrapper and wrapper._clients[0] is openai_client
    # each round's internal exchange is dropped: the checking agent only holds the latest one
    assert len(pair.checking_agent.chat_messages[selector]) == 3


def test_selection_transcript_does_not_grow_beyond_the_group(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.responder = lambda body: Reply.text("bob")
    gc, manager, alice, bob, sam = group(llm_config, max_round=5)
    alice.initiate_chat(manager, message="Start.")
    sizes = [len(r.messages) for r in llm_server.chat_requests]
    assert sizes == [3, 4, 5, 6]  # system + transcript so far + prompt


def test_eligible_candidates_limit_the_prompt(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("sam"))
    gc, manager, alice, bob, sam = group(llm_config, allow_repeat_speaker=False)
    alice.initiate_chat(manager, message="Someone else please.")
    sent = llm_server.chat_requests[0].messages
    assert "['bob', 'sam']" in sent[0]["content"] and "alice:" not in sent[0]["content"]


def test_transforms_apply_to_selection_requests(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.responder = lambda body: Reply.text("bob")
    limiter = transforms.MessageHistoryLimiter(max_messages=2)
    capability = transform_messages.TransformMessages(transforms=[limiter], verbose=False)
    gc, manager, alice, bob, sam = group(llm_config, max_round=4, select_speaker_transform_messages=capability)
    alice.initiate_chat(manager, message="Start.")
    assert [len(r.messages) for r in llm_server.chat_requests] == [3, 3, 3]
    assert len(gc.messages) == 4


def test_async_auto_selection(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("alice or sam"), Reply.text("sam"))
    gc, manager, alice, bob, sam = group(llm_config)

    async def chat() -> None:
        await alice.a_initiate_chat(manager, message="Who should go next?")

    asyncio.run(chat())
    assert names(gc.messages) == ["alice", "sam"]
    requests = llm_server.chat_requests
    assert len(requests) == 2
    assert requests[0].messages[-1]["content"] == gc.select_speaker_prompt()


# --------------------------------------------------------------------------- the checking agent's validation


def test_validate_speaker_name_single() -> None:
    gc, manager, alice, bob, sam = group(False)
    messages = [{"content": " bob "}]
    assert gc._validate_speaker_name(None, messages, None, None, 2, 1, gc.agents) == (True, None)
    assert messages[-1] == {"role": "user", "content": "[AGENT SELECTED]bob"}


def test_validate_speaker_name_multiple_with_and_without_attempts() -> None:
    gc, manager, alice, bob, sam = group(False)
    final, reply = gc._validate_speaker_name(None, [{"content": "bob sam"}], None, None, 1, 2, gc.agents)
    assert final is True
    assert reply == {
        "content": gc.select_speaker_auto_multiple_template,
        "name": "checking_agent",
        "override_role": "system",
    }
    messages = [{"content": "bob sam"}]
    assert gc._validate_speaker_name(None, messages, None, None, 0, 3, gc.agents) == (True, None)
    assert messages[-1]["content"] == (
        "[AGENT SELECTION FAILED]Select speaker attempt #3 of 3 failed as it returned multiple names."
    )


def test_validate_speaker_name_none_with_and_without_attempts() -> None:
    gc, manager, alice, bob, sam = group(False, select_speaker_auto_none_template="Only {agentlist}!")
    final, reply = gc._validate_speaker_name(None, [{"content": "?"}], None, None, 1, 2, gc.agents)
    assert reply["content"] == "Only ['alice', 'bob', 'sam']!"
    messages = [{"content": "?"}]
    gc._validate_speaker_name(None, messages, None, None, 0, 3, gc.agents)
    assert messages[-1]["content"] == (
        "[AGENT SELECTION FAILED]Select speaker attempt #3 of 3 failed as it did not include any agent names."
    )


def test_process_speaker_selection_result() -> None:
    gc, manager, alice, bob, sam = group(False)

    class Result:
        def __init__(self, history: List[Dict[str, Any]]) -> None:
            self.chat_history = history

    assert gc._process_speaker_selection_result(Result([{"content": "[AGENT SELECTED]sam"}]), alice, None) is sam
    failed = Result([{"content": "[AGENT SELECTION FAILED]..."}])
    assert gc._process_speaker_selection_result(failed, alice, None) is bob
    assert gc._process_speaker_selection_result(Result([{"content": "garbage"}]), sam, None) is alice
    assert gc._process_speaker_selection_result(Result([]), sam, None) is None


# --------------------------------------------------------------------------- custom model clients


class EchoModelClient:
    """A custom ModelClient that always answers with the name in its config."""

    def __init__(self, config: Dict[str, Any], **kwargs: Any) -> None:
        self.answer = config.get("answer", "bob")

    def create(self, params: Dict[str, Any]) -> Any:
        from types import SimpleNamespace

        message = SimpleNamespace(content=self.answer, function_call=None, tool_calls=None)
        return SimpleNamespace(choices=[SimpleNamespace(message=message)], model="echo", cost=0, usage=None)

    def message_retrieval(self, response: Any) -> List[str]:
        return [choice.message.content for choice in response.choices]

    def cost(self, response: Any) -> float:
        return 0.0

    @staticmethod
    def get_usage(response: Any) -> Dict[str, Any]:
        return {}


def test_internal_agents_use_custom_model_client() -> None:
    config_list = [{"model": "echo", "model_client_cls": "EchoModelClient", "answer": "sam"}]
    gc, manager, alice, bob, sam = group(
        False,
        select_speaker_auto_llm_config={"config_list": config_list},
        select_speaker_auto_model_client_cls=EchoModelClient,
    )
    checking, selector = gc._create_internal_agents(
        agents=[], messages=[], max_attempts=3, validate_speaker_name=lambda *a, **k: (True, None)
    )
    assert isinstance(selector.client._clients[0], EchoModelClient)
    assert selector.client._config_list == config_list
    assert checking.name == "checking_agent" and selector.name == "speaker_selection_agent"


def test_custom_model_client_selects_in_chat() -> None:
    config_list = [{"model": "echo", "model_client_cls": "EchoModelClient", "answer": "sam"}]
    gc, manager, alice, bob, sam = group(
        False,
        select_speaker_auto_llm_config={"config_list": config_list},
        select_speaker_auto_model_client_cls=[EchoModelClient],
    )
    alice.initiate_chat(manager, message="Who?")
    assert names(gc.messages) == ["alice", "sam"]


def test_custom_model_client_missing_class_is_an_error() -> None:
    config = {"config_list": [{"model": "echo", "model_client_cls": "EchoModelClient"}]}
    gc, manager, alice, bob, sam = group(False, select_speaker_auto_llm_config=config)
    with pytest.raises(ValueError, match="no 'model_client_cls' was supplied"):
        gc._create_internal_agents(agents=[], messages=[], max_attempts=1, validate_speaker_name=None)
    gc, manager, alice, bob, sam = group(
        False, select_speaker_auto_llm_config=config, select_speaker_auto_model_client_cls=[ConversableAgent]
    )
    with pytest.raises(ValueError, match="No model's __name__ matches"):
        gc._create_internal_agents(agents=[], messages=[], max_attempts=1, validate_speaker_name=None)


def test_failed_selection_releases_the_internal_agents(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    class FailOnce:
        def __init__(self) -> None:
            self.failed = False

        def apply_transform(self, messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
            if not self.failed:
                self.failed = True
                raise RuntimeError("transform broke")
            return messages

        def get_logs(self, pre: Any, post: Any) -> Any:
            return "", False

    capability = transform_messages.TransformMessages(transforms=[FailOnce()], verbose=False)
    llm_server.responder = lambda body: Reply.text("sam")
    gc, manager, alice, bob, sam = group(llm_config, select_speaker_transform_messages=capability)
    with pytest.raises(RuntimeError, match="transform broke"):
        alice.initiate_chat(manager, message="first try")
    pair = gc._selection_cache.pair
    assert pair.busy is False
    alice.initiate_chat(manager, message="second try")
    assert names(gc.messages) == ["alice", "sam"]
    assert gc._selection_cache.pair is pair


async def test_async_auto_selection_inside_running_loop(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("nobody"), Reply.text("bob"))
    gc, manager, alice, bob, sam = group(llm_config)
    await alice.a_initiate_chat(manager, message="Who should go next?")
    assert names(gc.messages) == ["alice", "bob"]
    assert len(llm_server.chat_requests) == 2


def test_sync_auto_selection_inside_running_loop(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    llm_server.script(Reply.text("sam"))
    gc, manager, alice, bob, sam = group(llm_config)

    async def notebook_cell() -> None:  # a sync chat started from code running in an event loop (Jupyter)
        alice.initiate_chat(manager, message="Who should go next?")

    asyncio.run(notebook_cell())
    assert names(gc.messages) == ["alice", "sam"]


def test_finalize_speaker_warns_when_the_reply_names_nobody(caplog: pytest.LogCaptureFixture) -> None:
    alice, bob = offline_agent("alice"), offline_agent("bob")
    gc = GroupChat([alice, bob], [])
    with caplog.at_level(logging.WARNING, logger="autogen.agentchat.groupchat"):
        assert gc._finalize_speaker(alice, True, "nobody here", None) is bob
    assert caplog.messages == [
        "GroupChat select_speaker failed to resolve the next speaker's name. This is because the speaker selection "
        "OAI call returned:\nnobody here"
    ]


def test_answer_naming_an_agent_whose_name_contains_another_selects_the_longer_name(
    llm_server: Any, llm_config: Dict[str, Any]
) -> None:
    llm_server.script(Reply.text("coder-reviewer"))
    lead, coder, reviewer = offline_agent("lead"), offline_agent("coder"), offline_agent("coder-reviewer")
    gc = GroupChat([lead, coder, reviewer], [], max_round=2)
    lead.initiate_chat(GroupChatManager(gc, llm_config=llm_config), message="Who checks the code?")
    assert names(gc.messages) == ["lead", "coder-reviewer"]
    assert len(llm_server.chat_requests) == 1


def test_auto_selection_on_an_empty_transcript_raises_index_error() -> None:
    alice, bob, sam = offline_agent("alice"), offline_agent("bob"), offline_agent("sam")
    gc = GroupChat([alice, bob, sam], [])
    with pytest.raises(IndexError):
        gc.select_speaker(alice, GroupChatManager(gc, llm_config=False))


class CountingModelClient(EchoModelClient):
    """EchoModelClient that counts how many times it is instantiated."""

    instances = 0

    def __init__(self, config: Dict[str, Any], **kwargs: Any) -> None:
        super().__init__(config, **kwargs)
        CountingModelClient.instances += 1


def test_custom_model_client_is_built_for_every_selection() -> None:
    CountingModelClient.instances = 0
    config_list = [{"model": "echo", "model_client_cls": "CountingModelClient", "answer": "sam"}]
    gc, manager, alice, bob, sam = group(
        False,
        max_round=4,
        allow_repeat_speaker=True,
        select_speaker_auto_llm_config={"config_list": config_list},
        select_speaker_auto_model_client_cls=CountingModelClient,
    )
    alice.initiate_chat(manager, message="Who?")
    assert names(gc.messages) == ["alice", "sam", "sam", "sam"]
    assert CountingModelClient.instances == 3


def test_runtime_logging_records_the_selection_agents_of_every_round(
    llm_server: Any, llm_config: Dict[str, Any]
) -> None:
    import autogen.runtime_logging as runtime_logging

    llm_server.responder = lambda body: Reply.text("bob")
    gc, manager, alice, bob, sam = group(llm_config, max_round=3)
    runtime_logging.start(config={"dbname": ":memory:"})
    try:
        alice.initiate_chat(manager, message="Who?")
        cursor = runtime_logging.get_connection().cursor()
        cursor.execute("SELECT name FROM agents WHERE name = 'speaker_selection_agent'")
        selection_agents = cursor.fetchall()
        cursor.execute("SELECT COUNT(*) FROM oai_wrappers")
        wrappers = cursor.fetchone()[0]
    finally:
        runtime_logging.stop()
    assert len(selection_agents) == 2
    assert wrappers == 2
