"""get_human_input / a_get_human_input overridden in a subclass: prompts passed in and answers used."""

import asyncio

import autogen


class ScriptedHuman(autogen.ConversableAgent):
    def __init__(self, *args, answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._answers = list(answers)

    def get_human_input(self, prompt: str) -> str:
        print("PROMPT:", prompt)
        answer = self._answers.pop(0)
        self._human_input.append(answer)
        return answer

    async def a_get_human_input(self, prompt: str) -> str:
        print("ASYNC PROMPT:", prompt)
        return self.get_human_input(prompt)


bot = autogen.ConversableAgent("bot", llm_config=False, human_input_mode="NEVER", default_auto_reply="bot says")
human = ScriptedHuman(
    "human", llm_config=False, human_input_mode="ALWAYS", default_auto_reply="auto", answers=["first", "", "exit"]
)
r = human.initiate_chat(bot, message="hi")
print("HUMAN INPUT:", r.human_input)
human2 = ScriptedHuman(
    "human2",
    llm_config=False,
    human_input_mode="TERMINATE",
    answers=["go on", "exit"],
    is_termination_msg=lambda m: "says" in (m.get("content") or ""),
)
r = asyncio.run(human2.a_initiate_chat(bot, message="async hi"))
print("HUMAN INPUT 2:", r.human_input)
