"""llm_config cache_seed caching (legacy disk cache under cache_path_root) and OpenAIWrapper usage summaries."""

import os
import tempfile

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)
    server.responder = lambda body: Reply.text("Served.", usage={"prompt_tokens": 12, "completion_tokens": 3})
    client = autogen.OpenAIWrapper(config_list=server.config_list(model="gpt-3.5-turbo"), cache_seed=42)
    msgs = [{"role": "user", "content": "same question"}]
    r1 = client.create(messages=msgs)
    r2 = client.create(messages=msgs)
    r3 = client.create(messages=msgs, cache_seed=None)
    r4 = client.create(messages=[{"role": "user", "content": "other"}], cache_seed=43)
    print("COSTS:", r1.cost, r2.cost, r3.cost, r4.cost)
    print("REQUESTS:", len(server.requests))
    print("TEXT:", client.extract_text_or_completion_object(r2))
    client.print_usage_summary()
    client.print_usage_summary(mode="actual")
    client.print_usage_summary(mode=["actual", "total"])
    print("ACTUAL:", client.actual_usage_summary)
    print("TOTAL:", client.total_usage_summary)
    client.clear_usage_summary()
    print("CLEARED:", client.actual_usage_summary, client.total_usage_summary)
    client.print_usage_summary()
    unpriced = autogen.OpenAIWrapper(
        config_list=server.config_list(model="my-local-model", price=[1, 2]), cache_seed=None
    )
    unpriced.create(messages=msgs)
    unpriced.print_usage_summary()
