"""A custom model client registered with register_model_client: chat, usage summary, and the not-registered error."""

from types import SimpleNamespace

import autogen


class EchoClient:
    def __init__(self, config, **kwargs):
        print("CLIENT INIT:", sorted(config), sorted(kwargs))
        self.model = config["model"]

    def create(self, params):
        text = "echo: " + str(params["messages"][-1]["content"])
        message = SimpleNamespace(content=text, function_call=None, tool_calls=None)
        return SimpleNamespace(
            choices=[SimpleNamespace(message=message)],
            model=self.model,
            cost=0.5,
            usage=SimpleNamespace(prompt_tokens=3, completion_tokens=2, total_tokens=5),
        )

    def message_retrieval(self, response):
        return [c.message.content for c in response.choices]

    def cost(self, response):
        return response.cost

    @staticmethod
    def get_usage(response):
        return {
            "prompt_tokens": 3,
            "completion_tokens": 2,
            "total_tokens": 5,
            "cost": response.cost,
            "model": response.model,
        }


cfg = {
    "config_list": [{"model": "echo-model", "model_client_cls": "EchoClient", "extra_setting": 1}],
    "cache_seed": None,
}
bot = autogen.ConversableAgent("bot", llm_config=cfg, system_message="s", human_input_mode="NEVER")
user = autogen.ConversableAgent("user", llm_config=False, human_input_mode="NEVER", default_auto_reply="more")
try:
    user.initiate_chat(bot, message="before registering", max_turns=1)
except Exception as exc:
    print("UNREGISTERED:", type(exc).__name__, exc)
bot.register_model_client(model_client_cls=EchoClient, extra_kwarg="x")
r = user.initiate_chat(bot, message="hello custom", max_turns=2)
print("SUMMARY:", repr(r.summary), r.cost)
bot.print_usage_summary()
try:
    bot.register_model_client(model_client_cls=EchoClient)
except Exception as exc:
    print("TWICE:", type(exc).__name__, exc)
wrapper = autogen.OpenAIWrapper(config_list=[{"model": "echo-model", "model_client_cls": "Other"}])
try:
    wrapper.register_model_client(EchoClient)
except Exception as exc:
    print("WRONG NAME:", type(exc).__name__, exc)
