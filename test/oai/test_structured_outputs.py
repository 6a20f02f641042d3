"""Structured outputs: `response_format` sent as the API expects, replies validated and parsed."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from autogen import AssistantAgent, OpenAIWrapper, UserProxyAgent
from autogen.oai import StructuredOutputError


class Forecast(BaseModel):
    city: str
    celsius: int


def test_a_pydantic_model_is_sent_as_a_strict_json_schema(llm_server, reply):
    llm_server.script(reply.text('{"city": "Oslo", "celsius": 4}'))
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None, response_format=Forecast)
    response = client.create(messages=[{"role": "user", "content": "weather?"}])
    sent = llm_server.chat_requests[-1].body["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["strict"] is True
    assert sent["json_schema"]["name"] == "Forecast"
    assert sent["json_schema"]["schema"]["required"] == ["city", "celsius"]
    assert sent["json_schema"]["schema"]["additionalProperties"] is False
    assert response.parsed == [Forecast(city="Oslo", celsius=4)]


def test_a_json_schema_dict_is_wrapped_and_the_reply_parsed(llm_server, reply):
    schema = {"title": "Answer", "type": "object", "properties": {"value": {"type": "integer"}}}
    llm_server.script(reply.text('{"value": 42}'))
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None, response_format=schema)
    response = client.create(messages=[{"role": "user", "content": "?"}])
    assert llm_server.chat_requests[-1].body["response_format"]["json_schema"]["name"] == "Answer"
    assert response.parsed == [{"value": 42}]


def test_a_reply_that_does_not_match_gives_a_validation_error(llm_server, reply):
    llm_server.script(reply.text('{"city": "Oslo"}'))
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None, response_format=Forecast)
    with pytest.raises(StructuredOutputError, match="does not match Forecast"):
        client.create(messages=[{"role": "user", "content": "weather?"}])


def test_streaming_a_structured_reply_is_parsed(llm_server, reply):
    llm_server.script(reply.text('{"city": "Rome", "celsius": 21}'))
    client = OpenAIWrapper(config_list=llm_server.config_list(), cache_seed=None, response_format=Forecast)
    response = client.create(messages=[{"role": "user", "content": "?"}], stream=True)
    assert llm_server.chat_requests[-1].body["stream"] is True
    assert response.parsed == [Forecast(city="Rome", celsius=21)]


def test_a_cached_structured_reply_is_parsed_again(llm_server, reply, tmp_path):
    from autogen import Cache

    llm_server.script(reply.text('{"city": "Lima", "celsius": 18}'))
    with Cache.disk(cache_path_root=str(tmp_path)) as cache:
        client = OpenAIWrapper(config_list=llm_server.config_list(), response_format=Forecast)
        first = client.create(messages=[{"role": "user", "content": "?"}], cache=cache)
        second = client.create(messages=[{"role": "user", "content": "?"}], cache=cache)
    assert len(llm_server.chat_requests) == 1
    assert first.parsed == second.parsed == [Forecast(city="Lima", celsius=18)]


def test_a_provider_without_structured_outputs_is_named_in_the_error():
    config = [{"model": "gemini-pro", "api_type": "google", "api_key": "k"}]
    try:
        client = OpenAIWrapper(config_list=config, response_format=Forecast, cache_seed=None)
    except ImportError:
        pytest.skip("the google provider's SDK is not installed")
    with pytest.raises(ValueError, match="not supported by the 'google' client"):
        client.create(messages=[{"role": "user", "content": "?"}])


def test_chat_result_carries_the_typed_final_reply(llm_server, reply):
    llm_server.script(reply.text('{"city": "Kyiv", "celsius": 9}'))
    config = {"config_list": llm_server.config_list(), "cache_seed": None, "response_format": Forecast}
    assistant = AssistantAgent("forecaster", llm_config=config)
    user = UserProxyAgent("boss", human_input_mode="NEVER", code_execution_config=False)
    result = user.initiate_chat(assistant, message="weather in Kyiv", max_turns=1, silent=True)
    assert result.structured_output == Forecast(city="Kyiv", celsius=9)
    assert result.summary == '{"city": "Kyiv", "celsius": 9}'
