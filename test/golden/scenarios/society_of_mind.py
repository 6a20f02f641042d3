"""SocietyOfMindAgent: an inner group chat runs silently-or-not and its answer is prepared by the LLM."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen
from autogen.agentchat.contrib.society_of_mind_agent import SocietyOfMindAgent

with LoopbackLLMServer() as server:
    server.script(Reply.text("Final prepared answer."))
    cfg = {"config_list": server.config_list(), "cache_seed": None}

    def make(n, text):
        return autogen.ConversableAgent(
            n, llm_config=False, human_input_mode="NEVER", default_auto_reply=text, description=n
        )

    inner1, inner2 = make("thinker", "I think 4."), make("checker", "Checked: 4. TERMINATE")
    g = autogen.GroupChat(agents=[inner1, inner2], messages=[], max_round=4, speaker_selection_method="round_robin")
    gm = autogen.GroupChatManager(
        g, llm_config=False, is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or "")
    )
    som = SocietyOfMindAgent("society", chat_manager=gm, llm_config=cfg)
    user = autogen.UserProxyAgent(
        "user", human_input_mode="NEVER", code_execution_config=False, max_consecutive_auto_reply=0
    )
    r = user.initiate_chat(som, message="What is 2 + 2?")
    print("SUMMARY:", repr(r.summary))
    print("INNER:", [(m["name"], m["content"]) for m in g.messages])
    print("REQ ROLES:", [[(m["role"], m.get("name")) for m in q.messages] for q in server.requests])
    print("REQ CONTENT:", [m["content"] for m in server.requests[0].messages[1:-1]])
    server.script(Reply.text("Quiet answer."))
    inner1, inner2 = make("thinker", "Hmm."), make("checker", "Ok. TERMINATE")
    g = autogen.GroupChat(agents=[inner1, inner2], messages=[], max_round=4, speaker_selection_method="round_robin")
    gm = autogen.GroupChatManager(
        g, llm_config=False, is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or "")
    )
    som = SocietyOfMindAgent(
        "society2", chat_manager=gm, llm_config=cfg, response_preparer=lambda agent, messages: "prepared by callable"
    )
    r = user.initiate_chat(som, message="Another?")
    print("SUMMARY2:", repr(r.summary))
