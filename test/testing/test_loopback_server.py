"""The loopback server answers through the real openai client as the OpenAI API would."""

import openai
import pytest

from autogen.testing import LoopbackLLMServer, Reply


def _client(server: LoopbackLLMServer) -> openai.OpenAI:
    return openai.OpenAI(api_key="sk-test", base_url=server.base_url, max_retries=0)


def test_scripted_text_reply_is_returned_and_request_recorded(llm_server):
    llm_server.script(Reply.text("hello back"))
    response = _client(llm_server).chat.completions.create(
        model="gpt-4", messages=[{"role": "user", "content": "hello"}]
    )
    assert response.choices[0].message.content == "hello back"
    assert llm_server.requests[0].messages == [{"role": "user", "content": "hello"}]


def test_tool_call_reply_has_numbered_ids(llm_server):
    llm_server.script(Reply.tool_calls_([{"name": "a", "arguments": {"x": 1}}, {"name": "b"}]))
    msg = (
        _client(llm_server)
        .chat.completions.create(model="gpt-4", messages=[{"role": "user", "content": "go"}])
        .choices[0]
        .message
    )
    assert [c.function.name for c in msg.tool_calls] == ["a", "b"]
    assert msg.tool_calls[0].function.arguments == '{"x": 1}'
    assert len({c.id for c in msg.tool_calls}) == 2


def test_error_reply_raises_the_sdk_error(llm_server):
    llm_server.script(Reply.error(500), Reply.rate_limit())
    client = _client(llm_server)
    with pytest.raises(openai.InternalServerError):
        client.chat.completions.create(model="gpt-4", messages=[{"role": "user", "content": "x"}])
    with pytest.raises(openai.RateLimitError):
        client.chat.completions.create(model="gpt-4", messages=[{"role": "user", "content": "x"}])


def test_streamed_reply_joins_to_the_content(llm_server):
    llm_server.script(Reply.text("a fairly long streamed answer"))
    stream = _client(llm_server).chat.completions.create(
        model="gpt-4", messages=[{"role": "user", "content": "x"}], stream=True
    )
    assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices) == "a fairly long streamed answer"


def test_unanswered_tool_call_is_rejected_and_recorded():
    with LoopbackLLMServer() as server:
        bad = [
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
            },
            {"role": "user", "content": "next"},
        ]
        with pytest.raises(openai.BadRequestError):
            _client(server).chat.completions.create(model="gpt-4", messages=bad)
        assert "c1" in server.violations[0]


def test_empty_script_falls_back_to_responder(llm_server):
    llm_server.responder = lambda body: Reply.text(f"echo {len(body['messages'])}")
    r = _client(llm_server).chat.completions.create(model="gpt-4", messages=[{"role": "user", "content": "x"}])
    assert r.choices[0].message.content == "echo 1"


def test_malformed_reply_sends_the_raw_body_with_its_content_type(llm_server):
    import urllib.request

    llm_server.script(Reply.malformed(b"<html>502</html>", content_type="text/html"))
    request = urllib.request.Request(
        f"{llm_server.base_url}/chat/completions", data=b"{}", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.headers["Content-Type"] == "text/html"
        assert answer.read() == b"<html>502</html>"
