"""ALWAYS mode with an agent that has no LLM: typed replies, empty answer falls back to default_auto_reply."""

import autogen

bot = autogen.ConversableAgent("bot", llm_config=False, human_input_mode="NEVER", default_auto_reply="beep")
human = autogen.ConversableAgent("human", llm_config=False, human_input_mode="ALWAYS", default_auto_reply="(default)")
res = human.initiate_chat(bot, message="hi bot")
print("HUMAN INPUT:", res.human_input)
print("HISTORY:", [(m["role"], m["content"]) for m in res.chat_history])
res = human.initiate_chat(bot, message="again", max_turns=2)
print("HUMAN INPUT:", res.human_input)
print("HISTORY:", [(m["role"], m["content"]) for m in res.chat_history])
