"""generate_reply called directly: with messages, with sender, exclude, an LLM agent, a_generate_reply."""

import asyncio

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    server.script(
        Reply.text("direct one"), Reply.tool_call("f", {"a": 1}), Reply.text("async one"), Reply.text("with sender")
    )
    print("1:", repr(assistant.generate_reply(messages=[{"role": "user", "content": "hi"}])))
    print("2:", assistant.generate_reply(messages=[{"role": "user", "content": "hi"}]))
    print("3:", repr(asyncio.run(assistant.a_generate_reply(messages=[{"role": "user", "content": "hi"}]))))
    user.send("stored message", assistant, request_reply=False)
    print("4:", repr(assistant.generate_reply(sender=user)))
    print(
        "REQ4:",
        [(m["role"], m.get("content"), m.get("name")) for m in server.requests[-1].messages if m["role"] != "system"],
    )
    try:
        assistant.generate_reply()
    except Exception as exc:
        print("5 ERR:", type(exc).__name__, exc)
    plain = autogen.ConversableAgent("plain", llm_config=False, human_input_mode="NEVER")
    print("6:", repr(plain.generate_reply(messages=[{"role": "user", "content": "x"}], sender=user)))
    print("7:", repr(user.generate_reply(messages=[{"role": "user", "content": "x"}], sender=plain)))
    print(
        "8:",
        repr(
            user.generate_reply(
                messages=[{"role": "user", "content": "x"}],
                sender=plain,
                exclude=[autogen.ConversableAgent.check_termination_and_human_reply],
            )
        ),
    )
    print("9:", repr(assistant.generate_oai_reply(messages=[{"role": "user", "content": "x"}])[0]))
    server.script(Reply.text("oai"))
    print("10:", assistant.generate_oai_reply(messages=[{"role": "user", "content": "x"}]))
    print("REQUESTS:", len(server.requests))
