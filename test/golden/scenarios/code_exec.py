"""Assistant writes a code block, user proxy runs it, assistant says TERMINATE."""

import tempfile

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server, tempfile.TemporaryDirectory() as work:
    server.script(
        Reply.text("Let me compute it.\n```python\nprint(6 * 7)\n```"),
        Reply.text(
            "```sh\necho shell says hi\n```\nand\n```python\nimport sys\nprint('oops', file=sys.stderr)\nraise SystemExit(3)\n```"
        ),
        Reply.text("The answer is 42.\nTERMINATE"),
    )
    assistant = autogen.AssistantAgent(
        "assistant", llm_config={"config_list": server.config_list(), "cache_seed": None}
    )
    user = autogen.UserProxyAgent(
        "user_proxy",
        human_input_mode="NEVER",
        max_consecutive_auto_reply=3,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
        code_execution_config={"work_dir": work, "use_docker": False},
    )
    result = user.initiate_chat(assistant, message="What is 6 times 7?")
    print("SUMMARY:", repr(result.summary))
    print("HISTORY:", len(result.chat_history), [m["role"] for m in result.chat_history])
    print("COST:", result.cost)
