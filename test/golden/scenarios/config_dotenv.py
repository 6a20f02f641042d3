"""config_list_from_dotenv and friends, with and without a .env file (logged messages compared too)."""

import os
import tempfile

import autogen

with tempfile.TemporaryDirectory() as tmp:
    os.chdir(tmp)
    for var in ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "ANTHROPIC_API_KEY"):
        os.environ.pop(var, None)
    env_path = os.path.join(tmp, ".env")
    with open(env_path, "w") as f:
        f.write("OPENAI_API_KEY=sk-from-dotenv\nOTHER_KEY=other\n")
    print("DEFAULT:", autogen.config_list_from_dotenv(dotenv_file_path=env_path))
    print(
        "MAP:",
        autogen.config_list_from_dotenv(
            dotenv_file_path=env_path, model_api_key_map={"gpt-4": "OPENAI_API_KEY", "m2": "OTHER_KEY"}
        ),
    )
    print(
        "MAP DICT:",
        autogen.config_list_from_dotenv(
            dotenv_file_path=env_path,
            model_api_key_map={"gpt-4": {"api_key_env_var": "OTHER_KEY", "base_url": "http://b"}},
        ),
    )
    print(
        "MISSING VAR:",
        autogen.config_list_from_dotenv(dotenv_file_path=env_path, model_api_key_map={"gpt-4": "NOPE_KEY"}),
    )
    try:
        print("NO FILE:", autogen.config_list_from_dotenv(dotenv_file_path=os.path.join(tmp, "missing.env")))
    except Exception as exc:
        print("NO FILE ERR:", type(exc).__name__, str(exc).replace(tmp, "<tmp>"))
    print(
        "FILTER:",
        autogen.config_list_from_dotenv(
            dotenv_file_path=env_path,
            model_api_key_map={"a": "OTHER_KEY", "b": "OTHER_KEY"},
            filter_dict={"model": ["b"]},
        ),
    )
    print("GPT4/35:", len(autogen.config_list_gpt4_gpt35(key_file_path=tmp)))
