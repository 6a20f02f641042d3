"""Testing aids: a loopback OpenAI-compatible server whose answers you script.

Lets you run and test agents with no API key and no network: see `LoopbackLLMServer`.
"""

from ._replies import Reply
from .server import LoopbackLLMServer, RecordedRequest

__all__ = ("LoopbackLLMServer", "RecordedRequest", "Reply")
