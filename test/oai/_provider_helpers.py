"""Shared checks for the provider client tests: a scripted two-agent tool chat, and use without the SDK installed."""

from __future__ import annotations

import json
from typing import Any, Dict, List

SCRIPT_CALL = ("add", {"a": 2, "b": 3})
SCRIPT_ANSWER = "The answer is 5. TERMINATE"


def tool_chat(llm_config: Dict[str, Any]) -> List[Dict[str, Any]]:
    from autogen import AssistantAgent, UserProxyAgent

    assistant = AssistantAgent("assistant", llm_config=llm_config)
    user = UserProxyAgent(
        "user",
        human_input_mode="NEVER",
        code_execution_config=False,
        max_consecutive_auto_reply=3,
        is_termination_msg=lambda m: "TERMINATE" in (m.get("content") or ""),
    )

    @user.register_for_execution()
    @assistant.register_for_llm(description="Add two numbers")
    def add(a: int, b: int) -> int:
        return a + b

    return user.initiate_chat(assistant, message="What is 2 + 3?", silent=True).chat_history


def shape(history: List[Dict[str, Any]]) -> List[Any]:
    """The transcript without provider-specific ids: who spoke, tool calls made, tool results, text."""
    rows = []
    for m in history:
        calls = [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in m.get("tool_calls") or []]
        results = [r.get("content") for r in m.get("tool_responses") or []]
        rows.append((m.get("role"), m.get("name"), calls, results, None if calls or results else m.get("content")))
    return rows


def openai_tool_chat_shape(llm_server: Any) -> List[Any]:
    """The transcript shape of the scripted tool chat on the OpenAI loopback server (the reference)."""
    from autogen.testing import Reply

    llm_server.script(Reply.tool_call(*SCRIPT_CALL), Reply.text(SCRIPT_ANSWER))
    reference = shape(tool_chat({"config_list": llm_server.config_list(), "cache_seed": None}))
    assert reference[1][2] == [SCRIPT_CALL] and reference[2][3] == ["5"]
    return reference


_BLOCKING_PRELUDE = """
import sys
BLOCKED = {blocked!r}
class _Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED or name in BLOCKED:
            raise ImportError(f"No module named {{name!r}} (hidden by the test)")
        return None
sys.meta_path.insert(0, _Block())
for loaded in [m for m in sys.modules if m.split(".")[0] in BLOCKED]:
    del sys.modules[loaded]
"""


def error_without_sdk(blocked: List[str], module: str, cls: str, kwargs: Dict[str, Any]) -> str:
    """Import autogen with the SDK's packages hidden, build `autogen.oai.<module>.<cls>(**kwargs)` and return the
    ImportError's message ("" if nothing was raised). Runs in a subprocess so this test process keeps its SDKs."""
    import subprocess
    import sys

    code = _BLOCKING_PRELUDE.format(blocked=blocked) + (
        "import autogen, autogen.oai, autogen.oai.client\n"
        f"from autogen.oai.{module} import {cls}\n"
        "try:\n"
        f"    {cls}(**{kwargs!r})\n"
        "    print('')\n"
        "except ImportError as err:\n"
        "    print(err)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def messy_transcript() -> List[Dict[str, Any]]:
    """A conversation that breaks every turn rule a strict API has: assistant first, repeated roles, names,
    two tool rounds (one parallel), a system message in the middle, an empty message and an unanswered call."""

    def call(call_id: str, a: int) -> Dict[str, Any]:
        return {
            "id": call_id,
            "type": "function",
            "function": {"name": "add", "arguments": json.dumps({"a": a, "b": 1})},
        }

    return [
        {"role": "system", "content": "You add numbers."},
        {"role": "assistant", "content": "Hello, I can add.", "name": "assistant"},
        {"role": "user", "content": "first", "name": "user"},
        {"role": "user", "content": "second", "name": "user"},
        {"role": "assistant", "content": None, "tool_calls": [call("c1", 1), call("c2", 2)]},
        {"role": "tool", "tool_call_id": "c1", "content": "2"},
        {"role": "tool", "tool_call_id": "c2", "content": "3"},
        {"role": "system", "content": "Summarise when done."},
        {"role": "assistant", "content": ""},
        {"role": "assistant", "content": "Now one more.", "tool_calls": [call("c3", 3)]},
        {"role": "tool", "tool_call_id": "c3", "content": "4"},
        {"role": "user", "content": "thanks"},
        {"role": "assistant", "content": None, "tool_calls": [call("c4", 4)]},
    ]
