"""TransformMessages capability: history limiter and token limiter print what they removed or truncated."""

from _loopback_shim import LoopbackLLMServer, Reply

import autogen
from autogen.agentchat.contrib.capabilities import transform_messages, transforms

with LoopbackLLMServer() as server:
    server.responder = lambda body: Reply.text(f"seen {len(body['messages'])} messages")
    cfg = {"config_list": server.config_list(), "cache_seed": None}
    bot = autogen.ConversableAgent("bot", llm_config=cfg, system_message="You are a bot.", human_input_mode="NEVER")
    cap = transform_messages.TransformMessages(
        transforms=[
            transforms.MessageHistoryLimiter(max_messages=3),
            transforms.MessageTokenLimiter(max_tokens_per_message=5, model="gpt-4"),
        ]
    )
    cap.add_to_agent(bot)
    user = autogen.ConversableAgent(
        "user",
        llm_config=False,
        human_input_mode="NEVER",
        default_auto_reply="this user reply is long enough to be truncated by the limiter",
    )
    r = user.initiate_chat(bot, message="first message", max_turns=3)
    for req in server.requests:
        print("REQ:", [(m["role"], m["content"]) for m in req.messages])
    limiter = transforms.MessageHistoryLimiter(max_messages=2, keep_first_message=True)
    msgs = [{"role": "user", "content": f"m{i}"} for i in range(5)]
    out = limiter.apply_transform(msgs)
    print("KEEP FIRST:", out, limiter.get_logs(msgs, out))
    tok = transforms.MessageTokenLimiter(max_tokens=6, model="gpt-4")
    msgs = [{"role": "user", "content": "one two three four"}, {"role": "assistant", "content": "five six seven eight"}]
    out = tok.apply_transform([dict(m) for m in msgs])
    print("TOKENS:", out, tok.get_logs(msgs, out))
    try:
        transforms.MessageHistoryLimiter(max_messages=0)
    except Exception as exc:
        print("BAD:", type(exc).__name__, exc)
