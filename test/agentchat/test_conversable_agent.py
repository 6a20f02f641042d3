"""ConversableAgent: reply registry, messages, send/receive, state, hooks, carryover (tools: ..._tools.py)."""

from __future__ import annotations

import asyncio
import copy
import re
from typing import Any, Dict, List

import pytest

from autogen.agentchat import ConversableAgent, UserProxyAgent
from autogen.agentchat.agent import Agent
from autogen.exception_utils import InvalidCarryOverType, SenderRequired


def _agent(name: str, **kwargs: Any) -> ConversableAgent:
    kwargs.setdefault("llm_config", False)
    kwargs.setdefault("human_input_mode", "NEVER")
    return ConversableAgent(name, **kwargs)


def add_num(num_to_be_added: int) -> str:
    return str(num_to_be_added + 10)


@pytest.fixture
def pair(scripted_io):
    return _agent("a", default_auto_reply="a-auto"), _agent("b", default_auto_reply="b-auto")


# ---------------------------------------------------------------- construction and defaults
def test_default_reply_function_order():
    agent = _agent("a", code_execution_config={"use_docker": False})
    names = [e["reply_func"].__name__ for e in agent._reply_func_list]
    assert names == [
        "a_check_termination_and_human_reply",
        "check_termination_and_human_reply",
        "a_generate_function_call_reply",
        "generate_function_call_reply",
        "a_generate_tool_calls_reply",
        "generate_tool_calls_reply",
        "generate_code_execution_reply",
        "a_generate_oai_reply",
        "generate_oai_reply",
    ]
    assert set(agent._reply_func_list[0]) == {
        "trigger",
        "reply_func",
        "config",
        "init_config",
        "reset_config",
        "ignore_async_in_sync_chat",
    }


def test_hook_lists_have_exactly_the_hookable_methods():
    assert set(_agent("a").hook_lists) == {
        "process_last_received_message",
        "a_process_last_received_message",
        "process_all_messages_before_reply",
        "a_process_all_messages_before_reply",
        "process_message_before_send",
        "a_process_message_before_send",
    }


def test_class_attributes():
    assert ConversableAgent.DEFAULT_CONFIG is False
    assert ConversableAgent.MAX_CONSECUTIVE_AUTO_REPLY == 100
    assert ConversableAgent.DEFAULT_SUMMARY_METHOD == "last_msg"
    assert isinstance(ConversableAgent.DEFAULT_SUMMARY_PROMPT, str)


def test_llm_config_none_means_no_client():
    agent = ConversableAgent("a")
    assert agent.llm_config is False and agent.client is None
    assert isinstance(agent, Agent)


@pytest.mark.parametrize("bad", [{}, {"config_list": []}, {"config_list": [{"model": ""}]}])
def test_llm_config_without_model_raises_value_error(bad):
    with pytest.raises(ValueError, match="specify a non-empty 'model' either in 'llm_config' or in each config"):
        ConversableAgent("a", llm_config=bad)


def test_llm_config_of_wrong_type_raises_assertion():
    with pytest.raises(AssertionError, match="llm_config must be a dict or False or None."):
        ConversableAgent("a", llm_config="gpt-4")


def test_llm_config_with_http_client_raises_type_error():
    httpx = pytest.importorskip("httpx")
    with httpx.Client() as http_client:
        with pytest.raises(TypeError) as info:
            ConversableAgent("a", llm_config={"config_list": [{"model": "gpt-4", "http_client": http_client}]})
    assert str(info.value) == (
        "Please implement __deepcopy__ method for each value class in llm_config to support deepcopy. Refer to the "
        "docs for more details: "
        "https://microsoft.github.io/autogen/docs/topics/llm_configuration#adding-http-client-in-llm_config-for-proxy"
    )


def test_llm_config_is_deep_copied(llm_config):
    agent = ConversableAgent("a", llm_config=llm_config)
    assert agent.llm_config == llm_config and agent.llm_config is not llm_config


def test_code_execution_config_is_not_mutated():
    config = {"use_docker": False, "work_dir": "x"}
    agent = _agent("a", code_execution_config=config)
    agent._code_execution_config["extra"] = 1
    assert config == {"use_docker": False, "work_dir": "x"}


def test_code_execution_config_none_warns_and_enables():
    with pytest.warns(UserWarning):
        agent = _agent("a", code_execution_config=None)
    assert agent.use_docker is False  # AUTOGEN_USE_DOCKER=False in the test environment


def test_code_execution_config_must_be_dict_or_false():
    with pytest.raises(ValueError, match="code_execution_config must be a dict or False."):
        _agent("a", code_execution_config="yes")


@pytest.mark.parametrize("key", ["use_docker", "work_dir", "timeout"])
def test_executor_config_forbids_legacy_keys(key):
    with pytest.raises(ValueError) as info:
        _agent("a", code_execution_config={"executor": "commandline-local", key: 1})
    assert str(info.value) == (
        f"'{key}' in code_execution_config is not valid when 'executor' is set. "
        "Use the appropriate arg in the chosen executor instead."
    )


def test_use_docker_property():
    assert _agent("a").use_docker is None
    assert _agent("b", code_execution_config={"use_docker": False}).use_docker is False


def test_description_defaults_to_system_message_and_survives_update():
    agent = _agent("a", system_message="sys")
    assert agent.description == "sys"
    agent.update_system_message("new")
    assert agent.system_message == "new" and agent.description == "sys"
    assert _agent("b", system_message="s", description="d").description == "d"


def test_function_map_names_are_validated():
    with pytest.raises(ValueError, match="Only letters, numbers"):
        _agent("a", function_map={"bad name": lambda: 1})


def test_name_longer_than_64_is_rejected():
    with pytest.raises(ValueError, match="less than 64 characters"):
        ConversableAgent._assert_valid_name("a" * 65)


def test_normalize_name():
    assert ConversableAgent._normalize_name("a.b c") == "a_b_c"
    assert len(ConversableAgent._normalize_name("x" * 100)) == 64


# ---------------------------------------------------------------- triggers
def _final(tag: str):
    def reply(recipient, messages=None, sender=None, config=None):
        return True, tag

    return reply


@pytest.mark.parametrize(
    "trigger_of",
    [lambda b: b, lambda b: "b", lambda b: ConversableAgent, lambda b: lambda s: s.name == "b", lambda b: ["x", b]],
)
def test_trigger_kinds_match_the_sender(pair, trigger_of):
    a, b = pair
    a.register_reply(trigger_of(b), _final("matched"))
    assert a.generate_reply(messages=[{"content": "hi"}], sender=b) == "matched"


def test_later_registration_is_checked_first(pair):
    a, b = pair
    a.register_reply(b, _final("first"))
    a.register_reply(b, _final("second"))
    assert a.generate_reply(messages=[{"content": "hi"}], sender=b) == "second"


def test_non_matching_callable_trigger_is_ignored(pair):
    a, b = pair
    a.register_reply(lambda s: False, _final("never"))
    assert a.generate_reply(messages=[{"content": "hi"}], sender=b) == "a-auto"


def test_invalid_trigger_type_raises(pair):
    a, _ = pair
    with pytest.raises(ValueError, match="trigger must be a class, a string, an agent, a callable or a list."):
        a.register_reply(1, _final("x"))
    with pytest.raises(ValueError, match="Unsupported trigger type"):
        a._match_trigger(1, a)


def test_string_trigger_without_sender_raises_sender_required(pair):
    a, _ = pair
    a.register_reply("b", _final("x"))
    with pytest.raises(SenderRequired):
        a.generate_reply(messages=[{"content": "hi"}], sender=None)


def test_reply_func_may_return_a_list(pair):
    a, b = pair
    a.register_reply([Agent, None], lambda r, messages=None, sender=None, config=None: [True, "from list"])
    assert a.generate_reply(messages=[{"content": "hi"}], sender=b) == "from list"


def test_remove_other_reply_funcs(pair):
    a, _ = pair
    a.register_reply([Agent, None], _final("only"), remove_other_reply_funcs=True)
    assert len(a._reply_func_list) == 1


def test_position_inserts_like_list_insert(pair):
    a, _ = pair
    reply = _final("x")
    a.register_reply([Agent, None], reply, position=2)
    assert a._reply_func_list[2]["reply_func"] is reply


def test_replace_reply_func(pair):
    a, b = pair
    old, new = _final("old"), _final("new")
    a.register_reply(b, old)
    a.replace_reply_func(old, new)
    assert a.generate_reply(messages=[{"content": "x"}], sender=b) == "new"


def test_config_is_passed_and_reset_restores_it(pair):
    a, b = pair
    seen = []

    def reply(recipient, messages=None, sender=None, config=None):
        seen.append(config)
        config["n"] = config.get("n", 0) + 1
        return False, None

    a.register_reply(b, reply, config={"n": 0})
    a.generate_reply(messages=[{"content": "x"}], sender=b)
    assert a._reply_func_list[0]["config"] == {"n": 1}
    a.reset()
    assert a._reply_func_list[0]["config"] == {"n": 0}


def test_reset_config_callable_is_used(pair):
    a, b = pair
    calls = []
    a.register_reply(b, _final("x"), config={"k": 1}, reset_config=lambda cfg: calls.append(cfg))
    a.reset()
    assert calls == [{"k": 1}]


def test_async_reply_func_in_sync_chat_raises(pair):
    a, b = pair

    async def a_reply(recipient, messages=None, sender=None, config=None):
        return True, "x"

    a.register_reply(b, a_reply)
    with pytest.raises(RuntimeError) as info:
        a.initiate_chat(b, message="hi")
    assert str(info.value) == (
        "Async reply functions can only be used with ConversableAgent.a_initiate_chat(). "
        "The following async reply functions are found: a_reply"
    )


def test_ignored_async_reply_func_is_not_called_in_sync_chat(pair):
    a, b = pair
    called = []

    async def a_reply(recipient, messages=None, sender=None, config=None):
        called.append(1)
        return True, "x"

    b.register_reply(a, a_reply, ignore_async_in_sync_chat=True)
    a.initiate_chat(b, message="hi", max_turns=1)
    assert called == [] and b.last_message(a)["content"] == "b-auto"


async def test_async_reply_funcs_work_in_async_chat(pair):
    a, b = pair

    async def a_reply(recipient, messages=None, sender=None, config=None):
        await asyncio.sleep(0)
        return True, "async reply"

    b.register_reply(ConversableAgent, a_reply)
    await a.a_initiate_chat(b, message="hi", max_turns=1)
    assert b.last_message(a)["content"] == "async reply"


async def test_sync_reply_func_works_in_async_chat(pair):
    a, b = pair
    b.register_reply(a, _final("sync reply"))
    await a.a_initiate_chat(b, message="hi", max_turns=1)
    assert a.last_message(b)["content"] == "sync reply"


def test_generate_reply_needs_messages_or_sender(pair):
    a, _ = pair
    with pytest.raises(AssertionError):
        a.generate_reply()
    with pytest.raises(AssertionError):
        asyncio.run(a.a_generate_reply())


def test_generate_reply_with_messages_and_no_sender_gives_default(pair):
    a, _ = pair
    assert a.generate_reply(messages=[{"content": "hi", "role": "user"}]) == "a-auto"
    assert asyncio.run(a.a_generate_reply(messages=[{"content": "hi", "role": "user"}])) == "a-auto"


def test_generate_reply_exclude_skips_functions(pair):
    a, b = pair
    reply = _final("excluded")
    a.register_reply(b, reply)
    assert a.generate_reply(messages=[{"content": "x"}], sender=b, exclude=[reply]) == "a-auto"


# ---------------------------------------------------------------- message storage
def test_append_stores_sender_and_receiver_roles(pair):
    a, b = pair
    a.send("hi", b, request_reply=False)
    assert a.chat_messages[b] == [{"content": "hi", "role": "assistant", "name": "a"}]
    assert b.chat_messages[a] == [{"content": "hi", "role": "user", "name": "a"}]


def test_append_keeps_function_and_tool_roles_and_override_role(pair):
    a, b = pair
    a.send({"content": "r", "role": "function", "name": "f"}, b, request_reply=False)
    a.send({"content": "s", "override_role": "system", "extra": 1}, b, request_reply=False)
    a.send(
        {"tool_calls": [{"id": "1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
        b,
        request_reply=False,
    )
    stored = b.chat_messages[a]
    assert stored[0] == {"content": "r", "name": "f", "role": "function"}
    assert stored[1] == {"content": "s", "role": "system", "name": "a"}
    assert stored[2]["role"] == "assistant" and stored[2]["content"] is None and "name" not in stored[2]


def test_invalid_message_raises_and_history_is_unchanged(pair):
    a, b = pair
    with pytest.raises(ValueError, match="Message can't be converted into a valid ChatCompletion message"):
        a.send({"message": "hi"}, b)
    with pytest.raises(ValueError, match="Received message can't be converted"):
        b.receive({"message": "hi"}, a)
    assert len(a.chat_messages[b]) == 0 and len(b.chat_messages[a]) == 0


def test_receive_keeps_context_in_history(pair):
    a, b = pair
    b.receive({"content": "hello {name}", "context": {"name": "x"}}, a, request_reply=False)
    assert b.chat_messages[a][-1]["context"] == {"name": "x"}


def test_send_with_context_and_template_prints_formatted(scripted_io):
    a = _agent("a")  # the receiver prints, so its llm_config decides
    b = _agent("b", llm_config={"config_list": [{"model": "gpt-4", "api_key": "k"}], "allow_format_str_template": True})
    a.send({"content": "hello {name}", "context": {"name": "world"}}, b, request_reply=False)
    a.send({"content": lambda ctx: f"called {ctx['n']}", "context": {"n": 3}}, b, request_reply=False)
    assert "hello world" in scripted_io.text and "called 3" in scripted_io.text


def test_send_with_context_without_template_permission_prints_raw(scripted_io):
    a, b = _agent("a"), _agent("b")
    a.send({"content": "hello {name}", "context": {"name": "world"}}, b, request_reply=False)
    assert "hello {name}" in scripted_io.text


def test_last_message(pair):
    a, b = pair
    assert a.last_message() is None
    a.send("hi", b, request_reply=False)
    assert a.last_message()["content"] == "hi"
    c = _agent("c")
    with pytest.raises(KeyError, match="The agent 'c' is not present in any conversation"):
        a.last_message(c)
    a.send("yo", c, request_reply=False)
    with pytest.raises(ValueError, match="More than one conversation"):
        a.last_message()


def test_chat_messages_param_restores_history(scripted_io):
    b = _agent("b", default_auto_reply="b")
    a = _agent("a", default_auto_reply="a", chat_messages={b: [{"content": "old", "role": "user"}]})
    a.initiate_chat(b, message="new", max_turns=1, clear_history=False)
    assert [m["content"] for m in a.chat_messages[b]] == ["old", "new", "b"]


def test_history_accumulates_with_clear_history_false(pair):
    a, b = pair
    a.initiate_chat(b, message="m", max_turns=2)
    assert len(a.chat_messages[b]) == 4
    a.initiate_chat(b, message="m", max_turns=2, clear_history=False)
    assert len(a.chat_messages[b]) == 8


# ---------------------------------------------------------------- auto-reply limits and state
def test_max_consecutive_auto_reply_global_and_per_sender(pair):
    a, b = pair
    assert a.max_consecutive_auto_reply() == 100
    a.update_max_consecutive_auto_reply(5)
    assert a.max_consecutive_auto_reply() == 5 and a.max_consecutive_auto_reply(b) == 5
    a.update_max_consecutive_auto_reply(1, b)
    assert a.max_consecutive_auto_reply(b) == 1 and a.max_consecutive_auto_reply() == 5


def test_counter_after_chat_and_reset_by_new_chat(scripted_io):
    a = _agent("a", max_consecutive_auto_reply=1, default_auto_reply="a")
    b = _agent("b", max_consecutive_auto_reply=1, default_auto_reply="b")
    a.initiate_chat(b, message="hi")
    # a auto-replied once; b then hit its limit, which ends the chat and resets b's counter
    assert a._consecutive_auto_reply_counter[b] == 1 and b._consecutive_auto_reply_counter[a] == 0
    assert a.reply_at_receive[b] is True and b.reply_at_receive[a] is True
    n = len(a.chat_messages[b])
    b.send("more", a)  # a is at its limit: no auto reply
    assert len(a.chat_messages[b]) == n + 1
    a.initiate_chat(b, message="again", clear_history=False)
    assert len(a.chat_messages[b]) > n + 1


def test_stop_reply_at_receive_only_own_entry(pair):
    a, b = pair
    a.initiate_chat(b, message="x", max_turns=1)
    a.initiate_chat(b, message="x")
    a.stop_reply_at_receive(b)
    assert a.reply_at_receive[b] is False and b.reply_at_receive[a] is True


def test_max_turns_gives_two_messages_per_turn(pair):
    a, b = pair
    result = a.initiate_chat(b, message="m", max_turns=3)
    assert len(result.chat_history) == 6
    assert a.reply_at_receive[b] is False and b.reply_at_receive[a] is False
    assert len(a.initiate_chat(b, message="m", max_turns=0).chat_history) == 0


def test_sync_ping_pong_stops_at_recipient_limit(pair):
    a, b = pair
    assert len(a.initiate_chat(b, message="m", silent=True).chat_history) == 201


async def test_async_chat_counts_auto_replies_twice(scripted_io):
    a = _agent("a", max_consecutive_auto_reply=3, default_auto_reply="a")
    b = _agent("b", max_consecutive_auto_reply=3, default_auto_reply="b")
    assert len(a.initiate_chat(b, message="m").chat_history) == 7
    assert len((await a.a_initiate_chat(b, message="m")).chat_history) == 3
    assert scripted_io.text.count("USING AUTO REPLY") == 0  # NEVER mode prints nothing


def test_clear_history_variants(pair, scripted_io):
    a, b = pair
    a.initiate_chat(b, message="m", max_turns=2)
    a.clear_history(b, nr_messages_to_preserve=1)
    assert a.chat_messages[b] == [] and "`nr_preserved_messages` is ignored" in scripted_io.text
    a.initiate_chat(b, message="m", max_turns=2)
    a.clear_history(nr_messages_to_preserve=3)
    assert len(a.chat_messages[b]) == 3
    a.clear_history()
    assert len(a.chat_messages) == 0


def test_clear_history_keeps_tool_call_with_its_responses(scripted_io):
    a, b = _agent("a"), _agent("b")
    call = {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    a._oai_messages[b] = [
        {"content": "q", "role": "user"},
        {"content": None, "tool_calls": [call], "role": "assistant"},
        {"content": "r", "tool_responses": [{"tool_call_id": "c1", "role": "tool", "content": "r"}], "role": "tool"},
    ]
    a.clear_history(nr_messages_to_preserve=1)
    assert len(a.chat_messages[b]) == 2 and "tool_calls" in a.chat_messages[b][0]
    assert "Preserving one more message for a" in scripted_io.text


def test_reset_clears_everything_but_human_input(pair):
    a, b = pair
    a.initiate_chat(b, message="m", max_turns=1)
    a._human_input.append("kept")
    a.reset()
    assert len(a.chat_messages) == 0 and len(a.reply_at_receive) == 0
    assert len(a._consecutive_auto_reply_counter) == 0 and a._human_input == ["kept"]


# ---------------------------------------------------------------- hooks
def test_register_hook_checks():
    agent = _agent("a")

    def hook(x):
        return x

    async def a_hook(x):
        return x

    agent.register_hook("process_all_messages_before_reply", hook)
    with pytest.raises(AssertionError, match=re.escape(f"{hook!r} is already registered as a hook.")):
        agent.register_hook("process_all_messages_before_reply", hook)
    with pytest.raises(AssertionError, match="update_agent_state is not a hookable method."):
        agent.register_hook("update_agent_state", hook)
    with pytest.warns(UserWarning) as record:
        agent.register_hook("a_process_all_messages_before_reply", hook)
    assert str(record[0].message) == (
        "Hook 'hook' is synchronous, but it's being registered in a asynchronous context "
        "('a_process_all_messages_before_reply'). Ensure the hook matches the expected execution context."
    )
    with pytest.warns(UserWarning, match="Hook 'a_hook' is asynchronous, but it's being registered in a synchronous"):
        agent.register_hook("process_last_received_message", a_hook)


def test_process_message_before_send_hook_gets_keywords(pair):
    a, b = pair
    seen: List[Dict[str, Any]] = []

    def hook(sender, message, recipient, silent):
        seen.append({"sender": sender, "recipient": recipient, "silent": silent})
        return message + " (hooked)"

    a.register_hook("process_message_before_send", hook)
    a.send("hi", b, request_reply=False, silent=True)
    assert seen == [{"sender": a, "recipient": b, "silent": True}]
    assert b.last_message(a)["content"] == "hi (hooked)"


async def test_async_send_hook_runs_only_from_a_send(pair):
    a, b = pair
    calls = []

    async def hook(sender, message, recipient, silent):
        calls.append(message)
        return message

    a.register_hook("a_process_message_before_send", hook)
    a.send("sync", b, request_reply=False)
    await a.a_send("async", b, request_reply=False)
    assert calls == ["async"]


def test_process_last_received_message_mutates_stored_last_message(pair):
    a, b = pair
    a.register_hook("process_last_received_message", lambda content: content + " more")
    messages = [{"content": "first", "role": "user"}, {"content": "last", "role": "user"}]
    a.generate_reply(messages=messages, sender=b)
    assert messages[-1]["content"] == "last more" and messages[0]["content"] == "first"


async def test_a_process_last_received_message(pair):
    a, b = pair

    async def hook(content):
        return content + " async"

    a.register_hook("a_process_last_received_message", hook)
    messages = [{"content": "x", "role": "user"}]
    await a.a_generate_reply(messages=messages, sender=b)
    assert messages[-1]["content"] == "x async"


def test_process_all_messages_before_reply_feeds_function_call(pair):
    a, b = pair
    a.register_function({"add_num": add_num})

    def bump(messages):
        new = copy.deepcopy(messages)
        new[-1]["function_call"]["arguments"] = '{"num_to_be_added": 6}'
        return new

    a.register_hook("process_all_messages_before_reply", bump)
    msg = {"content": None, "function_call": {"name": "add_num", "arguments": '{"num_to_be_added": 5}'}}
    assert a.generate_reply(messages=[msg], sender=b)["content"] == "16"


async def test_a_process_all_messages_before_reply(pair):
    a, b = pair
    a.register_function({"add_num": add_num})

    async def bump(messages):
        new = copy.deepcopy(messages)
        new[-1]["function_call"]["arguments"] = '{"num_to_be_added": 6}'
        return new

    a.register_hook("a_process_all_messages_before_reply", bump)
    msg = {"content": None, "function_call": {"name": "add_num", "arguments": '{"num_to_be_added": 5}'}}
    assert (await a.a_generate_reply(messages=[msg], sender=b))["content"] == "16"


# ---------------------------------------------------------------- carryover and first message
def test_generate_init_message_with_carryover():
    agent = _agent("a")
    assert agent.generate_init_message("I am your assistant.", carryover="How can I help you?") == (
        "I am your assistant.\nContext: \nHow can I help you?"
    )
    assert agent.generate_init_message("m", carryover=["x", {"content": "y"}]) == "m\nContext: \nx\ny"
    with pytest.raises(InvalidCarryOverType):
        agent.generate_init_message("m", carryover=3)
    assert agent.generate_init_message("m") == "m"
    assert agent.generate_init_message("m", carryover=None) == "m"


def test_carryover_prepends_text_part_to_multimodal_message():
    agent = _agent("a")
    image = {"type": "image_url", "image_url": {"url": "http://x/y.png"}}
    msg = {"content": [{"type": "text", "text": "a"}, image, {"type": "text", "text": "b"}]}
    out = agent.generate_init_message(msg, carryover="c")
    assert len(out["content"]) == 4 and out["content"][0] == {"type": "text", "text": "\nContext: \nc"}
    assert len(msg["content"]) == 3  # the caller's dict is not changed
    assert len(agent.generate_init_message({"content": [image]}, carryover="c")["content"]) == 2


def test_init_message_none_asks_human(scripted_io):
    scripted_io.answers = ["typed by human"]
    a, b = _agent("a"), _agent("b")
    a.initiate_chat(b, max_turns=1)
    assert scripted_io.prompts[0] == ">" and a.chat_messages[b][0]["content"] == "typed by human"
    assert a._human_input == ["typed by human"]


def test_callable_message_gets_context(pair):
    a, b = pair
    seen = {}

    def first(sender, recipient, context):
        seen.update(context)
        return f"from {sender.name} to {recipient.name}"

    a.initiate_chat(b, message=first, max_turns=1, question="q", carryover="c")
    assert seen == {"question": "q", "carryover": "c"}
    assert a.chat_messages[b][0]["content"] == "from a to b"  # carryover is not added to callable messages


def test_user_proxy_unknown_mode_is_a_key_error():
    with pytest.raises(KeyError, match="human_input_mode must be"):
        UserProxyAgent("u", human_input_mode="SOMETIMES", code_execution_config=False)


@pytest.mark.parametrize(
    "trigger_of",
    [lambda b: b, lambda b: "b", lambda b: ConversableAgent, lambda b: lambda s: s.name == "b", lambda b: ["x", b]],
)
async def test_trigger_kinds_match_async_reply_functions(pair, trigger_of):
    a, b = pair

    async def a_reply(recipient, messages=None, sender=None, config=None):
        return True, "async matched"

    a.register_reply(trigger_of(b), a_reply)
    await b.a_initiate_chat(a, message="hi", max_turns=1)
    assert b.last_message(a)["content"] == "async matched"


def test_dict_message_with_function_call_starts_a_chat(scripted_io):
    executor = _agent("executor", function_map={"add_num": add_num})
    caller = _agent("caller")
    message = {"content": None, "function_call": {"name": "add_num", "arguments": '{"num_to_be_added": 1}'}}
    result = caller.initiate_chat(executor, message=message, max_turns=1)
    assert result.chat_history[-1] == {"content": "11", "name": "add_num", "role": "function"}


def test_process_and_handle_carryover_directly():
    agent = _agent("a")
    kwargs = {"carryover": [{"content": "How can I help you?"}]}
    assert agent._process_carryover(content="I am your assistant.", kwargs=kwargs) == (
        "I am your assistant.\nContext: \nHow can I help you?"
    )
    assert agent._handle_carryover(message="m", kwargs={"carryover": None}) == "m"
    with pytest.raises(InvalidCarryOverType):
        agent._handle_carryover(message=3, kwargs={"carryover": "x"})


def test_process_carryover_with_none_carryover_returns_content_unchanged():
    assert _agent("a")._process_carryover("I am your assistant.", {"carryover": None}) == "I am your assistant."


def test_docker_wanted_but_unavailable_raises(monkeypatch, outside_container, unused_tcp_port):
    monkeypatch.setenv("DOCKER_HOST", f"tcp://127.0.0.1:{unused_tcp_port}")  # no engine answers there
    monkeypatch.setenv("AUTOGEN_USE_DOCKER", "True")
    with pytest.raises(RuntimeError):
        UserProxyAgent("u")
