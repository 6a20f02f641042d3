"""Default is_termination_msg of AssistantAgent/UserProxyAgent and custom ones, on either side."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    assistant = autogen.AssistantAgent("assistant", llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user", human_input_mode="NEVER", code_execution_config=False, max_consecutive_auto_reply=3
    )
    # UserProxyAgent's default: content exactly "TERMINATE"
    server.script(Reply.text("done TERMINATE"), Reply.text("TERMINATE"))
    r = user.initiate_chat(assistant, message="one")
    print("A:", len(r.chat_history), repr(r.summary))
    # surrounding whitespace
    server.script(Reply.text("  TERMINATE \n"), Reply.text("x"), Reply.text("y"), Reply.text("z"))
    r = user.initiate_chat(assistant, message="two")
    print("B:", len(r.chat_history), repr(r.summary))
    # AssistantAgent's default: content ending with TERMINATE (as recipient of user's messages)
    server.script(Reply.text("fine"))
    echo = autogen.ConversableAgent(
        "echo", llm_config=False, default_auto_reply="echo TERMINATE", human_input_mode="NEVER"
    )
    r = echo.initiate_chat(assistant, message="hello", max_turns=3)
    print("C:", len(r.chat_history), repr(r.summary))
    r = echo.initiate_chat(assistant, message="stop now TERMINATE", max_turns=3)
    print("D:", len(r.chat_history), repr(r.summary))
    # custom on a ConversableAgent, checking name and role
    seen = []

    def is_term(m):
        seen.append((m.get("name"), m.get("role"), m.get("content")))
        return m.get("content") == "bye"

    quitter = autogen.ConversableAgent(
        "quitter", llm_config=False, is_termination_msg=is_term, default_auto_reply="ok", human_input_mode="NEVER"
    )
    talker = autogen.ConversableAgent("talker", llm_config=False, default_auto_reply="bye", human_input_mode="NEVER")
    r = quitter.initiate_chat(talker, message="hey")
    print("E:", len(r.chat_history), seen)
    # content None and empty content with the assistant's default
    server.script(Reply.tool_call("nothing", {}), Reply.text(""))
    r = user.initiate_chat(assistant, message="three", max_turns=2)
    print("F:", [(m["role"], m.get("content")) for m in r.chat_history])
