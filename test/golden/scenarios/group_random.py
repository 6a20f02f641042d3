"""Random speaker selection under random.seed: the order follows random.choice over the eligible agents."""

import random

import autogen

for seed, repeat in ((1, True), (2, False), (3, True)):
    random.seed(seed)
    agents = [
        autogen.ConversableAgent(
            n, llm_config=False, human_input_mode="NEVER", default_auto_reply=f"{n} speaks", description=n
        )
        for n in ("R1", "R2", "R3", "R4")
    ]
    g = autogen.GroupChat(
        agents=agents, messages=[], max_round=8, speaker_selection_method="random", allow_repeat_speaker=repeat
    )
    m = autogen.GroupChatManager(g, llm_config=False)
    agents[0].initiate_chat(m, message="random go", silent=True)
    print("SEED", seed, repeat, [x["name"] for x in g.messages])
random.seed(5)
agents = [
    autogen.ConversableAgent(
        n, llm_config=False, human_input_mode="NEVER", default_auto_reply=f"{n} speaks", description=n
    )
    for n in ("S1", "S2", "S3")
]
g = autogen.GroupChat(
    agents=agents,
    messages=[],
    max_round=5,
    speaker_selection_method="RANDOM",
    allowed_or_disallowed_speaker_transitions={
        agents[0]: [agents[1], agents[2]],
        agents[1]: [agents[0]],
        agents[2]: [agents[0], agents[1]],
    },
    speaker_transitions_type="allowed",
)
m = autogen.GroupChatManager(g, llm_config=False)
agents[0].initiate_chat(m, message="graph go")
print("GRAPH:", [x["name"] for x in g.messages])
