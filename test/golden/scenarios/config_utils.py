"""Config list helpers: config_list_from_json (file and env), filter_config, config_list_from_models/openai_aoai."""

import json
import os
import tempfile

import autogen

with tempfile.TemporaryDirectory() as tmp:
    configs = [
        {"model": "gpt-4", "api_key": "k1", "tags": ["big"]},
        {"model": "gpt-3.5-turbo", "api_key": "k2", "tags": ["small", "cheap"]},
        {"model": "gpt-4o", "api_key": "k3", "base_url": "http://localhost:1/v1"},
    ]
    path = os.path.join(tmp, "OAI_CONFIG_LIST")
    with open(path, "w") as f:
        json.dump(configs, f)
    print("ALL:", autogen.config_list_from_json(path))
    print("FILTER MODEL:", autogen.config_list_from_json(path, filter_dict={"model": ["gpt-4", "gpt-4o"]}))
    print("FILTER TAGS:", autogen.config_list_from_json(path, filter_dict={"tags": ["cheap"]}))
    print("FILTER EXCLUDE:", autogen.filter_config(configs, {"model": ["gpt-4"]}, exclude=True))
    print("FILTER NONE:", autogen.filter_config(configs, {"base_url": [None]}))
    print("FILTER EMPTY:", autogen.filter_config(configs, {}))
    print("FILTER NO DICT:", autogen.filter_config(configs, None))
    os.environ["MY_CONFIG"] = json.dumps(configs[:1])
    print("ENV:", autogen.config_list_from_json("MY_CONFIG"))
    print(
        "ENV FILE DIR:",
        autogen.config_list_from_json("missing", file_location=tmp)
        if os.path.exists(os.path.join(tmp, "missing"))
        else "skip",
    )
    try:
        autogen.config_list_from_json("DOES_NOT_EXIST_ANYWHERE")
    except Exception as exc:
        print("MISSING:", type(exc).__name__, str(exc).replace(os.getcwd(), "<cwd>"))
    print("MODELS:", autogen.config_list_from_models(model_list=["m1", "m2"], openai_api_key_file=None))
    keyfile = os.path.join(tmp, "key_openai.txt")
    with open(keyfile, "w") as f:
        f.write("sk-file-key\n")
    print("OPENAI AOAI:", autogen.config_list_openai_aoai(key_file_path=tmp))
    print("GET:", autogen.get_config_list(["a", "b"], base_urls=["u1", "u2"], api_type="openai", api_version=None))
    print("GET EMPTY KEY:", autogen.get_config_list(["a", "", "c"]))
