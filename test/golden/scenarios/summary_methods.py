"""Summary methods: last_msg (with TERMINATE stripped), reflection_with_llm with summary_args, callable, None."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    server.script(Reply.text("The answer.\nTERMINATE"))
    r = user.initiate_chat(assistant, message="q", max_turns=1)
    print("LAST_MSG:", repr(r.summary))
    server.script(Reply.text("Only TERMINATE here"))
    r = user.initiate_chat(assistant, message="q", max_turns=1, summary_method="last_msg")
    print("LAST_MSG2:", repr(r.summary))
    server.script(Reply.text("Reply."), Reply.text("Reflected summary TERMINATE"))
    r = user.initiate_chat(
        assistant,
        message="q",
        max_turns=1,
        summary_method="reflection_with_llm",
        summary_args={"summary_prompt": "Summarize in one line.", "summary_role": "user"},
    )
    print("REFLECT:", repr(r.summary))
    print(
        "REFLECT REQ:", [(m["role"], m.get("content")) for m in server.requests[-1].messages if m["role"] != "system"]
    )
    server.script(Reply.text("Reply."), Reply.text("Default prompt summary"))
    r = user.initiate_chat(assistant, message="q", max_turns=1, summary_method="reflection_with_llm")
    print("REFLECT2:", repr(r.summary), [m["role"] for m in server.requests[-1].messages])
    # reflection by an agent without an LLM: the summary is empty (with a warning)
    plain = autogen.ConversableAgent(
        "plain", llm_config=False, default_auto_reply="plain reply", human_input_mode="NEVER"
    )
    try:
        r = user.initiate_chat(plain, message="q", max_turns=1, summary_method="reflection_with_llm")
        print("REFLECT NO LLM:", repr(r.summary))
    except AssertionError as exc:
        print("REFLECT NO LLM:", type(exc).__name__, exc)
    # the recipient has no LLM but the sender has: the sender reflects
    server.script(Reply.text("sender-side summary"))
    r = assistant.initiate_chat(plain, message="q", max_turns=1, summary_method="reflection_with_llm")
    print("REFLECT BY SENDER:", repr(r.summary))

    def my_summary(sender, recipient, summary_args):
        return f"{sender.name}->{recipient.name}: {len(sender.chat_messages[recipient])} msgs, args={summary_args}"

    server.script(Reply.text("Reply."))
    r = user.initiate_chat(assistant, message="q", max_turns=1, summary_method=my_summary, summary_args={"x": 1})
    print("CALLABLE:", repr(r.summary))
    server.script(Reply.text("Reply."))
    r = user.initiate_chat(assistant, message="q", max_turns=1, summary_method=None)
    print("NONE:", repr(r.summary))
    server.script(Reply.tool_call("f", {}))
    r = user.initiate_chat(assistant, message="q", max_turns=1)
    print("TOOL LAST:", repr(r.summary))
    try:
        user.initiate_chat(assistant, message="q", max_turns=1, summary_method="bogus")
    except Exception as exc:
        print("BOGUS:", type(exc).__name__, exc)
    print("REQUESTS:", len(server.requests))
