"""Errors users hit while setting agents up: type names and messages are printed."""

from typing import Annotated

from _loopback_shim import LoopbackLLMServer

import autogen


def attempt(label, fn):
    try:
        out = fn()
        print(label, "OK:", type(out).__name__)
    except Exception as exc:
        print(label, "ERR:", type(exc).__name__, str(exc))


with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    attempt(
        "bad human_input_mode", lambda: autogen.ConversableAgent("x", llm_config=False, human_input_mode="SOMETIMES")
    )
    attempt("lower human_input_mode", lambda: autogen.ConversableAgent("x", llm_config=False, human_input_mode="never"))
    attempt("empty config_list", lambda: autogen.ConversableAgent("x", llm_config={"config_list": []}))
    attempt("llm_config True", lambda: autogen.ConversableAgent("x", llm_config=True))
    attempt("llm_config string", lambda: autogen.ConversableAgent("x", llm_config="gpt-4"))
    attempt("llm_config None", lambda: autogen.ConversableAgent("x", llm_config=None))
    attempt("llm_config empty dict", lambda: autogen.ConversableAgent("x", llm_config={}))
    attempt("name with space", lambda: autogen.ConversableAgent("has space", llm_config=cfg))
    attempt(
        "bad executor",
        lambda: autogen.ConversableAgent("x", llm_config=False, code_execution_config={"executor": "bogus"}),
    )
    attempt(
        "executor plus work_dir",
        lambda: autogen.ConversableAgent(
            "x", llm_config=False, code_execution_config={"executor": "commandline-local", "work_dir": "."}
        ),
    )
    attempt(
        "code config not dict", lambda: autogen.ConversableAgent("x", llm_config=False, code_execution_config="yes")
    )
    attempt("docker not available", lambda: autogen.UserProxyAgent("x", code_execution_config={"use_docker": True}))
    attempt(
        "max_auto negative",
        lambda: autogen.ConversableAgent(
            "x", llm_config=False, max_consecutive_auto_reply=-1
        ).max_consecutive_auto_reply(),
    )
    a = autogen.AssistantAgent("a", llm_config=cfg)
    plain = autogen.ConversableAgent("plain", llm_config=False)

    def no_desc(x: Annotated[int, "x"]) -> int:
        return x

    attempt("register_for_llm no description", lambda: a.register_for_llm()(no_desc))
    attempt("register_for_llm without llm", lambda: plain.register_for_llm(description="d")(no_desc))

    def no_hints(x):
        return x

    attempt("register_for_llm missing hints", lambda: a.register_for_llm(description="d")(no_hints))
    attempt(
        "register_for_llm api_style function",
        lambda: a.register_for_llm(description="d", api_style="function")(no_desc),
    )
    print("FUNCTIONS:", a.llm_config.get("functions"))
    attempt("register_for_llm name clash", lambda: a.register_for_llm(name="no_desc", description="again")(no_desc))
    print("TOOLS:", [t["function"]["name"] for t in a.llm_config.get("tools", [])])
    attempt(
        "register_for_execution twice",
        lambda: (plain.register_for_execution()(no_desc), plain.register_for_execution()(no_desc)),
    )
    attempt(
        "register_function",
        lambda: autogen.register_function(no_desc, caller=a, executor=plain, name="nd", description="d"),
    )
    attempt("register_function no desc", lambda: autogen.register_function(no_desc, caller=a, executor=plain))
    attempt("update_tool_signature remove unknown", lambda: a.update_tool_signature("zzz", is_remove=True))
    attempt("update_function_signature bad", lambda: a.update_function_signature({"no_name": 1}, is_remove=False))
    attempt(
        "groupchat dup names",
        lambda: autogen.GroupChat(agents=[plain, autogen.ConversableAgent("plain", llm_config=False)], messages=[]),
    )
    attempt("manager without groupchat", lambda: autogen.GroupChatManager(groupchat="x", llm_config=False))
    attempt(
        "groupchat empty select prompt",
        lambda: autogen.GroupChat(agents=[plain, a], messages=[], select_speaker_message_template=""),
    )
    attempt(
        "groupchat bad role",
        lambda: autogen.GroupChat(agents=[plain, a], messages=[], role_for_select_speaker_messages=""),
    )
    attempt(
        "groupchat negative retries",
        lambda: autogen.GroupChat(agents=[plain, a], messages=[], max_retries_for_selecting_speaker=-1),
    )
    attempt("initiate_chat to self", lambda: plain.initiate_chat(plain, message="hi", max_turns=1))
    attempt("initiate_chat no message", lambda: plain.initiate_chat(a, max_turns=1))
    attempt(
        "wrapper no config",
        lambda: autogen.OpenAIWrapper(config_list=[]).create(messages=[{"role": "user", "content": "x"}]),
    )
    attempt("wrapper bad key", lambda: autogen.OpenAIWrapper(config_list=server.config_list(), bogus_key=1))
