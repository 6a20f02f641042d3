"""Round robin and 'auto' with allowed/disallowed speaker transitions, and graph checks."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen


def agents():
    return [
        autogen.ConversableAgent(
            n, llm_config=False, human_input_mode="NEVER", default_auto_reply=f"{n} speaks", description=f"agent {n}"
        )
        for n in ("A", "B", "C", "D")
    ]


A, B, C, D = agents()
allowed = {A: [C], C: [B, D], B: [A], D: [A]}
group = autogen.GroupChat(
    agents=[A, B, C, D],
    messages=[],
    max_round=7,
    speaker_selection_method="round_robin",
    allowed_or_disallowed_speaker_transitions=allowed,
    speaker_transitions_type="allowed",
)
manager = autogen.GroupChatManager(group, llm_config=False)
A.initiate_chat(manager, message="go")
print("ALLOWED RR:", [m["name"] for m in group.messages])
A, B, C, D = agents()
disallowed = {A: [B], B: [C, D]}
group = autogen.GroupChat(
    agents=[A, B, C, D],
    messages=[],
    max_round=6,
    speaker_selection_method="round_robin",
    allowed_or_disallowed_speaker_transitions=disallowed,
    speaker_transitions_type="disallowed",
)
manager = autogen.GroupChatManager(group, llm_config=False)
A.initiate_chat(manager, message="go")
print("DISALLOWED RR:", [m["name"] for m in group.messages])
with LoopbackLLMServer() as server:
    server.script(Reply.text("D"), Reply.text("B"))
    A, B, C, D = agents()
    group = autogen.GroupChat(
        agents=[A, B, C, D],
        messages=[],
        max_round=3,
        speaker_selection_method="auto",
        allowed_or_disallowed_speaker_transitions={A: [B, D], B: [A], C: [A], D: [A, B]},
        speaker_transitions_type="allowed",
    )
    manager = autogen.GroupChatManager(group, llm_config={"config_list": server.config_list(), "cache_seed": None})
    A.initiate_chat(manager, message="go")
    print("AUTO:", [m["name"] for m in group.messages], len(server.requests))
for bad in [
    dict(speaker_transitions_type="allowed"),
    dict(speaker_transitions_type="bogus", allowed_or_disallowed_speaker_transitions={}),
    dict(allowed_or_disallowed_speaker_transitions={A: [B]}, allow_repeat_speaker=[A]),
    dict(speaker_selection_method="nonsense"),
]:
    try:
        g = autogen.GroupChat(agents=[A, B], messages=[], **bad)
        print("OK:", sorted(bad), g.speaker_selection_method)
    except Exception as exc:
        print("ERR:", type(exc).__name__, exc)
