"""Code execution inside a group chat: the executor finds code in earlier messages ("auto" / last_n_messages)."""

import tempfile

import autogen

with tempfile.TemporaryDirectory() as work:
    for last_n in ("auto", 1, 3):
        coder = autogen.ConversableAgent(
            "coder",
            llm_config=False,
            human_input_mode="NEVER",
            default_auto_reply="```python\nprint('group code ran')\n```",
            description="coder",
        )
        talker = autogen.ConversableAgent(
            "talker", llm_config=False, human_input_mode="NEVER", default_auto_reply="just talk", description="talker"
        )
        runner = autogen.UserProxyAgent(
            "runner",
            human_input_mode="NEVER",
            default_auto_reply="nothing to run",
            description="runner",
            code_execution_config={"work_dir": work, "use_docker": False, "last_n_messages": last_n},
        )
        g = autogen.GroupChat(
            agents=[coder, talker, runner], messages=[], max_round=4, speaker_selection_method="round_robin"
        )
        m = autogen.GroupChatManager(g, llm_config=False)
        coder.initiate_chat(m, message="```python\nprint('initial message code')\n```")
        print("LAST_N", last_n, [(x["name"], x["content"]) for x in g.messages])
