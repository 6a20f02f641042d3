"""register_for_llm(api_style="function") with register_for_execution: legacy function_call round trip."""

from typing import Annotated

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.function("area", {"w": 3, "h": 4}), Reply.function("area", {"w": "x"}), Reply.text("Twelve. TERMINATE")
    )
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    bot = autogen.ConversableAgent("bot", llm_config=cfg, system_message="You compute.", human_input_mode="NEVER")
    user = autogen.UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        code_execution_config=False,
        max_consecutive_auto_reply=5,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    @user.register_for_execution()
    @bot.register_for_llm(api_style="function", description="Rectangle area.")
    def area(w: Annotated[int, "width"], h: Annotated[int, "height"] = 1) -> int:
        return w * h

    print("FUNCTIONS:", bot.llm_config.get("functions"), "TOOLS:", bot.llm_config.get("tools"))
    r = user.initiate_chat(bot, message="area of 3x4")
    for m in r.chat_history:
        print("MSG:", m)
    print("REQ:", [[(m["role"], m.get("name")) for m in q.messages] for q in server.requests])
    print("REQ FUNCS:", [q.body.get("functions") is not None for q in server.requests])
