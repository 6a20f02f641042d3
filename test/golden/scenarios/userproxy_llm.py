"""A UserProxyAgent with an llm_config: code first, then the LLM when there is no code; reply order."""

import tempfile

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as work:
    server.script(Reply.text("proxy llm reply 1"), Reply.text("proxy llm reply 2"))
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    proxy = autogen.UserProxyAgent(
        "proxy",
        human_input_mode="NEVER",
        llm_config=cfg,
        system_message="Proxy with LLM.",
        code_execution_config={"work_dir": work, "use_docker": False},
    )
    other = autogen.ConversableAgent(
        "other",
        llm_config=False,
        human_input_mode="NEVER",
        default_auto_reply="```python\nprint('code from other')\n```",
    )
    r = other.initiate_chat(proxy, message="no code here", max_turns=3)
    print("HISTORY:", [(m["name"], m["content"]) for m in r.chat_history])
    print("REQUESTS:", len(server.requests), [[m["role"] for m in q.messages] for q in server.requests])
    print("REPLY FUNCS:", [f["reply_func"].__name__ for f in proxy._reply_func_list])
