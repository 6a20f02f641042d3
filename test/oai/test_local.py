"""The local GGUF client: packaged-model assembly, lenient tool-call parsing, errors, and (slow) a real model."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import sys

import pytest

from autogen.oai import _local_model
from autogen.oai._lenient_tool_calls import extract_tool_calls
from autogen.oai._local_model import LocalModelError, PackagedModel, ensure_packaged_model
from autogen.oai.local import LocalLLMClient


# ----------------------------------------------------------------------------- lenient tool-call parsing
def test_tagged_tool_call_becomes_a_call():
    calls, rest = extract_tool_calls('<tool_call>\n{"name": "add", "arguments": {"a": 1}}\n</tool_call>', ["add"])
    assert calls == [{"name": "add", "arguments": '{"a": 1}'}]
    assert rest is None


def test_fenced_json_call_with_text_around_keeps_the_text():
    text = 'I will call it.\n```json\n{"name": "add", "arguments": {"a": 1, "b": 2}}\n```'
    calls, rest = extract_tool_calls(text, ["add"])
    assert json.loads(calls[0]["arguments"]) == {"a": 1, "b": 2}
    assert rest == "I will call it."


def test_doubled_braces_are_accepted():
    calls, _ = extract_tool_calls('{{"name": "add", "arguments": {{"a": 1}}}}', ["add"])
    assert calls == [{"name": "add", "arguments": '{"a": 1}'}]


def test_unknown_tool_name_is_left_as_text():
    text = '{"name": "rm_rf", "arguments": {}}'
    assert extract_tool_calls(text, ["add"]) == ([], text)


def test_python_code_block_is_not_a_tool_call():
    text = "```python\nprint({'name': 'add'})\n```"
    assert extract_tool_calls(text, ["add"]) == ([], text)


def test_list_of_calls_gives_parallel_calls():
    calls, _ = extract_tool_calls('[{"name": "a", "arguments": {}}, {"name": "b", "arguments": "{}"}]', ["a", "b"])
    assert [c["name"] for c in calls] == ["a", "b"]


# ----------------------------------------------------------------------------- packaged model assembly
@pytest.fixture
def tiny_packaged_model(tmp_path, monkeypatch):
    """A three-part 'model' installed as importable chunk packages, registered under a test name."""
    chunks = [b"GGUF" + bytes(range(200)) * 50, b"middle" * 1000, b"end"]
    site = tmp_path / "site"
    for i, chunk in enumerate(chunks, 1):
        pkg = site / f"tiny_model_part{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(chunk)
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    blob = b"".join(chunks)
    model = PackagedModel(
        file_name="tiny.gguf",
        size=len(blob),
        sha256=hashlib.sha256(blob).hexdigest(),
        parts=tuple((f"tiny_model_part{i}", f"data/part{i:02d}.bin") for i in range(1, 4)),
    )
    monkeypatch.setitem(_local_model.PACKAGED_MODELS, "tiny", model)
    return model, blob, site


def test_packaged_model_is_assembled_once_and_verified(tiny_packaged_model, tmp_path):
    model, blob, _ = tiny_packaged_model
    seen = []
    path = ensure_packaged_model("tiny", cache_dir=tmp_path / "cache", progress=lambda d, t: seen.append((d, t)))
    assert path.read_bytes() == blob
    assert seen[-1] == (len(blob), len(blob))
    mtime = path.stat().st_mtime_ns
    assert ensure_packaged_model("tiny", cache_dir=tmp_path / "cache", progress=None) == path
    assert path.stat().st_mtime_ns == mtime  # not rebuilt


def test_corrupt_part_is_refused_and_leaves_no_file(tiny_packaged_model, tmp_path):
    _, _, site = tiny_packaged_model
    (site / "tiny_model_part2" / "data" / "part02.bin").write_bytes(b"tampered")
    with pytest.raises(LocalModelError, match="do not form the expected file"):
        ensure_packaged_model("tiny", cache_dir=tmp_path / "cache", progress=None)
    assert list((tmp_path / "cache").iterdir()) == []


def test_missing_parts_name_the_extra(tmp_path, monkeypatch):
    model = PackagedModel("x.gguf", 1, "0" * 64, (("no_such_part_package_xyz", "data/p.bin"),))
    monkeypatch.setitem(_local_model.PACKAGED_MODELS, "absent", model)
    with pytest.raises(LocalModelError, match=r"autogen-agentchat\[local\]"):
        ensure_packaged_model("absent", cache_dir=tmp_path, progress=None)


def test_model_path_that_does_not_exist_is_a_clear_error(tmp_path):
    client = LocalLLMClient({"api_type": "local", "model_path": str(tmp_path / "nope.gguf")})
    with pytest.raises(LocalModelError, match="not found"):
        client._resolve_path()


def test_model_file_with_wrong_sha_is_refused(tmp_path):
    f = tmp_path / "m.gguf"
    f.write_bytes(b"partial download")
    client = LocalLLMClient({"model_path": str(f), "model_sha256": "ab" * 32})
    with pytest.raises(LocalModelError, match="corrupt or partial"):
        client._resolve_path()


def test_missing_runtime_names_the_extra(monkeypatch, tmp_path):
    for module in ("xllamacpp", "llama_cpp"):
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    client = LocalLLMClient({"model_path": str(tmp_path / "m.gguf")})
    with pytest.raises(ImportError, match=r"autogen-agentchat\[local\]"):
        client.create({"messages": [{"role": "user", "content": "hi"}]})


def test_unknown_runtime_is_a_clear_error(tmp_path):
    client = LocalLLMClient({"model_path": str(tmp_path / "m.gguf"), "runtime": "vllm"})
    with pytest.raises(ValueError, match="Unknown local runtime 'vllm'"):
        client.create({"messages": [{"role": "user", "content": "hi"}]})


def _runtime_installed() -> bool:
    return any(importlib.util.find_spec(name) for name in ("xllamacpp", "llama_cpp"))


@pytest.mark.skipif(not _runtime_installed(), reason="needs the `local` extra (xllamacpp)")
def test_too_little_memory_is_a_clear_error(monkeypatch, tmp_path):
    f = tmp_path / "m.gguf"
    f.write_bytes(b"x" * 1024)
    monkeypatch.setattr("autogen.oai.local._available_memory", lambda: 10 << 20)
    client = LocalLLMClient({"model_path": str(f)})
    with pytest.raises(LocalModelError, match="Not enough memory"):
        client._llama()


def _local_model_ready() -> bool:
    if not _runtime_installed():
        return False
    try:
        PackagedModel.locate_parts(_local_model.PACKAGED_MODELS[_local_model.DEFAULT_LOCAL_MODEL])
        return True
    except Exception:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not _local_model_ready(), reason="needs the `local` extra: pip install -e '.[local]'")
def test_real_local_model_chats_and_calls_a_tool():
    from autogen import AssistantAgent, UserProxyAgent

    config = {
        "config_list": [{"model": _local_model.DEFAULT_LOCAL_MODEL, "api_type": "local", "n_ctx": 4096}],
        "cache_seed": None,
    }
    assistant = AssistantAgent(
        "assistant", llm_config=config, system_message="You are a helpful assistant. Use tools when asked."
    )
    user = UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False, max_consecutive_auto_reply=1)

    @user.register_for_execution()
    @assistant.register_for_llm(description="Multiply two integers and return the product.")
    def multiply(a: int, b: int) -> int:
        return a * b

    result = user.initiate_chat(assistant, message="Use the multiply tool to compute 12 times 34.", max_turns=2)
    tool_messages = [m for m in result.chat_history if m.get("role") == "tool"]
    assert tool_messages and tool_messages[0]["content"] == "408"
