"""OpenAIWrapper.create: context templates, n choices, filter_func, multiple configs, extract results, cost, repr-free."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    client = autogen.OpenAIWrapper(config_list=server.config_list(), cache_seed=None)
    server.script(
        Reply.text("templated"),
        Reply.text("choice", n=2),
        Reply.tool_call("t", {"a": 1}, content="with content"),
        Reply.text("rejected"),
        Reply.text("accepted"),
    )
    r = client.create(
        messages=[{"role": "user", "content": "Tell me about {topic}."}],
        context={"topic": "bees"},
        allow_format_str_template=True,
    )
    print("SENT:", server.requests[-1].messages)
    print("TEXT:", client.extract_text_or_completion_object(r))
    r = client.create(messages=[{"role": "user", "content": "two"}], n=2)
    print("N:", client.extract_text_or_completion_object(r), server.requests[-1].body.get("n"))
    r = client.create(messages=[{"role": "user", "content": "tool"}])
    out = client.extract_text_or_completion_object(r)
    print("TOOL OBJ:", type(out[0]).__name__, out[0].content, out[0].tool_calls[0].function.name)
    r = client.create(
        messages=[{"role": "user", "content": "filter"}],
        filter_func=lambda context, response: "accepted" in str(response.choices[0].message.content),
    )
    print("FILTERED LAST:", client.extract_text_or_completion_object(r), len(server.requests))
    r = client.create(messages=[{"role": "user", "content": "x"}], temperature=0.5, max_tokens=12)
    print("BODY KEYS:", sorted(k for k in server.requests[-1].body if k not in ("messages",)))
    print("COST ATTRS:", r.cost, r.config_id, r.pass_filter if hasattr(r, "pass_filter") else None)
    print(
        "INSTANTIATE:",
        autogen.OpenAIWrapper.instantiate("Hi {name}", {"name": "Z"}, True),
        autogen.OpenAIWrapper.instantiate("Hi {name}", {"name": "Z"}, False),
    )
    print("INSTANTIATE CALLABLE:", autogen.OpenAIWrapper.instantiate(lambda ctx: f"made {ctx['name']}", {"name": "Q"}))
    client.print_usage_summary()
    two = autogen.OpenAIWrapper(
        config_list=server.config_list(model="gpt-4") + server.config_list(model="gpt-4o"), cache_seed=None
    )
    server.script(Reply.text("a"), Reply.text("b"))
    r = two.create(messages=[{"role": "user", "content": "x"}], filter_func=lambda context, response: False)
    print(
        "ALL FILTERED:",
        two.extract_text_or_completion_object(r),
        r.config_id,
        [q.body["model"] for q in server.requests[-2:]],
    )
    two.print_usage_summary()
