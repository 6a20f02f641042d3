"""initiate_chats extras: finished_chat_indexes_to_exclude_from_carryover, reflection failing, list content summary."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None, "max_retries": 0}

    def make(n, text):
        return autogen.ConversableAgent(n, llm_config=False, human_input_mode="NEVER", default_auto_reply=text)

    u, a, b, c = make("u", "u"), make("a", "a done"), make("b", "b done"), make("c", "c done")
    res = u.initiate_chats(
        [
            {"recipient": a, "message": "A", "max_turns": 1},
            {"recipient": b, "message": "B", "max_turns": 1},
            {"recipient": c, "message": "C", "max_turns": 1, "finished_chat_indexes_to_exclude_from_carryover": [0]},
        ]
    )
    print("EXCLUDE:", [r.chat_history[0]["content"] for r in res])
    bot = autogen.ConversableAgent("bot", llm_config=cfg, system_message="s", human_input_mode="NEVER")
    server.script(Reply.text("bot reply"), Reply.error(400, "summary request rejected"))
    r = u.initiate_chat(bot, message="q", max_turns=1, summary_method="reflection_with_llm")
    print("REFLECT FAILED:", repr(r.summary))
    lister = make("lister", {"content": [{"type": "text", "text": "list part"}, {"type": "text", "text": " two"}]})
    r = u.initiate_chat(lister, message="q", max_turns=1)
    print("LIST SUMMARY:", repr(r.summary))
    none_reply = make("none_reply", {"content": None, "function_call": {"name": "f", "arguments": "{}"}})
    r = u.initiate_chat(none_reply, message="q", max_turns=1)
    print("NONE SUMMARY:", repr(r.summary))
