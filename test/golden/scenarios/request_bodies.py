"""What is sent to the API for various llm_configs: body keys and values other than the messages."""

import os
import tempfile
from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen
from autogen.cache import Cache

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)  # the legacy cache_seed cache lives under ./.cache
    server.responder = lambda body: Reply.text("ok")
    base = server.config_list()
    configs = {
        "plain": {"config_list": base, "cache_seed": None},
        "params": {
            "config_list": base,
            "cache_seed": None,
            "temperature": 0.3,
            "max_tokens": 20,
            "top_p": 0.9,
            "timeout": 30,
            "max_retries": 1,
            "seed": 5,
        },
        "per_config": {
            "config_list": [{**base[0], "temperature": 0.1, "tags": ["x"], "price": [1, 1]}],
            "cache_seed": None,
        },
        "stream": {"config_list": base, "cache_seed": None, "stream": True},
        "functions": {
            "config_list": base,
            "cache_seed": None,
            "functions": [{"name": "f", "parameters": {"type": "object", "properties": {}}}],
        },
        "tool_choice": {"config_list": base, "cache_seed": None, "tool_choice": "none", "parallel_tool_calls": False},
    }
    for label, cfg in configs.items():
        bot = autogen.ConversableAgent("bot", llm_config=cfg, system_message="sys", human_input_mode="NEVER")
        bot.generate_reply(messages=[{"role": "user", "content": "hi"}])
        body = server.requests[-1].body
        print(label, {k: v for k, v in sorted(body.items()) if k != "messages"})
    bot = autogen.ConversableAgent(
        "toolbot", llm_config={"config_list": base, "cache_seed": None}, system_message="sys", human_input_mode="NEVER"
    )

    @bot.register_for_llm(description="Tool.")
    def tool(x: Annotated[int, "x"]) -> int:
        return x

    bot.generate_reply(messages=[{"role": "user", "content": "hi"}])
    print("tools", {k: v for k, v in sorted(server.requests[-1].body.items()) if k != "messages"})
    print(
        "headers",
        sorted(k.lower() for k in server.requests[-1].headers if k.lower() in ("authorization", "content-type")),
    )
    with Cache.disk(cache_seed=3, cache_path_root=tmp) as cache:
        bot2 = autogen.ConversableAgent(
            "bot2", llm_config={"config_list": base, "cache_seed": 3, "stream": True}, system_message="sys"
        )
        n = len(server.requests)
        print("FIRST:", bot2.generate_reply(messages=[{"role": "user", "content": "cache me"}]))
        print("SECOND:", bot2.generate_reply(messages=[{"role": "user", "content": "cache me"}]))
        print("REQUESTS MADE:", len(server.requests) - n)
        bot2.print_usage_summary()
