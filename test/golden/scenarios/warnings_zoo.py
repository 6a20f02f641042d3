"""Conditions under which 0.2 logs or warns (compared through the [stderr] section of the transcript)."""

import tempfile
from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen
from autogen.cache import Cache

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as tmp:
    server.responder = lambda body: Reply.text("fine")
    msgs = [{"role": "user", "content": "x"}]
    print("1 unknown model")
    c = autogen.OpenAIWrapper(config_list=server.config_list(model="my-unpriced-model"), cache_seed=None)
    r = c.create(messages=msgs)
    print("COST:", r.cost)
    c.create(messages=msgs)
    print("2 cache object and cache_seed")
    with Cache.disk(cache_seed=9, cache_path_root=tmp) as cache:
        c2 = autogen.OpenAIWrapper(config_list=server.config_list(), cache_seed=5)
        c2.create(messages=msgs, cache=cache)
    print("3 tool overridden")
    bot = autogen.ConversableAgent(
        "bot", llm_config={"config_list": server.config_list(), "cache_seed": None}, system_message="s"
    )

    def t1(x: Annotated[int, "x"]) -> int:
        return x

    bot.register_for_llm(name="t", description="first")(t1)
    bot.register_for_llm(name="t", description="second")(t1)
    print("TOOLS:", [(t["function"]["name"], t["function"]["description"]) for t in bot.llm_config["tools"]])
    print("4 function overridden")
    bot.register_for_llm(name="f", description="first", api_style="function")(t1)
    bot.register_for_llm(name="f", description="second", api_style="function")(t1)
    print("5 remove missing tool")
    try:
        bot.update_tool_signature("nope", is_remove=True)
    except Exception as exc:
        print("ERR:", type(exc).__name__, exc)
    print("6 no return annotation")

    def no_ret(x: int):
        return x

    bot.register_for_llm(description="d")(no_ret)
    print("7 extra config keys")
    c3 = autogen.OpenAIWrapper(
        config_list=[{**server.config_list()[0], "tags": ["a"], "unknown_field": 1}], cache_seed=None
    )
    try:
        c3.create(messages=msgs)
        print("created")
    except Exception as exc:
        print("ERR:", type(exc).__name__, str(exc)[:120])
    print("9 float price")
    c4 = autogen.OpenAIWrapper(config_list=server.config_list(model="priced-model", price=0.5), cache_seed=None)
    print("CREATED")
    r = c4.create(messages=msgs)
    r = c4.create(messages=msgs)
    print("COST:", r.cost)
    print("10 streaming an unknown model")
    c5 = autogen.OpenAIWrapper(config_list=server.config_list(model="my-stream-model"), cache_seed=None)
    r = c5.create(messages=msgs, stream=True)
    print("USAGE:", r.usage.prompt_tokens, r.usage.completion_tokens, r.cost)
    print("8 summary of empty chat")
    u = autogen.ConversableAgent("u", llm_config=False, human_input_mode="NEVER")
    r = u.initiate_chat(bot, message="hi", max_turns=0)
    print("SUMMARY:", repr(r.summary))
