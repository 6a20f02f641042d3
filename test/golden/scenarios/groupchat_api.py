"""GroupChat helper API: agent_names, agent_by_name, next_agent, append, reset, last_speaker, a_resume."""

import asyncio

import autogen


def make(n):
    return autogen.ConversableAgent(
        n, llm_config=False, human_input_mode="NEVER", default_auto_reply=f"{n}!", description=f"d{n}"
    )


A, B, C = make("A"), make("B"), make("C")
g = autogen.GroupChat(agents=[A, B, C], messages=[], max_round=3, speaker_selection_method="round_robin")
print("NAMES:", g.agent_names)
print("BY NAME:", g.agent_by_name("B").name, g.agent_by_name("Z"))
print("NEXT:", g.next_agent(A).name, g.next_agent(C).name, g.next_agent(A, [A, C]).name, g.next_agent(B, [A, C]).name)
g.append({"content": "appended", "role": "assistant"}, A)
g.append({"content": "appended2", "role": "assistant", "name": "someone"}, B)
print("APPENDED:", g.messages)
m = autogen.GroupChatManager(g, llm_config=False)
print("LAST SPEAKER BEFORE:", m.last_speaker if hasattr(m, "last_speaker") else "n/a")
g.reset()
print("RESET:", g.messages)
A.initiate_chat(m, message="go", silent=True)
print("LAST SPEAKER:", m.last_speaker.name)
print("MANAGER SEES:", {k.name: len(v) for k, v in m.chat_messages.items()})
D, D2 = make("D"), make("D")
gd = autogen.GroupChat(agents=[D, D2, A], messages=[])
try:
    gd.agent_by_name("D", raise_on_name_conflict=True)
except Exception as exc:
    print("CONFLICT:", type(exc).__name__, exc)
print("NO RAISE:", gd.agent_by_name("D").name)
try:
    autogen.GroupChat(agents=[A], messages=[], max_round=2).select_speaker(A, m)
except Exception as exc:
    print("ONE AGENT:", type(exc).__name__, exc)


async def main():
    g2 = autogen.GroupChat(agents=[A, B], messages=[], max_round=3, speaker_selection_method="round_robin")
    m2 = autogen.GroupChatManager(g2, llm_config=False)
    last, msg = await m2.a_resume(
        messages=[{"content": "old A", "name": "A", "role": "user"}, {"content": "old B", "name": "B", "role": "user"}]
    )
    print("A_RESUME:", last.name, msg)
    await last.a_initiate_chat(m2, message=msg, clear_history=False)
    print("AFTER:", [x["name"] for x in g2.messages])


asyncio.run(main())
