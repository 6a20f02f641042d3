"""Config lists (where model endpoints and keys come from), cache keys, the OpenAI price table, assistants helpers.

Nothing here needs the `openai` package except the assistants helpers, which receive a client object.
"""

from __future__ import annotations

import importlib.metadata
import json
import logging
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Union

from dotenv import find_dotenv, load_dotenv

__all__ = (
    "get_key",
    "get_config_list",
    "config_list_openai_aoai",
    "config_list_from_models",
    "config_list_gpt4_gpt35",
    "filter_config",
    "config_list_from_json",
    "get_config",
    "config_list_from_dotenv",
    "retrieve_assistants_by_name",
    "detect_gpt_assistant_api_version",
    "create_gpt_vector_store",
    "create_gpt_assistant",
    "update_gpt_assistant",
    "is_valid_api_key",
    "OAI_PRICE1K",
    "NON_CACHE_KEY",
    "DEFAULT_AZURE_API_VERSION",
)

NON_CACHE_KEY = [
    "api_key",
    "base_url",
    "api_type",
    "api_version",
    "azure_ad_token",
    "azure_ad_token_provider",
    "credentials",
    "tool_config",
]
DEFAULT_AZURE_API_VERSION = "2024-02-01"

# Price per 1K tokens: (prompt, completion), or one number for both.
OAI_PRICE1K: Dict[str, Any] = {
    "gpt-4o": (0.005, 0.015),
    "gpt-4o-2024-05-13": (0.005, 0.015),
    "gpt-4o-2024-08-06": (0.0025, 0.01),
    "gpt-4-turbo-2024-04-09": (0.01, 0.03),
    "gpt-4": (0.03, 0.06),
    "gpt-4-32k": (0.06, 0.12),
    "gpt-4o-mini": (0.000150, 0.000600),
    "gpt-4o-mini-2024-07-18": (0.000150, 0.000600),
    "gpt-3.5-turbo": (0.0005, 0.0015),
    "gpt-3.5-turbo-0125": (0.0005, 0.0015),
    "gpt-3.5-turbo-instruct": (0.0015, 0.002),
    "davinci-002": 0.002,
    "babbage-002": 0.0004,
    "gpt-4-0125-preview": (0.01, 0.03),
    "gpt-4-1106-preview": (0.01, 0.03),
    "gpt-4-1106-vision-preview": (0.01, 0.03),
    "gpt-3.5-turbo-1106": (0.001, 0.002),
    "gpt-3.5-turbo-0613": (0.0015, 0.002),
    "gpt-3.5-turbo-16k-0613": (0.003, 0.004),
    "gpt-3.5-turbo-0301": (0.0015, 0.002),
    "text-ada-001": 0.0004,
    "text-babbage-001": 0.0005,
    "text-curie-001": 0.002,
    "code-cushman-001": 0.024,
    "code-davinci-002": 0.1,
    "text-davinci-002": 0.02,
    "text-davinci-003": 0.02,
    "gpt-4-0314": (0.03, 0.06),
    "gpt-4-32k-0314": (0.06, 0.12),
    "gpt-4-0613": (0.03, 0.06),
    "gpt-4-32k-0613": (0.06, 0.12),
    "gpt-4-turbo-preview": (0.01, 0.03),
    # Azure deployment-style names
    "gpt-35-turbo": (0.0005, 0.0015),
    "gpt-35-turbo-0125": (0.0005, 0.0015),
    "gpt-35-turbo-instruct": (0.0015, 0.002),
    "gpt-35-turbo-1106": (0.001, 0.002),
    "gpt-35-turbo-0613": (0.0015, 0.002),
    "gpt-35-turbo-0301": (0.0015, 0.002),
    "gpt-35-turbo-16k": (0.003, 0.004),
    "gpt-35-turbo-16k-0613": (0.003, 0.004),
}


# ---------------------------------------------------------------------------------------------- cache key
def get_key(config: Dict[str, Any]) -> str:
    """The cache key of a request: its JSON with sorted keys, leaving out credentials and endpoint fields."""
    if any(k in config for k in NON_CACHE_KEY):
        config = {k: v for k, v in config.items() if k not in NON_CACHE_KEY}
    return json.dumps(config, sort_keys=True)


def is_valid_api_key(api_key: str) -> bool:
    """Whether `api_key` looks like an OpenAI key (kept for code written against older 0.2 releases)."""
    return bool(re.fullmatch(r"^sk-([A-Za-z0-9]+(-[A-Za-z0-9]+)*-)?[A-Za-z0-9]{32,}$", api_key))


# ---------------------------------------------------------------------------------------------- config lists
def get_config_list(
    api_keys: List[str],
    base_urls: Optional[List[str]] = None,
    api_type: Optional[str] = None,
    api_version: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """One config per non-blank API key, paired by position with `base_urls`."""
    if base_urls is not None:
        assert len(api_keys) == len(base_urls), "The length of api_keys must match the length of base_urls"
    urls: List[Optional[str]] = list(base_urls) if base_urls else [None] * len(api_keys)
    shared = {name: value for name, value in (("api_type", api_type), ("api_version", api_version)) if value}
    pairs = [(key, url) for key, url in zip(api_keys, urls) if key.strip()]
    return [{"api_key": key, **({"base_url": url} if base_urls else {}), **shared} for key, url in pairs]


# What 0.2 logs when a key/base file is missing: per variable, the default file name and the config field.
_MISSING_FILE_HINT = {
    "OPENAI_API_KEY": ("key_openai.txt", "api_key"),
    "OPENAI_API_BASE": ("base_openai.txt", "base_url"),
    "AZURE_OPENAI_API_KEY": ("key_aoai.txt", "api_key"),
    "AZURE_OPENAI_API_BASE": ("base_aoai.txt", "base_url"),
}


def _env_from_file(key_file_path: str, file_name: Optional[str], env_var: str) -> None:
    """Copy the stripped content of `key_file_path/file_name` into `os.environ[env_var]`, if the file exists."""
    if file_name is None:
        return
    try:
        with open(f"{key_file_path}/{file_name}") as f:
            os.environ[env_var] = f.read().strip()
    except FileNotFoundError:
        default_name, field = _MISSING_FILE_HINT[env_var]
        logging.info(
            f"{env_var} is not found in os.environ and {default_name} is not found in the specified path. "
            f"You can specify the {field} in the config_list."
        )


def config_list_openai_aoai(
    key_file_path: Optional[str] = ".",
    openai_api_key_file: Optional[str] = "key_openai.txt",
    aoai_api_key_file: Optional[str] = "key_aoai.txt",
    openai_api_base_file: Optional[str] = "base_openai.txt",
    aoai_api_base_file: Optional[str] = "base_aoai.txt",
    exclude: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """Configs for OpenAI and Azure OpenAI from key/base files (copied into the environment) or env variables."""
    if key_file_path is not None:
        if exclude != "openai":
            _env_from_file(key_file_path, openai_api_key_file, "OPENAI_API_KEY")
            _env_from_file(key_file_path, openai_api_base_file, "OPENAI_API_BASE")
        if exclude != "aoai":
            _env_from_file(key_file_path, aoai_api_key_file, "AZURE_OPENAI_API_KEY")
            _env_from_file(key_file_path, aoai_api_base_file, "AZURE_OPENAI_API_BASE")
    aoai_config: List[Dict[str, Any]] = []
    if exclude != "aoai":
        aoai_config = get_config_list(
            os.environ.get("AZURE_OPENAI_API_KEY", "").split("\n"),
            os.environ.get("AZURE_OPENAI_API_BASE", "").split("\n"),
            api_type="azure",
            api_version=DEFAULT_AZURE_API_VERSION,
        )
    openai_config: List[Dict[str, Any]] = []
    if exclude != "openai":
        bases = os.environ["OPENAI_API_BASE"].split("\n") if "OPENAI_API_BASE" in os.environ else None
        openai_config = get_config_list(os.environ.get("OPENAI_API_KEY", "").split("\n"), base_urls=bases)
    return openai_config + aoai_config


def config_list_from_models(
    key_file_path: Optional[str] = ".",
    openai_api_key_file: Optional[str] = "key_openai.txt",
    aoai_api_key_file: Optional[str] = "key_aoai.txt",
    aoai_api_base_file: Optional[str] = "base_aoai.txt",
    exclude: Optional[str] = None,
    model_list: Optional[List[str]] = None,
) -> List[Dict[str, Any]]:
    """`config_list_openai_aoai`, repeated for each model of `model_list` (model-major order)."""
    config_list = config_list_openai_aoai(
        key_file_path=key_file_path,
        openai_api_key_file=openai_api_key_file,
        aoai_api_key_file=aoai_api_key_file,
        aoai_api_base_file=aoai_api_base_file,
        exclude=exclude,
    )
    if model_list:
        config_list = [{**config, "model": model} for model in model_list for config in config_list]
    return config_list


def config_list_gpt4_gpt35(
    key_file_path: Optional[str] = ".",
    openai_api_key_file: Optional[str] = "key_openai.txt",
    aoai_api_key_file: Optional[str] = "key_aoai.txt",
    aoai_api_base_file: Optional[str] = "base_aoai.txt",
    exclude: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """`config_list_from_models` for gpt-4 and gpt-3.5-turbo."""
    return config_list_from_models(
        key_file_path, openai_api_key_file, aoai_api_key_file, aoai_api_base_file, exclude, ["gpt-4", "gpt-3.5-turbo"]
    )


def _satisfies(config_value: Any, acceptable_values: Any) -> bool:
    if config_value is None:
        return False
    if isinstance(config_value, list):
        return bool(set(config_value) & set(acceptable_values))
    return config_value in acceptable_values


def filter_config(
    config_list: List[Dict[str, Any]],
    filter_dict: Optional[Dict[str, Union[List[Union[str, None]], Set[Union[str, None]], str]]],
    exclude: bool = False,
) -> List[Dict[str, Any]]:
    """Keep the configs whose fields match every criterion (with `exclude`, the ones matching none).

    A list-valued field (like `tags`) matches when it shares any value with the criterion; a missing field never
    matches. A plain-string criterion is a substring test.
    """
    if not filter_dict:
        return config_list
    return [
        config
        for config in config_list
        if all(_satisfies(config.get(key), values) != exclude for key, values in filter_dict.items())
    ]


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        # The document may hold API keys: the message names the source and the position, never the content.
        raise json.JSONDecodeError(f"Invalid JSON in config list {source}: {e.msg}", e.doc, e.pos) from None


def _check_config_list(config_list: Any, source: str) -> List[Dict[str, Any]]:
    if not isinstance(config_list, list):
        raise ValueError(
            f"The config list {source} must be a JSON list of config objects, got a JSON {type(config_list).__name__}."
        )
    for i, entry in enumerate(config_list):
        if not isinstance(entry, dict):
            raise ValueError(
                f"Entry {i} of the config list {source} must be a JSON object, got a JSON {type(entry).__name__}."
            )
    return config_list


def config_list_from_json(
    env_or_file: str,
    file_location: Optional[str] = "",
    filter_dict: Optional[Dict[str, Union[List[Union[str, None]], Set[Union[str, None]]]]] = None,
) -> List[Dict[str, Any]]:
    """Read a config list from the env variable `env_or_file` (JSON text or a file path) or from that file."""
    env_str = os.environ.get(env_or_file)
    if env_str:
        if os.path.exists(env_str):
            source = f"file '{env_str}' (from environment variable {env_or_file})"
            with open(env_str) as f:
                config_list = _parse_json(f.read(), source)
        else:
            source = f"environment variable {env_or_file}"
            config_list = _parse_json(env_str, source)
    else:
        path = env_or_file if file_location is None else os.path.join(file_location, env_or_file)
        source = f"file '{path}'"
        with open(path) as f:
            config_list = _parse_json(f.read(), source)
    return filter_config(_check_config_list(config_list, source), filter_dict)


def get_config(
    api_key: Optional[str],
    base_url: Optional[str] = None,
    api_type: Optional[str] = None,
    api_version: Optional[str] = None,
) -> Dict[str, Any]:
    """One config; each optional value may name an environment variable that holds it."""
    optional = {"base_url": base_url, "api_type": api_type, "api_version": api_version}
    # An environment variable of that name wins; otherwise the value is taken literally.
    resolved = {field: os.environ.get(value, value) for field, value in optional.items() if value}
    return {"api_key": api_key, **resolved}


def _load_dotenv(dotenv_file_path: Optional[str]) -> None:
    if dotenv_file_path:
        path = Path(dotenv_file_path)
        if path.exists():
            load_dotenv(path)
        else:
            logging.warning(f"The specified .env file {path} does not exist.")
    else:
        found = find_dotenv()
        if not found:
            logging.warning("No .env file found. Loading configurations from environment variables.")
        load_dotenv(found)


def _dotenv_config(model: str, spec: Any) -> Optional[Dict[str, Any]]:
    """The config for `model` from its map entry (env var name, or dict of env var names), or None."""
    if isinstance(spec, str):
        api_key = os.getenv(spec)
        extra: Dict[str, Any] = {}
    elif isinstance(spec, dict):
        api_key = os.getenv(spec.get("api_key_env_var", "OPENAI_API_KEY"))
        # every other entry is a get_config argument (an unknown one is a TypeError, as in 0.2)
        extra = {k: v for k, v in spec.items() if k != "api_key_env_var"}
    else:
        logging.warning(f"Unsupported type {type(spec)} for model {model} configuration")
        return None
    if not api_key or not api_key.strip():
        logging.warning(f"API key not found or empty for model {model}. Please ensure path to .env file is correct.")
        return None
    config = get_config(api_key=api_key, **extra)
    config["model"] = model
    return config


def config_list_from_dotenv(
    dotenv_file_path: Optional[str] = None,
    model_api_key_map: Optional[Dict[str, Any]] = None,
    filter_dict: Optional[Dict[str, Union[List[Union[str, None]], Set[Union[str, None]]]]] = None,
) -> List[Dict[str, Any]]:
    """Configs from a .env file (or the environment): one per model of `model_api_key_map` with a non-empty key."""
    _load_dotenv(dotenv_file_path)
    model_api_key_map = model_api_key_map or {}  # a caller's map gains the two defaults, as in 0.2
    model_api_key_map.setdefault("gpt-4", "OPENAI_API_KEY")
    model_api_key_map.setdefault("gpt-3.5-turbo", "OPENAI_API_KEY")
    configs = [c for c in (_dotenv_config(m, s) for m, s in model_api_key_map.items()) if c is not None]
    with tempfile.NamedTemporaryFile(mode="w+", suffix=".json", delete=False) as temp:
        json.dump(configs, temp)
        temp_name = temp.name
    try:
        config_list = config_list_from_json(env_or_file=temp_name, file_location=None, filter_dict=filter_dict)
    finally:
        os.remove(temp_name)
    if not config_list:
        logging.error("No configurations loaded.")
        return []
    logging.info(f"Models available: {[config['model'] for config in config_list]}")
    return config_list


# ---------------------------------------------------------------------------------------------- assistants (v1/v2)
def retrieve_assistants_by_name(client: Any, name: str) -> List[Any]:
    """The OpenAI assistants named `name`."""
    return [assistant for assistant in client.beta.assistants.list().data if assistant.name == name]


def detect_gpt_assistant_api_version() -> str:
    """ "v1" for openai < 1.21 (file_ids on assistants), "v2" after (tool_resources and vector stores)."""
    from packaging.version import Version

    return "v1" if Version(importlib.metadata.version("openai")) < Version("1.21") else "v2"


def create_gpt_vector_store(client: Any, name: str, fild_ids: List[str]) -> Any:
    """A vector store named `name` holding the files `fild_ids`, once indexing has completed."""
    stores, store = _new_vector_store(client, name)
    batches = stores.file_batches
    upload = batches.create_and_poll(vector_store_id=store.id, file_ids=fild_ids)
    if upload.status == "in_progress":
        # One more look after a pause, as 0.2 does; a batch still running then is a failure.
        time.sleep(1)
        logging.debug(f"File batch status: {upload.file_counts}")
        upload = batches.poll(vector_store_id=store.id, batch_id=upload.id)
    if upload.status != "completed":
        raise ValueError(f"Failed to upload files to vector store {store.id}:{upload.status}")
    return store


def _new_vector_store(client: Any, name: str) -> Any:
    """(the vector-store API object, a new empty store): openai < 1.66 keeps them under `beta`."""
    try:
        stores = getattr(client.beta, "vector_stores", None) or client.vector_stores
        return stores, stores.create(name=name)
    except Exception as e:
        raise AttributeError(f"Failed to create vector store, please install the latest OpenAI python package: {e}")


def create_gpt_assistant(
    client: Any, name: str, instructions: str, model: str, assistant_config: Dict[str, Any]
) -> Any:
    """Create an OpenAI assistant, translating 0.2's `file_ids`/`retrieval` settings to the installed API version."""
    if detect_gpt_assistant_api_version() == "v2":
        create_kwargs = _v2_assistant_settings(client, name, assistant_config)
    else:
        create_kwargs = _v1_assistant_settings(assistant_config)
    logging.info(f"Creating assistant with config: {create_kwargs}")
    return client.beta.assistants.create(name=name, instructions=instructions, model=model, **create_kwargs)


def _v2_assistant_settings(client: Any, name: str, assistant_config: Dict[str, Any]) -> Dict[str, Any]:
    """v2 moved files into `tool_resources` and renamed `retrieval` to `file_search` (backed by a vector store)."""
    resources = dict(assistant_config.get("tool_resources", {}))
    file_ids = assistant_config.get("file_ids")
    if resources.get("file_search") is not None and file_ids is not None:
        raise ValueError(
            "Cannot specify both `tool_resources['file_search']` tool and `file_ids` in the assistant config."
        )
    given = list(assistant_config.get("tools", []))
    wanted_retrieval = any(tool["type"] == "retrieval" for tool in given)
    tools = [{"type": "file_search"} if tool["type"] == "retrieval" else tool for tool in given]
    if file_ids is not None:
        if wanted_retrieval:
            store = create_gpt_vector_store(client, f"{name}-vectorestore", file_ids)
            resources["file_search"] = {"vector_store_ids": [store.id]}
        if any(tool["type"] == "code_interpreter" for tool in tools):
            resources["code_interpreter"] = {"file_ids": file_ids}
    return {"tools": tools, "tool_resources": resources} if resources else {"tools": tools}


def _v1_assistant_settings(assistant_config: Dict[str, Any]) -> Dict[str, Any]:
    """v1 takes `file_ids` on the assistant and knows neither `tool_resources` nor `file_search`."""
    if "tool_resources" in assistant_config:
        raise ValueError("`tool_resources` argument are not supported in the openai assistant V1 API.")
    tools = list(assistant_config.get("tools", []))
    if any(tool["type"] == "file_search" for tool in tools):
        raise ValueError("`file_search` tool are not supported in the openai assistant V1 API, please use `retrieval`.")
    return {"tools": tools, "file_ids": assistant_config.get("file_ids", [])}


def update_gpt_assistant(client: Any, assistant_id: str, assistant_config: Dict[str, Any]) -> Any:
    """Update an assistant's tools, instructions and files (whichever are given)."""
    files_field = "tool_resources" if detect_gpt_assistant_api_version() == "v2" else "file_ids"
    wanted = ("tools", "instructions", files_field)
    changes = {field: assistant_config[field] for field in wanted if assistant_config.get(field) is not None}
    return client.beta.assistants.update(assistant_id=assistant_id, **changes)
