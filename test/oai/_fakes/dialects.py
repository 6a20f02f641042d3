"""Wire formats of the faked providers: Anthropic, OpenAI-compatible (Groq, Together, Cerebras, Mistral),
Cohere v1 chat, Ollama and Amazon Bedrock Converse."""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List

from .server import Answer, Dialect, FakeReply, json_answer, ndjson_answer, sse_answer


def turn_problem(messages: List[Dict[str, Any]], has_tools: bool, use_of: Any, result_of: Any) -> str:
    """Why the real API would reject these turns ("" if it would not): they must start with the user, alternate,
    answer every tool use in the very next user turn, and carry tool blocks only when tools are declared.
    `use_of(block)` / `result_of(block)` return the tool id of a tool-use / tool-result block, else None."""
    if not messages:
        return "messages: at least one message is required"
    if messages[0].get("role") != "user":
        return "messages: the first message must use the user role"
    pending: List[str] = []
    for i, message in enumerate(messages):
        if i and message.get("role") == messages[i - 1].get("role"):
            return f"messages.{i}: roles must alternate between user and assistant"
        content = message.get("content")
        blocks = content if isinstance(content, list) else [{"type": "text", "text": content}]
        uses = [u for u in (use_of(b) for b in blocks) if u]
        results = [r for r in (result_of(b) for b in blocks) if r]
        if (uses or results) and not has_tools:
            return f"messages.{i}: tool blocks require tools to be declared"
        if pending and sorted(results) != sorted(pending):
            return f"messages.{i}: tool use ids {pending} need tool results in the next message, got {results}"
        if results and not pending:
            return f"messages.{i}: tool results {results} do not answer a tool use in the previous message"
        if any(isinstance(b, dict) and "text" in b and not str(b["text"]).strip() for b in blocks):
            return f"messages.{i}: text content blocks must be non-empty"
        pending = uses
    return "messages: the last tool use was not answered" if pending else ""


class AnthropicDialect(Dialect):
    """`POST /v1/messages` with content blocks (also Claude on Bedrock: `POST /model/<id>/invoke`)."""

    def route(self, method: str, path: str) -> bool:
        bedrock = path.startswith("/model/") and path.endswith("/invoke")
        return method == "POST" and (path.endswith("/v1/messages") or bedrock)

    def reply(self, reply: FakeReply, body: Dict[str, Any], number: int, path: str) -> Answer:
        problem = turn_problem(
            body.get("messages", []),
            bool(body.get("tools")),
            lambda b: b.get("id") if isinstance(b, dict) and b.get("type") == "tool_use" else None,
            lambda b: b.get("tool_use_id") if isinstance(b, dict) and b.get("type") == "tool_result" else None,
        )
        if problem:
            return self.error(FakeReply.failure(400, problem))
        content: List[Dict[str, Any]] = [{"type": "text", "text": reply.text}] if reply.text else []
        for i, (name, args) in enumerate(reply.tool_calls):
            content.append({"type": "tool_use", "id": f"toolu_{number}_{i}", "name": name, "input": args})
        return json_answer(
            200,
            {
                "id": f"msg_{number}",
                "type": "message",
                "role": "assistant",
                "model": body.get("model"),
                "content": content,
                "stop_reason": "tool_use" if reply.tool_calls else "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens},
            },
        )

    def error(self, reply: FakeReply) -> Answer:
        kind = "authentication_error" if reply.status == 401 else "invalid_request_error"
        return json_answer(reply.status, {"type": "error", "error": {"type": kind, "message": reply.error}})


class OpenAICompatDialect(Dialect):
    """`POST .../chat/completions`, JSON or server-sent events; `groq_usage` streams usage as Groq's `x_groq.usage`.
    Requests whose tool messages break OpenAI's ordering rule are answered 400."""

    def __init__(self, groq_usage: bool = False, check_tool_messages: bool = True) -> None:
        self.groq_usage = groq_usage
        self.check_tool_messages = check_tool_messages  # off for Together, where 0.2 sends tool results as user

    @staticmethod
    def tool_problem(messages: List[Dict[str, Any]]) -> str:
        """OpenAI's rule: every tool message answers a call of the assistant message before the tool run."""
        open_ids: List[str] = []
        for i, message in enumerate(messages):
            if message.get("role") == "tool":
                if message.get("tool_call_id") not in open_ids:
                    return f"messages.{i}: tool message does not answer a preceding tool call"
                open_ids.remove(message["tool_call_id"])
            elif open_ids:
                return f"messages.{i}: tool calls {open_ids} were not answered"
            else:
                open_ids = [c["id"] for c in message.get("tool_calls") or []]
        return ""

    def route(self, method: str, path: str) -> bool:
        return method == "POST" and path.endswith("/chat/completions")

    def _calls(self, reply: FakeReply, number: int) -> List[Dict[str, Any]]:
        return [
            {"id": f"call_{number}_{i}", "type": "function", "function": {"name": n, "arguments": json.dumps(a)}}
            for i, (n, a) in enumerate(reply.tool_calls)
        ]

    def reply(self, reply: FakeReply, body: Dict[str, Any], number: int, path: str) -> Answer:
        problem = self.tool_problem(body.get("messages", [])) if self.check_tool_messages else ""
        if problem:
            return self.error(FakeReply.failure(400, problem))
        usage = {
            "prompt_tokens": reply.input_tokens,
            "completion_tokens": reply.output_tokens,
            "total_tokens": reply.input_tokens + reply.output_tokens,
        }
        base = {"id": f"chatcmpl-{number}", "created": int(time.time()), "model": body.get("model")}
        finish = "tool_calls" if reply.tool_calls else "stop"
        calls = self._calls(reply, number)
        if not body.get("stream"):
            message: Dict[str, Any] = {"role": "assistant", "content": reply.text or None}
            if calls:
                message["tool_calls"] = calls
            choice = {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
            return json_answer(200, {**base, "object": "chat.completion", "choices": [choice], "usage": usage})
        base["object"] = "chat.completion.chunk"
        events = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}]
        for i in range(0, len(reply.text), 5):
            events.append({**base, "choices": [{"index": 0, "delta": {"content": reply.text[i : i + 5]}}]})
        for i, call in enumerate(calls):
            head = {"index": i, "id": call["id"], "type": "function", "function": {"name": call["function"]["name"]}}
            events.append({**base, "choices": [{"index": 0, "delta": {"tool_calls": [head]}}]})
            part = {"index": i, "function": {"arguments": call["function"]["arguments"]}}
            events.append({**base, "choices": [{"index": 0, "delta": {"tool_calls": [part]}}]})
        last: Dict[str, Any] = {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}
        if self.groq_usage:
            last["x_groq"] = {"id": base["id"], "usage": usage}
        else:
            last["usage"] = usage
        events.append(last)
        return sse_answer(events)


class CohereDialect(Dialect):
    """`POST /v1/chat` (Cohere's v1 chat API), JSON or newline-delimited stream events."""

    def route(self, method: str, path: str) -> bool:
        return method == "POST" and path.endswith("/v1/chat")

    def reply(self, reply: FakeReply, body: Dict[str, Any], number: int, path: str) -> Answer:
        calls = [{"name": n, "parameters": a} for n, a in reply.tool_calls]
        result: Dict[str, Any] = {
            "response_id": f"resp-{number}",
            "generation_id": f"gen-{number}",
            "text": reply.text,
            "finish_reason": "COMPLETE",
            "meta": {
                "billed_units": {"input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens},
                "tokens": {"input_tokens": reply.input_tokens, "output_tokens": reply.output_tokens},
            },
        }
        if calls:
            result["tool_calls"] = calls
        if not body.get("stream"):
            return json_answer(200, result)
        events: List[Dict[str, Any]] = [{"event_type": "stream-start", "generation_id": f"gen-{number}"}]
        for i in range(0, len(reply.text), 5):
            events.append({"event_type": "text-generation", "text": reply.text[i : i + 5]})
        if calls:
            events.append({"event_type": "tool-calls-generation", "text": reply.text, "tool_calls": calls})
        events.append({"event_type": "stream-end", "finish_reason": "COMPLETE", "response": result})
        return ndjson_answer(events)

    def error(self, reply: FakeReply) -> Answer:
        return json_answer(reply.status, {"message": reply.error})


class OllamaDialect(Dialect):
    """`POST /api/chat`, one JSON object or newline-delimited chunks."""

    def route(self, method: str, path: str) -> bool:
        return method == "POST" and path.endswith("/api/chat")

    def reply(self, reply: FakeReply, body: Dict[str, Any], number: int, path: str) -> Answer:
        base = {"model": body.get("model"), "created_at": "2024-01-01T00:00:00Z"}
        message: Dict[str, Any] = {"role": "assistant", "content": reply.text}
        if reply.tool_calls:
            message["tool_calls"] = [{"function": {"name": n, "arguments": a}} for n, a in reply.tool_calls]
        final = {
            **base,
            "done": True,
            "done_reason": "stop",
            "prompt_eval_count": reply.input_tokens,
            "eval_count": reply.output_tokens,
        }
        if not body.get("stream"):
            return json_answer(200, {**final, "message": message})
        events = [
            {**base, "done": False, "message": {"role": "assistant", "content": reply.text[i : i + 5]}}
            for i in range(0, len(reply.text), 5)
        ]
        events.append({**final, "message": {"role": "assistant", "content": ""}})
        return ndjson_answer(events)

    def error(self, reply: FakeReply) -> Answer:
        return json_answer(reply.status, {"error": reply.error})


class BedrockDialect(Dialect):
    """`POST /model/<modelId>/converse` (Amazon Bedrock's Converse API)."""

    def route(self, method: str, path: str) -> bool:
        return method == "POST" and path.startswith("/model/") and path.endswith("/converse")

    def reply(self, reply: FakeReply, body: Dict[str, Any], number: int, path: str) -> Answer:
        problem = turn_problem(
            body.get("messages", []),
            bool(body.get("toolConfig")),
            lambda b: b["toolUse"]["toolUseId"] if isinstance(b, dict) and "toolUse" in b else None,
            lambda b: b["toolResult"]["toolUseId"] if isinstance(b, dict) and "toolResult" in b else None,
        )
        if problem:
            return self.error(FakeReply.failure(400, problem))
        content: List[Dict[str, Any]] = [{"text": reply.text}] if reply.text else []
        for i, (name, args) in enumerate(reply.tool_calls):
            content.append({"toolUse": {"toolUseId": f"tooluse_{number}_{i}", "name": name, "input": args}})
        return json_answer(
            200,
            {
                "output": {"message": {"role": "assistant", "content": content}},
                "stopReason": "tool_use" if reply.tool_calls else "end_turn",
                "usage": {
                    "inputTokens": reply.input_tokens,
                    "outputTokens": reply.output_tokens,
                    "totalTokens": reply.input_tokens + reply.output_tokens,
                },
                "metrics": {"latencyMs": 1},
            },
            headers={"x-amzn-RequestId": f"req-{number}"},
        )

    def error(self, reply: FakeReply) -> Answer:
        return json_answer(reply.status, {"message": reply.error}, headers={"x-amzn-ErrorType": "ValidationException"})


class GeminiDialect(Dialect):
    """`POST /v1beta/models/<model>:generateContent` and `:countTokens` (the Gemini API over REST)."""

    def route(self, method: str, path: str) -> bool:
        return method == "POST" and path.startswith("/v1beta/models/")

    def consumes_reply(self, path: str) -> bool:
        return not path.endswith(":countTokens")

    @staticmethod
    def _count(contents: List[Dict[str, Any]]) -> int:
        return sum(max(1, len(str(part.get("text", "")).split())) for c in contents for part in c.get("parts", []))

    def reply(self, reply: FakeReply, body: Dict[str, Any], number: int, path: str) -> Answer:
        if path.endswith(":countTokens"):
            return json_answer(200, {"totalTokens": self._count(body["generateContentRequest"]["contents"])})
        parts: List[Dict[str, Any]] = [{"text": reply.text}] if reply.text else []
        parts += [{"functionCall": {"name": n, "args": a}} for n, a in reply.tool_calls]
        return json_answer(
            200,
            {
                "candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": "STOP", "index": 0}],
                "usageMetadata": {
                    "promptTokenCount": reply.input_tokens,
                    "candidatesTokenCount": reply.output_tokens,
                    "totalTokenCount": reply.input_tokens + reply.output_tokens,
                },
            },
        )

    def error(self, reply: FakeReply) -> Answer:
        status = "INVALID_ARGUMENT" if reply.status == 400 else "INTERNAL"
        return json_answer(reply.status, {"error": {"code": reply.status, "message": reply.error, "status": status}})
