"""Transport failures surfaced to the user: malformed body, dropped connection, timeout, 404, retries then success."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen


def attempt(label, fn):
    try:
        out = fn()
        print(label, "OK:", out)
    except Exception as exc:
        print(label, "ERR:", type(exc).__name__, str(exc)[:160])


with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None, "max_retries": 0, "timeout": 1}
    bot = autogen.ConversableAgent("bot", llm_config=cfg, system_message="sys", human_input_mode="NEVER")
    msgs = [{"role": "user", "content": "x"}]
    server.script(Reply.malformed())
    attempt("malformed", lambda: bot.generate_reply(messages=msgs))
    server.script(Reply.drop())
    attempt("drop", lambda: bot.generate_reply(messages=msgs))
    server.script(Reply.hang(3))
    attempt("timeout", lambda: bot.generate_reply(messages=msgs))
    server.script(Reply.error(404, "No such model."))
    attempt("404", lambda: bot.generate_reply(messages=msgs))
    server.script(Reply.error(422, "Unprocessable."))
    attempt("422", lambda: bot.generate_reply(messages=msgs))
    retry_bot = autogen.ConversableAgent(
        "retry", llm_config={**cfg, "max_retries": 2}, system_message="sys", human_input_mode="NEVER"
    )
    server.script(Reply.error(500, "flaky"), Reply.rate_limit(), Reply.text("third time lucky"))
    attempt("retries", lambda: retry_bot.generate_reply(messages=msgs))
    print("REQUESTS:", len(server.requests))
