"""Usage summaries with Cache.disk: first run real, second run cached; agent, wrapper and gather summaries."""

import os
import tempfile

from _loopback_shim import LoopbackLLMServer, Reply

import autogen
from autogen.cache import Cache

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as tmp:
    server.responder = lambda body: Reply.text(
        "Answer from server.", usage={"prompt_tokens": 50, "completion_tokens": 5}
    )
    cfg = {"config_list": server.config_list(model="gpt-4"), "cache_seed": None}
    for run in (1, 2):
        assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
        user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
        with Cache.disk(cache_seed=7, cache_path_root=os.path.join(tmp, "cache")) as cache:
            r = user.initiate_chat(assistant, message="cached question", max_turns=2, cache=cache)
        print(f"RUN {run} COST:", r.cost)
        assistant.print_usage_summary()
        assistant.print_usage_summary(mode="actual")
        assistant.print_usage_summary(mode="total")
        print("ACTUAL:", assistant.get_actual_usage())
        print("TOTAL:", assistant.get_total_usage())
        print("GATHER:", autogen.gather_usage_summary([assistant, user]))
        print("REQUESTS SO FAR:", len(server.requests))
    user.print_usage_summary()
    print("USER USAGE:", user.get_total_usage(), user.get_actual_usage())
    assistant.reset()
    assistant.print_usage_summary()
    print("AFTER RESET:", autogen.gather_usage_summary([assistant]))
