"""initiate_chats with carryover, last_msg and reflection_with_llm summaries, and a usage summary."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen

with LoopbackLLMServer() as server:
    server.script(
        Reply.text("First answer.", usage={"prompt_tokens": 10, "completion_tokens": 5}),
        Reply.text("A reflective summary.", usage={"prompt_tokens": 20, "completion_tokens": 4}),
        Reply.text("Second answer.", usage={"prompt_tokens": 30, "completion_tokens": 6}),
    )
    cfg = {"config_list": server.config_list(model="gpt-4"), "cache_seed": None}
    writer = autogen.AssistantAgent("writer", llm_config=cfg)
    critic = autogen.AssistantAgent("critic", llm_config=cfg)
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    results = user.initiate_chats(
        [
            {"recipient": writer, "message": "Write a line.", "max_turns": 1, "summary_method": "reflection_with_llm"},
            {"recipient": critic, "message": "Critique it.", "max_turns": 1, "carryover": "Extra context."},
        ]
    )
    for r in results:
        print("RESULT:", repr(r.summary), r.cost)
    for i, req in enumerate(server.requests):  # system prompts and the reflection prompt are ours: not shown
        print("REQ:", [(m["role"], m.get("name")) for m in req.messages])
        if i != 1:
            print("REQ CONTENT:", [m.get("content") for m in req.messages if m["role"] != "system"])
    writer.print_usage_summary()
    print(autogen.gather_usage_summary([writer, critic]))
