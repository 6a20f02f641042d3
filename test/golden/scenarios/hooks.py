"""register_hook: process_last_received_message, process_all_messages_before_reply, process_message_before_send."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.responder = lambda body: Reply.text("llm saw: " + str(body["messages"][-1]["content"]))
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    bot = autogen.ConversableAgent("bot", llm_config=cfg, system_message="You are a bot.", human_input_mode="NEVER")
    user = autogen.ConversableAgent("user", llm_config=False, human_input_mode="NEVER", default_auto_reply="user auto")

    bot.register_hook("process_last_received_message", lambda text: text.upper())
    bot.register_hook(
        "process_all_messages_before_reply", lambda msgs: msgs + [{"role": "user", "content": "injected"}]
    )

    def before_send(sender, message, recipient, silent):
        if isinstance(message, dict):
            return {**message, "content": f"[{sender.name}->{recipient.name}] {message.get('content')}"}
        return f"[{sender.name}->{recipient.name}] {message}"

    user.register_hook("process_message_before_send", before_send)
    r = user.initiate_chat(bot, message="hello bot", max_turns=2)
    for m in r.chat_history:
        print("HIST:", m)
    print("REQ:", [[(m["role"], m["content"]) for m in req.messages] for req in server.requests])
    try:
        bot.register_hook("no_such_hook", lambda x: x)
    except Exception as exc:
        print("BAD HOOK:", type(exc).__name__, exc)
    try:
        bot.register_hook("process_last_received_message", bot.hook_lists["process_last_received_message"][0])
    except Exception as exc:
        print("DUP HOOK:", type(exc).__name__, exc)
