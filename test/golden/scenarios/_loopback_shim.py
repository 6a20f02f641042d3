"""Gives scenarios the loopback server under ours (autogen.testing) and under upstream 0.2.40 (by path)."""

import importlib.util
import sys
from pathlib import Path

try:
    from autogen.testing import LoopbackLLMServer as _Server
    from autogen.testing import Reply
except ImportError:  # upstream autogen has no autogen.testing: load this checkout's copy by path
    _pkg = Path(__file__).resolve().parents[3] / "autogen" / "testing"
    _spec = importlib.util.spec_from_file_location(
        "_golden_loopback", _pkg / "__init__.py", submodule_search_locations=[str(_pkg)]
    )
    _mod = importlib.util.module_from_spec(_spec)
    sys.modules["_golden_loopback"] = _mod
    _spec.loader.exec_module(_mod)
    _Server, Reply = _mod.LoopbackLLMServer, _mod.Reply


class LoopbackLLMServer(_Server):
    """Fixed usage figures unless a reply sets its own: the word-count default would depend on our prompts."""

    def _completion(self, number, body, reply):
        if reply.usage is None:
            reply = Reply(**{**reply.__dict__, "usage": {"prompt_tokens": 100, "completion_tokens": 10}})
        return super()._completion(number, body, reply)


__all__ = ["LoopbackLLMServer", "Reply"]
