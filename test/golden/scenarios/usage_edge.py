"""Usage printing edge cases: agents without a client, without any call yet, and gather over a mix."""

import tempfile

from _loopback_shim import LoopbackLLMServer, Reply

import autogen
from autogen.cache import Cache

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as tmp:
    plain = autogen.ConversableAgent("plain", llm_config=False)
    plain.print_usage_summary()
    print("PLAIN:", plain.get_actual_usage(), plain.get_total_usage())
    cfg = {"config_list": server.config_list(model="gpt-4o"), "cache_seed": None}
    fresh = autogen.ConversableAgent("fresh", llm_config=cfg, system_message="s")
    fresh.print_usage_summary()
    print("FRESH:", fresh.get_actual_usage(), fresh.get_total_usage())
    print("GATHER EMPTY:", autogen.gather_usage_summary([plain, fresh]))
    server.script(Reply.text("one"), Reply.text("two"))
    other = autogen.ConversableAgent(
        "other",
        llm_config={"config_list": server.config_list(model="gpt-3.5-turbo"), "cache_seed": None},
        system_message="s",
    )
    u = autogen.ConversableAgent("u", llm_config=False, human_input_mode="NEVER", default_auto_reply="more")
    with Cache.disk(cache_seed=1, cache_path_root=tmp) as cache:
        u.initiate_chats(
            [
                {"recipient": fresh, "message": "q", "max_turns": 1, "cache": cache, "silent": True},
                {"recipient": other, "message": "q", "max_turns": 1, "cache": cache, "silent": True},
            ]
        )
    fresh.print_usage_summary()
    print("GATHER MIX:", autogen.gather_usage_summary([plain, fresh, other]))
    server.script(Reply.text("one"))
    with Cache.disk(cache_seed=1, cache_path_root=tmp) as cache:
        r = u.initiate_chat(fresh, message="q", max_turns=1, cache=cache, silent=True)
        r2 = u.initiate_chat(other, message="q", max_turns=1, cache=cache, silent=True)
    print("CACHED COST:", r.cost, r2.cost)
    fresh.print_usage_summary(mode=["actual", "total"])
    print("REQUESTS:", len(server.requests))
    for bad in ("bogus", ["bogus"], [], ["actual", "total", "x"]):
        try:
            fresh.print_usage_summary(mode=bad)
        except Exception as exc:
            print("BAD MODE:", type(exc).__name__, exc)
