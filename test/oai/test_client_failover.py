"""Failover across config entries: which errors move on to the next config and which propagate."""

from __future__ import annotations

import json
from typing import Any, Dict, List

import openai
import pytest

from autogen.oai.client import OpenAIWrapper
from autogen.testing import Reply

MESSAGES = [{"role": "user", "content": "Who answers?"}]


def _configs(llm_server, first: Dict[str, Any], **second: Any) -> List[Dict[str, Any]]:
    good = llm_server.config_list(model="gpt-4o", max_retries=0, **second)[0]
    return [{"model": "gpt-4", "api_key": "sk-first", "max_retries": 0, **first}, good]


def test_closed_port_fails_over_to_next_config(llm_server, closed_port_url) -> None:
    llm_server.script(Reply.text("second answers"))
    client = OpenAIWrapper(config_list=_configs(llm_server, {"base_url": closed_port_url}), cache_seed=None)
    response = client.create(messages=MESSAGES)
    assert client.extract_text_or_completion_object(response) == ["second answers"]
    assert response.config_id == 1
    assert len(llm_server.requests) == 1


def test_server_error_fails_over_to_next_config(llm_server) -> None:
    llm_server.script(Reply.error(500), Reply.text("second answers"))
    config_list = llm_server.config_list(max_retries=0) + llm_server.config_list(model="gpt-4o", max_retries=0)
    client = OpenAIWrapper(config_list=config_list, cache_seed=None)
    response = client.create(messages=MESSAGES)
    assert client.extract_text_or_completion_object(response) == ["second answers"]
    assert [r.body["model"] for r in llm_server.requests] == ["gpt-4", "gpt-4o"]
    assert client.total_usage_summary is not None and "gpt-4" not in client.total_usage_summary


def test_rate_limit_fails_over_to_next_config(llm_server) -> None:
    llm_server.script(Reply.rate_limit(), Reply.text("second answers"))
    config_list = llm_server.config_list(max_retries=0) + llm_server.config_list(model="gpt-4o", max_retries=0)
    response = OpenAIWrapper(config_list=config_list, cache_seed=None).create(messages=MESSAGES)
    assert response.config_id == 1


def test_all_failing_raises_last_error(llm_server, closed_port_url) -> None:
    llm_server.script(Reply.error(503, "overloaded"))
    client = OpenAIWrapper(config_list=_configs(llm_server, {"base_url": closed_port_url}), cache_seed=None)
    with pytest.raises(openai.InternalServerError) as info:
        client.create(messages=MESSAGES)
    assert info.value.status_code == 503
    assert client.total_usage_summary is None


def test_single_config_error_propagates(closed_port_url) -> None:
    client = OpenAIWrapper(
        config_list=[{"model": "gpt-4", "api_key": "sk-x", "base_url": closed_port_url, "max_retries": 0}],
        cache_seed=None,
    )
    with pytest.raises(openai.APIConnectionError):
        client.create(messages=MESSAGES)


def test_content_filter_error_propagates_at_once(llm_server) -> None:
    llm_server.script(Reply.error(400, "filtered", error_type="content_filter"), Reply.text("never used"))
    config_list = llm_server.config_list(max_retries=0) + llm_server.config_list(model="gpt-4o", max_retries=0)
    with pytest.raises(openai.BadRequestError) as info:
        OpenAIWrapper(config_list=config_list, cache_seed=None).create(messages=MESSAGES)
    assert info.value.code == "content_filter"
    assert len(llm_server.requests) == 1


def _two_entries(llm_server) -> List[Dict[str, Any]]:
    return llm_server.config_list(max_retries=0) + llm_server.config_list(model="gpt-4o", max_retries=0)


@pytest.mark.parametrize(
    "bad",
    [
        Reply.malformed(),
        Reply.malformed(b"<html><body>502 Bad Gateway</body></html>", content_type="text/html"),
        Reply.malformed(b'{"id": "x", "object": "chat.completion"}'),
        Reply.malformed(b"[]"),
    ],
    ids=["not-json", "html-page", "no-choices", "json-list"],
)
def test_body_that_is_not_a_completion_fails_over(llm_server, bad: Reply, caplog: pytest.LogCaptureFixture) -> None:
    llm_server.script(bad, Reply.text("second answers"))
    client = OpenAIWrapper(config_list=_two_entries(llm_server), cache_seed=None)
    with caplog.at_level("WARNING", logger="autogen.oai.client"):
        response = client.create(messages=MESSAGES)
    assert client.extract_text_or_completion_object(response) == ["second answers"]
    assert response.config_id == 1
    assert f"config entry 0 (model 'gpt-4', base_url '{llm_server.base_url}'), server 127.0.0.1:" in caplog.text
    assert llm_server.api_key not in caplog.text


def test_non_json_body_on_last_entry_raises_naming_entry_and_server(llm_server) -> None:
    llm_server.script(Reply.malformed(), Reply.malformed())
    with pytest.raises(json.JSONDecodeError) as info:
        OpenAIWrapper(config_list=_two_entries(llm_server), cache_seed=None).create(messages=MESSAGES)
    # the type and message stay those 0.2 showed; the note names where the body came from
    assert str(info.value).startswith("Expecting property name enclosed in double quotes")
    (note,) = info.value.__notes__
    assert note.startswith(f"config entry 1 (model 'gpt-4o', base_url '{llm_server.base_url}'), server 127.0.0.1:")
    assert "not valid JSON" in note and llm_server.api_key not in note
    assert len(llm_server.requests) == 2


def test_body_without_choices_on_last_entry_raises_naming_entry(llm_server) -> None:
    from autogen.oai._response_check import MalformedResponseError

    llm_server.script(Reply.malformed(b'{"error": {"message": "quota exceeded"}}'))
    with pytest.raises(
        MalformedResponseError, match=r"config entry 0 \(model 'gpt-4', base_url .*no 'choices'"
    ) as info:
        OpenAIWrapper(config_list=llm_server.config_list(max_retries=0), cache_seed=None).create(messages=MESSAGES)
    assert llm_server.api_key not in str(info.value) and "quota exceeded" not in str(info.value)


def test_entry_description_never_shows_credentials_in_the_url() -> None:
    from autogen.oai._response_check import describe_entry

    where = describe_entry(2, {"model": "m", "base_url": "https://user:s3cret@llm.example/v1?key=s3cret"}, None)
    assert where == "config entry 2 (model 'm', base_url 'https://llm.example/v1'), server llm.example"


def test_timeout_fails_over_then_becomes_builtin_timeout(llm_server) -> None:
    llm_server.script(Reply.hang(1.0), Reply.hang(1.0))
    config_list = llm_server.config_list(max_retries=0, timeout=0.2) + llm_server.config_list(
        model="gpt-4o", max_retries=0, timeout=0.2
    )
    client = OpenAIWrapper(config_list=config_list, cache_seed=None)
    with pytest.raises(TimeoutError, match="timeout") as info:
        client.create(messages=MESSAGES)
    assert isinstance(info.value.__cause__, openai.APITimeoutError)
    assert [r.body["model"] for r in llm_server.requests] == ["gpt-4", "gpt-4o"]


def test_timeout_then_success(llm_server) -> None:
    llm_server.script(Reply.hang(1.0), Reply.text("in time"))
    config_list = llm_server.config_list(max_retries=0, timeout=0.2) + llm_server.config_list(model="gpt-4o")
    response = OpenAIWrapper(config_list=config_list, cache_seed=None).create(messages=MESSAGES)
    assert response.config_id == 1


def test_sdk_max_retries_retries_the_same_config(llm_server) -> None:
    llm_server.script(Reply.error(500), Reply.text("after retry"))
    client = OpenAIWrapper(config_list=llm_server.config_list(max_retries=1), cache_seed=None)
    response = client.create(messages=MESSAGES)
    assert client.extract_text_or_completion_object(response) == ["after retry"]
    assert len(llm_server.requests) == 2


def test_create_time_timeout_is_a_request_param(llm_server) -> None:
    llm_server.script(Reply.hang(1.0))
    client = OpenAIWrapper(config_list=llm_server.config_list(max_retries=0), cache_seed=None)
    with pytest.raises(TimeoutError):
        client.create(messages=MESSAGES, timeout=0.2)


def test_failed_config_errors_do_not_leak_api_key(llm_server, closed_port_url) -> None:
    secret = "sk-very-secret-key-0123456789"
    client = OpenAIWrapper(
        config_list=[{"model": "gpt-4", "api_key": secret, "base_url": closed_port_url, "max_retries": 0}],
        cache_seed=None,
    )
    with pytest.raises(openai.APIConnectionError) as info:
        client.create(messages=MESSAGES)
    assert secret not in str(info.value) and secret not in repr(info.value)
