"""Group chat with tool/function calls: the agent able to execute them is chosen (auto, round robin, filter off)."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen


def double(x: int) -> int:
    return 2 * x


def responder_for(call_reply, pick):
    state = {"caller_turns": 0}

    def respond(body):
        msgs = body["messages"]
        if msgs and msgs[0]["role"] == "system" and msgs[0]["content"] == "You call tools.":
            state["caller_turns"] += 1
            return call_reply if state["caller_turns"] == 1 else Reply.text("All done.")
        return Reply.text(pick)  # a speaker-selection request

    return respond


with LoopbackLLMServer() as server:
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    cases = [
        ("auto", True, "caller", Reply.tool_call("double", {"x": 21})),
        ("round_robin", True, "caller", Reply.tool_call("double", {"x": 21})),
        ("auto", False, "caller", Reply.tool_call("double", {"x": 21})),
        ("auto", True, "caller", Reply.function("double", {"x": 5})),
    ]
    for method, filt, pick, call in cases:
        server.requests.clear()
        server.responder = responder_for(call, pick)
        caller = autogen.ConversableAgent(
            "caller", llm_config=cfg, system_message="You call tools.", human_input_mode="NEVER", description="calls"
        )
        runner = autogen.UserProxyAgent(
            "runner",
            human_input_mode="NEVER",
            code_execution_config=False,
            description="runs",
            function_map={"double": double},
        )
        other = autogen.ConversableAgent(
            "other", llm_config=False, human_input_mode="NEVER", default_auto_reply="other here", description="other"
        )
        g = autogen.GroupChat(
            agents=[runner, caller, other],
            messages=[],
            max_round=5,
            speaker_selection_method=method,
            func_call_filter=filt,
        )
        m = autogen.GroupChatManager(g, llm_config=cfg)
        runner.initiate_chat(m, message="double it please")
        print(method, filt, "SPEAKERS:", [x.get("name") for x in g.messages])
        print(method, filt, "CONTENTS:", [x.get("content") for x in g.messages])
        print(method, filt, "REQUESTS:", len(server.requests))
