"""OpenAIWrapper.create with stream=True prints the chunks; text, usage and messages of streamed replies."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.text("Streamed straight from the wrapper, chunk by chunk."),
        Reply.text("Not streamed."),
        Reply.tool_calls_(
            [{"name": "f", "arguments": {"long_argument_name": "some value here"}}, {"name": "g", "arguments": {}}]
        ),
        Reply.function("legacy", {"x": 1}),
        Reply.text("Two choices streamed.", n=2),
        Reply.text(""),
    )
    client = autogen.OpenAIWrapper(config_list=server.config_list(), cache_seed=None)
    msgs = [{"role": "user", "content": "hi"}]
    resp = client.create(messages=msgs, stream=True)
    print("TEXT:", client.extract_text_or_completion_object(resp))
    print("USAGE:", resp.usage, resp.cost, resp.choices[0].finish_reason)
    resp = client.create(messages=msgs)
    print("TEXT:", client.extract_text_or_completion_object(resp))
    resp = client.create(messages=msgs, stream=True)
    print(
        "TOOLS:",
        [m.model_dump() if hasattr(m, "model_dump") else m for m in client.extract_text_or_completion_object(resp)],
    )
    print("USAGE:", resp.usage, resp.choices[0].finish_reason)
    resp = client.create(messages=msgs, stream=True)
    print(
        "FUNC:",
        [m.model_dump() if hasattr(m, "model_dump") else m for m in client.extract_text_or_completion_object(resp)],
    )
    print("USAGE:", resp.usage, resp.choices[0].finish_reason)
    resp = client.create(messages=msgs, stream=True, n=2)
    print("N2:", client.extract_text_or_completion_object(resp), resp.usage)
    resp = client.create(messages=msgs, stream=True)
    print("EMPTY:", client.extract_text_or_completion_object(resp), resp.usage)
    client.print_usage_summary()
    client.print_usage_summary(mode="actual")
    client.clear_usage_summary()
    client.print_usage_summary()
