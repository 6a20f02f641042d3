"""GroupChat construction, validation, simple members, and offline speaker selection in group chats."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any, Dict, List

import pytest

import autogen
from autogen import Agent, ConversableAgent, GroupChat, GroupChatManager
from autogen.exception_utils import AgentNameConflict, NoEligibleSpeaker, UndefinedNextAgent


def offline_agent(name: str, reply: Any = None, **kwargs: Any) -> ConversableAgent:
    """An agent without LLM answering every message with `reply` (default "This is <name> speaking.")."""
    kwargs.setdefault("human_input_mode", "NEVER")
    kwargs.setdefault("llm_config", False)
    kwargs.setdefault("max_consecutive_auto_reply", 100)
    reply = reply if reply is not None else f"This is {name} speaking."
    return ConversableAgent(name, default_auto_reply=reply, **kwargs)


def names(messages: List[Dict[str, Any]]) -> List[str]:
    return [m.get("name") for m in messages]


def trio(**kwargs: Any) -> List[ConversableAgent]:
    return [offline_agent("alice", **kwargs), offline_agent("bob", **kwargs), offline_agent("sam", **kwargs)]


def run(agents: List[ConversableAgent], message: Any = "This is alice speaking.", **gc_kwargs: Any) -> GroupChat:
    gc_kwargs.setdefault("max_round", 6)
    groupchat = GroupChat(agents=agents, messages=[], **gc_kwargs)
    manager = GroupChatManager(groupchat=groupchat, llm_config=False)
    agents[0].initiate_chat(manager, message=message)
    return groupchat


# --------------------------------------------------------------------------- the dataclass


def test_exported_from_autogen_and_agentchat() -> None:
    assert autogen.GroupChat is autogen.agentchat.GroupChat is GroupChat
    assert autogen.GroupChatManager is autogen.agentchat.GroupChatManager is GroupChatManager


def test_field_order_and_defaults() -> None:
    fields = [f.name for f in dataclasses.fields(GroupChat)]
    assert fields[:12] == [
        "agents",
        "messages",
        "max_round",
        "admin_name",
        "func_call_filter",
        "speaker_selection_method",
        "max_retries_for_selecting_speaker",
        "allow_repeat_speaker",
        "allowed_or_disallowed_speaker_transitions",
        "speaker_transitions_type",
        "enable_clear_history",
        "send_introductions",
    ]
    assert fields[-1] == "allowed_speaker_transitions_dict"
    gc = GroupChat(trio(), [])
    assert (gc.max_round, gc.admin_name, gc.func_call_filter, gc.speaker_selection_method) == (
        10,
        "Admin",
        True,
        "auto",
    )
    assert gc.max_retries_for_selecting_speaker == 2
    assert gc.allow_repeat_speaker is True
    assert gc.role_for_select_speaker_messages == "system"
    assert gc.select_speaker_auto_verbose is False
    assert GroupChat._VALID_SPEAKER_SELECTION_METHODS == ["auto", "manual", "random", "round_robin"]


def test_messages_is_required() -> None:
    with pytest.raises(TypeError):
        GroupChat(agents=trio())  # type: ignore[call-arg]


def test_default_templates_have_placeholders() -> None:
    gc = GroupChat(trio(), [])
    assert "{roles}" in gc.select_speaker_message_template
    assert "{agentlist}" in gc.select_speaker_message_template
    assert "{agentlist}" in gc.select_speaker_prompt_template
    assert "{agentlist}" in gc.select_speaker_auto_none_template
    assert GroupChat.DEFAULT_INTRO_MSG


def test_default_transitions_include_self_loops() -> None:
    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [])
    assert gc.allowed_speaker_transitions_dict == {
        alice: [bob, sam, alice],
        bob: [alice, sam, bob],
        sam: [alice, bob, sam],
    }


def test_transitions_without_repeat() -> None:
    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [], allow_repeat_speaker=False)
    assert gc.allowed_speaker_transitions_dict[alice] == [bob, sam]
    gc = GroupChat([alice, bob, sam], [], allow_repeat_speaker=[bob])
    assert gc.allowed_speaker_transitions_dict[bob] == [alice, sam, bob]
    assert gc.allowed_speaker_transitions_dict[sam] == [alice, bob]


def test_allowed_transitions_dict_used_as_given() -> None:
    alice, bob, sam = trio()
    graph = {alice: [bob], bob: [sam], sam: [alice]}
    gc = GroupChat(
        [alice, bob, sam], [], allowed_or_disallowed_speaker_transitions=graph, speaker_transitions_type="allowed"
    )
    assert gc.allowed_speaker_transitions_dict is graph
    assert gc.allow_repeat_speaker is None


def test_disallowed_transitions_are_inverted_case_insensitively() -> None:
    alice, bob, sam = trio()
    gc = GroupChat(
        [alice, bob, sam],
        [],
        allowed_or_disallowed_speaker_transitions={alice: [bob]},
        speaker_transitions_type="DISallowed",
    )
    assert gc.speaker_transitions_type == "disallowed"
    assert gc.allowed_speaker_transitions_dict[alice] == [alice, sam]
    assert gc.allowed_speaker_transitions_dict[bob] == [alice, bob, sam]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"allow_repeat_speaker": {}}, "GroupChat allow_repeat_speaker should be a bool or a list of Agents."),
        ({"speaker_transitions_type": "a"}, "speaker_transitions_type is set to 'a'"),
        ({"transitions": True}, "Please set speaker_transitions_type to either 'allowed' or 'disallowed'"),
        (
            {"transitions": True, "speaker_transitions_type": "allowed", "allow_repeat_speaker": False},
            "Don't provide both",
        ),
        ({"select_speaker_message_template": ""}, "select_speaker_message_template cannot be empty or None."),
        ({"select_speaker_message_template": None}, "select_speaker_message_template cannot be empty or None."),
        ({"role_for_select_speaker_messages": ""}, "role_for_select_speaker_messages cannot be empty or None."),
        ({"role_for_select_speaker_messages": None}, "role_for_select_speaker_messages cannot be empty or None."),
        (
            {"select_speaker_auto_multiple_template": ""},
            "select_speaker_auto_multiple_template cannot be empty or None.",
        ),
        ({"select_speaker_auto_none_template": None}, "select_speaker_auto_none_template cannot be empty or None."),
        ({"max_retries_for_selecting_speaker": None}, "role_for_select_speaker_messages cannot be empty or None."),
        ({"max_retries_for_selecting_speaker": "2"}, "max_retries_for_selecting_speaker cannot be None or non-int"),
        ({"max_retries_for_selecting_speaker": -1}, "must be greater than or equal to zero"),
        ({"select_speaker_auto_verbose": None}, "select_speaker_auto_verbose cannot be None or non-bool"),
        (
            {"select_speaker_transform_messages": []},
            "select_speaker_transform_messages must be None or MessageTransforms.",
        ),
    ],
)
def test_validation_errors(kwargs: Dict[str, Any], message: str) -> None:
    agents = trio()
    if kwargs.pop("transitions", False):
        kwargs["allowed_or_disallowed_speaker_transitions"] = {agents[0]: [agents[1]]}
    with pytest.raises(ValueError) as info:
        GroupChat(agents, [], **kwargs)
    assert message in str(info.value)


def test_empty_prompt_template_becomes_none() -> None:
    gc = GroupChat(trio(), [], select_speaker_prompt_template="")
    assert gc.select_speaker_prompt_template is None
    assert gc.select_speaker_prompt() is None
    assert GroupChat(trio(), [], select_speaker_prompt_template=None).select_speaker_prompt() is None


def test_selection_method_is_not_validated_until_used() -> None:
    gc = GroupChat(trio(), [], speaker_selection_method="wrong")
    assert gc.speaker_selection_method == "wrong"
    with pytest.raises(ValueError, match="speaker_selection_method is set to 'wrong'"):
        run(trio(), speaker_selection_method="wrong")


def test_transforms_are_accepted() -> None:
    from autogen.agentchat.contrib.capabilities import transform_messages, transforms

    capability = transform_messages.TransformMessages(transforms=[transforms.MessageHistoryLimiter(max_messages=3)])
    gc = GroupChat(trio(), [], select_speaker_transform_messages=capability)
    assert gc._speaker_selection_transforms is capability
    assert GroupChat(trio(), [])._speaker_selection_transforms is None


# --------------------------------------------------------------------------- simple members


def test_append_stamps_name_and_stringifies_content() -> None:
    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [])
    message = {
        "role": "user",
        "content": [{"type": "text", "text": "look"}, {"type": "image_url", "image_url": {"url": "u"}}],
    }
    gc.append(message, bob)
    assert gc.messages[0] is message
    assert message == {"role": "user", "content": "look<image>", "name": "bob"}
    function_result = {"role": "function", "name": "f", "content": "1"}
    gc.append(function_result, sam)
    assert function_result["name"] == "f"


def test_reset_clears_messages() -> None:
    gc = GroupChat(trio(), [{"role": "user", "content": "x"}])
    gc.reset()
    assert gc.messages == []


def test_agent_names_and_agent_by_name() -> None:
    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [])
    assert gc.agent_names == ["alice", "bob", "sam"]
    assert gc.agent_by_name("bob") is bob
    assert gc.agent_by_name("nobody") is None


def test_agent_by_name_conflicts_and_recursion() -> None:
    user = offline_agent("user")
    team1 = [offline_agent("a"), offline_agent("b")]
    team2 = [offline_agent("a"), offline_agent("c")]
    manager1 = GroupChatManager(GroupChat(team1, []), name="m1", llm_config=False)
    manager2 = GroupChatManager(GroupChat(team2, []), name="m2", llm_config=False)
    top = GroupChat([user, manager1, manager2], [])
    assert len(top.nested_agents()) == 7
    assert top.agent_by_name("a") is None
    assert top.agent_by_name("a", recursive=True) is team1[0]
    assert top.agent_by_name("c", recursive=True) is team2[1]
    with pytest.raises(AgentNameConflict):
        top.agent_by_name("a", recursive=True, raise_on_name_conflict=True)
    assert top.agent_by_name("c", recursive=True, raise_on_name_conflict=True) is team2[1]


def test_next_agent() -> None:
    a1, a2, a3 = offline_agent("a1"), offline_agent("a2"), offline_agent("a3")
    outsider = offline_agent("outsider")
    gc = GroupChat([a1, a2, a3], [])
    assert gc.next_agent(a1) is a2
    assert gc.next_agent(a3) is a1
    assert gc.next_agent(a2, [a1, a3]) is a3
    assert gc.next_agent(outsider, [a1, a3]) is a1
    with pytest.raises(UndefinedNextAgent):
        gc.next_agent(a1, [a2, outsider])


def test_select_speaker_msg_uses_descriptions() -> None:
    alice = offline_agent("alice", description="Alice writes stories.")
    bob = offline_agent("bob", system_message="Bob checks facts.")
    gc = GroupChat([alice, bob], [])
    text = gc.select_speaker_msg()
    assert "alice: Alice writes stories." in text
    assert "bob: Bob checks facts." in text
    assert "['alice', 'bob']" in text
    assert "['alice', 'bob']" in gc.select_speaker_prompt()


def test_custom_templates_are_formatted() -> None:
    alice, bob = offline_agent("alice", description="A"), offline_agent("bob", description="B")
    gc = GroupChat(
        [alice, bob],
        [],
        select_speaker_message_template="Roles:\n{roles}\nPick from {agentlist}.",
        select_speaker_prompt_template="Now pick one of {agentlist}!",
    )
    assert gc.select_speaker_msg() == "Roles:\nalice: A\nbob: B\nPick from ['alice', 'bob']."
    assert gc.select_speaker_prompt() == "Now pick one of ['alice', 'bob']!"
    assert gc.select_speaker_msg([bob]) == "Roles:\nbob: B\nPick from ['bob']."


def test_introductions_msg_lists_descriptions() -> None:
    alice, bob = offline_agent("alice", description="A writer"), offline_agent("bob", description="A critic")
    text = GroupChat([alice, bob], []).introductions_msg()
    assert text == f"{GroupChat.DEFAULT_INTRO_MSG}\n\nalice: A writer\nbob: A critic"


def test_blank_description_logs_warning(caplog: pytest.LogCaptureFixture) -> None:
    quiet = offline_agent("quiet", description=" ")
    with caplog.at_level(logging.WARNING):
        GroupChat([quiet, offline_agent("bob")], []).select_speaker_msg()
    assert "quiet" in caplog.text


@pytest.mark.parametrize(
    "content, expected",
    [
        ("alice bob alice", {"alice": 2, "bob": 1}),
        ("samantha and basam", {}),
        ("alice! .bob.", {"alice": 1, "bob": 1}),
        ("Story writer", {"Story_writer": 1}),
        ("Story\\_writer", {"Story_writer": 1}),
        ("Story_Writer", {}),
        ({"content": "bob"}, {"bob": 1}),
        ([{"type": "text", "text": "alice"}], {"alice": 1}),
        ("a .* b", {".*": 1}),
        ("anything else", {}),
    ],
)
def test_mentioned_agents(content: Any, expected: Dict[str, int]) -> None:
    agents = [offline_agent(n) for n in ("alice", "bob", "sam", "Story_writer")]
    agents.append(ConversableAgent(".*", llm_config=False))
    gc = GroupChat(agents, [])
    assert gc._mentioned_agents(content, agents) == expected


@pytest.mark.parametrize(
    "content, expected",
    [
        ("coder-reviewer", {"coder-reviewer": 1}),
        ("coder", {"coder": 1}),
        ("coder then coder-reviewer", {"coder": 1, "coder-reviewer": 1}),
        ("Story writer", {"Story_writer": 1}),
        ("writer", {"writer": 1}),
    ],
)
def test_mentioned_agents_matches_names_containing_other_names_whole(content: str, expected: Dict[str, int]) -> None:
    agents = [offline_agent(n) for n in ("coder", "coder-reviewer", "Story_writer", "writer")]
    assert GroupChat(agents, [])._mentioned_agents(content, agents) == expected


def test_manual_select_speaker(scripted_io: Any) -> None:
    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [])
    scripted_io.answers = ["2"]
    assert gc.manual_select_speaker() is bob
    assert "Please select the next speaker from the following list:" in scripted_io.text
    assert "1: alice" in scripted_io.text and "3: sam" in scripted_io.text


def test_manual_select_speaker_gives_up(scripted_io: Any) -> None:
    gc = GroupChat(trio(), [])
    scripted_io.answers = ["x", "9", "1"]
    assert gc.manual_select_speaker() is None
    assert "Invalid input. Please enter a number between 1 and 3." in scripted_io.text
    assert "You have tried 3 times. The next speaker will be selected automatically." in scripted_io.text
    assert len(scripted_io.prompts) == 2


def test_random_select_speaker_picks_a_candidate() -> None:
    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [])
    assert gc.random_select_speaker([sam]) is sam
    assert gc.random_select_speaker() in (alice, bob, sam)


# --------------------------------------------------------------------------- running group chats offline


def test_round_robin_order() -> None:
    gc = run(trio(), speaker_selection_method="round_robin")
    assert names(gc.messages) == ["alice", "bob", "sam", "alice", "bob", "sam"]


def test_method_name_is_case_insensitive() -> None:
    gc = run(trio(), speaker_selection_method="RounD_roBin")
    assert names(gc.messages) == ["alice", "bob", "sam", "alice", "bob", "sam"]


def test_auto_without_llm_falls_back_to_round_robin() -> None:
    gc = run(trio(), speaker_selection_method="auto")
    assert names(gc.messages) == ["alice", "bob", "sam", "alice", "bob", "sam"]


def test_random_runs_max_round() -> None:
    gc = run(trio(), speaker_selection_method="random")
    assert len(gc.messages) == 6


def test_manual_selection_in_chat(scripted_io: Any) -> None:
    scripted_io.answers = ["", "q", "x", "1", "10", "2"]
    gc = run(trio(), speaker_selection_method="manual")
    assert len(gc.messages) == 6
    assert names(gc.messages) == ["alice", "bob", "sam", "alice", "bob", "sam"]


def test_two_agents_alternate_without_repeat() -> None:
    alice, bob = offline_agent("alice"), offline_agent("bob")
    gc = run([alice, bob], speaker_selection_method="random", allow_repeat_speaker=False)
    assert names(gc.messages) == ["alice", "bob"] * 3
    alice, bob = offline_agent("alice"), offline_agent("bob")
    gc = run([alice, bob], speaker_selection_method="random", allow_repeat_speaker=[])
    assert names(gc.messages) == ["alice", "bob"] * 3


def test_two_agents_with_repeat_warn(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        run([offline_agent("alice"), offline_agent("bob")], speaker_selection_method="random", max_round=2)
    assert (
        "GroupChat is underpopulated with 2 agents. Consider setting speaker_selection_method to 'round_robin' or "
        "allow_repeat_speaker to False, or use direct communication, unless repeated speaker is desired."
    ) in caplog.messages


def test_underpopulated_group_raises() -> None:
    alice = offline_agent("alice")
    manager = GroupChatManager(GroupChat([], []), llm_config=False)
    with pytest.raises(ValueError, match="GroupChat is underpopulated with 0 agents"):
        alice.initiate_chat(manager, message="hello")


def test_max_round_counts_the_first_message() -> None:
    alice, bob = offline_agent("alice"), offline_agent("bob")
    gc = GroupChat([alice, bob], [], max_round=2, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    alice.initiate_chat(manager, message="hello")
    assert names(gc.messages) == ["alice", "bob"]
    manager.reset()
    assert gc.messages == []


def test_message_shapes_in_histories() -> None:
    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [], max_round=2, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    alice.initiate_chat(manager, message="hello")
    assert gc.messages == [
        {"content": "hello", "role": "user", "name": "alice"},
        {"content": "This is bob speaking.", "role": "user", "name": "bob"},
    ]
    assert sam.chat_messages[manager] == [
        {"content": "hello", "name": "alice", "role": "user"},
        {"content": "This is bob speaking.", "name": "bob", "role": "user"},
    ]
    assert manager.chat_messages[sam][0] == {"content": "hello", "name": "alice", "role": "assistant"}
    assert manager.last_speaker is bob


def test_default_termination_is_exact_terminate() -> None:
    alice, bob = offline_agent("alice", "TERMINATE now"), offline_agent("bob")
    gc = run([alice, bob], speaker_selection_method="round_robin", max_round=10)
    assert len(gc.messages) == 10


def test_custom_termination_stops_and_is_broadcast() -> None:
    alice, bob, sam = offline_agent("alice"), offline_agent("bob", "TERMINATE now"), offline_agent("sam")
    gc = GroupChat([alice, bob, sam], [], max_round=10, speaker_selection_method="round_robin")
    manager = GroupChatManager(
        gc, llm_config=False, is_termination_msg=lambda m: m.get("content", "").find("TERMINATE") >= 0
    )
    alice.initiate_chat(manager, message="hello")
    assert names(gc.messages) == ["alice", "bob"]
    assert sam.chat_messages[manager][-1]["content"] == "TERMINATE now"


def test_member_returning_none_ends_chat() -> None:
    alice, bob = offline_agent("alice"), offline_agent("bob", max_consecutive_auto_reply=1)
    bob.register_reply([Agent, None], lambda *a, **k: (True, None))
    gc = run([alice, bob, offline_agent("sam")], speaker_selection_method="round_robin")
    assert names(gc.messages) == ["alice"]


def test_printing_next_speaker(scripted_io: Any) -> None:
    run(trio(), speaker_selection_method="round_robin", max_round=2)
    assert "\nNext speaker: bob\n" in scripted_io.text
    assert "bob (to chat_manager):" in scripted_io.text


def test_silent_manager_prints_nothing(scripted_io: Any) -> None:
    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [], max_round=3, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False, silent=True)
    alice.initiate_chat(manager, message="hello", silent=True)
    assert len(gc.messages) == 3
    assert "Next speaker" not in scripted_io.text
    assert "(to chat_manager)" not in scripted_io.text
    assert manager.silent is None


def test_send_introductions() -> None:
    alice, bob = offline_agent("alice", description="A writer"), offline_agent("bob", description="A critic")
    gc = GroupChat([alice, bob], [], max_round=2, send_introductions=True, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    manager.initiate_chat(manager, message="The initiating message.")
    history = alice.chat_messages[manager]
    assert [m["content"] for m in history[:2]] == [gc.introductions_msg(), "The initiating message."]
    assert len(history) == 3
    assert "A writer" in history[0]["content"] and "A critic" in history[0]["content"]
    assert len(gc.messages) == 2


def test_no_introductions_by_default() -> None:
    alice, bob = offline_agent("alice"), offline_agent("bob")
    gc = GroupChat([alice, bob], [], max_round=2, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    manager.initiate_chat(manager, message="The initiating message.")
    assert [m["content"] for m in alice.chat_messages[manager]] == [
        "The initiating message.",
        "This is alice speaking.",
    ]


def test_sink_agent_ends_chat_gracefully() -> None:
    a1, a2, a3 = offline_agent("a1"), offline_agent("a2"), offline_agent("a3")
    gc = run(
        [a1, a2, a3],
        max_round=10,
        speaker_selection_method="round_robin",
        allowed_or_disallowed_speaker_transitions={a1: [a2], a2: [a3]},
        speaker_transitions_type="allowed",
    )
    assert names(gc.messages) == ["a1", "a2", "a3"]


def test_graph_restricts_choice() -> None:
    a1, a2, a3 = offline_agent("a1"), offline_agent("a2"), offline_agent("a3")
    gc = run(
        [a1, a2, a3],
        max_round=5,
        speaker_selection_method="random",
        allowed_or_disallowed_speaker_transitions={a1: [a3], a3: [a1]},
        speaker_transitions_type="allowed",
    )
    assert names(gc.messages) == ["a1", "a3", "a1", "a3", "a1"]


def test_custom_selection_function() -> None:
    a1, a2, a3 = offline_agent("a1"), offline_agent("a2"), offline_agent("a3")
    calls = []

    def choose(last: Agent, groupchat: GroupChat) -> Any:
        calls.append(last.name)
        return {"a1": a3, "a3": a2, "a2": None}[last.name]

    gc = run([a1, a2, a3], max_round=10, speaker_selection_method=choose)
    assert names(gc.messages) == ["a1", "a3", "a2"]
    assert calls == ["a1", "a3", "a2"]


def test_custom_selection_can_name_a_method_and_overrides_graph() -> None:
    a1, a2, a3 = offline_agent("a1"), offline_agent("a2"), offline_agent("a3")
    answers = iter([a3, "round_robin", a3, None])
    gc = run(
        [a1, a2, a3],
        max_round=10,
        speaker_selection_method=lambda last, groupchat: next(answers),
        allowed_or_disallowed_speaker_transitions={a1: [a2], a2: [a3], a3: [a1]},
        speaker_transitions_type="allowed",
    )
    assert names(gc.messages) == ["a1", "a3", "a1", "a3"]


def test_custom_selection_rejects_outsiders() -> None:
    outsider = offline_agent("outsider")
    with pytest.raises(ValueError):
        run(trio(), speaker_selection_method=lambda last, groupchat: outsider)
    with pytest.raises(ValueError):
        run(trio(), speaker_selection_method=lambda last, groupchat: 42)


def test_custom_selection_none_raises_no_eligible_speaker() -> None:
    gc = GroupChat(trio(), [], speaker_selection_method=lambda last, groupchat: None)
    with pytest.raises(NoEligibleSpeaker, match="Custom speaker selection function returned None"):
        gc._prepare_and_select_agents(gc.agents[0])


def test_plugin_reply_function_turns_agent_into_manager() -> None:
    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [], max_round=3, speaker_selection_method="round_robin")
    host = ConversableAgent("host", llm_config=False, human_input_mode="NEVER")
    host.register_reply(Agent, GroupChatManager.run_chat, config=gc, reset_config=GroupChat.reset)
    alice.initiate_chat(host, message="hello")
    assert names(gc.messages) == ["alice", "bob", "sam"]
    host.reset()
    assert gc.messages == []


def test_manager_rejects_tools_in_llm_config() -> None:
    config = {"config_list": [{"model": "gpt-4", "api_key": "sk-test"}], "tools": [{"type": "function"}]}
    with pytest.raises(ValueError, match="GroupChatManager is not allowed to make function/tool calls"):
        GroupChatManager(GroupChat(trio(), []), llm_config=config)
    config = {"config_list": [{"model": "gpt-4", "api_key": "sk-test"}], "functions": [{"name": "f"}]}
    with pytest.raises(ValueError, match="Please remove the 'functions' or 'tools' config"):
        GroupChatManager(GroupChat(trio(), []), llm_config=config)


def test_manager_defaults_and_reply_order() -> None:
    manager = GroupChatManager(GroupChat(trio(), []), llm_config=False)
    assert manager.name == "chat_manager"
    assert manager.system_message == "Group chat manager."
    assert manager.description == "Group chat manager."
    assert manager.human_input_mode == "NEVER"
    funcs = [entry["reply_func"] for entry in manager._reply_func_list]
    assert funcs[:2] == [GroupChatManager.a_run_chat, GroupChatManager.run_chat]


def test_summary_uses_group_transcript() -> None:
    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [], max_round=3, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    result = alice.initiate_chat(manager, message="hello")
    assert manager.chat_messages_for_summary(alice) is gc.messages
    assert result.summary == "This is sam speaking."  # the last broadcast the initiator received
    assert names(gc.messages) == ["alice", "bob", "sam"]


def test_members_histories_reset_on_new_chat() -> None:
    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [], max_round=3, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    alice.initiate_chat(manager, message="first")
    alice.initiate_chat(manager, message="second")
    assert len(gc.messages) == 3
    assert sam.chat_messages[manager][0]["content"] == "second"
    alice.initiate_chat(manager, message="third", clear_history=False)
    assert len(gc.messages) == 6


def test_async_reply_function_in_member_is_rejected() -> None:
    alice, bob, sam = trio()

    async def async_reply(recipient: Any, messages: Any = None, sender: Any = None, config: Any = None) -> Any:
        return False, None

    bob.register_reply([Agent, None], async_reply)
    manager = GroupChatManager(GroupChat([alice, bob, sam], []), llm_config=False)
    with pytest.raises(RuntimeError, match="Async reply functions can only be used"):
        alice.initiate_chat(manager, message="hello")


def test_nested_teams_member_can_message_other_team() -> None:
    user = offline_agent("user")
    writer, critic = offline_agent("writer"), offline_agent("critic")
    coder, tester = offline_agent("coder"), offline_agent("tester")
    team1 = GroupChatManager(GroupChat([writer, critic], [], max_round=2), name="team1", llm_config=False)
    team2 = GroupChatManager(GroupChat([coder, tester], [], max_round=2), name="team2", llm_config=False)
    top = GroupChat([user, team1, team2], [], max_round=3)
    found = top.agent_by_name("tester", recursive=True)
    writer.send("Can you test this?", found, request_reply=True)
    assert found.chat_messages[writer][0]["content"] == "Can you test this?"
    assert writer.chat_messages[found][-1]["content"] == "This is tester speaking."


# --------------------------------------------------------------------------- LLM-facing details


@pytest.mark.parametrize("role", ["system", "user", "SockS"])
def test_override_role_is_honoured_in_history(role: str) -> None:
    checking, selector = offline_agent("checking_agent"), offline_agent("speaker_selection_agent")
    checking._append_oai_message({"content": "pick one", "override_role": role}, "assistant", selector, is_sending=True)
    assert checking.chat_messages[selector][-1] == {"content": "pick one", "role": role, "name": "checking_agent"}


def test_reflection_summary_of_group_chat_uses_transcript_and_role(llm_server: Any, llm_config: Dict[str, Any]) -> None:
    from autogen.testing import Reply

    llm_server.script(Reply.text("A short summary."))
    alice, bob = offline_agent("alice"), offline_agent("bob")
    gc = GroupChat([alice, bob], [], max_round=2, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=llm_config)
    result = alice.initiate_chat(
        manager, message="hello", summary_method="reflection_with_llm", summary_args={"summary_role": "user"}
    )
    assert result.summary == "A short summary."
    sent = llm_server.chat_requests[-1].messages
    assert sent[-1]["role"] == "user"
    assert [m["content"] for m in sent[:-1]] == ["hello", "This is bob speaking."]


def test_groupchat_is_a_plain_dataclass() -> None:
    alice, bob = offline_agent("alice"), offline_agent("bob")
    first, second = GroupChat([alice, bob], []), GroupChat([alice, bob], [])
    assert first == second
    assert "max_round=10" in repr(first)
    with pytest.raises(TypeError):
        hash(first)


def test_deepcopy_of_groupchat_after_auto_selection() -> None:
    import copy

    alice, bob, sam = trio()
    gc = GroupChat([alice, bob, sam], [], max_round=3)
    manager = GroupChatManager(gc, llm_config=False)
    alice.initiate_chat(manager, message="hello")
    clone = copy.deepcopy(gc)
    assert clone.messages == gc.messages
    assert clone._selection_cache.pair is None


def test_group_chat_manager_class_names_the_groupchat_module() -> None:
    manager = GroupChatManager(GroupChat(trio(), []), llm_config=False)
    assert str(type(manager)) == "<class 'autogen.agentchat.groupchat.GroupChatManager'>"
    assert repr(manager).startswith("<autogen.agentchat.groupchat.GroupChatManager object at ")


@pytest.mark.parametrize("max_round", [0, -1])
def test_max_round_below_one_runs_no_round(max_round: int) -> None:
    agents = trio()
    gc = GroupChat(agents, [], max_round=max_round, speaker_selection_method="round_robin")
    manager = GroupChatManager(gc, llm_config=False)
    result = agents[0].initiate_chat(manager, message="Hello?")
    assert gc.messages == []
    assert names(result.chat_history) == ["alice"]
    assert agents[1].chat_messages[manager] == []
    assert manager.last_speaker is None


def test_non_int_max_round_fails_like_range() -> None:
    agents = trio()
    gc = GroupChat(agents, [], max_round=2.0, speaker_selection_method="round_robin")
    with pytest.raises(TypeError, match="'float' object cannot be interpreted as an integer"):
        agents[0].initiate_chat(GroupChatManager(gc, llm_config=False), message="Hello?")
