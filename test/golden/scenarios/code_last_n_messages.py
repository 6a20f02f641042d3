"""Code in a non-last message: last_n_messages 1, 2 and "auto"; no code found replies."""

import tempfile

import autogen

with tempfile.TemporaryDirectory() as work:
    for last_n in (1, 2, "auto"):
        runner = autogen.UserProxyAgent(
            "runner",
            human_input_mode="NEVER",
            default_auto_reply="(no code)",
            code_execution_config={"work_dir": work, "use_docker": False, "last_n_messages": last_n},
        )
        coder = autogen.ConversableAgent("coder", llm_config=False, human_input_mode="NEVER")
        runner.receive(
            {"content": "```python\nprint('old code')\n```", "role": "user"}, coder, request_reply=False, silent=True
        )
        runner.receive({"content": "no code here", "role": "user"}, coder, request_reply=False, silent=True)
        print("LAST_N:", last_n)
        reply = runner.generate_reply(sender=coder)
        print("REPLY:", repr(reply))
    # "auto" stops at the first message the runner itself sent
    runner = autogen.UserProxyAgent(
        "runner",
        human_input_mode="NEVER",
        default_auto_reply="(no code)",
        code_execution_config={"work_dir": work, "use_docker": False, "last_n_messages": "auto"},
    )
    coder = autogen.ConversableAgent("coder", llm_config=False, human_input_mode="NEVER")
    runner.receive(
        {"content": "```python\nprint('before my message')\n```", "role": "user"},
        coder,
        request_reply=False,
        silent=True,
    )
    runner.send("my own message", coder, request_reply=False, silent=True)
    runner.receive({"content": "plain", "role": "user"}, coder, request_reply=False, silent=True)
    print("AUTO AFTER OWN:", repr(runner.generate_reply(sender=coder)))
    try:
        bad = autogen.UserProxyAgent(
            "bad",
            human_input_mode="NEVER",
            code_execution_config={"work_dir": work, "use_docker": False, "last_n_messages": -1},
        )
        bad.receive({"content": "```python\nprint(1)\n```", "role": "user"}, coder, request_reply=False, silent=True)
        print("NEG:", bad.generate_reply(sender=coder))
    except Exception as exc:
        print("NEG ERR:", type(exc).__name__, exc)
