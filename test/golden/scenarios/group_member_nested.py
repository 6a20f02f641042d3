"""A group chat member that answers through a nested chat triggered by the manager; custom nested reply function."""

import autogen


def make(n, text):
    return autogen.ConversableAgent(
        n, llm_config=False, human_input_mode="NEVER", default_auto_reply=text, description=n
    )


lead, expert, helper = (
    make("lead", "lead speaks"),
    make("expert", "expert default"),
    make("helper", "helper researched it"),
)
expert.register_nested_chats(
    [
        {
            "recipient": helper,
            "message": lambda r, msgs, s, cfg: f"research: {msgs[-1]['content']}",
            "max_turns": 1,
            "summary_method": "last_msg",
        }
    ],
    trigger=autogen.GroupChatManager,
)
g = autogen.GroupChat(agents=[lead, expert], messages=[], max_round=4, speaker_selection_method="round_robin")
m = autogen.GroupChatManager(g, llm_config=False)
lead.initiate_chat(m, message="question for the expert")
print("GROUP:", [(x["name"], x["content"]) for x in g.messages])


def custom_nested(chat_queue, recipient, messages, sender, config):
    last = recipient.initiate_chats([{**c, "message": messages[-1]["content"], "silent": True} for c in chat_queue])[-1]
    return True, f"custom wrapper: {last.summary}"


solo, inner = make("solo", "solo default"), make("inner", "inner result")
solo.register_nested_chats(
    [{"recipient": inner, "max_turns": 1}], trigger=lead, reply_func_from_nested_chats=custom_nested
)
r = lead.initiate_chat(solo, message="custom please", max_turns=1)
print("CUSTOM:", repr(r.summary))
