"""Errors at run time: server errors, a tool that raises in the caller's thread, groupchat without speakers."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen


def attempt(label, fn):
    try:
        out = fn()
        print(label, "OK:", out if isinstance(out, (str, int)) else type(out).__name__)
    except Exception as exc:
        print(label, "ERR:", type(exc).__name__, str(exc)[:200])


with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None, "max_retries": 0}
    a = autogen.AssistantAgent("a", llm_config=cfg)
    u = autogen.UserProxyAgent("u", human_input_mode="NEVER", code_execution_config=False)
    server.script(Reply.error(400, "Bad request for test."))
    attempt("http 400", lambda: u.initiate_chat(a, message="x", max_turns=1))
    server.script(Reply.error(401, "No key."))
    attempt("http 401", lambda: u.initiate_chat(a, message="x", max_turns=1))
    server.script(Reply.error(500, "Server down."))
    attempt("http 500", lambda: u.initiate_chat(a, message="x", max_turns=1))
    server.script(Reply.rate_limit())
    attempt("rate limit", lambda: u.initiate_chat(a, message="x", max_turns=1))
    server.script(Reply.text("after errors"))
    attempt("recovers", lambda: u.initiate_chat(a, message="x", max_turns=1).summary)
    two = {
        "config_list": server.config_list() + server.config_list(model="gpt-3.5-turbo"),
        "cache_seed": None,
        "max_retries": 0,
    }
    b = autogen.AssistantAgent("b", llm_config=two)
    server.script(Reply.error(500, "first fails"), Reply.text("second config answered"))
    attempt("fallback config", lambda: u.initiate_chat(b, message="x", max_turns=1).summary)
    print("MODELS:", [r.body["model"] for r in server.requests[-2:]])
    server.script(Reply.error(500, "a"), Reply.error(500, "b"))
    attempt("all configs fail", lambda: u.initiate_chat(b, message="x", max_turns=1))

    def raising_reply(recipient, messages, sender, config):
        raise KeyError("from reply func")

    c = autogen.ConversableAgent("c", llm_config=False, human_input_mode="NEVER")
    c.register_reply([autogen.Agent, None], raising_reply)
    attempt("reply func raises", lambda: u.initiate_chat(c, message="x", max_turns=1))
