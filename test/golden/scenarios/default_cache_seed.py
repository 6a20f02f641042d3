"""llm_config without cache_seed: the default legacy cache (seed 41 under ./.cache) serves a repeated chat."""

import os
import tempfile

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)
    server.responder = lambda body: Reply.text(
        "cached-able answer", usage={"prompt_tokens": 20, "completion_tokens": 4}
    )
    for run in (1, 2):
        bot = autogen.ConversableAgent(
            "bot", llm_config={"config_list": server.config_list(model="gpt-4o-mini")}, system_message="sys"
        )
        user = autogen.ConversableAgent("user", llm_config=False, human_input_mode="NEVER", default_auto_reply="again")
        r = user.initiate_chat(bot, message="same question", max_turns=2)
        print("RUN", run, "REQUESTS:", len(server.requests), "COST:", r.cost)
        bot.print_usage_summary()
    print("CACHE DIRS:", sorted(os.listdir(os.path.join(tmp, ".cache"))))
