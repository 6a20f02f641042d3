"""graph_utils: has_self_loops, invert_disallowed_to_allowed, check_graph_validity errors."""

import autogen
from autogen.graph_utils import check_graph_validity, has_self_loops, invert_disallowed_to_allowed

A, B, C = [autogen.ConversableAgent(n, llm_config=False) for n in "ABC"]
print("SELF LOOPS:", has_self_loops({A: [B], B: [B]}), has_self_loops({A: [B], B: [A]}))
inv = invert_disallowed_to_allowed({A: [B], B: [A, C]}, [A, B, C])
print("INVERTED:", {k.name: [v.name for v in vs] for k, vs in inv.items()})
cases = [
    ("ok", {A: [B], B: [C], C: [A]}, [A, B, C]),
    ("not dict", [A, B], [A, B, C]),
    ("value not list", {A: B}, [A, B, C]),
    ("isolated", {A: [B], B: [A]}, [A, B, C]),
    ("unknown key", {A: [B], B: [A], C: [A], autogen.ConversableAgent("D", llm_config=False): [A]}, [A, B, C]),
    ("self loop", {A: [A, B], B: [A], C: [A]}, [A, B, C]),
    ("dup agent names", {A: [B], B: [A]}, [A, B]),
]
for label, graph, agents in cases:
    try:
        check_graph_validity(graph, agents)
        print("VALID:", label)
    except Exception as exc:
        print("INVALID:", label, type(exc).__name__, exc)
