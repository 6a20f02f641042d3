"""Agent properties and small methods: system_message updates, description, last_message errors, chat_messages_for_summary."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.responder = lambda body: Reply.text("ok")
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    bot = autogen.ConversableAgent(
        "bot", llm_config=cfg, system_message="First system.", description="A bot.", human_input_mode="NEVER"
    )
    print("SYS:", bot.system_message, "|", bot.description, "|", bot.name)
    bot.update_system_message("Second system.")
    bot.description = "Changed."
    print("SYS2:", bot.system_message, bot._oai_system_message, bot.description)
    a = autogen.ConversableAgent("a", llm_config=False, human_input_mode="NEVER", default_auto_reply="a!")
    c = autogen.ConversableAgent("c", llm_config=False, human_input_mode="NEVER", default_auto_reply="c!")
    a.initiate_chat(bot, message="hello", max_turns=1, silent=True)
    print("REQ:", server.requests[-1].messages)
    a.initiate_chat(c, message="hello c", max_turns=1, silent=True)
    try:
        a.last_message()
    except Exception as exc:
        print("LAST ERR:", type(exc).__name__, exc)
    print("LAST c:", a.last_message(c))
    print("SUMMARY MSGS:", a.chat_messages_for_summary(c))
    print(
        "DEFAULTS:",
        autogen.ConversableAgent.DEFAULT_SUMMARY_METHOD,
        autogen.ConversableAgent.MAX_CONSECUTIVE_AUTO_REPLY,
        autogen.UserProxyAgent.DEFAULT_USER_PROXY_AGENT_DESCRIPTIONS.keys()
        if hasattr(autogen.UserProxyAgent, "DEFAULT_USER_PROXY_AGENT_DESCRIPTIONS")
        else None,
    )
    print(
        "MODES:",
        a.human_input_mode,
        autogen.UserProxyAgent("u").human_input_mode,
        autogen.AssistantAgent("x", llm_config=cfg).human_input_mode,
    )
    print(
        "CODE CFG:",
        a.code_executor,
        autogen.UserProxyAgent("u2", code_execution_config={"use_docker": False})._code_execution_config,
    )
    print("USE DOCKER DEFAULT:", autogen.UserProxyAgent("u3")._code_execution_config)
    print("FUNCTION MAP:", a.function_map, "TOOLS:", a.tools if hasattr(a, "tools") else None)
    print("LLM CFG:", bot.llm_config)
    print("CLIENT:", type(bot.client).__name__, a.client)
    print("IS AGENT:", isinstance(bot, autogen.Agent), isinstance(bot, autogen.ConversableAgent))
    print(
        "USE DOCKER:",
        autogen.UserProxyAgent("u4", code_execution_config={"use_docker": False, "work_dir": "wd"}).use_docker
        if hasattr(autogen.UserProxyAgent, "use_docker")
        else "n/a",
    )
