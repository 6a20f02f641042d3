"""Loopback fakes of provider HTTP APIs (no autogen imports), used by the provider client tests."""

from .dialects import (
    AnthropicDialect,
    BedrockDialect,
    CohereDialect,
    GeminiDialect,
    OllamaDialect,
    OpenAICompatDialect,
)
from .server import FakeProviderServer, FakeReply, Recorded

__all__ = [
    "AnthropicDialect",
    "BedrockDialect",
    "CohereDialect",
    "FakeProviderServer",
    "FakeReply",
    "GeminiDialect",
    "OllamaDialect",
    "OpenAICompatDialect",
    "Recorded",
]
