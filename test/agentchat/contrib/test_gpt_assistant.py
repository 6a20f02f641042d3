"""GPTAssistantAgent against a loopback fake of the Assistants API, through the real `openai` SDK."""

from __future__ import annotations

from typing import Any, Dict, Iterator, List

import pytest

openai = pytest.importorskip("openai")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the SDK deprecates the Assistants API

from fake_assistants_api import FakeAssistantsAPI, Step  # noqa: E402

import autogen  # noqa: E402
from autogen.agentchat.contrib.gpt_assistant_agent import GPTAssistantAgent  # noqa: E402

STAR_TOOL = {
    "type": "function",
    "function": {
        "name": "get_stars",
        "description": "Number of GitHub stars of a repository.",
        "parameters": {"type": "object", "properties": {"repo": {"type": "string"}}, "required": ["repo"]},
    },
}


@pytest.fixture(autouse=True)
def _in_tmp_dir(tmp_path: Any, monkeypatch: Any) -> None:
    """Configs here keep 0.2's default cache_seed (41): keep the ./.cache it writes inside the test's directory."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def api() -> Iterator[FakeAssistantsAPI]:
    fake = FakeAssistantsAPI()
    yield fake
    fake.close()


def _config(api: FakeAssistantsAPI, **extra: Any) -> Dict[str, Any]:
    return {"config_list": [api.config()], **extra}


def test_llm_config_false_is_rejected() -> None:
    with pytest.raises(ValueError, match="llm_config=False is not supported"):
        GPTAssistantAgent("a", llm_config=False)


def test_process_assistant_config_moves_assistant_keys() -> None:
    llm_config = {"config_list": [], "assistant_id": "asst_1", "tools": [STAR_TOOL], "check_every_ms": 5}
    client_cfg, assistant_cfg = GPTAssistantAgent._process_assistant_config(llm_config, {"tools": []})
    assert client_cfg == {"config_list": []}
    assert assistant_cfg == {"tools": [], "assistant_id": "asst_1", "check_every_ms": 5}
    assert "assistant_id" in llm_config  # the caller's dict is not changed


@pytest.mark.parametrize("single_dict", [False, True])
def test_chat_with_function_tool(api: FakeAssistantsAPI, single_dict: bool) -> None:
    calls: List[str] = []

    def get_stars(repo: str) -> str:
        calls.append(repo)
        return "123 456"

    llm_config: Dict[str, Any] = api.config() if single_dict else _config(api)
    assistant = GPTAssistantAgent(
        "assistant",
        instructions="Answer questions about repositories.",
        llm_config={**llm_config, "tools": [STAR_TOOL]},
    )
    assistant.register_function({"get_stars": get_stars})
    api.script = [
        Step.tool_calls(("get_stars", {"repo": "microsoft/autogen"})),
        Step.say("microsoft/autogen has 123 456 stars."),
    ]
    final, response = assistant._invoke_assistant(
        [{"role": "user", "content": "How many stars does microsoft/autogen have?"}]
    )
    assert final is True
    assert response["role"] == "assistant"
    assert response["content"].startswith("microsoft/autogen has 123 456 stars.")
    assert calls == ["microsoft/autogen"]
    assert api.tool_outputs[0]["output"] == "123 456"
    assert assistant.can_execute_function("get_stars") is False
    assert len(assistant.oai_threads) == 1
    assistant.reset()
    assert len(assistant.oai_threads) == 0
    assert api.threads == {}


def test_model_is_taken_from_config(api: FakeAssistantsAPI) -> None:
    assistant = GPTAssistantAgent("assistant", instructions="hi", llm_config=_config(api))
    assert api.assistants[assistant.assistant_id]["model"] == "gpt-4-test"


def test_get_assistant_instructions(api: FakeAssistantsAPI) -> None:
    assistant = GPTAssistantAgent("assistant", instructions="Be brief.", llm_config=_config(api))
    assert assistant.get_assistant_instructions() == "Be brief."
    assert assistant.system_message == "Be brief."


def test_default_instructions_for_new_assistant(api: FakeAssistantsAPI) -> None:
    assistant = GPTAssistantAgent("assistant", llm_config=_config(api))
    assert assistant.get_assistant_instructions() == autogen.AssistantAgent.DEFAULT_SYSTEM_MESSAGE


def test_overwrite_instructions_updates_the_api(api: FakeAssistantsAPI) -> None:
    first = GPTAssistantAgent("assistant", instructions="Old.", llm_config=_config(api))
    second = GPTAssistantAgent(
        "assistant",
        instructions="New.",
        llm_config=_config(api, assistant_id=first.assistant_id),
        overwrite_instructions=True,
    )
    assert second.assistant_id == first.assistant_id
    assert second.get_assistant_instructions() == "New."
    assert api.assistants[first.assistant_id]["instructions"] == "New."


def test_existing_assistant_without_instructions_reads_them(api: FakeAssistantsAPI) -> None:
    first = GPTAssistantAgent("assistant", instructions="Stored.", llm_config=_config(api))
    second = GPTAssistantAgent("other", llm_config=_config(api, assistant_id=first.assistant_id))
    assert second.get_assistant_instructions() == "Stored."
    assert second.system_message == "Stored."


def test_given_instructions_without_overwrite_leave_api_unchanged(api: FakeAssistantsAPI) -> None:
    first = GPTAssistantAgent("assistant", instructions="Stored.", llm_config=_config(api))
    GPTAssistantAgent("other", instructions="Local.", llm_config=_config(api, assistant_id=first.assistant_id))
    assert api.assistants[first.assistant_id]["instructions"] == "Stored."


def test_retrieval_tool_with_file_ids_uses_a_vector_store(api: FakeAssistantsAPI) -> None:
    file_id = api.add_file("notes.txt")
    assistant = GPTAssistantAgent(
        "assistant",
        instructions="Use the file.",
        llm_config=_config(api, tools=[{"type": "retrieval"}], file_ids=[file_id]),
    )
    stored = api.assistants[assistant.assistant_id]
    assert stored["tools"] == [{"type": "file_search"}]
    store_id = stored["tool_resources"]["file_search"]["vector_store_ids"][0]
    assert api.vector_stores[store_id]["file_ids"] == [file_id]


def test_same_name_instructions_and_tools_reuse_the_assistant(api: FakeAssistantsAPI) -> None:
    config = _config(api, tools=[STAR_TOOL])
    first = GPTAssistantAgent("assistant", instructions="Same.", llm_config=config)
    second = GPTAssistantAgent("assistant", instructions="Same.", llm_config=config)
    assert first.assistant_id == second.assistant_id
    assert len(api.assistants) == 1
    first.delete_assistant()
    with pytest.raises(openai.NotFoundError):
        second.delete_assistant()


def test_mismatched_instructions_or_tools_create_new_assistants(api: FakeAssistantsAPI) -> None:
    GPTAssistantAgent("assistant", instructions="One.", llm_config=_config(api))
    GPTAssistantAgent("assistant", instructions="Two.", llm_config=_config(api))
    assert len(api.assistants) == 2
    GPTAssistantAgent("assistant", instructions="Two.", llm_config=_config(api, tools=[{"type": "code_interpreter"}]))
    assert len(api.assistants) == 3


def test_overwrite_tools_replaces_function_names(api: FakeAssistantsAPI) -> None:
    first = GPTAssistantAgent("assistant", instructions="x", llm_config=_config(api, tools=[STAR_TOOL]))
    other_tool = {"type": "function", "function": {"name": "get_forks", "description": "", "parameters": {}}}
    second = GPTAssistantAgent(
        "assistant",
        llm_config=_config(api, assistant_id=first.assistant_id, tools=[other_tool]),
        overwrite_tools=True,
    )
    assert [t.function.name for t in second.openai_assistant.tools] == ["get_forks"]


def test_tools_without_overwrite_are_kept(api: FakeAssistantsAPI) -> None:
    first = GPTAssistantAgent("assistant", instructions="x", llm_config=_config(api, tools=[STAR_TOOL]))
    other_tool = {"type": "function", "function": {"name": "get_forks", "description": "", "parameters": {}}}
    second = GPTAssistantAgent(
        "assistant", llm_config=_config(api, assistant_id=first.assistant_id, tools=[other_tool])
    )
    assert [t.function.name for t in second.openai_assistant.tools] == ["get_stars"]


def test_two_agent_chat_posts_only_unread_messages(api: FakeAssistantsAPI) -> None:
    assistant = GPTAssistantAgent("assistant", instructions="Reply.", llm_config=_config(api))
    user = autogen.UserProxyAgent(
        "user", human_input_mode="NEVER", code_execution_config=False, default_auto_reply="Tell me more."
    )
    api.script = [Step.say("First answer."), Step.say("Second answer.")]
    result = user.initiate_chat(assistant, message="Hello", max_turns=2, silent=True)
    assert [m["content"].strip() for m in result.chat_history] == [
        "Hello",
        "First answer.",
        "Tell me more.",
        "Second answer.",
    ]
    posted = [body["content"] for method, path, body in api.requests if path.endswith("/messages") and method == "POST"]
    assert posted == ["Hello", "Tell me more."]
    runs = [body for method, path, body in api.requests if path.endswith("/runs")]
    assert all(run["instructions"] == "Reply." for run in runs)


def test_clear_history_deletes_the_partner_thread(api: FakeAssistantsAPI) -> None:
    assistant = GPTAssistantAgent("assistant", instructions="Reply.", llm_config=_config(api))
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    user.initiate_chat(assistant, message="Hello", max_turns=1, silent=True)
    assert user in assistant.oai_threads
    assistant.clear_history(user)
    assert user not in assistant.oai_threads
    assert api.threads == {}


def test_reflection_summary_uses_chat_completions(api: FakeAssistantsAPI) -> None:
    # as in 0.2 the summary is asked of the recipient's client: chat completions at the same endpoint
    api.chat_reply = "A summary."
    assistant = GPTAssistantAgent("assistant", instructions="Reply.", llm_config=_config(api, assistant_id=None))
    user = autogen.UserProxyAgent("user", human_input_mode="NEVER", code_execution_config=False)
    result = user.initiate_chat(
        assistant, message="Hello", max_turns=1, summary_method="reflection_with_llm", silent=True
    )
    assert result.summary == "A summary."


def test_citations_are_listed(api: FakeAssistantsAPI) -> None:
    file_id = api.add_file("report.pdf")
    annotation = {
        "type": "file_citation",
        "text": "【0†source】",
        "start_index": 5,
        "end_index": 15,
        "file_citation": {"file_id": file_id, "quote": "the quote"},
    }
    api.script = [Step.say("Facts【0†source】.", annotations=[annotation])]
    assistant = GPTAssistantAgent("assistant", instructions="x", llm_config=_config(api))
    _, response = assistant._invoke_assistant([{"role": "user", "content": "Facts?"}])
    assert response["content"] == "Facts [0].\n[0] report.pdf: the quote"


def test_unexpected_run_status_raises(api: FakeAssistantsAPI) -> None:
    assistant = GPTAssistantAgent("assistant", instructions="x", llm_config=_config(api))
    thread = assistant.openai_client.beta.threads.create(messages=[])
    run = assistant.openai_client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant.assistant_id)
    api.runs[run.id]["status"] = "failed"
    with pytest.raises(ValueError, match="Unexpected run status: failed"):
        assistant._get_run_response(thread, run)


def test_role_mapping_is_an_instance_method_as_in_0_2() -> None:
    # 0.2 defines it on the instance (self unused), so it is called unbound with an explicit first argument
    assert [
        GPTAssistantAgent._map_role_for_api(None, r)  # type: ignore[arg-type]
        for r in ("user", "assistant", "system", "tool", "function", "x")
    ] == [
        "user",
        "assistant",
        "system",
        "assistant",
        "assistant",
        "assistant",
    ]
