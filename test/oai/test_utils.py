"""Config-list utilities of autogen.oai.openai_utils."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any, Dict, List

import pytest

from autogen.oai.openai_utils import (
    DEFAULT_AZURE_API_VERSION,
    NON_CACHE_KEY,
    config_list_from_dotenv,
    config_list_from_json,
    config_list_from_models,
    config_list_gpt4_gpt35,
    config_list_openai_aoai,
    filter_config,
    get_config,
    get_config_list,
    get_key,
    is_valid_api_key,
)

SAMPLE: List[Dict[str, Any]] = [
    {"model": "gpt-3.5-turbo", "api_key": "sk-1", "tags": ["gpt35", "cheap"]},
    {"model": "gpt-4", "api_key": "sk-2", "tags": ["gpt4"]},
    {
        "model": "gpt-35-turbo",
        "api_key": "az-1",
        "base_url": "https://x.openai.azure.com",
        "api_type": "azure",
        "api_version": "2024-02-01",
        "tags": ["azure"],
    },
    {"model": "llama", "api_key": "none"},
]

ENV_VARS = ("OPENAI_API_KEY", "OPENAI_API_BASE", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_API_BASE")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.setenv(name, "")  # recorded, so whatever the code under test sets is undone afterwards
        monkeypatch.delenv(name)


@pytest.fixture
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "OAI_CONFIG_LIST"
    path.write_text(json.dumps(SAMPLE))
    return path


# ---------------------------------------------------------------------------------------------- filter_config
def test_filter_by_tags() -> None:
    assert filter_config(SAMPLE, {"tags": ["gpt35", "gpt4"]}) == SAMPLE[:2]


def test_filter_by_tags_exclude_keeps_configs_without_tags() -> None:
    assert filter_config(SAMPLE, {"tags": ["gpt35", "gpt4"]}, exclude=True) == SAMPLE[2:]


def test_filter_with_string_criteria() -> None:
    assert filter_config(SAMPLE, {"api_type": "azure", "api_version": "2024-02-01"}) == [SAMPLE[2]]


def test_filter_unknown_tag_matches_nothing() -> None:
    assert filter_config(SAMPLE, {"tags": ["nope"]}) == []


def test_filter_missing_key_never_matches_even_none() -> None:
    assert filter_config(SAMPLE, {"api_type": [None]}) == []


def test_filter_empty_returns_same_list() -> None:
    assert filter_config(SAMPLE, None) is SAMPLE
    assert filter_config(SAMPLE, {}) is SAMPLE


def test_filter_by_model() -> None:
    assert filter_config(SAMPLE, {"model": {"gpt-4", "llama"}}) == [SAMPLE[1], SAMPLE[3]]


# ---------------------------------------------------------------------------------------------- config_list_from_json
def test_from_json_file(sample_file: Path) -> None:
    assert config_list_from_json(str(sample_file)) == SAMPLE


def test_from_json_file_location_and_filter(sample_file: Path) -> None:
    result = config_list_from_json(
        sample_file.name, file_location=str(sample_file.parent), filter_dict={"model": ["gpt-4"]}
    )
    assert result == [SAMPLE[1]]


def test_from_json_env_var_with_json_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_CONFIG_LIST", json.dumps(SAMPLE))
    assert config_list_from_json("MY_CONFIG_LIST") == SAMPLE


def test_from_json_env_var_with_file_path(monkeypatch: pytest.MonkeyPatch, sample_file: Path) -> None:
    monkeypatch.setenv("MY_CONFIG_LIST", str(sample_file))
    assert config_list_from_json("MY_CONFIG_LIST") == SAMPLE


def test_from_json_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        config_list_from_json("NO_SUCH_CONFIG_LIST", file_location=str(tmp_path))


def test_from_json_invalid_json_names_file_and_position(tmp_path: Path) -> None:
    path = tmp_path / "OAI_CONFIG_LIST"
    path.write_text('[\n  {"model": "gpt-4", "api_key": "sk-secret-in-bad-file",}\n]')
    with pytest.raises(json.JSONDecodeError) as info:
        config_list_from_json(str(path))
    message = str(info.value)
    assert str(path) in message and "line 2" in message and "column" in message
    assert "sk-secret-in-bad-file" not in message


def test_from_json_invalid_env_json_does_not_echo_content(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_CONFIG_LIST", '[{"api_key": "sk-secret-env"')
    with pytest.raises(ValueError) as info:
        config_list_from_json("MY_CONFIG_LIST")
    assert "environment variable MY_CONFIG_LIST" in str(info.value)
    assert "sk-secret-env" not in str(info.value)


def test_from_json_rejects_non_list(tmp_path: Path) -> None:
    path = tmp_path / "OAI_CONFIG_LIST"
    path.write_text('{"model": "gpt-4"}')
    with pytest.raises(ValueError, match="must be a JSON list"):
        config_list_from_json(str(path))


def test_from_json_rejects_non_object_entry(tmp_path: Path) -> None:
    path = tmp_path / "OAI_CONFIG_LIST"
    path.write_text('[{"model": "gpt-4"}, "sk-loose-key"]')
    with pytest.raises(ValueError, match="Entry 1") as info:
        config_list_from_json(str(path))
    assert "sk-loose-key" not in str(info.value)


# ---------------------------------------------------------------------------------------------- get_config_list & co
def test_get_config_list_pairs_keys_and_urls() -> None:
    result = get_config_list(["k1", "k2"], ["u1", "u2"], "openai", "v1")
    assert result == [
        {"api_key": "k1", "base_url": "u1", "api_type": "openai", "api_version": "v1"},
        {"api_key": "k2", "base_url": "u2", "api_type": "openai", "api_version": "v1"},
    ]


def test_get_config_list_length_mismatch() -> None:
    with pytest.raises(AssertionError, match="The length of api_keys must match the length of base_urls"):
        get_config_list(["k1"], ["u1", "u2"])
    with pytest.raises(AssertionError):
        get_config_list([], ["u1"])


def test_get_config_list_without_urls_and_blank_keys() -> None:
    assert get_config_list(["k1", " ", ""]) == [{"api_key": "k1"}]


def test_get_config_reads_env_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_BASE", "https://base")
    assert get_config("k", base_url="MY_BASE", api_type="azure") == {
        "api_key": "k",
        "base_url": "https://base",
        "api_type": "azure",
    }


def test_openai_aoai_from_key_files(tmp_path: Path, clean_env: None) -> None:
    (tmp_path / "key_openai.txt").write_text("sk-o1\nsk-o2\n")
    (tmp_path / "base_openai.txt").write_text("https://o1\nhttps://o2\n")
    (tmp_path / "key_aoai.txt").write_text("az-1\n")
    (tmp_path / "base_aoai.txt").write_text("https://a1\n")
    assert config_list_openai_aoai(key_file_path=str(tmp_path)) == [
        {"api_key": "sk-o1", "base_url": "https://o1"},
        {"api_key": "sk-o2", "base_url": "https://o2"},
        {"api_key": "az-1", "base_url": "https://a1", "api_type": "azure", "api_version": DEFAULT_AZURE_API_VERSION},
    ]


def test_openai_aoai_from_env(monkeypatch: pytest.MonkeyPatch, clean_env: None) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-o1")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "az-1")
    monkeypatch.setenv("AZURE_OPENAI_API_BASE", "https://a1")
    result = config_list_openai_aoai(key_file_path=None)
    assert result == [
        {"api_key": "sk-o1"},
        {"api_key": "az-1", "base_url": "https://a1", "api_type": "azure", "api_version": DEFAULT_AZURE_API_VERSION},
    ]
    monkeypatch.setenv("OPENAI_API_KEY", "sk-o1\nsk-o2")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "az-1\naz-2")
    monkeypatch.setenv("AZURE_OPENAI_API_BASE", "https://a1\nhttps://a2")
    assert len(config_list_openai_aoai(key_file_path=None)) == 4


def test_openai_aoai_missing_files_log_0_2_text(tmp_path: Path, clean_env: None, caplog) -> None:
    with caplog.at_level(logging.INFO):
        config_list_openai_aoai(key_file_path=str(tmp_path), openai_api_key_file="mine.txt", exclude="aoai")
    assert caplog.messages == [
        "OPENAI_API_KEY is not found in os.environ and key_openai.txt is not found in the specified path. "
        "You can specify the api_key in the config_list.",
        "OPENAI_API_BASE is not found in os.environ and base_openai.txt is not found in the specified path. "
        "You can specify the base_url in the config_list.",
    ]


def test_openai_aoai_empty(tmp_path: Path, clean_env: None) -> None:
    assert config_list_openai_aoai(key_file_path=str(tmp_path / "missing")) == []


def test_from_models_is_model_major(monkeypatch: pytest.MonkeyPatch, clean_env: None) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-a\nsk-b")
    result = config_list_from_models(key_file_path=None, exclude="aoai", model_list=["m1", "m2"])
    assert [(c["model"], c["api_key"]) for c in result] == [
        ("m1", "sk-a"),
        ("m1", "sk-b"),
        ("m2", "sk-a"),
        ("m2", "sk-b"),
    ]
    assert [c["model"] for c in config_list_gpt4_gpt35(key_file_path=None, exclude="aoai")] == [
        "gpt-4",
        "gpt-4",
        "gpt-3.5-turbo",
        "gpt-3.5-turbo",
    ]


# ---------------------------------------------------------------------------------------------- dotenv
def test_dotenv_file(tmp_path: Path, clean_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("OPENAI_API_KEY=sk-from-dotenv\n")
    result = config_list_from_dotenv(str(env_file))
    assert sorted(c["model"] for c in result) == ["gpt-3.5-turbo", "gpt-4"]
    assert all(c["api_key"] == "sk-from-dotenv" for c in result)


def test_dotenv_missing_file_logs(
    clean_env: None, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    with caplog.at_level(logging.WARNING):
        result = config_list_from_dotenv("non_existent_path")
    assert "The specified .env file non_existent_path does not exist." in caplog.text
    assert len(result) == 2


def test_dotenv_map_to_missing_env_var(clean_env: None, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        result = config_list_from_dotenv("non_existent_path", model_api_key_map={"gpt-4": "NO_SUCH_VAR_XYZ"})
    assert result == []
    assert "API key not found or empty for model gpt-4" in caplog.text


def test_dotenv_map_with_unsupported_entry_type_warns(clean_env: None, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        result = config_list_from_dotenv("non_existent_path", model_api_key_map={"gpt-4": 42})
    assert result == []
    assert "Unsupported type <class 'int'> for model gpt-4 configuration" in caplog.messages


def test_dotenv_dict_map(clean_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_KEY_VAR", "sk-mine")
    result = config_list_from_dotenv(
        "non_existent_path",
        model_api_key_map={"my-model": {"api_key_env_var": "MY_KEY_VAR", "base_url": "https://b"}},
        filter_dict={"model": ["my-model"]},
    )
    assert result == [{"api_key": "sk-mine", "base_url": "https://b", "model": "my-model"}]


def test_dotenv_dict_map_with_unknown_entry_is_a_type_error(clean_env: None, monkeypatch) -> None:
    monkeypatch.setenv("MY_KEY_VAR", "sk-mine")
    with pytest.raises(TypeError, match="extra"):
        config_list_from_dotenv(
            "non_existent_path", model_api_key_map={"m": {"api_key_env_var": "MY_KEY_VAR", "extra": 1}}
        )


def test_dotenv_blank_key_is_skipped(clean_env: None, monkeypatch, caplog) -> None:
    monkeypatch.setenv("BLANK_KEY_VAR", "   ")
    with caplog.at_level(logging.WARNING):
        result = config_list_from_dotenv("non_existent_path", model_api_key_map={"gpt-4": "BLANK_KEY_VAR"})
    assert result == []
    assert "API key not found or empty for model gpt-4" in caplog.text


def test_dotenv_callers_map_gains_the_default_models(clean_env: None, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    key_map = {"my-model": "OPENAI_API_KEY"}
    config_list_from_dotenv("non_existent_path", model_api_key_map=key_map)
    assert key_map == {"my-model": "OPENAI_API_KEY", "gpt-4": "OPENAI_API_KEY", "gpt-3.5-turbo": "OPENAI_API_KEY"}


# ---------------------------------------------------------------------------------------------- get_key
def test_get_key_ignores_credentials_and_is_order_independent() -> None:
    a = {"model": "gpt-4", "messages": [{"role": "user", "content": "x"}], "api_key": "sk-1", "base_url": "u"}
    b = {"messages": [{"role": "user", "content": "x"}], "model": "gpt-4", "api_key": "sk-2"}
    assert get_key(a) == get_key(b)
    assert "sk-1" not in get_key(a)
    assert a["api_key"] == "sk-1"  # input untouched
    assert set(NON_CACHE_KEY) >= {"api_key", "base_url", "api_type", "api_version"}


def test_get_key_rejects_unserialisable() -> None:
    with pytest.raises(TypeError):
        get_key({"model": "gpt-4", "x": object()})


def test_is_valid_api_key() -> None:
    assert is_valid_api_key("sk-" + "a" * 40)
    assert is_valid_api_key("sk-proj-" + "a" * 40)
    assert not is_valid_api_key("not-a-key")


def test_environment_not_polluted_by_tests() -> None:
    assert os.environ.get("OPENAI_API_KEY") is None


def test_create_gpt_assistant_rejects_file_search_plus_file_ids() -> None:
    from autogen.oai.openai_utils import create_gpt_assistant

    config = {"tool_resources": {"file_search": {"vector_store_ids": ["vs"]}}, "file_ids": ["f"]}
    with pytest.raises(ValueError) as info:
        create_gpt_assistant(None, "a", "i", "gpt-4", config)  # rejected before the client is used
    assert str(info.value) == (
        "Cannot specify both `tool_resources['file_search']` tool and `file_ids` in the assistant config."
    )
