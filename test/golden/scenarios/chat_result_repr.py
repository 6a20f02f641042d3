"""ChatResult printed whole, and its fields, for a plain chat, a chat with costs and initiate_chats results."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.text("r1", usage={"prompt_tokens": 7, "completion_tokens": 2}),
        Reply.text("r2", usage={"prompt_tokens": 9, "completion_tokens": 3}),
    )
    cfg = {"config_list": server.config_list(model="gpt-4o-mini"), "cache_seed": None}
    bot = autogen.ConversableAgent("bot", llm_config=cfg, system_message="sys", human_input_mode="NEVER")
    user = autogen.ConversableAgent("user", llm_config=False, human_input_mode="NEVER", default_auto_reply="again")
    r = user.initiate_chat(bot, message="hi", max_turns=2, silent=True)
    print(r)
    print("FIELDS:", r.chat_id, r.summary, r.cost, r.human_input)
    plain = autogen.ConversableAgent("plain", llm_config=False, human_input_mode="NEVER", default_auto_reply="ok")
    r = user.initiate_chat(plain, message="hi", max_turns=1, silent=True)
    print(r)
    rs = user.initiate_chats([{"recipient": plain, "message": "a", "max_turns": 1, "silent": True, "chat_id": "first"}])
    print(rs)
    print("CHAT RESULTS:", user.get_chat_results(), user.get_chat_results(0))
    bot.print_usage_summary()
    print(autogen.gather_usage_summary([bot, user, plain]))
