"""A minimal chat: the user types messages, the assistant answers with the configured model.

Set OAI_CONFIG_LIST (see OAI_CONFIG_LIST_sample) or run `python -m autogen.testing` to get a key-less
loopback server and put the config list it prints into OAI_CONFIG_LIST.
"""

from autogen import ConversableAgent, UserProxyAgent, config_list_from_json


def main() -> None:
    config_list = config_list_from_json(env_or_file="OAI_CONFIG_LIST")
    assistant = ConversableAgent("agent", llm_config={"config_list": config_list})
    user_proxy = UserProxyAgent("user", code_execution_config=False)
    assistant.initiate_chat(user_proxy, message="How can I help you today?")


if __name__ == "__main__":
    main()
